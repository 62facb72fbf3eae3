//! Page numbers (页码): `— 1 —` in 四号 half-width 宋体 digits between em dashes, the dash line
//! 7 mm below the text block, odd pages flush right and even pages flush left, one character
//! in from the block's edge.

use super::page::{BLOCK_BOTTOM, BLOCK_LEFT, BLOCK_RIGHT, CELL};
use super::size;
use crate::font_style::FontStyle;

/// The dash line's distance below the text block, mm.
pub const BELOW_BLOCK: f64 = 7.0;
/// The dash line (the number's vertical axis), mm from the page's top.
pub const AXIS: f64 = BLOCK_BOTTOM + BELOW_BLOCK;
/// Size of the numbers.
pub const SIZE: f64 = size::FOLIO;
/// Style of the numbers and dashes.
pub const STYLE: FontStyle = FontStyle::Songti;
/// The dash on each side of the number.
pub const DASH: char = '—';

/// The page number as text: `— 12 —` (a space between each dash and the digits; the PDF sets
/// each space half an em wide).
pub fn text(number: usize) -> String {
    format!("{DASH} {number} {DASH}")
}

/// Which side of the page a number is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// Odd pages: flush right, one character in.
    Right,
    /// Even pages: flush left, one character in.
    Left,
}

/// The side of page `number` (1-based).
pub fn side(number: usize) -> Side {
    if number % 2 == 1 {
        Side::Right
    } else {
        Side::Left
    }
}

/// The space between the number and the block's edge: one character of the grid.
pub const INSET: f64 = CELL;

/// The number's left edge, mm from the page's left, for a number `width` mm wide on page
/// `number`.
pub fn left(number: usize, width: f64) -> f64 {
    match side(number) {
        Side::Right => BLOCK_RIGHT - INSET - width,
        Side::Left => BLOCK_LEFT + INSET,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_and_sides_of_the_standard() {
        assert_eq!(text(3), "— 3 —");
        assert_eq!(side(1), Side::Right);
        assert_eq!(side(2), Side::Left);
        assert!((AXIS - 269.0).abs() < 1e-9);
        assert!((left(2, 10.0) - (28.0 + 156.0 / 28.0)).abs() < 1e-9);
        assert!((left(1, 10.0) + 10.0 - (184.0 - 156.0 / 28.0)).abs() < 1e-9);
    }
}
