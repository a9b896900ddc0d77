//! Crash-proof drafts: unsaved edits kept on disk until saved or discarded.
//!
//! - `format`: what a draft file holds, and its JSON (pure)
//! - `restore`: a draft's edits re-applied to the server's current contact (pure)
//! - `store`: the files themselves: names, atomic writes, listing, removal
//!
//! Below `app`: the model builds and restores drafts with these types; the
//! runtime decides when to write them.

mod format;
mod restore;
mod store;

pub use format::{
    CellColumn, FORMAT, FormatError, PendingCell, SavedDraft, SavedEdits, from_json, to_json,
};
pub use restore::{Restored, restore_onto};
pub use store::{
    DraftStore, Listed, ReadError, drafts_dir, drafts_dir_from_env, write_private_atomically,
};

/// The draft origin for `--demo`: its mock listens on a new port each run,
/// so its base URL can't name its drafts.
pub const DEMO_ORIGIN: &str = "demo";
