//! `yesan year`: opening a fiscal year (with its carry-over), recording
//! its line mappings from the year before, and closing one (결산),
//! planner actions recorded in the audit log under this command line's
//! actor. Each calls one `yesan-app::year` or `yesan-app::mappings` use
//! case.

use crate::cli::YearCommand;
use crate::open::{actor, emit, ready_store};
use anyhow::{Context, Result, bail};
use std::process::ExitCode;
use yesan_domain::ProjectCode;
use yesan_domain::money::thousand_won;
use yesan_domain::year::open_commitments;

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
        YearCommand::Map {
            year,
            rename,
            merge,
            split,
            note,
            clear,
        } => {
            use yesan_app::mappings;
            let parsed = rename
                .iter()
                .map(|t| mappings::rename("--rename", t, &note))
                .chain(merge.iter().map(|t| mappings::merge("--merge", t, &note)))
                .chain(split.iter().map(|t| mappings::split("--split", t, &note)))
                .collect::<Result<Vec<_>, _>>();
            let recorded = match parsed {
                Ok(add) => {
                    let request = mappings::Request { clear, add };
                    mappings::record(&store, year, &request, &actor()).await
                }
                Err(e) => Err(e.into()),
            };
            match recorded {
                Ok(list) => {
                    eprintln!(
                        "{year}년 과목 연결을 기록했습니다: {}건 / recorded {year}'s line mappings: {}",
                        list.len(),
                        list.len()
                    );
                    print!("{}", mappings::markdown(year, &list));
                }
                Err(
                    e @ (yesan_app::Error::Mapping(_)
                    | yesan_app::Error::Store(yesan_store::StoreError::YearClosed { .. })),
                ) => {
                    eprintln!("{e}");
                    eprintln!("아무것도 쓰지 않았습니다 / nothing was written");
                    return Ok(ExitCode::from(1));
                }
                Err(e) => return Err(e).context("과목 연결 기록 / recording the line mappings"),
            }
        }
        YearCommand::Mappings { year } => {
            let list = yesan_app::mappings::list(&store, year).await?;
            print!("{}", yesan_app::mappings::markdown(year, &list));
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
            lang,
            output,
        } => {
            let format = binary_needs_file(format, output.as_deref())?;
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
            let bytes = yesan_app::year::render(&closed.report(lang.lang()), format)?;
            emit(output.as_deref(), &bytes)?;
        }
        YearCommand::Statement {
            year,
            format,
            lang,
            output,
        } => {
            let format = binary_needs_file(format, output.as_deref())?;
            let kept = yesan_app::year::kept(&store, year).await?;
            eprintln!(
                "{year}회계연도 결산서: 마감 때 인증한 SHA-256 {} 과 같습니다 / the statement certified when {year} was closed",
                kept.sha256
            );
            let bytes = yesan_app::year::render(&kept.report(lang.lang()), format)?;
            emit(output.as_deref(), &bytes)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The statement's format, refused when it is binary (XLSX, PDF, HWPX)
/// and no `-o FILE` is given.
fn binary_needs_file(
    format: crate::cli::ReportFormat,
    output: Option<&std::path::Path>,
) -> Result<yesan_app::publish::ReportFormat> {
    let format = format.publish();
    if format.is_binary() && output.is_none() {
        bail!("XLSX·PDF·HWPX는 -o 파일로만 씁니다 / XLSX, PDF and HWPX need -o FILE");
    }
    Ok(format)
}
