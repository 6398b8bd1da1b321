//! Budget control (예산 통제): the rules every new ledger entry must pass,
//! checked against the state of the ledger so far.
//!
//! - The budget rule: for every line and every date `d` of the fiscal
//!   year, the net commitments dated on or before `d` may not exceed the
//!   line's budget as amended on `d` (예산현액: base plus every amendment
//!   dated on or before `d`, so a date's amendments count for that date's
//!   entries). A commitment dated `d` is accepted only if the rule still
//!   holds on `d` and on every later date ([`Headroom`] keeps the least
//!   room from each date on), so a back-dated commitment cannot use room a
//!   later cancellation freed, nor one before a cut the room the cut takes
//!   away. An amendment is accepted on the same terms
//!   ([`crate::amendment::check_commitments`]).
//! - A disbursement may not exceed its commitment's unpaid balance.
//! - A cancellation may not exceed what is left of the entry it cancels.
//! - Document numbers are unique; references point to an earlier entry of
//!   the right kind on the same line, dated on or before the entry.
//! - Like the budget rule, the balance rules hold on the entry's date and
//!   every later one: what a payment's cancellation gives back to its
//!   commitment is there only from the cancellation's date, so a payment
//!   dated before that date cannot use it (else the ledger, replayed in
//!   date order, would pay more than was left on that date).
//!
//! [`Control`] holds just enough state to decide (per line the headroom of
//! each day, the open balance of each referenceable entry), so the same
//! rules serve a dataset file, a form in the web app and a file of a
//! million rows. The store seeds it from the database inside the write
//! transaction, so two writers can never both spend the same money.
//!
//! Replaying a ledger ([`Control::replay`], what loading does) takes the
//! entries in date order, a date's in the order recorded, and checks the
//! budget rule at the end of each date that carries a commitment, on the
//! same end-of-day figures: everything the recording paths accepted (the
//! rule on every date) passes, whatever the order of a day's entries.

use crate::amendment::Schedule;
use crate::budget::{Budget, LineKind};
use crate::code::LineCode;
use crate::entry::{Entry, EntryKind};
use crate::headroom::Headroom;
use crate::money::Won;
pub use crate::refusal::Refusal;
use chrono::{Datelike, NaiveDate};
use items::{Docs, Item};
use rustc_hash::FxHashMap as HashMap;

mod items;

/// What the ledger remembers of an entry that later entries may reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenItem {
    /// Its kind.
    pub kind: EntryKind,
    /// Its line.
    pub line: LineCode,
    /// What is left of it: a commitment's unpaid balance (net of
    /// cancellations), a disbursement's uncancelled amount; zero for cancels.
    pub open: Won,
    /// For a disbursement: the commitment it pays.
    pub commitment: Option<String>,
    /// Its date.
    pub date: NaiveDate,
    /// For a commitment: what cancelled payments gave back to it, each on
    /// the cancellation's date (see [`reopenings`]).
    pub reopened: Vec<(NaiveDate, Won)>,
}

/// The state budget control decides on.
///
/// A file of ten million entries leaves ten million document numbers that
/// later entries may name, so the state is kept compact: every document
/// number is interned once into one text arena ([`Docs`]) and the items
/// are a flat vector indexed by it (16 bytes each, the commitment a
/// disbursement pays being an index too), and lines are indexes into the
/// few hundred lines of the budget. A `HashMap<String, OpenItem>` took
/// several times that, most of it allocator overhead.
#[derive(Debug, Clone)]
pub struct Control<'a> {
    budget: &'a Budget,
    schedule: &'a Schedule,
    /// Every line named so far, and its verdict as a place to record on.
    lines: Vec<LineState>,
    line_index: HashMap<LineCode, u32>,
    docs: Docs,
    /// Per document id: the item, or [`Item::UNKNOWN`] for a number known
    /// only as a disbursement's commitment.
    items: Vec<Item>,
    /// Per commitment id, what cancelled payments gave back to it and
    /// when: few commitments have any, so they are kept apart from the
    /// packed items.
    reopens: HashMap<u32, Vec<(NaiveDate, Won)>>,
    /// Replaying: the budget rule is checked at each date's end, on the
    /// commitments of that date (line, amount, entry) held here.
    replay: Option<Vec<(u32, LineCode, Won, String)>>,
    /// The year is closed (결산): every entry is refused.
    closed: bool,
}

#[derive(Debug, Clone)]
struct LineState {
    /// `None` when the line may carry entries, else why not.
    refusal: Option<Refusal>,
    committed: Won,
    /// Lines that may carry entries: the room left on each day.
    headroom: Option<Headroom>,
}

impl<'a> Control<'a> {
    /// Control over an empty ledger.
    pub fn new(budget: &'a Budget, schedule: &'a Schedule) -> Self {
        Control {
            budget,
            schedule,
            lines: Vec::new(),
            line_index: HashMap::default(),
            docs: Docs::default(),
            items: Vec::new(),
            reopens: HashMap::default(),
            replay: None,
            closed: false,
        }
    }

    /// Control for replaying a ledger in date order: the budget rule is
    /// checked by [`Control::close_day`] once a date's entries are in.
    pub fn replay(budget: &'a Budget, schedule: &'a Schedule) -> Self {
        Control {
            replay: Some(Vec::new()),
            ..Control::new(budget, schedule)
        }
    }

    /// Marks the year closed: from now on every entry is refused with
    /// [`Refusal::YearClosed`] (the database refuses them too).
    pub fn close_year(&mut self) {
        self.closed = true;
    }

    /// Replaying: checks the budget rule on the date of the commitments
    /// applied since the last call, refusing (and taking back) the latest
    /// of a line's commitments until the line's headroom that day is not
    /// negative.
    pub fn close_day(&mut self, date: NaiveDate) -> Vec<(String, Refusal)> {
        let Some(mut day) = self.replay.replace(Vec::new()) else {
            return Vec::new();
        };
        let mut refused = Vec::new();
        while let Some((line, code, amount, doc)) = day.pop() {
            let state = &mut self.lines[line as usize];
            let Some(h) = state.headroom.as_mut() else {
                continue;
            };
            let room = h.on(date);
            if room >= 0 {
                continue;
            }
            h.commit(date, -amount.get());
            state.committed -= amount;
            refused.push((
                doc,
                Refusal::OverCommitted {
                    line: code,
                    date,
                    available: Won::new(room) + amount,
                    requested: amount,
                },
            ));
        }
        refused.reverse();
        refused
    }

    /// The index of `line`, added (with its verdict) if new.
    fn line_id(&mut self, line: &LineCode) -> u32 {
        if let Some(&i) = self.line_index.get(line) {
            return i;
        }
        let refusal = match self.budget.line(line) {
            None => Some(Refusal::UnknownLine { line: line.clone() }),
            Some(l) if l.kind != LineKind::Expenditure => {
                Some(Refusal::RevenueLine { line: line.clone() })
            }
            Some(_) if !self.budget.is_leaf(line) => Some(Refusal::NotALeaf { line: line.clone() }),
            Some(_) => None,
        };
        let headroom = refusal.is_none().then(|| {
            let base = self.budget.figures(line).map_or(Won::ZERO, |f| f.amount);
            Headroom::new(self.budget.fiscal_year(), |d| {
                (base + self.schedule.change_to(line, d)).get()
            })
        });
        // Lines named in a file are few (a budget has hundreds); the index
        // shares an item's word with its kind and day, so it has 20 bits.
        let i = u32::try_from(self.lines.len()).unwrap_or(u32::MAX);
        debug_assert!(i < Item::MAX_LINES);
        self.lines.push(LineState {
            refusal,
            committed: Won::ZERO,
            headroom,
        });
        self.line_index.insert(line.clone(), i);
        i
    }

    fn doc_id(&mut self, doc: &str) -> u32 {
        let id = self.docs.intern(doc);
        if id as usize == self.items.len() {
            self.items.push(Item::UNKNOWN);
        }
        id
    }

    /// The item recorded under `doc`, if any.
    fn item(&self, doc: &str) -> Option<(u32, &Item)> {
        let id = self.docs.find(doc)?;
        let item = &self.items[id as usize];
        item.kind().is_some().then_some((id, item))
    }

    /// Seeds the net commitments already recorded on a line and dated
    /// `date` (what the store's per-day index holds).
    pub fn add_committed(&mut self, line: &LineCode, date: NaiveDate, net: Won) {
        let i = self.line_id(line);
        let state = &mut self.lines[i as usize];
        state.committed += net;
        if let Some(h) = state.headroom.as_mut() {
            h.commit(date, net.get());
        }
    }

    /// Seeds an entry already recorded.
    pub fn remember(&mut self, doc_no: String, item: OpenItem) {
        let line = self.line_id(&item.line);
        let commitment = item
            .commitment
            .as_deref()
            .map_or(Item::NONE, |c| self.doc_id(c));
        let id = self.doc_id(&doc_no);
        self.items[id as usize] = Item::new(item.open, commitment, line, item.kind, item.date);
        if !item.reopened.is_empty() {
            self.reopens.insert(id, item.reopened);
        }
    }

    /// Whether a document number is known.
    pub fn knows(&self, doc_no: &str) -> bool {
        self.item(doc_no).is_some()
    }

    /// Net commitments on a line so far.
    pub fn committed(&self, line: &LineCode) -> Won {
        self.line_index
            .get(line)
            .map_or(Won::ZERO, |&i| self.lines[i as usize].committed)
    }

    /// The line's budget on `date`, as amended.
    pub fn budget_on(&self, line: &LineCode, date: NaiveDate) -> Won {
        let base = self.budget.figures(line).map_or(Won::ZERO, |f| f.amount);
        base + self.schedule.change_to(line, date)
    }

    /// What a commitment dated `date` may still take (가용예산): the least
    /// room on `date` and every later date.
    pub fn available(&self, line: &LineCode, date: NaiveDate) -> Won {
        let room = self
            .line_index
            .get(line)
            .and_then(|&i| self.lines[i as usize].headroom.as_ref())
            .map(|h| Won::new(h.least(date).0));
        room.unwrap_or_else(|| self.budget_on(line, date) - self.committed(line))
    }

    /// Decides on `e`; when it is accepted, the state takes it in.
    pub fn apply(&mut self, e: &Entry) -> Result<(), Refusal> {
        let line = self.line_id(&e.line);
        let target = self.decide(e, line)?;
        self.take(e, line, target);
        Ok(())
    }

    /// The verdict, and for an entry that references another the id of
    /// that other.
    fn decide(&self, e: &Entry, line: u32) -> Result<u32, Refusal> {
        if self.closed {
            return Err(Refusal::YearClosed {
                date: e.date,
                fiscal_year: self.budget.fiscal_year(),
            });
        }
        if self.item(&e.doc_no).is_some() {
            return Err(Refusal::DuplicateDocNo {
                doc_no: e.doc_no.clone(),
            });
        }
        let state = &self.lines[line as usize];
        if let Some(r) = &state.refusal {
            return Err(r.clone());
        }
        if crate::draft::positive_amount(e.amount.get()).is_err() {
            return Err(Refusal::NotPositive { amount: e.amount });
        }
        if e.date.year() != self.budget.fiscal_year() {
            return Err(Refusal::OutsideYear {
                date: e.date,
                fiscal_year: self.budget.fiscal_year(),
            });
        }
        let Some(expected) = e.kind.references() else {
            if self.replay.is_some() {
                return Ok(Item::NONE);
            }
            let (room, date) = state
                .headroom
                .as_ref()
                .map_or((0, e.date), |h| h.least(e.date));
            let available = Won::new(room);
            return if e.amount > available {
                Err(Refusal::OverCommitted {
                    line: e.line.clone(),
                    date,
                    available,
                    requested: e.amount,
                })
            } else {
                Ok(Item::NONE)
            };
        };
        let reference = e
            .reference
            .as_deref()
            .ok_or(Refusal::MissingReference { kind: e.kind })?;
        let (id, target) = self
            .item(reference)
            .ok_or_else(|| Refusal::UnknownReference {
                reference: reference.to_owned(),
            })?;
        if target.kind() != Some(expected) || target.line() != line {
            return Err(Refusal::WrongReference {
                reference: reference.to_owned(),
                expected,
                line: e.line.clone(),
            });
        }
        let fiscal_year = self.budget.fiscal_year();
        let reference_date = target.date(fiscal_year);
        if reference_date > e.date {
            return Err(Refusal::ReferenceDatedLater {
                reference: reference.to_owned(),
                reference_date,
                date: e.date,
            });
        }
        // What was given back after the entry's date is not there on it.
        let later = self.reopens.get(&id).map_or(Won::ZERO, |r| {
            r.iter()
                .filter(|(d, _)| *d > e.date)
                .map(|(_, won)| *won)
                .sum()
        });
        if e.amount <= target.open - later {
            return Ok(id);
        }
        if e.amount <= target.open {
            let reopened_on = self
                .reopens
                .get(&id)
                .and_then(|r| r.iter().map(|(d, _)| *d).filter(|d| *d > e.date).min())
                .unwrap_or(e.date);
            return Err(Refusal::GivenBackLater {
                reference: reference.to_owned(),
                date: e.date,
                reopened_on,
                usable: target.open - later,
                requested: e.amount,
            });
        }
        Err(match e.kind {
            EntryKind::Disburse => Refusal::OverPaid {
                commitment: reference.to_owned(),
                unpaid: target.open,
                requested: e.amount,
            },
            _ => Refusal::OverCancelled {
                entry: reference.to_owned(),
                open: target.open,
                requested: e.amount,
            },
        })
    }

    fn adjust(&mut self, id: u32, delta: Won) {
        if let Some(t) = self.items.get_mut(id as usize) {
            t.open += delta;
        }
    }

    /// Takes in an accepted entry; `target` is the id it references.
    fn take(&mut self, e: &Entry, line: u32, target: u32) {
        let state = &mut self.lines[line as usize];
        let committed = &mut state.committed;
        if let (Some(h), EntryKind::Commit | EntryKind::CommitCancel) =
            (state.headroom.as_mut(), e.kind)
        {
            let sign = if e.kind == EntryKind::Commit { 1 } else { -1 };
            h.commit(e.date, sign * e.amount.get());
        }
        let item_open = match e.kind {
            EntryKind::Commit => {
                *committed += e.amount;
                if let Some(day) = self.replay.as_mut() {
                    day.push((line, e.line.clone(), e.amount, e.doc_no.clone()));
                }
                e.amount
            }
            EntryKind::Disburse => {
                self.adjust(target, -e.amount);
                e.amount
            }
            EntryKind::CommitCancel => {
                *committed -= e.amount;
                self.adjust(target, -e.amount);
                Won::ZERO
            }
            EntryKind::DisburseCancel => {
                self.adjust(target, -e.amount);
                // A cancelled payment reopens its commitment, from the
                // cancellation's date on.
                let c = self.items[target as usize].commitment;
                if c != Item::NONE {
                    self.adjust(c, e.amount);
                    self.reopens.entry(c).or_default().push((e.date, e.amount));
                }
                Won::ZERO
            }
        };
        let commitment = if e.kind == EntryKind::Disburse {
            target
        } else {
            Item::NONE
        };
        let id = self.doc_id(&e.doc_no);
        self.items[id as usize] = Item::new(item_open, commitment, line, e.kind, e.date);
    }
}

/// The open balance of each of `items`, as the recorded ledger has it: a
/// commitment's or a payment's amount, less what refers to it
/// (`children`: cancellations, and a commitment's payments), with
/// cancelled payments (`grandchildren`, the entries referring to those
/// payments) given back to their commitment; a cancellation itself has
/// none. Entries among `children` and `grandchildren` that refer to
/// nothing in `items` are ignored. What [`Control::remember`] takes as an
/// item's `open`.
pub fn open_balances<'e>(
    items: &'e [Entry],
    children: &'e [Entry],
    grandchildren: &'e [Entry],
) -> std::collections::HashMap<&'e str, Won> {
    let mut open: std::collections::HashMap<&str, Won> = items
        .iter()
        .map(|e| {
            (
                e.doc_no.as_str(),
                if e.kind.references().is_some() && e.kind != EntryKind::Disburse {
                    Won::ZERO
                } else {
                    e.amount
                },
            )
        })
        .collect();
    let payment_of: HashMap<&str, &str> = children
        .iter()
        .filter(|e| e.kind == EntryKind::Disburse)
        .filter_map(|e| Some((e.doc_no.as_str(), e.reference.as_deref()?)))
        .collect();
    for e in children {
        if let Some(v) = e.reference.as_deref().and_then(|r| open.get_mut(r)) {
            *v -= e.amount;
        }
    }
    for e in grandchildren
        .iter()
        .filter(|e| e.kind == EntryKind::DisburseCancel)
    {
        if let Some(v) = e
            .reference
            .as_deref()
            .and_then(|d| payment_of.get(d))
            .and_then(|c| open.get_mut(c))
        {
            *v += e.amount;
        }
    }
    open
}

/// What cancelled payments gave back to each commitment among `items`,
/// dated: for every cancellation in `grandchildren` of a payment in
/// `children` that pays one of them, its date and amount (the same
/// entries [`open_balances`] adds back). What [`Control::remember`] takes
/// as a commitment's `reopened`.
pub fn reopenings<'e>(
    children: &'e [Entry],
    grandchildren: &'e [Entry],
) -> HashMap<&'e str, Vec<(NaiveDate, Won)>> {
    let payment_of: HashMap<&str, &str> = children
        .iter()
        .filter(|e| e.kind == EntryKind::Disburse)
        .filter_map(|e| Some((e.doc_no.as_str(), e.reference.as_deref()?)))
        .collect();
    let mut given: HashMap<&str, Vec<(NaiveDate, Won)>> = HashMap::default();
    for e in grandchildren
        .iter()
        .filter(|e| e.kind == EntryKind::DisburseCancel)
    {
        if let Some(c) = e.reference.as_deref().and_then(|p| payment_of.get(p)) {
            given.entry(c).or_default().push((e.date, e.amount));
        }
    }
    given
}

#[cfg(test)]
mod tests;
