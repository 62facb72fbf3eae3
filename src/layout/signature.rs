//! The signature block (GB/T 9704-2012 7.3.5.3, 不加盖印章的公文): where the 署名 and the
//! 成文日期 start on their lines. Every renderer measures the two texts in its fonts and asks
//! [`place`]; none decides again.
//!
//! The rule: one blank line below the body, the 署名 ends two characters in from the right
//! edge of the text block; the 成文日期 goes on the next line, starting two characters right of
//! the 署名's start. When the date would then reach into the last two characters (a short
//! 署名), the date ends two characters in from the right instead and the 署名 starts two
//! characters left of the date. A 署名 longer than its line wraps, right-aligned two
//! characters in.

use super::page::{BLOCK_W, CELL};

/// The gap kept at the right edge and the date's offset from the 署名: two grid characters.
pub const INDENT_CELLS: f64 = 2.0;

/// Where the lines of the signature block start, in millimetres from the text block's left
/// edge.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placement {
    /// Start of the 署名's line.
    pub sign_start: f64,
    /// Start of the 成文日期's line.
    pub date_start: f64,
    /// The 署名 is longer than the room from its start to the right edge: it wraps,
    /// right-aligned two characters in from the right edge (`sign_start` is then 0).
    pub sign_wraps: bool,
}

/// Places a 署名 `sign_width` mm wide and a 成文日期 `date_width` mm wide (their natural widths
/// on the grid).
pub fn place(sign_width: f64, date_width: f64) -> Placement {
    let gap = INDENT_CELLS * CELL;
    let right = BLOCK_W - gap;
    let mut sign = right - sign_width;
    let mut date = sign + gap;
    if date + date_width > right {
        date = right - date_width;
        sign = date - gap;
    }
    let sign = sign.max(0.0);
    let sign_wraps = sign_width > BLOCK_W - sign + 1e-6;
    Placement {
        sign_start: if sign_wraps { 0.0 } else { sign },
        date_start: date.max(0.0),
        sign_wraps,
    }
}

/// The right indent of a wrapped 署名 (two grid characters), in millimetres.
pub fn wrapped_right_indent() -> f64 {
    INDENT_CELLS * CELL
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(p: Placement) -> (f64, f64) {
        let r = |x: f64| (x / CELL * 100.0).round() / 100.0;
        (r(p.sign_start), r(p.date_start))
    }

    #[test]
    fn signature_two_in_from_the_right_date_two_right_of_it() {
        // A 署名 of 8 characters and a date of 5.5: the date fits two right of the 署名.
        let p = place(8.0 * CELL, 5.5 * CELL);
        assert_eq!(cells(p), (18.0, 20.0));
        assert!(!p.sign_wraps);
        // The date ends inside the two characters kept free at the right.
        assert!(p.date_start + 5.5 * CELL <= BLOCK_W - 2.0 * CELL + 1e-9);
    }

    #[test]
    fn a_date_longer_than_the_signature_allows_goes_two_in_and_pushes_the_signature_left() {
        let p = place(4.0 * CELL, 7.5 * CELL);
        assert_eq!(cells(p), (16.5, 18.5));
        assert!((p.date_start + 7.5 * CELL - (BLOCK_W - 2.0 * CELL)).abs() < 1e-9);
        assert!((p.date_start - p.sign_start - 2.0 * CELL).abs() < 1e-9);
    }

    #[test]
    fn a_signature_longer_than_a_line_wraps_right_aligned() {
        let p = place(40.0 * CELL, 5.5 * CELL);
        assert!(p.sign_wraps);
        assert_eq!(p.sign_start, 0.0);
        assert!(p.date_start >= 0.0);
        assert!((wrapped_right_indent() - 2.0 * CELL).abs() < 1e-9);
        // Just fitting (26 characters from 0 to two in from the right) does not wrap.
        assert!(!place(26.0 * CELL, 5.5 * CELL).sign_wraps);
    }
}
