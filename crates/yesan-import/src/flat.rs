//! A budget from a flat export (`yesan budget check-flat FILE`), as
//! local-finance systems export it: one row per line or per 산출기초 item,
//! the hierarchy given by columns.
//!
//! | column (Korean, or an alias) | |
//! |---|---|
//! | 정책사업 (정책사업명) | optional level |
//! | 단위사업 (단위사업명) | optional level |
//! | **세부사업** (세부사업명) | required level |
//! | 편성목 (편성목명) | `201`, `201 일반운영비` or `일반운영비` |
//! | 통계목 (통계목명, 세목) | `01`, `01 사무관리비`, `201-01` or `사무관리비` |
//! | 사업명 (산출근거명, 산출내역) | an item's name, its 산출기초 in parentheses at the end: `기록관 환경정비(40,000원*29개*6회)` |
//! | 산출기초 (산출근거, 산출식) | the 산출기초 text, one item a line, `[묶음]` lines as headings |
//! | **예산액** (금액, 요구액, 편성액) | amounts with commas; the unit in the header (`예산액(천원)`) or a units line above the header (`(단위: 천원)`) |
//!
//! Title rows above the header are skipped (the header is the first row
//! naming 세부사업 and 예산액, within the first ten). CSV in UTF-8 or CP949,
//! or an XLSX workbook's first sheet, as every import ([`crate::table`]).
//! Rows are read into [`crate::flat_tree`]'s typed tree; every problem is
//! listed with its row and cell, and the file is taken whole or not at all.

use crate::columns;
use crate::error::{FileError, RowError};
use crate::flat_columns::{
    AMOUNT, BASIS, DETAIL, GROUP, ITEM, NAME, POLICY, Problems, SPECS, UNIT,
};
use crate::flat_error::{FlatError, FlatIssue, FlatProblem};
use crate::flat_tree::{self, FlatBudget, Row};
use crate::row::{self, Recorded, RowReader};
use crate::table::{Header, Table};
use yesan_domain::basis::{self, BasisItem, Rounding};
use yesan_domain::economic::Classification;
use yesan_domain::money::{MoneyUnit, Won};

/// How many rows above the header may be titles or a units line.
const MAX_TITLE_ROWS: usize = 10;

/// The money unit a header cell or a units line states: `(천원)`,
/// `(단위: 원)`, `단위 : 천원`.
fn stated_unit(text: &str) -> Option<MoneyUnit> {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if t.contains("천원") {
        Some(MoneyUnit::Thousand)
    } else if t.contains("(원)")
        || t.contains("단위:원")
        || t.contains("단위원")
        || t.ends_with("[원]")
    {
        Some(MoneyUnit::Won)
    } else {
        None
    }
}

/// A header cell without its unit: `예산액(천원)` → `예산액`.
fn without_unit(name: &str) -> String {
    match name.find(['(', '[']) {
        Some(at) if stated_unit(&name[at..]).is_some() => name[..at].trim().to_owned(),
        _ => name.trim().to_owned(),
    }
}

/// Finds the header row, past titles and a units line: the header, the
/// unit a units line stated, and the rows skipped (as warnings).
fn find_header(
    table: &mut Table<'_>,
    first: Header,
) -> Result<(Header, Option<MoneyUnit>, Vec<String>), FileError> {
    let is_header = |h: &Header| {
        let names: Vec<String> = h.names.iter().map(|n| without_unit(n)).collect();
        [DETAIL, AMOUNT]
            .iter()
            .all(|&i| names.iter().any(|n| SPECS[i].matches(n)))
    };
    let mut header = first;
    let mut unit = None;
    let mut skipped = Vec::new();
    // The first row that is no units line: named as the header when none
    // is found, so that the column check says what is missing.
    let mut fallback: Option<Header> = None;
    for _ in 0..MAX_TITLE_ROWS {
        if is_header(&header) {
            return Ok((header, unit, skipped));
        }
        let text = header.names.join(" ");
        match stated_unit(&text).filter(|_| text.contains("단위")) {
            Some(u) => unit = Some(u),
            None => {
                skipped.push(format!(
                    "머리글 위의 제목 줄을 건너뜁니다: '{}' / skipped the title row '{}' above the header",
                    crate::error::cut(text.trim()),
                    crate::error::cut(text.trim())
                ));
                if fallback.is_none() {
                    fallback = Some(Header {
                        names: header.names.clone(),
                    });
                }
            }
        }
        header = match table.next_row() {
            None => break,
            Some(Err(e)) => return Err(e),
            Some(Ok((_, row))) => Header {
                names: (0..row.len())
                    .map(|i| crate::error::cut(&row.cell(i).display()).into_owned())
                    .collect(),
            },
        };
    }
    fallback
        .map(|h| (h, unit, Vec::new()))
        .ok_or(FileError::Empty)
}

/// What one row holds, before the tree is built.
struct Read {
    levels: [String; 3],
    group: String,
    item: String,
    name: String,
    basis: String,
    amount: Option<i64>,
}

fn read_row(r: &mut RowReader<'_, '_>) -> Result<Read, Recorded> {
    let mut text = |f| r.text(f).map(std::borrow::Cow::into_owned);
    let levels = [text(POLICY), text(UNIT), text(DETAIL)];
    let (group, item, name, basis) = (text(GROUP), text(ITEM), text(NAME), text(BASIS));
    let amount = r.optional_amount(AMOUNT);
    let [p, u, d] = levels;
    Ok(Read {
        levels: [p?, u?, d?],
        group: group?,
        item: item?,
        name: name?,
        basis: basis?,
        amount: amount?,
    })
}

/// A row's 산출기초 items: from the 산출기초 column (one item a line), or
/// from the formula in parentheses at the end of the item's name. An item
/// without a description takes the item's name.
fn items_of(
    read: &Read,
    line: usize,
    unit: MoneyUnit,
    problems: &mut Problems<'_>,
) -> Option<Vec<BasisItem>> {
    let (name, in_name) = basis::split_name(&read.name);
    let (field, parsed) = if !read.basis.is_empty() {
        let parsed = basis::parse_items(&read.basis).map_err(|errors| {
            let single = read.basis.lines().filter(|l| !l.trim().is_empty()).count() == 1;
            errors
                .into_iter()
                .map(|(at, error)| match single {
                    true => FlatIssue::Basis(error),
                    false => FlatIssue::BasisLine { line: at, error },
                })
                .collect::<Vec<_>>()
        });
        (BASIS, parsed)
    } else if let Some(formula) = in_name {
        let parsed = basis::parse_item(formula, None)
            .map(|p| vec![p])
            .map_err(|e| vec![FlatIssue::Basis(e)]);
        (NAME, parsed)
    } else {
        return Some(Vec::new());
    };
    let parsed = match parsed {
        Ok(p) => p,
        Err(issues) => {
            for i in issues {
                problems.push(line, Some(field), i);
            }
            return None;
        }
    };
    let mut items = Vec::with_capacity(parsed.len());
    let mut ok = true;
    for p in parsed {
        // A bare `= 360` is in the file's unit.
        if let Some(stated) = p.stated.filter(|s| s.unit.is_none())
            && let (Ok(written), Ok(product)) =
                (Won::from_unit(stated.value, unit), p.item.amount())
        {
            let agrees = match unit {
                MoneyUnit::Won => written == product.won,
                MoneyUnit::Thousand => (written - product.won).get().abs() < 1_000,
            };
            if !agrees {
                problems.push(
                    line,
                    Some(field),
                    FlatIssue::Basis(basis::BasisError::StatedDiffers {
                        stated: written,
                        computed: product.won,
                    }),
                );
                ok = false;
                continue;
            }
        }
        let item = if p.item.description().is_empty() && !name.is_empty() {
            p.item.described(name)
        } else {
            Ok(p.item)
        };
        match item {
            Ok(i) => items.push(i),
            Err(e) => {
                problems.push(line, Some(NAME), FlatIssue::Basis(e));
                ok = false;
            }
        }
    }
    ok.then_some(items)
}

/// Reads a flat budget export. `rounding` is the institution's rule for
/// 산출기초 totals (a row's items must agree with its 예산액 under it);
/// `file` names the file in messages.
///
/// # Errors
/// [`FlatError`] listing every problem with its row and cell; nothing is
/// returned from a file with any.
pub fn parse_flat(file: &str, bytes: &[u8], rounding: Rounding) -> Result<FlatBudget, FlatError> {
    let fail = |file_errors| FlatError {
        file: file.to_owned(),
        file_errors,
        problems: Vec::new(),
    };
    let (mut table, first) = Table::open(bytes).map_err(|e| fail(vec![e]))?;
    let (header, line_unit, mut warnings) =
        find_header(&mut table, first).map_err(|e| fail(vec![e]))?;
    let amount_header = header
        .names
        .iter()
        .find(|n| SPECS[AMOUNT].matches(&without_unit(n)))
        .and_then(|n| stated_unit(n));
    let unit = match (line_unit, amount_header) {
        (Some(l), Some(h)) if l != h => {
            return Err(fail(vec![FileError::UnitsDisagree { line: l, header: h }]));
        }
        (Some(u), _) | (None, Some(u)) => u,
        (None, None) => return Err(fail(vec![FileError::NoUnit])),
    };
    let plain = Header {
        names: header.names.iter().map(|n| without_unit(n)).collect(),
    };
    let (mut columns, more) = columns::resolve(&SPECS, &plain).map_err(fail)?;
    // Messages name the columns as the file writes them.
    columns.headers = header.names.clone();
    warnings.extend(more.iter().map(ToString::to_string));
    let mut problems = Problems {
        columns: &columns,
        list: Vec::new(),
    };
    let classification = Classification::standard();
    let mut rows = Vec::new();
    while let Some(next) = row::next(file, &mut table, &columns, read_row) {
        let (line, read) = match next {
            Ok(r) => r,
            Err(errors) => {
                for RowError {
                    line,
                    column,
                    message,
                    ..
                } in errors
                {
                    problems.list.push(FlatProblem {
                        line,
                        column,
                        issue: FlatIssue::Cell(message),
                    });
                }
                continue;
            }
        };
        let economic =
            match classification.resolve(Some(read.group.as_str()), Some(read.item.as_str())) {
                Ok(e) => e,
                Err(e) => {
                    let field = if read.item.is_empty() { GROUP } else { ITEM };
                    problems.push(line, Some(field), FlatIssue::Economic(e));
                    continue;
                }
            };
        let amount = match read.amount.map(|a| Won::from_unit(a, unit)).transpose() {
            Ok(a) => a,
            Err(e) => {
                problems.push(
                    line,
                    Some(AMOUNT),
                    FlatIssue::Cell(yesan_domain::Localized::text(&e)),
                );
                continue;
            }
        };
        let Some(items) = items_of(&read, line, unit, &mut problems) else {
            continue;
        };
        rows.push(Row {
            line,
            levels: read.levels,
            has_levels: [
                columns.index[POLICY].is_some(),
                columns.index[UNIT].is_some(),
                true,
            ],
            economic,
            amount,
            items,
        });
    }
    let budget = flat_tree::build(rows, unit, rounding, &mut problems, warnings);
    if problems.list.is_empty() {
        Ok(budget)
    } else {
        let mut list = problems.list;
        list.sort_by_key(|p| p.line);
        Err(FlatError {
            file: file.to_owned(),
            file_errors: Vec::new(),
            problems: list,
        })
    }
}
