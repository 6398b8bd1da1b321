//! A slot beside data the store keeps decoded, for what a caller computes
//! from it: the consolidated view's row of an institution on a date is
//! computed from the institution's budgets and day totals alone, which the
//! city's read keeps under the institution's change counter and snapshot
//! day (`city.rs`), so the row computed once holds until either moves. The
//! store cannot name the caller's type (the row is `yesan-report`'s), so
//! the slot holds any `Send + Sync` value, by date, and hands it back only
//! as the type it was given. It is dropped with the data it sits beside:
//! nothing outlives a change.

use chrono::NaiveDate;
use std::any::Any;
use std::sync::{Arc, Mutex, PoisonError};

/// Dates a slot keeps values for at most (the oldest goes first): the
/// dates readers ask about at once are few.
const DATES: usize = 8;

/// One kept value: its date and the value, of the caller's type.
type Kept = (NaiveDate, Arc<dyn Any + Send + Sync>);

/// Values a caller derived, by date (see the module docs).
#[derive(Debug, Default, Clone)]
pub struct Derived(Arc<Mutex<Vec<Kept>>>);

impl Derived {
    /// The value kept for `on`, if one of type `T` is.
    #[must_use]
    pub fn get<T: Any + Send + Sync>(&self, on: NaiveDate) -> Option<Arc<T>> {
        let kept = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        kept.iter()
            .find(|(d, _)| *d == on)
            .and_then(|(_, v)| v.clone().downcast::<T>().ok())
    }

    /// Keeps `value` for `on`, in place of any value kept for that date.
    pub fn set<T: Any + Send + Sync>(&self, on: NaiveDate, value: Arc<T>) {
        let mut kept = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        kept.retain(|(d, _)| *d != on);
        if kept.len() >= DATES {
            kept.remove(0);
        }
        kept.push((on, value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2023, 10, d).expect("a date")
    }

    #[test]
    fn a_value_comes_back_by_date_and_type_only() {
        let slot = Derived::default();
        assert!(slot.get::<String>(day(18)).is_none());
        slot.set(day(18), Arc::new("row".to_owned()));
        assert_eq!(
            slot.get::<String>(day(18)).as_deref().map(String::as_str),
            Some("row")
        );
        assert!(slot.get::<String>(day(17)).is_none(), "another date");
        assert!(slot.get::<i64>(day(18)).is_none(), "another type");
        // Clones share the slot, as the city's members share their day's.
        let other = slot.clone();
        other.set(day(18), Arc::new("again".to_owned()));
        assert_eq!(
            slot.get::<String>(day(18)).as_deref().map(String::as_str),
            Some("again")
        );
    }

    #[test]
    fn the_oldest_date_goes_first() {
        let slot = Derived::default();
        for d in 1..=9 {
            slot.set(day(d), Arc::new(d));
        }
        assert!(slot.get::<u32>(day(1)).is_none());
        assert_eq!(slot.get::<u32>(day(2)).as_deref(), Some(&2));
        assert_eq!(slot.get::<u32>(day(9)).as_deref(), Some(&9));
    }
}
