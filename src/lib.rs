//! privy-edit: a terminal editor for Privy contacts.

pub mod api;
pub mod cli;
pub mod contact;
pub mod mock;
