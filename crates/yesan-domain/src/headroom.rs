//! A line's headroom over the fiscal year: for every day, its budget as
//! amended on that day less the net commitments dated on or before it.
//!
//! This is the one budget rule (see [`crate::control`]): no day's headroom
//! may be negative. A commitment dated `d` lowers the headroom of `d` and of
//! every later day, a cancellation raises it, an amendment moves the budget
//! from its date on; so deciding one means "the least headroom from `d` to
//! the year's end", whatever the order things are recorded in (back-dated
//! entries, cuts dated ahead of today).
//!
//! The days are kept in blocks of 32, each with its least value and an
//! amount still to be added to all of it: adding to every day from `d` on
//! and finding the least from `d` on each touch one partial block and the
//! twelve block summaries, a small constant cost per entry (a streamed
//! import decides hundreds of thousands a second), and 3 KiB per line.

use chrono::{Datelike, NaiveDate};

const BLOCK: usize = 32;
const BLOCKS: usize = 12;
/// Days past the year's end: never the least.
const PAD: i64 = i64::MAX / 4;

/// One line's headroom per day of a fiscal year.
#[derive(Clone)]
pub struct Headroom {
    year: i32,
    days: usize,
    value: Box<[i64; BLOCK * BLOCKS]>,
    /// Added to every day of the block, not yet to `value`.
    lazy: [i64; BLOCKS],
    /// The least of the block's days, `lazy` included.
    least: [i64; BLOCKS],
}

impl std::fmt::Debug for Headroom {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Headroom")
            .field("year", &self.year)
            .field("least", &self.least_from(0))
            .finish()
    }
}

impl Headroom {
    /// Headroom with nothing committed: `budget_on` gives the line's budget
    /// as amended on each day of `year`.
    pub fn new(year: i32, budget_on: impl Fn(NaiveDate) -> i64) -> Headroom {
        let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default();
        let days = if first.leap_year() { 366 } else { 365 };
        let mut value = Box::new([PAD; BLOCK * BLOCKS]);
        for (i, d) in first.iter_days().take(days).enumerate() {
            value[i] = budget_on(d);
        }
        let mut h = Headroom {
            year,
            days,
            value,
            lazy: [0; BLOCKS],
            least: [PAD; BLOCKS],
        };
        for b in 0..BLOCKS {
            h.refresh(b);
        }
        h
    }

    /// The day's index in the year, clamped to it.
    fn index(&self, date: NaiveDate) -> usize {
        if date.year() < self.year {
            0
        } else if date.year() > self.year {
            self.days - 1
        } else {
            date.ordinal0() as usize
        }
    }

    fn date(&self, i: usize) -> NaiveDate {
        NaiveDate::from_yo_opt(self.year, u32::try_from(i + 1).unwrap_or(1)).unwrap_or_default()
    }

    fn refresh(&mut self, b: usize) {
        let days = &self.value[b * BLOCK..(b + 1) * BLOCK];
        self.least[b] = days.iter().copied().min().unwrap_or(PAD) + self.lazy[b];
    }

    /// Adds `delta` to the headroom of `from` and every later day.
    pub fn add_from(&mut self, from: NaiveDate, delta: i64) {
        let i = self.index(from);
        let b = i / BLOCK;
        for v in &mut self.value[i..(b + 1) * BLOCK] {
            *v += delta;
        }
        self.refresh(b);
        for later in b + 1..BLOCKS {
            self.lazy[later] += delta;
            self.least[later] += delta;
        }
    }

    /// Takes in a commitment (positive) or a cancellation (negative) of
    /// `amount` dated `date`.
    pub fn commit(&mut self, date: NaiveDate, amount: i64) {
        self.add_from(date, -amount);
    }

    /// The headroom on `date`.
    pub fn on(&self, date: NaiveDate) -> i64 {
        let i = self.index(date);
        self.value[i] + self.lazy[i / BLOCK]
    }

    fn least_from(&self, i: usize) -> (i64, usize) {
        let b = i / BLOCK;
        let mut best = (PAD, i);
        for (j, v) in self.value[i..(b + 1) * BLOCK].iter().enumerate() {
            if v + self.lazy[b] < best.0 {
                best = (v + self.lazy[b], i + j);
            }
        }
        for later in b + 1..BLOCKS {
            if self.least[later] < best.0 {
                let days = &self.value[later * BLOCK..(later + 1) * BLOCK];
                let j = days
                    .iter()
                    .position(|v| v + self.lazy[later] == self.least[later])
                    .unwrap_or(0);
                best = (self.least[later], later * BLOCK + j);
            }
        }
        best
    }

    /// The least headroom from `date` to the year's end, and the first day
    /// that has it: what a commitment dated `date` may still take.
    pub fn least(&self, date: NaiveDate) -> (i64, NaiveDate) {
        let (v, i) = self.least_from(self.index(date));
        (v, self.date(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::day;

    #[test]
    fn back_dated_and_future_changes_reach_every_later_day() {
        // 100 all year, cut to 40 from 7 December.
        let mut h = Headroom::new(2023, |d| if d >= day(12, 7) { 40 } else { 100 });
        assert_eq!(h.least(day(1, 1)), (40, day(12, 7)));
        h.commit(day(3, 1), 30);
        assert_eq!(h.on(day(2, 28)), 100);
        assert_eq!(h.on(day(3, 1)), 70);
        assert_eq!(h.least(day(1, 1)), (10, day(12, 7)));
        // A cancellation in July frees room from July on only.
        h.commit(day(7, 1), -30);
        assert_eq!(h.least(day(3, 1)), (40, day(12, 7)));
        assert_eq!(h.least(day(3, 1)).0, h.on(day(12, 31)));
        h.commit(day(12, 31), 40);
        assert_eq!(h.least(day(1, 1)), (0, day(12, 31)));
        assert_eq!(h.least(day(6, 30)), (0, day(12, 31)));
        assert_eq!(h.on(day(6, 30)), 70);
    }
}
