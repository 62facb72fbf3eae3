//! `tongbao archive verify`: recompute every hash and name each changed, missing or extra file.

use std::fs;
use std::path::Path;

use super::manifest::MANIFEST;
use super::{ArchiveError, files_below, index, io_error, scan};
use crate::checksum::sha256_hex;

/// What verification found. `problems` make the archive invalid; `notes` do not.
#[derive(Debug, Default)]
pub struct Report {
    /// Issue folders checked.
    pub issues: usize,
    /// Files checked against their checksums.
    pub files: usize,
    /// What is wrong, in Chinese, one line each.
    pub problems: Vec<String>,
    /// What is worth knowing but not wrong.
    pub notes: Vec<String>,
}

impl Report {
    /// Whether no problem was found.
    pub fn is_valid(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Verifies every issue folder of the archive at `dir`.
pub fn verify(dir: &Path) -> Result<Report, ArchiveError> {
    let mut report = Report::default();
    if !dir.is_dir() {
        return Err(ArchiveError::Refused(format!(
            "存档文件夹 {} 不存在",
            dir.display()
        )));
    }
    let (issues, unreadable) = scan(dir)?;
    for bad in unreadable {
        report.problems.push(format!(
            "{}：{}",
            dir.join(&bad.folder).display(),
            bad.reason
        ));
    }
    for issue in &issues {
        report.issues += 1;
        let folder = dir.join(&issue.folder);
        let present = files_below(&folder)?;
        for (name, expected) in &issue.manifest.files {
            let path = folder.join(name);
            match fs::read(&path) {
                Ok(bytes) => {
                    report.files += 1;
                    if sha256_hex(&bytes) != *expected {
                        report
                            .problems
                            .push(format!("{}：内容已被修改（校验值不符）", path.display()));
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => report
                    .problems
                    .push(format!("{}：文件缺失", path.display())),
                Err(e) => return Err(io_error(&path, &e)),
            }
        }
        for name in present {
            if name != MANIFEST && !issue.manifest.files.contains_key(&name) {
                report.problems.push(format!(
                    "{}：多余文件（不在清单中）",
                    folder.join(&name).display()
                ));
            }
        }
    }
    for entry in fs::read_dir(dir).map_err(|e| io_error(dir, &e))?.flatten() {
        if super::is_leftover(&entry.file_name().to_string_lossy()) {
            report.notes.push(format!(
                "{}：一次未完成的发布留下的临时文件，不属于存档，下次发布时会自动删除",
                entry.path().display()
            ));
        }
    }
    if !index::is_current(dir, &issues)? {
        report.notes.push(format!(
            "{} 与存档内容不一致（可能是发布中断）：下次发布或运行 tongbao archive index 会重建",
            dir.join(super::INDEX_MD).display()
        ));
    }
    Ok(report)
}
