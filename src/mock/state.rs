//! Everything the mock server remembers between requests.

use super::faults::{Fault, FaultQueue};
use super::rate_limit::RateLimiter;
use serde_json::Value;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;
use tokio::sync::watch;

/// One request as the server received it.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordedRequest {
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    pub authorization: Option<String>,
    pub body: String,
}

/// Shared between the server task and the test-side handle.
#[derive(Debug)]
pub(crate) struct Shared {
    pub latency: Duration,
    /// When set, only these bearer tokens are accepted (401 otherwise).
    pub allowed_tokens: Option<Vec<String>>,
    /// How many [`super::Hold`]s are open; responses wait while any is.
    pub holds: watch::Sender<usize>,
    inner: Mutex<Inner>,
}

#[derive(Debug)]
pub(crate) struct Inner {
    /// Stored contacts in list order; each is the raw server object.
    pub contacts: Vec<Value>,
    pub requests: Vec<RecordedRequest>,
    /// Welcome SMS messages Privy would have sent: `(contact id, phone)`.
    pub welcome_texts: Vec<(String, String)>,
    pub faults: FaultQueue,
    pub limiter: RateLimiter,
}

impl Inner {
    pub fn find(&self, id: &str) -> Option<&Value> {
        self.position(id).and_then(|i| self.contacts.get(i))
    }

    pub fn position(&self, id: &str) -> Option<usize> {
        self.contacts
            .iter()
            .position(|c| c.get("id").and_then(Value::as_str) == Some(id))
    }
}

impl Shared {
    pub fn new(contacts: Vec<Value>, limiter: RateLimiter, latency: Duration) -> Self {
        Self {
            latency,
            allowed_tokens: None,
            holds: watch::Sender::new(0),
            inner: Mutex::new(Inner {
                contacts,
                requests: Vec::new(),
                welcome_texts: Vec::new(),
                faults: FaultQueue::default(),
                limiter,
            }),
        }
    }

    /// The state, even if a handler panicked while holding it: a test
    /// inspecting the server afterwards should see what happened, not a panic.
    pub fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn push_fault(&self, fault: Fault) {
        self.lock().faults.push(fault);
    }

    /// Returns once no hold is open.
    pub async fn wait_while_held(&self) {
        let mut holds = self.holds.subscribe();
        // The sender lives in `self`, so the channel cannot close here.
        let _ = holds.wait_for(|open| *open == 0).await;
    }
}
