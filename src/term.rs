//! What a campaign term is: a name of the campaign's own (a unit, a part, an action) short
//! enough that lines never break inside it. Compose writes the campaign's terms into the
//! draft's `words:` ([`crate::compose`]); segmentation makes each one word
//! ([`crate::segment::use_words`]). Shared ground, so both can ask.

/// Campaign terms longer than this are not made single words: a long name (城镇居住区配套幼儿园
/// 专项整治, 14 characters) kept whole would leave a title no balanced break, and a six-character
/// part (三格化粪池式) a table header column too wide for the unit names beside it; their own
/// words keep them readable, as a five-character one (办成公办园) would otherwise crowd the unit
/// names. Unit names (郯城县) and parts (煤改电, 拆改结合) fit.
pub const MAX_TERM_CHARS: usize = 4;

/// Whether `term` can be made one word by [`crate::segment::use_words`]: two to [`MAX_TERM_CHARS`] ideographs,
/// Latin letters or digits (jieba segments runs of those; punctuation always separates).
pub fn is_term(term: &str) -> bool {
    let n = term.chars().count();
    (2..=MAX_TERM_CHARS).contains(&n)
        && term
            .chars()
            .all(|c| is_ideograph(c) || c.is_ascii_alphanumeric())
}

/// A CJK ideograph (the unified blocks and their extensions, the compatibility block).
pub fn is_ideograph(ch: char) -> bool {
    matches!(ch as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFD)
}
