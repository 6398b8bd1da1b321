//! What every command shares: who is acting, the store opened (and created
//! on first use) with the error context a person reads, reading a dataset
//! file, creating a private file, and writing output.

use anyhow::{Context, Result};
use std::io::Write;
use std::path::Path;
use yesan_domain::code::InstitutionCode;
use yesan_store::{Store, StoreError};

/// The audit log's actor for this command line: `cli:$USER`.
pub fn actor() -> String {
    std::env::var("USER")
        .map(|u| format!("cli:{u}"))
        .unwrap_or_else(|_| "cli".to_owned())
}

/// The institution named by `--institution`, for the whole run.
static INSTITUTION: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();

/// Remembers `--institution` (once, at start).
pub fn set_institution(code: Option<String>) {
    let _ = INSTITUTION.set(code);
}

/// The institution named by `--institution`, if any.
pub fn institution() -> Option<String> {
    INSTITUTION.get().cloned().flatten()
}

/// `code` as an institution code, or why not.
pub fn institution_code(code: &str) -> Result<InstitutionCode> {
    InstitutionCode::parse(code).with_context(|| {
        format!("--institution '{code}': 기관 코드가 아닙니다 / not an institution code")
    })
}

/// Opens the store without creating a dataset in it or choosing an
/// institution (what `yesan institution` works on).
pub async fn open_unscoped(db: &str) -> Result<Store> {
    yesan_app::store::open(db)
        .await
        .with_context(|| format!("데이터베이스 열기 / opening database {db}"))
}

/// Opens the store without creating a dataset in it, scoped to the
/// institution `--institution` names; without it, to the only one. A
/// database with several refuses, naming their codes.
pub async fn open_store(db: &str) -> Result<Store> {
    let store = open_unscoped(db).await?;
    let list = store
        .institutions()
        .await
        .context("기관 목록 읽기 / reading the institutions")?;
    match institution() {
        Some(code) if !list.is_empty() => {
            let code = institution_code(&code)?;
            Ok(store.scoped(&code, None).await?)
        }
        None if list.len() > 1 => Err(StoreError::AmbiguousInstitution {
            codes: list.iter().map(|i| i.code.to_string()).collect(),
        }
        .into()),
        _ => Ok(store),
    }
}

/// Opens the store, creating it from the default dataset on first use.
pub async fn ready_store(db: &str) -> Result<Store> {
    let mut store = open_store(db).await?;
    let created = match institution() {
        // A first run that names its institution creates that one.
        Some(code) if !store.is_initialized().await? => {
            let file =
                yesan_app::store::default_file().context("기본 데이터셋 / the default dataset")?;
            store = yesan_app::store::add_file(
                &store,
                Some(&institution_code(&code)?),
                &file,
                &actor(),
            )
            .await
            .context("기본 데이터셋으로 초기화 / initialising from the default dataset")?;
            true
        }
        _ => yesan_app::store::ensure_initialized(&store, &actor())
            .await
            .context("기본 데이터셋으로 초기화 / initialising from the default dataset")?,
    };
    if created {
        eprintln!(
            "데이터베이스를 기본 데이터셋으로 만들었습니다 / created {db} from the default dataset"
        );
    }
    // The handle learns its institution now (the one just created, named
    // by its dataset file), not on its first read.
    store
        .current_scope()
        .await
        .context("기관 찾기 / finding the institution")?;
    Ok(store)
}

/// Reads and parses a dataset file: the file's own error, or the
/// dataset's problems.
pub fn read_dataset(
    path: &Path,
) -> Result<Result<yesan_domain::Dataset, yesan_dataset::DatasetError>> {
    let bytes = std::fs::read(path)
        .with_context(|| format!("데이터셋 읽기 / reading {}", path.display()))?;
    Ok(yesan_dataset::parse(&path.display().to_string(), &bytes))
}

/// Reads and parses a dataset file: its institution's code, every year it
/// records (as recorded, ascending) and their line mappings; the file's
/// own error, or its problems.
pub fn read_file(
    path: &Path,
) -> Result<Result<yesan_dataset::InstitutionFile, yesan_dataset::DatasetError>> {
    let bytes = std::fs::read(path)
        .with_context(|| format!("데이터셋 읽기 / reading {}", path.display()))?;
    Ok(yesan_dataset::parse_file(
        &path.display().to_string(),
        &bytes,
    ))
}

/// Writes to the file, or to stdout.
pub fn emit(output: Option<&Path>, bytes: &[u8]) -> Result<()> {
    match output {
        Some(p) => {
            std::fs::write(p, bytes).with_context(|| format!("파일 쓰기 / writing {}", p.display()))
        }
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(bytes)
                .context("표준출력 쓰기 / writing to stdout")?;
            out.flush().context("표준출력 쓰기 / writing to stdout")
        }
    }
}

/// Creates (or truncates) `path` readable by its owner only: a backup
/// holds the password hashes.
pub fn create_private(path: &Path) -> Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options
        .open(path)
        .with_context(|| format!("파일 만들기 / creating {}", path.display()))?;
    #[cfg(unix)]
    {
        // An existing file keeps its mode on open; a backup must not.
        use std::os::unix::fs::PermissionsExt;
        if file.metadata().is_ok_and(|m| m.is_file()) {
            file.set_permissions(std::fs::Permissions::from_mode(0o600))
                .with_context(|| format!("권한 설정 / restricting {}", path.display()))?;
        }
    }
    Ok(file)
}
