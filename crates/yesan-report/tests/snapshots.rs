//! Snapshots of the rendered report (insta). They guard layout against
//! unintended change; the figures themselves are checked against the seed
//! in `golden.rs`. Update with `INSTA_UPDATE=always cargo test` and review
//! the diff.

use chrono::NaiveDate;
use yesan_report::{Format, build, render};

fn dataset() -> yesan_domain::Dataset {
    yesan_dataset::default_dataset().expect("default dataset")
}

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, 10, 18).expect("date")
}

#[test]
fn markdown_report() {
    insta::assert_snapshot!(render(&dataset(), as_of(), Format::Markdown).expect("md"));
}

#[test]
fn html_report() {
    let html = render(&dataset(), as_of(), Format::Html).expect("html");
    // Self-contained: no external stylesheet, script or font.
    assert!(!html.contains("<link") && !html.contains("<script") && !html.contains("@import"));
    assert!(html.contains("@page { size: A4;"));
    // The CSS is embedded verbatim, not HTML-escaped.
    assert!(html.contains("\"Noto Sans KR\"") && !html.contains("&quot;Noto"));
    insta::assert_snapshot!(html);
}

#[test]
fn json_execution_table() {
    let r = build(&dataset(), as_of());
    insta::assert_json_snapshot!(r.detail.execution_table);
}

#[test]
fn json_is_complete_data() {
    let json = render(&dataset(), as_of(), Format::Json).expect("json");
    let v: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    assert_eq!(v["sheets"].as_array().map(Vec::len), Some(10));
    assert_eq!(v["detail"]["execution"][0]["committed"], 6_009_773_000_i64);
    assert_eq!(v["detail"]["execution"][0]["commit_rate"], 61.8);
    assert_eq!(
        v["general"]["revenue_summary"]["rows"][6]["change"]["rate"]["kind"],
        "new"
    );
    assert_eq!(v["general"]["staffing"]["headcount"], 53);
}
