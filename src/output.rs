//! Writing output files so that a failed run leaves nothing half-written: every file is
//! written in full to a temporary name in the target folder, then renamed into place.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::fault::Fault;
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

impl OutputError {
    /// Whose fault: a file that could not be written is not the inputs'.
    pub fn fault(&self) -> Fault {
        Fault::Internal
    }
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

/// An output that must not be written where it was asked to go (inside an archive, over an
/// input, over something that is not a regular file). Nothing has been written.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Refused(pub String);

impl Refused {
    /// Whose fault: the request's (it named the wrong place); nothing was written.
    pub fn fault(&self) -> Fault {
        Fault::Input
    }
}

/// What a run's outputs must never replace: archives (published issues) and the run's inputs.
/// Beyond these, any folder that looks like an archive (its `.lock` beside an index or ledger,
/// or an issue folder's `manifest.json`) is refused too, wherever it lies.
#[derive(Debug, Default, Clone)]
pub struct Protected {
    archives: Vec<PathBuf>,
    /// Input files and folders, each with what it is in Chinese (「活动数据」).
    inputs: Vec<(PathBuf, String)>,
}

/// The files that mark a folder as an archive root when they stand beside its `.lock`.
const ARCHIVE_MARKS: [&str; 3] = ["index.md", "index.html", "ledger.jsonl"];

impl Protected {
    /// Nothing but what looks like an archive.
    pub fn new() -> Protected {
        Protected::default()
    }

    /// Also the archive at `dir` (whether or not it exists yet).
    pub fn archive(mut self, dir: &Path) -> Protected {
        self.archives.push(resolve(dir));
        self
    }

    /// Also the input file or folder `path`, which is `what` (「月度数据」).
    pub fn input(mut self, path: &Path, what: &str) -> Protected {
        self.inputs.push((resolve(path), what.to_string()));
        self
    }

    /// Refuses `files` in `dir` if any would land in an archive, replace an input or replace
    /// something that is not a regular file.
    pub fn check(&self, dir: &Path, files: &[(String, Vec<u8>)]) -> Result<(), Refused> {
        let folder = resolve(dir);
        if let Some(archive) = self.archive_around(&folder) {
            return Err(Refused(format!(
                "不能写入 {}：它在存档 {} 之中，已发布的通报和存档中的文件不能被覆盖；请用 --out 指定存档以外的文件夹",
                dir.display(),
                archive.display()
            )));
        }
        for (name, _) in files {
            let target = dir.join(name);
            not_special(&target)?;
            let resolved = resolve(&target);
            let hit = self.inputs.iter().find(|(p, _)| resolved == *p);
            let hit = hit.or_else(|| self.inputs.iter().find(|(p, _)| resolved.starts_with(p)));
            if let Some((input, what)) = hit {
                let at = if resolved == *input { "是" } else { "在" };
                return Err(Refused(format!(
                    "不能写入 {}：它{at}{what} {} {}，输出会覆盖或混入输入文件；请用 --out 指定另一个位置",
                    target.display(),
                    input.display(),
                    if resolved == *input {
                        "本身"
                    } else {
                        "之中"
                    },
                )));
            }
        }
        Ok(())
    }

    /// The archive `folder` is in (or is): a known one, or any ancestor that looks like one.
    fn archive_around(&self, folder: &Path) -> Option<PathBuf> {
        if let Some(a) = self.archives.iter().find(|a| folder.starts_with(a)) {
            return Some(a.clone());
        }
        folder.ancestors().find_map(|a| {
            let root =
                a.join(".lock").is_file() && ARCHIVE_MARKS.iter().any(|m| a.join(m).exists());
            let issue = a.join("manifest.json").is_file()
                && a.parent().is_some_and(|p| p.join(".lock").is_file());
            (root || issue).then(|| a.to_path_buf())
        })
    }
}

/// Refuses a `target` that exists and is not a regular file: a device, a pipe, a socket, a
/// folder or a symbolic link is never replaced.
fn not_special(target: &Path) -> Result<(), Refused> {
    let Ok(meta) = fs::symlink_metadata(target) else {
        return Ok(());
    };
    let kind = meta.file_type();
    let what = if kind.is_file() {
        return Ok(());
    } else if kind.is_symlink() {
        "符号链接"
    } else if kind.is_dir() {
        "文件夹"
    } else {
        "设备、管道或套接字等特殊文件"
    };
    Err(Refused(format!(
        "不能写入 {}：该位置已有一个{what}（不是普通文件），tongbao 不会替换它；请用 --out 指定另一个文件名",
        target.display()
    )))
}

/// `path` made absolute with every symbolic link of its existing part resolved, and `.`/`..`
/// of the rest applied: two spellings of one place compare equal.
pub fn resolve(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    };
    let mut existing = absolute.as_path();
    let mut rest: Vec<&std::ffi::OsStr> = Vec::new();
    let base = loop {
        if let Ok(real) = fs::canonicalize(existing) {
            break real;
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name);
                existing = parent;
            }
            _ => break existing.to_path_buf(),
        }
    };
    let mut out = base;
    for part in rest.iter().rev() {
        match part.to_str() {
            Some(".") => {}
            Some("..") => {
                out.pop();
            }
            _ => out.push(part),
        }
    }
    out
}

/// Checks `files` against `protected`, then writes them as [`write_files`] does.
pub fn write_outputs(
    dir: &Path,
    files: &[(String, Vec<u8>)],
    protected: &Protected,
) -> Result<Vec<PathBuf>, WriteError> {
    protected.check(dir, files)?;
    Ok(write_files(dir, files)?)
}

/// Why outputs were not written: refused before anything was written, or a write failed.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// Refused: nothing was written.
    #[error("{0}")]
    Refused(#[from] Refused),
    /// A file could not be written.
    #[error("{0}")]
    Failed(#[from] OutputError),
}
