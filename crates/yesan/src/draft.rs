//! `yesan budget draft …`: the draft budget (예산안) from the command line.
//! Each subcommand calls one `yesan_app::proposal` use case and prints its
//! outcome: the comparison with the current year in 천원 (Markdown) or the
//! whole view in won (JSON), the versions, a diff. A refused step prints
//! why (Korean, then English) and exits with 1; nothing is written then.
//! `export`, `import` and `book` are the draft's files
//! (`yesan_app::proposal_files`): a version as the editable workbook, a
//! workbook back as a new version (every bad cell listed, or taken), a
//! version's 예산서 in any format.

use crate::cli::{DraftCommand, DraftFormat};
use anyhow::{Context, Result};
use std::fmt::Write as _;
use std::process::ExitCode;
use yesan_app::Error;
use yesan_app::proposal::{
    self, CompareRow, ItemChange, ProposalView, Resolution, Status, VersionDiff,
};
use yesan_domain::bilingual::Bilingual;
use yesan_domain::money::{Won, thousand_won};
use yesan_store::Store;

/// Runs one `yesan budget draft` subcommand as `actor`.
pub async fn run(store: &Store, what: DraftCommand, actor: &str) -> Result<ExitCode> {
    let outcome = match what {
        DraftCommand::Create { year } => proposal::create(store, year, actor).await.map(|v| {
            format!(
                "{}년 예산안 1차를 만들었습니다 / created version 1 of the {} draft budget\n{}",
                year,
                year,
                markdown(&v)
            )
        }),
        DraftCommand::Show {
            year,
            version,
            format,
        } => match proposal::view(store, year, version).await {
            Ok(v) => Ok(match format {
                DraftFormat::Md => markdown(&v),
                DraftFormat::Json => {
                    serde_json::to_string_pretty(&v).context("JSON / JSON")? + "\n"
                }
            }),
            Err(e) => Err(e),
        },
        DraftCommand::Versions { year } => proposal::view(store, year, None)
            .await
            .map(|v| versions(&v)),
        DraftCommand::Diff { year, from, to } => proposal::diff(store, year, from, to)
            .await
            .map(|d| diff(&d)),
        DraftCommand::Save { year, file, note } => {
            let bytes = std::fs::read(&file)
                .with_context(|| format!("파일 읽기 / reading {}", file.display()))?;
            let edit: proposal::ProposalEdit = serde_json::from_slice(&bytes)
                .with_context(|| format!("편집 JSON / the edit's JSON: {}", file.display()))?;
            proposal::save(store, year, &edit, &note, actor)
                .await
                .map(|n| format!("{year}년 예산안 {n}차를 저장했습니다 / saved version {n}\n"))
        }
        DraftCommand::ImportFlat { year, file, note } => {
            return crate::draft_flat::import(store, year, &file, &note, actor).await;
        }
        DraftCommand::Submit { year } => proposal::submit(store, year, actor)
            .await
            .map(|()| format!("{year}년 예산안을 제출했습니다 / submitted\n")),
        DraftCommand::Return { year, reason } => {
            proposal::return_to_planner(store, year, &reason, actor)
                .await
                .map(|()| format!("{year}년 예산안을 반려했습니다 / returned to editing\n"))
        }
        DraftCommand::Approve {
            year,
            date,
            number,
            note,
        } => {
            let r = Resolution { date, number, note };
            proposal::approve(store, year, &r, actor).await.map(|()| {
                format!(
                    "{year}년 예산안을 승인했습니다. {year}년 본예산이 되었습니다 / approved: it is the {year} original budget\n"
                )
            })
        }
        DraftCommand::Export {
            year,
            version,
            output,
        } => match yesan_app::proposal_files::workbook(store, year, version).await {
            Ok(bytes) => {
                crate::open::emit(Some(&output), &bytes)?;
                Ok(format!(
                    "{year}년 예산안을 {} 에 썼습니다 / wrote the draft to {}\n",
                    output.display(),
                    output.display()
                ))
            }
            Err(e) => Err(e),
        },
        DraftCommand::Import { year, file, note } => {
            let bytes = std::fs::read(&file)
                .with_context(|| format!("파일 읽기 / reading {}", file.display()))?;
            let name = file.file_name().map_or_else(
                || file.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            match yesan_app::proposal_files::import_workbook(
                store, year, &bytes, &name, &note, actor,
            )
            .await
            {
                Ok(Ok(n)) => Ok(format!(
                    "엑셀에서 {year}년 예산안 {n}차를 저장했습니다 / saved version {n} from the workbook\n"
                )),
                Ok(Err(cells)) => {
                    for c in &cells {
                        eprintln!("{}", c.both());
                    }
                    eprintln!("아무것도 기록하지 않았습니다 / nothing was written");
                    return Ok(ExitCode::from(1));
                }
                Err(e) => Err(e),
            }
        }
        DraftCommand::Book {
            year,
            version,
            format,
            output,
        } => {
            let format = format.publish();
            if format.is_binary() && output.is_none() {
                anyhow::bail!(
                    "XLSX·PDF·HWPX는 -o 파일로만 씁니다 / XLSX, PDF and HWPX need -o FILE"
                );
            }
            match yesan_app::proposal_files::book(store, year, version).await {
                Ok(parts) => {
                    let bytes = yesan_app::book::render(&parts, format)?;
                    crate::open::emit(output.as_deref(), &bytes)?;
                    Ok(String::new())
                }
                Err(e) => Err(e),
            }
        }
    };
    match outcome {
        Ok(text) => {
            print!("{text}");
            Ok(ExitCode::SUCCESS)
        }
        Err(Error::Proposal(e)) => {
            eprintln!("{}", e.both());
            eprintln!("아무것도 기록하지 않았습니다 / nothing was written");
            Ok(ExitCode::from(1))
        }
        Err(e) => Err(e.into()),
    }
}

fn k(won: i64) -> String {
    thousand_won(Won::new(won))
}

fn status(s: &Status) -> String {
    match s {
        Status::Editing => "편집 중 / editing".to_owned(),
        Status::Submitted {
            version, by, at, ..
        } => {
            format!("{version}차 제출됨 ({by}, {at}) / submitted")
        }
        Status::Approved {
            version,
            by,
            resolution,
            ..
        } => format!(
            "{version}차 승인됨 ({by}; 의결 {} {}) / approved",
            resolution.date, resolution.number
        ),
    }
}

fn compare_table(out: &mut String, title: &str, v: &ProposalView, rows: &[CompareRow]) {
    let _ = writeln!(out, "\n## {title}\n");
    let _ = writeln!(
        out,
        "| 구분 | {} 예산안 | {} 최종예산 | 증감액 | 증감률(%) |",
        v.year, v.base_year
    );
    let _ = writeln!(out, "| --- | ---: | ---: | ---: | ---: |");
    for r in rows {
        let _ = writeln!(
            out,
            "| {}{} | {} | {} | {} | {} |",
            "ㆍ".repeat(r.depth),
            r.name,
            k(r.amount),
            k(r.current),
            k(r.change),
            r.rate.as_deref().unwrap_or("-")
        );
    }
}

/// The draft against the current year, in 천원, with 산출기초 under each
/// line (in 원, as 예산서 write them).
pub fn markdown(v: &ProposalView) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {}년 예산안 {}차 ({}년 최종예산 대비)\n",
        v.year, v.version, v.base_year
    );
    let _ = writeln!(out, "- 상태: {}", status(&v.status));
    let _ = writeln!(out, "- 산출기초 끝수 처리: {}", v.rounding);
    let _ = writeln!(out, "- (단위: 천원)\n");
    let _ = writeln!(
        out,
        "| 과목 | 과목명 | 편성목 | {} 예산안 | {} 최종예산 | 증감액 | 증감률(%) |",
        v.year, v.base_year
    );
    let _ = writeln!(out, "| --- | --- | --- | ---: | ---: | ---: | ---: |");
    for r in &v.rows {
        let _ = writeln!(
            out,
            "| {} | {}{} | {} | {} | {} | {} | {} |",
            r.code,
            "ㆍ".repeat(r.depth),
            r.name,
            r.economic.as_deref().unwrap_or(""),
            k(r.amount),
            k(r.current),
            k(r.change),
            r.rate.as_deref().unwrap_or("-")
        );
        for i in &r.items {
            let group = i
                .group
                .as_deref()
                .map(|g| format!("[{g}] "))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "|  | {}· {group}{} {} = {}원 |  |  |  |  |  |",
                "ㆍ".repeat(r.depth),
                i.description,
                i.formula,
                yesan_domain::format::amount(i.amount)
            );
        }
        if let (Some(exact), Some(diff)) = (r.exact, r.rounding)
            && diff != 0
        {
            let _ = writeln!(
                out,
                "|  | {}· 계 {}원, 끝수 {}원 |  |  |  |  |  |",
                "ㆍ".repeat(r.depth),
                yesan_domain::format::amount(exact),
                yesan_domain::format::amount(diff)
            );
        }
    }
    compare_table(&mut out, "분류별", v, &v.categories);
    compare_table(&mut out, "사업별", v, &v.programs);
    compare_table(&mut out, "합계", v, &v.totals);
    out
}

fn versions(v: &ProposalView) -> String {
    let mut out = format!("{}년 예산안 · {}\n", v.year, status(&v.status));
    for i in &v.versions {
        let _ = writeln!(
            out,
            "{}차  {}  {}  {}",
            i.number, i.saved_at, i.saved_by, i.note
        );
    }
    out
}

fn diff(d: &VersionDiff) -> String {
    let mut out = format!("{}차 → {}차 (원)\n", d.from, d.to);
    if d.lines.is_empty() {
        out.push_str("차이 없음 / no difference\n");
    }
    let amount = |a: Option<i64>| a.map_or_else(|| "없음".to_owned(), yesan_domain::format::amount);
    for l in &d.lines {
        let _ = writeln!(
            out,
            "{} {}: {} → {}",
            l.code,
            l.name,
            amount(l.from),
            amount(l.to)
        );
        for c in &l.items {
            let _ = match c {
                ItemChange::Added { item, to } => writeln!(out, "  + {item}번 {to}"),
                ItemChange::Removed { item, from } => writeln!(out, "  - {item}번 {from}"),
                ItemChange::Changed { item, from, to } => {
                    writeln!(out, "  ~ {item}번 {from} → {to}")
                }
            };
        }
        if let Some(e) = &l.economic {
            let or_none = |s: &str| {
                if s.is_empty() {
                    "없음".to_owned()
                } else {
                    s.to_owned()
                }
            };
            let _ = writeln!(
                out,
                "  ~ 편성목·통계목 {} → {}",
                or_none(&e.from),
                or_none(&e.to)
            );
        }
    }
    out
}
