//! The dataset format against the shipped default file: it parses, it
//! round-trips, and each kind of bad input is refused with a message that
//! names the file, line and field.

use yesan_dataset::{
    DEFAULT_TOML, DatasetError, default_dataset, default_institution, parse, parse_file, write_file,
};
use yesan_domain::LineKind;

fn problems(text: &str) -> Vec<String> {
    match parse("test.toml", text.as_bytes()) {
        Ok(_) => panic!("expected the dataset to be refused"),
        Err(e) => e.items().iter().map(ToString::to_string).collect(),
    }
}

/// The default file with one substring replaced (which must occur).
fn edit(from: &str, to: &str) -> String {
    assert!(
        DEFAULT_TOML.contains(from),
        "fixture text not found: {from}"
    );
    DEFAULT_TOML.replacen(from, to, 1)
}

fn line_of(text: &str, needle: &str) -> usize {
    let pos = text.find(needle).expect("needle");
    text[..pos].matches('\n').count() + 1
}

#[test]
fn default_dataset_parses_with_seed_totals() {
    let d = default_dataset().expect("default dataset");
    let rev = d.budget.total(LineKind::Revenue);
    let exp = d.budget.total(LineKind::Expenditure);
    assert_eq!(rev.amount.thousands(), 9_720_439);
    assert_eq!(rev.prior.map(|p| p.thousands()), Some(9_840_213));
    assert_eq!(exp.amount, rev.amount);
    assert_eq!(d.projects.len(), 10);
    assert_eq!(d.org.summary(), "1실 1본부 7팀");
    assert_eq!(d.staffing.headcount(), 53);
}

#[test]
fn round_trip_loses_nothing() {
    let f = default_institution().expect("default dataset");
    let text = write_file(&f);
    let back =
        parse_file("export.toml", text.as_bytes()).unwrap_or_else(|e| panic!("{e}\n---\n{text}"));
    assert_eq!(back, f);
    // Writing again is stable.
    assert_eq!(write_file(&back), text);
}

#[test]
fn wrong_type_names_line_and_field() {
    let text = edit("amount = 318_800", "amount = \"318,800\"");
    let p = problems(&text);
    assert_eq!(p.len(), 1, "{p:?}");
    let line = line_of(&text, "amount = \"318,800\"");
    assert!(p[0].starts_with(&format!("test.toml:{line}:")), "{}", p[0]);
    assert!(
        p[0].contains("[amount]") && p[0].contains("값의 형식이 틀렸습니다"),
        "{}",
        p[0]
    );
}

#[test]
fn unknown_parent_line() {
    let text = edit("parent = \"E3.1\"", "parent = \"E9\"");
    let p = problems(&text);
    let line = line_of(&text, "parent = \"E9\"");
    assert!(
        p.iter()
            .any(|m| m.starts_with(&format!("test.toml:{line}:"))
                && m.contains("[parent]")
                && m.contains("there is no parent budget line 'E9'")),
        "{p:?}"
    );
}

#[test]
fn children_disagreeing_with_stated_total() {
    let text = edit("amount = 1_537_060", "amount = 1_537_000");
    let p = problems(&text);
    assert_eq!(p.len(), 1, "{p:?}");
    let line = line_of(&text, "amount = 1_537_000");
    assert!(p[0].starts_with(&format!("test.toml:{line}:")), "{}", p[0]);
    assert!(
        p[0].contains("예산과목 E3.1") && p[0].contains("it should be 1,537,060천원"),
        "{}",
        p[0]
    );
}

#[test]
fn duplicate_code() {
    let text = edit("code = \"E3.1.2\"", "code = \"E3.1.1\"");
    let p = problems(&text);
    assert!(
        p.iter()
            .any(|m| m.contains("duplicate budget line code 'E3.1.1'") && m.contains("[code]")),
        "{p:?}"
    );
}

#[test]
fn non_utf8_file() {
    let mut bytes = DEFAULT_TOML.as_bytes().to_vec();
    let pos = DEFAULT_TOML.find("name_en").expect("name_en");
    bytes.splice(pos..pos, [0xB0, 0xA1]); // "가" in CP949
    let err = parse("cp949.toml", &bytes).expect_err("refused");
    let line = line_of(DEFAULT_TOML, "name_en");
    assert!(
        matches!(err, DatasetError::NotUtf8 { line: l, column: 1, .. } if l == line),
        "{err}"
    );
    assert!(err.to_string().contains("not UTF-8"));
}

#[test]
fn missing_required_field() {
    let text = edit("name_en = \"Seoul Digital Foundation\"\n", "");
    let p = problems(&text);
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(
        p[0].contains("[name_en]") && p[0].contains("필수 항목이 없습니다"),
        "{}",
        p[0]
    );
    assert!(p[0].starts_with("test.toml:"), "{}", p[0]);
}

#[test]
fn indicator_breakdown_must_sum() {
    let text = edit(
        "{ label = \"어린이\", value = 22469 }",
        "{ label = \"어린이\", value = 22468 }",
    );
    let p = problems(&text);
    assert!(
        p.iter()
            .any(|m| m.contains("indicator users") && m.contains("sums to 40,524")),
        "{p:?}"
    );
}

#[test]
fn over_commitment_in_the_ledger() {
    let text = edit("amount = 34_592", "amount = 215_001");
    let p = problems(&text);
    assert!(
        p.iter()
            .any(|m| m.contains("over budget") && m.contains("1,000 won short")),
        "{p:?}"
    );
}

#[test]
fn unknown_indicator_token_and_bad_period() {
    let p = problems(&edit("{users:breakdown}", "{user:breakdown}"));
    assert!(
        p.iter()
            .any(|m| m.contains("there is no indicator 'user'") && m.contains("[achievements]")),
        "{p:?}"
    );
    let p = problems(&edit("period = \"10~12월\"", "period = \"언젠가\""));
    assert!(
        p.iter()
            .any(|m| m.contains("[period]") && m.contains("cannot read the period '언젠가'")),
        "{p:?}"
    );
}

#[test]
fn bad_outline_indentation_points_at_the_line() {
    let text = edit("  - 노인요양시설", "   - 노인요양시설");
    let p = problems(&text);
    let line = line_of(&text, "   - 노인요양시설");
    // The message's own line number, read whole: line 1 must not pass for
    // line 12.
    let named_line = |m: &str| -> Option<usize> {
        let rest = m.strip_prefix("test.toml:")?;
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        digits.parse().ok()
    };
    assert!(
        p.iter().any(|m| named_line(m) == Some(line)),
        "{p:?} want line {line}"
    );
}

#[test]
fn amendments_and_prior_curve_round_trip() {
    let text = edit(
        "prior_label = \"2022 최종예산\"\n",
        "prior_label = \"2022 최종예산\"\nprior_curve = [30, 80, 150, 220, 300, 380, 450, 520, 600, 700, 820, 1000]\n",
    ) + "\n[[years.budget.amendments]]\nno = \"2023-추경-1\"\ndate = 2023-11-01\nkind = \"추경\"\nnote = \"이사회 의결\"\nchanges = [ { line = \"E3.2.3\", amount = 20_000 } ]\n";
    let d = parse("a.toml", text.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(d.amendments.len(), 1);
    assert_eq!(
        d.budget_on(chrono::NaiveDate::from_ymd_opt(2023, 11, 1).expect("date"))
            .total(LineKind::Expenditure)
            .amount
            .thousands(),
        9_740_439
    );
    let f = parse_file("a.toml", text.as_bytes()).expect("parses");
    let back = parse_file("b.toml", write_file(&f).as_bytes()).expect("round trip");
    assert_eq!(back, f);
    // A transfer that does not net to zero is refused with its place.
    let bad = text.replace("kind = \"추경\"", "kind = \"전용\"");
    let p = problems(&bad);
    assert!(
        p.iter()
            .any(|m| m.contains("amendment 2023-추경-1") && m.contains("net to zero")),
        "{p:?}"
    );
}
