//! Messages for people, in one language at a time.
//!
//! Errors stay typed (thiserror enums with structured fields) all the way
//! to the edge; what a person reads is rendered there, in the language
//! that person reads. Every refusal implements [`Localized`]: one Korean
//! and one English rendering, written side by side so a reviewer reads
//! both at once. The web shows the one of the interface's language; the
//! CLI, whose readers may be either, prints both (`Display` is "한국어 /
//! English", [`bilingual_display!`]). A message never names a form field
//! by its internal name: the front end that owns the form puts the
//! field's label next to it.
//!
//! [`Text`] is a message already rendered in both languages, for values
//! that are carried around before they are shown (a finding's reason, a
//! row problem of a file).

use serde::Serialize;
use std::fmt;

/// A language people read Yesan in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// 한국어 (the default).
    #[default]
    Ko,
    /// English.
    En,
}

impl Lang {
    /// Both languages, Korean first.
    pub const ALL: [Lang; 2] = [Lang::Ko, Lang::En];

    /// `ko` or `en`; anything else is Korean.
    pub fn parse(s: &str) -> Lang {
        if s.trim().eq_ignore_ascii_case("en") {
            Lang::En
        } else {
            Lang::Ko
        }
    }

    /// The code used in cookies and `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ko => "ko",
            Lang::En => "en",
        }
    }

    /// `ko` in Korean, `en` in English.
    pub fn pick<T>(self, ko: T, en: T) -> T {
        match self {
            Lang::Ko => ko,
            Lang::En => en,
        }
    }

    /// A name recorded in both languages, in this one: the English name in
    /// English when one is recorded (blanks are none), else the Korean
    /// name, which every institution, line and project has.
    pub fn name<'a>(self, ko: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::En if !en.trim().is_empty() => en,
            _ => ko,
        }
    }
}

/// Something said to a person, in either language.
pub trait Localized {
    /// The message in `lang`.
    fn say(&self, lang: Lang) -> String;

    /// The message in both languages, to be shown later.
    fn text(&self) -> Text {
        Text {
            ko: self.say(Lang::Ko),
            en: self.say(Lang::En),
        }
    }

    /// "한국어 / English", for readers of either (the terminal).
    fn both(&self) -> String {
        format!("{} / {}", self.say(Lang::Ko), self.say(Lang::En))
    }
}

/// A message rendered in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize)]
pub struct Text {
    /// 한국어.
    pub ko: String,
    /// English.
    pub en: String,
}

impl Text {
    /// A message from its two renderings.
    pub fn new(ko: impl Into<String>, en: impl Into<String>) -> Text {
        Text {
            ko: ko.into(),
            en: en.into(),
        }
    }

    /// A message of an error that has no [`Localized`] renderings yet,
    /// only a `Display` holding both languages ("한국어 / English"): shown
    /// as it is whatever the reader's language. A stopgap, to be replaced
    /// by the error's own renderings (every use is greppable).
    pub fn same(both: impl std::fmt::Display) -> Text {
        let s = both.to_string();
        Text {
            ko: s.clone(),
            en: s,
        }
    }

    /// The rendering in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ko => &self.ko,
            Lang::En => &self.en,
        }
    }

    /// Both renderings, each prefixed (`"{ko_prefix}{ko}"`, …): a label or
    /// a place put before a message.
    #[must_use]
    pub fn after(&self, prefix: &Text) -> Text {
        Text {
            ko: format!("{}{}", prefix.ko, self.ko),
            en: format!("{}{}", prefix.en, self.en),
        }
    }

    /// Each rendering changed by `f` (given the language).
    #[must_use]
    pub fn map(&self, f: impl Fn(Lang, &str) -> String) -> Text {
        Text {
            ko: f(Lang::Ko, &self.ko),
            en: f(Lang::En, &self.en),
        }
    }
}

impl Localized for Text {
    fn say(&self, lang: Lang) -> String {
        self.get(lang).to_owned()
    }

    fn text(&self) -> Text {
        self.clone()
    }
}

/// The errors written against [`crate::bilingual::Bilingual`] (`ko()`,
/// `en()`) are messages of this kind too, so that every front end shows
/// them the one way.
impl<T: crate::bilingual::Bilingual + ?Sized> Localized for T {
    fn say(&self, lang: Lang) -> String {
        match lang {
            Lang::Ko => self.ko(),
            Lang::En => self.en(),
        }
    }
}

/// A fixed message: (한국어, English).
impl Localized for (&str, &str) {
    fn say(&self, lang: Lang) -> String {
        lang.pick(self.0, self.1).to_owned()
    }
}

impl fmt::Display for Text {
    /// "한국어 / English"; a message the same in both ([`Text::same`])
    /// once.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ko == self.en {
            f.write_str(&self.ko)
        } else {
            write!(f, "{} / {}", self.ko, self.en)
        }
    }
}

/// `Display` as "한국어 / English" from a type's [`Localized`] renderings:
/// what the terminal and logs print.
#[macro_export]
macro_rules! bilingual_display {
    ($($t:ty),+ $(,)?) => {$(
        impl ::std::fmt::Display for $t {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&$crate::message::Localized::both(self))
            }
        }
    )+};
}

/// `ko_en!(lang, "한국어 {x}", "English {x}")`: the format string of the
/// language, with the names in scope captured as `format!` does.
#[macro_export]
macro_rules! ko_en {
    ($lang:expr, $ko:literal, $en:literal $(,)?) => {
        match $lang {
            $crate::message::Lang::Ko => format!($ko),
            $crate::message::Lang::En => format!($en),
        }
    };
}

/// `text!("한국어 {x}", "English {x}")`: a [`Text`] of the two format
/// strings, with the names in scope captured as `format!` does.
#[macro_export]
macro_rules! text {
    ($ko:literal, $en:literal $(,)?) => {
        $crate::message::Text {
            ko: format!($ko),
            en: format!($en),
        }
    };
}

/// Whether `word`, read aloud in Korean, ends in a final consonant
/// (받침), and whether that consonant is ㄹ: what picks a particle. Digits
/// are read as Sino-Korean numbers (3 삼, 7 칠); capitals (a code, an
/// acronym) by their letters' names (L 엘, M 엠, N 엔, R 알); a lower-case
/// word as it sounds (`line` 라인, `user` 유저, `total` 토털); trailing
/// punctuation is skipped. `None` when the word ends in nothing readable.
fn final_consonant(word: &str) -> Option<(bool, bool)> {
    let end = word
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_alphanumeric())?;
    let c = end.1;
    let before = word[..end.0].chars().next_back();
    Some(match c {
        '가'..='힣' => {
            let jong = (u32::from(c) - 0xAC00) % 28;
            (jong != 0, jong == 8)
        }
        '0' | '3' | '6' => (true, false),
        '1' | '7' | '8' => (true, true),
        '2' | '4' | '5' | '9' => (false, false),
        'L' | 'R' => (true, true),
        'M' | 'N' => (true, false),
        'l' => (true, true),
        'm' | 'n' | 'k' => (true, false),
        'g' if before == Some('n') => (true, false),
        // A silent e: `line` 라인, `time` 타임, `file` 파일.
        'e' => match before {
            Some('l') => (true, true),
            Some('m' | 'n') => (true, false),
            _ => (false, false),
        },
        _ => (false, false),
    })
}

/// `word` with the Korean particle that fits it: `with` after a final
/// consonant, `without` otherwise (`josa("E3.2.3", "은", "는")` is
/// `E3.2.3은`). For `으로`/`로`, a final ㄹ takes `로`. A word whose end
/// cannot be read takes both, as `은(는)`.
pub fn josa(word: &str, with: &str, without: &str) -> String {
    match final_consonant(word) {
        Some((true, true)) if with == "으로" => format!("{word}{without}"),
        Some((true, _)) => format!("{word}{with}"),
        Some((false, _)) => format!("{word}{without}"),
        None => format!("{word}{with}({without})"),
    }
}

/// Does `s` contain Hangul (a syllable or a jamo)?
pub fn has_hangul(s: &str) -> bool {
    s.chars().any(|c| {
        ('가'..='힣').contains(&c)
            || ('\u{1100}'..='\u{11FF}').contains(&c)
            || ('ㄱ'..='ㅣ').contains(&c)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn particles_follow_the_last_sound() {
        assert_eq!(josa("E3.2.3", "은", "는"), "E3.2.3은");
        assert_eq!(josa("E2", "은", "는"), "E2는");
        assert_eq!(josa("결의번호", "이", "가"), "결의번호가");
        assert_eq!(josa("금액", "이", "가"), "금액이");
        assert_eq!(josa("F-1", "으로", "로"), "F-1로");
        assert_eq!(josa("2023-원-0301", "을", "를"), "2023-원-0301을");
        assert_eq!(josa("과목", "으로", "로"), "과목으로");
        assert_eq!(josa("SDF", "과", "와"), "SDF와");
        assert_eq!(josa("'user'", "이", "가"), "'user'가");
        assert_eq!(josa("line", "이", "가"), "line이");
        assert_eq!(josa("URL", "이", "가"), "URL이");
        assert_eq!(josa("'…'", "은", "는"), "'…'은(는)");
    }

    #[test]
    fn a_text_shows_one_language_or_both() {
        let t = Text::new("금액", "amount");
        assert_eq!(t.get(Lang::En), "amount");
        assert_eq!(t.to_string(), "금액 / amount");
        assert_eq!(t.after(&Text::new("1행 ", "row 1 ")).ko, "1행 금액");
        assert_eq!(Lang::parse("EN"), Lang::En);
        assert_eq!(Lang::parse("fr"), Lang::Ko);
        let n = 3;
        assert_eq!(ko_en!(Lang::Ko, "{n}건", "{n} rows"), "3건");
        assert_eq!(ko_en!(Lang::En, "{n}건", "{n} rows"), "3 rows");
        assert!(has_hangul("2023-원-0301") && !has_hangul("E3.2.3"));
    }

    #[test]
    fn a_name_falls_back_to_korean_where_no_english_is_recorded() {
        assert_eq!(Lang::En.name("재단", "Foundation"), "Foundation");
        assert_eq!(Lang::Ko.name("재단", "Foundation"), "재단");
        assert_eq!(Lang::En.name("재단", "  "), "재단");
        assert_eq!(Lang::En.name("재단", ""), "재단");
    }
}
