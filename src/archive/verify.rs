//! `tongbao archive verify`: the ledger's chain and signatures, every issue folder against its
//! ledger entry and every file against its manifest, number continuity, and the index; each
//! problem named in Chinese. A publish that was interrupted is finished first (see
//! [`journal`](super::journal)).

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use super::ledger::{LEDGER, Ledger, check_chain, label};
use super::manifest::{MANIFEST, Manifest};
use super::{ArchiveError, files_below, index, io_error, journal, scan, store::Archive};
use crate::checksum::sha256_hex;

/// What verification found. `problems` make the archive invalid; `notes` do not.
#[derive(Debug, Default)]
pub struct Report {
    /// Issue folders checked.
    pub issues: usize,
    /// Files checked against their checksums.
    pub files: usize,
    /// Published notices (督办单, 约谈通知书) whose folders were checked.
    pub notices: usize,
    /// What is wrong, in Chinese, one line each.
    pub problems: Vec<String>,
    /// What is worth knowing but not wrong (which key signed what, a finished publish).
    pub notes: Vec<String>,
    /// The ledger's head (`3f9a-c2d1`), to compare with the paper copies.
    pub head: Option<String>,
}

impl Report {
    /// Whether no problem was found.
    pub fn is_valid(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Checks the files of one folder against its manifest's `files`: each changed, missing or
/// extra file is a problem.
fn check_folder(
    folder: &Path,
    files: &std::collections::BTreeMap<String, String>,
    manifest: &str,
    report: &mut Report,
) -> Result<(), ArchiveError> {
    let present = files_below(folder)?;
    for (name, expected) in files {
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
        if name != manifest && !files.contains_key(&name) {
            report.problems.push(format!(
                "{}：多余文件（不在清单中）",
                folder.join(&name).display()
            ));
        }
    }
    Ok(())
}

/// Verifies the archive at `dir`.
pub fn verify(dir: &Path) -> Result<Report, ArchiveError> {
    let mut report = Report::default();
    if !dir.is_dir() {
        return Err(ArchiveError::Refused(format!(
            "存档文件夹 {} 不存在",
            dir.display()
        )));
    }
    let leftovers = fs::read_dir(dir)
        .map_err(|e| io_error(dir, &e))?
        .flatten()
        .any(|e| super::is_leftover(&e.file_name().to_string_lossy()));
    if journal::pending(dir) || leftovers {
        let finished = journal::pending(dir);
        drop(Archive::open(dir)?);
        report.notes.push(if finished {
            "上次发布中途被打断：已按发布日志补完（账本记录和索引），临时文件已删除".to_string()
        } else {
            "上次发布中途被打断（尚未存入）：留下的临时文件已删除，存档未受影响".to_string()
        });
    }
    let ledger = Ledger::read(dir)?;
    let chain = check_chain(&ledger);
    report.problems.extend(chain.problems);
    report.notes.extend(chain.keys);
    report.head = ledger.head();
    folders(dir, &ledger, &mut report)?;
    numbers(&ledger, &mut report);
    published_notices(dir, &mut report)?;
    let (issues, _) = scan(dir)?;
    if !index::is_current(dir, &issues)? {
        report.problems.push(format!(
            "{} 或 {} 与存档内容不一致（被改动过）：运行 tongbao archive index 可按存档重建",
            dir.join(super::INDEX_HTML).display(),
            dir.join(super::INDEX_MD).display()
        ));
    }
    Ok(report)
}

/// Every folder of published notices (督办单, 约谈通知书) against its manifest.
fn published_notices(dir: &Path, report: &mut Report) -> Result<(), ArchiveError> {
    let (notices, unreadable) = super::notices::scan(dir)?;
    for bad in unreadable {
        report.problems.push(format!(
            "{}：{}",
            dir.join(&bad.folder).display(),
            bad.reason
        ));
    }
    for n in &notices {
        report.notices += n.manifest.notices.len();
        check_folder(
            &dir.join(&n.folder),
            &n.manifest.files,
            super::notices::MANIFEST,
            report,
        )?;
    }
    Ok(())
}

/// Every issue folder against the ledger and its manifest; every ledger entry against its folder.
fn folders(dir: &Path, ledger: &Ledger, report: &mut Report) -> Result<(), ArchiveError> {
    let recorded: BTreeMap<&str, &super::ledger::IssueRecord> =
        ledger.issues().map(|r| (r.folder.as_str(), r)).collect();
    let by_hash: BTreeMap<&str, &str> = ledger
        .issues()
        .map(|r| (r.manifest_sha256.as_str(), r.folder.as_str()))
        .collect();
    let mut seen = Vec::new();
    let mut sealed_without_ledger = false;
    for entry in fs::read_dir(dir).map_err(|e| io_error(dir, &e))? {
        let entry = entry.map_err(|e| io_error(dir, &e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if super::is_root_file(&name) {
            continue;
        }
        let path = entry.path();
        let kind = entry.file_type().map_err(|e| io_error(&path, &e))?;
        if kind.is_symlink() {
            report.problems.push(format!(
                "{}：是符号链接（存档中只能有普通文件和文件夹）",
                path.display()
            ));
            continue;
        }
        if !kind.is_dir() {
            report
                .problems
                .push(format!("{}：存档根目录中的多余文件", path.display()));
            continue;
        }
        report.issues += 1;
        seen.push(name.clone());
        let bytes = match fs::read(path.join(MANIFEST)) {
            Ok(b) => b,
            Err(e) => {
                report.problems.push(format!(
                    "{}：无法读取 {MANIFEST}（{}）",
                    path.display(),
                    crate::io_error::io_reason(&e)
                ));
                continue;
            }
        };
        let hash = sha256_hex(&bytes);
        let manifest: Option<Manifest> = serde_json::from_slice(&bytes).ok();
        sealed_without_ledger |= manifest.as_ref().is_some_and(|m| m.sealed) && !ledger.exists;
        match (recorded.get(name.as_str()), ledger.entries.is_empty()) {
            (_, true) => {}
            (None, false) => report.problems.push(match by_hash.get(hash.as_str()) {
                Some(other) => format!(
                    "{}：其中是存档账本登记给 {other} 的一期（文件夹被改名或调换）",
                    path.display()
                ),
                None => format!(
                    "{}：不在存档账本中（伪造的，或不是由 tongbao publish 存入的一期）",
                    path.display()
                ),
            }),
            (Some(r), false) if r.manifest_sha256 != hash => {
                report.problems.push(match by_hash.get(hash.as_str()) {
                    Some(other) => format!(
                        "{}：其中是存档账本登记给 {other} 的一期，不是账本登记的{}（两个文件夹被调换）",
                        path.display(),
                        label(r)
                    ),
                    None => format!(
                        "{}：与存档账本的记录不符（清单被改动：即使各文件的校验值一并改过也能发现）",
                        path.join(MANIFEST).display()
                    ),
                });
            }
            (Some(_), false) => {}
        }
        match manifest {
            Some(m) => files(&path, &m, report)?,
            None => report
                .problems
                .push(format!("{}：已损坏", path.join(MANIFEST).display())),
        }
    }
    if sealed_without_ledger {
        report.problems.push(format!(
            "{}：存档账本缺失（已签名发布过的存档不能没有账本：它被删除或移走了）",
            dir.join(LEDGER).display()
        ));
    }
    for r in ledger.issues() {
        if !seen.contains(&r.folder) {
            report.problems.push(format!(
                "{}：存档账本登记的{}（{}）的文件夹缺失（被删除或改名）",
                dir.join(&r.folder).display(),
                label(r),
                r.period
            ));
        }
    }
    Ok(())
}

/// Every file of one issue folder against its manifest: changed, missing, extra, or a link.
fn files(folder: &Path, manifest: &Manifest, report: &mut Report) -> Result<(), ArchiveError> {
    for (name, expected) in &manifest.files {
        let path = folder.join(name);
        match fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                report.problems.push(format!(
                    "{}：被换成了符号链接（即使指向内容相同的文件，存档中也只能有普通文件）",
                    path.display()
                ));
                continue;
            }
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                report
                    .problems
                    .push(format!("{}：文件缺失", path.display()));
                continue;
            }
            Err(e) => return Err(io_error(&path, &e)),
        }
        let bytes = fs::read(&path).map_err(|e| io_error(&path, &e))?;
        report.files += 1;
        if sha256_hex(&bytes) != *expected {
            report
                .problems
                .push(format!("{}：内容已被修改（校验值不符）", path.display()));
        }
    }
    for name in files_below(folder)? {
        if name != MANIFEST && !manifest.files.contains_key(&name) {
            report.problems.push(format!(
                "{}：多余文件（不在清单中）",
                folder.join(&name).display()
            ));
        }
    }
    Ok(())
}

/// First publications of each series numbered without a gap, in ledger order.
fn numbers(ledger: &Ledger, report: &mut Report) {
    let mut last: BTreeMap<(&str, Option<i32>), u64> = BTreeMap::new();
    for r in ledger.issues().filter(|r| r.revision == 1) {
        let key = (r.campaign.as_str(), r.numbering_year);
        if let Some(&previous) = last.get(&key)
            && r.number != previous + 1
        {
            report.problems.push(format!(
                "期号不连续：存档账本中第{previous}期之后是第{}期（{}）",
                r.number, r.period
            ));
        }
        last.insert(key, r.number);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::key::OfficeKey;
    use crate::archive::ledger::IssueRecord;

    #[test]
    fn a_gap_in_the_numbers_is_named() {
        let dir = std::env::temp_dir().join(format!("tongbao-numbers-test-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let key = OfficeKey::create(&dir.join("k")).unwrap();
        let mut ledger = Ledger::default();
        for (number, period, revision) in [
            (3, "2019-10", 1),
            (4, "2019-11", 1),
            (4, "2019-11", 2),
            (6, "2019-12", 1),
        ] {
            let record = IssueRecord {
                folder: String::new(),
                campaign: "c".to_string(),
                number,
                numbering_year: None,
                revision,
                period: period.parse().unwrap(),
                headline: String::new(),
                manifest_sha256: String::new(),
                adopted: false,
            };
            let e = ledger.next(Some(record), None, &key);
            ledger.push(e);
        }
        let mut report = Report::default();
        numbers(&ledger, &mut report);
        assert_eq!(
            report.problems,
            ["期号不连续：存档账本中第4期之后是第6期（2019-12）"]
        );
        let _ = fs::remove_dir_all(&dir);
    }
}
