//! The synthetic budget tree: 400 expenditure lines (or another number, for
//! the city benchmark's `--lines`) in three levels, 4 categories (인건비,
//! 경비, 사업비, 예비비) → 20 groups (5 each) → the leaves (for 400: 376,
//! 16 groups of 19 and 4 of 18; the first groups take one more when the
//! leaves do not divide by 20). Codes follow the default dataset's style:
//! `E3`, `E3.2`, `E3.2.7`.

/// Number of lines in the tree.
pub const LINES: usize = 400;
/// Number of top-level lines (categories).
pub const CATEGORIES: usize = 4;
/// Number of second-level lines (groups).
pub const GROUPS: usize = 20;
/// Number of leaves.
pub const LEAVES: usize = LINES - CATEGORIES - GROUPS;

/// The fewest lines a tree may have: every group with at least one leaf.
pub const MIN_LINES: usize = CATEGORIES + 2 * GROUPS;

const GROUPS_PER_CATEGORY: usize = GROUPS / CATEGORIES;
/// Leaves of group `g` out of `leaves`: as even as can be, the first
/// groups one more (376: 16 groups of 19 and 4 of 18).
const fn leaves_in_group(g: usize, leaves: usize) -> usize {
    leaves / GROUPS + if g < leaves % GROUPS { 1 } else { 0 }
}

/// The categories: code, dataset category, name, program-view name.
const CATEGORY_INFO: [(&str, &str, &str, Option<&str>); CATEGORIES] = [
    ("E1", "personnel", "인건비", Some("인력운영비")),
    ("E2", "operating", "경비", Some("기본경비")),
    ("E3", "program", "사업비", None),
    ("E4", "reserve", "예비비", None),
];

/// One budget line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// Line code, e.g. `E3.2.7`.
    pub code: String,
    /// Line name (Korean).
    pub name: String,
    /// Index of the parent line in [`BudgetTree::lines`].
    pub parent: Option<usize>,
    /// 1 (category), 2 (group) or 3 (leaf).
    pub level: u8,
    /// The dataset `category` of a top-level line.
    pub category: Option<&'static str>,
    /// The program-view name of a top-level line, when it has one.
    pub view_name: Option<&'static str>,
    /// The line's account path for journals: `E3:E3.2:E3.2.7`.
    pub path: String,
}

/// The whole tree, parents before children in display order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetTree {
    /// Every line, depth first.
    pub lines: Vec<Line>,
    /// Indexes of the leaves in [`BudgetTree::lines`], in tree order.
    pub leaves: Vec<usize>,
}

impl BudgetTree {
    /// Builds the 400-line tree.
    pub fn new() -> Self {
        Self::with_lines(LINES)
    }

    /// Builds a tree of `n` lines in all (at least [`MIN_LINES`]; fewer are
    /// taken as that many).
    pub fn with_lines(n: usize) -> Self {
        let n = n.max(MIN_LINES);
        let leaf_count = n - CATEGORIES - GROUPS;
        let mut lines = Vec::with_capacity(n);
        let mut leaves = Vec::with_capacity(leaf_count);
        let mut group_no = 0;
        for (code, category, name, view_name) in CATEGORY_INFO {
            let c = lines.len();
            lines.push(Line {
                code: code.to_owned(),
                name: name.to_owned(),
                parent: None,
                level: 1,
                category: Some(category),
                view_name,
                path: code.to_owned(),
            });
            for g in 1..=GROUPS_PER_CATEGORY {
                let gi = lines.len();
                let gcode = format!("{code}.{g}");
                lines.push(Line {
                    name: format!("{name} {g}군"),
                    path: format!("{code}:{gcode}"),
                    code: gcode.clone(),
                    parent: Some(c),
                    level: 2,
                    category: None,
                    view_name: None,
                });
                for k in 1..=leaves_in_group(group_no, leaf_count) {
                    let lcode = format!("{gcode}.{k}");
                    leaves.push(lines.len());
                    lines.push(Line {
                        name: format!("{name} {g}군 세부과목 {k}"),
                        path: format!("{code}:{gcode}:{lcode}"),
                        code: lcode,
                        parent: Some(gi),
                        level: 3,
                        category: None,
                        view_name: None,
                    });
                }
                group_no += 1;
            }
        }
        BudgetTree { lines, leaves }
    }

    /// The line of leaf number `leaf` (an index into [`BudgetTree::leaves`]).
    pub fn leaf(&self, leaf: usize) -> &Line {
        &self.lines[self.leaves[leaf]]
    }

    /// The ancestors of line `i`, nearest first.
    pub fn ancestors(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(self.lines[i].parent, |&p| self.lines[p].parent)
    }
}

impl Default for BudgetTree {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn four_hundred_lines_in_three_levels() {
        let t = BudgetTree::new();
        assert_eq!(t.lines.len(), 400);
        let count = |lvl| t.lines.iter().filter(|l| l.level == lvl).count();
        assert_eq!((count(1), count(2), count(3)), (4, 20, 376));
        assert_eq!(t.leaves.len(), 376);
        let codes: HashSet<_> = t.lines.iter().map(|l| l.code.as_str()).collect();
        assert_eq!(codes.len(), 400, "codes are unique");
        for (i, l) in t.lines.iter().enumerate() {
            match l.parent {
                None => assert_eq!(l.level, 1),
                Some(p) => {
                    assert!(p < i, "parents come first");
                    assert_eq!(t.lines[p].level + 1, l.level);
                    assert!(l.code.starts_with(&format!("{}.", t.lines[p].code)));
                }
            }
            assert_eq!(l.category.is_some(), l.level == 1);
            assert_eq!(t.ancestors(i).count(), usize::from(l.level) - 1);
            assert!(
                l.code.len() <= 32
                    && l.code
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'.')
            );
        }
        for &leaf in &t.leaves {
            assert_eq!(t.lines[leaf].level, 3);
            assert!(t.lines.iter().all(|l| l.parent != Some(leaf)));
        }
        assert_eq!(BudgetTree::with_lines(400), t);
    }

    #[test]
    fn other_sizes() {
        for n in [MIN_LINES, 100, 401, 1000] {
            let t = BudgetTree::with_lines(n);
            assert_eq!(t.lines.len(), n);
            assert_eq!(t.leaves.len(), n - CATEGORIES - GROUPS);
            assert!(t.lines.iter().all(|l| {
                l.level != 2
                    || t.lines
                        .iter()
                        .any(|c| c.level == 3 && c.code.starts_with(&format!("{}.", l.code)))
            }));
        }
        assert_eq!(BudgetTree::with_lines(3).lines.len(), MIN_LINES);
    }
}
