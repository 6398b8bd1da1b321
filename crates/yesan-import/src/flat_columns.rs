//! The flat budget export's columns (their positions and the header
//! names each may go by) and the list its problems are gathered in,
//! shared by the reader (`flat.rs`) and the tree it builds
//! (`flat_tree.rs`), so that neither imports the other's internals.

use crate::columns::{Columns, Spec};
use crate::flat_error::{FlatIssue, FlatProblem};

pub(crate) const POLICY: usize = 0;
pub(crate) const UNIT: usize = 1;
pub(crate) const DETAIL: usize = 2;
pub(crate) const GROUP: usize = 3;
pub(crate) const ITEM: usize = 4;
pub(crate) const NAME: usize = 5;
pub(crate) const BASIS: usize = 6;
pub(crate) const AMOUNT: usize = 7;

/// The columns, in the order of the constants above.
pub(crate) const SPECS: [Spec; 8] = [
    Spec::optional("policy", "정책사업").or(&["정책사업명", "정책"]),
    Spec::optional("unit", "단위사업").or(&["단위사업명", "단위"]),
    Spec::required("detail", "세부사업").or(&["세부사업명", "세부"]),
    Spec::optional("group", "편성목").or(&["편성목명"]),
    Spec::optional("item", "통계목").or(&["통계목명", "세목"]),
    Spec::optional("name", "사업명").or(&["산출근거명", "산출내역", "산출내역명", "내역"]),
    Spec::optional("basis", "산출기초").or(&["산출근거", "산출식", "산출기초내역"]),
    Spec::required("amount", "예산액").or(&["금액", "요구액", "편성액"]),
];

/// The file's problems as they are found.
pub(crate) struct Problems<'c> {
    pub(crate) columns: &'c Columns,
    pub(crate) list: Vec<FlatProblem>,
}

impl Problems<'_> {
    pub(crate) fn push(&mut self, line: usize, field: Option<usize>, issue: FlatIssue) {
        self.list.push(FlatProblem {
            line,
            column: field.and_then(|f| self.columns.header(f)),
            issue,
        });
    }
}
