//! Tests of the economic classification: the shipped table reads, codes
//! parse, and file cells resolve in every way people write them.

use super::*;

fn code(s: &str) -> EconomicCode {
    EconomicCode::parse(s).unwrap()
}

fn std_table() -> &'static Classification {
    Classification::standard()
}

#[test]
fn the_shipped_table_reads_and_names_the_issues_codes() {
    let t = std_table();
    assert!(t.entries().len() >= 20, "{}", t.entries().len());
    for (c, name) in [
        ("201-01", "사무관리비"),
        ("202-01", "국내여비"),
        ("307-05", "민간위탁금"),
        ("401-01", "시설비"),
        ("201", "일반운영비"),
    ] {
        assert_eq!(t.get(code(c)).map(|e| e.ko.as_str()), Some(name), "{c}");
    }
    // Every 통계목 follows its 편성목.
    for (i, e) in t.entries().iter().enumerate() {
        if e.code.is_item() {
            assert!(t.entries()[..i].iter().any(|g| g.code == e.code.group()));
        }
        assert!(!e.en.is_empty());
    }
}

#[test]
fn codes_parse_and_show() {
    assert_eq!(code("201-01").to_string(), "201-01");
    assert_eq!(code("20101"), code("201-01"));
    assert_eq!(code(" 201 ").to_string(), "201");
    assert_eq!(code("201-01").group(), code("201"));
    assert!(code("201-01").is_item() && !code("201").is_item());
    for bad in [
        "20", "2011", "201-1", "201-00", "099", "abc", "201-01-1", "",
    ] {
        assert!(EconomicCode::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn cells_as_code_code_and_name_or_name() {
    let t = std_table();
    let r = |g: Option<&str>, i: Option<&str>| t.resolve(g, i);
    let expect = Ok(Some(code("201-01")));
    assert_eq!(r(Some("201"), Some("01")), expect);
    assert_eq!(r(Some("201 일반운영비"), Some("01 사무관리비")), expect);
    assert_eq!(r(Some("일반운영비"), Some("사무관리비")), expect);
    assert_eq!(r(None, Some("201-01")), expect);
    assert_eq!(r(None, Some("201-01 사무관리비")), expect);
    assert_eq!(r(None, Some("사무관리비")), expect);
    assert_eq!(r(Some("201"), None), Ok(Some(code("201"))));
    assert_eq!(r(Some(" "), Some("")), Ok(None));
    assert_eq!(r(None, None), Ok(None));
    // Spaces inside a name do not matter.
    assert_eq!(
        r(Some("401 시설비 및 부대비"), Some("01 시설비")),
        Ok(Some(code("401-01")))
    );
}

#[test]
fn cells_that_do_not_resolve() {
    let t = std_table();
    let r = |g: Option<&str>, i: Option<&str>| t.resolve(g, i).unwrap_err();
    assert_eq!(
        r(Some("999"), None),
        EconomicError::UnknownCode { code: code("999") }
    );
    assert!(matches!(
        r(Some("201 여비"), None),
        EconomicError::NameMismatch { .. }
    ));
    assert!(matches!(
        r(None, Some("01")),
        EconomicError::ItemWithoutGroup { .. }
    ));
    assert_eq!(
        r(Some("202"), Some("201-01")),
        EconomicError::GroupMismatch {
            group: code("202"),
            item: code("201-01")
        }
    );
    assert!(matches!(
        r(Some("무슨비"), None),
        EconomicError::UnknownName {
            level: "편성목",
            ..
        }
    ));
    assert!(matches!(
        r(Some("201"), Some("국내여비")),
        EconomicError::UnknownName {
            level: "통계목",
            ..
        }
    ));
    assert!(matches!(
        r(Some("2O1"), None),
        EconomicError::UnknownName { .. } | EconomicError::BadCode { .. }
    ));
    let e = r(Some("201"), Some("99"));
    assert_eq!(
        e.ko(),
        "201-99은(는) 표준 편성목·통계목 코드표에 없는 코드입니다"
    );
    assert_eq!(
        e.en(),
        "201-99 is not in the standard economic classification table"
    );
}

#[test]
fn ambiguous_names_need_the_group() {
    let t = Classification::parse(
        "code,name_ko,name_en\n201,일반운영비,a\n201-01,운영비,b\n202,여비,c\n202-01,운영비,d\n",
    )
    .unwrap();
    assert!(matches!(
        t.resolve(None, Some("운영비")),
        Err(EconomicError::Ambiguous { .. })
    ));
    assert_eq!(
        t.resolve(Some("202"), Some("운영비")),
        Ok(Some(code("202-01")))
    );
}

#[test]
fn a_broken_table_is_refused_whole() {
    let errors = Classification::parse(
        "# comment\ncode,name_ko,name_en\n201-01,사무관리비,x\n201,일반운영비\n2x1,a,b\n202,여비,t\n202,여비,t\n",
    )
    .unwrap_err();
    let lines: Vec<usize> = errors
        .iter()
        .map(|e| match e {
            EconomicError::Table { line, .. } => *line,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(lines, [3, 4, 5, 7]);
}
