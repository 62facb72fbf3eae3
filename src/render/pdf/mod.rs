//! The PDF bulletin: the pages [`crate::typeset`] set, written by [`writer`] on printpdf.

pub(crate) mod writer;

use crate::document::Document;
use crate::fonts::Fonts;
use crate::typeset::model::{Anchor, Page};
use crate::typeset::{PdfError, typeset};

/// Typesets `doc` and returns the PDF file's bytes. The same document and fonts always give
/// the same bytes.
pub fn render(doc: &Document, fonts: &Fonts) -> Result<Vec<u8>, PdfError> {
    let set = typeset(doc, fonts)?;
    write(doc, set.pages, &set.anchors, fonts)
}

/// The PDF file of `doc` from the `pages` and outline `anchors` [`typeset`] set. The pages are
/// consumed, each page's marks as its content is written.
pub(crate) fn write(
    doc: &Document,
    pages: Vec<Page>,
    anchors: &[Anchor],
    fonts: &Fonts,
) -> Result<Vec<u8>, PdfError> {
    writer::write(&doc.front, pages, anchors, fonts)
}
