//! A standalone HTML page (inline CSS, no scripts, no network) from the document model.

use std::convert::Infallible;
use std::fmt::Write;

use serde::Serialize;
use tera::{Context, Tera};

mod css;
mod table;
mod words;

use crate::document::{Block, Document, FrontMatter, Span, Style};
use crate::fault::Fault;
use crate::format::cn_date;
use crate::layout::header::{OfficeLine, office_line_cell};
use crate::layout::page::{BLOCK_W, CELL, em};
use crate::layout::{colophon, header, signature, size};
use css::layout_css;
use words::breakable_within;

const PAGE_TEMPLATE: &str = "page.html.tera";
const PAGE: &str = include_str!("../../templates/page.html.tera");
const CSS: &str = include_str!("../../templates/bulletin.css");

/// An HTML rendering failure: only a bug in the built-in page template can cause one.
#[derive(Debug, thiserror::Error)]
#[error("HTML 页面模板出错：{0}")]
pub struct HtmlError(#[source] tera::Error);

impl HtmlError {
    /// Whose fault: the page's template is built in, so a failure is ours.
    pub fn fault(&self) -> Fault {
        Fault::Internal
    }
}

#[derive(Serialize)]
struct ColophonLine {
    label: &'static str,
    names: String,
    /// Continuation lines start this many characters in, past the label and its colon.
    hang: usize,
}

#[derive(Serialize)]
struct PageView<'a> {
    front: &'a FrontMatter,
    date: String,
    print_date: String,
    /// The red name's size and horizontal scale, by [`header::fit_name`].
    header_size: f64,
    header_scale: f64,
    /// The title, the issuing office, the 署名 and the 版记's printing office, escaped, with
    /// `<wbr>` between words where they may wrap.
    title: String,
    office: String,
    /// The office line's size, by [`header::office_line`]: on one line with the date at its
    /// size (on the grid at 三号, one em apart below), or (`office_split`) the office alone at
    /// 三号 and the date on the 第N期 line, flush right.
    office_style: String,
    office_split: bool,
    signer: String,
    /// The 署名 is longer than its line: it wraps, right-aligned two characters in.
    signer_wraps: bool,
    printer: String,
    /// The 版记's groups in their order, by [`colophon::groups`].
    colophon: Vec<ColophonLine>,
    /// The page geometry, rules and page numbers of [`crate::layout`], as CSS.
    layout_css: String,
    css: &'static str,
    body: String,
    attachments: String,
}

/// Renders `doc` as one HTML page.
pub fn render(doc: &Document) -> Result<String, HtmlError> {
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html.tera"]);
    tera.add_raw_template(PAGE_TEMPLATE, PAGE)
        .map_err(HtmlError)?;
    let front = &doc.front;
    let fit = header_fit(front);
    let date = cn_date(front.date);
    let print_date = colophon::print_date_text(&front.colophon);
    let width_em = header::estimated_width_em;
    // The room a text has beside another on its line, `gap` characters of pitch `cell` apart.
    let beside = |other: &str, cell: f64, gap: f64| BLOCK_W - (width_em(other) + gap) * cell;
    let office_line = office_line(front, &date);
    let (office_size, office_room) = match office_line {
        OfficeLine::One { size } => (size, beside(&date, office_line_cell(size), 1.0)),
        OfficeLine::Split => (size::BODY, BLOCK_W),
    };
    // The 署名 and the date measured on the grid, as signature::place takes them.
    let sign = signature::place(width_em(&front.signature) * CELL, width_em(&date) * CELL);
    let view = PageView {
        front,
        header_size: fit.size,
        header_scale: (fit.scale * 1000.0).floor() / 1000.0,
        title: breakable_within(&front.title, size::TITLE, BLOCK_W),
        office: breakable_within(&front.office, office_size, office_room),
        office_style: if office_size == size::BODY {
            format!("font-size: {office_size}pt")
        } else {
            format!("font-size: {office_size}pt; letter-spacing: 0")
        },
        office_split: office_line == OfficeLine::Split,
        signer: breakable_within(
            &front.signature,
            size::BODY,
            BLOCK_W - signature::wrapped_right_indent(),
        ),
        signer_wraps: sign.sign_wraps,
        // One character in on each side, one between the office and the date.
        printer: breakable_within(
            &front.colophon.printer,
            size::COLOPHON,
            beside(&print_date, em(size::COLOPHON), 3.0),
        ),
        date,
        print_date,
        colophon: colophon::groups(&front.colophon)
            .into_iter()
            .map(|g| ColophonLine {
                label: g.label,
                names: g.names.join("，"),
                hang: g.hanging_indent(),
            })
            .collect(),
        layout_css: layout_css(),
        css: CSS,
        body: blocks(&doc.body),
        attachments: attachments(doc),
    };
    let context = Context::from_serialize(&view).map_err(HtmlError)?;
    tera.render(PAGE_TEMPLATE, &context).map_err(HtmlError)
}

/// How the 简报式 header's office and date are set, their widths estimated on the pitch
/// [`header::office_line`] gives each size (the page cannot measure before the browser does).
fn office_line(front: &FrontMatter, date: &str) -> OfficeLine {
    let (office, date) = (
        header::estimated_width_em(&front.office),
        header::estimated_width_em(date),
    );
    match header::office_line(|_, cell| Ok::<_, Infallible>((office * cell, date * cell))) {
        Ok(line) => line,
        Err(never) => match never {},
    }
}

/// The red name's size and scale for the header kind of `front`.
fn header_fit(front: &FrontMatter) -> header::NameFit {
    header::fit_name(front.style, header::estimated_width_em(&front.header))
}

pub use super::markup::escape;

fn spans(list: &[Span]) -> String {
    let mut out = String::new();
    for span in list {
        let text = escape(&span.text);
        match span.style {
            Style::Plain => out.push_str(&text),
            Style::Strong => {
                let _ = write!(out, "<strong>{text}</strong>");
            }
            Style::Emphasis => {
                let _ = write!(out, "<em>{text}</em>");
            }
        }
    }
    out
}

fn blocks(list: &[Block]) -> String {
    let mut out = String::new();
    for block in list {
        match block {
            Block::Heading { level, spans: s } => {
                let tag = format!("h{}", (level + 2).min(6));
                let _ = writeln!(out, "<{tag}>{}</{tag}>", spans(s));
            }
            Block::Paragraph(s) => {
                let _ = writeln!(out, "<p>{}</p>", spans(s));
            }
            Block::AttachmentNote(lines) => {
                let lines: Vec<String> = lines.iter().map(|l| escape(l)).collect();
                let _ = writeln!(
                    out,
                    "<p class=\"attachment-note\">附件：{}</p>",
                    lines.join("<br>")
                );
            }
            Block::List { ordered, items } => {
                let tag = if *ordered { "ol" } else { "ul" };
                let _ = writeln!(out, "<{tag}>");
                for item in items {
                    let _ = writeln!(out, "<li>{}</li>", spans(item));
                }
                let _ = writeln!(out, "</{tag}>");
            }
            Block::Table(t) => table::table(&mut out, t),
        }
    }
    out
}

fn attachments(doc: &Document) -> String {
    let mut out = String::new();
    for a in &doc.attachments {
        let _ = writeln!(
            out,
            "<section class=\"attachment\">\n<p class=\"attachment-label\">{}</p>\n<h2 class=\"attachment-title\">{}</h2>",
            escape(&a.label),
            breakable_within(&a.title, size::TITLE, BLOCK_W)
        );
        out.push_str(&blocks(&a.blocks));
        out.push_str("</section>\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::words::wbr_offsets;
    use super::*;
    use crate::segment;

    /// The shipped sample's draft, rendered.
    fn sample() -> (Document, String) {
        let md = include_str!("../../tests/golden/linyi-kindergarten-2019-12.md");
        let doc = crate::document::parse(std::path::Path::new("bulletin.md"), md)
            .expect("the golden parses");
        let html = render(&doc).expect("html");
        (doc, html)
    }

    /// The inner HTML of every `<tag …>…</tag>` in `html`.
    fn contents<'a>(html: &'a str, open: &str, close: &str) -> Vec<&'a str> {
        let mut out = Vec::new();
        let mut rest = html;
        while let Some(i) = rest.find(open) {
            rest = &rest[i + open.len()..];
            let Some(j) = rest.find(close) else { break };
            out.push(&rest[..j]);
            rest = &rest[j..];
        }
        out
    }

    #[test]
    fn title_and_header_cells_break_only_at_segment_boundaries() {
        let (doc, html) = sample();
        let title = contents(&html, "<h2 class=\"title\">", "</h2>");
        assert_eq!(title.len(), 1);
        assert_eq!(title[0].replace("<wbr>", ""), doc.front.title);
        assert_eq!(wbr_offsets(title[0]), segment::breaks(&doc.front.title));
        let headers = contents(&html, "<th>", "</th>");
        assert!(headers.len() >= 10, "{headers:?}");
        for th in headers {
            let text = th.replace("<wbr>", "");
            assert_eq!(wbr_offsets(th), segment::breaks(&text), "{th}");
        }
        assert!(html.contains("<th>其中<wbr>委托<wbr>办成<wbr>普惠性<wbr>民办园</th>"));
        // Body paragraphs keep the grid: no word marks in them.
        for p in contents(&html, "<p>", "</p>") {
            assert!(!p.contains("<wbr>"), "{p}");
        }
        // The elements that carry marks break only there.
        let rule = ".title, .attachment-title, .office, .signer, .printer-name, th, td { word-break: keep-all;";
        assert!(html.contains(rule));
    }

    #[test]
    fn the_printing_office_and_the_date_cannot_overlap() {
        let (doc, html) = sample();
        let printer = contents(&html, "<p class=\"printer\">", "</p>");
        assert_eq!(printer.len(), 1);
        let name = contents(printer[0], "<span class=\"printer-name\">", "</span>");
        let date = contents(printer[0], "<span class=\"print-date\">", "</span>");
        assert_eq!(name[0].replace("<wbr>", ""), doc.front.colophon.printer);
        assert_eq!(date, [colophon::print_date_text(&doc.front.colophon)]);
        // Two flex items: the office may shrink and wraps between words, the date neither
        // shrinks nor wraps and stands on the office's last line, one character apart.
        assert!(html.contains(
            ".colophon .printer { display: flex; align-items: flex-end; gap: 1em; text-align: left; }"
        ));
        assert!(html.contains(".colophon .printer-name { flex: 0 1 auto; min-width: 0; }"));
        assert!(html.contains(
            ".colophon .print-date { flex: none; margin-left: auto; white-space: nowrap; }"
        ));
        // The same for the header's office and date.
        assert!(html.contains(
            ".office-line .date { flex: none; margin-left: auto; white-space: nowrap; }"
        ));
    }

    #[test]
    fn the_office_line_takes_the_size_of_the_layout_or_gives_the_date_its_own_line() {
        let (mut doc, html) = sample();
        // 26 + 6 + 1 ems fit at 小四 only (header::office_line).
        assert!(html.contains(
            "<p class=\"office-line\" style=\"font-size: 12pt; letter-spacing: 0\"><span class=\"office\">临沂市城镇居住区配套幼儿园专项整治工作领导小组办公室</span><span class=\"date\">2020年1月6日</span></p>"
        ));
        assert!(html.contains("<p class=\"issue-number\">第4期</p>"));
        doc.front.office = "临沂市城镇居住区配套幼儿园专项整治工作领导小组办公室".repeat(2);
        let html = render(&doc).expect("html");
        assert!(html.contains(
            "<p class=\"issue-number\">第4期<span class=\"date\">2020年1月6日</span></p>"
        ));
        let office = contents(
            &html,
            "<p class=\"office-line\" style=\"font-size: 16pt\">",
            "</p>",
        );
        assert_eq!(office.len(), 1, "{html}");
        assert!(office[0].contains("<wbr>") && !office[0].contains("2020年"));
        doc.front.office = "市整治办".into();
        let html = render(&doc).expect("html");
        assert!(html.contains("<p class=\"office-line\" style=\"font-size: 16pt\">"));
    }

    #[test]
    fn a_signature_longer_than_its_line_wraps_right_aligned() {
        let (mut doc, html) = sample();
        assert!(html.contains("<p class=\"signer\">"));
        assert!(html.contains("--sign-indent: calc(2 * var(--cell));"));
        doc.front.signature = "临沂市城镇居住区配套幼儿园专项整治工作领导小组办公室综合组".into();
        let html = render(&doc).expect("html");
        let signer = contents(&html, "<p class=\"signer signer-wraps\">", "</p>");
        assert_eq!(signer.len(), 1);
        assert_eq!(
            wbr_offsets(signer[0]),
            segment::breaks(&doc.front.signature)
        );
    }

    #[test]
    fn the_page_carries_the_print_rules() {
        let (_, html) = sample();
        for rule in [
            "@page { size: A4; margin: 37mm 26mm 35mm 28mm; }",
            "@page :right { @bottom-right { content: \"—\\2002\" counter(page) \"\\2002—\";",
            "@page :left { @bottom-left { content: \"—\\2002\" counter(page) \"\\2002—\";",
            "h3, h4, h5, h6, .title, .addressee, .attachment-label, .attachment-title { break-after: avoid; }",
            "p, li { orphans: 2; widows: 2; }",
            ".closing, .attachment-note { break-before: avoid; break-inside: avoid; }",
            ".attachment { break-before: page; margin-top: 0; }",
            ".colophon { break-before: left; margin-top: 0; min-height: var(--block-h);",
        ] {
            assert!(html.contains(rule), "{rule}");
        }
        let print = &html[html.find("@media print {").expect("print rules")..];
        assert!(print.contains("break-after: avoid"));
    }
}
