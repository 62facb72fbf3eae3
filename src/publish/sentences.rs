//! The review's diff: the approved `bulletin.md` against the bulletin the data composes,
//! sentence by sentence (through `similar`, the maintained diff crate). Unchanged sentences
//! pass; every changed, added or removed one is listed with its line, and the changed and
//! added ones are checked number by number ([`claims`](super::claims)).

use similar::{Algorithm, DiffOp, capture_diff_slices};

/// One sentence of a bulletin's body and the line it is on (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// The line in `bulletin.md`.
    pub line: usize,
    /// The sentence, with its closing mark.
    pub text: String,
}

/// A sentence the draft changed, added or removed, as the review lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The sentence the data composes (none for an added one).
    pub before: Option<Sentence>,
    /// The sentence in the draft (none for a removed one).
    pub after: Option<Sentence>,
}

/// The sentences of a bulletin's body: the front matter and table rows left out (the front
/// matter and the tables are compared field by field and cell by cell), each line split after
/// 。！？.
pub fn sentences(markdown: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut in_front = false;
    for (i, line) in markdown.lines().enumerate() {
        if line.trim() == "---" && (i == 0 || in_front) {
            in_front = !in_front;
            continue;
        }
        let line_text = line.trim();
        if in_front || line_text.is_empty() || line_text.starts_with('|') {
            continue;
        }
        let mut current = String::new();
        for c in line_text.chars() {
            current.push(c);
            if matches!(c, '。' | '！' | '？') {
                out.push(Sentence {
                    line: i + 1,
                    text: std::mem::take(&mut current),
                });
            }
        }
        if !current.trim().is_empty() {
            out.push(Sentence {
                line: i + 1,
                text: current,
            });
        }
    }
    out
}

/// The sentences of `draft` that differ from `composed`, in order.
pub fn changes(composed: &[Sentence], draft: &[Sentence]) -> Vec<Change> {
    let old: Vec<&str> = composed.iter().map(|s| s.text.as_str()).collect();
    let new: Vec<&str> = draft.iter().map(|s| s.text.as_str()).collect();
    let mut out = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, &old, &new) {
        let (removed, added) = match op {
            DiffOp::Equal { .. } => continue,
            DiffOp::Delete {
                old_index, old_len, ..
            } => (old_index..old_index + old_len, 0..0),
            DiffOp::Insert {
                new_index, new_len, ..
            } => (0..0, new_index..new_index + new_len),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => (
                old_index..old_index + old_len,
                new_index..new_index + new_len,
            ),
        };
        let (removed, added): (Vec<_>, Vec<_>) = (removed.collect(), added.collect());
        for k in 0..removed.len().max(added.len()) {
            out.push(Change {
                before: removed.get(k).map(|&i| composed[i].clone()),
                after: added.get(k).map(|&i| draft[i].clone()),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_are_split_after_their_marks_and_tables_are_left_out() {
        let md = "---\ntitle: x\n---\n\n甲。乙！\n| 1 | 2 |\n丙\n";
        let s = sentences(md);
        let texts: Vec<(&str, usize)> = s.iter().map(|s| (s.text.as_str(), s.line)).collect();
        assert_eq!(texts, [("甲。", 5), ("乙！", 5), ("丙", 7)]);
    }

    #[test]
    fn a_changed_an_added_and_a_removed_sentence_are_listed() {
        let a = sentences("甲。乙。丙。\n丁。\n");
        let b = sentences("甲。乙改。丙。\n戊。\n丁。\n");
        let c = changes(&a, &b);
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].before.as_ref().map(|s| s.text.as_str()), Some("乙。"));
        assert_eq!(c[0].after.as_ref().map(|s| s.text.as_str()), Some("乙改。"));
        assert_eq!(c[1].before, None);
        assert_eq!(
            c[1].after.as_ref().map(|s| (s.text.as_str(), s.line)),
            Some(("戊。", 2))
        );
        let removed = changes(&b, &a);
        assert!(removed.iter().any(|c| c.after.is_none()));
    }
}
