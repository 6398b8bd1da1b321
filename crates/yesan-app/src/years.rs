//! The year a reader sees, with its prior-year column computed from the
//! year before as recorded (its final budget through the year's line
//! mappings), so that no prior figure of a year after the first recorded
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

/// The store's year without its ledger, with its prior-year column.
///
/// The store holds one fiscal year until the multi-year schema lands; its
/// priors are then the ones recorded with it.
///
/// # Errors
/// The store's; [`Error::Priors`].
pub async fn catalog(store: &Store) -> Result<Dataset, Error> {
    let current = store.load_catalog().await?;
    with_priors(current, None, &[])
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

/// The multi-year view of the years the store holds (one, until the
/// multi-year schema lands).
///
/// # Errors
/// The store's; [`Error::Priors`].
pub async fn view_stored(store: &Store) -> Result<YearsView, Error> {
    let d = store.load().await?;
    build_years(&[YearInput {
        dataset: &d,
        mappings: &[],
    }])
    .map_err(Error::Priors)
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
