//! The draft folder `build` writes: `bulletin.md` (which the office may edit), its renders, and
//! `draft.json`, the record of what the draft was built from (the campaign, period and issue
//! number, and the sha256 of every input file). `publish` reads the draft back and refuses one
//! whose inputs have changed since it was built.

pub mod approved;
pub mod merge;
pub mod rebuild;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::checksum::{changed_files, digests};
use crate::document::{self, Document, DocumentError};
use crate::fault::Fault;
use crate::io_error::io_reason;
use crate::load::Inputs;
use crate::model::Period;

/// The record's file name in the draft folder.
pub const RECORD: &str = "draft.json";
/// The layout of [`Record`]; a record of another version is refused by name.
pub const RECORD_SCHEMA: u32 = 1;
/// The editable bulletin in the draft folder.
pub const BULLETIN: &str = "bulletin.md";

/// What a draft was built from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// [`RECORD_SCHEMA`] when written.
    pub schema: u32,
    /// The campaign's full name.
    pub campaign: String,
    /// The period the draft reports on.
    pub period: Period,
    /// The issue number the draft was given (the one publish would give at the time).
    pub issue: u64,
    /// Input file (relative to the campaign folder, with `/`) → sha256.
    pub inputs: BTreeMap<String, String>,
    /// `bulletin.md` as it was generated: the base against which a rebuild merges the office's
    /// edits ([`rebuild`]). Absent in records written before it was kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generated: Option<String>,
}

/// A draft folder that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum DraftError {
    /// Missing or unreadable files, or a record of another version (the user's to fix: exit 1).
    #[error("{0}")]
    Refused(String),
    /// The edited `bulletin.md` does not parse (boxed: the error is large).
    #[error("{0}")]
    Document(Box<DocumentError>),
    /// An input file could not be read (exit 3).
    #[error("{0}")]
    Io(String),
}

impl DraftError {
    /// Whose fault: a refusal is the request's; a failed read or write is not.
    pub fn fault(&self) -> Fault {
        match self {
            DraftError::Io(_) => Fault::Internal,
            _ => Fault::Input,
        }
    }
}

/// The files a bulletin of snapshot `index` is made from, as (name relative to the campaign
/// folder with `/`, path): `campaign.yaml`, the period's and the previous period's snapshot,
/// and the campaign's own templates.
pub fn input_files(inputs: &Inputs, index: usize) -> Result<Vec<(String, PathBuf)>, DraftError> {
    let mut out = vec![(
        "campaign.yaml".to_string(),
        crate::load::campaign_file(&inputs.dir),
    )];
    // The snapshot and the one its new figures are counted against (a month's: the month
    // before, not a week between them).
    let read = inputs.previous_index(index).into_iter().chain([index]);
    for path in read.filter_map(|i| inputs.snapshot_paths.get(i)) {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        out.push((format!("snapshots/{name}"), path.clone()));
    }
    if let Some(t) = &inputs.campaign.templates {
        let dir = inputs.dir.join(&t.value);
        let entries = fs::read_dir(&dir).map_err(|e| io_error(&dir, &e))?;
        let mut names = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| io_error(&dir, &e))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(".tera") && entry.path().is_file() {
                names.push(name);
            }
        }
        names.sort();
        for name in names {
            out.push((format!("{}/{name}", t.value), dir.join(&name)));
        }
    }
    Ok(out)
}

/// The bytes of every [`input_files`] entry, read now.
pub fn read_inputs(inputs: &Inputs, index: usize) -> Result<Vec<(String, Vec<u8>)>, DraftError> {
    input_files(inputs, index)?
        .into_iter()
        .map(|(name, path)| {
            fs::read(&path)
                .map(|bytes| (name, bytes))
                .map_err(|e| io_error(&path, &e))
        })
        .collect()
}

fn io_error(path: &Path, e: &std::io::Error) -> DraftError {
    DraftError::Io(format!("无法读取 {}：{}", path.display(), io_reason(e)))
}

impl Record {
    /// The record of a draft of `period` numbered `issue`, made from `files` (see [`read_inputs`]).
    pub fn new(campaign: &str, period: Period, issue: u64, files: &[(String, Vec<u8>)]) -> Record {
        Record {
            schema: RECORD_SCHEMA,
            campaign: campaign.to_string(),
            period,
            issue,
            inputs: digests(files),
            generated: None,
        }
    }

    /// The record, keeping `markdown` as the text the draft was generated with.
    pub fn generated(self, markdown: &str) -> Record {
        Record {
            generated: Some(markdown.to_string()),
            ..self
        }
    }

    /// `draft.json`'s name and bytes, for writing beside the bulletin.
    pub fn file(&self) -> (String, Vec<u8>) {
        let mut json = serde_json::to_string_pretty(self).unwrap_or_default();
        json.push('\n');
        (RECORD.to_string(), json.into_bytes())
    }

    /// The input files that differ from what the draft was built from: changed, new or gone,
    /// by name, sorted.
    pub fn changed_inputs(&self, now: &[(String, Vec<u8>)]) -> Vec<String> {
        changed_files(&self.inputs, now)
    }
}

/// A draft folder, read back.
#[derive(Debug)]
pub struct Draft {
    /// The folder.
    pub dir: PathBuf,
    /// `bulletin.md` as the office left it.
    pub markdown: String,
    /// Its document model.
    pub document: Document,
    /// What it was built from.
    pub record: Record,
}

/// Reads the draft in `dir`: its `bulletin.md` (parsed) and `draft.json`.
pub fn read(dir: &Path) -> Result<Draft, DraftError> {
    let md_path = dir.join(BULLETIN);
    if !md_path.is_file() {
        return Err(DraftError::Refused(format!(
            "草稿文件夹 {} 中没有 {BULLETIN}：请先用 tongbao build 生成草稿（默认写入 out/<期间>/），或用 --draft 指定草稿文件夹",
            dir.display()
        )));
    }
    let markdown =
        crate::load::read_text(&md_path).map_err(|d| DraftError::Refused(d.to_string()))?;
    let document =
        document::parse(&md_path, &markdown).map_err(|e| DraftError::Document(Box::new(e)))?;
    let record = read_record(dir)?;
    Ok(Draft {
        dir: dir.to_path_buf(),
        markdown,
        document,
        record,
    })
}

/// Whether `path` names an approved DOCX rather than a draft folder.
pub fn is_docx(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("docx"))
}

/// Reads the approved DOCX at `path` as the draft of its folder: its `bulletin.md` is the
/// DOCX's text over the front matter and the unchanged blocks of the folder's `bulletin.md`
/// (or of `composed`, the data's own bulletin, when the folder has none); its `draft.json` is
/// the folder's. Nothing is written.
pub fn read_approved(path: &Path, composed: &str) -> Result<Draft, DraftError> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let size = fs::metadata(path)
        .map_err(|e| {
            DraftError::Refused(format!("无法读取 {}：{}", path.display(), io_reason(&e)))
        })?
        .len();
    if size > document::docx::MAX_FILE_BYTES {
        return Err(DraftError::Refused(format!(
            "{}：文件大小 {} MB，超过上限 {} MB，拒绝读取；tongbao 生成的通报 DOCX 只有几十 KB",
            path.display(),
            size / (1024 * 1024),
            document::docx::MAX_FILE_BYTES / (1024 * 1024)
        )));
    }
    let bytes = fs::read(path).map_err(|e| {
        DraftError::Refused(format!("无法读取 {}：{}", path.display(), io_reason(&e)))
    })?;
    let md_path = dir.join(BULLETIN);
    let base = if md_path.is_file() {
        crate::load::read_text(&md_path).map_err(|d| DraftError::Refused(d.to_string()))?
    } else {
        composed.to_string()
    };
    let record = read_record(dir)?;
    let markdown = approved::markdown(path, &bytes, &base)?;
    let document =
        document::parse(path, &markdown).map_err(|e| DraftError::Document(Box::new(e)))?;
    Ok(Draft {
        dir: dir.to_path_buf(),
        markdown,
        document,
        record,
    })
}

/// The `draft.json` of the draft folder `dir`.
pub fn read_record(dir: &Path) -> Result<Record, DraftError> {
    let record_path = dir.join(RECORD);
    let bytes = fs::read(&record_path).map_err(|e| {
        DraftError::Refused(format!(
            "草稿文件夹 {} 中没有可读的 {RECORD}（草稿的生成记录：{}）：只有 tongbao build 生成的草稿才能发布，请重新运行 tongbao build",
            dir.display(),
            io_reason(&e)
        ))
    })?;
    parse_record(&record_path, &bytes)
}

fn parse_record(path: &Path, bytes: &[u8]) -> Result<Record, DraftError> {
    #[derive(Deserialize)]
    struct Version {
        schema: Option<u32>,
    }
    let broken = |e: serde_json::Error| {
        DraftError::Refused(format!(
            "{} 已损坏（{e}）：请重新运行 tongbao build 生成草稿",
            path.display()
        ))
    };
    let version: Version = serde_json::from_slice(bytes).map_err(broken)?;
    match version.schema {
        Some(RECORD_SCHEMA) => serde_json::from_slice(bytes).map_err(broken),
        other => Err(DraftError::Refused(format!(
            "{} 的格式版本为 {}，本程序只能读取版本 {RECORD_SCHEMA}：请用本程序重新运行 tongbao build 生成草稿",
            path.display(),
            other.map_or("（未写明）".to_string(), |v| v.to_string())
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(pairs: &[(&str, &str)]) -> Vec<(String, Vec<u8>)> {
        pairs
            .iter()
            .map(|(n, b)| (n.to_string(), b.as_bytes().to_vec()))
            .collect()
    }

    #[test]
    fn changed_inputs_name_changed_new_and_gone_files() {
        let period: Period = "2019-12".parse().unwrap();
        let built = files(&[("campaign.yaml", "a"), ("snapshots/2019-12.yaml", "b")]);
        let record = Record::new("活动", period, 4, &built);
        assert!(record.changed_inputs(&built).is_empty());
        let now = files(&[("campaign.yaml", "a"), ("snapshots/2019-12.yaml", "c")]);
        assert_eq!(record.changed_inputs(&now), ["snapshots/2019-12.yaml"]);
        let now = files(&[("campaign.yaml", "a"), ("t/x.tera", "t")]);
        assert_eq!(
            record.changed_inputs(&now),
            ["snapshots/2019-12.yaml", "t/x.tera"]
        );
    }

    #[test]
    fn a_record_of_another_version_is_refused_by_name() {
        let path = Path::new("out/draft.json");
        let e = parse_record(path, br#"{"schema": 7}"#).unwrap_err();
        assert!(
            e.to_string().contains("格式版本为 7，本程序只能读取版本 1"),
            "{e}"
        );
        let e = parse_record(path, b"{}").unwrap_err();
        assert!(e.to_string().contains("（未写明）"), "{e}");
        let period: Period = "2019-12".parse().unwrap();
        let (_, bytes) = Record::new("活动", period, 4, &[]).file();
        assert_eq!(parse_record(path, &bytes).unwrap().issue, 4);
    }
}
