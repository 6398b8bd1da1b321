//! `yesan-bench`: writes the synthetic ledger that `scripts/bench.sh ledger`
//! measures Yesan, DuckDB, hledger and ledger on, and checks it.
//!
//! ```sh
//! yesan-bench generate --entries 1000000 --out target/bench-data/1000000 [--journal]
//! yesan-bench verify target/bench-data/1000000
//! ```

use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;
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
