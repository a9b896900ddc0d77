//! The moment and time zone the screen is drawn for: data the runtime sets
//! and the view reads, so drawing never reads the clock itself.

use jiff::Timestamp;
use jiff::tz::TimeZone;
use std::sync::OnceLock;

/// The system's time zone, found once.
fn system_zone() -> &'static TimeZone {
    static ZONE: OnceLock<TimeZone> = OnceLock::new();
    ZONE.get_or_init(|| TimeZone::try_system().unwrap_or(TimeZone::UTC))
}

/// The moment and time zone the screen is drawn for. The runtime sets it
/// ([`Clock::system`], then [`Clock::refresh_now`] before each redraw);
/// tests build a fixed one, so what is drawn never depends on when it runs.
#[derive(Debug, Clone)]
pub struct Clock {
    pub now: Timestamp,
    pub zone: TimeZone,
}

impl Clock {
    pub fn fixed(now: Timestamp, zone: TimeZone) -> Self {
        Self { now, zone }
    }

    /// The system clock and time zone (`TZ`, else `/etc/localtime`); UTC
    /// when the zone can't be determined.
    pub fn system() -> Self {
        Self {
            now: Timestamp::now(),
            zone: system_zone().clone(),
        }
    }

    /// Starts finding the system's time zone on a thread of its own. It can
    /// take milliseconds (jiff reads the whole zoneinfo directory to name
    /// the zone), which the editor's start then spends loading the contact
    /// instead; [`Clock::system`] waits for it if it isn't done.
    pub fn start_finding_system_zone() {
        std::thread::spawn(|| {
            system_zone();
        });
    }

    /// Moves "now" to the system clock, keeping the zone.
    pub fn refresh_now(&mut self) {
        self.now = Timestamp::now();
    }
}

impl Default for Clock {
    /// The Unix epoch in UTC: a fixed value until the runtime sets the real one.
    fn default() -> Self {
        Self::fixed(Timestamp::UNIX_EPOCH, TimeZone::UTC)
    }
}
