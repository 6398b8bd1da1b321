//! The 예산서 (세입세출예산서) of the book fixture (yesan-testkit's `book`):
//! figures worked out by hand here, never taken from Yesan's output, and a
//! snapshot of the Markdown layout.

use yesan_domain::Won;
use yesan_domain::basis::Rounding;
use yesan_report::book::{self, BookInput, BudgetBook};

fn the_book(rounding: Rounding) -> BudgetBook {
    let (b, basis) = (yesan_testkit::book::budget(), yesan_testkit::book::basis());
    book::build(&BookInput {
        institution: "서울디지털재단",
        budget: &b,
        basis: &basis,
        rounding,
        edition: "본예산",
        date: chrono::NaiveDate::from_ymd_opt(2023, 12, 20).expect("date"),
    })
    .expect("the book")
}

/// The cells of the first Markdown row whose first cell starts with `label`.
fn row<'a>(md: &'a str, label: &str) -> Vec<&'a str> {
    let line = md
        .lines()
        .find(|l| {
            l.trim_start_matches("| ")
                .trim_start_matches("**")
                .trim_start_matches('\u{3000}')
                .starts_with(label)
        })
        .unwrap_or_else(|| panic!("no row {label} in\n{md}"));
    line.trim_matches('|')
        .split('|')
        .map(|c| c.trim().trim_matches('*').trim_start_matches('\u{3000}'))
        .collect()
}

#[test]
fn lines_items_sums_and_rounding_by_hand() {
    let r = the_book(Rounding::Up);
    let edu = r.lines.iter().find(|l| l.code == "G.1.1").expect("G.1.1");
    let b = edu.basis.as_ref().expect("its 산출기초");
    // 50,000 × 20 × 10 = 10,000,000; 3,000 × 20 × 10 × 95% = 570,000;
    // 12,345 × 3 = 37,035.
    let products: Vec<i64> = b.items.iter().map(|i| i.product.get()).collect();
    assert_eq!(products, [10_000_000, 570_000, 37_035]);
    // 운영비 10,570,000, 자료 제작 37,035.
    let subtotals: Vec<(Option<&str>, i64)> = b
        .groups
        .iter()
        .map(|g| (g.heading.as_deref(), g.subtotal.get()))
        .collect();
    assert_eq!(
        subtotals,
        [(Some("운영비"), 10_570_000), (Some("자료 제작"), 37_035)]
    );
    // Sum 10,607,035 → 절상 10,608,000, 끝수 +965; the line's amount agrees.
    assert_eq!(
        (b.exact, b.amount, b.difference),
        (Won::new(10_607_035), Won::new(10_608_000), Won::new(965))
    );
    assert!(b.agrees);
    // 10,608,000 against 9,000,000: +1,608,000, 17.866…% → 17.9.
    assert_eq!(edu.change, Some(Won::new(1_608_000)));
    assert_eq!(edu.rate, "17.9%");
    let p = r.lines.iter().find(|l| l.code == "P").expect("P");
    let pb = p.basis.as_ref().expect("P's 산출기초");
    // 2,600,000 × 3 × 0.5 = 3,900,000; 10,001 × 33% = 3,300.33 → 3,300.
    assert_eq!(pb.items[1].product, Won::new(3_300));
    assert_eq!(pb.items[1].exact_product.as_deref(), Some("3,300.33원"));
    assert_eq!(
        (pb.exact, pb.amount, pb.difference),
        (Won::new(3_903_300), Won::new(3_904_000), Won::new(700))
    );
    // 3,904,000 against 4,000,000: △96,000, △2.4%.
    assert_eq!(p.change, Some(Won::new(-96_000)));
    // Totals: 17,000,000 against 15,000,000 on both sides.
    assert_eq!(
        r.totals,
        [(Won::new(17_000_000), Some(Won::new(15_000_000))); 2]
    );
}

#[test]
fn markdown_shows_the_hand_figures_in_thousands() {
    let md = book::markdown(&the_book(Rounding::Up));
    // 세출 합계 17,000 (15,000), +2,000, 2,000/15,000 = 13.33…% → 13.3.
    assert_eq!(
        row(&md, "세출 합계"),
        [
            "세출 합계",
            "",
            "",
            "17,000",
            "15,000",
            "2,000",
            "13.3%",
            "",
            ""
        ]
    );
    assert_eq!(
        row(&md, "교육 운영"),
        [
            "교육 운영",
            "G.1.1",
            "201-01",
            "10,608",
            "9,000",
            "1,608",
            "17.9%",
            "",
            ""
        ]
    );
    // The items in won, the sum and the rounding with its difference.
    assert!(
        md.contains("| ◦ 강사료 50,000원 × 20명 × 10회 | 10,000,000 |"),
        "{md}"
    );
    assert!(
        md.contains("| ◦ 다과비 3,000원 × 20명 × 10회 × 95% | 570,000 |"),
        "{md}"
    );
    assert!(md.contains("| [운영비] | 10,570,000 |"), "{md}");
    assert!(md.contains("| 계 | 10,607,035 |"), "{md}");
    assert!(
        md.contains("| 천원 미만 절상 (끝수 965) | 10,608,000 |"),
        "{md}"
    );
    assert!(
        md.contains("| ◦ 계약직 보수 2,600,000원 × 3명 × 0.5개월 | 3,900,000 |"),
        "{md}"
    );
    // 인건비: △96 (△2.4%).
    assert_eq!(
        row(&md, "인건비 | P"),
        [
            "인건비",
            "P",
            "101-01",
            "3,904",
            "4,000",
            "△96",
            "△2.4%",
            "",
            ""
        ]
    );
}

#[test]
fn economic_view_by_hand() {
    let r = the_book(Rounding::Up);
    let rows: Vec<(Option<&str>, &str, i64)> = r
        .economic
        .rows
        .iter()
        .map(|x| (x.code.as_deref(), x.name.as_str(), x.amount.get()))
        .collect();
    // 101 인건비 = P 3,904,000; 201 = G.1.1 10,608,000 + G.1.2 2,000,000
    // (under its parent's 201) = 12,608,000; 미분류 = 예비비 488,000.
    assert_eq!(
        rows,
        [
            (None, "합계", 17_000_000),
            (Some("101"), "인건비", 3_904_000),
            (Some("101-01"), "보수", 3_904_000),
            (Some("201"), "일반운영비", 12_608_000),
            (Some("201-01"), "사무관리비", 10_608_000),
            (Some("201"), "(통계목 미지정)", 2_000_000),
            (None, "미분류", 488_000),
        ]
    );
    // 201: 12,608 against 10,000 → +2,608, 26.08% → 26.1.
    let md = book::markdown(&r);
    assert_eq!(
        row(&md, "201 | 일반운영비"),
        [
            "201",
            "일반운영비",
            "12,608",
            "10,000",
            "2,608",
            "26.1%",
            "2"
        ]
    );
}

#[test]
fn each_rounding_rule_changes_only_the_basis_amount() {
    // 10,607,035: 절사 10,607,000 (△35), 반올림 10,607,000 (△35),
    // 원 단위 10,607,035 (0); the recorded 10,608,000 then disagrees.
    for (rule, amount, diff) in [
        (Rounding::Down, 10_607_000, -35),
        (Rounding::HalfUp, 10_607_000, -35),
        (Rounding::Exact, 10_607_035, 0),
    ] {
        let r = the_book(rule);
        let b = r
            .lines
            .iter()
            .find(|l| l.code == "G.1.1")
            .and_then(|l| l.basis.clone())
            .expect("basis");
        assert_eq!(
            (b.amount.get(), b.difference.get(), b.agrees),
            (amount, diff, false),
            "{rule:?}"
        );
    }
}

#[test]
fn html_and_json_render() {
    let r = the_book(Rounding::Up);
    let h = book::html(&r).expect("html");
    assert!(h.contains("서울디지털재단 2024년도 세입세출예산서"));
    assert!(h.contains("10,607,035"));
    let j: serde_json::Value =
        serde_json::from_str(&book::json(&r).expect("json")).expect("valid JSON");
    assert_eq!(j["totals"][1][0], 17_000_000);
}

#[test]
fn markdown_snapshot() {
    insta::assert_snapshot!("book_md", book::markdown(&the_book(Rounding::Up)));
}
