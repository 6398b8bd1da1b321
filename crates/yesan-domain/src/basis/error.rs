//! What can be wrong with a 산출기초: an item that cannot be built, a
//! product too large to keep, a line total that disagrees with the amount
//! stated beside it, or text that does not read as `단가 × 수량 …`. Each
//! error carries the part that failed (which term, the text as written),
//! so a form or an import can point at it, and renders in Korean or
//! English on its own ([`Bilingual`]).

use crate::bilingual::Bilingual;
use crate::decimal::DecimalError;
use crate::money::Won;

/// Why a 산출기초 item, its text or its total was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.ko())]
pub enum BasisError {
    /// The text holds nothing.
    Empty,
    /// The text is longer than any 산출기초 line.
    TooLong {
        /// The limit in characters.
        max: usize,
    },
    /// A control character (a pasted tab, a stray byte).
    ControlCharacter {
        /// The text as written (cut short).
        text: String,
    },
    /// No unit price (단가) could be found: the formula must start with an
    /// amount in 원.
    NoPrice {
        /// The text as written (cut short).
        text: String,
    },
    /// The unit price is not a whole number of won.
    BadPrice {
        /// The term as written.
        part: String,
        /// What was wrong with the number, when it was the number.
        reason: Option<DecimalError>,
    },
    /// A unit price below zero.
    NegativePrice {
        /// The price.
        price: Won,
    },
    /// A unit price with no factor to multiply it by.
    NoFactor {
        /// The text as written (cut short).
        text: String,
    },
    /// Nothing between two multiplication signs, or after the last one.
    EmptyTerm {
        /// 1-based position of the term (1 is the unit price).
        position: usize,
    },
    /// A factor whose number cannot be read.
    BadFactor {
        /// 1-based position of the term (1 is the unit price).
        position: usize,
        /// The term as written.
        part: String,
        /// What was wrong with the number.
        reason: DecimalError,
    },
    /// A factor below zero.
    NegativeFactor {
        /// 1-based position of the term.
        position: usize,
        /// The term as written.
        part: String,
    },
    /// A unit that is not a short word (`명`, `회`, `개월`, `%` …).
    BadUnit {
        /// 1-based position of the term.
        position: usize,
        /// The unit as written.
        unit: String,
    },
    /// More factors than an item may have.
    TooManyFactors {
        /// How many were given.
        count: usize,
        /// The limit.
        max: usize,
    },
    /// A description or group heading that is too long.
    TextTooLong {
        /// `설명` or `묶음`.
        field: &'static str,
        /// The limit in characters.
        max: usize,
    },
    /// The product does not fit in 64-bit won, or its fractional digits
    /// exceed what is kept.
    TooLarge {
        /// The item as written or described.
        item: String,
    },
    /// An opening parenthesis with no closing one.
    UnclosedParenthesis {
        /// The text as written (cut short).
        text: String,
    },
    /// The amount written after `=` cannot be read.
    BadStated {
        /// The part after `=` as written.
        part: String,
    },
    /// The amount written after `=` disagrees with the product.
    StatedDiffers {
        /// The amount written.
        stated: Won,
        /// The product.
        computed: Won,
    },
    /// The line's total by its 산출기초 disagrees with its stated amount.
    Disagrees {
        /// The amount stated for the line (예산액).
        stated: Won,
        /// The 산출기초 total after the rounding rule.
        computed: Won,
    },
    /// A rounding rule that is not one of the four.
    UnknownRounding {
        /// The rule as written.
        text: String,
    },
}

fn won(w: Won) -> String {
    w.to_string()
}

impl Bilingual for BasisError {
    fn ko(&self) -> String {
        match self {
            Self::Empty => "산출기초가 비어 있습니다".to_owned(),
            Self::TooLong { max } => format!("산출기초가 {max}자를 넘습니다"),
            Self::ControlCharacter { text } => {
                format!("산출기초 '{text}'에 쓸 수 없는 제어 문자가 있습니다")
            }
            Self::NoPrice { text } => format!(
                "'{text}'에서 단가를 찾을 수 없습니다. '48,000원*42개'처럼 원 단위 단가를 먼저 쓰세요"
            ),
            Self::BadPrice { part, reason } => match reason {
                Some(r) => format!("단가 '{part}'을(를) 읽을 수 없습니다: {}", r.ko()),
                None => format!("단가 '{part}'은(는) 원 단위의 정수여야 합니다"),
            },
            Self::NegativePrice { price } => {
                format!("단가 {}은(는) 0원보다 작을 수 없습니다", won(*price))
            }
            Self::NoFactor { text } => {
                format!("'{text}'에 곱할 수량이 없습니다. 한 번에 드는 금액이면 '× 1식'을 붙이세요")
            }
            Self::EmptyTerm { position } => {
                format!("{position}번째 항이 비어 있습니다(곱하기 기호가 겹치거나 끝에 있습니다)")
            }
            Self::BadFactor {
                position,
                part,
                reason,
            } => format!(
                "{position}번째 항 '{part}'의 수량을 읽을 수 없습니다: {}",
                reason.ko()
            ),
            Self::NegativeFactor { position, part } => {
                format!("{position}번째 항 '{part}': 수량은 0보다 작을 수 없습니다")
            }
            Self::BadUnit { position, unit } => format!(
                "{position}번째 항의 단위 '{unit}'은(는) 명, 회, 개월, 식, %처럼 짧은 낱말이어야 합니다"
            ),
            Self::TooManyFactors { count, max } => {
                format!("곱하는 수량이 {count}개입니다. 한 항목에 {max}개까지 씁니다")
            }
            Self::TextTooLong { field, max } => format!("{field}이(가) {max}자를 넘습니다"),
            Self::TooLarge { item } => {
                format!("'{item}'의 곱이 너무 크거나 소수 자릿수가 너무 많아 셀 수 없습니다")
            }
            Self::UnclosedParenthesis { text } => {
                format!("'{text}'에서 여는 괄호 '('가 닫히지 않았습니다")
            }
            Self::BadStated { part } => {
                format!("'=' 뒤의 금액 '{part}'을(를) 읽을 수 없습니다(예: = 1,915,200원)")
            }
            Self::StatedDiffers { stated, computed } => format!(
                "'=' 뒤에 적힌 {}이(가) 곱 {}과(와) 다릅니다(차이 {})",
                won(*stated),
                won(*computed),
                won(*stated - *computed)
            ),
            Self::Disagrees { stated, computed } => format!(
                "산출기초 합계 {}이 예산액 {}과 다릅니다(차이 {})",
                won(*computed),
                won(*stated),
                won(*stated - *computed)
            ),
            Self::UnknownRounding { text } => format!(
                "끝수 처리 '{text}'을(를) 알 수 없습니다. 원단위, 절상, 절사, 반올림 중 하나를 쓰세요"
            ),
        }
    }

    fn en(&self) -> String {
        match self {
            Self::Empty => "the cost basis is empty".to_owned(),
            Self::TooLong { max } => format!("the cost basis is longer than {max} characters"),
            Self::ControlCharacter { text } => {
                format!("the cost basis '{text}' contains a control character")
            }
            Self::NoPrice { text } => format!(
                "no unit price found in '{text}'; start with a price in won, as in '48,000원*42개'"
            ),
            Self::BadPrice { part, reason } => match reason {
                Some(r) => format!("cannot read the unit price '{part}': {}", r.en()),
                None => format!("the unit price '{part}' must be a whole number of won"),
            },
            Self::NegativePrice { price } => {
                format!("the unit price {} cannot be below zero", won(*price))
            }
            Self::NoFactor { text } => {
                format!("'{text}' has nothing to multiply the price by; for a lump sum add '× 1식'")
            }
            Self::EmptyTerm { position } => format!(
                "term {position} is empty (two multiplication signs in a row, or one at the end)"
            ),
            Self::BadFactor {
                position,
                part,
                reason,
            } => format!(
                "cannot read the quantity of term {position} '{part}': {}",
                reason.en()
            ),
            Self::NegativeFactor { position, part } => {
                format!("term {position} '{part}': a quantity cannot be below zero")
            }
            Self::BadUnit { position, unit } => format!(
                "the unit '{unit}' of term {position} must be a short word such as 명, 회, 개월, 식 or %"
            ),
            Self::TooManyFactors { count, max } => {
                format!("{count} quantities to multiply; an item has at most {max}")
            }
            Self::TextTooLong { field, max } => {
                let field = match *field {
                    "설명" => "the description",
                    "묶음" => "the group heading",
                    other => other,
                };
                format!("{field} is longer than {max} characters")
            }
            Self::TooLarge { item } => format!(
                "the product of '{item}' is too large, or has too many decimal places, to compute"
            ),
            Self::UnclosedParenthesis { text } => {
                format!("the parenthesis '(' opened in '{text}' is never closed")
            }
            Self::BadStated { part } => {
                format!("cannot read the amount '{part}' after '=' (e.g. = 1,915,200원)")
            }
            Self::StatedDiffers { stated, computed } => format!(
                "the {} written after '=' differs from the product {} (difference {})",
                won(*stated),
                won(*computed),
                won(*stated - *computed)
            ),
            Self::Disagrees { stated, computed } => format!(
                "the cost basis totals {}, but the amount stated is {} (difference {})",
                won(*computed),
                won(*stated),
                won(*stated - *computed)
            ),
            Self::UnknownRounding { text } => format!(
                "unknown rounding rule '{text}'; use exact, up, down or half-up (원단위, 절상, 절사, 반올림)"
            ),
        }
    }
}
