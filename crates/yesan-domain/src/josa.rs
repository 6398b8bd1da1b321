//! Korean particles (조사) chosen by how a word ends, so that messages
//! read "E3.2.1은", "DXO는", "메타시티팀이" rather than "은(는)", "이(가)".
//! A word ends in a final consonant (받침) when its last syllable has one;
//! a code is read aloud letter by letter and digit by digit (1 일, 3 삼,
//! L 엘, M 엠, …), so its last character decides. Where nothing decides
//! (a symbol), the particle is written both ways, "은(는)".

/// How a word's last sound ends: `None` when unknown, else whether it has a
/// final consonant and whether that consonant is ㄹ.
fn ending(word: &str) -> Option<(bool, bool)> {
    let c = word
        .trim_end()
        .chars()
        .rev()
        .find(|c| !matches!(c, ')' | ']' | '」' | '』' | '"' | '\'' | '’' | '”'))?;
    match c {
        '가'..='힣' => {
            let fin = (u32::from(c) - 0xAC00) % 28;
            Some((fin != 0, fin == 8))
        }
        // 영 일 이 삼 사 오 육 칠 팔 구
        '0' | '3' | '6' => Some((true, false)),
        '1' | '7' | '8' => Some((true, true)),
        '2' | '4' | '5' | '9' => Some((false, false)),
        // 엘 엠 엔 알 have a final consonant; the other letters do not.
        'L' | 'l' | 'R' | 'r' => Some((true, true)),
        'M' | 'm' | 'N' | 'n' => Some((true, false)),
        c if c.is_ascii_alphabetic() => Some((false, false)),
        _ => None,
    }
}

fn pick(word: &str, with: &'static str, without: &'static str, both: &'static str) -> &'static str {
    match ending(word) {
        Some((true, _)) => with,
        Some((false, _)) => without,
        None => both,
    }
}

/// 은 or 는.
pub fn eun(word: &str) -> &'static str {
    pick(word, "은", "는", "은(는)")
}

/// 이 or 가.
pub fn i(word: &str) -> &'static str {
    pick(word, "이", "가", "이(가)")
}

/// 을 or 를.
pub fn eul(word: &str) -> &'static str {
    pick(word, "을", "를", "을(를)")
}

/// 과 or 와.
pub fn gwa(word: &str) -> &'static str {
    pick(word, "과", "와", "과(와)")
}

/// 으로 or 로 (로 after ㄹ too).
pub fn euro(word: &str) -> &'static str {
    match ending(word) {
        Some((true, false)) => "으로",
        Some(_) => "로",
        None => "(으)로",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn particles_follow_the_last_sound() {
        assert_eq!(eun("E3.2.1"), "은");
        assert_eq!(eun("E3.2.4"), "는");
        assert_eq!(eun("DXO"), "는");
        assert_eq!(eun("과목명"), "은");
        assert_eq!(eul("과목명"), "을");
        assert_eq!(eul("부서장"), "을");
        assert_eq!(eul("변경번호"), "를");
        assert_eq!(i("메타시티팀"), "이");
        assert_eq!(i("2-4"), "가");
        assert_eq!(i("SIT"), "가");
        assert_eq!(gwa("E3.2.1"), "과");
        assert_eq!(euro("서울"), "로");
        assert_eq!(euro("부서장"), "으로");
        assert_eq!(eul("구분(실·본부·팀)"), "을");
        assert_eq!(eun("-"), "은(는)");
    }
}
