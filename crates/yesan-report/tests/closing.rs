//! The closing statement (결산) report: figures computed by hand here
//! (never taken from Yesan's output), and snapshots of the Markdown and
//! HTML layouts.

use yesan_domain::message::Lang;
use yesan_report::closing;
use yesan_testkit::small_closing;

fn row<'a>(md: &'a str, label: &str) -> Vec<&'a str> {
    let line = md
        .lines()
        .find(|l| {
            l.trim_start_matches("| ")
                .trim_start_matches("**")
                .starts_with(label)
        })
        .unwrap_or_else(|| panic!("no row {label} in\n{md}"));
    line.trim_matches('|')
        .split('|')
        .map(|c| c.trim().trim_matches('*'))
        .collect()
}

#[test]
fn figures_by_hand() {
    let md = closing::markdown(&closing::build(&small_closing("서울디지털재단"), Lang::Ko));
    // 기본급: 10,000 − 9,500 − 0 = 500 lapses; 95.0% paid.
    assert_eq!(
        row(&md, "기본급"),
        ["기본급", "10,000", "9,500", "0", "500", "95.0"]
    );
    // 시민교육: 6,000 − 2,000 − 3,000 = 1,000; 연구: 4,000 − 1,000 − 1,500 = 1,500.
    assert_eq!(
        row(&md, "시민교육"),
        ["시민교육", "6,000", "2,000", "3,000", "1,000", "33.3"]
    );
    assert_eq!(
        row(&md, "연구"),
        ["연구", "4,000", "1,000", "1,500", "1,500", "25.0"]
    );
    assert_eq!(
        row(&md, "사업비"),
        ["사업비", "10,000", "3,000", "4,500", "2,500", "30.0"]
    );
    // 합계: 20,000 = 12,500 + 4,500 + 3,000.
    assert_eq!(
        row(&md, "합계"),
        ["합계", "20,000", "12,500", "4,500", "3,000", "62.5"]
    );
    assert_eq!(
        row(&md, "C-3"),
        ["C-3", "2023이월-C-3", "연구", "(주)가나", "1,500"]
    );
    assert_eq!(row(&md, "계"), ["계", "2건", "", "", "4,500"]);
    assert!(md.contains("(’23.12.31. 기준, 단위 : 천원, %)"));
}

#[test]
fn the_roll_up_places_sum_their_rows() {
    let r = closing::build(&small_closing("서울디지털재단"), Lang::Ko);
    for (i, p) in r.places.iter().enumerate() {
        if p.children.is_empty() {
            continue;
        }
        let sum: i64 = p.children.iter().map(|&c| r.figures[c].lapsed.get()).sum();
        assert_eq!(sum, r.figures[i].lapsed.get(), "row {i}");
    }
    assert_eq!(r.places[0].children, vec![1, 3]);
    let json: serde_json::Value =
        serde_json::from_str(&closing::json(&r).expect("test data")).expect("test data");
    assert_eq!(json["statement"]["total"]["lapsed"], 3_000_000);
}

#[test]
fn markdown_and_html_layouts() {
    let r = closing::build(&small_closing("서울디지털재단"), Lang::Ko);
    insta::assert_snapshot!("closing_md", closing::markdown(&r));
    let html = closing::html(&r).expect("test data");
    let body = &html[html.find("<body>").expect("test data")..];
    insta::assert_snapshot!("closing_html", body);
}

#[test]
fn in_english_the_same_figures_under_english_words() {
    let md = closing::markdown(&closing::build(&small_closing("서울디지털재단"), Lang::En));
    assert!(md.starts_with("# 서울디지털재단 Fiscal year 2023 expenditure settlement"));
    assert!(md.contains("## 1. Expenditure settlement"));
    assert!(md.contains("## 2. Carried-over commitments"));
    assert!(md.contains("(As of 2023-12-31; unit: KRW 1,000, %)"));
    assert!(
        md.contains(
            "| Budget line | Current budget | Paid | Carried over | Lapsed | Execution rate |"
        ),
        "{md}"
    );
    // The figures by hand of `figures_by_hand`; the lines keep their names.
    assert_eq!(
        row(&md, "Total"),
        ["Total", "20,000", "12,500", "4,500", "3,000", "62.5"]
    );
    assert_eq!(
        row(&md, "시민교육"),
        ["시민교육", "6,000", "2,000", "3,000", "1,000", "33.3"]
    );
    assert_eq!(
        row(&md, "C-3"),
        ["C-3", "2023이월-C-3", "연구", "(주)가나", "1,500"]
    );
    let totals: Vec<_> = md.lines().filter(|l| l.contains("**Total**")).collect();
    assert_eq!(totals.len(), 2, "{md}");
    assert!(
        totals[1].contains("2 items") && totals[1].contains("4,500"),
        "{md}"
    );
    assert!(!md.contains("합계") && !md.contains("이월 명세") && !md.contains("기준"));
    let r = closing::build(&small_closing("서울디지털재단"), Lang::En);
    let html = closing::html(&r).expect("test data");
    assert!(html.contains(r#"<html lang="en">"#));
    assert!(html.contains("□ Carried-over commitments"));
    insta::assert_snapshot!("closing_md_en", md);
}
