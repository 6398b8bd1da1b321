//! The subcommands. Each opens what it needs, calls the library crates and
//! reports; anyhow context names what was being done when something failed.

use crate::cli::{Cli, Command, Export, ReportFormat, StatusFormat};
use anyhow::{Context, Result, bail};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use yesan_dataset::DatasetError;
use yesan_domain::{Dataset, Finding, LineKind};
use yesan_store::{Store, StoreError};

/// Runs one command.
pub async fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Init { dataset } => init(&cli.db, dataset.as_deref()).await,
        Command::Check { file: Some(file) } => Ok(check_file(&file)),
        Command::Check { file: None } => check_db(&cli.db).await,
        Command::Report {
            as_of,
            format,
            output,
        } => {
            let d = open_dataset(&cli.db).await?;
            let as_of = as_of.unwrap_or(d.institution.as_of);
            let f = match format {
                ReportFormat::Md => yesan_report::Format::Markdown,
                ReportFormat::Html => yesan_report::Format::Html,
                ReportFormat::Json => yesan_report::Format::Json,
            };
            let text =
                yesan_report::render(&d, as_of, f).context("보고서 생성 / rendering the report")?;
            emit(output.as_deref(), text.as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Status {
            as_of,
            format,
            margin,
        } => status(&cli.db, as_of, format, margin).await,
        Command::Export {
            what: Export::Dataset { output },
        } => {
            let d = open_dataset(&cli.db).await?;
            emit(output.as_deref(), yesan_dataset::write(&d).as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Export {
            what: Export::Budget { output },
        } => {
            let d = open_dataset(&cli.db).await?;
            emit(output.as_deref(), &budget_csv(&d)?)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn actor() -> String {
    std::env::var("USER")
        .map(|u| format!("cli:{u}"))
        .unwrap_or_else(|_| "cli".to_owned())
}

/// Writes to the file, or to stdout.
fn emit(output: Option<&Path>, bytes: &[u8]) -> Result<()> {
    match output {
        Some(p) => {
            std::fs::write(p, bytes).with_context(|| format!("파일 쓰기 / writing {}", p.display()))
        }
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(bytes)
                .context("표준출력 쓰기 / writing to stdout")?;
            out.flush().context("표준출력 쓰기 / writing to stdout")
        }
    }
}

fn read_dataset(path: &Path) -> Result<Result<Dataset, DatasetError>> {
    let bytes = std::fs::read(path)
        .with_context(|| format!("데이터셋 읽기 / reading {}", path.display()))?;
    Ok(yesan_dataset::parse(&path.display().to_string(), &bytes))
}

async fn open_store(db: &str) -> Result<Store> {
    Store::open(db)
        .await
        .with_context(|| format!("데이터베이스 열기 / opening database {db}"))
}

/// Opens the database, creating it from the default dataset on first use.
async fn open_dataset(db: &str) -> Result<Dataset> {
    let store = open_store(db).await?;
    if !store
        .is_initialized()
        .await
        .context("데이터베이스 확인 / checking the database")?
    {
        let d = yesan_dataset::default_dataset().context("내장 데이터셋 / the built-in dataset")?;
        store
            .init(&d, &actor())
            .await
            .context("기본 데이터셋으로 초기화 / initialising from the default dataset")?;
        eprintln!(
            "데이터베이스를 기본 데이터셋으로 만들었습니다 / created {db} from the default dataset"
        );
        return Ok(d);
    }
    store
        .load()
        .await
        .context("데이터베이스 읽기 / loading the database")
}

async fn init(db: &str, dataset: Option<&Path>) -> Result<ExitCode> {
    let d = match dataset {
        None => yesan_dataset::default_dataset().context("내장 데이터셋 / the built-in dataset")?,
        Some(p) => match read_dataset(p)? {
            Ok(d) => d,
            Err(e) => {
                eprintln!("{e}");
                eprintln!("아무것도 쓰지 않았습니다 / nothing was written");
                return Ok(ExitCode::from(1));
            }
        },
    };
    let store = open_store(db).await?;
    match store.init(&d, &actor()).await {
        Ok(()) => {
            eprintln!(
                "{db}: 초기화 완료 / initialised — 조직 {} · 예산과목 {} · 사업 {} · 집행 {}건",
                d.org.units().len(),
                d.budget.lines().len(),
                d.projects.len(),
                d.ledger.entries().len()
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(StoreError::AlreadyInitialized) => {
            bail!(
                "{db}에 이미 데이터가 있습니다. 다른 --db 경로를 쓰거나 파일을 지우세요 / {db} already holds data; use another --db or remove the file"
            )
        }
        Err(e) => Err(e).context("초기화 / initialising"),
    }
}

fn print_summary(d: &Dataset) {
    let rev = d.budget.total(LineKind::Revenue);
    let exp = d.budget.total(LineKind::Expenditure);
    let indicators: usize = d.projects.iter().map(|p| p.indicators.len()).sum();
    println!("이상 없음 / OK");
    println!(
        "  세입 계 / revenue total     {}천원",
        yesan_domain::format::amount(rev.amount.thousands())
    );
    println!(
        "  세출 계 / expenditure total {}천원",
        yesan_domain::format::amount(exp.amount.thousands())
    );
    if rev.amount != exp.amount {
        println!("  ※ 세입과 세출 합계가 다릅니다 / revenue and expenditure totals differ");
    }
    println!(
        "  예산과목 {} · 사업 {} · 지표 {} · 집행 {}건 / lines, projects, indicators, entries",
        d.budget.lines().len(),
        d.projects.len(),
        indicators,
        d.ledger.entries().len()
    );
}

fn check_file(path: &Path) -> ExitCode {
    match read_dataset(path) {
        Err(e) => {
            eprintln!("오류 / error: {e:#}");
            ExitCode::from(2)
        }
        Ok(Ok(d)) => {
            print_summary(&d);
            ExitCode::SUCCESS
        }
        Ok(Err(e)) => {
            for item in e.items() {
                println!("{item}");
            }
            println!(
                "{}건의 문제 / {} problem(s)",
                e.items().len(),
                e.items().len()
            );
            ExitCode::from(1)
        }
    }
}

async fn check_db(db: &str) -> Result<ExitCode> {
    let store = open_store(db).await?;
    if !store.is_initialized().await? {
        let d = yesan_dataset::default_dataset()?;
        store.init(&d, &actor()).await?;
    }
    match store.load().await {
        Ok(d) => {
            print_summary(&d);
            Ok(ExitCode::SUCCESS)
        }
        Err(StoreError::Inconsistent(findings)) => {
            print_findings(db, &findings);
            Ok(ExitCode::from(1))
        }
        Err(e) => Err(e).context("데이터베이스 읽기 / loading the database"),
    }
}

fn print_findings(db: &str, findings: &[Finding]) {
    for f in findings {
        println!("{db}: [{}] {f}", f.at.field());
    }
    println!(
        "{}건의 문제 / {} problem(s)",
        findings.len(),
        findings.len()
    );
}

/// `code,name,parent,kind,amount,prior`, amounts in won; parents carry
/// their computed totals, an unknown prior is empty.
fn budget_csv(d: &Dataset) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["code", "name", "parent", "kind", "amount", "prior"])?;
    for l in d.budget.lines() {
        let f = d
            .budget
            .figures(&l.code)
            .context("budget line without figures")?;
        w.write_record([
            l.code.as_str(),
            &l.name,
            l.parent.as_ref().map_or("", |p| p.as_str()),
            l.kind.as_str(),
            &f.amount.get().to_string(),
            &f.prior.map(|p| p.get().to_string()).unwrap_or_default(),
        ])?;
    }
    w.into_inner().context("CSV")
}

/// Opens the store, creating it from the default dataset on first use.
async fn ready_store(db: &str) -> Result<Store> {
    let store = open_store(db).await?;
    if !store
        .is_initialized()
        .await
        .context("데이터베이스 확인 / checking the database")?
    {
        let d = yesan_dataset::default_dataset().context("내장 데이터셋 / the built-in dataset")?;
        store
            .init(&d, &actor())
            .await
            .context("기본 데이터셋으로 초기화 / initialising from the default dataset")?;
        eprintln!(
            "데이터베이스를 기본 데이터셋으로 만들었습니다 / created {db} from the default dataset"
        );
    }
    Ok(store)
}

async fn status(
    db: &str,
    as_of: Option<chrono::NaiveDate>,
    format: StatusFormat,
    margin: f64,
) -> Result<ExitCode> {
    if !(0.0..=100.0).contains(&margin) {
        bail!(
            "--margin은 0에서 100 사이입니다 / --margin must be between 0 and 100 (percentage points), not {margin}"
        );
    }
    let store = ready_store(db).await?;
    let started = std::time::Instant::now();
    let state = store
        .budget()
        .await
        .context("예산 읽기 / reading the budget")?;
    let as_of = match as_of {
        Some(d) => d,
        None => store
            .last_entry_date()
            .await?
            .unwrap_or_else(|| chrono::Local::now().date_naive()),
    };
    let budget =
        yesan_domain::amendment::Schedule::new(&state.amendments).budget_on(&state.budget, as_of);
    let leaves = store
        .leaf_totals(as_of)
        .await
        .context("집행 합계 읽기 / reading execution totals")?;
    let exec = yesan_domain::ExecutionStatus::from_leaves(&budget, &leaves, as_of);
    let rollup = started.elapsed();
    let projects: Vec<(String, yesan_domain::LineCode)> = store
        .project_lines()
        .await?
        .into_iter()
        .map(|(p, l, _)| (p, l))
        .collect();
    let monthly = store
        .monthly()
        .await
        .context("월별 집행 읽기 / reading monthly execution")?;
    #[allow(clippy::cast_possible_truncation)]
    let margin_tenths = (margin * 10.0).round() as i64;
    let report = yesan_report::status::StatusReport::build(&yesan_report::status::StatusInput {
        budget: &budget,
        status: &exec,
        projects: &projects,
        monthly: &monthly,
        expected: state.expected,
        margin_tenths,
    });
    if std::env::var_os("YESAN_TIMING").is_some() {
        eprintln!(
            "timing: rollup_ms={:.3} total_ms={:.3}",
            rollup.as_secs_f64() * 1000.0,
            started.elapsed().as_secs_f64() * 1000.0
        );
    }
    let text = match format {
        StatusFormat::Table => report.table(),
        StatusFormat::Csv => report.csv(),
        StatusFormat::Json => {
            let mut s = serde_json::to_string_pretty(&report).context("JSON")?;
            s.push('\n');
            s
        }
    };
    emit(None, text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
