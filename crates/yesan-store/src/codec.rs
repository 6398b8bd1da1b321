//! How values are encoded in rows, both ways: a column read with its
//! table and column named if it fails, the `Corrupt` error, dates as ISO
//! text, codes, entries, budget lines and amendments packed as JSON, the
//! per-day index's packed totals, and the placeholders of multi-row
//! statements. Every module that reads or writes rows uses these, so that
//! a value is written and read back one way.

use crate::conn::Exec;
use crate::error::StoreError;
use crate::key::Sc;
use chrono::NaiveDate;
use sqlx::any::AnyRow;
use sqlx::{Any, Decode, Row, Type};
use std::collections::HashMap;
use yesan_domain::amendment::{Amendment, AmendmentKind, LineDelta};
use yesan_domain::budget::{BudgetLine, Category, LineKind};
use yesan_domain::code::{LineCode, ProjectCode, UnitCode};
use yesan_domain::curve::{ExpectedCurve, MonthlyCurve};
use yesan_domain::economic::EconomicCode;
use yesan_domain::execution::{Entry, EntryKind};
use yesan_domain::money::Won;

/// One column of a row, with the table and column named if it fails.
pub(crate) fn get<'r, T>(row: &'r AnyRow, table: &'static str, col: &str) -> Result<T, StoreError>
where
    T: Decode<'r, Any> + Type<Any>,
{
    row.try_get(col).map_err(|source| StoreError::Database {
        context: format!("reading {table}.{col}"),
        source,
    })
}

/// Builds the Corrupt error for `table`, row `key`, column `col`.
pub(crate) fn corrupt(
    table: &'static str,
    key: &str,
    col: &str,
    reason: impl std::fmt::Display,
) -> StoreError {
    StoreError::Corrupt {
        table,
        key: key.to_owned(),
        reason: format!("{col}: {reason}"),
    }
}

pub(crate) fn parse_date(
    table: &'static str,
    key: &str,
    col: &str,
    s: &str,
) -> Result<NaiveDate, StoreError> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| {
        corrupt(
            table,
            key,
            col,
            format!("날짜가 아닙니다 / '{s}' is not a date (YYYY-MM-DD)"),
        )
    })
}

pub(crate) fn opt_date(
    table: &'static str,
    key: &str,
    col: &str,
    s: Option<String>,
) -> Result<Option<NaiveDate>, StoreError> {
    s.map(|s| parse_date(table, key, col, &s)).transpose()
}

pub(crate) fn count(table: &'static str, key: &str, col: &str, n: i64) -> Result<u32, StoreError> {
    u32::try_from(n).map_err(|_| {
        corrupt(
            table,
            key,
            col,
            format!("범위를 벗어난 인원 / head count {n} out of range"),
        )
    })
}

macro_rules! code_parser {
    ($fn:ident, $ty:ty) => {
        pub(crate) fn $fn(
            table: &'static str,
            key: &str,
            col: &str,
            s: &str,
        ) -> Result<$ty, StoreError> {
            <$ty>::parse(s).map_err(|e| corrupt(table, key, col, e))
        }
    };
}
code_parser!(line_code, LineCode);
code_parser!(unit_code, UnitCode);
code_parser!(project_code, ProjectCode);

/// An `entries` row (doc_no, date, kind, line, amount, ref, counterparty, memo).
pub(crate) fn entry_from_row(r: &AnyRow) -> Result<Entry, StoreError> {
    const T: &str = "entries";
    entry_from_parts(EntryParts {
        doc_no: get(r, T, "doc_no")?,
        date: &get::<String>(r, T, "date")?,
        kind: &get::<String>(r, T, "kind")?,
        line: &get::<String>(r, T, "line")?,
        amount: get(r, T, "amount")?,
        reference: get(r, T, "ref")?,
        counterparty: get(r, T, "counterparty")?,
        memo: get(r, T, "memo")?,
    })
}

/// An entry's stored columns, however they were fetched.
pub(crate) struct EntryParts<'a> {
    pub doc_no: String,
    pub date: &'a str,
    pub kind: &'a str,
    pub line: &'a str,
    pub amount: i64,
    pub reference: Option<String>,
    pub counterparty: Option<String>,
    pub memo: Option<String>,
}

/// Parses an entry's stored columns.
pub(crate) fn entry_from_parts(p: EntryParts<'_>) -> Result<Entry, StoreError> {
    const T: &str = "entries";
    let key = p.doc_no;
    Ok(Entry {
        date: parse_date(T, &key, "date", p.date)?,
        kind: EntryKind::parse(p.kind).ok_or_else(|| {
            corrupt(
                T,
                &key,
                "kind",
                format!("알 수 없는 집행 구분 / unknown entry kind '{}'", p.kind),
            )
        })?,
        line: line_code(T, &key, "line", p.line)?,
        amount: Won::new(p.amount),
        reference: p.reference,
        counterparty: p.counterparty,
        memo: p.memo,
        doc_no: key,
    })
}

/// A sub-select giving every budget line, in order, as one JSON array of
/// rows: the status reads the budget on each run, and SQLite's driver
/// hands each of hundreds of rows from its own thread separately, which
/// cost more than reading them.
pub(crate) fn budget_lines_json(c: &impl Exec, s: Sc) -> String {
    budget_lines_json_where(c.is_sqlite(), &s.w())
}

/// [`budget_lines_json`] of the rows matching `w` (a scope's keys, or a
/// correlation with an outer query's, as the city's read has them).
///
/// PostgreSQL builds it from a text array (`array_to_json` of
/// `array_agg(ARRAY[…])`, the amounts as text), about a third cheaper for
/// the server than a `json_build_array` per line, which looks up each
/// argument's type on every call; the reader takes an amount either way
/// ([`JsonInt`]).
pub(crate) fn budget_lines_json_where(sqlite: bool, w: &str) -> String {
    if sqlite {
        format!(
            "(SELECT CAST(json_group_array(json_array(code, kind, category, name, parent, amount, prior, view_name, economic) ORDER BY position) AS TEXT) FROM budget_lines WHERE {w})"
        )
    } else {
        format!(
            "(SELECT CAST(array_to_json(array_agg(ARRAY[code, kind, category, name, parent, CAST(amount AS TEXT), CAST(prior AS TEXT), view_name, economic] ORDER BY position)) AS TEXT) FROM budget_lines WHERE {w})"
        )
    }
}

/// An integer in JSON as either backend writes it: a number, or its
/// decimal text.
struct JsonInt(i64);

impl<'de> serde::Deserialize<'de> for JsonInt {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = JsonInt;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an integer, or its decimal text")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<JsonInt, E> {
                Ok(JsonInt(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<JsonInt, E> {
                i64::try_from(v)
                    .map(JsonInt)
                    .map_err(|_| E::custom(format!("{v} is out of range")))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<JsonInt, E> {
                v.parse()
                    .map(JsonInt)
                    .map_err(|_| E::custom(format!("'{v}' is not an integer")))
            }
        }
        d.deserialize_any(Visitor)
    }
}

/// The budget lines from [`budget_lines_json`]'s text.
pub(crate) fn budget_lines_from_json(text: Option<String>) -> Result<Vec<BudgetLine>, StoreError> {
    const T: &str = "budget_lines";
    type Row = (
        String,
        String,
        Option<String>,
        String,
        Option<String>,
        Option<JsonInt>,
        Option<JsonInt>,
        Option<String>,
        Option<String>,
    );
    let rows: Vec<Row> = serde_json::from_str(text.as_deref().unwrap_or("[]"))
        .map_err(|e| corrupt(T, "*", "lines", e.to_string()))?;
    let mut lines = Vec::with_capacity(rows.len());
    for (key, kind, category, name, parent, amount, prior, view_name, economic) in rows {
        lines.push(BudgetLine {
            code: line_code(T, &key, "code", &key)?,
            kind: LineKind::parse(&kind).ok_or_else(|| {
                corrupt(
                    T,
                    &key,
                    "kind",
                    format!(
                        "revenue, expenditure가 아닙니다 / '{kind}' is not revenue or expenditure"
                    ),
                )
            })?,
            category: category
                .map(|s| {
                    Category::parse(&s).ok_or_else(|| {
                        corrupt(
                            T,
                            &key,
                            "category",
                            format!("알 수 없는 분류 / unknown category '{s}'"),
                        )
                    })
                })
                .transpose()?,
            name,
            parent: parent
                .map(|p| line_code(T, &key, "parent", &p))
                .transpose()?,
            amount: amount.map(|a| Won::new(a.0)),
            prior: prior.map(|p| Won::new(p.0)),
            view_name,
            economic: economic
                .map(|e| EconomicCode::parse(&e).map_err(|err| corrupt(T, &key, "economic", err)))
                .transpose()?,
        });
    }
    Ok(lines)
}

/// `YYYY-MM-DD`, without chrono's general formatter (hot in imports).
pub(crate) fn date(d: NaiveDate) -> String {
    use chrono::Datelike;
    let (y, m, day) = (d.year(), d.month(), d.day());
    let mut s = String::with_capacity(10);
    if (0..10_000).contains(&y) {
        for v in [y / 1000, y / 100 % 10, y / 10 % 10, y % 10] {
            s.push(char::from(b'0' + u8::try_from(v).unwrap_or(0)));
        }
    } else {
        return d.format("%Y-%m-%d").to_string();
    }
    for (v, sep) in [(m, '-'), (day, '-')] {
        s.push(sep);
        s.push(char::from(b'0' + u8::try_from(v / 10).unwrap_or(0)));
        s.push(char::from(b'0' + u8::try_from(v % 10).unwrap_or(0)));
    }
    s
}

/// `(…),(…)` parameter lists for a multi-row statement. SQLite gets plain
/// `?`: its driver resolves every `$n` by name, a cost quadratic in the
/// number of parameters, which made a 1,000-row INSERT spend most of its
/// time looking up names. PostgreSQL needs `$n`.
pub(crate) fn placeholders(c: &impl Exec, start: usize, rows: usize, cols: usize) -> String {
    let positional = positional(c);
    let mut s = String::with_capacity(rows * cols * 5);
    for r in 0..rows {
        if r > 0 {
            s.push(',');
        }
        s.push('(');
        for c in 0..cols {
            if c > 0 {
                s.push(',');
            }
            if positional {
                s.push('?');
            } else {
                s.push('$');
                s.push_str(&(start + r * cols + c + 1).to_string());
            }
        }
        s.push(')');
    }
    s
}

/// Whether the connection takes plain `?` parameters (SQLite) rather than `$n`.
pub(crate) fn positional(c: &impl Exec) -> bool {
    c.is_sqlite()
}

pub(crate) fn args_err(e: impl std::fmt::Display) -> StoreError {
    StoreError::Database {
        context: format!("binding arguments: {e}"),
        source: sqlx::Error::Protocol(e.to_string()),
    }
}

/// Two select-list items, `amendments` and `changes`: every amendment in
/// recorded order and every change in order within each, as JSON arrays
/// for [`amendments_from_json`].
pub(crate) fn amendments_json(c: &impl Exec, s: Sc) -> String {
    amendments_json_where(positional(c), &s.w())
}

/// [`amendments_json`] of the rows matching `w` (see
/// [`budget_lines_json_where`]).
pub(crate) fn amendments_json_where(sqlite: bool, w: &str) -> String {
    amendments_json_as(sqlite, w, ("amendments", "changes"))
}

/// [`amendments_json_where`] under other names (`amendments`, `changes`).
pub(crate) fn amendments_json_as(sqlite: bool, w: &str, (a, c): (&str, &str)) -> String {
    let [amendments, changes] = amendments_exprs(sqlite, w);
    format!("{amendments} AS {a}, {changes} AS {c}")
}

/// The two expressions of [`amendments_json_as`], unnamed.
pub(crate) fn amendments_exprs(sqlite: bool, w: &str) -> [String; 2] {
    let (agg, array) = if sqlite {
        ("json_group_array", "json_array")
    } else {
        ("json_agg", "json_build_array")
    };
    [
        format!(
            "(SELECT CAST({agg}({array}(no, date, kind, note) ORDER BY seq) AS TEXT) FROM amendments WHERE {w})"
        ),
        format!(
            "(SELECT CAST({agg}({array}(amendment, line, delta) ORDER BY amendment, position) AS TEXT) FROM amendment_changes WHERE {w})"
        ),
    ]
}

/// Rows packed by [`Store::packed_sql`]: `key,committed,disbursed` joined
/// by `;` (keys are line codes or `line@month`, which hold neither).
pub(crate) fn parse_packed(text: Option<String>) -> Result<Vec<(String, i64, i64)>, StoreError> {
    let text = text.unwrap_or_default();
    text.split(';')
        .filter(|p| !p.is_empty())
        .map(|part| packed_part(part).map(|(k, c, d)| (k.to_owned(), c, d)))
        .collect()
}

/// Every leaf's totals from a packed `day_totals` text (see
/// [`parse_packed`]), each code the budget's own where it has the line
/// (a shared reference, no new code made for each of hundreds of lines),
/// else read and checked as any code.
pub(crate) fn leaf_totals_of(
    text: Option<String>,
    budget: &yesan_domain::budget::Budget,
) -> Result<yesan_domain::execution::LeafTotals, StoreError> {
    let text = text.unwrap_or_default();
    let mut out = yesan_domain::execution::LeafTotals::with_capacity_and_hasher(
        budget.lines().len(),
        rustc_hash::FxBuildHasher,
    );
    for part in text.split(';').filter(|p| !p.is_empty()) {
        let (key, c, d) = packed_part(part)?;
        let code = match budget.code(key) {
            Some(code) => code.clone(),
            None => line_code("day_totals", key, "line", key)?,
        };
        out.insert(code, (Won::new(c), Won::new(d)));
    }
    Ok(out)
}

/// The disbursed amounts of a packed `day_totals` text summed over the
/// lines `counted` accepts (by code, as text).
pub(crate) fn disbursed_of(
    text: Option<&str>,
    counted: impl Fn(&str) -> bool,
) -> Result<Won, StoreError> {
    let mut sum = 0i64;
    for part in text
        .unwrap_or_default()
        .split(';')
        .filter(|p| !p.is_empty())
    {
        let (key, _, d) = packed_part(part)?;
        if counted(key) {
            sum = sum.checked_add(d).ok_or_else(|| {
                corrupt(
                    "ledger index",
                    part,
                    "disbursed",
                    "합계가 너무 큽니다 / the sum overflows".to_owned(),
                )
            })?;
        }
    }
    Ok(Won::new(sum))
}

/// One `key,committed,disbursed` of a packed text.
fn packed_part(part: &str) -> Result<(&str, i64, i64), StoreError> {
    let bad = || {
        corrupt(
            "ledger index",
            part,
            "committed",
            "합계를 읽을 수 없습니다 / cannot read the sums".to_owned(),
        )
    };
    // `key,committed,disbursed`: the key holds no comma, the amounts none.
    let (Some(first), Some(last)) = (part.find(','), part.rfind(',')) else {
        return Err(bad());
    };
    if first == last {
        return Err(bad());
    }
    let c: i64 = part[first + 1..last].parse().map_err(|_| bad())?;
    let d: i64 = part[last + 1..].parse().map_err(|_| bad())?;
    Ok((&part[..first], c, d))
}

/// `prior_curve` as stored: twelve comma-separated tenths of a percent.
pub(crate) fn curve_to_text(c: &ExpectedCurve) -> Option<String> {
    match c {
        ExpectedCurve::StraightLine => None,
        ExpectedCurve::PriorYear(m) => Some(
            m.0.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(","),
        ),
    }
}

/// `closed_years.curve` as stored → the curve ('' : none).
pub(crate) fn kept_curve(text: &str) -> Result<Option<MonthlyCurve>, StoreError> {
    if text.is_empty() {
        return Ok(None);
    }
    match curve_from_text(Some(text.to_owned()))? {
        ExpectedCurve::PriorYear(c) => Ok(Some(c)),
        ExpectedCurve::StraightLine => Ok(None),
    }
}

/// `budget.prior_curve` as stored → the curve.
pub(crate) fn curve_from_text(text: Option<String>) -> Result<ExpectedCurve, StoreError> {
    let Some(text) = text else {
        return Ok(ExpectedCurve::StraightLine);
    };
    let bad = |why: String| corrupt("budget", "1", "prior_curve", why);
    let months: Vec<u16> = text
        .split(',')
        .map(|v| v.trim().parse::<u16>().map_err(|e| bad(e.to_string())))
        .collect::<Result<_, _>>()?;
    let months: [u16; 12] = months
        .try_into()
        .map_err(|_| bad("12개가 아닙니다 / not 12 months".into()))?;
    MonthlyCurve::new(months)
        .map(ExpectedCurve::PriorYear)
        .map_err(|t| bad(t.to_string()))
}

/// Amendments from JSON arrays of `[no, date, kind, note]` (in recorded
/// order) and `[amendment, line, delta]` (in order within each).
pub(crate) fn amendments_from_json(
    amendments: Option<String>,
    changes: Option<String>,
) -> Result<Vec<Amendment>, StoreError> {
    const T: &str = "amendments";
    let changes: Vec<(String, String, i64)> =
        serde_json::from_str(changes.as_deref().unwrap_or("[]"))
            .map_err(|e| corrupt("amendment_changes", "*", "changes", e.to_string()))?;
    let mut by_no: HashMap<String, Vec<LineDelta>> = HashMap::new();
    for (no, line, delta) in changes {
        let line = line_code("amendment_changes", &no, "line", &line)?;
        by_no.entry(no).or_default().push(LineDelta {
            line,
            delta: Won::new(delta),
        });
    }
    let rows: Vec<(String, String, String, String)> =
        serde_json::from_str(amendments.as_deref().unwrap_or("[]"))
            .map_err(|e| corrupt(T, "*", "amendments", e.to_string()))?;
    let mut out = Vec::with_capacity(rows.len());
    for (no, day, kind, note) in rows {
        out.push(Amendment {
            date: parse_date(T, &no, "date", &day)?,
            kind: AmendmentKind::parse(&kind).ok_or_else(|| {
                corrupt(
                    T,
                    &no,
                    "kind",
                    format!("알 수 없는 변경 구분 / unknown amendment kind '{kind}'"),
                )
            })?,
            note,
            changes: by_no.remove(&no).unwrap_or_default(),
            no,
        });
    }
    Ok(out)
}

/// Rows per multi-row INSERT: well under SQLite's 32,766 parameters and
/// PostgreSQL's 65,535, and large enough to amortise the round trip.
pub(crate) const INSERT_BATCH: usize = 1_000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budget_lines_read_the_same_from_either_backends_json() {
        // SQLite's json_array (numbers) and PostgreSQL's text array.
        let sqlite = r#"[["E","expenditure","program","사업비",null,null,1000,null,null],["E.1","expenditure",null,"운영","E",1200000,-5,null,"201-01"]]"#;
        let postgres = r#"[["E","expenditure","program","사업비",null,null,"1000",null,null],["E.1","expenditure",null,"운영","E","1200000","-5",null,"201-01"]]"#;
        let a = budget_lines_from_json(Some(sqlite.into())).unwrap();
        let b = budget_lines_from_json(Some(postgres.into())).unwrap();
        assert_eq!(a, b);
        assert_eq!(a[1].amount, Some(Won::new(1_200_000)));
        assert_eq!(a[1].prior, Some(Won::new(-5)));
        assert_eq!(a[0].amount, None);
        assert!(budget_lines_from_json(None).unwrap().is_empty());
    }

    #[test]
    fn an_amount_that_is_no_integer_is_named_as_corrupt() {
        for bad in [
            r#"[["E","expenditure",null,"x",null,"12a",null,null,null]]"#,
            r#"[["E","expenditure",null,"x",null,1.5,null,null,null]]"#,
            r#"[["E","expenditure",null,"x",null,18446744073709551615,null,null,null]]"#,
        ] {
            let e = budget_lines_from_json(Some(bad.into())).unwrap_err();
            assert!(
                matches!(
                    e,
                    StoreError::Corrupt {
                        table: "budget_lines",
                        ..
                    }
                ),
                "{bad}: {e:?}"
            );
        }
    }
}
