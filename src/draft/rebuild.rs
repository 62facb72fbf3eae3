//! What a rebuild does with the draft already in the folder, so that no edit is ever lost:
//! an unedited `bulletin.md` (the text `draft.json` says was generated) is simply replaced; an
//! edited one is merged with the new text ([`super::merge`]) and kept beside it as
//! `bulletin.编辑前-<n>.md` when the merge changes it; an edited one whose record does not keep
//! the generated text (a draft of an older tongbao, or with no `draft.json`) cannot be merged:
//! it is kept beside the new draft, byte for byte, and the office is told.

use std::fs;
use std::path::Path;

use super::merge::{self, Merged};
use super::{BULLETIN, DraftError, read_record};
use crate::io_error::io_reason;

/// What to write over the folder's draft.
#[derive(Debug)]
pub enum Plan {
    /// No edited draft there: write the new one.
    Fresh,
    /// The office's edits merged into the new text. `keep` names the file to keep the edited
    /// draft in (`None` when the merge leaves it as it is: the data gives the same text).
    Merged {
        /// The edited `bulletin.md`, as it is on disk.
        edited: Vec<u8>,
        /// The merged text and its conflicts.
        merged: Merged,
        /// The file name to keep the edited draft under.
        keep: Option<String>,
    },
    /// An edited draft with no generated text to merge against: kept under `keep`, and the new
    /// draft written.
    Unmerged {
        /// The edited `bulletin.md`, as it is on disk.
        edited: Vec<u8>,
        /// The file name to keep it under.
        keep: String,
    },
}

/// What a rebuild of the draft in `folder` must do, the data now composing `markdown`.
pub fn plan(folder: &Path, markdown: &str) -> Result<Plan, DraftError> {
    let path = folder.join(BULLETIN);
    let edited = match fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Plan::Fresh),
        Err(e) => {
            return Err(DraftError::Io(format!(
                "无法读取 {}：{}",
                path.display(),
                io_reason(&e)
            )));
        }
    };
    if edited == markdown.as_bytes() {
        return Ok(Plan::Fresh);
    }
    let generated = read_record(folder).ok().and_then(|r| r.generated);
    let text = std::str::from_utf8(&edited).ok();
    let (Some(base), Some(text)) = (generated, text) else {
        return Ok(Plan::Unmerged {
            keep: kept_name(folder),
            edited,
        });
    };
    if base == text {
        return Ok(Plan::Fresh);
    }
    let merged = merge::merge(&base, text, markdown);
    let keep = (merged.text.as_bytes() != edited.as_slice()).then(|| kept_name(folder));
    Ok(Plan::Merged {
        edited,
        merged,
        keep,
    })
}

/// `bulletin.编辑前-<n>.md`, the first `n` not taken in `folder`: an earlier kept draft is never
/// written over.
pub fn kept_name(folder: &Path) -> String {
    (1u32..)
        .map(|n| format!("bulletin.编辑前-{n}.md"))
        .find(|name| !folder.join(name).exists())
        .unwrap_or_else(|| "bulletin.编辑前.md".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::{RECORD, Record};

    fn folder(label: &str) -> std::path::PathBuf {
        let dir =
            std::env::temp_dir().join(format!("tongbao-rebuild-{}-{label}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn record(dir: &Path, generated: Option<&str>) {
        let period = "2019-12".parse().unwrap();
        let mut r = Record::new("活动", period, 4, &[]);
        r.generated = generated.map(str::to_string);
        fs::write(dir.join(RECORD), r.file().1).unwrap();
    }

    #[test]
    fn an_unedited_draft_is_replaced() {
        let dir = folder("unedited");
        fs::write(dir.join(BULLETIN), "旧文。\n").unwrap();
        record(&dir, Some("旧文。\n"));
        assert!(matches!(plan(&dir, "新文。\n").unwrap(), Plan::Fresh));
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn an_edited_draft_is_merged_and_kept_under_a_name_not_taken() {
        let dir = folder("edited");
        fs::write(dir.join(BULLETIN), "甲30处。\n\n批示。\n").unwrap();
        fs::write(dir.join("bulletin.编辑前-1.md"), "earlier").unwrap();
        record(&dir, Some("甲30处。\n"));
        let Plan::Merged { merged, keep, .. } = plan(&dir, "甲31处。\n").unwrap() else {
            panic!("merged")
        };
        assert_eq!(merged.text, "甲31处。\n\n批示。\n");
        assert_eq!(keep.as_deref(), Some("bulletin.编辑前-2.md"));
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn an_edited_draft_without_its_generated_text_is_kept_not_merged() {
        let dir = folder("legacy");
        fs::write(dir.join(BULLETIN), "改过的。\n").unwrap();
        record(&dir, None);
        let Plan::Unmerged { edited, keep } = plan(&dir, "新文。\n").unwrap() else {
            panic!("unmerged")
        };
        assert_eq!(edited, "改过的。\n".as_bytes());
        assert_eq!(keep, "bulletin.编辑前-1.md");
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn an_edit_of_unchanged_data_stays_as_it_is() {
        let dir = folder("same");
        fs::write(dir.join(BULLETIN), "甲30处。批示。\n").unwrap();
        record(&dir, Some("甲30处。\n"));
        let Plan::Merged { merged, keep, .. } = plan(&dir, "甲30处。\n").unwrap() else {
            panic!("merged")
        };
        assert_eq!(merged.text, "甲30处。批示。\n");
        assert!(keep.is_none() && merged.conflicts.is_empty());
        let _ = fs::remove_dir_all(&dir);
    }
}
