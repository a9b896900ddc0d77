//! The editor's state and rules: Model, Msg, Cmd, update, keymap, widgets' state.

pub mod contexts;
mod form;
pub mod grid;
pub mod help;
pub mod key;
pub mod key_config;
pub mod keymap;
pub mod model;
pub mod review;
pub mod selector;
pub mod switch;
pub mod tags;
pub mod text_input;
pub mod update;

pub use form::{ConsentShown, Form, detail_lines, note_text};
pub use model::{
    Cmd, ConflictView, DraftIntent, ErrorPage, ExternalTarget, Model, Msg, Popup, RetryDue,
    SaveStage, Screen, Status, TokenOrigin, Tone,
};
pub use update::{init, start_without_contact, update};
