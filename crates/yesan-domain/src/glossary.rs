//! One glossary of the column names of budget figures, used by every
//! renderer: the web's templates (through `i18n.rs`), the report's tables
//! (and so Markdown, HTML, JSON, PDF, XLSX and HWPX, which lay those
//! tables out), the terminal's status, the open data and the CSV exports.
//! A heading means one number wherever it is shown:
//!
//! | term | Korean | English | the number |
//! |---|---|---|---|
//! | [`ORIGINAL`] | 본예산 | Original budget | the budget as first approved, before any amendment |
//! | [`CURRENT`] | 예산현액 | Current budget | 본예산 with every amendment (추경, 전용, 이용, 이월) in effect on the date |
//! | [`COMMITTED`] | 원인행위액 | Committed | net commitments on the date |
//! | [`DISBURSED`] | 지출액 | Paid | net payments on the date |
//! | [`COMMIT_RATE`] | 원인행위율 | Commitment rate | 원인행위액 ÷ 예산현액 |
//! | [`DISBURSE_RATE`] | 지출률 | Payment rate | 지출액 ÷ 예산현액 |
//! | [`AVAILABLE`] | 집행 가능액 | Available | 예산현액 − 원인행위액 |
//! | [`EXPECTED_RATE`] | 기대 지출률 | Expected payment rate | what the plan, the prior year's curve or the straight line expects paid |
//!
//! The seed report prints 예산현액 under the heading **예산액** in two
//! tables (「2023년 예산」 and the strategy table), and the report keeps
//! the seed's headings so that it reproduces it: [`REPORT_BUDGET`] is that
//! heading, and in the report it means 예산현액 and nothing else; nowhere
//! else is 예산액 a column name. When amendments make it differ from
//! 본예산, the report says so under those tables ([`report_budget_note`]).

use serde::Serialize;

/// A column name in Korean and English.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Term {
    /// The Korean name (shown first everywhere).
    pub ko: &'static str,
    /// The English name.
    pub en: &'static str,
}

/// 본예산: the budget as first approved.
pub const ORIGINAL: Term = Term {
    ko: "본예산",
    en: "Original budget",
};

/// 예산현액: the budget with every amendment in effect on the date.
pub const CURRENT: Term = Term {
    ko: "예산현액",
    en: "Current budget",
};

/// 원인행위액.
pub const COMMITTED: Term = Term {
    ko: "원인행위액",
    en: "Committed",
};

/// 지출액.
pub const DISBURSED: Term = Term {
    ko: "지출액",
    en: "Paid",
};

/// 원인행위율.
pub const COMMIT_RATE: Term = Term {
    ko: "원인행위율",
    en: "Commitment rate",
};

/// 지출률.
pub const DISBURSE_RATE: Term = Term {
    ko: "지출률",
    en: "Payment rate",
};

/// 집행 가능액.
pub const AVAILABLE: Term = Term {
    ko: "집행 가능액",
    en: "Available",
};

/// 기대 지출률.
pub const EXPECTED_RATE: Term = Term {
    ko: "기대 지출률",
    en: "Expected payment rate",
};

/// The seed report's heading for 예산현액 in 「2023년 예산」 and the
/// strategy table, kept as the seed prints it (see the module doc).
pub const REPORT_BUDGET: &str = "예산액";

/// The note under a report table headed [`REPORT_BUDGET`] when the
/// budget on the date differs from 본예산: what the heading's number is.
/// `date` as the report prints it (e.g. `’23.10.18.`).
pub fn report_budget_note(date: &str) -> String {
    format!(
        "※ {REPORT_BUDGET}: {date} 현재 {} ({}에 추경·전용·이용·이월 반영)",
        CURRENT.ko, ORIGINAL.ko
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_term_names_one_number_in_each_language() {
        let terms = [
            ORIGINAL,
            CURRENT,
            COMMITTED,
            DISBURSED,
            COMMIT_RATE,
            DISBURSE_RATE,
            AVAILABLE,
            EXPECTED_RATE,
        ];
        for (i, a) in terms.iter().enumerate() {
            for b in &terms[i + 1..] {
                assert_ne!(a.ko, b.ko);
                assert_ne!(a.en, b.en);
            }
            // The seed's report heading is none of the glossary's names.
            assert_ne!(a.ko, REPORT_BUDGET);
        }
        assert_eq!(
            report_budget_note("’23.12.31."),
            "※ 예산액: ’23.12.31. 현재 예산현액 (본예산에 추경·전용·이용·이월 반영)"
        );
    }
}
