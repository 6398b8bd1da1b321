//! The draft grid's form as posted, and back: the fields `l{i}.code`,
//! `l{i}.amount`, `l{i}.econ` (편성목·통계목, an expenditure leaf's) and `l{i}.k{j}.{group,desc,price,factors,del}` read into
//! the app's [`ProposalEdit`], remembering which field each sent item came
//! from, so that a problem the app names by line and item number (1-based,
//! among the items sent) is shown beside its own input. The same reader
//! serves the form saved without a script and the live preview the script
//! posts, so both see one edit.

use serde::Serialize;
use std::collections::HashMap;
use yesan_app::proposal::{EditItem, EditLine, EditProblem, ProposalEdit};
use yesan_domain::proposal::edit::{Field, Issue};

/// One item row as typed.
#[derive(Debug, Default, Clone, Serialize)]
pub struct PostedItem {
    /// Its `j` in `l{i}.k{j}`.
    pub key: usize,
    /// 구분.
    pub group: String,
    /// 산출내역.
    pub desc: String,
    /// 단가, as typed.
    pub price: String,
    /// 수량·횟수, as typed.
    pub factors: String,
    /// Its 삭제 box ticked.
    pub removed: bool,
}

impl PostedItem {
    /// Nothing typed: the spare row every line ends with.
    fn is_blank(&self) -> bool {
        [&self.group, &self.desc, &self.price, &self.factors]
            .iter()
            .all(|s| s.trim().is_empty())
    }

    /// `l{i}.k{j}`: what its inputs' names start with.
    pub fn prefix(&self, line: usize) -> String {
        format!("l{line}.k{}", self.key)
    }
}

/// One line as typed.
#[derive(Debug, Default, Clone, Serialize)]
pub struct PostedLine {
    /// The line's code.
    pub code: String,
    /// The typed amount in won (lines without items).
    pub amount: String,
    /// Its item rows, in the page's order.
    pub items: Vec<PostedItem>,
    /// Its 편성목·통계목 as typed; none when the form had no such input
    /// (a revenue line), which keeps the line's code.
    pub economic: Option<String>,
}

/// The whole grid as typed, and the version's note.
#[derive(Debug, Default, Clone, Serialize)]
pub struct PostedGrid {
    /// The version's note.
    pub note: String,
    /// By `i`.
    pub lines: Vec<PostedLine>,
}

/// Rows and items above these are not the grid's (a few hundred lines, a
/// few dozen items each).
const MAX_LINES: usize = 5_000;
const MAX_ITEMS: usize = 500;

impl PostedGrid {
    /// Reads the posted pairs; unknown names are ignored.
    pub fn from_pairs(pairs: &[(String, String)]) -> PostedGrid {
        let mut g = PostedGrid::default();
        for (k, v) in pairs {
            if k == "note" {
                g.note.clone_from(v);
                continue;
            }
            let Some((line, field)) = k.strip_prefix('l').and_then(|r| r.split_once('.')) else {
                continue;
            };
            let Some(i) = line.parse::<usize>().ok().filter(|i| *i < MAX_LINES) else {
                continue;
            };
            if g.lines.len() <= i {
                g.lines.resize_with(i + 1, PostedLine::default);
            }
            let l = &mut g.lines[i];
            match field {
                "code" => l.code = v.trim().to_owned(),
                "amount" => l.amount.clone_from(v),
                "econ" => l.economic = Some(v.trim().to_owned()),
                _ => {
                    let Some((item, name)) =
                        field.strip_prefix('k').and_then(|r| r.split_once('.'))
                    else {
                        continue;
                    };
                    let Some(j) = item.parse::<usize>().ok().filter(|j| *j < MAX_ITEMS) else {
                        continue;
                    };
                    let pos = match l.items.iter().position(|it| it.key == j) {
                        Some(p) => p,
                        None => {
                            l.items.push(PostedItem {
                                key: j,
                                ..PostedItem::default()
                            });
                            l.items.len() - 1
                        }
                    };
                    let it = &mut l.items[pos];
                    match name {
                        "group" => it.group.clone_from(v),
                        "desc" => it.desc.clone_from(v),
                        "price" => it.price.clone_from(v),
                        "factors" => it.factors.clone_from(v),
                        "del" => it.removed = !v.is_empty(),
                        _ => {}
                    }
                }
            }
        }
        // Items in the order of their keys: the page's order.
        for l in &mut g.lines {
            l.items.sort_by_key(|it| it.key);
        }
        g
    }

    /// The edit the app reads, where each sent item came from, and the
    /// typed amounts that are no amount (read by the domain's rule for a
    /// won amount typed in a cell, the unit price's).
    pub fn edit(&self) -> (ProposalEdit, Sent, Vec<EditProblem>) {
        let mut sent = Sent::default();
        let mut problems = Vec::new();
        let lines = self
            .lines
            .iter()
            .enumerate()
            .filter(|(_, l)| !l.code.is_empty())
            .map(|(i, l)| {
                let kept: Vec<&PostedItem> = l
                    .items
                    .iter()
                    .filter(|it| !it.removed && !it.is_blank())
                    .collect();
                sent.lines.insert(
                    l.code.clone(),
                    (i, kept.iter().map(|it| it.prefix(i)).collect()),
                );
                let items = kept
                    .iter()
                    .map(|it| EditItem {
                        group: Some(it.group.trim().to_owned()).filter(|g| !g.is_empty()),
                        description: it.desc.trim().to_owned(),
                        unit_price: it.price.trim().to_owned(),
                        factors: it.factors.trim().to_owned(),
                    })
                    .collect::<Vec<_>>();
                let typed = l.amount.trim();
                let amount = if items.is_empty() && !typed.is_empty() {
                    match yesan_domain::basis::parse_price(typed) {
                        Ok(w) => Some(w.get()),
                        Err(error) => {
                            problems.push(EditProblem {
                                line: l.code.clone(),
                                item: None,
                                field: Field::Amount,
                                issue: Issue::Basis { error },
                            });
                            None
                        }
                    }
                } else {
                    None
                };
                EditLine {
                    economic: l.economic.clone(),
                    code: l.code.clone(),
                    amount,
                    items,
                }
            })
            .collect();
        (ProposalEdit { lines }, sent, problems)
    }

    /// The line of `code` as typed, if the form had it.
    pub fn line(&self, code: &str) -> Option<(usize, &PostedLine)> {
        self.lines.iter().enumerate().find(|(_, l)| l.code == code)
    }
}

/// Where each sent item came from: by line code, the line's `i` and its
/// kept items' field prefixes in the order sent.
#[derive(Debug, Default)]
pub struct Sent {
    lines: HashMap<String, (usize, Vec<String>)>,
}

impl Sent {
    /// The input a problem of line `code`, item `item` (1-based among the
    /// sent items, `None` for the line itself) and field `field` belongs
    /// to.
    pub fn field(&self, code: &str, item: Option<usize>, field: Field) -> Option<String> {
        let (i, items) = self.lines.get(code)?;
        let name = match field {
            Field::Group => "group",
            Field::Description => "desc",
            Field::UnitPrice => "price",
            Field::Factors => "factors",
            Field::Line | Field::Amount | Field::Economic => "",
        };
        if field == Field::Economic {
            return Some(format!("l{i}.econ"));
        }
        match item {
            Some(n) => {
                let prefix = items.get(n.checked_sub(1)?)?;
                Some(if name.is_empty() {
                    prefix.clone()
                } else {
                    format!("{prefix}.{name}")
                })
            }
            None => Some(format!("l{i}.amount")),
        }
    }

    /// The product cell's id of every sent item of `code`, in order.
    pub fn items(&self, code: &str) -> &[String] {
        self.lines.get(code).map_or(&[], |(_, v)| v.as_slice())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn blank_and_removed_items_are_not_sent_and_problems_find_their_field() {
        let g = PostedGrid::from_pairs(&pairs(&[
            ("note", "단가 조정"),
            ("l0.code", "E1"),
            ("l0.amount", "1,000,000"),
            ("l1.code", "E3.2.3"),
            ("l1.k0.desc", "강사료"),
            ("l1.k0.price", "50,000"),
            ("l1.k0.factors", "20명 × 10회"),
            ("l1.k1.desc", "교재"),
            ("l1.k1.price", "1,000"),
            ("l1.k1.factors", "3개"),
            ("l1.k1.del", "1"),
            ("l1.k2.desc", ""),
            ("l1.k3.desc", "차량"),
            ("l1.k3.price", "x"),
            ("l1.k3.factors", "1식"),
            ("l1.amount", "9"),
            ("l1.econ", " 307-05 "),
        ]));
        assert_eq!(g.note, "단가 조정");
        let (edit, sent, problems) = g.edit();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(edit.lines.len(), 2);
        assert_eq!(edit.lines[0].items.len(), 0);
        assert_eq!(edit.lines[0].amount, Some(1_000_000));
        // k1 removed, k2 blank: two items sent, and no typed amount.
        assert_eq!(edit.lines[1].items.len(), 2);
        assert_eq!(edit.lines[1].amount, None);
        assert_eq!(edit.lines[1].items[1].description, "차량");
        // The app's item 2 of E3.2.3 is the row k3.
        assert_eq!(
            sent.field("E3.2.3", Some(2), Field::UnitPrice).as_deref(),
            Some("l1.k3.price")
        );
        assert_eq!(
            sent.field("E1", None, Field::Amount).as_deref(),
            Some("l0.amount")
        );
        assert_eq!(sent.field("E3.2.3", Some(3), Field::Factors), None);
        assert_eq!(sent.items("E3.2.3"), ["l1.k0", "l1.k3"]);
        // A posted code is sent trimmed; a line without the input keeps its
        // code (none sent); its problem is the input's.
        assert_eq!(edit.lines[1].economic.as_deref(), Some("307-05"));
        assert_eq!(edit.lines[0].economic, None);
        assert_eq!(
            sent.field("E3.2.3", None, Field::Economic).as_deref(),
            Some("l1.econ")
        );
    }

    #[test]
    fn a_typed_amount_that_is_no_amount_is_a_problem_of_its_line() {
        let g = PostedGrid::from_pairs(&pairs(&[("l0.code", "E1"), ("l0.amount", "백만")]));
        let (edit, _, problems) = g.edit();
        assert_eq!(edit.lines[0].amount, None);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, "E1");
        assert_eq!(problems[0].field, Field::Amount);
    }
}
