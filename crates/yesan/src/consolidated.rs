//! `yesan consolidated`: the city's consolidated view on a date in any
//! report format, or as the city's open data package.

use crate::cli::ConsolidatedFormat;
use crate::open::{emit, open_unscoped, ready_store};
use anyhow::{Context, Result, bail};
use std::path::Path;
use std::process::ExitCode;
use yesan_app::consolidated::Sort;
use yesan_app::publish::ReportFormat;

/// Runs the command.
pub async fn run(
    db: &str,
    as_of: Option<chrono::NaiveDate>,
    format: ConsolidatedFormat,
    sort: Option<&str>,
    output: Option<&Path>,
    opendata: Option<&Path>,
    lang: yesan_domain::message::Lang,
) -> Result<ExitCode> {
    let format = match format {
        ConsolidatedFormat::Md => ReportFormat::Markdown,
        ConsolidatedFormat::Html => ReportFormat::Html,
        ConsolidatedFormat::Json => ReportFormat::Json,
        ConsolidatedFormat::Xlsx => ReportFormat::Xlsx,
        ConsolidatedFormat::Pdf => ReportFormat::Pdf,
    };
    if format.is_binary() && output.is_none() && opendata.is_none() {
        bail!("XLSX·PDF는 -o 파일로만 씁니다 / XLSX and PDF need -o FILE");
    }
    // A bad --sort is refused before the database is touched.
    let sort = sort.map(Sort::parse).transpose()?.unwrap_or_default();
    // The city's view needs no --institution: with several institutions
    // the handle is the database's first (its date is the default one);
    // with one or none, the usual opening (created on first use).
    let unscoped = open_unscoped(db).await?;
    let several = crate::open::institution().is_none()
        && unscoped
            .institutions()
            .await
            .context("기관 목록 읽기 / reading the institutions")?
            .len()
            > 1;
    let store = if several {
        unscoped
    } else {
        ready_store(db).await?
    };
    let as_of = yesan_app::as_of::resolve(&store, as_of).await?;
    let view = yesan_app::consolidated::consolidated(&store, as_of, sort)
        .await
        .context("데이터베이스 읽기 / loading the database")?;
    if let Some(dir) = opendata {
        for p in yesan_app::consolidated::write_opendata(&view, dir)? {
            eprintln!("{}", p.display());
        }
        return Ok(ExitCode::SUCCESS);
    }
    emit(
        output,
        &yesan_app::consolidated::render(&view, format, lang)?,
    )?;
    Ok(ExitCode::SUCCESS)
}
