//! Codes that identify records across files, the database and URLs: budget
//! line codes, organisation unit codes, project codes and institution codes. Parsed once at the
//! boundary; inside Yesan a code is always valid.

use crate::message::{Lang, Localized, josa};
use crate::{bilingual_display, ko_en};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a string is not a valid code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    /// Empty or whitespace only.
    Empty {
        /// Which kind of code (`budget line`, `unit`, `project`,
        /// `institution`).
        what: &'static str,
    },
    /// Longer than the limit.
    TooLong {
        /// Which kind of code.
        what: &'static str,
        /// The code as given.
        code: String,
        /// The limit.
        max: usize,
    },
    /// A character outside the allowed set.
    BadChar {
        /// Which kind of code.
        what: &'static str,
        /// The code as given.
        code: String,
        /// The offending character.
        ch: char,
    },
}

/// The kind of code in Korean.
fn korean(what: &str) -> &'static str {
    match what {
        "budget line" => "예산과목",
        "unit" => "부서",
        "project" => "사업",
        _ => "기관",
    }
}

impl Localized for CodeError {
    fn say(&self, lang: Lang) -> String {
        match self {
            CodeError::Empty { what } => {
                let k = korean(what);
                ko_en!(lang, "{k} 코드가 비어 있습니다", "the {what} code is empty")
            }
            CodeError::TooLong { what, code, max } => {
                let k = korean(what);
                ko_en!(
                    lang,
                    "'{code}': {k} 코드는 {max}자까지 쓸 수 있습니다",
                    "'{code}' is longer than {max} characters, the most a {what} code may have"
                )
            }
            CodeError::BadChar { what, code, ch } => {
                let k = korean(what);
                let c = josa(&format!("'{ch}'"), "이", "가");
                ko_en!(
                    lang,
                    "'{code}'에 {k} 코드에 쓸 수 없는 글자 {c} 있습니다. 코드는 영문자, 숫자, '-', '_', '.'로 적습니다",
                    "the {what} code '{code}' contains '{ch}'; a code is written with ASCII letters, digits, '-', '_' or '.'"
                )
            }
        }
    }
}

bilingual_display!(CodeError);

fn parse_code(what: &'static str, s: &str) -> Result<String, CodeError> {
    const MAX: usize = 32;
    let s = s.trim();
    if s.is_empty() {
        return Err(CodeError::Empty { what });
    }
    if s.len() > MAX {
        return Err(CodeError::TooLong {
            what,
            code: crate::text::quoted(s),
            max: MAX,
        });
    }
    if let Some(ch) = s
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
    {
        return Err(CodeError::BadChar {
            what,
            code: s.to_owned(),
            ch,
        });
    }
    Ok(s.to_owned())
}

macro_rules! code_type {
    ($(#[$doc:meta])* $name:ident, $what:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(std::sync::Arc<str>);

        impl $name {
            /// Parses a code: 1–32 ASCII letters, digits, `-`, `_` or `.`.
            pub fn parse(s: &str) -> Result<Self, CodeError> {
                parse_code($what, s).map(|c| Self(c.into()))
            }

            /// The code as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = CodeError;
            fn try_from(s: String) -> Result<Self, CodeError> {
                Self::parse(&s)
            }
        }

        impl From<$name> for String {
            fn from(c: $name) -> String {
                c.0.to_string()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }
    };
}

// Codes are shared, not copied: a ledger of millions of entries names a few
// hundred lines, so an `Arc<str>` clone is a reference count, not an
// allocation.
code_type!(
    /// A budget line's code (예산과목 코드), e.g. `E3.1.1`.
    LineCode,
    "budget line"
);
code_type!(
    /// An organisation unit's code, e.g. `DPT`.
    UnitCode,
    "unit"
);
code_type!(
    /// A project's or program group's code, e.g. `1-1` or `1`.
    ProjectCode,
    "project"
);
code_type!(
    /// An institution's code, the key that keeps its data apart from every
    /// other institution's in one database and names it in URLs and on the
    /// command line (`--institution sdf`), e.g. `sdf`.
    InstitutionCode,
    "institution"
);

/// The code an institution gets when none is given: an older one-institution
/// dataset file or database, before institutions had codes.
pub const DEFAULT_INSTITUTION: &str = "default";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_codes() {
        assert_eq!(LineCode::parse(" E3.1.1 ").unwrap().as_str(), "E3.1.1");
        assert_eq!(ProjectCode::parse("1-1").unwrap().as_str(), "1-1");
    }

    #[test]
    fn refuses_bad_codes() {
        assert_eq!(
            LineCode::parse("  "),
            Err(CodeError::Empty {
                what: "budget line"
            })
        );
        assert!(matches!(
            LineCode::parse("인건비"),
            Err(CodeError::BadChar { ch: '인', .. })
        ));
        assert!(matches!(
            UnitCode::parse(&"A".repeat(33)),
            Err(CodeError::TooLong { .. })
        ));
        assert!(matches!(
            LineCode::parse("E 1"),
            Err(CodeError::BadChar { ch: ' ', .. })
        ));
    }
}
