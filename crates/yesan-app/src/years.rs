//! The year a reader sees, with its prior-year column computed from the
//! year before as recorded (its final budget through the year's line
//! mappings as the store keeps them, `Store::mappings`), so that no prior figure of a year after the first recorded
//! one is typed. The snapshot, the one place the report data is
//! assembled, takes its catalog from here.

use crate::Error;
use yesan_dataset::InstitutionFile;
use yesan_domain::Dataset;
use yesan_domain::prior::{self, LineMapping};
pub use yesan_report::html::render_years as html;
use yesan_report::years::{YearInput, build_years};
pub use yesan_report::years::{YearsView, json, markdown};
use yesan_store::Store;

/// `current` with its priors computed from `previous` (the year before,
/// as recorded) through `mappings`; as recorded when the year before is
/// not recorded (the first year, whose priors may be typed).
///
/// # Errors
/// [`Error::Priors`]: a mapping naming unknown lines, a split without its
/// shares, a typed prior in a year whose previous year is recorded.
pub fn with_priors(
    current: Dataset,
    previous: Option<&Dataset>,
    mappings: &[LineMapping],
) -> Result<Dataset, Error> {
    match previous {
        None => Ok(current),
        Some(p) => prior::with_priors(&current, p, mappings).map_err(Error::Priors),
    }
}

/// The store's year without its ledger, with its prior-year column
/// computed from the year before when the store records it.
///
/// # Errors
/// The store's; [`Error::Priors`].
pub async fn catalog(store: &Store) -> Result<Dataset, Error> {
    let current = store.load_catalog().await?;
    computed(store, current).await
}

/// `current` (a year of `store`'s institution) with its priors computed
/// from the recorded year before through the year's stored mappings.
async fn computed(store: &Store, current: Dataset) -> Result<Dataset, Error> {
    let year = current.budget.fiscal_year();
    let previous = store.load_year(year - 1).await?;
    let mappings = match previous {
        Some(_) => store.mappings(year).await?,
        None => Vec::new(),
    };
    with_priors(current, previous.as_ref(), &mappings)
}

/// The store's year with its ledger, with its prior-year column (open
/// data and exports).
///
/// # Errors
/// The store's; [`Error::Priors`].
pub async fn load(store: &Store) -> Result<Dataset, Error> {
    let current = store.load().await?;
    computed(store, current).await
}

/// Every year the store records for the handle's institution, with each
/// year's stored line mappings, as an institution file (what `yesan
/// export dataset` writes, and `yesan institution add` reads back).
///
/// # Errors
/// The store's.
pub async fn recorded(store: &Store) -> Result<InstitutionFile, Error> {
    // Found first: a handle opened on an empty database learns its scope
    // on first use.
    let (code, _) = store.current_scope().await?;
    let info = store.institutions().await?;
    let years: Vec<i32> = info
        .iter()
        .find(|i| i.code == code)
        .map(|i| i.years.clone())
        .unwrap_or_default();
    let mut out = Vec::new();
    let mut mappings = std::collections::BTreeMap::new();
    for y in years {
        let list = store.mappings(y).await?;
        if !list.is_empty() {
            mappings.insert(y, list);
        }
        if let Some(mut d) = store.load_year(y).await? {
            // A year recorded without staffing reads the nearest version,
            // of another year: it has none of its own.
            if chrono::Datelike::year(&d.staffing.as_of) != y {
                d.staffing = yesan_domain::staffing::Staffing::new(
                    prior::year_end(y),
                    Vec::new(),
                    Vec::new(),
                )
                .unwrap_or_else(|_| d.staffing.clone());
            }
            out.push(d);
        }
    }
    Ok(InstitutionFile {
        code,
        years: out,
        mappings,
        policy: store.policy().await?,
    })
}

/// The multi-year view of every year of `file`.
///
/// # Errors
/// [`Error::Priors`] for a mapping that does not fit its years.
pub fn view(file: &InstitutionFile) -> Result<YearsView, Error> {
    let inputs: Vec<YearInput<'_>> = file
        .years
        .iter()
        .map(|d| YearInput {
            dataset: d,
            mappings: file.mappings_of(d.budget.fiscal_year()),
        })
        .collect();
    build_years(&inputs).map_err(Error::Priors)
}

/// The multi-year view of the years the store holds for the handle's
/// institution.
///
/// # Errors
/// The store's; [`Error::Priors`].
pub async fn view_stored(store: &Store) -> Result<YearsView, Error> {
    view(&recorded(store).await?)
}

/// How many years the web's multi-year page shows side by side at most.
pub const SIDE_BY_SIDE: usize = 5;

/// The multi-year view of the latest `n` years the store holds for the
/// handle's institution (every one when it holds fewer).
///
/// # Errors
/// The store's; [`Error::Priors`].
pub async fn view_latest(store: &Store, n: usize) -> Result<YearsView, Error> {
    let mut file = recorded(store).await?;
    let extra = file.years.len().saturating_sub(n.max(1));
    file.years.drain(..extra);
    view(&file)
}

#[cfg(test)]
mod tests {
    use super::*;
    use yesan_domain::{LineCode, LineKind, PriorSource};

    #[test]
    fn default_2023_priors_come_from_the_recorded_2022() {
        let f = yesan_dataset::default_institution().expect("default");
        let raw = f.year(2023).expect("2023").clone();
        let d = with_priors(raw.clone(), f.year(2022), f.mappings_of(2023)).expect("priors");
        assert_eq!(
            d.budget.prior_source(),
            PriorSource::Computed { year: 2022 }
        );
        assert_eq!(
            d.budget
                .total(LineKind::Revenue)
                .prior
                .map(|p| p.thousands()),
            Some(9_840_213)
        );
        let e3 = LineCode::parse("E3").expect("code");
        assert_eq!(
            d.budget
                .figures(&e3)
                .and_then(|f| f.prior)
                .map(|p| p.thousands()),
            Some(5_338_493)
        );
        // The first recorded year keeps what it holds.
        let first = with_priors(raw.clone(), None, &[]).expect("as recorded");
        assert_eq!(first, raw);
        // A typed prior next to a recorded year is refused.
        let mut lines = raw.budget.lines().to_vec();
        lines[0].prior = Some(yesan_domain::Won::new(1));
        let typed = Dataset {
            budget: yesan_domain::Budget::new(2023, String::new(), lines).expect("budget"),
            ..raw
        };
        let err = with_priors(typed, f.year(2022), &[]).expect_err("typed");
        assert!(err.to_string().contains("입력할 수 없습니다"), "{err}");
    }
}
