//! Word's units and the grid's numbers in them: twips (1/20 pt) and half-points of the page
//! set-up (A4, the 37 / 35 / 28 / 26 mm margins), the line pitch and character spacing that
//! encode the 28 × 22 grid, and which encoding of the grid a document uses ([`Grid`]). A leaf:
//! it imports nothing from the DOCX writer.
//!
//! Two encodings of the grid (see [`Grid`]):
//! - **portable** (the default): exact line spacing of 579 twips (28.95 pt; 22 lines fill the
//!   225 mm block) and −0.7 pt character spacing in 正文 (28 characters of 15.3 pt fit the
//!   156 mm line with room to spare, 29 do not; see [`body_char_spacing_twips`]), no document
//!   grid. LibreOffice, Word and WPS all honour these paragraph and run properties.
//! - **word**: what offices set in Word's 页面设置 → 文档网格: `linesAndChars` with a line
//!   pitch of 579 and `charSpace` = (pitch − size) × 4096 = −848, and no character spacing.
//!   LibreOffice 7.4 reads that grid differently (14 characters a line in our measurement), so
//!   it is an option for offices that edit in Word only.

use crate::layout::page::{
    BLOCK_H, BLOCK_LEFT, BLOCK_RIGHT, BLOCK_W, CELL, CHARS_PER_LINE, LINES_PER_PAGE, MM_PER_PT,
    PAGE_H, PAGE_W, em,
};
use crate::layout::{folio, size};

/// How the grid of 28 characters × 22 lines is written into the document.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Grid {
    /// Exact line spacing and character spacing in the styles (LibreOffice, Word and WPS).
    #[default]
    Portable,
    /// Word's own document grid (`linesAndChars`, `charSpace` −848).
    Word,
}

impl Grid {
    /// The name `--docx-grid` takes.
    pub fn name(self) -> &'static str {
        match self {
            Grid::Portable => "portable",
            Grid::Word => "word",
        }
    }
}

impl std::fmt::Display for Grid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Grid {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "portable" => Ok(Grid::Portable),
            "word" => Ok(Grid::Word),
            other => Err(format!(
                "不支持的 DOCX 网格写法 “{other}”，可用：portable（默认，各软件通用）、word（Word 的文档网格）"
            )),
        }
    }
}

/// Twips (1/20 pt) of `mm` millimetres, rounded.
pub(crate) fn twips(mm: f64) -> i64 {
    (mm / MM_PER_PT * 20.0).round() as i64
}

/// Half-points of a size in points (`w:sz`).
pub(crate) fn half_points(size_pt: f64) -> i64 {
    (size_pt * 2.0).round() as i64
}

/// Line pitch in twips: the largest whole number with 22 lines inside the block (579).
pub(crate) fn line_twips() -> i64 {
    (BLOCK_H / MM_PER_PT * 20.0 / LINES_PER_PAGE as f64).floor() as i64
}

/// One grid character (156/28 mm) in twips.
pub(crate) fn cell_twips() -> i64 {
    twips(CELL)
}

/// The text block's width in twips (156 mm = 8844).
pub(crate) fn block_twips() -> i64 {
    twips(BLOCK_W)
}

/// The width Word and LibreOffice lay lines out in: the page less the left and right margins,
/// in twips (11906 − 1587 − 1474 = 8845; one more than 156 mm rounded, 8844).
pub(crate) fn line_width_twips() -> i64 {
    twips(PAGE_W) - twips(BLOCK_LEFT) - twips(PAGE_W - BLOCK_RIGHT)
}

/// Character spacing of 正文 in the portable grid, in twips (`w:spacing`): the tightest that
/// still leaves no room for a 29th character: 29 × (320 − 14) = 8874 > 8845, while 29 × 305
/// would fit; so −14 (−0.7 pt).
///
/// The grid pitch is 15.79 pt, so −0.25 pt would do for pure Chinese text; but LibreOffice
/// 7.4 ignores `w:autoSpaceDE`/`autoSpaceDN` and adds about 1.3 mm on each side of a run of
/// digits or Latin next to Chinese text, and does not compress punctuation, so a line with
/// figures lost its 28th character. Measured on the samples converted by LibreOffice
/// (median characters a full line, `gbt9704_check.py` R6): −0.25 pt 27 (linyi); −0.5 pt
/// 27.75 (linyi), 27 (dongyi); −0.6 pt 28, 27.5; −0.7 pt 28, 28. At −0.7 pt a 28-character
/// line keeps 4.9 mm for such spacing; Word and WPS, which add none, justify the 28.
pub(crate) fn body_char_spacing_twips() -> i64 {
    let body = half_points(size::BODY) * 10;
    let widest_refusing_29 = line_width_twips() / (CHARS_PER_LINE as i64 + 1) + 1;
    widest_refusing_29 - body
}

/// Word's `charSpace` for the grid pitch: (pitch − size) × 4096, rounded (−848).
pub(crate) fn word_char_space() -> i64 {
    let pitch_pt = BLOCK_W / MM_PER_PT / CHARS_PER_LINE as f64;
    ((pitch_pt - size::BODY) * 4096.0).round() as i64
}

/// Raise of 三号 runs, in half-points (`w:position`). Word and LibreOffice put the extra leading
/// of an exact line above the text; raised by 7.5 pt, the em box sits at the top of its grid
/// line as in GB/T 9704's grid (and our PDF): the first line's top on the block's top edge.
pub(crate) const BODY_RAISE: i64 = 15;

/// Distance of the footer from the page's bottom edge: the page number's axis 7 mm below the
/// text block, the axis being about 0.65 em (四号) above the footer's bottom edge.
pub(crate) fn footer_twips() -> i64 {
    twips(PAGE_H - folio::AXIS - 0.65 * em(folio::SIZE))
}

/// The page number's line under the 版记 on a numbered 版记 page: its top on the block's
/// bottom edge (where the 版记's last rule is), the number's axis 7 mm below (GB/T 9704 7.5),
/// as LibreOffice sets an exact line (its extra leading above the text), in twips. Measured
/// on dongyi's 版记 page converted by LibreOffice 7.4: last rule at 261.8 mm, the number's
/// axis at 269.0 mm (268.7 with 607).
pub(crate) const NUMBER_LINE_UNDER_COLOPHON: i64 = 624;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_numbers_offices_set() {
        assert_eq!(line_twips(), 579);
        assert!(22 * line_twips() <= twips(BLOCK_H));
        // 28 characters fit the line, 29 do not, and one twip less would let 29 in.
        assert_eq!(line_width_twips(), 8845);
        assert_eq!(body_char_spacing_twips(), -14);
        let pitch = 320 + body_char_spacing_twips();
        assert!(28 * pitch <= block_twips());
        assert!(29 * pitch > line_width_twips());
        assert!(29 * (pitch - 1) <= line_width_twips());
        assert_eq!(word_char_space(), -848);
        assert_eq!(block_twips(), 8844);
        assert_eq!((twips(PAGE_W), twips(PAGE_H)), (11906, 16838));
        assert_eq!(
            (twips(37.0), twips(35.0), twips(28.0), twips(26.0)),
            (2098, 1984, 1587, 1474)
        );
    }
}
