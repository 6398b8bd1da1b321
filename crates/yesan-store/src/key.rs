//! The two keys that lead every table's key, `institution_id` and
//! `fiscal_year`, as the store's statements carry them. A leaf module (it
//! imports nothing of the store), so that every other module can scope its
//! SQL without depending on the code that opens and changes scopes.
//!
//! They are integers the handle owns, never text from a caller, which is
//! why composed SQL may carry them as literals (see [`Sc::w`]).

use chrono::NaiveDate;

/// A scope's two keys, cheap to pass down to every query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Sc {
    /// `institution_id`.
    pub(crate) inst: i64,
    /// `fiscal_year`.
    pub(crate) year: i64,
}

impl Sc {
    /// `institution_id = … AND fiscal_year = …`, for a WHERE clause.
    pub(crate) fn w(self) -> String {
        format!(
            "institution_id = {} AND fiscal_year = {}",
            self.inst, self.year
        )
    }

    /// [`Sc::w`] on a table alias.
    pub(crate) fn wa(self, alias: &str) -> String {
        format!(
            "{alias}.institution_id = {} AND {alias}.fiscal_year = {}",
            self.inst, self.year
        )
    }

    /// `institution_id = …` alone, for the tables that are not yearly.
    pub(crate) fn wi(self) -> String {
        format!("institution_id = {}", self.inst)
    }

    /// `…, …`: the two key values leading an INSERT's row.
    pub(crate) fn v(self) -> String {
        format!("{}, {}", self.inst, self.year)
    }

    /// The last day of the year: the date `Store::load` reads the dated
    /// organization and staffing at.
    pub(crate) fn year_end(self) -> NaiveDate {
        i32::try_from(self.year)
            .ok()
            .and_then(|y| NaiveDate::from_ymd_opt(y, 12, 31))
            .unwrap_or(NaiveDate::MAX)
    }
}
