//! The deterministic city of issue 11's performance section: `N`
//! institutions × `Y` fiscal years × `L` budget lines, `E` entries in all,
//! for `scripts/bench.sh city`.
//!
//! Every (institution, year) is one ledger of the single-ledger generator
//! ([`crate::generate`]) with a seed of its own, dated in its year; the
//! years end with 2023 (the default city: 2021, 2022, 2023), the as-of
//! date falls in the last one. The directory holds, per institution, its
//! dataset (`datasets/{code}.toml`, format 2 with every year) and one
//! entries file per year (`entries/{code}-{year}.csv`); for DuckDB every
//! line's budget (`lines.csv`, with the institution and year); and the
//! answers the benchmark checks every tool against: each institution's
//! totals in the last year as of the date (`expected.csv`) and the first
//! institution's roll-up line by line (`expected-one.csv`). `city.txt`,
//! written last, marks a complete directory.

use crate::calendar;
use crate::files::year_tables;
use crate::generate::{Config, GENERATOR, Outputs, Summary, generate};
use crate::rng::mix;
use crate::tree::BudgetTree;
use std::fmt::Write as _;
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::Path;

/// The last fiscal year of the city.
pub const LAST_YEAR: i32 = calendar::YEAR;

/// What city to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CityConfig {
    /// Number of institutions.
    pub institutions: u32,
    /// Number of fiscal years, ending with [`LAST_YEAR`].
    pub years: u32,
    /// Budget lines of every institution's year.
    pub lines: usize,
    /// Entries in all, spread evenly over institutions and years (the
    /// first ones take one more when they do not divide).
    pub entries: u64,
    /// Seed of the whole city.
    pub seed: u64,
    /// Day index of the as-of date in the last year.
    pub as_of: u16,
}

impl Default for CityConfig {
    /// The city: 30 institutions × 3 years × 400 lines, 30M entries.
    fn default() -> Self {
        CityConfig {
            institutions: 30,
            years: 3,
            lines: 400,
            entries: 30_000_000,
            seed: 2023,
            as_of: 290,
        }
    }
}

impl CityConfig {
    /// The code of institution `i` (0-based): `inst01`, `inst02`, …
    pub fn code(&self, i: u32) -> String {
        let width = self.institutions.to_string().len().max(2);
        format!("inst{:0width$}", i + 1)
    }

    /// The fiscal years, ascending.
    pub fn fiscal_years(&self) -> Vec<i32> {
        let n = i32::try_from(self.years.max(1)).unwrap_or(1);
        (LAST_YEAR - n + 1..=LAST_YEAR).collect()
    }

    /// Entries of institution `i`'s `k`-th year.
    pub fn entries_of(&self, i: u32, k: u32) -> u64 {
        let parts = u64::from(self.institutions.max(1)) * u64::from(self.years.max(1));
        let slot = u64::from(i) * u64::from(self.years.max(1)) + u64::from(k);
        self.entries / parts + u64::from(slot < self.entries % parts)
    }

    /// The generator's configuration for institution `i`'s `k`-th year.
    pub fn ledger(&self, i: u32, k: u32) -> Config {
        let years = self.fiscal_years();
        let k_us = usize::try_from(k).unwrap_or(0);
        let last = k_us + 1 == years.len();
        Config {
            entries: self.entries_of(i, k),
            seed: mix(self.seed ^ (u64::from(i) << 32) ^ u64::from(k) ^ 0xC17E),
            as_of: if last { self.as_of } else { calendar::DAYS - 1 },
            journal: false,
            year: years[k_us],
        }
    }

    /// The text of `city.txt`: the configuration, which tells a directory
    /// is current.
    pub fn summary(&self) -> String {
        let day = calendar::iso_in(LAST_YEAR, self.as_of);
        format!(
            "generator={GENERATOR}/city\ninstitutions={}\nyears={}\nlines={}\nentries={}\nseed={}\nas_of={}\n",
            self.institutions,
            self.years,
            self.lines,
            self.entries,
            self.seed,
            String::from_utf8_lossy(&day)
        )
    }
}

/// Whether `dir` holds the city `cfg` complete.
pub fn is_current(dir: &Path, cfg: &CityConfig) -> bool {
    fs::read_to_string(dir.join("city.txt")).is_ok_and(|t| t == cfg.summary())
}

fn create(path: &Path) -> io::Result<BufWriter<fs::File>> {
    Ok(BufWriter::with_capacity(1 << 20, fs::File::create(path)?))
}

/// Writes the city into `dir` (see the module's documentation); returns
/// the number of entries written.
pub fn write_city(cfg: &CityConfig, dir: &Path) -> io::Result<u64> {
    fs::create_dir_all(dir.join("datasets"))?;
    fs::create_dir_all(dir.join("entries"))?;
    let done = dir.join("city.txt");
    if done.exists() {
        fs::remove_file(&done)?;
    }
    // Files of a bigger city written here before would be read by DuckDB's
    // glob: the directory holds this city's files only.
    for sub in ["datasets", "entries"] {
        for f in fs::read_dir(dir.join(sub))? {
            fs::remove_file(f?.path())?;
        }
    }
    let tree = BudgetTree::with_lines(cfg.lines);
    let years = cfg.fiscal_years();
    let mut lines = String::from("inst,year,code,parent,level,l1,l2,budget\n");
    let mut expected = String::from("inst,budget,committed,disbursed\n");
    let mut written = 0;
    for i in 0..cfg.institutions {
        let code = cfg.code(i);
        let mut toml = format!(
            "# 도시 벤치마크 합성 기관 / a synthetic institution of the city benchmark.\n\
             # Generated by {GENERATOR}/city; do not edit.\n\nformat = \"yesan-dataset/2\"\ncode = \"{code}\"\n"
        );
        let ko = format!("벤치마크기관 {}", i + 1);
        let en = format!("Benchmark Institution {}", i + 1);
        for (k, &year) in (0u32..).zip(&years) {
            let lcfg = cfg.ledger(i, k);
            let name = format!("{code}-{year}.csv");
            let tmp = dir.join("entries").join(format!("{name}.tmp"));
            let mut csv = create(&tmp)?;
            let s = generate(
                &tree,
                &lcfg,
                &mut Outputs {
                    entries: &mut csv,
                    journal: None,
                },
            )?;
            csv.flush()?;
            drop(csv);
            fs::rename(&tmp, dir.join("entries").join(&name))?;
            written += lcfg.entries;
            toml.push_str("\n[[years]]\n");
            year_tables(&tree, &s, "years.", (&ko, &en), &mut toml);
            push_lines(&tree, &s, &code, &mut lines);
            if year == LAST_YEAR {
                let (_, total) = s.roll_up(&tree);
                let _ = writeln!(expected, "{code},{},{},{}", total[0], total[1], total[2]);
                if i == 0 {
                    let mut one = Vec::new();
                    crate::files::write_expected(&tree, &s, &mut one)?;
                    fs::write(dir.join("expected-one.csv"), one)?;
                }
            }
        }
        fs::write(dir.join("datasets").join(format!("{code}.toml")), toml)?;
    }
    fs::write(dir.join("lines.csv"), lines)?;
    fs::write(dir.join("expected.csv"), expected)?;
    fs::write(&done, cfg.summary())?;
    Ok(written)
}

/// Appends every line of one institution's year to `lines.csv`'s text:
/// its level-1 and level-2 ancestors (itself at its own level), for
/// `GROUP BY ROLLUP (l1, l2, code)`; the budget on leaves only.
fn push_lines(tree: &BudgetTree, s: &Summary, code: &str, t: &mut String) {
    let mut leaf_no = 0;
    for (i, l) in tree.lines.iter().enumerate() {
        let mut chain: Vec<usize> = tree.ancestors(i).collect();
        chain.reverse();
        chain.push(i);
        let at = |lvl: usize| chain.get(lvl).map_or("", |&j| tree.lines[j].code.as_str());
        let parent = l.parent.map_or("", |p| tree.lines[p].code.as_str());
        let _ = write!(
            t,
            "{code},{},{},{parent},{},{},{},",
            s.config.year,
            l.code,
            l.level,
            at(0),
            at(1)
        );
        if l.level == 3 {
            let _ = write!(t, "{}", s.budget[leaf_no]);
            leaf_no += 1;
        }
        t.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> CityConfig {
        CityConfig {
            institutions: 3,
            years: 2,
            lines: 60,
            entries: 6_001,
            ..CityConfig::default()
        }
    }

    #[test]
    fn entries_spread_over_every_ledger() {
        let c = small();
        let sum: u64 = (0..3)
            .flat_map(|i| (0..2).map(move |k| (i, k)))
            .map(|(i, k)| c.entries_of(i, k))
            .sum();
        assert_eq!(sum, 6_001);
        assert_eq!(c.entries_of(0, 0), 1_001);
        assert_eq!(c.entries_of(2, 1), 1_000);
        assert_eq!(c.fiscal_years(), vec![2022, 2023]);
        assert_eq!(CityConfig::default().fiscal_years(), vec![2021, 2022, 2023]);
        assert_eq!(c.code(0), "inst01");
        assert_ne!(c.ledger(0, 0).seed, c.ledger(1, 0).seed);
        assert_ne!(c.ledger(0, 0).seed, c.ledger(0, 1).seed);
        assert_eq!(c.ledger(0, 0).as_of, 364);
        assert_eq!(c.ledger(0, 1).as_of, 290);
    }

    #[test]
    fn writes_a_city_the_same_twice() {
        let dir = std::env::temp_dir().join(format!("yesan-city-{}", std::process::id()));
        let c = small();
        assert_eq!(write_city(&c, &dir).unwrap(), 6_001);
        assert!(is_current(&dir, &c));
        assert!(!is_current(
            &dir,
            &CityConfig {
                entries: 6_000,
                ..small()
            }
        ));
        let read = |p: &str| fs::read(dir.join(p)).unwrap();
        let (a, e) = (read("entries/inst02-2022.csv"), read("expected.csv"));
        let toml = String::from_utf8(read("datasets/inst03.toml")).unwrap();
        assert!(
            toml.contains("format = \"yesan-dataset/2\"") && toml.contains("fiscal_year = 2022")
        );
        assert_eq!(toml.matches("[[years]]").count(), 2);
        assert_eq!(toml.matches("[[years.budget.lines]]").count(), 120);
        let first = String::from_utf8(a.clone()).unwrap();
        assert!(first.lines().nth(1).unwrap().starts_with("2022-01-01,"));
        let exp = String::from_utf8(e.clone()).unwrap();
        assert_eq!(exp.lines().count(), 4, "{exp}");
        // The lines table holds every line of every year.
        assert_eq!(
            String::from_utf8(read("lines.csv"))
                .unwrap()
                .lines()
                .count(),
            1 + 3 * 2 * 60
        );
        write_city(&c, &dir).unwrap();
        assert_eq!(read("entries/inst02-2022.csv"), a);
        assert_eq!(read("expected.csv"), e);
        fs::remove_dir_all(&dir).unwrap();
    }
}
