//! The draft budget (예산안) of a fiscal year, pure.
//!
//! Planners build next year's budget from the current year's: the target
//! year's lines (the base year's structure, lines retired during the base
//! year left out, economic codes kept), each leaf with its 산출기초 items
//! or a typed amount. A saved draft is a numbered, immutable version; any
//! two versions can be compared ([`diff`]); every version is compared with
//! the base year's final budget (예산현액 at its year end) by line,
//! program, category and total ([`view`]). The draft goes through
//! editing → submitted → approved (or back to editing), and the approver
//! is not the submitter ([`status`]); once approved it is the target
//! year's 본예산 and never changes again.
//!
//! - [`content`]: a version's content ([`Content`]), built from the base
//!   year, changed by an edit, and its stored form ([`ContentRecord`]),
//!   decoded through the constructors;
//! - [`edit`]: what a person edits ([`ProposalEdit`]), parsed into typed
//!   values, every problem named by line, item and field;
//! - [`view`]: what a page shows of a version (computed figures only);
//! - [`diff`]: the difference between two versions;
//! - [`status`]: the lifecycle and the four-eyes rule;
//! - [`grow`]: lines brought in from outside (a flat export), matched
//!   or added under the next free child code;
//! - [`error`]: [`ProposalError`], Korean first.

pub mod content;
pub mod diff;
pub mod edit;
pub mod error;
pub mod grow;
pub mod status;
pub mod view;

pub use content::{Content, ContentRecord, ItemRecord, LineRecord};
pub use diff::{EconomicChange, ItemChange, LineDiff, VersionDiff, diff};
pub use edit::{EditItem, EditLine, EditProblem, ProposalEdit};
pub use error::{MergeIssue, MergeProblem, ProposalError};
pub use grow::{Incoming, Merged, Parent, Slot};
pub use status::{Event, EventKind, Resolution, Status, VersionInfo};
pub use view::{CompareRow, ItemRow, ProposalView, ViewRow, view};

#[cfg(test)]
mod grow_tests;
#[cfg(test)]
mod tests;
