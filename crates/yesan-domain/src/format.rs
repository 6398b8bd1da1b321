//! Number formatting in the conventions of Korean public-finance reports:
//! thousands separators, `△` for negatives, `+` for a staffing surplus, `-`
//! for an empty staffing cell. Kept in the domain because these conventions
//! are rules of the field, shared by every renderer (md, html, pdf, web).
//! Also the one rule for text in files spreadsheets open (CSV injection).

/// `1234567` → `1,234,567`; `-1234` → `△1,234`.
pub fn amount(v: i64) -> String {
    let digits = group(v.unsigned_abs());
    if v < 0 {
        format!("△{digits}")
    } else {
        digits
    }
}

/// Won in 천원, exactly (`10,000`, `1,234.5`, `0.5`, `△2.25`): how an
/// amount typed in 원 reads on the screens' scale, its fraction of a
/// thousand kept rather than rounded away.
pub fn thousand_won_exact(won: i64) -> String {
    let (whole, rest) = (won.unsigned_abs() / 1_000, won.unsigned_abs() % 1_000);
    let sign = if won < 0 { "△" } else { "" };
    let fraction = if rest == 0 {
        String::new()
    } else {
        format!(".{rest:03}").trim_end_matches('0').to_owned()
    };
    format!("{sign}{}{fraction}", group(whole))
}

/// A headcount difference: `+4`, `△3`, and `-` for zero.
pub fn signed_count(v: i64) -> String {
    match v {
        0 => "-".to_owned(),
        v if v > 0 => format!("+{}", group(v.unsigned_abs())),
        v => format!("△{}", group(v.unsigned_abs())),
    }
}

/// A headcount cell: the number, or `-` for zero.
pub fn count(v: i64) -> String {
    if v == 0 { "-".to_owned() } else { amount(v) }
}

/// Thousands separators on an unsigned number.
pub fn group(v: u64) -> String {
    let s = v.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// Whether a spreadsheet would read text starting like `s` as a formula:
/// OWASP's list (`=`, `+`, `-`, `@`, tab, carriage return), or an
/// apostrophe put before one of those by [`spreadsheet_text`].
fn needs_quote(s: &str) -> bool {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => true,
        Some('\'') => needs_quote(&s[1..]),
        _ => false,
    }
}

/// A text cell for a CSV file (CSV injection, OWASP): text that a
/// spreadsheet would take for a formula gets a leading `'`, which
/// spreadsheets read as "this is text". Only for text cells: figures are
/// written as numbers and never pass through here, so a negative amount
/// stays a number. [`from_spreadsheet_text`] undoes it exactly, so an
/// exported file imports to the same values.
pub fn spreadsheet_text(s: &str) -> std::borrow::Cow<'_, str> {
    if needs_quote(s) {
        format!("'{s}").into()
    } else {
        s.into()
    }
}

/// The text [`spreadsheet_text`] was given: one leading `'` is dropped
/// when what follows it would need quoting.
pub fn from_spreadsheet_text(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if needs_quote(rest) => rest,
        _ => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_as_typed() {
        assert_eq!(thousand_won_exact(10_000_000), "10,000");
        assert_eq!(thousand_won_exact(1_234_567), "1,234.567");
        assert_eq!(thousand_won_exact(500), "0.5");
        assert_eq!(thousand_won_exact(-2_250), "△2.25");
    }

    #[test]
    fn groups_thousands() {
        assert_eq!(amount(0), "0");
        assert_eq!(amount(999), "999");
        assert_eq!(amount(1_000), "1,000");
        assert_eq!(amount(9_720_439), "9,720,439");
        assert_eq!(amount(-119_774), "△119,774");
        assert_eq!(amount(i64::MIN), "△9,223,372,036,854,775,808");
    }

    #[test]
    fn staffing_cells() {
        assert_eq!(signed_count(4), "+4");
        assert_eq!(signed_count(-3), "△3");
        assert_eq!(signed_count(0), "-");
        assert_eq!(count(0), "-");
        assert_eq!(count(20), "20");
    }

    #[test]
    fn spreadsheet_text_is_quoted_only_where_a_formula_could_start() {
        for (raw, shown) in [
            ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
            ("+82-2-123", "'+82-2-123"),
            ("-할인", "'-할인"),
            ("@cmd", "'@cmd"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("'=x", "''=x"),
            ("''-x", "'''-x"),
        ] {
            assert_eq!(spreadsheet_text(raw), shown, "{raw:?}");
            assert_eq!(from_spreadsheet_text(shown), raw, "{shown:?}");
        }
        for plain in [
            "",
            "용역비",
            "E3.2.1",
            "2023-10-18",
            "'quoted",
            "a=b",
            "'",
            "1-2",
        ] {
            assert_eq!(spreadsheet_text(plain), plain);
            assert_eq!(from_spreadsheet_text(plain), plain);
        }
    }
}
