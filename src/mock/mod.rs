//! An embedded imitation of the Privy v1 contacts API, for `--demo` and tests.
//!
//! It follows the documented behaviour (auth, envelope, set-once email and
//! phone, consent writes and the welcome SMS, rate limits) closely enough that a client passing against it should
//! pass against the real service, and it can inject faults the real one only
//! produces on bad days.

mod errors;
mod faults;
mod list;
mod rate_limit;
mod routes;
mod seed;
mod state;
mod timestamp;
mod update;

pub use faults::Fault;
pub use routes::READ_ONLY_TOKEN;
pub use seed::seed_contacts;
pub use state::RecordedRequest;

use serde_json::Value;
use state::Shared;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// How long [`MockServer::shutdown`] waits for open connections to finish.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

#[derive(Clone, Debug)]
pub struct MockOptions {
    /// 0 picks a free port.
    pub port: u16,
    /// `None` serves [`seed_contacts`].
    pub contacts: Option<Vec<Value>>,
    /// 0 means unlimited (and no minute headers).
    pub rate_limit_per_minute: u32,
    /// How long the "minute" window lasts: 60 s as the real API; tests
    /// shorten it to exercise pacing without waiting a minute.
    pub minute_window: Duration,
    /// 0 means unlimited (and no day headers).
    pub rate_limit_per_day: u32,
    /// Added to every response, to make loading states visible.
    pub latency: Duration,
    /// Only these bearer tokens are accepted; `None` accepts any.
    pub allowed_tokens: Option<Vec<String>>,
}

impl Default for MockOptions {
    fn default() -> Self {
        Self {
            port: 0,
            contacts: None,
            rate_limit_per_minute: 60,
            minute_window: Duration::from_secs(60),
            rate_limit_per_day: 10_000,
            latency: Duration::ZERO,
            allowed_tokens: None,
        }
    }
}

/// A running mock server. Dropping it stops the server.
#[derive(Debug)]
pub struct MockServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl MockServer {
    /// Binds 127.0.0.1:`options.port` and serves in a background task.
    pub async fn start(options: MockOptions) -> std::io::Result<MockServer> {
        let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, options.port)).await?;
        let addr = listener.local_addr()?;
        let limiter =
            rate_limit::RateLimiter::new(options.rate_limit_per_minute, options.rate_limit_per_day)
                .with_minute_window(options.minute_window.as_secs().max(1));
        let mut shared = Shared::new(
            options.contacts.unwrap_or_else(seed_contacts),
            limiter,
            options.latency,
        );
        shared.allowed_tokens = options.allowed_tokens;
        let shared = Arc::new(shared);
        let app = routes::router(shared.clone());
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let shutdown = async {
                // A dropped sender also means stop.
                let _ = stopped.await;
            };
            // Serving only ends on shutdown or a dead listener; either way
            // there is nobody left to report an error to.
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(shutdown)
                .await;
        });
        Ok(MockServer {
            addr,
            shared,
            stop: Some(stop),
            task: Some(task),
        })
    }

    /// `http://127.0.0.1:PORT/v1`
    pub fn base_url(&self) -> String {
        format!("http://{}/v1", self.addr)
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Every request received so far, in order, faulted and refused ones included.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.lock().requests.clone()
    }

    /// The raw bodies of the PATCH requests received so far, in order.
    pub fn patch_bodies(&self) -> Vec<String> {
        self.shared
            .lock()
            .requests
            .iter()
            .filter(|r| r.method == "PATCH")
            .map(|r| r.body.clone())
            .collect()
    }

    /// The welcome SMS messages Privy would have sent so far, in order:
    /// `(contact id, phone)`.
    pub fn welcome_texts(&self) -> Vec<(String, String)> {
        self.shared.lock().welcome_texts.clone()
    }

    /// Holds every response until the returned guard is released (or
    /// dropped), so a test can look at the client while a request is in
    /// flight without guessing how long that takes. Requests are still
    /// recorded, and faults and rate limits decided, on arrival.
    pub fn hold(&self) -> Hold {
        self.shared.holds.send_modify(|open| *open += 1);
        Hold {
            shared: self.shared.clone(),
        }
    }

    /// Queues a canned response for the next matching requests.
    pub fn push_fault(&self, fault: Fault) {
        self.shared.push_fault(fault);
    }

    /// The stored contact as the server would send it now.
    pub fn contact(&self, id: &str) -> Option<Value> {
        self.shared.lock().find(id).cloned()
    }

    pub fn first_contact_id(&self) -> Option<String> {
        let state = self.shared.lock();
        let first = state.contacts.first()?;
        first.get("id")?.as_str().map(str::to_string)
    }

    /// Stops accepting, lets open requests finish (up to a grace period), then returns.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(mut task) = self.task.take()
            && tokio::time::timeout(SHUTDOWN_GRACE, &mut task)
                .await
                .is_err()
        {
            task.abort();
        }
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

/// Keeps the mock's responses waiting; see [`MockServer::hold`]. Outlives
/// the server handle, so a test can give the server away and still release.
#[derive(Debug)]
#[must_use = "dropping a Hold releases it at once"]
pub struct Hold {
    shared: Arc<Shared>,
}

impl Hold {
    /// Lets held and later responses go (unless another hold is open).
    pub fn release(self) {}
}

impl Drop for Hold {
    fn drop(&mut self) {
        self.shared.holds.send_modify(|open| *open -= 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hold_keeps_responses_until_released() {
        let server = MockServer::start(MockOptions::default())
            .await
            .expect("mock starts");
        let hold = server.hold();
        let second = server.hold();
        let url = format!("{}/contacts", server.base_url());
        crate::api::install_crypto_provider();
        let mut pending = tokio::spawn(async move {
            let response = reqwest::Client::new()
                .get(url)
                .bearer_auth("t")
                .send()
                .await;
            response.map(|r| r.status().as_u16())
        });
        let arrived = async {
            while server.requests().is_empty() {
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        };
        tokio::time::timeout(Duration::from_secs(10), arrived)
            .await
            .expect("the request is recorded while held");
        hold.release();
        // One hold is still open: the response cannot have been sent.
        let early = tokio::time::timeout(Duration::from_millis(100), &mut pending).await;
        assert!(early.is_err(), "answered while held: {early:?}");
        drop(second);
        let status = tokio::time::timeout(Duration::from_secs(10), pending)
            .await
            .expect("answered once released")
            .expect("the request task")
            .expect("a response");
        assert_eq!(status, 200);
    }
}
