//! The `X-RateLimit-*` headers every API response carries.

use reqwest::header::HeaderMap;

/// One budget window as the server reported it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RateWindow {
    pub limit: Option<u64>,
    pub remaining: Option<u64>,
    /// Unix time (seconds) at which the window resets.
    pub reset: Option<u64>,
}

/// The per-minute and per-day budgets of the most recent response.
#[derive(Clone, Debug, PartialEq)]
pub struct RateLimit {
    pub minute: Option<RateWindow>,
    pub day: Option<RateWindow>,
}

impl RateLimit {
    /// `None` when the response carried none of the headers. Missing or
    /// unreadable values are `None`; the rest are kept.
    pub fn from_headers(headers: &HeaderMap) -> Option<RateLimit> {
        let limits = RateLimit {
            minute: window(headers, "minute"),
            day: window(headers, "day"),
        };
        (limits.minute.is_some() || limits.day.is_some()).then_some(limits)
    }
}

fn window(headers: &HeaderMap, period: &str) -> Option<RateWindow> {
    let number = |name: &str| -> Option<u64> {
        let value = headers.get(format!("x-ratelimit-{name}-{period}"))?;
        value.to_str().ok()?.trim().parse().ok()
    };
    let present = ["limit", "remaining", "reset"]
        .iter()
        .any(|name| headers.contains_key(format!("x-ratelimit-{name}-{period}")));
    present.then(|| RateWindow {
        limit: number("limit"),
        remaining: number("remaining"),
        reset: number("reset"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::{HeaderName, HeaderValue};

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(k, v)| {
                (
                    HeaderName::from_bytes(k.as_bytes()).expect("test header name"),
                    HeaderValue::from_str(v).expect("test header value"),
                )
            })
            .collect()
    }

    #[test]
    fn reads_both_windows() {
        let parsed = RateLimit::from_headers(&headers(&[
            ("X-RateLimit-Limit-Minute", "60"),
            ("X-RateLimit-Remaining-Minute", "59"),
            ("X-RateLimit-Reset-Minute", "1767225600"),
            ("X-RateLimit-Limit-Day", "10000"),
            ("X-RateLimit-Remaining-Day", " 9000 "),
            ("X-RateLimit-Reset-Day", "1767312000"),
        ]));
        assert_eq!(
            parsed,
            Some(RateLimit {
                minute: Some(RateWindow {
                    limit: Some(60),
                    remaining: Some(59),
                    reset: Some(1_767_225_600),
                }),
                day: Some(RateWindow {
                    limit: Some(10_000),
                    remaining: Some(9_000),
                    reset: Some(1_767_312_000),
                }),
            })
        );
    }

    #[test]
    fn garbage_and_missing_values_are_none() {
        let parsed = RateLimit::from_headers(&headers(&[
            ("X-RateLimit-Limit-Minute", "sixty"),
            ("X-RateLimit-Remaining-Minute", "-1"),
        ]));
        assert_eq!(
            parsed,
            Some(RateLimit {
                minute: Some(RateWindow {
                    limit: None,
                    remaining: None,
                    reset: None,
                }),
                day: None,
            })
        );
        assert_eq!(RateLimit::from_headers(&headers(&[("Server", "x")])), None);
    }
}
