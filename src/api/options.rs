//! Client settings: timeouts and the retry policy.

use std::time::Duration;

/// How patient the client is. The defaults suit an interactive editor;
/// tests shrink them so failures show up in milliseconds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientOptions {
    /// Limit for establishing the connection (TCP and TLS).
    pub connect_timeout: Duration,
    /// Limit for a whole request, from connecting to the last body byte.
    pub timeout: Duration,
    /// Extra attempts for a GET after a 5xx, 429, network error or timeout.
    /// PATCH is never retried.
    pub max_retries: u32,
    /// Wait before the first retry; doubles for each later one.
    pub backoff_base: Duration,
    /// Upper bound of the doubling wait.
    pub backoff_max: Duration,
    /// The longest `Retry-After` a GET waits out; a longer one fails at once.
    pub max_retry_after: Duration,
    /// The most one GET may take, retries and waits included: an agent is
    /// never left looking at a spinner for longer.
    pub get_deadline: Duration,
}

impl Default for ClientOptions {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            max_retries: 3,
            backoff_base: Duration::from_millis(250),
            backoff_max: Duration::from_secs(4),
            max_retry_after: Duration::from_secs(30),
            get_deadline: Duration::from_secs(40),
        }
    }
}
