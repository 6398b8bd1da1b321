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
use yesan_domain::Dataset;
use yesan_domain::budget::Budget;
use yesan_domain::proposal::{Content, EventKind, view as view_of};
use yesan_store::{Store, StoreError, StoredProposal};

pub use yesan_domain::proposal::{
    CompareRow, EditItem, EditLine, EditProblem, ItemChange, ItemRow, LineDiff, ProposalEdit,
    ProposalError, ProposalView, Resolution, Status, VersionDiff, VersionInfo, ViewRow,
};

/// The store's refusals of a draft as the use case's.
fn from_store(e: StoreError) -> Error {
    match e {
        StoreError::Proposal(p) => Error::Proposal(p),
        other => Error::Store(other),
    }
}

/// The base year as recorded, refused when it is not.
async fn base_year(store: &Store, year: i32) -> Result<Dataset, Error> {
    let before = year - 1;
    store.load_year(before).await?.ok_or_else(|| {
        Error::Invalid(yesan_domain::text!(
            "{before}년 자료가 없어 {year}년 예산안을 만들 수 없습니다",
            "{before} is not recorded, so there is no {year} draft budget to make from it"
        ))
    })
}

/// The base year's final budget (예산현액 at its year end): what every
/// version is compared with.
async fn current(store: &Store, year: i32) -> Result<Budget, Error> {
    Ok(yesan_domain::prior::final_budget(
        &base_year(store, year).await?,
    ))
}

async fn stored(store: &Store, year: i32) -> Result<StoredProposal, Error> {
    store
        .proposal(year)
        .await?
        .ok_or(Error::Proposal(ProposalError::NoProposal { year }))
}

fn infos(p: &StoredProposal) -> Vec<VersionInfo> {
    p.versions.iter().map(|v| v.info.clone()).collect()
}

/// Creates version 1 of `year`'s draft from `year − 1`: its lines (those
/// retired during it left out), 산출기초 and economic codes; leaves
/// without items at its final amounts; totals under the institution's
/// rounding rule.
///
/// # Errors
/// [`Error::Proposal`] when a draft exists; [`Error::Invalid`] when the
/// base year is not recorded; the store's failure.
pub async fn create(store: &Store, year: i32, actor: &str) -> Result<ProposalView, Error> {
    let base = base_year(store, year).await?;
    let before = year - 1;
    let basis = store.basis(before).await?;
    let history = store
        .scoped(store.institution_code(), Some(before))
        .await?
        .structure_history()
        .await?;
    let rounding = store.policy().await?.rounding;
    let content = Content::from_base(
        year,
        &base.budget,
        &history.retired_lines(),
        &basis,
        &yesan_domain::prior::final_budget(&base),
        rounding,
    )?;
    store
        .create_proposal(&content, actor)
        .await
        .map_err(from_store)?;
    view(store, year, None).await
}

/// A version of `year`'s draft (the latest by default), computed and
/// compared with the base year's final budget.
///
/// # Errors
/// [`Error::Proposal`] for no draft or no such version.
pub async fn view(store: &Store, year: i32, version: Option<u32>) -> Result<ProposalView, Error> {
    let p = stored(store, year).await?;
    let latest = p.latest().info.number;
    let n = version.unwrap_or(latest);
    let v = p
        .versions
        .iter()
        .find(|v| v.info.number == n)
        .ok_or(Error::Proposal(ProposalError::NoVersion {
            version: n,
            latest,
        }))?;
    let current = current(store, year).await?;
    Ok(view_of(
        &v.content,
        &current,
        n,
        infos(&p),
        p.status.clone(),
    ))
}

/// The latest version with `edit` applied, not saved (live totals); its
/// version number is 0.
///
/// # Errors
/// [`Error::Proposal`] with every problem of the edit.
pub async fn preview(store: &Store, year: i32, edit: &ProposalEdit) -> Result<ProposalView, Error> {
    let p = stored(store, year).await?;
    let rounding = store.policy().await?.rounding;
    let content = p.latest().content.with_edit(edit, rounding)?;
    let current = current(store, year).await?;
    Ok(view_of(&content, &current, 0, infos(&p), p.status.clone()))
}

/// Saves the latest version with `edit` applied as a new version (under
/// the institution's rounding rule now); its number.
///
/// # Errors
/// [`Error::Proposal`] for a bad edit or a draft not being edited
/// (submitted, approved); nothing is written then.
pub async fn save(
    store: &Store,
    year: i32,
    edit: &ProposalEdit,
    note: &str,
    actor: &str,
) -> Result<u32, Error> {
    let note = yesan_domain::proposal::status::checked_note(note, "메모")?;
    let rounding = store.policy().await?.rounding;
    store
        .save_proposal(year, &note, actor, |latest| {
            latest.with_edit(edit, rounding)
        })
        .await
        .map_err(from_store)
}

/// The difference between versions `from` and `to`.
///
/// # Errors
/// [`Error::Proposal`] for a version that does not exist.
pub async fn diff(store: &Store, year: i32, from: u32, to: u32) -> Result<VersionDiff, Error> {
    let p = stored(store, year).await?;
    let latest = p.latest().info.number;
    let get = |n: u32| {
        p.versions
            .iter()
            .find(|v| v.info.number == n)
            .map(|v| &v.content)
            .ok_or(Error::Proposal(ProposalError::NoVersion {
                version: n,
                latest,
            }))
    };
    Ok(yesan_domain::proposal::diff(from, get(from)?, to, get(to)?))
}

/// Submits the latest version for approval.
///
/// # Errors
/// [`Error::Proposal`] when the draft is not being edited.
pub async fn submit(store: &Store, year: i32, actor: &str) -> Result<(), Error> {
    store
        .proposal_event(year, EventKind::Submitted, actor)
        .await
        .map(drop)
        .map_err(from_store)
}

/// Returns a submitted draft to editing, with the reason.
///
/// # Errors
/// [`Error::Proposal`] when the draft is not submitted or the reason is
/// empty or too long.
pub async fn return_to_planner(
    store: &Store,
    year: i32,
    reason: &str,
    actor: &str,
) -> Result<(), Error> {
    let reason = yesan_domain::proposal::status::checked_note(reason, "반려 사유")?;
    if reason.is_empty() {
        return Err(Error::Proposal(ProposalError::BadText {
            field: "반려 사유",
        }));
    }
    store
        .proposal_event(year, EventKind::Returned { reason }, actor)
        .await
        .map(drop)
        .map_err(from_store)
}

/// Approves the submitted version with the board's resolution: it becomes
/// the year's 본예산 — written now when the year is recorded, taken when it
/// is opened later — and never changes again.
///
/// # Errors
/// [`Error::Proposal`] when not submitted, when `actor` submitted it or
/// saved the submitted version (four-eyes), for a resolution without a
/// number, or when the recorded year cannot take it (a 본예산 already, a
/// line missing); nothing is written then.
pub async fn approve(
    store: &Store,
    year: i32,
    resolution: &Resolution,
    actor: &str,
) -> Result<(), Error> {
    let resolution = Resolution::new(resolution.date, &resolution.number, &resolution.note)?;
    store
        .proposal_event(year, EventKind::Approved { resolution }, actor)
        .await
        .map(drop)
        .map_err(from_store)
}
