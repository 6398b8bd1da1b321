//! The institution itself: names, legal basis, purpose, purpose businesses
//! and the report's reference date.

use chrono::NaiveDate;
use serde::Serialize;

/// Who the data is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Institution {
    /// Korean name.
    pub name_ko: String,
    /// English name.
    pub name_en: String,
    /// The date the recorded figures describe (기준일).
    pub as_of: NaiveDate,
    /// The fiscal year.
    pub fiscal_year: i32,
    /// Main number prefix shown before heads' extensions (e.g. `570`).
    pub phone_prefix: String,
    /// 설립목적.
    pub purpose: String,
    /// Where the purpose is laid down (e.g. the articles of association).
    pub purpose_source: String,
    /// 목적사업, in order.
    pub businesses: Vec<String>,
}
