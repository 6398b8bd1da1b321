//! A budget line named the way an accounting system exports it: by its
//! name (`디지털 돌봄 체험버스 운영`) rather than its code (`E3.2.3`).
//! [`LineNames`] takes a line's code as it is, and a name where it names
//! one line on which entries are recorded (an expenditure leaf); otherwise
//! it says that a code is expected and suggests the codes whose names come
//! close, so that the person fixing the file sees which code to write.

use crate::budget::{Budget, LineKind};
use crate::code::LineCode;
use crate::message::{Lang, Localized, josa};
use crate::{bilingual_display, ko_en};
use rustc_hash::{FxHashMap, FxHashSet};

/// How many lines a refusal suggests.
const SUGGESTED: usize = 5;

/// The budget's line codes and the names of the lines entries go on.
#[derive(Debug, Clone, Default)]
pub struct LineNames {
    codes: FxHashSet<LineCode>,
    /// Every expenditure leaf, by its name folded ([`fold`]).
    by_name: FxHashMap<String, Vec<LineCode>>,
    /// (code, name) of every expenditure leaf, for suggestions.
    leaves: Vec<(LineCode, String)>,
}

/// Why a text does not name one budget line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LineNameError {
    /// Not a code, and no line is named so.
    NotACode {
        /// The text as written (cut short).
        text: String,
        /// Lines whose names come close: (code, name).
        similar: Vec<(LineCode, String)>,
    },
    /// Several lines have this name.
    Ambiguous {
        /// The text as written.
        text: String,
        /// The lines so named: (code, name).
        lines: Vec<(LineCode, String)>,
    },
}

/// A name as compared: no spaces, no case, so that `체험버스 운영` and
/// `체험버스운영` are the same name.
fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

impl LineNames {
    /// The names of `budget`'s lines.
    pub fn new(budget: &Budget) -> LineNames {
        let mut names = LineNames::default();
        for l in budget.lines() {
            names.codes.insert(l.code.clone());
        }
        for l in budget.leaves(LineKind::Expenditure) {
            names
                .by_name
                .entry(fold(&l.name))
                .or_default()
                .push(l.code.clone());
            names.leaves.push((l.code.clone(), l.name.clone()));
        }
        names
    }

    /// The line `text` names: a code as it is (whether the budget has it
    /// is budget control's to say, with the line in its message), else a
    /// recorded code followed by its name (`E3.2.3 디지털 …`, as forms
    /// list lines), else the one expenditure leaf so named.
    ///
    /// # Errors
    /// [`LineNameError`]: not a code and no line of that name (with the
    /// lines whose names come close), or a name several lines share.
    pub fn resolve(&self, text: &str) -> Result<LineCode, LineNameError> {
        let text = text.trim();
        if let Ok(code) = LineCode::parse(text)
            && (self.codes.contains(&code) || !self.by_name.contains_key(&fold(text)))
        {
            return Ok(code);
        }
        if let Some((head, _)) = text.split_once(char::is_whitespace)
            && let Ok(code) = LineCode::parse(head)
            && self.codes.contains(&code)
        {
            return Ok(code);
        }
        let shown = || crate::text::quoted(text);
        match self.by_name.get(&fold(text)).map(Vec::as_slice) {
            Some([code]) => Ok(code.clone()),
            Some(codes) if !codes.is_empty() => Err(LineNameError::Ambiguous {
                text: shown(),
                lines: self
                    .leaves
                    .iter()
                    .filter(|(c, _)| codes.contains(c))
                    .cloned()
                    .collect(),
            }),
            _ => Err(LineNameError::NotACode {
                text: shown(),
                similar: self.similar(text),
            }),
        }
    }

    /// Lines whose names contain `text` or are contained in it, or share a
    /// word with it, closest first.
    fn similar(&self, text: &str) -> Vec<(LineCode, String)> {
        let t = fold(text);
        if t.is_empty() {
            return Vec::new();
        }
        let words: Vec<String> = text
            .split(|c: char| c.is_whitespace() || c.is_ascii_punctuation())
            .map(fold)
            .filter(|w| w.chars().count() >= 2)
            .collect();
        let mut scored: Vec<(usize, &(LineCode, String))> = self
            .leaves
            .iter()
            .filter_map(|l| {
                let n = fold(&l.1);
                let score = if n.contains(&t) || t.contains(&n) {
                    0
                } else if words.iter().any(|w| n.contains(w.as_str())) {
                    1
                } else {
                    return None;
                };
                Some((score, l))
            })
            .collect();
        scored.sort_by_key(|(s, _)| *s);
        scored
            .into_iter()
            .take(SUGGESTED)
            .map(|(_, l)| l.clone())
            .collect()
    }
}

fn listed(lines: &[(LineCode, String)]) -> String {
    lines
        .iter()
        .map(|(c, n)| format!("{c}({n})"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Localized for LineNameError {
    fn say(&self, lang: Lang) -> String {
        match self {
            LineNameError::NotACode { text, similar } if similar.is_empty() => {
                let t = josa(&format!("'{text}'"), "은", "는");
                ko_en!(
                    lang,
                    "예산과목은 코드(예: E3.2.3)로 씁니다. {t} 코드가 아니고, 이런 이름의 과목도 없습니다",
                    "a budget line is written as its code (such as E3.2.3); '{text}' is no code and no line has that name"
                )
            }
            LineNameError::NotACode { text, similar } => {
                let t = josa(&format!("'{text}'"), "은", "는");
                let list = listed(similar);
                ko_en!(
                    lang,
                    "예산과목은 코드로 씁니다. {t} 코드가 아닙니다. 이름이 비슷한 과목: {list}",
                    "a budget line is written as its code; '{text}' is no code. Lines with similar names: {list}"
                )
            }
            LineNameError::Ambiguous { text, lines } => {
                let list = listed(lines);
                let t = josa(&format!("'{text}'"), "은", "는");
                ko_en!(
                    lang,
                    "이름 {t} 여러 과목의 이름이라 어느 과목인지 알 수 없습니다. 코드로 쓰세요: {list}",
                    "several lines are named '{text}'; write the code of one: {list}"
                )
            }
        }
    }
}

bilingual_display!(LineNameError);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::budget_with;

    fn names() -> LineNames {
        LineNames::new(&budget_with(&[
            ("E3", None, "사업비"),
            ("E3.1", Some("E3"), "디지털 돌봄 체험버스 운영"),
            ("E3.2", Some("E3"), "AI 서비스 운영"),
            ("E3.3", Some("E3"), "운영지원"),
            ("E3.4", Some("E3"), "운영지원"),
        ]))
    }

    fn code(s: &str) -> LineCode {
        LineCode::parse(s).unwrap()
    }

    #[test]
    fn a_code_or_a_name_of_one_leaf_is_a_line() {
        let n = names();
        assert_eq!(n.resolve(" E3.1 "), Ok(code("E3.1")));
        // An unknown code stays a code: budget control names it.
        assert_eq!(n.resolve("E9"), Ok(code("E9")));
        assert_eq!(n.resolve("디지털 돌봄 체험버스 운영"), Ok(code("E3.1")));
        assert_eq!(n.resolve("디지털돌봄체험버스운영"), Ok(code("E3.1")));
        assert_eq!(n.resolve("E3.2 AI 서비스 운영"), Ok(code("E3.2")));
        assert_eq!(n.resolve("ai 서비스 운영"), Ok(code("E3.2")));
    }

    #[test]
    fn otherwise_a_code_is_asked_for_with_the_lines_of_similar_names() {
        let n = names();
        let e = n.resolve("체험버스").unwrap_err();
        assert_eq!(
            e.say(Lang::Ko),
            "예산과목은 코드로 씁니다. '체험버스'는 코드가 아닙니다. 이름이 비슷한 과목: E3.1(디지털 돌봄 체험버스 운영)"
        );
        let e = n.resolve("운영지원").unwrap_err();
        assert!(matches!(&e, LineNameError::Ambiguous { lines, .. } if lines.len() == 2));
        assert!(
            e.say(Lang::En).contains("E3.3(운영지원), E3.4(운영지원)"),
            "{e}"
        );
        let e = n.resolve("인건비").unwrap_err();
        assert!(
            e.say(Lang::Ko).contains("이런 이름의 과목도 없습니다"),
            "{e}"
        );
        // A parent's name is no line entries go on.
        assert!(n.resolve("사업비").is_err());
    }
}
