//! What a page says after a save sent the reader to it ("기록했습니다: …",
//! "저장했습니다: …"). The redirect names what was saved (`?recorded=D-1`,
//! `?amended=…`, `?saved=1`); the page reads it back from the data and
//! says what the ledger now holds, so a link cannot make a page claim a
//! recording that did not happen. In the reader's language, as every
//! message.

use yesan_domain::amendment::Amendment;
use yesan_domain::execution::Entry;
use yesan_domain::format::{amount, thousand_won_exact};
use yesan_domain::{Budget, Lang, ko_en};

/// `D-1`'s line with its name, as the budget names it.
fn line_named(budget: &Budget, e: &Entry) -> String {
    budget
        .line(&e.line)
        .map_or_else(|| e.line.to_string(), |l| format!("{} {}", l.code, l.name))
}

/// "기록했습니다: 원인행위 D-1, E3.2.3 디지털 돌봄 체험버스 운영,
/// 10,000,000원(10,000천원), 2023-10-20".
pub fn recorded_entry(budget: &Budget, e: &Entry, lang: Lang) -> String {
    let kind = e.kind.name(lang);
    let (doc, date) = (&e.doc_no, e.date);
    let line = line_named(budget, e);
    let (won, k) = (amount(e.amount.get()), thousand_won_exact(e.amount.get()));
    ko_en!(
        lang,
        "기록했습니다: {kind} {doc}, {line}, {won}원({k}천원), {date}",
        "Recorded: {kind} {doc}, {line}, {won} won ({k} thousand won), {date}"
    )
}

/// "기록했습니다: 예산 변경 2023-전용-1(전용, 2023-10-19), 과목 2개".
pub fn recorded_amendment(a: &Amendment, lang: Lang) -> String {
    let (no, date, n) = (&a.no, a.date, a.changes.len());
    let kind = lang.pick(a.kind.korean(), a.kind.english());
    ko_en!(
        lang,
        "기록했습니다: 예산 변경 {no}({kind}, {date}), 과목 {n}개",
        "Recorded: amendment {no} ({kind}, {date}), {n} line(s)"
    )
}

/// "저장했습니다: 사업 2-3의 추진실적·성과지표·일정".
pub fn saved_project(code: &str, lang: Lang) -> String {
    ko_en!(
        lang,
        "저장했습니다: 사업 {code}의 추진실적·성과지표·일정",
        "Saved: project {code}'s achievements, indicators and schedule"
    )
}

/// "저장했습니다: 정원·현원(기준일 2023-10-18)".
pub fn saved_staffing(as_of: chrono::NaiveDate, lang: Lang) -> String {
    ko_en!(
        lang,
        "저장했습니다: 정원·현원(기준일 {as_of})",
        "Saved: the staffing table (as of {as_of})"
    )
}

/// `?recorded=…`: the entry just recorded, for a page's "기록했습니다".
#[derive(Debug, Default, serde::Deserialize)]
pub struct RecordedQuery {
    /// Its document number.
    #[serde(default)]
    pub recorded: Option<String>,
}

/// The "기록했습니다" of `q`'s entry, when the ledger holds it.
///
/// # Errors
/// The store's.
pub async fn recorded(
    store: &yesan_store::Store,
    budget: &Budget,
    q: &RecordedQuery,
    lang: Lang,
) -> Result<Option<String>, crate::error::AppError> {
    let Some(doc) = q.recorded.as_deref().filter(|d| !d.trim().is_empty()) else {
        return Ok(None);
    };
    Ok(store
        .entry(doc)
        .await?
        .map(|e| recorded_entry(budget, &e, lang)))
}

/// `to` with `key=value` added to its query.
pub fn with_param(to: &str, key: &str, value: &str) -> String {
    let pair = serde_urlencoded::to_string([(key, value)]).unwrap_or_default();
    let sep = if to.contains('?') { '&' } else { '?' };
    format!("{to}{sep}{pair}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_parameter_joins_the_query() {
        assert_eq!(
            with_param("/i/a/execution", "recorded", "D 1"),
            "/i/a/execution?recorded=D+1"
        );
        assert_eq!(
            with_param("/x?as_of=2023-10-18", "saved", "1"),
            "/x?as_of=2023-10-18&saved=1"
        );
    }
}
