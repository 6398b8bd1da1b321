//! The report's own words in one language: every heading, section title,
//! column name, row label, note, unit line, date and month the report
//! prints around the figures, in Korean (the seed's words, so that the
//! Korean report reproduces it) and in English. [`crate::build_in`] takes a
//! [`Lang`] and builds the report's text with these words; the figures are
//! computed the same way whatever the language. Every renderer (Markdown,
//! HTML, and `yesan-publish`'s PDF, XLSX and HWPX) takes its headings from
//! [`Words::of`] the report's language, so that no phrase is written twice.
//! The names of budget figures come from the one glossary
//! ([`yesan_domain::glossary`]); what people recorded (project, line and
//! unit names, duties, outlines) stays as recorded.
//!
//! English conventions: amounts in KRW thousand, negatives with a minus
//! sign (`-1,234`, where Korean writes `△1,234`), rates to one decimal,
//! dates in ISO form (`2023-10-18`), months as `Oct`.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use yesan_domain::glossary;
use yesan_domain::message::Lang;
use yesan_domain::org::{Organization, UnitKind};
use yesan_domain::period::Period;

macro_rules! words {
    ($($name:ident: $ko:literal, $en:literal;)*) => {
        /// The fixed words of the report in one language (see the module doc).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
        pub struct Words {
            /// The language of these words.
            pub lang: Lang,
            $(
                #[doc = concat!("`", $ko, "` / `", $en, "`")]
                pub $name: &'static str,
            )*
        }

        impl Words {
            /// The words in `lang`.
            pub fn of(lang: Lang) -> Words {
                Words { lang, $($name: lang.pick($ko, $en),)* }
            }
        }
    };
}

words! {
    part1: "일반현황", "General status";
    part1_spaced: "일 반 현 황", "General status";
    part2: "정책목표 및 추진전략", "Policy goals and strategy";
    part3: "주요 현안업무", "Key projects";
    purpose_and_businesses: "설립목적 및 사업", "Purpose and businesses";
    purpose: "설립목적", "Purpose";
    businesses: "목적사업", "Businesses";
    org: "조직", "Organization";
    org_spaced: "조 직", "Organization";
    head: "이사장", "President";
    staff: "인력", "Staff";
    staff_spaced: "인 력", "Staff";
    duties: "팀별 주요업무", "Duties by unit";
    revenue_summary: "세입 총괄", "Revenue summary";
    expenditure_summary: "세출 총괄", "Expenditure summary";
    revenue_budget: "세입예산", "Revenue budget";
    execution_status: "세출예산 집행현황", "Expenditure budget execution";
    program_budget_sheet: "사업별 예산", "Budget by project";
    project_execution_sheet: "사업별 집행현황", "Execution by project";
    overview: "사업개요", "Overview";
    background: "추진배경", "Background";
    content: "사업내용", "Content";
    budget: "사업예산", "Budget";
    indicators: "주요 지표", "Key indicators";
    indicator: "지표", "Indicator";
    result: "실적", "Result";
    breakdown: "세부", "Breakdown";
    as_of_column: "기준일", "As of";
    officer: "담당", "Officer";
    bullet: "ㅇ", "◦";
    item: "구분", "Item";
    total: "계", "Total";
    subtotal: "소 계", "Subtotal";
    grand_total: "총예산", "Total budget";
    targets: "성과지표 목표 대비 실적", "Indicator targets";
    baseline: "기준값", "Baseline";
    target: "목표", "Target";
    achievement: "달성률", "Achievement";
    direction: "방향", "Direction";
    higher_better: "높을수록 좋음", "Higher is better";
    lower_better: "낮을수록 좋음", "Lower is better";
    unit_cost: "단위당 비용", "Cost per unit";
    capped: "상한 적용", "capped";
    no_actual: "실적 없음", "no actual";
    project_name: "사업명", "Project";
    remarks: "비고", "Remarks";
    number: "번호", "No.";
    program_or_project: "사업군 / 사업", "Program / project";
    team: "담당부서", "Unit in charge";
    project: "사업", "Project";
    authorized: "정원", "Authorized";
    current: "현원", "In post";
    difference: "과부족", "Difference";
    unit_name: "부서명", "Unit";
    unit_duties: "업무내용", "Duties";
    change: "증  감", "Change";
    change_amount: "증감액", "Amount";
    change_rate: "증감률", "Rate";
    executed: "집행액", "Executed";
    execution_rate: "집행률(%)", "Execution rate (%)";
    commitment: "원인행위", "Committed";
    admin_costs: "행정운영경비", "Administrative costs";
    new_line: "순증", "New";
    thousand_units: "(단위 : 천원)", "(Unit: KRW 1,000)";
    minus: "△", "-";
}

impl Words {
    /// `2023 업무현황` / `2023 Business Status Report`.
    pub fn title(&self, fiscal_year: i32) -> String {
        self.pick(
            format!("{fiscal_year} 업무현황"),
            format!("{fiscal_year} Business Status Report"),
        )
    }

    fn pick(&self, ko: String, en: String) -> String {
        self.lang.pick(ko, en)
    }

    /// The as-of date as units lines write it: `’23.10.18.` / `2023-10-18`.
    pub fn date(&self, d: NaiveDate) -> String {
        self.pick(
            format!("’{:02}.{}.{}.", d.year() % 100, d.month(), d.day()),
            d.format("%Y-%m-%d").to_string(),
        )
    }

    /// The date of a cover: `2023. 10. 18.` / `2023-10-18`.
    pub fn long_date(&self, d: NaiveDate) -> String {
        self.pick(
            d.format("%Y. %-m. %-d.").to_string(),
            d.format("%Y-%m-%d").to_string(),
        )
    }

    /// `’23.10.18. 기준` / `As of 2023-10-18` (`label` as [`Words::date`]
    /// or [`Words::long_date`] writes it).
    pub fn as_of(&self, label: &str) -> String {
        self.pick(format!("{label} 기준"), format!("As of {label}"))
    }

    /// The colophon's line: what the figures were computed from.
    pub fn colophon(&self, iso: &str) -> String {
        self.pick(
            format!(
                "{iso} 기준으로 기록된 자료에서 계산함 / computed from recorded data as of {iso}"
            ),
            format!("computed from recorded data as of {iso}"),
        )
    }

    /// `(’23.10.18. 기준)` / `(as of 2023-10-18)`.
    pub fn as_of_paren(&self, label: &str) -> String {
        self.pick(format!("({label} 기준)"), format!("(as of {label})"))
    }

    /// The units line of money tables: `(’23.10.18. 기준, 단위 : 천원, %)`.
    pub fn units_line(&self, label: &str) -> String {
        self.pick(
            format!("({label} 기준, 단위 : 천원, %)"),
            format!("(As of {label}; unit: KRW 1,000, %)"),
        )
    }

    /// The staffing units line: `(’23.10.18. 기준, 단위: 명)`.
    pub fn staff_units(&self, label: &str) -> String {
        self.pick(
            format!("({label} 기준, 단위: 명)"),
            format!("(As of {label}; unit: persons)"),
        )
    }

    /// A headcount: `53명` / `53`.
    pub fn persons(&self, n: &str) -> String {
        self.pick(format!("{n}명"), n.to_owned())
    }

    /// An amount in 천원 as a sentence shows it: `318,800천원` /
    /// `KRW 318,800 thousand`.
    pub fn thousand_won(&self, figure: &str) -> String {
        self.pick(format!("{figure}천원"), format!("KRW {figure} thousand"))
    }

    /// A figure as shown in this language: Korean `△1,234`, English `-1,234`.
    pub fn figure(&self, s: &str) -> String {
        match self.lang {
            Lang::Ko => s.to_owned(),
            Lang::En => s.replace('△', self.minus),
        }
    }

    /// The institution's name as this language shows it: the Korean name
    /// in Korean; in English the recorded English name, or the Korean one
    /// where none is recorded.
    pub fn name<'a>(&self, ko: &'a str, en: &'a str) -> &'a str {
        match self.lang {
            Lang::En if !en.trim().is_empty() => en,
            _ => ko,
        }
    }

    /// The line under a project sheet: its execution as of `label`, the
    /// figures (천원, rates) as this language writes them:
    /// `※ 집행현황(’23.10.18. 기준) : 예산현액 318,800천원, 원인행위
    /// 1,234천원(0.4%), 지출 1,000천원(0.3%)`.
    pub fn execution_note(
        &self,
        label: &str,
        budget: &str,
        committed: &str,
        commit_rate: &str,
        paid: &str,
        paid_rate: &str,
    ) -> String {
        let k = |f: &str| self.thousand_won(f);
        self.pick(
            format!(
                "※ 집행현황({label} 기준) : {} {}, {} {}({commit_rate}), 지출 {}({paid_rate})",
                glossary::CURRENT.ko,
                k(budget),
                self.commitment,
                k(committed),
                k(paid),
            ),
            format!(
                "※ Execution (as of {label}): {} {}, committed {} ({commit_rate}), paid {} ({paid_rate})",
                glossary::CURRENT.en.to_lowercase(),
                k(budget),
                k(committed),
                k(paid),
            ),
        )
    }

    /// `2023년도 세입·세출 예산현황`.
    pub fn budget_status(&self, fy: i32) -> String {
        self.pick(
            format!("{fy}년도 세입·세출 예산현황"),
            format!("{fy} revenue and expenditure budget"),
        )
    }

    /// `2023년 예산`.
    pub fn year_budget(&self, fy: i32) -> String {
        self.pick(format!("{fy}년 예산"), format!("{fy} budget"))
    }

    /// Part Ⅳ's title, `2023 세입·세출예산 세부현황`, with the seed's
    /// middle dot (`·`, or `・` where `katakana_dot`).
    pub fn part4(&self, fy: i32, katakana_dot: bool) -> String {
        let dot = if katakana_dot { '・' } else { '·' };
        self.pick(
            format!("{fy} 세입{dot}세출예산 세부현황"),
            format!("{fy} revenue and expenditure budget in detail"),
        )
    }

    /// `서울디지털재단 정책목표 및 추진전략`.
    pub fn strategy_of(&self, name: &str) -> String {
        self.pick(
            format!("{name} {}", self.part2),
            format!("{name}: policy goals and strategy"),
        )
    }

    /// `사업별 집행률 (’23.10.18. 기준)`.
    pub fn project_rates(&self, label: &str) -> String {
        self.pick(
            format!("사업별 집행률 ({label} 기준)"),
            format!("Execution rate by project (as of {label})"),
        )
    }

    /// The comparison's column of this year: `2023 예산현액`.
    pub fn this_year(&self, fy: i32) -> String {
        format!("{fy} {}", self.term(glossary::CURRENT))
    }

    /// The revenue detail's columns: `’23년 예산현액`, `’22년 최종예산`,
    /// and the group `’22년 대비`.
    pub fn detail_columns(&self, fy: i32) -> [String; 3] {
        let yy = |y: i32| format!("’{:02}년", y.rem_euclid(100));
        match self.lang {
            Lang::Ko => [
                format!("{} {}", yy(fy), glossary::CURRENT.ko),
                format!("{} 최종예산", yy(fy - 1)),
                format!("{} 대비", yy(fy - 1)),
            ],
            Lang::En => [
                format!("{fy} {}", glossary::CURRENT.en),
                format!("{} Final budget", fy - 1),
                format!("Against {}", fy - 1),
            ],
        }
    }

    /// The prior year's column of the summaries: the recorded label in
    /// Korean (`2022 최종예산`), `2022 Final budget` in English.
    pub fn prior_label(&self, recorded: &str, fy: i32) -> String {
        self.pick(recorded.to_owned(), format!("{} Final budget", fy - 1))
    }

    /// A glossary term in this language.
    pub fn term(&self, t: glossary::Term) -> &'static str {
        self.lang.pick(t.ko, t.en)
    }

    /// The heading of the two tables showing 예산현액 as the seed heads
    /// it ([`glossary::REPORT_BUDGET`]); in English, the glossary's name.
    pub fn report_budget(&self) -> &'static str {
        self.lang
            .pick(glossary::REPORT_BUDGET, glossary::CURRENT.en)
    }

    /// The note under those tables when amendments make 예산현액 differ.
    pub fn report_budget_note(&self, label: &str) -> String {
        self.pick(
            glossary::report_budget_note(label),
            format!(
                "※ {}: {label}, the {} with every amendment in effect",
                glossary::CURRENT.en,
                glossary::ORIGINAL.en.to_lowercase()
            ),
        )
    }

    /// The note of staff outside the quota: `※ 정원 외 인력 : 파견 1명`.
    pub fn outside_quota(&self, parts: &[(String, String)]) -> String {
        let joined = |f: &dyn Fn(&str, &str) -> String| {
            parts
                .iter()
                .map(|(k, n)| f(k, n))
                .collect::<Vec<_>>()
                .join(", ")
        };
        self.pick(
            format!("※ 정원 외 인력 : {}", joined(&|k, n| format!("{k} {n}명"))),
            format!(
                "※ Staff outside the quota: {}",
                joined(&|k, n| format!("{k} {n}"))
            ),
        )
    }

    /// The organisation in brief: `1실 1본부 7팀` / `1 office, 1 division, 7 teams`.
    pub fn org_summary(&self, org: &Organization) -> String {
        if self.lang == Lang::Ko {
            return org.summary();
        }
        [
            (UnitKind::Office, "office", "offices"),
            (UnitKind::Division, "division", "divisions"),
            (UnitKind::Team, "team", "teams"),
        ]
        .into_iter()
        .filter_map(|(k, one, many)| {
            let n = org.count(k);
            (n > 0).then(|| format!("{n} {}", if n == 1 { one } else { many }))
        })
        .collect::<Vec<_>>()
        .join(", ")
    }

    /// A note written in both languages (`한국어 / English`) as this
    /// language reads it.
    pub fn note(&self, both: &str) -> String {
        match (self.lang, both.split_once(" / ")) {
            (Lang::En, Some((ko, en))) => {
                let marker = if ko.starts_with('※') { "※ " } else { "" };
                format!("{marker}{}", en.trim())
            }
            _ => both.to_owned(),
        }
    }

    /// A project sheet's recorded heading in English where it is one of
    /// the headings reports use (추진실적, 추진경과, 향후일정, 추진일정);
    /// any other stays as recorded.
    pub fn sheet_heading(&self, recorded: &str) -> String {
        match self.lang {
            Lang::Ko => recorded.to_owned(),
            Lang::En => sheet_heading(recorded).map_or_else(|| recorded.to_owned(), str::to_owned),
        }
    }

    /// A schedule period: as written in Korean; from its dates in English.
    pub fn period(&self, p: &Period, fiscal_year: i32) -> String {
        period(self.lang, p, fiscal_year)
    }
}

/// A project sheet's recorded heading in English, where it is one of the
/// headings reports use; `None` for any other.
pub fn sheet_heading(ko: &str) -> Option<&'static str> {
    match ko.trim() {
        "추진실적" | "주요 추진실적" => Some("Achievements"),
        "추진경과" => Some("Progress"),
        "향후일정" | "향후 일정" | "추진일정" | "향후 추진일정" => {
            Some("Schedule")
        }
        _ => None,
    }
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Month `m` (1–12) as a short label: `10월`, `Oct`.
pub fn month(lang: Lang, m: u32) -> String {
    match lang {
        Lang::Ko => format!("{m}월"),
        Lang::En => usize::try_from(m)
            .ok()
            .and_then(|i| MONTHS.get(i.wrapping_sub(1)))
            .map_or_else(|| m.to_string(), |s| (*s).to_owned()),
    }
}

/// A schedule period as written (Korean) or, in English, from its dates:
/// `Oct`, `Oct–Dec`, `until Nov`, `from Nov`, `Nov 7–9`, `until Nov 15`,
/// with the year where it is not the fiscal year's.
pub fn period(lang: Lang, p: &Period, fiscal_year: i32) -> String {
    if lang == Lang::Ko {
        return p.label.clone();
    }
    let whole_month_start = p.start.is_none_or(|d| d.day() == 1);
    let whole_month_end = p
        .end
        .is_none_or(|d| d.succ_opt().is_none_or(|n| n.day() == 1));
    let months = whole_month_start && whole_month_end;
    let show = |d: NaiveDate| {
        let m = month(Lang::En, d.month());
        let y = if d.year() == fiscal_year {
            String::new()
        } else {
            format!(" {}", d.year())
        };
        if months {
            format!("{m}{y}")
        } else {
            format!("{m} {}{y}", d.day())
        }
    };
    match (p.start, p.end) {
        (Some(s), Some(e))
            if s == e || (months && s.year() == e.year() && s.month() == e.month()) =>
        {
            show(s)
        }
        (Some(s), Some(e)) if !months && s.year() == e.year() && s.month() == e.month() => {
            format!("{}–{}", show(s), e.day())
        }
        (Some(s), Some(e)) => format!("{}–{}", show(s), show(e)),
        (None, Some(e)) => format!("until {}", show(e)),
        (Some(s), None) => format!("from {}", show(s)),
        (None, None) => p.label.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_words_have_no_hangul_and_korean_ones_are_the_seeds() {
        let en = Words::of(Lang::En);
        let ko = Words::of(Lang::Ko);
        let d = NaiveDate::from_ymd_opt(2023, 10, 18).unwrap();
        assert_eq!(ko.date(d), "’23.10.18.");
        assert_eq!(en.date(d), "2023-10-18");
        assert_eq!(en.as_of(&en.date(d)), "As of 2023-10-18");
        assert_eq!(
            ko.units_line("’23.10.18."),
            "(’23.10.18. 기준, 단위 : 천원, %)"
        );
        assert_eq!(en.figure("△1,234"), "-1,234");
        assert_eq!(ko.figure("△1,234"), "△1,234");
        let json = serde_json::to_string(&en).unwrap();
        assert!(!yesan_domain::message::has_hangul(&json), "{json}");
        assert!(!yesan_domain::message::has_hangul(&en.part4(2023, true)));
    }
}
