//! How a revision (`publish --revise`) is marked on the document. GB/T 9704 has no rule for
//! it; offices reissue a corrected 通报 under the same 期号 and say so on its face, so that a
//! reader holding both copies knows which one stands:
//! - the 期号 of the 简报式 header reads `第5期（修订2）`, the label the archive and its index
//!   give the same issue;
//! - under the title, in the manner of a 题注 (centred, 三号楷体, in parentheses), every header
//!   style carries `（此件为第5期修订稿，此前印发的第5期作废，以此件为准）`: the 文件式 header
//!   shows no 期号, and a reader who sees only the first page of the body still sees it.

pub use crate::format::issue_label;

/// The note set under the title of a revision, none for a first publication.
pub fn note(issue: u64, revision: Option<u32>) -> Option<String> {
    match revision {
        Some(r) if r > 1 => Some(format!(
            "（此件为第{issue}期修订稿，此前印发的第{issue}期作废，以此件为准）"
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_first_publication_carries_no_mark() {
        assert_eq!(issue_label(5, None), "第5期");
        assert_eq!(issue_label(5, Some(1)), "第5期");
        assert_eq!(note(5, None), None);
    }

    #[test]
    fn a_revision_says_so_in_the_issue_number_and_under_the_title() {
        assert_eq!(issue_label(5, Some(2)), "第5期（修订2）");
        assert_eq!(
            note(5, Some(3)).as_deref(),
            Some("（此件为第5期修订稿，此前印发的第5期作废，以此件为准）")
        );
    }
}
