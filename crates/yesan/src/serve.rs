//! `yesan serve` and `yesan user …`: the web application's composition
//! (store, settings, first administrator, listener, shutdown) and account
//! management from the command line.

use crate::cli::UserCommand;
use crate::open::{actor, institution_code, ready_store};
use anyhow::{Context, Result, bail};
use std::io::{BufRead, IsTerminal};
use std::net::SocketAddr;
use std::process::ExitCode;
use yesan_domain::UnitCode;
use yesan_domain::access::Role;
use yesan_store::{NewUser, Store};

/// Creates `admin` with a one-time password when there are no users, and
/// prints the password once.
async fn first_admin(store: &Store) -> Result<()> {
    if store.user_count().await? > 0 {
        return Ok(());
    }
    let password = yesan_web::generate_password();
    let hash = yesan_web::hash_password(&password).context("비밀번호 해시 / hashing")?;
    store
        .add_user(
            &NewUser {
                name: "admin",
                password_hash: &hash,
                role: Role::Admin,
                unit: None,
                must_change: true,
            },
            &actor(),
        )
        .await
        .context("관리자 계정 만들기 / creating the administrator")?;
    println!("관리자 계정을 만들었습니다 / created the administrator account");
    println!("  사용자 / user:              admin");
    println!("  일회용 비밀번호 / password: {password}");
    println!(
        "  (지금 한 번만 보입니다. 첫 로그인 때 바꾸게 됩니다 / shown only now; you will change it at first sign-in)"
    );
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { () = ctrl_c => {}, () = term => {} }
}

/// `yesan serve`.
pub async fn serve(
    db: &str,
    bind: SocketAddr,
    public: bool,
    secure_cookies: bool,
) -> Result<ExitCode> {
    let store = ready_store(db).await?;
    first_admin(&store).await?;
    // The first requests find their connections open (and on PostgreSQL
    // warmed) instead of opening them.
    store
        .warm(Store::warm_connections())
        .await
        .context("데이터베이스 연결 / connecting to the database")?;
    let config = yesan_web::Config {
        public,
        secure_cookies,
        ..yesan_web::Config::default()
    };
    let state = yesan_web::AppState::new(store, config).context("템플릿 / templates")?;
    let listener = tokio::net::TcpListener::bind(bind)
        .await
        .with_context(|| format!("주소에 연결 / binding {bind}"))?;
    let addr = listener.local_addr().context("주소 / local address")?;
    println!("http://{addr}/ 에서 서비스 중 / serving at http://{addr}/ (Ctrl+C로 종료 / to stop)");
    if public {
        println!(
            "공개 열람 모드: 로그인 없이 읽을 수 있습니다 / public mode: pages are readable without sign-in"
        );
    }
    yesan_web::serve(listener, state, shutdown_signal())
        .await
        .context("서버 / server")?;
    Ok(ExitCode::SUCCESS)
}

/// One line from standard input: the password.
fn read_password() -> Result<String> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprint!("비밀번호 / password (10자 이상 / 10+ characters): ");
    }
    let mut line = String::new();
    stdin
        .lock()
        .read_line(&mut line)
        .context("표준입력 읽기 / reading stdin")?;
    let pw = line.trim_end_matches(['\n', '\r']).to_owned();
    if pw.is_empty() {
        bail!("표준입력에서 비밀번호를 읽지 못했습니다 / no password on standard input");
    }
    Ok(pw)
}

fn role_and_unit(role: &str, u: Option<&str>) -> Result<(Role, Option<UnitCode>)> {
    Ok(yesan_app::roles::role_and_unit(role, u)?)
}

/// `yesan user …`.
pub async fn user(db: &str, cmd: UserCommand) -> Result<ExitCode> {
    let store = ready_store(db).await?;
    match cmd {
        UserCommand::Add { name, role, unit } => {
            let role_unit = role_and_unit(&role, unit.as_deref())?;
            let role = role_unit.0;
            let hash = yesan_web::hash_password(&read_password()?)?;
            let name = yesan_app::accounts::add(&store, &name, role_unit, &hash, false, &actor())
                .await
                .context("사용자 추가 / adding the user")?;
            println!("{name}: 추가했습니다 / added ({role})");
        }
        UserCommand::Passwd { name } => {
            let hash = yesan_web::hash_password(&read_password()?)?;
            store
                .set_password(&name, &hash, false, None, &actor())
                .await
                .context("비밀번호 변경 / setting the password")?;
            println!("{name}: 비밀번호를 바꿨습니다 / password changed");
        }
        UserCommand::Role { name, role, unit } => {
            let role_unit = role_and_unit(&role, unit.as_deref())?;
            let role = role_unit.0;
            yesan_app::accounts::set_role(&store, &name, role_unit, &actor())
                .await
                .context("역할 변경 / changing the role")?;
            println!("{name}: 역할 {role} / role changed to {role}");
        }
        UserCommand::Deactivate { name } => {
            let changed = yesan_app::accounts::set_active(&store, &name, false, &actor())
                .await
                .context("계정 비활성화 / deactivating the account")?;
            if changed {
                println!(
                    "{name}: 비활성화했습니다. 세션이 모두 끝났습니다 / deactivated; every session ended"
                );
            } else {
                println!("{name}: 이미 비활성입니다 / already inactive");
            }
        }
        UserCommand::Activate { name } => {
            let changed = yesan_app::accounts::set_active(&store, &name, true, &actor())
                .await
                .context("계정 활성화 / reactivating the account")?;
            if changed {
                println!("{name}: 다시 활성화했습니다 / reactivated");
            } else {
                println!("{name}: 이미 활성입니다 / already active");
            }
        }
        UserCommand::Grant {
            name,
            target,
            role,
            unit,
        } => {
            let inst = institution_code(&target)?;
            let (role, unit) =
                yesan_app::roles::grant(&store, &name, &inst, &role, unit.as_deref(), &actor())
                    .await
                    .context("역할 부여 / granting the role")?;
            let unit = unit.map(|u| format!(" ({u})")).unwrap_or_default();
            println!(
                "{name}: 기관 '{inst}'에서 {}{unit} / granted {role}{unit} in '{inst}'",
                role.korean()
            );
        }
        UserCommand::Revoke { name, target } => {
            let inst = institution_code(&target)?;
            yesan_app::roles::revoke(&store, &name, &inst, &actor())
                .await
                .context("역할 회수 / revoking the role")?;
            println!("{name}: 기관 '{inst}'의 역할을 회수했습니다 / revoked the role in '{inst}'");
        }
        UserCommand::System { name, flag, off } => {
            let flag = yesan_app::roles::system_flag(&flag)?;
            yesan_app::roles::set_system(&store, &name, flag, !off, &actor())
                .await
                .context("시스템 역할 / the system role")?;
            let (ko, en) = if off {
                ("해제했습니다", "cleared")
            } else {
                ("설정했습니다", "set")
            };
            println!("{name}: {} {ko} / {} {en}", flag.as_str(), flag.as_str());
        }
        UserCommand::Roles { name } => {
            let held = yesan_app::roles::held(&store, &name).await?;
            println!("기관 institution\t역할 role\t부서 unit\t구분 kind");
            for r in &held.roles {
                println!(
                    "{}\t{}\t{}\t{}",
                    r.institution,
                    r.role,
                    r.unit.as_ref().map(ToString::to_string).unwrap_or_default(),
                    if r.home {
                        "본 기관 / home"
                    } else {
                        "부여 / granted"
                    }
                );
            }
            for f in &held.flags {
                println!("*\t{}\t\t시스템 / system", f.as_str());
            }
        }
        UserCommand::List => {
            for u in store.users().await? {
                let mut notes = Vec::new();
                if !u.active {
                    notes.push("(비활성 / inactive)");
                }
                if u.must_change {
                    notes.push("(비밀번호 변경 필요 / must change password)");
                }
                println!(
                    "{}\t{}\t{}{}{}",
                    u.name,
                    u.role,
                    u.unit.map(|x| x.to_string()).unwrap_or_default(),
                    if notes.is_empty() { "" } else { "\t" },
                    notes.join(" ")
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
