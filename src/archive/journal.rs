//! The journal of a publish in progress (`.journal.json` in the archive root), so that a
//! publish completes or leaves nothing, index included. Before the staged folder is moved into
//! place, the journal records its name and the signed ledger entry that will record it; after
//! the move, [`finish`] appends the entry, rebuilds the index and removes the journal. A publish
//! interrupted at any write is finished by the next [`Archive::open`](super::store::Archive::open)
//! (every publish, and `archive verify`) when its folder is in place, and forgotten when not.

use std::fs;
use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::ledger::{Entry, Ledger, append};
use super::{ArchiveError, index, interruption_point, io_error, sync_dir};

/// The journal's file name in the archive root.
pub const JOURNAL: &str = ".journal.json";

#[derive(Serialize, Deserialize)]
struct Journal {
    folder: String,
    entry: Entry,
}

/// Records that `folder` is about to be moved into place, recorded by `entry`.
pub(crate) fn begin(dir: &Path, folder: &str, entry: &Entry) -> Result<(), ArchiveError> {
    let text = serde_json::to_vec(&Journal {
        folder: folder.to_string(),
        entry: entry.clone(),
    })
    .map_err(|e| ArchiveError::Io(format!("无法记录发布日志：{e}")))?;
    let temp = dir.join(format!("{JOURNAL}.new"));
    let mut file = fs::File::create(&temp).map_err(|e| io_error(&temp, &e))?;
    file.write_all(&text)
        .and_then(|()| file.sync_all())
        .map_err(|e| io_error(&temp, &e))?;
    interruption_point();
    let path = dir.join(JOURNAL);
    fs::rename(&temp, &path).map_err(|e| io_error(&path, &e))?;
    sync_dir(dir)?;
    interruption_point();
    Ok(())
}

/// Finishes the publish the journal records, if any: its ledger entry (when its folder is in
/// place and the entry is not yet appended), the index, and the journal's removal. Returns
/// the issues the index could not read.
pub(crate) fn finish(dir: &Path) -> Result<Vec<String>, ArchiveError> {
    let path = dir.join(JOURNAL);
    let _ = fs::remove_file(dir.join(format!("{JOURNAL}.new")));
    let bytes = match fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io_error(&path, &e)),
    };
    let journal: Journal = serde_json::from_slice(&bytes)
        .map_err(|e| ArchiveError::Io(format!("{} 已损坏：{e}", path.display())))?;
    if dir.join(&journal.folder).is_dir() {
        let ledger = Ledger::read(dir)?;
        let recorded = ledger.entries.iter().any(|(_, e)| *e == journal.entry);
        if !recorded {
            let head = ledger
                .entries
                .last()
                .map(|(_, e)| e.hash())
                .unwrap_or_default();
            if head != journal.entry.body.prev {
                return Err(ArchiveError::Io(format!(
                    "未完成的发布（{}）与存档账本接不上：账本在发布中断后被改动过，请运行 tongbao archive verify",
                    journal.folder
                )));
            }
            append(dir, &journal.entry)?;
            interruption_point();
        }
    }
    let problems = index::write(dir)?;
    fs::remove_file(&path).map_err(|e| io_error(&path, &e))?;
    sync_dir(dir)?;
    interruption_point();
    Ok(problems)
}

/// Whether a publish was interrupted in the archive at `dir`.
pub fn pending(dir: &Path) -> bool {
    dir.join(JOURNAL).exists()
}
