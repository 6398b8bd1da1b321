//! The days of fiscal year 2023 (not a leap year) as indexes 0‥364, and
//! their ISO text, without a date library; [`iso_in`] writes the same day
//! of another year (the city benchmark's earlier years; in a leap year
//! 29 February is simply never used).

/// The fiscal year of the synthetic ledger.
pub const YEAR: i32 = 2023;

/// Days in the year.
pub const DAYS: u16 = 365;

const MONTH_DAYS: [u16; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/// `2023-MM-DD` of day index `day` (0 = 1 January). Days past the end of the
/// year are clamped to 31 December.
pub fn iso(day: u16) -> [u8; 10] {
    iso_in(YEAR, day)
}

/// `YYYY-MM-DD` of day index `day` of `year` counted as a common year
/// (clamped to 31 December; `year` is taken modulo 10,000).
pub fn iso_in(year: i32, day: u16) -> [u8; 10] {
    let y = usize::try_from(year.rem_euclid(10_000)).unwrap_or(0);
    let mut rest = day.min(DAYS - 1);
    let mut month = 0;
    while rest >= MONTH_DAYS[month] {
        rest -= MONTH_DAYS[month];
        month += 1;
    }
    let (m, d) = (month + 1, usize::from(rest) + 1);
    let digit = |v: usize| b"0123456789"[v % 10];
    [
        digit(y / 1000),
        digit(y / 100),
        digit(y / 10),
        digit(y),
        b'-',
        digit(m / 10),
        digit(m),
        b'-',
        digit(d / 10),
        digit(d),
    ]
}

/// The day index of `2023-MM-DD`, or `None` for another year or a bad date.
pub fn parse(s: &str) -> Option<u16> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' || &b[..4] != b"2023" {
        return None;
    }
    let num = |x: &[u8]| -> Option<u16> {
        x.iter().try_fold(0u16, |acc, c| {
            c.is_ascii_digit().then(|| acc * 10 + u16::from(c - b'0'))
        })
    };
    let (m, d) = (num(&b[5..7])?, num(&b[8..10])?);
    if !(1..=12).contains(&m) {
        return None;
    }
    let m = usize::from(m - 1);
    if d == 0 || d > MONTH_DAYS[m] {
        return None;
    }
    Some(MONTH_DAYS[..m].iter().sum::<u16>() + d - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_day_round_trips() {
        let text = |d| String::from_utf8(iso(d).to_vec()).unwrap();
        assert_eq!(text(0), "2023-01-01");
        assert_eq!(text(31), "2023-02-01");
        assert_eq!(text(58), "2023-02-28");
        assert_eq!(text(59), "2023-03-01");
        assert_eq!(text(290), "2023-10-18");
        assert_eq!(text(364), "2023-12-31");
        assert_eq!(text(400), "2023-12-31");
        for d in 0..DAYS {
            assert_eq!(parse(&text(d)), Some(d));
        }
        assert_eq!(parse("2023-02-29"), None);
        assert_eq!(parse("2024-01-01"), None);
        assert_eq!(parse("2023-13-01"), None);
        assert_eq!(parse("2023/01/01"), None);
        assert_eq!(&iso_in(2021, 290), b"2021-10-18");
        assert_eq!(&iso_in(2024, 59), b"2024-03-01");
    }
}
