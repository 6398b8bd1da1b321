//! Fast integer formatting into byte buffers (itoa-style): writing tens of
//! millions of rows through `format!` would dominate the generator's time.

/// Appends the decimal digits of `v`.
pub fn push_u64(buf: &mut Vec<u8>, mut v: u64) {
    let mut tmp = [0u8; 20];
    let mut i = tmp.len();
    loop {
        i -= 1;
        // `v % 10` is below 10, so the cast cannot truncate.
        tmp[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    buf.extend_from_slice(&tmp[i..]);
}

/// Appends the decimal digits of `v`, with a leading `-` when negative.
pub fn push_i64(buf: &mut Vec<u8>, v: i64) {
    if v < 0 {
        buf.push(b'-');
    }
    push_u64(buf, v.unsigned_abs());
}

/// Appends `v` zero-padded to at least `width` digits.
pub fn push_padded(buf: &mut Vec<u8>, v: u64, width: usize) {
    let digits = digits(v);
    buf.extend(std::iter::repeat_n(b'0', width.saturating_sub(digits)));
    push_u64(buf, v);
}

/// The number of decimal digits of `v` (1 for 0).
pub fn digits(mut v: u64) -> usize {
    let mut n = 1;
    while v >= 10 {
        v /= 10;
        n += 1;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(f: impl FnOnce(&mut Vec<u8>)) -> String {
        let mut b = Vec::new();
        f(&mut b);
        String::from_utf8(b).unwrap()
    }

    #[test]
    fn formats_like_display() {
        for v in [0u64, 1, 9, 10, 99, 100, 12_345, u64::MAX] {
            assert_eq!(s(|b| push_u64(b, v)), v.to_string());
            assert_eq!(digits(v), v.to_string().len());
        }
        for v in [0i64, -1, 7, -1_234_567, i64::MIN, i64::MAX] {
            assert_eq!(s(|b| push_i64(b, v)), v.to_string());
        }
        assert_eq!(s(|b| push_padded(b, 42, 8)), "00000042");
        assert_eq!(s(|b| push_padded(b, 123_456_789, 8)), "123456789");
    }
}
