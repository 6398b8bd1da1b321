//! The format with several years (`yesan-dataset/2`): the default file
//! records 2022 and 2023, 2023's priors are computed from 2022, mappings
//! and typed priors are checked where they are written, and a
//! `yesan-dataset/1` file still reads as one institution and one year.

use yesan_dataset::{
    DEFAULT_TOML, FORMAT_2, default_dataset, default_institution, parse, parse_file, write,
};
use yesan_domain::{DEFAULT_INSTITUTION, LineCode, LineKind, PriorSource};

const V1: &str = include_str!("fixtures/v1-2023.toml");

fn problems(text: &str) -> Vec<String> {
    match parse_file("test.toml", text.as_bytes()) {
        Ok(_) => panic!("expected the file to be refused"),
        Err(e) => e.items().iter().map(ToString::to_string).collect(),
    }
}

fn line_of(text: &str, needle: &str) -> usize {
    let pos = text.find(needle).expect("needle");
    text[..pos].matches('\n').count() + 1
}

fn code(s: &str) -> LineCode {
    LineCode::parse(s).expect("code")
}

/// `text` with the first `from` after `anchor` replaced by `to`.
fn edit_after(text: &str, anchor: &str, from: &str, to: &str) -> String {
    let a = text.find(anchor).expect("anchor");
    let at = a + text[a..].find(from).expect("text after anchor");
    format!("{}{}{}", &text[..at], to, &text[at + from.len()..])
}

#[test]
fn default_file_records_2022_and_2023() {
    let f = default_institution().expect("default");
    assert_eq!(f.code.as_str(), "sdf");
    let years: Vec<i32> = f.years.iter().map(|d| d.budget.fiscal_year()).collect();
    assert_eq!(years, [2022, 2023]);
    let y22 = f.year(2022).expect("2022");
    // A past year of budget lines only: names from 2023, as of its year end.
    assert_eq!(y22.institution.name_ko, "서울디지털재단");
    assert_eq!(y22.institution.as_of.to_string(), "2022-12-31");
    assert!(y22.org.units().is_empty());
    assert_eq!(
        y22.budget.total(LineKind::Expenditure).amount.thousands(),
        9_840_213
    );
    // 2023 as recorded has no priors; computed, they are the seed's.
    let y23 = f.year(2023).expect("2023");
    assert!(y23.budget.lines().iter().all(|l| l.prior.is_none()));
    let d = default_dataset().expect("default");
    assert_eq!(
        d.budget.prior_source(),
        PriorSource::Computed { year: 2022 }
    );
    assert!(!d.budget.has_typed_priors());
    let prior = |c: &str| {
        d.budget
            .figures(&code(c))
            .and_then(|f| f.prior)
            .map(|p| p.thousands())
    };
    assert_eq!(prior("R3"), Some(285_420));
    assert_eq!(prior("R3.2"), Some(259_920));
    assert_eq!(prior("R6"), Some(0));
    assert_eq!(prior("E1"), Some(2_390_810));
    assert_eq!(prior("E3"), Some(5_338_493));
    assert_eq!(prior("E3.1"), None);
    assert_eq!(prior("E4"), Some(755_586));
    assert_eq!(prior("E4.1"), None);
}

#[test]
fn format_1_reads_as_one_institution_and_year() {
    let f = parse_file("v1.toml", V1.as_bytes()).expect("v1");
    assert_eq!(f.code.as_str(), DEFAULT_INSTITUTION);
    assert_eq!(f.years.len(), 1);
    let d = parse("v1.toml", V1.as_bytes()).expect("v1");
    assert_eq!(d.budget.prior_source(), PriorSource::Typed);
    assert!(d.budget.has_typed_priors());
    // The typed priors of the old file are the computed ones of the new.
    let new = default_dataset().expect("default");
    for l in new.budget.lines() {
        assert_eq!(
            d.budget.figures(&l.code),
            new.budget.figures(&l.code),
            "{}",
            l.code
        );
    }
    // Written back, it is format 2 with the default code, typed priors kept.
    let text = write(&d);
    assert!(text.contains(&format!("format = \"{FORMAT_2}\"")));
    assert!(text.contains("code = \"default\""));
    assert_eq!(parse("w.toml", text.as_bytes()).expect("back"), d);
}

#[test]
fn mapping_naming_an_unknown_line_is_placed() {
    let text = DEFAULT_TOML.replacen(
        "[years.institution]",
        "[[years.mappings]]\nfrom = [\"E9\"]\nto = [\"E3\"]\nnote = \"조직개편\"\n\n[years.institution]",
        1,
    );
    let p = problems(&text);
    let line = line_of(&text, "from = [\"E9\"]");
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(
        p[0].starts_with(&format!("test.toml:{line}:"))
            && p[0].contains("[from]")
            && p[0].contains("전년도 과목 E9이(가) 2022년 예산에 없습니다"),
        "{p:?}"
    );
}

#[test]
fn split_without_ratio_is_refused() {
    let text = DEFAULT_TOML.replacen(
        "[years.institution]",
        "[[years.mappings]]\nfrom = [\"E4\"]\nto = [\"E4.1\", \"E4.2\"]\n\n[years.institution]",
        1,
    );
    let p = problems(&text);
    assert!(
        p.iter()
            .any(|m| m.contains("[ratios]") && m.contains("2개 과목으로 나뉘는데")),
        "{p:?}"
    );
    // With ratios it reads, and the parts carry the comparison.
    let ok = text.replacen(
        "to = [\"E4.1\", \"E4.2\"]\n",
        "to = [\"E4.1\", \"E4.2\"]\nratios = [1, 1]\n",
        1,
    );
    let d = parse("ok.toml", ok.as_bytes()).expect("reads");
    let prior = |c: &str| d.budget.figures(&code(c)).and_then(|f| f.prior);
    assert_eq!(prior("E4.1").map(|p| p.thousands()), Some(377_793));
    // E4's children do not all map (E4.3 is new), so E4 keeps its own prior.
    assert_eq!(prior("E4").map(|p| p.thousands()), Some(755_586));
}

#[test]
fn typed_prior_in_a_year_after_a_recorded_one_is_refused() {
    let text = edit_after(
        DEFAULT_TOML,
        "fiscal_year = 2023\nunit",
        "amount = 2_396_332\n",
        "amount = 2_396_332\nprior = 2_390_810\n",
    );
    let p = problems(&text);
    let line = line_of(&text, "prior = 2_390_810");
    assert!(
        p.iter()
            .any(|m| m.starts_with(&format!("test.toml:{line}:"))
                && m.contains("[prior]")
                && m.contains("전년도 예산은 입력할 수 없습니다")),
        "{p:?}"
    );
}

#[test]
fn years_out_of_order_are_refused() {
    let text = DEFAULT_TOML.replacen("fiscal_year = 2022\n", "fiscal_year = 2024\n", 1);
    let p = problems(&text);
    assert!(p.iter().any(|m| m.contains("오름차순")), "{p:?}");
}
