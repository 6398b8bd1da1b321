//! The order of the consolidated table: a column and a direction, both
//! typed, parsed from the names the command line and the web's links use
//! (`disburse-rate`, `disburse-rate:desc`, `-disburse-rate`).

use serde::Serialize;
use std::cmp::Ordering;

use super::ConsolidatedRow;

/// A column of the consolidated table to sort by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SortKey {
    /// 기관코드.
    Code,
    /// 기관명 (Korean).
    Name,
    /// 세입예산.
    Revenue,
    /// 세출예산 (예산현액).
    Expenditure,
    /// 원인행위액.
    Committed,
    /// 지출액.
    Disbursed,
    /// 원인행위율.
    CommitRate,
    /// 지출률.
    DisburseRate,
    /// 집행부진 과목 수.
    LaggingLines,
    /// 집행부진 사업 수.
    LaggingProjects,
}

impl SortKey {
    /// Every key, in the table's column order.
    pub const ALL: [SortKey; 10] = [
        SortKey::Code,
        SortKey::Name,
        SortKey::Revenue,
        SortKey::Expenditure,
        SortKey::Committed,
        SortKey::Disbursed,
        SortKey::CommitRate,
        SortKey::DisburseRate,
        SortKey::LaggingLines,
        SortKey::LaggingProjects,
    ];

    /// The name used on the command line and in links.
    pub fn as_str(self) -> &'static str {
        match self {
            SortKey::Code => "code",
            SortKey::Name => "name",
            SortKey::Revenue => "revenue",
            SortKey::Expenditure => "expenditure",
            SortKey::Committed => "committed",
            SortKey::Disbursed => "disbursed",
            SortKey::CommitRate => "commit-rate",
            SortKey::DisburseRate => "disburse-rate",
            SortKey::LaggingLines => "lagging-lines",
            SortKey::LaggingProjects => "lagging-projects",
        }
    }

    /// Parses [`SortKey::as_str`]'s names (`_` for `-` too).
    pub fn parse(s: &str) -> Option<SortKey> {
        let s = s.trim().replace('_', "-");
        SortKey::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The direction a reader expects first: names and codes A→Z,
    /// figures largest first.
    pub fn natural(self) -> Direction {
        match self {
            SortKey::Code | SortKey::Name => Direction::Asc,
            _ => Direction::Desc,
        }
    }
}

/// Ascending or descending.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Smallest first.
    Asc,
    /// Largest first.
    Desc,
}

impl Direction {
    /// `asc` or `desc`.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Asc => "asc",
            Direction::Desc => "desc",
        }
    }

    /// Parses `asc` or `desc`.
    pub fn parse(s: &str) -> Option<Direction> {
        match s.trim() {
            "asc" => Some(Direction::Asc),
            "desc" => Some(Direction::Desc),
            _ => None,
        }
    }

    /// The other direction.
    pub fn flip(self) -> Direction {
        match self {
            Direction::Asc => Direction::Desc,
            Direction::Desc => Direction::Asc,
        }
    }
}

/// How the table is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Sort {
    /// The column.
    pub key: SortKey,
    /// The direction.
    pub direction: Direction,
}

impl Default for Sort {
    /// By institution code, A→Z.
    fn default() -> Sort {
        Sort {
            key: SortKey::Code,
            direction: Direction::Asc,
        }
    }
}

/// A sort the reader wrote that names no column.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct SortError {
    /// What was given.
    pub given: String,
}

impl yesan_domain::Localized for SortError {
    fn say(&self, lang: yesan_domain::Lang) -> String {
        let given = yesan_domain::text::quoted(&self.given);
        let g = yesan_domain::message::josa(&format!("'{given}'"), "은", "는");
        let keys = SortKey::ALL.map(SortKey::as_str).join(", ");
        yesan_domain::ko_en!(
            lang,
            "정렬 기준 {g} 알 수 없습니다. 다음 가운데 하나를 쓰세요: {keys}",
            "unknown sort column '{given}'; use one of: {keys}"
        )
    }
}

yesan_domain::bilingual_display!(SortError);

impl Sort {
    /// A key in its natural direction.
    pub fn by(key: SortKey) -> Sort {
        Sort {
            key,
            direction: key.natural(),
        }
    }

    /// Parses `KEY`, `KEY:asc`, `KEY:desc` or `-KEY` (descending).
    ///
    /// # Errors
    /// [`SortError`] naming what was given.
    pub fn parse(s: &str) -> Result<Sort, SortError> {
        let err = || SortError {
            given: s.to_owned(),
        };
        let s = s.trim();
        let (key, direction) = if let Some(k) = s.strip_prefix('-') {
            (k, Some(Direction::Desc))
        } else if let Some((k, d)) = s.split_once(':') {
            (k, Some(Direction::parse(d).ok_or_else(err)?))
        } else {
            (s, None)
        };
        let key = SortKey::parse(key).ok_or_else(err)?;
        Ok(Sort {
            key,
            direction: direction.unwrap_or(key.natural()),
        })
    }

    /// `KEY:DIR`, what [`Sort::parse`] reads back.
    pub fn as_string(self) -> String {
        format!("{}:{}", self.key.as_str(), self.direction.as_str())
    }

    /// Orders two rows; ties go by code, so the order is total and stable.
    pub(super) fn compare(self, a: &ConsolidatedRow, b: &ConsolidatedRow) -> Ordering {
        // A rate without a base (no budget) sorts below every rate.
        let rate = |r: Option<yesan_domain::Rate>| r.map(yesan_domain::Rate::tenths);
        let by = match self.key {
            SortKey::Code => a.code.cmp(&b.code),
            SortKey::Name => a.name_ko.cmp(&b.name_ko),
            SortKey::Revenue => a.revenue.cmp(&b.revenue),
            SortKey::Expenditure => a.expenditure.cmp(&b.expenditure),
            SortKey::Committed => a.committed.cmp(&b.committed),
            SortKey::Disbursed => a.disbursed.cmp(&b.disbursed),
            SortKey::CommitRate => rate(a.commit_rate).cmp(&rate(b.commit_rate)),
            SortKey::DisburseRate => rate(a.disburse_rate).cmp(&rate(b.disburse_rate)),
            SortKey::LaggingLines => a.lagging_lines.cmp(&b.lagging_lines),
            SortKey::LaggingProjects => a.lagging_projects.cmp(&b.lagging_projects),
        };
        let by = match self.direction {
            Direction::Asc => by,
            Direction::Desc => by.reverse(),
        };
        by.then_with(|| a.code.cmp(&b.code))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_form() {
        assert_eq!(
            Sort::parse("disburse-rate").expect("sort"),
            Sort {
                key: SortKey::DisburseRate,
                direction: Direction::Desc
            }
        );
        assert_eq!(Sort::parse("name").expect("sort").direction, Direction::Asc);
        assert_eq!(
            Sort::parse("-code").expect("sort").direction,
            Direction::Desc
        );
        assert_eq!(
            Sort::parse("commit_rate:asc").expect("sort"),
            Sort {
                key: SortKey::CommitRate,
                direction: Direction::Asc
            }
        );
        for k in SortKey::ALL {
            let s = Sort::by(k);
            assert_eq!(Sort::parse(&s.as_string()), Ok(s));
        }
    }

    #[test]
    fn refuses_unknown_columns_naming_them() {
        let e = Sort::parse("budget").expect_err("unknown");
        assert!(e.to_string().contains("'budget'"), "{e}");
        assert!(e.to_string().contains("disburse-rate"), "{e}");
        assert!(Sort::parse("code:up").is_err());
    }
}
