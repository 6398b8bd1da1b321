//! One view of a CSV file and an XLSX sheet: a header row, then rows of
//! cells, each row with the line number a person would look for (the CSV
//! line where the record starts, or the sheet's row number).
//!
//! A CSV row is a reused `csv::ByteRecord` and its cells borrow from it, so
//! reading a row allocates nothing; the parsers copy out only what ends up
//! in a domain value. Rows whose every cell is blank are skipped here, so
//! that no parser has to think about them.

pub(crate) use crate::cell::Cell;
use crate::decode::{self, Content};
use crate::error::FileError;
use crate::stream::{LineEnds, TextReader};
use crate::xlsx::{Sheet, Value};
use std::io::{Cursor, Read};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// How far a reader has got through its file, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Data rows read so far (good and bad, blank rows not counted).
    pub rows: usize,
    /// Work done, in the unit of `total`: bytes for CSV, sheet rows for XLSX.
    pub done: u64,
    /// Work in all, in the same unit.
    pub total: u64,
}

/// A row being read; borrows the table until the next row is read.
pub(crate) enum RowRef<'r> {
    /// The record's bytes as text, and the record for its field ranges.
    Csv(&'r str, &'r csv::ByteRecord),
    /// The sheet, and the row's non-empty cells (in column order).
    Xlsx(&'r Sheet, &'r [(u32, u32, Value)]),
}

impl<'r> RowRef<'r> {
    /// How many cells the row has (a CSV row may be ragged; every sheet
    /// row is as wide as the sheet's used columns).
    pub(crate) fn len(&self) -> usize {
        match self {
            RowRef::Csv(_, r) => r.len(),
            RowRef::Xlsx(sheet, _) => sheet.width,
        }
    }

    pub(crate) fn cell(&self, i: usize) -> Cell<'r> {
        match *self {
            RowRef::Csv(text, r) => r
                .range(i)
                .and_then(|at| text.get(at))
                .map_or(Cell::Empty, Cell::Text),
            RowRef::Xlsx(sheet, cells) => {
                let Some(column) = u32::try_from(i)
                    .ok()
                    .and_then(|i| sheet.first_column.checked_add(i))
                else {
                    return Cell::Empty;
                };
                let Ok(at) = cells.binary_search_by_key(&column, |&(_, c, _)| c) else {
                    return Cell::Empty;
                };
                let value = &cells[at].2;
                match value {
                    Value::Shared(_) | Value::Text(_) => {
                        sheet.text(value).map_or(Cell::Empty, Cell::Text)
                    }
                    Value::Int(n) => Cell::Int(*n),
                    Value::Float(f) => Cell::Float(*f),
                    Value::Bool(b) => Cell::Bool(*b),
                    Value::Date(d) => Cell::Date(*d),
                    Value::Error(e) => Cell::Error(e),
                }
            }
        }
    }

    fn is_blank(&self) -> bool {
        match self {
            RowRef::Csv(..) => (0..self.len()).all(|i| self.cell(i).is_blank()),
            RowRef::Xlsx(sheet, cells) => cells.iter().all(|(_, _, v)| match v {
                Value::Shared(_) | Value::Text(_) => {
                    sheet.text(v).is_none_or(|t| t.trim().is_empty())
                }
                _ => false,
            }),
        }
    }
}

/// The header row: each cell as written (trimmed), in file order.
pub(crate) struct Header {
    pub(crate) names: Vec<String>,
}

/// CSV text as the CSV reader reads it: from memory or from a stream.
type CsvReader<'a> = csv::Reader<LineEnds<Box<dyn Read + Send + 'a>>>;

enum Source<'a> {
    Csv {
        reader: Box<CsvReader<'a>>,
        record: csv::ByteRecord,
        total: u64,
        /// Bytes of the file consumed, when streaming (the CSV reader's
        /// own position counts decoded text, which CP949 makes longer).
        consumed: Option<Arc<AtomicU64>>,
        /// Line ends in the text, when it is in memory (for `size_hint`).
        lines: usize,
        /// The end of the text was reached (and an open quote reported).
        ended: bool,
    },
    Xlsx {
        sheet: Sheet,
        /// Index in `sheet.cells` of the next row's first cell.
        next: usize,
        /// Rows read so far, and rows with a value in all (for progress).
        done: u64,
        total: u64,
    },
}

/// A file opened for reading rows.
pub(crate) struct Table<'a> {
    source: Source<'a>,
    rows: usize,
}

impl<'a> Table<'a> {
    /// Detects the format and encoding and reads the header row.
    pub(crate) fn open(bytes: &'a [u8]) -> Result<(Table<'a>, Header), FileError> {
        let source = match decode::detect(bytes)? {
            Content::Text(text) => {
                let total = text.len() as u64;
                let lines = text.iter().filter(|&&b| b == b'\n').count();
                Source::Csv {
                    reader: Box::new(csv_reader(Box::new(Cursor::new(text)))),
                    record: csv::ByteRecord::new(),
                    total,
                    consumed: None,
                    lines,
                    ended: false,
                }
            }
            Content::Xlsx(bytes) => xlsx(bytes)?,
        };
        Table::start(source)
    }

    /// Like [`Table::open`], reading from a stream of `total` bytes (for
    /// progress) without holding it: CSV text is decoded as it is read
    /// (see [`crate::stream`]); a workbook, which is a zip archive and
    /// read whole anyway, is read into memory.
    pub(crate) fn open_reader(
        mut input: impl Read + Send + 'a,
        total: u64,
    ) -> Result<(Table<'a>, Header), FileError> {
        let unreadable = |e: std::io::Error| FileError::Unreadable {
            line: 0,
            reason: e.to_string(),
        };
        let mut head = Vec::with_capacity(4);
        (&mut input)
            .take(4)
            .read_to_end(&mut head)
            .map_err(unreadable)?;
        let source = if head.starts_with(decode::ZIP) {
            input.read_to_end(&mut head).map_err(unreadable)?;
            xlsx(&head)?
        } else {
            let consumed = Arc::new(AtomicU64::new(0));
            let text = TextReader::new(input, head, Arc::clone(&consumed))?;
            Source::Csv {
                reader: Box::new(csv_reader(Box::new(text))),
                record: csv::ByteRecord::new(),
                total,
                consumed: Some(consumed),
                lines: 0,
                ended: false,
            }
        };
        Table::start(source)
    }

    fn start(source: Source<'a>) -> Result<(Table<'a>, Header), FileError> {
        let mut table = Table { source, rows: 0 };
        let names = match table.next_row() {
            None => return Err(FileError::Empty),
            Some(Err(e)) => return Err(e),
            // No real header is long; a huge cell is cut so that every
            // message naming its column stays short.
            Some(Ok((_, row))) => (0..row.len())
                .map(|i| crate::error::cut(&row.cell(i).display()).into_owned())
                .collect(),
        };
        table.rows = 0;
        Ok((table, Header { names }))
    }

    /// The next row that has a value in any cell, with its line number.
    pub(crate) fn next_row(&mut self) -> Option<Result<(usize, RowRef<'_>), FileError>> {
        match &mut self.source {
            Source::Csv {
                reader,
                record,
                ended,
                ..
            } => loop {
                match reader.read_byte_record(record) {
                    Ok(false) => {
                        // The CSV reader takes a quote left open as a field
                        // running to the end of the file; refuse the file.
                        if std::mem::replace(ended, true) {
                            return None;
                        }
                        return reader
                            .get_ref()
                            .open_quote()
                            .map(|line| Err(FileError::UnterminatedQuote { line }));
                    }
                    Err(e) => return Some(Err(csv_error(e))),
                    Ok(true) => {
                        // Fields hold no separators, so a row is blank when
                        // the bytes of all its fields are.
                        if record.as_slice().iter().all(u8::is_ascii_whitespace) {
                            continue;
                        }
                        self.rows += 1;
                        let line = record
                            .position()
                            .map_or(0, |p| record_line(reader.get_mut(), p));
                        // One check per record rather than one per field:
                        // the file was valid UTF-8 and the reader splits only
                        // at ASCII bytes, so this cannot fail, but it is the
                        // safe way to get the `str` back.
                        return Some(match std::str::from_utf8(record.as_slice()) {
                            Ok(fields) => Ok((line, RowRef::Csv(fields, record))),
                            // A stream read as UTF-8 that breaks later on.
                            Err(e) => Err(FileError::NotUtf8 {
                                line,
                                byte: record.as_slice()[e.valid_up_to()],
                            }),
                        });
                    }
                }
            },
            Source::Xlsx {
                sheet, next, done, ..
            } => {
                while *next < sheet.cells.len() {
                    let start = *next;
                    let row = sheet.cells[start].0;
                    let len = sheet.cells[start..].partition_point(|&(r, _, _)| r == row);
                    *next += len;
                    *done += 1;
                    let cells = &sheet.cells[start..start + len];
                    if !RowRef::Xlsx(sheet, cells).is_blank() {
                        self.rows += 1;
                        return Some(Ok((row as usize + 1, RowRef::Xlsx(sheet, cells))));
                    }
                }
                None
            }
        }
    }

    /// About how many rows are left, to size a `Vec` once instead of
    /// growing it through twenty copies of a large file's rows.
    pub(crate) fn size_hint(&self) -> usize {
        match &self.source {
            Source::Csv { lines, .. } => *lines,
            Source::Xlsx { total, done, .. } => {
                usize::try_from(total.saturating_sub(*done)).unwrap_or(0)
            }
        }
    }

    /// How far reading has got.
    pub(crate) fn progress(&self) -> Progress {
        let (done, total) = match &self.source {
            Source::Csv {
                reader,
                total,
                consumed,
                ..
            } => (
                consumed
                    .as_ref()
                    .map_or_else(|| reader.position().byte(), |c| c.load(Ordering::Relaxed)),
                *total,
            ),
            Source::Xlsx { done, total, .. } => (*done, *total),
        };
        Progress {
            rows: self.rows,
            done,
            total,
        }
    }
}

fn csv_reader<'a>(text: Box<dyn Read + Send + 'a>) -> CsvReader<'a> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        // Ragged rows are reported per row by the parsers, with the
        // counts, instead of as the reader's bare error.
        .flexible(true)
        .buffer_capacity(1 << 16)
        .from_reader(LineEnds::new(text))
}

fn xlsx<'a>(bytes: &[u8]) -> Result<Source<'a>, FileError> {
    let sheet = crate::xlsx::read(bytes)?;
    let mut total = 0;
    let mut last = None;
    for &(r, _, _) in &sheet.cells {
        total += u64::from(last != Some(r));
        last = Some(r);
    }
    Ok(Source::Xlsx {
        sheet,
        next: 0,
        done: 0,
        total,
    })
}

/// The file error behind a CSV reader's error: the decoder's or the line
/// counter's own (located), or the reader's.
fn csv_error(e: csv::Error) -> FileError {
    let line = e
        .position()
        .map_or(0, |p| usize::try_from(p.line()).unwrap_or(usize::MAX));
    if let csv::ErrorKind::Io(io) = e.kind()
        && let Some(inner) = io.get_ref().and_then(|i| i.downcast_ref::<FileError>())
    {
        return inner.clone();
    }
    FileError::Unreadable {
        line,
        reason: e.to_string(),
    }
}

/// The line a CSV record starts on. The reader stamps a record with where
/// the previous one stopped, which is before any blank lines it skipped
/// and, in a CRLF file, before the LF of the previous line's end; so count
/// the line ends between there and the record's first byte.
fn record_line<R>(text: &mut LineEnds<R>, at: &csv::Position) -> usize {
    let skipped = text.newlines_from(at.byte());
    usize::try_from(at.line()).unwrap_or(usize::MAX) + skipped
}
