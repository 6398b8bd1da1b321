//! Where a figure came from. Below the budget and the prior-year
//! computation, which both name it, so that neither imports the other back.

use serde::{Deserialize, Serialize};

/// Where a budget's prior-year figures come from: typed into the record
/// (only possible for an institution's first recorded year) or computed
/// from the recorded previous year through the line mapping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PriorSource {
    /// Typed in (전년도 예산 입력값).
    Typed,
    /// Computed from the recorded final budget of `year`.
    Computed {
        /// The previous fiscal year.
        year: i32,
    },
}
