//! The month's words — 工作动态, 存在问题, 下步工作要求, a leader's instruction and the named
//! lists (通报表扬, 约谈) — as the workbench's form holds them, and written back into a
//! snapshot's text: only the `notes:` and `lists:` blocks are replaced; the figures, dates,
//! comments and line ends around them stay as the clerk left them.

use serde::Serialize;

use crate::import::snapshot_text::replace_block;
use crate::model::{NamedList, Snapshot};

/// The words of one month, as plain strings (one problem, demand or name per entry).
#[derive(Debug, Default, Clone, PartialEq, Serialize)]
pub struct Words {
    /// 工作动态 (notes.summary).
    pub summary: String,
    /// 存在问题, one clause each.
    pub problems: Vec<String>,
    /// 下步工作要求, one demand each.
    pub demands: Vec<String>,
    /// 领导批示 (notes.instruction).
    pub instruction: String,
    /// 通报表扬 / 约谈 lists: (title, names).
    pub lists: Vec<(String, Vec<String>)>,
}

impl Words {
    /// The words a snapshot holds now.
    pub fn of(snapshot: &Snapshot) -> Words {
        let n = &snapshot.notes;
        Words {
            summary: n.summary.clone().unwrap_or_default(),
            problems: n.problems.clone(),
            demands: n.demands.clone(),
            instruction: n.instruction.clone().unwrap_or_default(),
            lists: snapshot
                .lists
                .iter()
                .map(|NamedList { title, items }| (title.clone(), items.clone()))
                .collect(),
        }
    }

    /// The same words with blank entries, and lists without a title or names, dropped, and
    /// every entry trimmed.
    pub fn tidied(&self) -> Words {
        let many = |v: &[String]| -> Vec<String> {
            v.iter()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        };
        Words {
            summary: self.summary.trim().to_string(),
            problems: many(&self.problems),
            demands: many(&self.demands),
            instruction: self.instruction.trim().to_string(),
            lists: self
                .lists
                .iter()
                .map(|(t, items)| (t.trim().to_string(), many(items)))
                .filter(|(t, items)| !t.is_empty() || !items.is_empty())
                .collect(),
        }
    }
}

/// A YAML double-quoted scalar (JSON's string syntax is YAML's).
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_string())
}

/// The `notes:` block of `words` (empty when it has no notes).
fn notes_block(w: &Words) -> String {
    let mut out = String::new();
    if !w.summary.is_empty() {
        out.push_str(&format!("  summary: {}\n", quoted(&w.summary)));
    }
    if !w.instruction.is_empty() {
        out.push_str(&format!("  instruction: {}\n", quoted(&w.instruction)));
    }
    for (key, items) in [("problems", &w.problems), ("demands", &w.demands)] {
        if !items.is_empty() {
            out.push_str(&format!("  {key}:\n"));
            for item in items {
                out.push_str(&format!("    - {}\n", quoted(item)));
            }
        }
    }
    if out.is_empty() {
        out
    } else {
        format!("notes:\n{out}")
    }
}

/// The `lists:` block of `words` (empty when it has no lists).
fn lists_block(w: &Words) -> String {
    if w.lists.is_empty() {
        return String::new();
    }
    let mut out = String::from("lists:\n");
    for (title, items) in &w.lists {
        let names: Vec<String> = items.iter().map(|i| quoted(i)).collect();
        out.push_str(&format!(
            "  - title: {}\n    items: [{}]\n",
            quoted(title),
            names.join(", ")
        ));
    }
    out
}

/// `text` (a snapshot's YAML) with its `notes:` and `lists:` blocks replaced by `words`'
/// (added at the end when the text has none; removed when `words` has none).
pub fn apply(text: &str, words: &Words) -> String {
    let words = words.tidied();
    let mut out = text.to_string();
    for (key, block) in [
        ("notes", notes_block(&words)),
        ("lists", lists_block(&words)),
    ] {
        out = match replace_block(&out, key, &block) {
            Some(replaced) => replaced,
            None if block.is_empty() => out,
            None => {
                let crlf = out.contains("\r\n");
                let mut appended = out;
                if !appended.is_empty() && !appended.ends_with('\n') {
                    appended.push_str(if crlf { "\r\n" } else { "\n" });
                }
                appended.push_str(&if crlf {
                    block.replace('\n', "\r\n")
                } else {
                    block
                });
                appended
            }
        };
    }
    out
}

/// `text` with its top-level `issue_date:` line set to `date` (added after `as_of:`, or at the
/// end, when there is none).
pub fn set_issue_date(text: &str, date: crate::model::Date) -> String {
    let line = format!("issue_date: {date}\n");
    if let Some(replaced) = replace_block(text, "issue_date", &line) {
        return replaced;
    }
    let mut out = text.to_string();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&line);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words() -> Words {
        Words {
            summary: "各县区集中攻坚。".into(),
            problems: vec!["进度滞后".into(), " ".into()],
            demands: vec!["严格督导。".into()],
            instruction: "市委主要负责同志批示：“要\"抓紧\"。”".into(),
            lists: vec![
                ("约谈".into(), vec!["沂南县".into()]),
                (String::new(), vec![]),
            ],
        }
    }

    #[test]
    fn only_the_notes_and_lists_change() {
        let text = "# 说明\nperiod: 2019-12\nprogress:\n  kg:\n    a: { done: 1 }   # 来源\n\nnotes:\n  summary: 旧\n# 以下名单\nlists: []\n";
        assert_eq!(
            apply(text, &words()),
            "# 说明\nperiod: 2019-12\nprogress:\n  kg:\n    a: { done: 1 }   # 来源\n\nnotes:\n  summary: \"各县区集中攻坚。\"\n  instruction: \"市委主要负责同志批示：“要\\\"抓紧\\\"。”\"\n  problems:\n    - \"进度滞后\"\n  demands:\n    - \"严格督导。\"\n# 以下名单\nlists:\n  - title: \"约谈\"\n    items: [\"沂南县\"]\n"
        );
    }

    #[test]
    fn missing_blocks_are_added_at_the_end_with_the_files_line_ends() {
        let text = "period: 2019-12\r\nprogress: {}";
        let got = apply(text, &words());
        assert!(
            got.starts_with("period: 2019-12\r\nprogress: {}\r\nnotes:\r\n"),
            "{got}"
        );
        assert!(!got.replace("\r\n", "").contains('\n'), "{got:?}");
    }

    #[test]
    fn empty_words_remove_the_blocks() {
        let text = "period: 2019-12\nnotes:\n  summary: x\nlists:\n  - title: t\n    items: [a]\n";
        assert_eq!(apply(text, &Words::default()), "period: 2019-12\n");
    }
}
