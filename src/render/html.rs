//! A standalone HTML page (inline CSS, no scripts, no network) from the document model.

use std::fmt::Write;

use serde::Serialize;
use tera::{Context, Tera};

use crate::document::{Align, Block, Document, FrontMatter, Span, Style, Table};
use crate::format::cn_date;
use crate::layout::{colophon, folio, header, page, rules};

const PAGE_TEMPLATE: &str = "page.html.tera";
const PAGE: &str = include_str!("../../templates/page.html.tera");
const CSS: &str = include_str!("../../templates/bulletin.css");

/// An HTML rendering failure: only a bug in the built-in page template can cause one.
#[derive(Debug, thiserror::Error)]
#[error("HTML 页面模板出错：{0}")]
pub struct HtmlError(String);

#[derive(Serialize)]
struct ColophonLine {
    label: &'static str,
    names: String,
}

#[derive(Serialize)]
struct PageView<'a> {
    front: &'a FrontMatter,
    date: String,
    print_date: String,
    /// The red name's size and horizontal scale, by [`header::fit_name`].
    header_size: f64,
    header_scale: f64,
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
        .map_err(|e| HtmlError(e.to_string()))?;
    let fit = header_fit(&doc.front);
    let view = PageView {
        front: &doc.front,
        date: cn_date(doc.front.date),
        print_date: colophon::print_date_text(&doc.front.colophon),
        header_size: fit.size,
        header_scale: (fit.scale * 1000.0).floor() / 1000.0,
        colophon: colophon::groups(&doc.front.colophon)
            .into_iter()
            .map(|g| ColophonLine {
                label: g.label,
                names: g.names.join("，"),
            })
            .collect(),
        layout_css: layout_css(),
        css: CSS,
        body: blocks(&doc.body),
        attachments: attachments(doc),
    };
    let context = Context::from_serialize(&view).map_err(|e| HtmlError(e.to_string()))?;
    tera.render(PAGE_TEMPLATE, &context)
        .map_err(|e| HtmlError(e.to_string()))
}

/// The red name's size and scale for the header kind of `front`.
fn header_fit(front: &FrontMatter) -> header::NameFit {
    header::fit_name(front.style, header::estimated_width_em(&front.header))
}

/// CSS custom properties and `@page` rules from the layout module: margins, rule thicknesses,
/// the red, and page numbers (`— N —`, odd pages right and even pages left, one character
/// in, the dash line 7 mm below the text block).
fn layout_css() -> String {
    let margins = format!(
        "{}mm {}mm {}mm {}mm",
        page::BLOCK_TOP,
        page::MARGIN_RIGHT,
        page::MARGIN_BOTTOM,
        page::BLOCK_LEFT
    );
    let number = format!("\"{d} \" counter(page) \" {d}\"", d = folio::DASH);
    let folio_box = |side: &str| {
        format!(
            "content: {number}; vertical-align: top; text-align: {side}; padding-{side}: {inset:.3}mm; \
             padding-top: calc({below}mm - {half}pt); font-family: var(--song); font-size: {size}pt; \
             line-height: {size}pt; letter-spacing: 0;",
            inset = folio::INSET,
            below = folio::BELOW_BLOCK,
            half = folio::SIZE / 2.0,
            size = folio::SIZE,
        )
    };
    format!(
        ":root {{ --margins: {margins}; --red: {red}; --rule-red: {red_rule}mm; \
         --rule-thick: {thick}mm; --rule-thin: {thin}mm; }}\n\
         @page {{ size: A4; margin: {margins}; }}\n\
         @page :right {{ @bottom-right {{ {right} }} }}\n\
         @page :left {{ @bottom-left {{ {left} }} }}",
        red = rules::red_css(),
        red_rule = rules::RED_RULE,
        thick = rules::THICK,
        thin = rules::THIN,
        right = folio_box("right"),
        left = folio_box("left"),
    )
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
    fn layout_css_carries_the_shared_numbers() {
        let css = layout_css();
        assert!(css.contains("--margins: 37mm 26mm 35mm 28mm;"), "{css}");
        assert!(css.contains("--rule-red: 0.5mm;"), "{css}");
        assert!(
            css.contains("--rule-thick: 0.35mm; --rule-thin: 0.25mm;"),
            "{css}"
        );
        assert!(
            css.contains("content: \"— \" counter(page) \" —\""),
            "{css}"
        );
    }

    #[test]
    fn escapes_everything() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
