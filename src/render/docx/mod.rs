//! The DOCX bulletin for WPS and Word, laid out to GB/T 9704-2012: the file the office drafts
//! in and leaders mark up.
//!
//! Written directly as WordprocessingML (no DOCX crate): the parts are few and every element
//! that matters is asserted in tests — Word's units and the grid ([`units`]), page set-up
//! ([`page`]), styles under the names Word and WPS show ([`styles`]), the header ([`header`]), the body and attachments ([`body`]),
//! ruled tables with repeated header rows ([`table`]), the 版记 anchored to the bottom of the
//! block ([`colophon`]), page numbers in odd and even footers ([`footer`]), bookkeeping parts
//! ([`package`]) and a ZIP with fixed timestamps and order ([`zip`]). docx-rs 0.4.22 cannot
//! write `w:tblHeader`, and post-processing its XML to add it (and the section and float
//! properties used here) would mean parsing our own output again; docx-rust 0.1.11 has the
//! header rows but not released footer support.
//!
//! What the PDF typesetter knows is reused rather than decided twice: its table planner's
//! sizes and column widths and its setting of each row, the signature's and the office
//! line's measures, and its pagination for the 版记's page
//! ([`crate::layout::colophon::placement`]): when the PDF puts the 版记 on the text's last
//! page, so does the DOCX (a table floating at the bottom of the block); after an odd last
//! page, the DOCX starts a numbered section on the next even page with the 版记 floating at
//! its bottom; after a full even page, a section on the next even page without page numbers
//! whose footer is the 版记 (Word, WPS and LibreOffice insert the blank page themselves, and
//! keep the 版记 on an even page as the text is edited).

mod page;
mod units;

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

pub use units::Grid;

use crate::document::{Block, Document, Table};
use crate::fault::Fault;
use crate::fonts::Fonts;
use crate::layout::colophon::Placement as ColophonAt;
use crate::layout::header::HeaderFit;
use crate::layout::page::{BLOCK_W, Block as PageBlock, em};
use crate::layout::signature::Placement;
use crate::layout::{parts, size};
use crate::typeset::pages::Typeset;
use crate::typeset::set_tables::SetTable;
use crate::typeset::setter::Setter;
use crate::typeset::shape::text_of;
use crate::typeset::{
    PdfError, body as set_body, colophon as set_colophon, header as set_header, title as set_title,
};
use footer::tiny_paragraph;
use page::{Footers, section};
use runs::Faces;
use table::{Plan, Row as TableRow, Widths};
use xml::{DECLARATION, NAMESPACES, Xml};

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
    /// Whose fault: the layout's as the PDF's (fonts, text); packing is ours.
    pub fn fault(&self) -> Fault {
        match self {
            DocxError::Layout(e) => e.fault(),
            DocxError::Package(_) => Fault::Internal,
        }
    }
}

/// Writes `doc` as a DOCX. `typeset` is the PDF typesetter's pagination of the same document
/// (for the 版记's page), `fonts` its fonts (for the table plans and the font names).
pub(crate) fn render(
    doc: &Document,
    fonts: &Fonts,
    typeset: &Typeset,
    grid: Grid,
) -> Result<Vec<u8>, DocxError> {
    let faces = Faces::of(fonts);
    let set_plans: Vec<_> = typeset.tables.iter().map(|t| t.plan.clone()).collect();
    let turned = crate::typeset::turned_attachments(doc, &set_plans);
    let widths = Widths::new(table_plans(doc, typeset));
    let original = doc;
    let doc = &with_pdf_line_breaks(doc, fonts, &turned)?;
    let measured = measure(doc, fonts)?;
    let mut document = Xml::deflated();
    document_xml(
        &mut document,
        doc,
        &faces,
        widths,
        &measured,
        grid,
        Paged {
            colophon: typeset.colophon,
            turned: &turned,
        },
    );
    let small = |text: String| zip::deflate(text.as_bytes());
    let parts: Vec<(&str, zip::Deflated)> = vec![
        ("[Content_Types].xml", small(package::content_types())?),
        ("_rels/.rels", small(package::package_rels())?),
        ("word/document.xml", document.finish()?),
        (
            "word/_rels/document.xml.rels",
            small(package::document_rels())?,
        ),
        ("word/styles.xml", small(styles::styles(&faces, grid))?),
        ("word/settings.xml", small(package::settings())?),
        ("word/fontTable.xml", small(package::font_table(&faces))?),
        (
            "word/footer1.xml",
            small(footer::footer(footer::Kind::Odd))?,
        ),
        (
            "word/footer2.xml",
            small(footer::footer(footer::Kind::Even))?,
        ),
        (
            "word/footer3.xml",
            small(footer::footer(footer::Kind::Colophon(
                &doc.front.colophon,
                typeset.colophon.added_pages == 1,
            )))?,
        ),
        ("docProps/core.xml", small(package::core(&original.front))?),
        ("docProps/app.xml", small(package::app())?),
    ];
    Ok(zip::pack_deflated(&parts)?)
}

/// `doc` with its titles, the 附件说明's names and the 版记's printing office broken where the
/// PDF breaks them:
/// balanced lines, between words, no short last line (the editors would break them greedily,
/// in the middle of a word).
/// A landscape attachment's (`turned`) title is balanced over the turned block's width.
fn with_pdf_line_breaks(
    doc: &Document,
    fonts: &Fonts,
    turned: &[bool],
) -> Result<Document, PdfError> {
    let set = Setter::new(fonts);
    let balanced = |text: &str, place: &str, width: f64| -> Result<String, PdfError> {
        let mut lines = Vec::new();
        for part in text.split('\n').map(str::trim).filter(|p| !p.is_empty()) {
            let items = set.shape_plain(part, parts::TITLE_STYLE, size::TITLE, &|| {
                format!("{place}：{part}")
            })?;
            for line in set_title::balance(&items, width, em(size::TITLE)) {
                lines.push(text_of(&line).trim().to_string());
            }
        }
        Ok(lines.join("\n"))
    };
    let mut out = doc.clone();
    out.front.title = balanced(&doc.front.title, "标题", BLOCK_W)?;
    for (i, a) in out.attachments.iter_mut().enumerate() {
        if !a.title.trim().is_empty() {
            let width = if turned.get(i).copied().unwrap_or(false) {
                PageBlock::TURNED.width
            } else {
                BLOCK_W
            };
            a.title = balanced(&a.title, &format!("{}的标题", a.label.trim()), width)?;
        }
    }
    for block in &mut out.body {
        if let Block::AttachmentNote(names) = block {
            for name in names.iter_mut() {
                *name = set_body::note_item_lines(&set, name)?.join("\n");
            }
        }
    }
    let printer = &doc.front.colophon.printer;
    let lines = set_colophon::colophon(&set, &doc.front.colophon)?.printer_lines;
    if let Some(cut) = cut_like(printer, lines.iter().map(String::as_str)) {
        out.front.colophon.printer = cut.join("\n");
    }
    Ok(out)
}

/// The PDF's size and column widths for every table, in document order, with its rows as
/// set (the typesetter's [`SetTable`]s: no table is set twice).
fn table_plans(doc: &Document, typeset: &Typeset) -> Vec<Plan> {
    let tables = doc
        .body
        .iter()
        .chain(doc.attachments.iter().flat_map(|a| &a.blocks))
        .filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        });
    tables
        .zip(&typeset.tables)
        .map(|(t, set)| Plan {
            size: set.plan.size_pt,
            widths: set.plan.ruled_widths.clone(),
            rows: rows_as_set(t, set),
            turned: set.plan.turned,
        })
        .collect()
}

/// The rows of `table` as the PDF set them (header first): each row's table lines and each
/// cell's lines, the cell's own text cut where the PDF's lines end. Empty if the set rows are
/// not the table's (a row split over pages) or a cell's lines are not its text.
fn rows_as_set(table: &Table, set: &SetTable) -> Vec<TableRow> {
    let header = table.header.iter().any(|h| !h.trim().is_empty());
    if set.rows.len() != table.rows.len() + usize::from(header) || header != set.header {
        return Vec::new();
    }
    let texts = header
        .then_some(&table.header)
        .into_iter()
        .chain(&table.rows);
    let mut rows = Vec::with_capacity(set.rows.len());
    for (row, texts) in set.rows.iter().zip(texts) {
        let mut cells = Vec::with_capacity(row.cells.len());
        for (c, lines) in row.cells.iter().enumerate() {
            let text = texts.get(c).map_or("", String::as_str);
            match cut_like(text, lines.iter().map(String::as_str)) {
                Some(cut) => cells.push(cut),
                None => return Vec::new(),
            }
        }
        rows.push(TableRow {
            lines: row.lines,
            cells,
        });
    }
    rows
}

/// `text` cut into lines holding the same characters (white space aside) as `lines` do, in
/// order; `None` if they do not hold the same characters.
fn cut_like<'a>(text: &str, lines: impl Iterator<Item = &'a str>) -> Option<Vec<String>> {
    let mut rest = text.trim().chars().peekable();
    // At the lines' count: a national ranking table has tens of thousands of cells.
    let mut out = Vec::with_capacity(lines.size_hint().0);
    for line in lines {
        let mut cut = String::new();
        for ch in line.chars().filter(|c| !c.is_whitespace()) {
            while rest.peek().is_some_and(|c| c.is_whitespace()) {
                cut.extend(rest.next());
            }
            if rest.next() != Some(ch) {
                return None;
            }
            cut.push(ch);
        }
        out.push(cut.trim().to_string());
    }
    if rest.any(|c| !c.is_whitespace()) {
        return None;
    }
    Some(out)
}

/// The shared layout's decisions that depend on widths, taken with the PDF's fonts so that
/// both files make them alike.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Measured {
    /// The red name and the 简报式 office-and-date line.
    header: HeaderFit,
    /// The 署名 and the 成文日期.
    signature: Placement,
}

/// The decisions of [`Measured`] for `doc`, in `fonts`.
fn measure(doc: &Document, fonts: &Fonts) -> Result<Measured, PdfError> {
    let set = Setter::new(fonts);
    Ok(Measured {
        header: set_header::header_fit(&doc.front, fonts)?,
        signature: set_body::signature_placement(&set, &doc.front)?,
    })
}

/// What the PDF's pagination decided that the DOCX follows: where the 版记 goes, and per
/// attachment whether it is set landscape.
#[derive(Debug, Clone, Copy)]
struct Paged<'a> {
    colophon: ColophonAt,
    turned: &'a [bool],
}

/// `word/document.xml`, written into `out`.
fn document_xml(
    out: &mut Xml,
    doc: &Document,
    faces: &Faces,
    mut widths: Widths,
    measured: &Measured,
    grid: Grid,
    paged: Paged,
) {
    let Paged { colophon, turned } = paged;
    out.push_str(DECLARATION);
    out.push_str(&format!("<w:document {NAMESPACES}><w:body>"));
    header::header(out, &doc.front, faces, &measured.header);
    body::body(out, doc, faces, &mut widths, &measured.signature);
    // The text's sections: one, or a landscape one (横排) for each run of turned attachments
    // between portrait ones. The first numbers its pages from 1, the others go on.
    let mut first = true;
    let mut open_turned = false;
    let end_text_section = |out: &mut String, turned: bool, first: bool| {
        let mut numbered = String::new();
        section(&mut numbered, grid, Footers::Numbered, turned, first);
        tiny_paragraph(out, Some(&numbered));
    };
    for (i, a) in doc.attachments.iter().enumerate() {
        let t = turned.get(i).copied().unwrap_or(false);
        // A section break starts the attachment's page when the orientation changes.
        let new_section = t != open_turned;
        if new_section {
            end_text_section(out, open_turned, first);
            first = false;
            open_turned = t;
        }
        body::attachment(out, a, i + 1, faces, &mut widths, !new_section);
    }
    if colophon.added_pages == 0 {
        // The 版记 fits under the text of its last (even) page: a table floating at the
        // bottom of the block, anchored to the last paragraph.
        colophon::colophon(out, &doc.front.colophon, true);
        tiny_paragraph(out, None);
        section(out, grid, Footers::Numbered, open_turned, first);
    } else if colophon.added_pages == 1 {
        // The text ends on an odd page: the 版记 is on the next (even) page, which is
        // numbered: a last section starts there, its footer the 版记 and the number.
        end_text_section(out, open_turned, first);
        tiny_paragraph(out, None);
        section(out, grid, Footers::NumberedOnEvenPage, false, false);
    } else {
        // A full even last page: a blank page and the 版记's page, neither numbered. The
        // last section starts on the next even page and carries the 版记 as its footer.
        end_text_section(out, open_turned, first);
        tiny_paragraph(out, None);
        section(out, grid, Footers::Colophon, false, false);
    }
    out.push_str("</w:body></w:document>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Attachment, Span, Style, Table};
    use crate::layout::header::OfficeLine;
    use crate::model::HeaderStyle;

    /// `word/document.xml` as text.
    fn document_text(
        doc: &Document,
        faces: &Faces,
        widths: Widths,
        measured: &Measured,
        grid: Grid,
        colophon: ColophonAt,
    ) -> String {
        let mut out = Xml::kept();
        document_xml(
            &mut out,
            doc,
            faces,
            widths,
            measured,
            grid,
            Paged {
                colophon,
                turned: &[],
            },
        );
        out.into_text()
    }

    fn measured() -> Measured {
        let f = header::tests::front(HeaderStyle::Brief);
        Measured {
            header: HeaderFit {
                office_line: OfficeLine::One { size: size::BODY },
                ..HeaderFit::estimated(f.style, &f.header, &f.office, "2019年12月31日")
            },
            signature: crate::layout::signature::place(20.0, 30.0),
        }
    }

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
    fn cell_text_cut_where_the_pdf_broke_it() {
        let cut = cut_like("北部临港经济开发区", ["北部临港", "经济开发区"].into_iter());
        assert_eq!(cut, Some(vec!["北部临港".into(), "经济开发区".into()]));
        // White space is the cell's own, kept inside a line, dropped at a break.
        let cut = cut_like(" Lanshan  District ", ["Lanshan", "District"].into_iter());
        assert_eq!(cut, Some(vec!["Lanshan".into(), "District".into()]));
        let cut = cut_like("A B", ["AB"].into_iter());
        assert_eq!(cut, Some(vec!["A B".into()]));
        // Other characters, or some left over: not the cell's lines.
        assert_eq!(cut_like("兰山区", ["兰山"].into_iter()), None);
        assert_eq!(cut_like("兰山区", ["兰山", "县"].into_iter()), None);
        assert_eq!(cut_like("", std::iter::empty()), Some(vec![]));
    }

    #[test]
    fn rows_as_the_pdf_sets_them() {
        let Ok(fonts) = Fonts::resolve(&crate::fonts::FontConfig {
            no_system_fonts: true,
            ..Default::default()
        }) else {
            panic!("the bundled fonts load");
        };
        let set = Setter::new(&fonts);
        let t = Table {
            align: vec![crate::document::Align::Left, crate::document::Align::Right],
            header: vec!["县区".into(), "完成率".into()],
            rows: vec![
                vec!["兰山区".into(), "60.9%".into()],
                vec!["临沂高新技术产业开发区".repeat(5), "1%".into()],
            ],
        };
        let Ok(flow) = crate::typeset::table::layout(&set, &t, "表") else {
            panic!("lays out");
        };
        let rows = rows_as_set(&t, &SetTable::of(&flow));
        assert_eq!(rows.len(), 3, "{rows:?}");
        assert_eq!(rows[0].cells, [vec!["县区"], vec!["完成率"]]);
        assert_eq!(rows[1].lines, 1);
        assert!(rows[2].lines >= 2, "{rows:?}");
        assert_eq!(rows[2].cells[0].len(), rows[2].lines);
        assert_eq!(rows[2].cells[0].concat(), t.rows[1][0]);
        assert_eq!(rows[2].cells[1], ["1%"]);
    }

    fn at(added_pages: usize, numbered: usize) -> ColophonAt {
        ColophonAt {
            added_pages,
            numbered,
        }
    }

    #[test]
    fn colophon_where_the_pdf_puts_it() {
        let d = doc();
        let xml = |placement| {
            document_text(
                &d,
                &Faces::default(),
                Widths::default(),
                &measured(),
                Grid::Portable,
                placement,
            )
        };
        // Under the text of its last, even page: one section, the 版记 floating at the bottom.
        let same = xml(at(0, 4));
        assert_eq!(same.matches("<w:sectPr>").count(), 1);
        assert!(!same.contains("evenPage"));
        assert!(same.contains("w:tblpYSpec=\"bottom\""));
        // After an odd last page: the next (even) page, numbered, its footer the 版记 and the
        // number (numbers go on).
        let next = xml(at(1, 4));
        assert_eq!(next.matches("<w:sectPr>").count(), 2);
        let last = &next[next.rfind("<w:sectPr>").unwrap_or(0)..];
        assert!(last.contains("<w:type w:val=\"evenPage\"/>"));
        assert!(last.contains("rIdFooterColophon") && !last.contains("rIdFooterOdd"));
        assert!(!last.contains("pgNumType"), "numbers go on");
        assert!(!next.contains("w:tblpYSpec"));
        let numbered = footer::footer(footer::Kind::Colophon(&d.front.colophon, true));
        assert!(
            numbered.contains("印发") && numbered.contains(" PAGE "),
            "{numbered}"
        );
        assert!(numbered.contains("<w:jc w:val=\"left\"/>"));
        let plain = footer::footer(footer::Kind::Colophon(&d.front.colophon, false));
        assert!(plain.contains("印发") && !plain.contains("PAGE"));
        // After a full even page: a blank page and the 版记's, neither numbered; the 版记 is
        // the last section's footer, not in the body.
        let after_blank = xml(at(2, 4));
        assert_eq!(after_blank.matches("<w:sectPr>").count(), 2);
        let last = &after_blank[after_blank.rfind("<w:sectPr>").unwrap_or(0)..];
        assert!(last.contains("<w:type w:val=\"evenPage\"/>"));
        assert!(last.contains("rIdFooterColophon") && !last.contains("rIdFooterOdd"));
        assert!(!after_blank.contains("w:tblpYSpec"));
    }

    #[test]
    fn attachment_on_a_new_page_with_its_label_and_title() {
        let x = document_text(
            &doc(),
            &Faces::default(),
            Widths::default(),
            &measured(),
            Grid::Portable,
            at(0, 4),
        );
        let label = x.find("<w:pageBreakBefore/>").unwrap_or(0);
        assert!(label > 0);
        assert!(x[label..].contains("附件</w:t>"));
        assert!(x.contains("<w:pStyle w:val=\"Heading1\"/>"));
        assert!(x.contains("附件：排名表"));
    }

    /// The text runs of the PDF's pages: (text, x of the first glyph, x past the last cell,
    /// baseline, size).
    fn pdf_runs(typeset: &Typeset) -> Vec<(String, f64, f64, f64, f64)> {
        use crate::typeset::model::Mark;
        let mut out = Vec::new();
        for page in &typeset.pages {
            for mark in &page.marks {
                if let Mark::Text(run) = mark
                    && let (Some(first), Some(last)) = (run.glyphs.first(), run.glyphs.last())
                {
                    let text: String = run.glyphs.iter().map(|p| p.glyph.ch).collect();
                    let end = last.x + last.glyph.advance * em(run.size);
                    out.push((text, first.x, end, run.baseline, run.size));
                }
            }
        }
        out
    }

    /// The `w:p` of `xml` holding `text`.
    fn paragraph_with<'a>(xml: &'a str, text: &str) -> &'a str {
        let at = xml
            .find(text)
            .unwrap_or_else(|| panic!("{text} not in the DOCX"));
        let start = xml[..at].rfind("<w:p>").unwrap_or(0);
        let end = at + xml[at..].find("</w:p>").unwrap_or(0);
        &xml[start..end]
    }

    /// An attribute's number in `xml` (the first occurrence).
    fn number(xml: &str, attribute: &str) -> Option<i64> {
        let at = xml.find(&format!("{attribute}=\""))? + attribute.len() + 2;
        xml[at..].split('"').next()?.parse().ok()
    }

    fn mm_of_twips(t: i64) -> f64 {
        t as f64 / 20.0 * crate::layout::page::MM_PER_PT
    }

    #[test]
    fn pdf_and_docx_place_signature_date_and_office_line_alike() {
        use crate::fonts::FontConfig;
        use crate::layout::page::{BLOCK_LEFT, BLOCK_RIGHT};
        use crate::layout::signature::wrapped_right_indent;
        let Ok(fonts) = Fonts::resolve(&FontConfig {
            no_system_fonts: true,
            ..FontConfig::default()
        }) else {
            panic!("the bundled fonts load");
        };
        let office = "临沂市城镇居住区配套幼儿园专项整治工作领导小组办公室";
        let cases = [
            // A short 署名: the date two characters in from the right, the 署名 two left of it.
            ("市整治办", "临沂市整治办公室"),
            // A longer 署名: two in from the right, the date two right of its start.
            ("临沂市城镇居住区整治办公室", office),
            // A 署名 longer than a line, and an office too long for one line at every size.
            (
                "临沂市城镇居住区配套幼儿园专项整治工作领导小组办公室临沂市城镇居住区配套幼儿园",
                "临沂市城镇居住区配套幼儿园专项整治工作领导小组办公室临沂市城镇居住区配套",
            ),
        ];
        for (i, (sign, office)) in cases.into_iter().enumerate() {
            let mut d = doc();
            d.front.signature = sign.to_string();
            d.front.office = office.to_string();
            let Ok(typeset) = crate::typeset::typeset(&d, &fonts) else {
                panic!("typesets");
            };
            let Ok(measured) = measure(&d, &fonts) else {
                panic!("measures");
            };
            // Each case takes its branch.
            assert_eq!(measured.signature.sign_wraps, i == 2);
            assert_eq!(
                matches!(measured.header.office_line, OfficeLine::Split { .. }),
                i == 2
            );
            if i == 0 {
                // The date, not the 署名 of four characters, is two in from the right.
                let cell = crate::layout::page::CELL;
                assert!(measured.signature.sign_start < BLOCK_W - 6.0 * cell - 0.5);
            }
            let xml = document_text(
                &d,
                &Faces::of(&fonts),
                Widths::default(),
                &measured,
                Grid::Portable,
                ColophonAt::default(),
            );
            let runs = pdf_runs(&typeset);
            let date = crate::format::cn_date(d.front.date);
            let run_of = |text: &str, last: bool| {
                let mut found = runs.iter().filter(|r| r.0 == text);
                let r = if last {
                    found.next_back()
                } else {
                    found.next()
                };
                r.cloned()
                    .unwrap_or_else(|| panic!("{text} not in the PDF: {runs:?}"))
            };
            // The 成文日期 (the last run with the date: the header's comes first).
            let pdf_date = run_of(&date, true);
            // In the DOCX: the first paragraphs with the 署名 and the date after the 附件说明.
            let signature_block = &xml[xml.find("附件：").unwrap_or(0)..];
            let docx_date = paragraph_with(signature_block, &date);
            let left = number(docx_date, "w:left").unwrap_or(-1);
            assert!(
                (BLOCK_LEFT + mm_of_twips(left) - pdf_date.1).abs() < 0.05,
                "{sign}: date at {} in the PDF, {left} twips in the DOCX",
                pdf_date.1
            );
            // The 署名.
            let docx_sign = paragraph_with(signature_block, sign);
            if measured.signature.sign_wraps {
                assert!(docx_sign.contains("<w:jc w:val=\"right\"/>"), "{docx_sign}");
                let right = number(docx_sign, "w:right").unwrap_or(-1);
                assert!((mm_of_twips(right) - wrapped_right_indent()).abs() < 0.05);
                // The PDF's first line ends two cells in from the right.
                let first_line = runs
                    .iter()
                    .find(|r| {
                        sign.starts_with(r.0.as_str())
                            && r.0.chars().count() > 4
                            && r.4 == size::BODY
                    })
                    .unwrap_or_else(|| panic!("{sign} not in the PDF"));
                assert!(
                    (BLOCK_RIGHT - wrapped_right_indent() - first_line.2).abs() < 0.6,
                    "{first_line:?}"
                );
            } else {
                // The run before the 成文日期's.
                let at = runs.iter().rposition(|r| r.0 == date).unwrap_or(0);
                let pdf_sign = &runs[at.saturating_sub(1)];
                assert_eq!(pdf_sign.0, sign);
                let left = number(docx_sign, "w:left").unwrap_or(-1);
                assert!(
                    (BLOCK_LEFT + mm_of_twips(left) - pdf_sign.1).abs() < 0.05,
                    "{sign}: 署名 at {} in the PDF, {left} twips in the DOCX",
                    pdf_sign.1
                );
            }
            // The office line: same size, or both split with the date on the line above.
            let pdf_office = run_of(office, false);
            let docx_office = paragraph_with(&xml, office);
            match measured.header.office_line {
                OfficeLine::One { size: s } => {
                    assert!((pdf_office.4 - s).abs() < 1e-9);
                    // The run's own size, else 正文's 三号.
                    let run_props = &docx_office[docx_office.find("<w:r>").unwrap_or(0)..];
                    let half_points = number(run_props, "<w:sz w:val").unwrap_or(32);
                    assert_eq!(half_points, (s * 2.0).round() as i64, "{docx_office}");
                    assert!(docx_office.contains(&date));
                }
                OfficeLine::Split { size: s } => {
                    assert!((pdf_office.4 - s).abs() < 1e-9);
                    let pdf_header_date = run_of(&date, false);
                    assert!(pdf_header_date.3 < pdf_office.3);
                    assert!((pdf_header_date.2 - BLOCK_RIGHT).abs() < 0.6);
                    assert!(!docx_office.contains(&date));
                    let issue = paragraph_with(&xml, "第4期");
                    assert!(issue.contains(&date) && issue.contains("w:val=\"right\""));
                }
            }
        }
    }
}
