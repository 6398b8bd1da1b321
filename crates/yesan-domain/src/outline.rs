//! Outlines: the nested bullet lists of a project's achievements (추진실적),
//! written as text with two spaces of indentation per level, the way staff
//! type them. The source text is kept verbatim (so a round trip loses
//! nothing); the parsed lines are what renderers walk.
//!
//! Text may name a project's indicators with tokens (`{users}`,
//! `{users.어르신}`, `{users:breakdown}`, `{users:as_of}`) so that a figure
//! written in a sentence is the recorded indicator, not a second copy of it.

use crate::format;
use crate::indicator::Indicator;
use crate::message::{Lang, Localized, Text, josa};
use crate::period::{Period, short_date};
use crate::{bilingual_display, ko_en};
use serde::Serialize;

/// Bullet markers recognised at the start of an item.
pub const MARKERS: [&str; 6] = ["ㅇ", "-", "‣", "※", "*", "◦"];

/// One line of an outline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum OutlineLine {
    /// A bullet or note.
    Item {
        /// Nesting depth, 0 for top level.
        depth: usize,
        /// The marker as written (`ㅇ`, `-`, `‣`, `※`, `*`), or empty.
        marker: String,
        /// The text after the marker (tokens unresolved).
        text: String,
    },
    /// A table row, `| a | b |`; the first row of a run is its header.
    Row {
        /// Nesting depth.
        depth: usize,
        /// Cell texts.
        cells: Vec<String>,
    },
}

/// A parsed outline with its source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Outline {
    source: String,
    lines: Vec<OutlineLine>,
}

/// Why an outline could not be parsed: the 1-based line within the outline
/// text and the reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct OutlineError {
    /// 1-based line within the outline text.
    pub line: usize,
    /// Why, in Korean and in English.
    pub reason: Text,
}

impl Localized for OutlineError {
    fn say(&self, lang: Lang) -> String {
        let (line, reason) = (self.line, self.reason.get(lang));
        ko_en!(lang, "{line}번째 줄: {reason}", "line {line}: {reason}")
    }
}

bilingual_display!(OutlineError);

impl Outline {
    /// Parses outline text. Indentation must be a multiple of two spaces and
    /// may deepen by one level at a time.
    pub fn parse(source: &str) -> Result<Outline, OutlineError> {
        let mut lines = Vec::new();
        let mut prev_depth: Option<usize> = None;
        for (i, raw) in source.lines().enumerate() {
            if raw.trim().is_empty() {
                continue;
            }
            let err = |(ko, en): (&str, &str)| OutlineError {
                line: i + 1,
                reason: Text::new(ko, en),
            };
            if raw.starts_with('\t') {
                return Err(err((
                    "탭 대신 공백 두 칸으로 들여 쓰세요",
                    "indent with two spaces, not tabs",
                )));
            }
            let indent = raw.len() - raw.trim_start_matches(' ').len();
            if indent % 2 != 0 {
                return Err(err((
                    "들여쓰기는 공백 두 칸 단위입니다",
                    "indentation must be a multiple of two spaces",
                )));
            }
            let depth = indent / 2;
            if depth > prev_depth.map_or(0, |d| d + 1) {
                return Err(err((
                    "한 번에 한 단계만 들여 쓸 수 있습니다",
                    "an item may be indented only one level deeper than the one above",
                )));
            }
            prev_depth = Some(depth);
            let body = raw.trim();
            if let Some(inner) = body.strip_prefix('|') {
                let inner = inner.strip_suffix('|').ok_or_else(|| {
                    err((
                        "표의 행은 '|'로 끝나야 합니다",
                        "a table row must end with '|'",
                    ))
                })?;
                let cells = inner.split('|').map(|c| c.trim().to_owned()).collect();
                lines.push(OutlineLine::Row { depth, cells });
                continue;
            }
            let (marker, text) = MARKERS
                .iter()
                .find_map(|m| {
                    body.strip_prefix(m)
                        .map(|rest| ((*m).to_owned(), rest.trim_start().to_owned()))
                })
                .unwrap_or_else(|| (String::new(), body.to_owned()));
            lines.push(OutlineLine::Item {
                depth,
                marker,
                text,
            });
        }
        Ok(Outline {
            source: source.to_owned(),
            lines,
        })
    }

    /// The text as written.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The parsed lines.
    pub fn lines(&self) -> &[OutlineLine] {
        &self.lines
    }

    /// Every token error in the outline's texts.
    pub fn token_errors(&self, indicators: &[Indicator]) -> Vec<TokenError> {
        let mut out = Vec::new();
        for l in &self.lines {
            let texts: Vec<&str> = match l {
                OutlineLine::Item { text, .. } => vec![text],
                OutlineLine::Row { cells, .. } => cells.iter().map(String::as_str).collect(),
            };
            for t in texts {
                if let Err(e) = render_text(t, indicators) {
                    out.push(e);
                }
            }
        }
        out
    }
}

/// The dates an item's text mentions, as the report writes them in
/// parentheses: `협정 체결(2.21.)`, `운영(3~10월)`, `개최(11.7~9, 바르셀로나)`.
/// Each comma-separated part of a parenthesised group that reads as a
/// [`Period`] counts; everything else in the text is left alone. This keeps
/// achievement dates queryable (recent achievements, timelines) without
/// typing them a second time.
pub fn mentioned_dates(text: &str, fiscal_year: i32) -> Vec<Period> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('(') {
        let after = &rest[open + 1..];
        let Some(close) = after.find(')') else { break };
        for part in after[..close].split(',') {
            let part = part.trim();
            if part.chars().any(|c| c.is_ascii_digit())
                && let Ok(p) = Period::parse(part, fiscal_year)
            {
                out.push(p);
            }
        }
        rest = &after[close + 1..];
    }
    out
}

/// A token that does not resolve.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    /// `{` without `}`.
    Unclosed {
        /// The text.
        text: String,
    },
    /// No indicator with that id.
    UnknownIndicator {
        /// The id.
        id: String,
    },
    /// No such part of the breakdown.
    UnknownPart {
        /// The id.
        id: String,
        /// The label.
        label: String,
    },
    /// An unknown `:view`, or `:as_of` on an indicator without a date.
    UnknownView {
        /// The id.
        id: String,
        /// The view.
        view: String,
    },
}

impl Localized for TokenError {
    fn say(&self, lang: Lang) -> String {
        match self {
            TokenError::Unclosed { text } => {
                let text = crate::text::quoted(text);
                ko_en!(
                    lang,
                    "'{{'가 닫히지 않았습니다: {text}",
                    "unclosed '{{' in: {text}"
                )
            }
            TokenError::UnknownIndicator { id } => {
                let i = josa(&format!("'{id}'"), "이", "가");
                ko_en!(lang, "지표 {i} 없습니다", "there is no indicator '{id}'")
            }
            TokenError::UnknownPart { id, label } => {
                let l = josa(&format!("'{label}'"), "이", "가");
                ko_en!(
                    lang,
                    "지표 '{id}'에는 세부 항목 {l} 없습니다",
                    "indicator '{id}' has no part '{label}'"
                )
            }
            TokenError::UnknownView { id, view } => {
                let v = josa(&format!("':{view}'"), "을", "를");
                ko_en!(
                    lang,
                    "지표 '{id}'에는 {v} 쓸 수 없습니다. ':breakdown'이나 ':as_of'를 쓰세요",
                    "indicator '{id}' has no ':{view}'; use ':breakdown' or ':as_of'"
                )
            }
        }
    }
}

bilingual_display!(TokenError);

/// Replaces indicator tokens in `text`. `{{` and `}}` stand for literal braces.
pub fn render_text(text: &str, indicators: &[Indicator]) -> Result<String, TokenError> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find(['{', '}']) {
        out.push_str(&rest[..pos]);
        let tail = &rest[pos..];
        if let Some(r) = tail.strip_prefix("{{") {
            out.push('{');
            rest = r;
            continue;
        }
        if let Some(r) = tail.strip_prefix("}}") {
            out.push('}');
            rest = r;
            continue;
        }
        if let Some(r) = tail.strip_prefix('}') {
            out.push('}');
            rest = r;
            continue;
        }
        let end = tail.find('}').ok_or_else(|| TokenError::Unclosed {
            text: text.to_owned(),
        })?;
        out.push_str(&resolve(&tail[1..end], indicators)?);
        rest = &tail[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

fn resolve(token: &str, indicators: &[Indicator]) -> Result<String, TokenError> {
    let (id_part, view) = match token.split_once(':') {
        Some((a, v)) => (a, Some(v)),
        None => (token, None),
    };
    let (id, part) = match id_part.split_once('.') {
        Some((a, p)) => (a, Some(p)),
        None => (id_part, None),
    };
    let ind = indicators
        .iter()
        .find(|i| i.id == id)
        .ok_or_else(|| TokenError::UnknownIndicator { id: id.to_owned() })?;
    let with_unit = |v: i64| format!("{}{}", format::amount(v), ind.unit);
    match (part, view) {
        (None, None) => Ok(with_unit(ind.value)),
        (Some(label), None) => ind
            .breakdown
            .iter()
            .find(|b| b.label == label)
            .map(|b| with_unit(b.value))
            .ok_or_else(|| TokenError::UnknownPart {
                id: id.to_owned(),
                label: label.to_owned(),
            }),
        (None, Some("breakdown")) => Ok(ind
            .breakdown
            .iter()
            .map(|b| format!("{}: {}", b.label, with_unit(b.value)))
            .collect::<Vec<_>>()
            .join(", ")),
        (None, Some("as_of")) if ind.as_of.is_some() => {
            Ok(ind.as_of.map(short_date).unwrap_or_default())
        }
        (_, Some(v)) => Err(TokenError::UnknownView {
            id: id.to_owned(),
            view: v.to_owned(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicator::Part;
    use chrono::NaiveDate;

    fn users() -> Vec<Indicator> {
        vec![Indicator {
            id: "users".into(),
            name: "이용자실적".into(),
            value: 40_525,
            unit: "명".into(),
            as_of: NaiveDate::from_ymd_opt(2023, 9, 30),
            breakdown: vec![
                Part {
                    label: "어르신".into(),
                    value: 5_625,
                },
                Part {
                    label: "어린이".into(),
                    value: 22_469,
                },
                Part {
                    label: "일반시민".into(),
                    value: 12_431,
                },
            ],
        }]
    }

    #[test]
    fn parses_levels_markers_and_tables() {
        let o =
            Outline::parse("ㅇ 위\n  - 아래\n    ‣ 더 아래\n  | a | b |\n\n  ※ 주석\n").unwrap();
        assert_eq!(o.lines().len(), 5);
        assert_eq!(
            o.lines()[1],
            OutlineLine::Item {
                depth: 1,
                marker: "-".into(),
                text: "아래".into()
            }
        );
        assert_eq!(
            o.lines()[3],
            OutlineLine::Row {
                depth: 1,
                cells: vec!["a".into(), "b".into()]
            }
        );
        assert_eq!(
            o.source(),
            "ㅇ 위\n  - 아래\n    ‣ 더 아래\n  | a | b |\n\n  ※ 주석\n"
        );
    }

    #[test]
    fn refuses_bad_indentation() {
        assert_eq!(Outline::parse("ㅇ a\n   - b").unwrap_err().line, 2);
        assert_eq!(Outline::parse("ㅇ a\n    - b").unwrap_err().line, 2);
        assert_eq!(Outline::parse("  ㅇ a").unwrap_err().line, 1);
    }

    #[test]
    fn renders_indicator_tokens() {
        let t = render_text(
            "이용자실적: {users}  ※ {users:breakdown} ({users:as_of}기준)",
            &users(),
        )
        .unwrap();
        assert_eq!(
            t,
            "이용자실적: 40,525명  ※ 어르신: 5,625명, 어린이: 22,469명, 일반시민: 12,431명 (9.30기준)"
        );
        assert_eq!(
            render_text("{users.어린이} {{literal}}", &users()).unwrap(),
            "22,469명 {literal}"
        );
    }

    #[test]
    fn finds_dates_in_item_text() {
        let d = |m, day| chrono::NaiveDate::from_ymd_opt(2023, m, day);
        let p = mentioned_dates("자치구-재단 협정 체결(2.21.)", 2023);
        assert_eq!((p[0].start, p[0].end), (d(2, 21), d(2, 21)));
        let p = mentioned_dates("SCEWC 포럼 개최(11.7~9, 바르셀로나) 및 성과발표(2건)", 2023);
        assert_eq!(p.len(), 1);
        assert_eq!((p[0].start, p[0].end), (d(11, 7), d(11, 9)));
        let p = mentioned_dates("종합계약 및 운영(3~10월)", 2023);
        assert_eq!((p[0].start, p[0].end), (d(3, 1), d(10, 31)));
        assert!(mentioned_dates("시립 시설(9개소) 종사자, 인덱스(5개)", 2023).is_empty());
    }

    #[test]
    fn reports_bad_tokens() {
        assert_eq!(
            render_text("{nope}", &users()),
            Err(TokenError::UnknownIndicator { id: "nope".into() })
        );
        assert!(matches!(
            render_text("{users.청년}", &users()),
            Err(TokenError::UnknownPart { .. })
        ));
        assert!(matches!(
            render_text("{users:sum}", &users()),
            Err(TokenError::UnknownView { .. })
        ));
        assert!(matches!(
            render_text("{users", &users()),
            Err(TokenError::Unclosed { .. })
        ));
    }
}
