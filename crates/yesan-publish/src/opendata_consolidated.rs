//! The city's open data package (시 출자·출연기관 종합 공개자료): the
//! consolidated view as one CSV (UTF-8 with BOM, one row per institution,
//! no total row — a reader sums) described by a Frictionless
//! `datapackage.json`, in the same conventions as the institution's
//! package ([`crate::opendata`]): ASCII field names, Korean titles,
//! amounts in KRW, rates in percent to one decimal.

use crate::PublishError;
use crate::opendata::{EXECUTION_FIELDS, Table, csv_bytes, field, schema, write_file};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use yesan_domain::rate::Rate;
use yesan_report::consolidated::Consolidated;

/// The resource's name (`consolidated.csv`).
pub const NAME: &str = "consolidated";

#[allow(clippy::cast_precision_loss)]
fn rate(r: Option<Rate>) -> Value {
    r.map_or(Value::Null, |r| json!(r.tenths() as f64 / 10.0))
}

/// The consolidated table, one row per institution in the view's order.
pub fn table(c: &Consolidated) -> Table {
    let as_of = c.as_of;
    let rows = c
        .rows
        .iter()
        .map(|r| {
            vec![
                json!(as_of.to_string()),
                json!(r.code),
                json!(r.name_ko),
                json!(r.name_en),
                r.fiscal_year.map_or(Value::Null, |y| json!(y)),
                json!(r.revenue.get()),
                json!(r.expenditure.get()),
                json!(r.committed.get()),
                json!(r.disbursed.get()),
                rate(r.commit_rate),
                rate(r.disburse_rate),
                json!(r.lagging_lines),
                json!(r.lagging_projects),
            ]
        })
        .collect();
    let [_, committed, disbursed, commit_rate, disburse_rate] = EXECUTION_FIELDS;
    Table {
        name: NAME,
        title: format!("기관별 예산 집행 종합현황 ({as_of} 기준)"),
        description: format!(
            "Every institution's budget and execution as of {as_of}: revenue and expenditure \
             budget as amended on that date, commitments and disbursements net of \
             cancellations, rates in percent to one decimal (empty when the budget is zero), \
             and the number of expenditure lines and projects whose disbursement lags the \
             expected curve by more than {} percentage points.",
            c.margin_points
        ),
        fields: vec![
            field("as_of", "date", "기준일", "The date the figures are for."),
            field("institution", "string", "기관코드", "Institution code."),
            field("name_ko", "string", "기관명", "Institution name (Korean)."),
            field(
                "name_en",
                "string",
                "기관명(영문)",
                "Institution name (English).",
            ),
            field(
                "fiscal_year",
                "year",
                "회계연도",
                "Fiscal year of the figures.",
            ),
            field(
                "revenue",
                "integer",
                "세입예산(원)",
                "Revenue budget as amended, KRW.",
            ),
            field(
                "budget",
                "integer",
                "세출예산현액(원)",
                "Expenditure budget as amended on the date, KRW.",
            ),
            committed,
            disbursed,
            commit_rate,
            disburse_rate,
            field(
                "lagging_lines",
                "integer",
                "집행부진 과목 수",
                "Expenditure lines lagging the expected curve.",
            ),
            field(
                "lagging_projects",
                "integer",
                "집행부진 사업 수",
                "Projects with a lagging line.",
            ),
        ],
        rows,
        primary_key: vec!["institution"],
    }
}

/// The package's `datapackage.json`.
pub fn descriptor(c: &Consolidated, t: &Table) -> Value {
    let as_of = c.as_of;
    json!({
        "name": format!("yesan-consolidated-{}", as_of.format("%Y%m%d")),
        "title": format!("기관별 예산 집행 종합현황 공개자료 ({as_of} 기준)"),
        "description": format!(
            "The city's consolidated view of {} institutions as of {as_of}. Produced by Yesan \
             from each institution's recorded data; amounts in KRW (won).",
            c.rows.len()
        ),
        "version": as_of.format("%Y.%m%d").to_string(),
        // Deterministic (the as-of date), so a package can be diffed.
        "created": format!("{as_of}T00:00:00Z"),
        "licenses": [{
            "name": "KOGL-Type1",
            "title": "공공누리 제1유형 (출처표시) / Korea Open Government License Type 1",
            "path": "https://www.kogl.or.kr/info/licenseType1.do"
        }],
        "keywords": ["budget", "예산", "집행", "fiscal", "KRW", "consolidated"],
        "resources": [{
            "name": t.name,
            "path": format!("{}.csv", t.name),
            "title": t.title,
            "description": t.description,
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8-sig",
            "schema": schema(t),
        }],
    })
}

/// Writes `consolidated.csv` and `datapackage.json` into `dir` (created
/// if missing); returns the paths, `datapackage.json` last.
///
/// # Errors
/// When a file cannot be written.
pub fn write(c: &Consolidated, dir: &Path) -> Result<Vec<PathBuf>, PublishError> {
    std::fs::create_dir_all(dir).map_err(|source| PublishError::Io {
        path: dir.to_owned(),
        source,
    })?;
    let t = table(c);
    let csv = write_file(dir, &format!("{NAME}.csv"), &csv_bytes(&t)?)?;
    let mut desc = serde_json::to_vec_pretty(&descriptor(c, &t))?;
    desc.push(b'\n');
    Ok(vec![csv, write_file(dir, "datapackage.json", &desc)?])
}
