//! `yesan budget draft …` is in `draft.rs`.
//!
//! `yesan budget book` writes the 예산서 of a recorded year and `yesan
//! budget economic` its view by 편성목·통계목 (`yesan_app::book`).
//!
//! `yesan budget check-flat FILE`: a flat budget export checked against a
//! year (`yesan_app::formulation::check_flat`), nothing written. Prints the
//! tree the file describes (each line's level, name, 편성목·통계목, amount
//! in the file's unit, 산출기초 items, and whether the year has it), or
//! every problem with its row and cell and exit code 1.

use crate::cli::BudgetCommand;
use crate::open::ready_store;
use anyhow::{Context, Result};
use std::process::ExitCode;
use yesan_app::formulation::Placement;
use yesan_domain::bilingual::Bilingual;
use yesan_domain::money::{MoneyUnit, Won};

/// Runs `yesan budget …`.
pub async fn run(db: &str, what: BudgetCommand) -> Result<ExitCode> {
    match what {
        BudgetCommand::Book {
            year,
            as_of,
            format,
            output,
        } => {
            let format = format.publish();
            if format.is_binary() && output.is_none() {
                anyhow::bail!(
                    "XLSX·PDF·HWPX는 -o 파일로만 씁니다 / XLSX, PDF and HWPX need -o FILE"
                );
            }
            let store = ready_store(db).await?;
            let parts = yesan_app::book::recorded(&store, year, as_of)
                .await
                .context("예산서 읽기 / reading the 예산서's budget")?;
            let bytes = yesan_app::book::render(&parts, format)?;
            crate::open::emit(output.as_deref(), &bytes)?;
            Ok(ExitCode::SUCCESS)
        }
        BudgetCommand::Economic {
            year,
            as_of,
            format,
        } => {
            let store = ready_store(db).await?;
            let view = yesan_app::book::economic(&store, year, as_of)
                .await
                .context("성질별 예산 읽기 / reading the budget by economic classification")?;
            let text = if format == "json" {
                view.json()?
            } else {
                view.markdown()
            };
            print!("{text}");
            Ok(ExitCode::SUCCESS)
        }
        BudgetCommand::Draft { what, actor } => {
            let store = ready_store(db).await?;
            let actor = actor.unwrap_or_else(crate::open::actor);
            crate::draft::run(&store, what, &actor).await
        }
        BudgetCommand::CheckFlat { file, year } => {
            let bytes = std::fs::read(&file)
                .with_context(|| format!("파일 읽기 / reading {}", file.display()))?;
            let name = file.display().to_string();
            let store = ready_store(db).await?;
            let check = yesan_app::formulation::check_flat(&store, &name, &bytes, year)
                .await
                .context("평면 예산 파일 검사 / checking the flat budget export")?;
            match check.outcome {
                Err(e) => {
                    eprintln!("{}", e.to_import_error());
                    eprintln!(
                        "아무것도 기록하지 않았습니다(검사만 합니다) / nothing was written (a check only)"
                    );
                    Ok(ExitCode::from(1))
                }
                Ok((flat, placed)) => {
                    for w in &flat.warnings {
                        eprintln!("{name}: {w}");
                    }
                    let shown = |w: Won| match flat.unit {
                        MoneyUnit::Won => yesan_domain::format::amount(w.get()),
                        MoneyUnit::Thousand => yesan_domain::money::thousand_won(w),
                    };
                    println!(
                        "{name}: 단위 {} · 끝수 처리 {} · {}년과 대조 / unit {}, rounding {}, checked against {}",
                        flat.unit,
                        check.policy.rounding.ko(),
                        check.year,
                        flat.unit,
                        check.policy.rounding.en(),
                        check.year
                    );
                    for (i, line) in flat.lines.iter().enumerate() {
                        let mut depth = 0;
                        let mut at = line.parent;
                        while let Some(p) = at {
                            depth += 1;
                            at = flat.lines[p].parent;
                        }
                        let code = line.economic.map(|c| format!(" [{c}]")).unwrap_or_default();
                        let place = match &placed[i] {
                            Placement::Matched(c) => format!("= {c}"),
                            Placement::New => "새 과목 / new".to_owned(),
                        };
                        println!(
                            "{}{} {}{code}  {}  ({place})",
                            "  ".repeat(depth),
                            line.level.korean(),
                            line.name,
                            shown(line.amount)
                        );
                        for item in &line.items {
                            let amount = item.amount().map(|a| a.won).unwrap_or_default();
                            println!(
                                "{}  · {} = {}원",
                                "  ".repeat(depth),
                                item,
                                yesan_domain::format::amount(amount.get())
                            );
                        }
                    }
                    println!(
                        "합계 / total {}{} · 과목 {}개 / lines",
                        shown(flat.total()),
                        flat.unit,
                        flat.lines.len()
                    );
                    Ok(ExitCode::SUCCESS)
                }
            }
        }
    }
}
