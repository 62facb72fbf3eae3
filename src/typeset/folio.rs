//! Page numbers: `— 1 —`, 四号 half-width 宋体 digits between em dashes, the dash line 7 mm
//! below the text block, odd pages flush right and even pages flush left, one character in.

use super::error::PdfError;
use super::metrics::{EM_ASCENT, em};
use super::model::{Ink, Mark, Placed, TextRun};
use super::shape::GlyphSource;
use crate::layout::folio::{self as layout, AXIS, DASH, SIZE, STYLE};

/// The page number `number` for its page.
pub(crate) fn folio(glyphs: &dyn GlyphSource, number: usize) -> Result<Mark, PdfError> {
    let size_pt = SIZE;
    let em = em(size_pt);
    let text = number.to_string();
    let context = layout::text(number);
    let get = |ch: char| -> Result<_, PdfError> {
        glyphs
            .glyph(STYLE, ch)?
            .ok_or_else(|| PdfError::MissingGlyph {
                ch,
                place: "页码".to_string(),
                context: context.clone(),
                fonts: glyphs.searched(STYLE),
            })
    };
    let dash = get(DASH)?;
    let digits: Vec<_> = text.chars().map(get).collect::<Result<_, _>>()?;
    // A half-width space between each dash and the number.
    let space = em / 2.0;
    let width =
        2.0 * dash.advance * em + 2.0 * space + digits.iter().map(|g| g.advance * em).sum::<f64>();
    let mut x = layout::left(number, width);
    let mut placed = Vec::with_capacity(digits.len() + 2);
    placed.push(Placed { x, glyph: dash });
    x += dash.advance * em + space;
    for g in digits {
        placed.push(Placed { x, glyph: g });
        x += g.advance * em;
    }
    x += space;
    placed.push(Placed { x, glyph: dash });
    Ok(Mark::Text(TextRun {
        size: size_pt,
        ink: Ink::Black,
        baseline: AXIS + (EM_ASCENT - 0.5) * em,
        scale: 1.0,
        bold: false,
        glyphs: placed,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typeset::metrics::{BLOCK_LEFT, BLOCK_RIGHT, CELL, size};
    use crate::typeset::shape::testing::Fake;

    fn extent(m: &Mark) -> (f64, f64) {
        let Mark::Text(r) = m else { panic!() };
        let last = r.glyphs.last().unwrap();
        (r.glyphs[0].x, last.x + last.glyph.advance * em(size::SI))
    }

    #[test]
    fn odd_right_even_left_one_character_in() {
        let (_, right) = extent(&folio(&Fake, 3).unwrap());
        assert!((right - (BLOCK_RIGHT - CELL)).abs() < 1e-9);
        let (left, _) = extent(&folio(&Fake, 12).unwrap());
        assert!((left - (BLOCK_LEFT + CELL)).abs() < 1e-9);
    }
}
