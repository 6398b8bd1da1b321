//! Budget control's unit tests: each rule, the seeded state and replay.
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
            .starts_with("2023 회계연도는 결산으로 마감되어"),
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
    let item = Item::new(Won::new(5), 7, 3, k, day(12, 31));
    assert_eq!((item.kind(), item.line()), (Some(k), 3));
    assert_eq!(item.date(2023), day(12, 31));
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
            date: day(2, 1),
            reopened: Vec::new(),
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
            date: day(2, 1),
            reopened: Vec::new(),
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
        r.to_string()
            .starts_with("예산이 부족합니다: E.1 과목의 2023-12-01 기준 집행 가능액 400원, 요청 500원, 부족 100원"),
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

#[test]
fn an_entry_cannot_refer_to_a_later_one() {
    let (b, s) = (budget(), Schedule::default());
    let mut c = Control::new(&b, &s);
    let commit = dated(entry("C-1", EntryKind::Commit, "E.1", 500, None), 5, 1);
    assert_eq!(c.apply(&commit), Ok(()));
    let early = dated(
        entry("D-1", EntryKind::Disburse, "E.1", 100, Some("C-1")),
        4,
        30,
    );
    let r = c.apply(&early).unwrap_err();
    assert_eq!(
        r,
        Refusal::ReferenceDatedLater {
            reference: "C-1".into(),
            reference_date: day(5, 1),
            date: day(4, 30),
        }
    );
    assert_eq!(r.field(), "date");
    assert!(
        r.to_string().starts_with("참조한 C-1은 2023-05-01자 기록"),
        "{r}"
    );
    // The same day is fine: the commitment was recorded first.
    assert_eq!(c.apply(&dated(early.clone(), 5, 1)), Ok(()));
    // A cancellation dated before the payment it cancels, too.
    let cancel = dated(
        entry("X-1", EntryKind::DisburseCancel, "E.1", 100, Some("D-1")),
        4,
        30,
    );
    assert!(matches!(
        c.apply(&cancel),
        Err(Refusal::ReferenceDatedLater { .. })
    ));
}

#[test]
fn what_a_cancelled_payment_gives_back_is_there_from_its_date() {
    let (b, s) = (budget(), Schedule::default());
    let mut c = Control::new(&b, &s);
    let commit = dated(entry("C-1", EntryKind::Commit, "E.1", 1000, None), 3, 1);
    let pay = dated(
        entry("D-1", EntryKind::Disburse, "E.1", 1000, Some("C-1")),
        6,
        1,
    );
    let cancel = dated(
        entry("X-1", EntryKind::DisburseCancel, "E.1", 1000, Some("D-1")),
        7,
        1,
    );
    for e in [&commit, &pay, &cancel] {
        assert_eq!(c.apply(e), Ok(()));
    }
    // On 6-15 the commitment was fully paid: the 1,000 is back only on 7-1.
    let back = dated(
        entry("D-2", EntryKind::Disburse, "E.1", 1000, Some("C-1")),
        6,
        15,
    );
    let r = c.apply(&back).unwrap_err();
    assert_eq!(
        r,
        Refusal::GivenBackLater {
            reference: "C-1".into(),
            date: day(6, 15),
            reopened_on: day(7, 1),
            usable: Won::ZERO,
            requested: Won::new(1000),
        }
    );
    assert_eq!(r.field(), "amount");
    assert_eq!(c.apply(&dated(back.clone(), 7, 1)), Ok(()));
    let mut all = vec![commit, pay, cancel, dated(back, 7, 1)];
    all.sort_by_key(|e| e.date);
    let mut replay = Control::replay(&b, &s);
    for e in &all {
        assert_eq!(replay.apply(e), Ok(()), "{e:?}");
    }
}

#[test]
fn seeded_commitments_remember_when_they_were_given_back() {
    let (b, s) = (budget(), Schedule::default());
    let mut c = Control::new(&b, &s);
    c.remember(
        "C-1".into(),
        OpenItem {
            kind: EntryKind::Commit,
            line: code("E.1"),
            open: Won::new(300),
            commitment: None,
            date: day(3, 1),
            reopened: vec![(day(8, 1), Won::new(200))],
        },
    );
    let pay = |m, d, won| {
        dated(
            entry("D-9", EntryKind::Disburse, "E.1", won, Some("C-1")),
            m,
            d,
        )
    };
    assert!(matches!(
        c.apply(&pay(7, 31, 101)),
        Err(Refusal::GivenBackLater { usable, .. }) if usable == Won::new(100)
    ));
    assert_eq!(c.apply(&pay(7, 31, 100)), Ok(()));
}

#[test]
fn reopenings_are_read_from_the_ledger() {
    let pay = dated(
        entry("D-1", EntryKind::Disburse, "E.1", 400, Some("C-1")),
        4,
        1,
    );
    let cancel = dated(
        entry("X-1", EntryKind::DisburseCancel, "E.1", 100, Some("D-1")),
        9,
        1,
    );
    let (children, grandchildren) = ([pay], [cancel]);
    let given = reopenings(&children, &grandchildren);
    assert_eq!(given["C-1"], vec![(day(9, 1), Won::new(100))]);
    assert_eq!(given.len(), 1);
}
