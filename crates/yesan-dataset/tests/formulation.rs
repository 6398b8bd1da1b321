//! The dataset fields of budget formulation: a line's economic
//! classification (`economic = "201-01"`) and the institution's
//! `[settings]` read, write back unchanged, and are refused with their
//! place when wrong; files without them (the default file, a
//! `yesan-dataset/1` file) read as before.

use yesan_dataset::{DEFAULT_TOML, default_institution, parse, parse_file, write_file};
use yesan_domain::basis::Rounding;
use yesan_domain::policy::Policy;
use yesan_domain::{EconomicCode, LineCode};

const V1: &str = include_str!("fixtures/v1-2023.toml");

/// `text` with the first `from` after `anchor` replaced by `to`.
fn edit_after(text: &str, anchor: &str, from: &str, to: &str) -> String {
    let a = text.find(anchor).expect("anchor");
    let at = a + text[a..].find(from).expect("text after anchor");
    format!("{}{}{}", &text[..at], to, &text[at + from.len()..])
}

fn with_formulation(economic: &str, rounding: &str) -> String {
    let text = edit_after(
        DEFAULT_TOML,
        "code = \"E3.1.1\"",
        "name = ",
        &format!("economic = \"{economic}\"\nname = "),
    );
    text.replacen(
        "code = \"sdf\"\n",
        &format!(
            "code = \"sdf\"\n\n[settings]\nbasis_rounding = \"{rounding}\"\nrequire_economic = true\n"
        ),
        1,
    )
}

#[test]
fn economic_codes_and_settings_read_and_write_back() {
    let text = with_formulation("307-05", "절상");
    let f = parse_file("f.toml", text.as_bytes()).expect("parses");
    assert_eq!(
        f.policy,
        Policy {
            rounding: Rounding::Up,
            require_economic: true,
            cap_achievement: false
        }
    );
    let y = f.year(2023).expect("2023");
    let line = y
        .budget
        .line(&LineCode::parse("E3.1.1").expect("code"))
        .expect("line");
    assert_eq!(
        line.economic,
        Some(EconomicCode::parse("307-05").expect("code"))
    );
    // Written back and read again: the same file.
    let again = parse_file("again.toml", write_file(&f).as_bytes()).expect("parses again");
    assert_eq!(again, f);
    assert!(write_file(&f).contains("economic = \"307-05\""));
    assert!(write_file(&f).contains("[settings]\nbasis_rounding = \"up\""));
    // The settings' rule: every other expenditure leaf lacks a code.
    let missing = f.policy.check(&y.budget);
    assert!(!missing.is_empty());
    assert!(
        missing.iter().all(|m| !m.to_string().contains("E3.1.1 ")),
        "the coded line is not listed"
    );
}

#[test]
fn files_without_them_read_as_before() {
    let f = default_institution().expect("default");
    assert_eq!(f.policy, Policy::default());
    assert!(
        f.years
            .iter()
            .flat_map(|d| d.budget.lines())
            .all(|l| l.economic.is_none())
    );
    // The default file writes back without a [settings] table.
    assert!(!write_file(&f).contains("[settings]"));
    let v1 = parse("v1.toml", V1.as_bytes()).expect("a format-1 file reads");
    assert!(v1.budget.lines().iter().all(|l| l.economic.is_none()));
}

#[test]
fn wrong_codes_and_settings_are_refused_with_their_place() {
    let text = with_formulation("203-02", "up");
    let err = parse_file("f.toml", text.as_bytes()).expect_err("refused");
    let items: Vec<String> = err.items().iter().map(ToString::to_string).collect();
    let line = text[..text.find("\neconomic = ").expect("field") + 1]
        .matches('\n')
        .count()
        + 1;
    assert!(
        items
            .iter()
            .any(|i| i.contains(&format!("f.toml:{line}:")) && i.contains("203-02")),
        "{items:#?}"
    );
    let text = with_formulation("2O1-01", "up");
    let err = parse_file("f.toml", text.as_bytes()).expect_err("refused");
    assert!(
        err.items()
            .iter()
            .any(|i| i.to_string().contains("편성목·통계목 코드가 아닙니다")),
        "{:#?}",
        err.items()
    );
    let text = with_formulation("201-01", "사사오입");
    let err = parse_file("f.toml", text.as_bytes()).expect_err("refused");
    assert!(
        err.items()
            .iter()
            .any(|i| i.to_string().contains("basis_rounding")),
        "{:#?}",
        err.items()
    );
}
