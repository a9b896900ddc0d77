//! Keeping unsaved edits on disk for the loop: written at most
//! [`WRITE_DELAY`] after a change (never per key: a big contact costs a
//! serialisation), removed once saved or discarded, and written on every
//! way out through [`Session`]'s `Drop`: a quit, an error, a polite kill
//! (the loop's future is dropped) and a panic (unwinding drops it). The
//! files themselves are written by a [`DraftWriter`] on its own thread.

use super::draft_writer::DraftWriter;
use crate::app::{DraftIntent, Model, Msg};
use crate::drafts::{DraftStore, ReadError, SavedDraft};
use crate::safe_text::sanitize;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use tokio::sync::mpsc::UnboundedSender;
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
    writer: DraftWriter,
    kept_at_exit: KeptAtExit,
}

impl DraftKeeper {
    pub fn new(store: DraftStore, origin: String, contact_id: String, kept: KeptAtExit) -> Self {
        Self {
            writer: DraftWriter::new(store.clone()),
            store,
            origin,
            contact_id,
            on_disk: false,
            written: None,
            due: None,
            notice: None,
            kept_at_exit: kept,
        }
    }

    /// A write or removal that fails is reported to the loop as it happens.
    pub fn report_to(&self, loop_messages: UnboundedSender<Msg>) {
        self.writer.report_to(loop_messages);
    }

    /// The draft an earlier run left for this contact, to offer. A damaged
    /// file is moved aside (never deleted) and reported.
    pub fn load(&mut self) -> Option<SavedDraft> {
        // A write for this contact may still be on its way (a switch away
        // and straight back): read what it leaves.
        self.writer.settle();
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
        self.forget_failed_write();
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
                    self.writer.remove(&self.origin, &self.contact_id);
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

    /// The delayed write, asked of the writer now.
    pub fn write_due(&mut self, model: &Model) {
        self.due = None;
        self.write_if_kept(model);
    }

    /// On the way out: whatever is unsaved goes to disk now, and is there
    /// when this returns.
    pub fn flush(&mut self, model: &Model) {
        self.write_now(model);
        self.writer.settle();
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
        self.write_now(model);
        self.contact_id = contact_id;
        self.on_disk = false;
        self.written = None;
    }

    /// The form as it is, asked of the writer now rather than after the
    /// delay (a clean form's draft is removed instead).
    fn write_now(&mut self, model: &Model) {
        let _ = self.after_batch(model, Instant::now());
        self.due = None;
        self.write_if_kept(model);
    }

    /// The last write asked for failed: it counts as not written, so the
    /// next chance writes it again.
    fn forget_failed_write(&mut self) {
        if let Some(failed) = self.writer.take_failure()
            && self.written == Some(failed)
        {
            self.written = None;
        }
    }

    /// Asks for the form's edits to be written, unless this revision was.
    fn write_if_kept(&mut self, model: &Model) {
        self.forget_failed_write();
        let DraftIntent::Keep(revision) = model.draft_intent() else {
            return;
        };
        if self.written == Some(revision) {
            return;
        }
        let Some(form) = model.form() else {
            return;
        };
        let saved = SavedDraft::new(
            &self.origin,
            form.original().clone(),
            form.edits(),
            jiff::Timestamp::now().to_string(),
        );
        self.writer.write(saved, revision);
        self.on_disk = true;
        self.written = Some(revision);
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
        keeper.write_due(&session.model);
        keeper.writer.settle();
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
    fn a_slow_disk_does_not_hold_up_the_loop() {
        let store = temp_store("slow");
        let mut session = loaded_session(&store);
        let keeper = session.drafts.as_mut().unwrap();
        // The disk takes its time: nothing is written until it is let go.
        let release = keeper.writer.hold();
        type_key(&mut session.model, 't');
        keeper.after_batch(&session.model, Instant::now());
        keeper.write_due(&session.model);
        // The loop went on without waiting for the file.
        assert!(store.read("https://a/v1", "cus_1").unwrap().is_none());
        release.open();
        keeper.writer.settle();
        let saved = store.read("https://a/v1", "cus_1").unwrap();
        assert_eq!(saved.expect("written").edits.draft.first_name, "Janet");
        drop(session);
        let _ = std::fs::remove_dir_all(store.dir());
    }

    #[test]
    fn a_failed_write_is_reported_once_and_tried_again() {
        // The drafts' directory can't be made: a file is where it would go.
        let blocker = std::env::temp_dir().join(format!(
            "privy-edit-keeper-test-blocked-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&blocker);
        std::fs::write(&blocker, "not a directory").unwrap();
        let store = DraftStore::new(blocker.join("drafts"));
        let mut session = loaded_session(&store);
        let (messages, mut reported) = tokio::sync::mpsc::unbounded_channel();
        let keeper = session.drafts.as_mut().unwrap();
        keeper.report_to(messages);
        let mut type_and_write = |c| {
            type_key(&mut session.model, c);
            keeper.after_batch(&session.model, Instant::now());
            keeper.write_due(&session.model);
            keeper.writer.settle();
        };
        type_and_write('t');
        match reported.try_recv() {
            Ok(Msg::StateFileProblem(problem)) => {
                assert!(
                    problem.starts_with("Could not keep a draft in"),
                    "{problem}"
                )
            }
            other => panic!("no problem reported: {other:?}"),
        }
        // Failing again is not news.
        type_and_write('x');
        assert!(reported.try_recv().is_err());
        // Once the directory can be made, the edits reach the disk without
        // another key: the failed write counts as not written.
        std::fs::remove_file(&blocker).unwrap();
        keeper.after_batch(&session.model, Instant::now());
        assert!(keeper.due().is_some(), "no second try was scheduled");
        keeper.write_due(&session.model);
        keeper.writer.settle();
        let saved = store.read("https://a/v1", "cus_1").unwrap();
        assert_eq!(saved.expect("written").edits.draft.first_name, "Janetx");
        drop(session);
        let _ = std::fs::remove_dir_all(&blocker);
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
        keeper.writer.settle();
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
