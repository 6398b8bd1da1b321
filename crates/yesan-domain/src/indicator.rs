//! Performance indicators (성과지표): a value with a unit, a date, and a
//! breakdown that must sum to it. Apart from the project sheet because the
//! sheet's outline text names indicators by id (`{users}`), so both the
//! sheet and its outline depend on this.

use crate::format;
use chrono::NaiveDate;
use serde::Serialize;

/// One part of an indicator's breakdown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Part {
    /// e.g. `어르신`.
    pub label: String,
    /// The part's value.
    pub value: i64,
}

/// A performance indicator (성과지표) with an optional breakdown that must
/// sum to its value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Indicator {
    /// Id, unique within the project (used in outline tokens).
    pub id: String,
    /// Name, e.g. `이용자실적`.
    pub name: String,
    /// The value.
    pub value: i64,
    /// Unit, e.g. `명`.
    pub unit: String,
    /// The date the value describes.
    pub as_of: Option<NaiveDate>,
    /// Parts; empty when there is no breakdown.
    pub breakdown: Vec<Part>,
}

impl Indicator {
    /// The sum of the breakdown, when there is one and it fits in an
    /// `i64` (a checked indicator's always does: it equals the value).
    pub fn breakdown_sum(&self) -> Option<i64> {
        if self.breakdown.is_empty() {
            return None;
        }
        self.breakdown
            .iter()
            .try_fold(0_i64, |sum, p| sum.checked_add(p.value))
    }

    /// `40,525명`.
    pub fn display_value(&self) -> String {
        format!("{}{}", format::amount(self.value), self.unit)
    }
}
