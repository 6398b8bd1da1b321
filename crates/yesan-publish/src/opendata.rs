//! The open data package (공공데이터 개방): the budget with the prior year,
//! execution as of a date, staffing, projects and indicators, each as CSV
//! (UTF-8 with BOM, so that Excel in Korean Windows opens it correctly) and
//! as JSON (an array of objects), described by one Frictionless
//! `datapackage.json` with a Table Schema (field names, types, titles) per
//! file.
//!
//! The budget follows the Fiscal Data Package conventions: one row per line
//! and budget phase, with `direction` (revenue / expenditure), `phase`
//! (approved / adjusted / executed), `fiscal_year`, and `amount` in KRW;
//! the fields carry FDP `columnType`s so that FDP tools can map them. The
//! figures are the domain's own: rolled-up totals from [`Budget`], execution
//! from [`ExecutionStatus`]; nothing is recomputed here.

use crate::PublishError;
use chrono::NaiveDate;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use yesan_domain::budget::{Budget, LineKind};
use yesan_domain::execution::ExecutionStatus;
use yesan_domain::rate::Rate;
use yesan_domain::{Dataset, Won};

/// The byte order mark that starts every CSV file.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A field of a table schema.
#[derive(Debug, Clone)]
pub struct Field {
    /// Column name (ASCII, snake_case).
    pub name: &'static str,
    /// Table Schema type: string, integer, number, boolean, date, year.
    pub kind: &'static str,
    /// Korean title.
    pub title: &'static str,
    /// English description.
    pub description: &'static str,
    /// Fiscal Data Package column type, when the field maps to one.
    pub column_type: Option<&'static str>,
}

pub(crate) const fn field(
    name: &'static str,
    kind: &'static str,
    title: &'static str,
    description: &'static str,
) -> Field {
    Field {
        name,
        kind,
        title,
        description,
        column_type: None,
    }
}

/// A line's execution on the date, as both the execution table and the
/// projects table carry it.
pub(crate) const EXECUTION_FIELDS: [Field; 5] = [
    field(
        "budget",
        "integer",
        "예산현액(원)",
        "Budget as amended on the date, KRW.",
    ),
    field(
        "committed",
        "integer",
        "원인행위액(원)",
        "Net commitments, KRW.",
    ),
    field(
        "disbursed",
        "integer",
        "지출액(원)",
        "Net disbursements, KRW.",
    ),
    field(
        "commit_rate",
        "number",
        "원인행위율(%)",
        "committed / budget, percent.",
    ),
    field(
        "disburse_rate",
        "number",
        "지출률(%)",
        "disbursed / budget, percent.",
    ),
];

const fn fdp(mut f: Field, column_type: &'static str) -> Field {
    f.column_type = Some(column_type);
    f
}

/// One table of the package.
#[derive(Debug, Clone)]
pub struct Table {
    /// Resource name stem (`budget` → `budget.csv`, `budget.json`).
    pub name: &'static str,
    /// Korean title.
    pub title: String,
    /// English description.
    pub description: String,
    /// Schema.
    pub fields: Vec<Field>,
    /// Rows, one value per field (`null` for a missing value).
    pub rows: Vec<Vec<Value>>,
    /// Primary key columns.
    pub primary_key: Vec<&'static str>,
}

fn won(w: Won) -> Value {
    json!(w.get())
}

/// A rate as the report shows it: a percentage to one decimal.
#[allow(clippy::cast_precision_loss)]
fn rate(r: Option<Rate>) -> Value {
    r.map_or(Value::Null, |r| json!(r.tenths() as f64 / 10.0))
}

fn depth(b: &Budget, code: &yesan_domain::LineCode) -> usize {
    b.ancestors(code).len()
}

fn budget_table(d: &Dataset, as_of: NaiveDate) -> Table {
    let fy = d.budget.fiscal_year();
    let adjusted = d.budget_on(as_of);
    let status = ExecutionStatus::compute(&adjusted, &d.ledger, as_of);
    let mut rows = Vec::new();
    for l in d.budget.lines() {
        let base = |phase: &str, year: i32, amount: Won| {
            vec![
                json!(year),
                json!(match l.kind {
                    LineKind::Revenue => "revenue",
                    LineKind::Expenditure => "expenditure",
                }),
                json!(phase),
                json!(l.code.as_str()),
                json!(l.name),
                l.parent.as_ref().map_or(Value::Null, |p| json!(p.as_str())),
                json!(depth(&d.budget, &l.code) + 1),
                json!(d.budget.is_leaf(&l.code)),
                won(amount),
                json!("KRW"),
            ]
        };
        let Some(f) = d.budget.figures(&l.code) else {
            continue;
        };
        // The prior year's final budget is that year's adjusted budget.
        if let Some(p) = f.prior {
            rows.push(base("adjusted", fy - 1, p));
        }
        rows.push(base("approved", fy, f.amount));
        if let Some(a) = adjusted.figures(&l.code) {
            rows.push(base("adjusted", fy, a.amount));
        }
        if l.kind == LineKind::Expenditure {
            rows.push(base("executed", fy, status.line(&l.code).disbursed));
        }
    }
    Table {
        name: "budget",
        title: format!("{fy}년 세입·세출 예산 (전년도 포함)"),
        description: format!(
            "Revenue and expenditure budget of {fy} by line, with the prior year's final budget. \
             One row per line and phase: approved (recorded budget), adjusted (as amended on {as_of}; \
             for {} the final budget), executed (disbursed as of {as_of}, expenditure only). \
             Parent lines carry the sum of their children; use leaf = true to avoid double counting.",
            fy - 1
        ),
        fields: vec![
            fdp(
                field("fiscal_year", "integer", "회계연도", "Fiscal year."),
                "date:fiscal-year",
            ),
            fdp(
                field(
                    "direction",
                    "string",
                    "구분(세입/세출)",
                    "revenue or expenditure.",
                ),
                "direction",
            ),
            fdp(
                field(
                    "phase",
                    "string",
                    "예산 단계",
                    "approved, adjusted or executed (Fiscal Data Package phases).",
                ),
                "phase",
            ),
            fdp(
                field("code", "string", "과목코드", "Budget line code."),
                "economic-classification:generic:code",
            ),
            fdp(
                field("name", "string", "과목명", "Budget line name."),
                "economic-classification:generic:label",
            ),
            fdp(
                field(
                    "parent",
                    "string",
                    "상위과목코드",
                    "Parent line code; empty for a top-level line.",
                ),
                "economic-classification:generic:parent",
            ),
            field(
                "level",
                "integer",
                "단계",
                "Depth in the line tree, 1 for a top-level line.",
            ),
            field(
                "leaf",
                "boolean",
                "최하위 과목",
                "Whether the line has no children.",
            ),
            fdp(
                field("amount", "integer", "금액(원)", "Amount in KRW (won)."),
                "value",
            ),
            field("currency", "string", "통화", "ISO 4217 currency code: KRW."),
        ],
        rows,
        primary_key: vec!["fiscal_year", "direction", "phase", "code"],
    }
}

fn execution_table(d: &Dataset, as_of: NaiveDate) -> Table {
    let b = d.budget_on(as_of);
    let status = ExecutionStatus::compute(&b, &d.ledger, as_of);
    let rows = b
        .lines()
        .iter()
        .filter(|l| l.kind == LineKind::Expenditure)
        .map(|l| {
            let x = status.line(&l.code);
            vec![
                json!(as_of.to_string()),
                json!(l.code.as_str()),
                json!(l.name),
                l.parent.as_ref().map_or(Value::Null, |p| json!(p.as_str())),
                json!(depth(&b, &l.code) + 1),
                json!(b.is_leaf(&l.code)),
                won(x.budget),
                won(x.committed),
                won(x.disbursed),
                rate(x.commit_rate()),
                rate(x.disburse_rate()),
            ]
        })
        .collect();
    Table {
        name: "execution",
        title: format!("세출예산 집행현황 ({as_of} 기준)"),
        description: format!(
            "Execution of every expenditure line as of {as_of}: budget as amended on that date, \
             commitments and disbursements net of cancellations, rates in percent to one decimal \
             (rounded half away from zero; empty when the budget is zero)."
        ),
        fields: vec![
            field(
                "as_of",
                "date",
                "기준일",
                "The date execution is computed for.",
            ),
            field("code", "string", "과목코드", "Budget line code."),
            field("name", "string", "과목명", "Budget line name."),
            field("parent", "string", "상위과목코드", "Parent line code."),
            field("level", "integer", "단계", "Depth in the line tree."),
            field(
                "leaf",
                "boolean",
                "최하위 과목",
                "Whether the line has no children.",
            ),
        ]
        .into_iter()
        .chain(EXECUTION_FIELDS)
        .collect(),
        rows,
        primary_key: vec!["code"],
    }
}

fn staffing_tables(d: &Dataset) -> [Table; 2] {
    let s = &d.staffing;
    let as_of = json!(s.as_of.to_string());
    let grades = s
        .grades
        .iter()
        .map(|g| {
            vec![
                as_of.clone(),
                json!(g.grade),
                json!(g.authorized),
                json!(g.current),
                json!(g.difference()),
            ]
        })
        .collect();
    let outside = s
        .outside_quota
        .iter()
        .map(|o| vec![as_of.clone(), json!(o.kind), json!(o.count)])
        .collect();
    [
        Table {
            name: "staffing",
            title: "직급별 정원·현원".into(),
            description:
                "Authorized and current staff by grade; difference = current − authorized.".into(),
            fields: vec![
                field("as_of", "date", "기준일", "The date of the counts."),
                field("grade", "string", "직급", "Grade."),
                field("authorized", "integer", "정원", "Authorized posts."),
                field("current", "integer", "현원", "Staff in post."),
                field("difference", "integer", "과부족", "current − authorized."),
            ],
            rows: grades,
            primary_key: vec!["grade"],
        },
        Table {
            name: "staffing-outside-quota",
            title: "정원 외 인력".into(),
            description: "Staff outside the quota, by kind (seconded officials, contract staff)."
                .into(),
            fields: vec![
                field("as_of", "date", "기준일", "The date of the counts."),
                field("kind", "string", "구분", "Kind of staff."),
                field("count", "integer", "인원", "Head count."),
            ],
            rows: outside,
            primary_key: vec!["kind"],
        },
    ]
}

fn project_tables(d: &Dataset, as_of: NaiveDate) -> [Table; 3] {
    let b = d.budget_on(as_of);
    let status = ExecutionStatus::compute(&b, &d.ledger, as_of);
    let unit = |c: &yesan_domain::UnitCode| d.org.unit(c).map_or(String::new(), |u| u.name.clone());
    let mut projects = Vec::new();
    let mut indicators = Vec::new();
    let mut parts = Vec::new();
    for p in &d.projects {
        let x = status.line(&p.line);
        let program = d
            .program(&p.program)
            .and_then(|g| b.line(&g.line))
            .map_or(String::new(), |l| l.name.clone());
        projects.push(vec![
            json!(p.code.to_string()),
            json!(p.program.to_string()),
            json!(program),
            json!(p.title),
            json!(unit(&p.team)),
            json!(p.line.as_str()),
            won(x.budget),
            won(x.committed),
            won(x.disbursed),
            rate(x.commit_rate()),
            rate(x.disburse_rate()),
            json!(p.purpose),
        ]);
        for i in &p.indicators {
            indicators.push(vec![
                json!(p.code.to_string()),
                json!(i.id),
                json!(i.name),
                json!(i.value),
                json!(i.unit),
                i.as_of.map_or(Value::Null, |d| json!(d.to_string())),
            ]);
            for part in &i.breakdown {
                parts.push(vec![
                    json!(p.code.to_string()),
                    json!(i.id),
                    json!(part.label),
                    json!(part.value),
                ]);
            }
        }
    }
    [
        Table {
            name: "projects",
            title: format!("주요사업 ({as_of} 기준 집행)"),
            description: format!(
                "Projects (주요 현안업무) with their budget line and its execution as of {as_of}."
            ),
            fields: vec![
                field("code", "string", "사업번호", "Project number."),
                field("program", "string", "사업군번호", "Program group number."),
                field("program_name", "string", "사업군", "Program group name."),
                field("title", "string", "사업명", "Project title."),
                field("team", "string", "담당부서", "Responsible team."),
                field(
                    "line",
                    "string",
                    "예산과목코드",
                    "The project's budget line (see budget).",
                ),
            ]
            .into_iter()
            .chain(EXECUTION_FIELDS)
            .chain([field(
                "purpose",
                "string",
                "사업목적",
                "One-paragraph purpose.",
            )])
            .collect(),
            rows: projects,
            primary_key: vec!["code"],
        },
        Table {
            name: "indicators",
            title: "성과지표".into(),
            description: "Performance indicators of the projects.".into(),
            fields: vec![
                field(
                    "project",
                    "string",
                    "사업번호",
                    "Project number (see projects).",
                ),
                field(
                    "id",
                    "string",
                    "지표ID",
                    "Indicator id, unique within the project.",
                ),
                field("name", "string", "지표명", "Indicator name."),
                field("value", "integer", "실적", "Value."),
                field("unit", "string", "단위", "Unit of the value."),
                field("as_of", "date", "기준일", "The date the value describes."),
            ],
            rows: indicators,
            primary_key: vec!["project", "id"],
        },
        Table {
            name: "indicator-parts",
            title: "성과지표 세부".into(),
            description:
                "Breakdown of indicators into parts; the parts sum to the indicator's value.".into(),
            fields: vec![
                field("project", "string", "사업번호", "Project number."),
                field(
                    "indicator",
                    "string",
                    "지표ID",
                    "Indicator id (see indicators).",
                ),
                field("label", "string", "구분", "Part label."),
                field("value", "integer", "실적", "Value of the part."),
            ],
            rows: parts,
            primary_key: vec!["project", "indicator", "label"],
        },
    ]
}

/// Every table of the package, for `as_of`.
pub fn tables(d: &Dataset, as_of: NaiveDate) -> Vec<Table> {
    let mut t = vec![budget_table(d, as_of), execution_table(d, as_of)];
    t.extend(staffing_tables(d));
    t.extend(project_tables(d, as_of));
    t
}

/// A cell: numbers as numbers, text quoted where a spreadsheet would take
/// it for a formula (`format::spreadsheet_text`; the JSON keeps the text).
fn csv_value(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => yesan_domain::format::spreadsheet_text(s).into_owned(),
        other => other.to_string(),
    }
}

/// A table as CSV bytes, BOM first.
///
/// # Errors
/// Only if the CSV writer fails on memory.
pub fn csv_bytes(t: &Table) -> Result<Vec<u8>, PublishError> {
    let mut w = csv::Writer::from_writer(BOM.to_vec());
    w.write_record(t.fields.iter().map(|f| f.name))?;
    for r in &t.rows {
        w.write_record(r.iter().map(csv_value))?;
    }
    w.into_inner().map_err(|e| PublishError::Io {
        path: PathBuf::from(format!("{}.csv", t.name)),
        source: e.into_error(),
    })
}

/// A table as a JSON array of objects, keys in schema order (readers that
/// match JSON keys to the schema by position, as Frictionless does, need
/// that; `serde_json`'s map would sort them).
///
/// # Errors
/// Only if serialisation fails.
pub fn json_bytes(t: &Table) -> Result<Vec<u8>, PublishError> {
    let mut out = String::from("[");
    for (i, r) in t.rows.iter().enumerate() {
        out.push_str(if i == 0 { "\n  {" } else { ",\n  {" });
        for (j, (f, v)) in t.fields.iter().zip(r).enumerate() {
            if j > 0 {
                out.push_str(", ");
            }
            out.push_str(&serde_json::to_string(f.name)?);
            out.push_str(": ");
            out.push_str(&serde_json::to_string(v)?);
        }
        out.push('}');
    }
    out.push_str("\n]\n");
    Ok(out.into_bytes())
}

pub(crate) fn schema(t: &Table) -> Value {
    let fields: Vec<Value> = t
        .fields
        .iter()
        .map(|f| {
            let mut o = json!({
                "name": f.name,
                "type": f.kind,
                "title": f.title,
                "description": f.description,
            });
            if let Some(c) = f.column_type {
                o["columnType"] = json!(c);
            }
            if f.name == "amount" {
                o["currency"] = json!("KRW");
            }
            o
        })
        .collect();
    json!({ "fields": fields, "primaryKey": t.primary_key, "missingValues": [""] })
}

/// The `datapackage.json` describing the tables' CSV and JSON files.
pub fn descriptor(d: &Dataset, as_of: NaiveDate, tables: &[Table]) -> Value {
    let mut resources = Vec::new();
    for t in tables {
        let s = schema(t);
        resources.push(json!({
            "name": t.name,
            "path": format!("{}.csv", t.name),
            "title": t.title,
            "description": t.description,
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8-sig",
            "schema": s,
        }));
        resources.push(json!({
            "name": format!("{}-json", t.name),
            "path": format!("{}.json", t.name),
            "title": format!("{} (JSON)", t.title),
            "description": t.description,
            "profile": "tabular-data-resource",
            "format": "json",
            "mediatype": "application/json",
            "encoding": "utf-8",
            "schema": s,
        }));
    }
    let fy = d.budget.fiscal_year();
    json!({
        "name": format!("yesan-{fy}-opendata"),
        "title": format!("{} {}년 예산·집행·인력·사업 공개자료", d.institution.name_ko, fy),
        "description": format!(
            "{} ({}): budget {} with the prior year, execution as of {as_of}, staffing, projects and indicators. \
             Produced by Yesan from recorded data; amounts in KRW (won).",
            d.institution.name_ko, d.institution.name_en, fy
        ),
        "version": format!("{fy}.{}", as_of.format("%m%d")),
        // Deterministic (the as-of date), so a package can be diffed.
        "created": format!("{as_of}T00:00:00Z"),
        "licenses": [{
            "name": "KOGL-Type1",
            "title": "공공누리 제1유형 (출처표시) / Korea Open Government License Type 1",
            "path": "https://www.kogl.or.kr/info/licenseType1.do"
        }],
        "keywords": ["budget", "예산", "집행", "fiscal", "KRW"],
        "fiscal": {
            "spec": "Fiscal Data Package conventions: direction, phase, fiscal_year, value",
            "currency": "KRW",
            "fiscalYear": fy,
            "resources": ["budget", "budget-json"]
        },
        "resources": resources,
    })
}

pub(crate) fn write_file(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf, PublishError> {
    let path = dir.join(name);
    std::fs::write(&path, bytes).map_err(|source| PublishError::Io {
        path: path.clone(),
        source,
    })?;
    Ok(path)
}

/// Writes the package into `dir` (created if missing) and returns the paths
/// written, `datapackage.json` last.
///
/// # Errors
/// When a file cannot be written.
pub fn write(d: &Dataset, as_of: NaiveDate, dir: &Path) -> Result<Vec<PathBuf>, PublishError> {
    std::fs::create_dir_all(dir).map_err(|source| PublishError::Io {
        path: dir.to_owned(),
        source,
    })?;
    let tables = tables(d, as_of);
    let mut written = Vec::new();
    for t in &tables {
        written.push(write_file(dir, &format!("{}.csv", t.name), &csv_bytes(t)?)?);
        written.push(write_file(
            dir,
            &format!("{}.json", t.name),
            &json_bytes(t)?,
        )?);
    }
    let mut desc = serde_json::to_vec_pretty(&descriptor(d, as_of, &tables))?;
    desc.push(b'\n');
    written.push(write_file(dir, "datapackage.json", &desc)?);
    Ok(written)
}
