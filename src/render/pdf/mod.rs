//! The PDF bulletin, typeset to GB/T 9704-2012 by our own typesetter on printpdf.
//!
//! The way through: [`shape`] turns text into grid cells and half-width words, checking every
//! character against the [`fonts`]; [`linebreak`] and [`title`] break and justify lines on the
//! 28-character grid with the 禁则; [`header`], [`body`], [`table`] and [`colophon`] make grid
//! entries of the bulletin's parts; [`flow`] paginates them over 22 lines a page; [`pages`]
//! adds the colophon and the page numbers ([`folio`]); [`writer`] emits the PDF.

pub(crate) mod body;
pub(crate) mod colophon;
pub(crate) mod dump;
pub mod error;
#[cfg(test)]
mod fixture;
pub(crate) mod flow;
pub(crate) mod folio;
pub mod fonts;
pub(crate) mod header;
pub(crate) mod linebreak;
pub(crate) mod metrics;
pub(crate) mod model;
pub(crate) mod pages;
pub(crate) mod shape;
pub(crate) mod sysfonts;
pub(crate) mod table;
pub(crate) mod title;
pub(crate) mod typeset;
pub(crate) mod writer;

/// Character classes, shared with the other renderers (see [`crate::layout::script`]).
pub use crate::layout::script;

pub use error::PdfError;
pub use fonts::{FontConfig, FontSource, FontStyle, Fonts, Origin};

use crate::document::Document;

/// Most columns a table may have: a ranking table has about ten; more cannot be read on A4.
pub const MAX_TABLE_COLUMNS: usize = 16;
/// Most characters in one table cell (a ranking table's longest cell is a unit's name).
pub const MAX_CELL_CHARS: usize = 100;
/// Most characters in a whole bulletin (about 300 pages of body text).
pub const MAX_DOCUMENT_CHARS: usize = 200_000;
/// Most pages a bulletin may have; a 3,000-unit national table takes about 110.
pub const MAX_PAGES: usize = 400;

/// The typeset pages of `doc` as text, one line per glyph run, rule and outline anchor with
/// positions in mm: what the golden page tests compare (`tests/pages.rs`).
pub fn page_dump(doc: &Document, fonts: &Fonts) -> Result<String, PdfError> {
    Ok(dump::dump(&typeset(doc, fonts)?))
}

/// The type size (pt) and the column widths (mm from rule to rule) this typesetter, and the
/// DOCX after it, gives `table` with glyphs from `fonts`: the width search alone, as the
/// benchmark times it.
pub fn table_plan(
    table: &crate::document::Table,
    fonts: &Fonts,
) -> Result<(f64, Vec<f64>), PdfError> {
    table::plan(&typeset::Setter { glyphs: fonts }, table, "表格")
}

/// Typesets `doc` and returns the PDF file's bytes. The same document and fonts always give
/// the same bytes.
pub fn render(doc: &Document, fonts: &Fonts) -> Result<Vec<u8>, PdfError> {
    write(doc, &typeset(doc, fonts)?, fonts)
}

/// The PDF file of `doc` as typeset by [`typeset`].
pub(crate) fn write(
    doc: &Document,
    typeset: &pages::Typeset,
    fonts: &Fonts,
) -> Result<Vec<u8>, PdfError> {
    writer::write(&doc.front, typeset, fonts)
}

/// Typesets `doc` into pages, refusing documents beyond the limits above. The DOCX takes its
/// 版记 placement from these pages.
pub(crate) fn typeset(doc: &Document, fonts: &Fonts) -> Result<pages::Typeset, PdfError> {
    let total: usize = doc.texts().iter().map(|t| t.chars().count()).sum();
    if total > MAX_DOCUMENT_CHARS {
        return Err(PdfError::TooLarge(format!(
            "通报共 {total} 个字，超过 PDF 排版的上限 {MAX_DOCUMENT_CHARS} 字：请检查是否误贴了大段文字"
        )));
    }
    let tables = doc
        .body
        .iter()
        .chain(doc.attachments.iter().flat_map(|a| a.blocks.iter()));
    for block in tables {
        if let crate::document::Block::Table(t) = block {
            let columns = t
                .header
                .len()
                .max(t.rows.iter().map(Vec::len).max().unwrap_or(0));
            if columns > MAX_TABLE_COLUMNS {
                return Err(PdfError::TooLarge(format!(
                    "表格有 {columns} 列，PDF 中的表格最多 {MAX_TABLE_COLUMNS} 列（A4 纸上无法阅读）：请拆分表格（表头：{}）",
                    error::excerpt(&t.header.join("、"), 30)
                )));
            }
            if let Some(cell) = t
                .header
                .iter()
                .chain(t.rows.iter().flatten())
                .find(|c| c.chars().count() > MAX_CELL_CHARS)
            {
                return Err(PdfError::TooLarge(format!(
                    "表格单元格过长（{} 个字，最多 {MAX_CELL_CHARS} 个字）：“{}”",
                    cell.chars().count(),
                    error::excerpt(cell, 20)
                )));
            }
        }
    }
    let typeset = pages::typeset(doc, fonts)?;
    if typeset.pages.len() > MAX_PAGES {
        return Err(PdfError::TooLarge(format!(
            "排版后共 {} 页，超过 {MAX_PAGES} 页的上限：请检查是否有特别长的段落或表格",
            typeset.pages.len()
        )));
    }
    Ok(typeset)
}
