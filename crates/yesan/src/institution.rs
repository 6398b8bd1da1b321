//! `yesan institution list|add`: the institutions of one database. These
//! work on the whole database, not within one institution's scope.

use crate::cli::InstitutionCommand;
use crate::open::{actor, institution_code, open_unscoped};
use anyhow::{Context, Result};
use std::process::ExitCode;
use yesan_app::institution::Added;

/// Runs one institution command.
pub async fn run(db: &str, what: InstitutionCommand) -> Result<ExitCode> {
    let store = open_unscoped(db).await?;
    match what {
        InstitutionCommand::List => {
            let list = store
                .institutions()
                .await
                .context("기관 목록 읽기 / reading the institutions")?;
            if list.is_empty() {
                eprintln!(
                    "기관이 없습니다. `yesan init`으로 만드세요 / no institution yet; run `yesan init`"
                );
            }
            let years = |v: &[i32]| {
                if v.is_empty() {
                    "-".to_owned()
                } else {
                    v.iter().map(i32::to_string).collect::<Vec<_>>().join(",")
                }
            };
            println!("코드 code\t이름 name\t영문 name_en\t회계연도 years\t마감 closed");
            for i in list {
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    i.code,
                    i.name_ko,
                    i.name_en,
                    years(&i.years),
                    years(&i.closed_years)
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        InstitutionCommand::Add { code, dataset } => {
            let code = institution_code(&code)?;
            let bytes = std::fs::read(&dataset)
                .with_context(|| format!("데이터셋 읽기 / reading {}", dataset.display()))?;
            let name = dataset.display().to_string();
            // The web's /admin/institutions adds the same way (and its
            // first administrator; here `yesan user add` does that).
            match yesan_app::institution::add(&store, &code, &name, &bytes, None, &actor())
                .await
                .context("기관 추가 / adding the institution")?
            {
                Added::Done {
                    store: added,
                    name_ko,
                    name_en,
                } => {
                    eprintln!(
                        "기관 '{code}'({name_ko})을(를) 추가했습니다: {}회계연도 / added institution '{code}' ({name_en}), fiscal year {}",
                        added.fiscal_year(),
                        added.fiscal_year()
                    );
                    Ok(ExitCode::SUCCESS)
                }
                Added::Refused(why) => {
                    eprintln!("{why}");
                    eprintln!("아무것도 쓰지 않았습니다 / nothing was written");
                    Ok(ExitCode::from(1))
                }
            }
        }
    }
}
