//! What can be wrong with an import file, located so that the person who
//! made it can go straight to the cell: problems with the file as a whole
//! ([`FileError`]: encoding, workbook, header row) and problems with one row
//! ([`RowError`]: file, line, column as written in the header, message).
//!
//! An import is all or nothing, so a failed import reports every problem
//! found in one pass rather than the first one; only the number of row
//! errors kept is bounded ([`MAX_ROW_ERRORS`]), because a file with the same
//! mistake in ten million rows needs one screen of examples, not ten
//! million lines.

use std::fmt;
use yesan_domain::message::{Lang, Localized, Text, josa};
use yesan_domain::{bilingual_display, ko_en};

/// How many row errors an [`ImportError`] keeps; the rest are counted in
/// [`ImportError::more_row_errors`].
pub const MAX_ROW_ERRORS: usize = 1_000;

/// A problem with the file as a whole: nothing in it could be read as rows.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    /// Neither UTF-8 nor CP949 (EUC-KR). The location is where the encoding
    /// that read further stopped, since that is most likely the intended one.
    NotText {
        /// 0-based byte offset of the first byte that could not be decoded.
        offset: usize,
        /// 1-based line of that byte.
        line: usize,
        /// The byte.
        byte: u8,
        /// `UTF-8` or `CP949`: the encoding that decoded more of the file.
        closest: &'static str,
    },
    /// A UTF-16 text file (Excel's "유니코드 텍스트").
    Utf16,
    /// The XLSX container or its first sheet could not be read.
    Workbook {
        /// What the XLSX reader said.
        reason: String,
    },
    /// The workbook is larger than the reader accepts: it would take far
    /// more memory than any real ledger needs.
    TooLarge {
        /// What is counted, in Korean.
        korean: &'static str,
        /// What is counted, in English.
        english: &'static str,
        /// The limit.
        limit: u64,
    },
    /// The workbook has no worksheet.
    NoSheet,
    /// No header row: the file or sheet is empty.
    Empty,
    /// A required column is not in the header.
    MissingColumn {
        /// The column's English name.
        english: &'static str,
        /// The column's Korean name.
        korean: &'static str,
    },
    /// Two header cells name the same column (`일자` and `date`, say).
    DuplicateColumn {
        /// The column's English name.
        english: &'static str,
        /// The column's Korean name.
        korean: &'static str,
        /// 1-based position of the first occurrence.
        first: usize,
        /// The first header as written.
        first_header: String,
        /// 1-based position of the second occurrence.
        second: usize,
        /// The second header as written.
        second_header: String,
    },
    /// A budget file whose header fits neither budget lines nor amendments.
    UnknownLayout {
        /// The header row as written, comma-separated.
        found: String,
    },
    /// A budget file whose header has both key columns.
    AmbiguousLayout,
    /// A quote that opens a field is never closed: the rest of the file
    /// would be read as one cell.
    UnterminatedQuote {
        /// 1-based line of the opening quote.
        line: usize,
    },
    /// A record longer than any real row: most likely a quote left open.
    RowTooLong {
        /// 1-based line where the record starts.
        line: usize,
        /// The limit in bytes.
        limit: usize,
    },
    /// A flat budget export that states no money unit: neither its
    /// amount column's header (`예산액(천원)`) nor a units line above the
    /// header (`(단위: 천원)`).
    NoUnit,
    /// The units line and the amount column's header state different units.
    UnitsDisagree {
        /// The units line's unit.
        line: yesan_domain::money::MoneyUnit,
        /// The header's unit.
        header: yesan_domain::money::MoneyUnit,
    },
    /// The CSV reader gave up (it does not, on bytes in memory, but its
    /// errors are typed as possible).
    Unreadable {
        /// 1-based line.
        line: usize,
        /// What the reader said.
        reason: String,
    },
    /// A stream read as UTF-8 holds a byte that is not, further on.
    NotUtf8 {
        /// 1-based line.
        line: usize,
        /// The byte.
        byte: u8,
    },
}

impl Localized for FileError {
    fn say(&self, lang: Lang) -> String {
        match self {
            FileError::NotText {
                offset,
                line,
                byte,
                closest,
            } => ko_en!(
                lang,
                "UTF-8도 CP949도 아닙니다: {line}번째 줄(바이트 {offset})의 0x{byte:02X}는 {closest}에 없는 바이트입니다",
                "not UTF-8 or CP949: byte 0x{byte:02X} at offset {offset} (line {line}) is invalid in {closest}, the closer of the two"
            ),
            FileError::Utf16 => ko_en!(
                lang,
                "UTF-16 파일은 읽지 않습니다. 'CSV UTF-8' 또는 XLSX로 저장하세요",
                "UTF-16 files are not supported; save as 'CSV UTF-8' or XLSX"
            ),
            FileError::Workbook { reason } => ko_en!(
                lang,
                "XLSX 통합 문서를 읽을 수 없습니다: {reason}",
                "cannot read the XLSX workbook: {reason}"
            ),
            FileError::TooLarge {
                korean,
                english,
                limit,
            } => {
                let k = josa(korean, "이", "가");
                ko_en!(
                    lang,
                    "통합 문서가 너무 큽니다: {k} 한도 {limit}을 넘습니다. 큰 원장은 CSV로 가져오세요",
                    "the workbook is too large: {english} exceed the limit of {limit}; import a large ledger as CSV"
                )
            }
            FileError::NoSheet => ko_en!(
                lang,
                "통합 문서에 시트가 없습니다",
                "the workbook has no worksheet"
            ),
            FileError::Empty => ko_en!(
                lang,
                "머리글 행이 없습니다(빈 파일)",
                "no header row: the file is empty"
            ),
            FileError::MissingColumn { english, korean } => {
                let k = josa(&format!("'{korean}'"), "이", "가");
                ko_en!(
                    lang,
                    "필수 열 {k} 없습니다(영문 머리글로는 '{english}')",
                    "the required column '{english}' (or '{korean}') is missing"
                )
            }
            FileError::DuplicateColumn {
                english,
                korean,
                first,
                first_header,
                second,
                second_header,
            } => ko_en!(
                lang,
                "'{korean}' 열이 두 번 있습니다: {first}번째 열 '{first_header}', {second}번째 열 '{second_header}'",
                "the column '{english}' appears twice: column {first} '{first_header}' and column {second} '{second_header}'"
            ),
            FileError::UnknownLayout { found } => ko_en!(
                lang,
                "예산 파일의 형식을 알 수 없습니다: 예산과목이면 '코드' 열이, 예산 변경이면 '변경번호' 열이 있어야 합니다(머리글: {found})",
                "unknown budget file layout: budget lines need a 'code' column, amendments a 'no' column (header: {found})"
            ),
            FileError::AmbiguousLayout => ko_en!(
                lang,
                "'코드' 열과 '변경번호' 열이 함께 있어 예산과목인지 예산 변경인지 알 수 없습니다",
                "the header has both 'code' and 'no' columns: cannot tell budget lines from amendments"
            ),
            FileError::UnterminatedQuote { line } => ko_en!(
                lang,
                "{line}번째 줄에서 연 따옴표(\")가 닫히지 않았습니다. 파일 끝까지가 한 칸으로 읽힙니다",
                "the quote (\") opened on line {line} is never closed; the rest of the file would be read as one field"
            ),
            FileError::RowTooLong { line, limit } => ko_en!(
                lang,
                "{line}번째 줄에서 시작하는 행이 {limit}바이트를 넘습니다. 닫히지 않은 따옴표가 있는지 보세요",
                "the row starting on line {line} is longer than {limit} bytes; look for a quote left open"
            ),
            FileError::NoUnit => ko_en!(
                lang,
                "금액 단위가 없습니다. 예산액 열 머리글(예산액(천원)) 또는 머리글 위의 단위 줄((단위: 천원))에 원 또는 천원을 적으세요",
                "no money unit: state 원 or 천원 in the amount column's header (예산액(천원)) or in a units line above the header ((단위: 천원))"
            ),
            FileError::UnitsDisagree { line, header } => ko_en!(
                lang,
                "단위 줄은 {line}, 예산액 열 머리글은 {header}입니다. 하나로 맞추세요",
                "the units line says {line} but the amount column's header says {header}"
            ),
            FileError::NotUtf8 { line, byte } => ko_en!(
                lang,
                "{line}번째 줄에 UTF-8이 아닌 바이트 0x{byte:02X}가 있습니다",
                "line {line} holds the byte 0x{byte:02X}, which is not valid UTF-8"
            ),
            FileError::Unreadable { line, reason } => ko_en!(
                lang,
                "{line}번째 줄을 읽을 수 없습니다: {reason}",
                "cannot read line {line}: {reason}"
            ),
        }
    }
}

bilingual_display!(FileError);

/// A problem with one row, pointing at a cell when there is one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {}{message}", column_prefix(.column.as_deref()))]
pub struct RowError {
    /// The file's name as given by the caller.
    pub file: String,
    /// 1-based line in the file (CSV, header = line 1 when it is the first
    /// line) or sheet row number (XLSX).
    pub line: usize,
    /// The column's header as written in the file, when the problem is one
    /// cell's.
    pub column: Option<String>,
    /// The value found and what was expected, in both languages.
    pub message: Text,
}

impl RowError {
    /// `[column] message` in `lang`, without the file and line.
    pub fn say(&self, lang: Lang) -> String {
        format!(
            "{}{}",
            column_prefix(self.column.as_deref()),
            self.message.get(lang)
        )
    }
}

fn column_prefix(column: Option<&str>) -> String {
    column.map(|c| format!("[{c}] ")).unwrap_or_default()
}

/// Why a file was not imported: every problem found, file-level first.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", Render(self))]
pub struct ImportError {
    /// The file's name as given by the caller.
    pub file: String,
    /// Problems with the file as a whole.
    pub file_errors: Vec<FileError>,
    /// Problems with rows, in line order (at most [`MAX_ROW_ERRORS`]).
    pub row_errors: Vec<RowError>,
    /// Row errors found beyond [`MAX_ROW_ERRORS`] and not kept.
    pub more_row_errors: usize,
}

impl ImportError {
    /// One problem with the file as a whole.
    pub fn file(file: &str, error: FileError) -> Self {
        Self::files(file, vec![error])
    }

    /// Problems with the file as a whole.
    pub fn files(file: &str, errors: Vec<FileError>) -> Self {
        ImportError {
            file: file.to_owned(),
            file_errors: errors,
            row_errors: Vec::new(),
            more_row_errors: 0,
        }
    }

    /// How many problems were found in all.
    pub fn count(&self) -> usize {
        self.file_errors.len() + self.row_errors.len() + self.more_row_errors
    }
}

impl Localized for ImportError {
    /// The problems, one a line, in `lang`.
    fn say(&self, lang: Lang) -> String {
        let n = self.count();
        let file = &self.file;
        let mut out = ko_en!(
            lang,
            "{file}: 가져오지 않았습니다. 문제 {n}건",
            "{file}: nothing imported; {n} problem(s)"
        );
        for fe in &self.file_errors {
            out.push_str(&format!("\n  {file}: {}", fe.say(lang)));
        }
        for re in &self.row_errors {
            let line = re.line;
            out.push_str(&format!("\n  {file}:{line}: {}", re.say(lang)));
        }
        if self.more_row_errors > 0 {
            let m = self.more_row_errors;
            out.push_str(&ko_en!(lang, "\n  … 외 {m}건", "\n  … and {m} more"));
        }
        out
    }
}

struct Render<'a>(&'a ImportError);

impl fmt::Display for Render<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let e = self.0;
        let n = e.count();
        write!(
            f,
            "{}: 가져오지 않았습니다. 문제 {n}건 / {}: nothing imported; {n} problem{}",
            e.file,
            e.file,
            if n == 1 { "" } else { "s" }
        )?;
        // (A terminal reads both languages: every message below is "한국어
        // / English".)
        for fe in &e.file_errors {
            write!(f, "\n  {}: {fe}", e.file)?;
        }
        for re in &e.row_errors {
            write!(f, "\n  {re}")?;
        }
        if e.more_row_errors > 0 {
            write!(f, "\n  … 외 {m}건 / … and {m} more", m = e.more_row_errors)?;
        }
        Ok(())
    }
}

/// How many characters of a value a message quotes.
pub(crate) const QUOTED: usize = 40;

/// `value` as a message quotes it: at most [`QUOTED`] characters, then `…`
/// — a cell can be a megabyte long, and its message should still fit a
/// line.
pub(crate) fn cut(value: &str) -> std::borrow::Cow<'_, str> {
    match value.char_indices().nth(QUOTED) {
        None => std::borrow::Cow::Borrowed(value),
        Some((at, _)) => std::borrow::Cow::Owned(format!("{}…", &value[..at])),
    }
}

/// Row errors of one pass, bounded.
#[derive(Debug, Default)]
pub(crate) struct RowErrors {
    kept: Vec<RowError>,
    more: usize,
}

impl RowErrors {
    pub(crate) fn push(&mut self, e: RowError) {
        if self.kept.len() < MAX_ROW_ERRORS {
            self.kept.push(e);
        } else {
            self.more += 1;
        }
    }

    pub(crate) fn extend(&mut self, es: impl IntoIterator<Item = RowError>) {
        for e in es {
            self.push(e);
        }
    }

    /// The import error, or `None` when there was no problem.
    pub(crate) fn into_error(mut self, file: &str) -> Option<ImportError> {
        if self.kept.is_empty() {
            return None;
        }
        // Checks that look across rows (duplicates) report after the pass;
        // the reader wants them in file order all the same.
        self.kept.sort_by_key(|e| e.line);
        Some(ImportError {
            file: file.to_owned(),
            file_errors: Vec::new(),
            row_errors: self.kept,
            more_row_errors: self.more,
        })
    }
}
