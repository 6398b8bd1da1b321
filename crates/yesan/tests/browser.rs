//! End-to-end tests in a real browser: starts `yesan serve` on a fresh
//! database exactly as a user would (first run, one-time admin password),
//! adds accounts with `yesan user add`, and runs `e2e/tests/` (node's test
//! runner driving Debian's chromium through playwright-core). Screenshots of
//! every main page land in `target/screenshots/`, which is emptied first so
//! that only this run's count. Every test of `e2e/tests/` must pass, and
//! no fewer than [`TESTS`] of them; `YESAN_E2E_ONLY=<name pattern>` runs
//! the matching tests alone on a fresh server (each passes alone).
//!
//! The browser and `e2e/node_modules` are installed by `.ci/run`. Without
//! them the test says so and passes locally; under CI (`CI` set) it fails,
//! so CI can never go green without running the browser.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("the repository root")
        .to_path_buf()
}

fn chromium() -> Option<PathBuf> {
    std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .or_else(|| Some(PathBuf::from("/usr/bin/chromium")))
        .filter(|p| p.exists())
}

/// Kills the server when the test ends, however it ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn add_user(db: &Path, name: &str, role: &str, unit: Option<&str>, password: &str) {
    add_user_in(db, None, name, role, unit, password);
}

/// `yesan [--institution CODE] user add …`.
fn add_user_in(
    db: &Path,
    institution: Option<&str>,
    name: &str,
    role: &str,
    unit: Option<&str>,
    password: &str,
) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_yesan"));
    cmd.arg("--db").arg(db);
    if let Some(code) = institution {
        cmd.args(["--institution", code]);
    }
    cmd.args(["user", "add", name, "--role", role]);
    if let Some(u) = unit {
        cmd.args(["--unit", u]);
    }
    let mut child = cmd
        .env_remove("YESAN_DB")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run yesan user add");
    writeln!(child.stdin.take().expect("stdin"), "{password}").expect("write the password");
    let out = child.wait_with_output().expect("yesan user add");
    assert!(
        out.status.success(),
        "user add {name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The tests in `e2e/tests/*.test.mjs`.
const TESTS: usize = 26;

/// A second institution, `stf` (서울테스트재단: the seed's dataset under
/// another name), with its own planner, and the foundation's `city` made a
/// city reader, for the test that walks two institutions.
fn second_institution(root: &Path, dir: &Path, db: &Path, password: &str) {
    let toml = std::fs::read_to_string(root.join("data/default.toml"))
        .expect("the default dataset")
        .replace(
            "name_ko = \"서울디지털재단\"",
            "name_ko = \"서울테스트재단\"",
        )
        .replace(
            "name_en = \"Seoul Digital Foundation\"",
            "name_en = \"Seoul Test Foundation\"",
        );
    let file = dir.join("stf.toml");
    std::fs::write(&file, toml).expect("write the dataset");
    let out = Command::new(env!("CARGO_BIN_EXE_yesan"))
        .arg("--db")
        .arg(db)
        .args(["institution", "add", "stf", "--dataset"])
        .arg(&file)
        .env_remove("YESAN_DB")
        .output()
        .expect("yesan institution add");
    assert!(
        out.status.success(),
        "institution add: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    add_user_in(db, Some("stf"), "stfplanner", "planner", None, password);
    add_user_in(db, Some("sdf"), "city", "viewer", None, password);
    system_role(db, "city", "city-reader");
    // An administrator of the foundation who is also a system administrator,
    // for the pages test (the first administrator's password is changed by
    // another test, so that one cannot be relied on alone).
    add_user_in(db, Some("sdf"), "root", "admin", None, password);
    system_role(db, "root", "sysadmin");
}

/// A third institution, `drf` (서울예산재단: the seed's dataset under
/// another name), for the draft budget's test: its 2024 budget is made
/// there by approving a draft, which moves no other test's figures. Two
/// planners (one submits, the other approves) and a viewer.
fn draft_institution(root: &Path, dir: &Path, db: &Path, password: &str) {
    let toml = std::fs::read_to_string(root.join("data/default.toml"))
        .expect("the default dataset")
        .replace("name_ko = \"서울디지털재단\"", "name_ko = \"서울예산재단\"")
        .replace(
            "name_en = \"Seoul Digital Foundation\"",
            "name_en = \"Seoul Budget Foundation\"",
        );
    let file = dir.join("drf.toml");
    std::fs::write(&file, toml).expect("write the dataset");
    let out = Command::new(env!("CARGO_BIN_EXE_yesan"))
        .arg("--db")
        .arg(db)
        .args(["institution", "add", "drf", "--dataset"])
        .arg(&file)
        .env_remove("YESAN_DB")
        .output()
        .expect("yesan institution add");
    assert!(
        out.status.success(),
        "institution add: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    add_user_in(db, Some("drf"), "drplanner", "planner", None, password);
    add_user_in(db, Some("drf"), "drapprover", "planner", None, password);
    add_user_in(db, Some("drf"), "drviewer", "viewer", None, password);
}

/// `yesan --institution sdf user system NAME FLAG`.
fn system_role(db: &Path, name: &str, flag: &str) {
    let out = Command::new(env!("CARGO_BIN_EXE_yesan"))
        .arg("--db")
        .arg(db)
        .args(["--institution", "sdf", "user", "system", name, flag])
        .env_remove("YESAN_DB")
        .output()
        .expect("yesan user system");
    assert!(
        out.status.success(),
        "user system: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `# pass N` of node's test runner.
fn count(report: &str, what: &str) -> Option<usize> {
    report
        .lines()
        .find_map(|l| l.trim().strip_prefix(&format!("# {what} ")))
        .and_then(|n| n.trim().parse().ok())
}

#[test]
fn browser_flows() {
    let root = repo_root();
    let e2e = root.join("e2e");
    let ready = chromium().is_some() && e2e.join("node_modules/playwright-core").exists();
    if !ready {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run the browser tests: install chromium and `npm ci --prefix e2e` (.ci/run does)"
        );
        eprintln!(
            "browser tests not run: needs /usr/bin/chromium and e2e/node_modules (npm ci --prefix e2e)"
        );
        return;
    }
    let dir = tempfile::TempDir::new().expect("tmp");
    let db = dir.path().join("web.db");
    let mut child = Command::new(env!("CARGO_BIN_EXE_yesan"))
        .arg("--db")
        .arg(&db)
        .args(["serve", "--bind", "127.0.0.1:0"])
        .env_remove("YESAN_DB")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start yesan serve");
    let stdout = child.stdout.take().expect("stdout");
    let server = Server(child);
    // The first run prints the administrator's one-time password, then the
    // address it serves at.
    let mut lines = BufReader::new(stdout).lines();
    let (mut admin_password, mut base) = (None, None);
    let started = Instant::now();
    while base.is_none() && started.elapsed() < Duration::from_secs(60) {
        let Some(Ok(line)) = lines.next() else { break };
        if let Some(p) = line.split("password:").nth(1) {
            admin_password = Some(p.trim().to_owned());
        }
        if let Some(rest) = line.split("serving at ").nth(1) {
            base = rest
                .split_whitespace()
                .next()
                .map(|u| u.trim_end_matches('/').to_owned());
        }
    }
    let base = base.expect("the server printed its address");
    let admin_password = admin_password.expect("the first run printed the admin password");
    // Keep draining stdout so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});

    let password = "e2e-password-2023";
    add_user(&db, "viewer", "viewer", None, password);
    add_user(&db, "finance", "finance", None, password);
    add_user(&db, "editor", "team_editor", Some("SIT"), password);
    add_user(&db, "planner", "planner", None, password);
    add_user(&db, "auditor", "auditor", None, password);
    second_institution(&root, dir.path(), &db, password);
    // The only administrator of the second institution, for the test that
    // refuses the last administrator's self-demotion.
    add_user_in(&db, Some("stf"), "stfadmin", "admin", None, password);
    draft_institution(&root, dir.path(), &db, password);

    let shots = root.join("target/screenshots");
    if shots.exists() {
        std::fs::remove_dir_all(&shots).expect("clear target/screenshots");
    }
    let only = std::env::var("YESAN_E2E_ONLY").ok();
    let mut args = vec!["--test".to_owned(), "--test-concurrency=1".to_owned()];
    if let Some(pattern) = &only {
        args.push(format!("--test-name-pattern={pattern}"));
    }
    args.push("tests/".to_owned());
    let out = Command::new("node")
        .args(&args)
        .current_dir(&e2e)
        .env("BASE_URL", &base)
        .env("SCREENSHOTS", &shots)
        .env("USER_PASSWORD", password)
        .env("ADMIN_PASSWORD", &admin_password)
        .output()
        .expect("run node");
    drop(server);
    let report = format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "browser tests failed:\n{report}");
    assert_eq!(count(&report, "fail"), Some(0), "{report}");
    let passed = count(&report, "pass").unwrap_or(0);
    if only.is_some() {
        assert!(passed >= 1, "no test matched YESAN_E2E_ONLY:\n{report}");
        return;
    }
    assert!(
        passed >= TESTS,
        "only {passed} of {TESTS} browser tests passed:\n{report}"
    );
    for name in [
        "01-dashboard",
        "02-budget",
        "03-line",
        "04-projects",
        "05-project",
        "06-org",
        "07-execution",
        "08-entry-form",
        "09-over-commitment",
        "10-reports",
        "12-account",
        "14-users",
        "16-upload-refused",
        "18-project-edit",
        "19-amendment",
        "30-consolidated",
        "31-consolidated-phone",
        "40-institution-b",
        "41-other-institution-refused",
        "42-chooser",
        "43-consolidated-two",
        "44-drilldown",
        "45-chooser-phone",
        "46-consolidated-phone-scrolled",
        "draft-live-1280",
        "draft-approved-1280",
        "draft-390",
    ] {
        assert!(
            shots.join(format!("{name}.png")).exists(),
            "screenshot {name} was not taken by this run"
        );
    }
}
