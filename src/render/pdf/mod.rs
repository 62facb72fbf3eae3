//! The PDF bulletin: the pages [`crate::typeset`] set, written by [`writer`] on printpdf.

pub(crate) mod writer;

use crate::document::Document;
use crate::fonts::Fonts;
use crate::typeset::pages::Typeset;
use crate::typeset::{PdfError, typeset};

/// Typesets `doc` and returns the PDF file's bytes. The same document and fonts always give
/// the same bytes.
pub fn render(doc: &Document, fonts: &Fonts) -> Result<Vec<u8>, PdfError> {
    write(doc, &typeset(doc, fonts)?, fonts)
}

/// The PDF file of `doc` as typeset by [`typeset`].
pub(crate) fn write(doc: &Document, typeset: &Typeset, fonts: &Fonts) -> Result<Vec<u8>, PdfError> {
    writer::write(&doc.front, typeset, fonts)
}
