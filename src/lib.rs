//! privy-edit: a terminal editor for Privy contacts.

pub mod api;
pub mod app;
pub mod cli;
pub mod clock;
pub mod config;
pub mod contact;
pub mod drafts;
pub mod external_editor;
pub mod geometry;
pub mod log;
pub mod lookup;
pub mod mock;
pub mod recents;
pub mod safe_json;
pub mod safe_text;
pub mod state_dir;
pub mod theme;
pub mod tui;
pub mod ui;
