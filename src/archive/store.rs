//! Storing a published issue: under the archive lock, the issue's number is taken (see
//! [`numbering`](super::numbering)) and what publish hands over (the bulletin in every format,
//! its figures, the frozen inputs, numbered copies) is written into a new issue folder —
//! whole or not at all — with a manifest of every file's sha256. Nothing is computed here.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::journal;
use super::key::OfficeKey;
use super::ledger::{IssueRecord, KeyChange, Ledger};
use super::manifest::{CopyEntry, MANIFEST, Manifest};
use super::numbering::{Series, Slot, slot_in};
use super::{
    ArchiveError, LOCK, STAGING_PREFIX, index, interruption_point, io_error, scan, sync_dir,
};
use crate::checksum::{digests, sha256_hex};
use crate::model::{Date, Period};
use crate::output::Files;

/// What publish hands the archive: one issue, composed and rendered.
#[derive(Debug)]
pub struct Issue {
    /// The campaign's full name.
    pub campaign: String,
    /// The period reported on.
    pub period: Period,
    /// 印发日期.
    pub issue_date: Date,
    /// The year the number belongs to, when numbering restarts yearly.
    pub numbering_year: Option<i32>,
    /// The bulletin's title.
    pub title: String,
    /// The headline sentence, as compose wrote it.
    pub headline: String,
    /// Numbered copies listed in the manifest (their files are among `files`).
    pub copies: Vec<CopyEntry>,
    /// Path inside the issue folder (with `/`) → bytes: every file but the manifest.
    pub files: Files,
}

/// A published issue.
#[derive(Debug)]
pub struct Published {
    /// The new issue folder.
    pub folder: PathBuf,
    /// Its manifest.
    pub manifest: Manifest,
    /// Issues the rebuilt index could not read (see [`index::write`]).
    pub index_problems: Vec<String>,
    /// The ledger's head after this issue (`3f9a-c2d1`).
    pub ledger_head: String,
}

/// The archive, locked (flock) for as long as this value lives: two publishes never take the
/// same number, and a publish killed at any moment leaves only a staging folder, which the next
/// one removes.
#[derive(Debug)]
pub struct Archive {
    dir: PathBuf,
    _lock: fs::File,
}

impl Archive {
    /// Creates the archive folder if needed, takes the lock, finishes a publish that was
    /// interrupted after its folder was moved into place (its ledger entry, the index) and
    /// removes what an interrupted publish left behind.
    pub fn open(dir: &Path) -> Result<Archive, ArchiveError> {
        fs::create_dir_all(dir).map_err(|e| io_error(dir, &e))?;
        let lock = lock(dir)?;
        journal::finish(dir)?;
        remove_stale_staging(dir)?;
        Ok(Archive {
            dir: dir.to_path_buf(),
            _lock: lock,
        })
    }

    /// The slot `period` takes now (read under the lock).
    pub fn slot(&self, series: &Series, period: Period) -> Result<Slot, ArchiveError> {
        let (issues, _) = scan(&self.dir)?;
        let ledger = Ledger::read(&self.dir)?;
        Ok(slot_in(&self.dir, &issues, &ledger, series, period))
    }

    /// Stores `issue` as number `slot.number`, revision `slot.revision`, records it in the
    /// ledger signed with `key`, and rebuilds the index. Interrupted at any write, the archive
    /// is as before, or the next [`Archive::open`] finishes the publish.
    pub fn store(
        self,
        slot: &Slot,
        issue: Issue,
        key: &OfficeKey,
    ) -> Result<Published, ArchiveError> {
        let mut ledger = Ledger::read(&self.dir)?;
        ledger.accepts(key)?;
        let (manifest, files) = manifest_of(slot, issue)?;
        let folder_name = folder_name(
            slot.number,
            manifest.numbering_year,
            manifest.period,
            slot.revision,
        );
        let folder = self.dir.join(&folder_name);
        if folder.exists() {
            return Err(ArchiveError::Refused(format!(
                "存档中已有文件夹 {}，未作任何改动",
                folder.display()
            )));
        }
        adopt_unrecorded(&self.dir, &mut ledger, key)?;
        let manifest_bytes = files
            .iter()
            .find(|(name, _)| name == MANIFEST)
            .map(|(_, b)| b.as_slice())
            .unwrap_or_default();
        let entry = ledger.next(
            Some(IssueRecord {
                folder: folder_name.clone(),
                campaign: manifest.campaign.clone(),
                number: manifest.issue,
                numbering_year: manifest.numbering_year,
                revision: manifest.revision,
                period: manifest.period,
                headline: manifest.headline.clone(),
                manifest_sha256: sha256_hex(manifest_bytes),
                adopted: false,
            }),
            None,
            key,
        );
        let staging = self
            .dir
            .join(format!("{STAGING_PREFIX}{}", std::process::id()));
        stage(&staging, &files)?;
        journal::begin(&self.dir, &folder_name, &entry)?;
        fs::rename(&staging, &folder).map_err(|e| io_error(&folder, &e))?;
        sync_dir(&self.dir)?;
        interruption_point();
        let index_problems = journal::finish(&self.dir)?;
        ledger.push(entry);
        Ok(Published {
            folder,
            manifest,
            index_problems,
            ledger_head: ledger.head().unwrap_or_default(),
        })
    }

    /// Records a new key in the ledger: signed by `old` when it is at hand, else by `new`
    /// itself (the entry says the old key was lost). Returns the ledger's new head.
    pub fn introduce_key(
        self,
        new: &OfficeKey,
        old: Option<&OfficeKey>,
    ) -> Result<String, ArchiveError> {
        let mut ledger = Ledger::read(&self.dir)?;
        if let Some(old) = old {
            ledger.accepts(old)?;
        }
        let signer = old.unwrap_or(new);
        adopt_unrecorded(&self.dir, &mut ledger, signer)?;
        let entry = ledger.next(
            None,
            Some(KeyChange {
                public: crate::checksum::hex(new.public().as_bytes()),
                old_key_lost: old.is_none(),
            }),
            signer,
        );
        super::ledger::append(&self.dir, &entry)?;
        ledger.push(entry);
        index::write(&self.dir)?;
        Ok(ledger.head().unwrap_or_default())
    }
}

/// The manifest of `issue` as number `slot`, and every file of its folder (the manifest too).
fn manifest_of(slot: &Slot, issue: Issue) -> Result<(Manifest, Files), ArchiveError> {
    let Issue {
        campaign,
        period,
        issue_date,
        numbering_year,
        title,
        headline,
        copies,
        mut files,
    } = issue;
    let hashes = digests(&files);
    let manifest = Manifest {
        campaign,
        issue: slot.number,
        numbering_year,
        revision: slot.revision,
        period,
        issue_date,
        title,
        headline,
        tool: format!("tongbao {}", env!("CARGO_PKG_VERSION")),
        sealed: true,
        copies,
        files: hashes,
    };
    let manifest_json = serde_json::to_string_pretty(&manifest)
        .map_err(|e| ArchiveError::Io(format!("无法生成清单：{e}")))?;
    files.push((MANIFEST.to_string(), manifest_json.into_bytes()));
    Ok((manifest, files))
}

/// Records, before anything else, the folders of an archive published before it had a ledger
/// (none once the ledger holds an entry): the ledger then covers every issue.
fn adopt_unrecorded(dir: &Path, ledger: &mut Ledger, key: &OfficeKey) -> Result<(), ArchiveError> {
    if !ledger.entries.is_empty() {
        return Ok(());
    }
    let (issues, _) = scan(dir)?;
    for issue in issues {
        let bytes = fs::read(dir.join(&issue.folder).join(MANIFEST))
            .map_err(|e| io_error(&dir.join(&issue.folder), &e))?;
        let m = &issue.manifest;
        let entry = ledger.next(
            Some(IssueRecord {
                folder: issue.folder.clone(),
                campaign: m.campaign.clone(),
                number: m.issue,
                numbering_year: m.numbering_year,
                revision: m.revision,
                period: m.period,
                headline: m.headline.clone(),
                manifest_sha256: sha256_hex(&bytes),
                adopted: true,
            }),
            None,
            key,
        );
        super::ledger::append(dir, &entry)?;
        ledger.push(entry);
    }
    Ok(())
}

impl Archive {
    /// Stores published notices of the issue in `named_by` in a new folder under `notices/`
    /// (`notices/004_2019-12`, then `_2`, `_3`… for later publications), whole or not at all,
    /// with a manifest of every file's sha256, and rebuilds the index.
    pub fn store_notices(
        self,
        named_by: &super::IssueFolder,
        period: Period,
        date: Date,
        notices: Vec<super::notices::PublishedNotice>,
        mut files: Files,
    ) -> Result<(PathBuf, super::notices::NoticesManifest), ArchiveError> {
        let root = self.dir.join(super::notices::FOLDER);
        fs::create_dir_all(&root).map_err(|e| io_error(&root, &e))?;
        let base = named_by.folder.clone();
        let mut name = base.clone();
        let mut n = 1;
        while root.join(&name).exists() {
            n += 1;
            name = format!("{base}_{n}");
        }
        let manifest = super::notices::NoticesManifest {
            campaign: named_by.manifest.campaign.clone(),
            issue: named_by.manifest.issue,
            issue_folder: named_by.folder.clone(),
            period,
            date,
            tool: format!("tongbao {}", env!("CARGO_PKG_VERSION")),
            notices,
            files: digests(&files),
        };
        let json = serde_json::to_string_pretty(&manifest)
            .map_err(|e| ArchiveError::Io(format!("无法生成清单：{e}")))?;
        files.push((super::notices::MANIFEST.to_string(), json.into_bytes()));
        let staging = self
            .dir
            .join(format!("{STAGING_PREFIX}{}", std::process::id()));
        stage(&staging, &files)?;
        let folder = root.join(&name);
        fs::rename(&staging, &folder).map_err(|e| io_error(&folder, &e))?;
        sync_dir(&root)?;
        index::write(&self.dir)?;
        Ok((folder, manifest))
    }
}

/// `004_2019-12`, `2020-004_2019-12`, `004_2019-12_r2`.
pub fn folder_name(number: u64, year: Option<i32>, period: Period, revision: u32) -> String {
    let mut name = match year {
        Some(y) => format!("{y}-{number:03}_{period}"),
        None => format!("{number:03}_{period}"),
    };
    if revision > 1 {
        name.push_str(&format!("_r{revision}"));
    }
    name
}

/// The exclusive archive lock, released when the returned file is dropped (or the process dies).
fn lock(archive: &Path) -> Result<fs::File, ArchiveError> {
    let path = archive.join(LOCK);
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| io_error(&path, &e))?;
    file.lock().map_err(|e| io_error(&path, &e))?;
    Ok(file)
}

/// Removes the staging folders of publishes that died before finishing (we hold the lock,
/// so none is in progress).
fn remove_stale_staging(archive: &Path) -> Result<(), ArchiveError> {
    for entry in fs::read_dir(archive).map_err(|e| io_error(archive, &e))? {
        let entry = entry.map_err(|e| io_error(archive, &e))?;
        if super::is_leftover(&entry.file_name().to_string_lossy()) {
            let path = entry.path();
            let removed = if path.is_dir() {
                fs::remove_dir_all(&path)
            } else {
                fs::remove_file(&path)
            };
            removed.map_err(|e| io_error(&path, &e))?;
        }
    }
    Ok(())
}

/// Writes every file into a fresh staging folder and flushes it all to disk.
fn stage(staging: &Path, files: &[(String, Vec<u8>)]) -> Result<(), ArchiveError> {
    fs::create_dir_all(staging).map_err(|e| io_error(staging, &e))?;
    for (name, bytes) in files {
        let path = staging.join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| io_error(parent, &e))?;
        }
        let mut file = fs::File::create(&path).map_err(|e| io_error(&path, &e))?;
        file.write_all(bytes).map_err(|e| io_error(&path, &e))?;
        file.sync_all().map_err(|e| io_error(&path, &e))?;
        interruption_point();
    }
    let mut dirs: Vec<PathBuf> = files
        .iter()
        .filter_map(|(name, _)| staging.join(name).parent().map(Path::to_path_buf))
        .collect();
    dirs.sort();
    dirs.dedup();
    for dir in dirs {
        sync_dir(&dir)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_names_sort_and_say_what_they_hold() {
        let p: Period = "2019-12".parse().unwrap();
        assert_eq!(folder_name(4, None, p, 1), "004_2019-12");
        assert_eq!(folder_name(4, Some(2020), p, 1), "2020-004_2019-12");
        assert_eq!(folder_name(12, None, p, 3), "012_2019-12_r3");
    }
}
