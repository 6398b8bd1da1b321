//! `yesan structure EDIT --date D NAME=VALUE…`: the planning team's
//! structural edits from the command line, the web forms' fields given as
//! `NAME=VALUE`, each through the one `yesan-app::structure` use case the
//! web calls. A refusal lists every reason (Korean, then English) with the
//! field it concerns, and exits 1 having written nothing.

use crate::cli::StructureEdit;
use crate::open::{actor, ready_store};
use anyhow::{Result, bail};
use std::process::ExitCode;
use yesan_app::structure::{self as s, Edited, Fields};

/// Runs `yesan structure …`.
pub async fn run(db: &str, edit: StructureEdit, date: &str, fields: &[String]) -> Result<ExitCode> {
    let mut pairs = vec![("date".to_owned(), date.to_owned())];
    for f in fields {
        let Some((k, v)) = f.split_once('=') else {
            bail!("'{f}': 이름=값 형식으로 적으세요 / write NAME=VALUE");
        };
        // A command line writes line breaks as `\n`.
        pairs.push((k.trim().to_owned(), v.replace("\\n", "\n")));
    }
    let store = ready_store(db).await?;
    let f = Fields(&pairs);
    let who = actor();
    use StructureEdit as E;
    let edited = match edit {
        E::AddLine => s::add_line(&store, f, &who).await?,
        E::RenameLine => s::rename_line(&store, f, &who).await?,
        E::MoveLine => s::move_line(&store, f, &who).await?,
        E::RetireLine => s::retire_line(&store, f, &who).await?,
        E::AddProgram => s::add_program(&store, f, &who).await?,
        E::AddProject => s::add_project(&store, f, &who).await?,
        E::EndProject => s::end_project(&store, f, &who).await?,
        E::AddUnit => s::add_unit(&store, f, &who).await?,
        E::RenameUnit => s::rename_unit(&store, f, &who).await?,
        E::MoveUnit => s::move_unit(&store, f, &who).await?,
        E::DissolveUnit => s::dissolve_unit(&store, f, &who).await?,
        E::SetDuties => s::set_duties(&store, f, &who).await?,
        E::SetHead => s::set_head(&store, f, &who).await?,
        E::SetProfile => s::set_profile(&store, f, &who).await?,
    };
    match edited {
        Edited::Done(plan) => {
            eprintln!(
                "기록했습니다: {} {} {} ({}부터) / recorded: {} {} {} (from {})",
                plan.entity,
                plan.action,
                plan.key,
                plan.change.date,
                plan.entity,
                plan.action,
                plan.key,
                plan.change.date
            );
            Ok(ExitCode::SUCCESS)
        }
        Edited::Refused(refusals) => {
            for r in &refusals {
                eprintln!("[{}] {r}", r.field());
            }
            eprintln!("아무것도 기록하지 않았습니다 / nothing was recorded");
            Ok(ExitCode::from(1))
        }
    }
}
