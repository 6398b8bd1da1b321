//! Budget amendments (예산 변경): the original budget (본예산), supplementary
//! budgets (추경), transfers between lines — 전용 within one item, 이용
//! between items, and the older undistinguished 전용·이용 — and carry-over
//! (이월).
//!
//! An amendment is a dated record with an approval note and signed changes
//! to leaf lines. A line's current budget (예산현액) on a date is its
//! recorded base amount plus every change dated on or before it; nothing
//! about it is stored. [`Schedule`] answers that question for any line and
//! date without rebuilding the budget tree.

use crate::budget::{Budget, LineKind};
use crate::code::LineCode;
use crate::finding::{Finding, Locator, Problem};
use crate::headroom::Headroom;
use crate::money::Won;
use chrono::{Datelike, NaiveDate};
use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;
use std::collections::HashSet;

/// What an amendment does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AmendmentKind {
    /// 본예산: the budget as first approved.
    Original,
    /// 추경: a supplementary budget.
    Supplementary,
    /// 전용·이용 as recorded before the two were told apart: moves money
    /// between lines; the changes net to zero. Kept so that what was
    /// recorded reads back as it was; new amendments are 전용 or 이용.
    Transfer,
    /// 이월: brought forward from the prior year.
    CarryOver,
    /// 전용 (diversion): moves money between lines of one item — every
    /// line it changes sits under the same parent line; the changes net
    /// to zero. The head of the institution approves it.
    Diversion,
    /// 이용 (virement): moves money between items (lines under different
    /// parents); the changes net to zero. It needs the approval 전용 does
    /// not (the board's or the council's).
    Virement,
}

impl AmendmentKind {
    /// As written in files: `original`, `supplementary`, `transfer`, `carryover`.
    pub fn as_str(self) -> &'static str {
        match self {
            AmendmentKind::Original => "original",
            AmendmentKind::Supplementary => "supplementary",
            AmendmentKind::Transfer => "transfer",
            AmendmentKind::CarryOver => "carryover",
            AmendmentKind::Diversion => "diversion",
            AmendmentKind::Virement => "virement",
        }
    }

    /// The Korean name.
    pub fn korean(self) -> &'static str {
        match self {
            AmendmentKind::Original => "본예산",
            AmendmentKind::Supplementary => "추경",
            AmendmentKind::Transfer => "전용·이용",
            AmendmentKind::CarryOver => "이월",
            AmendmentKind::Diversion => "전용",
            AmendmentKind::Virement => "이용",
        }
    }

    /// The English name.
    pub fn english(self) -> &'static str {
        match self {
            AmendmentKind::Original => "original budget",
            AmendmentKind::Supplementary => "supplementary budget",
            AmendmentKind::Transfer => "transfer",
            AmendmentKind::CarryOver => "carry-over",
            AmendmentKind::Diversion => "diversion (전용)",
            AmendmentKind::Virement => "virement (이용)",
        }
    }

    /// The kinds a planner records today, in the order forms offer them
    /// (the undistinguished [`AmendmentKind::Transfer`] only reads back).
    pub const RECORDED: [AmendmentKind; 5] = [
        AmendmentKind::Original,
        AmendmentKind::Supplementary,
        AmendmentKind::Diversion,
        AmendmentKind::Virement,
        AmendmentKind::CarryOver,
    ];

    /// Whether it moves money between lines (its changes net to zero).
    pub fn moves_money(self) -> bool {
        matches!(
            self,
            AmendmentKind::Transfer | AmendmentKind::Diversion | AmendmentKind::Virement
        )
    }

    /// Parses the English or Korean name: 전용 and 이용 are distinct,
    /// `transfer` and 전용·이용 name the older undistinguished kind.
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim() {
            "original" | "본예산" => Some(AmendmentKind::Original),
            "supplementary" | "추경" | "추가경정" | "추가경정예산" => {
                Some(AmendmentKind::Supplementary)
            }
            "transfer" | "전용·이용" => Some(AmendmentKind::Transfer),
            "diversion" | "전용" => Some(AmendmentKind::Diversion),
            "virement" | "이용" => Some(AmendmentKind::Virement),
            "carryover" | "carry_over" | "이월" => Some(AmendmentKind::CarryOver),
            _ => None,
        }
    }
}

/// A signed change to one leaf line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineDelta {
    /// The line.
    pub line: LineCode,
    /// The change in won (negative for a reduction).
    pub delta: Won,
}

/// One amendment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Amendment {
    /// Its number, unique within the year (e.g. `2023-추경-1`).
    pub no: String,
    /// The date it takes effect.
    pub date: NaiveDate,
    /// What it is.
    pub kind: AmendmentKind,
    /// The approval (e.g. `이사회 의결 제5호`).
    pub note: String,
    /// Its changes.
    pub changes: Vec<LineDelta>,
}

impl Amendment {
    /// The amendment that undoes this one, to be checked, dated and
    /// recorded by a person: the same kind, every change reversed, its
    /// number and note naming what it corrects (amendments are never
    /// edited: a correction is another amendment).
    #[must_use]
    pub fn correction(&self) -> Amendment {
        Amendment {
            no: format!("{}-정정", self.no),
            date: self.date,
            kind: self.kind,
            note: format!("{} 정정", self.no),
            changes: self
                .changes
                .iter()
                .map(|c| LineDelta {
                    line: c.line.clone(),
                    delta: Won::new(-c.delta.get()),
                })
                .collect(),
        }
    }
}

/// Every line's budget over the year: base amounts plus dated changes, in
/// date order, so that "the budget of line L on date D" is a binary search.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Schedule {
    steps: HashMap<LineCode, Vec<(NaiveDate, Won)>>,
}

impl Schedule {
    /// Builds the schedule. Callers check amendments first with [`check`].
    pub fn new(amendments: &[Amendment]) -> Schedule {
        let mut changes: Vec<(&LineCode, NaiveDate, Won)> = amendments
            .iter()
            .flat_map(|a| a.changes.iter().map(move |c| (&c.line, a.date, c.delta)))
            .collect();
        changes.sort_by_key(|(_, d, _)| *d);
        let mut steps: HashMap<LineCode, Vec<(NaiveDate, Won)>> = HashMap::default();
        for (line, date, delta) in changes {
            let v = steps.entry(line.clone()).or_default();
            let running = v.last().map_or(Won::ZERO, |(_, w)| *w) + delta;
            match v.last_mut() {
                Some(last) if last.0 == date => last.1 = running,
                _ => v.push((date, running)),
            }
        }
        Schedule { steps }
    }

    /// The sum of the changes to `line` dated on or before `date`.
    pub fn change_to(&self, line: &LineCode, date: NaiveDate) -> Won {
        let Some(v) = self.steps.get(line) else {
            return Won::ZERO;
        };
        let idx = v.partition_point(|(d, _)| *d <= date);
        if idx == 0 { Won::ZERO } else { v[idx - 1].1 }
    }

    /// The budget as amended on `date`: every leaf's base plus its changes.
    pub fn budget_on(&self, budget: &Budget, date: NaiveDate) -> Budget {
        let changed: HashMap<LineCode, Won> = self
            .steps
            .keys()
            .filter_map(|l| {
                let base = budget.figures(l)?.amount;
                Some((l.clone(), base + self.change_to(l, date)))
            })
            .collect();
        if changed.is_empty() {
            return budget.clone();
        }
        // Amendments were checked against this budget, so applying them
        // cannot break a rule; fall back to the unamended budget if it did.
        budget
            .with_leaf_amounts(&changed)
            .unwrap_or_else(|_| budget.clone())
    }

    /// The latest amendment date, if any.
    pub fn last_date(&self) -> Option<NaiveDate> {
        self.steps
            .values()
            .filter_map(|v| v.last().map(|(d, _)| *d))
            .max()
    }
}

/// Checks amendments against the budget: unique numbers, known leaf lines,
/// dates within the fiscal year, transfers that net to zero between
/// expenditure lines, and no line's budget ever below zero.
pub fn check(budget: &Budget, amendments: &[Amendment]) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut seen = HashSet::new();
    for a in amendments {
        let at = |field| Locator::Amendment {
            no: a.no.clone(),
            field,
        };
        if a.no.trim().is_empty() {
            findings.push(Finding::new(
                at("no"),
                Problem::Missing {
                    what: "amendment number",
                },
            ));
        }
        if !seen.insert(&a.no) {
            findings.push(Finding::new(
                at("no"),
                Problem::Duplicate {
                    what: "amendment number",
                    key: a.no.clone(),
                },
            ));
        }
        if a.date.year() != budget.fiscal_year() {
            findings.push(Finding::invalid(at("date"), {
                let (date, fy) = (a.date, budget.fiscal_year());
                let d = crate::message::josa(&date.to_string(), "은", "는");
                crate::text!(
                    "{d} {fy} 회계연도({fy}-01-01~{fy}-12-31) 밖의 날짜입니다",
                    "{date} is outside fiscal year {fy} ({fy}-01-01 to {fy}-12-31)"
                )
            }));
        }
        if a.changes.is_empty() {
            findings.push(Finding::new(
                at("changes"),
                Problem::Missing { what: "changes" },
            ));
        }
        for c in &a.changes {
            match budget.line(&c.line) {
                None => findings.push(Finding::new(
                    at("line"),
                    Problem::UnknownReference {
                        what: "budget line",
                        key: c.line.to_string(),
                    },
                )),
                Some(_) if !budget.is_leaf(&c.line) => {
                    findings.push(Finding::invalid(at("line"), {
                        let line = &c.line;
                        crate::text!(
                            "{line}에는 하위 과목이 있습니다. 가장 아래 단계의 과목을 변경하세요",
                            "{line} has sub-lines; amend its lowest lines"
                        )
                    }))
                }
                Some(l) if a.kind.moves_money() && l.kind != LineKind::Expenditure => {
                    findings.push(Finding::invalid(at("line"), {
                        let line = &c.line;
                        let (kk, ke) = (
                            crate::message::josa(a.kind.korean(), "은", "는"),
                            a.kind.english(),
                        );
                        let l = crate::message::josa(line.as_str(), "은", "는");
                        crate::text!(
                            "{kk} 세출 과목끼리만 합니다. {l} 세입 과목입니다",
                            "a {ke} moves money between expenditure lines; {line} is revenue"
                        )
                    }));
                }
                Some(_) => {}
            }
        }
        if a.kind == AmendmentKind::Diversion {
            let parents: HashSet<Option<&LineCode>> = a
                .changes
                .iter()
                .filter_map(|c| budget.line(&c.line))
                .map(|l| l.parent.as_ref())
                .collect();
            if parents.len() > 1 {
                findings.push(Finding::invalid(
                    at("line"),
                    crate::message::Text::new(
                        "전용은 같은 상위 과목 안의 과목끼리만 합니다. 상위 과목이 다른 과목 사이에서 옮기려면 이용으로 기록하세요",
                        "a diversion (전용) moves money between lines under one parent; between lines under different parents it is a virement (이용)",
                    ),
                ));
            }
        }
        if a.kind.moves_money() {
            let net = a
                .changes
                .iter()
                .try_fold(Won::ZERO, |sum, c| sum.checked_add(c.delta));
            let Some(net) = net else {
                findings.push(Finding::invalid(at("changes"), too_large()));
                continue;
            };
            if !net.is_zero() {
                findings.push(Finding::invalid(at("changes"), {
                    let net_en = crate::money::won(net, crate::message::Lang::En);
                    let (kk, ke) = (
                        crate::message::josa(a.kind.korean(), "은", "는"),
                        a.kind.english(),
                    );
                    crate::text!(
                        "{kk} 늘린 금액과 줄인 금액이 같아야 합니다(증감 합계 {net})",
                        "the changes of a {ke} must net to zero; they net to {net_en}"
                    )
                }));
            }
        }
    }
    if findings.is_empty() {
        // Walk the amendments in date order: a line's budget may never go
        // below zero on any date.
        let mut order: Vec<&Amendment> = amendments.iter().collect();
        order.sort_by_key(|a| a.date);
        let mut running: HashMap<&LineCode, Won> = HashMap::default();
        // Each line's highest budget on any date: if the tree sums these
        // without overflowing, it sums every date's amounts.
        let mut peak: HashMap<LineCode, Won> = HashMap::default();
        for a in order {
            for c in &a.changes {
                let base = budget.figures(&c.line).map_or(Won::ZERO, |f| f.amount);
                let v = running.entry(&c.line).or_insert(base);
                let Some(next) = v.checked_add(c.delta) else {
                    findings.push(Finding::invalid(
                        Locator::Amendment {
                            no: a.no.clone(),
                            field: "amount",
                        },
                        too_large(),
                    ));
                    return findings;
                };
                *v = next;
                let p = peak.entry(c.line.clone()).or_insert(next);
                *p = (*p).max(next);
                if v.is_negative() {
                    findings.push(Finding::invalid(
                        Locator::Amendment { no: a.no.clone(), field: "amount" },
                        {
                            let (line, date) = (&c.line, a.date);
                            let vj = crate::message::josa(&v.to_string(), "이", "가");
                            let v_en = crate::money::won(*v, crate::message::Lang::En);
                            crate::text!(
                                "{line} 과목의 예산이 {date}에 {vj} 됩니다. 예산은 0원보다 작을 수 없습니다",
                                "line {line}'s budget would be {v_en} on {date}; it cannot go below zero"
                            )
                        },
                    ));
                }
            }
        }
        if findings.is_empty() && budget.with_leaf_amounts(&peak).is_err() {
            findings.push(Finding::invalid(
                Locator::Dataset {
                    field: "budget.amendments",
                },
                crate::text!(
                    "변경한 예산의 합계가 너무 커서 셀 수 없습니다",
                    "the amended budget's totals are too large to compute"
                ),
            ));
        }
    }
    findings
}

fn too_large() -> crate::message::Text {
    crate::text!(
        "변경 금액의 합계가 너무 커서 셀 수 없습니다",
        "the sum of the changes is too large to compute"
    )
}

/// Checks `new` amendments against the budget rule (see
/// [`crate::control`]): on the date of each and every later date, no line
/// they change may have more net commitments dated on or before that date
/// than its budget as amended on it (`schedule`: every amendment, `new`
/// ones included). `committed` holds the net commitments per line and date
/// (what the store's per-day index holds). Each finding names the
/// amendment, the line, the date and both amounts.
pub fn check_commitments(
    budget: &Budget,
    schedule: &Schedule,
    new: &[Amendment],
    committed: &[(LineCode, NaiveDate, Won)],
) -> Vec<Finding> {
    let mut by_line: HashMap<&LineCode, Vec<(NaiveDate, Won)>> = HashMap::default();
    for (line, date, net) in committed {
        by_line.entry(line).or_default().push((*date, *net));
    }
    // Per changed line, the earliest new date: the rule held before it.
    let mut from: Vec<(&LineCode, NaiveDate)> = Vec::new();
    for a in new {
        for c in &a.changes {
            match from.iter_mut().find(|(l, _)| *l == &c.line) {
                Some((_, d)) => *d = (*d).min(a.date),
                None => from.push((&c.line, a.date)),
            }
        }
    }
    let mut findings = Vec::new();
    for (line, first) in from {
        let Some(days) = by_line.get(line) else {
            continue;
        };
        let base = budget.figures(line).map_or(Won::ZERO, |f| f.amount);
        let on = |d| base + schedule.change_to(line, d);
        let mut h = Headroom::new(budget.fiscal_year(), |d| on(d).get());
        for (date, net) in days {
            h.commit(*date, net.get());
        }
        let (room, date) = h.least(first);
        if room >= 0 {
            continue;
        }
        let after = on(date);
        let to_date = after - Won::new(room);
        // The latest new amendment of the line in effect that day.
        let no = new
            .iter()
            .filter(|a| a.date <= date && a.changes.iter().any(|c| &c.line == line))
            .max_by_key(|a| a.date)
            .map(|a| a.no.clone())
            .unwrap_or_default();
        findings.push(Finding::invalid(
            Locator::Amendment { no, field: "amount" },
            {
                let en = |w| crate::money::won(w, crate::message::Lang::En);
                let (after_en, to_date_en) = (en(after), en(to_date));
                crate::text!(
                    "{line} 과목의 {date} 예산 {after}이 그날까지 원인행위한 {to_date}보다 적어집니다",
                    "line {line}'s budget on {date}, {after_en}, would fall below its commitments to that date, {to_date_en}"
                )
            },
        ));
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{budget, code, day};

    #[test]
    fn overflowing_changes_are_refused_not_wrapped() {
        let b = budget();
        let max = i64::MAX;
        let messages = |a: Vec<Amendment>| -> Vec<String> {
            check(&b, &a).iter().map(ToString::to_string).collect()
        };
        // A transfer whose changes wrap around to zero.
        let f = messages(vec![amendment(
            "T",
            day(3, 1),
            AmendmentKind::Transfer,
            &[("E.1", max), ("E.1", max), ("E.2", 2)],
        )]);
        assert!(f.iter().any(|m| m.contains("too large")), "{f:?}");
        // A line's running budget past the range.
        let f = messages(vec![amendment(
            "S",
            day(3, 1),
            AmendmentKind::Supplementary,
            &[("E.1", max)],
        )]);
        assert!(f.iter().any(|m| m.contains("too large")), "{f:?}");
        // Each line in range, their parent's total not.
        let f = messages(vec![amendment(
            "S",
            day(3, 1),
            AmendmentKind::Supplementary,
            &[("E.1", max - 1000), ("E.2", max - 500)],
        )]);
        assert!(
            f.iter().any(|m| m.contains("amended budget's totals")),
            "{f:?}"
        );
    }

    fn amendment(
        no: &str,
        date: NaiveDate,
        kind: AmendmentKind,
        changes: &[(&str, i64)],
    ) -> Amendment {
        Amendment {
            no: no.into(),
            date,
            kind,
            note: "이사회 의결".into(),
            changes: changes
                .iter()
                .map(|(l, d)| LineDelta {
                    line: code(l),
                    delta: Won::new(*d),
                })
                .collect(),
        }
    }

    #[test]
    fn budget_on_a_date_follows_the_amendments() {
        let b = budget();
        let a = vec![
            amendment(
                "추경1",
                day(6, 1),
                AmendmentKind::Supplementary,
                &[("E.1", 300)],
            ),
            amendment(
                "전용1",
                day(8, 1),
                AmendmentKind::Transfer,
                &[("E.1", -200), ("E.2", 200)],
            ),
        ];
        assert!(check(&b, &a).is_empty());
        let s = Schedule::new(&a);
        let total = |d| s.budget_on(&b, d).figures(&code("E")).unwrap().amount;
        assert_eq!(total(day(5, 31)), Won::new(1500));
        assert_eq!(total(day(6, 1)), Won::new(1800));
        assert_eq!(
            s.budget_on(&b, day(8, 1))
                .figures(&code("E.2"))
                .unwrap()
                .amount,
            Won::new(700)
        );
        assert_eq!(s.change_to(&code("E.1"), day(12, 31)), Won::new(100));
    }

    #[test]
    fn refuses_unbalanced_transfers_parents_negatives_and_duplicates() {
        let b = budget();
        let bad = vec![
            amendment(
                "T",
                day(3, 1),
                AmendmentKind::Transfer,
                &[("E.1", -100), ("E.2", 90)],
            ),
            amendment("P", day(3, 1), AmendmentKind::Supplementary, &[("E", 10)]),
            amendment(
                "N",
                day(4, 1),
                AmendmentKind::Supplementary,
                &[("E.2", -600)],
            ),
            amendment("N", day(4, 2), AmendmentKind::Supplementary, &[("E.2", 1)]),
        ];
        let f: Vec<String> = check(&b, &bad).iter().map(ToString::to_string).collect();
        assert!(f.iter().any(|m| m.contains("net to zero")), "{f:?}");
        assert!(
            f.iter().any(|m| m.contains("amend its lowest lines")),
            "{f:?}"
        );
        assert!(
            f.iter()
                .any(|m| m.contains("duplicate amendment number 'N'")),
            "{f:?}"
        );
        let f = check(&b, &bad[2..3]);
        assert!(
            f[0].to_string().contains("cannot go below zero"),
            "{}",
            f[0]
        );
    }

    #[test]
    fn an_amendment_may_not_cut_below_commitments() {
        let b = budget();
        let cut = vec![amendment(
            "C",
            day(6, 1),
            AmendmentKind::Transfer,
            &[("E.1", -600), ("E.2", 600)],
        )];
        let s = Schedule::new(&cut);
        let on = |won| [(code("E.1"), day(2, 1), Won::new(won))];
        let f = check_commitments(&b, &s, &cut, &on(500));
        assert_eq!(f.len(), 1);
        assert!(
            f[0].to_string().contains(
                "E.1 과목의 2023-06-01 예산 400원이 그날까지 원인행위한 500원보다 적어집니다"
            ),
            "{}",
            f[0]
        );
        assert!(matches!(&f[0].at, Locator::Amendment { no, .. } if no == "C"));
        assert!(check_commitments(&b, &s, &cut, &on(400)).is_empty());
    }

    #[test]
    fn a_cut_before_a_cancellation_counts_the_commitments_of_its_day() {
        // 1,000 committed in February, 500 of it cancelled in July: a cut
        // to 400 dated June finds 1,000 committed on its date.
        let b = budget();
        let cut = vec![amendment(
            "C",
            day(6, 1),
            AmendmentKind::Supplementary,
            &[("E.1", -600)],
        )];
        let s = Schedule::new(&cut);
        let committed = [
            (code("E.1"), day(2, 1), Won::new(1000)),
            (code("E.1"), day(7, 1), Won::new(-500)),
        ];
        let f = check_commitments(&b, &s, &cut, &committed);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].to_string().contains("2023-06-01"), "{}", f[0]);
        // Dated after the cancellation, the same cut fits.
        let later = vec![amendment(
            "C",
            day(7, 1),
            AmendmentKind::Supplementary,
            &[("E.1", -500)],
        )];
        let s = Schedule::new(&later);
        assert!(check_commitments(&b, &s, &later, &committed).is_empty());
    }

    #[test]
    fn an_accepted_same_day_cut_replays() {
        // K 600 and Q 400 on 1,000, 300 of K cancelled, the budget cut by
        // 300: all on one day. The cut fits the day's net commitments (700),
        // so replaying the ledger (what loading does) must accept Q.
        use crate::execution::{Entry, EntryKind, Ledger};
        let b = budget();
        let e = |doc: &str, kind, won, reference: Option<&str>| Entry {
            doc_no: doc.into(),
            date: day(3, 1),
            kind,
            line: code("E.1"),
            amount: Won::new(won),
            reference: reference.map(Into::into),
            counterparty: None,
            memo: None,
        };
        let entries = vec![
            e("K", EntryKind::Commit, 600, None),
            e("Q", EntryKind::Commit, 400, None),
            e("X", EntryKind::CommitCancel, 300, Some("K")),
        ];
        let cut = vec![amendment(
            "C",
            day(3, 1),
            AmendmentKind::Supplementary,
            &[("E.1", -300)],
        )];
        let s = Schedule::new(&cut);
        let committed = [(code("E.1"), day(3, 1), Won::new(700))];
        assert!(check_commitments(&b, &s, &cut, &committed).is_empty());
        let ledger = Ledger::new(&b, &s, entries.clone());
        assert!(ledger.is_ok(), "{ledger:?}");
        // Without the cancellation the day ends over the budget.
        let f = Ledger::new(&b, &s, entries[..2].to_vec()).expect_err("over");
        assert_eq!(f.len(), 1);
        assert!(matches!(&f[0].at, Locator::Entry { doc_no, .. } if doc_no == "Q"));
        assert!(f[0].to_string().contains("2023-03-01"), "{}", f[0]);
    }

    #[test]
    fn diversion_stays_under_one_parent_and_virement_may_cross() {
        let b = crate::fixtures::two_programs();
        let across = |kind| {
            vec![amendment(
                "X",
                day(3, 1),
                kind,
                &[("P.1.a", -100), ("P.2.a", 100)],
            )]
        };
        let f = check(&b, &across(AmendmentKind::Diversion));
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].to_string().contains("이용으로 기록하세요"), "{}", f[0]);
        assert!(check(&b, &across(AmendmentKind::Virement)).is_empty());
        let within = vec![amendment(
            "W",
            day(3, 1),
            AmendmentKind::Diversion,
            &[("P.1.a", -100), ("P.1.b", 100)],
        )];
        assert!(check(&b, &within).is_empty());
        // Both net to zero, as every transfer does.
        let unbalanced = vec![amendment(
            "U",
            day(3, 1),
            AmendmentKind::Virement,
            &[("P.1.a", -100), ("P.2.a", 90)],
        )];
        let f: Vec<String> = check(&b, &unbalanced)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert!(
            f.iter()
                .any(|m| m.contains("이용은 늘린 금액과 줄인 금액이 같아야 합니다")),
            "{f:?}"
        );
    }

    #[test]
    fn parses_kinds() {
        assert_eq!(AmendmentKind::parse("이용"), Some(AmendmentKind::Virement));
        assert_eq!(AmendmentKind::parse("전용"), Some(AmendmentKind::Diversion));
        assert_eq!(
            AmendmentKind::parse("전용·이용"),
            Some(AmendmentKind::Transfer)
        );
        for k in AmendmentKind::RECORDED {
            assert_eq!(AmendmentKind::parse(k.as_str()), Some(k));
            assert_eq!(AmendmentKind::parse(k.korean()), Some(k));
        }
        assert_eq!(
            AmendmentKind::parse("추경"),
            Some(AmendmentKind::Supplementary)
        );
        assert_eq!(AmendmentKind::parse("x"), None);
    }
}
