//! A4 and the text block (版心) of GB/T 9704-2012, with its 28 × 22 grid. Millimetres from
//! the top-left corner of the page.

/// Millimetres per PostScript point.
pub const MM_PER_PT: f64 = 25.4 / 72.0;

/// A4 width.
pub const PAGE_W: f64 = 210.0;
/// A4 height.
pub const PAGE_H: f64 = 297.0;

/// 订口: left edge of the text block (版心), 28 mm.
pub const BLOCK_LEFT: f64 = 28.0;
/// 天头: top edge of the text block, 37 mm.
pub const BLOCK_TOP: f64 = 37.0;
/// Width of the text block: 156 mm.
pub const BLOCK_W: f64 = 156.0;
/// Height of the text block: 225 mm.
pub const BLOCK_H: f64 = 225.0;
/// Right edge of the text block (26 mm from the page's right edge).
pub const BLOCK_RIGHT: f64 = BLOCK_LEFT + BLOCK_W;
/// Bottom edge of the text block (35 mm from the page's bottom edge).
pub const BLOCK_BOTTOM: f64 = BLOCK_TOP + BLOCK_H;

/// A text block: where text and tables are set on a page, mm from the page's top-left corner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Block {
    /// Left edge.
    pub left: f64,
    /// Top edge.
    pub top: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}

impl Block {
    /// The portrait page's block (版心): 156 × 225 mm at 28 mm from the left, 37 mm from the top.
    pub const PORTRAIT: Block = Block {
        left: BLOCK_LEFT,
        top: BLOCK_TOP,
        width: BLOCK_W,
        height: BLOCK_H,
    };

    /// The block of a page set landscape (横排, GB/T 9704-2012 §10), in the coordinates of the
    /// page turned a quarter (297 mm wide, 210 mm high): the portrait block itself, 225 mm wide
    /// and 156 mm high, its top on the portrait block's left edge (订口). The PDF turns such a
    /// page's text back onto the portrait block, the table's top toward the binding edge.
    pub const TURNED: Block = Block {
        left: PAGE_H - BLOCK_BOTTOM,
        top: BLOCK_LEFT,
        width: BLOCK_H,
        height: BLOCK_W,
    };

    /// Right edge.
    pub fn right(&self) -> f64 {
        self.left + self.width
    }

    /// Bottom edge.
    pub fn bottom(&self) -> f64 {
        self.top + self.height
    }

    /// Whether this is the turned block.
    pub fn turned(&self) -> bool {
        *self == Block::TURNED
    }
}

/// Right margin (翻口).
pub const MARGIN_RIGHT: f64 = PAGE_W - BLOCK_RIGHT;
/// Bottom margin (地脚).
pub const MARGIN_BOTTOM: f64 = PAGE_H - BLOCK_BOTTOM;

/// Characters per line of the grid.
pub const CHARS_PER_LINE: usize = 28;
/// Lines per page of the grid.
pub const LINES_PER_PAGE: usize = 22;
/// Character pitch of the grid: 156/28 mm.
pub const CELL: f64 = BLOCK_W / CHARS_PER_LINE as f64;
/// Line pitch of the grid: 225/22 mm.
pub const LINE: f64 = BLOCK_H / LINES_PER_PAGE as f64;

/// Pitch of table lines: 3/5 of the grid's line pitch (five table lines in three body lines),
/// each line of a cell one table line, padding included.
pub const TABLE_LINE: f64 = LINE * 3.0 / 5.0;

/// Space between a table cell's rules and its text, left and right, mm: 0.75 (the DOCX's
/// 43-twip cell margins), little enough that a twelve-column table keeps its unit names and
/// header words whole at 小五.
pub const TABLE_PAD: f64 = 0.75;

/// The em of `size_pt` in millimetres.
pub fn em(size_pt: f64) -> f64 {
    size_pt * MM_PER_PT
}

/// Top of grid line `index` (0-based) from the top of the text block.
pub fn line_top(index: usize) -> f64 {
    index as f64 * LINE
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The numbers of `gbt9704.md`, "Page and grid".
    #[test]
    fn block_and_grid_of_the_standard() {
        assert_eq!((PAGE_W, PAGE_H), (210.0, 297.0));
        assert_eq!((BLOCK_TOP, BLOCK_LEFT), (37.0, 28.0));
        assert_eq!((MARGIN_RIGHT, MARGIN_BOTTOM), (26.0, 35.0));
        assert!((CELL * 28.0 - 156.0).abs() < 1e-9);
        assert!((LINE * 22.0 - 225.0).abs() < 1e-9);
        assert!((CELL - 5.571).abs() < 0.001);
        assert!((LINE - 10.227).abs() < 0.001);
        // 15.79 pt character pitch; the line pitch 28.99 pt.
        assert!((CELL / MM_PER_PT - 15.79).abs() < 0.01);
        assert!((LINE / MM_PER_PT - 28.99).abs() < 0.01);
        assert!((em(16.0) - 5.644).abs() < 0.001);
    }
}
