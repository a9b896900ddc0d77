//! Per-server request budgets: one per minute and one per day, shared by all
//! tokens, as the real API counts per account.
//!
//! Each window opens at the first request after the previous one closed, so a
//! test never straddles a wall-clock minute boundary by accident.

/// What the limiter decided for one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub allowed: bool,
    /// `X-RateLimit-*` headers; a window with limit 0 (unlimited) sends none.
    pub headers: Vec<(&'static str, String)>,
    /// Seconds until the exhausted window resets; set only when refused.
    pub retry_after: Option<u64>,
}

#[derive(Debug, Clone)]
pub struct RateLimiter {
    minute: Window,
    day: Window,
}

#[derive(Debug, Clone)]
struct Window {
    limit: u32,
    length_secs: u64,
    started_at: Option<u64>,
    used: u32,
    header_names: [&'static str; 3],
}

impl RateLimiter {
    /// A limit of 0 means unlimited.
    pub fn new(per_minute: u32, per_day: u32) -> Self {
        Self {
            minute: Window::new(
                per_minute,
                60,
                [
                    "x-ratelimit-limit-minute",
                    "x-ratelimit-remaining-minute",
                    "x-ratelimit-reset-minute",
                ],
            ),
            day: Window::new(
                per_day,
                86_400,
                [
                    "x-ratelimit-limit-day",
                    "x-ratelimit-remaining-day",
                    "x-ratelimit-reset-day",
                ],
            ),
        }
    }

    /// The "minute" window lasts `seconds` instead (tests use a short one).
    pub fn with_minute_window(mut self, seconds: u64) -> Self {
        self.minute.length_secs = seconds;
        self
    }

    /// Counts a request arriving at `now` (Unix seconds) if both budgets allow it.
    pub fn check(&mut self, now: u64) -> Verdict {
        self.minute.roll(now);
        self.day.roll(now);
        let allowed = self.minute.has_room() && self.day.has_room();
        if allowed {
            self.minute.used += 1;
            self.day.used += 1;
        }
        let retry_after = (!allowed).then(|| {
            [&self.minute, &self.day]
                .into_iter()
                .filter(|w| !w.has_room())
                .map(|w| w.resets_at(now).saturating_sub(now))
                .max()
                .unwrap_or(1)
                .max(1)
        });
        let mut headers = Vec::new();
        self.minute.push_headers(now, &mut headers);
        self.day.push_headers(now, &mut headers);
        Verdict {
            allowed,
            headers,
            retry_after,
        }
    }
}

impl Window {
    fn new(limit: u32, length_secs: u64, header_names: [&'static str; 3]) -> Self {
        Self {
            limit,
            length_secs,
            started_at: None,
            used: 0,
            header_names,
        }
    }

    fn roll(&mut self, now: u64) {
        let expired = self
            .started_at
            .is_none_or(|start| now >= start + self.length_secs);
        if expired {
            self.started_at = Some(now);
            self.used = 0;
        }
    }

    fn has_room(&self) -> bool {
        self.limit == 0 || self.used < self.limit
    }

    fn resets_at(&self, now: u64) -> u64 {
        self.started_at.unwrap_or(now) + self.length_secs
    }

    fn push_headers(&self, now: u64, out: &mut Vec<(&'static str, String)>) {
        if self.limit == 0 {
            return;
        }
        let [limit, remaining, reset] = self.header_names;
        out.push((limit, self.limit.to_string()));
        out.push((remaining, self.limit.saturating_sub(self.used).to_string()));
        out.push((reset, self.resets_at(now).to_string()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(v: &Verdict, name: &str) -> Option<String> {
        v.headers
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.clone())
    }

    #[test]
    fn remaining_counts_down_then_refuses_until_reset() {
        let mut limiter = RateLimiter::new(2, 100);
        let t = 1_000_000;
        let first = limiter.check(t);
        assert!(first.allowed);
        assert_eq!(
            header(&first, "x-ratelimit-remaining-minute").as_deref(),
            Some("1")
        );
        assert_eq!(
            header(&first, "x-ratelimit-reset-minute"),
            Some((t + 60).to_string())
        );
        assert!(limiter.check(t + 10).allowed);
        let refused = limiter.check(t + 15);
        assert!(!refused.allowed);
        assert_eq!(refused.retry_after, Some(45));
        assert_eq!(
            header(&refused, "x-ratelimit-remaining-minute").as_deref(),
            Some("0")
        );
        // The refused request did not use the day budget.
        assert_eq!(
            header(&refused, "x-ratelimit-remaining-day").as_deref(),
            Some("98")
        );
        let after_reset = limiter.check(t + 60);
        assert!(after_reset.allowed);
        assert_eq!(
            header(&after_reset, "x-ratelimit-reset-minute"),
            Some((t + 120).to_string())
        );
    }

    #[test]
    fn day_budget_applies_across_minutes() {
        let mut limiter = RateLimiter::new(0, 2);
        assert!(limiter.check(0).allowed);
        assert!(limiter.check(100).allowed);
        let refused = limiter.check(200);
        assert!(!refused.allowed);
        assert_eq!(refused.retry_after, Some(86_400 - 200));
        assert_eq!(header(&refused, "x-ratelimit-limit-minute"), None);
        assert_eq!(
            header(&refused, "x-ratelimit-limit-day").as_deref(),
            Some("2")
        );
    }

    #[test]
    fn retry_after_is_at_least_one_second() {
        let mut limiter = RateLimiter::new(1, 0);
        assert!(limiter.check(0).allowed);
        assert_eq!(limiter.check(59).retry_after, Some(1));
    }

    #[test]
    fn unlimited_never_refuses_and_sends_no_headers() {
        let mut limiter = RateLimiter::new(0, 0);
        for t in 0..500 {
            let v = limiter.check(t / 10);
            assert!(v.allowed);
            assert!(v.headers.is_empty());
        }
    }
}
