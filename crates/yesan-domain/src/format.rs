//! Number formatting in the conventions of Korean public-finance reports:
//! thousands separators, `△` for negatives, `+` for a staffing surplus, `-`
//! for an empty staffing cell. Kept in the domain because these conventions
//! are rules of the field, shared by every renderer (md, html, pdf, web).

/// `1234567` → `1,234,567`; `-1234` → `△1,234`.
pub fn amount(v: i64) -> String {
    let digits = group(v.unsigned_abs());
    if v < 0 {
        format!("△{digits}")
    } else {
        digits
    }
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
