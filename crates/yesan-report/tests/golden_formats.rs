//! Golden tests of the HTML report and of the JSON report's execution
//! table, against the seed's tables (not snapshots): each seed table under
//! its heading with its units line and its rows in order in the HTML, and
//! the JSON's execution rows, as data and as shown text, equal to the
//! seed's 세출예산 집행현황 row for row.

use chrono::NaiveDate;
use yesan_report::{Format, render};

mod seed;

use seed::{compare, is_figure, norm, seed_tables, table_under};

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, 10, 18).expect("date")
}

fn report(format: Format) -> String {
    let d = yesan_dataset::default_dataset().expect("default dataset");
    render(&d, as_of(), format).expect("render")
}

/// The HTML as lines: a heading (`h1`–`h6`) is a line starting with `#`, a
/// table row a line of `|`-separated cells; tags are dropped and entities
/// decoded.
fn html_lines(html: &str) -> Vec<String> {
    let mut text = String::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            break;
        };
        let tag = rest[open + 1..open + close].to_ascii_lowercase();
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        let closing = tag.starts_with('/');
        text.push_str(match (name.as_str(), closing) {
            ("h1" | "h2" | "h3" | "h4" | "h5" | "h6", false) => "\n# ",
            ("tr", false) => "\n|",
            ("td" | "th", true) => "|",
            (
                "tr" | "p" | "div" | "section" | "table" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6",
                _,
            ) => "\n",
            _ => "",
        });
        rest = &rest[open + close + 1..];
    }
    text.push_str(rest);
    let text = text
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&");
    text.lines().map(str::to_owned).collect()
}

fn cells_row(line: &str) -> Option<(String, Vec<String>)> {
    if !line.starts_with('|') {
        return None;
    }
    let cells: Vec<String> = line
        .trim_matches('|')
        .split('|')
        .map(|c| c.trim().to_owned())
        .collect();
    let label: String = cells.iter().filter(|c| !is_figure(c)).cloned().collect();
    let figs: Vec<String> = cells.iter().filter(|c| is_figure(c)).cloned().collect();
    (!figs.is_empty()).then(|| (norm(&label), figs))
}

#[test]
fn every_seed_table_is_in_the_html_report_under_its_heading() {
    let html = report(Format::Html);
    let lines = html_lines(&html);
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    let mut diff = Vec::new();
    for table in seed_tables() {
        diff.extend(compare(
            &table,
            table_under(&lines, table.heading, |l| l.starts_with('#'), cells_row),
        ));
    }
    assert!(
        diff.is_empty(),
        "the HTML differs from the seed's tables:\n{}",
        diff.join("\n")
    );
}

/// A seed figure in the unit the JSON keeps: won for 천원 amounts, the
/// rate itself for a percentage.
fn seed_value(t: &str) -> f64 {
    let neg = t.starts_with('△');
    let digits: String = t
        .trim_start_matches(['△', '+'])
        .trim_end_matches('%')
        .chars()
        .filter(|c| *c != ',')
        .collect();
    let v: f64 = digits.parse().expect("a figure");
    let v = if neg { -v } else { v };
    if t.ends_with('%') { v } else { v * 1000.0 }
}

#[test]
fn the_json_execution_table_is_the_seeds_row_for_row() {
    let json: serde_json::Value = serde_json::from_str(&report(Format::Json)).expect("JSON");
    let seed = seed_tables()
        .into_iter()
        .find(|t| t.heading == "세출예산 집행현황")
        .expect("the seed's execution table");
    // As data: name, budget, committed, disbursed (won), both rates.
    let rows = json["detail"]["execution"]
        .as_array()
        .expect("execution rows");
    assert_eq!(rows.len(), seed.rows.len(), "execution rows");
    for (row, (line, label, figs)) in rows.iter().zip(&seed.rows) {
        let name = norm(row["name"].as_str().expect("name"));
        assert!(
            name.ends_with(label.as_str()),
            "seed line {line}: {label}, JSON {name}"
        );
        let got: Vec<f64> = [
            "budget",
            "committed",
            "disbursed",
            "commit_rate",
            "disburse_rate",
        ]
        .iter()
        .map(|k| row[*k].as_f64().unwrap_or(f64::NAN))
        .collect();
        let want: Vec<f64> = figs.iter().map(|t| seed_value(t)).collect();
        assert_eq!(got, want, "seed line {line}: {label}");
    }
    // As shown: the table's text cells, with its units line.
    let table = &json["detail"]["execution_table"];
    assert_eq!(table["units"].as_str().map(norm), Some(norm(&seed.units)));
    let shown: Vec<(String, Vec<String>)> = table["rows"]
        .as_array()
        .expect("table rows")
        .iter()
        .map(|r| {
            let cells: Vec<String> = r["cells"]
                .as_array()
                .expect("cells")
                .iter()
                .map(|c| c["text"].as_str().unwrap_or_default().to_owned())
                .collect();
            let label: String = cells.iter().filter(|c| !is_figure(c)).cloned().collect();
            (
                norm(&label),
                cells.into_iter().filter(|c| is_figure(c)).collect(),
            )
        })
        .collect();
    assert_eq!(shown.len(), seed.rows.len());
    for ((label, figs), (line, want_label, want)) in shown.iter().zip(&seed.rows) {
        assert!(
            label.ends_with(want_label.as_str()) && figs == want,
            "seed line {line}: {want_label} {want:?}, JSON {label} {figs:?}"
        );
    }
}
