//! Budget formulation's use cases that need no draft yet: checking a flat
//! budget export against a recorded year (`yesan budget check-flat FILE`),
//! under the institution's own rounding rule. Nothing is written: the
//! answer says what the file holds (its tree, amounts and 산출기초), which
//! of its lines the year already has (matched by the path of names) and
//! which it would add, or every problem with its row and cell.

use crate::error::Error;
use yesan_domain::budget::Budget;
use yesan_domain::code::LineCode;
use yesan_domain::policy::Policy;
use yesan_import::{FlatBudget, FlatError};
use yesan_store::Store;

/// Where a line of the file sits in the year's budget.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placement {
    /// The year has a line of that name under the matched parent.
    Matched(LineCode),
    /// The year has none: importing would add it.
    New,
}

/// What checking a flat export found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlatCheck {
    /// The year checked against.
    pub year: i32,
    /// The institution's settings the file was read under.
    pub policy: Policy,
    /// The tree and where each line sits, or every problem.
    pub outcome: Result<(FlatBudget, Vec<Placement>), FlatError>,
}

/// Names compared as people write them: without spaces.
fn same(a: &str, b: &str) -> bool {
    a.split_whitespace().eq(b.split_whitespace())
        || a.chars()
            .filter(|c| !c.is_whitespace())
            .eq(b.chars().filter(|c| !c.is_whitespace()))
}

/// Each line of the file placed in `budget`: a top line matches an
/// expenditure line of its name anywhere (when exactly one has it), a
/// lower line a child of its parent's match with its name; below a new
/// line everything is new.
pub fn place(flat: &FlatBudget, budget: &Budget) -> Vec<Placement> {
    let mut out: Vec<Placement> = Vec::with_capacity(flat.lines.len());
    for line in &flat.lines {
        let found = match line.parent.map(|p| &out[p]) {
            Some(Placement::New) => None,
            Some(Placement::Matched(parent)) => budget
                .children(parent)
                .find(|c| same(&c.name, &line.name))
                .map(|c| c.code.clone()),
            None => {
                let mut named = budget.lines().iter().filter(|l| {
                    l.kind == yesan_domain::budget::LineKind::Expenditure
                        && same(&l.name, &line.name)
                });
                match (named.next(), named.next()) {
                    (Some(one), None) => Some(one.code.clone()),
                    _ => None,
                }
            }
        };
        out.push(found.map_or(Placement::New, Placement::Matched));
    }
    out
}

/// Checks the flat export `bytes` (named `name` in messages) against
/// `year` of the store's institution (its current year when `None`), with
/// the institution's rounding rule. Writes nothing.
///
/// # Errors
/// The store's; [`Error::Invalid`] for a year the institution does not
/// record.
pub async fn check_flat(
    store: &Store,
    name: &str,
    bytes: &[u8],
    year: Option<i32>,
) -> Result<FlatCheck, Error> {
    let policy = store.policy().await?;
    let year = match year {
        Some(y) => y,
        None => store.current_scope().await?.1,
    };
    let Some(dataset) = store.load_year(year).await? else {
        return Err(Error::Invalid(yesan_domain::text!(
            "{year}년은 기록되어 있지 않습니다",
            "{year} is not recorded"
        )));
    };
    let outcome = yesan_import::parse_flat(name, bytes, policy.rounding).map(|flat| {
        let placed = place(&flat, &dataset.budget);
        (flat, placed)
    });
    Ok(FlatCheck {
        year,
        policy,
        outcome,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use yesan_domain::basis::Rounding;

    #[test]
    fn lines_are_placed_by_their_path_of_names() {
        let d = yesan_dataset::default_dataset().expect("the default dataset");
        // 디지털 정책연구 is E3.1.1 under E3.1; 사업비 is E3.
        let parent = d
            .budget
            .line(&LineCode::parse("E3.1").expect("code"))
            .expect("E3.1")
            .name
            .clone();
        let csv = format!(
            "정책사업,단위사업,세부사업,예산액(원)\n사업비,{parent},디지털 정책연구,\"1,000\"\n사업비,{parent},새 사업,\"2,000\"\n"
        );
        let flat =
            yesan_import::parse_flat("f.csv", csv.as_bytes(), Rounding::Exact).expect("parses");
        let placed = place(&flat, &d.budget);
        let code = |c: &str| Placement::Matched(LineCode::parse(c).expect("code"));
        assert_eq!(
            placed,
            [code("E3"), code("E3.1"), code("E3.1.1"), Placement::New]
        );
    }
}
