//! What can be wrong with a flat budget export, kept as data: each
//! [`FlatProblem`] names the file line (or sheet row) and the column as
//! its header reads, and its [`FlatIssue`] renders in Korean or English on
//! its own ([`Bilingual`]). [`FlatError`] holds every problem of a refused
//! file (all or nothing) and turns into the crate's [`ImportError`] for
//! sinks that show one string to every reader.

use crate::error::{FileError, ImportError, RowError};
use yesan_domain::basis::BasisError;
use yesan_domain::bilingual::Bilingual;
use yesan_domain::economic::EconomicError;
use yesan_domain::money::{MoneyUnit, Won};

/// One problem of a flat export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FlatIssue {
    /// A cell the shared row reader refused (an amount that is not one):
    /// its message.
    Cell(yesan_domain::Text),
    /// The 산출기초 does not parse.
    Basis(BasisError),
    /// One line of a 산출기초 cell of several lines does not parse.
    BasisLine {
        /// 1-based line within the cell.
        line: usize,
        /// Why.
        error: BasisError,
    },
    /// The 산출기초's total disagrees with the row's 예산액.
    Disagrees {
        /// 예산액 as written, in won.
        stated: Won,
        /// The 산출기초's total after the rounding rule, in won.
        computed: Won,
        /// The unit the file's amounts are in.
        unit: MoneyUnit,
    },
    /// The 편성목 or 통계목 cell names no standard code.
    Economic(EconomicError),
    /// A row with neither 예산액 nor 산출기초.
    NoAmount,
    /// A row without 산출기초 on a line whose other rows have one: the
    /// line's amount is its items' total, so every row needs items.
    MixedItems {
        /// The line, as its path reads.
        line: String,
        /// A row that has items.
        with_items: usize,
    },
    /// A row stating a total for a line with lines below it, which
    /// disagrees with their sum.
    TotalDiffers {
        /// The line, as its path reads.
        line: String,
        /// The total as written.
        stated: Won,
        /// The sum of the lines below.
        computed: Won,
    },
    /// A level left blank between filled ones (a 세부사업 without its
    /// 단위사업, a 통계목 without its 편성목 when the file has both).
    Gap {
        /// The blank level's column, Korean.
        missing: &'static str,
    },
}

fn amount_in(w: Won, unit: MoneyUnit) -> String {
    match unit {
        MoneyUnit::Won => w.to_string(),
        MoneyUnit::Thousand if w.get() % 1000 == 0 => {
            format!("{}천원", yesan_domain::format::amount(w.get() / 1000))
        }
        MoneyUnit::Thousand => w.to_string(),
    }
}

impl Bilingual for FlatIssue {
    fn ko(&self) -> String {
        match self {
            Self::Cell(m) => m.ko.clone(),
            Self::Basis(e) => format!("산출기초를 읽을 수 없습니다: {}", e.ko()),
            Self::BasisLine { line, error } => {
                format!("산출기초 {line}번째 줄을 읽을 수 없습니다: {}", error.ko())
            }
            Self::Disagrees {
                stated,
                computed,
                unit,
            } => format!(
                "산출기초로 계산한 {}이 예산액 {}과 다릅니다(차이 {})",
                amount_in(*computed, *unit),
                amount_in(*stated, *unit),
                (*stated - *computed)
            ),
            Self::Economic(e) => e.ko(),
            Self::NoAmount => "예산액도 산출기초도 없습니다".to_owned(),
            Self::MixedItems { line, with_items } => format!(
                "'{line}'의 {with_items}번째 줄에는 산출기초가 있는데 이 행에는 없습니다. 한 과목의 행은 모두 산출기초를 쓰거나 모두 쓰지 않습니다"
            ),
            Self::TotalDiffers {
                line,
                stated,
                computed,
            } => format!(
                "'{line}'의 합계 {stated}이(가) 아래 과목의 합 {computed}과(와) 다릅니다(차이 {})",
                *stated - *computed
            ),
            Self::Gap { missing } => {
                format!("{missing}이(가) 비어 있습니다. 위 단계를 모두 쓰세요")
            }
        }
    }

    fn en(&self) -> String {
        match self {
            Self::Cell(m) => m.en.clone(),
            Self::Basis(e) => format!("cannot read the cost basis: {}", e.en()),
            Self::BasisLine { line, error } => {
                format!("cannot read line {line} of the cost basis: {}", error.en())
            }
            Self::Disagrees {
                stated,
                computed,
                unit,
            } => format!(
                "the cost basis gives {}, but the amount is {} (difference {})",
                amount_in(*computed, *unit),
                amount_in(*stated, *unit),
                (*stated - *computed)
            ),
            Self::Economic(e) => e.en(),
            Self::NoAmount => "neither an amount nor a cost basis".to_owned(),
            Self::MixedItems { line, with_items } => format!(
                "'{line}' has a cost basis on line {with_items} but none on this row; a line's rows either all have one or none"
            ),
            Self::TotalDiffers {
                line,
                stated,
                computed,
            } => format!(
                "the total {stated} of '{line}' differs from the sum below it, {computed} (difference {})",
                *stated - *computed
            ),
            Self::Gap { missing } => {
                format!("{missing} is blank; fill in every level above")
            }
        }
    }
}

/// A problem at a row (and a cell, when it is one cell's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlatProblem {
    /// 1-based file line (CSV) or sheet row (XLSX).
    pub line: usize,
    /// The column's header as written, when the problem is one cell's.
    pub column: Option<String>,
    /// What is wrong.
    pub issue: FlatIssue,
}

/// Why a flat export was refused: every problem found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.to_import_error())]
pub struct FlatError {
    /// The file's name as given by the caller.
    pub file: String,
    /// Problems with the file as a whole (encoding, header, units).
    pub file_errors: Vec<FileError>,
    /// Problems with rows, in line order.
    pub problems: Vec<FlatProblem>,
}

impl FlatError {
    /// The same problems as the crate's [`ImportError`], each message
    /// Korean then English, for the command line.
    pub fn to_import_error(&self) -> ImportError {
        ImportError {
            file: self.file.clone(),
            file_errors: self.file_errors.clone(),
            row_errors: self
                .problems
                .iter()
                .map(|p| RowError {
                    file: self.file.clone(),
                    line: p.line,
                    column: p.column.clone(),
                    message: yesan_domain::Localized::text(&p.issue),
                })
                .collect(),
            more_row_errors: 0,
        }
    }

    /// How many problems in all.
    pub fn count(&self) -> usize {
        self.file_errors.len() + self.problems.len()
    }
}
