//! `updated_at` stamps: RFC 3339 UTC to the second (`YYYY-MM-DDTHH:MM:SSZ`).

use jiff::Timestamp;
use std::time::{SystemTime, UNIX_EPOCH};

/// The one shape written and read: no fraction, no offset but `Z`.
const FORMAT: &str = "%Y-%m-%dT%H:%M:%SZ";

/// Seconds since the Unix epoch, now.
pub fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// `secs` since the epoch as `YYYY-MM-DDTHH:MM:SSZ` (clamped to the latest
/// instant jiff can represent, 9999-12-30T22:00:00Z).
pub fn format_utc(secs: u64) -> String {
    let at = i64::try_from(secs)
        .ok()
        .and_then(|secs| Timestamp::from_second(secs).ok())
        .unwrap_or(Timestamp::MAX);
    at.strftime(FORMAT).to_string()
}

/// Parses exactly the format [`format_utc`] writes, from 1970 on.
pub fn parse_utc(text: &str) -> Option<u64> {
    // jiff reads every RFC 3339 form (offsets, fractions, a space for `T`);
    // the mock only ever wrote this one.
    let b = text.as_bytes();
    if b.len() != 20 || b[10] != b'T' || b[19] != b'Z' {
        return None;
    }
    let at: Timestamp = text.parse().ok()?;
    u64::try_from(at.as_second()).ok()
}

/// The stamp for a save at `now`: strictly later than `previous`, so two
/// saves within one second still look different to a client.
pub fn next_updated_at(previous: Option<&str>, now: u64) -> String {
    match previous.and_then(parse_utc) {
        Some(prev) if now <= prev => format_utc(prev + 1),
        _ => format_utc(now),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        assert_eq!(format_utc(0), "1970-01-01T00:00:00Z");
        // 2025-03-20T14:22:00Z, the API doc's example stamp.
        assert_eq!(format_utc(1_742_480_520), "2025-03-20T14:22:00Z");
        // A leap day.
        assert_eq!(format_utc(1_709_210_096), "2024-02-29T12:34:56Z");
        assert_eq!(format_utc(u64::MAX), "9999-12-30T22:00:00Z");
    }

    #[test]
    fn parse_inverts_format() {
        for secs in [0, 951_782_400, 1_709_210_096, 1_742_480_520, 4_102_444_799] {
            assert_eq!(parse_utc(&format_utc(secs)), Some(secs), "{secs}");
        }
        for bad in [
            "",
            "2025-03-20 14:22:00Z",
            "2025-03-20T14:22:00",
            "2025-13-20T14:22:00Z",
            "2025-03-20T14:22:00+01:00",
            "2025-0a-20T14:22:00Z",
            "2025-+3-20T14:22:00Z",
            "2025-02-30T14:22:00Z",
            "2025-03-20T14:22:00z",
            "1969-12-31T23:59:59Z",
            "2025-03-20T14:22:00.5Z",
        ] {
            assert_eq!(parse_utc(bad), None, "{bad}");
        }
    }

    #[test]
    fn next_stamp_is_always_later() {
        let prev = "2025-03-20T14:22:00Z";
        let same_second = parse_utc(prev).unwrap();
        assert_eq!(
            next_updated_at(Some(prev), same_second),
            "2025-03-20T14:22:01Z"
        );
        assert_eq!(
            next_updated_at(Some(prev), same_second - 30),
            "2025-03-20T14:22:01Z"
        );
        assert_eq!(
            next_updated_at(Some(prev), same_second + 60),
            "2025-03-20T14:23:00Z"
        );
        assert_eq!(next_updated_at(None, 0), "1970-01-01T00:00:00Z");
        assert_eq!(
            next_updated_at(Some("yesterday"), 0),
            "1970-01-01T00:00:00Z"
        );
    }
}
