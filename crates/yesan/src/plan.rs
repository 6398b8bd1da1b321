//! `yesan plan`: the monthly spending plans (월별 집행계획). `import FILE`
//! records a plan file (CSV or XLSX, UTF-8 or CP949) all or nothing,
//! every problem with its file, line and column; `show` prints what each
//! line is judged against on a date and the plans recorded. Each calls
//! one `yesan-app::plan` use case.

use crate::cli::{PlanCommand, StatusFormat};
use crate::open::{actor, emit, ready_store};
use anyhow::{Context, Result};
use std::fmt::Write as _;
use std::process::ExitCode;
use yesan_app::plan::Imported;
use yesan_domain::plan::{PlanFigures, tenths_text};

/// Runs `yesan plan …`.
pub async fn run(db: &str, what: PlanCommand) -> Result<ExitCode> {
    let store = ready_store(db).await?;
    match what {
        PlanCommand::Import { file, date } => {
            let bytes = std::fs::read(&file)
                .with_context(|| format!("파일 읽기 / reading {}", file.display()))?;
            let name = file.display().to_string();
            let store = yesan_app::as_of::year_of(&store, date).await?;
            let date = yesan_app::as_of::resolve(&store, date).await?;
            let out = yesan_app::plan::import(&store, &name, &bytes, date, &actor())
                .await
                .context("집행계획 기록 / recording the plans")?;
            if let Imported::Recorded(seqs) = out {
                println!(
                    "{name}: 집행계획 {n}건을 기록했습니다 / {n} plan(s) recorded",
                    n = seqs.len()
                );
                return Ok(ExitCode::SUCCESS);
            }
            for m in out.messages() {
                eprintln!("{m}");
            }
            eprintln!("아무것도 기록하지 않았습니다 / nothing was recorded");
            Ok(ExitCode::from(1))
        }
        PlanCommand::Show { as_of, format } => {
            let status = yesan_app::status::status(
                &store,
                as_of,
                yesan_domain::as_of::DEFAULT_LAGGING_MARGIN_TENTHS,
                false,
            )
            .await?;
            let store = yesan_app::as_of::year_of(&store, as_of).await?;
            let versions = store.plans().await?;
            let bytes = match format {
                StatusFormat::Json => serde_json::to_vec_pretty(&serde_json::json!({
                    "as_of": status.as_of,
                    "judged": status.report.judged,
                    "plans": versions,
                }))?,
                StatusFormat::Csv => csv(&versions).into_bytes(),
                StatusFormat::Table => {
                    let mut o = status.report.judgement_table();
                    let _ = writeln!(o, "\n기록된 집행계획 / recorded plans:");
                    if versions.is_empty() {
                        let _ = writeln!(o, "  없음 / none");
                    }
                    for v in &versions {
                        let _ = writeln!(
                            o,
                            "  #{} {} {}부터 / from {}: {} [{}] {}",
                            v.seq,
                            v.plan.target,
                            v.plan.effective,
                            v.plan.effective,
                            months(&v.plan.figures),
                            v.actor,
                            v.plan.note
                        );
                    }
                    o.into_bytes()
                }
            };
            emit(None, &bytes)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn months(f: &PlanFigures) -> String {
    match f {
        PlanFigures::CumulativeRates(r) => format!(
            "누계 / cumulative {}",
            r.iter()
                .map(|t| tenths_text(i64::from(*t)))
                .collect::<Vec<_>>()
                .join(" ")
        ),
        PlanFigures::MonthlyAmounts(a) => format!(
            "월별 / monthly {}",
            a.iter()
                .map(|w| yesan_domain::format::amount(w.get()))
                .collect::<Vec<_>>()
                .join(" ")
        ),
    }
}

/// The recorded plans in the import file's own format (rates in %,
/// amounts in won), so that a file written here imports again.
fn csv(versions: &[yesan_domain::plan::PlanVersion]) -> String {
    let mut o = String::from(
        "예산과목,사업,방식,적용일,1월,2월,3월,4월,5월,6월,7월,8월,9월,10월,11월,12월,비고\n",
    );
    for v in versions {
        let (line, project) = match &v.plan.target {
            yesan_domain::plan::PlanTarget::Line(l) => (l.to_string(), String::new()),
            yesan_domain::plan::PlanTarget::Project(p) => (String::new(), p.to_string()),
        };
        let (form, cells): (&str, Vec<String>) = match v.plan.figures {
            PlanFigures::CumulativeRates(r) => (
                "누계비율",
                r.iter().map(|t| format!("{}.{}", t / 10, t % 10)).collect(),
            ),
            PlanFigures::MonthlyAmounts(a) => {
                ("월별금액", a.iter().map(|w| w.get().to_string()).collect())
            }
        };
        let note = yesan_domain::format::spreadsheet_text(&v.plan.note);
        let note = if note.contains([',', '"', '\n']) {
            format!("\"{}\"", note.replace('"', "\"\""))
        } else {
            note.into_owned()
        };
        let _ = writeln!(
            o,
            "{line},{project},{form},{},{},{note}",
            v.plan.effective,
            cells.join(",")
        );
    }
    o
}
