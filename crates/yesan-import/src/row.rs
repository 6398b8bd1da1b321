//! Reading typed values out of one row's cells, recording a located
//! [`RowError`] for every cell that does not hold what its column needs.
//!
//! Every getter reads its cell and either returns the value or records the
//! problem and returns [`Recorded`], so a row parser reads all of its
//! columns and reports every bad cell of the row, not just the first.
//! Messages quote the value found and say what was expected, Korean first.

use crate::cell::{Cell, cell_error, no_calendar_date, whole};
use crate::columns::Columns;
use crate::error::{FileError, RowError, cut};
use crate::table::{RowRef, Table};
use crate::value::{AmountError, DateError, excel_serial_date, parse_amount, parse_date};
use chrono::NaiveDate;
use std::borrow::Cow;
use std::fmt::Display;
use yesan_domain::message::{Localized, Text, josa};
use yesan_domain::money::{MoneyUnit, Won};

/// A problem was recorded in [`RowReader::errors`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Recorded;

/// The cells of one row, read by column.
pub(crate) struct RowReader<'r, 'c> {
    file: &'c str,
    pub(crate) line: usize,
    row: RowRef<'r>,
    columns: &'c Columns,
    pub(crate) errors: Vec<RowError>,
}

impl<'r, 'c> RowReader<'r, 'c> {
    /// Starts reading a row; a row with the wrong number of cells is
    /// refused whole, since its cells cannot be trusted to be in their
    /// columns.
    pub(crate) fn new(
        file: &'c str,
        line: usize,
        row: RowRef<'r>,
        columns: &'c Columns,
    ) -> Result<Self, RowError> {
        let (found, want) = (row.len(), columns.width());
        if found != want {
            return Err(RowError {
                file: file.to_owned(),
                line,
                column: None,
                message: yesan_domain::text!(
                    "칸이 {found}개입니다. 머리글처럼 {want}개여야 합니다",
                    "the row has {found} fields; the header has {want}"
                ),
            });
        }
        Ok(RowReader {
            file,
            line,
            row,
            columns,
            errors: Vec::new(),
        })
    }

    /// Records a problem with the cell of column `field` (or the row).
    pub(crate) fn fail(&mut self, field: usize, message: Text) -> Recorded {
        let column = self.columns.header(field);
        self.errors.push(RowError {
            file: self.file.to_owned(),
            line: self.line,
            column,
            message,
        });
        Recorded
    }

    fn cell(&self, field: usize) -> Cell<'r> {
        self.columns.index[field].map_or(Cell::Empty, |at| self.row.cell(at))
    }

    /// Trimmed text, empty when the column is absent or the cell blank;
    /// the `'` Yesan's exports put before text a spreadsheet would take
    /// for a formula is taken off again (`format::from_spreadsheet_text`).
    pub(crate) fn text(&mut self, field: usize) -> Result<Cow<'r, str>, Recorded> {
        self.cell(field)
            .text()
            .map(unquote_formula)
            .map_err(|m| self.fail(field, m))
    }

    /// Text that must not be empty; `what` names the column in the message.
    pub(crate) fn required(
        &mut self,
        field: usize,
        what: (&str, &str),
    ) -> Result<Cow<'r, str>, Recorded> {
        let t = self.text(field)?;
        if t.is_empty() {
            Err(self.fail(field, empty(what)))
        } else {
            Ok(t)
        }
    }

    /// Text, `None` when empty.
    pub(crate) fn optional(&mut self, field: usize) -> Result<Option<String>, Recorded> {
        let t = self.text(field)?;
        Ok((!t.is_empty()).then(|| t.into_owned()))
    }

    /// A signed amount of won.
    pub(crate) fn amount(&mut self, field: usize) -> Result<i64, Recorded> {
        amount(self.cell(field)).map_err(|m| self.fail(field, m))
    }

    /// A signed amount of won, `None` when the cell is blank.
    pub(crate) fn optional_amount(&mut self, field: usize) -> Result<Option<i64>, Recorded> {
        let cell = self.cell(field);
        if cell.is_blank() {
            Ok(None)
        } else {
            amount(cell).map(Some).map_err(|m| self.fail(field, m))
        }
    }

    /// The cell as written, for quoting in a message (cut short).
    pub(crate) fn raw(&self, field: usize) -> String {
        cut(&self.cell(field).display()).into_owned()
    }

    /// A date.
    pub(crate) fn date(&mut self, field: usize) -> Result<NaiveDate, Recorded> {
        date(self.cell(field)).map_err(|m| self.fail(field, m))
    }

    /// A value read from trimmed text by `parse`, which explains a refusal.
    pub(crate) fn parsed<T, E: Localized>(
        &mut self,
        field: usize,
        what: (&str, &str),
        parse: impl FnOnce(&str) -> Result<T, E>,
    ) -> Result<T, Recorded> {
        let t = self.required(field, what)?;
        parse(&t).map_err(|e| self.fail(field, found(&*t, &e)))
    }
}

/// Reads the next non-blank row of `table` and parses it with `parse`,
/// which gets the whole row and records a problem per bad cell.
pub(crate) fn next<T>(
    file: &str,
    table: &mut Table<'_>,
    columns: &Columns,
    parse: impl FnOnce(&mut RowReader<'_, '_>) -> Result<T, Recorded>,
) -> Option<Result<(usize, T), Vec<RowError>>> {
    let (line, row) = match table.next_row()? {
        Ok(r) => r,
        Err(e) => {
            return Some(Err(vec![RowError {
                file: file.to_owned(),
                line: match e {
                    FileError::Unreadable { line, .. }
                    | FileError::NotUtf8 { line, .. }
                    | FileError::NotText { line, .. }
                    | FileError::UnterminatedQuote { line }
                    | FileError::RowTooLong { line, .. } => line,
                    _ => 0,
                },
                column: None,
                message: e.text(),
            }]));
        }
    };
    let mut r = match RowReader::new(file, line, row, columns) {
        Ok(r) => r,
        Err(e) => return Some(Err(vec![e])),
    };
    Some(match parse(&mut r) {
        Ok(value) if r.errors.is_empty() => Ok((line, value)),
        _ => Err(r.errors),
    })
}

/// `결의번호가 비어 있습니다 / the doc_no is empty`.
pub(crate) fn empty((korean, english): (&str, &str)) -> Text {
    let k = josa(korean, "이", "가");
    yesan_domain::text!("{k} 비어 있습니다", "the {english} is empty")
}

/// The value quoted, then why it was refused.
pub(crate) fn found(value: impl Display, why: &impl Localized) -> Text {
    let v = cut(&value.to_string()).into_owned();
    why.text().map(|_, w| format!("'{v}': {w}"))
}

fn amount(cell: Cell<'_>) -> Result<i64, Text> {
    match cell {
        Cell::Empty => Err(AmountError::Empty.text()),
        Cell::Text(t) => parse_amount(t).map_err(|e| match e {
            AmountError::Empty => e.text(),
            _ => found(t.trim(), &e),
        }),
        Cell::Int(n) => Won::from_unit(n, MoneyUnit::Won)
            .map(Won::get)
            .map_err(|_| found(n, &AmountError::OutOfRange)),
        Cell::Float(f) => whole(f).map_err(|e| found(f, &e)),
        Cell::Date(_) | Cell::Bool(_) => Err(found(cell.display(), &AmountError::NotANumber)),
        Cell::Error(e) => Err(cell_error(e)),
    }
}

/// The integer a number cell holds. Cells are floats even when the person
/// typed an integer; only integral values within ±10^15 (where every
/// integer is exact in an `f64`) are amounts.
fn date(cell: Cell<'_>) -> Result<NaiveDate, Text> {
    match cell {
        Cell::Empty => Err(DateError::Empty.text()),
        Cell::Text(t) => parse_date(t).map_err(|e| match e {
            DateError::Empty => e.text(),
            _ => found(t.trim(), &e),
        }),
        Cell::Date(Some(d)) => Ok(d),
        Cell::Date(None) => Err(no_calendar_date()),
        Cell::Int(_) | Cell::Float(_) => number_date(cell),
        Cell::Bool(_) => Err(found(cell.display(), &DateError::Format)),
        Cell::Error(e) => Err(cell_error(e)),
    }
}

/// A number in a date column is either a date typed as `20231018` or a
/// date cell that lost its format and shows its serial day (`45217`).
fn number_date(cell: Cell<'_>) -> Result<NaiveDate, Text> {
    let f = match cell {
        Cell::Int(n) => n as f64,
        Cell::Float(f) => f,
        _ => f64::NAN,
    };
    if let Ok(n @ 19_000_101..=99_991_231) = whole(f) {
        return parse_date(&n.to_string()).map_err(|e| found(n, &e));
    }
    excel_serial_date(f, false).ok_or_else(|| {
        found(
            cell.display(),
            &Text::new(
                "날짜 일련번호가 아닙니다. 2023-10-18 같은 날짜를 쓰세요",
                "not a date serial number; expected a date such as 2023-10-18",
            ),
        )
    })
}

/// [`yesan_domain::format::from_spreadsheet_text`] on a cell's text.
fn unquote_formula(t: Cow<'_, str>) -> Cow<'_, str> {
    match t {
        Cow::Borrowed(b) => Cow::Borrowed(yesan_domain::format::from_spreadsheet_text(b)),
        Cow::Owned(o) => {
            let kept = yesan_domain::format::from_spreadsheet_text(&o);
            if kept.len() == o.len() {
                Cow::Owned(o)
            } else {
                Cow::Owned(kept.to_owned())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn number_cells_are_whole_won_only() {
        assert_eq!(amount(Cell::Float(1_234.0)), Ok(1_234));
        assert_eq!(amount(Cell::Int(-5)), Ok(-5));
        let e = amount(Cell::Float(1_234.5)).unwrap_err();
        assert!(e.ko.starts_with("'1234.5': 금액에 원 미만"), "{e}");
        assert!(amount(Cell::Float(1e16)).is_err());
        assert!(amount(Cell::Float(f64::NAN)).is_err());
        assert_eq!(
            amount(Cell::Empty),
            Err(Text::new("금액이 비어 있습니다", "the amount is empty"))
        );
        let e = amount(Cell::Text(" 12원5 ")).unwrap_err();
        assert!(e.ko.starts_with("'12원5': "), "{e}");
    }

    #[test]
    fn date_cells_numbers_and_text() {
        assert_eq!(
            date(Cell::Date(Some(day(2023, 10, 18)))),
            Ok(day(2023, 10, 18))
        );
        assert_eq!(date(Cell::Float(45_217.0)), Ok(day(2023, 10, 18)));
        assert_eq!(date(Cell::Int(20_231_018)), Ok(day(2023, 10, 18)));
        assert_eq!(date(Cell::Float(20_231_018.0)), Ok(day(2023, 10, 18)));
        assert!(
            date(Cell::Int(20_230_230))
                .unwrap_err()
                .ko
                .contains("2023-02-30")
        );
        assert!(date(Cell::Float(-1.0)).is_err());
        assert!(date(Cell::Date(None)).is_err());
        let e = date(Cell::Text("2023-13-01")).unwrap_err();
        assert!(
            e.ko.starts_with("'2023-13-01': 2023-13-01은 달력에 없는"),
            "{e}"
        );
    }
}
