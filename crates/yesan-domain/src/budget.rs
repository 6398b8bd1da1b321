//! The budget of one fiscal year: revenue and expenditure lines in two trees,
//! each line with this year's amount (예산현액) and the prior year's final
//! budget. Only leaves carry recorded amounts; every parent figure, change
//! amount and change rate is computed here.

use crate::code::LineCode;
use crate::economic::{Classification, EconomicCode};
use crate::finding::{Finding, Locator, Problem};
use crate::format;
use crate::money::{MoneyUnit, Won};
pub use crate::provenance::PriorSource;
use crate::rate::Change;
use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};

/// Revenue (세입) or expenditure (세출).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    /// 세입.
    Revenue,
    /// 세출.
    Expenditure,
}

impl LineKind {
    /// `revenue` / `expenditure`, as in files.
    pub fn as_str(self) -> &'static str {
        match self {
            LineKind::Revenue => "revenue",
            LineKind::Expenditure => "expenditure",
        }
    }

    /// Parses `revenue`/`세입` or `expenditure`/`세출`.
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim() {
            "revenue" | "세입" => Some(LineKind::Revenue),
            "expenditure" | "세출" => Some(LineKind::Expenditure),
            _ => None,
        }
    }
}

/// The category of a top-level expenditure line, which decides where it
/// appears in the report's views.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// 인건비 (shown as 인력운영비 under 행정운영경비).
    Personnel,
    /// 경비 (shown as 기본경비 under 행정운영경비).
    Operating,
    /// 사업비: program groups and their projects.
    Program,
    /// 예비비.
    Reserve,
}

impl Category {
    /// As written in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Personnel => "personnel",
            Category::Operating => "operating",
            Category::Program => "program",
            Category::Reserve => "reserve",
        }
    }

    /// Parses the file spelling.
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim() {
            "personnel" => Some(Category::Personnel),
            "operating" => Some(Category::Operating),
            "program" => Some(Category::Program),
            "reserve" => Some(Category::Reserve),
            _ => None,
        }
    }
}

/// One budget line as recorded. `amount` and `prior` on a parent are stated
/// totals: checked against the children, never used when they can be
/// computed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BudgetLine {
    /// The line's code.
    pub code: LineCode,
    /// Revenue or expenditure.
    pub kind: LineKind,
    /// Category of a top-level expenditure line.
    pub category: Option<Category>,
    /// The line's name (과목명).
    pub name: String,
    /// The parent line.
    pub parent: Option<LineCode>,
    /// 예산현액 as recorded (required on leaves).
    pub amount: Option<Won>,
    /// The prior year's final budget as recorded.
    pub prior: Option<Won>,
    /// The name in the program view, e.g. 인건비 → 인력운영비.
    pub view_name: Option<String>,
    /// The line's economic classification (편성목 `201` or 통계목
    /// `201-01`), expenditure lines only, a code of the standard table.
    pub economic: Option<EconomicCode>,
}

/// A validated budget: a forest of lines with every total computed.
#[derive(Debug, Clone, Eq)]
pub struct Budget {
    fiscal_year: i32,
    prior_label: String,
    // The tree is shared between a budget and the ones made from it by
    // amounts alone (`Clone`: an amended budget on a date, a snapshot's
    // copy), so that a copy costs three reference counts, not hundreds of
    // lines; only the amounts are a budget's own.
    lines: std::sync::Arc<Vec<BudgetLine>>,
    index: std::sync::Arc<HashMap<LineCode, usize>>,
    children: std::sync::Arc<Vec<Vec<usize>>>,
    amount: Vec<Won>,
    prior: Vec<Option<Won>>,
    prior_source: PriorSource,
}

/// Equal lines and figures; where the priors came from is provenance, not
/// content, so a budget read back from a store that keeps the figures
/// equals the one written.
impl PartialEq for Budget {
    fn eq(&self, o: &Budget) -> bool {
        (
            self.fiscal_year,
            &self.prior_label,
            &*self.lines,
            &self.amount,
            &self.prior,
        ) == (
            o.fiscal_year,
            &o.prior_label,
            &*o.lines,
            &o.amount,
            &o.prior,
        )
    }
}

/// The figures of one line: this year, the prior year, and the change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LineFigures {
    /// 예산현액.
    pub amount: Won,
    /// Prior year's final budget, when known.
    pub prior: Option<Won>,
}

impl LineFigures {
    /// 증감: the change from the prior year, when the prior is known.
    pub fn change(&self) -> Option<Change> {
        self.prior.map(|p| Change::between(self.amount, p))
    }
}

fn thousands(w: Won) -> String {
    format!(
        "{}{}",
        format::amount(w.in_unit(MoneyUnit::Thousand)),
        MoneyUnit::Thousand
    )
}

fn exact(w: Won) -> String {
    if w.get() % 1000 == 0 {
        thousands(w)
    } else {
        w.to_string()
    }
}

impl Budget {
    /// Validates `lines` and computes every total. Lines must be listed
    /// parents first. All problems are returned together.
    pub fn new(
        fiscal_year: i32,
        prior_label: String,
        lines: Vec<BudgetLine>,
    ) -> Result<Budget, Vec<Finding>> {
        let mut findings = Vec::new();
        let at = |l: &BudgetLine, field| Locator::BudgetLine {
            code: l.code.to_string(),
            field,
        };
        let mut index = HashMap::default();
        let mut children = vec![Vec::new(); lines.len()];
        // Levels below the top (parents come first, so this is one pass).
        let mut depth = vec![0_usize; lines.len()];
        for (i, l) in lines.iter().enumerate() {
            if index.insert(l.code.clone(), i).is_some() {
                findings.push(Finding::new(
                    at(l, "code"),
                    Problem::Duplicate {
                        what: "budget line code",
                        key: l.code.to_string(),
                    },
                ));
                continue;
            }
            if let Some(p) = &l.parent {
                if p == &l.code {
                    findings.push(Finding::invalid(
                        at(l, "parent"),
                        crate::text!(
                            "과목 {p}의 상위 과목이 자기 자신입니다",
                            "line {p} is its own parent"
                        ),
                    ));
                    continue;
                }
                match index.get(p) {
                    Some(&pi) => {
                        let parent: &BudgetLine = &lines[pi];
                        if parent.kind != l.kind {
                            findings.push(Finding::invalid(
                                at(l, "kind"),
                                {
                                    let (k, pk) = (l.kind.as_str(), parent.kind.as_str());
                                    let pj = crate::message::josa(p.as_str(), "과", "와");
                                    crate::text!(
                                        "상위 과목 {pj} 구분이 다릅니다({k} ≠ {pk})",
                                        "kind {k} differs from its parent {p} ({pk})"
                                    )
                                },
                            ));
                        }
                        children[pi].push(i);
                        depth[i] = depth[pi] + 1;
                        if depth[i] == MAX_DEPTH {
                            findings.push(Finding::invalid(
                                at(l, "parent"),
                                crate::text!(
                                    "과목의 단계가 {MAX_DEPTH}단계를 넘습니다",
                                    "the budget tree is deeper than {MAX_DEPTH} levels here"
                                ),
                            ));
                        }
                    }
                    None if lines.iter().any(|o| &o.code == p) => findings.push(Finding::invalid(
                        at(l, "parent"),
                        {
                            let pj = crate::message::josa(p.as_str(), "이", "가");
                            crate::text!(
                                "상위 과목 {pj} 이 과목보다 뒤에 있습니다. 상위 과목을 먼저 적으세요",
                                "parent {p} is listed after this line; list parents first"
                            )
                        },
                    )),
                    None => findings.push(Finding::new(
                        at(l, "parent"),
                        Problem::UnknownReference { what: "parent budget line", key: p.to_string() },
                    )),
                }
            }
            if let Some(e) = l.economic {
                check_economic(l, e, &mut findings);
            }
            match (
                l.parent.is_none() && l.kind == LineKind::Expenditure,
                l.category.is_some(),
            ) {
                (true, false) => findings.push(Finding::new(
                    at(l, "category"),
                    Problem::Missing { what: "category" },
                )),
                (false, true) => findings.push(Finding::invalid(
                    at(l, "category"),
                    crate::text!(
                        "분류(category)는 최상위 세출 과목에만 씁니다",
                        "category belongs on top-level expenditure lines only"
                    ),
                )),
                _ => {}
            }
        }
        if !findings.is_empty() {
            return Err(findings);
        }
        // Parents precede children, so one reverse pass rolls every total up.
        let n = lines.len();
        let mut amount = vec![Won::ZERO; n];
        let mut prior: Vec<Option<Won>> = vec![None; n];
        for i in (0..n).rev() {
            let l = &lines[i];
            let kids = &children[i];
            if kids.is_empty() {
                for (field, v) in [("amount", l.amount), ("prior", l.prior)] {
                    if let Some(v) = v.filter(|v| v.is_negative()) {
                        findings.push(Finding::invalid(at(l, field), {
                            let v = exact(v);
                            crate::text!(
                                "{v}: 과목의 금액은 0원보다 작을 수 없습니다",
                                "{v}: a line's amount cannot be below zero"
                            )
                        }));
                    }
                }
                match l.amount {
                    Some(a) => amount[i] = a,
                    None => findings.push(Finding::new(
                        at(l, "amount"),
                        Problem::Missing {
                            what: "amount (leaf line)",
                        },
                    )),
                }
                prior[i] = l.prior;
                continue;
            }
            let Some(sum) = checked_sum(kids.iter().map(|&k| amount[k])) else {
                findings.push(Finding::invalid(at(l, "amount"), too_large()));
                continue;
            };
            amount[i] = sum;
            if let Some(stated) = l.amount.filter(|s| *s != sum) {
                findings.push(Finding::new(at(l, "amount"), mismatch(stated, sum)));
            }
            let kid_priors = match kids.iter().map(|&k| prior[k]).collect::<Option<Vec<_>>>() {
                None => None,
                Some(ps) => match checked_sum(ps.into_iter()) {
                    Some(p) => Some(p),
                    None => {
                        findings.push(Finding::invalid(at(l, "prior"), too_large()));
                        continue;
                    }
                },
            };
            prior[i] = match (kid_priors, l.prior) {
                (Some(c), Some(s)) if c != s => {
                    findings.push(Finding::new(at(l, "prior"), mismatch(s, c)));
                    Some(c)
                }
                (Some(c), _) => Some(c),
                (None, stated) => stated,
            };
        }
        for kind in [LineKind::Revenue, LineKind::Expenditure] {
            let roots: Vec<usize> = (0..n)
                .filter(|&i| lines[i].parent.is_none() && lines[i].kind == kind)
                .collect();
            let amounts = checked_sum(roots.iter().map(|&i| amount[i]));
            let priors = roots
                .iter()
                .filter_map(|&i| prior[i])
                .try_fold(Won::ZERO, Won::checked_add);
            if let (Some(&first), true) = (roots.first(), amounts.is_none() || priors.is_none()) {
                findings.push(Finding::invalid(
                    at(&lines[first], "amount"),
                    crate::text!(
                        "최상위 과목 금액의 합계가 너무 커서 셀 수 없습니다",
                        "the total of the top-level lines is too large to compute"
                    ),
                ));
            }
        }
        if !findings.is_empty() {
            return Err(findings);
        }
        Ok(Budget {
            fiscal_year,
            prior_label,
            lines: std::sync::Arc::new(lines),
            index: std::sync::Arc::new(index),
            children: std::sync::Arc::new(children),
            amount,
            prior,
            prior_source: PriorSource::Typed,
        })
    }

    /// Where the prior-year figures come from.
    pub fn prior_source(&self) -> PriorSource {
        self.prior_source
    }

    /// Every line's prior replaced by `priors` (none where absent), marked
    /// computed from `year` ([`crate::prior::compute`] gives them).
    pub fn with_computed_priors(
        &self,
        priors: &HashMap<LineCode, Won>,
        year: i32,
    ) -> Result<Budget, Vec<Finding>> {
        let mut lines = self.lines.to_vec();
        for l in &mut lines {
            l.prior = priors.get(&l.code).copied();
        }
        let mut b = Budget::new(self.fiscal_year, self.prior_label.clone(), lines)?;
        b.prior_source = PriorSource::Computed { year };
        Ok(b)
    }

    /// The same budget over other `lines` (a structural edit, or the
    /// structure as it stood on a date), priors marked as they were.
    pub fn with_lines(&self, lines: Vec<BudgetLine>) -> Result<Budget, Vec<Finding>> {
        let mut b = Budget::new(self.fiscal_year, self.prior_label.clone(), lines)?;
        b.prior_source = self.prior_source;
        Ok(b)
    }

    /// The fiscal year.
    pub fn fiscal_year(&self) -> i32 {
        self.fiscal_year
    }

    /// How the prior-year column is labelled, e.g. `2022 최종예산`.
    pub fn prior_label(&self) -> &str {
        &self.prior_label
    }

    /// Every line in recorded order.
    pub fn lines(&self) -> &[BudgetLine] {
        &self.lines[..]
    }

    /// The line with `code`.
    pub fn line(&self, code: &LineCode) -> Option<&BudgetLine> {
        self.index.get(code).map(|&i| &self.lines[i])
    }

    /// The budget's own code for `text`, when it has a line so coded: a
    /// shared reference, so that a caller reading codes as text (the
    /// store's packed totals) makes no new one for each.
    pub fn code(&self, text: &str) -> Option<&LineCode> {
        self.index.get(text).map(|&i| &self.lines[i].code)
    }

    /// The figures of the line with `code`.
    pub fn figures(&self, code: &LineCode) -> Option<LineFigures> {
        self.index.get(code).map(|&i| LineFigures {
            amount: self.amount[i],
            prior: self.prior[i],
        })
    }

    /// The amount (예산현액) of the line at `position` in [`Budget::lines`].
    pub(crate) fn amount_at(&self, position: usize) -> Won {
        self.amount[position]
    }

    /// The positions of the children of the line at `position`, in order.
    pub(crate) fn children_at(&self, position: usize) -> &[usize] {
        &self.children[position]
    }

    /// The index of codes to positions, shared (a reference count), for
    /// figures kept by position beside the budget.
    pub(crate) fn shared_index(&self) -> std::sync::Arc<HashMap<LineCode, usize>> {
        self.index.clone()
    }

    /// Position of a line in [`Budget::lines`].
    pub fn position(&self, code: &LineCode) -> Option<usize> {
        self.index.get(code).copied()
    }

    /// The children of a line, in order.
    pub fn children(&self, code: &LineCode) -> impl Iterator<Item = &BudgetLine> {
        self.index
            .get(code)
            .into_iter()
            .flat_map(|&i| self.children[i].iter().map(|&c| &self.lines[c]))
    }

    /// Whether the line has no children.
    pub fn is_leaf(&self, code: &LineCode) -> bool {
        self.index
            .get(code)
            .is_some_and(|&i| self.children[i].is_empty())
    }

    /// Top-level lines of one kind, in order.
    pub fn roots(&self, kind: LineKind) -> impl Iterator<Item = &BudgetLine> {
        self.lines
            .iter()
            .filter(move |l| l.parent.is_none() && l.kind == kind)
    }

    /// The positions of the leaves of one kind, in tree (depth-first)
    /// order: [`Budget::leaves`] for readers of figures kept by position.
    pub(crate) fn leaf_positions(&self, kind: LineKind) -> Vec<usize> {
        let mut out = Vec::new();
        for (i, l) in self.lines.iter().enumerate() {
            if l.parent.is_none() && l.kind == kind {
                self.collect_leaves(i, &mut out);
            }
        }
        out
    }

    /// Whether `index` is this budget's own code index (the figures kept
    /// by its positions are then this budget's).
    pub(crate) fn shares_index(&self, index: &std::sync::Arc<HashMap<LineCode, usize>>) -> bool {
        std::sync::Arc::ptr_eq(&self.index, index)
    }

    /// Leaves of one kind, in tree (depth-first) order.
    pub fn leaves(&self, kind: LineKind) -> Vec<&BudgetLine> {
        self.leaf_positions(kind)
            .into_iter()
            .map(|i| &self.lines[i])
            .collect()
    }

    /// The leaves under a line (the line itself, if it is one), in tree
    /// order; empty for an unknown code. A parent line's entries are its
    /// leaves' entries.
    pub fn leaves_under(&self, code: &LineCode) -> Vec<&BudgetLine> {
        let mut out = Vec::new();
        if let Some(&i) = self.index.get(code) {
            self.collect_leaves(i, &mut out);
        }
        out.into_iter().map(|i| &self.lines[i]).collect()
    }

    /// Every line of one kind depth-first (each parent before its children,
    /// as a tree is read), with its depth (0 for a top-level line).
    pub fn tree(&self, kind: LineKind) -> Vec<(usize, &BudgetLine)> {
        fn walk<'a>(b: &'a Budget, i: usize, depth: usize, out: &mut Vec<(usize, &'a BudgetLine)>) {
            out.push((depth, &b.lines[i]));
            for &c in &b.children[i] {
                walk(b, c, depth + 1, out);
            }
        }
        let mut out = Vec::new();
        for r in self.roots(kind) {
            walk(self, self.index[&r.code], 0, &mut out);
        }
        out
    }

    /// The positions of the leaves under the line at `i` (itself, if it
    /// is one), in tree order.
    fn collect_leaves(&self, i: usize, out: &mut Vec<usize>) {
        if self.children[i].is_empty() {
            out.push(i);
        } else {
            for &c in &self.children[i] {
                self.collect_leaves(c, out);
            }
        }
    }

    /// The total of one kind: the sum of its top-level lines (checked by
    /// [`Budget::new`] not to overflow).
    pub fn total(&self, kind: LineKind) -> LineFigures {
        let roots: Vec<usize> = self.roots(kind).map(|l| self.index[&l.code]).collect();
        LineFigures {
            amount: roots.iter().map(|&i| self.amount[i]).sum(),
            prior: roots.iter().map(|&i| self.prior[i]).sum(),
        }
    }

    /// The top-level expenditure line of a category.
    pub fn category_line(&self, category: Category) -> Option<&BudgetLine> {
        self.roots(LineKind::Expenditure)
            .find(|l| l.category == Some(category))
    }

    /// Ancestors of a line, nearest first.
    pub fn ancestors(&self, code: &LineCode) -> Vec<&BudgetLine> {
        let mut out = Vec::new();
        let mut cur = self.line(code).and_then(|l| l.parent.as_ref());
        while let Some(p) = cur {
            let Some(l) = self.line(p) else { break };
            out.push(l);
            cur = l.parent.as_ref();
        }
        out
    }

    /// Replaces the recorded amount of a leaf and recomputes; used by
    /// what-if tools and tests. Refuses parents, whose amount is computed.
    pub fn with_leaf_amount(&self, code: &LineCode, amount: Won) -> Result<Budget, Vec<Finding>> {
        self.with_leaf_amounts(&[(code.clone(), amount)].into_iter().collect())
    }

    /// Replaces the amounts of several leaves at once (an amended budget).
    pub fn with_leaf_amounts(
        &self,
        amounts: &HashMap<LineCode, Won>,
    ) -> Result<Budget, Vec<Finding>> {
        if let Some(code) = amounts.keys().find(|c| !self.is_leaf(c)) {
            return Err(vec![Finding::invalid(
                Locator::BudgetLine {
                    code: code.to_string(),
                    field: "amount",
                },
                crate::text!(
                    "하위 과목이 있는 과목의 금액은 하위 과목의 합으로 계산됩니다",
                    "a parent line's amount is computed, not set"
                ),
            )]);
        }
        // Stated parent totals would now disagree: they are checks of the
        // recorded file, not data, so drop them on the changed paths.
        let ancestors: std::collections::HashSet<LineCode> = amounts
            .keys()
            .flat_map(|c| self.ancestors(c))
            .map(|l| l.code.clone())
            .collect();
        let mut lines = self.lines.to_vec();
        for l in &mut lines {
            if let Some(a) = amounts.get(&l.code) {
                l.amount = Some(*a);
            } else if ancestors.contains(&l.code) {
                l.amount = None;
            }
        }
        let mut b = Budget::new(self.fiscal_year, self.prior_label.clone(), lines)?;
        b.prior_source = self.prior_source;
        Ok(b)
    }
}

/// The most levels a budget tree may have. Real budgets have six or seven
/// (장, 관, 항, 세항, 목, 세목); the bound keeps every walk over the tree,
/// and the report's indentation, proportional to the number of lines.
pub const MAX_DEPTH: usize = 32;

fn too_large() -> crate::message::Text {
    crate::text!(
        "하위 과목 금액의 합계가 너무 커서 셀 수 없습니다",
        "the sum of the lines below is too large to compute"
    )
}

/// The sum, or `None` when it overflows.
fn checked_sum(mut amounts: impl Iterator<Item = Won>) -> Option<Won> {
    amounts.try_fold(Won::ZERO, Won::checked_add)
}

/// A line's economic code: on an expenditure line (세입 has its own
/// classification), and one the standard table lists.
fn check_economic(l: &BudgetLine, code: EconomicCode, findings: &mut Vec<Finding>) {
    let at = Locator::BudgetLine {
        code: l.code.to_string(),
        field: "economic",
    };
    if l.kind == LineKind::Revenue {
        findings.push(Finding::invalid(
            at,
            crate::text!(
                "편성목·통계목({code})은 세출 과목에만 씁니다",
                "an economic classification code ({code}) belongs on expenditure lines only"
            ),
        ));
    } else if let Err(e) = Classification::standard().known(code) {
        findings.push(Finding::invalid(at, crate::message::Localized::text(&e)));
    }
}

fn mismatch(stated: Won, computed: Won) -> Problem {
    Problem::SumMismatch {
        stated: exact(stated),
        computed: exact(computed),
        diff: exact(stated - computed),
    }
}

pub mod names;

#[cfg(test)]
mod tests;
