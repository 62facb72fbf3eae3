//! The notices' draft folder `tongbao notices` writes (`out/<期间>/notices/` by default): per
//! notice its Markdown (which the office may edit before publishing), PDF and DOCX, and
//! `notices.json`, the record of what they were made from: the inputs' sha256, the bulletin
//! issue that named the units, and each notice's number, unit and the sha256 of its Markdown
//! as written. The record lets a second run tell an edited draft from its own output, so an
//! edited notice is never overwritten, and lets publish refuse notices made from other data.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::checksum::{changed_files, sha256_hex};
use crate::io_error::io_reason;
use crate::model::Period;
use crate::progress::selection::NoticeKind;

/// The record's file name in the notices folder.
pub const RECORD: &str = "notices.json";
/// The folder of the notices inside a bulletin's draft folder.
pub const FOLDER: &str = "notices";
/// The layout of [`Record`].
pub const RECORD_SCHEMA: u32 = 1;

/// One notice in the record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// 督办单 or 约谈通知书.
    pub kind: NoticeKind,
    /// The unit's id.
    pub unit: String,
    /// The unit's name.
    pub name: String,
    /// The number in its series.
    pub number: u64,
    /// Its 文号.
    pub doc_number: String,
    /// The stem of its files (`督办单-沂南县`).
    pub stem: String,
    /// sha256 of its Markdown as `tongbao notices` wrote it.
    pub markdown_sha256: String,
}

/// What a notices folder was made from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// [`RECORD_SCHEMA`].
    pub schema: u32,
    /// The campaign's full name.
    pub campaign: String,
    /// The period.
    pub period: Period,
    /// 第N期 of the bulletin that named the units.
    pub bulletin_issue: u64,
    /// Input file → sha256, as in the bulletin's `draft.json`.
    pub inputs: BTreeMap<String, String>,
    /// The notices, in the order they were made.
    pub notices: Vec<Entry>,
}

impl Record {
    /// `notices.json`'s name and bytes.
    pub fn file(&self) -> (String, Vec<u8>) {
        let mut json = serde_json::to_string_pretty(self).unwrap_or_default();
        json.push('\n');
        (RECORD.to_string(), json.into_bytes())
    }

    /// The input files that differ from those the notices were made from, by name.
    pub fn changed_inputs(&self, now: &[(String, Vec<u8>)]) -> Vec<String> {
        changed_files(&self.inputs, now)
    }
}

/// The record in `dir`, if there is one; an unreadable one is an error naming it.
pub fn read_record(dir: &Path) -> Result<Option<Record>, String> {
    let path = dir.join(RECORD);
    let bytes = match fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("无法读取 {}：{}", path.display(), io_reason(&e))),
    };
    let record: Record = serde_json::from_slice(&bytes).map_err(|e| {
        format!(
            "{} 已损坏：{e}（请删去整个通知草稿文件夹后重新生成）",
            path.display()
        )
    })?;
    if record.schema != RECORD_SCHEMA {
        return Err(format!(
            "{} 的格式版本为 {}，本程序只能读取版本 {RECORD_SCHEMA}",
            path.display(),
            record.schema
        ));
    }
    Ok(Some(record))
}

/// The Markdown drafts in `dir` that would be overwritten by `new` (stem → Markdown) although
/// the office edited them: a file whose bytes are neither what the record says was written nor
/// what would be written now. Each as `path`.
pub fn edited_drafts(dir: &Path, record: Option<&Record>, new: &[(String, String)]) -> Vec<String> {
    let mut out = Vec::new();
    for (stem, markdown) in new {
        let path = dir.join(format!("{stem}.md"));
        let Ok(bytes) = fs::read(&path) else {
            continue;
        };
        let written = record
            .and_then(|r| r.notices.iter().find(|e| e.stem == *stem))
            .map(|e| e.markdown_sha256.as_str());
        let hash = sha256_hex(&bytes);
        if bytes != markdown.as_bytes() && written != Some(hash.as_str()) {
            out.push(path.display().to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(stem: &str, text: &str) -> Record {
        Record {
            schema: RECORD_SCHEMA,
            campaign: "c".into(),
            period: "2019-12".parse().unwrap(),
            bulletin_issue: 4,
            inputs: BTreeMap::new(),
            notices: vec![Entry {
                kind: NoticeKind::Supervision,
                unit: "u".into(),
                name: "甲".into(),
                number: 1,
                doc_number: "x〔2020〕1号".into(),
                stem: stem.into(),
                markdown_sha256: sha256_hex(text.as_bytes()),
            }],
        }
    }

    #[test]
    fn only_a_draft_the_office_changed_counts_as_edited() {
        let dir = std::env::temp_dir().join(format!("tongbao-notice-draft-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("督办单-甲.md"), "as written").unwrap();
        let r = record("督办单-甲", "as written");
        let new = vec![("督办单-甲".to_string(), "new text".to_string())];
        // Our own output, not edited: may be replaced.
        assert!(edited_drafts(&dir, Some(&r), &new).is_empty());
        // Edited by the office: kept, named.
        fs::write(dir.join("督办单-甲.md"), "edited").unwrap();
        assert_eq!(edited_drafts(&dir, Some(&r), &new).len(), 1);
        // Without a record, a file that differs from the new text is the office's.
        assert_eq!(edited_drafts(&dir, None, &new).len(), 1);
        // The same text as would be written is never a conflict.
        let same = vec![("督办单-甲".to_string(), "edited".to_string())];
        assert!(edited_drafts(&dir, None, &same).is_empty());
        fs::remove_dir_all(&dir).unwrap();
    }
}
