//! Carrying the office's edits into a rebuilt draft: a three-way merge of `bulletin.md` as it was
//! generated (the base, kept in `draft.json`), as the office edited it, and as the data now
//! composes it.
//!
//! The merge is diffy's (a diff3 merge that reports conflicts; `similar`, already a dependency,
//! only diffs two texts). It runs paragraph by paragraph, since each paragraph of `bulletin.md`
//! is one line; where the office and the data changed the same paragraph, that paragraph is
//! merged again sentence by sentence, so a sentence the office added to a paragraph whose
//! figures changed is carried over. What still collides is a conflict: both versions are written
//! between marker lines ([`START`], [`MIDDLE`], [`END`]) for the office to choose, and publish
//! refuses the draft while a marker is left ([`unresolved`]).

use diffy::{ConflictStyle, IncompleteHunkStyle, MergeOptions};

/// The line before the office's version of a conflicting passage.
pub const START: &str = "【合并冲突：以下是您改过的文字】";
/// The line between the office's version and the data's.
pub const MIDDLE: &str = "【合并冲突：以下是按新数据生成的文字】";
/// The line after the data's version.
pub const END: &str = "【合并冲突结束：保留应有的一段，删去另一段和这三行标记】";

/// What every marker line begins with (publish looks for it).
const MARKER: &str = "【合并冲突";

/// The merged text and the passages it could not merge.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    /// The merged `bulletin.md`, with each conflict between marker lines.
    pub text: String,
    /// Every conflict, in order.
    pub conflicts: Vec<Conflict>,
}

/// A passage both the office and the data changed.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    /// The line of its [`START`] marker in the merged text (from 1).
    pub line: usize,
    /// The office's version.
    pub edited: String,
    /// The data's version.
    pub generated: String,
}

/// Merges the office's changes from `base` to `edited` with the data's from `base` to `new`.
/// Line endings are taken as `\n` (a file saved with CRLF merges the same).
pub fn merge(base: &str, edited: &str, new: &str) -> Merged {
    let [base, edited, new] = [base, edited, new].map(normalized);
    let length = marker_length(&[&base, &edited, &new]);
    let merged = match options(length).merge(&base, &edited, &new) {
        Ok(text) => {
            return Merged {
                text,
                conflicts: Vec::new(),
            };
        }
        Err(with_markers) => with_markers,
    };
    let mut out = Merged {
        text: String::new(),
        conflicts: Vec::new(),
    };
    for piece in pieces(&merged, length) {
        match piece {
            Piece::Merged(text) => out.text.push_str(&text),
            Piece::Conflict { base, ours, theirs } => match by_sentence(&base, &ours, &theirs) {
                Some(text) => out.text.push_str(&text),
                None => {
                    let line = out.text.lines().count() + 1;
                    for part in [START, "\n", &ours, MIDDLE, "\n", &theirs, END, "\n"] {
                        out.text.push_str(part);
                    }
                    out.conflicts.push(Conflict {
                        line,
                        edited: ours.trim_end().to_string(),
                        generated: theirs.trim_end().to_string(),
                    });
                }
            },
        }
    }
    out
}

/// The lines (from 1) of `markdown` that still hold a conflict marker.
pub fn unresolved(markdown: &str) -> Vec<usize> {
    markdown
        .lines()
        .enumerate()
        .filter(|(_, line)| line.trim_start().starts_with(MARKER))
        .map(|(i, _)| i + 1)
        .collect()
}

fn options(length: usize) -> MergeOptions {
    let mut options = MergeOptions::new();
    options
        .set_conflict_style(ConflictStyle::Diff3)
        .set_incomplete_hunk_style(IncompleteHunkStyle::Git)
        .set_conflict_marker_length(length);
    options
}

/// `text` with `\n` line endings, ending with one.
fn normalized(text: &str) -> String {
    let mut text = text.replace("\r\n", "\n");
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

/// A marker length no line of the texts begins with (7, as git, unless a text has such a line).
fn marker_length(texts: &[&str]) -> usize {
    let longest = texts
        .iter()
        .flat_map(|t| t.lines())
        .filter_map(|line| {
            let first = line.chars().next()?;
            matches!(first, '<' | '|' | '=' | '>')
                .then(|| line.chars().take_while(|&c| c == first).count())
        })
        .max()
        .unwrap_or(0);
    longest.max(6) + 1
}

/// A stretch of diffy's output: merged text, or a conflict's three versions.
enum Piece {
    Merged(String),
    Conflict {
        base: String,
        ours: String,
        theirs: String,
    },
}

/// Takes diffy's diff3 output apart at its markers (`length` characters long, which no line
/// of the texts begins with).
fn pieces(merged: &str, length: usize) -> Vec<Piece> {
    let marker = |c: char| c.to_string().repeat(length);
    let (start, ancestor, middle, end) = (marker('<'), marker('|'), marker('='), marker('>'));
    let mut out = Vec::new();
    let mut text = String::new();
    // Which section a line belongs to: 0 merged, 1 ours, 2 base, 3 theirs.
    let mut section = 0;
    let mut parts = [String::new(), String::new(), String::new()];
    for line in merged.split_inclusive('\n') {
        if section == 0 && line.starts_with(&start) {
            out.push(Piece::Merged(std::mem::take(&mut text)));
            section = 1;
        } else if section == 1 && line.starts_with(&ancestor) {
            section = 2;
        } else if section == 2 && line.starts_with(&middle) {
            section = 3;
        } else if section == 3 && line.starts_with(&end) {
            let [ours, base, theirs] = std::mem::take(&mut parts);
            out.push(Piece::Conflict { base, ours, theirs });
            section = 0;
        } else if section == 0 {
            text.push_str(line);
        } else {
            parts[section - 1].push_str(line);
        }
    }
    out.push(Piece::Merged(text));
    out
}

/// Stands for a line break inside a sentence-per-line text (a private-use character).
const BREAK: char = '\u{E000}';

/// Merges one conflicting passage again sentence by sentence; `None` when sentences still
/// collide (or a text holds [`BREAK`]).
fn by_sentence(base: &str, ours: &str, theirs: &str) -> Option<String> {
    if [base, ours, theirs].iter().any(|t| t.contains(BREAK)) {
        return None;
    }
    let [base, ours, theirs] = [base, ours, theirs].map(sentence_lines);
    let merged = options(marker_length(&[&base, &ours, &theirs]))
        .merge(&base, &ours, &theirs)
        .ok()?;
    Some(merged.split('\n').collect::<String>().replace(BREAK, "\n"))
}

/// `text` with one sentence per line: a line ends after 。；！？ (and a closing quote or
/// bracket after them); a line break of the text is a line of its own ([`BREAK`]), so that a
/// sentence added at the end of a paragraph is an insertion, not a change of the last one.
fn sentence_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\n' {
            if !out.is_empty() && !out.ends_with('\n') {
                out.push('\n');
            }
            out.push(BREAK);
            out.push('\n');
            continue;
        }
        out.push(c);
        if matches!(c, '。' | '；' | '！' | '？') {
            while let Some(&q) = chars.peek().filter(|q| matches!(q, '”' | '’' | '）')) {
                out.push(q);
                chars.next();
            }
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "# 一\n\n截至12月31日，全市共整治完成30处，本月新增5处。各县区均有进展。\n\n# 二\n\n兰山区进展滞后。\n";

    #[test]
    fn an_edit_elsewhere_is_carried_into_the_new_figures() {
        let edited = BASE.replace("兰山区进展滞后。", "兰山区进展滞后。市领导批示：加快推进。");
        let new = BASE.replace("30处，本月新增5处", "32处，本月新增7处");
        let m = merge(BASE, &edited, &new);
        assert!(m.conflicts.is_empty(), "{m:?}");
        assert_eq!(
            m.text,
            new.replace("兰山区进展滞后。", "兰山区进展滞后。市领导批示：加快推进。")
        );
    }

    #[test]
    fn a_sentence_added_to_a_paragraph_whose_figures_changed_is_carried_sentence_by_sentence() {
        let edited = BASE.replace("均有进展。", "均有进展。各县区要对标先进。");
        let new = BASE.replace("30处，本月新增5处", "32处，本月新增7处");
        let m = merge(BASE, &edited, &new);
        assert!(m.conflicts.is_empty(), "{m:?}");
        assert!(
            m.text
                .contains("截至12月31日，全市共整治完成32处，本月新增7处。各县区均有进展。各县区要对标先进。\n"),
            "{}",
            m.text
        );
    }

    #[test]
    fn the_same_sentence_changed_on_both_sides_is_a_conflict_with_its_line() {
        let edited = BASE.replace("本月新增5处", "本月新增5处（含补报）");
        let new = BASE.replace("本月新增5处", "本月新增6处");
        let m = merge(BASE, &edited, &new);
        assert_eq!(m.conflicts.len(), 1, "{}", m.text);
        let c = &m.conflicts[0];
        assert_eq!(c.line, 3);
        assert!(
            c.edited.contains("（含补报）") && c.generated.contains("6处"),
            "{c:?}"
        );
        let lines: Vec<&str> = m.text.lines().collect();
        assert_eq!(lines[2], START);
        assert_eq!(lines[4], MIDDLE);
        assert_eq!(lines[6], END);
        assert_eq!(unresolved(&m.text), [3, 5, 7]);
    }

    #[test]
    fn crlf_and_a_missing_last_newline_merge_like_lf() {
        let edited = BASE.replace('\n', "\r\n");
        let m = merge(BASE, edited.trim_end(), BASE);
        assert_eq!(m.text, BASE);
        assert!(m.conflicts.is_empty());
    }

    #[test]
    fn lines_that_look_like_git_markers_are_text() {
        let base = "a\n=======\nb\n";
        let edited = "a\n=======\nb edited\n";
        let new = "a changed\n=======\nb\n";
        let m = merge(base, edited, new);
        assert_eq!(m.text, "a changed\n=======\nb edited\n");
        let theirs = "a\n=======\nb data\n";
        let m = merge(base, edited, theirs);
        assert_eq!(m.conflicts.len(), 1);
        assert!(m.text.contains("=======\n"), "{}", m.text);
    }

    #[test]
    fn sentences_end_after_their_closing_quote() {
        assert_eq!(
            sentence_lines("批示：“好。”下一句。\n"),
            format!("批示：“好。”\n下一句。\n{BREAK}\n")
        );
        let back = |t: &str| t.split('\n').collect::<String>().replace(BREAK, "\n");
        for text in ["a。b\n\nc；d。\n", "无句号\n", "x。"] {
            assert_eq!(back(&sentence_lines(text)), text);
        }
    }
}
