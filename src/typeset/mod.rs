//! Typesetting to GB/T 9704-2012: the pages, lines, set tables and title lines that the PDF
//! writer, the DOCX writer and the HTML table widths all read ([`pages::Typeset`]), so the
//! three never decide a line or a page twice and no renderer imports another.
//!
//! The way through: [`shape`] turns text into grid cells and half-width words, checking every
//! character against the [`fonts`](crate::fonts); [`linebreak`] and [`title`] break and justify lines on the
//! 28-character grid with the 禁则; [`header`], [`body`], [`table`] and [`colophon`] make grid
//! entries of the bulletin's parts ([`setter`] places runs); [`flow`] paginates them over 22
//! lines a page; [`pages`] adds the colophon and the page numbers ([`folio`]); [`dump`] writes
//! the pages as text for the page goldens. [`metrics`] and [`model`] are the units and the
//! page model at the bottom; [`error`] says why a document cannot be typeset.

pub(crate) mod body;
pub(crate) mod colophon;
pub(crate) mod dump;
pub mod error;
pub mod fit;
#[cfg(test)]
mod fixture;
pub(crate) mod flow;
pub(crate) mod folio;
pub(crate) mod header;
pub(crate) mod linebreak;
pub(crate) mod metrics;
pub(crate) mod model;
pub(crate) mod pages;
pub(crate) mod set_tables;
pub(crate) mod setter;
pub(crate) mod shape;
pub(crate) mod table;
pub(crate) mod title;

pub use error::PdfError;

use crate::document::Document;
use crate::fonts::Fonts;

/// Most columns a table may have: a ranking table has about ten; more cannot be read on A4.
pub const MAX_TABLE_COLUMNS: usize = 16;
/// Most characters in one table cell (a ranking table's longest cell is a unit's name).
pub const MAX_CELL_CHARS: usize = 100;
/// Most characters of running text in a bulletin (about 300 pages of body text); the text of
/// tables is bounded by the tables' own limits (columns, cell length, [`MAX_TABLE_PAGES`]).
pub const MAX_DOCUMENT_CHARS: usize = 200_000;
/// Most pages one table may take: a ranking table of [`crate::load::MAX_UNITS`] units (the
/// most a campaign may have) takes about 330 (a generated campaign: 334 pages in all).
pub const MAX_TABLE_PAGES: usize = 400;
/// Most pages a bulletin may have: three ranking tables of 10,000 units and the text.
pub const MAX_PAGES: usize = 1_200;

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
    let (plan, _) = table::plan(&setter::Setter::new(fonts), table, "表格")?;
    Ok((plan.size_pt, plan.ruled_widths))
}

/// How the typesetter sets one table: the type size and the column widths rule to rule (mm,
/// summing to the text block's width). The PDF and the DOCX set the table so; the HTML page
/// takes the same widths rather than estimate its own.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TablePlan {
    /// Type size, pt.
    pub size_pt: f64,
    /// Column widths from rule to rule, mm.
    pub ruled_widths: Vec<f64>,
    /// Set on landscape pages (横排): the widths span the turned block's 225 mm.
    pub turned: bool,
}

/// The plan of every table of `doc` in `fonts`, in document order (the body's, then each
/// attachment's): the same measurement the PDF sets them by.
pub fn table_plans(doc: &Document, fonts: &Fonts) -> Result<Vec<TablePlan>, PdfError> {
    plans_with(doc, fonts)
}

/// [`table_plans`] with glyphs from `glyphs`.
pub(crate) fn plans_with(
    doc: &Document,
    glyphs: &dyn shape::GlyphSource,
) -> Result<Vec<TablePlan>, PdfError> {
    crate::segment::use_words(&doc.front.words);
    let set = setter::Setter::new(glyphs);
    fn tables(blocks: &[crate::document::Block]) -> Vec<&crate::document::Table> {
        blocks
            .iter()
            .filter_map(|b| match b {
                crate::document::Block::Table(t) => Some(t),
                _ => None,
            })
            .collect()
    }
    // The body's tables stay portrait; an attachment whose table asks to be turned is set
    // landscape with all its tables, as `pages::typeset` sets it.
    let mut plans = Vec::new();
    let plan_all = |set: &setter::Setter,
                    part: &str,
                    tables: &[&crate::document::Table]|
     -> Result<Vec<(TablePlan, bool)>, PdfError> {
        tables
            .iter()
            .enumerate()
            .map(|(n, t)| table::plan(set, t, &format!("{part}的第{}个表格", n + 1)))
            .collect()
    };
    plans.extend(
        plan_all(&set, "正文", &tables(&doc.body))?
            .into_iter()
            .map(|(p, _)| p),
    );
    for (i, a) in doc.attachments.iter().enumerate() {
        let part = format!("附件{}", i + 1);
        let list = tables(&a.blocks);
        let mut planned = plan_all(&set, &part, &list)?;
        if planned.iter().any(|(_, turn)| *turn) {
            planned = plan_all(&set.in_block(metrics::Block::TURNED), &part, &list)?;
        }
        plans.extend(planned.into_iter().map(|(p, _)| p));
    }
    Ok(plans)
}

/// Per attachment of `doc`, whether it is set landscape (横排): its tables' plans are turned.
/// `plans` are every table's, in document order, as [`table_plans`] and the typeset give them.
pub fn turned_attachments(doc: &Document, plans: &[TablePlan]) -> Vec<bool> {
    let count = |blocks: &[crate::document::Block]| {
        blocks
            .iter()
            .filter(|b| matches!(b, crate::document::Block::Table(_)))
            .count()
    };
    let mut next = count(&doc.body);
    doc.attachments
        .iter()
        .map(|a| {
            let n = count(&a.blocks);
            let turned = plans
                .get(next..next + n)
                .is_some_and(|p| p.iter().any(|p| p.turned));
            next += n;
            turned
        })
        .collect()
}

/// The header texts of `front` too long for their places in `fonts` (see [`fit`]): `check`
/// reports them, `typeset` refuses them.
pub fn overflows(
    front: &crate::document::FrontMatter,
    fonts: &Fonts,
) -> Result<Vec<fit::Overflow>, PdfError> {
    fit::overflows(front, fonts)
}

/// The header's width-dependent decisions for `front` in `fonts`, which the PDF sets and the
/// DOCX and HTML are given.
pub fn header_fit(
    front: &crate::document::FrontMatter,
    fonts: &Fonts,
) -> Result<crate::layout::header::HeaderFit, PdfError> {
    header::header_fit(front, fonts)
}

/// Typesets `doc` into pages, refusing documents beyond the limits above. The DOCX takes its
/// 版记 placement from these pages.
pub(crate) fn typeset(doc: &Document, fonts: &Fonts) -> Result<pages::Typeset, PdfError> {
    if let Some(overflow) = fit::overflows(&doc.front, fonts)?.into_iter().next() {
        return Err(PdfError::TooLong(overflow));
    }
    let all: usize = doc.texts().iter().map(|t| t.chars().count()).sum();
    let mut in_tables = 0;
    let tables = doc
        .body
        .iter()
        .chain(doc.attachments.iter().flat_map(|a| a.blocks.iter()));
    for block in tables {
        if let crate::document::Block::Table(t) = block {
            in_tables += t
                .header
                .iter()
                .chain(t.rows.iter().flatten())
                .map(|c| c.chars().count())
                .sum::<usize>();
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
    let text = all - in_tables;
    if text > MAX_DOCUMENT_CHARS {
        return Err(PdfError::TooLarge(format!(
            "通报正文（表格以外）共 {text} 个字，超过排版的上限 {MAX_DOCUMENT_CHARS} 字：请检查是否误贴了大段文字"
        )));
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
