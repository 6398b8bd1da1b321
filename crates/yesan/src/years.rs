//! `yesan years`: the multi-year view of a dataset file's years, or of
//! the years the database holds.

use crate::cli::YearsFormat;
use crate::open::{emit, ready_store};
use anyhow::{Context, Result};
use std::path::Path;
use std::process::ExitCode;

pub async fn years(
    db: &str,
    dataset: Option<&Path>,
    format: YearsFormat,
    output: Option<&Path>,
) -> Result<ExitCode> {
    let view = match dataset {
        Some(p) => {
            let bytes = std::fs::read(p)
                .with_context(|| format!("데이터셋 읽기 / reading {}", p.display()))?;
            match yesan_dataset::parse_file(&p.display().to_string(), &bytes) {
                Ok(f) => yesan_app::years::view(&f)?,
                Err(e) => {
                    eprintln!("{e}");
                    return Ok(ExitCode::from(1));
                }
            }
        }
        None => yesan_app::years::view_stored(&ready_store(db).await?).await?,
    };
    let text = match format {
        YearsFormat::Md => yesan_app::years::markdown(&view),
        YearsFormat::Html => yesan_app::years::html(&view).context("HTML")?,
        YearsFormat::Json => yesan_app::years::json(&view).context("JSON")?,
    };
    emit(output, text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
