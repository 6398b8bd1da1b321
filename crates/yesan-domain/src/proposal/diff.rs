//! The difference between two versions of a draft: the lines whose amount
//! changed (with both amounts) and, line by line, the 산출기초 items added,
//! removed or changed, compared by position (the grid's rows), and a
//! changed 편성목·통계목.

use super::content::Content;
use super::view::ItemRow;
use crate::basis::BasisItem;
use crate::code::LineCode;
use serde::Serialize;

/// What happened to one item between two versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ItemChange {
    /// Only in the later version.
    Added {
        /// 1-based position.
        item: usize,
        /// The item, as written (`강사료 50,000원 × 20명 × 10회`).
        to: String,
    },
    /// Only in the earlier version.
    Removed {
        /// 1-based position.
        item: usize,
        /// The item as it was.
        from: String,
    },
    /// In both, different.
    Changed {
        /// 1-based position.
        item: usize,
        /// As it was.
        from: String,
        /// As it is.
        to: String,
    },
}

/// One line that differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineDiff {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// The amount in the earlier version (none: the line was not there).
    pub from: Option<i64>,
    /// The amount in the later one.
    pub to: Option<i64>,
    /// Its items' changes.
    pub items: Vec<ItemChange>,
    /// Its 편성목·통계목 when that changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub economic: Option<EconomicChange>,
}

/// A changed 편성목·통계목 (blank: none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EconomicChange {
    /// As it was (`201-01`).
    pub from: String,
    /// As it is.
    pub to: String,
}

/// The difference between two versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionDiff {
    /// The earlier version.
    pub from: u32,
    /// The later version.
    pub to: u32,
    /// The lines that differ, in the later version's order (lines only in
    /// the earlier one after them).
    pub lines: Vec<LineDiff>,
}

fn shown(i: &BasisItem) -> String {
    match i.group() {
        Some(g) => format!("[{g}] {i}"),
        None => i.to_string(),
    }
}

fn items_changed(a: &[BasisItem], b: &[BasisItem]) -> Vec<ItemChange> {
    let mut out = Vec::new();
    for k in 0..a.len().max(b.len()) {
        let item = k + 1;
        match (a.get(k), b.get(k)) {
            (Some(x), Some(y)) if x != y => out.push(ItemChange::Changed {
                item,
                from: shown(x),
                to: shown(y),
            }),
            (Some(x), None) => out.push(ItemChange::Removed {
                item,
                from: shown(x),
            }),
            (None, Some(y)) => out.push(ItemChange::Added { item, to: shown(y) }),
            _ => {}
        }
    }
    out
}

/// The lines of `a` and `b` (versions `from` and `to`) that differ.
pub fn diff(from: u32, a: &Content, to: u32, b: &Content) -> VersionDiff {
    let none: Vec<BasisItem> = Vec::new();
    let items = |c: &Content, code: &LineCode| c.items().get(code).unwrap_or(&none).clone();
    let mut lines = Vec::new();
    let ba = a.budget();
    let bb = b.budget();
    for l in bb.lines() {
        let was = ba.line(&l.code).map(|_| a.amount(&l.code).get());
        let now = b.amount(&l.code).get();
        let changes = items_changed(&items(a, &l.code), &items(b, &l.code));
        let shown = |e: Option<crate::economic::EconomicCode>| e.map(|e| e.to_string());
        let before = ba.line(&l.code).and_then(|x| shown(x.economic));
        let economic =
            (ba.line(&l.code).is_some() && before != shown(l.economic)).then(|| EconomicChange {
                from: before.unwrap_or_default(),
                to: shown(l.economic).unwrap_or_default(),
            });
        if was != Some(now) || !changes.is_empty() || economic.is_some() {
            lines.push(LineDiff {
                code: l.code.to_string(),
                name: l.name.clone(),
                from: was,
                to: Some(now),
                items: changes,
                economic,
            });
        }
    }
    for l in ba.lines().iter().filter(|l| bb.line(&l.code).is_none()) {
        lines.push(LineDiff {
            code: l.code.to_string(),
            name: l.name.clone(),
            from: Some(a.amount(&l.code).get()),
            to: None,
            items: items_changed(&items(a, &l.code), &[]),
            economic: None,
        });
    }
    VersionDiff { from, to, lines }
}

/// An item as a grid row shows it (for a diff's reader that wants the
/// columns): kept here so the view and the diff read items one way.
pub fn item_row(i: &BasisItem) -> ItemRow {
    let a = i.amount().ok();
    ItemRow {
        group: i.group().map(str::to_owned),
        description: i.description().to_owned(),
        unit_price: i.unit_price().get(),
        factors: i
            .factors()
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(" × "),
        formula: i.formula(),
        amount: a.map_or(0, |a| a.won.get()),
        fraction: a.filter(|a| a.has_fraction()).map(|a| a.exact_text()),
    }
}
