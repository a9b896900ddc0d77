//! The Privy v1 contacts API over HTTPS: requests, the error envelope, rate
//! limits, retries and careful handling of the token.

mod base_url;
mod client;
mod error;
mod network;
mod options;
mod page;
mod rate_limit;
mod redact;
mod response;
mod retry;
mod text;
mod token;

pub use client::{Client, USER_AGENT, WaitObserver, install_crypto_provider};
pub use error::{ApiError, ErrorKind, FieldDetail};
pub use options::ClientOptions;
pub use page::{ContactPage, ListFilter, Pagination};
pub use rate_limit::{RateLimit, RateWindow};
pub use token::Token;

/// Where the real API lives.
pub const DEFAULT_BASE_URL: &str = "https://api.privy.com/v1";
