//! Writing output files so that a failed run leaves nothing half-written: every file is
//! written in full to a temporary name in the target folder, then renamed into place.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::io_error::io_reason;

/// Files to write: name (a path relative to the target folder) → bytes.
pub type Files = Vec<(String, Vec<u8>)>;

/// A file failed to be written; the message names it.
#[derive(Debug, thiserror::Error)]
#[error("无法写入 {path}：{reason}")]
pub struct OutputError {
    /// The file that could not be written.
    pub path: PathBuf,
    /// Why, in Chinese.
    pub reason: String,
}

fn error(path: &Path, e: &std::io::Error) -> OutputError {
    OutputError {
        path: path.to_path_buf(),
        reason: io_reason(e),
    }
}

/// Writes `files` (name → bytes) into `dir`, creating it if needed. Each file appears whole
/// or not at all; on failure the temporary files written so far are removed.
pub fn write_files(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<Vec<PathBuf>, OutputError> {
    fs::create_dir_all(dir).map_err(|e| error(dir, &e))?;
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::new();
    let result = (|| {
        for (name, bytes) in files {
            let target = dir.join(name);
            let temp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
            staged.push((temp.clone(), target.clone()));
            let mut file = fs::File::create(&temp).map_err(|e| error(&temp, &e))?;
            // No fsync: a draft only has to survive the process dying, which the rename
            // guarantees; the archive (publish) flushes everything to disk.
            file.write_all(bytes).map_err(|e| error(&temp, &e))?;
        }
        for (temp, target) in &staged {
            fs::rename(temp, target).map_err(|e| error(target, &e))?;
        }
        Ok(staged.iter().map(|(_, t)| t.clone()).collect())
    })();
    if result.is_err() {
        for (temp, _) in &staged {
            let _ = fs::remove_file(temp);
        }
    }
    result
}
