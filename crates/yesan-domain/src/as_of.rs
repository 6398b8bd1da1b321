//! The date a reader sees when none is asked for, and the lagging margin
//! a status uses when none is given: one rule each, shared by the command
//! line, the web pages and the API, so that `yesan report`, `yesan status`
//! and the dashboard open on the same day and flag the same lines.

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
    fn the_default_margin_is_ten_points() {
        assert_eq!(DEFAULT_LAGGING_MARGIN_TENTHS, 100);
    }
}
