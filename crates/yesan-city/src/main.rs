//! `yesan-city`: the measuring side of `scripts/bench.sh city`.
//!
//! ```sh
//! yesan-city load    --db URL --data DIR [--jobs N]  # add every institution, import every entries file
//! yesan-city measure --db URL --data DIR [--repeat 7]
//! ```
//!
//! `load` adds each institution of the generated city (`yesan-bench city`)
//! with its years (`Store::add_institution`) and imports each year's
//! entries file through `yesan_app::import::entries`, the path of `yesan
//! import entries` and of the web's upload, each file one recording; the
//! import rate counts the entries files only (the wall time from the first
//! file's start to the last one's commit). `--jobs N` imports N
//! institutions at a time, as institutions of a city server record at the
//! same time: each job takes every Nth institution and imports its years in
//! order. Then every institution closes its years before the last (through
//! `yesan_app::year::close_recorded`, as `yesan year close` does; not in
//! the import time), as a city's institutions have by October. On PostgreSQL a recording is one connection, one backend process,
//! and that process is the import's bottleneck (see yesan-store's
//! `ledger` module docs), so a second job lets the server use a second core;
//! SQLite writes one recording at a time whatever the jobs. `measure` opens the store afresh (a new process, a
//! new pool: cold) and times one institution's as-of roll-up
//! (`Execution::read`, the chain `status` takes), the same again warm, and
//! the consolidated view over every institution (`consolidated::consolidated`)
//! cold and warm. Every answer is compared with the generator's
//! `expected-one.csv` and `expected.csv` before any time is printed: a
//! wrong answer exits non-zero. Output: `key=value` lines, times in ms.

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use yesan_app::consolidated::{self, Sort};
use yesan_app::import::{self, EntriesOutcome, Mode};
use yesan_app::snapshot::Execution;
use yesan_domain::InstitutionCode;
use yesan_domain::code::LineCode;
use yesan_store::Store;

/// 도시 벤치마크 측정 / the city benchmark's measurements.
#[derive(Debug, Parser)]
#[command(name = "yesan-city", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// 도시를 저장소에 적재합니다 / load the city into a fresh store.
    Load {
        /// 저장소 URL 또는 SQLite 경로 / store URL or SQLite path.
        #[arg(long)]
        db: String,
        /// `yesan-bench city`의 출력 / the generated city.
        #[arg(long)]
        data: PathBuf,
        /// 동시에 적재할 기관 수 / institutions imported at a time.
        #[arg(long, default_value_t = 1)]
        jobs: usize,
    },
    /// 집계를 측정합니다 / time the roll-ups and check them.
    Measure {
        /// 저장소 URL 또는 SQLite 경로 / store URL or SQLite path.
        #[arg(long)]
        db: String,
        /// `yesan-bench city`의 출력 / the generated city.
        #[arg(long)]
        data: PathBuf,
        /// 기준일 / as-of date.
        #[arg(long, default_value = "2023-10-18")]
        as_of: NaiveDate,
        /// 따뜻한 측정 횟수 (중앙값) / warm repeats (their median is reported).
        #[arg(long, default_value_t = 7)]
        repeat: usize,
    },
}

fn say(out: &mut impl Write, key: &str, value: impl std::fmt::Display) -> Result<()> {
    writeln!(out, "{key}={value}")?;
    Ok(())
}

fn ms(d: Duration) -> String {
    format!("{:.3}", d.as_secs_f64() * 1000.0)
}

/// Every file of `dir` with extension `ext`, by name.
fn files(dir: &Path, ext: &str) -> Result<Vec<PathBuf>> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect();
    v.sort();
    Ok(v)
}

async fn load(db: &str, data: &Path, jobs: usize, out: &mut impl Write) -> Result<()> {
    let store = Store::open(db).await.context("opening the store")?;
    let started = Instant::now();
    let mut codes = Vec::new();
    for path in files(&data.join("datasets"), "toml")? {
        let bytes = std::fs::read(&path)?;
        let name = path.display().to_string();
        let file = yesan_dataset::parse_file(&name, &bytes).map_err(|e| anyhow::anyhow!("{e}"))?;
        store
            .add_institution(&file.code, &file.years, "bench")
            .await
            .with_context(|| format!("adding {}", file.code))?;
        codes.push(file.code);
    }
    let setup = started.elapsed();
    // entries/{code}-{year}.csv, each institution's years in order, shared
    // out by institution among the jobs.
    let mut by_institution: BTreeMap<String, Vec<(InstitutionCode, i32, PathBuf)>> =
        BTreeMap::new();
    for path in files(&data.join("entries"), "csv")? {
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        let (code, year) = stem.rsplit_once('-').context("entries file name")?;
        let parsed = InstitutionCode::parse(code).map_err(|e| anyhow::anyhow!("{e}"))?;
        by_institution
            .entry(code.to_owned())
            .or_default()
            .push((parsed, year.parse()?, path));
    }
    let jobs = jobs.max(1);
    let mut years: Vec<i32> = by_institution
        .values()
        .flatten()
        .map(|(_, y, _)| *y)
        .collect();
    years.sort_unstable();
    years.dedup();
    let mut shares: Vec<Vec<(InstitutionCode, i32, PathBuf)>> = vec![Vec::new(); jobs];
    for (n, files) in by_institution.into_values().enumerate() {
        shares[n % jobs].extend(files);
    }
    let t = Instant::now();
    let mut running = tokio::task::JoinSet::new();
    for share in shares {
        let store = store.clone();
        running.spawn(async move {
            let mut added = 0usize;
            for (code, year, path) in share {
                added += import_file(&store, &code, year, &path).await?;
            }
            anyhow::Ok(added)
        });
    }
    let mut entries = 0usize;
    while let Some(done) = running.join_next().await {
        entries += done??;
    }
    let import_time = t.elapsed();
    // By the benchmark's date (October of the last year) a city's
    // institutions have closed their earlier years (결산), as `yesan year
    // close` closes them: each closed year keeps its statement and the
    // curve its payments took.
    let t = Instant::now();
    let last = years.iter().copied().max().unwrap_or_default();
    for code in &codes {
        for &year in years.iter().filter(|y| **y < last) {
            let scoped = store.scoped(code, Some(year)).await?;
            yesan_app::year::close_recorded(&scoped, year, "bench")
                .await
                .with_context(|| format!("closing {code} {year}"))?;
        }
    }
    let close_time = t.elapsed();
    say(out, "institutions", codes.len())?;
    say(out, "close_ms", ms(close_time))?;
    say(out, "setup_ms", ms(setup))?;
    say(out, "entries", entries)?;
    say(out, "import_ms", ms(import_time))?;
    #[allow(clippy::cast_precision_loss)]
    let rate = entries as f64 / import_time.as_secs_f64().max(1e-9);
    say(out, "import_per_s", format!("{rate:.0}"))?;
    store.close().await;
    Ok(())
}

/// Imports one year's entries file of one institution through the import
/// path of `yesan import entries`; the entries added.
async fn import_file(
    store: &Store,
    code: &InstitutionCode,
    year: i32,
    path: &Path,
) -> Result<usize> {
    let scoped = store.scoped(code, Some(year)).await?;
    let size = std::fs::metadata(path)?.len();
    let file = std::fs::File::open(path)?;
    let (result, ()) = import::entries(
        &scoped,
        &path.display().to_string(),
        std::io::BufReader::with_capacity(1 << 20, file),
        size,
        Mode::Record {
            actor: "bench".into(),
        },
        (),
    )
    .await?;
    match result.outcome {
        EntriesOutcome::Recorded(r) => Ok(r.added),
        EntriesOutcome::Refused(p) => bail!(
            "{} refused: {}",
            path.display(),
            p.first().map(|p| p.located("")).unwrap_or_default()
        ),
        EntriesOutcome::Unreadable(e) => bail!("{}: {e}", path.display()),
        EntriesOutcome::Checked { .. } => bail!("nothing recorded"),
    }
}

/// `key,budget,committed,disbursed`-like rows of a CSV, by its first column.
fn expected(path: &Path, columns: [usize; 3]) -> Result<BTreeMap<String, [i64; 3]>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut out = BTreeMap::new();
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let num = |i: usize| -> Result<i64> { Ok(f.get(i).context("short row")?.parse()?) };
        out.insert(
            f[0].to_owned(),
            [num(columns[0])?, num(columns[1])?, num(columns[2])?],
        );
    }
    Ok(out)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v.get(v.len() / 2).copied().unwrap_or_default()
}

/// Checks one institution's roll-up against `expected-one.csv`: every
/// line and the total.
fn check_one(exec: &Execution, want: &BTreeMap<String, [i64; 3]>) -> Result<()> {
    for (code, w) in want {
        let got = if code == "TOTAL" {
            exec.status.total()
        } else {
            let line = LineCode::parse(code).map_err(|e| anyhow::anyhow!("{e}"))?;
            exec.status.line(&line)
        };
        let g = [got.budget.get(), got.committed.get(), got.disbursed.get()];
        if &g != w {
            bail!("one institution's roll-up: line {code}: Yesan {g:?}, expected {w:?}");
        }
    }
    Ok(())
}

fn check_consolidated(
    c: &consolidated::Consolidated,
    want: &BTreeMap<String, [i64; 3]>,
) -> Result<()> {
    if c.rows.len() != want.len() {
        bail!(
            "consolidated: {} rows, expected {}",
            c.rows.len(),
            want.len()
        );
    }
    for r in &c.rows {
        let g = [r.expenditure.get(), r.committed.get(), r.disbursed.get()];
        match want.get(&r.code) {
            Some(w) if *w == g => {}
            w => bail!("consolidated: {}: Yesan {g:?}, expected {w:?}", r.code),
        }
    }
    Ok(())
}

async fn measure(
    db: &str,
    data: &Path,
    as_of: NaiveDate,
    repeat: usize,
    out: &mut impl Write,
) -> Result<()> {
    use chrono::Datelike;
    let one_want = expected(&data.join("expected-one.csv"), [2, 3, 4])?;
    let all_want = expected(&data.join("expected.csv"), [1, 2, 3])?;
    let first = all_want.keys().next().context("no institution expected")?;
    let code = InstitutionCode::parse(first).map_err(|e| anyhow::anyhow!("{e}"))?;

    // One institution, cold: a store opened now, its first roll-up.
    let store = Store::open(db).await.context("opening the store")?;
    // As `yesan serve` starts: its connections opened (and warmed, on
    // PostgreSQL) before the first request.
    store.warm(Store::warm_connections()).await?;
    let scoped = store.scoped(&code, Some(as_of.year())).await?;
    let t = Instant::now();
    let (exec, _) = Execution::read(&scoped, as_of).await?;
    let one_cold = t.elapsed();
    check_one(&exec, &one_want)?;
    let mut warm = Vec::new();
    for _ in 0..repeat {
        let t = Instant::now();
        let (exec, _) = Execution::read(&scoped, as_of).await?;
        warm.push(t.elapsed());
        std::hint::black_box(exec.status.total());
    }
    let one_warm = median(warm);

    // The consolidated view: the first one on this pool, then warm.
    let t = Instant::now();
    let c = consolidated::consolidated(&store, as_of, Sort::default()).await?;
    let all_cold = t.elapsed();
    check_consolidated(&c, &all_want)?;
    let mut warm = Vec::new();
    for _ in 0..repeat {
        let t = Instant::now();
        let c = consolidated::consolidated(&store, as_of, Sort::default()).await?;
        warm.push(t.elapsed());
        std::hint::black_box(c.total.committed);
    }
    let all_warm = median(warm);
    // The store's part alone: the city's read, decoded (what is left of the
    // consolidated time is the roll-ups and status reports).
    let mut warm = Vec::new();
    for _ in 0..repeat {
        let t = Instant::now();
        std::hint::black_box(store.city_on(as_of.year(), as_of).await?);
        warm.push(t.elapsed());
    }
    let read_warm = median(warm);
    say(out, "checked", "ok")?;
    say(out, "one_total", format!("{:?}", one_want.get("TOTAL")))?;
    say(
        out,
        "city_total",
        format!(
            "{},{},{}",
            c.total.expenditure.get(),
            c.total.committed.get(),
            c.total.disbursed.get()
        ),
    )?;
    say(out, "one_cold_ms", ms(one_cold))?;
    say(out, "one_warm_ms", ms(one_warm))?;
    say(out, "consolidated_cold_ms", ms(all_cold))?;
    say(out, "consolidated_warm_ms", ms(all_warm))?;
    say(out, "consolidated_read_warm_ms", ms(read_warm))?;
    store.close().await;
    Ok(())
}

#[tokio::main]
async fn main() -> Result<()> {
    let cli = Cli::parse();
    let mut out = std::io::stdout().lock();
    match cli.command {
        Command::Load { db, data, jobs } => load(&db, &data, jobs, &mut out).await,
        Command::Measure {
            db,
            data,
            as_of,
            repeat,
        } => measure(&db, &data, as_of, repeat, &mut out).await,
    }
}
