//! The dataset file: one TOML document holding everything Yesan keeps about
//! an institution for one or several fiscal years (format:
//! `docs/dataset-format.md`; `yesan-dataset/2`, and `yesan-dataset/1` of
//! one year still read).
//!
//! [`parse`] turns bytes into a checked [`Dataset`] or into a
//! [`DatasetError`] whose every item names the file, line, column and field
//! and says what is wrong; [`write`] turns a dataset back into the same
//! format, so that `parse(write(d)) == d`. This crate does no I/O: callers
//! read and write the files.

mod ctx;
mod error;
mod file;
mod projects;
mod raw;
mod read;
mod source;
mod write;

pub use error::{DatasetError, Located};
pub use file::{FORMAT_2, InstitutionFile, parse, parse_file};
pub use source::Source;
pub use write::{write, write_file};

use yesan_domain::Dataset;

/// The default dataset: the Seoul Digital Foundation's 2023 business status
/// report (as of 2023-10-18), compiled into the program so that every
/// command works on a fresh checkout.
pub const DEFAULT_TOML: &str = include_str!("../../../data/default.toml");

/// The name the default dataset is reported under in messages.
pub const DEFAULT_NAME: &str = "data/default.toml";

/// Parses the built-in default dataset: its latest year (2023), with the
/// prior-year column computed from the recorded 2022.
///
/// # Errors
/// Only if the shipped file is broken, which the test suite rules out.
pub fn default_dataset() -> Result<Dataset, DatasetError> {
    parse(DEFAULT_NAME, DEFAULT_TOML.as_bytes())
}

/// Parses the built-in default dataset with every recorded year (2022 and
/// 2023) as recorded.
///
/// # Errors
/// Only if the shipped file is broken, which the test suite rules out.
pub fn default_institution() -> Result<InstitutionFile, DatasetError> {
    parse_file(DEFAULT_NAME, DEFAULT_TOML.as_bytes())
}
