//! The difference between two versions of a draft budget as the diff page
//! shows it: each line that differs, its amounts before and after in 천원
//! and the change, and its 산출기초 items added, removed or changed, as
//! the app's diff gives them (`yesan_app::proposal::diff`).

use serde::Serialize;
use yesan_app::proposal::{ItemChange, VersionDiff};
use yesan_domain::Lang;
use yesan_domain::money::{Won, thousand_won};

/// One line that differs.
#[derive(Debug, Serialize)]
pub struct ChangeView {
    code: String,
    name: String,
    from: String,
    to: String,
    change: String,
    before: Vec<String>,
    after: Vec<String>,
}

fn k(w: Option<i64>) -> String {
    w.map_or_else(|| "-".to_owned(), |w| thousand_won(Won::new(w)))
}

/// `2번` / `#2` before an item, so a reader tells items apart.
fn nth(item: usize, lang: Lang) -> String {
    match lang {
        Lang::Ko => format!("{item}번"),
        Lang::En => format!("#{item}"),
    }
}

/// The lines of `d`, ready to show.
pub fn changes(d: &VersionDiff, lang: Lang) -> Vec<ChangeView> {
    d.lines
        .iter()
        .map(|l| {
            let (mut before, mut after) = (Vec::new(), Vec::new());
            for c in &l.items {
                match c {
                    ItemChange::Added { item, to } => {
                        after.push(format!("{} {to}", nth(*item, lang)))
                    }
                    ItemChange::Removed { item, from } => {
                        before.push(format!("{} {from}", nth(*item, lang)));
                    }
                    ItemChange::Changed { item, from, to } => {
                        before.push(format!("{} {from}", nth(*item, lang)));
                        after.push(format!("{} {to}", nth(*item, lang)));
                    }
                }
            }
            if let Some(e) = &l.economic {
                let label = match lang {
                    Lang::Ko => "편성목·통계목",
                    Lang::En => "Economic code",
                };
                let or_dash = |s: &str| {
                    if s.is_empty() {
                        "-".to_owned()
                    } else {
                        s.to_owned()
                    }
                };
                before.push(format!("{label} {}", or_dash(&e.from)));
                after.push(format!("{label} {}", or_dash(&e.to)));
            }
            ChangeView {
                code: l.code.clone(),
                name: l.name.clone(),
                from: k(l.from),
                to: k(l.to),
                change: match (l.from, l.to) {
                    (Some(a), Some(b)) => k(Some(b - a)),
                    _ => "-".to_owned(),
                },
                before,
                after,
            }
        })
        .collect()
}
