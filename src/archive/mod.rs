//! Stage 6: the archive of published issues. Each issue lives in its own folder with its
//! bulletin in every format, a frozen copy of the inputs it was made from, its figures, and a
//! manifest with the sha256 of every file. Issues are never overwritten; a correction is a new
//! revision beside the old one.
//!
//! Layout:
//! ```text
//! archive/
//!   .lock                     held (flock) while publishing
//!   index.md, index.html      every issue, with a trend table (rebuilt on every publish)
//!   004_2019-12/              第4期 for 2019-12 (`2020-004_2019-12` when numbering restarts yearly)
//!     manifest.json  bulletin.md  bulletin.html  bulletin.pdf  figures.json
//!     inputs/campaign.yaml  inputs/snapshots/2019-12.yaml  inputs/snapshots/2019-11.yaml
//!     copies/000001.pdf …  分发登记.csv  分发登记.md      (with --copies)
//!   004_2019-12_r2/           a revision
//!   .staging-…/               an unfinished publish (removed by the next publish)
//! ```

pub mod copies;
pub mod index;
pub mod journal;
pub mod key;
pub mod ledger;
pub mod manifest;
pub mod notices;
pub mod numbering;
pub mod record;
pub mod store;
pub mod verify;

use std::fs;
use std::path::{Path, PathBuf};

use crate::fault::Fault;
use crate::io_error::io_reason;
use manifest::{MANIFEST, Manifest};

/// Names in the archive root that are not issue folders.
pub const INDEX_MD: &str = "index.md";
/// The archive's index page in HTML.
pub const INDEX_HTML: &str = "index.html";
/// The lock file held while the archive is written.
pub const LOCK: &str = ".lock";
/// Prefix of a folder being staged before it is renamed into place.
pub const STAGING_PREFIX: &str = ".staging-";

/// The test-only hook that stops the process at the n-th write of a publish (debug builds
/// only; `TONGBAO_TEST_STOP_AT=n`): the tests interrupt a publish at every write in turn.
/// The process exits at once (code 77), without unwinding, as if it had been killed.
pub(crate) fn interruption_point() {
    #[cfg(debug_assertions)]
    {
        use std::sync::atomic::{AtomicU64, Ordering};
        static WRITES: AtomicU64 = AtomicU64::new(0);
        let n = WRITES.fetch_add(1, Ordering::SeqCst) + 1;
        let stop = std::env::var("TONGBAO_TEST_STOP_AT")
            .ok()
            .and_then(|v| v.parse::<u64>().ok());
        if stop == Some(n) {
            std::process::exit(77);
        }
    }
}

/// Whether an archive-root entry is what an interrupted publish leaves behind: a staging
/// folder or a half-written index file. Not part of the archive; the next publish removes it.
pub fn is_leftover(name: &str) -> bool {
    name.starts_with(STAGING_PREFIX)
        || (name.starts_with('.') && name.contains(".tmp-") && name.contains("index."))
}

/// What `archive rekey` did.
#[derive(Debug)]
pub struct Rekeyed {
    /// The new key file.
    pub path: PathBuf,
    /// Its fingerprint.
    pub fingerprint: String,
    /// Whether the old key was not given (the new one signed its own introduction).
    pub old_key_lost: bool,
    /// The ledger's head afterwards.
    pub head: String,
}

/// Creates a new office key at `new` (default: where publish looks) and records it in the
/// ledger of the archive at `dir`, signed by the key at `old` when given.
pub fn rekey(dir: &Path, new: Option<&Path>, old: Option<&Path>) -> Result<Rekeyed, ArchiveError> {
    let old =
        match old {
            Some(p) => Some(key::OfficeKey::read(p)?.ok_or_else(|| {
                ArchiveError::Refused(format!("旧密钥文件 {} 不存在", p.display()))
            })?),
            None => None,
        };
    let path = key::path(new)?;
    if path.exists() {
        return Err(ArchiveError::Refused(format!(
            "{} 已有文件，不会覆盖：请先把它移走（它若是旧密钥，请用 --old-key 给出新位置），或用 --key 指定新密钥的位置",
            path.display()
        )));
    }
    let archive = store::Archive::open(dir)?;
    if let Some(old) = &old {
        ledger::Ledger::read(dir)?.accepts(old)?;
    }
    let created = key::OfficeKey::create(&path)?;
    let head = archive.introduce_key(&created, old.as_ref())?;
    Ok(Rekeyed {
        fingerprint: key::fingerprint(&created.public()),
        path,
        old_key_lost: old.is_none(),
        head,
    })
}

/// Whether `name` in the archive root is one of the archive's own files (lock, index, ledger,
/// journal) or a leftover of an interrupted publish, not an issue folder.
pub fn is_root_file(name: &str) -> bool {
    is_leftover(name)
        || name == LOCK
        || name == INDEX_MD
        || name == INDEX_HTML
        || name == ledger::LEDGER
        || name.starts_with(journal::JOURNAL)
        || name == notices::FOLDER
}

/// An archive problem, in Chinese.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    /// The request does not fit the archive (a period already published…): exit 1.
    #[error("{0}")]
    Refused(String),
    /// Reading or writing failed: exit 3.
    #[error("{0}")]
    Io(String),
}

impl ArchiveError {
    /// Whose fault: a refusal is the request's; a failed read or write is not.
    pub fn fault(&self) -> Fault {
        match self {
            ArchiveError::Io(_) => Fault::Internal,
            _ => Fault::Input,
        }
    }
}

pub(crate) fn io_error(path: &Path, e: &std::io::Error) -> ArchiveError {
    ArchiveError::Io(format!("{}：{}", path.display(), io_reason(e)))
}

/// Makes a folder's entries (a rename, a new file) durable.
pub(crate) fn sync_dir(dir: &Path) -> Result<(), ArchiveError> {
    fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| io_error(dir, &e))
}

/// One issue folder and its manifest.
#[derive(Debug, Clone)]
pub struct IssueFolder {
    /// The issue folder's name.
    pub folder: String,
    /// Its manifest.
    pub manifest: Manifest,
}

/// A folder in the archive root that is not a valid issue.
#[derive(Debug, Clone)]
pub struct Unreadable {
    /// The folder's name.
    pub folder: String,
    /// Why it cannot be read, in Chinese.
    pub reason: String,
}

/// The issue folders of `dir` (sorted by issue year, number and revision) and the entries
/// that could not be read as issues. Staging folders, the lock and the index are skipped.
pub fn scan(dir: &Path) -> Result<(Vec<IssueFolder>, Vec<Unreadable>), ArchiveError> {
    let mut issues = Vec::new();
    let mut bad = Vec::new();
    let ledger = ledger::Ledger::read(dir)?;
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((issues, bad)),
        Err(e) => return Err(io_error(dir, &e)),
    };
    for entry in entries {
        let entry = entry.map_err(|e| io_error(dir, &e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_root_file(&name) {
            continue;
        }
        let path = entry.path();
        if !path.is_dir() {
            bad.push(Unreadable {
                folder: name,
                reason: "存档根目录中的多余文件".to_string(),
            });
            continue;
        }
        match read_manifest(&path).and_then(|(m, hash)| sealed(&ledger, &name, &hash).map(|()| m)) {
            Ok(manifest) => issues.push(IssueFolder {
                folder: name,
                manifest,
            }),
            Err(reason) => bad.push(Unreadable {
                folder: name,
                reason,
            }),
        }
    }
    issues.sort_by(|a, b| {
        let key = |i: &IssueFolder| {
            (
                i.manifest.numbering_year,
                i.manifest.issue,
                i.manifest.revision,
            )
        };
        key(a).cmp(&key(b)).then(a.folder.cmp(&b.folder))
    });
    bad.sort_by(|a, b| a.folder.cmp(&b.folder));
    Ok((issues, bad))
}

/// The manifest of the issue folder `folder` and the sha256 of its bytes.
fn read_manifest(folder: &Path) -> Result<(Manifest, String), String> {
    let path = folder.join(MANIFEST);
    let bytes = fs::read(&path).map_err(|e| format!("无法读取 {MANIFEST}：{}", io_reason(&e)))?;
    let manifest = serde_json::from_slice(&bytes).map_err(|e| format!("{MANIFEST} 已损坏：{e}"))?;
    Ok((manifest, crate::checksum::sha256_hex(&bytes)))
}

/// Whether the folder `name` with a manifest hashing to `hash` is the one the ledger records
/// (always, for an archive published before it had a ledger): a folder the ledger does not know,
/// or whose manifest was changed or swapped, is not read as an issue (not listed, not indexed,
/// not numbered after).
fn sealed(ledger: &ledger::Ledger, name: &str, hash: &str) -> Result<(), String> {
    if ledger.entries.is_empty() {
        return Ok(());
    }
    match ledger.issues().find(|r| r.folder == name) {
        None => Err(
            "不在存档账本中：不是由 tongbao publish 存入的一期（伪造或手工复制的文件夹）"
                .to_string(),
        ),
        Some(r) if r.manifest_sha256 != hash => Err(format!(
            "{MANIFEST} 与存档账本的记录不符（清单被改动，或文件夹被调换）"
        )),
        Some(_) => Ok(()),
    }
}

/// The latest revision of each issue (a number, its year and its period: a week, a month and a
/// quarter may share a number in their own series), in issue order.
pub fn latest_revisions(issues: &[IssueFolder]) -> Vec<&IssueFolder> {
    let mut out: Vec<&IssueFolder> = Vec::new();
    for issue in issues {
        match out.last_mut() {
            Some(last)
                if last.manifest.issue == issue.manifest.issue
                    && last.manifest.numbering_year == issue.manifest.numbering_year
                    && last.manifest.period == issue.manifest.period =>
            {
                *last = issue
            }
            _ => out.push(issue),
        }
    }
    out
}

/// Every file below `dir`, as paths relative to it with `/`, sorted.
pub fn files_below(dir: &Path) -> Result<Vec<String>, ArchiveError> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) -> Result<(), ArchiveError> {
        for entry in fs::read_dir(dir).map_err(|e| io_error(dir, &e))? {
            let entry = entry.map_err(|e| io_error(dir, &e))?;
            let path = entry.path();
            // A symbolic link is listed as itself, never followed.
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                walk(root, &path, out)?;
            } else {
                let rel: PathBuf = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
                let parts: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                out.push(parts.join("/"));
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out)?;
    out.sort();
    Ok(out)
}
