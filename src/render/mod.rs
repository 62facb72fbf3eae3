//! Stage 5: one renderer per format, each from the [`Document`](crate::document::Document)
//! model alone (no renderer reads YAML, recomputes a figure or re-parses Markdown).

pub mod chart;
pub mod docx;
pub mod html;
pub mod markup;
pub mod pdf;
pub mod xlsx;

use std::fmt;
use std::str::FromStr;

use crate::fault::Fault;

/// Why a format could not be rendered: the error of the renderer that failed.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The HTML page.
    #[error("{0}")]
    Html(#[from] html::HtmlError),
    /// The PDF, or the fonts and pages the DOCX shares with it.
    #[error("{0}")]
    Pdf(#[from] crate::typeset::PdfError),
    /// The DOCX package.
    #[error("{0}")]
    Docx(#[from] docx::DocxError),
    /// The ranking tables' workbook.
    #[error("{0}")]
    Xlsx(#[from] xlsx::XlsxRenderError),
}

impl RenderError {
    /// Whose fault: the failing renderer's answer.
    pub fn fault(&self) -> Fault {
        match self {
            RenderError::Html(e) => e.fault(),
            RenderError::Pdf(e) => e.fault(),
            RenderError::Docx(e) => e.fault(),
            RenderError::Xlsx(e) => e.fault(),
        }
    }
}

/// An output format of `build` and `render`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// `bulletin.md`, the editable draft.
    Markdown,
    /// `bulletin.html`, a standalone page.
    Html,
    /// `bulletin.pdf`, typeset to GB/T 9704.
    Pdf,
    /// The ranking tables (附件) as a spreadsheet.
    Xlsx,
    /// WordprocessingML for WPS and Word.
    Docx,
}

impl Format {
    /// Every implemented format, in the order files are written.
    pub const ALL: [Format; 4] = [Format::Markdown, Format::Html, Format::Pdf, Format::Docx];

    /// Formats written only when asked for (`--format xlsx`): the ranking-table spreadsheet is
    /// a working file for the office, not a rendition of the bulletin it issues and archives.
    pub const EXTRA: [Format; 1] = [Format::Xlsx];

    /// The output file name, e.g. `bulletin.html`.
    pub fn file_name(self) -> &'static str {
        match self {
            Format::Markdown => "bulletin.md",
            Format::Html => "bulletin.html",
            Format::Pdf => "bulletin.pdf",
            Format::Xlsx => "ranking.xlsx",
            Format::Docx => "bulletin.docx",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Html => "html",
            Format::Pdf => "pdf",
            Format::Xlsx => "xlsx",
            Format::Docx => "docx",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "md" | "markdown" => Ok(Format::Markdown),
            "html" | "htm" => Ok(Format::Html),
            "pdf" => Ok(Format::Pdf),
            "xlsx" => Ok(Format::Xlsx),
            "docx" | "word" => Ok(Format::Docx),
            other => Err(format!(
                "不支持的格式 “{other}”，可用：{}",
                Format::ALL
                    .iter()
                    .chain(&Format::EXTRA)
                    .map(|f| f.name())
                    .collect::<Vec<_>>()
                    .join("、")
            )),
        }
    }
}

#[cfg(test)]
mod agreement {
    //! HTML and PDF take their shared decisions from [`crate::layout`]: the same colophon
    //! order, rule thicknesses and header-name size, checked on the rendered outputs.

    use std::path::Path;

    use crate::document::{self, Document};
    use crate::typeset::model::{Ink, Mark, Page};
    use crate::typeset::pages::typeset;
    use crate::typeset::shape::testing::Fake;

    /// The shipped sample's draft, with every colophon group filled, in both header styles.
    fn documents() -> Vec<Document> {
        let md = include_str!("../../tests/golden/linyi-kindergarten-2019-12.md");
        let mut doc = document::parse(Path::new("bulletin.md"), md).expect("the golden parses");
        doc.front.colophon.copy_to = vec!["市纪委监委".into(), "市法院".into()];
        let mut file = doc.clone();
        file.front.style = crate::model::HeaderStyle::File;
        file.front.header = "临沂市城镇居住区配套幼儿园专项整治工作领导小组办公室文件".into();
        file.front.doc_number = Some("临整办〔2020〕4号".into());
        vec![doc, file]
    }

    fn pdf_pages(doc: &Document) -> Vec<Page> {
        typeset(doc, &Fake).expect("the sample typesets").pages
    }

    /// The text of a run, e.g. `报：市委常委，…`.
    fn text(m: &Mark) -> Option<String> {
        match m {
            Mark::Text(run) => Some(run.glyphs.iter().map(|p| p.glyph.ch).collect()),
            Mark::Stroke(_) => None,
        }
    }

    /// The value of CSS custom property `name` (e.g. `--rule-red`) in millimetres.
    fn css_mm(html: &str, name: &str) -> f64 {
        let start = html.find(&format!("{name}: ")).expect(name) + name.len() + 2;
        let rest = &html[start..];
        rest[..rest.find("mm").expect("mm")]
            .parse()
            .expect("a number")
    }

    #[test]
    fn html_tables_take_the_typesetters_sizes_and_widths() {
        for doc in documents() {
            let plans = crate::typeset::plans_with(&doc, &Fake).expect("plans");
            let tables = doc
                .body
                .iter()
                .chain(doc.attachments.iter().flat_map(|a| &a.blocks))
                .filter(|b| matches!(b, document::Block::Table(_)))
                .count();
            assert!(tables >= 1 && plans.len() == tables, "{}", plans.len());
            let fit = crate::layout::header::HeaderFit::estimated(
                doc.front.style,
                &doc.front.header,
                &doc.front.office,
                &crate::format::cn_date(doc.front.date),
            );
            let html = super::html::render_set(&doc, &fit, &plans).expect("html");
            // Each table: its size, then its columns rule to rule, in document order.
            let mut rest = html.as_str();
            for plan in &plans {
                let at = rest
                    .find(&format!("<table style=\"font-size: {}pt\">", plan.size_pt))
                    .expect("the table at the plan's size");
                rest = &rest[at..];
                let cols: String = plan
                    .ruled_widths
                    .iter()
                    .map(|w| format!("<col style=\"width: {w:.2}mm\">"))
                    .collect();
                assert!(rest.contains(&cols), "{cols}");
                rest = &rest[1..];
            }
            // The typesetter's widths fill the block.
            for plan in &plans {
                let sum: f64 = plan.ruled_widths.iter().sum();
                assert!((sum - crate::layout::page::BLOCK_W).abs() < 1e-6, "{sum}");
            }
        }
    }

    #[test]
    fn colophon_in_the_same_order() {
        for doc in documents() {
            let html = super::html::render(&doc).expect("html");
            let mut html_labels = Vec::new();
            let mut rest = html.as_str();
            while let Some(i) = rest.find("<span class=\"label\">") {
                rest = &rest[i + 20..];
                html_labels.push(rest[..rest.find('：').expect("colon")].to_string());
            }
            let pages = pdf_pages(&doc);
            let last = pages.last().expect("a page");
            let pdf_labels: Vec<String> = last
                .marks
                .iter()
                .filter_map(text)
                .filter_map(|t| t.split_once('：').map(|(l, _)| l.to_string()))
                .filter(|l| ["报", "发", "抄送"].contains(&l.as_str()))
                .collect();
            assert_eq!(html_labels, ["报", "发", "抄送"]);
            assert_eq!(pdf_labels, html_labels);
        }
    }

    #[test]
    fn rules_of_the_same_thickness() {
        for doc in documents() {
            let html = super::html::render(&doc).expect("html");
            let pages = pdf_pages(&doc);
            let strokes = |ink: Ink, page: &Page| -> Vec<f64> {
                page.marks
                    .iter()
                    .filter_map(|m| match m {
                        Mark::Stroke(s) if s.ink == ink => Some(s.thickness),
                        _ => None,
                    })
                    .collect()
            };
            let red = strokes(Ink::Red, &pages[0]);
            assert_eq!(red.len(), 1);
            assert_eq!(red[0], css_mm(&html, "--rule-red"));
            // The 版记: thick first and last, thin between.
            let black = strokes(Ink::Black, pages.last().expect("a page"));
            let n = black.len();
            assert!(n >= 4, "{black:?}");
            let (thick, thin) = (css_mm(&html, "--rule-thick"), css_mm(&html, "--rule-thin"));
            assert_eq!((black[0], black[n - 1]), (thick, thick));
            assert!(black[1..n - 1].iter().all(|&t| t == thin), "{black:?}");
        }
    }

    #[test]
    fn header_name_of_the_same_size() {
        for doc in documents() {
            let html = super::html::render(&doc).expect("html");
            let pages = pdf_pages(&doc);
            let Some(Mark::Text(name)) = pages[0]
                .marks
                .iter()
                .find(|m| matches!(m, Mark::Text(r) if r.ink == Ink::Red))
            else {
                panic!("no red name");
            };
            let tag = "<h1 class=\"issuer\" style=\"font-size: ";
            let start = html.find(tag).expect("the header") + tag.len();
            let size: f64 = html[start..start + html[start..].find("pt").expect("pt")]
                .parse()
                .expect("a size");
            assert_eq!(size, name.size);
            let scale_tag = "transform: scaleX(";
            let scale: f64 = match html.find(scale_tag) {
                Some(i) => {
                    let s = &html[i + scale_tag.len()..];
                    s[..s.find(')').expect(")")].parse().expect("a scale")
                }
                None => 1.0,
            };
            assert!((scale - name.scale).abs() < 0.001, "{scale} {}", name.scale);
        }
    }
}
