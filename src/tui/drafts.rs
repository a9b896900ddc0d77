//! Keeping unsaved edits on disk for the loop: written at most
//! [`WRITE_DELAY`] after a change (never per key: a big contact costs a
//! serialisation), removed once saved or discarded, and written on every
//! way out through [`Session`]'s `Drop`: a quit, an error, a polite kill
//! (the loop's future is dropped) and a panic (unwinding drops it).

use crate::app::{DraftIntent, Model};
use crate::drafts::{DraftStore, ReadError, SavedDraft};
use crate::safe_text::sanitize;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use tokio::time::Instant;

/// The longest a change waits before it is on disk: a `kill -9` loses at
/// most this much typing.
pub const WRITE_DELAY: std::time::Duration = std::time::Duration::from_millis(500);

/// Where drafts go, and which server they are for.
#[derive(Debug, Clone)]
pub struct DraftPlace {
    pub store: DraftStore,
    /// The name drafts are kept under; `None`: the client's base URL.
    pub origin: Option<String>,
}

/// Where a draft was left when the editor ended with one, for a note on
/// stderr once the terminal is back.
pub type KeptAtExit = Arc<Mutex<Option<PathBuf>>>;

/// Decides when the draft file is written or removed.
#[derive(Debug)]
pub struct DraftKeeper {
    store: DraftStore,
    origin: String,
    contact_id: String,
    /// A draft file for this contact is there (found at start, or ours).
    on_disk: bool,
    /// The form revision last written.
    written: Option<u64>,
    /// When the pending write is due.
    due: Option<Instant>,
    /// A problem to show once the form is up.
    notice: Option<String>,
    /// A write failed and was reported: not again on every change.
    failing: bool,
    kept_at_exit: KeptAtExit,
}

impl DraftKeeper {
    pub fn new(store: DraftStore, origin: String, contact_id: String, kept: KeptAtExit) -> Self {
        Self {
            store,
            origin,
            contact_id,
            on_disk: false,
            written: None,
            due: None,
            notice: None,
            failing: false,
            kept_at_exit: kept,
        }
    }

    /// The draft an earlier run left for this contact, to offer. A damaged
    /// file is moved aside (never deleted) and reported.
    pub fn load(&mut self) -> Option<SavedDraft> {
        match self.store.read(&self.origin, &self.contact_id) {
            Ok(found) => {
                self.on_disk = found.is_some();
                found
            }
            Err(ReadError::Damaged(path, why)) => {
                let kept = match self.store.set_aside(&path) {
                    Ok(aside) => format!("kept as {}", aside.display()),
                    Err(error) => format!("left in place: {error}"),
                };
                self.notice = Some(
                    sanitize(&format!(
                        "The draft file {} is {why}; {kept}. Not restored.",
                        path.display()
                    ))
                    .into_owned(),
                );
                None
            }
            Err(error) => {
                self.notice = Some(sanitize(&format!("No draft restored: {error}")).into_owned());
                None
            }
        }
    }

    /// After a batch of messages: schedule a write, or remove a draft that
    /// is no longer wanted. Returns a message for the status line.
    pub fn after_batch(&mut self, model: &Model, now: Instant) -> Option<String> {
        match model.draft_intent() {
            DraftIntent::Leave => {}
            DraftIntent::Keep(revision) => {
                if self.written != Some(revision) && self.due.is_none() {
                    // Not pushed back by later keys: a change is on disk
                    // within the delay even while typing goes on.
                    self.due = Some(now + WRITE_DELAY);
                }
            }
            DraftIntent::Remove => {
                self.due = None;
                self.written = None;
                if self.on_disk {
                    if let Err(error) = self.store.remove(&self.origin, &self.contact_id) {
                        return Some(format!("Could not remove the draft: {error}"));
                    }
                    self.on_disk = false;
                }
            }
        }
        if model.form().is_some() {
            return self.notice.take();
        }
        None
    }

    pub fn due(&self) -> Option<Instant> {
        self.due
    }

    /// The delayed write, now.
    pub fn write_due(&mut self, model: &Model) -> Option<String> {
        self.due = None;
        self.write_if_kept(model)
    }

    /// On the way out: whatever is unsaved goes to disk now.
    pub fn flush(&mut self, model: &Model) {
        let _ = self.after_batch(model, Instant::now());
        self.due = None;
        let _ = self.write_if_kept(model);
        if self.on_disk
            && matches!(model.draft_intent(), DraftIntent::Keep(_))
            && let Ok(mut kept) = self.kept_at_exit.lock()
        {
            *kept = Some(self.store.path_for(&self.origin, &self.contact_id));
        }
    }

    /// Another contact is opened: what is unsaved for this one goes to
    /// disk now (a clean form's draft goes), then drafts are for `contact_id`.
    pub fn switch_to(&mut self, model: &Model, contact_id: String) {
        let _ = self.after_batch(model, Instant::now());
        self.due = None;
        let _ = self.write_if_kept(model);
        self.contact_id = contact_id;
        self.on_disk = false;
        self.written = None;
        self.failing = false;
    }

    fn write_if_kept(&mut self, model: &Model) -> Option<String> {
        let DraftIntent::Keep(revision) = model.draft_intent() else {
            return None;
        };
        if self.written == Some(revision) {
            return None;
        }
        let form = model.form()?;
        let saved = SavedDraft::new(
            &self.origin,
            form.original().clone(),
            form.edits(),
            jiff::Timestamp::now().to_string(),
        );
        match self.store.write(&saved) {
            Ok(_) => {
                self.on_disk = true;
                self.written = Some(revision);
                self.failing = false;
                None
            }
            Err(error) if !self.failing => {
                self.failing = true;
                let dir = self.store.dir().display().to_string();
                Some(sanitize(&format!("Could not keep a draft in {dir}: {error}")).into_owned())
            }
            Err(_) => None,
        }
    }
}

/// The model and its draft keeper: dropping it, however the loop ends,
/// writes what is unsaved.
pub struct Session {
    pub model: Model,
    pub drafts: Option<DraftKeeper>,
}

impl Drop for Session {
    fn drop(&mut self) {
        if let Some(keeper) = &mut self.drafts {
            keeper.flush(&self.model);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{Msg, update};
    use crate::contact::Contact;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    fn temp_store(name: &str) -> DraftStore {
        let dir = std::env::temp_dir().join(format!(
            "privy-edit-keeper-test-{name}-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        DraftStore::new(dir)
    }

    fn loaded_session(store: &DraftStore) -> Session {
        let mut model = Model::new("cus_1".into(), String::new(), String::new(), (100, 32));
        let contact = Contact::from_value(serde_json::json!({"id": "cus_1", "first_name": "Jane"}))
            .expect("a contact");
        crate::app::init(&mut model);
        update(&mut model, Msg::Loaded(Ok(contact)));
        let keeper = DraftKeeper::new(
            store.clone(),
            "https://a/v1".into(),
            "cus_1".into(),
            Arc::default(),
        );
        Session {
            model,
            drafts: Some(keeper),
        }
    }

    fn type_key(model: &mut Model, c: char) {
        update(
            model,
            Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
        );
    }

    #[test]
    fn a_change_is_written_after_the_delay_and_not_before() {
        let store = temp_store("delay");
        let mut session = loaded_session(&store);
        let start = Instant::now();
        type_key(&mut session.model, 't');
        let keeper = session.drafts.as_mut().unwrap();
        assert_eq!(keeper.after_batch(&session.model, start), None);
        assert_eq!(keeper.due(), Some(start + WRITE_DELAY));
        // More typing doesn't push the write back.
        type_key(&mut session.model, 'x');
        keeper.after_batch(&session.model, start + WRITE_DELAY / 2);
        assert_eq!(keeper.due(), Some(start + WRITE_DELAY));
        assert!(store.read("https://a/v1", "cus_1").unwrap().is_none());
        assert_eq!(keeper.write_due(&session.model), None);
        let saved = store
            .read("https://a/v1", "cus_1")
            .unwrap()
            .expect("written");
        assert_eq!(saved.edits.draft.first_name, "Janetx");
        // Nothing new: no second write scheduled.
        keeper.after_batch(&session.model, start + WRITE_DELAY);
        assert_eq!(keeper.due(), None);
        drop(session);
        let _ = std::fs::remove_dir_all(store.dir());
    }

    #[test]
    fn a_panic_still_writes_the_draft() {
        let store = temp_store("panic");
        let unwound = std::panic::catch_unwind(|| {
            let mut session = loaded_session(&store);
            type_key(&mut session.model, 't');
            panic!("a bug in the middle of an edit");
        });
        assert!(unwound.is_err());
        let saved = store
            .read("https://a/v1", "cus_1")
            .unwrap()
            .expect("written while unwinding");
        assert_eq!(saved.edits.draft.first_name, "Janet");
        let _ = std::fs::remove_dir_all(store.dir());
    }

    #[test]
    fn a_clean_form_leaves_no_draft_and_an_offer_is_left_alone() {
        let store = temp_store("clean");
        let mut session = loaded_session(&store);
        type_key(&mut session.model, 't');
        session.drafts.as_mut().unwrap().flush(&session.model);
        assert!(store.read("https://a/v1", "cus_1").unwrap().is_some());
        // Undone: nothing unsaved, so the draft goes at once.
        update(
            &mut session.model,
            Msg::Key(KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL)),
        );
        let keeper = session.drafts.as_mut().unwrap();
        keeper.after_batch(&session.model, Instant::now());
        assert!(store.read("https://a/v1", "cus_1").unwrap().is_none());
        // A draft being offered is not touched while the question is up.
        let mut other = loaded_session(&store);
        type_key(&mut other.model, 't');
        other.drafts.as_mut().unwrap().flush(&other.model);
        let offered = other.drafts.as_mut().unwrap().load();
        let mut fresh = loaded_session(&store);
        fresh.model.draft_offer = offered;
        fresh.drafts.as_mut().unwrap().on_disk = true;
        drop(fresh);
        assert!(store.read("https://a/v1", "cus_1").unwrap().is_some());
        let _ = std::fs::remove_dir_all(store.dir());
    }
}
