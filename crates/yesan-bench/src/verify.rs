//! An independent check of a generated directory: re-reads the written files
//! (not the generator's state) and applies the rules Yesan enforces at
//! import, in file order and in (stable) date order: unique document
//! numbers, entries on leaf lines, positive amounts, dates in 2023, every
//! reference to an earlier entry of the right kind on the same line, no
//! payment or cancellation above the open balance, no line committed beyond
//! its budget. It also recomputes the as-of roll-up and compares it with
//! `expected.csv`, and checks the dataset's leaf budgets against `lines.csv`.
//!
//! It holds the whole ledger in memory (about 100 bytes an entry): meant for
//! tests and spot checks up to a few million entries.

use crate::calendar;
use crate::generate::{CSV_HEADER, EXPECTED_HEADER, Kind, LINES_HEADER};
use std::collections::HashMap;
use std::fs;
use std::io::{self, BufRead, BufReader};
use std::path::Path;

/// What the check found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Entries read.
    pub entries: u64,
    /// Entries by kind, in the order of [`Kind::ALL`].
    pub by_kind: [u64; 4],
    /// Entries dated earlier than the entry before them in the file.
    pub out_of_order: u64,
    /// Budget lines by level (1, 2, 3).
    pub lines_by_level: [usize; 3],
    /// Every rule broken (at most [`MAX_PROBLEMS`] are kept).
    pub problems: Vec<String>,
}

/// How many problems are listed before the rest are only counted.
pub const MAX_PROBLEMS: usize = 50;

impl Report {
    fn problem(&mut self, p: String) {
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(p);
        }
    }

    /// The share of cancellations, in per mille.
    pub fn cancel_per_mille(&self) -> u64 {
        (self.by_kind[2] + self.by_kind[3]) * 1000 / self.entries.max(1)
    }
}

struct LineRec {
    code: String,
    parent: Option<usize>,
    level: u8,
    budget: Option<i64>,
}

struct EntryRec {
    day: u16,
    kind: Kind,
    line: usize,
    amount: i64,
    /// Index of the referenced entry.
    target: Option<usize>,
}

fn invalid(msg: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg)
}

fn read_lines(dir: &Path, r: &mut Report) -> io::Result<Vec<LineRec>> {
    let text = fs::read_to_string(dir.join("lines.csv"))?;
    let mut it = text.lines();
    if it.next() != Some(LINES_HEADER) {
        return Err(invalid("lines.csv: unexpected header".into()));
    }
    let mut lines: Vec<LineRec> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for (n, row) in it.enumerate() {
        let f: Vec<&str> = row.split(',').collect();
        if f.len() != 7 {
            return Err(invalid(format!("lines.csv row {}: {row}", n + 2)));
        }
        let parent = match f[1] {
            "" => None,
            p => match index.get(p) {
                Some(&i) => Some(i),
                None => {
                    r.problem(format!("line {}: parent {p} is not listed before it", f[0]));
                    None
                }
            },
        };
        let level: u8 = f[2]
            .parse()
            .map_err(|_| invalid(format!("lines.csv: level {}", f[2])))?;
        let budget = match f[6] {
            "" => None,
            b => Some(
                b.parse()
                    .map_err(|_| invalid(format!("lines.csv: budget {b}")))?,
            ),
        };
        let expected_level = parent.map_or(1, |p: usize| lines[p].level + 1);
        if level != expected_level || !(1..=3).contains(&level) {
            r.problem(format!(
                "line {}: level {level}, expected {expected_level}",
                f[0]
            ));
        }
        if index.insert(f[0].to_owned(), lines.len()).is_some() {
            r.problem(format!("line {}: duplicate code", f[0]));
        }
        lines.push(LineRec {
            code: f[0].to_owned(),
            parent,
            level,
            budget,
        });
    }
    for (i, l) in lines.iter().enumerate() {
        if (1..=3).contains(&l.level) {
            r.lines_by_level[usize::from(l.level) - 1] += 1;
        }
        let leaf = !lines.iter().any(|c| c.parent == Some(i));
        if leaf != l.budget.is_some() {
            r.problem(format!("line {}: a budget belongs on leaves only", l.code));
        }
        if leaf && l.level != 3 {
            r.problem(format!("line {}: a leaf at level {}", l.code, l.level));
        }
    }
    Ok(lines)
}

/// Leaf budgets written in dataset.toml, by code.
fn dataset_budgets(dir: &Path) -> io::Result<HashMap<String, i64>> {
    let text = fs::read_to_string(dir.join("dataset.toml"))?;
    let mut out = HashMap::new();
    let mut code: Option<String> = None;
    for l in text.lines() {
        if l == "[[budget.lines]]" {
            code = None;
        } else if let Some(c) = l.strip_prefix("code = \"") {
            code = Some(c.trim_end_matches('"').to_owned());
        } else if let (Some(a), Some(c)) = (l.strip_prefix("amount = "), &code) {
            let a = a
                .parse()
                .map_err(|_| invalid(format!("dataset.toml: amount {a}")))?;
            out.insert(c.clone(), a);
        }
    }
    Ok(out)
}

fn read_entries(dir: &Path, lines: &[LineRec], r: &mut Report) -> io::Result<Vec<EntryRec>> {
    let by_code: HashMap<&str, usize> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| (l.code.as_str(), i))
        .collect();
    let is_leaf: Vec<bool> = (0..lines.len())
        .map(|i| !lines.iter().any(|c| c.parent == Some(i)))
        .collect();
    let mut reader = BufReader::with_capacity(1 << 20, fs::File::open(dir.join("entries.csv"))?);
    let mut row = String::new();
    reader.read_line(&mut row)?;
    if row.trim_end() != CSV_HEADER {
        return Err(invalid(format!("entries.csv: header {:?}", row.trim_end())));
    }
    let mut entries: Vec<EntryRec> = Vec::new();
    let mut docs: HashMap<String, usize> = HashMap::new();
    let mut last_day = 0;
    loop {
        row.clear();
        if reader.read_line(&mut row)? == 0 {
            break;
        }
        let f: Vec<&str> = row.trim_end_matches('\n').split(',').collect();
        let here = entries.len();
        let at = |what: &str| format!("entry {} ({}): {what}", here + 1, f.get(1).unwrap_or(&"?"));
        if f.len() != 8 {
            return Err(invalid(at("not 8 fields")));
        }
        let Some(day) = calendar::parse(f[0]) else {
            r.problem(at(&format!(
                "date {} is not in fiscal year {}",
                f[0],
                calendar::YEAR
            )));
            continue;
        };
        if day < last_day {
            r.out_of_order += 1;
        }
        last_day = day;
        let Some(kind) = Kind::parse(f[2]) else {
            r.problem(at(&format!("unknown kind {}", f[2])));
            continue;
        };
        let Some(&line) = by_code.get(f[3]) else {
            r.problem(at(&format!("unknown line {}", f[3])));
            continue;
        };
        if !is_leaf[line] {
            r.problem(at(&format!("line {} is not a leaf", f[3])));
        }
        let amount: i64 = match f[4].parse() {
            Ok(a) if a > 0 => a,
            _ => {
                r.problem(at(&format!("amount {} is not a positive integer", f[4])));
                continue;
            }
        };
        let target = match (kind.references(), f[5]) {
            (None, "") => None,
            (None, x) => {
                r.problem(at(&format!("a commitment has a ref {x}")));
                None
            }
            (Some(_), "") => {
                r.problem(at("ref missing"));
                None
            }
            (Some(want), x) => match docs.get(x) {
                None => {
                    r.problem(at(&format!("ref {x} is not an earlier entry")));
                    None
                }
                Some(&t) => {
                    let e: &EntryRec = &entries[t];
                    if e.kind != want || e.line != line {
                        r.problem(at(&format!(
                            "ref {x} is a {} on {}, expected a {} on {}",
                            e.kind.as_str(),
                            lines[e.line].code,
                            want.as_str(),
                            f[3]
                        )));
                    }
                    if e.day > day {
                        r.problem(at(&format!("ref {x} is dated later")));
                    }
                    Some(t)
                }
            },
        };
        if docs.insert(f[1].to_owned(), here).is_some() {
            r.problem(at("duplicate doc_no"));
            continue;
        }
        r.entries += 1;
        r.by_kind[Kind::ALL.iter().position(|&k| k == kind).unwrap_or(0)] += 1;
        entries.push(EntryRec {
            day,
            kind,
            line,
            amount,
            target,
        });
    }
    Ok(entries)
}

/// Applies the entries in `order`, checking open balances and budgets.
fn check_balances(
    what: &str,
    order: &[usize],
    entries: &[EntryRec],
    lines: &[LineRec],
    r: &mut Report,
) {
    let mut open = vec![0i64; entries.len()];
    let mut seen = vec![false; entries.len()];
    let mut committed = vec![0i64; lines.len()];
    for &i in order {
        let e = &entries[i];
        seen[i] = true;
        let at = |msg: String| format!("{what} order, entry {}: {msg}", i + 1);
        if let Some(t) = e.target {
            if !seen[t] {
                r.problem(at(format!("ref entry {} comes later", t + 1)));
            }
            if e.amount > open[t] {
                r.problem(at(format!(
                    "{} {} exceeds the open balance {} of entry {}",
                    e.kind.as_str(),
                    e.amount,
                    open[t],
                    t + 1
                )));
            }
            open[t] -= e.amount;
        }
        match e.kind {
            Kind::Commit => {
                open[i] = e.amount;
                committed[e.line] += e.amount;
                let budget = lines[e.line].budget.unwrap_or(0);
                if committed[e.line] > budget {
                    r.problem(at(format!(
                        "line {} committed {} over its budget {budget}",
                        lines[e.line].code, committed[e.line]
                    )));
                }
            }
            Kind::Disburse => open[i] = e.amount,
            Kind::CommitCancel => committed[e.line] -= e.amount,
            Kind::DisburseCancel => {
                // A cancelled payment reopens its commitment.
                if let Some(c) = e.target.and_then(|t| entries[t].target) {
                    open[c] += e.amount;
                }
            }
        }
    }
}

fn check_expected(
    dir: &Path,
    as_of: u16,
    entries: &[EntryRec],
    lines: &[LineRec],
    r: &mut Report,
) -> io::Result<()> {
    let mut by_line = vec![[0i64; 3]; lines.len()];
    let add = |by_line: &mut Vec<[i64; 3]>, i: usize, col: usize, v: i64| {
        let mut cur = Some(i);
        while let Some(j) = cur {
            by_line[j][col] += v;
            cur = lines[j].parent;
        }
    };
    for (i, l) in lines.iter().enumerate() {
        if let Some(b) = l.budget {
            add(&mut by_line, i, 0, b);
        }
    }
    for e in entries.iter().filter(|e| e.day <= as_of) {
        let (col, sign) = match e.kind {
            Kind::Commit => (1, 1),
            Kind::CommitCancel => (1, -1),
            Kind::Disburse => (2, 1),
            Kind::DisburseCancel => (2, -1),
        };
        add(&mut by_line, e.line, col, sign * e.amount);
    }
    let mut total = [0i64; 3];
    for (l, v) in lines.iter().zip(&by_line) {
        if l.parent.is_none() {
            for c in 0..3 {
                total[c] += v[c];
            }
        }
    }
    let text = fs::read_to_string(dir.join("expected.csv"))?;
    let mut it = text.lines();
    if it.next() != Some(EXPECTED_HEADER) {
        return Err(invalid("expected.csv: unexpected header".into()));
    }
    let mut rows = 0;
    for row in it {
        let f: Vec<&str> = row.split(',').collect();
        let nums: Vec<i64> = f.iter().skip(2).filter_map(|x| x.parse().ok()).collect();
        let want = if f[0] == "TOTAL" {
            Some(total)
        } else {
            lines
                .iter()
                .position(|l| l.code == f[0])
                .map(|i| by_line[i])
        };
        match want {
            Some(w) if nums.as_slice() == w.as_slice() => {}
            Some(w) => r.problem(format!("expected.csv {}: {nums:?}, recomputed {w:?}", f[0])),
            None => r.problem(format!("expected.csv: unknown line {}", f[0])),
        }
        rows += 1;
    }
    if rows != lines.len() + 1 {
        r.problem(format!(
            "expected.csv has {rows} rows, not {}",
            lines.len() + 1
        ));
    }
    Ok(())
}

/// Checks the generated files in `dir`.
pub fn verify(dir: &Path) -> io::Result<Report> {
    let mut r = Report::default();
    let summary = fs::read_to_string(dir.join("summary.txt"))?;
    let as_of = summary
        .lines()
        .find_map(|l| l.strip_prefix("as_of="))
        .and_then(calendar::parse)
        .ok_or_else(|| invalid("summary.txt: no as_of".into()))?;
    let lines = read_lines(dir, &mut r)?;
    let budgets = dataset_budgets(dir)?;
    for l in &lines {
        if budgets.get(&l.code).copied() != l.budget {
            r.problem(format!(
                "dataset.toml amount of {} is {:?}, lines.csv says {:?}",
                l.code,
                budgets.get(&l.code),
                l.budget
            ));
        }
    }
    let entries = read_entries(dir, &lines, &mut r)?;
    let file_order: Vec<usize> = (0..entries.len()).collect();
    check_balances("file", &file_order, &entries, &lines, &mut r);
    let mut date_order = file_order;
    date_order.sort_by_key(|&i| entries[i].day); // stable, as Yesan's ledger
    check_balances("date", &date_order, &entries, &lines, &mut r);
    check_expected(dir, as_of, &entries, &lines, &mut r)?;
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::write_dir;
    use crate::generate::Config;
    use std::path::PathBuf;

    fn temp(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("yesan-bench-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&d);
        d
    }

    #[test]
    fn generated_ledger_keeps_every_rule() {
        let dir = temp("valid");
        let cfg = Config {
            journal: true,
            ..Config::new(30_000)
        };
        let s = write_dir(&cfg, &dir).unwrap();
        assert!(crate::files::is_current(&dir, &cfg));
        assert!(!crate::files::is_current(&dir, &Config::new(30_001)));
        let r = verify(&dir).unwrap();
        assert_eq!(r.problems, Vec::<String>::new());
        assert_eq!(r.entries, 30_000);
        assert_eq!(r.by_kind, s.by_kind);
        assert_eq!(r.lines_by_level, [4, 20, 376]);
        assert!(
            (10..=30).contains(&r.cancel_per_mille()),
            "{}",
            r.cancel_per_mille()
        );
        // Mostly ascending: some, but few, entries go back in time.
        assert!(r.out_of_order > 0 && r.out_of_order * 100 < r.entries);
        assert!(dir.join("entries.journal").is_file());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn verifier_catches_broken_rules() {
        let dir = temp("broken");
        write_dir(&Config::new(5_000), &dir).unwrap();
        let csv = fs::read_to_string(dir.join("entries.csv")).unwrap();
        let mut rows: Vec<String> = csv.lines().map(str::to_owned).collect();
        // Overpay the first disbursement by a million won.
        let d = rows.iter().position(|l| l.contains(",disburse,")).unwrap();
        let mut f: Vec<String> = rows[d].split(',').map(str::to_owned).collect();
        f[4] = (f[4].parse::<i64>().unwrap() + 1_000_000).to_string();
        rows[d] = f.join(",");
        // Point a commit cancellation at a disbursement.
        let c = rows
            .iter()
            .position(|l| l.contains(",commit_cancel,"))
            .unwrap();
        let mut g: Vec<String> = rows[c].split(',').map(str::to_owned).collect();
        g[5] = f[1].clone();
        rows[c] = g.join(",");
        // Repeat a document number.
        rows.push(rows[1].clone());
        fs::write(dir.join("entries.csv"), rows.join("\n") + "\n").unwrap();
        let r = verify(&dir).unwrap();
        let has = |s: &str| r.problems.iter().any(|p| p.contains(s));
        assert!(has("exceeds the open balance"), "{:?}", r.problems);
        assert!(has("expected a commit"), "{:?}", r.problems);
        assert!(has("duplicate doc_no"), "{:?}", r.problems);
        assert!(has("expected.csv"), "{:?}", r.problems);
        fs::remove_dir_all(&dir).unwrap();
    }
}
