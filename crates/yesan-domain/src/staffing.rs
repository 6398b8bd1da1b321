//! Staffing by grade: authorized posts (정원) and staff in post (현원). The
//! surplus or shortage (과부족), the totals and the headcount including staff
//! outside the quota are computed.

use crate::finding::{Finding, Locator, Problem};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashSet;

/// One grade's row as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GradeRow {
    /// 이사장, 1급 … 7급.
    pub grade: String,
    /// 정원.
    pub authorized: u32,
    /// 현원.
    pub current: u32,
}

impl GradeRow {
    /// 과부족 = 현원 − 정원.
    pub fn difference(&self) -> i64 {
        i64::from(self.current) - i64::from(self.authorized)
    }
}

/// Staff outside the quota, by kind (파견공무원, 계약직).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutsideQuota {
    /// Kind of staff.
    pub kind: String,
    /// Head count.
    pub count: u32,
}

/// The staffing table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Staffing {
    /// The date the counts describe.
    pub as_of: NaiveDate,
    /// Rows in display order.
    pub grades: Vec<GradeRow>,
    /// Staff outside the quota.
    pub outside_quota: Vec<OutsideQuota>,
}

impl Staffing {
    /// Validates that grades are unique.
    pub fn new(
        as_of: NaiveDate,
        grades: Vec<GradeRow>,
        outside_quota: Vec<OutsideQuota>,
    ) -> Result<Staffing, Vec<Finding>> {
        let mut seen = HashSet::new();
        let findings: Vec<Finding> = grades
            .iter()
            .enumerate()
            .filter(|(_, g)| !seen.insert(g.grade.clone()))
            .map(|(i, g)| {
                Finding::new(
                    Locator::Staffing {
                        row: Some(i),
                        field: "grade",
                    },
                    Problem::Duplicate {
                        what: "grade",
                        key: g.grade.clone(),
                    },
                )
            })
            .collect();
        if findings.is_empty() {
            Ok(Staffing {
                as_of,
                grades,
                outside_quota,
            })
        } else {
            Err(findings)
        }
    }

    /// Total 정원.
    pub fn authorized(&self) -> i64 {
        self.grades.iter().map(|g| i64::from(g.authorized)).sum()
    }

    /// Total 현원.
    pub fn current(&self) -> i64 {
        self.grades.iter().map(|g| i64::from(g.current)).sum()
    }

    /// Total 과부족.
    pub fn difference(&self) -> i64 {
        self.current() - self.authorized()
    }

    /// Staff outside the quota, in total.
    pub fn outside(&self) -> i64 {
        self.outside_quota.iter().map(|o| i64::from(o.count)).sum()
    }

    /// Everyone: 현원 plus staff outside the quota.
    pub fn headcount(&self) -> i64 {
        self.current() + self.outside()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_staffing_totals() {
        let rows = [
            ("이사장", 1, 1),
            ("1급", 1, 0),
            ("2급", 1, 0),
            ("3급", 3, 4),
            ("4급", 8, 7),
            ("5급", 16, 20),
            ("6급", 13, 10),
            ("7급", 2, 2),
        ];
        let s = Staffing::new(
            NaiveDate::from_ymd_opt(2023, 10, 18).unwrap(),
            rows.iter()
                .map(|&(g, a, c)| GradeRow {
                    grade: g.into(),
                    authorized: a,
                    current: c,
                })
                .collect(),
            vec![
                OutsideQuota {
                    kind: "파견공무원".into(),
                    count: 1,
                },
                OutsideQuota {
                    kind: "계약직".into(),
                    count: 8,
                },
            ],
        )
        .unwrap();
        assert_eq!(
            (s.authorized(), s.current(), s.difference(), s.headcount()),
            (45, 44, -1, 53)
        );
        assert_eq!(s.grades[6].difference(), -3);
        assert_eq!(s.grades[5].difference(), 4);
    }
}
