//! What the header of an institution page shows: the institution's names,
//! the years to switch to and the other institutions the reader may read.
//! Plain data, filled by `pages::chooser::nav` once the gate resolved the
//! institution, and carried in the request's `Ctx`.

use serde::Serialize;

/// What the page header shows of the institution: its names, the years
/// to switch to, and the other institutions the reader may read.
#[derive(Debug, Clone, Serialize)]
pub struct HereNav {
    /// `/i/{code}`.
    pub prefix: String,
    /// The code.
    pub code: String,
    /// The name in the reader's language (Korean first).
    pub name: String,
    /// The year shown.
    pub year: i32,
    /// The recorded years, newest first, each with the link that shows it.
    pub years: Vec<(i32, String)>,
    /// `?as_of=…` to carry on links when a past year is shown (empty for
    /// the latest year).
    pub as_of_q: String,
    /// The institutions the reader may read: (code, name, link).
    pub institutions: Vec<(String, String, String)>,
    /// What the page tells its reader about the date it shows (a date
    /// moved into the year, one before the ledger's first entry, opening
    /// entries), in the reader's language; filled for pages, not the API.
    pub notes: Vec<String>,
}
