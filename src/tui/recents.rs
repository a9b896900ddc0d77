//! Keeping the recent contacts on disk: written whenever the model's list
//! changes (a contact loaded), which is rare enough to write at once.

use crate::app::Model;
use crate::recents::{Recent, RecentStore};
use crate::safe_text::sanitize;

/// The recent-contacts file and the server the lists are kept under.
#[derive(Debug)]
pub struct RecentsKeeper {
    store: RecentStore,
    origin: String,
    /// The list as last read or written.
    written: Vec<Recent>,
    /// A write failed and was reported: not again.
    failing: bool,
}

impl RecentsKeeper {
    pub fn new(store: RecentStore, origin: String) -> Self {
        Self {
            store,
            origin,
            written: Vec::new(),
            failing: false,
        }
    }

    /// This server's list, for the model to show.
    pub fn load(&mut self) -> Vec<Recent> {
        self.written = self.store.read(&self.origin);
        self.written.clone()
    }

    /// After a batch: the list is written when it changed. Returns a
    /// message for the status line the first time a write fails.
    pub fn after_batch(&mut self, model: &Model) -> Option<String> {
        if model.recents == self.written {
            return None;
        }
        self.written = model.recents.clone();
        match self.store.write(&self.origin, &model.recents) {
            Ok(()) => {
                self.failing = false;
                None
            }
            Err(error) if !self.failing => {
                self.failing = true;
                let path = self.store.path().display().to_string();
                Some(
                    sanitize(&format!(
                        "Could not keep the recent contacts in {path}: {error}"
                    ))
                    .into_owned(),
                )
            }
            Err(_) => None,
        }
    }
}
