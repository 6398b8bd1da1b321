//! A draft budget's (예산안) files: a version as the editable workbook
//! (`yesan_publish::budget_workbook`), a workbook edited in Excel taken
//! back as a new version (`yesan_import::budget_workbook::read`, then the
//! same save as the grid's), and a version's 예산서 parts for
//! [`crate::book::render`] in every format.
//!
//! The workbook comes back whole or not at all: every bad cell is listed
//! (sheet, address, column), and so is every line that does not match the
//! draft's (a code the draft lacks, a draft line the workbook lacks, a
//! name or kind changed, a parent's 편성목 changed), before anything is
//! written. What a person may change in the workbook is what the grid
//! edits: the leaves' 산출기초 items, typed amounts and 편성목; each becomes a line of a
//! [`ProposalEdit`] and the version is saved as any edit is (an approved
//! or submitted draft is refused the same way).

use crate::Error;
use crate::book::BookParts;
use crate::proposal::{EditItem, EditLine, ProposalEdit, ProposalError, Status};
use chrono::NaiveDate;
use yesan_domain::proposal::Content;
use yesan_import::budget_workbook::{
    self as wbk, COLUMNS, CellIssue, CellProblem, SHEET, WorkbookBudget, address,
};
use yesan_store::{Store, StoredProposal};

/// A workbook taken: the new version's number; refused: every problem.
pub type Imported = Result<u32, Vec<CellProblem>>;

async fn stored(store: &Store, year: i32) -> Result<StoredProposal, Error> {
    store
        .proposal(year)
        .await?
        .ok_or(Error::Proposal(ProposalError::NoProposal { year }))
}

/// The content of version `version` (the latest by default) and its number.
fn version_of(p: &StoredProposal, version: Option<u32>) -> Result<(&Content, u32), Error> {
    let latest = p.latest().info.number;
    let n = version.unwrap_or(latest);
    p.versions
        .iter()
        .find(|v| v.info.number == n)
        .map(|v| (&v.content, n))
        .ok_or(Error::Proposal(ProposalError::NoVersion {
            version: n,
            latest,
        }))
}

fn render_failed(e: &dyn std::fmt::Display) -> Error {
    Error::Render(e.to_string())
}

/// Version `version` of `year`'s draft (the latest by default) as the
/// workbook planners edit: its lines, 산출기초 and rounding rule.
///
/// # Errors
/// [`Error::Proposal`] for no draft or no such version; [`Error::Render`]
/// when the writer fails.
pub async fn workbook(store: &Store, year: i32, version: Option<u32>) -> Result<Vec<u8>, Error> {
    let p = stored(store, year).await?;
    let (c, _) = version_of(&p, version)?;
    yesan_publish::budget_workbook::write(c.budget(), c.items(), c.rounding())
        .map_err(|e| render_failed(&e))
}

/// The workbook's leaves as an edit of `content`, or every line that does
/// not match it, with its cell.
///
/// # Errors
/// Every mismatch: a line the draft lacks, a draft line the workbook
/// lacks, a name or kind changed, a parent's 편성목 changed (a leaf's
/// changed 편성목 is the edit's code).
pub fn edit_of(content: &Content, wb: &WorkbookBudget) -> Result<ProposalEdit, Vec<CellProblem>> {
    let budget = content.budget();
    let col = |title: &str| {
        u32::try_from(COLUMNS.iter().position(|c| *c == title).unwrap_or(0)).unwrap_or(0)
    };
    let mut problems = Vec::new();
    let mut at = |row: Option<u32>, title: &str, issue: CellIssue| {
        problems.push(CellProblem {
            sheet: SHEET.into(),
            cell: row.map(|r| address(r, col(title))).unwrap_or_default(),
            column: title.into(),
            issue,
        });
    };
    let mut lines = Vec::new();
    for l in &wb.lines {
        let row = wb.rows.get(&l.code).copied();
        let Some(mine) = budget.line(&l.code) else {
            at(
                row,
                "과목코드",
                CellIssue::NotInBudget {
                    code: l.code.to_string(),
                },
            );
            continue;
        };
        let leaf = budget.is_leaf(&l.code);
        let mut differs = false;
        if l.parent == leaf {
            let kind = if leaf {
                wbk::Kind::Leaf
            } else {
                wbk::Kind::Parent
            };
            at(
                row,
                "행 구분",
                CellIssue::Differs {
                    expected: kind.as_str().into(),
                },
            );
            differs = true;
        }
        if l.name != mine.name {
            at(
                row,
                "과목명",
                CellIssue::Differs {
                    expected: mine.name.clone(),
                },
            );
            differs = true;
        }
        // A leaf's 편성목 is the planner's to give (it becomes the edit's
        // code); a parent's is not edited in a draft.
        let economic = (l.economic != mine.economic)
            .then(|| l.economic.map(|e| e.to_string()).unwrap_or_default());
        if economic.is_some() && !leaf {
            at(
                row,
                "편성목",
                CellIssue::Differs {
                    expected: mine.economic.map(|e| e.to_string()).unwrap_or_default(),
                },
            );
            differs = true;
        }
        if differs || !leaf {
            continue;
        }
        lines.push(EditLine {
            economic,
            code: l.code.to_string(),
            amount: if l.items.is_empty() {
                Some(l.amount.map_or(0, |a| a.get()))
            } else {
                None
            },
            items: l.items.iter().map(EditItem::of).collect(),
        });
    }
    for l in budget.lines() {
        if !wb.lines.iter().any(|w| w.code == l.code) {
            at(
                None,
                "과목코드",
                CellIssue::LineMissing {
                    code: l.code.to_string(),
                },
            );
        }
    }
    if problems.is_empty() {
        Ok(ProposalEdit { lines })
    } else {
        Err(problems)
    }
}

/// Takes a workbook of `year`'s draft, as a person left it, as a new
/// version (its note `note`, or one naming the file): every leaf's items
/// or typed amount replaced by the workbook's. Whole or not at all.
///
/// # Errors
/// `Ok(Err(cells))` with every bad or mismatched cell, nothing written;
/// [`Error::Proposal`] for no draft, a draft not being edited (submitted,
/// approved) or an edit the domain refuses, nothing written.
pub async fn import_workbook(
    store: &Store,
    year: i32,
    bytes: &[u8],
    file_name: &str,
    note: &str,
    actor: &str,
) -> Result<Imported, Error> {
    let p = stored(store, year).await?;
    let wb = match wbk::read(bytes) {
        Ok(wb) => wb,
        Err(cells) => return Ok(Err(cells)),
    };
    let edit = match edit_of(&p.latest().content, &wb) {
        Ok(e) => e,
        Err(cells) => return Ok(Err(cells)),
    };
    let note = if note.trim().is_empty() {
        // The file's name as the note, within the note's length and
        // without the control characters a browser may pass on.
        let name: String = file_name
            .chars()
            .filter(|c| !c.is_control())
            .take(200)
            .collect();
        format!("엑셀 {name}")
    } else {
        note.to_owned()
    };
    crate::proposal::save(store, year, &edit, &note, actor)
        .await
        .map(Ok)
}

/// `2024년도 예산안 (2차)`; `2024년도 본예산` for the approved version.
pub fn edition(year: i32, version: u32, status: &Status) -> String {
    match status {
        Status::Approved { version: v, .. } if *v == version => format!("{year}년도 본예산"),
        _ => format!("{year}년도 예산안 ({version}차)"),
    }
}

/// The 예산서 parts of version `version` of `year`'s draft (the latest by
/// default): its lines with the base year's final budget as the prior
/// column (a line new in the draft: 0), its 산출기초 and rounding rule,
/// dated the day the version was saved.
///
/// # Errors
/// [`Error::Proposal`] for no draft or no such version; [`Error::Invalid`]
/// when the base year is not recorded.
pub async fn book(store: &Store, year: i32, version: Option<u32>) -> Result<BookParts, Error> {
    let p = stored(store, year).await?;
    let (c, n) = version_of(&p, version)?;
    let before = year - 1;
    let base = store.load_year(before).await?.ok_or_else(|| {
        Error::Invalid(yesan_domain::text!(
            "{before}년 자료가 없습니다",
            "{before} is not recorded"
        ))
    })?;
    let final_budget = yesan_domain::prior::final_budget(&base);
    let priors = c
        .budget()
        .lines()
        .iter()
        .filter(|l| c.budget().is_leaf(&l.code))
        .map(|l| {
            let prior = final_budget
                .figures(&l.code)
                .map_or(yesan_domain::Won::ZERO, |f| f.amount);
            (l.code.clone(), prior)
        })
        .collect();
    let budget = c
        .budget()
        .with_computed_priors(&priors, before)
        .map_err(|f| render_failed(&format!("{f:?}")))?;
    let saved = p
        .versions
        .iter()
        .find(|v| v.info.number == n)
        .map(|v| v.info.saved_at.clone())
        .unwrap_or_default();
    let date = saved
        .get(..10)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .or_else(|| NaiveDate::from_ymd_opt(before, 12, 31))
        .ok_or_else(|| render_failed(&"date"))?;
    Ok(BookParts {
        institution: base.institution.name_ko.clone(),
        budget,
        basis: c.items().clone(),
        rounding: c.rounding(),
        edition: edition(year, n, &p.status),
        date,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_edition_names_the_version_or_the_main_budget() {
        assert_eq!(edition(2024, 2, &Status::Editing), "2024년도 예산안 (2차)");
        let approved = Status::Approved {
            version: 3,
            by: "b".into(),
            at: "2024-01-01T00:00:00Z".into(),
            resolution: yesan_domain::proposal::Resolution::new(
                NaiveDate::from_ymd_opt(2023, 12, 20).expect("date"),
                "제1호",
                "",
            )
            .expect("resolution"),
        };
        assert_eq!(edition(2024, 3, &approved), "2024년도 본예산");
        assert_eq!(edition(2024, 2, &approved), "2024년도 예산안 (2차)");
    }
}
