//! The XLSX workbook's formulas evaluated by an independent engine: pycel
//! (PyPI, in the venv `.ci/run` makes under `target/xlsx-eval-venv`) reads
//! the formulas as written and computes them, never looking at the values
//! cached beside them. Every total, difference and rate of the seed's
//! tables must come out as the seed's figure, and every other formula as
//! the value the writer cached.
//!
//! Without the venv the test says so and passes locally; under CI (`CI`
//! set) it fails, so CI never goes green without evaluating.

mod common;

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;
use common::{figure_value, is_figure, norm, seed_tables};
use std::collections::HashMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("the repository root")
        .to_path_buf()
}

/// The Python with pycel: `YESAN_XLSX_EVAL_PYTHON`, or the venv `.ci/run`
/// makes.
fn python() -> Option<PathBuf> {
    std::env::var_os("YESAN_XLSX_EVAL_PYTHON")
        .map(PathBuf::from)
        .or_else(|| Some(repo_root().join("target/xlsx-eval-venv/bin/python")))
        .filter(|p| p.exists())
}

fn workbook_bytes() -> Vec<u8> {
    let d = yesan_dataset::default_dataset().expect("default dataset");
    let r = yesan_report::build(&d, NaiveDate::from_ymd_opt(2023, 10, 18).expect("date"));
    yesan_publish::xlsx::render(&r).expect("xlsx")
}

/// The sheet that holds each seed table.
fn sheet_of(heading: &str) -> &'static str {
    match heading {
        "인력 : 53명" => "인력",
        "세입 총괄" => "세입 총괄",
        "세출 총괄" => "세출 총괄",
        "2023년 예산" => "사업별 예산",
        "세입예산" => "세입예산",
        "세출예산 집행현황" => "세출예산 집행현황",
        other => panic!("no sheet for {other}"),
    }
}

/// Whether an evaluated value shows the seed's figure `t`.
fn shows(v: &serde_json::Value, t: &str) -> bool {
    match (v, figure_value(t)) {
        (serde_json::Value::String(s), None) => s == t,
        (serde_json::Value::Number(n), None) => t == "-" && n.as_f64() == Some(0.0),
        (serde_json::Value::Number(n), Some(want)) => {
            let f = n.as_f64().unwrap_or(f64::NAN);
            if t.ends_with('%') {
                (f * 1000.0).round() == (want * 10.0).round()
            } else {
                f.round() == want
            }
        }
        _ => false,
    }
}

/// The figure cells of each row of `sheet` that has any: (row, column) of
/// each, in order (the first column is a label).
fn figure_rows(wb: &mut Xlsx<Cursor<Vec<u8>>>, sheet: &str) -> Vec<(String, Vec<(u32, u32)>)> {
    let range = wb.worksheet_range(sheet).expect("sheet");
    let (r0, c0) = range.start().expect("non-empty sheet");
    let mut out = Vec::new();
    for (i, cells) in range.rows().enumerate() {
        let row = r0 + u32::try_from(i).expect("row");
        let mut label = String::new();
        let mut figs = Vec::new();
        for (j, c) in cells.iter().enumerate() {
            let col = c0 + u32::try_from(j).expect("column");
            match c {
                Data::String(s) if j == 0 || !is_figure(s) => label.push_str(s),
                Data::Empty => {}
                _ => figs.push((row, col)),
            }
        }
        if !figs.is_empty() {
            out.push((norm(&label), figs));
        }
    }
    out
}

#[test]
fn every_formula_evaluates_to_the_seeds_figures() {
    let Some(py) = python() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must evaluate the XLSX formulas: .ci/run installs pycel into target/xlsx-eval-venv"
        );
        eprintln!(
            "XLSX formulas not evaluated: needs target/xlsx-eval-venv with pycel (see .ci/run)"
        );
        return;
    };
    let bytes = workbook_bytes();
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("report.xlsx");
    std::fs::write(&path, &bytes).expect("write");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/xlsx_eval/evaluate.py");
    let out = Command::new(&py)
        .arg(&script)
        .arg(&path)
        .output()
        .expect("run the evaluator");
    assert!(
        out.status.success(),
        "evaluator failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let cells: Vec<(String, u32, u32, String, serde_json::Value)> =
        serde_json::from_slice(&out.stdout).expect("the evaluator's JSON");
    assert!(cells.len() >= 100, "only {} formulas", cells.len());
    let errors: Vec<_> = cells
        .iter()
        .filter(|c| c.4.get("error").is_some())
        .collect();
    assert!(
        errors.is_empty(),
        "formulas that did not evaluate: {errors:?}"
    );
    let evaluated: HashMap<(&str, u32, u32), (&str, &serde_json::Value)> = cells
        .iter()
        .map(|(s, r, c, f, v)| ((s.as_str(), *r, *c), (f.as_str(), v)))
        .collect();

    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).expect("a valid XLSX");
    let mut diff = Vec::new();
    let mut against_seed = 0;
    for table in seed_tables() {
        let sheet = sheet_of(table.heading);
        let rows = figure_rows(&mut wb, sheet);
        assert_eq!(rows.len(), table.rows.len(), "sheet {sheet}: figure rows");
        for ((line, label, figs), (ours, at)) in table.rows.iter().zip(&rows) {
            assert!(
                ours.ends_with(label.as_str()),
                "sheet {sheet}: {ours} for seed line {line} {label}"
            );
            for (t, (r, c)) in figs.iter().zip(at) {
                if let Some((formula, v)) = evaluated.get(&(sheet, *r, *c)) {
                    against_seed += 1;
                    if !shows(v, t) {
                        diff.push(format!(
                            "{sheet}!R{}C{} {formula} = {v}, the seed (line {line}, {label}) says {t}",
                            r + 1,
                            c + 1
                        ));
                    }
                }
            }
        }
    }
    // Every total (계, 소계), every change and every rate of those tables.
    assert!(
        against_seed >= 80,
        "only {against_seed} formulas compared with the seed"
    );
    // The other formulas (the project execution sheet): what the writer cached.
    for ((sheet, r, c), (formula, v)) in &evaluated {
        let cached = wb
            .worksheet_range(sheet)
            .expect("sheet")
            .get_value((*r, *c))
            .cloned()
            .unwrap_or_default();
        let same = match (&cached, v) {
            (Data::Float(f), serde_json::Value::Number(n)) => {
                (f - n.as_f64().unwrap_or(f64::NAN)).abs() < 1e-9 * f.abs().max(1.0)
            }
            (Data::Int(i), serde_json::Value::Number(n)) => Some(*i as f64) == n.as_f64(),
            (Data::String(s), serde_json::Value::String(t)) => s == t,
            _ => false,
        };
        if !same {
            diff.push(format!(
                "{sheet}!R{}C{} {formula} = {v}, cached {cached:?}",
                r + 1,
                c + 1
            ));
        }
    }
    assert!(diff.is_empty(), "{}", diff.join("\n"));
}
