//! The entry form's decoding (what the entry handler does before budget
//! control): control characters and overlong document numbers are refused
//! by field, as the import refuses them by column.

use yesan_web::pages::execution::decode_entry_form;

const GOOD: &str =
    "date=2023-10-20&doc_no=W-1&kind=commit&line=E3.2.3&amount=1%2C000&ref=&counterparty=&memo=";

#[test]
fn a_good_form_decodes() {
    let e = decode_entry_form(GOOD.as_bytes()).expect("decodes");
    assert_eq!((e.doc_no.as_str(), e.amount.get()), ("W-1", 1_000));
}

#[test]
fn control_characters_and_long_numbers_are_refused_by_field() {
    let nul = GOOD.replace("doc_no=W-1", "doc_no=W%001");
    let fields = |body: &str| -> Vec<(String, String)> {
        decode_entry_form(body.as_bytes())
            .expect_err("refused")
            .into_iter()
            .map(|e| (e.field, e.message.ko))
            .collect()
    };
    let f = fields(&nul);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0, "doc_no");
    assert!(f[0].1.starts_with("제어 문자 U+0000"), "{f:?}");
    let ansi = GOOD.replace("memo=", "memo=%1B%5B31m%EB%B9%A8%EA%B0%95");
    assert_eq!(fields(&ansi)[0].0, "memo");
    let long = GOOD.replace("doc_no=W-1", &format!("doc_no={}", "N".repeat(65)));
    let f = fields(&long);
    assert!(f[0].1.starts_with("65자입니다. 64자까지"), "{f:?}");
    // A line code of ten thousand characters is quoted cut short (found
    // by the entry_form fuzz target).
    let f = fields(&GOOD.replace("line=E3.2.3", &format!("line={}", "G".repeat(10_000))));
    assert_eq!(f[0].0, "line");
    assert!(f[0].1.len() < 300, "{} bytes", f[0].1.len());
    // Not a form at all: refused field by field, no panic.
    assert!(fields("%%%=&&").iter().any(|(f, _)| f == "doc_no"));
}
