//! Stage 4: the bulletin's Markdown → one document model that every renderer consumes.
//!
//! Conventions of `bulletin.md` (what compose writes and a clerk may edit):
//! - YAML front matter: header, title, addressee, signature, date and colophon ([`FrontMatter`]);
//! - `#` … `####`: headings 一、 / （一） / 1. / （1）;
//! - a paragraph starting with `附件：` in the body: the attachment note (附件说明), one line each;
//! - a `#` heading starting with `附件` (e.g. `# 附件` or `# 附件2`): starts an attachment page;
//!   the first `##` heading after it is the attachment's title;
//! - tables (GFM) with their column alignment; `**strong**` and `*emphasis*` runs.
//!
//! Raw HTML in the Markdown is kept as literal text (renderers escape it), never as markup.

use std::collections::BTreeMap;
use std::path::Path;

use pulldown_cmark::{
    Alignment, Event, HeadingLevel, MetadataBlockKind, Options, Parser, Tag, TagEnd,
};
use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::font_style::FontStyle;
use crate::model::Date;

/// Which header (版头) the bulletin carries: `style:` in the front matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
pub enum HeaderStyle {
    /// `简报`: red name, 第N期, office and date, red rule (customary for 工作通报).
    #[default]
    #[serde(rename = "简报")]
    Brief,
    /// `文件`: the 文件式 header of GB/T 9704 (red `…文件`, 发文字号, red rule).
    #[serde(rename = "文件")]
    File,
}

/// The header, title and colophon of a bulletin: the YAML front matter of `bulletin.md`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// `简报` or `文件`; anything else is an error naming the line.
    pub style: HeaderStyle,
    /// The red header name.
    pub header: String,
    /// 第N期
    pub issue: u64,
    /// 发文字号 for the 文件式 header, e.g. `临整办〔2020〕4号`.
    #[serde(default)]
    pub doc_number: Option<String>,
    /// 份号 (6 digits), when the copy is numbered.
    #[serde(default)]
    pub copy_number: Option<String>,
    /// 密级 or `内部资料 注意保存`.
    #[serde(default)]
    pub secrecy: Option<String>,
    /// The issuing office, shown in the header.
    pub office: String,
    /// 成文日期, also the header's date.
    pub date: Date,
    pub title: String,
    /// 主送机关, without the closing colon.
    pub addressee: String,
    /// 署名
    pub signature: String,
    /// 附注 (联系人、电话), without parentheses.
    #[serde(default)]
    pub contact: Option<String>,
    pub colophon: Colophon,
    /// Font files for the PDF by type style (`仿宋: /path/仿宋_GB2312.ttf`), so that the draft
    /// renders with the fonts it was built with. A relative path is relative to the folder of
    /// `bulletin.md`; compose writes the campaign's `fonts:` as absolute paths.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fonts: BTreeMap<FontStyle, String>,
}

/// 版记
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Colophon {
    /// 报
    #[serde(default)]
    pub report_to: Vec<String>,
    /// 发
    #[serde(default)]
    pub send_to: Vec<String>,
    /// 抄送
    #[serde(default)]
    pub copy_to: Vec<String>,
    /// 印发机关
    pub printer: String,
    /// 印发日期
    pub print_date: Date,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Style {
    Plain,
    /// `**…**`: 黑体 in print, bold on screen.
    Strong,
    /// `*…*`: 楷体.
    Emphasis,
}

/// A run of text in one style.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Span {
    pub text: String,
    pub style: Style,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Align {
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    pub align: Vec<Align>,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Block {
    /// Level 1 (一、) to 4 (（1）).
    Heading {
        level: u8,
        spans: Vec<Span>,
    },
    Paragraph(Vec<Span>),
    /// 附件说明: the note's lines, each without the leading `附件：`.
    AttachmentNote(Vec<String>),
    List {
        ordered: bool,
        items: Vec<Vec<Span>>,
    },
    Table(Table),
}

/// One attachment page (or run of pages).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Attachment {
    /// `附件` or `附件2`.
    pub label: String,
    pub title: String,
    pub blocks: Vec<Block>,
}

/// A whole bulletin, as every renderer sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    pub front: FrontMatter,
    pub body: Vec<Block>,
    pub attachments: Vec<Attachment>,
}

impl Document {
    /// Every piece of text the document shows, for checks such as missing glyphs.
    pub fn texts(&self) -> Vec<&str> {
        let f = &self.front;
        let mut out: Vec<&str> = vec![&f.header, &f.office, &f.title, &f.addressee, &f.signature];
        out.extend(f.doc_number.as_deref());
        out.extend(f.copy_number.as_deref());
        out.extend(f.secrecy.as_deref());
        out.extend(f.contact.as_deref());
        let c = &f.colophon;
        out.extend(
            c.report_to
                .iter()
                .chain(&c.send_to)
                .chain(&c.copy_to)
                .map(String::as_str),
        );
        out.push(&c.printer);
        let blocks = self
            .body
            .iter()
            .chain(self.attachments.iter().flat_map(|a| a.blocks.iter()));
        for a in &self.attachments {
            out.push(&a.label);
            out.push(&a.title);
        }
        for block in blocks {
            match block {
                Block::Heading { spans, .. } | Block::Paragraph(spans) => {
                    out.extend(spans.iter().map(|s| s.text.as_str()))
                }
                Block::AttachmentNote(lines) => out.extend(lines.iter().map(String::as_str)),
                Block::List { items, .. } => {
                    out.extend(items.iter().flatten().map(|s| s.text.as_str()))
                }
                Block::Table(t) => out.extend(
                    t.header
                        .iter()
                        .chain(t.rows.iter().flatten())
                        .map(String::as_str),
                ),
            }
        }
        out
    }
}

/// A problem in a bulletin's Markdown.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct DocumentError(pub Diagnostic);

const NOTE_PREFIX: &str = "附件：";
const ATTACHMENT_PREFIX: &str = "附件";

/// Parses `markdown` (the text of `file`, used in messages) into a [`Document`].
pub fn parse(file: &Path, markdown: &str) -> Result<Document, DocumentError> {
    let options = Options::ENABLE_TABLES | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let mut builder = Builder::default();
    let mut front_text: Option<String> = None;
    let mut in_front = false;
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(Tag::MetadataBlock(MetadataBlockKind::YamlStyle)) => in_front = true,
            Event::End(TagEnd::MetadataBlock(_)) => in_front = false,
            Event::Text(t) if in_front => front_text.get_or_insert_with(String::new).push_str(&t),
            other => builder.event(other),
        }
    }
    let front_text = front_text.ok_or_else(|| {
        DocumentError(Diagnostic::at(
            file,
            1,
            1,
            "",
            "缺少文件头：通报 Markdown 应以 --- 开头的 YAML 文件头（版头、标题、版记等）开始",
        ))
    })?;
    let front = crate::load::parse::<FrontMatter>(file, &front_text).map_err(|mut d| {
        // The front matter starts on line 2, after the opening `---`.
        d.line = d.line.map(|l| l + 1);
        DocumentError(d)
    })?;
    let (body, attachments) = builder.finish();
    Ok(Document {
        front,
        body,
        attachments,
    })
}

/// Where a block under construction is.
#[derive(Default)]
enum Open {
    #[default]
    None,
    Paragraph(Vec<Span>),
    Heading(u8, Vec<Span>),
    Table {
        table: Table,
        row: Vec<String>,
        cell: Option<String>,
        in_head: bool,
    },
    List {
        ordered: bool,
        items: Vec<Vec<Span>>,
        item: Option<Vec<Span>>,
    },
}

#[derive(Default)]
struct Builder {
    open: Open,
    strong: usize,
    emphasis: usize,
    body: Vec<Block>,
    attachments: Vec<Attachment>,
}

impl Builder {
    fn style(&self) -> Style {
        if self.strong > 0 {
            Style::Strong
        } else if self.emphasis > 0 {
            Style::Emphasis
        } else {
            Style::Plain
        }
    }

    fn text(&mut self, text: &str) {
        let style = self.style();
        let push = |spans: &mut Vec<Span>| match spans.last_mut() {
            Some(last) if last.style == style => last.text.push_str(text),
            _ => spans.push(Span {
                text: text.to_string(),
                style,
            }),
        };
        match &mut self.open {
            Open::Paragraph(spans) | Open::Heading(_, spans) => push(spans),
            Open::Table { cell: Some(c), .. } => c.push_str(text),
            Open::Table { .. } => {}
            Open::List {
                item: Some(spans), ..
            } => push(spans),
            Open::List { items, .. } => {
                let mut spans = Vec::new();
                push(&mut spans);
                items.push(spans);
            }
            Open::None => {
                let mut spans = Vec::new();
                push(&mut spans);
                self.open = Open::Paragraph(spans);
            }
        }
    }

    fn event(&mut self, event: Event) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                self.text(&t)
            }
            Event::InlineMath(t) | Event::DisplayMath(t) => self.text(&t),
            Event::FootnoteReference(t) => self.text(&t),
            Event::SoftBreak | Event::HardBreak => self.text("\n"),
            Event::TaskListMarker(done) => self.text(if done { "☑" } else { "☐" }),
            Event::Rule => self.close(),
        }
    }

    fn start(&mut self, tag: Tag) {
        match tag {
            Tag::Paragraph if !matches!(self.open, Open::List { .. }) => {
                self.close();
                self.open = Open::Paragraph(Vec::new());
            }
            Tag::Heading { level, .. } => {
                self.close();
                let level = match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    HeadingLevel::H3 => 3,
                    _ => 4,
                };
                self.open = Open::Heading(level, Vec::new());
            }
            Tag::Table(align) => {
                self.close();
                self.open = Open::Table {
                    table: Table {
                        align: align
                            .iter()
                            .map(|a| match a {
                                Alignment::Right => Align::Right,
                                Alignment::Center => Align::Center,
                                _ => Align::Left,
                            })
                            .collect(),
                        header: Vec::new(),
                        rows: Vec::new(),
                    },
                    row: Vec::new(),
                    cell: None,
                    in_head: false,
                };
            }
            Tag::TableHead => {
                if let Open::Table { in_head, .. } = &mut self.open {
                    *in_head = true;
                }
            }
            Tag::TableCell => {
                if let Open::Table { cell, .. } = &mut self.open {
                    *cell = Some(String::new());
                }
            }
            Tag::List(start) if !matches!(self.open, Open::List { .. }) => {
                self.close();
                self.open = Open::List {
                    ordered: start.is_some(),
                    items: Vec::new(),
                    item: None,
                };
            }
            Tag::Item => {
                if let Open::List { items, item, .. } = &mut self.open {
                    if let Some(done) = item.take() {
                        items.push(done);
                    }
                    *item = Some(Vec::new());
                }
            }
            Tag::Strong => self.strong += 1,
            Tag::Emphasis => self.emphasis += 1,
            Tag::CodeBlock(_) => {
                self.close();
                self.open = Open::Paragraph(Vec::new());
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::CodeBlock | TagEnd::HtmlBlock
                if !matches!(self.open, Open::List { .. }) =>
            {
                self.close()
            }
            TagEnd::Table => self.close(),
            TagEnd::TableHead => {
                if let Open::Table {
                    table,
                    row,
                    in_head,
                    ..
                } = &mut self.open
                {
                    table.header = std::mem::take(row);
                    *in_head = false;
                }
            }
            TagEnd::TableRow => {
                if let Open::Table { table, row, .. } = &mut self.open {
                    table.rows.push(std::mem::take(row));
                }
            }
            TagEnd::TableCell => {
                if let Open::Table { row, cell, .. } = &mut self.open {
                    row.push(join_lines(cell.take().unwrap_or_default().trim()));
                }
            }
            TagEnd::Item => {
                if let Open::List { items, item, .. } = &mut self.open
                    && let Some(done) = item.take()
                {
                    items.push(done);
                }
            }
            TagEnd::List(_) => self.close(),
            TagEnd::Strong => self.strong = self.strong.saturating_sub(1),
            TagEnd::Emphasis => self.emphasis = self.emphasis.saturating_sub(1),
            _ => {}
        }
    }

    /// Finishes the open block and files it in the body or the current attachment.
    fn close(&mut self) {
        let block = match std::mem::take(&mut self.open) {
            Open::None => return,
            Open::Paragraph(spans) => {
                let plain: String = spans.iter().map(|s| s.text.as_str()).collect();
                let trimmed = plain.trim();
                if trimmed.is_empty() {
                    return;
                }
                match trimmed.strip_prefix(NOTE_PREFIX) {
                    Some(rest) if self.attachments.is_empty() => Block::AttachmentNote(
                        rest.lines()
                            .map(str::trim)
                            .filter(|l| !l.is_empty())
                            .map(str::to_string)
                            .collect(),
                    ),
                    _ => Block::Paragraph(finish_spans(spans)),
                }
            }
            Open::Heading(level, spans) => {
                let spans = finish_spans(spans);
                let text: String = spans.iter().map(|s| s.text.as_str()).collect();
                if level == 1
                    && text.starts_with(ATTACHMENT_PREFIX)
                    && !text.starts_with(NOTE_PREFIX)
                {
                    self.attachments.push(Attachment {
                        label: text,
                        title: String::new(),
                        blocks: Vec::new(),
                    });
                    return;
                }
                if let Some(a) = self.attachments.last_mut()
                    && a.title.is_empty()
                    && a.blocks.is_empty()
                {
                    a.title = text;
                    return;
                }
                Block::Heading { level, spans }
            }
            Open::Table { table, .. } => Block::Table(table),
            Open::List {
                ordered,
                mut items,
                item,
            } => {
                items.extend(item);
                Block::List {
                    ordered,
                    items: items.into_iter().map(finish_spans).collect(),
                }
            }
        };
        match self.attachments.last_mut() {
            Some(a) => a.blocks.push(block),
            None => self.body.push(block),
        }
    }

    fn finish(mut self) -> (Vec<Block>, Vec<Attachment>) {
        self.close();
        (self.body, self.attachments)
    }
}

/// Joins the lines of a paragraph: no space between Chinese characters, one between Latin words.
fn join_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut lines = text.split('\n').map(str::trim).peekable();
    while let Some(line) = lines.next() {
        out.push_str(line);
        if let Some(next) = lines.peek() {
            let before = line.chars().last();
            let after = next.chars().next();
            if before.is_some_and(|c| c.is_ascii_alphanumeric())
                && after.is_some_and(|c| c.is_ascii_alphanumeric())
            {
                out.push(' ');
            }
        }
    }
    out
}

fn finish_spans(spans: Vec<Span>) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    let last = spans.len().saturating_sub(1);
    for (i, mut span) in spans.into_iter().enumerate() {
        span.text = join_lines(&span.text);
        if i == 0 {
            span.text = span.text.trim_start().to_string();
        }
        if i == last {
            span.text = span.text.trim_end().to_string();
        }
        if !span.text.is_empty() {
            out.push(span);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const FRONT: &str = "---\nstyle: 简报\nheader: 测试工作通报\nissue: 1\noffice: 办公室\ndate: 2020-01-06\ntitle: 关于测试的通报\naddressee: 各县区\nsignature: 办公室\ncolophon:\n  printer: 办公室\n  print_date: 2020-01-06\n---\n";

    fn doc(body: &str) -> Document {
        parse(Path::new("b.md"), &format!("{FRONT}{body}")).unwrap()
    }

    #[test]
    fn headings_paragraphs_and_attachments() {
        let d = doc(
            "开头一段\n第二行。\n\n# 一、总体进展\n\n正文 **加粗** 完。\n\n附件：排名表\n\n# 附件\n\n## 排名表\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n",
        );
        assert_eq!(d.front.issue, 1);
        assert_eq!(
            d.body[0],
            Block::Paragraph(vec![Span {
                text: "开头一段第二行。".into(),
                style: Style::Plain
            }])
        );
        assert!(matches!(&d.body[1], Block::Heading { level: 1, .. }));
        assert!(
            matches!(&d.body[2], Block::Paragraph(s) if s.len() == 3 && s[1].style == Style::Strong)
        );
        assert_eq!(d.body[3], Block::AttachmentNote(vec!["排名表".into()]));
        assert_eq!(d.attachments.len(), 1);
        assert_eq!(d.attachments[0].label, "附件");
        assert_eq!(d.attachments[0].title, "排名表");
        let Block::Table(t) = &d.attachments[0].blocks[0] else {
            panic!("table expected")
        };
        assert_eq!(t.align, vec![Align::Left, Align::Right]);
        assert_eq!(t.rows, vec![vec!["1".to_string(), "2".to_string()]]);
    }

    #[test]
    fn raw_html_stays_text() {
        let d = doc("<script>alert(1)</script>\n\n正文<b>x</b>\n");
        let all = d.texts().join("");
        assert!(all.contains("<script>alert(1)</script>"), "{all}");
        assert!(all.contains("<b>x</b>"), "{all}");
    }

    #[test]
    fn escaped_markup_is_literal() {
        let d = doc("名称\\*星号\\*与\\|竖线\n");
        assert_eq!(d.texts().last().copied(), Some("名称*星号*与|竖线"));
    }

    #[test]
    fn missing_or_bad_front_matter_is_reported_with_its_line() {
        let e = parse(Path::new("b.md"), "正文\n").unwrap_err();
        assert!(e.0.message.contains("文件头"));
        let bad = FRONT.replace("issue: 1", "isue: 1");
        let e = parse(Path::new("b.md"), &bad).unwrap_err();
        assert_eq!(e.0.line, Some(4), "{}", e.0);
    }
}
