//! The date a reader sees when none is asked for, and the lagging margin
//! a status uses when none is given: one rule each, shared by the command
//! line, the web pages and the API, so that `yesan report`, `yesan status`
//! and the dashboard open on the same day and flag the same lines.
//!
//! Also what a reader is told about the date they look at ([`notes`]): a
//! date outside the fiscal year shown is moved into it ([`into_year`]),
//! and says so; a date before the ledger's first entry says from when the
//! ledger holds entries; and opening entries — the cumulative figures an
//! institution brings in when it starts recording mid-year, as the
//! default dataset does on 2023-10-18 ([`is_opening`]) — are named as
//! such, so that 0 on 2023-06-30 and the October jump of the monthly
//! curve are explained rather than puzzling.

use crate::bilingual::Bilingual;
use chrono::{Datelike, NaiveDate};

/// The lagging margin when none is given: a line lags when its
/// disbursement rate is more than this many tenths of a percentage point
/// (10.0 %p) below the expected rate.
pub const DEFAULT_LAGGING_MARGIN_TENTHS: i64 = 100;

/// What the default date is decided from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AsOfFacts {
    /// Today, by the machine's clock.
    pub today: NaiveDate,
    /// The budget's fiscal year.
    pub fiscal_year: i32,
    /// The latest recorded entry's date, if any.
    pub latest_entry: Option<NaiveDate>,
    /// The dataset's stated as-of date (`institution.as_of`).
    pub stated: NaiveDate,
}

/// The default as-of date: **today, while it falls in the fiscal year**
/// (a year being run is read as it stands); otherwise — a year closed or
/// not yet begun — **the later of the dataset's stated date and the latest
/// entry's date**, so that nothing recorded is left out and a report of
/// the default dataset is dated as the seed is.
pub fn default_as_of(f: AsOfFacts) -> NaiveDate {
    if f.today.year() == f.fiscal_year {
        return f.today;
    }
    match f.latest_entry {
        Some(latest) if latest > f.stated => latest,
        _ => f.stated,
    }
}

/// `date` moved into `fiscal_year`: itself when it falls in it, else the
/// year's first day (a date before it) or last day (a date after it).
pub fn into_year(date: NaiveDate, fiscal_year: i32) -> NaiveDate {
    match date.year().cmp(&fiscal_year) {
        std::cmp::Ordering::Equal => date,
        std::cmp::Ordering::Less => NaiveDate::from_ymd_opt(fiscal_year, 1, 1).unwrap_or(date),
        std::cmp::Ordering::Greater => NaiveDate::from_ymd_opt(fiscal_year, 12, 31).unwrap_or(date),
    }
}

/// Whether an entry is an opening entry (개시 전표): the cumulative
/// figure of a line brought in on the day recording began, not a
/// transaction of that day. Marked by its memo (`… 기준 누계(개시)`, any
/// memo naming 개시) or a document number starting `OPEN-`, as the
/// default dataset and the dataset format write them.
pub fn is_opening(doc_no: &str, memo: Option<&str>) -> bool {
    doc_no
        .get(..5)
        .is_some_and(|p| p.eq_ignore_ascii_case("OPEN-"))
        || memo.is_some_and(|m| m.contains("개시"))
}

/// Where a year's ledger begins: its first day with entries, and whether
/// that day's entries are opening entries (cumulative figures).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LedgerStart {
    /// The first date with entries.
    pub first_day: NaiveDate,
    /// Whether that day's entries are all opening entries.
    pub opening: bool,
}

/// What a reader is told about the date shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AsOfNote {
    /// The date asked for is outside the fiscal year shown: `shown` is
    /// the date in it that the page uses.
    OutsideYear {
        /// The date asked for.
        asked: NaiveDate,
        /// The fiscal year shown.
        year: i32,
        /// The date used instead.
        shown: NaiveDate,
    },
    /// The date is before the ledger's first entry: execution shows 0.
    BeforeLedger {
        /// The date shown.
        as_of: NaiveDate,
        /// The ledger's first day.
        first_day: NaiveDate,
        /// Whether the first day's entries are cumulative opening figures.
        opening: bool,
    },
    /// The execution shown includes opening entries: cumulative figures
    /// recorded on `first_day`.
    Opening {
        /// The day of the opening entries.
        first_day: NaiveDate,
    },
    /// The year's ledger holds no entry at all: execution shows 0 (a year
    /// recorded with its budget only, as the default dataset's 2022, or
    /// one just opened), and every line judged lagging is judged against
    /// nothing recorded.
    NoLedger {
        /// The fiscal year.
        year: i32,
    },
}

/// What to tell a reader looking at `shown` in `fiscal_year` after asking
/// for `asked` (none: the default date), given where the ledger begins.
pub fn notes(
    asked: Option<NaiveDate>,
    shown: NaiveDate,
    fiscal_year: i32,
    start: Option<LedgerStart>,
) -> Vec<AsOfNote> {
    let mut out = Vec::new();
    if let Some(a) = asked.filter(|a| a.year() != fiscal_year) {
        out.push(AsOfNote::OutsideYear {
            asked: a,
            year: fiscal_year,
            shown,
        });
    }
    match start {
        Some(s) if shown < s.first_day => out.push(AsOfNote::BeforeLedger {
            as_of: shown,
            first_day: s.first_day,
            opening: s.opening,
        }),
        Some(s) if s.opening => out.push(AsOfNote::Opening {
            first_day: s.first_day,
        }),
        Some(_) => {}
        None => out.push(AsOfNote::NoLedger { year: fiscal_year }),
    }
    out
}

impl Bilingual for AsOfNote {
    fn ko(&self) -> String {
        match self {
            AsOfNote::OutsideYear { asked, year, shown } => format!(
                "{asked}은(는) {year}회계연도 밖의 날짜입니다. {year}회계연도 안의 {shown} 기준으로 보여 줍니다."
            ),
            AsOfNote::BeforeLedger {
                as_of,
                first_day,
                opening,
            } => {
                let mut s = format!(
                    "장부에는 {first_day}부터 집행 기록이 있습니다. 그 전인 {as_of}의 집행액은 0원으로 보입니다."
                );
                if *opening {
                    s.push_str(&format!(
                        " {first_day}의 기록은 그날까지의 누계를 한꺼번에 옮겨 적은 개시 자료({first_day} 기준 누계로 기록된 자료)여서, 그 전 날짜의 집행은 나뉘어 있지 않습니다."
                    ));
                }
                s
            }
            AsOfNote::Opening { first_day } => format!(
                "집행액에는 {first_day} 기준 누계로 기록된 개시 자료가 들어 있습니다. 그 전 달의 집행은 나뉘어 있지 않아 월별 곡선은 {first_day}에 한꺼번에 오릅니다."
            ),
            AsOfNote::NoLedger { year } => format!(
                "{year}회계연도 장부에는 집행 기록이 하나도 없습니다. 집행액은 0원으로 보이며, 예산만 기록한 연도라면 집행 부진 판정은 실제 집행과 관계가 없습니다."
            ),
        }
    }

    fn en(&self) -> String {
        match self {
            AsOfNote::OutsideYear { asked, year, shown } => format!(
                "{asked} is outside fiscal year {year}: shown as of {shown}, within the year."
            ),
            AsOfNote::BeforeLedger {
                as_of,
                first_day,
                opening,
            } => {
                let mut s = format!(
                    "The ledger holds entries from {first_day}: execution on {as_of}, before it, shows as 0."
                );
                if *opening {
                    s.push_str(&format!(
                        " The entries of {first_day} are the cumulative figures as of that day, brought in at once (opening entries), so earlier dates are not broken down."
                    ));
                }
                s
            }
            AsOfNote::Opening { first_day } => format!(
                "Execution includes opening entries: cumulative figures as of {first_day}. The months before are not broken down, so the monthly curve rises at once on {first_day}."
            ),
            AsOfNote::NoLedger { year } => format!(
                "The ledger of fiscal year {year} holds no entries: execution shows as 0, and for a year recorded with its budget only, lines judged lagging say nothing of actual spending."
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn facts(today: NaiveDate, latest: Option<NaiveDate>) -> AsOfFacts {
        AsOfFacts {
            today,
            fiscal_year: 2023,
            latest_entry: latest,
            stated: d(2023, 10, 18),
        }
    }

    #[test]
    fn today_inside_the_fiscal_year() {
        let today = d(2023, 5, 2);
        assert_eq!(default_as_of(facts(today, Some(d(2023, 10, 20)))), today);
    }

    #[test]
    fn outside_the_year_the_later_of_the_stated_date_and_the_latest_entry() {
        let later = d(2024, 3, 1);
        assert_eq!(default_as_of(facts(later, None)), d(2023, 10, 18));
        assert_eq!(
            default_as_of(facts(later, Some(d(2023, 9, 1)))),
            d(2023, 10, 18)
        );
        assert_eq!(
            default_as_of(facts(later, Some(d(2023, 11, 30)))),
            d(2023, 11, 30)
        );
    }

    #[test]
    fn a_date_is_moved_into_the_year_and_the_reader_is_told() {
        assert_eq!(into_year(d(2030, 1, 1), 2023), d(2023, 12, 31));
        assert_eq!(into_year(d(2019, 5, 1), 2023), d(2023, 1, 1));
        assert_eq!(into_year(d(2023, 6, 30), 2023), d(2023, 6, 30));
        let start = Some(LedgerStart {
            first_day: d(2023, 10, 18),
            opening: true,
        });
        let n = notes(Some(d(2030, 1, 1)), d(2023, 12, 31), 2023, start);
        assert_eq!(
            n,
            [
                AsOfNote::OutsideYear {
                    asked: d(2030, 1, 1),
                    year: 2023,
                    shown: d(2023, 12, 31)
                },
                AsOfNote::Opening {
                    first_day: d(2023, 10, 18)
                }
            ]
        );
        assert!(
            n[0].ko()
                .starts_with("2030-01-01은(는) 2023회계연도 밖의 날짜입니다")
        );
        let before = notes(Some(d(2023, 6, 30)), d(2023, 6, 30), 2023, start);
        assert!(before[0].ko().starts_with("장부에는 2023-10-18부터 집행 기록이 있습니다. 그 전인 2023-06-30의 집행액은 0원으로 보입니다."));
        assert!(
            before[0]
                .ko()
                .contains("2023-10-18 기준 누계로 기록된 자료")
        );
        assert!(before[0].en().contains("opening entries"));
        // A ledger of ordinary entries: only a date before it is noted.
        let plain = Some(LedgerStart {
            first_day: d(2023, 1, 5),
            opening: false,
        });
        assert!(notes(None, d(2023, 3, 1), 2023, plain).is_empty());
        assert_eq!(notes(None, d(2023, 1, 4), 2023, plain).len(), 1);
        // No ledger at all (a year recorded with its budget only): said.
        let none = notes(None, d(2022, 12, 31), 2022, None);
        assert_eq!(none, [AsOfNote::NoLedger { year: 2022 }]);
        assert!(
            none[0]
                .ko()
                .starts_with("2022회계연도 장부에는 집행 기록이 하나도 없습니다")
        );
        assert!(none[0].en().contains("holds no entries"));
    }

    #[test]
    fn opening_entries_are_known_by_their_memo_or_number() {
        assert!(is_opening("OPEN-E1-C", None));
        assert!(is_opening("open-x", None));
        assert!(is_opening("2023-1", Some("2023-10-18 기준 누계(개시)")));
        assert!(!is_opening("2023-0901", Some("차량 개조 설계")));
        assert!(!is_opening("OPE", None));
    }

    #[test]
    fn the_default_margin_is_ten_points() {
        assert_eq!(DEFAULT_LAGGING_MARGIN_TENTHS, 100);
    }
}
