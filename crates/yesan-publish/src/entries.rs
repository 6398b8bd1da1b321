//! Ledger entries as a file: CSV and XLSX in the entries file's own
//! layout ([`yesan_domain::entry::FILE_COLUMNS`]), so that an export —
//! the whole ledger from the command line, or the rows of a filtered list
//! from the web — imports again unchanged. Headers in English (what the
//! command line has always written) or Korean (what the web writes for a
//! Korean reader); the import reads either.

use crate::PublishError;
use rust_xlsxwriter::{Format, Workbook};
use yesan_domain::execution::Entry;
use yesan_domain::format::spreadsheet_text;

/// The language of an export's header row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Headers {
    /// `date`, `doc_no`, … (the command line's).
    English,
    /// `일자`, `결의번호`, …
    Korean,
}

impl Headers {
    fn names(self) -> [&'static str; 8] {
        yesan_domain::entry::FILE_COLUMNS.map(|(en, ko)| match self {
            Headers::English => en,
            Headers::Korean => ko,
        })
    }
}

/// An entry's cells as text, in the columns' order: text a spreadsheet
/// would take for a formula is quoted (`format::spreadsheet_text`; the
/// import takes the quote off again); the amount stays a number.
fn cells(e: &Entry) -> [String; 8] {
    let text = |s: Option<&str>| spreadsheet_text(s.unwrap_or("")).into_owned();
    [
        e.date.to_string(),
        text(Some(&e.doc_no)),
        e.kind.as_str().to_owned(),
        e.line.as_str().to_owned(),
        e.amount.get().to_string(),
        text(e.reference.as_deref()),
        text(e.counterparty.as_deref()),
        text(e.memo.as_deref()),
    ]
}

/// `entries` as CSV (UTF-8; with `bom`, led by a byte order mark, so that
/// a spreadsheet opening the file reads its Korean as UTF-8).
///
/// # Errors
/// [`PublishError::Csv`] (a bug: nothing here can fail on a `Vec`).
pub fn entries_csv(
    entries: &[Entry],
    headers: Headers,
    bom: bool,
) -> Result<Vec<u8>, PublishError> {
    let mut out = Vec::new();
    if bom {
        out.extend_from_slice("\u{feff}".as_bytes());
    }
    let mut w = csv::Writer::from_writer(out);
    w.write_record(headers.names())?;
    for e in entries {
        w.write_record(cells(e))?;
    }
    w.into_inner()
        .map_err(|e| PublishError::Csv(csv::Error::from(e.into_error())))
}

/// `entries` as an XLSX workbook of one sheet: dates as date cells,
/// amounts as numbers (won, with thousands separators), text as text.
///
/// # Errors
/// [`PublishError::Xlsx`] (a bug: names and ranges are ours).
pub fn entries_xlsx(entries: &[Entry], headers: Headers) -> Result<Vec<u8>, PublishError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(match headers {
        Headers::English => "entries",
        Headers::Korean => "집행내역",
    })?;
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let won = Format::new().set_num_format("#,##0");
    for (c, name) in (0u16..).zip(headers.names()) {
        sheet.write_string_with_format(0, c, name, &bold)?;
    }
    for (r, e) in (1u32..).zip(entries) {
        let cells = cells(e);
        let d = rust_xlsxwriter::ExcelDateTime::from_ymd(
            u16::try_from(chrono::Datelike::year(&e.date)).unwrap_or(1900),
            u8::try_from(chrono::Datelike::month(&e.date)).unwrap_or(1),
            u8::try_from(chrono::Datelike::day(&e.date)).unwrap_or(1),
        )?;
        sheet.write_datetime_with_format(r, 0, &d, &date)?;
        for (c, text) in [(1u16, 1usize), (2, 2), (3, 3)] {
            sheet.write_string(r, c, &cells[text])?;
        }
        #[allow(clippy::cast_precision_loss)]
        sheet.write_number_with_format(r, 4, e.amount.get() as f64, &won)?;
        for (c, text) in [(5u16, 5usize), (6, 6), (7, 7)] {
            if !cells[text].is_empty() {
                sheet.write_string(r, c, &cells[text])?;
            }
        }
    }
    sheet.set_column_width(0, 11)?;
    sheet.set_column_width(1, 18)?;
    sheet.set_column_width(4, 15)?;
    sheet.set_column_width(7, 30)?;
    Ok(book.save_to_buffer()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use yesan_domain::{EntryKind, LineCode, Won};

    fn entry() -> Entry {
        Entry {
            doc_no: "=D-1".into(),
            date: chrono::NaiveDate::from_ymd_opt(2023, 10, 20).unwrap(),
            kind: EntryKind::Commit,
            line: LineCode::parse("E3.2.3").unwrap(),
            amount: Won::new(10_000_000),
            reference: None,
            counterparty: Some("(주)버스".into()),
            memo: None,
        }
    }

    #[test]
    fn csv_in_either_language_imports_again() {
        let ko = entries_csv(&[entry()], Headers::Korean, true).unwrap();
        let text = String::from_utf8(ko.clone()).unwrap();
        assert!(text.starts_with("\u{feff}일자,결의번호,구분,예산과목,금액,참조,거래처,적요\n"));
        assert!(text.contains("2023-10-20,'=D-1,commit,E3.2.3,10000000,,(주)버스,\n"));
        let back = yesan_import::parse_entries("e.csv", &ko).unwrap();
        assert_eq!(
            back.rows[0].1,
            Entry {
                doc_no: "=D-1".into(),
                ..entry()
            }
        );
    }

    #[test]
    fn xlsx_imports_again() {
        let x = entries_xlsx(&[entry()], Headers::English).unwrap();
        let back = yesan_import::parse_entries("e.xlsx", &x).unwrap();
        assert_eq!(back.rows[0].1, entry());
    }
}
