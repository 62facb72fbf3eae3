//! What the typesetter produces: pages of positioned glyphs and rules, in millimetres from
//! the top-left corner of the page. The writer turns them into PDF operators.

pub(crate) use crate::fonts::{FaceKey, Glyph};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ink {
    Black,
    Red,
}

/// A glyph at its horizontal position (mm from the page's left edge).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Placed {
    pub x: f64,
    pub glyph: Glyph,
}

/// Glyphs of one size and colour on one baseline.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TextRun {
    pub size: f64,
    pub ink: Ink,
    /// Baseline, mm from the top (of the page once placed; of the entry before).
    pub baseline: f64,
    /// Horizontal scale of the glyphs (1.0 = normal).
    pub scale: f64,
    /// Emboldened by stroking the outlines (加粗 of a face without a bold weight).
    pub bold: bool,
    pub glyphs: Vec<Placed>,
}

/// A straight line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Stroke {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
    pub thickness: f64,
    pub ink: Ink,
}

impl Stroke {
    pub(crate) fn horizontal(x0: f64, x1: f64, y: f64, thickness: f64, ink: Ink) -> Self {
        Stroke {
            x0,
            y0: y,
            x1,
            y1: y,
            thickness,
            ink,
        }
    }

    pub(crate) fn vertical(x: f64, y0: f64, y1: f64, thickness: f64) -> Self {
        Stroke {
            x0: x,
            y0,
            x1: x,
            y1,
            thickness,
            ink: Ink::Black,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Mark {
    Text(TextRun),
    Stroke(Stroke),
}

impl Mark {
    /// The same mark moved down by `dy` mm.
    pub(crate) fn shifted(mut self, dy: f64) -> Mark {
        match &mut self {
            Mark::Text(run) => run.baseline += dy,
            Mark::Stroke(s) => {
                s.y0 += dy;
                s.y1 += dy;
            }
        }
        self
    }
}

/// A bookmark of the outline.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Anchor {
    pub title: String,
    /// 0-based page index.
    pub page: usize,
    /// mm from the top of the page.
    pub y: f64,
}

/// One finished page.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Page {
    /// The page's text and rules; on a turned page, in the turned page's coordinates
    /// ([`crate::layout::page::Block::TURNED`]).
    pub marks: Vec<Mark>,
    /// The page number printed on it, if any.
    pub folio: Option<usize>,
    /// Set landscape (横排): the writer turns `marks` onto the portrait page, the table's
    /// top toward the binding edge.
    pub turned: bool,
    /// Marks of a turned page that stay upright in the portrait page's coordinates: its page
    /// number, where every other page has it (GB/T 9704-2012 §10).
    pub upright: Vec<Mark>,
}
