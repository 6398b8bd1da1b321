//! Periods as Korean reports write them (`~11월`, `10~12월`, `11.7~9`,
//! `12월 ~ ’24.3월`), parsed against the fiscal year into dates so that
//! schedules can be sorted, shown as due or overdue, and checked.

use crate::message::{Lang, Localized, josa};
use crate::{bilingual_display, ko_en};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// A period with its label as written and the dates it means. At least one
/// end is known; an open start (`~11월`) or end (`11월~`) is `None`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Period {
    /// As written, e.g. `~11월`.
    pub label: String,
    /// First day, if bounded.
    pub start: Option<NaiveDate>,
    /// Last day, if bounded.
    pub end: Option<NaiveDate>,
}

/// Why a period label could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct PeriodError {
    /// The label.
    pub label: String,
    /// Why, in Korean and in English.
    pub reason: (&'static str, &'static str),
}

impl Localized for PeriodError {
    fn say(&self, lang: Lang) -> String {
        let label = crate::text::quoted(&self.label);
        let (ko, en) = self.reason;
        let l = josa(&format!("'{label}'"), "은", "는");
        ko_en!(
            lang,
            "기간 {l} 읽을 수 없습니다({ko}). 예: 12월, ~11월, 10~12월, ~11.30, 11.7~9",
            "cannot read the period '{label}' ({en}); for example 12월, ~11월, 10~12월, ~11.30, 11.7~9"
        )
    }
}

bilingual_display!(PeriodError);

#[derive(Debug, Clone, Copy, PartialEq)]
enum Point {
    Month { year: i32, month: u32 },
    Day { year: i32, month: u32, day: u32 },
    Bare(u32),
}

fn parse_point(s: &str, year: i32) -> Result<Option<Point>, (&'static str, &'static str)> {
    let s = s.trim().trim_end_matches('.').trim();
    if s.is_empty() {
        return Ok(None);
    }
    let (year, rest) = match s.strip_prefix(['’', '\'', '‘']) {
        Some(r) => {
            let (yy, rest) = r
                .split_once('.')
                .ok_or(("연도 뒤에 '.'이 필요합니다", "a year needs a '.' after it"))?;
            let yy: i32 = yy
                .trim()
                .parse()
                .map_err(|_| ("연도가 숫자가 아닙니다", "the year is not a number"))?;
            (2000 + yy, rest.trim())
        }
        None => (year, s),
    };
    if let Some(m) = rest.strip_suffix('월') {
        let month = m
            .trim()
            .parse()
            .map_err(|_| ("월이 숫자가 아닙니다", "the month is not a number"))?;
        return Ok(Some(Point::Month { year, month }));
    }
    if let Some((m, d)) = rest.split_once('.') {
        let month = m
            .trim()
            .parse()
            .map_err(|_| ("월이 숫자가 아닙니다", "the month is not a number"))?;
        let day = d
            .trim()
            .parse()
            .map_err(|_| ("일이 숫자가 아닙니다", "the day is not a number"))?;
        return Ok(Some(Point::Day { year, month, day }));
    }
    rest.parse()
        .map(|n| Some(Point::Bare(n)))
        .map_err(|_| ("알 수 없는 형식", "unknown form"))
}

fn first_day(p: Point) -> Option<NaiveDate> {
    match p {
        Point::Month { year, month } => NaiveDate::from_ymd_opt(year, month, 1),
        Point::Day { year, month, day } => NaiveDate::from_ymd_opt(year, month, day),
        Point::Bare(_) => None,
    }
}

fn last_day(p: Point) -> Option<NaiveDate> {
    match p {
        Point::Month { year, month } => {
            let next = if month == 12 {
                NaiveDate::from_ymd_opt(year + 1, 1, 1)
            } else {
                NaiveDate::from_ymd_opt(year, month + 1, 1)
            };
            next.and_then(|d| d.pred_opt())
        }
        other => first_day(other),
    }
}

impl Period {
    /// Parses `label` for a fiscal year.
    pub fn parse(label: &str, fiscal_year: i32) -> Result<Period, PeriodError> {
        let err = |reason| PeriodError {
            label: label.to_owned(),
            reason,
        };
        let (a, b) = match label.split_once('~') {
            Some((a, b)) => (
                parse_point(a, fiscal_year).map_err(err)?,
                parse_point(b, fiscal_year).map_err(err)?,
            ),
            None => {
                let p = parse_point(label, fiscal_year).map_err(err)?;
                (p, p)
            }
        };
        // A bare number borrows its meaning from the other end:
        // `10~12월` is months 10 to 12, `11.7~9` is days 7 to 9 of November.
        let resolve = |p: Option<Point>, other: Option<Point>| match (p, other) {
            (Some(Point::Bare(n)), Some(Point::Month { year, .. })) => {
                Ok(Some(Point::Month { year, month: n }))
            }
            (Some(Point::Bare(n)), Some(Point::Day { year, month, .. })) => Ok(Some(Point::Day {
                year,
                month,
                day: n,
            })),
            (Some(Point::Bare(_)), _) => Err(err((
                "숫자만으로는 월인지 일인지 알 수 없습니다",
                "a bare number needs '월' or a date beside it",
            ))),
            (p, _) => Ok(p),
        };
        let (a, b) = (resolve(a, b)?, resolve(b, a)?);
        if a.is_none() && b.is_none() {
            return Err(err(("비어 있습니다", "empty")));
        }
        let start = a
            .map(|p| first_day(p).ok_or_else(|| err(("없는 날짜", "no such date"))))
            .transpose()?;
        let end = b
            .map(|p| last_day(p).ok_or_else(|| err(("없는 날짜", "no such date"))))
            .transpose()?;
        if let (Some(s), Some(e)) = (start, end)
            && e < s
        {
            return Err(err((
                "끝이 시작보다 앞섭니다",
                "the end is before the start",
            )));
        }
        Ok(Period {
            label: label.trim().to_owned(),
            start,
            end,
        })
    }

    /// The last day that still counts as on time: the end, or for an open
    /// end the start.
    pub fn due(&self) -> Option<NaiveDate> {
        self.end.or(self.start)
    }

    /// Whether `date` falls inside the period.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.start.is_none_or(|s| s <= date) && self.end.is_none_or(|e| date <= e)
    }
}

/// `9.30`: month and day without leading zeros, as reports write dates in
/// running text.
pub fn short_date(d: NaiveDate) -> String {
    format!("{}.{}", d.month(), d.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2023, m, day).unwrap()
    }

    fn p(s: &str) -> (Option<NaiveDate>, Option<NaiveDate>) {
        let p = Period::parse(s, 2023).unwrap();
        (p.start, p.end)
    }

    #[test]
    fn seed_periods() {
        assert_eq!(p("12월"), (Some(d(12, 1)), Some(d(12, 31))));
        assert_eq!(p("~11월"), (None, Some(d(11, 30))));
        assert_eq!(p("10~12월"), (Some(d(10, 1)), Some(d(12, 31))));
        assert_eq!(p("9~11월"), (Some(d(9, 1)), Some(d(11, 30))));
        assert_eq!(p("~11.30"), (None, Some(d(11, 30))));
        assert_eq!(p("11.7~9"), (Some(d(11, 7)), Some(d(11, 9))));
        assert_eq!(p("11월~"), (Some(d(11, 1)), None));
        assert_eq!(p("10월"), (Some(d(10, 1)), Some(d(10, 31))));
        assert_eq!(
            p("12월 ~ ’24.3월"),
            (Some(d(12, 1)), NaiveDate::from_ymd_opt(2024, 3, 31))
        );
        assert_eq!(p("2.21."), (Some(d(2, 21)), Some(d(2, 21))));
    }

    #[test]
    fn refuses_nonsense() {
        assert!(Period::parse("언젠가", 2023).is_err());
        assert!(Period::parse("~", 2023).is_err());
        assert!(Period::parse("13월", 2023).is_err());
        assert!(Period::parse("12~3월", 2023).is_err());
        assert!(Period::parse("2.30", 2023).is_err());
        let e = Period::parse("7", 2023).unwrap_err();
        assert!(e.to_string().contains("'7'"));
    }

    #[test]
    fn due_and_contains() {
        let p = Period::parse("~11월", 2023).unwrap();
        assert_eq!(p.due(), Some(d(11, 30)));
        assert!(p.contains(d(1, 1)));
        assert!(!p.contains(d(12, 1)));
        assert_eq!(short_date(d(9, 30)), "9.30");
    }
}
