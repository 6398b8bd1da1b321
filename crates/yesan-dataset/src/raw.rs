//! The dataset file's records as TOML gives them, each value with its
//! source span: what `read` converts into domain types.

use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

pub(crate) type S<T> = Spanned<T>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDataset {
    pub(crate) format: S<String>,
    pub(crate) institution: S<RawInstitution>,
    pub(crate) org: RawOrg,
    pub(crate) staffing: S<RawStaffing>,
    pub(crate) budget: RawBudget,
    #[serde(default)]
    pub(crate) programs: Vec<S<RawProgram>>,
    #[serde(default)]
    pub(crate) projects: Vec<S<RawProject>>,
    #[serde(default)]
    pub(crate) execution: Option<RawExecution>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawInstitution {
    pub(crate) name_ko: String,
    pub(crate) name_en: String,
    pub(crate) as_of: S<Datetime>,
    pub(crate) fiscal_year: S<i32>,
    #[serde(default)]
    pub(crate) phone_prefix: String,
    pub(crate) purpose: String,
    #[serde(default)]
    pub(crate) purpose_source: String,
    pub(crate) businesses: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawOrg {
    pub(crate) units: Vec<S<RawUnit>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawContact {
    pub(crate) name: String,
    pub(crate) ext: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDuty {
    #[serde(default)]
    pub(crate) title: Option<String>,
    pub(crate) items: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawUnit {
    pub(crate) code: S<String>,
    pub(crate) name: String,
    pub(crate) kind: S<String>,
    #[serde(default)]
    pub(crate) parent: Option<S<String>>,
    #[serde(default)]
    pub(crate) head: Option<RawContact>,
    #[serde(default)]
    pub(crate) duties: Vec<RawDuty>,
    #[serde(default)]
    pub(crate) note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawStaffing {
    pub(crate) as_of: S<Datetime>,
    pub(crate) grades: Vec<S<RawGrade>>,
    #[serde(default)]
    pub(crate) outside_quota: Vec<RawOutside>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawGrade {
    pub(crate) grade: String,
    pub(crate) authorized: u32,
    pub(crate) current: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawOutside {
    pub(crate) kind: String,
    pub(crate) count: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawBudget {
    pub(crate) fiscal_year: S<i32>,
    pub(crate) unit: S<String>,
    #[serde(default)]
    pub(crate) prior_label: String,
    pub(crate) lines: Vec<S<RawLine>>,
    #[serde(default)]
    pub(crate) amendments: Vec<S<RawAmendment>>,
    #[serde(default)]
    pub(crate) prior_curve: Option<S<Vec<u16>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawAmendment {
    pub(crate) no: S<String>,
    pub(crate) date: S<Datetime>,
    pub(crate) kind: S<String>,
    #[serde(default)]
    pub(crate) note: String,
    pub(crate) changes: Vec<S<RawDelta>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDelta {
    pub(crate) line: S<String>,
    pub(crate) amount: S<i64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawLine {
    pub(crate) code: S<String>,
    pub(crate) kind: S<String>,
    #[serde(default)]
    pub(crate) category: Option<S<String>>,
    pub(crate) name: String,
    #[serde(default)]
    pub(crate) parent: Option<S<String>>,
    #[serde(default)]
    pub(crate) amount: Option<S<i64>>,
    #[serde(default)]
    pub(crate) prior: Option<S<i64>>,
    #[serde(default)]
    pub(crate) view_name: Option<String>,
    #[serde(default)]
    pub(crate) economic: Option<S<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawProgram {
    pub(crate) code: S<String>,
    pub(crate) line: S<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawProject {
    pub(crate) code: S<String>,
    pub(crate) program: S<String>,
    pub(crate) line: S<String>,
    pub(crate) title: String,
    pub(crate) executive: S<String>,
    pub(crate) team: S<String>,
    pub(crate) officer: RawContact,
    pub(crate) purpose: String,
    pub(crate) background: String,
    pub(crate) content: String,
    #[serde(default)]
    pub(crate) budget_notes: Vec<String>,
    #[serde(default)]
    pub(crate) achievements_heading: Option<String>,
    #[serde(default)]
    pub(crate) schedule_heading: Option<String>,
    pub(crate) achievements: S<String>,
    #[serde(default)]
    pub(crate) indicators: Vec<S<RawIndicator>>,
    #[serde(default)]
    pub(crate) schedule: Vec<S<RawSchedule>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawIndicator {
    pub(crate) id: S<String>,
    pub(crate) name: String,
    pub(crate) value: i64,
    pub(crate) unit: String,
    #[serde(default)]
    pub(crate) as_of: Option<S<Datetime>>,
    #[serde(default)]
    pub(crate) breakdown: Option<S<Vec<RawPart>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPart {
    pub(crate) label: String,
    pub(crate) value: i64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSchedule {
    pub(crate) text: String,
    #[serde(default)]
    pub(crate) period: Option<S<String>>,
    #[serde(default)]
    pub(crate) group: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawExecution {
    pub(crate) unit: S<String>,
    #[serde(default)]
    pub(crate) entries: Vec<S<RawEntry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawEntry {
    pub(crate) doc_no: S<String>,
    pub(crate) date: S<Datetime>,
    pub(crate) kind: S<String>,
    pub(crate) line: S<String>,
    pub(crate) amount: S<i64>,
    #[serde(default, rename = "ref")]
    pub(crate) reference: Option<S<String>>,
    #[serde(default)]
    pub(crate) counterparty: Option<String>,
    #[serde(default)]
    pub(crate) memo: Option<String>,
}

/// Just the format line, read first to choose the reader.
#[derive(Deserialize)]
pub(crate) struct RawHead {
    #[serde(default)]
    pub(crate) format: Option<String>,
}

/// A `yesan-dataset/2` file: one institution, several fiscal years.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFile {
    pub(crate) format: S<String>,
    pub(crate) code: S<String>,
    #[serde(default)]
    pub(crate) settings: Option<RawSettings>,
    pub(crate) years: Vec<S<RawYear>>,
}

/// The institution's `[settings]` (`yesan_domain::policy`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSettings {
    #[serde(default)]
    pub(crate) basis_rounding: Option<S<String>>,
    #[serde(default)]
    pub(crate) require_economic: Option<bool>,
    #[serde(default)]
    pub(crate) cap_achievement: Option<bool>,
}

/// One fiscal year of a `yesan-dataset/2` file; a past year may hold only
/// its budget.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawYear {
    #[serde(default)]
    pub(crate) institution: Option<S<RawInstitution>>,
    #[serde(default)]
    pub(crate) org: Option<RawOrg>,
    #[serde(default)]
    pub(crate) staffing: Option<S<RawStaffing>>,
    pub(crate) budget: RawBudget,
    #[serde(default)]
    pub(crate) programs: Vec<S<RawProgram>>,
    #[serde(default)]
    pub(crate) projects: Vec<S<RawProject>>,
    #[serde(default)]
    pub(crate) execution: Option<RawExecution>,
    #[serde(default)]
    pub(crate) mappings: Vec<S<RawMapping>>,
}

/// A line mapping from the previous year (rename, merge or split).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawMapping {
    pub(crate) from: S<Vec<String>>,
    pub(crate) to: S<Vec<String>>,
    #[serde(default)]
    pub(crate) ratios: Option<S<Vec<u32>>>,
    #[serde(default)]
    pub(crate) amounts: Option<S<Vec<i64>>>,
    #[serde(default)]
    pub(crate) note: String,
}
