//! Messages kept as data and rendered in one language at a time. The
//! older errors of Yesan write "한국어 / English" into one string; the
//! newer ones (산출기초, economic classification, indicator targets, the
//! flat budget import) are enums with structured fields that implement
//! [`Bilingual`], so that the web can show Korean or English alone and the
//! command line, Korean first, can still show both ([`Bilingual::both`]).

/// A message that can be rendered in Korean or in English.
pub trait Bilingual {
    /// The message in Korean (the default language everywhere).
    fn ko(&self) -> String;

    /// The message in English.
    fn en(&self) -> String;

    /// Korean, then English, as the older messages are written (`ko / en`),
    /// for sinks that show one string to every reader (the command line,
    /// an import's row messages).
    fn both(&self) -> String {
        format!("{} / {}", self.ko(), self.en())
    }
}
