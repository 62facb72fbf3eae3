//! Character classes for Chinese typesetting: which characters take a whole grid cell, and
//! the line-breaking prohibitions (禁则).

/// Punctuation that may not begin a line (closing marks, enumeration and sentence marks).
const NO_LINE_START: &str = "，。、；：？！）》」』】〕〉〗〙〛”’…—·%％,.;:?!)]}｝］｠";

/// Punctuation that may not end a line (opening brackets and quotes).
const NO_LINE_END: &str = "（《「『【〔〈〖〘〚“‘([{｛［｟";

/// Full-width closing marks whose ink sits in the left half of the em box: at the end of a line
/// they can be compressed to half a cell.
const CLOSING_SQUEEZABLE: &str = "，。、；：？！）》」』】〕〉〗〙〛”’";

/// Full-width opening marks whose ink sits in the right half of the em box.
const OPENING_SQUEEZABLE: &str = "（《「『【〔〈〖〘〚“‘";

/// Whether a line may not start with `ch`.
pub fn no_line_start(ch: char) -> bool {
    NO_LINE_START.contains(ch)
}

/// Whether a line may not end with `ch`.
pub fn no_line_end(ch: char) -> bool {
    NO_LINE_END.contains(ch)
}

/// How a full-width punctuation mark may be compressed to half a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Squeeze {
    /// Not compressible (ideographs, dashes, ellipses, half-width text).
    None,
    /// Ink on the left: the right half of its cell can go.
    Closing,
    /// Ink on the right: the left half of its cell can go.
    Opening,
}

/// How `ch` may be compressed at a line's edge.
pub fn squeeze(ch: char) -> Squeeze {
    if CLOSING_SQUEEZABLE.contains(ch) {
        Squeeze::Closing
    } else if OPENING_SQUEEZABLE.contains(ch) {
        Squeeze::Opening
    } else {
        Squeeze::None
    }
}

/// Whether `ch` is wide by nature (CJK ideographs, kana, hangul, full-width forms, CJK
/// punctuation): it always takes one grid cell.
pub fn is_wide(ch: char) -> bool {
    matches!(ch as u32,
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE10..=0xFE19
        | 0xFE30..=0xFE6F
        | 0xFF01..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD)
}

/// Whether `ch` is narrow by nature (ASCII, Latin, Greek, Cyrillic letters and digits): it
/// takes its own advance width.
pub fn is_narrow(ch: char) -> bool {
    (ch as u32) < 0x2000 && !matches!(ch, '·' | '×' | '÷' | '§' | '°' | '±')
}

/// Whether `ch`, whose advance in its font is `advance_em`, takes a whole grid cell.
/// Characters of ambiguous width (quotes “”, dashes —, ellipsis …, middle dot ·, ①…) follow
/// the font: in a Chinese font they are full width.
pub fn takes_cell(ch: char, advance_em: f64) -> bool {
    if is_wide(ch) {
        true
    } else if is_narrow(ch) {
        false
    } else {
        advance_em >= 0.75
    }
}

/// Characters that are never drawn and take no room (zero-width and control characters).
pub fn is_invisible(ch: char) -> bool {
    matches!(ch, '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}' | '\r')
        || (ch.is_control() && !matches!(ch, '\n' | '\t'))
}

/// Whitespace that separates words and may end a line.
pub fn is_space(ch: char) -> bool {
    matches!(ch, ' ' | '\t' | '\n' | '\u{2002}'..='\u{200A}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prohibitions_of_the_spec() {
        for ch in "，。、；：？！）》」』】〕〉”’…—·%".chars() {
            assert!(no_line_start(ch), "{ch}");
        }
        for ch in "（《「『【〔〈“‘".chars() {
            assert!(no_line_end(ch), "{ch}");
        }
        assert!(!no_line_start('字') && !no_line_end('字'));
    }

    #[test]
    fn widths() {
        assert!(takes_cell('字', 1.0));
        assert!(takes_cell('，', 1.0));
        assert!(!takes_cell('6', 0.5));
        assert!(!takes_cell('%', 0.833));
        assert!(takes_cell('“', 1.0));
        assert!(!takes_cell('“', 0.5));
        assert!(takes_cell('—', 1.0));
    }
}
