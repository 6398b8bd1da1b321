//! The subcommands: each parses what clap could not, calls one use case of
//! `yesan-app` and prints its outcome; anyhow context names what was being
//! done when something failed. No rule lives here.

use crate::cli::{Cli, Command, Export, Import, ReportFormat, StatusFormat};
use crate::open::{actor, emit, open_store, read_dataset, read_file, ready_store};
use crate::progress::Bar;
use anyhow::{Context, Result, bail};
use std::path::Path;
use std::process::ExitCode;
use yesan_app::import::{BudgetOutcome, EntriesOutcome, Mode, RowProblem};
use yesan_app::publish;
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
            lang,
            output,
        } => report(&cli.db, as_of, format, lang.lang(), output.as_deref()).await,
        Command::Status {
            as_of,
            format,
            margin,
        } => status(&cli.db, as_of, format, margin).await,
        Command::Consolidated {
            as_of,
            format,
            sort,
            lang,
            output,
            opendata,
        } => {
            crate::consolidated::run(
                &cli.db,
                as_of,
                format,
                sort.as_deref(),
                output.as_deref(),
                opendata.as_deref(),
                lang.lang(),
            )
            .await
        }
        Command::Import {
            what: Import::Entries { file },
        } => import_entries(&cli.db, &file).await,
        Command::Import {
            what: Import::Budget { file },
        } => import_budget(&cli.db, &file).await,
        Command::Backup { file, all } => backup(&cli.db, &file, all).await,
        Command::Serve {
            bind,
            public,
            secure_cookies,
        } => crate::serve::serve(&cli.db, bind, public, secure_cookies).await,
        Command::User { what } => crate::serve::user(&cli.db, what).await,
        Command::Restore {
            file,
            accept_unsealed,
        } => restore(&cli.db, &file, accept_unsealed).await,
        Command::Export { what } => export(&cli.db, what).await,
        Command::Years {
            dataset,
            format,
            output,
        } => crate::years::years(&cli.db, dataset.as_deref(), format, output.as_deref()).await,
        Command::Institution { what } => crate::institution::run(&cli.db, what).await,
        Command::Year { what } => crate::year::run(&cli.db, what).await,
        Command::Structure { edit, date, fields } => {
            crate::structure::run(&cli.db, edit, &date, &fields).await
        }
        Command::Budget { what } => crate::budget::run(&cli.db, what).await,
        Command::Plan { what } => crate::plan::run(&cli.db, what).await,
        Command::Indicator { what } => crate::indicator::run(&cli.db, what).await,
    }
}

async fn export(db: &str, what: Export) -> Result<ExitCode> {
    match what {
        Export::Entries { output } => {
            let store = ready_store(db).await?;
            let entries = store
                .entries()
                .await
                .context("집행 읽기 / reading entries")?;
            emit(output.as_deref(), &publish::entries_csv(&entries)?)?;
        }
        Export::Dataset { output } => {
            let store = ready_store(db).await?;
            let f = yesan_app::years::recorded(&store)
                .await
                .context("데이터베이스 읽기 / loading the database")?;
            emit(output.as_deref(), yesan_dataset::write_file(&f).as_bytes())?;
        }
        Export::Budget { output } => {
            let d = open_dataset(db).await?;
            emit(output.as_deref(), &publish::budget_csv(&d)?)?;
        }
        Export::Opendata { dir, as_of } => {
            let store = ready_store(db).await?;
            let as_of = yesan_app::as_of::resolve(&store, as_of).await?;
            let d = load(&store).await?;
            let files = yesan_publish::opendata::write(&d, as_of, &dir)
                .context("공공데이터 쓰기 / writing the open data package")?;
            eprintln!(
                "{}개 파일 / {} files → {}",
                files.len(),
                files.len(),
                dir.display()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `report`: the snapshot on the date, in any format; binary formats
/// (xlsx, pdf, hwpx) go to a file only.
async fn report(
    db: &str,
    as_of: Option<chrono::NaiveDate>,
    format: ReportFormat,
    lang: yesan_domain::message::Lang,
    output: Option<&Path>,
) -> Result<ExitCode> {
    let format = format.publish();
    if format.is_binary() && output.is_none() {
        bail!("XLSX·PDF·HWPX는 -o 파일로만 씁니다 / XLSX, PDF and HWPX need -o FILE");
    }
    let store = ready_store(db).await?;
    let snap = yesan_app::Snapshot::read(&store, as_of)
        .await
        .context("데이터베이스 읽기 / loading the database")?;
    let bytes = publish::render(&snap.report_in(lang), format)?;
    emit(output, &bytes)?;
    date_notes(&store, as_of, snap.as_of).await?;
    Ok(ExitCode::SUCCESS)
}

/// Says on stderr what the date shown means when it may mislead: a date
/// before the ledger's first entry (execution 0, opening entries named).
/// The web says more (`yesan_app::as_of::notes`); here a date outside
/// the recorded years is already refused, naming the year.
async fn date_notes(
    store: &Store,
    asked: Option<chrono::NaiveDate>,
    shown: chrono::NaiveDate,
) -> Result<()> {
    use yesan_domain::Bilingual;
    use yesan_domain::as_of::AsOfNote;
    let store = yesan_app::as_of::year_of(store, asked).await?;
    for n in yesan_app::as_of::notes(&store, asked, shown).await? {
        if matches!(n, AsOfNote::BeforeLedger { .. } | AsOfNote::NoLedger { .. }) {
            eprintln!("※ {}", n.both());
        }
    }
    Ok(())
}

/// The store's year with its prior-year column computed from the year
/// before when recorded.
async fn load(store: &Store) -> Result<Dataset> {
    yesan_app::years::load(store)
        .await
        .context("데이터베이스 읽기 / loading the database")
}

/// Opens the database (creating it on first use) and loads the dataset.
async fn open_dataset(db: &str) -> Result<Dataset> {
    load(&ready_store(db).await?).await
}

async fn init(db: &str, dataset: Option<&Path>) -> Result<ExitCode> {
    let file = match dataset {
        None => yesan_app::store::default_file()?,
        Some(p) => match read_file(p)? {
            Ok(f) => f,
            Err(e) => {
                eprintln!("{e}");
                eprintln!("아무것도 쓰지 않았습니다 / nothing was written");
                return Ok(ExitCode::from(1));
            }
        },
    };
    let years = &file.years;
    let Some(d) = years.last() else {
        bail!("데이터셋에 연도가 없습니다 / the dataset records no year");
    };
    let store = open_store(db).await?;
    // `--institution` names it; else the code its dataset file states.
    let code = crate::open::institution()
        .map(|c| crate::open::institution_code(&c))
        .transpose()?;
    let done = if store.is_initialized().await? {
        Err(StoreError::AlreadyInitialized.into())
    } else {
        yesan_app::store::add_file(&store, code.as_ref(), &file, &actor()).await
    };
    match done {
        Ok(added) => {
            eprintln!(
                "{db}: 초기화 완료 / initialised — 기관 '{}' · {}개 연도 · 조직 {} · 예산과목 {} · 사업 {} · 집행 {}건",
                added.institution_code(),
                years.len(),
                d.org.units().len(),
                d.budget.lines().len(),
                d.projects.len(),
                d.ledger.entries().len()
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(yesan_app::Error::Store(StoreError::AlreadyInitialized)) => {
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
        yesan_domain::money::thousand_won(rev.amount)
    );
    println!(
        "  세출 계 / expenditure total {}천원",
        yesan_domain::money::thousand_won(exp.amount)
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
            // The institution's own rules (a required 편성목·통계목) on the
            // latest year, the one the file's figures describe.
            let policy = match crate::open::read_file(path) {
                Ok(Ok(f)) => f.policy,
                _ => yesan_domain::policy::Policy::default(),
            };
            let findings = policy.check(&d.budget);
            if findings.is_empty() {
                print_summary(&d);
                ExitCode::SUCCESS
            } else {
                print_findings(&path.display().to_string(), &findings);
                ExitCode::from(1)
            }
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
    let store = ready_store(db).await?;
    let index = store
        .verify_index()
        .await
        .context("일별 집계 확인 / checking the per-day index")?;
    for problem in &index {
        println!("{db}: {problem}");
    }
    let policy = store
        .policy()
        .await
        .context("기관 설정 읽기 / reading the institution's settings")?;
    match store.load().await {
        Ok(d) if index.is_empty() => {
            let findings = policy.check(&d.budget);
            if findings.is_empty() {
                print_summary(&d);
                Ok(ExitCode::SUCCESS)
            } else {
                print_findings(db, &findings);
                Ok(ExitCode::from(1))
            }
        }
        Ok(_) => Ok(ExitCode::from(1)),
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

async fn status(
    db: &str,
    as_of: Option<chrono::NaiveDate>,
    format: StatusFormat,
    margin: f64,
) -> Result<ExitCode> {
    let margin = yesan_app::snapshot::margin_tenths(margin)?;
    let store = ready_store(db).await?;
    let timed = std::env::var_os("YESAN_TIMING").is_some();
    let st = yesan_app::status::status(&store, as_of, margin, timed)
        .await
        .context("예산·집행 합계 읽기 / reading the budget and execution totals")?;
    if let Some(t) = st.timing {
        let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
        eprintln!(
            "timing: rollup_ms={:.3} warm_rollup_ms={:.3} read_ms={:.3} total_ms={:.3}",
            ms(t.rollup),
            ms(t.warm_rollup),
            ms(t.read),
            ms(t.total)
        );
    }
    let text = match format {
        StatusFormat::Table => st.report.table(),
        StatusFormat::Csv => st.report.csv(),
        StatusFormat::Json => {
            let mut s = serde_json::to_string_pretty(&st.report).context("JSON")?;
            s.push('\n');
            s
        }
    };
    emit(None, text.as_bytes())?;
    date_notes(&store, as_of, st.as_of).await?;
    Ok(ExitCode::SUCCESS)
}

fn print_warnings(name: &str, warnings: &[yesan_domain::Text]) {
    for w in warnings {
        eprintln!("{name}: 경고 / warning: {w}");
    }
}

/// Imports an entries file, streamed and all or nothing (see
/// [`yesan_app::import::entries`]).
async fn import_entries(db: &str, path: &Path) -> Result<ExitCode> {
    let file = std::fs::File::open(path)
        .with_context(|| format!("파일 읽기 / reading {}", path.display()))?;
    let total = file.metadata().map_or(0, |m| m.len());
    let name = path.display().to_string();
    let store = ready_store(db).await?;
    let mode = Mode::Record { actor: actor() };
    let (import, _) = yesan_app::import::entries(&store, &name, file, total, mode, Bar::new(total))
        .await
        .context("집행 기록 / recording entries")?;
    print_warnings(&name, &import.warnings);
    match import.outcome {
        EntriesOutcome::Unreadable(e) => Ok(nothing_imported(&e.to_string())),
        EntriesOutcome::Refused(problems) => Ok(refuse_file(&name, &problems)),
        EntriesOutcome::Recorded(out) => {
            println!(
                "{name}: {}건 추가, {}건은 이미 있음 / {} added, {} already recorded",
                out.added, out.unchanged, out.added, out.unchanged
            );
            Ok(ExitCode::SUCCESS)
        }
        EntriesOutcome::Checked { .. } => Ok(ExitCode::SUCCESS),
    }
}

fn nothing_imported(what: &str) -> ExitCode {
    eprintln!("{what}");
    eprintln!("아무것도 가져오지 않았습니다 / nothing was imported");
    ExitCode::from(1)
}

/// Lists every problem of a refused file in line order and says that
/// nothing was written.
fn refuse_file(name: &str, problems: &[RowProblem]) -> ExitCode {
    for p in problems {
        eprintln!("{}", p.located(name));
    }
    eprintln!(
        "문제 {}건: 아무것도 가져오지 않았습니다 / {} problem(s): nothing was imported",
        problems.len(),
        problems.len()
    );
    ExitCode::from(1)
}

async fn import_budget(db: &str, path: &Path) -> Result<ExitCode> {
    let bytes =
        std::fs::read(path).with_context(|| format!("파일 읽기 / reading {}", path.display()))?;
    let name = path.display().to_string();
    let store = ready_store(db).await?;
    let import = yesan_app::import::budget(&store, &name, &bytes, &actor())
        .await
        .context("예산 변경 기록 / recording amendments")?;
    print_warnings(&name, &import.warnings);
    match import.outcome {
        BudgetOutcome::Unreadable(e) => Ok(nothing_imported(&e.to_string())),
        BudgetOutcome::Refused(problems) => Ok(nothing_imported(&problems.join("\n"))),
        BudgetOutcome::Amended(out) => {
            println!(
                "{name}: 예산 변경 {}건 추가, {}건은 이미 있음 / {} amendment(s) added, {} already recorded",
                out.added, out.unchanged, out.added, out.unchanged
            );
            Ok(ExitCode::SUCCESS)
        }
        BudgetOutcome::Confirmed { lines } => {
            println!(
                "{name}: 예산과목 {lines}개가 기록과 같습니다 / {lines} budget line(s) match the record"
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

async fn backup(db: &str, path: &Path, all: bool) -> Result<ExitCode> {
    let store = if all {
        crate::open::open_unscoped(db).await?
    } else {
        open_store(db).await?
    };
    let file = crate::open::create_private(path)?;
    let mut out = std::io::BufWriter::new(file);
    let rows = if all {
        store.backup_all(&mut out).await
    } else {
        store.backup(&mut out).await
    }
    .context("백업 / backing up")?;
    eprintln!(
        "{}: {rows}행을 백업했습니다 / backed up {rows} rows",
        path.display()
    );
    Ok(ExitCode::SUCCESS)
}

async fn restore(db: &str, path: &Path, accept_unsealed: bool) -> Result<ExitCode> {
    let file = std::fs::File::open(path)
        .with_context(|| format!("파일 열기 / opening {}", path.display()))?;
    let store = open_store(db).await?;
    let older = if accept_unsealed {
        yesan_store::OlderBackups::Accept
    } else {
        yesan_store::OlderBackups::Refuse
    };
    match store
        .restore_with(std::io::BufReader::new(file), &actor(), older)
        .await
    {
        Ok(rows) => {
            eprintln!("{db}: {rows}행을 복원했습니다 / restored {rows} rows");
            Ok(ExitCode::SUCCESS)
        }
        Err(StoreError::AlreadyInitialized) => bail!(
            "{db}에 이미 데이터가 있습니다. 빈 데이터베이스에 복원하세요 / {db} already holds data; restore into an empty database"
        ),
        Err(e) => Err(e).context("복원 / restoring"),
    }
}
