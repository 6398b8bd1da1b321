//! The budget file (`yesan import budget FILE`), which holds one of two
//! things, told apart by the header:
//!
//! - **budget lines** (a `code`/`코드` column): the export format of the
//!   budget, one [`BudgetLine`] per row, amounts in won;
//! - **amendments** (a `no`/`변경번호` column): 추경, 전용/이용 and 이월
//!   deltas per line; the rows sharing a `no` make up one amendment.
//!
//! Amendments are returned as this crate's own [`AmendmentRow`]s: the
//! domain's amendment type is not settled yet, and the caller maps rows to
//! it. The budget tree and sums are checked by the domain afterwards; this
//! module checks what a row, or rows of the same file, can tell.

use crate::columns::{self, Columns, Spec};
use crate::error::{FileError, ImportError, RowError, RowErrors};
use crate::row::{self, Recorded, RowReader};
use crate::table::Table;
use chrono::NaiveDate;
use std::collections::HashMap;
use std::collections::hash_map::Entry as Slot;
use yesan_domain::message::josa;
use yesan_domain::{BudgetLine, Category, LineCode, LineKind, Won};

const CODE: usize = 0;
const NAME: usize = 1;
const PARENT: usize = 2;
const LINE_KIND: usize = 3;
const BUDGET: usize = 4;
const PRIOR: usize = 5;
const CATEGORY: usize = 6;
const VIEW_NAME: usize = 7;

/// Budget line columns, in the order of the constants above.
const LINE_COLUMNS: [Spec; 8] = [
    Spec::required("code", "코드").or(&["과목코드"]),
    Spec::required("name", "과목명"),
    Spec::optional("parent", "상위과목"),
    Spec::required("kind", "구분"),
    Spec::required("amount", "예산액"),
    Spec::optional("prior", "전년도예산"),
    Spec::optional("category", "분류"),
    Spec::optional("view_name", "표시명"),
];

const NO: usize = 0;
const DATE: usize = 1;
const KIND: usize = 2;
const LINE: usize = 3;
const DELTA: usize = 4;
const NOTE: usize = 5;

/// Amendment columns, in the order of the constants above.
const AMENDMENT_COLUMNS: [Spec; 6] = [
    Spec::required("no", "변경번호"),
    Spec::required("date", "일자"),
    Spec::required("kind", "구분"),
    Spec::required("line", "예산과목"),
    Spec::required("amount", "금액"),
    Spec::optional("note", "비고").or(&["승인내역"]),
];

/// A budget file, read: lines or amendments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BudgetFile {
    /// Budget lines with their lines in the file, parents wherever the
    /// file put them (the domain checks the order).
    Lines {
        /// Each line with its file line (or sheet row).
        rows: Vec<(usize, BudgetLine)>,
        /// Things ignored on the way, such as unknown columns.
        warnings: Vec<yesan_domain::Text>,
    },
    /// Amendment rows in file order.
    Amendments {
        /// The rows.
        rows: Vec<AmendmentRow>,
        /// Things ignored on the way, such as unknown columns.
        warnings: Vec<yesan_domain::Text>,
    },
}

impl BudgetFile {
    /// Things ignored on the way, such as unknown columns.
    pub fn warnings(&self) -> &[yesan_domain::Text] {
        match self {
            BudgetFile::Lines { warnings, .. } | BudgetFile::Amendments { warnings, .. } => {
                warnings
            }
        }
    }
}

/// One row of an amendments file: the change it makes to one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AmendmentRow {
    /// The row's line in the file (or sheet row).
    pub line_no: usize,
    /// The amendment's number as written (변경번호); rows sharing it are
    /// one amendment, with one date and kind.
    pub no: String,
    /// The date the amendment took effect.
    pub date: NaiveDate,
    /// `original`, `supplementary`, `transfer` or `carryover`.
    pub kind: String,
    /// The line changed.
    pub line: LineCode,
    /// The change, signed.
    pub delta: Won,
    /// 비고 / 승인내역; empty when not given.
    pub note: String,
}

/// Reads a budget file (CSV in UTF-8 or CP949, or the first sheet of an
/// XLSX workbook): budget lines or amendments, whichever its header has.
/// `file` is the name used in messages. Every row is read even after a bad
/// one, so the error lists every bad row.
pub fn parse_budget(file: &str, bytes: &[u8]) -> Result<BudgetFile, ImportError> {
    let (mut table, header) = Table::open(bytes).map_err(|e| ImportError::file(file, e))?;
    let has = |spec: &Spec| header.names.iter().any(|h| spec.matches(h));
    let lines = match (has(&LINE_COLUMNS[CODE]), has(&AMENDMENT_COLUMNS[NO])) {
        (true, false) => true,
        (false, true) => false,
        (true, true) => return Err(ImportError::file(file, FileError::AmbiguousLayout)),
        (false, false) => {
            return Err(ImportError::file(
                file,
                FileError::UnknownLayout {
                    // A sheet can be thousands of columns wide.
                    found: crate::error::cut(&header.names.join(", ")).into_owned(),
                },
            ));
        }
    };
    let specs: &[Spec] = if lines {
        &LINE_COLUMNS
    } else {
        &AMENDMENT_COLUMNS
    };
    let (columns, warnings) =
        columns::resolve(specs, &header).map_err(|es| ImportError::files(file, es))?;
    let mut errors = RowErrors::default();
    if lines {
        let rows = read_all(file, &mut table, &columns, &mut errors, budget_line);
        let mut first: HashMap<&LineCode, usize> = HashMap::new();
        for (at, l) in &rows {
            if let Slot::Occupied(o) = first.entry(&l.code) {
                errors.push(RowError {
                    file: file.to_owned(),
                    line: *at,
                    column: columns.header(CODE),
                    message: {
                        let (code, first) = (&l.code, o.get());
                        yesan_domain::text!(
                            "'{code}': {first}번째 줄과 코드가 겹칩니다",
                            "'{code}': duplicate code; also on line {first}"
                        )
                    },
                });
            } else {
                first.insert(&l.code, *at);
            }
        }
        finish(file, errors, BudgetFile::Lines { rows, warnings })
    } else {
        let rows = read_all(file, &mut table, &columns, &mut errors, amendment_row)
            .into_iter()
            .map(|(_, row)| row)
            .collect::<Vec<_>>();
        check_amendments(file, &columns, &rows, &mut errors);
        finish(file, errors, BudgetFile::Amendments { rows, warnings })
    }
}

fn finish(file: &str, errors: RowErrors, ok: BudgetFile) -> Result<BudgetFile, ImportError> {
    errors.into_error(file).map_or(Ok(ok), Err)
}

fn read_all<T>(
    file: &str,
    table: &mut Table<'_>,
    columns: &Columns,
    errors: &mut RowErrors,
    parse: fn(&mut RowReader<'_, '_>) -> Result<T, Recorded>,
) -> Vec<(usize, T)> {
    let mut rows = Vec::new();
    while let Some(item) = row::next(file, table, columns, parse) {
        match item {
            Ok(row) => rows.push(row),
            Err(es) => errors.extend(es),
        }
    }
    rows
}

fn budget_line(r: &mut RowReader<'_, '_>) -> Result<BudgetLine, Recorded> {
    let code = r.parsed(CODE, ("코드", "code"), LineCode::parse);
    let name = r.required(NAME, ("과목명", "name"));
    let parent = r.text(PARENT).and_then(|t| {
        if t.is_empty() {
            Ok(None)
        } else {
            LineCode::parse(&t)
                .map(Some)
                .map_err(|e| r.fail(PARENT, row::found(&t, &e)))
        }
    });
    let kind = r.parsed(LINE_KIND, ("구분", "kind"), |t| {
        LineKind::parse(t)
            .or_else(|| LineKind::parse(&t.to_ascii_lowercase()))
            .ok_or((
                "구분은 세입 또는 세출로 씁니다",
                "expected 세입 (revenue) or 세출 (expenditure)",
            ))
    });
    let amount = not_negative(r, BUDGET);
    let prior = not_negative(r, PRIOR);
    let category = r.text(CATEGORY).and_then(|t| {
        if t.is_empty() {
            Ok(None)
        } else {
            category(&t)
                .map(Some)
                .map_err(|e| r.fail(CATEGORY, row::found(&t, &e)))
        }
    });
    let view_name = r.optional(VIEW_NAME);
    Ok(BudgetLine {
        code: code?,
        kind: kind?,
        category: category?,
        name: name?.into_owned(),
        parent: parent?,
        amount: amount?,
        prior: prior?,
        view_name: view_name?,
        economic: None,
    })
}

/// The category in the file spelling or its Korean name.
fn category(t: &str) -> Result<Category, (&'static str, &'static str)> {
    let korean = match t {
        "인건비" => Some(Category::Personnel),
        "경비" | "기본경비" => Some(Category::Operating),
        "사업비" => Some(Category::Program),
        "예비비" => Some(Category::Reserve),
        _ => None,
    };
    korean
        .or_else(|| Category::parse(&t.to_ascii_lowercase()))
        .ok_or((
            "분류는 인건비, 경비, 사업비, 예비비 가운데 하나로 씁니다",
            "expected one of personnel, operating, program, reserve",
        ))
}

/// A budget figure: empty is "not recorded", and a recorded one is never
/// below zero (a cut is an amendment, not a negative budget).
fn not_negative(r: &mut RowReader<'_, '_>, field: usize) -> Result<Option<Won>, Recorded> {
    match r.optional_amount(field)? {
        Some(a) if a < 0 => Err(r.fail(
            field,
            row::found(
                r.raw(field),
                &(
                    "예산액은 0원 이상이어야 합니다",
                    "a budget amount cannot be negative",
                ),
            ),
        )),
        a => Ok(a.map(Won::new)),
    }
}

fn amendment_row(r: &mut RowReader<'_, '_>) -> Result<AmendmentRow, Recorded> {
    let no = r.required(NO, ("변경번호", "no"));
    let date = r.date(DATE);
    let kind = r.parsed(KIND, ("구분", "kind"), amendment_kind);
    let line = r.parsed(LINE, ("예산과목", "line"), LineCode::parse);
    let delta = r.amount(DELTA);
    let note = r.text(NOTE);
    Ok(AmendmentRow {
        line_no: r.line,
        no: no?.into_owned(),
        date: date?,
        kind: kind?.to_owned(),
        line: line?,
        delta: Won::new(delta?),
        note: note?.into_owned(),
    })
}

/// The canonical English kind of an amendment. 전용 (between lines of
/// one item) and 이용 (between items) are distinct kinds: they need
/// different approvals, and the budget's rules tell them apart
/// (`yesan_domain::amendment`); `transfer` (전용·이용) is the older kind
/// that told neither.
fn amendment_kind(t: &str) -> Result<&'static str, (&'static str, &'static str)> {
    match t.to_ascii_lowercase().as_str() {
        "original" | "본예산" => Ok("original"),
        "supplementary" | "추경" | "추가경정" | "추가경정예산" => Ok("supplementary"),
        "diversion" | "전용" => Ok("diversion"),
        "virement" | "이용" => Ok("virement"),
        "transfer" | "전용·이용" => Ok("transfer"),
        "carryover" | "이월" => Ok("carryover"),
        _ => Err((
            "구분은 본예산, 추경, 전용, 이용, 이월 가운데 하나로 씁니다",
            "expected one of original, supplementary, diversion (전용), virement (이용), carryover",
        )),
    }
}

/// Rows of one amendment must agree on its date and kind: the amendment
/// has one of each, and a row that disagrees is a typo or a mis-numbered
/// row either way.
fn check_amendments(file: &str, columns: &Columns, rows: &[AmendmentRow], errors: &mut RowErrors) {
    let mut first: HashMap<&str, &AmendmentRow> = HashMap::new();
    for row in rows {
        let head = *first.entry(row.no.as_str()).or_insert(row);
        let mut differs = |field: usize,
                           (korean, english): (&str, &str),
                           was: String,
                           is: String| {
            errors.push(RowError {
                file: file.to_owned(),
                line: row.line_no,
                column: columns.header(field),
                message: {
                    let (no, at) = (&row.no, head.line_no);
                    let (k_eun, k_i) = (josa(korean, "은", "는"), josa(korean, "이", "가"));
                    yesan_domain::text!(
                        "'{is}': 변경번호 {no}의 {k_eun} {at}번째 줄에서 {was}입니다. 한 변경의 행은 {k_i} 같아야 합니다",
                        "'{is}': amendment {no} has {english} {was} on line {at}; all its rows must share it"
                    )
                },
            });
        };
        if row.date != head.date {
            differs(
                DATE,
                ("일자", "date"),
                head.date.to_string(),
                row.date.to_string(),
            );
        }
        if row.kind != head.kind {
            differs(KIND, ("구분", "kind"), head.kind.clone(), row.kind.clone());
        }
    }
}
