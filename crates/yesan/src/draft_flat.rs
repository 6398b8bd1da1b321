//! `yesan budget draft import-flat YEAR FILE`: a flat budget export
//! (정책사업 › 단위사업 › 세부사업 › 편성목 › 통계목 by columns, CSV or XLSX,
//! UTF-8 or CP949) imported into YEAR's draft as its next version
//! (`yesan_app::proposal_flat::import_flat`). Prints the version, the
//! lines the draft had and the lines added, each with its code and amount
//! in won; or every problem with its row and cell and exit code 1, nothing
//! written.

use anyhow::{Context, Result};
use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;
use yesan_app::Error;
use yesan_app::proposal_flat::{FlatImported, PlacedLine, import_flat};
use yesan_domain::bilingual::Bilingual;
use yesan_domain::format::amount;
use yesan_store::Store;

fn lines(out: &mut String, title: &str, list: &[PlacedLine]) {
    let _ = writeln!(out, "{title} ({})", list.len());
    for l in list {
        let items = if l.items > 0 {
            format!(" · 산출기초 {}건 / {} items", l.items, l.items)
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "  {:<12} {}  {}원{items}",
            l.code.as_str(),
            l.path,
            amount(l.amount.get())
        );
    }
}

fn report(year: i32, file: &str, r: &FlatImported) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{file}을(를) {year}년 예산안 {}차로 저장했습니다 (합계 {}원) / saved as version {} of the {year} draft (total {} won)",
        r.version,
        amount(r.total.get()),
        r.version,
        amount(r.total.get())
    );
    lines(&mut out, "있던 과목 / lines matched", &r.matched);
    lines(&mut out, "추가한 과목 / lines added", &r.added);
    for (code, was) in &r.opened {
        let _ = writeln!(
            out,
            "  {code}: 하위 과목의 합이 되었습니다 (전 차수 {}원) / now totals the file's lines below it (was {} won)",
            amount(was.get()),
            amount(was.get())
        );
    }
    out
}

/// Runs the import as `actor`.
pub async fn import(
    store: &Store,
    year: i32,
    file: &Path,
    note: &str,
    actor: &str,
) -> Result<ExitCode> {
    let bytes =
        std::fs::read(file).with_context(|| format!("파일 읽기 / reading {}", file.display()))?;
    let name = file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    match import_flat(store, year, &bytes, &name, note, actor).await {
        Ok(r) => {
            for w in &r.warnings {
                eprintln!("{name}: {w}");
            }
            print!("{}", report(year, &name, &r));
            Ok(ExitCode::SUCCESS)
        }
        Err(Error::Flat(e)) => {
            eprintln!("{e}");
            eprintln!("아무것도 기록하지 않았습니다 / nothing was written");
            Ok(ExitCode::from(1))
        }
        Err(Error::Proposal(e)) => {
            eprintln!("{}", e.both());
            eprintln!("아무것도 기록하지 않았습니다 / nothing was written");
            Ok(ExitCode::from(1))
        }
        Err(e) => Err(e.into()),
    }
}
