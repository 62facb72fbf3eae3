//! Stage 4: the bulletin's Markdown → one document model that every renderer consumes.
//!
//! Conventions of `bulletin.md` (what compose writes and a clerk may edit):
//! - YAML front matter: header, title, addressee, signature, date and colophon ([`FrontMatter`]);
//! - `#` … `####`: headings 一、 / （一） / 1. / （1）;
//! - a paragraph starting with `附件：` in the body: the attachment note (附件说明), one line each;
//! - a `#` heading starting with `附件` (e.g. `# 附件` or `# 附件2`): starts an attachment page;
//!   the first `##` heading after it is the attachment's title;
//! - a `#` heading `回执` (a notice's tear-off reply form): starts the 回执 page, set as an
//!   attachment page is (see [`RECEIPT_LABEL`]);
//! - tables (GFM) with their column alignment; `**strong**` and `*emphasis*` runs.
//!
//! Raw HTML in the Markdown is kept as literal text (renderers escape it), never as markup.

pub mod docx;
pub mod markdown;

use std::collections::BTreeMap;
use std::path::Path;

use comrak::arena_tree::NodeEdge;
use comrak::nodes::{ListType, NodeValue, TableAlignment};
use comrak::{Arena, Options};
use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::fault::Fault;
use crate::font_style::FontStyle;
use crate::model::{Color, Date, HeaderStyle};

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
    /// 2… when this is a revision of an issue already published (`publish --revise`): the
    /// header's 期号 reads 第N期（修订R） and a note under the title says what it replaces
    /// ([`crate::layout::revision`]). Absent for the first publication.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<u32>,
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
    /// The title (标题), centred under the header; `\n` breaks it by hand.
    pub title: String,
    /// 主送机关, without the closing colon.
    pub addressee: String,
    /// 署名
    pub signature: String,
    /// 附注 (联系人、电话), without parentheses.
    #[serde(default)]
    pub contact: Option<String>,
    /// The 版记.
    pub colophon: Colophon,
    /// Font files for the PDF by type style (`仿宋: /path/仿宋_GB2312.ttf`), so that the draft
    /// renders with the fonts it was built with. A relative path is relative to the folder of
    /// `bulletin.md`; compose writes the campaign's `fonts:` as absolute paths.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fonts: BTreeMap<FontStyle, String>,
    /// The campaign's grades with their colours (`绿灯: green`): HTML and xlsx fill a table cell
    /// that prints exactly a grade's name with its colour; PDF and DOCX print the name only.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub grades: BTreeMap<String, Color>,
    /// The campaign's own terms (unit, part, task names…) that lines never break inside
    /// ([`crate::segment::use_words`]); compose writes them, the office may add more.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub words: Vec<String>,
}

impl FrontMatter {
    /// The colour of a table cell printing `text`: that of the grade it names, if any.
    pub fn grade_color(&self, text: &str) -> Option<Color> {
        self.grades.get(text.trim()).copied()
    }
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
/// How a run of text is set.
pub enum Style {
    /// Ordinary text in the block's own style.
    Plain,
    /// `**…**`: 黑体 in print, bold on screen.
    Strong,
    /// `*…*`: 楷体.
    Emphasis,
}

/// A run of text in one style.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Span {
    /// The text.
    pub text: String,
    /// Its style.
    pub style: Style,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
/// A table column's alignment.
pub enum Align {
    /// Flush left (the default).
    Left,
    /// Centred.
    Center,
    /// Flush right (figures).
    Right,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
/// A GFM table.
pub struct Table {
    /// Each column's alignment.
    pub align: Vec<Align>,
    /// The header row's cells.
    pub header: Vec<String>,
    /// The body rows' cells.
    pub rows: Vec<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
/// A block of the body or of an attachment.
pub enum Block {
    /// Level 1 (一、) to 4 (（1）).
    Heading {
        /// 1 to 4.
        level: u8,
        /// The heading's text.
        spans: Vec<Span>,
    },
    /// A paragraph.
    Paragraph(Vec<Span>),
    /// 附件说明: the note's lines, each without the leading `附件：`.
    AttachmentNote(Vec<String>),
    /// A list; each item is set as a paragraph.
    List {
        /// Numbered `1.` … when true.
        ordered: bool,
        /// The items' text.
        items: Vec<Vec<Span>>,
    },
    /// A table.
    Table(Table),
}

/// One attachment page (or run of pages).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Attachment {
    /// `附件` or `附件2`.
    pub label: String,
    /// The attachment's title, centred on its first page.
    pub title: String,
    /// Its contents.
    pub blocks: Vec<Block>,
}

/// A whole bulletin, as every renderer sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    /// Header, title, signature and colophon.
    pub front: FrontMatter,
    /// The body, from the opening paragraph to the 附件说明.
    pub body: Vec<Block>,
    /// The attachments, each on its own pages.
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

impl DocumentError {
    /// Whose fault: the Markdown's (built, or edited by the office).
    pub fn fault(&self) -> Fault {
        Fault::Input
    }
}

const NOTE_PREFIX: &str = "附件：";
const ATTACHMENT_PREFIX: &str = "附件";
/// The heading of a notice's 回执 (reply form). GB/T 9704 has no 回执; offices print it as a
/// separate sheet the unit fills in, stamps and returns, so it is one more page-starting part
/// after the body: an [`Attachment`] labelled `回执` with its title centred, which every
/// renderer already sets on its own page (its label where 附件's goes). No 附件说明 names it.
pub const RECEIPT_LABEL: &str = "回执";

/// Parses `markdown` (the text of `file`, used in messages) into a [`Document`].
///
/// Emphasis follows CommonMark with the CJK-friendly amendment (comrak's
/// `cjk_friendly_emphasis`, specified in tats-u/markdown-cjk-friendly): `**强化督导考核。**市…`
/// is bold although CommonMark proper would not close the run after `。` before `市`.
pub fn parse(file: &Path, markdown: &str) -> Result<Document, DocumentError> {
    let (front_text, body, attachments) = build(markdown);
    let front_text = front_text.ok_or_else(|| {
        DocumentError(Diagnostic::at(
            file,
            1,
            1,
            "",
            "缺少文件头：通报 Markdown 应以 --- 开头的 YAML 文件头（版头、标题、版记等）开始",
        ))
    })?;
    let front = crate::yaml::parse::<FrontMatter>(file, &front_text).map_err(|mut d| {
        // The front matter starts on line 2, after the opening `---`.
        d.line = d.line.map(|l| l + 1);
        DocumentError(d)
    })?;
    Ok(Document {
        front,
        body,
        attachments,
    })
}

/// The body blocks and attachments of a piece of Markdown without front matter (a chunk of a
/// bulletin's body), read as [`parse`] reads them.
pub fn parse_fragment(markdown: &str) -> (Vec<Block>, Vec<Attachment>) {
    let (_, body, attachments) = build(markdown);
    (body, attachments)
}

/// The front matter's YAML (if any), the body and the attachments of `markdown`.
fn build(markdown: &str) -> (Option<String>, Vec<Block>, Vec<Attachment>) {
    let mut options = Options::default();
    options.extension.table = true;
    options.extension.front_matter_delimiter = Some("---".to_string());
    options.extension.cjk_friendly_emphasis = true;
    let arena = Arena::new();
    let root = comrak::parse_document(&arena, markdown, &options);
    let mut builder = Builder::default();
    let mut front_text: Option<String> = None;
    for edge in root.traverse() {
        let (node, start) = match edge {
            NodeEdge::Start(n) => (n, true),
            NodeEdge::End(n) => (n, false),
        };
        let data = node.data();
        match &data.value {
            NodeValue::FrontMatter(raw) => {
                if start {
                    front_text = Some(front_matter_body(raw).to_string());
                }
            }
            value => builder.node(value, start),
        }
    }
    let (body, attachments) = builder.finish();
    (front_text, body, attachments)
}

/// The YAML between the front matter's `---` lines (comrak keeps the delimiters).
fn front_matter_body(raw: &str) -> &str {
    let body = raw.split_once('\n').map_or("", |(_, rest)| rest);
    let body = body.trim_end();
    match body.rfind('\n') {
        Some(i) if body[i + 1..].trim_end() == "---" => &body[..i + 1],
        _ if body.trim_end() == "---" => "",
        _ => body,
    }
}

/// The parts of the Markdown tree the builder distinguishes.
enum Tag {
    Paragraph,
    Heading(u8),
    Table(Vec<Align>),
    TableHead,
    TableRow,
    TableCell,
    List(bool),
    Item,
    Strong,
    Emphasis,
    CodeBlock,
    HtmlBlock,
    Other,
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

    /// One edge of the Markdown tree: the start (`start`) or the end of a node.
    fn node(&mut self, value: &NodeValue, start: bool) {
        let tag = match value {
            NodeValue::Text(t) => return self.leaf(start, t),
            NodeValue::Code(c) => return self.leaf(start, &c.literal),
            NodeValue::HtmlInline(t) | NodeValue::Raw(t) => return self.leaf(start, t),
            NodeValue::SoftBreak | NodeValue::LineBreak => return self.leaf(start, "\n"),
            NodeValue::ThematicBreak => {
                if start {
                    self.close();
                }
                return;
            }
            NodeValue::CodeBlock(c) => {
                if start {
                    self.start(Tag::CodeBlock);
                    self.text(&c.literal);
                    self.end(Tag::CodeBlock);
                }
                return;
            }
            NodeValue::HtmlBlock(h) => {
                if start {
                    self.text(&h.literal);
                    self.end(Tag::HtmlBlock);
                }
                return;
            }
            NodeValue::Paragraph => Tag::Paragraph,
            NodeValue::Heading(h) => Tag::Heading(h.level),
            NodeValue::Table(t) => Tag::Table(
                t.alignments
                    .iter()
                    .map(|a| match a {
                        TableAlignment::Right => Align::Right,
                        TableAlignment::Center => Align::Center,
                        _ => Align::Left,
                    })
                    .collect(),
            ),
            NodeValue::TableRow(true) => Tag::TableHead,
            NodeValue::TableRow(false) => Tag::TableRow,
            NodeValue::TableCell => Tag::TableCell,
            NodeValue::List(l) => Tag::List(l.list_type == ListType::Ordered),
            NodeValue::Item(_) => Tag::Item,
            NodeValue::Strong => Tag::Strong,
            NodeValue::Emph => Tag::Emphasis,
            _ => Tag::Other,
        };
        if start {
            self.start(tag);
        } else {
            self.end(tag);
        }
    }

    fn leaf(&mut self, start: bool, text: &str) {
        if start {
            self.text(text);
        }
    }

    fn start(&mut self, tag: Tag) {
        match tag {
            Tag::Paragraph if !matches!(self.open, Open::List { .. }) => {
                self.close();
                self.open = Open::Paragraph(Vec::new());
            }
            Tag::Heading(level) => {
                self.close();
                self.open = Open::Heading(level.clamp(1, 4), Vec::new());
            }
            Tag::Table(align) => {
                self.close();
                self.open = Open::Table {
                    table: Table {
                        align,
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
            Tag::List(ordered) if !matches!(self.open, Open::List { .. }) => {
                self.close();
                self.open = Open::List {
                    ordered,
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
            Tag::CodeBlock => {
                self.close();
                self.open = Open::Paragraph(Vec::new());
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: Tag) {
        match tag {
            Tag::Paragraph | Tag::Heading(_) | Tag::CodeBlock | Tag::HtmlBlock
                if !matches!(self.open, Open::List { .. }) =>
            {
                self.close()
            }
            Tag::Table(_) => self.close(),
            Tag::TableHead => {
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
            Tag::TableRow => {
                if let Open::Table { table, row, .. } = &mut self.open {
                    table.rows.push(std::mem::take(row));
                }
            }
            Tag::TableCell => {
                if let Open::Table { row, cell, .. } = &mut self.open {
                    row.push(join_lines(cell.take().unwrap_or_default().trim()));
                }
            }
            Tag::Item => {
                if let Open::List { items, item, .. } = &mut self.open
                    && let Some(done) = item.take()
                {
                    items.push(done);
                }
            }
            Tag::List(_) => self.close(),
            Tag::Strong => self.strong = self.strong.saturating_sub(1),
            Tag::Emphasis => self.emphasis = self.emphasis.saturating_sub(1),
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
                let starts_page = (text.starts_with(ATTACHMENT_PREFIX)
                    && !text.starts_with(NOTE_PREFIX))
                    || text == RECEIPT_LABEL;
                if level == 1 && starts_page {
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
    fn bold_closes_after_chinese_punctuation() {
        let d = doc("（二）**强化督导考核。**市改造办将对进展滞后的县区进行督办。\n");
        let Block::Paragraph(spans) = &d.body[0] else {
            panic!("paragraph expected")
        };
        let styles: Vec<(&str, Style)> = spans.iter().map(|s| (s.text.as_str(), s.style)).collect();
        assert_eq!(
            styles,
            vec![
                ("（二）", Style::Plain),
                ("强化督导考核。", Style::Strong),
                ("市改造办将对进展滞后的县区进行督办。", Style::Plain),
            ]
        );
        // Opening after Chinese punctuation too, and emphasis the same way.
        let d = doc("一是，**“百日攻坚”**收官；二是*进度*滞后。\n");
        let Block::Paragraph(spans) = &d.body[0] else {
            panic!("paragraph expected")
        };
        assert!(
            spans
                .iter()
                .any(|s| s.text == "“百日攻坚”" && s.style == Style::Strong),
            "{spans:?}"
        );
        assert!(
            spans
                .iter()
                .any(|s| s.text == "进度" && s.style == Style::Emphasis),
            "{spans:?}"
        );
        assert!(spans.iter().all(|s| !s.text.contains('*')), "{spans:?}");
        // Escaped asterisks stay literal.
        let d = doc("\\*\\*不加粗。\\*\\*后文\n");
        assert_eq!(d.texts().last().copied(), Some("**不加粗。**后文"));
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
