//! Reading the finance team's import files into domain values: execution
//! entries ([`parse_entries`], [`EntryReader`]), budget lines or
//! amendments ([`parse_budget`]), monthly spending plans
//! ([`parse_plans`]), and a budget from a flat export with its
//! 산출기초 ([`parse_flat`]).
//!
//! This crate is pure parsing. The caller reads the file and passes its
//! name (used only in messages) and bytes; what comes back is typed rows,
//! each with the line a person would look for, or an [`ImportError`]
//! listing every problem with its file, line and column. No database, no
//! file system, no async: checking the rows against the budget and the
//! ledger is the domain's job, storing them the store's.
//!
//! # Files
//!
//! A file is an XLSX workbook (its first sheet) when it starts as a zip
//! does, and CSV otherwise, in UTF-8 (with or without a byte-order mark)
//! or CP949. The first non-blank row is the header; columns are found by
//! name, Korean or English, in any order, ignoring case, spaces, `_` and
//! `-`. Unknown columns are ignored with a warning. Blank rows are skipped.
//!
//! | file | columns (required in bold) |
//! |---|---|
//! | entries | **date 일자**, **doc_no 결의번호**, **kind 구분**, **line 예산과목**, **amount 금액**, ref 참조, counterparty 거래처, memo 적요 |
//! | budget lines | **code 코드 (과목코드)**, **name 과목명**, parent 상위과목, **kind 구분**, **amount 예산액**, prior 전년도예산, category 분류, view_name 표시명 |
//! | amendments | **no 변경번호**, **date 일자**, **kind 구분**, **line 예산과목**, **amount 금액**, note 비고 (승인내역) |
//! | spending plans | **line 예산과목 or project 사업**, form 방식 (누계비율·월별금액), date 적용일, **1월 … 12월** (m1 … m12), note 비고 |
//!
//! Amounts are whole won, written `1,234`, `△1,234`, `-1,234`, `(1,234)`,
//! with or without `원` ([`value::parse_amount`]); dates `2023-10-18`,
//! `2023.10.18.`, `'23.10.18.`, `2023/10/18` and more ([`value::parse_date`]),
//! or date cells in XLSX.
//!
//! # Limits
//!
//! What no real ledger reaches, so that a hostile file cannot take the
//! process's memory: a CSV record of at most 1 MiB; a workbook inflating to
//! at most 1 GiB (256 MiB of shared strings), with no cell value past 256 KiB and at most ten million
//! cells (its declared dimensions are never trusted). A quote left open
//! refuses the file at its line. Messages quote at most 40 characters of a
//! value. Document numbers hold at most 64 characters, memos and
//! counterparties 1,000, none a control character.

mod budget;
pub mod budget_workbook;
mod cell;
mod columns;
mod decode;
mod entries;
mod error;
mod flat;
mod flat_columns;
mod flat_error;
mod flat_tree;
mod plan;
mod row;
mod stream;
mod table;
pub mod value;
mod xlsx;

pub use budget::{AmendmentRow, BudgetFile, parse_budget};
pub use entries::{EntriesFile, EntryReader, parse_entries, parse_entries_with};
pub use error::{FileError, ImportError, MAX_ROW_ERRORS, RowError};
pub use flat::parse_flat;
pub use flat_error::{FlatError, FlatIssue, FlatProblem};
pub use flat_tree::{FlatBudget, FlatLine, Level};
pub use plan::{PlanFile, PlanRow, parse_form, parse_plans};
pub use table::Progress;
