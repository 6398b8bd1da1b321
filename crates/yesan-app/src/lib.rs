//! Yesan's application layer: each use case once, for every front end.
//!
//! The command line (`crates/yesan`) and the web app (`crates/yesan-web`)
//! parse their input, call one function here and render what it returns;
//! neither holds a rule. Here the library crates are put together — the
//! store, budget control's refusals mapped back to file lines, the report
//! built from a snapshot — and the domain's rules (the default as-of date,
//! the lagging margin, the due-soon horizon, entry validation) are applied
//! the same way whoever asks.
//!
//! - [`store`]: open the database, creating it from the default dataset on
//!   first use.
//! - [`access`]: an account's standing across institutions (home role,
//!   grants, system flags) and the institutions it may read.
//! - [`as_of`]: the date a reader gets when none is asked for.
//! - [`snapshot`]: the budget as amended and the execution on a date, read
//!   from the per-day index once, and what is built from it (the report,
//!   the status report, the schedule items due).
//! - [`status`]: the status report the short way, for the command line.
//! - [`consolidated`]: the city's consolidated view over every
//!   institution on a date.
//! - [`record`]: entries from a form or the API, through one validation.
//! - [`import`]: entry files, streamed, checked or recorded, every problem
//!   with its file line; budget files (lines confirmed, amendments grouped).
//! - [`institution`]: adding an institution from its dataset file, with
//!   its first administrator.
//! - [`edit`]: a project sheet and the staffing table, saved against what
//!   the editor read.
//! - [`formulation`]: a flat budget export checked against a recorded
//!   year under the institution's rounding rule (nothing written).
//! - [`proposal_flat`]: a flat budget export imported into the draft as
//!   its next version (lines matched by names or added).
//! - [`indicators`]: indicator targets — setting a target, recording dated
//!   actuals (typed text parsed, every mistake naming its field), and
//!   every project's 달성률 and cost per unit of output on a date.
//! - [`proposal`]: the draft budget (예산안): versions, comparison with
//!   the current year, submission and four-eyes approval into 본예산.
//! - [`publish`]: a report in any format; exports of entries and budget.
//! - [`years`]: the year read with its prior-year column computed from the
//!   recorded year before (the snapshot's catalog).
//! - [`year`]: opening a year (carry-over) and closing one (결산).
//! - [`accounts`]: an institution's own accounts (add, role, deactivate),
//!   keeping an active administrator.
//! - [`roles`]: roles granted in other institutions and the system-wide
//!   flags, with the rules a grant must meet.
//! - [`plan`]: the monthly spending plans and what the early warning
//!   judges against (plan, prior-year curve, straight line); recording
//!   plans from the grid or a file, checked first, all or nothing.
//! - [`mappings`]: the line mappings a planner records for a year (renamed,
//!   merged, split lines), checked against both years before writing.
//! - [`structure`]: structural edits, dated — budget lines, program groups
//!   and projects, organisation units, the institution's profile — decided
//!   by the domain and written with their history.

pub mod access;
pub mod accounts;
pub mod as_of;
pub mod book;
pub mod consolidated;
pub mod edit;
mod error;
pub mod formulation;
pub mod import;
pub mod indicators;
pub mod institution;
pub mod mappings;
pub mod plan;
pub mod proposal;
pub mod proposal_files;
pub mod proposal_flat;
pub mod publish;
pub mod record;
pub mod roles;
pub mod snapshot;
pub mod status;
pub mod store;
pub mod structure;
pub mod year;
pub mod years;

pub use error::Error;
pub use snapshot::Snapshot;
