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
pub mod manifest;
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

/// Whether an archive-root entry is what an interrupted publish leaves behind: a staging
/// folder or a half-written index file. Not part of the archive; the next publish removes it.
pub fn is_leftover(name: &str) -> bool {
    name.starts_with(STAGING_PREFIX)
        || (name.starts_with('.') && name.contains(".tmp-") && name.contains("index."))
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
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((issues, bad)),
        Err(e) => return Err(io_error(dir, &e)),
    };
    for entry in entries {
        let entry = entry.map_err(|e| io_error(dir, &e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_leftover(&name) || name == LOCK || name == INDEX_MD || name == INDEX_HTML {
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
        match read_manifest(&path) {
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

fn read_manifest(folder: &Path) -> Result<Manifest, String> {
    let path = folder.join(MANIFEST);
    let bytes = fs::read(&path).map_err(|e| format!("无法读取 {MANIFEST}：{}", io_reason(&e)))?;
    serde_json::from_slice(&bytes).map_err(|e| format!("{MANIFEST} 已损坏：{e}"))
}

/// The latest revision of each issue, in issue order.
pub fn latest_revisions(issues: &[IssueFolder]) -> Vec<&IssueFolder> {
    let mut out: Vec<&IssueFolder> = Vec::new();
    for issue in issues {
        match out.last_mut() {
            Some(last)
                if last.manifest.issue == issue.manifest.issue
                    && last.manifest.numbering_year == issue.manifest.numbering_year =>
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
            if path.is_dir() {
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
