//! Errors of the dataset format. Each names where (file, line, column,
//! field) and why, in Korean then English; nothing is written when any
//! error is returned.

use std::fmt;
use yesan_domain::Finding;

/// One problem at a place in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// File name.
    pub file: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// The field the problem is in.
    pub field: Option<String>,
    /// What is wrong (Korean, then English), including what it should be.
    pub message: String,
    /// The domain finding behind it, when the problem is a broken rule
    /// rather than a syntax or type error.
    pub finding: Option<Finding>,
}

impl fmt::Display for Located {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
            if let Some(c) = self.column {
                write!(f, ":{c}")?;
            }
        }
        if let Some(field) = &self.field {
            write!(f, ": [{field}]")?;
        }
        write!(f, " {}", self.message)
    }
}

/// Why a dataset could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DatasetError {
    /// The bytes are not UTF-8.
    #[error(
        "{file}:{line}:{column}: UTF-8이 아닌 파일입니다 (바이트 {offset}) / not UTF-8 (byte {offset}); save the file as UTF-8"
    )]
    NotUtf8 {
        /// File name.
        file: String,
        /// 1-based line of the first bad byte.
        line: usize,
        /// 1-based column.
        column: usize,
        /// Byte offset of the first bad byte.
        offset: usize,
    },
    /// Problems found; every one is listed.
    #[error("{}", list(.0))]
    Invalid(Vec<Located>),
}

fn list(items: &[Located]) -> String {
    let mut s = format!(
        "데이터셋 오류 {}건 / {} problem(s) in the dataset:",
        items.len(),
        items.len()
    );
    for i in items {
        s.push_str("\n  ");
        s.push_str(&i.to_string());
    }
    s
}

impl DatasetError {
    /// The located problems (one for a non-UTF-8 file).
    pub fn items(&self) -> Vec<Located> {
        match self {
            DatasetError::NotUtf8 {
                file, line, column, ..
            } => vec![Located {
                file: file.clone(),
                line: Some(*line),
                column: Some(*column),
                field: None,
                message: self.to_string(),
                finding: None,
            }],
            DatasetError::Invalid(v) => v.clone(),
        }
    }
}
