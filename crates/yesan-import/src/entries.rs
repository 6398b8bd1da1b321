//! The execution entries file (`yesan import entries FILE`): one ledger
//! entry per row, from the finance team's 지출/원인행위 register.
//!
//! Two ways in. [`parse_entries`] (and [`parse_entries_with`], which
//! reports progress) reads the whole file and returns every entry or every
//! problem, and also refuses a document number used twice in the file.
//! [`EntryReader`] yields one row at a time for files too big to hold as
//! entries; its caller owns all-or-nothing (a transaction it rolls back on
//! the first bad row, or after collecting them) and duplicate document
//! numbers (the store's unique `doc_no`), since a reader that keeps no
//! rows has nothing to compare a number with.

use crate::columns::{self, Columns, Spec};
use crate::error::{ImportError, RowError, RowErrors};
use crate::row::{self, Recorded, RowReader};
use crate::table::{Header, Progress, Table};
use std::borrow::Cow;
use yesan_domain::budget::names::LineNames;
use yesan_domain::message::Localized;
use yesan_domain::{Entry, EntryKind, LineCode, Won, text};

const DATE: usize = 0;
const DOC_NO: usize = 1;
const KIND: usize = 2;
const LINE: usize = 3;
const AMOUNT: usize = 4;
const REF: usize = 5;
const COUNTERPARTY: usize = 6;
const MEMO: usize = 7;

/// The entries file's columns, in the order of the constants above.
const COLUMNS: [Spec; 8] = {
    let c = yesan_domain::entry::FILE_COLUMNS;
    [
        Spec::required(c[DATE].0, c[DATE].1),
        Spec::required(c[DOC_NO].0, c[DOC_NO].1),
        Spec::required(c[KIND].0, c[KIND].1),
        Spec::required(c[LINE].0, c[LINE].1),
        Spec::required(c[AMOUNT].0, c[AMOUNT].1),
        Spec::optional(c[REF].0, c[REF].1),
        Spec::optional(c[COUNTERPARTY].0, c[COUNTERPARTY].1),
        Spec::optional(c[MEMO].0, c[MEMO].1),
    ]
};

/// A whole entries file, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntriesFile {
    /// Each entry with its line (CSV: 1-based line where the record starts,
    /// the header being line 1; XLSX: the sheet row number).
    pub rows: Vec<(usize, Entry)>,
    /// Things ignored on the way, such as unknown columns.
    pub warnings: Vec<yesan_domain::Text>,
}

/// Reads every entry of an entries file. See [`parse_entries_with`].
pub fn parse_entries(file: &str, bytes: &[u8]) -> Result<EntriesFile, ImportError> {
    parse_entries_with(file, bytes, |_| {})
}

/// How many rows pass between two progress reports.
const PROGRESS_EVERY: usize = 1 << 14;

/// Reads every entry of an entries file (CSV in UTF-8 or CP949, or the
/// first sheet of an XLSX workbook), calling `progress` every few thousand
/// rows and once at the end. `file` is the name used in messages.
///
/// Every row is read even after a bad one, so the error lists every bad
/// row (up to [`crate::MAX_ROW_ERRORS`]); a document number used twice in
/// the file is reported on its second use.
pub fn parse_entries_with(
    file: &str,
    bytes: &[u8],
    mut progress: impl FnMut(Progress),
) -> Result<EntriesFile, ImportError> {
    let mut reader = EntryReader::new(file, bytes)?;
    let mut rows = Vec::with_capacity(reader.table.size_hint());
    // The hash of each document number, taken while the text is in cache,
    // with the row's index: see `duplicates`.
    let mut keys = Vec::with_capacity(rows.capacity());
    let mut errors = RowErrors::default();
    let mut n = 0usize;
    while let Some(item) = reader.next() {
        match item {
            Ok(row) => {
                keys.push((hash(&row.1.doc_no), rows.len()));
                rows.push(row);
            }
            Err(es) => errors.extend(es),
        }
        n += 1;
        if n.is_multiple_of(PROGRESS_EVERY) {
            progress(reader.progress());
        }
    }
    progress(reader.progress());
    for (again, first) in duplicates(&rows, keys) {
        let (line, e) = &rows[again];
        errors.push(RowError {
            file: file.to_owned(),
            line: *line,
            column: reader.columns.header(DOC_NO),
            message: {
                let (doc, first) = (&e.doc_no, rows[first].0);
                yesan_domain::text!(
                    "'{doc}': {first}번째 줄과 결의번호가 겹칩니다",
                    "'{doc}': duplicate document number; also on line {first}"
                )
            },
        });
    }
    match errors.into_error(file) {
        Some(e) => Err(e),
        None => Ok(EntriesFile {
            rows,
            warnings: reader.warnings,
        }),
    }
}

/// Reads an entries file one row at a time, for files too large to hold
/// as a `Vec` of entries, and reports how far it has got.
///
/// File-level problems (encoding, header) are found by [`EntryReader::new`];
/// each item is then one data row: the entry with its line, or every
/// problem of that row. The reader does not look across rows, so
/// duplicate document numbers are the caller's to refuse.
pub struct EntryReader<'a> {
    file: String,
    table: Table<'a>,
    columns: Columns,
    warnings: Vec<yesan_domain::Text>,
    names: Option<std::sync::Arc<LineNames>>,
    /// The line codes met so far, parsed once: a ledger of millions of
    /// rows names a few hundred lines, and each row's code is then a
    /// look-up and a shared reference, not a new allocation.
    lines: Codes,
}

/// Line codes by their text, up to [`Codes::MAX`] of them (a hostile file
/// of distinct codes only makes each one parsed as if there were none).
#[derive(Default)]
struct Codes(std::collections::HashMap<Box<str>, LineCode>);

impl Codes {
    const MAX: usize = 4_096;

    /// The line `t` names, by `parse` the first time (a text refused is
    /// parsed again each time, to be refused with its message).
    fn parse<E>(
        &mut self,
        t: &str,
        parse: impl FnOnce(&str) -> Result<LineCode, E>,
    ) -> Result<LineCode, E> {
        if let Some(code) = self.0.get(t) {
            return Ok(code.clone());
        }
        let code = parse(t)?;
        if self.0.len() < Codes::MAX {
            self.0.insert(t.into(), code.clone());
        }
        Ok(code)
    }
}

impl<'a> EntryReader<'a> {
    /// Opens `bytes` (named `file` in messages) and reads the header row.
    pub fn new(file: &str, bytes: &'a [u8]) -> Result<Self, ImportError> {
        let (table, header) = Table::open(bytes).map_err(|e| ImportError::file(file, e))?;
        EntryReader::with_header(file, table, &header)
    }

    /// Opens a stream of `total` bytes (the file's size, for progress;
    /// 0 if unknown) without reading it whole: CSV text is decoded and
    /// parsed as it arrives, so memory stays flat however long the file.
    /// The encoding is decided at the first non-ASCII byte (see
    /// [`EntryReader::new`] for what a whole file in memory gets).
    pub fn from_reader(
        file: &str,
        input: impl std::io::Read + Send + 'a,
        total: u64,
    ) -> Result<Self, ImportError> {
        let (table, header) =
            Table::open_reader(input, total).map_err(|e| ImportError::file(file, e))?;
        EntryReader::with_header(file, table, &header)
    }

    /// The reader of `table`, its columns found in `header`.
    fn with_header(file: &str, table: Table<'a>, header: &Header) -> Result<Self, ImportError> {
        let (columns, warnings) =
            columns::resolve(&COLUMNS, header).map_err(|es| ImportError::files(file, es))?;
        Ok(EntryReader {
            file: file.to_owned(),
            table,
            columns,
            warnings,
            names: None,
            lines: Codes::default(),
        })
    }

    /// Reads the line column against `names`: a line's name is taken
    /// where it names one line, and a text that is neither a code nor
    /// such a name is refused with the codes of similar names.
    #[must_use]
    pub fn with_line_names(mut self, names: std::sync::Arc<LineNames>) -> Self {
        self.names = Some(names);
        self
    }

    /// The header of the entry field `field` (`date`, `doc_no`, `kind`,
    /// `line`, `amount`, `ref`, `counterparty`, `memo`: the names budget
    /// control's refusals give) as this file writes it.
    pub fn column(&self, field: &str) -> Option<String> {
        COLUMNS
            .iter()
            .position(|c| c.english == field)
            .and_then(|i| self.columns.header(i))
    }

    /// Things ignored on the way, such as unknown columns.
    pub fn warnings(&self) -> &[yesan_domain::Text] {
        &self.warnings
    }

    /// How far reading has got.
    pub fn progress(&self) -> Progress {
        self.table.progress()
    }
}

impl Iterator for EntryReader<'_> {
    type Item = Result<(usize, Entry), Vec<RowError>>;

    fn next(&mut self) -> Option<Self::Item> {
        let (names, lines) = (self.names.as_deref(), &mut self.lines);
        row::next(&self.file, &mut self.table, &self.columns, |r| {
            entry(r, names, lines)
        })
    }
}

fn entry(
    r: &mut RowReader<'_, '_>,
    names: Option<&LineNames>,
    lines: &mut Codes,
) -> Result<Entry, Recorded> {
    let date = r.date(DATE);
    let doc_no = r
        .required(DOC_NO, ("결의번호", "document number"))
        .and_then(|t| checked(r, DOC_NO, t, text::check_doc_no));
    let kind = r.parsed(KIND, ("구분", "kind"), kind);
    let line = match names {
        Some(n) => r.parsed(LINE, ("예산과목", "budget line"), |t| {
            lines.parse(t, |t| n.resolve(t))
        }),
        None => r.parsed(LINE, ("예산과목", "budget line"), |t| {
            lines.parse(t, LineCode::parse)
        }),
    };
    let amount = positive(r);
    let reference = optional(r, REF, text::check_doc_no);
    let counterparty = optional(r, COUNTERPARTY, text::check_free_text);
    let memo = optional(r, MEMO, text::check_free_text);
    if let (Ok(k), Ok(None)) = (kind, &reference)
        && k.references().is_some()
    {
        r.fail(
            REF,
            yesan_domain::refusal::Refusal::MissingReference { kind: k }.text(),
        );
    }
    Ok(Entry {
        doc_no: doc_no?.into_owned(),
        date: date?,
        kind: kind?,
        line: line?,
        amount: amount?,
        reference: reference?,
        counterparty: counterparty?,
        memo: memo?,
    })
}

/// `t`, unless `check` refuses it (control characters, length).
fn checked<'t>(
    r: &mut RowReader<'_, '_>,
    field: usize,
    t: Cow<'t, str>,
    check: fn(&str) -> Result<(), text::TextError>,
) -> Result<Cow<'t, str>, Recorded> {
    match check(&t) {
        Ok(()) => Ok(t),
        Err(e) => Err(r.fail(field, e.text())),
    }
}

/// An optional text cell that `check` accepts.
fn optional(
    r: &mut RowReader<'_, '_>,
    field: usize,
    check: fn(&str) -> Result<(), text::TextError>,
) -> Result<Option<String>, Recorded> {
    match r.optional(field)? {
        Some(t) => checked(r, field, Cow::Owned(t), check).map(|t| Some(t.into_owned())),
        None => Ok(None),
    }
}

/// The entry kind, in Korean or English (any case).
fn kind(t: &str) -> Result<EntryKind, (&'static str, &'static str)> {
    EntryKind::parse(t)
        .or_else(|| EntryKind::parse(&t.to_ascii_lowercase()))
        .ok_or((
            "구분은 원인행위, 지출, 원인행위취소, 지출취소 가운데 하나로 씁니다",
            "expected one of commit, disburse, commit_cancel, disburse_cancel",
        ))
}

/// Entries carry positive amounts; the kind gives the direction. A minus
/// sign here is almost always a cancellation written the way the register
/// shows it, so the message says how to write one.
fn positive(r: &mut RowReader<'_, '_>) -> Result<Won, Recorded> {
    let amount = r.amount(AMOUNT)?;
    yesan_domain::draft::positive_amount(amount).map_err(|problem| {
        let message = row::found(r.raw(AMOUNT), &problem);
        r.fail(AMOUNT, message)
    })
}

/// Each row whose document number an earlier row already has, with the
/// first such row: `(again, first)` as indexes into `rows`.
///
/// A hash map from number to row would do, but with millions of rows each
/// insert is a cache miss into a table larger than the cache, and that was
/// most of the cost of the whole parse. Sorting `(hash, index)` pairs walks
/// memory in order instead, and only rows whose hashes collide are
/// compared as text.
fn duplicates(rows: &[(usize, Entry)], mut keys: Vec<(u64, usize)>) -> Vec<(usize, usize)> {
    keys.sort_unstable();
    let mut found = Vec::new();
    for run in keys.chunk_by(|a, b| a.0 == b.0).filter(|r| r.len() > 1) {
        // Within a run indexes ascend, so the first equal one is the first.
        for (k, &(_, again)) in run.iter().enumerate().skip(1) {
            let doc = &rows[again].1.doc_no;
            if let Some(&(_, first)) = run[..k].iter().find(|(_, i)| &rows[*i].1.doc_no == doc) {
                found.push((again, first));
            }
        }
    }
    found
}

/// The Fx hash (rustc's own) of a document number, finished with murmur3's
/// mixer: numbers are short keys from the institution's own file, so a fast
/// unkeyed hash is the right trade, and the mixer spreads numbers that
/// differ only near their end (`2023-0000001`, `2023-0000002`).
fn hash(doc: &str) -> u64 {
    const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
    let add = |h: u64, word: u64| (h.rotate_left(5) ^ word).wrapping_mul(K);
    let bytes = doc.as_bytes();
    let mut words = bytes.chunks_exact(8);
    let mut h = 0;
    for w in &mut words {
        let mut b = [0; 8];
        b.copy_from_slice(w);
        h = add(h, u64::from_le_bytes(b));
    }
    let mut b = [0; 8];
    let rest = words.remainder();
    b[..rest.len()].copy_from_slice(rest);
    h = add(add(h, u64::from_le_bytes(b)), bytes.len() as u64);
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn rows(docs: &[&str]) -> Vec<(usize, Entry)> {
        docs.iter()
            .enumerate()
            .map(|(i, doc)| {
                let entry = Entry {
                    doc_no: (*doc).to_owned(),
                    date: NaiveDate::from_ymd_opt(2023, 1, 1).unwrap(),
                    kind: EntryKind::Commit,
                    line: LineCode::parse("E1").unwrap(),
                    amount: Won::new(1),
                    reference: None,
                    counterparty: None,
                    memo: None,
                };
                (i + 2, entry)
            })
            .collect()
    }

    #[test]
    fn colliding_hashes_are_told_apart_by_the_text() {
        let rows = rows(&["A", "B", "A", "C", "B", "A"]);
        // Every key in one run, as if every hash collided.
        let keys = (0..rows.len()).map(|i| (7, i)).collect();
        assert_eq!(duplicates(&rows, keys), vec![(2, 0), (4, 1), (5, 0)]);
        let keys = rows
            .iter()
            .enumerate()
            .map(|(i, r)| (hash(&r.1.doc_no), i))
            .collect();
        let mut found = duplicates(&rows, keys);
        found.sort_unstable();
        assert_eq!(found, vec![(2, 0), (4, 1), (5, 0)]);
    }

    #[test]
    fn similar_numbers_hash_apart_in_the_low_bits() {
        let buckets: std::collections::HashSet<u64> = (0..4096)
            .map(|i| hash(&format!("2023-{i:07}")) & 0xfff)
            .collect();
        // 4096 keys into 4096 buckets: a fair hash fills about 63% of them.
        assert!(buckets.len() > 2400, "{}", buckets.len());
    }
}
