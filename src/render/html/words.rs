//! Line breaks between words in the page: text that may wrap — titles, the office line, the
//! signature, table cells, the 版记's printing office — is written with `<wbr>` at each of
//! [`segment::breaks`]' positions, and the stylesheet sets those elements in
//! `word-break: keep-all`, so the browser breaks a line of Chinese only there (and at spaces
//! and the punctuation the 禁则 allow). Body paragraphs are not marked: they keep the grid.

use super::escape;
use crate::layout::header::estimated_width_em;
use crate::layout::page::em;
use crate::segment;

/// `text`, escaped, with `<wbr>` between its words.
pub(crate) fn breakable(text: &str) -> String {
    segment::words(text)
        .into_iter()
        .map(escape)
        .collect::<Vec<_>>()
        .join("<wbr>")
}

/// `text`, escaped, with `<wbr>` between its words only when it may not fit in `room` mm at
/// `size_pt` (by [`estimated_width_em`]); a text that surely fits is left as it is, so the
/// segmenter is not loaded for it.
pub(crate) fn breakable_within(text: &str, size_pt: f64, room: f64) -> String {
    if estimated_width_em(text) * em(size_pt) <= room {
        escape(text)
    } else {
        breakable(text)
    }
}

/// Byte offsets in the unmarked text where `<wbr>` stands in `marked` (for tests).
#[cfg(test)]
pub(crate) fn wbr_offsets(marked: &str) -> Vec<usize> {
    let mut at = Vec::new();
    let mut plain = 0;
    for (i, piece) in marked.split("<wbr>").enumerate() {
        if i > 0 {
            at.push(plain);
        }
        plain += piece.len();
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_breaks_exactly_at_the_segment_boundaries() {
        let text = "关于2019年12月份全市城镇居住区配套幼儿园专项整治工作进展情况的通报";
        let marked = breakable(text);
        assert_eq!(marked.replace("<wbr>", ""), text);
        assert_eq!(wbr_offsets(&marked), segment::breaks(text));
        assert!(marked.contains("配套幼儿园<wbr>专项整治<wbr>工作<wbr>进展情况的<wbr>通报"));
    }

    #[test]
    fn escapes_each_word() {
        assert_eq!(breakable("A&B").replace("<wbr>", ""), "A&amp;B");
        assert_eq!(
            breakable("<b>加粗</b>").replace("<wbr>", ""),
            "&lt;b&gt;加粗&lt;/b&gt;"
        );
    }

    #[test]
    fn a_short_text_is_left_whole() {
        let block = crate::layout::page::BLOCK_W;
        assert_eq!(
            breakable_within("城镇老旧小区改造", 22.0, block),
            "城镇老旧小区改造"
        );
        let long = "临沂市城镇居住区配套幼儿园专项整治工作领导小组办公室";
        assert!(breakable_within(long, 22.0, block).contains("<wbr>"));
        assert!(breakable_within(long, 16.0, block - 40.0).contains("<wbr>"));
        assert!(!breakable_within(long, 12.0, block).contains("<wbr>"));
    }
}
