//! Files from the accounting system: entries, streamed and checked or
//! recorded; budget files, confirmed or recorded as amendments.
//!
//! An entries file goes one way whoever sends it, the command line or the
//! web upload: a thread reads and parses it ([`yesan_import::EntryReader`])
//! and hands chunks of entries to the store, which checks (and, to record,
//! writes) each while the next is read, so the file is never held whole.
//! Every problem comes back as a [`RowProblem`] on the file line it
//! concerns — a format error with its column, a budget-control refusal
//! with its field and document number — so the same bad file is refused
//! with the same lines and reasons everywhere. A file is all or nothing:
//! any problem and nothing is written, but every row is still looked at,
//! so that every problem is listed at once.

use crate::Error;
use crate::record::Amended;
use std::io::Read;
use yesan_domain::budget::names::LineNames;
use yesan_domain::{Lang, Localized, Locator, Text};

/// An entry's fields, as budget control's refusals name them.
const FIELDS: [&str; 8] = [
    "date",
    "doc_no",
    "kind",
    "line",
    "amount",
    "ref",
    "counterparty",
    "memo",
];
use yesan_domain::amendment::{Amendment, AmendmentKind, LineDelta};
use yesan_domain::execution::Entry;
use yesan_import::{AmendmentRow, BudgetFile, EntryReader, ImportError};
use yesan_store::{RecordOutcome, RowRefusal, Store, StoreError};

/// Rows handed to the store at a time: large enough that per-chunk work
/// (a sort, look-ups on a non-empty ledger) is amortised, small enough
/// that two chunks in flight are a few tens of MiB.
const IMPORT_CHUNK: usize = 1 << 16;

/// The first chunk's size; each next one is twice as large up to
/// [`IMPORT_CHUNK`]. The store starts writing as soon as the first chunk
/// is decided, so a small first chunk gets the database to work early; on
/// a file of 100,000 rows, two full chunks left it idle for most of the
/// first one.
const FIRST_IMPORT_CHUNK: usize = 1 << 12;

/// How many rows pass between two progress reports.
const PROGRESS_EVERY: usize = 1 << 14;

/// A file already in memory (a web upload), read as a stream.
#[derive(Debug, Clone)]
pub struct Bytes(pub std::sync::Arc<Vec<u8>>);

impl AsRef<[u8]> for Bytes {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

/// One problem of a file, on its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    /// 1-based line in the file (sheet row for XLSX).
    pub line: usize,
    /// The column as the file's header names it, when the problem is one
    /// cell's (budget control's refusals name the column of their field).
    pub column: Option<String>,
    /// The entry's document number, for budget control's refusals.
    pub doc_no: Option<String>,
    /// What is wrong, in both languages.
    pub message: Text,
}

impl RowProblem {
    /// `[column] doc_no: `, what precedes the message.
    fn prefix(&self) -> String {
        let column = self
            .column
            .as_ref()
            .map(|c| format!("[{c}] "))
            .unwrap_or_default();
        let doc = self
            .doc_no
            .as_ref()
            .map(|d| format!("{d}: "))
            .unwrap_or_default();
        format!("{column}{doc}")
    }

    /// `[column] doc_no: message` in `lang`.
    pub fn say(&self, lang: Lang) -> String {
        format!("{}{}", self.prefix(), self.message.get(lang))
    }

    /// `file:line: [column] doc_no: message`, in both languages, as the
    /// command line prints it.
    pub fn located(&self, file: &str) -> String {
        format!("{file}:{}: {}{}", self.line, self.prefix(), self.message)
    }
}

/// What the reading thread reports to whoever watches the import; called
/// on that thread, in file order.
pub trait Watch: Send + 'static {
    /// A row that was read as an entry (budget control has not seen it yet).
    fn row(&mut self, _line: usize, _entry: &Entry) {}
    /// How far reading has got: `done` of `total` (bytes for CSV, rows for
    /// XLSX), every few thousand rows.
    fn progress(&mut self, _done: u64, _total: u64) {}
    /// Reading is over.
    fn finished(&mut self) {}
}

/// Watching nothing.
impl Watch for () {}

/// Whether an import writes.
#[derive(Debug, Clone)]
pub enum Mode {
    /// Check every row against the ledger as it is; write nothing (a
    /// preview).
    Check,
    /// Record the file, all or nothing, by `actor`.
    Record {
        /// Who imports it.
        actor: String,
    },
}

/// What importing an entries file came to.
#[derive(Debug)]
pub enum EntriesOutcome {
    /// The file as a whole could not be read (encoding, workbook, header):
    /// no row was read.
    Unreadable(ImportError),
    /// Problems, in line order; nothing was written.
    Refused(Vec<RowProblem>),
    /// [`Mode::Check`] found no problem in `entries` entries.
    Checked {
        /// Entries read.
        entries: usize,
    },
    /// [`Mode::Record`] wrote the file.
    Recorded(RecordOutcome),
}

/// An entries import's outcome and what was read on the way.
#[derive(Debug)]
pub struct EntriesImport {
    /// Things ignored on the way, such as unknown columns.
    pub warnings: Vec<yesan_domain::Text>,
    /// The outcome.
    pub outcome: EntriesOutcome,
}

/// What the reading thread found besides the entries it sent.
struct ReadRows {
    /// The file line of each entry sent, in order (to place refusals).
    lines: Vec<u32>,
    /// Format problems, with their lines.
    problems: Vec<RowProblem>,
}

/// Budget control's refusals, placed on the lines of the entries they
/// concern (`lines[i]`: the file line of the i-th entry sent) and in the
/// columns of their fields (`column`: a field's header in the file).
fn refusal_problems(
    lines: &[u32],
    refused: &[RowRefusal],
    column: impl Fn(&str) -> Option<String>,
) -> Vec<RowProblem> {
    refused
        .iter()
        .map(|r| RowProblem {
            line: lines.get(r.index).map_or(0, |&l| l as usize),
            column: column(r.refusal.field()).or_else(|| Some(r.refusal.field().to_owned())),
            doc_no: Some(r.doc_no.clone()),
            message: r.refusal.text(),
        })
        .collect()
}

fn refused(mut problems: Vec<RowProblem>) -> EntriesOutcome {
    problems.sort_by_key(|p| p.line);
    EntriesOutcome::Refused(problems)
}

/// Imports the entries file `name` read from `input` (`total` bytes, for
/// progress; 0 if unknown), checking or recording it as `mode` says,
/// telling `watch` what is read. Returns the outcome and the watcher.
///
/// # Errors
/// The store's, other than refusals (which are the outcome).
pub async fn entries<W: Watch>(
    store: &Store,
    name: &str,
    input: impl Read + Send + 'static,
    total: u64,
    mode: Mode,
    watch: W,
) -> Result<(EntriesImport, W), Error> {
    // A line may be named by its name where it names one line.
    let names = std::sync::Arc::new(LineNames::new(&store.budget().await?.budget));
    let reader = match EntryReader::from_reader(name, input, total) {
        Ok(r) => r.with_line_names(names),
        Err(e) => {
            let outcome = EntriesImport {
                warnings: Vec::new(),
                outcome: EntriesOutcome::Unreadable(e),
            };
            return Ok((outcome, watch));
        }
    };
    let warnings = reader.warnings().to_vec();
    let columns: Vec<(&str, Option<String>)> =
        FIELDS.iter().map(|f| (*f, reader.column(f))).collect();
    let column = move |field: &str| {
        columns
            .iter()
            .find(|(f, _)| *f == field)
            .and_then(|(_, c)| c.clone())
    };
    let (send, mut receive) = tokio::sync::mpsc::channel::<Vec<Entry>>(2);
    let reading = std::thread::spawn(move || read_rows(reader, &send, watch));
    let chunks = futures_util::stream::poll_fn(move |cx| receive.poll_recv(cx));
    let outcome = match &mode {
        Mode::Record { actor } => store.record_stream(chunks, actor, name).await.map(Some),
        Mode::Check => {
            use futures_util::StreamExt;
            let all: Vec<Entry> = chunks.flat_map(futures_util::stream::iter).collect().await;
            match store.check_entries(&all).await {
                Ok(r) if r.is_empty() => Ok(None),
                Ok(r) => Err(StoreError::Refused(r)),
                Err(e) => Err(e),
            }
        }
    };
    let (read, watch) = reading.join().map_err(|_| Error::Reader)?;
    tracing::debug!(rows = read.lines.len(), "file read");
    let ReadRows {
        lines,
        mut problems,
    } = read;
    let outcome = match outcome {
        // Format errors: the readable rows went through budget control all
        // the same, so that every bad row is listed at once; a pending
        // recording is dropped, i.e. rolled back.
        Ok(_) if !problems.is_empty() => refused(problems),
        Ok(Some(pending)) => EntriesOutcome::Recorded(pending.commit().await?),
        Ok(None) => EntriesOutcome::Checked {
            entries: lines.len(),
        },
        Err(StoreError::Refused(r)) => {
            problems.extend(refusal_problems(&lines, &r, column));
            refused(problems)
        }
        Err(e) => return Err(e.into()),
    };
    Ok((EntriesImport { warnings, outcome }, watch))
}

/// The reading thread: parses rows, sends chunks, tells `watch`.
fn read_rows<W: Watch>(
    mut reader: EntryReader<'static>,
    send: &tokio::sync::mpsc::Sender<Vec<Entry>>,
    mut watch: W,
) -> (ReadRows, W) {
    let mut read = ReadRows {
        lines: Vec::new(),
        problems: Vec::new(),
    };
    let mut size = FIRST_IMPORT_CHUNK;
    let mut chunk = Vec::with_capacity(size);
    let mut n = 0_usize;
    while let Some(row) = reader.next() {
        match row {
            Ok((line, e)) => {
                watch.row(line, &e);
                read.lines.push(u32::try_from(line).unwrap_or(u32::MAX));
                chunk.push(e);
                if chunk.len() == size {
                    size = (size * 2).min(IMPORT_CHUNK);
                    let full = std::mem::replace(&mut chunk, Vec::with_capacity(size));
                    // The store stopped listening: it failed, and says why.
                    if send.blocking_send(full).is_err() {
                        break;
                    }
                }
            }
            Err(errors) => read.problems.extend(errors.into_iter().map(|e| RowProblem {
                line: e.line,
                column: e.column,
                doc_no: None,
                message: e.message,
            })),
        }
        n += 1;
        if n.is_multiple_of(PROGRESS_EVERY) {
            let p = reader.progress();
            watch.progress(p.done, p.total);
        }
    }
    if !chunk.is_empty() {
        let _ = send.blocking_send(chunk);
    }
    watch.finished();
    (read, watch)
}

/// What importing a budget file came to.
#[derive(Debug)]
pub enum BudgetOutcome {
    /// The file could not be read.
    Unreadable(ImportError),
    /// Problems, each `file:line: [field] reason`; nothing was written.
    Refused(Vec<String>),
    /// An amendments file, recorded.
    Amended(RecordOutcome),
    /// A budget lines file: every line as recorded (`lines` of them).
    Confirmed {
        /// Lines in the file.
        lines: usize,
    },
}

/// A budget import's outcome and its warnings.
#[derive(Debug)]
pub struct BudgetImport {
    /// Things ignored on the way.
    pub warnings: Vec<yesan_domain::Text>,
    /// The outcome.
    pub outcome: BudgetOutcome,
}

/// Imports the budget file `name` (`bytes`) by `actor`: a lines file
/// (code, name, parent, kind, amount, prior) must confirm the recorded
/// lines — the lines are the dataset's own and change only through
/// amendments, so that every change is dated and approved; an amendments
/// file (no, date, kind, line, amount, note) is recorded, rows sharing a
/// 변경번호 forming one amendment.
///
/// # Errors
/// The store's, other than refusals.
pub async fn budget(
    store: &Store,
    name: &str,
    bytes: &[u8],
    actor: &str,
) -> Result<BudgetImport, Error> {
    let parsed = match yesan_import::parse_budget(name, bytes) {
        Ok(p) => p,
        Err(e) => {
            return Ok(BudgetImport {
                warnings: Vec::new(),
                outcome: BudgetOutcome::Unreadable(e),
            });
        }
    };
    let warnings = parsed.warnings().to_vec();
    let outcome = match parsed {
        BudgetFile::Amendments { rows, .. } => amend(store, name, &rows, actor).await?,
        BudgetFile::Lines { rows, .. } => confirm_lines(store, name, &rows).await?,
    };
    Ok(BudgetImport { warnings, outcome })
}

async fn amend(
    store: &Store,
    name: &str,
    rows: &[AmendmentRow],
    actor: &str,
) -> Result<BudgetOutcome, Error> {
    let (amendments, problems) = group_amendments(name, rows);
    if !problems.is_empty() {
        return Ok(BudgetOutcome::Refused(problems));
    }
    match crate::record::amend(store, &amendments, actor).await? {
        Amended::Done(out) => Ok(BudgetOutcome::Amended(out)),
        Amended::Refused(findings) => Ok(BudgetOutcome::Refused(
            findings
                .iter()
                .map(|f| {
                    let line = match &f.at {
                        Locator::Amendment { no, .. } => {
                            rows.iter().find(|r| &r.no == no).map(|r| r.line_no)
                        }
                        _ => None,
                    };
                    let place = line.map(|l| format!(":{l}")).unwrap_or_default();
                    format!("{name}{place}: [{}] {f}", f.at.field())
                })
                .collect(),
        )),
    }
}

async fn confirm_lines(
    store: &Store,
    name: &str,
    rows: &[(usize, yesan_domain::BudgetLine)],
) -> Result<BudgetOutcome, Error> {
    let state = store.budget().await?;
    let mut problems = Vec::new();
    for (line_no, l) in rows {
        match state.budget.line(&l.code) {
            Some(rec) if rec.kind == l.kind && rec.name == l.name && rec.parent == l.parent => {
                let f = state.budget.figures(&l.code);
                let same_amount = l.amount.is_none_or(|a| f.is_some_and(|f| f.amount == a));
                if !same_amount {
                    problems.push(format!("{name}:{line_no}: [amount] {}의 금액이 기록과 다릅니다. 금액 변경은 예산 변경(추경·전용·이월)으로 가져오세요 / {}'s amount differs from the record; change amounts with an amendment file", l.code, l.code));
                }
            }
            Some(_) => problems.push(format!("{name}:{line_no}: [code] {}의 이름·구분·상위 과목이 기록과 다릅니다 / {}'s name, kind or parent differs from the record", l.code, l.code)),
            None => problems.push(format!("{name}:{line_no}: [code] 없는 예산과목 {}: 새 과목은 예산 화면의 '과목 추가'로 만듭니다 / unknown line {}: add new lines with the budget page's 'Add a budget line'", l.code, l.code)),
        }
    }
    Ok(if problems.is_empty() {
        BudgetOutcome::Confirmed { lines: rows.len() }
    } else {
        BudgetOutcome::Refused(problems)
    })
}

/// Rows sharing a 변경번호 form one amendment; they must agree on date and kind.
fn group_amendments(name: &str, rows: &[AmendmentRow]) -> (Vec<Amendment>, Vec<String>) {
    let mut out: Vec<Amendment> = Vec::new();
    let mut problems = Vec::new();
    for r in rows {
        let Some(kind) = AmendmentKind::parse(&r.kind) else {
            problems.push(format!(
                "{name}:{}: [kind] 알 수 없는 구분 '{}' / unknown kind",
                r.line_no, r.kind
            ));
            continue;
        };
        match out.iter_mut().find(|a| a.no == r.no) {
            Some(a) if a.date != r.date || a.kind != kind => problems.push(format!(
                "{name}:{}: [date] 변경번호 {}의 일자·구분이 앞 행과 다릅니다 / amendment {} must have one date and kind",
                r.line_no, r.no, r.no
            )),
            Some(a) => a.changes.push(LineDelta {
                line: r.line.clone(),
                delta: r.delta,
            }),
            None => out.push(Amendment {
                no: r.no.clone(),
                date: r.date,
                kind,
                note: r.note.clone(),
                changes: vec![LineDelta {
                    line: r.line.clone(),
                    delta: r.delta,
                }],
            }),
        }
    }
    (out, problems)
}
