//! The numbers of GB/T 9704-2012 (see `../shared/specs/gbt9704.md`), in millimetres and points.
//!
//! All layout code measures in millimetres from the top-left corner of the page; only the
//! writer converts to PDF points with the origin at the bottom left.

/// Millimetres per PostScript point.
pub const MM_PER_PT: f64 = 25.4 / 72.0;

/// A4.
pub const PAGE_W: f64 = 210.0;
pub const PAGE_H: f64 = 297.0;

/// 订口: left edge of the text block (版心).
pub const BLOCK_LEFT: f64 = 28.0;
/// 天头: top edge of the text block.
pub const BLOCK_TOP: f64 = 37.0;
/// 版心 156 × 225.
pub const BLOCK_W: f64 = 156.0;
pub const BLOCK_H: f64 = 225.0;
pub const BLOCK_RIGHT: f64 = BLOCK_LEFT + BLOCK_W;
pub const BLOCK_BOTTOM: f64 = BLOCK_TOP + BLOCK_H;

/// 28 characters per line, 22 lines per page.
pub const CHARS_PER_LINE: usize = 28;
pub const LINES_PER_PAGE: usize = 22;
/// Character pitch of the grid: 156/28 mm.
pub const CELL: f64 = BLOCK_W / CHARS_PER_LINE as f64;
/// Line pitch of the grid: 225/22 mm.
pub const LINE: f64 = BLOCK_H / LINES_PER_PAGE as f64;

/// Chinese type sizes in points.
pub mod size {
    pub const CHU: f64 = 42.0;
    pub const XIAOCHU: f64 = 36.0;
    pub const YI: f64 = 26.0;
    pub const XIAOYI: f64 = 24.0;
    /// 二号: title.
    pub const ER: f64 = 22.0;
    /// 三号: body text.
    pub const SAN: f64 = 16.0;
    pub const XIAOSAN: f64 = 15.0;
    /// 四号: colophon, page numbers.
    pub const SI: f64 = 14.0;
    /// 小四: tables.
    pub const XIAOSI: f64 = 12.0;
}

/// The em of `size_pt` in millimetres.
pub fn em(size_pt: f64) -> f64 {
    size_pt * MM_PER_PT
}

/// Share of the em box above the baseline (ideographic em box: 0.88 above, 0.12 below).
pub const EM_ASCENT: f64 = 0.88;

/// Baseline of text of `size_pt` set on a grid line, measured from the line's top.
///
/// Body text (三号) has its em box on the top of the line (so the first line's top is the top
/// of the text block); any other size is centred on the same axis as body text.
pub fn baseline_in_line(size_pt: f64) -> f64 {
    em(size::SAN) / 2.0 + (EM_ASCENT - 0.5) * em(size_pt)
}

/// Top of grid line `index` (0-based) from the top of the text block.
pub fn line_top(index: usize) -> f64 {
    index as f64 * LINE
}

/// Page numbers: the dash line 7 mm below the text block.
pub const FOLIO_AXIS: f64 = BLOCK_BOTTOM + 7.0;

/// Rules of the colophon (版记).
pub const RULE_THICK: f64 = 0.35;
pub const RULE_THIN: f64 = 0.25;
/// The red rule of the header.
pub const RULE_RED: f64 = 0.5;

/// Tiny tolerance for comparing lengths in millimetres.
pub const EPS: f64 = 1e-6;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_fills_the_block() {
        assert!((CELL * 28.0 - 156.0).abs() < EPS);
        assert!((LINE * 22.0 - 225.0).abs() < EPS);
        assert!((CELL - 5.571).abs() < 0.001);
        assert!((LINE - 10.227).abs() < 0.001);
    }

    #[test]
    fn body_text_sits_on_the_top_of_its_line() {
        let top = baseline_in_line(size::SAN) - EM_ASCENT * em(size::SAN);
        assert!(top.abs() < EPS);
    }
}
