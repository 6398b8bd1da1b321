//! `/api/budget` and `/api/status` against the seed's tables (not a
//! snapshot): every line's amount and prior-year figure in the seed's
//! summaries, program view and 세입예산 table, and every line's execution
//! in 세출예산 집행현황, on 2023-10-18. The seed's 천원 are the API's won
//! divided by 1,000.

mod common;

#[path = "../../yesan-report/tests/seed/mod.rs"]
mod seed;

use common::{Who, app, body_text, send};
use seed::{norm, seed_tables};
use serde_json::Value;
use yesan_web::Config;

/// A seed figure in won (천원 × 1,000), or the rate itself.
fn seed_value(t: &str) -> Option<f64> {
    if t == "-" || t == "순증" {
        return None;
    }
    let neg = t.starts_with('△');
    let digits: String = t
        .trim_start_matches(['△', '+'])
        .trim_end_matches('%')
        .chars()
        .filter(|c| *c != ',')
        .collect();
    let v: f64 = digits.parse().expect("a figure");
    let v = if neg { -v } else { v };
    Some(if t.ends_with('%') { v } else { v * 1000.0 })
}

async fn get_json(app: &common::App, path: &str) -> Value {
    let res = send(app, Who::Viewer, "GET", path, "").await;
    assert_eq!(res.status(), 200, "{path}");
    serde_json::from_str(&body_text(res).await).expect("JSON")
}

#[tokio::test]
async fn the_budget_api_has_the_seeds_amounts_and_prior_year() {
    let app = app(Config::default()).await;
    let budget = get_json(&app, "/i/default/api/budget?as_of=2023-10-18").await;
    let lines = budget["lines"].as_array().expect("lines");
    let by_name = |name: &str, kind: &str| -> Vec<&Value> {
        lines
            .iter()
            .filter(|l| l["kind"] == kind)
            .filter(|l| norm(l["name"].as_str().unwrap_or_default()) == name)
            .collect()
    };
    let mut checked = 0;
    let mut diff = Vec::new();
    for table in seed_tables() {
        let kind = match table.heading {
            "세입 총괄" | "세입예산" => "revenue",
            "세출 총괄" | "2023년 예산" => "expenditure",
            _ => continue,
        };
        for (line, label, figs) in &table.rows {
            // Totals and subtotals are the API's to add up; its lines are
            // the budget's own.
            if matches!(label.as_str(), "계" | "소계" | "총예산계") {
                continue;
            }
            // The program view prints two lines by their view names (the
            // dataset's view_name); the API lists every line by its name.
            let name = match label.as_str() {
                "인력운영비" => "인건비",
                "기본경비" => "경비",
                other => other,
            };
            let found = by_name(name, kind);
            let Some(l) = found.first() else {
                diff.push(format!(
                    "{}: seed line {line} {label} not in /api/budget",
                    table.heading
                ));
                continue;
            };
            checked += 1;
            let amount = l["amount"].as_f64();
            if amount != seed_value(&figs[0]) {
                diff.push(format!(
                    "{} {label}: amount {amount:?}, the seed says {}",
                    table.heading, figs[0]
                ));
            }
            if let Some(prior) = figs.get(1)
                && l["prior"].as_f64() != seed_value(prior)
            {
                diff.push(format!(
                    "{} {label}: prior {}, the seed says {prior}",
                    table.heading, l["prior"]
                ));
            }
        }
    }
    assert!(checked >= 30, "only {checked} lines compared");
    assert!(diff.is_empty(), "{}", diff.join("\n"));
}

#[tokio::test]
async fn the_status_api_has_the_seeds_execution_table() {
    let app = app(Config::default()).await;
    let status = get_json(&app, "/i/default/api/status?as_of=2023-10-18").await;
    let rows = status["rows"].as_array().expect("rows");
    let seed = seed_tables()
        .into_iter()
        .find(|t| t.heading == "세출예산 집행현황")
        .expect("the seed's execution table");
    for (line, label, figs) in &seed.rows {
        let row = rows
            .iter()
            .find(|r| norm(r["name"].as_str().unwrap_or_default()).ends_with(label.as_str()))
            .unwrap_or_else(|| panic!("seed line {line}: {label} not in /api/status"));
        let got: Vec<Option<f64>> = [
            "budget",
            "committed",
            "disbursed",
            "commit_rate",
            "disburse_rate",
        ]
        .iter()
        .map(|k| row[*k].as_f64())
        .collect();
        let want: Vec<Option<f64>> = figs.iter().map(|t| seed_value(t)).collect();
        assert_eq!(got, want, "seed line {line}: {label}");
    }
}
