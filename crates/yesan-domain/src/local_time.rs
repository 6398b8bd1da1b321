//! The time of day as an institution's staff read it. Yesan serves Korean
//! public institutions, and every one of them keeps Korea Standard Time
//! (Asia/Seoul): UTC+09:00, with no daylight saving time since 1988. So
//! the offset is a constant rather than a setting per institution or a
//! time zone database (a crate of its own, for one zone whose rules do not
//! change). Instants are stored in UTC; they are shown in this time.

use chrono::{DateTime, FixedOffset, Utc};

/// Korea Standard Time, the zone of Asia/Seoul: UTC+09:00 (an offset
/// within a day, so always valid; checked when compiled).
pub const KOREA: FixedOffset = match FixedOffset::east_opt(9 * 3600) {
    Some(o) => o,
    None => panic!("UTC+09:00 is a valid offset"),
};

/// Korea Standard Time.
pub fn korea() -> FixedOffset {
    KOREA
}

/// `at` in Korea Standard Time.
pub fn in_korea(at: DateTime<Utc>) -> DateTime<FixedOffset> {
    at.with_timezone(&korea())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn an_instant_reads_nine_hours_later_in_korea() {
        let at = Utc
            .with_ymd_and_hms(2023, 10, 17, 15, 30, 0)
            .single()
            .expect("a time");
        let local = in_korea(at);
        assert_eq!(
            local.format("%Y-%m-%d %H:%M").to_string(),
            "2023-10-18 00:30"
        );
        assert_eq!(local.offset().local_minus_utc(), 9 * 3600);
        // The same instant: only the reading changes.
        assert_eq!(local.with_timezone(&Utc), at);
    }
}
