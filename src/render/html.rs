//! A standalone HTML page (inline CSS, no scripts, no network) from the document model.

use std::fmt::Write;

use serde::Serialize;
use tera::{Context, Tera};

use crate::document::{Align, Block, Document, FrontMatter, Span, Style, Table};
use crate::format::cn_date;

const PAGE_TEMPLATE: &str = "page.html.tera";
const PAGE: &str = include_str!("../../templates/page.html.tera");
const CSS: &str = include_str!("../../templates/bulletin.css");

/// An HTML rendering failure: only a bug in the built-in page template can cause one.
#[derive(Debug, thiserror::Error)]
#[error("HTML 页面模板出错：{0}")]
pub struct HtmlError(String);

#[derive(Serialize)]
struct PageView<'a> {
    front: &'a FrontMatter,
    date: String,
    print_date: String,
    /// The red header's size: 小初 (36 pt) unless the name needs smaller to fit one line.
    header_size: f64,
    css: &'static str,
    body: String,
    attachments: String,
}

/// Renders `doc` as one HTML page.
pub fn render(doc: &Document) -> Result<String, HtmlError> {
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html.tera"]);
    tera.add_raw_template(PAGE_TEMPLATE, PAGE)
        .map_err(|e| HtmlError(e.to_string()))?;
    let view = PageView {
        front: &doc.front,
        date: cn_date(doc.front.date),
        print_date: cn_date(doc.front.colophon.print_date),
        header_size: header_size(&doc.front.header),
        css: CSS,
        body: blocks(&doc.body),
        attachments: attachments(doc),
    };
    let context = Context::from_serialize(&view).map_err(|e| HtmlError(e.to_string()))?;
    tera.render(PAGE_TEMPLATE, &context)
        .map_err(|e| HtmlError(e.to_string()))
}

/// Width of the text block (版心) in points: 156 mm.
const BLOCK_WIDTH_PT: f64 = 156.0 * 72.0 / 25.4;

/// The red header's font size in points: 36 (小初), or smaller so that the name fits on one
/// line of the text block (whole points, at least 16).
fn header_size(name: &str) -> f64 {
    let chars = name.chars().count().max(1) as f64;
    (BLOCK_WIDTH_PT / chars).floor().clamp(16.0, 36.0)
}

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

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
            Block::Table(t) => table(&mut out, t),
        }
    }
    out
}

fn table(out: &mut String, t: &Table) {
    let class = |i: usize| match t.align.get(i) {
        Some(Align::Right) => " class=\"right\"",
        Some(Align::Center) => " class=\"center\"",
        _ => "",
    };
    out.push_str("<div class=\"table-wrap\"><table>\n<thead><tr>");
    for cell in &t.header {
        let _ = write!(out, "<th>{}</th>", escape(cell));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &t.rows {
        out.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            let _ = write!(out, "<td{}>{}</td>", class(i), escape(cell));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table></div>\n");
}

fn attachments(doc: &Document) -> String {
    let mut out = String::new();
    for a in &doc.attachments {
        let _ = writeln!(
            out,
            "<section class=\"attachment\">\n<p class=\"attachment-label\">{}</p>\n<h2 class=\"attachment-title\">{}</h2>",
            escape(&a.label),
            escape(&a.title)
        );
        out.push_str(&blocks(&a.blocks));
        out.push_str("</section>\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_fits_the_block() {
        assert_eq!(header_size("临沂市文件"), 36.0);
        // 18 characters in 442 pt: 24 pt each.
        assert_eq!(header_size("城镇居住区配套幼儿园专项整治工作通报"), 24.0);
    }

    #[test]
    fn escapes_everything() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
