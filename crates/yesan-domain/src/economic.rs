//! Economic classification of expenditure (성질별 분류): the 편성목 (three
//! digits, `201` 일반운영비) and 통계목 (`201-01` 사무관리비) a budget line
//! may carry beside its place in the program tree, so that a budget can be
//! read by what the money buys as well as by program.
//!
//! The standard code table ships in the repository as reference data
//! (`data/reference/economic-classification.csv`, its source and edition
//! named in its header) and is compiled in; [`Classification::standard`]
//! reads it once. [`Classification::resolve`] reads the 편성목 and 통계목
//! cells of a file as people write them: a code (`201`, `01`, `201-01`),
//! a code and its name (`201 일반운영비`, `01 사무관리비`) or a name.

use crate::bilingual::Bilingual;
use serde::{Serialize, Serializer};
use std::fmt;
use std::sync::OnceLock;

/// A 편성목 (`201`) or 통계목 (`201-01`) code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EconomicCode {
    group: u16,
    item: Option<u8>,
}

/// Why a code, a name or the code table was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.ko())]
pub enum EconomicError {
    /// Not a code of the form `201` or `201-01`.
    BadCode {
        /// The text as written (cut short).
        text: String,
    },
    /// A well-formed code the standard table does not list.
    UnknownCode {
        /// The code.
        code: EconomicCode,
    },
    /// A name the table does not list (at that level).
    UnknownName {
        /// The name as written.
        name: String,
        /// `편성목` or `통계목`.
        level: &'static str,
    },
    /// A name that several 통계목 carry; the 편성목 tells them apart.
    Ambiguous {
        /// The name.
        name: String,
        /// The codes carrying it.
        codes: Vec<EconomicCode>,
    },
    /// A code written with a name that is not its name.
    NameMismatch {
        /// The code.
        code: EconomicCode,
        /// The name as written.
        given: String,
        /// The table's name.
        expected: String,
    },
    /// A 통계목 under another 편성목 than the one written beside it.
    GroupMismatch {
        /// The 편성목 written.
        group: EconomicCode,
        /// The 통계목 written.
        item: EconomicCode,
    },
    /// A two-digit 통계목 (`01`) with no 편성목 to complete it.
    ItemWithoutGroup {
        /// The 통계목 as written.
        text: String,
    },
    /// A line of the code table that cannot be read.
    Table {
        /// 1-based line of the table.
        line: usize,
        /// What is wrong, in Korean.
        ko: String,
        /// What is wrong, in English.
        en: String,
    },
}

impl Bilingual for EconomicError {
    fn ko(&self) -> String {
        match self {
            Self::BadCode { text } => {
                format!("'{text}'은(는) 편성목·통계목 코드가 아닙니다(예: 201, 201-01)")
            }
            Self::UnknownCode { code } => {
                format!("{code}은(는) 표준 편성목·통계목 코드표에 없는 코드입니다")
            }
            Self::UnknownName { name, level } => {
                format!("'{name}'은(는) 표준 코드표에 없는 {level} 이름입니다")
            }
            Self::Ambiguous { name, codes } => format!(
                "'{name}'은(는) 여러 통계목({})의 이름입니다. 편성목을 함께 쓰세요",
                join(codes)
            ),
            Self::NameMismatch {
                code,
                given,
                expected,
            } => format!("{code}의 이름은 '{expected}'입니다('{given}'이(가) 아님)"),
            Self::GroupMismatch { group, item } => {
                format!("통계목 {item}은(는) 편성목 {group} 아래에 있지 않습니다")
            }
            Self::ItemWithoutGroup { text } => format!(
                "통계목 '{text}'의 편성목을 알 수 없습니다. 편성목을 쓰거나 201-01처럼 쓰세요"
            ),
            Self::Table { line, ko, .. } => format!("코드표 {line}번째 줄: {ko}"),
        }
    }

    fn en(&self) -> String {
        match self {
            Self::BadCode { text } => {
                format!("'{text}' is not an economic classification code (e.g. 201, 201-01)")
            }
            Self::UnknownCode { code } => {
                format!("{code} is not in the standard economic classification table")
            }
            Self::UnknownName { name, level } => {
                let level = if *level == "편성목" {
                    "group (편성목)"
                } else {
                    "item (통계목)"
                };
                format!("'{name}' is not the name of a {level} in the standard table")
            }
            Self::Ambiguous { name, codes } => format!(
                "'{name}' names several items ({}); give the group (편성목) too",
                join(codes)
            ),
            Self::NameMismatch {
                code,
                given,
                expected,
            } => format!("{code} is named '{expected}', not '{given}'"),
            Self::GroupMismatch { group, item } => {
                format!("item {item} does not belong to group {group}")
            }
            Self::ItemWithoutGroup { text } => {
                format!("no group (편성목) for the item '{text}'; give the group or write 201-01")
            }
            Self::Table { line, en, .. } => format!("code table line {line}: {en}"),
        }
    }
}

fn join(codes: &[EconomicCode]) -> String {
    codes
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

impl EconomicCode {
    /// Parses `201`, `201-01` or `20101`.
    pub fn parse(text: &str) -> Result<EconomicCode, EconomicError> {
        let t = text.trim();
        let bad = || EconomicError::BadCode {
            text: crate::text::quoted(t),
        };
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        let (group, item) = match t.split_once('-') {
            Some((g, i)) if digits(g, 3) && digits(i, 2) => (g, Some(i)),
            None if digits(t, 3) => (t, None),
            None if digits(t, 5) => (&t[..3], Some(&t[3..])),
            _ => return Err(bad()),
        };
        let group: u16 = group.parse().map_err(|_| bad())?;
        let item: Option<u8> = item.map(str::parse).transpose().map_err(|_| bad())?;
        if group < 100 || item == Some(0) {
            return Err(bad());
        }
        Ok(EconomicCode { group, item })
    }

    /// The 편성목 (`201` of `201-01`).
    pub fn group(self) -> EconomicCode {
        EconomicCode {
            group: self.group,
            item: None,
        }
    }

    /// Whether this is a 통계목 (has two more digits).
    pub fn is_item(self) -> bool {
        self.item.is_some()
    }
}

impl fmt::Display for EconomicCode {
    /// `201`, `201-01`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.item {
            Some(i) => write!(f, "{:03}-{i:02}", self.group),
            None => write!(f, "{:03}", self.group),
        }
    }
}

impl Serialize for EconomicCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// One code of the table with its names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// The code.
    pub code: EconomicCode,
    /// The Korean name (the official one).
    pub ko: String,
    /// The English name (a translation for the English interface).
    pub en: String,
}

/// A code table: 편성목 with their 통계목, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Classification {
    entries: Vec<Entry>,
}

/// The shipped table's text.
const STANDARD: &str = include_str!("../../../data/reference/economic-classification.csv");

/// A name compared without spaces (`시설비 및 부대비` is `시설비및부대비`).
fn squeeze(name: &str) -> String {
    name.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A cell split into its leading code and the name after it.
fn code_and_name(cell: &str) -> (Option<&str>, &str) {
    let t = cell.trim();
    let end = t
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == '-'))
        .map_or(t.len(), |(at, _)| at);
    if end == 0 {
        return (None, t);
    }
    let rest = t[end..]
        .trim_start_matches(['.', ')', ' ', '\u{3000}'])
        .trim();
    (Some(&t[..end]), rest)
}

impl Classification {
    /// Reads a table (`code,name_ko,name_en` per line, `#` comments, a
    /// header line `code,…`). Every 통계목's 편성목 comes before it; no code
    /// twice. All problems are returned together.
    pub fn parse(text: &str) -> Result<Classification, Vec<EconomicError>> {
        let mut entries: Vec<Entry> = Vec::new();
        let mut errors = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') || line.starts_with("code,") {
                continue;
            }
            let fail = |ko: String, en: String| EconomicError::Table {
                line: i + 1,
                ko,
                en,
            };
            let cells: Vec<&str> = line.split(',').map(str::trim).collect();
            let [code, ko, en] = cells[..] else {
                errors.push(fail(
                    "코드,한국어 이름,영어 이름의 세 칸이어야 합니다".into(),
                    "expected three cells: code, Korean name, English name".into(),
                ));
                continue;
            };
            let code = match EconomicCode::parse(code) {
                Ok(c) => c,
                Err(e) => {
                    errors.push(fail(e.ko(), e.en()));
                    continue;
                }
            };
            if ko.is_empty() || en.is_empty() {
                errors.push(fail(
                    "이름이 비어 있습니다".into(),
                    "a name is empty".into(),
                ));
            } else if entries.iter().any(|e| e.code == code) {
                errors.push(fail(
                    format!("{code}이(가) 두 번 있습니다"),
                    format!("{code} is listed twice"),
                ));
            } else if code.is_item() && !entries.iter().any(|e| e.code == code.group()) {
                errors.push(fail(
                    format!("{code}의 편성목 {}이(가) 앞에 없습니다", code.group()),
                    format!("{code}'s group {} is not listed before it", code.group()),
                ));
            } else {
                entries.push(Entry {
                    code,
                    ko: ko.to_owned(),
                    en: en.to_owned(),
                });
            }
        }
        if errors.is_empty() {
            Ok(Classification { entries })
        } else {
            Err(errors)
        }
    }

    /// The standard table shipped with Yesan (`data/reference/
    /// economic-classification.csv`), read once.
    pub fn standard() -> &'static Classification {
        static TABLE: OnceLock<Classification> = OnceLock::new();
        TABLE.get_or_init(|| {
            // The shipped file is parsed by a unit test; a broken one is a
            // build that never passed its tests.
            Classification::parse(STANDARD)
                .unwrap_or_else(|e| panic!("data/reference/economic-classification.csv: {e:?}"))
        })
    }

    /// Every code, 편성목 before their 통계목, in the table's order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The entry of `code`.
    pub fn get(&self, code: EconomicCode) -> Option<&Entry> {
        self.entries.iter().find(|e| e.code == code)
    }

    /// `code`, refused unless the table lists it.
    pub fn known(&self, code: EconomicCode) -> Result<&Entry, EconomicError> {
        self.get(code).ok_or(EconomicError::UnknownCode { code })
    }

    fn named(&self, code: EconomicCode, name: &str) -> Result<EconomicCode, EconomicError> {
        let entry = self.known(code)?;
        if !name.is_empty() && squeeze(name) != squeeze(&entry.ko) {
            return Err(EconomicError::NameMismatch {
                code,
                given: crate::text::quoted(name),
                expected: entry.ko.clone(),
            });
        }
        Ok(code)
    }

    fn group_cell(&self, cell: &str) -> Result<EconomicCode, EconomicError> {
        match code_and_name(cell) {
            (Some(code), name) => {
                let c = EconomicCode::parse(code)?;
                if c.is_item() {
                    return Err(EconomicError::BadCode {
                        text: crate::text::quoted(cell.trim()),
                    });
                }
                self.named(c, name)
            }
            (None, name) => self
                .entries
                .iter()
                .find(|e| !e.code.is_item() && squeeze(&e.ko) == squeeze(name))
                .map(|e| e.code)
                .ok_or_else(|| EconomicError::UnknownName {
                    name: crate::text::quoted(name),
                    level: "편성목",
                }),
        }
    }

    fn item_cell(
        &self,
        cell: &str,
        group: Option<EconomicCode>,
    ) -> Result<EconomicCode, EconomicError> {
        let (code, name) = code_and_name(cell);
        let item = match code {
            Some(c) if c.len() == 2 && c.bytes().all(|b| b.is_ascii_digit()) => {
                let Some(g) = group else {
                    return Err(EconomicError::ItemWithoutGroup {
                        text: crate::text::quoted(cell.trim()),
                    });
                };
                EconomicCode::parse(&format!("{g}-{c}"))?
            }
            Some(c) => {
                let item = EconomicCode::parse(c)?;
                if !item.is_item() {
                    return Err(EconomicError::BadCode {
                        text: crate::text::quoted(cell.trim()),
                    });
                }
                item
            }
            None => {
                let codes: Vec<EconomicCode> = self
                    .entries
                    .iter()
                    .filter(|e| e.code.is_item() && squeeze(&e.ko) == squeeze(name))
                    .map(|e| e.code)
                    .filter(|c| group.is_none_or(|g| c.group() == g))
                    .collect();
                match codes[..] {
                    [one] => return Ok(one),
                    [] => {
                        return Err(EconomicError::UnknownName {
                            name: crate::text::quoted(name),
                            level: "통계목",
                        });
                    }
                    _ => {
                        return Err(EconomicError::Ambiguous {
                            name: crate::text::quoted(name),
                            codes,
                        });
                    }
                }
            }
        };
        if let Some(g) = group
            && item.group() != g
        {
            return Err(EconomicError::GroupMismatch { group: g, item });
        }
        self.named(item, name)
    }

    /// The code a file's 편성목 and 통계목 cells name: the 통계목 when one
    /// is written, else the 편성목; `None` when both are blank. Each cell
    /// is a code, a code and its name, or a name; a two-digit 통계목 takes
    /// its 편성목 from the other cell.
    pub fn resolve(
        &self,
        group: Option<&str>,
        item: Option<&str>,
    ) -> Result<Option<EconomicCode>, EconomicError> {
        fn blank(c: Option<&str>) -> Option<&str> {
            c.map(str::trim).filter(|c| !c.is_empty())
        }
        let group = blank(group).map(|g| self.group_cell(g)).transpose()?;
        match blank(item) {
            Some(i) => self.item_cell(i, group).map(Some),
            None => Ok(group),
        }
    }
}

#[cfg(test)]
#[path = "economic_tests.rs"]
mod tests;
