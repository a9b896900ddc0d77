//! The contacts opened lately, offered under the open prompt: the last
//! [`KEPT`] per server, newest first, kept in `recent.json` in the state
//! directory. An entry holds the contact's id, name, email and when it was
//! opened; never the token.
//!
//! - `list`: adding an opened contact to the list (pure)
//! - `store`: the file: reading, and writing it atomically (0600)

mod list;
mod store;

pub use list::{KEPT, Recent, record};
pub use store::{RecentStore, recent_file_from_env};
