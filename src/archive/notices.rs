//! Published notices (督办单, 约谈通知书) in the archive: a folder of their own beside the issues,
//! one sub-folder per publication, each with a manifest of every file's sha256, the bulletin
//! issue that named the units, and each notice's number in its series.
//!
//! ```text
//! archive/notices/004_2019-12/        the notices of 第4期 (2019-12), first publication
//!   manifest.json  督办单-沂南县.md .pdf .docx  约谈通知书-….md …
//! archive/notices/004_2019-12_2/      notices of the same issue published later
//! ```
//! Numbers run per kind and per year of the notice date (`临整督〔2020〕1号`, 2号…), counted
//! over every manifest here.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{ArchiveError, Unreadable, io_error};
use crate::io_error::io_reason;
use crate::model::{Date, Period};
use crate::progress::selection::NoticeKind;

/// The folder of the notices in the archive root.
pub const FOLDER: &str = "notices";
/// The manifest's file name in a notices folder.
pub const MANIFEST: &str = "manifest.json";

/// One published notice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublishedNotice {
    /// 督办单 or 约谈通知书.
    pub kind: NoticeKind,
    /// The number in its series.
    pub number: u64,
    /// The year of the series (of the notice date).
    pub year: i32,
    /// Its 文号.
    pub doc_number: String,
    /// The unit's id.
    pub unit: String,
    /// The unit's name.
    pub name: String,
    /// The rules that selected it (their words), as `stats --json` said.
    pub rules: Vec<String>,
    /// The stem of its files in the folder (`督办单-沂南县`).
    pub stem: String,
}

impl PublishedNotice {
    /// `督办单` or `约谈通知书`.
    pub fn kind_title(&self) -> &'static str {
        self.kind.title()
    }
}

/// `manifest.json` of a notices folder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoticesManifest {
    /// The campaign's full name.
    pub campaign: String,
    /// 第N期 of the bulletin that named the units.
    pub issue: u64,
    /// The bulletin's folder in the archive.
    pub issue_folder: String,
    /// The period.
    pub period: Period,
    /// The notices' date.
    pub date: Date,
    /// `tongbao <version>`.
    pub tool: String,
    /// The notices.
    pub notices: Vec<PublishedNotice>,
    /// File name → sha256 of every file but this manifest.
    pub files: BTreeMap<String, String>,
}

/// One notices folder and its manifest.
#[derive(Debug, Clone)]
pub struct NoticesFolder {
    /// Its name under `notices/`.
    pub folder: String,
    /// Its manifest.
    pub manifest: NoticesManifest,
}

/// Every notices folder of the archive at `dir` (by name), and those that cannot be read.
pub fn scan(dir: &Path) -> Result<(Vec<NoticesFolder>, Vec<Unreadable>), ArchiveError> {
    let root = dir.join(FOLDER);
    let mut found = Vec::new();
    let mut bad = Vec::new();
    let entries = match fs::read_dir(&root) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((found, bad)),
        Err(e) => return Err(io_error(&root, &e)),
    };
    for entry in entries {
        let entry = entry.map_err(|e| io_error(&root, &e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if super::is_leftover(&name) {
            continue;
        }
        let folder = format!("{FOLDER}/{name}");
        let path = entry.path().join(MANIFEST);
        let manifest = fs::read(&path)
            .map_err(|e| format!("无法读取 {MANIFEST}：{}", io_reason(&e)))
            .and_then(|b| {
                serde_json::from_slice::<NoticesManifest>(&b)
                    .map_err(|e| format!("{MANIFEST} 已损坏：{e}"))
            });
        match manifest {
            Ok(manifest) => found.push(NoticesFolder { folder, manifest }),
            Err(reason) => bad.push(Unreadable { folder, reason }),
        }
    }
    found.sort_by(|a, b| a.folder.cmp(&b.folder));
    bad.sort_by(|a, b| a.folder.cmp(&b.folder));
    Ok((found, bad))
}

/// The next free number of `kind` in `year` for `campaign`: one past the highest published.
pub fn next_number(
    dir: &Path,
    campaign: &str,
    kind: NoticeKind,
    year: i32,
) -> Result<u64, ArchiveError> {
    let (folders, _) = scan(dir)?;
    Ok(next_in(&folders, campaign, kind, year))
}

pub(crate) fn next_in(
    folders: &[NoticesFolder],
    campaign: &str,
    kind: NoticeKind,
    year: i32,
) -> u64 {
    folders
        .iter()
        .filter(|f| f.manifest.campaign == campaign)
        .flat_map(|f| f.manifest.notices.iter())
        .filter(|n| n.kind == kind && n.year == year)
        .map(|n| n.number)
        .max()
        .unwrap_or(0)
        + 1
}
