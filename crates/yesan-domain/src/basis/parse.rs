//! 산출기초 as text, the way 예산서 and local-finance exports write it:
//!
//! - `48,000원*42개*95%`, `50,000원 × 20명 × 10회`, `50,000원 x 20명 x 10회`
//!   (`*`, `×`, `✕`, and `x`/`X` between a number or unit and a number);
//! - a description before the price: `강사료 50,000원 × 20명 × 10회`,
//!   `강사료: 50000 × 20명`; list markers (`○`, `ㅇ`, `-`, `◎` …) dropped;
//! - the price with or without `원` (also `천원`, `만원`), thousands
//!   separators, decimals and percentages in factors (`1.5개월`, `11.75%`);
//! - an optional `= 1,915,200원` after the formula, checked against it;
//! - in [`split_name`], a 사업명 with the formula in parentheses at the end:
//!   `기록관 환경정비(40,000원*29개*6회)`;
//! - in [`parse_items`], several items, one per line, under group headings
//!   written `[운영비]`, `<운영비>` or `【운영비】`.
//!
//! Every refusal is a [`BasisError`] naming the part that failed (which
//! term, as written).

use super::error::BasisError;
use super::item::{BasisItem, Factor, FactorUnit};
use crate::decimal::{Decimal, DecimalError};
use crate::money::{MoneyUnit, Won};

/// The most characters in one item's text.
pub const MAX_TEXT: usize = 500;

/// An amount written after `=` in an item's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stated {
    /// The number as written (1,915 in `= 1,915천원`).
    pub value: i64,
    /// Its unit, when written; a bare number takes the unit of the table
    /// it sits in, which only the caller knows.
    pub unit: Option<MoneyUnit>,
}

/// One item read from text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedItem {
    /// The item.
    pub item: BasisItem,
    /// The amount written after `=`, if any. With a unit it has been
    /// checked against the product already; a bare number is the caller's
    /// to check.
    pub stated: Option<Stated>,
}

fn is_sign(c: char) -> bool {
    matches!(c, '*' | '×' | '✕' | '⨯' | '✖')
}

/// Byte ranges of the multiplication signs in `s`. `x`/`X` counts only
/// between a number or unit and a number (`50,000원 x 20명`, `48000x42`),
/// so that `Box` or `PC(x86)` stay words.
fn signs(s: &str) -> Vec<(usize, usize)> {
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut out = Vec::new();
    for (k, &(at, c)) in chars.iter().enumerate() {
        let len = c.len_utf8();
        if is_sign(c) {
            out.push((at, at + len));
        } else if c == 'x' || c == 'X' {
            let prev = chars[..k]
                .iter()
                .rev()
                .map(|p| p.1)
                .find(|p| !p.is_whitespace());
            let next = chars[k + 1..]
                .iter()
                .map(|p| p.1)
                .find(|p| !p.is_whitespace());
            let prev_ok = prev.is_some_and(|p| !p.is_ascii_alphabetic() && !is_sign(p));
            if prev_ok && next.is_some_and(|n| n.is_ascii_digit()) {
                out.push((at, at + len));
            }
        }
    }
    out
}

/// Whether `s` reads as a formula: a digit and a multiplication sign.
pub fn looks_like_formula(s: &str) -> bool {
    s.chars().any(|c| c.is_ascii_digit()) && !signs(s).is_empty()
}

/// A 사업명 and the formula in parentheses at its end, when the
/// parentheses hold one: `기록관 환경정비(40,000원*29개*6회)` gives
/// `("기록관 환경정비", Some("40,000원*29개*6회"))`; `증강현실(AR) 서비스`
/// and `행사(2차)` are names with no formula.
pub fn split_name(text: &str) -> (&str, Option<&str>) {
    let t = text.trim();
    let Some(body) = t.strip_suffix(')').or_else(|| t.strip_suffix('）')) else {
        return (t, None);
    };
    let mut depth = 0_usize;
    for (at, c) in body.char_indices().rev() {
        match c {
            ')' | '）' => depth += 1,
            '(' | '（' if depth > 0 => depth -= 1,
            '(' | '（' => {
                let inner = &body[at + c.len_utf8()..];
                return if looks_like_formula(inner) {
                    (body[..at].trim_end(), Some(inner.trim()))
                } else {
                    (t, None)
                };
            }
            _ => {}
        }
    }
    (t, None)
}

/// Drops a list marker at the start of an item (`○`, `ㅇ `, `- `, `◎` …).
fn unmarked(s: &str) -> &str {
    let s = s.trim_start();
    for m in ['○', '◎', '⊙', '•', '▪', '◦', '·', 'ｏ', '∙'] {
        if let Some(rest) = s.strip_prefix(m) {
            return rest.trim_start();
        }
    }
    for m in ["ㅇ ", "- ", "o ", "* "] {
        if let Some(rest) = s.strip_prefix(m) {
            return rest.trim_start();
        }
    }
    s
}

/// Splits `term` into a leading number (digits, `,`, `.`, a sign) and
/// the rest.
fn number_then_rest(term: &str) -> (&str, &str) {
    let t = term.trim();
    let mut end = 0;
    for (at, c) in t.char_indices() {
        let sign = at == 0 && matches!(c, '-' | '△');
        if c.is_ascii_digit() || matches!(c, ',' | '.') || sign {
            end = at + c.len_utf8();
        } else {
            break;
        }
    }
    (&t[..end], t[end..].trim())
}

/// The money unit written after a number, and what it multiplies by.
fn money_suffix(rest: &str) -> Option<i64> {
    match rest.trim() {
        "" | "원" => Some(1),
        "천원" => Some(1_000),
        "만원" => Some(10_000),
        _ => None,
    }
}

/// A whole number of won written as `48,000`, `48,000원`, `5천원`.
fn won_amount(number: &str, rest: &str, part: &str) -> Result<Won, BasisError> {
    let bad = |reason| BasisError::BadPrice {
        part: crate::text::quoted(part.trim()),
        reason,
    };
    let factor = money_suffix(rest).ok_or_else(|| bad(None))?;
    let d = Decimal::parse(number).map_err(|e| bad(Some(e)))?;
    if !d.is_whole() {
        return Err(bad(None));
    }
    d.units().checked_mul(factor).map(Won::new).ok_or_else(|| {
        bad(Some(DecimalError::TooLarge {
            text: crate::text::quoted(number),
        }))
    })
}

/// The description and the price at the end of the formula's first term
/// (`강사료 50,000원` → `강사료`, 50,000원).
fn description_and_price(first: &str, whole: &str) -> Result<(String, Won), BasisError> {
    let t = first.trim();
    let unit = ["천원", "만원", "원"]
        .into_iter()
        .find(|u| t.ends_with(u))
        .unwrap_or("");
    let before_unit = t[..t.len() - unit.len()].trim_end();
    // The price is the last run of digits, with its separators.
    let start = before_unit
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_digit() || matches!(c, ',' | '.'))
        .last()
        .map_or(before_unit.len(), |(at, _)| at);
    let number = &before_unit[start..];
    if !number.chars().any(|c| c.is_ascii_digit()) {
        return Err(BasisError::NoPrice {
            text: crate::text::quoted(whole.trim()),
        });
    }
    let price = won_amount(number, unit, &t[start..])?;
    let mut head = &before_unit[..start];
    // A '-' or '△' right before the digits, at a word's start, is a sign.
    if let Some(rest) = head.strip_suffix(['-', '△'])
        && rest.chars().next_back().is_none_or(char::is_whitespace)
    {
        return Err(BasisError::NegativePrice { price: -price });
    }
    head = head.trim_end().trim_end_matches([':', '：']).trim_end();
    Ok((head.to_owned(), price))
}

fn factor(term: &str, position: usize) -> Result<Factor, BasisError> {
    let part = || crate::text::quoted(term.trim());
    if term.trim().is_empty() {
        return Err(BasisError::EmptyTerm { position });
    }
    let (number, unit) = number_then_rest(term);
    let value = Decimal::parse(number).map_err(|reason| BasisError::BadFactor {
        position,
        part: part(),
        reason: match reason {
            DecimalError::Empty => DecimalError::NotANumber { text: part() },
            other => other,
        },
    })?;
    Factor::new(value, FactorUnit::parse(unit, position)?, position)
}

fn stated(text: &str) -> Result<Stated, BasisError> {
    let bad = || BasisError::BadStated {
        part: crate::text::quoted(text.trim()),
    };
    let (number, rest) = number_then_rest(text);
    let unit = match rest {
        "" => None,
        "원" => Some(MoneyUnit::Won),
        "천원" => Some(MoneyUnit::Thousand),
        _ => return Err(bad()),
    };
    let d = Decimal::parse(number).map_err(|_| bad())?;
    if !d.is_whole() {
        return Err(bad());
    }
    Ok(Stated {
        value: d.units(),
        unit,
    })
}

/// A unit price typed alone in a grid cell: `50,000`, `50,000원`,
/// `5천원` (a whole number of won, zero or more).
///
/// # Errors
/// [`BasisError::NoPrice`] for an empty cell, [`BasisError::BadPrice`] or
/// [`BasisError::NegativePrice`] for one that is no amount.
pub fn parse_price(text: &str) -> Result<Won, BasisError> {
    let t = text.trim();
    let (number, rest) = number_then_rest(t);
    if !number.chars().any(|c| c.is_ascii_digit()) {
        return Err(BasisError::NoPrice {
            text: crate::text::quoted(t),
        });
    }
    if let Some(digits) = number.strip_prefix(['-', '△']) {
        let price = won_amount(digits, rest, t)?;
        return Err(BasisError::NegativePrice { price: -price });
    }
    won_amount(number, rest, t)
}

/// The factors typed alone in a grid cell, after the unit price:
/// `20명 × 10회`, `42개*95%`, `3` (terms numbered from 2, the price
/// being term 1, as in a whole formula).
///
/// # Errors
/// The first term that is no factor ([`BasisError::EmptyTerm`],
/// [`BasisError::BadFactor`], [`BasisError::BadUnit`] …).
pub fn parse_factors(text: &str) -> Result<Vec<Factor>, BasisError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(BasisError::EmptyTerm { position: 2 });
    }
    // A leading number then a sign (`20명 x 10회`) is what `signs` reads;
    // prefixing a price keeps its rule for `x` between numbers.
    let formula = format!("1 × {t}");
    let cuts = signs(&formula);
    let mut terms = Vec::with_capacity(cuts.len());
    let mut from = cuts.first().map_or(formula.len(), |c| c.1);
    for (s, e) in cuts.iter().skip(1) {
        terms.push(&formula[from..*s]);
        from = *e;
    }
    terms.push(&formula[from..]);
    terms
        .iter()
        .enumerate()
        .map(|(i, term)| factor(term, i + 2))
        .collect()
}

/// Reads one item (`강사료 50,000원 × 20명 × 10회 = 10,000,000원`) under
/// `group`. An amount after `=` with its unit must agree with the product
/// (in 천원, either 천원 next to the product).
pub fn parse_item(text: &str, group: Option<&str>) -> Result<ParsedItem, BasisError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(BasisError::Empty);
    }
    if t.chars().count() > MAX_TEXT {
        return Err(BasisError::TooLong { max: MAX_TEXT });
    }
    if t.chars().any(char::is_control) {
        return Err(BasisError::ControlCharacter {
            text: crate::text::quoted(t),
        });
    }
    let t = unmarked(t);
    // A whole item in parentheses after its name reads like the name form.
    let (name, inner) = split_name(t);
    let (prefix, formula) = match inner {
        Some(f) => (name, f),
        None => ("", t),
    };
    if formula.matches(['(', '（']).count() > formula.matches([')', '）']).count() {
        return Err(BasisError::UnclosedParenthesis {
            text: crate::text::quoted(t),
        });
    }
    let (formula, after) = match formula.split_once(['=', '＝']) {
        Some((f, a)) => (f, Some(a)),
        None => (formula, None),
    };
    let cuts = signs(formula);
    let mut terms = Vec::with_capacity(cuts.len() + 1);
    let mut from = 0;
    for (s, e) in &cuts {
        terms.push(&formula[from..*s]);
        from = *e;
    }
    terms.push(&formula[from..]);
    let (description, price) = description_and_price(terms[0], formula)?;
    let description = match (prefix.is_empty(), description.is_empty()) {
        (false, true) => prefix.to_owned(),
        (false, false) => format!("{prefix} {description}"),
        (true, _) => description,
    };
    if terms.len() == 1 {
        return Err(BasisError::NoFactor {
            text: crate::text::quoted(t),
        });
    }
    let factors = terms[1..]
        .iter()
        .enumerate()
        .map(|(i, term)| factor(term, i + 2))
        .collect::<Result<Vec<_>, _>>()?;
    let item = BasisItem::new(group, &description, price, factors)?;
    let stated = after.map(stated).transpose()?;
    if let Some(Stated {
        value,
        unit: Some(unit),
    }) = stated
    {
        let computed = item.amount()?.won;
        let stated_won = Won::from_unit(value, unit).map_err(|_| BasisError::BadStated {
            part: crate::text::quoted(after.unwrap_or_default().trim()),
        })?;
        let agrees = match unit {
            MoneyUnit::Won => stated_won == computed,
            MoneyUnit::Thousand => (stated_won - computed).get().abs() < 1_000,
        };
        if !agrees {
            return Err(BasisError::StatedDiffers {
                stated: stated_won,
                computed,
            });
        }
    }
    Ok(ParsedItem { item, stated })
}

/// A group heading line: `[운영비]`, `<운영비>`, `【운영비】`, `[ 일 반 수 용 비 ]`.
fn heading(line: &str) -> Option<String> {
    let t = line.trim();
    let inner = [
        ('[', ']'),
        ('<', '>'),
        ('【', '】'),
        ('〈', '〉'),
        ('《', '》'),
    ]
    .iter()
    .find_map(|(o, c)| t.strip_prefix(*o)?.strip_suffix(*c))?;
    let inner = inner.trim();
    // 예산서 space headings out letter by letter (`일 반 수 용 비`); a
    // heading of single letters is joined again.
    let words: Vec<&str> = inner.split_whitespace().collect();
    let joined = if words.len() > 1 && words.iter().all(|w| w.chars().count() == 1) {
        words.concat()
    } else {
        words.join(" ")
    };
    (!joined.is_empty()).then_some(joined)
}

/// Reads several items, one per line, each under the last group heading
/// above it. All or nothing: every bad line is returned with its 1-based
/// line number in `text`.
pub fn parse_items(text: &str) -> Result<Vec<ParsedItem>, Vec<(usize, BasisError)>> {
    let mut group: Option<String> = None;
    let mut items = Vec::new();
    let mut errors = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        if let Some(h) = heading(line) {
            group = Some(h);
            continue;
        }
        match parse_item(line, group.as_deref()) {
            Ok(item) => items.push(item),
            Err(e) => errors.push((i + 1, e)),
        }
    }
    match (errors.is_empty(), items.is_empty()) {
        (true, false) => Ok(items),
        (true, true) => Err(vec![(1, BasisError::Empty)]),
        (false, _) => Err(errors),
    }
}

#[cfg(test)]
#[path = "parse_tests.rs"]
mod tests;
