//! The PDF bulletin, typeset to GB/T 9704-2012 by our own typesetter on printpdf.
//!
//! The way through: [`shape`] turns text into grid cells and half-width words, checking every
//! character against the [`fonts`]; [`linebreak`] and [`title`] break and justify lines on the
//! 28-character grid with the 禁则; [`header`], [`body`], [`table`] and [`colophon`] make grid
//! entries of the bulletin's parts; [`flow`] paginates them over 22 lines a page; [`pages`]
//! adds the colophon and the page numbers ([`folio`]); [`writer`] emits the PDF.

pub mod body;
pub mod colophon;
pub mod error;
pub mod flow;
pub mod folio;
pub mod fonts;
pub mod header;
pub mod linebreak;
pub mod metrics;
pub mod model;
pub mod pages;
pub mod script;
pub mod shape;
pub mod sysfonts;
pub mod table;
pub mod title;
pub mod typeset;
pub mod writer;

pub use error::PdfError;
pub use fonts::{FontConfig, FontSource, FontStyle, Fonts, Origin};

use crate::document::Document;

/// Typesets `doc` and returns the PDF file's bytes. The same document and fonts always give
/// the same bytes.
pub fn render(doc: &Document, fonts: &Fonts) -> Result<Vec<u8>, PdfError> {
    let typeset = pages::typeset(doc, fonts)?;
    writer::write(&doc.front, &typeset, fonts)
}
