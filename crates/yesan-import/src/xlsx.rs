//! Reading the first sheet of an XLSX workbook into a compact, sparse
//! sheet, with bounds that keep a small hostile file from taking the
//! process's memory.
//!
//! A workbook is a zip archive of XML, so a few kilobytes can declare a
//! sheet of 17 billion cells (one cell at `XFD1048576`) or inflate to
//! gigabytes of whitespace. Two things keep memory proportional to what a
//! real ledger needs. First, before the XLSX reader sees the archive, every
//! member is inflated once through a counter ([`prescan`]): the whole
//! archive may inflate to at most [`MAX_INFLATED`] bytes, its shared strings
//! to [`MAX_SHARED`], and no run of text
//! between two XML tags (a cell's value, a shared string) nor a tag itself
//! may be longer than [`MAX_TEXT`] / [`MAX_TAG`] bytes — so the XML parser's
//! buffers stay small whatever the file. Second, cells are read one by one
//! (calamine's cell reader, never its dense `Range`, which allocates by the
//! declared dimensions) and kept sparse: only non-empty cells, a shared
//! string copied once however many cells use it, at most [`MAX_CELLS`]
//! cells.

use crate::error::FileError;
use calamine::{CellErrorType, DataRef, Reader as _, Xlsx, XlsxError};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::io::{Cursor, Read};

/// The most the members of a workbook may inflate to, together.
pub(crate) const MAX_INFLATED: u64 = 1 << 30;
/// The most the shared strings may inflate to: calamine holds them all,
/// and the cells that use them get a copy each (once per string).
pub(crate) const MAX_SHARED: u64 = 256 << 20;
/// The longest run of text between two tags (a cell value or a shared
/// string; Excel itself holds at most 32,767 characters in a cell, which
/// is at most about 128 KiB of UTF-8 with XML escapes).
pub(crate) const MAX_TEXT: usize = 256 << 10;
/// The longest XML tag, attributes included.
pub(crate) const MAX_TAG: usize = 64 << 10;
/// The most non-empty cells a sheet may hold (ten million: a million rows
/// of a full entries file). Larger ledgers go in as CSV, which is streamed.
pub(crate) const MAX_CELLS: usize = 10_000_000;

/// One non-empty cell's value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    /// A shared string, by its index in [`Sheet::strings`].
    Shared(u32),
    /// A string held in the cell itself (an inline or formula string, an
    /// ISO duration).
    Text(Box<str>),
    Int(i64),
    Float(f64),
    Bool(bool),
    /// A date cell; `None` when its serial is no calendar date.
    Date(Option<NaiveDate>),
    Error(CellErrorType),
}

/// A sheet's non-empty cells in row order, with the strings they share.
#[derive(Debug, Default)]
pub(crate) struct Sheet {
    pub(crate) strings: Vec<Box<str>>,
    /// `(row, column, value)`, 0-based sheet positions, sorted.
    pub(crate) cells: Vec<(u32, u32, Value)>,
    /// The leftmost column holding a value (column `i` of a row is sheet
    /// column `first_column + i`).
    pub(crate) first_column: u32,
    /// Columns from the leftmost to the rightmost holding a value.
    pub(crate) width: usize,
}

impl Sheet {
    /// The text of a string value.
    pub(crate) fn text<'s>(&'s self, v: &'s Value) -> Option<&'s str> {
        match v {
            Value::Shared(i) => self.strings.get(*i as usize).map(|s| &**s),
            Value::Text(t) => Some(t),
            _ => None,
        }
    }
}

fn workbook(reason: impl ToString) -> FileError {
    FileError::Workbook {
        reason: reason.to_string(),
    }
}

/// Reads the first worksheet of the workbook in `bytes`.
pub(crate) fn read(bytes: &[u8]) -> Result<Sheet, FileError> {
    prescan(bytes)?;
    let mut book = Xlsx::new(Cursor::new(bytes)).map_err(workbook)?;
    let name = book
        .sheet_names()
        .into_iter()
        .next()
        .ok_or(FileError::NoSheet)?;
    let mut sheet = Sheet::default();
    let mut reader = match book.worksheet_cells_reader(&name) {
        Ok(r) => r,
        // A chart sheet first: nothing to read, as an empty sheet.
        Err(XlsxError::NotAWorksheet(_)) => return Ok(sheet),
        Err(e) => return Err(workbook(e)),
    };
    // Shared strings by address: calamine lends each as a `&str` into its
    // table, so equal addresses are the same string, copied once.
    let mut shared: HashMap<usize, u32> = HashMap::new();
    let mut sorted = true;
    while let Some(cell) = reader.next_cell().map_err(workbook)? {
        let (row, column) = cell.get_position();
        let value = match cell.get_value() {
            DataRef::Empty => continue,
            DataRef::SharedString(s) => {
                if s.is_empty() {
                    continue;
                }
                let next = u32::try_from(sheet.strings.len()).unwrap_or(u32::MAX);
                let i = *shared.entry(s.as_ptr() as usize).or_insert(next);
                if i == next {
                    sheet.strings.push((*s).into());
                }
                Value::Shared(i)
            }
            DataRef::String(s) | DataRef::DurationIso(s) => Value::Text(s.as_str().into()),
            DataRef::Int(n) => Value::Int(*n),
            DataRef::Float(f) => Value::Float(*f),
            DataRef::Bool(b) => Value::Bool(*b),
            DataRef::DateTime(d) if d.is_datetime() => {
                let (y, m, d, ..) = d.to_ymd_hms_milli();
                Value::Date(NaiveDate::from_ymd_opt(
                    i32::from(y),
                    u32::from(m),
                    u32::from(d),
                ))
            }
            // A duration cell in a ledger is a typo; let the column's
            // parser refuse the number.
            DataRef::DateTime(d) => Value::Float(d.as_f64()),
            DataRef::DateTimeIso(s) => {
                Value::Date(s.get(..10).and_then(|d| crate::value::parse_date(d).ok()))
            }
            DataRef::Error(e) => Value::Error(e.clone()),
        };
        if sheet.cells.len() >= MAX_CELLS {
            return Err(FileError::TooLarge {
                korean: "셀",
                english: "cells",
                limit: MAX_CELLS as u64,
            });
        }
        if let Some(&(r, c, _)) = sheet.cells.last() {
            sorted &= (r, c) < (row, column);
        }
        sheet.cells.push((row, column, value));
    }
    drop(reader);
    drop(book);
    if !sorted {
        // Rows and cells out of order (allowed by the format, though Excel
        // never writes them so); a cell written twice keeps its last value.
        sheet.cells.sort_by_key(|&(r, c, _)| (r, c));
        sheet.cells.dedup_by(|later, earlier| {
            if (later.0, later.1) == (earlier.0, earlier.1) {
                std::mem::swap(&mut later.2, &mut earlier.2);
                true
            } else {
                false
            }
        });
    }
    let columns = sheet.cells.iter().map(|&(_, c, _)| c);
    if let (Some(first), Some(last)) = (columns.clone().min(), columns.max()) {
        sheet.first_column = first;
        sheet.width = (last - first) as usize + 1;
    }
    Ok(sheet)
}

/// Inflates every member of the archive once, refusing the workbook when
/// it inflates past [`MAX_INFLATED`] or holds a text run or tag past
/// [`MAX_TEXT`] / [`MAX_TAG`].
fn prescan(bytes: &[u8]) -> Result<(), FileError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(workbook)?;
    let mut total: u64 = 0;
    let mut buf = vec![0_u8; 1 << 16];
    for i in 0..zip.len() {
        let mut member = zip.by_index(i).map_err(workbook)?;
        let name = member.name().map_err(workbook)?.into_owned();
        let xml = name.ends_with(".xml") || name.ends_with(".rels");
        let shared = name.to_ascii_lowercase().ends_with("sharedstrings.xml");
        let mut inflated: u64 = 0;
        // Run lengths carry across reads: (inside a tag, bytes in the run).
        let (mut in_tag, mut run) = (false, 0usize);
        loop {
            let n = match member.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(workbook(format!("{name}: {e}"))),
            };
            total += n as u64;
            inflated += n as u64;
            if shared && inflated > MAX_SHARED {
                return Err(FileError::TooLarge {
                    korean: "공유 문자열의 크기(바이트)",
                    english: "shared string bytes",
                    limit: MAX_SHARED,
                });
            }
            if total > MAX_INFLATED {
                return Err(FileError::TooLarge {
                    korean: "압축을 푼 크기(바이트)",
                    english: "inflated bytes",
                    limit: MAX_INFLATED,
                });
            }
            if !xml {
                continue;
            }
            for &b in &buf[..n] {
                match b {
                    b'<' => (in_tag, run) = (true, 0),
                    b'>' => (in_tag, run) = (false, 0),
                    _ => run += 1,
                }
                if in_tag && run > MAX_TAG {
                    return Err(FileError::TooLarge {
                        korean: "XML 태그 길이(바이트)",
                        english: "XML tag bytes",
                        limit: MAX_TAG as u64,
                    });
                }
                if !in_tag && run > MAX_TEXT {
                    return Err(FileError::TooLarge {
                        korean: "셀 값의 길이(바이트)",
                        english: "cell value bytes",
                        limit: MAX_TEXT as u64,
                    });
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A workbook of one sheet whose `<sheetData>` is `data`, with no
    /// shared strings.
    fn book(data: &str) -> Vec<u8> {
        let files = [
            (
                "[Content_Types].xml",
                r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>"#.to_owned(),
            ),
            (
                "_rels/.rels",
                r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_owned(),
            ),
            (
                "xl/workbook.xml",
                r#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_owned(),
            ),
            (
                "xl/_rels/workbook.xml.rels",
                r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_owned(),
            ),
            (
                "xl/worksheets/sheet1.xml",
                format!(
                    r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/><sheetData>{data}</sheetData></worksheet>"#
                ),
            ),
        ];
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, text) in files {
            zip.start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn cells_are_kept_sparse_in_order_whatever_the_declared_size() {
        let sheet = read(&book(
            r#"<row r="3"><c r="B3"><v>3</v></c></row><row r="1"><c r="B1" t="inlineStr"><is><t>a</t></is></c><c r="XFD1"><v>1</v></c><c r="XFD1"><v>2</v></c></row>"#,
        ))
        .unwrap();
        assert_eq!(
            sheet.cells,
            vec![
                (0, 1, Value::Text("a".into())),
                (0, 16_383, Value::Float(2.0)),
                (2, 1, Value::Float(3.0)),
            ]
        );
        assert_eq!((sheet.first_column, sheet.width), (1, 16_383));
    }

    #[test]
    fn long_text_and_tags_are_refused_before_parsing() {
        let long = format!(
            r#"<row r="1"><c r="A1" t="inlineStr"><is><t>{}</t></is></c></row>"#,
            " ".repeat(MAX_TEXT + 1)
        );
        assert!(
            matches!(read(&book(&long)), Err(FileError::TooLarge { limit, .. }) if limit == MAX_TEXT as u64)
        );
        let tag = format!(r#"<row r="1" x="{}"/>"#, "y".repeat(MAX_TAG));
        assert!(
            matches!(read(&book(&tag)), Err(FileError::TooLarge { limit, .. }) if limit == MAX_TAG as u64)
        );
        assert!(read(&book(r#"<row r="1"><c r="A1"><v>1</v></c></row>"#)).is_ok());
    }
}
