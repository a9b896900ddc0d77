//! Canned responses that replace normal handling, for testing how clients
//! cope with outages, proxies and odd servers.

use axum::body::Body;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::Response;
use std::collections::VecDeque;
use std::time::Duration;

/// A canned response for the next `times` requests that match.
#[derive(Clone, Debug)]
pub struct Fault {
    /// Upper-case HTTP method to match; `None` matches any.
    pub method: Option<String>,
    /// Substring of the request target (path, then `?query` if any); `None` matches any.
    pub path_contains: Option<String>,
    pub status: u16,
    pub body: String,
    /// Sent as `Content-Type`; an empty string sends no such header.
    pub content_type: String,
    /// Extra headers; they win over the rate-limit headers of the same name.
    pub headers: Vec<(String, String)>,
    /// How many matching requests get this response; 0 never fires.
    pub times: u32,
    /// Extra wait before responding, on top of the server's latency.
    pub delay: Duration,
    /// Handle the request as usual, then break the connection instead of
    /// answering: a save the server applied whose answer never arrives.
    pub drop_after_applying: bool,
}

impl Fault {
    pub fn new(status: u16, body: impl Into<String>) -> Fault {
        Fault {
            method: None,
            path_contains: None,
            status,
            body: body.into(),
            content_type: "application/json".to_string(),
            headers: Vec::new(),
            times: 1,
            delay: Duration::ZERO,
            drop_after_applying: false,
        }
    }

    /// The request is applied, then the connection drops before the answer.
    pub fn applied_then_dropped() -> Fault {
        Fault {
            drop_after_applying: true,
            ..Fault::new(200, "")
        }
    }

    pub fn method(mut self, m: &str) -> Self {
        self.method = Some(m.to_ascii_uppercase());
        self
    }

    pub fn path_contains(mut self, p: &str) -> Self {
        self.path_contains = Some(p.to_string());
        self
    }

    pub fn header(mut self, k: &str, v: &str) -> Self {
        self.headers.push((k.to_string(), v.to_string()));
        self
    }

    pub fn times(mut self, n: u32) -> Self {
        self.times = n;
        self
    }

    pub fn content_type(mut self, ct: &str) -> Self {
        self.content_type = ct.to_string();
        self
    }

    pub fn delay(mut self, d: Duration) -> Self {
        self.delay = d;
        self
    }

    fn matches(&self, method: &str, target: &str) -> bool {
        self.times > 0
            && self
                .method
                .as_deref()
                .is_none_or(|m| m.eq_ignore_ascii_case(method))
            && self
                .path_contains
                .as_deref()
                .is_none_or(|p| target.contains(p))
    }

    /// The response this fault stands for. Invalid statuses become 500 and
    /// invalid header names or values are skipped, so a typo can't crash a test.
    pub(crate) fn to_response(&self) -> Response {
        let mut response = Response::new(Body::from(self.body.clone()));
        *response.status_mut() =
            StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let headers = response.headers_mut();
        if let Ok(ct) = HeaderValue::from_str(&self.content_type)
            && !self.content_type.is_empty()
        {
            headers.insert(header::CONTENT_TYPE, ct);
        }
        for (name, value) in &self.headers {
            if let (Ok(name), Ok(value)) = (
                HeaderName::from_bytes(name.as_bytes()),
                HeaderValue::from_str(value),
            ) {
                headers.insert(name, value);
            }
        }
        response
    }
}

/// Headers that promise a body, then a body that fails: the server closes
/// the connection mid-answer.
pub(crate) fn broken_answer() -> Response {
    let failing = futures_util::stream::once(async {
        Err::<axum::body::Bytes, std::io::Error>(std::io::Error::other("connection dropped"))
    });
    let mut response = Response::new(Body::from_stream(failing));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

/// Faults in the order they were pushed; the first match wins.
#[derive(Debug, Default)]
pub(crate) struct FaultQueue(VecDeque<Fault>);

impl FaultQueue {
    pub fn push(&mut self, fault: Fault) {
        self.0.push_back(fault);
    }

    /// Uses up one firing of the first fault matching this request.
    pub fn take(&mut self, method: &str, target: &str) -> Option<Fault> {
        let index = self.0.iter().position(|f| f.matches(method, target))?;
        let fault = self.0.get_mut(index)?;
        fault.times -= 1;
        let fired = fault.clone();
        if fault.times == 0 {
            self.0.remove(index);
        }
        Some(fired)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_matching_fault_fires_its_count_then_goes() {
        let mut queue = FaultQueue::default();
        queue.push(Fault::new(500, "patch").method("patch").times(2));
        queue.push(Fault::new(502, "any").path_contains("/contacts/cus_1"));
        assert!(queue.take("GET", "/v1/contacts").is_none());
        let statuses: Vec<Option<u16>> = [
            ("PATCH", "/v1/contacts/cus_2"),
            ("GET", "/v1/contacts/cus_1"),
            ("PATCH", "/v1/contacts/cus_1"),
            ("PATCH", "/v1/contacts/cus_1"),
            ("GET", "/v1/contacts/cus_1"),
        ]
        .into_iter()
        .map(|(m, p)| queue.take(m, p).map(|f| f.status))
        .collect();
        assert_eq!(statuses, [Some(500), Some(502), Some(500), None, None]);
    }

    #[test]
    fn path_match_sees_the_query() {
        let mut queue = FaultQueue::default();
        queue.push(Fault::new(503, "").path_contains("email="));
        assert!(queue.take("GET", "/v1/contacts").is_none());
        assert!(queue.take("GET", "/v1/contacts?email=a@b.co").is_some());
    }

    #[test]
    fn zero_times_never_fires() {
        let mut queue = FaultQueue::default();
        queue.push(Fault::new(500, "").times(0));
        assert!(queue.take("GET", "/").is_none());
    }

    #[test]
    fn response_carries_status_type_and_headers() {
        let r = Fault::new(429, "slow down")
            .content_type("text/plain")
            .header("Retry-After", "7")
            .header("bad header", "skipped")
            .to_response();
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(r.headers()[header::CONTENT_TYPE], "text/plain");
        assert_eq!(r.headers()["retry-after"], "7");
        assert_eq!(r.headers().len(), 2);
        let odd = Fault::new(1000, "").content_type("").to_response();
        assert_eq!(odd.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert!(odd.headers().get(header::CONTENT_TYPE).is_none());
    }
}
