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

/// Space kept between the last text and the colophon's first rule.
const BEFORE_COLOPHON: f64 = 1.5;

/// A typeset bulletin.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Typeset {
    pub pages: Vec<Page>,
    pub anchors: Vec<Anchor>,
}

/// Typesets `doc` with glyphs from `glyphs`.
pub fn typeset(doc: &Document, glyphs: &dyn GlyphSource) -> Result<Typeset, PdfError> {
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

    // The colophon takes the last grid lines of an even page. If the text ends on an odd page
    // it goes on the next page; if it ends on an even page without room, a blank page comes
    // first. Pages added for it carry no number (GB/T 9704 7.5).
    let c = colophon(&set, &doc.front.colophon)?;
    let top = (LINES_PER_PAGE.saturating_sub(c.lines)) as f64 * LINE;
    let last = pages.len();
    let fits = to_grid(flowed.end + BEFORE_COLOPHON) <= top + 1e-6;
    let numbered = if last.is_multiple_of(2) && fits {
        last
    } else {
        if last.is_multiple_of(2) {
            pages.push(Page::default());
        }
        pages.push(Page::default());
        last
    };
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
