//! The manifest of one published issue: what it is, and the sha256 of every file in it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::{Date, Period};

/// The manifest's file name inside an issue folder.
pub const MANIFEST: &str = "manifest.json";

/// One numbered copy (份号) and who receives it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CopyEntry {
    /// Six digits, e.g. `000001`.
    pub number: String,
    /// Who receives the copy (a name from the 版记).
    pub recipient: String,
    /// `报`, `发` or `抄送`.
    pub kind: String,
    /// Path of the copy's PDF inside the issue folder.
    pub file: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
/// What an issue folder holds and where it came from: `manifest.json`.
pub struct Manifest {
    /// The campaign's full name.
    pub campaign: String,
    /// 第N期
    pub issue: u64,
    /// The year the numbering belongs to, when it restarts every year.
    pub numbering_year: Option<i32>,
    /// 1 for the first publication of a period, 2… for each `--revise`.
    pub revision: u32,
    /// The period the issue reports on.
    pub period: Period,
    /// The issue's date (成文日期).
    pub issue_date: Date,
    /// The bulletin's title.
    pub title: String,
    /// The headline figure, e.g. `整治完成居住区配套幼儿园145处，占整治计划的61%`.
    pub headline: String,
    /// `tongbao <version>`.
    pub tool: String,
    /// Recorded in the archive's signed ledger (every issue published since the ledger
    /// exists): such an archive without its ledger has lost it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sealed: bool,
    /// Numbered copies, if any.
    #[serde(default)]
    pub copies: Vec<CopyEntry>,
    /// Path inside the issue folder (with `/`) → sha256 (hex) of every file but this manifest.
    pub files: BTreeMap<String, String>,
}

impl Manifest {
    /// `第4期` or `第4期（修订2）`.
    pub fn label(&self) -> String {
        crate::format::issue_label(self.issue, Some(self.revision))
    }
}
