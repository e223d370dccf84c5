//! The store is the one place allowed to read the clock (revision times,
//! backup names). It reads it through this trait so tests are deterministic.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};

pub trait Clock: Send + Sync + std::fmt::Debug {
    fn now(&self) -> DateTime<Utc>;
}

/// The real wall clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        DateTime::<Utc>::from(std::time::SystemTime::now())
    }
}

/// A clock for tests: starts at a given instant and moves only when told,
/// plus one millisecond per reading so successive revisions stay ordered.
#[derive(Debug, Clone)]
pub struct ManualClock {
    inner: Arc<Mutex<DateTime<Utc>>>,
}

impl ManualClock {
    /// `start` in RFC 3339, e.g. "2025-01-01T08:00:00Z".
    pub fn new(start: &str) -> ManualClock {
        let t = DateTime::parse_from_rfc3339(start)
            .expect("ManualClock::new needs an RFC 3339 time")
            .with_timezone(&Utc);
        ManualClock {
            inner: Arc::new(Mutex::new(t)),
        }
    }

    pub fn advance(&self, by: Duration) {
        let mut t = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        *t += by;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        let mut t = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let now = *t;
        *t += Duration::milliseconds(1);
        now
    }
}

/// The one timestamp format of the store: RFC 3339, UTC, milliseconds.
/// Fixed width, so text order is time order.
pub fn format_ts(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

pub fn parse_ts(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}
