//! The command line and the web app give the same answers, because both
//! go through `yesan-app`: the same default as-of date (`report`, `status`
//! and the API), the same lagging lines (`status` and the dashboard's
//! status), and the same refusal of a bad entries file (`import entries`
//! and the web upload: the same file lines, the same reasons).

mod common;

use axum::body::Body;
use axum::http::{Request, header};
use common::{text, yesan};
use tempfile::TempDir;
use tower::ServiceExt;

fn write(dir: &TempDir, name: &str, body: &str) -> String {
    let p = dir.path().join(name);
    std::fs::write(&p, body).expect("write");
    p.to_str().expect("utf8").to_owned()
}

fn json(out: &std::process::Output) -> serde_json::Value {
    assert!(out.status.success(), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("json")
}

async fn web(db: &std::path::Path, public: bool) -> (yesan_store::Store, axum::Router) {
    let store = yesan_store::Store::open(db.to_str().expect("utf8"))
        .await
        .expect("open");
    let config = yesan_web::Config {
        public,
        ..yesan_web::Config::default()
    };
    let state = yesan_web::AppState::new(store.clone(), config).expect("state");
    (store, yesan_web::router(state))
}

async fn body(res: axum::response::Response) -> String {
    let bytes = axum::body::to_bytes(res.into_body(), usize::MAX)
        .await
        .expect("body");
    String::from_utf8_lossy(&bytes).into_owned()
}

/// The default dataset is of 2023, so today is outside its year: the
/// default date is the later of its stated date (2023-10-18) and the
/// latest entry (2023-11-05 after this import) — from every front end.
#[tokio::test(flavor = "multi_thread")]
async fn the_default_date_and_the_lagging_lines_agree() {
    let dir = TempDir::new().expect("tmp");
    let db = dir.path().join("y.db");
    let file = write(
        &dir,
        "later.csv",
        "date,doc_no,kind,line,amount\n2023-11-05,L-1,commit,E3.2.2,1000000\n",
    );
    let out = yesan(&db, &["import", "entries", &file]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let status = json(&yesan(&db, &["status", "--format", "json"]));
    let report = json(&yesan(&db, &["report", "--format", "json"]));
    let (_store, router) = web(&db, true).await;
    let res = router
        .oneshot(
            Request::get("/i/sdf/api/status")
                .body(Body::empty())
                .expect("request"),
        )
        .await
        .expect("response");
    assert_eq!(res.status(), 200);
    let api: serde_json::Value = serde_json::from_str(&body(res).await).expect("json");
    assert_eq!(status["as_of"], "2023-11-05");
    assert_eq!(report["meta"]["as_of"], status["as_of"]);
    assert_eq!(api["as_of"], status["as_of"]);
    let codes = |v: &serde_json::Value| -> Vec<String> {
        v["lagging"]
            .as_array()
            .expect("lagging")
            .iter()
            .map(|l| l["code"].as_str().expect("code").to_owned())
            .collect()
    };
    assert!(!codes(&status).is_empty());
    assert_eq!(codes(&api), codes(&status));
    assert_eq!(api["margin_points"], status["margin_points"]);
}

/// minijinja's HTML escaping, to find a reason in the page.
fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#x27;")
        .replace('/', "&#x2f;")
}

#[tokio::test(flavor = "multi_thread")]
async fn the_upload_and_the_import_refuse_a_file_alike() {
    let dir = TempDir::new().expect("tmp");
    let db = dir.path().join("y.db");
    let bad = "date,doc_no,kind,line,amount,ref\n\
2023-10-22,G1,commit,E3.2.2,1000,\n\
2023-10-22,X1,commit,E3.2.3,\"180,500,000\",\n\
2023-10-22,X2,disburse,E3.2.3,1,NOPE\n\
2023-13-01,X3,commit,E3.2.2,5,\n\
2023-10-22,G2,commit,E3.2.2,0,\n";
    let file = write(&dir, "bad.csv", bad);
    let out = yesan(&db, &["import", "entries", &file]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    let prefix = format!("{file}:");
    let problems: Vec<(String, String)> = err
        .lines()
        .filter_map(|l| l.strip_prefix(&prefix))
        .filter_map(|l| l.split_once(": "))
        .map(|(line, reason)| (line.to_owned(), reason.to_owned()))
        .collect();
    let lines: Vec<&str> = problems.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(lines, ["3", "4", "5", "6"], "{err}");

    let (store, router) = web(&db, false).await;
    let hash = yesan_web::hash_password("test-password-1").expect("hash");
    store
        .add_user(
            &yesan_store::NewUser {
                name: "finance",
                password_hash: &hash,
                role: yesan_domain::access::Role::Finance,
                unit: None,
                must_change: false,
            },
            "test",
        )
        .await
        .expect("user");
    let token = yesan_web::auth::random_hex(32);
    let csrf = yesan_web::auth::random_hex(32);
    let expires = (chrono::Utc::now() + chrono::Duration::hours(1))
        .to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    store
        .create_session(
            &yesan_web::auth::token_hash(&token),
            "finance",
            &csrf,
            &expires,
        )
        .await
        .expect("session");
    let boundary = "yesanboundary";
    let form = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file}\"\r\nContent-Type: text/csv\r\n\r\n{bad}\r\n--{boundary}--\r\n"
    );
    let res = router
        .oneshot(
            Request::post(format!("/i/sdf/execution/upload?_csrf={csrf}"))
                .header(
                    header::CONTENT_TYPE,
                    format!("multipart/form-data; boundary={boundary}"),
                )
                .header(header::COOKIE, format!("yesan_session={token}"))
                .body(Body::from(form))
                .expect("request"),
        )
        .await
        .expect("response");
    assert_eq!(res.status(), 422);
    let html = body(res).await;
    assert!(html.contains(&format!("({})", problems.len())), "{html}");
    // The command line says each problem in both languages, the page in
    // the reader's (Korean): the same words.
    for (line, reason) in &problems {
        let reason = reason.split(" / ").next().expect("Korean");
        let row = html
            .split("<tr class=\"bad\"><td>")
            .find(|r| r.starts_with(&format!("{line}</td>")))
            .unwrap_or_else(|| panic!("row {line} is marked bad: {html}"));
        let row = row.split("</tr>").next().expect("row");
        assert!(
            row.contains(&escape(reason)),
            "line {line}: {reason}\n{row}"
        );
    }
}
