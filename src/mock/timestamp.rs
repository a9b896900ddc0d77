//! `updated_at` stamps: RFC 3339 UTC to the second (`YYYY-MM-DDTHH:MM:SSZ`),
//! without a date library.

use std::time::{SystemTime, UNIX_EPOCH};

/// Seconds since the Unix epoch, now.
pub fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// `secs` since the epoch as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn format_utc(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rest = secs % 86_400;
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest / 60 % 60,
        rest % 60
    )
}

/// Parses exactly the format [`format_utc`] writes.
pub fn parse_utc(text: &str) -> Option<u64> {
    let b = text.as_bytes();
    let shape_ok = b.len() == 20
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && b[19] == b'Z';
    if !shape_ok {
        return None;
    }
    let num = |range: std::ops::Range<usize>| -> Option<u64> {
        let part = text.get(range)?;
        // `parse` alone would accept a leading `+`.
        if part.bytes().all(|c| c.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1970..=9999).contains(&year)
        || !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let days = days_from_civil(year as i64, month as u32, day as u32);
    let days = u64::try_from(days).ok()?;
    Some(days * 86_400 + hour * 3600 + minute * 60 + second)
}

/// The stamp for a save at `now`: strictly later than `previous`, so two
/// saves within one second still look different to a client.
pub fn next_updated_at(previous: Option<&str>, now: u64) -> String {
    match previous.and_then(parse_utc) {
        Some(prev) if now <= prev => format_utc(prev + 1),
        _ => format_utc(now),
    }
}

// Howard Hinnant's days <-> civil date algorithms (proleptic Gregorian).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year.rem_euclid(400);
    let mp = i64::from(if month > 2 { month - 3 } else { month + 9 });
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
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
