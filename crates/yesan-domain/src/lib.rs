//! Yesan's domain: the institution's organisation, staffing, budget, strategy,
//! projects and execution entries, and the rules that tie them together.
//!
//! This crate is pure. It performs no I/O, runs no SQL and knows nothing of
//! HTTP or file formats, so every function here either computes a value or
//! returns a typed error describing which rule the input broke. Storage,
//! dataset files, reports and the web all depend on it; it depends on none of
//! them (see `ARCHITECTURE.md`).

pub mod access;
pub mod amendment;
pub mod as_of;
pub mod basis;
pub mod bilingual;
pub mod budget;
pub mod code;
pub mod control;
pub mod curve;
pub mod dataset;
pub mod decimal;
pub mod draft;
pub mod economic;
pub mod entry;
pub mod execution;
pub mod finding;
#[cfg(test)]
mod fixtures;
pub mod format;
pub mod glossary;
pub mod headroom;
pub mod indicator;
pub mod institution;
pub mod lagging;
pub mod local_time;
pub mod message;
pub mod money;
pub mod org;
pub mod outline;
pub mod period;
pub mod plan;
pub mod policy;
pub mod prior;
pub mod project;
pub mod proposal;
pub mod provenance;
pub mod rate;
pub mod refusal;
pub mod staffing;
pub mod structure;
pub mod target;
pub mod text;
pub mod year;

pub use bilingual::Bilingual;
pub use budget::{Budget, BudgetLine, Category, LineKind, PriorSource};
pub use code::{CodeError, DEFAULT_INSTITUTION, InstitutionCode, LineCode, ProjectCode, UnitCode};
pub use dataset::{Dataset, Parts};
pub use decimal::Decimal;
pub use economic::{Classification, EconomicCode};
pub use execution::{Entry, EntryKind, ExecutionStatus, LineExecution};
pub use finding::{Finding, Locator, Problem};
pub use message::{Lang, Localized, Text};
pub use money::{MoneyError, Won};
pub use rate::{Change, Rate};
