//! The subcommands. Each opens what it needs, calls the library crates and
//! reports; anyhow context names what was being done when something failed.

use crate::cli::{Cli, Command, Export, Import, ReportFormat, StatusFormat};
use anyhow::{Context, Result, bail};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use yesan_dataset::DatasetError;
use yesan_domain::format::spreadsheet_text;
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
                ReportFormat::Xlsx | ReportFormat::Pdf | ReportFormat::Hwpx => {
                    return publish_report(&d, as_of, format, output.as_deref());
                }
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
        Command::Import {
            what: Import::Entries { file },
        } => import_entries(&cli.db, &file).await,
        Command::Import {
            what: Import::Budget { file },
        } => import_budget(&cli.db, &file).await,
        Command::Backup { file } => backup(&cli.db, &file).await,
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
        Command::Export {
            what: Export::Entries { output },
        } => {
            let store = ready_store(&cli.db).await?;
            let entries = store
                .entries()
                .await
                .context("집행 읽기 / reading entries")?;
            emit(output.as_deref(), &entries_csv(&entries)?)?;
            Ok(ExitCode::SUCCESS)
        }
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
        Command::Export {
            what: Export::Opendata { dir, as_of },
        } => {
            let d = open_dataset(&cli.db).await?;
            let as_of = as_of.unwrap_or(d.institution.as_of);
            let files = yesan_publish::opendata::write(&d, as_of, &dir)
                .context("공공데이터 쓰기 / writing the open data package")?;
            eprintln!(
                "{}개 파일 / {} files → {}",
                files.len(),
                files.len(),
                dir.display()
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `report --format xlsx|pdf|hwpx`: binary formats, written to a file only.
fn publish_report(
    d: &Dataset,
    as_of: chrono::NaiveDate,
    format: ReportFormat,
    output: Option<&Path>,
) -> Result<ExitCode> {
    let Some(output) = output else {
        bail!("XLSX·PDF·HWPX는 -o 파일로만 씁니다 / XLSX, PDF and HWPX need -o FILE");
    };
    let report = yesan_report::build(d, as_of);
    let bytes = match format {
        ReportFormat::Pdf => yesan_publish::pdf::render(&report),
        ReportFormat::Hwpx => yesan_publish::hwpx::render(&report),
        _ => yesan_publish::xlsx::render(&report),
    }
    .context("보고서 생성 / rendering the report")?;
    emit(Some(output), &bytes)?;
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn actor() -> String {
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

/// Opens the database (creating it from the default dataset on first use)
/// and loads the whole dataset.
async fn open_dataset(db: &str) -> Result<Dataset> {
    let store = ready_store(db).await?;
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
    let store = ready_store(db).await?;
    let index = store
        .verify_index()
        .await
        .context("일별 집계 확인 / checking the per-day index")?;
    for problem in &index {
        println!("{db}: {problem}");
    }
    match store.load().await {
        Ok(d) if index.is_empty() => {
            print_summary(&d);
            Ok(ExitCode::SUCCESS)
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
            &spreadsheet_text(&l.name),
            l.parent.as_ref().map_or("", |p| p.as_str()),
            l.kind.as_str(),
            &f.amount.get().to_string(),
            &f.prior.map(|p| p.get().to_string()).unwrap_or_default(),
        ])?;
    }
    w.into_inner().context("CSV")
}

/// Opens the store, creating it from the default dataset on first use.
pub(crate) async fn ready_store(db: &str) -> Result<Store> {
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
    let as_of = match as_of {
        Some(d) => d,
        None => store
            .last_entry_date()
            .await?
            .unwrap_or_else(|| chrono::Local::now().date_naive()),
    };
    let started = std::time::Instant::now();
    // The budget and every leaf's totals on the day, in one read.
    let (state, leaves) = store
        .status_on(as_of)
        .await
        .context("예산·집행 합계 읽기 / reading the budget and execution totals")?;
    let read = started.elapsed();
    let budget =
        yesan_domain::amendment::Schedule::new(&state.amendments).budget_on(&state.budget, as_of);
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
        // Cold: this process's first roll-up (connection and statements
        // new). Warm: the same roll-up again, as a running server does it.
        let mut warm = Vec::new();
        for _ in 0..20 {
            let t = std::time::Instant::now();
            let (state, leaves) = store.status_on(as_of).await?;
            let budget = yesan_domain::amendment::Schedule::new(&state.amendments)
                .budget_on(&state.budget, as_of);
            let exec = yesan_domain::ExecutionStatus::from_leaves(&budget, &leaves, as_of);
            std::hint::black_box(exec.total());
            warm.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        warm.sort_by(f64::total_cmp);
        eprintln!(
            "timing: rollup_ms={:.3} warm_rollup_ms={:.3} read_ms={:.3} total_ms={:.3}",
            rollup.as_secs_f64() * 1000.0,
            warm[warm.len() / 2],
            read.as_secs_f64() * 1000.0,
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

fn file_name(path: &Path) -> String {
    path.display().to_string()
}

/// A progress bar on stderr for large files, only when a person watches.
fn progress_bar(total: u64) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() || total < 1 << 20 {
        return None;
    }
    let bar = indicatif::ProgressBar::new(total);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{spinner} 읽는 중 / reading {bar:40} {percent:>3}% {msg} ({eta})",
    ) {
        bar.set_style(style);
    }
    Some(bar)
}

/// Rows handed to the store at a time: large enough that per-chunk work
/// (a sort, look-ups on a non-empty ledger) is amortised, small enough
/// that two chunks in flight are a few tens of MiB.
const IMPORT_CHUNK: usize = 1 << 16;

/// The first chunk's size; each next one is twice as large up to
/// [`IMPORT_CHUNK`]. The store starts writing as soon as the first chunk
/// is decided, so a small first chunk gets the database to work early; on
/// a file of 100,000 rows, two full chunks left it idle for most of the
/// first one.
const FIRST_IMPORT_CHUNK: usize = 1 << 12;

/// What the reading thread found besides the entries it sent.
struct ReadRows {
    /// The file line of each entry sent, in order (to place refusals).
    lines: Vec<u32>,
    /// Format problems, with their lines.
    problems: Vec<(usize, String)>,
}

/// Imports an entries file without holding it: a thread reads and parses
/// the file, handing chunks of entries to the store, which checks and
/// writes them in one transaction while the next chunk is being read. The
/// file stays all or nothing: a format error or a refused entry anywhere
/// rolls everything back, after every row has been looked at so that every
/// problem is listed.
async fn import_entries(db: &str, path: &Path) -> Result<ExitCode> {
    let file = std::fs::File::open(path)
        .with_context(|| format!("파일 읽기 / reading {}", path.display()))?;
    let total = file.metadata().map_or(0, |m| m.len());
    let name = file_name(path);
    let reader = match yesan_import::EntryReader::from_reader(&name, file, total) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{e}");
            eprintln!("아무것도 가져오지 않았습니다 / nothing was imported");
            return Ok(ExitCode::from(1));
        }
    };
    for w in reader.warnings() {
        eprintln!("{name}: 경고 / warning: {w}");
    }
    let store = ready_store(db).await?;
    let bar = progress_bar(total);
    let (send, mut receive) = tokio::sync::mpsc::channel::<Vec<yesan_domain::Entry>>(2);
    let reading = std::thread::spawn(move || {
        let mut reader = reader;
        let mut read = ReadRows {
            lines: Vec::new(),
            problems: Vec::new(),
        };
        let mut size = FIRST_IMPORT_CHUNK;
        let mut chunk = Vec::with_capacity(size);
        let mut n = 0_usize;
        while let Some(row) = reader.next() {
            match row {
                Ok((line, e)) => {
                    read.lines.push(u32::try_from(line).unwrap_or(u32::MAX));
                    chunk.push(e);
                    if chunk.len() == size {
                        size = (size * 2).min(IMPORT_CHUNK);
                        let full = std::mem::replace(&mut chunk, Vec::with_capacity(size));
                        // The store stopped listening: it failed, and says why.
                        if send.blocking_send(full).is_err() {
                            break;
                        }
                    }
                }
                Err(errors) => read
                    .problems
                    .extend(errors.into_iter().map(|e| (e.line, e.to_string()))),
            }
            n += 1;
            if let Some(b) = bar.as_ref().filter(|_| n.is_multiple_of(1 << 14)) {
                b.set_position(reader.progress().done);
            }
        }
        if !chunk.is_empty() {
            let _ = send.blocking_send(chunk);
        }
        if let Some(b) = &bar {
            b.finish_and_clear();
        }
        read
    });
    let chunks = futures_util::stream::poll_fn(move |cx| receive.poll_recv(cx));
    let result = store.record_stream(chunks, &actor(), &name).await;
    let ReadRows {
        lines,
        mut problems,
    } = reading
        .join()
        .map_err(|_| anyhow::anyhow!("파일 읽기 실패 / the file reader failed"))?;
    tracing::debug!(rows = lines.len(), "file read");
    match result {
        Ok(pending) if problems.is_empty() => {
            let out = pending
                .commit()
                .await
                .context("집행 기록 / recording entries")?;
            println!(
                "{name}: {}건 추가, {}건은 이미 있음 / {} added, {} already recorded",
                out.added, out.unchanged, out.added, out.unchanged
            );
            Ok(ExitCode::SUCCESS)
        }
        // Format errors: the readable rows went through budget control all
        // the same, so that every bad row is listed at once; roll back.
        Ok(pending) => {
            drop(pending);
            Ok(refuse_file(problems))
        }
        Err(StoreError::Refused(refused)) => {
            problems.extend(refused.iter().map(|r| {
                let line = lines.get(r.index).map_or(0, |&l| l as usize);
                (
                    line,
                    format!(
                        "{name}:{line}: [{}] {}: {}",
                        r.refusal.field(),
                        r.doc_no,
                        r.refusal
                    ),
                )
            }));
            Ok(refuse_file(problems))
        }
        Err(e) => Err(e).context("집행 기록 / recording entries"),
    }
}

/// Lists every problem of a refused file in line order and says that
/// nothing was written.
fn refuse_file(mut problems: Vec<(usize, String)>) -> ExitCode {
    problems.sort_by_key(|(line, _)| *line);
    for (_, p) in &problems {
        eprintln!("{p}");
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
    let name = file_name(path);
    let parsed = match yesan_import::parse_budget(&name, &bytes) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{e}");
            eprintln!("아무것도 가져오지 않았습니다 / nothing was imported");
            return Ok(ExitCode::from(1));
        }
    };
    for w in parsed.warnings() {
        eprintln!("{name}: 경고 / warning: {w}");
    }
    let store = ready_store(db).await?;
    match parsed {
        yesan_import::BudgetFile::Amendments { rows, .. } => {
            let (amendments, problems) = group_amendments(&name, &rows);
            if !problems.is_empty() {
                for p in &problems {
                    eprintln!("{p}");
                }
                eprintln!("아무것도 가져오지 않았습니다 / nothing was imported");
                return Ok(ExitCode::from(1));
            }
            match store.amend(&amendments, &actor()).await {
                Ok(out) => {
                    println!(
                        "{name}: 예산 변경 {}건 추가, {}건은 이미 있음 / {} amendment(s) added, {} already recorded",
                        out.added, out.unchanged, out.added, out.unchanged
                    );
                    Ok(ExitCode::SUCCESS)
                }
                Err(StoreError::Inconsistent(findings)) => {
                    for f in &findings {
                        let line = match &f.at {
                            yesan_domain::Locator::Amendment { no, .. } => {
                                rows.iter().find(|r| &r.no == no).map(|r| r.line_no)
                            }
                            _ => None,
                        };
                        let place = line.map(|l| format!(":{l}")).unwrap_or_default();
                        eprintln!("{name}{place}: [{}] {f}", f.at.field());
                    }
                    eprintln!("아무것도 가져오지 않았습니다 / nothing was imported");
                    Ok(ExitCode::from(1))
                }
                Err(e) => Err(e).context("예산 변경 기록 / recording amendments"),
            }
        }
        yesan_import::BudgetFile::Lines { rows, .. } => {
            // Budget lines are the dataset's own: a file may confirm them
            // (every line as recorded) but not change them. Changes go
            // through amendments, so that every change is dated and approved.
            let state = store.budget().await?;
            let mut problems = Vec::new();
            for (line_no, l) in &rows {
                match state.budget.line(&l.code) {
                    Some(rec) if rec.kind == l.kind && rec.name == l.name && rec.parent == l.parent => {
                        let f = state.budget.figures(&l.code);
                        let same_amount = l.amount.is_none_or(|a| f.is_some_and(|f| f.amount == a));
                        if !same_amount {
                            problems.push(format!("{name}:{line_no}: [amount] {}의 금액이 기록과 다릅니다. 금액 변경은 예산 변경(추경·전용·이월)으로 가져오세요 / {}'s amount differs from the record; change amounts with an amendment file", l.code, l.code));
                        }
                    }
                    Some(_) => problems.push(format!("{name}:{line_no}: [code] {}의 이름·구분·상위 과목이 기록과 다릅니다 / {}'s name, kind or parent differs from the record", l.code, l.code)),
                    None => problems.push(format!("{name}:{line_no}: [code] 없는 예산과목 {}: 새 과목은 데이터셋(yesan init --dataset)으로 추가합니다 / unknown line {}: new lines come with a dataset", l.code, l.code)),
                }
            }
            if problems.is_empty() {
                println!(
                    "{name}: 예산과목 {}개가 기록과 같습니다 / {} budget line(s) match the record",
                    rows.len(),
                    rows.len()
                );
                Ok(ExitCode::SUCCESS)
            } else {
                for p in &problems {
                    eprintln!("{p}");
                }
                eprintln!("아무것도 가져오지 않았습니다 / nothing was imported");
                Ok(ExitCode::from(1))
            }
        }
    }
}

/// Rows sharing a 변경번호 form one amendment; they must agree on date and kind.
fn group_amendments(
    name: &str,
    rows: &[yesan_import::AmendmentRow],
) -> (Vec<yesan_domain::amendment::Amendment>, Vec<String>) {
    use yesan_domain::amendment::{Amendment, AmendmentKind, LineDelta};
    let mut out: Vec<Amendment> = Vec::new();
    let mut problems = Vec::new();
    for r in rows {
        let Some(kind) = AmendmentKind::parse(&r.kind) else {
            problems.push(format!(
                "{name}:{}: [kind] 알 수 없는 구분 '{}' / unknown kind",
                r.line_no, r.kind
            ));
            continue;
        };
        match out.iter_mut().find(|a| a.no == r.no) {
            Some(a) if a.date != r.date || a.kind != kind => problems.push(format!(
                "{name}:{}: [date] 변경번호 {}의 일자·구분이 앞 행과 다릅니다 / amendment {} must have one date and kind",
                r.line_no, r.no, r.no
            )),
            Some(a) => a.changes.push(LineDelta { line: r.line.clone(), delta: r.delta }),
            None => out.push(Amendment {
                no: r.no.clone(),
                date: r.date,
                kind,
                note: r.note.clone(),
                changes: vec![LineDelta { line: r.line.clone(), delta: r.delta }],
            }),
        }
    }
    (out, problems)
}

/// Entries in the import format (UTF-8, English headers).
fn entries_csv(entries: &[yesan_domain::Entry]) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "date",
        "doc_no",
        "kind",
        "line",
        "amount",
        "ref",
        "counterparty",
        "memo",
    ])?;
    // Text cells a spreadsheet would take for a formula are quoted
    // (`format::spreadsheet_text`; the import undoes it); figures stay numbers.
    let text = |s: Option<&str>| spreadsheet_text(s.unwrap_or("")).into_owned();
    for e in entries {
        w.write_record([
            e.date.to_string().as_str(),
            &text(Some(&e.doc_no)),
            e.kind.as_str(),
            e.line.as_str(),
            &e.amount.get().to_string(),
            &text(e.reference.as_deref()),
            &text(e.counterparty.as_deref()),
            &text(e.memo.as_deref()),
        ])?;
    }
    w.into_inner().context("CSV")
}

async fn backup(db: &str, path: &Path) -> Result<ExitCode> {
    let store = open_store(db).await?;
    // Readable by its owner only: a backup holds the password hashes.
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options
        .open(path)
        .with_context(|| format!("파일 만들기 / creating {}", path.display()))?;
    #[cfg(unix)]
    {
        // An existing file keeps its mode on open; a backup must not.
        use std::os::unix::fs::PermissionsExt;
        if file.metadata().is_ok_and(|m| m.is_file()) {
            file.set_permissions(std::fs::Permissions::from_mode(0o600))
                .with_context(|| format!("권한 설정 / restricting {}", path.display()))?;
        }
    }
    let mut out = std::io::BufWriter::new(file);
    let rows = store.backup(&mut out).await.context("백업 / backing up")?;
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
