//! `yesan year`: opening a fiscal year (with its carry-over) and closing
//! one (결산), planner actions recorded in the audit log under this
//! command line's actor. Each calls one `yesan-app::year` use case.

use crate::cli::ReportFormat;
use crate::open::{actor, emit, ready_store};
use anyhow::{Context, Result, bail};
use clap::Subcommand;
use std::path::PathBuf;
use std::process::ExitCode;
use yesan_domain::ProjectCode;
use yesan_domain::money::thousand_won;
use yesan_domain::year::open_commitments;

/// What `yesan year` does.
#[derive(Debug, Subcommand)]
pub enum YearCommand {
    /// 전년도에서 새 회계연도를 엽니다 (과목·사업·조직·인력을 이어받고 금액은 0원; 이월 원인행위 포함)
    /// / open a fiscal year from the previous one (lines, projects, organization, staffing; amounts zero; carry-over).
    Open {
        /// 열 회계연도 / the year to open.
        year: i32,
        /// 이월할 원인행위: 결의번호[:금액(원)], 금액을 빼면 미지급잔액 전부 (여러 번)
        /// / a commitment to carry over: DOC[:AMOUNT in won], all that is open without an amount (repeatable).
        #[arg(long = "carry", value_name = "DOC[:AMOUNT]")]
        carry: Vec<String>,
        /// 전년도로 끝나는 사업 코드 (여러 번) / a project that ends with the previous year (repeatable).
        #[arg(long = "end-project", value_name = "CODE")]
        end_project: Vec<String>,
    },
    /// 12월 31일 현재 미지급 원인행위 (이월 후보) / commitments open on 12-31 (what may be carried over).
    OpenCommitments {
        /// 회계연도 / the year.
        year: i32,
    },
    /// 회계연도를 결산하고 마감합니다: 결산서를 쓰고, 이후 그 연도의 기록은 거부됩니다
    /// / close a fiscal year: write the closing statement (결산); afterwards nothing dated in it is recorded.
    Close {
        /// 마감할 회계연도 / the year to close.
        year: i32,
        /// 결산서 형식 / format of the closing statement.
        #[arg(long, value_enum, default_value_t = ReportFormat::Md)]
        format: ReportFormat,
        /// 출력 파일 (기본: 표준출력) / output file (default: stdout).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
}

/// Runs `yesan year …`.
pub async fn run(db: &str, what: YearCommand) -> Result<ExitCode> {
    let store = ready_store(db).await?;
    match what {
        YearCommand::Open {
            year,
            carry,
            end_project,
        } => {
            let carry = yesan_app::year::parse_carry(&carry)?;
            let ended = end_project
                .iter()
                .map(|c| {
                    ProjectCode::parse(c)
                        .with_context(|| format!("--end-project {c}: 사업 코드 / project code"))
                })
                .collect::<Result<Vec<_>>>()?;
            let opened = yesan_app::year::open(&store, year, &carry, &ended, &actor()).await?;
            eprintln!(
                "{year}회계연도를 열었습니다: 과목 {}개, 사업 {}개, 이월 {}건 {}원 / opened {year}: {} lines, {} projects, {} carried ({} won)",
                opened.dataset.budget.lines().len(),
                opened.dataset.projects.len(),
                opened.carry.items.len(),
                yesan_domain::format::amount(opened.carry.total().get()),
                opened.dataset.budget.lines().len(),
                opened.dataset.projects.len(),
                opened.carry.items.len(),
                opened.carry.total().get(),
            );
        }
        YearCommand::OpenCommitments { year } => {
            let d = yesan_app::year::Years::load_year(&store, year)
                .await?
                .with_context(|| format!("{year}년 자료가 없습니다 / {year} is not recorded"))?;
            println!("결의번호\t일자\t예산과목\t원인행위액(원)\t미지급잔액(원)\t거래처");
            for c in open_commitments(&d.ledger) {
                println!(
                    "{}\t{}\t{}\t{}\t{}\t{}",
                    c.doc_no,
                    c.date,
                    c.line,
                    c.committed.get(),
                    c.open.get(),
                    c.counterparty.unwrap_or_default()
                );
            }
        }
        YearCommand::Close {
            year,
            format,
            output,
        } => {
            let format = crate::commands::publish_format(format);
            if format.is_binary() && output.is_none() {
                bail!("XLSX·PDF·HWPX는 -o 파일로만 씁니다 / XLSX, PDF and HWPX need -o FILE");
            }
            let closed = yesan_app::year::close_recorded(&store, year, &actor()).await?;
            let t = closed.statement.total;
            eprintln!(
                "{year}회계연도를 마감했습니다: 예산현액 {}천원, 지출액 {}천원, 이월액 {}천원, 불용액 {}천원; 결산 SHA-256 {} / closed {year}",
                thousand_won(t.final_budget),
                thousand_won(t.disbursed),
                thousand_won(t.carried),
                thousand_won(t.lapsed),
                closed.sha256,
            );
            let bytes = yesan_app::year::render(&closed.report(), format)?;
            emit(output.as_deref(), &bytes)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
