//! How long a bulk run waits before its next contact, from the budget the
//! last response reported (`X-RateLimit-*`). Pure: the caller sleeps.

use crate::api::{RateLimit, RateWindow};
use std::time::Duration;

/// Requests one contact may take: a lookup, the GET and the PATCH.
pub const REQUESTS_PER_CONTACT: u64 = 3;

/// What the budget allows for the next contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pace {
    Go,
    /// Wait this long for the minute window to reset.
    Wait(Duration),
    /// The day's budget is spent: the run can't go on today.
    DayExhausted,
}

/// The pace for the next contact, given the last reported budget and the
/// Unix time now. Unknown budgets don't hold a run up: a 429 still would.
pub fn next_pace(limit: Option<&RateLimit>, now_unix: u64) -> Pace {
    let Some(limit) = limit else {
        return Pace::Go;
    };
    if limit.day.as_ref().is_some_and(too_little) {
        return Pace::DayExhausted;
    }
    match &limit.minute {
        Some(window) if too_little(window) => {
            // The reset is a Unix time; a second more covers clock skew and
            // the rounding of a reset that falls within this second.
            let reset = window.reset.unwrap_or(now_unix + 60);
            Pace::Wait(Duration::from_secs(reset.saturating_sub(now_unix) + 1))
        }
        _ => Pace::Go,
    }
}

fn too_little(window: &RateWindow) -> bool {
    window
        .remaining
        .is_some_and(|left| left < REQUESTS_PER_CONTACT)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limit(minute_left: u64, reset: u64, day_left: u64) -> RateLimit {
        RateLimit {
            minute: Some(RateWindow {
                limit: Some(60),
                remaining: Some(minute_left),
                reset: Some(reset),
            }),
            day: Some(RateWindow {
                limit: Some(10_000),
                remaining: Some(day_left),
                reset: Some(reset + 86_400),
            }),
        }
    }

    #[test]
    fn enough_budget_goes_at_once() {
        assert_eq!(next_pace(None, 1000), Pace::Go);
        assert_eq!(next_pace(Some(&limit(3, 1030, 500)), 1000), Pace::Go);
    }

    #[test]
    fn a_spent_minute_waits_for_its_reset() {
        assert_eq!(
            next_pace(Some(&limit(2, 1030, 500)), 1000),
            Pace::Wait(Duration::from_secs(31))
        );
        // A reset already past: a second's wait, not a negative one.
        assert_eq!(
            next_pace(Some(&limit(0, 990, 500)), 1000),
            Pace::Wait(Duration::from_secs(1))
        );
    }

    #[test]
    fn a_spent_day_stops_the_run() {
        assert_eq!(
            next_pace(Some(&limit(50, 1030, 1)), 1000),
            Pace::DayExhausted
        );
    }
}
