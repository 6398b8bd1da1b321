//! The two value syntaxes people actually type into the finance team's
//! spreadsheets: amounts (`1,234`, `△1,234`, `-1,234`, `(1,234)`, `1,234원`)
//! and dates (`2023-10-18`, `2023.10.18.`, `'23.10.18.`, `2023/10/18`, …).
//!
//! Both are parsed by hand over bytes: a 10-million-row import calls them
//! tens of millions of times, and neither a regex nor a formatted-string
//! round trip would keep up. They return small error enums; the callers
//! (which know the column and the value as written) turn those into
//! messages.

use chrono::NaiveDate;
use yesan_domain::message::{Lang, Localized, josa};
use yesan_domain::money::{MoneyUnit, Won};
use yesan_domain::{bilingual_display, ko_en};

/// Why a text is not an amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    /// Nothing but whitespace.
    Empty,
    /// Not digits with optional thousands separators and a sign.
    NotANumber,
    /// A non-zero fraction: amounts are whole won.
    Fraction,
    /// Beyond what Yesan accepts from outside (see [`Won::from_unit`]).
    OutOfRange,
}

impl Localized for AmountError {
    fn say(&self, lang: Lang) -> String {
        match self {
            AmountError::Empty => ko_en!(lang, "금액이 비어 있습니다", "the amount is empty"),
            AmountError::NotANumber => ko_en!(
                lang,
                "금액은 1,234 △1,234 -1,234 (1,234)처럼 원 단위 정수로 씁니다",
                "expected whole won such as 1,234, △1,234, -1,234 or (1,234)"
            ),
            AmountError::Fraction => ko_en!(
                lang,
                "금액에 원 미만 단위가 있습니다. 원 단위 정수로 쓰세요",
                "the amount has a fraction of a won; expected whole won"
            ),
            AmountError::OutOfRange => {
                ko_en!(lang, "금액이 너무 큽니다", "the amount is out of range")
            }
        }
    }
}

bilingual_display!(AmountError);

/// Why a text is not a percentage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PercentError {
    /// Not a number such as `12.5` or `12.5%`.
    NotANumber,
}

impl Localized for PercentError {
    fn say(&self, lang: Lang) -> String {
        ko_en!(
            lang,
            "비율은 12.5 또는 12.5%처럼 0 이상의 숫자로 씁니다",
            "expected a percentage such as 12.5 or 12.5%"
        )
    }
}

bilingual_display!(PercentError);

/// Parses a percentage as people type it: `12`, `12.5`, `12.5%`, with
/// spaces around; returns tenths of a percent (125), rounding further
/// decimals half up (`8.33333` → 83, as a spreadsheet's computed share
/// arrives). Negative values are refused; the caller checks the upper
/// bound (a cumulative plan stops at 100%).
pub fn parse_percent(s: &str) -> Result<u16, PercentError> {
    let s = s.trim();
    let s = s.strip_suffix('%').map_or(s, str::trim_end);
    let (whole, fraction) = s.split_once('.').unwrap_or((s, ""));
    if whole.is_empty() && fraction.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !fraction.bytes().all(|b| b.is_ascii_digit())
        || whole.len() > 4
    {
        return Err(PercentError::NotANumber);
    }
    let whole: u32 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| PercentError::NotANumber)?
    };
    let digits: Vec<u32> = fraction.bytes().map(|b| u32::from(b - b'0')).collect();
    let tenth = digits.first().copied().unwrap_or(0);
    let round_up = digits.get(1).is_some_and(|d| *d >= 5);
    u16::try_from(whole * 10 + tenth + u32::from(round_up)).map_err(|_| PercentError::NotANumber)
}

/// Parses a signed amount of won as people write it in Korean finance
/// sheets: optional surrounding whitespace, a sign written `△`, `-`, `−` or
/// `+`, or the whole number in parentheses for a negative, thousands
/// separators in groups of three, an optional fraction of zeros only
/// (`1,234.00`, as spreadsheets export) and an optional trailing `원`.
pub fn parse_amount(s: &str) -> Result<i64, AmountError> {
    let s = s.trim();
    if s.is_empty() {
        return Err(AmountError::Empty);
    }
    // The unit may stand outside the parentheses, `(1,234)원`, or inside,
    // `(1,234원)`, but only once.
    let (s, had_won) = match s.strip_suffix('원') {
        Some(r) => (r.trim_end(), true),
        None => (s, false),
    };
    let (negative, body) =
        if let Some(inner) = s.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
            (true, inner.trim())
        } else if let Some(r) = s.strip_prefix(['△', '-', '−']) {
            (true, r.trim_start())
        } else if let Some(r) = s.strip_prefix('+') {
            (false, r.trim_start())
        } else {
            (false, s)
        };
    let body = if had_won {
        body
    } else {
        body.strip_suffix('원').map_or(body, str::trim_end)
    };
    let magnitude = digits(body.as_bytes())?;
    let value = if negative { -magnitude } else { magnitude };
    Won::from_unit(value, MoneyUnit::Won)
        .map(Won::get)
        .map_err(|_| AmountError::OutOfRange)
}

/// Digits with optional well-formed thousands separators and an optional
/// all-zero fraction. Separators must group by three so that a European
/// `1,5` (one and a half) is refused instead of read as fifteen.
fn digits(b: &[u8]) -> Result<i64, AmountError> {
    let (int, frac) = match b.iter().position(|&c| c == b'.') {
        Some(i) => (&b[..i], Some(&b[i + 1..])),
        None => (b, None),
    };
    if let Some(f) = frac {
        if f.is_empty() || !f.iter().all(u8::is_ascii_digit) {
            return Err(AmountError::NotANumber);
        }
        if f.iter().any(|&c| c != b'0') {
            return Err(AmountError::Fraction);
        }
    }
    if int.is_empty() {
        return Err(AmountError::NotANumber);
    }
    let mut value: i64 = 0;
    let mut group = 0usize;
    let mut grouped = false;
    for &c in int {
        match c {
            b'0'..=b'9' => {
                value = value
                    .checked_mul(10)
                    .and_then(|v| v.checked_add(i64::from(c - b'0')))
                    .ok_or(AmountError::OutOfRange)?;
                group += 1;
            }
            b',' => {
                let first_ok = !grouped && (1..=3).contains(&group);
                if !(first_ok || (grouped && group == 3)) {
                    return Err(AmountError::NotANumber);
                }
                grouped = true;
                group = 0;
            }
            _ => return Err(AmountError::NotANumber),
        }
    }
    if grouped && group != 3 {
        return Err(AmountError::NotANumber);
    }
    Ok(value)
}

/// Why a text is not a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Nothing but whitespace.
    Empty,
    /// None of the accepted forms.
    Format,
    /// Well formed but not on the calendar (`2023-02-30`).
    NotOnCalendar {
        /// The year as read (two-digit years already in the 2000s).
        year: i32,
        /// The month as written.
        month: u32,
        /// The day as written.
        day: u32,
    },
}

impl Localized for DateError {
    fn say(&self, lang: Lang) -> String {
        match self {
            DateError::Empty => ko_en!(lang, "날짜가 비어 있습니다", "the date is empty"),
            DateError::Format => ko_en!(
                lang,
                "날짜는 2023-10-18, 2023.10.18., '23.10.18., 2023/10/18처럼 씁니다",
                "expected a date such as 2023-10-18, 2023.10.18., '23.10.18. or 2023/10/18"
            ),
            DateError::NotOnCalendar { year, month, day } => {
                let d = format!("{year}-{month:02}-{day:02}");
                let dk = josa(&d, "은", "는");
                ko_en!(
                    lang,
                    "{dk} 달력에 없는 날짜입니다",
                    "{d} is not a calendar date"
                )
            }
        }
    }
}

bilingual_display!(DateError);

/// Parses a date in the forms Korean documents use: `2023-10-18`,
/// `2023.10.18`, `2023.10.18.`, `2023. 10. 18.`, `2023/10/18`, the short
/// `'23.10.18.` (with `'`, `’` or `‘`; the year is then in the 2000s) and
/// the compact `20231018`. Month and day may have one or two digits.
pub fn parse_date(s: &str) -> Result<NaiveDate, DateError> {
    let s = s.trim();
    if s.is_empty() {
        return Err(DateError::Empty);
    }
    let (short_year, s) = match s.strip_prefix(['\'', '’', '‘']) {
        Some(r) => (true, r),
        None => (false, s),
    };
    let b = s.as_bytes();
    if !short_year && b.len() == 8 && b.iter().all(u8::is_ascii_digit) {
        return ymd(number(&b[..4]), number(&b[4..6]), number(&b[6..]));
    }
    let mut at = 0;
    let year = run(b, &mut at, if short_year { 2..=2 } else { 4..=4 })?;
    let sep = *b.get(at).ok_or(DateError::Format)?;
    if !matches!(sep, b'-' | b'.' | b'/') {
        return Err(DateError::Format);
    }
    at += 1;
    skip_spaces(b, &mut at);
    let month = run(b, &mut at, 1..=2)?;
    if b.get(at) != Some(&sep) {
        return Err(DateError::Format);
    }
    at += 1;
    skip_spaces(b, &mut at);
    let day = run(b, &mut at, 1..=2)?;
    // Korean style closes the date with the separator too: `2023.10.18.`
    if sep == b'.' && b.get(at) == Some(&b'.') {
        at += 1;
    }
    if at != b.len() {
        return Err(DateError::Format);
    }
    let year = if short_year { 2000 + year } else { year };
    ymd(year, month, day)
}

fn ymd(year: u32, month: u32, day: u32) -> Result<NaiveDate, DateError> {
    let year = i32::try_from(year).map_err(|_| DateError::Format)?;
    NaiveDate::from_ymd_opt(year, month, day).ok_or(DateError::NotOnCalendar { year, month, day })
}

fn number(b: &[u8]) -> u32 {
    b.iter().fold(0, |n, &c| n * 10 + u32::from(c - b'0'))
}

/// Reads a run of ASCII digits whose length must be in `len`.
fn run(b: &[u8], at: &mut usize, len: std::ops::RangeInclusive<usize>) -> Result<u32, DateError> {
    let start = *at;
    while b.get(*at).is_some_and(u8::is_ascii_digit) {
        *at += 1;
    }
    if len.contains(&(*at - start)) {
        Ok(number(&b[start..*at]))
    } else {
        Err(DateError::Format)
    }
}

fn skip_spaces(b: &[u8], at: &mut usize) {
    while b.get(*at) == Some(&b' ') {
        *at += 1;
    }
}

/// The calendar date of an Excel serial day number (1900 date system, or
/// 1904 when the workbook says so). Serial days before 1900-03-01 are
/// refused: Excel's phantom 1900-02-29 makes them ambiguous, and no ledger
/// reaches back that far.
pub fn excel_serial_date(serial: f64, is_1904: bool) -> Option<NaiveDate> {
    let days = serial.floor();
    let known = if is_1904 {
        (0.0..2_957_004.0).contains(&days)
    } else {
        (61.0..2_958_466.0).contains(&days)
    };
    if !known {
        return None;
    }
    let (y, m, d, ..) =
        calamine::ExcelDateTime::new(days, calamine::ExcelDateTimeType::DateTime, is_1904)
            .to_ymd_hms_milli();
    NaiveDate::from_ymd_opt(i32::from(y), u32::from(m), u32::from(d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_as_typed() {
        assert_eq!(parse_percent("12.5"), Ok(125));
        assert_eq!(parse_percent(" 12.5 % "), Ok(125));
        assert_eq!(parse_percent("100"), Ok(1000));
        assert_eq!(parse_percent("0"), Ok(0));
        assert_eq!(parse_percent(".5"), Ok(5));
        assert_eq!(parse_percent("8.333333"), Ok(83));
        assert_eq!(parse_percent("8.35"), Ok(84));
        for bad in ["", "%", "-5", "12,5", "abc", "1e2", "12.5.1", "99999"] {
            assert_eq!(parse_percent(bad), Err(PercentError::NotANumber), "{bad}");
        }
    }
    use proptest::prelude::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn amounts_in_every_form() {
        for (text, want) in [
            ("1234", 1234),
            ("1,234", 1234),
            ("  1,234  ", 1234),
            ("1,234원", 1234),
            ("1,234 원", 1234),
            ("△1,234", -1234),
            ("△ 1,234원", -1234),
            ("-1,234", -1234),
            ("−1,234", -1234),
            ("(1,234)", -1234),
            ("( 1,234 )", -1234),
            ("(1,234)원", -1234),
            ("(1,234원)", -1234),
            ("+1,234", 1234),
            ("1,234.00", 1234),
            ("0", 0),
            ("1,000,000,000", 1_000_000_000),
            ("\u{a0}12,000\u{a0}", 12_000),
        ] {
            assert_eq!(parse_amount(text), Ok(want), "{text:?}");
        }
    }

    #[test]
    fn refuses_what_is_not_whole_won() {
        for (text, want) in [
            ("", AmountError::Empty),
            ("   ", AmountError::Empty),
            ("abc", AmountError::NotANumber),
            ("1,5", AmountError::NotANumber),
            ("1,2345", AmountError::NotANumber),
            ("1234,567", AmountError::NotANumber),
            (",123", AmountError::NotANumber),
            ("123,", AmountError::NotANumber),
            ("1,,234", AmountError::NotANumber),
            ("12.5", AmountError::Fraction),
            ("12.", AmountError::NotANumber),
            ("--1", AmountError::NotANumber),
            ("△(1)", AmountError::NotANumber),
            ("(1,234", AmountError::NotANumber),
            ("1,234원원", AmountError::NotANumber),
            ("1 234", AmountError::NotANumber),
            ("원", AmountError::NotANumber),
            ("99999999999999999999", AmountError::OutOfRange),
            ("1,000,000,000,000,000,001", AmountError::OutOfRange),
        ] {
            assert_eq!(parse_amount(text), Err(want), "{text:?}");
        }
    }

    #[test]
    fn dates_in_every_form() {
        let d = day(2023, 10, 18);
        for text in [
            "2023-10-18",
            "2023.10.18",
            "2023.10.18.",
            "2023. 10. 18.",
            "'23.10.18.",
            "’23.10.18.",
            "‘23.10.18",
            "2023/10/18",
            "20231018",
            " 2023-10-18 ",
        ] {
            assert_eq!(parse_date(text), Ok(d), "{text:?}");
        }
        assert_eq!(parse_date("2023.1.5."), Ok(day(2023, 1, 5)));
    }

    #[test]
    fn refuses_what_is_not_a_date() {
        assert_eq!(parse_date(""), Err(DateError::Empty));
        for text in [
            "23.10.18",
            "2023-10/18",
            "2023-10-18.",
            "2023.10.18..",
            "'2023.10.18",
            "2023-010-18",
            "18/10/2023",
            "2023-10",
            "yesterday",
            "2023-10-18 10:00",
        ] {
            assert_eq!(parse_date(text), Err(DateError::Format), "{text:?}");
        }
        assert_eq!(
            parse_date("2023-02-30"),
            Err(DateError::NotOnCalendar {
                year: 2023,
                month: 2,
                day: 30
            })
        );
        assert!(matches!(
            parse_date("2023.13.01."),
            Err(DateError::NotOnCalendar { month: 13, .. })
        ));
        assert!(parse_date("20230230").is_err());
    }

    #[test]
    fn excel_serials() {
        assert_eq!(excel_serial_date(45217.0, false), Some(day(2023, 10, 18)));
        assert_eq!(excel_serial_date(45217.75, false), Some(day(2023, 10, 18)));
        assert_eq!(excel_serial_date(61.0, false), Some(day(1900, 3, 1)));
        assert_eq!(excel_serial_date(60.0, false), None);
        assert_eq!(excel_serial_date(-3.0, false), None);
        assert_eq!(
            excel_serial_date(45217.0 - 1462.0, true),
            Some(day(2023, 10, 18))
        );
    }

    fn grouped(v: u64) -> String {
        yesan_domain::format::group(v)
    }

    proptest! {
        /// Whatever the magnitude and however it is written, the amount
        /// read back is the amount written.
        #[test]
        fn amount_round_trip(
            v in 0i64..=1_000_000_000_000_000,
            style in 0usize..4,
            commas in any::<bool>(),
            won in any::<bool>(),
            pad in "[ ]{0,2}",
        ) {
            let digits = if commas { grouped(v.unsigned_abs()) } else { v.to_string() };
            let unit = if won { "원" } else { "" };
            let (text, want) = match style {
                0 => (format!("{digits}{unit}"), v),
                1 => (format!("△{digits}{unit}"), -v),
                2 => (format!("-{digits}{unit}"), -v),
                _ => (format!("({digits}){unit}"), -v),
            };
            let text = format!("{pad}{text}{pad}");
            prop_assert_eq!(parse_amount(&text), Ok(want), "{:?}", text);
        }

        /// The domain's own formatting (`△1,234`) reads back unchanged.
        #[test]
        fn domain_format_reads_back(v in -1_000_000_000_000_000i64..=1_000_000_000_000_000) {
            prop_assert_eq!(parse_amount(&yesan_domain::format::amount(v)), Ok(v));
        }

        /// Every calendar date reads back in every written form.
        #[test]
        fn date_round_trip(days in 0i64..36_500, form in 0usize..6) {
            let d = day(2000, 1, 1) + chrono::Duration::days(days);
            let text = match form {
                0 => d.format("%Y-%m-%d").to_string(),
                1 => d.format("%Y.%m.%d").to_string(),
                2 => d.format("%Y.%-m.%-d.").to_string(),
                3 => d.format("'%y.%m.%d.").to_string(),
                4 => d.format("%Y/%m/%d").to_string(),
                _ => d.format("%Y%m%d").to_string(),
            };
            prop_assert_eq!(parse_date(&text), Ok(d), "{}", text);
        }
    }
}
