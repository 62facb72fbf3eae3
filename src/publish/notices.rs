//! Publishing notices: the drafts `tongbao notices` wrote (the office may have edited their
//! wording) are checked against the data and stored in the archive's own notices folder,
//! numbered in their series, under the bulletin issue that named the units.
//!
//! Refused, leaving the archive untouched: the bulletin of the period is not published yet;
//! the inputs changed since the drafts were made; the drafts are not exactly the notices the
//! rules (and the snapshot's lists) call for now, or numbered otherwise than the archive would;
//! a draft's 文号 changed; a number in an edited line of a draft is not one the data gives that
//! notice (each named with its file and line); a row of the figures table changed.

use std::collections::HashSet;
use std::path::Path;

use crate::archive::notices::PublishedNotice;
use crate::document::Document;
use crate::notice_draft::Record;
use crate::publish::claims::normalise;

/// A composed notice as the review sees it: its Markdown and document.
#[derive(Debug, Clone, Copy)]
pub struct Composed<'a> {
    /// The file stem (`督办单-沂南县`).
    pub stem: &'a str,
    /// The number in its series.
    pub number: u64,
    /// The Markdown the data composes.
    pub markdown: &'a str,
    /// Its document.
    pub document: &'a Document,
}

/// The drafts `record` lists must be exactly the notices the data calls for now, with the same
/// numbers; else why not, naming `dir`.
pub fn same_set(record: &Record, notices: &[Composed], dir: &Path) -> Result<(), String> {
    let drafted: Vec<(String, u64)> = record
        .notices
        .iter()
        .map(|e| (format!("{}（{}）", e.stem, e.doc_number), e.number))
        .collect();
    let wanted: Vec<(String, u64)> = notices
        .iter()
        .map(|n| {
            let doc = n.document.front.doc_number.clone().unwrap_or_default();
            (format!("{}（{doc}）", n.stem), n.number)
        })
        .collect();
    if drafted == wanted {
        return Ok(());
    }
    let names = |v: &[(String, u64)]| {
        v.iter()
            .map(|(s, _)| s.as_str())
            .collect::<Vec<_>>()
            .join("、")
    };
    Err(format!(
        "{} 中的通知草稿（{}）与现在的规则、名单和存档编号应发的通知（{}）不一致：请重新运行 tongbao notices，存档未作任何改动",
        dir.display(),
        if drafted.is_empty() {
            "无".to_string()
        } else {
            names(&drafted)
        },
        if wanted.is_empty() {
            "无".to_string()
        } else {
            names(&wanted)
        },
    ))
}

/// Checks one draft (at `path`) against the notice the data composes: its number and 文号 as composed,
/// every number in an edited line one the composed notice states, its figures table unchanged.
pub fn review(
    path: &Path,
    markdown: &str,
    document: &Document,
    composed: &Composed,
    problems: &mut Vec<String>,
) {
    let (d, c) = (&document.front, &composed.document.front);
    if d.doc_number != c.doc_number || d.issue != c.issue {
        problems.push(format!(
            "错误：{}：文号为“{}”，应为“{}”（通知的编号由存档决定，不能修改）",
            path.display(),
            d.doc_number.as_deref().unwrap_or("（无）"),
            c.doc_number.as_deref().unwrap_or("（无）")
        ));
    }
    let original: HashSet<&str> = composed.markdown.lines().collect();
    let known: HashSet<String> = composed
        .markdown
        .lines()
        .flat_map(|l| numbers_in(l).into_iter().map(|(_, _, n)| n))
        .collect();
    let mut in_front = false;
    for (i, line) in markdown.lines().enumerate() {
        if line.trim() == "---" && (i == 0 || in_front) {
            in_front = !in_front;
            continue;
        }
        if in_front || original.contains(line) {
            continue;
        }
        if line.trim_start().starts_with('|') {
            problems.push(format!(
                "错误：{} 第{}行：数字表格与数据不一致（表格中的数字取自通报的计算结果，不能修改）：{}",
                path.display(),
                i + 1,
                line.trim()
            ));
            continue;
        }
        for (_, _, n) in numbers_in(line) {
            if !known.contains(&n) {
                problems.push(format!(
                    "错误：{} 第{}行：{} 不是数据给出的数字（与该单位的数字不符）：{}",
                    path.display(),
                    i + 1,
                    n,
                    line.trim()
                ));
            }
        }
    }
}

/// The manifest's entry of a notice of `selection` numbered `number` on `date`.
pub fn published(
    selection: &crate::progress::selection::Selection,
    composed: &Composed,
    date: crate::model::Date,
) -> PublishedNotice {
    PublishedNotice {
        kind: selection.kind,
        number: composed.number,
        year: chrono::Datelike::year(&date.0),
        doc_number: composed
            .document
            .front
            .doc_number
            .clone()
            .unwrap_or_default(),
        unit: selection.unit.clone(),
        name: selection.name.clone(),
        rules: selection.reasons.iter().map(|r| r.rule.clone()).collect(),
        stem: composed.stem.to_string(),
    }
}

/// The decimal numbers written in `text` (ASCII digits, an optional fraction), normalised,
/// with their char offsets and lengths.
fn numbers_in(text: &str) -> Vec<(usize, usize, String)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        if i + 1 < chars.len() && chars[i] == '.' && chars[i + 1].is_ascii_digit() {
            i += 1;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
        }
        let token: String = chars[start..i].iter().collect();
        out.push((start, i - start, normalise(&token)));
    }
    out
}
