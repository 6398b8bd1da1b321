//! 산출기초: how a budget line's amount is built. A leaf line may carry
//! items, each a unit price in 원 times one or more factors with units
//! (`강사료 50,000원 × 20명 × 10회`), optionally under a group heading; the
//! line's amount is then the sum of the items' exact products, rounded to
//! 천원 by the institution's rule, with the rounding difference kept
//! ([`total`]). A line without items keeps its typed amount.
//!
//! - [`item`]: an item, its factors and its exact product (a fraction of a
//!   won is dropped, and shown);
//! - [`total`]: the rounding rules (원단위, 절상, 절사, 반올림), the line
//!   total, group subtotals, the check of a stated amount;
//! - [`parse`]: 산출기초 text as 예산서 and exports write it;
//! - [`error`]: [`BasisError`], structured and rendered in either language.

pub mod error;
pub mod item;
pub mod parse;
pub mod total;

pub use error::BasisError;
pub use item::{BasisItem, Factor, FactorUnit, ItemAmount};
pub use parse::{
    ParsedItem, Stated, parse_factors, parse_item, parse_items, parse_price, split_name,
};
pub use total::{BasisTotal, Group, Rounding, groups, total};
