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
use calamine::{Data, Range, Reader as _, Xlsx};
use chrono::NaiveDate;
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
    Xlsx(&'r Range<Data>, usize),
}

impl<'r> RowRef<'r> {
    /// How many cells the row has (a CSV row may be ragged).
    pub(crate) fn len(&self) -> usize {
        match self {
            RowRef::Csv(_, r) => r.len(),
            RowRef::Xlsx(range, _) => range.width(),
        }
    }

    pub(crate) fn cell(&self, i: usize) -> Cell<'r> {
        match *self {
            RowRef::Csv(text, r) => r
                .range(i)
                .and_then(|at| text.get(at))
                .map_or(Cell::Empty, Cell::Text),
            RowRef::Xlsx(range, row) => match range.get((row, i)) {
                None | Some(Data::Empty) => Cell::Empty,
                Some(Data::String(s)) => Cell::Text(s),
                Some(Data::Int(n)) => Cell::Int(*n),
                Some(Data::Float(f)) => Cell::Float(*f),
                Some(Data::Bool(b)) => Cell::Bool(*b),
                Some(Data::DateTime(d)) if d.is_datetime() => {
                    let (y, m, d, ..) = d.to_ymd_hms_milli();
                    Cell::Date(NaiveDate::from_ymd_opt(
                        i32::from(y),
                        u32::from(m),
                        u32::from(d),
                    ))
                }
                // A duration cell in a ledger is a typo; let the column's
                // parser refuse the number.
                Some(Data::DateTime(d)) => Cell::Float(d.as_f64()),
                Some(Data::DateTimeIso(s)) => {
                    Cell::Date(s.get(..10).and_then(|d| crate::value::parse_date(d).ok()))
                }
                Some(Data::DurationIso(s)) => Cell::Text(s),
                Some(Data::Error(e)) => Cell::Error(e),
            },
        }
    }

    fn is_blank(&self) -> bool {
        (0..self.len()).all(|i| self.cell(i).is_blank())
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
    },
    Xlsx {
        range: Range<Data>,
        /// Next row to read, relative to the range.
        next: usize,
        /// 1-based sheet row of the range's first row.
        first_row: usize,
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
                }
            }
            Content::Xlsx(bytes) => xlsx(Cursor::new(bytes))?,
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
            xlsx(Cursor::new(head))?
        } else {
            let consumed = Arc::new(AtomicU64::new(0));
            let text = TextReader::new(input, head, Arc::clone(&consumed))?;
            Source::Csv {
                reader: Box::new(csv_reader(Box::new(text))),
                record: csv::ByteRecord::new(),
                total,
                consumed: Some(consumed),
                lines: 0,
            }
        };
        Table::start(source)
    }

    fn start(source: Source<'a>) -> Result<(Table<'a>, Header), FileError> {
        let mut table = Table { source, rows: 0 };
        let names = match table.next_row() {
            None => return Err(FileError::Empty),
            Some(Err(e)) => return Err(e),
            Some(Ok((_, row))) => (0..row.len()).map(|i| row.cell(i).display()).collect(),
        };
        table.rows = 0;
        Ok((table, Header { names }))
    }

    /// The next row that has a value in any cell, with its line number.
    pub(crate) fn next_row(&mut self) -> Option<Result<(usize, RowRef<'_>), FileError>> {
        match &mut self.source {
            Source::Csv { reader, record, .. } => loop {
                match reader.read_byte_record(record) {
                    Ok(false) => return None,
                    Err(e) => {
                        return Some(Err(FileError::Unreadable {
                            line: e
                                .position()
                                .map_or(0, |p| usize::try_from(p.line()).unwrap_or(usize::MAX)),
                            reason: e.to_string(),
                        }));
                    }
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
                            Err(e) => Err(FileError::Unreadable {
                                line,
                                reason: e.to_string(),
                            }),
                        });
                    }
                }
            },
            Source::Xlsx {
                range,
                next,
                first_row,
            } => {
                while *next < range.height() {
                    let row = *next;
                    *next += 1;
                    if !RowRef::Xlsx(range, row).is_blank() {
                        self.rows += 1;
                        return Some(Ok((*first_row + row, RowRef::Xlsx(range, row))));
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
            Source::Xlsx { range, next, .. } => range.height().saturating_sub(*next),
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
            Source::Xlsx { range, next, .. } => (*next as u64, range.height() as u64),
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

fn xlsx<'a, R: Read + std::io::Seek>(input: R) -> Result<Source<'a>, FileError> {
    let mut book = Xlsx::new(input).map_err(|e| FileError::Workbook {
        reason: e.to_string(),
    })?;
    let range = book
        .worksheet_range_at(0)
        .ok_or(FileError::NoSheet)?
        .map_err(|e| FileError::Workbook {
            reason: e.to_string(),
        })?;
    let first_row = range.start().map_or(1, |(r, _)| r as usize + 1);
    Ok(Source::Xlsx {
        range,
        next: 0,
        first_row,
    })
}

/// The line a CSV record starts on. The reader stamps a record with where
/// the previous one stopped, which is before any blank lines it skipped
/// and, in a CRLF file, before the LF of the previous line's end; so count
/// the line ends between there and the record's first byte.
fn record_line<R>(text: &mut LineEnds<R>, at: &csv::Position) -> usize {
    let skipped = text.newlines_from(at.byte());
    usize::try_from(at.line()).unwrap_or(usize::MAX) + skipped
}
