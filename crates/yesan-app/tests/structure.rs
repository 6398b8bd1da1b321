//! Structural edits, the year's story on both backends (PostgreSQL where
//! `YESAN_TEST_POSTGRES_URL` names a server): a planner adds a budget
//! line with its 추경 and a project for it, adds a unit and moves a team
//! under it, renames the unit later; every report dated before an edit
//! stays as it was, every edit is audited, and a refused edit writes
//! nothing.

#[path = "../../yesan-store/tests/common/mod.rs"]
mod common;
mod ready;

use ready::{postgres, sqlite};
use yesan_app::Snapshot;
use yesan_app::structure::{self, Edited, Fields};
use yesan_domain::structure::Refusal;
use yesan_domain::{LineCode, Won};
use yesan_store::Store;

fn date(s: &str) -> chrono::NaiveDate {
    s.parse().expect("date")
}

fn form(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

async fn report(store: &Store, on: &str) -> String {
    let snap = Snapshot::read(store, Some(date(on)))
        .await
        .expect("snapshot");
    yesan_report::markdown::render(&snap.report())
}

fn done(e: Edited) {
    match e {
        Edited::Done(_) => {}
        Edited::Refused(r) => panic!("refused: {r:?}"),
    }
}

fn refused(e: Edited) -> Vec<Refusal> {
    match e {
        Edited::Done(p) => panic!("accepted: {p:?}"),
        Edited::Refused(r) => r,
    }
}

async fn story(store: Store) {
    let seed = report(&store, "2023-10-18").await;
    let planner = "planner";

    // A new project line under 2. 디지털 포용 (E3.2) with its 추경.
    let f = form(&[
        ("date", "2023-10-20"),
        ("code", "E3.2.4"),
        ("name", "디지털 안심 동행"),
        ("parent", "E3.2"),
        ("amount", "30,000,000"),
        ("amendment_no", "2023-추경-1"),
        ("amendment_kind", "추경"),
        ("note", "이사회 의결 제7호"),
    ]);
    done(
        structure::add_line(&store, Fields(&f), planner)
            .await
            .expect("add line"),
    );
    let d = store.load().await.expect("load");
    let budget = d.budget_on(date("2023-10-20"));
    assert_eq!(
        budget
            .figures(&LineCode::parse("E3.2.4").expect("code"))
            .expect("the new line")
            .amount,
        Won::new(30_000_000)
    );
    // The project for it, with its sheet.
    let f = form(&[
        ("date", "2023-10-20"),
        ("code", "2-4"),
        ("program", "2"),
        ("line", "E3.2.4"),
        ("title", "디지털 안심 동행"),
        ("executive", "INNO"),
        ("team", "SIT"),
        ("officer_name", "김담당"),
        ("officer_ext", "4651"),
        ("purpose", "디지털 약자의 안심 동행"),
        ("background", "디지털 격차"),
        ("content", "동행 서비스 운영"),
        ("budget_notes", "추경 편성"),
    ]);
    done(
        structure::add_project(&store, Fields(&f), planner)
            .await
            .expect("add project"),
    );
    // A new office, and 디지털정책팀 moved under it.
    let f = form(&[
        ("date", "2023-10-20"),
        ("code", "DXO"),
        ("name", "디지털전환실"),
        ("kind", "실"),
        ("head_name", "이실장"),
        ("head_ext", "4600"),
    ]);
    done(
        structure::add_unit(&store, Fields(&f), planner)
            .await
            .expect("add unit"),
    );
    let f = form(&[("date", "2023-10-20"), ("code", "DPT"), ("parent", "DXO")]);
    done(
        structure::move_unit(&store, Fields(&f), planner)
            .await
            .expect("move unit"),
    );
    // Renamed later.
    let f = form(&[
        ("date", "2023-11-01"),
        ("code", "DXO"),
        ("name", "디지털혁신실"),
    ]);
    done(
        structure::rename_unit(&store, Fields(&f), planner)
            .await
            .expect("rename"),
    );

    // The report as of the seed's date is the seed's, to the character.
    assert_eq!(report(&store, "2023-10-18").await, seed);
    // From 10-20 the line, the project and the office are there, the
    // office under its first name until 11-01.
    let on_20 = report(&store, "2023-10-20").await;
    assert!(on_20.contains("디지털 안심 동행"), "{on_20}");
    assert!(on_20.contains("2실 1본부 7팀"), "{on_20}");
    assert!(seed.contains("1실 1본부 7팀"));
    assert!(on_20.contains("디지털전환실"), "{on_20}");
    assert!(!on_20.contains("디지털혁신실"), "{on_20}");
    let on_nov = report(&store, "2023-11-01").await;
    assert!(on_nov.contains("디지털혁신실"), "{on_nov}");
    assert!(!on_nov.contains("디지털전환실"), "{on_nov}");
    let snap = Snapshot::read(&store, Some(date("2023-10-20")))
        .await
        .expect("snap");
    let dpt = snap
        .catalog
        .org
        .unit(&yesan_domain::UnitCode::parse("DPT").expect("code"))
        .expect("DPT");
    assert_eq!(dpt.parent.as_ref().map(|p| p.as_str()), Some("DXO"));
    let sheet = snap
        .catalog
        .projects
        .iter()
        .find(|p| p.code.as_str() == "2-4");
    assert_eq!(sheet.map(|p| p.team.as_str()), Some("SIT"));

    // Every edit audited: the five edits and the 추경 with the line.
    let audit = store.audit_log(10).await.expect("audit");
    let actions: Vec<(&str, &str)> = audit
        .iter()
        .take(6)
        .map(|a| (a.entity.as_str(), a.action.as_str()))
        .collect();
    assert_eq!(
        actions,
        [
            ("unit", "rename"),
            ("unit", "move"),
            ("unit", "add"),
            ("project", "add"),
            ("line", "add"),
            ("budget", "amend"),
        ]
    );
    assert!(audit.iter().take(6).all(|a| a.actor == planner));

    // Refused edits write nothing.
    let version = store.version().await.expect("version");
    let f = form(&[
        ("date", "2023-11-02"),
        ("code", "E3.1.1"),
        ("parent", "E3.2"),
    ]);
    let r = refused(
        structure::move_line(&store, Fields(&f), planner)
            .await
            .expect("move"),
    );
    assert!(
        r.iter().any(|r| matches!(r, Refusal::ProjectLine { .. })),
        "{r:?}"
    );
    // Dated before the latest change.
    let f = form(&[("date", "2023-10-25"), ("code", "AUD"), ("name", "감사실")]);
    let r = refused(
        structure::rename_unit(&store, Fields(&f), planner)
            .await
            .expect("rename"),
    );
    assert!(matches!(&r[..], [Refusal::BeforeLatest { .. }]), "{r:?}");
    // A funding amendment the budget's rules refuse takes the line with it.
    let f = form(&[
        ("date", "2023-11-02"),
        ("code", "E3.2.5"),
        ("name", "또 새 사업"),
        ("parent", "E3.2"),
        ("amount", "1,000"),
        ("amendment_no", "2023-추경-1"),
        ("note", "중복 번호"),
    ]);
    let r = refused(
        structure::add_line(&store, Fields(&f), planner)
            .await
            .expect("add"),
    );
    assert!(r.iter().any(|r| r.field() == "amendment_no"), "{r:?}");
    // A unit with projects is not dissolved without a successor.
    let f = form(&[("date", "2023-11-02"), ("code", "SIT")]);
    let r = refused(
        structure::dissolve_unit(&store, Fields(&f), planner)
            .await
            .expect("dissolve"),
    );
    assert!(
        matches!(&r[..], [Refusal::DissolveWithProjects { .. }]),
        "{r:?}"
    );
    assert_eq!(store.version().await.expect("version"), version);
    assert!(
        store
            .load()
            .await
            .expect("load")
            .budget
            .line(&LineCode::parse("E3.2.5").expect("code"))
            .is_none()
    );

    // A line added without money is retired, the new project ended: the
    // next year opens without either (nor the ended project's line).
    let f = form(&[
        ("date", "2023-11-05"),
        ("code", "E3.2.5"),
        ("name", "쓰지 않은 과목"),
        ("parent", "E3.2"),
    ]);
    done(
        structure::add_line(&store, Fields(&f), planner)
            .await
            .expect("add"),
    );
    let f = form(&[("date", "2023-11-06"), ("code", "E3.2.5")]);
    done(
        structure::retire_line(&store, Fields(&f), planner)
            .await
            .expect("retire"),
    );
    let f = form(&[("date", "2023-12-31"), ("code", "2-4")]);
    done(
        structure::end_project(&store, Fields(&f), planner)
            .await
            .expect("end"),
    );
    let history = store.structure_history().await.expect("history");
    assert_eq!(
        history.retired(&LineCode::parse("E3.2.5").expect("code")),
        Some(date("2023-11-06"))
    );
    yesan_app::year::open(&store, 2024, &[], &[], planner)
        .await
        .expect("2024 opened");
    let y24 = store.load_year(2024).await.expect("load").expect("2024");
    for gone in ["E3.2.4", "E3.2.5"] {
        assert!(
            y24.budget
                .line(&LineCode::parse(gone).expect("code"))
                .is_none(),
            "{gone} left behind"
        );
    }
    assert!(y24.projects.iter().all(|p| p.code.as_str() != "2-4"));
    assert!(y24.projects.iter().any(|p| p.code.as_str() == "2-3"));
    // The office and the moved team go on into 2024, under its new name.
    let dxo = y24
        .org
        .unit(&yesan_domain::UnitCode::parse("DXO").expect("code"))
        .expect("DXO in 2024");
    assert_eq!(dxo.name, "디지털혁신실");

    // A backup carries the dated records: restored, the earlier reports
    // are still as they were.
    let mut archive = Vec::new();
    store.backup(&mut archive).await.expect("backup");
    let (_dir, fresh) = common::sqlite_store().await;
    fresh
        .restore(archive.as_slice(), "restorer")
        .await
        .expect("restored");
    let fresh = fresh
        .scoped(store.institution_code(), Some(2023))
        .await
        .expect("2023");
    assert_eq!(
        fresh.structure_history().await.expect("history"),
        store.structure_history().await.expect("history")
    );
    assert_eq!(report(&fresh, "2023-10-18").await, seed);
    assert_eq!(
        report(&fresh, "2023-10-20").await,
        report(&store, "2023-10-20").await
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn structural_edits_keep_earlier_reports_sqlite() {
    let (_dir, store) = sqlite().await;
    story(store).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn structural_edits_keep_earlier_reports_postgres() {
    let Some((store, url)) = postgres().await else {
        return;
    };
    story(store.clone()).await;
    store.close().await;
    common::drop_postgres_database(&url).await;
}
