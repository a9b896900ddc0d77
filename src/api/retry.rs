//! When a failed GET is tried again, and after how long. PATCH never comes
//! here: the API has no idempotency key, so a repeated PATCH could apply twice
//! (a welcome SMS sent twice, say).

use super::error::{ApiError, ErrorKind};
use super::options::ClientOptions;
use std::future::Future;
use std::time::{Duration, SystemTime};

/// Runs `attempt` until it succeeds or [`delay_before_retry`] gives up,
/// handing each chosen wait and why to `pause` (a sleep in the client, which
/// also tells whoever shows the wait; a recorder in tests, so the waits are
/// checked without a clock).
pub async fn with_retries<T, Attempt, Sent, Pause, Paused>(
    options: &ClientOptions,
    mut attempt: Attempt,
    mut pause: Pause,
) -> Result<T, ApiError>
where
    Attempt: FnMut() -> Sent,
    Sent: Future<Output = Result<T, ApiError>>,
    Pause: FnMut(Duration, ErrorKind) -> Paused,
    Paused: Future<Output = ()>,
{
    let mut tries = 0;
    loop {
        let err = match attempt().await {
            Ok(value) => return Ok(value),
            Err(err) => err,
        };
        match delay_before_retry(&err, tries, options) {
            Some(wait) => {
                pause(wait, err.kind()).await;
                tries += 1;
            }
            None => return Err(err),
        }
    }
}

/// The wait before retry number `attempt + 1`, or `None` to give up with `err`.
pub fn delay_before_retry(
    err: &ApiError,
    attempt: u32,
    options: &ClientOptions,
) -> Option<Duration> {
    if attempt >= options.max_retries {
        return None;
    }
    let asked = err.retry_after();
    match err.kind() {
        // The server said how long; waiting less would only earn another 429.
        ErrorKind::RateLimited => match asked {
            Some(wait) if wait <= options.max_retry_after => Some(wait),
            Some(_) => None,
            None => Some(backoff(attempt, options)),
        },
        ErrorKind::Server => Some(
            asked
                .filter(|wait| *wait <= options.max_retry_after)
                .unwrap_or_else(|| backoff(attempt, options)),
        ),
        ErrorKind::Network | ErrorKind::Timeout => Some(backoff(attempt, options)),
        _ => None,
    }
}

/// `base * 2^attempt`, capped at `backoff_max`.
pub fn backoff(attempt: u32, options: &ClientOptions) -> Duration {
    let factor = 1u32.checked_shl(attempt).unwrap_or(u32::MAX);
    options
        .backoff_base
        .checked_mul(factor)
        .unwrap_or(options.backoff_max)
        .min(options.backoff_max)
}

/// A `Retry-After` value: delay seconds, or an HTTP date read against `now`
/// (any of the three forms RFC 9110 makes recipients accept; a date already
/// past is no wait). `None` when it is neither.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return value.parse().ok().map(Duration::from_secs);
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::UNIX_EPOCH;

    fn fast() -> ClientOptions {
        ClientOptions {
            max_retries: 3,
            backoff_base: Duration::from_millis(100),
            backoff_max: Duration::from_millis(350),
            max_retry_after: Duration::from_secs(5),
            ..ClientOptions::default()
        }
    }

    fn status_error(status: u16, retry_after: Option<u64>) -> ApiError {
        ApiError::UnexpectedResponse {
            status,
            problem: String::new(),
            retry_after: retry_after.map(Duration::from_secs),
        }
    }

    /// Runs [`with_retries`] over canned outcomes; gives the result, the
    /// number of attempts and the waits it asked for.
    fn run(outcomes: Vec<Result<u8, ApiError>>) -> (Result<u8, ApiError>, usize, Vec<Duration>) {
        let mut outcomes = outcomes.into_iter();
        let mut attempts = 0;
        let mut waits = Vec::new();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime");
        let result = runtime.block_on(with_retries(
            &fast(),
            || {
                attempts += 1;
                let next = outcomes.next().expect("no more attempts expected");
                async move { next }
            },
            |wait, _| {
                waits.push(wait);
                async {}
            },
        ));
        (result, attempts, waits)
    }

    #[test]
    fn retries_wait_what_the_server_asks_then_back_off() {
        let (result, attempts, waits) = run(vec![
            Err(status_error(429, Some(2))),
            Err(status_error(503, None)),
            Err(status_error(503, Some(1))),
            Ok(7),
        ]);
        assert_eq!(result.expect("third retry succeeds"), 7);
        assert_eq!(attempts, 4);
        assert_eq!(
            waits,
            [
                Duration::from_secs(2),
                Duration::from_millis(200),
                Duration::from_secs(1)
            ]
        );
    }

    #[test]
    fn a_retry_after_over_the_cap_fails_at_once_without_waiting() {
        let (result, attempts, waits) = run(vec![Err(status_error(429, Some(6)))]);
        let err = result.expect_err("gives up");
        assert_eq!(err.retry_after(), Some(Duration::from_secs(6)));
        assert_eq!(attempts, 1);
        assert!(waits.is_empty(), "{waits:?}");
    }

    #[test]
    fn retries_stop_after_max_retries_and_return_the_last_error() {
        let outcomes = (0..4)
            .map(|i| Err(status_error(500 + i, None)))
            .collect::<Vec<_>>();
        let (result, attempts, waits) = run(outcomes);
        assert_eq!(
            result.expect_err("gives up"),
            status_error(503, None),
            "the last error"
        );
        assert_eq!(attempts, 4);
        let waits: Vec<u128> = waits.iter().map(Duration::as_millis).collect();
        assert_eq!(waits, [100, 200, 350]);
    }

    #[test]
    fn errors_that_are_not_transient_are_returned_at_once() {
        let (result, attempts, waits) = run(vec![Err(status_error(404, None))]);
        assert_eq!(result.expect_err("404"), status_error(404, None));
        assert_eq!((attempts, waits.len()), (1, 0));
    }

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let waits: Vec<u128> = (0..5).map(|a| backoff(a, &fast()).as_millis()).collect();
        assert_eq!(waits, [100, 200, 350, 350, 350]);
        assert_eq!(backoff(200, &fast()), Duration::from_millis(350));
    }

    #[test]
    fn rate_limit_waits_what_the_server_asks_within_the_cap() {
        let opts = fast();
        assert_eq!(
            delay_before_retry(&status_error(429, Some(2)), 0, &opts),
            Some(Duration::from_secs(2))
        );
        assert_eq!(
            delay_before_retry(&status_error(429, Some(6)), 0, &opts),
            None
        );
        assert_eq!(
            delay_before_retry(&status_error(429, None), 1, &opts),
            Some(Duration::from_millis(200))
        );
    }

    #[test]
    fn only_transient_failures_are_retried_and_only_so_often() {
        let opts = fast();
        assert!(delay_before_retry(&status_error(503, None), 2, &opts).is_some());
        assert_eq!(delay_before_retry(&status_error(503, None), 3, &opts), None);
        let refused = ApiError::Network {
            host: "h".into(),
            cause: "refused".into(),
        };
        assert!(delay_before_retry(&refused, 0, &opts).is_some());
        assert_eq!(delay_before_retry(&status_error(404, None), 0, &opts), None);
        assert_eq!(delay_before_retry(&status_error(200, None), 0, &opts), None);
    }

    #[test]
    fn retry_after_seconds_and_dates() {
        let now = UNIX_EPOCH + Duration::from_secs(784_111_767); // Sun, 06 Nov 1994 08:49:27 GMT
        assert_eq!(parse_retry_after(" 7 ", now), Some(Duration::from_secs(7)));
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now),
            Some(Duration::from_secs(10))
        );
        assert_eq!(
            parse_retry_after("Sat, 05 Nov 1994 08:49:37 GMT", now),
            Some(Duration::ZERO)
        );
        // The obsolete forms a recipient must still accept (RFC 9110 5.6.7).
        for obsolete in ["Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994"] {
            assert_eq!(
                parse_retry_after(obsolete, now),
                Some(Duration::from_secs(10)),
                "{obsolete:?}"
            );
        }
        for unreadable in ["", "-1", "1.5", "soon", "Sun, 06 Nov 1994 08:49:37 CET"] {
            assert_eq!(parse_retry_after(unreadable, now), None, "{unreadable:?}");
        }
        assert_eq!(parse_retry_after("99999999999999999999999", now), None);
    }

    #[test]
    fn http_dates_match_known_epochs() {
        let at = |date: &str| parse_retry_after(date, UNIX_EPOCH).map(|wait| wait.as_secs());
        assert_eq!(at("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        assert_eq!(at("Tue, 29 Feb 2000 12:00:00 GMT"), Some(951_825_600));
        assert_eq!(at("Thu, 01 Jan 2026 00:00:00 GMT"), Some(1_767_225_600));
        assert_eq!(at("Thu, 01 Foo 2026 00:00:00 GMT"), None);
        assert_eq!(at("Thu, 01 Jan 2026 24:00:00 GMT"), None);
        assert_eq!(at("Tue, 30 Feb 2000 12:00:00 GMT"), None, "no such day");
    }
}
