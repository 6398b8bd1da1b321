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
//!   the right kind on the same line.
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
use rustc_hash::FxHashMap as HashMap;

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

/// What is kept of one document number: 16 bytes.
#[derive(Debug, Clone, Copy)]
struct Item {
    open: Won,
    /// Disbursements: the document id of the commitment paid, else `NONE`.
    commitment: u32,
    /// The index into `Control::lines` in the low 29 bits, the kind
    /// above them (see [`Item::kind`]).
    line_kind: u32,
}

impl Item {
    const NONE: u32 = u32::MAX;
    const UNKNOWN: Item = Item {
        open: Won::ZERO,
        commitment: Item::NONE,
        line_kind: 0,
    };
    const KINDS: [EntryKind; 4] = [
        EntryKind::Commit,
        EntryKind::Disburse,
        EntryKind::CommitCancel,
        EntryKind::DisburseCancel,
    ];

    fn new(open: Won, commitment: u32, line: u32, kind: EntryKind) -> Item {
        let k: u32 = match kind {
            EntryKind::Commit => 1,
            EntryKind::Disburse => 2,
            EntryKind::CommitCancel => 3,
            EntryKind::DisburseCancel => 4,
        };
        Item {
            open,
            commitment,
            line_kind: (k << 29) | (line & ((1 << 29) - 1)),
        }
    }

    /// `None` while the number is known only as someone's commitment.
    fn kind(&self) -> Option<EntryKind> {
        let k = (self.line_kind >> 29) as usize;
        k.checked_sub(1).and_then(|i| Item::KINDS.get(i).copied())
    }

    fn line(&self) -> u32 {
        self.line_kind & ((1 << 29) - 1)
    }
}

/// Interned document numbers: their text back to back in one arena, and a
/// hash table of ids (indexes into `ends`) looked up by that text.
#[derive(Clone, Default)]
struct Docs {
    text: String,
    /// Where each number's text ends in `text` (it starts where the
    /// previous one ends). 32 bits: 4 GiB of document numbers is far beyond
    /// any ledger (and any memory this is meant to fit in).
    ends: Vec<u32>,
    table: hashbrown::HashTable<u32>,
}

impl std::fmt::Debug for Docs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Docs")
            .field("len", &self.ends.len())
            .finish()
    }
}

impl Docs {
    fn hash(doc: &str) -> u64 {
        use std::hash::BuildHasher;
        rustc_hash::FxBuildHasher.hash_one(doc)
    }

    fn get(&self, id: u32) -> &str {
        Docs::slice(&self.text, &self.ends, id)
    }

    fn slice<'t>(text: &'t str, ends: &[u32], id: u32) -> &'t str {
        let i = id as usize;
        let start = if i == 0 { 0 } else { ends[i - 1] as usize };
        &text[start..ends[i] as usize]
    }

    fn find(&self, doc: &str) -> Option<u32> {
        self.table
            .find(Docs::hash(doc), |&id| self.get(id) == doc)
            .copied()
    }

    /// The id of `doc`, added if new.
    fn intern(&mut self, doc: &str) -> u32 {
        if let Some(id) = self.find(doc) {
            return id;
        }
        let id = u32::try_from(self.ends.len()).expect("fewer than 4 billion document numbers");
        self.text.push_str(doc);
        self.ends
            .push(u32::try_from(self.text.len()).expect("less than 4 GiB of document numbers"));
        let (text, ends) = (&self.text, &self.ends);
        self.table.insert_unique(Docs::hash(doc), id, |&other| {
            Docs::hash(Docs::slice(text, ends, other))
        });
        id
    }
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
        // shares an item's word with its kind, so it has 29 bits.
        let i = u32::try_from(self.lines.len()).unwrap_or(u32::MAX);
        debug_assert!(i < 1 << 29);
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
        self.items[id as usize] = Item::new(item.open, commitment, line, item.kind);
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
        if e.amount <= target.open {
            return Ok(id);
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
                // A cancelled payment reopens its commitment.
                let c = self.items[target as usize].commitment;
                if c != Item::NONE {
                    self.adjust(c, e.amount);
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
        self.items[id as usize] = Item::new(item_open, commitment, line, e.kind);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{budget, code, day};

    fn entry(doc: &str, kind: EntryKind, line: &str, won: i64, reference: Option<&str>) -> Entry {
        Entry {
            doc_no: doc.into(),
            date: day(3, 1),
            kind,
            line: code(line),
            amount: Won::new(won),
            reference: reference.map(Into::into),
            counterparty: None,
            memo: None,
        }
    }

    #[test]
    fn a_closed_year_takes_nothing() {
        let b = budget();
        let schedule = Schedule::default();
        let mut c = Control::new(&b, &schedule);
        let commit = entry("C1", EntryKind::Commit, "E.1", 100, None);
        assert_eq!(c.apply(&commit), Ok(()));
        c.close_year();
        let r = c
            .apply(&entry("C2", EntryKind::Commit, "E.1", 1, None))
            .unwrap_err();
        assert_eq!(
            r,
            Refusal::YearClosed {
                date: day(3, 1),
                fiscal_year: 2023
            }
        );
        assert_eq!(r.field(), "date");
        assert!(
            r.to_string()
                .starts_with("2023 회계연도는 결산으로 마감되었습니다"),
            "{r}"
        );
    }

    #[test]
    fn open_balances_give_cancelled_payments_back() {
        let items = [
            entry("C-1", EntryKind::Commit, "E.1", 1_000, None),
            entry("D-1", EntryKind::Disburse, "E.1", 400, Some("C-1")),
            entry("X-1", EntryKind::CommitCancel, "E.1", 50, Some("C-1")),
        ];
        let children = [items[1].clone(), items[2].clone()];
        let grandchildren = [entry(
            "Y-1",
            EntryKind::DisburseCancel,
            "E.1",
            100,
            Some("D-1"),
        )];
        let open = open_balances(&items, &children, &grandchildren);
        // 1,000 - 400 paid - 50 cancelled + 100 of the payment cancelled.
        assert_eq!(open["C-1"], Won::new(650));
        assert_eq!(open["D-1"], Won::new(400));
        assert_eq!(open["X-1"], Won::ZERO);
    }

    #[test]
    fn items_are_kept_compactly() {
        assert_eq!(std::mem::size_of::<Item>(), 16);
        let k = EntryKind::DisburseCancel;
        let item = Item::new(Won::new(5), 7, 3, k);
        assert_eq!((item.kind(), item.line()), (Some(k), 3));
        assert_eq!(Item::UNKNOWN.kind(), None);
    }

    #[test]
    fn seeded_items_reference_each_other_in_any_order() {
        let (b, s) = (budget(), Schedule::default());
        let mut c = Control::new(&b, &s);
        // The payment is remembered before the commitment it pays.
        c.remember(
            "D-1".into(),
            OpenItem {
                kind: EntryKind::Disburse,
                line: code("E.1"),
                open: Won::new(300),
                commitment: Some("C-1".into()),
            },
        );
        assert!(!c.knows("C-1"), "named as a commitment only");
        c.remember(
            "C-1".into(),
            OpenItem {
                kind: EntryKind::Commit,
                line: code("E.1"),
                open: Won::new(100),
                commitment: None,
            },
        );
        c.add_committed(&code("E.1"), day(2, 1), Won::new(400));
        assert_eq!(c.available(&code("E.1"), day(3, 1)), Won::new(600));
        let over = entry("D-2", EntryKind::Disburse, "E.1", 101, Some("C-1"));
        assert!(
            matches!(c.apply(&over), Err(Refusal::OverPaid { unpaid, .. }) if unpaid == Won::new(100))
        );
        // Cancelling the payment gives its 300 back to the commitment.
        let cancel = entry("X-1", EntryKind::DisburseCancel, "E.1", 300, Some("D-1"));
        assert_eq!(c.apply(&cancel), Ok(()));
        assert_eq!(c.apply(&over), Ok(()));
        assert!(matches!(
            c.apply(&entry("X-1", EntryKind::Commit, "E.1", 1, None)),
            Err(Refusal::DuplicateDocNo { .. })
        ));
        assert!(matches!(
            c.apply(&entry("C-9", EntryKind::Disburse, "E.2", 1, Some("C-1"))),
            Err(Refusal::WrongReference { .. })
        ));
    }

    fn dated(mut e: Entry, m: u32, d: u32) -> Entry {
        e.date = day(m, d);
        e
    }

    #[test]
    fn a_commitment_must_fit_every_later_date() {
        // A cut to 400 dated 1 December, recorded ahead of time.
        let b = budget();
        let s = Schedule::new(&[crate::amendment::Amendment {
            no: "C".into(),
            date: day(12, 1),
            kind: crate::amendment::AmendmentKind::Supplementary,
            note: String::new(),
            changes: vec![crate::amendment::LineDelta {
                line: code("E.1"),
                delta: Won::new(-600),
            }],
        }]);
        let mut c = Control::new(&b, &s);
        let early = entry("C-1", EntryKind::Commit, "E.1", 500, None);
        let r = c.apply(&early).expect_err("over the December budget");
        assert_eq!(
            r,
            Refusal::OverCommitted {
                line: code("E.1"),
                date: day(12, 1),
                available: Won::new(400),
                requested: Won::new(500),
            }
        );
        assert!(
            r.to_string().starts_with(
                "예산 초과: E.1 2023-12-01 기준 가용예산 400원, 요청 500원, 부족 100원"
            ),
            "{r}"
        );
        assert_eq!(c.available(&code("E.1"), day(3, 1)), Won::new(400));
        assert_eq!(
            c.apply(&dated(early.clone(), 12, 1)).map_err(|r| r.field()),
            Err("amount")
        );
        assert_eq!(
            c.apply(&entry("C-2", EntryKind::Commit, "E.1", 400, None)),
            Ok(())
        );
    }

    #[test]
    fn a_back_dated_commitment_cannot_use_room_freed_later() {
        let (b, s) = (budget(), Schedule::default());
        let mut c = Control::new(&b, &s);
        let whole = dated(entry("C-1", EntryKind::Commit, "E.1", 1000, None), 3, 5);
        assert_eq!(c.apply(&whole), Ok(()));
        let half = dated(
            entry("X-1", EntryKind::CommitCancel, "E.1", 500, Some("C-1")),
            3,
            10,
        );
        assert_eq!(c.apply(&half), Ok(()));
        // On 5 March the line is fully committed, so 1 March has no room.
        let back = dated(entry("C-2", EntryKind::Commit, "E.1", 500, None), 3, 1);
        assert!(matches!(
            c.apply(&back),
            Err(Refusal::OverCommitted { date, available, .. }) if date == day(3, 5) && available.is_zero()
        ));
        assert_eq!(c.apply(&dated(back, 3, 10)), Ok(()));
    }
}
