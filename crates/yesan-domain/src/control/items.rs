//! What budget control keeps of each document number: the packed
//! [`Item`] (16 bytes, so ten million entries fit in a few hundred MiB)
//! and the interned numbers ([`Docs`]). The item's date is kept as its
//! day of the year because an entry may only refer to one dated on or
//! before it: replaying the ledger in date order (loading) meets the
//! referenced entry first.

use crate::entry::EntryKind;
use crate::money::Won;
use chrono::{Datelike, NaiveDate};

/// Bits of [`Item::packed`] that hold the line's index (the low ones);
/// above them 9 bits of day of the year, and the kind in the top 3.
const LINE_BITS: u32 = 20;
const DAY_BITS: u32 = 9;

/// What is kept of one document number: 16 bytes.
#[derive(Debug, Clone, Copy)]
pub(super) struct Item {
    pub(super) open: Won,
    /// Disbursements: the document id of the commitment paid, else `NONE`.
    pub(super) commitment: u32,
    /// The index into `Control::lines` in the low [`LINE_BITS`], the day of
    /// the year (0-based) above it, the kind in the top 3 bits (see
    /// [`Item::kind`]). A budget has hundreds of lines, so 20 bits (a
    /// million) are plenty.
    packed: u32,
}

impl Item {
    pub(super) const NONE: u32 = u32::MAX;
    /// The most lines an item can name.
    pub(super) const MAX_LINES: u32 = 1 << LINE_BITS;
    pub(super) const UNKNOWN: Item = Item {
        open: Won::ZERO,
        commitment: Item::NONE,
        packed: 0,
    };
    const KINDS: [EntryKind; 4] = [
        EntryKind::Commit,
        EntryKind::Disburse,
        EntryKind::CommitCancel,
        EntryKind::DisburseCancel,
    ];

    pub(super) fn new(
        open: Won,
        commitment: u32,
        line: u32,
        kind: EntryKind,
        date: NaiveDate,
    ) -> Item {
        let k: u32 = match kind {
            EntryKind::Commit => 1,
            EntryKind::Disburse => 2,
            EntryKind::CommitCancel => 3,
            EntryKind::DisburseCancel => 4,
        };
        let day = date.ordinal0().min((1 << DAY_BITS) - 1);
        Item {
            open,
            commitment,
            packed: (k << (LINE_BITS + DAY_BITS))
                | (day << LINE_BITS)
                | (line & (Item::MAX_LINES - 1)),
        }
    }

    /// `None` while the number is known only as someone's commitment.
    pub(super) fn kind(&self) -> Option<EntryKind> {
        let k = (self.packed >> (LINE_BITS + DAY_BITS)) as usize;
        k.checked_sub(1).and_then(|i| Item::KINDS.get(i).copied())
    }

    pub(super) fn line(&self) -> u32 {
        self.packed & (Item::MAX_LINES - 1)
    }

    /// Its date, in `fiscal_year`.
    pub(super) fn date(&self, fiscal_year: i32) -> NaiveDate {
        let day = (self.packed >> LINE_BITS) & ((1 << DAY_BITS) - 1);
        NaiveDate::from_yo_opt(fiscal_year, day + 1)
            .or_else(|| NaiveDate::from_ymd_opt(fiscal_year, 12, 31))
            .unwrap_or(NaiveDate::MIN)
    }
}

/// Interned document numbers: their text back to back in one arena, and a
/// hash table of ids (indexes into `ends`) looked up by that text.
#[derive(Clone, Default)]
pub(super) struct Docs {
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

    pub(super) fn get(&self, id: u32) -> &str {
        Docs::slice(&self.text, &self.ends, id)
    }

    fn slice<'t>(text: &'t str, ends: &[u32], id: u32) -> &'t str {
        let i = id as usize;
        let start = if i == 0 { 0 } else { ends[i - 1] as usize };
        &text[start..ends[i] as usize]
    }

    pub(super) fn find(&self, doc: &str) -> Option<u32> {
        self.table
            .find(Docs::hash(doc), |&id| self.get(id) == doc)
            .copied()
    }

    /// The id of `doc`, added if new.
    pub(super) fn intern(&mut self, doc: &str) -> u32 {
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
