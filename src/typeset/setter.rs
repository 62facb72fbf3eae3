//! Shared steps of setting text: spans → pieces in type styles, shaping, line setting, and
//! lines → grid entries.

use super::error::{PdfError, excerpt};
use super::flow::{Entry, Lines};
use super::linebreak::{self, Align, Frame, Line};
use super::metrics::{BLOCK_LEFT, BLOCK_RIGHT, BLOCK_W, Block, CELL, baseline_in_line, em, size};
use super::model::{Ink, Mark, Stroke, TextRun};
use super::shape::{GlyphSource, Item, Piece, shape};
use crate::document::{Span, Style};
use crate::font_style::FontStyle;
use crate::layout::parts::{EMPHASIS_STYLE, STRONG_STYLE};

/// The glyph source and the helpers every part of the page uses.
pub(crate) struct Setter<'a> {
    pub glyphs: &'a dyn GlyphSource,
    /// The block being set: the portrait page's, or the turned block of a landscape attachment.
    pub block: Block,
}

impl<'a> Setter<'a> {
    /// A setter for the portrait page.
    pub(crate) fn new(glyphs: &'a dyn GlyphSource) -> Self {
        Setter {
            glyphs,
            block: Block::PORTRAIT,
        }
    }

    /// The same glyphs set in `block`.
    pub(crate) fn in_block(&self, block: Block) -> Self {
        Setter {
            glyphs: self.glyphs,
            block,
        }
    }

    /// `frame`, given for the portrait block, moved onto this setter's block: the same indents
    /// from its left edge, its width grown or shrunk with the block's.
    pub(crate) fn fit_frame(&self, frame: Frame) -> Frame {
        if self.block == Block::PORTRAIT {
            return frame;
        }
        Frame {
            left: self.block.left + (frame.left - BLOCK_LEFT),
            width: frame.width + (self.block.width - BLOCK_W),
            ..frame
        }
    }
    /// Shapes `pieces` at `size_pt`, full-width characters `cell` mm wide.
    pub(crate) fn shape(
        &self,
        pieces: &[Piece],
        size_pt: f64,
        cell: f64,
        place: &dyn Fn() -> String,
    ) -> Result<Vec<Item>, PdfError> {
        shape(pieces, size_pt, cell, self.glyphs, place)
    }

    /// Shapes plain text in one style at its natural width (cell = 1 em).
    pub(crate) fn shape_plain(
        &self,
        text: &str,
        style: FontStyle,
        size_pt: f64,
        place: &dyn Fn() -> String,
    ) -> Result<Vec<Item>, PdfError> {
        self.shape(&[Piece { text, style }], size_pt, em(size_pt), place)
    }

    /// Sets body-size text on the 28-cell grid in `frame`, one entry per line.
    pub(crate) fn grid_entries(
        &self,
        pieces: &[Piece],
        frame: Frame,
        keep_with_next: bool,
        anchor: Option<String>,
        place: &dyn Fn() -> String,
    ) -> Result<Vec<Entry>, PdfError> {
        let items = self.shape(pieces, size::SAN, CELL, place)?;
        let lines = linebreak::set(&items, &self.fit_frame(frame));
        let mut anchor = anchor;
        Ok(lines
            .into_iter()
            .map(|line| line_entry(&line, size::SAN, Ink::Black, keep_with_next, anchor.take()))
            .collect())
    }
}

/// The frame of body paragraphs: the whole block, first line indented two cells, justified.
pub(crate) fn paragraph_frame() -> Frame {
    Frame {
        left: BLOCK_LEFT,
        width: BLOCK_W,
        first_indent: 2.0 * CELL,
        indent: 0.0,
        align: Align::Justify,
        em: em(size::SAN),
    }
}

/// Lines flush left with no indent (主送机关).
pub(crate) fn flush_frame() -> Frame {
    Frame {
        first_indent: 0.0,
        ..paragraph_frame()
    }
}

/// Style of a span inside text whose own style is `base`.
pub(crate) fn span_style(style: Style, base: FontStyle) -> FontStyle {
    match style {
        Style::Plain => base,
        Style::Strong => STRONG_STYLE,
        Style::Emphasis => EMPHASIS_STYLE,
    }
}

/// Pieces of `spans` over a base style.
pub(crate) fn pieces(spans: &[Span], base: FontStyle) -> Vec<Piece<'_>> {
    spans
        .iter()
        .map(|s| Piece {
            text: &s.text,
            style: span_style(s.style, base),
        })
        .collect()
}

/// The plain text of spans.
pub(crate) fn plain(spans: &[Span]) -> String {
    spans.iter().map(|s| s.text.as_str()).collect()
}

/// A place description with a quotation of its text, e.g. `正文第3段（“截至12月31日……”）`.
pub(crate) fn place_with(what: &str, text: &str) -> String {
    format!("{what}（“{}”）", excerpt(text.trim(), 16))
}

/// A set line as a text mark with its baseline at `baseline` (mm).
pub(crate) fn run(line: &Line, size_pt: f64, ink: Ink, baseline: f64) -> Mark {
    Mark::Text(TextRun {
        size: size_pt,
        ink,
        baseline,
        scale: 1.0,
        bold: false,
        glyphs: line.glyphs.clone(),
    })
}

/// A horizontal rule across the whole text block at `y` (mm from the top of the page or of
/// the part being set).
pub(crate) fn block_rule(y: f64, thickness: f64, ink: Ink) -> Mark {
    Mark::Stroke(Stroke::horizontal(
        BLOCK_LEFT,
        BLOCK_RIGHT,
        y,
        thickness,
        ink,
    ))
}

/// One grid line holding `line`.
pub(crate) fn line_entry(
    line: &Line,
    size_pt: f64,
    ink: Ink,
    keep_with_next: bool,
    anchor: Option<String>,
) -> Entry {
    Entry::Lines(Lines {
        count: 1,
        marks: vec![run(line, size_pt, ink, baseline_in_line(size_pt))],
        keep_with_next,
        anchor,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typeset::metrics::{EM_ASCENT, LINE};
    use crate::typeset::shape::testing::items;

    #[test]
    fn paragraphs_take_the_block_with_a_two_character_indent() {
        let f = paragraph_frame();
        assert_eq!(
            (f.left, f.width, f.first_indent),
            (BLOCK_LEFT, BLOCK_W, 2.0 * CELL)
        );
        assert_eq!(flush_frame().first_indent, 0.0);
    }

    #[test]
    fn strong_is_heiti_and_emphasis_kaiti_over_any_base() {
        for base in FontStyle::ALL {
            assert_eq!(span_style(Style::Plain, base), base);
            assert_eq!(span_style(Style::Strong, base), FontStyle::Heiti);
            assert_eq!(span_style(Style::Emphasis, base), FontStyle::Kaiti);
        }
    }

    #[test]
    fn rules_span_the_block() {
        let Mark::Stroke(s) = block_rule(12.0, 0.35, Ink::Black) else {
            panic!("a stroke")
        };
        assert_eq!(
            (s.x0, s.x1, s.y0, s.y1),
            (BLOCK_LEFT, BLOCK_RIGHT, 12.0, 12.0)
        );
    }

    #[test]
    fn a_body_line_puts_its_em_box_on_the_top_of_the_grid_line() {
        let line = linebreak::set(&items("正文"), &paragraph_frame()).remove(0);
        let Entry::Lines(lines) = line_entry(&line, size::SAN, Ink::Black, false, None) else {
            panic!("lines")
        };
        assert_eq!(lines.count, 1);
        let Mark::Text(run) = &lines.marks[0] else {
            panic!("text")
        };
        assert!((run.baseline - EM_ASCENT * em(size::SAN)).abs() < 1e-9);
        assert!(run.baseline < LINE);
    }
}
