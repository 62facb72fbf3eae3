//! The archive's ledger (`ledger.jsonl`): one line per published issue or revision, and per
//! change of the office's key, appended and never rewritten. Each entry carries the sha256 of
//! the issue's `manifest.json` (which holds every file's sha256, the number, the period and
//! the headline), the hash of the entry before it, and the office's Ed25519 signature over all
//! of that. Removing, inserting, reordering or editing an entry breaks the chain or a
//! signature; a folder without an entry, or an entry without its folder, is named by `verify`.
//! The head (the last entry's hash, shortened) is printed on paper (the distribution register,
//! the index), so that the archive can be compared with what left the office.

use std::fs;
use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::key::{self, OfficeKey};
use super::{ArchiveError, io_error};
use crate::checksum::{hex, sha256_hex};
use crate::model::Period;

/// The ledger's file name in the archive root.
pub const LEDGER: &str = "ledger.jsonl";

/// One published issue as the ledger records it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IssueRecord {
    /// The issue folder's name.
    pub folder: String,
    /// The campaign's full name.
    pub campaign: String,
    /// 第N期.
    pub number: u64,
    /// The year the number belongs to, when numbering restarts yearly.
    pub numbering_year: Option<i32>,
    /// 1, or 2… for a revision.
    pub revision: u32,
    /// The period reported on.
    pub period: Period,
    /// The headline, as in the manifest.
    pub headline: String,
    /// sha256 of the folder's `manifest.json`.
    pub manifest_sha256: String,
    /// Recorded for a folder published before the archive had a ledger.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub adopted: bool,
}

/// A new key introduced.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyChange {
    /// The new public key (hex).
    pub public: String,
    /// The old key was not at hand: this entry is signed by the new key itself.
    pub old_key_lost: bool,
}

/// What an entry records: an issue, or a new key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Body {
    /// 1, 2, … in order.
    pub seq: u64,
    /// The hash of the entry before (empty for the first).
    pub prev: String,
    /// The issue published, if this entry records one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issue: Option<IssueRecord>,
    /// The key introduced, if this entry records one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_change: Option<KeyChange>,
    /// The public key (hex) whose private half signs this entry.
    pub signer: String,
}

/// One line of the ledger.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// What is recorded.
    pub body: Body,
    /// Ed25519 signature (hex) over the body's JSON.
    pub sig: String,
}

impl Entry {
    /// The bytes the signature covers.
    fn signed_bytes(body: &Body) -> Vec<u8> {
        serde_json::to_vec(body).unwrap_or_default()
    }

    /// This entry's hash: what the next entry's `prev` must be.
    pub fn hash(&self) -> String {
        let mut bytes = Self::signed_bytes(&self.body);
        bytes.extend_from_slice(self.sig.as_bytes());
        sha256_hex(&bytes)
    }

    /// Whether the signature is the signer's over the body.
    pub fn signature_holds(&self) -> bool {
        match (
            key::public_from_hex(&self.body.signer),
            key::signature_from_hex(&self.sig),
        ) {
            (Some(public), Some(sig)) => public
                .verify_strict(&Self::signed_bytes(&self.body), &sig)
                .is_ok(),
            _ => false,
        }
    }

    /// The JSON line written to the ledger.
    pub fn line(&self) -> String {
        let mut line = serde_json::to_string(self).unwrap_or_default();
        line.push('\n');
        line
    }
}

/// The ledger as read: its entries in order, and lines that are not entries.
#[derive(Debug, Default)]
pub struct Ledger {
    /// Entries, with their line numbers (1-based).
    pub entries: Vec<(usize, Entry)>,
    /// Lines that could not be read, with their line numbers.
    pub damaged: Vec<usize>,
    /// Whether the file exists.
    pub exists: bool,
}

impl Ledger {
    /// Reads the ledger of the archive at `dir` (empty when there is none).
    pub fn read(dir: &Path) -> Result<Ledger, ArchiveError> {
        let path = dir.join(LEDGER);
        let text = match fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Ledger::default()),
            Err(e) => return Err(io_error(&path, &e)),
        };
        let mut ledger = Ledger {
            exists: true,
            ..Ledger::default()
        };
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            match serde_json::from_str::<Entry>(line) {
                Ok(entry) => ledger.entries.push((i + 1, entry)),
                Err(_) => ledger.damaged.push(i + 1),
            }
        }
        Ok(ledger)
    }

    /// The issues recorded, in order.
    pub fn issues(&self) -> impl Iterator<Item = &IssueRecord> {
        self.entries
            .iter()
            .filter_map(|(_, e)| e.body.issue.as_ref())
    }

    /// The short code of the last entry's hash (`3f9a-c2d1`), or `None` for an empty ledger.
    pub fn head(&self) -> Option<String> {
        self.entries.last().map(|(_, e)| key::short(&e.hash()))
    }

    /// The public key (hex) that signs the next entry: the latest introduced, else the first
    /// signer's.
    pub fn current_signer(&self) -> Option<String> {
        let mut current = None;
        for (_, e) in &self.entries {
            if current.is_none() {
                current = Some(e.body.signer.clone());
            }
            if let Some(change) = &e.body.key_change {
                current = Some(change.public.clone());
            }
        }
        current
    }

    /// The next entry, recording `issue` or `key_change`, signed with `key`.
    pub fn next(
        &self,
        issue: Option<IssueRecord>,
        key_change: Option<KeyChange>,
        key: &OfficeKey,
    ) -> Entry {
        let body = Body {
            seq: self.entries.len() as u64 + 1,
            prev: self
                .entries
                .last()
                .map(|(_, e)| e.hash())
                .unwrap_or_default(),
            issue,
            key_change,
            signer: hex(key.public().as_bytes()),
        };
        let sig = hex(&key.sign(&Entry::signed_bytes(&body)).to_bytes());
        Entry { body, sig }
    }

    /// Adds `entry` to the ledger in memory (after it was appended on disk).
    pub fn push(&mut self, entry: Entry) {
        let line = self.entries.last().map_or(1, |(l, _)| l + 1);
        self.entries.push((line, entry));
        self.exists = true;
    }

    /// Refuses `key` unless it is the key the ledger expects next.
    pub fn accepts(&self, key: &OfficeKey) -> Result<(), ArchiveError> {
        match self.current_signer() {
            Some(expected) if expected != hex(key.public().as_bytes()) => {
                Err(ArchiveError::Refused(format!(
                    "签名密钥 {}（指纹 {}）不是本存档登记的密钥（指纹 {}）：请用 --key 指定原来的密钥文件（或其备份）；密钥遗失时，先用 tongbao archive rekey 启用新密钥",
                    key.path.display(),
                    key::fingerprint(&key.public()),
                    key::public_from_hex(&expected)
                        .map(|k| key::fingerprint(&k))
                        .unwrap_or_else(|| key::short(&expected)),
                )))
            }
            _ => Ok(()),
        }
    }
}

/// Appends `entry` to the ledger of `dir` and flushes it to disk.
pub fn append(dir: &Path, entry: &Entry) -> Result<(), ArchiveError> {
    let path = dir.join(LEDGER);
    let mut file = fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .map_err(|e| io_error(&path, &e))?;
    file.write_all(entry.line().as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| io_error(&path, &e))
}

/// What the chain of entries shows: problems (broken links, bad signatures, unknown signers)
/// and which key signed which entries.
#[derive(Debug, Default)]
pub struct ChainReport {
    /// What is wrong, in Chinese.
    pub problems: Vec<String>,
    /// Which key signed which issues, in Chinese.
    pub keys: Vec<String>,
}

/// Checks the ledger's order, links and signatures.
pub fn check_chain(ledger: &Ledger) -> ChainReport {
    let mut report = ChainReport::default();
    for line in &ledger.damaged {
        report
            .problems
            .push(format!("{LEDGER} 第{line}行已损坏（不是一条账本记录）"));
    }
    let mut signer: Option<String> = None;
    let mut prev = String::new();
    let mut spans: Vec<(String, Vec<String>, Option<bool>)> = Vec::new();
    for (i, (line, e)) in ledger.entries.iter().enumerate() {
        let at = format!("{LEDGER} 第{line}行");
        if e.body.seq != i as u64 + 1 {
            report.problems.push(format!(
                "{at}：序号应为 {}，写的是 {}（账本中有记录被删除、插入或调换）",
                i + 1,
                e.body.seq
            ));
        }
        if e.body.prev != prev {
            report.problems.push(format!(
                "{at}：与前一条记录接不上（前一条记录被删除、插入或改动）"
            ));
        }
        if !e.signature_holds() {
            report
                .problems
                .push(format!("{at}：签名不符（这条记录在签名后被改动）"));
        }
        let expected = signer.clone().unwrap_or_else(|| e.body.signer.clone());
        let self_introduced = e
            .body
            .key_change
            .as_ref()
            .is_some_and(|c| c.old_key_lost && c.public == e.body.signer);
        if e.body.signer != expected && !self_introduced {
            report.problems.push(format!(
                "{at}：由未经登记的密钥（指纹 {}）签名",
                fingerprint_of(&e.body.signer)
            ));
        }
        if spans.last().is_none_or(|(k, _, _)| *k != e.body.signer) {
            spans.push((e.body.signer.clone(), Vec::new(), None));
        }
        if let Some(last) = spans.last_mut() {
            if let Some(issue) = &e.body.issue {
                last.1.push(label(issue));
            }
            if let Some(change) = &e.body.key_change {
                last.2 = Some(change.old_key_lost);
            }
        }
        signer = Some(match &e.body.key_change {
            Some(change) => change.public.clone(),
            None => expected,
        });
        prev = e.hash();
    }
    report.keys = spans
        .iter()
        .map(|(k, issues, change)| {
            let what = match (issues.first(), issues.last()) {
                (Some(a), Some(b)) if a == b => a.to_string(),
                (Some(a), Some(b)) => format!("{a}至{b}"),
                _ => "（尚无通报）".to_string(),
            };
            let how = match change {
                Some(true) => "；启用该密钥时旧密钥已遗失（由新密钥自行登记）",
                Some(false) => "；由旧密钥签名启用",
                None => "",
            };
            format!("{what}由密钥 {} 签名{how}", fingerprint_of(k))
        })
        .collect();
    report
}

fn fingerprint_of(public_hex: &str) -> String {
    key::public_from_hex(public_hex)
        .map(|k| key::fingerprint(&k))
        .unwrap_or_else(|| key::short(public_hex))
}

/// `第4期` or `第4期（修订2）`.
pub fn label(issue: &IssueRecord) -> String {
    crate::format::issue_label(issue.number, Some(issue.revision))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(dir: &Path, name: &str) -> OfficeKey {
        OfficeKey::create(&dir.join(name)).unwrap()
    }

    fn record(number: u64, period: &str) -> IssueRecord {
        IssueRecord {
            folder: format!("{number:03}_{period}"),
            campaign: "c".to_string(),
            number,
            numbering_year: None,
            revision: 1,
            period: period.parse().unwrap(),
            headline: String::new(),
            manifest_sha256: String::new(),
            adopted: false,
        }
    }

    #[test]
    fn an_entry_signed_by_an_unregistered_key_is_named_and_a_key_change_is_followed() {
        let dir = std::env::temp_dir().join(format!("tongbao-ledger-test-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let (a, b, c) = (key(&dir, "a"), key(&dir, "b"), key(&dir, "c"));
        let mut ledger = Ledger::default();
        let e = ledger.next(Some(record(3, "2019-11")), None, &a);
        ledger.push(e);
        let e = ledger.next(Some(record(4, "2019-12")), None, &c);
        ledger.push(e);
        let report = check_chain(&ledger);
        assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
        assert!(
            report.problems[0].starts_with("ledger.jsonl 第2行：由未经登记的密钥（指纹 "),
            "{:?}",
            report.problems
        );
        // Introduced by the old key, the new key signs what follows.
        let mut ledger = Ledger::default();
        let e = ledger.next(Some(record(3, "2019-11")), None, &a);
        ledger.push(e);
        let change = KeyChange {
            public: hex(b.public().as_bytes()),
            old_key_lost: false,
        };
        let e = ledger.next(None, Some(change), &a);
        ledger.push(e);
        let e = ledger.next(Some(record(4, "2019-12")), None, &b);
        ledger.push(e);
        let report = check_chain(&ledger);
        assert!(report.problems.is_empty(), "{:?}", report.problems);
        assert_eq!(report.keys.len(), 2, "{:?}", report.keys);
        assert!(
            report.keys[0].ends_with("签名；由旧密钥签名启用"),
            "{:?}",
            report.keys
        );
        assert!(ledger.accepts(&b).is_ok() && ledger.accepts(&a).is_err());
        let _ = fs::remove_dir_all(&dir);
    }
}
