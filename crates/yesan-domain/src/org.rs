//! The organisation: a tree of units (실, 본부, 팀) under the head of the
//! institution, each with an optional head and its duties.

use crate::code::UnitCode;
use crate::finding::{Finding, Locator, Problem};
use serde::Serialize;
use std::collections::HashMap;

/// The level of a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum UnitKind {
    /// 실 (office).
    #[serde(rename = "실")]
    Office,
    /// 본부 (division).
    #[serde(rename = "본부")]
    Division,
    /// 팀 (team).
    #[serde(rename = "팀")]
    Team,
}

impl UnitKind {
    /// `실`, `본부`, `팀`.
    pub fn as_str(self) -> &'static str {
        match self {
            UnitKind::Office => "실",
            UnitKind::Division => "본부",
            UnitKind::Team => "팀",
        }
    }

    /// Parses `실`, `본부`, `팀` (or office, division, team).
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim() {
            "실" | "office" => Some(UnitKind::Office),
            "본부" | "division" => Some(UnitKind::Division),
            "팀" | "team" => Some(UnitKind::Team),
            _ => None,
        }
    }
}

/// A person named with a phone extension.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Contact {
    /// Name(s), as written (two officers may share one line).
    pub name: String,
    /// Extension, e.g. `4612`.
    pub ext: String,
}

/// A titled group of duty bullets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DutyGroup {
    /// The group's title, e.g. `디지털 정책연구`.
    pub title: Option<String>,
    /// The bullets.
    pub items: Vec<String>,
}

/// One organisational unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unit {
    /// Code.
    pub code: UnitCode,
    /// Name, e.g. `디지털정책팀`.
    pub name: String,
    /// 실, 본부 or 팀.
    pub kind: UnitKind,
    /// The parent unit; `None` when directly under the head of the institution.
    pub parent: Option<UnitCode>,
    /// Head of the unit.
    pub head: Option<Contact>,
    /// 주요업무.
    pub duties: Vec<DutyGroup>,
    /// A free note (e.g. where the source is silent).
    pub note: Option<String>,
}

impl Unit {
    /// The head's title: `디지털정책팀장`, `경영전략실장`.
    pub fn head_title(&self) -> String {
        format!("{}장", self.name)
    }
}

/// The most levels below the head of the institution (실, 본부, 팀 are
/// three); the bound keeps every walk over the tree short.
pub const MAX_DEPTH: usize = 16;

/// How far [`Organization::new`] has placed a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Seen {
    New,
    Walking,
    Depth(usize),
    Cycle,
}

/// The validated organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Organization {
    units: Vec<Unit>,
    #[serde(skip)]
    index: HashMap<UnitCode, usize>,
}

impl Organization {
    /// Validates codes and parents. Parents may be listed in any order;
    /// cycles are refused.
    pub fn new(units: Vec<Unit>) -> Result<Organization, Vec<Finding>> {
        let mut findings = Vec::new();
        let mut index = HashMap::new();
        for (i, u) in units.iter().enumerate() {
            if index.insert(u.code.clone(), i).is_some() {
                findings.push(Finding::new(
                    Locator::Unit {
                        code: u.code.to_string(),
                        field: "code",
                    },
                    Problem::Duplicate {
                        what: "unit code",
                        key: u.code.to_string(),
                    },
                ));
            }
        }
        let parent_of = |i: usize| units[i].parent.as_ref().and_then(|p| index.get(p).copied());
        for u in &units {
            if let Some(p) = &u.parent
                && !index.contains_key(p)
            {
                findings.push(Finding::new(
                    Locator::Unit {
                        code: u.code.to_string(),
                        field: "parent",
                    },
                    Problem::UnknownReference {
                        what: "parent unit",
                        key: p.to_string(),
                    },
                ));
            }
        }
        // Each unit's level, found once: walk up to a unit already placed
        // (or the top), then place the units walked. Reaching a unit still
        // being walked is a cycle; so is reaching one already in a cycle.
        let mut seen = vec![Seen::New; units.len()];
        let mut path = Vec::new();
        for start in 0..units.len() {
            path.clear();
            let (mut cur, mut above, mut cyclic) = (Some(start), None, false);
            while let Some(c) = cur {
                match seen[c] {
                    Seen::Depth(d) => {
                        above = Some(d);
                        break;
                    }
                    Seen::Walking | Seen::Cycle => {
                        cyclic = true;
                        break;
                    }
                    Seen::New => {
                        seen[c] = Seen::Walking;
                        path.push(c);
                        cur = parent_of(c);
                    }
                }
            }
            for (depth, &c) in (above.map_or(0, |d| d + 1)..).zip(path.iter().rev()) {
                seen[c] = if cyclic {
                    Seen::Cycle
                } else {
                    Seen::Depth(depth)
                };
            }
        }
        for (u, seen) in units.iter().zip(&seen) {
            let at = Locator::Unit {
                code: u.code.to_string(),
                field: "parent",
            };
            match *seen {
                Seen::Cycle => findings.push(Finding::invalid(at, {
                    let code = &u.code;
                    crate::text!(
                        "부서 {code}의 상위 부서를 따라가면 자기 자신으로 돌아옵니다",
                        "unit {code}'s parents form a cycle"
                    )
                })),
                Seen::Depth(MAX_DEPTH) => findings.push(Finding::invalid(
                    at,
                    crate::text!(
                        "조직의 단계가 {MAX_DEPTH}단계를 넘습니다",
                        "the organisation is deeper than {MAX_DEPTH} levels here"
                    ),
                )),
                _ => {}
            }
        }
        if findings.is_empty() {
            Ok(Organization { units, index })
        } else {
            Err(findings)
        }
    }

    /// Every unit in recorded order.
    pub fn units(&self) -> &[Unit] {
        &self.units
    }

    /// The unit with `code`.
    pub fn unit(&self, code: &UnitCode) -> Option<&Unit> {
        self.index.get(code).map(|&i| &self.units[i])
    }

    /// Number of units of a kind.
    pub fn count(&self, kind: UnitKind) -> usize {
        self.units.iter().filter(|u| u.kind == kind).count()
    }

    /// `1실 1본부 7팀`: the organisation in one phrase, computed.
    pub fn summary(&self) -> String {
        [UnitKind::Office, UnitKind::Division, UnitKind::Team]
            .into_iter()
            .filter_map(|k| {
                let n = self.count(k);
                (n > 0).then(|| format!("{n}{}", k.as_str()))
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The children of a unit (or the top-level units for `None`).
    pub fn children(&self, parent: Option<&UnitCode>) -> impl Iterator<Item = &Unit> {
        self.units
            .iter()
            .filter(move |u| u.parent.as_ref() == parent)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(code: &str, kind: UnitKind, parent: Option<&str>) -> Unit {
        Unit {
            code: UnitCode::parse(code).unwrap(),
            name: format!("{code}팀"),
            kind,
            parent: parent.map(|p| UnitCode::parse(p).unwrap()),
            head: None,
            duties: vec![],
            note: None,
        }
    }

    #[test]
    fn summary_counts_kinds() {
        let org = Organization::new(vec![
            unit("O", UnitKind::Office, None),
            unit("D", UnitKind::Division, None),
            unit("T1", UnitKind::Team, Some("O")),
            unit("T2", UnitKind::Team, Some("D")),
        ])
        .unwrap();
        assert_eq!(org.summary(), "1실 1본부 2팀");
    }

    #[test]
    fn refuses_a_chain_deeper_than_the_limit() {
        // Listed children first, so levels are found walking up.
        let mut units: Vec<Unit> = (1..=MAX_DEPTH + 3)
            .rev()
            .map(|i| {
                unit(
                    &format!("U{i}"),
                    UnitKind::Team,
                    Some(&format!("U{}", i - 1)),
                )
            })
            .collect();
        units.push(unit("U0", UnitKind::Office, None));
        let err = Organization::new(units).unwrap_err();
        assert_eq!(err.len(), 1, "{err:?}");
        assert!(
            err[0].to_string().contains(&format!("U{MAX_DEPTH}")),
            "{err:?}"
        );
        let ok: Vec<Unit> = (1..MAX_DEPTH)
            .map(|i| {
                unit(
                    &format!("U{i}"),
                    UnitKind::Team,
                    Some(&format!("U{}", i - 1)),
                )
            })
            .chain([unit("U0", UnitKind::Office, None)])
            .collect();
        assert!(Organization::new(ok).is_ok());
    }

    #[test]
    fn refuses_cycles_and_unknown_parents() {
        let err = Organization::new(vec![
            unit("A", UnitKind::Team, Some("B")),
            unit("B", UnitKind::Team, Some("A")),
        ])
        .unwrap_err();
        assert_eq!(err.len(), 2);
        // A unit under a cycle is in it too, as far as its parents go; a
        // unit that is its own parent is a cycle of one.
        let err = Organization::new(vec![
            unit("A", UnitKind::Team, Some("B")),
            unit("B", UnitKind::Team, Some("A")),
            unit("C", UnitKind::Team, Some("A")),
            unit("S", UnitKind::Team, Some("S")),
            unit("OK", UnitKind::Office, None),
        ])
        .unwrap_err();
        assert_eq!(err.len(), 4, "{err:?}");
        let err = Organization::new(vec![unit("A", UnitKind::Team, Some("Z"))]).unwrap_err();
        assert!(err[0].to_string().contains("there is no parent unit 'Z'"));
    }
}
