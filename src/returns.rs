//! The counties' returns of one period as files in the campaign folder
//! (`returns/<period>/`): where an uploaded return is kept (its name checked, an older file of
//! the same name moved to `旧版/`, never overwritten), which are there, and the reporting board
//! (已报 / 未报 / 与上月相同, and from which file) of a period.
//!
//! The web workbench stores uploads here and imports the whole folder, so the folder and the
//! snapshot stay the truth the CLI also sees (`tongbao import <活动文件夹> returns/<期间>/*`).

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::Serialize;

use crate::format::{cn_period, join_cn};
use crate::load::Inputs;
use crate::model::{Campaign, Period, PeriodKind, ReturnRecord};

/// The extensions a return may have (what `tongbao import` reads).
pub const EXTENSIONS: &[&str] = &["xlsx", "xls", "ods", "csv"];
/// Most characters in a return's file name.
pub const MAX_NAME_CHARS: usize = 100;
/// Largest return kept (the import reads no larger file).
pub const MAX_FILE_BYTES: usize = 32 * 1024 * 1024;
/// Most returns one period's folder may hold.
pub const MAX_FILES: usize = 500;
/// The folder inside a period's returns where a replaced file is kept.
pub const OLD: &str = "旧版";

/// A return refused or not stored, in Chinese.
#[derive(Debug, thiserror::Error)]
pub enum ReturnsError {
    /// The name or the content is not acceptable (the user's to fix).
    #[error("{0}")]
    Refused(String),
    /// The folder could not be read or written.
    #[error("{0}")]
    Io(String),
}

impl ReturnsError {
    /// Whose fault: a refused return is the office's to fix; a file system failure is not.
    pub fn fault(&self) -> crate::fault::Fault {
        match self {
            ReturnsError::Refused(_) => crate::fault::Fault::Input,
            ReturnsError::Io(_) => crate::fault::Fault::Internal,
        }
    }
}

/// The folder of `period`'s returns in the campaign folder `dir`.
pub fn folder(dir: &Path, period: Period) -> PathBuf {
    dir.join("returns").join(period.to_string())
}

/// Checks an uploaded file's name: one plain file name (no folder, no `..`, no drive, no
/// control or reserved character, not hidden) with a return's extension. The name is refused,
/// never rewritten: what is stored is what the clerk sees.
pub fn checked_name(name: &str) -> Result<&str, ReturnsError> {
    let refuse = |why: &str| {
        Err(ReturnsError::Refused(format!(
            "文件名“{}”不可用：{why}",
            name.chars().take(MAX_NAME_CHARS).collect::<String>()
        )))
    };
    if name.trim().is_empty() {
        return refuse("文件名为空");
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return refuse(&format!("超过 {MAX_NAME_CHARS} 个字"));
    }
    if name.contains(['/', '\\']) || name == "." || name == ".." {
        return refuse("不能含有文件夹（/ 或 \\）或 ..，只能是文件本身的名称");
    }
    if name.contains([':', '*', '?', '"', '<', '>', '|']) || name.chars().any(char::is_control) {
        return refuse("不能含有 : * ? \" < > | 或控制字符");
    }
    if name.starts_with('.') || name.ends_with(['.', ' ']) {
        return refuse("不能以 . 开头，也不能以 . 或空格结尾");
    }
    let extension = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match extension {
        Some(e) if EXTENSIONS.contains(&e.as_str()) => Ok(name),
        _ => refuse(&format!("只接受 {} 文件", EXTENSIONS.join("、"))),
    }
}

/// Stores one return as `returns/<period>/<name>`. A file of that name with other content is
/// moved to `旧版/<name>.<n>` first (the clerk's earlier upload is kept); the same content is
/// left as it is. The bytes are written to a temporary file and renamed into place.
pub fn store(
    dir: &Path,
    period: Period,
    name: &str,
    bytes: &[u8],
) -> Result<PathBuf, ReturnsError> {
    let name = checked_name(name)?;
    if bytes.len() > MAX_FILE_BYTES {
        return Err(ReturnsError::Refused(format!(
            "文件“{name}”有 {} MB，超过上限 {} MB",
            bytes.len() / (1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        )));
    }
    let folder = folder(dir, period);
    let path = folder.join(name);
    match std::fs::read(&path) {
        Ok(old) if old == bytes => return Ok(path),
        Ok(_) => keep_old(&folder, name)?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if list(dir, period)?.len() >= MAX_FILES {
                return Err(ReturnsError::Refused(format!(
                    "{period} 已有 {MAX_FILES} 个报表文件，不能再添加"
                )));
            }
        }
        Err(e) => return Err(io(&path, &e)),
    }
    crate::output::write_files(&folder, &[(name.to_string(), bytes.to_vec())])
        .map_err(|e| ReturnsError::Io(e.to_string()))?;
    Ok(path)
}

/// Moves `folder/name` to `folder/旧版/name.<n>` with the first free `n`.
fn keep_old(folder: &Path, name: &str) -> Result<(), ReturnsError> {
    let old = folder.join(OLD);
    std::fs::create_dir_all(&old).map_err(|e| io(&old, &e))?;
    for n in 1..10_000 {
        let target = old.join(format!("{name}.{n}"));
        if !target.exists() {
            let from = folder.join(name);
            return std::fs::rename(&from, &target).map_err(|e| io(&from, &e));
        }
    }
    Err(ReturnsError::Io(format!(
        "{} 中的旧版文件过多",
        old.display()
    )))
}

fn io(path: &Path, e: &std::io::Error) -> ReturnsError {
    ReturnsError::Io(format!(
        "无法读写 {}：{}",
        path.display(),
        crate::io_error::io_reason(e)
    ))
}

/// One stored return.
#[derive(Debug, Clone, Serialize)]
pub struct ReturnFile {
    /// Its file name in the period's folder.
    pub name: String,
    /// Its full path.
    #[serde(skip)]
    pub path: PathBuf,
    /// When it was stored, as `YYYY-MM-DD HH:MM` (UTC), if the file system says.
    pub stored: Option<String>,
    /// Its size in bytes.
    pub bytes: u64,
}

/// The returns stored for `period`, by name; none when the folder does not exist.
pub fn list(dir: &Path, period: Period) -> Result<Vec<ReturnFile>, ReturnsError> {
    let folder = folder(dir, period);
    let entries = match std::fs::read_dir(&folder) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io(&folder, &e)),
    };
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| io(&folder, &e))?;
        let Ok(name) = entry.file_name().into_string() else {
            continue;
        };
        let Ok(meta) = entry.metadata() else { continue };
        if !meta.is_file() || checked_name(&name).is_err() {
            continue;
        }
        files.push(ReturnFile {
            path: entry.path(),
            stored: meta.modified().ok().and_then(utc_minute),
            bytes: meta.len(),
            name,
        });
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(files)
}

/// `t` as `YYYY-MM-DD HH:MM` (UTC).
pub(crate) fn utc_minute(t: SystemTime) -> Option<String> {
    let secs = t.duration_since(SystemTime::UNIX_EPOCH).ok()?.as_secs();
    let at = chrono::DateTime::from_timestamp(i64::try_from(secs).ok()?, 0)?;
    Some(at.format("%Y-%m-%d %H:%M").to_string())
}

/// Where a unit stands in a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum State {
    /// Its figures are in the snapshot and differ from the previous period's.
    #[serde(rename = "已报")]
    Reported,
    /// Its figures are in the snapshot, every one as in the previous period.
    #[serde(rename = "与上月相同")]
    Unchanged,
    /// No figures for it in the snapshot (counted at the previous period's, see
    /// [`Snapshot::carried`](crate::model::Snapshot::carried)).
    #[serde(rename = "未报")]
    Missing,
    /// A return of it stored for the period has errors: not taken (figures in the snapshot,
    /// if any, are from an earlier return).
    #[serde(rename = "有误")]
    Faulty,
}

impl State {
    /// The state as the office says it (已报, 与上月相同, 未报, 有误).
    pub fn label(self) -> &'static str {
        match self {
            State::Reported => "已报",
            State::Unchanged => "与上月相同",
            State::Missing => "未报",
            State::Faulty => "有误",
        }
    }

    /// The state as said of a period of `kind`: a week's unchanged figures are 与上周相同.
    pub fn label_for(self, kind: PeriodKind) -> &'static str {
        match (self, kind) {
            (State::Unchanged, PeriodKind::Week) => "与上周相同",
            _ => self.label(),
        }
    }

    /// Whether the unit's return is still awaited: 未报, or 有误 (to be sent again).
    pub fn awaited(self) -> bool {
        matches!(self, State::Missing | State::Faulty)
    }
}

/// One unit's row on the reporting board.
#[derive(Debug, Clone, Serialize)]
pub struct BoardRow {
    /// The unit's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Where it stands.
    pub state: State,
    /// The stored return whose name contains the unit's name, if any.
    pub file: Option<ReturnFile>,
    /// Where its figures came from and what its return said (备注, 填报人…), as the snapshot
    /// records it.
    pub record: Option<ReturnRecord>,
    /// The errors of its return (when [`State::Faulty`]), each naming file, sheet and cell.
    pub errors: Vec<String>,
}

/// The reporting board of snapshot `index`: each unit's state, what the snapshot records of
/// its return, and the stored return named after it (the forms `tongbao form --unit` makes
/// carry the unit's name). Without a snapshot (a period whose returns are still coming in,
/// none taken yet) every unit is 未报.
pub fn board(inputs: &Inputs, index: Option<usize>, files: &[ReturnFile]) -> Vec<BoardRow> {
    let snapshot = index.map(|i| &inputs.snapshots[i]);
    let previous = index
        .and_then(|i| inputs.previous_index(i))
        .map(|i| &inputs.snapshots[i]);
    let names = names(&inputs.campaign);
    let done = |s: &crate::model::Snapshot, unit: &str| -> Vec<Option<(i64, Vec<i64>)>> {
        inputs
            .campaign
            .indicators
            .iter()
            .map(|ind| {
                let e = s.progress.get(&ind.id.value)?.get(unit)?;
                let parts = e.parts.iter().map(|(_, n)| n.value).collect();
                Some((e.done.value, parts))
            })
            .collect()
    };
    inputs
        .campaign
        .units
        .iter()
        .enumerate()
        .map(|(u, unit)| {
            let id = unit.id.value.as_str();
            let now = snapshot.map(|s| done(s, id));
            let state = match (snapshot, &now) {
                (Some(s), Some(now))
                    if !s.carried.iter().any(|c| c == id) && now.iter().all(Option::is_some) =>
                {
                    if previous.is_some_and(|p| done(p, id) == *now) {
                        State::Unchanged
                    } else {
                        State::Reported
                    }
                }
                _ => State::Missing,
            };
            BoardRow {
                id: id.to_string(),
                name: unit.name.clone(),
                state,
                file: files
                    .iter()
                    .rev()
                    .find(|f| owner(&f.name, &names) == Some(u))
                    .cloned(),
                record: snapshot.and_then(|s| s.returns.get(id).cloned()),
                errors: Vec::new(),
            }
        })
        .collect()
}

/// The 催报 message of `period` for the units of `rows` whose returns are awaited: those not
/// yet reported, then those whose returns have errors, in one short text the office copies into
/// its messaging; `None` when every return is in.
pub fn reminder(campaign: &Campaign, period: Period, rows: &[BoardRow]) -> Option<String> {
    let named = |state: State| -> Vec<String> {
        rows.iter()
            .filter(|r| r.state == state)
            .map(|r| r.name.clone())
            .collect()
    };
    let (missing, faulty) = (named(State::Missing), named(State::Faulty));
    let mut asks = Vec::new();
    if !missing.is_empty() {
        asks.push(format!(
            "{}尚未报送，请尽快报送（填报表见附件）",
            join_cn(&missing, None)
        ));
    }
    if !faulty.is_empty() {
        asks.push(format!(
            "{}报送的报表有误，请按反馈的单元格改正后重新报送",
            join_cn(&faulty, None)
        ));
    }
    if asks.is_empty() {
        return None;
    }
    Some(format!(
        "【催报】{}{}进展情况：{}。{}",
        cn_period(period),
        campaign.name,
        asks.join("；"),
        campaign.office.short_name
    ))
}

/// Every unit's name, in campaign order (what [`owner`] looks for in a file name).
pub fn names(campaign: &Campaign) -> Vec<&str> {
    campaign.units.iter().map(|u| u.name.as_str()).collect()
}

/// The names of the units `ids` (campaign order as given), an unknown id as it is.
pub fn unit_names(campaign: &crate::model::Campaign, ids: &[String]) -> Vec<String> {
    ids.iter()
        .map(|id| {
            campaign
                .units
                .iter()
                .find(|u| u.id.value == *id)
                .map_or_else(|| id.clone(), |u| u.name.clone())
        })
        .collect()
}

/// The unit a return's file name names: the longest unit name it contains (兰山区 in
/// `填报表-2019-12-兰山区.xlsx`), so a name inside another name does not take its file.
pub fn owner(file: &str, units: &[&str]) -> Option<usize> {
    units
        .iter()
        .enumerate()
        .filter(|(_, n)| !n.is_empty() && file.contains(**n))
        .max_by_key(|(_, n)| n.chars().count())
        .map(|(i, _)| i)
}

/// The unit a problem of the return file `file` belongs to: the unit the file is named after
/// ([`owner`]), unless the message names another unit (“缺少 2 个县区的数据：罗庄区、费县” is
/// not the problem of the unit whose file it was reported against).
pub fn problem_owner(file: &str, message: &str, units: &[&str]) -> Option<usize> {
    owner(file, units).filter(|&u| {
        !units
            .iter()
            .enumerate()
            .any(|(o, n)| o != u && !n.is_empty() && !units[u].contains(n) && message.contains(n))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_with_a_folder_or_dots_is_refused() {
        for bad in [
            "../campaign.yaml",
            "..",
            "/etc/passwd.csv",
            "C:\\x.xlsx",
            "a/b.xlsx",
            "c:x.xlsx",
            ".hidden.csv",
            "x.xlsx.",
            "报表.exe",
            "报表",
            "a\u{0}b.csv",
            "",
        ] {
            assert!(checked_name(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn a_file_belongs_to_the_longest_unit_name_it_contains() {
        let units = ["东区", "河东区", "兰山区"];
        assert_eq!(owner("填报表-河东区.xlsx", &units), Some(1));
        assert_eq!(owner("填报表-东区.xlsx", &units), Some(0));
        assert_eq!(owner("汇总.xlsx", &units), None);
    }

    #[test]
    fn a_files_problem_is_its_units_unless_it_names_another_unit() {
        let units = ["东区", "河东区", "兰山区"];
        let file = "填报表-河东区.xlsx";
        assert_eq!(problem_owner(file, "不是有效的 xlsx 文件", &units), Some(1));
        assert_eq!(problem_owner(file, "河东区：完成数未填写", &units), Some(1));
        assert_eq!(problem_owner(file, "缺少兰山区的数据", &units), None);
        assert_eq!(
            problem_owner("汇总.xlsx", "不是有效的 xlsx 文件", &units),
            None
        );
    }

    #[test]
    fn a_plain_return_name_is_kept_as_it_is() {
        assert_eq!(
            checked_name("填报表-2019-12-兰山区.XLSX").ok(),
            Some("填报表-2019-12-兰山区.XLSX")
        );
    }
}
