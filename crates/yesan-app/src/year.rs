//! Opening and closing a fiscal year, for planners.
//!
//! Opening builds the next year from the previous one (the domain's
//! [`open_year`]: lines, programs and kept projects, organization and
//! staffing as of January 1st, zero amounts) with the commitments the
//! planner carries over. Closing computes the closing statement (결산)
//! of a year, with what the next year records as carried over, serializes
//! it canonically (compact JSON in the statement's field order) and
//! certifies it by its SHA-256; the store keeps both and the hash lands in
//! the audit log. The pure halves ([`open_next`], [`close`]) work on
//! datasets in memory, so they are tested without a database.

use crate::Error;
use crate::publish::ReportFormat;
use sha2::{Digest, Sha256};
use yesan_domain::Dataset;
use yesan_domain::code::ProjectCode;
use yesan_domain::structure::History;
use yesan_domain::year::{
    CarryChoice, CarryOver, ClosingStatement, OpeningPlan, YearError, open_year,
};
use yesan_report::closing::{self, ClosingReport};

/// A new year, ready to record.
#[derive(Debug, Clone)]
pub struct Opened {
    /// The new year's dataset (skeleton, 이월 amendment, carried
    /// commitments).
    pub dataset: Dataset,
    /// What was carried.
    pub carry: CarryOver,
}

/// Builds `year` from `previous` with the chosen carry-over and the
/// projects that end.
///
/// # Errors
/// A choice that is not an open commitment or exceeds its balance, an
/// unknown project, a year that is not the next.
pub fn open_next(
    previous: &Dataset,
    year: i32,
    carry: &[CarryChoice],
    ended: &[ProjectCode],
) -> Result<Opened, YearError> {
    open_next_without(previous, year, carry, ended, &[])
}

/// [`open_next`], also leaving out the lines `retired` during the
/// previous year (structural edits: [`crate::structure`]).
///
/// # Errors
/// As [`open_next`].
pub fn open_next_without(
    previous: &Dataset,
    year: i32,
    carry: &[CarryChoice],
    ended: &[ProjectCode],
    retired: &[yesan_domain::LineCode],
) -> Result<Opened, YearError> {
    let from = previous.budget.fiscal_year();
    let carry = CarryOver::select(from, &previous.ledger, carry)?;
    let dataset = open_year(
        previous,
        &OpeningPlan {
            year,
            ended_projects: ended.to_vec(),
            retired_lines: retired.to_vec(),
            carry: carry.clone(),
        },
    )?;
    Ok(Opened { dataset, carry })
}

/// A closed year's certified statement.
#[derive(Debug, Clone)]
pub struct Closed {
    /// The statement.
    pub statement: ClosingStatement,
    /// Its canonical JSON (what is hashed and kept).
    pub json: String,
    /// The SHA-256 of `json`, lowercase hex.
    pub sha256: String,
}

impl Closed {
    /// The statement laid out as a report in `lang`.
    pub fn report(&self, lang: yesan_domain::message::Lang) -> ClosingReport {
        closing::build(&self.statement, lang)
    }
}

/// The closing statement of `year_data`; `next` is the following year as
/// recorded, if opened (its carried commitments are the carry-over, checked
/// again against this year's ledger).
///
/// # Errors
/// A recorded carry-over that exceeds what this year's ledger has open.
pub fn close(year_data: &Dataset, next: Option<&Dataset>) -> Result<Closed, YearError> {
    let year = year_data.budget.fiscal_year();
    let choices = next.map_or_else(Vec::new, |n| CarryOver::recorded_choices(year, &n.ledger));
    let carry = CarryOver::select(year, &year_data.ledger, &choices)?;
    let statement = ClosingStatement::compute(year_data, &carry)?;
    let json = canonical_json(&statement);
    let sha256 = sha256_hex(&json);
    Ok(Closed {
        statement,
        json,
        sha256,
    })
}

/// The SHA-256 of `json`, lowercase hex: what closing certifies.
fn sha256_hex(json: &str) -> String {
    Sha256::digest(json.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The statement `year` was closed with, read back as kept: checked
/// against the SHA-256 certified at closing (the audit log carries it
/// too), then parsed. Auditors and council members read a closed year's
/// 결산 this way, in either language, as often as they like; nothing is
/// computed again, so what they read is what was certified.
///
/// # Errors
/// [`Error::Invalid`] when the year is not closed ([`not_closed`]), or
/// what [`kept_if_closed`] refuses.
pub async fn kept(store: &yesan_store::Store, year: i32) -> Result<Closed, Error> {
    kept_if_closed(store, year)
        .await?
        .ok_or_else(|| Error::Invalid(not_closed(year)))
}

/// What a reader asking for the statement of `year` is told when the year
/// is not closed.
pub fn not_closed(year: i32) -> yesan_domain::Text {
    yesan_domain::text!(
        "{year}년은 아직 결산으로 마감되지 않았습니다",
        "{year} is not closed"
    )
}

/// [`kept`], `None` when the year is not closed (a page answers that with
/// 404, not as a bad request).
///
/// # Errors
/// [`Error::Invalid`] when the kept statement does not match its hash or
/// cannot be read.
pub async fn kept_if_closed(
    store: &yesan_store::Store,
    year: i32,
) -> Result<Option<Closed>, Error> {
    let Some((json, certified)) = store.closing_of(year).await? else {
        return Ok(None);
    };
    let sha256 = sha256_hex(&json);
    if sha256 != certified {
        return Err(Error::Invalid(yesan_domain::text!(
            "{year}년 결산서가 마감 때 인증한 내용과 다릅니다(SHA-256 {sha256}, 인증값 {certified})",
            "the kept closing statement of {year} is not the one certified at closing (SHA-256 {sha256}, certified {certified})"
        )));
    }
    let statement: ClosingStatement = serde_json::from_str(&json).map_err(|e| {
        Error::Invalid(yesan_domain::text!(
            "{year}년 결산서를 읽을 수 없습니다: {e}",
            "the closing statement of {year} cannot be read: {e}"
        ))
    })?;
    Ok(Some(Closed {
        statement,
        json,
        sha256,
    }))
}

/// Compact JSON in the types' field order: the statement holds vectors
/// only (no maps), so the same figures always give the same bytes.
fn canonical_json(s: &ClosingStatement) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// Parses `--carry DOC[:AMOUNT]` arguments.
///
/// # Errors
/// [`Error::Invalid`] naming the argument that is not `DOC` or `DOC:AMOUNT`.
pub fn parse_carry(args: &[String]) -> Result<Vec<CarryChoice>, Error> {
    args.iter()
        .map(|a| {
            CarryChoice::parse(a).ok_or_else(|| {
                Error::Invalid(yesan_domain::text!(
                    "--carry {a}: 결의번호[:금액] 형식으로 씁니다(예: C-2023-017:1500000)",
                    "--carry {a}: expected DOC[:AMOUNT in won]"
                ))
            })
        })
        .collect()
}

/// Lays the closing statement out in `format`.
///
/// # Errors
/// [`Error::Render`] (a bug: templates and layouts are compiled in).
pub fn render(report: &ClosingReport, format: ReportFormat) -> Result<Vec<u8>, Error> {
    let failed = |e: &dyn std::fmt::Display| Error::Render(e.to_string());
    Ok(match format {
        ReportFormat::Markdown => closing::markdown(report).into_bytes(),
        ReportFormat::Html => closing::html(report).map_err(|e| failed(&e))?.into_bytes(),
        ReportFormat::Json => closing::json(report).map_err(|e| failed(&e))?.into_bytes(),
        ReportFormat::Xlsx => {
            yesan_publish::xlsx_closing::render(report).map_err(|e| failed(&e))?
        }
        ReportFormat::Pdf => yesan_publish::pdf::render_closing(report).map_err(|e| failed(&e))?,
        ReportFormat::Hwpx => {
            yesan_publish::hwpx::render_closing(report).map_err(|e| failed(&e))?
        }
    })
}

/// What opening and closing a year need of the store: the store's scoped
/// handle provides it (see `ARCHITECTURE.md`); tests use a map.
pub trait Years {
    /// The failure of a store call.
    type Failure: Into<Error>;
    /// Another year of the same institution, as recorded.
    fn load_year(
        &self,
        year: i32,
    ) -> impl std::future::Future<Output = Result<Option<Dataset>, Self::Failure>> + Send;
    /// Records a new year.
    fn add_year(
        &self,
        dataset: &Dataset,
        actor: &str,
    ) -> impl std::future::Future<Output = Result<(), Self::Failure>> + Send;
    /// Closes a year with its certified statement (the hash is audited).
    fn close_year(
        &self,
        year: i32,
        certified_sha256: &str,
        statement_json: &str,
        actor: &str,
    ) -> impl std::future::Future<Output = Result<(), Self::Failure>> + Send;
    /// The years closed so far.
    fn closed_years(
        &self,
    ) -> impl std::future::Future<Output = Result<Vec<i32>, Self::Failure>> + Send;
    /// A year's structural history (lines retired, projects ended); none
    /// where the records keep no history.
    fn structure_history(
        &self,
        year: i32,
    ) -> impl std::future::Future<Output = Result<History, Self::Failure>> + Send {
        let _ = year;
        async { Ok(History::default()) }
    }
}

/// Opens `year` from the recorded previous year and records it.
///
/// # Errors
/// [`Error::Invalid`] when the previous year is not recorded or `year` is
/// already, or a carry-over is asked of a closed year; [`Error::Year`] for a refused carry-over; the store's failure.
pub async fn open<S: Years + Sync>(
    store: &S,
    year: i32,
    carry: &[CarryChoice],
    ended: &[ProjectCode],
    actor: &str,
) -> Result<Opened, Error> {
    if store.load_year(year).await.map_err(Into::into)?.is_some() {
        return Err(Error::Invalid(yesan_domain::text!(
            "{year}년은 이미 열려 있습니다",
            "{year} is already open"
        )));
    }
    let previous = store
        .load_year(year - 1)
        .await
        .map_err(Into::into)?
        .ok_or_else(|| {
            let before = year - 1;
            Error::Invalid(yesan_domain::text!(
                "{before}년 자료가 없어 {year}년을 열 수 없습니다",
                "{before} is not recorded, so {year} cannot be opened"
            ))
        })?;
    // The closed year's certified statement says what was carried; a
    // carry-over after it would contradict the certificate.
    if !carry.is_empty()
        && store
            .closed_years()
            .await
            .map_err(Into::into)?
            .contains(&(year - 1))
    {
        let before = year - 1;
        return Err(Error::Invalid(yesan_domain::text!(
            "{before}년은 이미 결산으로 마감되어 이월할 수 없습니다",
            "{before} is closed: nothing can be carried over from it any more"
        )));
    }
    // Projects ended and lines retired by structural edits during the
    // year end with it, as the planner's `ended` do.
    let history = store
        .structure_history(year - 1)
        .await
        .map_err(Into::into)?;
    let mut ended = ended.to_vec();
    for code in history.ended_projects() {
        if !ended.contains(&code) {
            ended.push(code);
        }
    }
    let opened = open_next_without(&previous, year, carry, &ended, &history.retired_lines())?;
    store
        .add_year(&opened.dataset, actor)
        .await
        .map_err(Into::into)?;
    Ok(opened)
}

/// Closes `year`: the statement with the next year's recorded carry-over,
/// certified and kept by the store; afterwards the year takes no writes.
///
/// # Errors
/// [`Error::Invalid`] when the year is not recorded or already closed;
/// [`Error::Year`] when the recorded carry-over exceeds what was open;
/// the store's failure.
pub async fn close_recorded<S: Years + Sync>(
    store: &S,
    year: i32,
    actor: &str,
) -> Result<Closed, Error> {
    if store
        .closed_years()
        .await
        .map_err(Into::into)?
        .contains(&year)
    {
        return Err(Error::Invalid(yesan_domain::text!(
            "{year}년은 이미 결산으로 마감되었습니다",
            "{year} is already closed"
        )));
    }
    let data = store
        .load_year(year)
        .await
        .map_err(Into::into)?
        .ok_or_else(|| {
            Error::Invalid(yesan_domain::text!(
                "{year}년 자료가 없습니다",
                "{year} is not recorded"
            ))
        })?;
    let next = store.load_year(year + 1).await.map_err(Into::into)?;
    let closed = close(&data, next.as_ref())?;
    store
        .close_year(year, &closed.sha256, &closed.json, actor)
        .await
        .map_err(Into::into)?;
    Ok(closed)
}

/// The store's scoped handle: the years of its institution.
impl Years for yesan_store::Store {
    type Failure = yesan_store::StoreError;

    async fn load_year(&self, year: i32) -> Result<Option<Dataset>, Self::Failure> {
        yesan_store::Store::load_year(self, year).await
    }

    async fn add_year(&self, dataset: &Dataset, actor: &str) -> Result<(), Self::Failure> {
        yesan_store::Store::add_year(self, dataset, actor)
            .await
            .map(|_| ())
    }

    async fn close_year(
        &self,
        year: i32,
        certified_sha256: &str,
        statement_json: &str,
        actor: &str,
    ) -> Result<(), Self::Failure> {
        yesan_store::Store::close_year(self, year, certified_sha256, statement_json, actor).await
    }

    async fn closed_years(&self) -> Result<Vec<i32>, Self::Failure> {
        yesan_store::Store::closed_years(self).await
    }

    async fn structure_history(&self, year: i32) -> Result<History, Self::Failure> {
        self.scoped(self.institution_code(), Some(year))
            .await?
            .structure_history()
            .await
    }
}
