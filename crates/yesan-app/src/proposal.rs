//! The draft budget (예산안) of a fiscal year, for planners and the board:
//! create the draft of `year` from `year − 1`, show any version compared
//! with the base year's final budget, preview an unsaved edit (live
//! totals), save a new version, compare two versions, submit, return,
//! approve. What the figures and the rules are is the domain's
//! (`yesan_domain::proposal`); the store keeps the versions and the status
//! events append-only. Approval makes the approved version the target
//! year's 본예산 (the store writes it in the approval's transaction when
//! the year is recorded; `year::open` takes it when the year is opened
//! later).

use crate::Error;
use chrono::NaiveDate;
use yesan_store::Store;

pub use yesan_domain::proposal::{
    CompareRow, EditItem, EditLine, EditProblem, ItemChange, ItemRow, LineDiff, ProposalEdit,
    ProposalError, ProposalView, Status, VersionDiff, VersionInfo, ViewRow,
};

/// The board's resolution (이사회 의결): 의결일, 의결 번호, 비고.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolution {
    /// 의결일.
    pub date: NaiveDate,
    /// 의결 번호.
    pub number: String,
    /// 비고.
    pub note: String,
}

fn todo() -> Error {
    Error::Invalid(yesan_domain::text!("준비 중입니다", "not yet available"))
}

/// Creates version 1 of `year`'s draft from `year − 1`.
///
/// # Errors
/// [`Error::Proposal`] when a draft exists; the store's failure.
pub async fn create(store: &Store, year: i32, actor: &str) -> Result<ProposalView, Error> {
    let _ = (store, year, actor);
    Err(todo())
}

/// A version of `year`'s draft (the latest by default), computed.
///
/// # Errors
/// [`Error::Proposal`] for no draft or no such version.
pub async fn view(store: &Store, year: i32, version: Option<u32>) -> Result<ProposalView, Error> {
    let _ = (store, year, version);
    Err(todo())
}

/// The latest version with `edit` applied, not saved (live totals).
///
/// # Errors
/// [`Error::Proposal`] with every problem of the edit.
pub async fn preview(store: &Store, year: i32, edit: &ProposalEdit) -> Result<ProposalView, Error> {
    let _ = (store, year, edit);
    Err(todo())
}

/// Saves the latest version with `edit` applied as a new version; its
/// number.
///
/// # Errors
/// [`Error::Proposal`] for a bad edit or a draft not being edited.
pub async fn save(
    store: &Store,
    year: i32,
    edit: &ProposalEdit,
    note: &str,
    actor: &str,
) -> Result<u32, Error> {
    let _ = (store, year, edit, note, actor);
    Err(todo())
}

/// The difference between versions `from` and `to`.
///
/// # Errors
/// [`Error::Proposal`] for a version that does not exist.
pub async fn diff(store: &Store, year: i32, from: u32, to: u32) -> Result<VersionDiff, Error> {
    let _ = (store, year, from, to);
    Err(todo())
}

/// Submits the latest version for approval.
///
/// # Errors
/// [`Error::Proposal`] when the draft is not being edited.
pub async fn submit(store: &Store, year: i32, actor: &str) -> Result<(), Error> {
    let _ = (store, year, actor);
    Err(todo())
}

/// Returns a submitted draft to editing, with the reason.
///
/// # Errors
/// [`Error::Proposal`] when the draft is not submitted.
pub async fn return_to_planner(
    store: &Store,
    year: i32,
    reason: &str,
    actor: &str,
) -> Result<(), Error> {
    let _ = (store, year, reason, actor);
    Err(todo())
}

/// Approves the submitted version: it becomes the year's 본예산.
///
/// # Errors
/// [`Error::Proposal`] when not submitted, when `actor` submitted or saved
/// it (four-eyes), or the recorded year cannot take it.
pub async fn approve(
    store: &Store,
    year: i32,
    resolution: &Resolution,
    actor: &str,
) -> Result<(), Error> {
    let _ = (store, year, resolution, actor);
    Err(todo())
}
