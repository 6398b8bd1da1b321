//! The multi-year view of the default dataset (2022 and 2023) against the
//! seed's figures: 2022's 최종예산 column and 2023's 예산현액, execution
//! rates and headcount as of 2023-10-18, lines compared where the two
//! years agree.

use yesan_dataset::default_institution;
use yesan_report::years::{YearInput, build_years, markdown};

fn thousands(v: &[Option<yesan_domain::Won>]) -> Vec<Option<i64>> {
    v.iter().map(|w| w.map(|w| w.thousands())).collect()
}

#[test]
fn default_years_side_by_side() {
    let f = default_institution().expect("default");
    let inputs: Vec<YearInput<'_>> = f
        .years
        .iter()
        .map(|d| YearInput {
            dataset: d,
            mappings: f.mappings_of(d.budget.fiscal_year()),
        })
        .collect();
    let v = build_years(&inputs).expect("view");
    assert_eq!(v.years, [2022, 2023]);
    let row = |name: &str| {
        v.rows
            .iter()
            .find(|r| r.name == name)
            .unwrap_or_else(|| panic!("{name}"))
    };
    // Seed: 계 9,720,439 / 9,840,213; 사업비 5,067,700 / 5,338,493.
    assert_eq!(
        thousands(&row("세출 계").amounts),
        [Some(9_840_213), Some(9_720_439)]
    );
    assert_eq!(
        thousands(&row("세입 계").amounts),
        [Some(9_840_213), Some(9_720_439)]
    );
    assert_eq!(
        thousands(&row("사업비").amounts),
        [Some(5_338_493), Some(5_067_700)]
    );
    assert_eq!(
        thousands(&row("인건비").amounts),
        [Some(2_390_810), Some(2_396_332)]
    );
    assert_eq!(
        thousands(&row("대행사업수익").amounts),
        [Some(259_920), Some(372_000)]
    );
    // 2023's program groups have no 2022 counterpart.
    assert_eq!(
        thousands(&row("디지털서울 싱크탱크").amounts),
        [None, Some(1_537_060)]
    );
    // Seed: 계 … 61.8% 51.0% (원인행위율, 지출률) on 2023-10-18; 인 력 : 53명.
    assert_eq!(
        v.commit_rates[1].map(|r| r.percent()).as_deref(),
        Some("61.8%")
    );
    assert_eq!(
        v.disburse_rates[1].map(|r| r.percent()).as_deref(),
        Some("51.0%")
    );
    // 2022 records no entries: nothing disbursed against its budget.
    assert_eq!(
        v.disburse_rates[0].map(|r| r.percent()).as_deref(),
        Some("0.0%")
    );
    assert_eq!(v.headcount, [None, Some(53)]);
    let md = markdown(&v);
    assert!(md.contains("2022 최종예산"), "{md}");
    assert!(md.contains("2023 예산현액 (’23.10.18.)"), "{md}");
    assert!(md.contains("5,338,493"), "{md}");
    let html = yesan_report::html::render_years(&v).expect("html");
    assert!(
        html.contains("<table class=\"grid\" id=\"years\">"),
        "{html}"
    );
    assert!(
        html.contains("5,338,493") && html.contains("51.0%"),
        "{html}"
    );
}

#[test]
fn three_years_carry_figures_through_a_rename() {
    let f = default_institution().expect("default");
    let y22 = f.year(2022).expect("2022");
    // A made-up 2021 whose 인건비 was coded P1: the planner's 2022 mapping
    // P1 → E1 carries it into the view.
    let text = yesan_dataset::write_file(&f);
    let y2021 = "\n[[years]]\n\n[years.budget]\nfiscal_year = 2021\nunit = \"천원\"\n\n[[years.budget.lines]]\ncode = \"P1\"\nkind = \"expenditure\"\ncategory = \"personnel\"\nname = \"인건비\"\namount = 2_000_000\n";
    let at = text.find("\n# ── 2022년").expect("2022 section");
    let mut t = format!("{}{y2021}{}", &text[..at], &text[at..]);
    let anchor = t.find("fiscal_year = 2022\n").expect("2022 budget");
    t.insert_str(
        t[..anchor].rfind("[years.budget]").expect("header"),
        "[[years.mappings]]\nfrom = [\"P1\"]\nto = [\"E1\"]\nnote = \"과목 코드 변경\"\n\n",
    );
    let f3 = yesan_dataset::parse_file("three.toml", t.as_bytes())
        .unwrap_or_else(|e| panic!("{e}\n{t}"));
    assert_eq!(f3.years.len(), 3);
    assert_eq!(f3.year(2022).expect("2022").budget, y22.budget);
    let inputs: Vec<YearInput<'_>> = f3
        .years
        .iter()
        .map(|d| YearInput {
            dataset: d,
            mappings: f3.mappings_of(d.budget.fiscal_year()),
        })
        .collect();
    let v = build_years(&inputs).expect("view");
    let e1 = v.rows.iter().find(|r| r.name == "인건비").expect("E1");
    assert_eq!(
        thousands(&e1.amounts),
        [Some(2_000_000), Some(2_390_810), Some(2_396_332)]
    );
    // 2021 holds only 인건비, so the totals agree from 2022 on.
    let total = v.rows.iter().find(|r| r.name == "세출 계").expect("total");
    assert_eq!(total.amounts[0], None);
}
