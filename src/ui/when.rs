//! Times for people: how long ago a stamp was, and when that was in the
//! user's own time zone. Pure: "now" and the zone come in as a [`Clock`].

pub use crate::clock::Clock;
use jiff::Timestamp;
use jiff::fmt::strtime;

/// `3 min ago (2026-11-27 14:02 CET)` for an RFC 3339 `stamp`, read against
/// `clock`; a stamp that isn't RFC 3339 comes back as it was (the caller
/// sanitises it like any other server text).
///
/// The age is only as fresh as the last redraw: the screen is redrawn on
/// input, on replies and while a request runs, not once a minute.
pub fn age_and_local(stamp: &str, clock: &Clock) -> String {
    let Ok(at) = stamp.trim().parse::<Timestamp>() else {
        return stamp.to_string();
    };
    let local = at.to_zoned_datetime(clock.zone.clone());
    let shown = strtime::format("%Y-%m-%d %H:%M %Z", &local)
        // A zone without abbreviations: its offset instead.
        .or_else(|_| strtime::format("%Y-%m-%d %H:%M %:z", &local))
        .unwrap_or_else(|_| stamp.to_string());
    let age = age(clock.now.as_second().saturating_sub(at.as_second()));
    format!("{age} ({shown})")
}

/// When `stamp` was on the local clock: `14:02` today, else
/// `2026-11-26 14:02`; an unreadable stamp comes back as it was.
pub fn local_time(stamp: &str, clock: &Clock) -> String {
    let Ok(at) = stamp.trim().parse::<Timestamp>() else {
        return stamp.to_string();
    };
    let local = at.to_zoned_datetime(clock.zone.clone());
    let today = clock.now.to_zoned_datetime(clock.zone.clone()).date();
    let pattern = if local.date() == today {
        "%H:%M"
    } else {
        "%Y-%m-%d %H:%M"
    };
    strtime::format(pattern, &local).unwrap_or_else(|_| stamp.to_string())
}

/// `seconds` before now as a rough age; negative is in the future (a server
/// clock ahead of ours).
fn age(seconds: i64) -> String {
    let (ahead, secs) = (seconds < 0, seconds.unsigned_abs());
    if secs < 60 {
        return "just now".into();
    }
    let amount = if secs < 3_600 {
        format!("{} min", secs / 60)
    } else if secs < 86_400 {
        format!("{} h", secs / 3_600)
    } else {
        match secs / 86_400 {
            1 => "1 day".to_string(),
            days => format!("{days} days"),
        }
    };
    if ahead {
        format!("in {amount}")
    } else {
        format!("{amount} ago")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::tz::Offset;
    use jiff::tz::TimeZone;

    fn at(stamp: &str) -> Timestamp {
        stamp.parse().expect("a stamp")
    }

    /// 2026-11-27 15:05 in a fixed UTC+01:00 zone.
    fn clock() -> Clock {
        Clock::fixed(
            at("2026-11-27T14:05:00Z"),
            TimeZone::fixed(Offset::constant(1)),
        )
    }

    #[test]
    fn ages_round_down_to_the_largest_unit() {
        let cases = [
            ("2026-11-27T14:05:00Z", "just now"),
            ("2026-11-27T14:04:01Z", "just now"),
            ("2026-11-27T14:04:00Z", "1 min ago"),
            ("2026-11-27T14:02:00Z", "3 min ago"),
            ("2026-11-27T13:05:01Z", "59 min ago"),
            ("2026-11-27T13:05:00Z", "1 h ago"),
            ("2026-11-26T14:05:01Z", "23 h ago"),
            ("2026-11-26T14:05:00Z", "1 day ago"),
            ("2025-11-27T14:05:00Z", "365 days ago"),
            ("2026-11-27T14:05:30Z", "just now"),
            ("2026-11-27T16:05:00Z", "in 2 h"),
        ];
        for (stamp, age) in cases {
            let shown = age_and_local(stamp, &clock());
            assert!(shown.starts_with(&format!("{age} (")), "{stamp}: {shown}");
        }
    }

    #[test]
    fn local_time_is_in_the_clock_zone() {
        assert_eq!(
            age_and_local("2026-11-27T14:02:00Z", &clock()),
            "3 min ago (2026-11-27 15:02 +01)"
        );
        // Other offsets in the stamp are the same instant.
        assert_eq!(
            age_and_local("2026-11-27T09:02:00-05:00", &clock()),
            "3 min ago (2026-11-27 15:02 +01)"
        );
        let utc = Clock::fixed(at("2026-11-27T14:05:00Z"), TimeZone::UTC);
        assert_eq!(
            age_and_local("2026-11-27T14:02:00Z", &utc),
            "3 min ago (2026-11-27 14:02 UTC)"
        );
    }

    #[test]
    fn a_zone_with_rules_shows_its_abbreviation_for_that_date() {
        // Central European rules, without depending on a tz database.
        let zone = TimeZone::posix("CET-1CEST,M3.5.0,M10.5.0/3").expect("POSIX TZ");
        let clock = Clock::fixed(at("2026-11-27T14:05:00Z"), zone);
        assert_eq!(
            age_and_local("2026-11-27T13:02:00Z", &clock),
            "1 h ago (2026-11-27 14:02 CET)"
        );
        assert_eq!(
            age_and_local("2026-07-01T10:00:00Z", &clock),
            "149 days ago (2026-07-01 12:00 CEST)"
        );
    }

    #[test]
    fn a_local_time_gives_the_date_only_when_it_is_not_today() {
        assert_eq!(local_time("2026-11-27T13:02:00Z", &clock()), "14:02");
        assert_eq!(
            local_time("2026-11-26T13:02:00Z", &clock()),
            "2026-11-26 14:02"
        );
        assert_eq!(local_time("soon", &clock()), "soon");
    }

    #[test]
    fn an_unreadable_stamp_is_shown_as_it_came() {
        for stamp in ["yesterday", "", "2026-13-01T00:00:00Z", "\u{1b}[31mred"] {
            assert_eq!(age_and_local(stamp, &clock()), stamp);
        }
    }

    #[test]
    fn the_default_clock_is_fixed() {
        let clock = Clock::default();
        assert_eq!(clock.now, Timestamp::UNIX_EPOCH);
        assert_eq!(clock.zone, TimeZone::UTC);
    }
}
