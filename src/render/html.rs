//! A standalone HTML page (inline CSS, no scripts, no network) from the document model.

use std::fmt::Write;

use serde::Serialize;
use tera::{Context, Tera};

mod css;
mod table;
mod words;

use crate::document::{Block, Document, FrontMatter, Span, Style};
use crate::fault::Fault;
use crate::format::cn_date;
use crate::layout::header::{HeaderFit, OfficeLine, office_line_cell};
use crate::layout::page::{BLOCK_W, CELL, em};
use crate::layout::{colophon, header, revision, signature, size};
use crate::model::HeaderStyle;
use crate::typeset::TablePlan;
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
    /// 第N期, or 第N期（修订R） for a revision ([`crate::layout::revision`]).
    issue_label: String,
    /// A revision's note under the title.
    revision_note: Option<String>,
    office: String,
    /// The office line's size, by [`header::office_line`]: on one line with the date at its
    /// size (on the grid at 三号, one em apart below), or (`office_split`) the office alone at
    /// the size that fits it and the date on the 第N期 line, flush right.
    office_style: String,
    office_split: bool,
    /// 文件式: where the header's parts stand on the grid ([`file_banner_style`]); empty for
    /// 简报式, whose parts follow one another on their grid lines.
    banner_style: String,
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

/// Renders `doc` as one HTML page, its header fitted on widths estimated without fonts (see
/// [`render_fitted`]).
pub fn render(doc: &Document) -> Result<String, HtmlError> {
    let f = &doc.front;
    let fit = HeaderFit::estimated(f.style, &f.header, &f.office, &cn_date(f.date));
    render_fitted(doc, &fit)
}

/// Renders `doc` as one HTML page whose red name and office line are set as `fit` says (what
/// the typesetter measured in the PDF's fonts, so the three formats agree).
pub fn render_fitted(doc: &Document, fit: &HeaderFit) -> Result<String, HtmlError> {
    render_set(doc, fit, &[])
}

/// [`render_fitted`], each table at the type size and column widths of `plans` (the
/// typesetter's, one per table in document order); a table without a plan gets widths
/// estimated from its text.
pub fn render_set(
    doc: &Document,
    fit: &HeaderFit,
    plans: &[TablePlan],
) -> Result<String, HtmlError> {
    crate::segment::use_words(&doc.front.words);
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html.tera"]);
    tera.add_raw_template(PAGE_TEMPLATE, PAGE)
        .map_err(HtmlError)?;
    let front = &doc.front;
    let office_line = fit.office_line;
    let fit = fit.name;
    let date = cn_date(front.date);
    let print_date = colophon::print_date_text(&front.colophon);
    let width_em = header::estimated_width_em;
    // The room a text has beside another on its line, `gap` characters of pitch `cell` apart.
    let beside = |other: &str, cell: f64, gap: f64| BLOCK_W - (width_em(other) + gap) * cell;
    let (office_size, office_room) = match office_line {
        OfficeLine::One { size } => (size, beside(&date, office_line_cell(size), 1.0)),
        OfficeLine::Split { size } => (size, BLOCK_W),
    };
    // The 署名 and the date measured on the grid, as signature::place takes them.
    let sign = signature::place(width_em(&front.signature) * CELL, width_em(&date) * CELL);
    let body_tables = doc
        .body
        .iter()
        .filter(|b| matches!(b, Block::Table(_)))
        .count();
    let view = PageView {
        front,
        header_size: fit.size,
        header_scale: (fit.scale * 1000.0).floor() / 1000.0,
        title: breakable_within(&front.title, size::TITLE, BLOCK_W),
        issue_label: revision::issue_label(front.issue, front.revision),
        revision_note: revision::note(front.issue, front.revision),
        office: breakable_within(&front.office, office_size, office_room),
        office_style: if office_size == size::BODY {
            format!("font-size: {office_size}pt")
        } else {
            format!("font-size: {office_size}pt; letter-spacing: 0")
        },
        office_split: matches!(office_line, OfficeLine::Split { .. }),
        banner_style: match front.style {
            HeaderStyle::File => file_banner_style(front, fit.size),
            HeaderStyle::Brief => String::new(),
        },
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
        body: blocks(&doc.body, &doc.front, &mut plans.iter()),
        attachments: attachments(
            doc,
            &mut plans.iter().skip(body_tables),
            &crate::typeset::turned_attachments(doc, plans),
        ),
    };
    let context = Context::from_serialize(&view).map_err(HtmlError)?;
    tera.render(PAGE_TEMPLATE, &context).map_err(HtmlError)
}

/// The 文件式 header's places as CSS custom properties, by [`crate::layout::header`] as the
/// PDF sets them: the red name's top (`name_size` pt; below the 份号 and 密级 lines), the
/// 发文字号's grid line, the red rule's middle and the grid lines the header takes.
fn file_banner_style(front: &FrontMatter, name_size: f64) -> String {
    let given = |t: &Option<String>| t.as_deref().is_some_and(|t| !t.trim().is_empty());
    let marks = usize::from(given(&front.copy_number)) + usize::from(given(&front.secrecy));
    let name_top = header::file_name_top(marks);
    let number_line =
        given(&front.doc_number).then(|| header::file_number_line(name_top, name_size));
    let rule_y = header::file_rule_y(name_top, name_size, number_line);
    format!(
        "--name-top: {name_top:.4}mm; --number-line: {}; --rule-y: {rule_y:.4}mm; --banner-lines: {}",
        number_line.unwrap_or(0),
        header::file_lines(rule_y)
    )
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

/// The blocks as HTML; a table cell printing a grade gets the grade's colour from `front`,
/// each table its plan from `plans` (the next one in document order).
fn blocks<'a>(
    list: &[Block],
    front: &FrontMatter,
    plans: &mut impl Iterator<Item = &'a TablePlan>,
) -> String {
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
            Block::Table(t) => {
                table::table(&mut out, t, &|text| front.grade_color(text), plans.next())
            }
        }
    }
    out
}

/// The attachments, each a section; a landscape one (`turned`, 横排) is printed on turned
/// pages (`@page turned`), its title balanced over the turned block's width.
fn attachments<'a>(
    doc: &Document,
    plans: &mut impl Iterator<Item = &'a TablePlan>,
    turned: &[bool],
) -> String {
    let mut out = String::new();
    for (i, a) in doc.attachments.iter().enumerate() {
        let turned = turned.get(i).copied().unwrap_or(false);
        let _ = writeln!(
            out,
            "<section class=\"attachment{}\">\n<p class=\"attachment-label\">{}</p>\n<h2 class=\"attachment-title\">{}</h2>",
            if turned { " turned" } else { "" },
            escape(&a.label),
            breakable_within(
                &a.title,
                size::TITLE,
                if turned {
                    crate::layout::page::Block::TURNED.width
                } else {
                    BLOCK_W
                }
            )
        );
        out.push_str(&blocks(&a.blocks, &doc.front, plans));
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
        // 35 characters: the office alone at 小四, whole on its line; the date on the 期号 line.
        doc.front.office =
            "临沂市城镇居住区配套幼儿园专项整治工作领导小组办公室临沂市城镇居住区配".into();
        let html = render(&doc).expect("html");
        assert!(html.contains(
            "<p class=\"issue-number\">第4期<span class=\"date\">2020年1月6日</span></p>"
        ));
        let office = contents(
            &html,
            "<p class=\"office-line\" style=\"font-size: 12pt; letter-spacing: 0\">",
            "</p>",
        );
        assert_eq!(office.len(), 1, "{html}");
        assert!(!office[0].contains("<wbr>") && !office[0].contains("2020年"));
        assert!(office[0].contains(&doc.front.office));
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

    /// The 文件式 header's places on the grid, as the PDF sets them (GB/T 9704 7.2): the red
    /// name's top 35 mm below the block's top (lower under 份号 and 密级 when they reach
    /// further), the 发文字号 two blank lines below it, the red rule 4 mm below that, the title
    /// two lines below the rule's grid line.
    #[test]
    fn a_file_header_stands_where_the_layout_puts_it() {
        let (mut doc, html) = sample();
        assert!(
            html.contains("<header class=\"banner banner-brief\">"),
            "{html}"
        );
        doc.front.style = HeaderStyle::File;
        doc.front.doc_number = Some("临整治办〔2020〕1号".into());
        let fit = |size| HeaderFit {
            name: header::NameFit { size, scale: 1.0 },
            ..HeaderFit::estimated(doc.front.style, "", "", "")
        };
        // 26 pt name: bottom at 35 + 9.17 mm, in grid line 4; the number on line 4 + 1 + 2 = 7
        // (71.59 mm); the rule 71.59 + 5.64 + 4 = 81.24 mm down, in line 7: 8 lines.
        let html = render_fitted(&doc, &fit(26.0)).expect("html");
        assert!(
            html.contains("<header class=\"banner banner-file\" style=\"--name-top: 35.0000mm; --number-line: 7; --rule-y: 81.2354mm; --banner-lines: 8\">"),
            "{html}"
        );
        // The 份号 and 密级 lines (20.5 mm) stay above it: the name stays 35 mm down.
        doc.front.copy_number = Some("000001".into());
        doc.front.secrecy = Some("秘密★1年".into());
        let html = render_fitted(&doc, &fit(22.0)).expect("html");
        assert!(html.contains("--name-top: 35.0000mm;"), "{html}");
    }

    #[test]
    fn the_page_carries_the_print_rules() {
        let (_, html) = sample();
        for rule in [
            "@page { size: A4; margin: 37mm 26mm 35mm 28mm; }",
            "@page :right { @bottom-right { content: \"—\\2002\" counter(page) \"\\2002—\";",
            "@page :left { @bottom-left { content: \"—\\2002\" counter(page) \"\\2002—\";",
            "h3, h4, h5, h6, .title, .addressee, .attachment-label, .attachment-title { break-after: avoid; }",
            "p, li { orphans: 1; widows: 1; }",
            ".closing, .attachment-note { break-inside: avoid; }",
            ".closing { break-before: avoid; }",
            ".attachment-note { break-after: avoid; }",
            "--pitch: var(--line);",
            ".attachment { break-before: page; margin-top: 0; }",
            ".colophon { break-before: left; margin-top: 0; min-height: var(--block-h);",
        ] {
            assert!(html.contains(rule), "{rule}");
        }
        let print = &html[html.find("@media print {").expect("print rules")..];
        assert!(print.contains("break-after: avoid"));
    }
}
