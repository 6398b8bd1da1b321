//! The open data package's structure: every resource's file exists, CSV
//! files start with a BOM and their header is the schema's field names,
//! JSON files are arrays of objects with the schema's keys in order, and
//! the budget's figures add up to the seed report's totals.

mod common;

use chrono::NaiveDate;
use serde_json::Value;
use std::path::Path;

fn package(dir: &Path) -> Value {
    let d = yesan_dataset::default_dataset().expect("default dataset");
    let as_of = NaiveDate::from_ymd_opt(2023, 10, 18).expect("date");
    let written = yesan_publish::opendata::write(&d, as_of, dir).expect("write");
    assert!(
        written
            .last()
            .is_some_and(|p| p.ends_with("datapackage.json"))
    );
    let text = std::fs::read_to_string(dir.join("datapackage.json")).expect("descriptor");
    serde_json::from_str(&text).expect("descriptor is JSON")
}

fn field_names(resource: &Value) -> Vec<String> {
    resource["schema"]["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .map(|f| f["name"].as_str().expect("name").to_owned())
        .collect()
}

#[test]
fn every_resource_exists_and_matches_its_schema() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let pkg = package(tmp.path());
    let resources = pkg["resources"].as_array().expect("resources");
    let names: Vec<&str> = resources
        .iter()
        .filter_map(|r| r["name"].as_str())
        .collect();
    for want in ["budget", "execution", "staffing", "projects", "indicators"] {
        assert!(names.contains(&want), "no resource {want}");
        assert!(
            names.contains(&format!("{want}-json").as_str()),
            "no {want}-json"
        );
    }
    // Every file in the directory is described, and every description has a file.
    let mut files: Vec<String> = std::fs::read_dir(tmp.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n != "datapackage.json")
        .collect();
    files.sort();
    let mut paths: Vec<String> = resources
        .iter()
        .map(|r| r["path"].as_str().expect("path").to_owned())
        .collect();
    paths.sort();
    assert_eq!(files, paths);

    for r in resources {
        let path = tmp.path().join(r["path"].as_str().expect("path"));
        let bytes = std::fs::read(&path).expect("resource file exists");
        let fields = field_names(r);
        for f in r["schema"]["fields"].as_array().expect("fields") {
            let t = f["type"].as_str().expect("type");
            assert!(
                ["string", "integer", "number", "boolean", "date"].contains(&t),
                "{t}"
            );
        }
        match r["format"].as_str() {
            Some("csv") => {
                assert!(
                    bytes.starts_with(yesan_publish::opendata::BOM),
                    "{} has no BOM",
                    path.display()
                );
                let mut rd = csv::Reader::from_reader(&bytes[3..]);
                let header: Vec<String> = rd
                    .headers()
                    .expect("header")
                    .iter()
                    .map(ToOwned::to_owned)
                    .collect();
                assert_eq!(header, fields, "{}", path.display());
                let mut rows = 0;
                for rec in rd.records() {
                    assert_eq!(rec.expect("record").len(), fields.len());
                    rows += 1;
                }
                assert!(rows > 0, "{} is empty", path.display());
            }
            Some("json") => {
                // Keys in schema order: read the raw text, since a JSON map
                // would not keep it.
                let text = String::from_utf8(bytes).expect("UTF-8");
                let first = text.lines().nth(1).expect("a row");
                let keys: Vec<&str> = fields.iter().map(String::as_str).collect();
                let mut at = 0;
                for k in &keys {
                    let pos = first[at..]
                        .find(&format!("\"{k}\":"))
                        .unwrap_or_else(|| panic!("{k} out of order in {}", path.display()));
                    at += pos + 1;
                }
                let v: Value = serde_json::from_str(&text).expect("JSON");
                let rows = v.as_array().expect("array of rows");
                assert!(!rows.is_empty());
                for row in rows {
                    assert_eq!(row.as_object().expect("object").len(), keys.len());
                }
            }
            other => panic!("unexpected format {other:?}"),
        }
    }
}

#[test]
fn budget_is_mapped_to_fiscal_data_package_and_adds_up_to_the_seed() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let pkg = package(tmp.path());
    let budget = pkg["resources"]
        .as_array()
        .expect("resources")
        .iter()
        .find(|r| r["name"] == "budget")
        .expect("budget");
    let column_types: Vec<&str> = budget["schema"]["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .filter_map(|f| f["columnType"].as_str())
        .collect();
    for c in ["direction", "phase", "value", "date:fiscal-year"] {
        assert!(column_types.contains(&c), "no FDP column type {c}");
    }

    let bytes = std::fs::read(tmp.path().join("budget.csv")).expect("budget.csv");
    let mut rd = csv::Reader::from_reader(&bytes[3..]);
    let mut sums = std::collections::HashMap::<(String, String, String), i64>::new();
    for rec in rd.records() {
        let rec = rec.expect("record");
        assert_eq!(&rec[9], "KRW");
        assert!(["approved", "adjusted", "executed"].contains(&&rec[2]));
        if &rec[7] == "true" {
            *sums
                .entry((rec[0].to_owned(), rec[1].to_owned(), rec[2].to_owned()))
                .or_default() += rec[8].parse::<i64>().expect("integer won");
        }
    }
    let k = |y: &str, d: &str, p: &str| {
        let won = sums[&(y.to_owned(), d.to_owned(), p.to_owned())];
        yesan_domain::format::amount(yesan_domain::Won::new(won).thousands())
    };
    // The seed's 계 rows: revenue total this year and the year before, and
    // the expenditure total (the same in a balanced budget).
    let seed_totals: Vec<Vec<String>> = common::seed_rows()
        .into_iter()
        .filter(|(_, l, _)| l == "계")
        .map(|(_, _, f)| f)
        .collect();
    let revenue = &seed_totals[0];
    assert_eq!(k("2023", "revenue", "adjusted"), revenue[0]);
    assert_eq!(k("2022", "revenue", "adjusted"), revenue[1]);
    assert_eq!(k("2023", "expenditure", "adjusted"), seed_totals[1][0]);
    // Disbursed as of the date: the seed's execution total (계 of Ⅳ, 지출액).
    let exec = seed_totals
        .iter()
        .find(|f| f.len() == 5)
        .expect("seed execution total");
    assert_eq!(k("2023", "expenditure", "executed"), exec[2]);
}
