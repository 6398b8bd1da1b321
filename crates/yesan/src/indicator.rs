//! `yesan indicator`: indicator targets. `target` sets a project
//! indicator's target for the year, `actual` records a dated actual,
//! `show` prints every project's targets against actuals on a date
//! (달성률, the output measure's cost per unit) in Markdown or JSON. Each
//! calls one `yesan_app::indicators` use case; a refused input prints the
//! reason naming its field and exits with 1, nothing written.

use crate::cli::{IndicatorCommand, IndicatorFormat};
use crate::open::{actor, emit, ready_store};
use anyhow::Result;
use std::process::ExitCode;
use yesan_app::indicators::{self, ActualText, TargetText};

/// Runs `yesan indicator …`.
pub async fn run(db: &str, what: IndicatorCommand) -> Result<ExitCode> {
    let store = ready_store(db).await?;
    let done = match what {
        IndicatorCommand::Target {
            project,
            indicator,
            target,
            baseline,
            quarters,
            direction,
            output,
        } => {
            let quarters = match indicators::split_quarters(quarters.as_deref().unwrap_or("")) {
                Ok(q) => q,
                Err(e) => return refused(&yesan_app::Error::Indicator(e)),
            };
            let text = TargetText {
                project,
                indicator,
                target,
                baseline: baseline.unwrap_or_default(),
                quarters,
                direction,
                output,
            };
            indicators::set_target(&store, &text, &actor())
                .await
                .map(|year| {
                    format!(
                        "{year}년 {} {} 목표를 정했습니다 / the {year} target is set",
                        text.project, text.indicator
                    )
                })
        }
        IndicatorCommand::Actual {
            project,
            indicator,
            date,
            value,
            note,
        } => {
            let text = ActualText {
                project,
                indicator,
                date,
                value,
                note,
            };
            indicators::record_actual(&store, &text, &actor())
                .await
                .map(|_| {
                    format!(
                        "{} {} {} 실적을 기록했습니다 / the actual is recorded",
                        text.project, text.indicator, text.date
                    )
                })
        }
        IndicatorCommand::Show { as_of, format } => {
            let board = indicators::board(&store, as_of).await?;
            let bytes = match format {
                IndicatorFormat::Json => serde_json::to_vec_pretty(&board)?,
                IndicatorFormat::Md => board.markdown().into_bytes(),
            };
            emit(None, &bytes)?;
            return Ok(ExitCode::SUCCESS);
        }
    };
    match done {
        Ok(message) => {
            println!("{message}");
            Ok(ExitCode::SUCCESS)
        }
        Err(e @ yesan_app::Error::Indicator(_)) => refused(&e),
        Err(e) => Err(e.into()),
    }
}

fn refused(e: &yesan_app::Error) -> Result<ExitCode> {
    eprintln!("{e}");
    eprintln!("아무것도 기록하지 않았습니다 / nothing was recorded");
    Ok(ExitCode::from(1))
}
