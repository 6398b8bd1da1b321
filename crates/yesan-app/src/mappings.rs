//! The line mappings a planner records for a year (a reorganization: a
//! renamed, merged or split line), so that the year's prior-year column
//! compares the right lines of the year before.
//!
//! A mapping is typed as text (`OLD=NEW`, `A,B=NEW`,
//! `OLD=NEW1:60,NEW2:40`) and parsed into the domain's [`LineMapping`],
//! every mistake a [`MappingError`] naming the field it was typed in. The
//! year's whole list, as it would be after the change, is then checked
//! against both years' budgets by the domain's own rules
//! (`yesan_domain::prior::with_priors`, the computation every reader
//! runs) before anything is written: a refused mapping writes nothing,
//! and a recorded one is one the year reads with.

use crate::Error;
use yesan_domain::code::{CodeError, LineCode};
use yesan_domain::format::amount;
use yesan_domain::money::Won;
use yesan_domain::prior::{self, LineMapping, PriorError, Split};
use yesan_store::{Store, StoreError};

/// A mapping that cannot be recorded, naming the field it was typed in.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MappingError {
    /// The text is not of the field's form.
    #[error("{field} '{given}': 형식은 {form}입니다 / expected {form}")]
    Form {
        /// The field (e.g. `--rename`).
        field: String,
        /// What was typed.
        given: String,
        /// The form expected.
        form: &'static str,
    },
    /// A part is not a line code.
    #[error("{field} '{given}': 과목 코드가 아닙니다 / not a line code ({reason})")]
    Code {
        /// The field.
        field: String,
        /// The part.
        given: String,
        /// Why.
        reason: CodeError,
    },
    /// A split's share is not a number.
    #[error(
        "{field} '{given}': 나누는 몫은 비율(정수 또는 %)이나 금액(원)입니다 — 예: 60, 40% 또는 3_000_000원 / a share is a ratio (a whole number or a percentage) or an amount in won, e.g. 60, 40% or 3_000_000원"
    )]
    Share {
        /// The field.
        field: String,
        /// The share as typed.
        given: String,
    },
    /// A split mixes ratios and amounts.
    #[error(
        "{field}: 비율과 금액을 섞어 나눌 수 없습니다 / a split gives either ratios or amounts, not both"
    )]
    MixedShares {
        /// The field.
        field: String,
    },
    /// Percentages that do not add up to 100.
    #[error(
        "{field}: 비율의 합이 {total}%입니다. 100%가 되어야 합니다 / the percentages add up to {total}%, not 100%"
    )]
    Percent {
        /// The field.
        field: String,
        /// Their sum.
        total: u64,
    },
    /// Nothing asked.
    #[error(
        "기록할 과목 연결이 없습니다: 이름 바꿈, 합침, 나눔 또는 지우기를 주세요 / no mapping given: give a rename, a merge, a split or a clear"
    )]
    Nothing,
    /// The year is not recorded.
    #[error("{year}년이 기록되어 있지 않습니다 / {year} is not recorded")]
    NoYear {
        /// The year.
        year: i32,
    },
    /// The year before is not recorded, so there is nothing to map from.
    #[error(
        "{previous}년이 기록되어 있지 않아 {year}년의 과목 연결을 기록할 수 없습니다 / {previous} is not recorded, so {year} has no lines to map from"
    )]
    NoPrevious {
        /// The year.
        year: i32,
        /// The year before.
        previous: i32,
    },
    /// The domain refused the year's mappings.
    #[error("{}", join(.0))]
    Refused(Vec<Refusal>),
}

/// One of the domain's refusals, with the field of the mapping it is
/// about (none for a mapping recorded before).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The field the mapping was typed in, with its text.
    pub field: Option<String>,
    /// The domain's reason (which mapping, which code in which year, …).
    pub error: PriorError,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.field {
            Some(field) => write!(f, "{field}: {}", self.error),
            None => write!(f, "{}", self.error),
        }
    }
}

fn join(list: &[Refusal]) -> String {
    list.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

/// A mapping as typed: the domain's value and where it was typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Typed {
    /// The field and the text (`--rename E1=E2`), for messages.
    pub field: String,
    /// The mapping.
    pub mapping: LineMapping,
}

/// What the planner asks for a year: clear its list first (or not), then
/// add these mappings at its end.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Request {
    /// Remove the mappings recorded so far.
    pub clear: bool,
    /// Mappings to add, in order.
    pub add: Vec<Typed>,
}

fn code(field: &str, given: &str) -> Result<LineCode, MappingError> {
    LineCode::parse(given.trim()).map_err(|reason| MappingError::Code {
        field: field.to_owned(),
        given: given.trim().to_owned(),
        reason,
    })
}

fn sides<'a>(
    field: &str,
    text: &'a str,
    form: &'static str,
) -> Result<(&'a str, &'a str), MappingError> {
    let bad = || MappingError::Form {
        field: field.to_owned(),
        given: text.to_owned(),
        form,
    };
    let (from, to) = text.split_once('=').ok_or_else(bad)?;
    if from.trim().is_empty() || to.trim().is_empty() || to.contains('=') {
        return Err(bad());
    }
    Ok((from, to))
}

fn typed(field: &str, text: &str, mapping: LineMapping) -> Typed {
    Typed {
        field: format!("{field} {text}"),
        mapping,
    }
}

/// A rename, `OLD=NEW`: the previous year's line OLD is this year's NEW.
///
/// # Errors
/// [`MappingError::Form`], [`MappingError::Code`].
pub fn rename(field: &str, text: &str, note: &str) -> Result<Typed, MappingError> {
    const FORM: &str = "이전코드=새코드 (OLD=NEW)";
    let (from, to) = sides(field, text, FORM)?;
    if from.contains(',') || to.contains(',') {
        return Err(MappingError::Form {
            field: field.to_owned(),
            given: text.to_owned(),
            form: FORM,
        });
    }
    Ok(typed(
        field,
        text,
        LineMapping {
            from: vec![code(field, from)?],
            to: vec![code(field, to)?],
            split: None,
            note: note.to_owned(),
        },
    ))
}

/// A merge, `A,B=NEW`: the previous year's lines A and B are this year's
/// NEW, whose prior is their sum.
///
/// # Errors
/// [`MappingError::Form`], [`MappingError::Code`].
pub fn merge(field: &str, text: &str, note: &str) -> Result<Typed, MappingError> {
    const FORM: &str = "이전코드,이전코드=새코드 (A,B=NEW)";
    let (from, to) = sides(field, text, FORM)?;
    if to.contains(',') {
        return Err(MappingError::Form {
            field: field.to_owned(),
            given: text.to_owned(),
            form: FORM,
        });
    }
    let from = from
        .split(',')
        .map(|c| code(field, c))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(typed(
        field,
        text,
        LineMapping {
            from,
            to: vec![code(field, to)?],
            split: None,
            note: note.to_owned(),
        },
    ))
}

/// One share of a split as typed.
enum Share {
    Ratio(u32),
    Percent(u32),
    Amount(Won),
}

fn share(field: &str, given: &str) -> Result<Share, MappingError> {
    let bad = || MappingError::Share {
        field: field.to_owned(),
        given: given.to_owned(),
    };
    let t = given.trim();
    let number = |s: &str| -> Option<u64> {
        let digits: String = s.chars().filter(|c| *c != '_').collect();
        if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        digits.parse().ok()
    };
    if let Some(won) = t.strip_suffix('원') {
        let n = number(won.trim()).ok_or_else(bad)?;
        return Ok(Share::Amount(Won::new(
            i64::try_from(n).map_err(|_| bad())?,
        )));
    }
    if let Some(p) = t.strip_suffix('%') {
        let n = number(p.trim()).ok_or_else(bad)?;
        return Ok(Share::Percent(u32::try_from(n).map_err(|_| bad())?));
    }
    let n = number(t).ok_or_else(bad)?;
    Ok(Share::Ratio(u32::try_from(n).map_err(|_| bad())?))
}

/// A split, `OLD=NEW1:share,NEW2:share`: the previous year's OLD (or
/// several, `A,B=…`) divided among this year's lines by ratio (`60`,
/// `40%`) or by amount in won (`3_000_000원`; the amounts must add up to
/// the previous year's final budget of OLD).
///
/// # Errors
/// [`MappingError::Form`], [`MappingError::Code`],
/// [`MappingError::Share`], [`MappingError::MixedShares`],
/// [`MappingError::Percent`].
pub fn split(field: &str, text: &str, note: &str) -> Result<Typed, MappingError> {
    const FORM: &str = "이전코드=새코드:몫,새코드:몫 (OLD=NEW1:60,NEW2:40)";
    let (from, to) = sides(field, text, FORM)?;
    let from = from
        .split(',')
        .map(|c| code(field, c))
        .collect::<Result<Vec<_>, _>>()?;
    let mut lines = Vec::new();
    let mut shares = Vec::new();
    for part in to.split(',') {
        let (c, s) = part.split_once(':').ok_or_else(|| MappingError::Form {
            field: field.to_owned(),
            given: text.to_owned(),
            form: FORM,
        })?;
        lines.push(code(field, c)?);
        shares.push(share(field, s)?);
    }
    let split = if shares.iter().all(|s| matches!(s, Share::Amount(_))) {
        Split::Amounts(
            shares
                .iter()
                .filter_map(|s| match s {
                    Share::Amount(w) => Some(*w),
                    _ => None,
                })
                .collect(),
        )
    } else if shares.iter().all(|s| matches!(s, Share::Percent(_))) {
        let r: Vec<u32> = shares
            .iter()
            .filter_map(|s| match s {
                Share::Percent(p) => Some(*p),
                _ => None,
            })
            .collect();
        let total: u64 = r.iter().map(|&p| u64::from(p)).sum();
        if total != 100 {
            return Err(MappingError::Percent {
                field: format!("{field} {text}"),
                total,
            });
        }
        Split::Ratios(r)
    } else if shares.iter().all(|s| matches!(s, Share::Ratio(_))) {
        Split::Ratios(
            shares
                .iter()
                .filter_map(|s| match s {
                    Share::Ratio(p) => Some(*p),
                    _ => None,
                })
                .collect(),
        )
    } else {
        return Err(MappingError::MixedShares {
            field: format!("{field} {text}"),
        });
    };
    Ok(typed(
        field,
        text,
        LineMapping {
            from,
            to: lines,
            split: Some(split),
            note: note.to_owned(),
        },
    ))
}

/// The year's list after `request`, checked against both years through
/// the domain's prior rules. `existing` is the list recorded so far.
///
/// # Errors
/// [`MappingError::Nothing`] for an empty request;
/// [`MappingError::Refused`] with every refusal, each naming its field.
pub fn apply(
    current: &yesan_domain::Dataset,
    previous: &yesan_domain::Dataset,
    existing: &[LineMapping],
    request: &Request,
) -> Result<Vec<LineMapping>, MappingError> {
    if !request.clear && request.add.is_empty() {
        return Err(MappingError::Nothing);
    }
    let kept: &[LineMapping] = if request.clear { &[] } else { existing };
    let list: Vec<LineMapping> = kept
        .iter()
        .cloned()
        .chain(request.add.iter().map(|t| t.mapping.clone()))
        .collect();
    match prior::with_priors(current, previous, &list) {
        Ok(_) => Ok(list),
        Err(errors) => Err(MappingError::Refused(
            errors
                .into_iter()
                .map(|error| Refusal {
                    field: number_of(&error)
                        .and_then(|n| n.checked_sub(kept.len() + 1))
                        .and_then(|i| request.add.get(i))
                        .map(|t| t.field.clone()),
                    error,
                })
                .collect(),
        )),
    }
}

/// The 1-based position of the mapping an error is about.
fn number_of(e: &PriorError) -> Option<usize> {
    match e {
        PriorError::UnknownFrom { number, .. }
        | PriorError::UnknownTo { number, .. }
        | PriorError::Empty { number, .. }
        | PriorError::SplitWithoutShares { number, .. }
        | PriorError::SplitCount { number, .. }
        | PriorError::ZeroRatios { number }
        | PriorError::SplitAmounts { number, .. }
        | PriorError::MappedTwice { number, .. }
        | PriorError::KindMismatch { number, .. } => Some(*number),
        PriorError::TypedPrior { .. } | PriorError::NotPrevious { .. } => None,
    }
}

/// Records `request` for `year` of the store's institution: checks the
/// resulting list against `year` and the year before (nothing is written
/// when it does not fit), then replaces the stored list in one audited
/// transaction. Returns the list now recorded.
///
/// # Errors
/// [`Error::Mapping`] for a refused mapping; the store's
/// [`StoreError::YearClosed`] for a closed year; the store's.
pub async fn record(
    store: &Store,
    year: i32,
    request: &Request,
    actor: &str,
) -> Result<Vec<LineMapping>, Error> {
    let current = store
        .load_year(year)
        .await?
        .ok_or(MappingError::NoYear { year })?;
    if store.closed_years().await?.contains(&year) {
        return Err(StoreError::YearClosed {
            institution: store.institution_code().to_string(),
            year,
        }
        .into());
    }
    let previous = store
        .load_year(year - 1)
        .await?
        .ok_or(MappingError::NoPrevious {
            year,
            previous: year - 1,
        })?;
    let existing = store.mappings(year).await?;
    let list = apply(&current, &previous, &existing, request)?;
    store.set_mappings(year, &list, actor).await?;
    Ok(list)
}

/// The mappings recorded for `year` of the store's institution.
///
/// # Errors
/// The store's.
pub async fn list(store: &Store, year: i32) -> Result<Vec<LineMapping>, Error> {
    Ok(store.mappings(year).await?)
}

/// What kind of reorganization a mapping is, in Korean and English.
pub fn kind(m: &LineMapping) -> &'static str {
    match (m.from.len(), m.to.len()) {
        (1, 1) => "이름 바꿈 / rename",
        (_, 1) => "합침 / merge",
        _ => "나눔 / split",
    }
}

fn codes(list: &[LineCode]) -> String {
    list.iter()
        .map(LineCode::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}

fn shares(m: &LineMapping) -> String {
    match &m.split {
        None => String::new(),
        Some(Split::Ratios(r)) => r.iter().map(u32::to_string).collect::<Vec<_>>().join(" : "),
        Some(Split::Amounts(a)) => a
            .iter()
            .map(|w| format!("{}원", amount(w.get())))
            .collect::<Vec<_>>()
            .join(" / "),
    }
}

/// `year`'s mappings as a Markdown table (`yesan year mappings`).
pub fn markdown(year: i32, list: &[LineMapping]) -> String {
    let mut out = format!("# {year}년 과목 연결 / line mappings from {}\n\n", year - 1);
    if list.is_empty() {
        out.push_str(&format!(
            "기록된 과목 연결이 없습니다: 과목은 코드로 이어집니다 / none recorded: lines map by code from {}\n",
            year - 1
        ));
        return out;
    }
    out.push_str(
        "| 번호 No. | 종류 kind | 전년도 과목 from | 올해 과목 to | 나눔 shares | 비고 note |\n",
    );
    out.push_str("| ---: | --- | --- | --- | --- | --- |\n");
    for (i, m) in list.iter().enumerate() {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            i + 1,
            kind(m),
            codes(&m.from),
            codes(&m.to),
            shares(m),
            m.note.replace('|', "\\|")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(s: &str) -> LineCode {
        LineCode::parse(s).expect("code")
    }

    #[test]
    fn the_three_forms_parse() {
        let r = rename("--rename", "E1=E2", "명칭").expect("rename");
        assert_eq!(r.field, "--rename E1=E2");
        assert_eq!(
            r.mapping,
            LineMapping {
                from: vec![c("E1")],
                to: vec![c("E2")],
                split: None,
                note: "명칭".into()
            }
        );
        let m = merge("--merge", "E1, E2=E3", "").expect("merge");
        assert_eq!(m.mapping.from, [c("E1"), c("E2")]);
        let s = split("--split", "E1=E1:60,E2:40", "").expect("split");
        assert_eq!(s.mapping.split, Some(Split::Ratios(vec![60, 40])));
        let s = split("--split", "E1=E1:1_000원,E2:500원", "").expect("split");
        assert_eq!(
            s.mapping.split,
            Some(Split::Amounts(vec![Won::new(1_000), Won::new(500)]))
        );
        let s = split("--split", "E1=E1:70%,E2:30%", "").expect("split");
        assert_eq!(s.mapping.split, Some(Split::Ratios(vec![70, 30])));
    }

    #[test]
    fn mistakes_name_their_field() {
        let e = rename("--rename", "E1", "").expect_err("no =");
        assert!(e.to_string().starts_with("--rename 'E1': 형식은"), "{e}");
        let e = rename("--rename", "E1,E2=E3", "").expect_err("a merge");
        assert!(matches!(e, MappingError::Form { .. }), "{e}");
        let e = merge("--merge", "E1,=E3", "").expect_err("empty code");
        assert!(matches!(e, MappingError::Code { .. }), "{e}");
        let e = split("--split", "E1=E1:60,E2", "").expect_err("no share");
        assert!(matches!(e, MappingError::Form { .. }), "{e}");
        let e = split("--split", "E1=E1:60,E2:x", "").expect_err("bad share");
        assert!(e.to_string().contains("'x'"), "{e}");
        let e = split("--split", "E1=E1:60%,E2:30%", "").expect_err("90%");
        assert_eq!(
            e,
            MappingError::Percent {
                field: "--split E1=E1:60%,E2:30%".into(),
                total: 90
            }
        );
        assert!(e.to_string().contains("합이 90%"), "{e}");
        let e = split("--split", "E1=E1:60,E2:100원", "").expect_err("mixed");
        assert!(matches!(e, MappingError::MixedShares { .. }), "{e}");
    }

    #[test]
    fn a_refusal_names_the_field_and_the_unknown_code_and_year() {
        let f = yesan_dataset::default_institution().expect("default");
        let (d22, d23) = (f.year(2022).expect("2022"), f.year(2023).expect("2023"));
        let request = Request {
            clear: false,
            add: vec![rename("--rename", "E9=E3.2.3", "").expect("parses")],
        };
        let e = apply(d23, d22, &[], &request).expect_err("E9 is not in 2022");
        let text = e.to_string();
        assert!(
            text.starts_with("--rename E9=E3.2.3: 1번째 과목 연결의 전년도 과목 E9"),
            "{text}"
        );
        assert!(text.contains("2022년 예산에 없습니다"), "{text}");
        assert_eq!(
            apply(d23, d22, &[], &Request::default()),
            Err(MappingError::Nothing)
        );
        let ok = Request {
            clear: false,
            add: vec![rename("--rename", "E1=E2", "").expect("parses")],
        };
        assert_eq!(apply(d23, d22, &[], &ok).expect("fits").len(), 1);
    }
}
