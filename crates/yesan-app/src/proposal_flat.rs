//! A flat budget export (정책사업 › 단위사업 › 세부사업 › 편성목 › 통계목 by
//! columns, as local-finance systems export it) imported into a year's
//! draft budget (예산안) as its next version: `yesan budget draft
//! import-flat YEAR FILE`.
//!
//! The file is read under the institution's rounding rule; each of its
//! lines is placed in the draft's latest version by its path of names
//! ([`crate::formulation::place`], the same matcher `check-flat` uses);
//! matched lines take the file's 편성목·통계목, and matched leaves its
//! amount or 산출기초 items; unmatched lines are added under their parent
//! with the next free child code (`yesan_domain::proposal::grow`). All or
//! nothing: a file with any problem (a 산출기초 that does not parse or
//! disagrees with its 예산액, a line that conflicts with the draft) is
//! refused with every problem by row and cell, and nothing is written.

use crate::Error;
use crate::formulation::{Placement, place};
use crate::proposal::ProposalError;
use yesan_domain::code::LineCode;
use yesan_domain::money::Won;
use yesan_domain::proposal::edit::Parsed;
use yesan_domain::proposal::{Incoming, Parent, Slot};
use yesan_import::{FlatBudget, RowError};

pub use yesan_import::ImportError;
use yesan_store::{Store, StoreError};

/// One line of the file and where it went in the draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacedLine {
    /// Its path of names in the file (`사업비 › 기록관리 › …`).
    pub path: String,
    /// Its code in the new version.
    pub code: LineCode,
    /// Its amount in the file, in won.
    pub amount: Won,
    /// How many 산출기초 items it brought.
    pub items: usize,
}

/// A flat export imported as a new version of the draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlatImported {
    /// The new version's number.
    pub version: u32,
    /// The file's lines the draft had.
    pub matched: Vec<PlacedLine>,
    /// The file's lines added to the draft.
    pub added: Vec<PlacedLine>,
    /// Draft lines that held an amount of their own and now total the
    /// file's lines below them, with what they held.
    pub opened: Vec<(LineCode, Won)>,
    /// The file's total in won.
    pub total: Won,
    /// What the reader noticed but took (e.g. 예산액 stated in 천원).
    pub warnings: Vec<String>,
}

/// The draft's merge problems as the file's rows and cells: a problem of
/// a file line is at the first row that names it, in its level's column.
fn refusal(
    file: &str,
    flat: &FlatBudget,
    problems: &[yesan_domain::proposal::MergeProblem],
) -> ImportError {
    ImportError {
        file: file.to_owned(),
        file_errors: Vec::new(),
        row_errors: problems
            .iter()
            .map(|p| {
                let line = &flat.lines[p.at];
                RowError {
                    file: file.to_owned(),
                    line: line.rows.first().copied().unwrap_or(0),
                    column: Some(line.level.korean().to_owned()),
                    message: yesan_domain::Text::new(
                        format!("{}: {}", flat.path(p.at), yesan_domain::Bilingual::ko(p)),
                        format!("{}: {}", flat.path(p.at), yesan_domain::Bilingual::en(p)),
                    ),
                }
            })
            .collect(),
        more_row_errors: 0,
    }
}

/// The file's lines as the draft's incoming lines, placed by `placed`.
fn incoming(flat: &FlatBudget, placed: &[Placement]) -> Vec<Incoming> {
    flat.lines
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let leaf = flat.children(i).next().is_none();
            let value = leaf.then(|| {
                if line.items.is_empty() {
                    Parsed::Amount(line.amount)
                } else {
                    Parsed::Items(line.items.clone())
                }
            });
            let slot = match &placed[i] {
                Placement::Matched(code) => Slot::Existing(code.clone()),
                Placement::New => Slot::New {
                    parent: match line.parent {
                        None => Parent::Top,
                        Some(p) => match &placed[p] {
                            Placement::Matched(code) => Parent::Line(code.clone()),
                            Placement::New => Parent::Incoming(p),
                        },
                    },
                    name: line.name.clone(),
                },
            };
            Incoming {
                slot,
                economic: line.economic,
                value,
            }
        })
        .collect()
}

/// Imports the flat export `bytes` (named `file_name` in messages and in
/// the version's note, after `note`) into `year`'s draft as its next
/// version, saved by `actor`.
///
/// # Errors
/// [`Error::Flat`] with every problem by row and cell (the file's, or its
/// conflicts with the draft); [`Error::Proposal`] for no draft or a draft
/// not being edited; the store's failure. Nothing is written then.
pub async fn import_flat(
    store: &Store,
    year: i32,
    bytes: &[u8],
    file_name: &str,
    note: &str,
    actor: &str,
) -> Result<FlatImported, Error> {
    let rounding = store.policy().await?.rounding;
    let flat = yesan_import::parse_flat(file_name, bytes, rounding)
        .map_err(|e| Error::Flat(e.to_import_error()))?;
    let note = if note.trim().is_empty() {
        format!("{file_name}에서 가져옴")
    } else {
        format!("{} ({file_name})", note.trim())
    };
    let note = yesan_domain::proposal::status::checked_note(&note, "메모")?;
    // Codes a new line must not take: the base year's, retired ones
    // included (the prior-year column matches lines by code).
    let reserved: Vec<LineCode> = match store.load_year(year - 1).await? {
        Some(base) => base.budget.lines().iter().map(|l| l.code.clone()).collect(),
        None => Vec::new(),
    };
    let mut outcome: Option<yesan_domain::proposal::Merged> = None;
    let mut conflicts = None;
    let saved = store
        .save_proposal(year, &note, actor, |latest| {
            let placed = place(&flat, latest.budget());
            match latest.merged(&incoming(&flat, &placed), &reserved, rounding) {
                Ok(m) => {
                    let content = m.content.clone();
                    outcome = Some(m);
                    Ok(content)
                }
                Err(ProposalError::Merge(list)) => {
                    conflicts = Some(list.clone());
                    Err(ProposalError::Merge(list))
                }
                Err(e) => Err(e),
            }
        })
        .await;
    let version = match saved {
        Ok(n) => n,
        Err(StoreError::Proposal(ProposalError::Merge(_))) => {
            return Err(Error::Flat(refusal(
                file_name,
                &flat,
                &conflicts.unwrap_or_default(),
            )));
        }
        Err(StoreError::Proposal(p)) => return Err(Error::Proposal(p)),
        Err(e) => return Err(Error::Store(e)),
    };
    let Some(merged) = outcome else {
        return Err(Error::Invalid(yesan_domain::text!(
            "예산안 저장 결과가 없습니다",
            "the draft was saved without a result"
        )));
    };
    let (codes, added, opened) = (merged.codes, merged.added, merged.opened);
    let mut out = FlatImported {
        version,
        matched: Vec::new(),
        added: Vec::new(),
        opened,
        total: flat.total(),
        warnings: flat.warnings.clone(),
    };
    for (i, (code, new)) in codes.into_iter().zip(added).enumerate() {
        let line = &flat.lines[i];
        let placed = PlacedLine {
            path: flat.path(i),
            code,
            amount: line.amount,
            items: line.items.len(),
        };
        if new {
            out.added.push(placed);
        } else {
            out.matched.push(placed);
        }
    }
    Ok(out)
}
