//! The English interface where the words come from outside the templates:
//! the institution's name (its recorded English name), months and
//! schedule periods, and the report crate's tables that pages reuse (the
//! staffing table, duties, years compared), whose labels are Korean.
//!
//! The rule every English page follows, and `tests/english.rs` checks on
//! every page: Hangul appears only inside an element marked `lang="ko"`,
//! and only recorded data is marked so — names and texts the institution
//! recorded (budget lines, programs, projects and their sheets, units,
//! grades, people, schedule items, entries' memos and counterparties), the
//! Korean name of an institution without an English one, and the product's
//! own mark, 예산. Every label, heading, month and unit is English.

use crate::i18n::Lang;
use serde::Serialize;
use yesan_domain::period::Period;
use yesan_report::table::Table;

/// A text with the language it is in, for `lang="{{ x.lang }}"`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Text {
    /// As shown.
    pub text: String,
    /// `ko` or `en`.
    pub lang: &'static str,
}

impl Text {
    fn of(text: impl Into<String>) -> Text {
        let text = text.into();
        let lang = if has_hangul(&text) { "ko" } else { "en" };
        Text { text, lang }
    }
}

/// Whether `s` holds a Hangul syllable or letter.
pub fn has_hangul(s: &str) -> bool {
    s.chars()
        .any(|c| matches!(c, '\u{AC00}'..='\u{D7A3}' | '\u{3131}'..='\u{318E}' | '\u{1100}'..='\u{11FF}'))
}

/// An institution's name in `lang`: the recorded English name in English
/// when there is one, else the Korean name (marked as Korean).
pub fn name(lang: Lang, ko: &str, en: &str) -> Text {
    Text::of(lang.name(ko, en))
}

/// Month `m` (1–12) as a short label: `10월`, `Oct` (the report's rule).
pub fn month(lang: Lang, m: u32) -> String {
    yesan_report::words::month(lang, m)
}

/// A schedule period as written (Korean) or, in English, from its dates
/// (the report's rule, [`yesan_report::words::period`]).
pub fn period(lang: Lang, p: &Period, fiscal_year: i32) -> String {
    yesan_report::words::period(lang, p, fiscal_year)
}

/// A kind of amendment in `lang` (본예산, 추경 … or Original budget,
/// Supplementary budget …).
pub fn amendment_kind(lang: Lang, k: yesan_domain::amendment::AmendmentKind) -> &'static str {
    use yesan_domain::amendment::AmendmentKind as K;
    match lang {
        Lang::Ko => k.korean(),
        Lang::En => match k {
            K::Original => "Original budget",
            K::Supplementary => "Supplementary budget",
            K::Transfer => "Transfer between lines",
            K::CarryOver => "Carried over",
            K::Diversion => "Diversion (within an item)",
            K::Virement => "Virement (between items)",
        },
    }
}

pub use yesan_report::words::sheet_heading;

/// Korean labels of the report's tables and their English, longest first
/// where one contains another.
const GLOSSARY: &[(&str, &str)] = &[
    ("(단위 : 천원, %)", "(Unit: KRW 1,000; %)"),
    ("(단위 : 명)", "(Unit: persons)"),
    ("인원 (현원+정원 외)", "Staff (in post + outside the quota)"),
    ("세출 원인행위율", "Expenditure commitment rate"),
    ("세출 지출률", "Expenditure payment rate"),
    ("정원 외 인력", "Staff outside the quota"),
    ("세입 계", "Revenue total"),
    ("세출 계", "Expenditure total"),
    ("최종예산", "final budget"),
    ("예산현액", "current budget"),
    ("업무내용", "Duties"),
    ("부서명", "Unit"),
    ("과부족", "Difference"),
    ("구분", "Item"),
    ("정원", "Authorized"),
    ("현원", "In post"),
    ("기준", "as of"),
    ("계", "Total"),
];

/// A label of a report table in `lang`: known Korean phrases in English,
/// a bilingual note (`한국어 / English`) as its English half, a count
/// `8명` as `8`.
pub fn label(lang: Lang, s: &str) -> String {
    if lang == Lang::Ko {
        return s.to_owned();
    }
    if let Some((ko, en)) = s.split_once(" / ")
        && has_hangul(ko)
        && !has_hangul(en)
    {
        let marker = if ko.starts_with('※') { "※ " } else { "" };
        return format!("{marker}{}", en.trim());
    }
    let exact = GLOSSARY.iter().find(|(k, _)| *k == s.trim());
    if let Some((_, en)) = exact {
        return (*en).to_owned();
    }
    let mut out = s.to_owned();
    // Longer phrases first; a lone 계 only as a whole word.
    for (k, en) in GLOSSARY.iter().filter(|(k, _)| k.chars().count() > 1) {
        out = out.replace(k, en);
    }
    counts(&out)
}

/// `8명` → `8`.
fn counts(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev_digit = false;
    for c in s.chars() {
        if c == '명' && prev_digit {
            prev_digit = false;
            continue;
        }
        prev_digit = c.is_ascii_digit();
        out.push(c);
    }
    out
}

/// A column of a table as shown.
#[derive(Debug, Clone, Serialize)]
struct ColumnView {
    title: String,
    align: yesan_report::table::Align,
    lang: Option<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
struct GroupView {
    title: String,
    span: usize,
    lang: Option<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
struct CellView {
    text: String,
    rowspan: usize,
    lang: Option<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
struct RowView {
    kind: yesan_report::table::RowKind,
    cells: Vec<CellView>,
}

#[derive(Debug, Clone, Serialize)]
struct NoteView {
    text: String,
    lang: Option<&'static str>,
}

/// A report table as the table partial lays it out, in `lang`: labels in
/// English, and whatever stays Korean (recorded names) marked `lang="ko"`.
#[derive(Debug, Clone, Serialize)]
pub struct TableView {
    id: String,
    units: Option<String>,
    groups: Vec<GroupView>,
    columns: Vec<ColumnView>,
    rows: Vec<RowView>,
    notes: Vec<NoteView>,
}

/// `ko` where English text still holds Hangul (recorded data).
fn mark(lang: Lang, s: &str) -> Option<&'static str> {
    (lang == Lang::En && has_hangul(s)).then_some("ko")
}

/// `t` for a page in `lang`: column and group titles, the units line,
/// notes and the first cell of total rows as labels; every other cell as
/// recorded data, marked where it is Korean.
pub fn table(lang: Lang, t: &Table) -> TableView {
    let lab = |s: &str| label(lang, s);
    TableView {
        id: t.id.clone(),
        units: t.units.as_deref().map(lab),
        groups: t
            .groups
            .iter()
            .map(|g| {
                let title = lab(&g.title);
                GroupView {
                    lang: mark(lang, &title),
                    title,
                    span: g.span,
                }
            })
            .collect(),
        columns: t
            .columns
            .iter()
            .map(|c| {
                let title = lab(&c.title);
                ColumnView {
                    lang: mark(lang, &title),
                    title,
                    align: c.align,
                }
            })
            .collect(),
        rows: t
            .rows
            .iter()
            .map(|r| RowView {
                kind: r.kind,
                cells: r
                    .cells
                    .iter()
                    .map(|c| {
                        let known = GLOSSARY.iter().any(|(k, _)| *k == c.text.trim());
                        let text = if known { lab(&c.text) } else { c.text.clone() };
                        CellView {
                            lang: mark(lang, &text),
                            text,
                            rowspan: c.rowspan,
                        }
                    })
                    .collect(),
            })
            .collect(),
        notes: t
            .notes
            .iter()
            .map(|n| {
                let text = lab(n);
                NoteView {
                    lang: mark(lang, &text),
                    text,
                }
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    fn p(label: &str, start: Option<NaiveDate>, end: Option<NaiveDate>) -> Period {
        Period {
            label: label.into(),
            start,
            end,
        }
    }

    #[test]
    fn periods_read_in_english_from_their_dates() {
        let en = |x: &Period| period(Lang::En, x, 2023);
        assert_eq!(en(&p("12월", day(2023, 12, 1), day(2023, 12, 31))), "Dec");
        assert_eq!(
            en(&p("10~12월", day(2023, 10, 1), day(2023, 12, 31))),
            "Oct–Dec"
        );
        assert_eq!(en(&p("~11월", None, day(2023, 11, 30))), "until Nov");
        assert_eq!(en(&p("11월~", day(2023, 11, 1), None)), "from Nov");
        assert_eq!(
            en(&p("11.7~9", day(2023, 11, 7), day(2023, 11, 9))),
            "Nov 7–9"
        );
        assert_eq!(en(&p("~11.15", None, day(2023, 11, 15))), "until Nov 15");
        // The last day of a month reads as the month.
        assert_eq!(en(&p("~11.30", None, day(2023, 11, 30))), "until Nov");
        assert_eq!(
            en(&p("12월 ~ ’24.3월", day(2023, 12, 1), day(2024, 3, 31))),
            "Dec–Mar 2024"
        );
        assert_eq!(
            period(Lang::Ko, &p("10~12월", day(2023, 10, 1), None), 2023),
            "10~12월"
        );
    }

    #[test]
    fn report_labels_read_in_english() {
        assert_eq!(label(Lang::En, "2022 최종예산"), "2022 final budget");
        assert_eq!(
            label(Lang::En, "2023 예산현액 (’23.10.18.)"),
            "2023 current budget (’23.10.18.)"
        );
        assert_eq!(label(Lang::En, "계"), "Total");
        assert_eq!(label(Lang::En, "(단위 : 천원, %)"), "(Unit: KRW 1,000; %)");
        assert_eq!(
            label(Lang::En, "※ 정원 외 인력 : 파견공무원 1명, 계약직 8명"),
            "※ Staff outside the quota : 파견공무원 1, 계약직 8"
        );
        assert_eq!(
            label(
                Lang::En,
                "※ 과목은 최근 연도 기준 / lines of the latest year"
            ),
            "※ lines of the latest year"
        );
        assert_eq!(label(Lang::Ko, "계"), "계");
        assert_eq!(month(Lang::En, 10), "Oct");
        assert_eq!(month(Lang::Ko, 10), "10월");
        assert_eq!(name(Lang::En, "서울디지털재단", "").lang, "ko");
        assert_eq!(
            name(Lang::En, "서울디지털재단", "Seoul Digital Foundation").text,
            "Seoul Digital Foundation"
        );
    }
}
