//! Tests of the 산출기초 text parser: every form the issue lists (`*`,
//! `×`, `x`, percentages, units, commas, optional 원, the formula in
//! parentheses after a 사업명) and each refusal naming its part.

use super::*;
use crate::bilingual::Bilingual;

fn won(v: i64) -> Won {
    Won::new(v)
}

/// (description, price, factors as written, product).
fn read(text: &str) -> (String, Won, Vec<String>, Won) {
    let p = parse_item(text, None).unwrap_or_else(|e| panic!("{text}: {}", e.ko()));
    let i = &p.item;
    (
        i.description().to_owned(),
        i.unit_price(),
        i.factors().iter().map(ToString::to_string).collect(),
        i.amount().unwrap().won,
    )
}

#[test]
fn asterisks_and_a_percentage() {
    let (d, p, f, a) = read("48,000원*42개*95%");
    assert_eq!(d, "");
    assert_eq!(p, won(48_000));
    assert_eq!(f, ["42개", "95%"]);
    assert_eq!(a, won(1_915_200));
}

#[test]
fn times_signs_with_spaces() {
    let (d, p, f, a) = read("50,000원 × 20명 × 10회");
    assert_eq!((d.as_str(), p), ("", won(50_000)));
    assert_eq!(f, ["20명", "10회"]);
    assert_eq!(a, won(10_000_000));
}

#[test]
fn x_as_multiplication() {
    for text in [
        "50,000원 x 20명 x 10회",
        "50,000원 X 20명 X 10회",
        "50,000원x20명x10회",
        "50000x20명x10회",
        "50,000원 ✕ 20명 ✕ 10회",
    ] {
        let (_, p, f, a) = read(text);
        assert_eq!(p, won(50_000), "{text}");
        assert_eq!(f, ["20명", "10회"], "{text}");
        assert_eq!(a, won(10_000_000), "{text}");
    }
}

#[test]
fn x_inside_words_is_not_a_sign() {
    let (d, p, f, a) = read("Box 구입 5,000원 x 10개");
    assert_eq!(d, "Box 구입");
    assert_eq!((p, a), (won(5_000), won(50_000)));
    assert_eq!(f, ["10개"]);
    assert!(!looks_like_formula("Xbox 행사(2차)"));
}

#[test]
fn description_before_the_price() {
    let (d, p, _, a) = read("강사료 50,000원 × 20명 × 10회");
    assert_eq!((d.as_str(), p, a), ("강사료", won(50_000), won(10_000_000)));
    let (d, ..) = read("강사료: 50000 × 20명");
    assert_eq!(d, "강사료");
    let (d, ..) = read("○ 제2회 행사 운영 300,000원 × 2회");
    assert_eq!(d, "제2회 행사 운영");
    let (d, ..) = read("ㅇ 다과비 5,000원 × 30명 × 4회");
    assert_eq!(d, "다과비");
}

#[test]
fn name_with_the_formula_in_parentheses() {
    assert_eq!(
        split_name("기록관 환경정비(40,000원*29개*6회)"),
        ("기록관 환경정비", Some("40,000원*29개*6회"))
    );
    let (d, p, f, a) = read("기록관 환경정비(40,000원*29개*6회)");
    assert_eq!(d, "기록관 환경정비");
    assert_eq!(p, won(40_000));
    assert_eq!(f, ["29개", "6회"]);
    assert_eq!(a, won(6_960_000));
    // Parentheses that hold no formula belong to the name.
    for name in [
        "증강현실(AR) 서비스",
        "행사(2차)",
        "교통비 지원(1인당 10,000원)",
    ] {
        assert_eq!(split_name(name), (name, None), "{name}");
    }
    // Nested parentheses inside the name stay in the name.
    assert_eq!(
        split_name("스마트(AI) 교육(50,000원×20명)"),
        ("스마트(AI) 교육", Some("50,000원×20명"))
    );
}

#[test]
fn price_without_won_and_other_money_units() {
    assert_eq!(read("48000*42개").3, won(2_016_000));
    assert_eq!(read("5천원 × 10개").1, won(5_000));
    assert_eq!(read("3만원 × 10명").1, won(30_000));
    assert_eq!(read("1,000,000원 × 1식").3, won(1_000_000));
}

#[test]
fn decimals_and_units_in_factors() {
    assert_eq!(read("2,000,000원 × 1.5개월").3, won(3_000_000));
    assert_eq!(read("1,000,000원 × 11.75%").3, won(117_500));
    assert_eq!(read("30,000 X 1회선 X 12월").2, ["1회선", "12월"]);
    assert_eq!(read("20,000원 × 3").2, ["3"]);
    // 10,001 × 33% = 3,300.33: whole won kept, the fraction dropped.
    assert_eq!(read("10,001원 × 33%").3, won(3_300));
}

#[test]
fn an_amount_after_equals_is_checked() {
    let p = parse_item("48,000원*42개*95% = 1,915,200원", None).unwrap();
    assert_eq!(
        p.stated,
        Some(Stated {
            value: 1_915_200,
            unit: Some(MoneyUnit::Won)
        })
    );
    // In 천원 either side of the product.
    assert!(parse_item("48,000원*42개*95% = 1,915천원", None).is_ok());
    assert!(parse_item("48,000원*42개*95% = 1,916천원", None).is_ok());
    // A bare number is left to the caller, who knows the table's unit.
    let p = parse_item("30,000 X 1회선 X 12월 = 360", None).unwrap();
    assert_eq!(
        p.stated,
        Some(Stated {
            value: 360,
            unit: None
        })
    );
    assert_eq!(
        parse_item("48,000원*42개*95% = 1,900,000원", None),
        Err(BasisError::StatedDiffers {
            stated: won(1_900_000),
            computed: won(1_915_200)
        })
    );
    assert!(matches!(
        parse_item("48,000원*42개 = 약 2백만원", None),
        Err(BasisError::BadStated { .. })
    ));
}

#[test]
fn refusals_name_the_part() {
    let e = |t: &str| parse_item(t, None).unwrap_err();
    assert_eq!(e("   "), BasisError::Empty);
    assert!(matches!(e("강사료 × 20명"), BasisError::NoPrice { .. }));
    assert!(matches!(e("48,000원"), BasisError::NoFactor { .. }));
    assert_eq!(e("48,000원**42개"), BasisError::EmptyTerm { position: 2 });
    assert_eq!(e("48,000원*42개*"), BasisError::EmptyTerm { position: 3 });
    match e("48,000원*사십이개*95%") {
        BasisError::BadFactor { position, part, .. } => {
            assert_eq!((position, part.as_str()), (2, "사십이개"));
        }
        other => panic!("{other:?}"),
    }
    match e("48,000원*42개*9,5%") {
        BasisError::BadFactor {
            position, reason, ..
        } => {
            assert_eq!(position, 3);
            assert!(matches!(reason, DecimalError::Grouping { .. }));
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        e("48,000원 × 2 명 회"),
        BasisError::BadUnit { position: 2, .. }
    ));
    assert!(matches!(e("48,000.5원 × 2명"), BasisError::BadPrice { .. }));
    assert!(matches!(
        e("48,00원 × 2명"),
        BasisError::BadPrice {
            reason: Some(_),
            ..
        }
    ));
    assert!(matches!(e("48,000달러 × 2명"), BasisError::NoPrice { .. }));
    assert!(matches!(
        e("환불 -48,000원 × 2명"),
        BasisError::NegativePrice { .. }
    ));
    assert!(matches!(
        e("48,000원 × -2명"),
        BasisError::NegativeFactor { position: 2, .. }
    ));
    assert!(matches!(
        e("행사(48,000원 × 2명"),
        BasisError::UnclosedParenthesis { .. }
    ));
    assert!(matches!(
        e("48,000원\t× 2명"),
        BasisError::ControlCharacter { .. }
    ));
    assert!(matches!(
        e(&format!("{} 1원 × 1식", "가".repeat(MAX_TEXT))),
        BasisError::TooLong { .. }
    ));
}

#[test]
fn messages_say_which_part_in_each_language() {
    let e = parse_item("48,000원*사십이개", None).unwrap_err();
    assert_eq!(
        e.ko(),
        "2번째 항 '사십이개'의 수량을 읽을 수 없습니다: '사십이개'은(는) 숫자가 아닙니다"
    );
    assert_eq!(
        e.en(),
        "cannot read the quantity of term 2 '사십이개': '사십이개' is not a number"
    );
    assert_eq!(e.to_string(), e.ko());
    assert_eq!(e.both(), format!("{} / {}", e.ko(), e.en()));
}

#[test]
fn several_items_under_headings() {
    let text = "\
[ 인 건 비 성 경 비 ]
○ 강사료 50,000원 × 20명 × 10회
○ 원고료 13,000원 × 30매

<운영비>
- 다과비 5,000원 × 30명 × 4회
";
    let items = parse_items(text).unwrap();
    let got: Vec<(Option<&str>, &str, Won)> = items
        .iter()
        .map(|p| {
            (
                p.item.group(),
                p.item.description(),
                p.item.amount().unwrap().won,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (Some("인건비성경비"), "강사료", won(10_000_000)),
            (Some("인건비성경비"), "원고료", won(390_000)),
            (Some("운영비"), "다과비", won(600_000)),
        ]
    );
}

#[test]
fn several_items_all_or_nothing() {
    let text = "강사료 50,000원 × 20명\n원고료 13,000원 × 삼십매\n다과비 × 30명";
    let errors = parse_items(text).unwrap_err();
    assert_eq!(errors.len(), 2);
    assert_eq!(errors[0].0, 2);
    assert!(matches!(
        errors[0].1,
        BasisError::BadFactor { position: 2, .. }
    ));
    assert_eq!(errors[1].0, 3);
    assert!(matches!(errors[1].1, BasisError::NoPrice { .. }));
    assert_eq!(parse_items("\n \n"), Err(vec![(1, BasisError::Empty)]));
}

mod round_trip {
    use super::*;
    use crate::basis::item::{BasisItem, Factor, FactorUnit};
    use crate::decimal::Decimal;
    use proptest::prelude::*;

    fn unit() -> impl Strategy<Value = FactorUnit> {
        prop_oneof![
            Just(FactorUnit::Percent),
            Just(FactorUnit::Bare),
            prop::sample::select(vec!["명", "회", "개월", "식", "개", "회선", "km"])
                .prop_map(|u| FactorUnit::Unit(u.to_owned())),
        ]
    }

    fn factor() -> impl Strategy<Value = Factor> {
        (0i64..100_000, 0u8..=2, unit()).prop_map(|(units, scale, unit)| {
            let value = Decimal::new(units, scale).expect("scale");
            Factor::new(value, unit, 2).expect("non-negative")
        })
    }

    proptest! {
        /// What a 예산서 shows (`설명 50,000원 × 20명 × 10회`) reads back as
        /// the same item: the text form loses nothing.
        #[test]
        fn shown_items_parse_back(
            description in "[가-힣]{1,6}( [가-힣]{1,6}){0,2}",
            price in 0i64..100_000_000,
            factors in prop::collection::vec(factor(), 1..5),
        ) {
            let Ok(item) = BasisItem::new(None, &description, Won::new(price), factors) else {
                return Ok(()); // a product too large to keep
            };
            let back = parse_item(&item.to_string(), None).expect("parses").item;
            prop_assert_eq!(back, item);
        }
    }
}

#[test]
fn a_grid_cells_price_and_factors() {
    use crate::basis::{parse_factors, parse_price};
    assert_eq!(parse_price("50,000원").unwrap(), Won::new(50_000));
    assert_eq!(parse_price(" 50000 ").unwrap(), Won::new(50_000));
    assert_eq!(parse_price("5천원").unwrap(), Won::new(5_000));
    assert!(matches!(parse_price(""), Err(BasisError::NoPrice { .. })));
    assert!(matches!(
        parse_price("오만원"),
        Err(BasisError::NoPrice { .. })
    ));
    assert!(matches!(
        parse_price("-500"),
        Err(BasisError::NegativePrice { .. })
    ));
    assert!(matches!(
        parse_price("1.5원"),
        Err(BasisError::BadPrice { .. })
    ));
    let f = parse_factors("20명 × 10회").unwrap();
    assert_eq!(f.len(), 2);
    assert_eq!(f[1].to_string(), "10회");
    // `x` and `*` as signs, a percentage, a bare number.
    let f = parse_factors("42개 x 95%*3").unwrap();
    let shown: Vec<String> = f.iter().map(ToString::to_string).collect();
    assert_eq!(shown, ["42개", "95%", "3"]);
    assert!(matches!(
        parse_factors(""),
        Err(BasisError::EmptyTerm { position: 2 })
    ));
    assert!(matches!(
        parse_factors("3회 × "),
        Err(BasisError::EmptyTerm { position: 3 })
    ));
    assert!(matches!(
        parse_factors("셋"),
        Err(BasisError::BadFactor { position: 2, .. })
    ));
}
