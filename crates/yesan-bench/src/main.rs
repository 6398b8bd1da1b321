//! `yesan-bench`: writes the synthetic ledger that `scripts/bench.sh ledger`
//! measures Yesan, DuckDB, hledger and ledger on, and checks it.
//!
//! ```sh
//! yesan-bench generate --entries 1000000 --out target/bench-data/1000000 [--journal]
//! yesan-bench verify target/bench-data/1000000
//! yesan-bench city --out target/bench-city/data [--institutions 30 --years 3 --lines 400 --entries 30000000]
//! ```

use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;
use yesan_bench::city::{self, CityConfig};
use yesan_bench::{Config, calendar, files, verify};

/// 원장 벤치마크용 합성 데이터 / synthetic data for the ledger benchmark.
#[derive(Debug, Parser)]
#[command(name = "yesan-bench", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// 합성 원장을 만듭니다 / write the synthetic ledger into a directory:
    /// dataset.toml, entries.csv, lines.csv, expected.csv, entries.journal
    /// (with --journal) and summary.txt.
    Generate {
        /// 전표 수 / number of entries.
        #[arg(long)]
        entries: u64,
        /// 출력 디렉터리 / output directory.
        #[arg(long)]
        out: PathBuf,
        /// 난수 시드 / random seed.
        #[arg(long, default_value_t = 2023)]
        seed: u64,
        /// expected.csv의 기준일 / as-of date of expected.csv (in 2023).
        #[arg(long, default_value = "2023-10-18", value_parser = parse_day)]
        as_of: u16,
        /// hledger/ledger 저널도 씁니다 / also write the hledger/ledger journal.
        #[arg(long)]
        journal: bool,
        /// 같은 데이터가 있어도 다시 만듭니다 / regenerate even if the directory is current.
        #[arg(long)]
        force: bool,
    },
    /// 도시 벤치마크 데이터를 만듭니다 / write the city benchmark's data:
    /// institutions × years ledgers, their datasets, lines.csv and the
    /// expected totals (defaults: issue 11's city).
    City {
        /// 기관 수 / number of institutions.
        #[arg(long, default_value_t = 30)]
        institutions: u32,
        /// 회계연도 수 (2023년으로 끝남) / number of fiscal years, ending with 2023.
        #[arg(long, default_value_t = 3)]
        years: u32,
        /// 기관·연도별 예산과목 수 / budget lines per institution and year.
        #[arg(long, default_value_t = 400)]
        lines: usize,
        /// 전체 전표 수 / entries in all.
        #[arg(long, default_value_t = 30_000_000)]
        entries: u64,
        /// 전표 수를 이 비율로 줄입니다 / multiply the entries by this (0.01: a quick run).
        #[arg(long, default_value_t = 1.0)]
        scale: f64,
        /// 출력 디렉터리 / output directory.
        #[arg(long)]
        out: PathBuf,
        /// 난수 시드 / random seed.
        #[arg(long, default_value_t = 2023)]
        seed: u64,
        /// 마지막 해의 기준일 / as-of date (in 2023).
        #[arg(long, default_value = "2023-10-18", value_parser = parse_day)]
        as_of: u16,
    },
    /// 만든 파일을 검사합니다 / check a generated directory against Yesan's import rules.
    Verify {
        /// 디렉터리 / the directory.
        dir: PathBuf,
    },
}

fn parse_day(s: &str) -> Result<u16, String> {
    calendar::parse(s).ok_or_else(|| format!("'{s}' is not a date of 2023 (YYYY-MM-DD)"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut out = std::io::stdout().lock();
    match cli.command {
        Command::Generate {
            entries,
            out: dir,
            seed,
            as_of,
            journal,
            force,
        } => {
            let cfg = Config {
                entries,
                seed,
                as_of,
                journal,
                year: calendar::YEAR,
            };
            if !force && files::is_current(&dir, &cfg) {
                let _ = writeln!(out, "reusing {}", dir.display());
                return ExitCode::SUCCESS;
            }
            let start = Instant::now();
            match files::write_dir(&cfg, &dir) {
                Ok(s) => {
                    let _ = writeln!(
                        out,
                        "generated {} entries ({} commit, {} disburse, {} commit_cancel, {} disburse_cancel; {} backdated) in {:.1} s → {}",
                        entries,
                        s.by_kind[0],
                        s.by_kind[1],
                        s.by_kind[2],
                        s.by_kind[3],
                        s.backdated,
                        start.elapsed().as_secs_f64(),
                        dir.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("yesan-bench: writing {}: {e}", dir.display());
                    ExitCode::FAILURE
                }
            }
        }
        Command::City {
            institutions,
            years,
            lines,
            entries,
            scale,
            out: dir,
            seed,
            as_of,
        } => {
            if !(scale > 0.0 && scale <= 1.0) || institutions == 0 || years == 0 {
                eprintln!(
                    "yesan-bench city: --scale는 0 초과 1 이하, 기관·연도는 1 이상입니다 / --scale must be in (0, 1], institutions and years at least 1"
                );
                return ExitCode::FAILURE;
            }
            #[allow(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                clippy::cast_precision_loss
            )]
            let entries = ((entries as f64) * scale).round() as u64;
            let cfg = CityConfig {
                institutions,
                years,
                lines,
                entries,
                seed,
                as_of,
            };
            if city::is_current(&dir, &cfg) {
                let _ = writeln!(out, "reusing {}", dir.display());
                return ExitCode::SUCCESS;
            }
            let start = Instant::now();
            match city::write_city(&cfg, &dir) {
                Ok(n) => {
                    let _ = writeln!(
                        out,
                        "generated a city of {institutions} institutions × {years} years × {} lines, {n} entries in {:.1} s → {}",
                        yesan_bench::BudgetTree::with_lines(lines).lines.len(),
                        start.elapsed().as_secs_f64(),
                        dir.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("yesan-bench: writing {}: {e}", dir.display());
                    ExitCode::FAILURE
                }
            }
        }
        Command::Verify { dir } => match verify::verify(&dir) {
            Ok(r) => {
                let _ = writeln!(
                    out,
                    "{} entries {:?} (commit, disburse, commit_cancel, disburse_cancel), {}‰ cancellations, {} out of date order; lines by level {:?}",
                    r.entries,
                    r.by_kind,
                    r.cancel_per_mille(),
                    r.out_of_order,
                    r.lines_by_level
                );
                for p in &r.problems {
                    let _ = writeln!(out, "problem: {p}");
                }
                if r.problems.is_empty() {
                    let _ = writeln!(out, "ok");
                    ExitCode::SUCCESS
                } else {
                    ExitCode::FAILURE
                }
            }
            Err(e) => {
                eprintln!("yesan-bench: reading {}: {e}", dir.display());
                ExitCode::FAILURE
            }
        },
    }
}
