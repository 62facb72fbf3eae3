//! The DOCX bulletin for WPS and Word, laid out to GB/T 9704-2012: the file the office drafts
//! in and leaders mark up.
//!
//! Written directly as WordprocessingML (no DOCX crate): the parts are few and every element
//! that matters is asserted in tests — page set-up ([`page`]), styles under the names Word and
//! WPS show ([`styles`]), the header ([`header`]), the body and attachments ([`body`]),
//! ruled tables with repeated header rows ([`table`]), the 版记 anchored to the bottom of the
//! block ([`colophon`]), page numbers in odd and even footers ([`footer`]), bookkeeping parts
//! ([`package`]) and a ZIP with fixed timestamps and order ([`zip`]). docx-rs 0.4.22 cannot
//! write `w:tblHeader`, and post-processing its XML to add it (and the section and float
//! properties used here) would mean parsing our own output again; docx-rust 0.1.11 has the
//! header rows but not released footer support.
//!
//! What the PDF typesetter knows is reused rather than decided twice: the column widths of
//! its table planner, and its pagination for the 版记's page: when the PDF puts the 版记 on
//! the text's last page, so does the DOCX; when the PDF adds pages for it (an odd last page,
//! or a full even one), the DOCX starts a section on the next even page without page numbers
//! (Word, WPS and LibreOffice insert the blank page themselves, and keep the 版记 on an even
//! page as the text is edited).

pub mod page;

mod body;
mod colophon;
mod footer;
mod header;
mod package;
mod paragraph;
mod runs;
mod styles;
mod table;
mod xml;
mod zip;

pub use page::Grid;

use crate::document::{Block, Document};
use crate::layout::page::{BLOCK_W, em};
use crate::layout::{parts, size};
use crate::render::pdf::fonts::Fonts;
use crate::render::pdf::pages::Typeset;
use crate::render::pdf::typeset::Setter;
use crate::render::pdf::{PdfError, table as pdf_table, title as pdf_title};
use footer::tiny_paragraph;
use page::{Footers, section};
use runs::Faces;
use table::{Plan, Widths};
use xml::{DECLARATION, NAMESPACES};

/// Why a DOCX could not be written.
#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    /// The layout the DOCX shares with the PDF failed (a missing font or character, a table
    /// too wide).
    #[error("{0}")]
    Layout(#[from] PdfError),
    /// Packing the parts failed.
    #[error("生成 DOCX 文件失败：{0}")]
    Package(#[from] std::io::Error),
}

impl DocxError {
    /// Whether the user can fix it in the inputs (fonts, text).
    pub fn is_user_fixable(&self) -> bool {
        matches!(self, DocxError::Layout(e) if e.is_user_fixable())
    }
}

/// Writes `doc` as a DOCX. `typeset` is the PDF typesetter's pagination of the same document
/// (for the 版记's page), `fonts` its fonts (for the table plans and the font names).
pub fn render(
    doc: &Document,
    fonts: &Fonts,
    typeset: &Typeset,
    grid: Grid,
) -> Result<Vec<u8>, DocxError> {
    let faces = Faces::of(fonts);
    let widths = Widths::new(table_plans(doc, fonts)?);
    let original = doc;
    let doc = &with_balanced_titles(doc, fonts)?;
    let numbered = typeset.pages.iter().filter(|p| p.folio.is_some()).count();
    let added_pages = typeset.pages.len().saturating_sub(numbered);
    let document = document_xml(doc, &faces, widths, grid, added_pages);
    let parts: Vec<(&str, Vec<u8>)> = vec![
        ("[Content_Types].xml", package::content_types().into_bytes()),
        ("_rels/.rels", package::package_rels().into_bytes()),
        ("word/document.xml", document.into_bytes()),
        (
            "word/_rels/document.xml.rels",
            package::document_rels().into_bytes(),
        ),
        ("word/styles.xml", styles::styles(&faces, grid).into_bytes()),
        ("word/settings.xml", package::settings().into_bytes()),
        (
            "word/fontTable.xml",
            package::font_table(&faces).into_bytes(),
        ),
        (
            "word/footer1.xml",
            footer::footer(footer::Kind::Odd).into_bytes(),
        ),
        (
            "word/footer2.xml",
            footer::footer(footer::Kind::Even).into_bytes(),
        ),
        (
            "word/footer3.xml",
            footer::footer(footer::Kind::Colophon(&doc.front.colophon)).into_bytes(),
        ),
        (
            "docProps/core.xml",
            package::core(&original.front).into_bytes(),
        ),
        ("docProps/app.xml", package::app().into_bytes()),
    ];
    Ok(zip::pack(&parts)?)
}

/// `doc` with its titles broken where the PDF breaks them: balanced lines, between words, no
/// short last line (the editors would break a long title greedily).
fn with_balanced_titles(doc: &Document, fonts: &Fonts) -> Result<Document, PdfError> {
    let set = Setter { glyphs: fonts };
    let balanced = |text: &str, place: &str| -> Result<String, PdfError> {
        let mut lines = Vec::new();
        for part in text.split('\n').map(str::trim).filter(|p| !p.is_empty()) {
            let items = set.shape_plain(part, parts::TITLE_STYLE, size::TITLE, &|| {
                format!("{place}：{part}")
            })?;
            for line in pdf_title::balance(&items, BLOCK_W, em(size::TITLE)) {
                let text: String = line
                    .iter()
                    .flat_map(|i| i.glyphs.iter().map(|g| g.ch))
                    .collect();
                lines.push(text.trim().to_string());
            }
        }
        Ok(lines.join("\n"))
    };
    let mut out = doc.clone();
    out.front.title = balanced(&doc.front.title, "标题")?;
    for a in &mut out.attachments {
        if !a.title.trim().is_empty() {
            a.title = balanced(&a.title, &format!("{}的标题", a.label.trim()))?;
        }
    }
    Ok(out)
}

/// The PDF planner's size and column widths for every table, in document order.
fn table_plans(doc: &Document, fonts: &Fonts) -> Result<Vec<Plan>, PdfError> {
    let set = Setter { glyphs: fonts };
    let mut plans = Vec::new();
    let parts = std::iter::once(("正文".to_string(), &doc.body)).chain(
        doc.attachments
            .iter()
            .map(|a| (a.label.trim().to_string(), &a.blocks)),
    );
    for (part, blocks) in parts {
        let mut n = 0;
        for block in blocks {
            if let Block::Table(t) = block {
                n += 1;
                let (size, widths) = pdf_table::plan(&set, t, &format!("{part}的第{n}个表格"))?;
                plans.push(Plan { size, widths });
            }
        }
    }
    Ok(plans)
}

/// `word/document.xml`.
fn document_xml(
    doc: &Document,
    faces: &Faces,
    mut widths: Widths,
    grid: Grid,
    added_pages: usize,
) -> String {
    let mut out = String::with_capacity(64 * 1024);
    out.push_str(DECLARATION);
    out.push_str(&format!("<w:document {NAMESPACES}><w:body>"));
    header::header(&mut out, &doc.front, faces);
    body::body(&mut out, doc, faces, &mut widths);
    for (i, a) in doc.attachments.iter().enumerate() {
        body::attachment(&mut out, a, i + 1, faces, &mut widths);
    }
    if added_pages == 0 {
        // The 版记 fits under the text of its last (even) page: a table floating at the
        // bottom of the block, anchored to the last paragraph.
        colophon::colophon(&mut out, &doc.front.colophon, true);
        tiny_paragraph(&mut out, None);
        section(&mut out, grid, Footers::Numbered);
    } else {
        // A page of its own: the text's section ends; the last section starts on the next
        // even page and carries the 版记 as its footer, without a page number.
        let mut numbered = String::new();
        section(&mut numbered, grid, Footers::Numbered);
        tiny_paragraph(&mut out, Some(&numbered));
        tiny_paragraph(&mut out, None);
        section(&mut out, grid, Footers::Colophon);
    }
    out.push_str("</w:body></w:document>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Attachment, HeaderStyle, Span, Style, Table};

    fn doc() -> Document {
        Document {
            front: header::tests::front(HeaderStyle::Brief),
            body: vec![
                Block::Paragraph(vec![Span {
                    text: "开头".into(),
                    style: Style::Plain,
                }]),
                Block::Heading {
                    level: 1,
                    spans: vec![Span {
                        text: "一、总体进展".into(),
                        style: Style::Plain,
                    }],
                },
                Block::AttachmentNote(vec!["排名表".into()]),
            ],
            attachments: vec![Attachment {
                label: "附件".into(),
                title: "排名表".into(),
                blocks: vec![Block::Table(Table {
                    align: vec![crate::document::Align::Left],
                    header: vec!["县区".into()],
                    rows: vec![vec!["兰山区".into()]],
                })],
            }],
        }
    }

    #[test]
    fn colophon_on_the_last_page_or_in_an_unnumbered_even_page_section() {
        let d = doc();
        let same = document_xml(&d, &Faces::default(), Widths::default(), Grid::Portable, 0);
        assert_eq!(same.matches("<w:sectPr>").count(), 1);
        assert!(!same.contains("evenPage"));
        assert!(same.contains("w:tblpYSpec=\"bottom\""));
        let next = document_xml(&d, &Faces::default(), Widths::default(), Grid::Portable, 1);
        assert_eq!(next.matches("<w:sectPr>").count(), 2);
        // The last section: starts on an even page, footers without numbers.
        let last = &next[next.rfind("<w:sectPr>").unwrap_or(0)..];
        assert!(last.contains("<w:type w:val=\"evenPage\"/>"));
        assert!(last.contains("rIdFooterColophon") && !last.contains("rIdFooterOdd"));
        // The 版记 is that section's footer, not in the body.
        assert!(!next.contains("w:tblpYSpec"));
    }

    #[test]
    fn attachment_on_a_new_page_with_its_label_and_title() {
        let x = document_xml(
            &doc(),
            &Faces::default(),
            Widths::default(),
            Grid::Portable,
            0,
        );
        let label = x.find("<w:pageBreakBefore/>").unwrap_or(0);
        assert!(label > 0);
        assert!(x[label..].contains("附件</w:t>"));
        assert!(x.contains("<w:pStyle w:val=\"Heading1\"/>"));
        assert!(x.contains("附件：排名表"));
    }
}
