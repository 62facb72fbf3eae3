//! The whole bulletin as pages: header, body and attachments flowed over the grid, the
//! colophon (版记) on an even page at the bottom, page numbers.

use super::body;
use super::colophon::colophon;
use super::error::PdfError;
use super::flow::{paginate, to_grid};
use super::folio::folio;
use super::header::header_entries;
use super::metrics::{BLOCK_TOP, LINE, LINES_PER_PAGE};
use super::model::{Anchor, Page};
use super::shape::GlyphSource;
use super::typeset::Setter;
use crate::document::Document;
use crate::layout::colophon as layout;

/// A typeset bulletin.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Typeset {
    pub pages: Vec<Page>,
    pub anchors: Vec<Anchor>,
}

/// Typesets `doc` with glyphs from `glyphs`.
pub(crate) fn typeset(doc: &Document, glyphs: &dyn GlyphSource) -> Result<Typeset, PdfError> {
    let set = Setter { glyphs };
    let mut entries = header_entries(&set, &doc.front)?;
    entries.extend(body::body_entries(&set, doc)?);
    for (i, attachment) in doc.attachments.iter().enumerate() {
        entries.extend(body::attachment_entries(&set, attachment, i + 1)?);
    }
    let flowed = paginate(&entries);
    let mut pages: Vec<Page> = flowed
        .pages
        .into_iter()
        .map(|marks| Page { marks, folio: None })
        .collect();

    // The colophon takes the last grid lines of an even page (see `layout::colophon`).
    let c = colophon(&set, &doc.front.colophon)?;
    let top = (LINES_PER_PAGE.saturating_sub(c.lines)) as f64 * LINE;
    let fits = to_grid(flowed.end + layout::SPACE_BEFORE) <= top + 1e-6;
    let placement = layout::placement(pages.len(), fits);
    pages.extend((0..placement.added_pages).map(|_| Page::default()));
    let numbered = placement.numbered;
    if let Some(page) = pages.last_mut() {
        page.marks
            .extend(c.marks.into_iter().map(|m| m.shifted(BLOCK_TOP + top)));
    }
    for (i, page) in pages.iter_mut().enumerate().take(numbered) {
        let number = i + 1;
        page.marks.push(folio(glyphs, number)?);
        page.folio = Some(number);
    }
    Ok(Typeset {
        pages,
        anchors: flowed.anchors,
    })
}
