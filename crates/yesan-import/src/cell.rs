//! One cell as the file gave it (CSV text, or an XLSX value), and how a
//! cell reads as text: shared by the table reader (header rows) and the
//! row reader (values and messages).

use crate::value::AmountError;
use chrono::NaiveDate;
use std::borrow::Cow;
use yesan_domain::message::Text;

/// One cell, as the file gave it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Cell<'a> {
    /// No value.
    Empty,
    /// Text (CSV cells are always text).
    Text(&'a str),
    /// An integer cell.
    Int(i64),
    /// A number cell.
    Float(f64),
    /// A date cell; `None` when its serial is no calendar date.
    Date(Option<NaiveDate>),
    /// A boolean cell.
    Bool(bool),
    /// An error cell (`#N/A`, `#DIV/0!`, …).
    Error(&'a calamine::CellErrorType),
}

impl<'a> Cell<'a> {
    pub(crate) fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text (trimmed), or why it holds none.
    pub(crate) fn text(self) -> Result<Cow<'a, str>, Text> {
        Ok(match self {
            Cell::Empty => Cow::Borrowed(""),
            Cell::Text(t) => Cow::Borrowed(t.trim()),
            Cell::Int(n) => Cow::Owned(n.to_string()),
            // A code or number typed into a number cell comes back as a float;
            // `12.0` should read as the `12` the person typed.
            Cell::Float(f) => Cow::Owned(match whole(f) {
                Ok(n) => n.to_string(),
                Err(_) => f.to_string(),
            }),
            Cell::Date(Some(d)) => Cow::Owned(d.to_string()),
            Cell::Date(None) => return Err(no_calendar_date()),
            Cell::Bool(b) => Cow::Borrowed(if b { "TRUE" } else { "FALSE" }),
            Cell::Error(e) => return Err(cell_error(e)),
        })
    }

    /// The cell as text for the header row and for messages, never failing.
    pub(crate) fn display(self) -> String {
        match self {
            Cell::Error(e) => e.to_string(),
            other => other.text().map(Cow::into_owned).unwrap_or_default(),
        }
    }
}

pub(crate) fn cell_error(e: &calamine::CellErrorType) -> Text {
    let ej = yesan_domain::message::josa(&e.to_string(), "이", "가");
    yesan_domain::text!(
        "셀에 오류 값 {ej} 있습니다. 값을 넣으세요",
        "the cell holds the error {e}; expected a value"
    )
}

pub(crate) fn no_calendar_date() -> Text {
    Text::new(
        "날짜 셀의 값이 달력에 없는 날짜입니다",
        "the date cell holds no calendar date",
    )
}

/// A float that is a whole number of won, exactly.
pub(crate) fn whole(f: f64) -> Result<i64, AmountError> {
    const EXACT: f64 = 1e15;
    if !f.is_finite() {
        Err(AmountError::NotANumber)
    } else if f.fract() != 0.0 {
        Err(AmountError::Fraction)
    } else if f.abs() > EXACT {
        Err(AmountError::OutOfRange)
    } else {
        // Integral and within ±10^15, checked just above: the cast is exact.
        #[allow(clippy::cast_possible_truncation)]
        Ok(f as i64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_of_number_cells_reads_as_typed() {
        assert_eq!(Cell::Float(12.0).text().unwrap(), "12");
        assert_eq!(Cell::Float(1.5).text().unwrap(), "1.5");
        assert_eq!(Cell::Text("  a b ").text().unwrap(), "a b");
    }
}
