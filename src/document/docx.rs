//! Reading a DOCX back: the WordprocessingML of a bulletin as WPS, Word or LibreOffice saved
//! it, as a flow of paragraphs and tables with their styles — the text as the reader sees it.
//!
//! What an editor leaves behind is undone here: runs split by the editor are joined (runs of
//! one look merge), fields show their result, hyperlinks, content controls and smart tags
//! their text; bookmarks, proofing marks and rendering hints are ignored. What the document
//! model cannot hold is refused with its place: unresolved tracked changes and comments (the
//! leaders must accept or reject them in WPS first), pictures, text boxes, embedded objects,
//! footnotes, automatic numbering, a table inside a table.
//!
//! Bounded like every input: the file's size, the ZIP's entries, each part's unpacked size
//! (read at most one byte past the limit, whatever the central directory claims) and the XML's
//! depth. quick-xml (already in the tree through calamine) reads the XML as a stream: it
//! expands no entity but the five predefined ones and character references, and never reads a
//! DTD or anything outside the package; a part with a DTD is refused.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

/// Largest DOCX read (bytes on disk); tongbao's own are about 30 KB.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;
/// Most entries in the ZIP container (a DOCX saved by WPS has a few dozen).
pub const MAX_ZIP_ENTRIES: usize = 1_000;
/// Most bytes one part may unpack to.
pub const MAX_PART_BYTES: u64 = 32 * 1024 * 1024;
/// Deepest element nesting read (a bulletin's document.xml nests about 12 deep).
pub const MAX_DEPTH: usize = 256;

/// How a run looks, as far as the document model cares.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunLook {
    /// `w:b` on.
    pub bold: bool,
    /// `w:i` on.
    pub italic: bool,
    /// The run's own East Asian font (`w:rFonts w:eastAsia`), if it names one.
    pub east_asian: Option<String>,
}

/// A run of text (runs of one look already joined).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    /// The text: `\n` for a manual line break, `\t` for a tab.
    pub text: String,
    /// How it looks.
    pub look: RunLook,
}

/// A paragraph.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Paragraph {
    /// Its style's id (`w:pStyle`), if any.
    pub style: Option<String>,
    /// Starts a new page (`w:pageBreakBefore`, or a page break before its text).
    pub page_break_before: bool,
    /// Its runs.
    pub runs: Vec<Run>,
    /// Its number among the body's paragraphs, from 1 (for messages).
    pub number: usize,
}

impl Paragraph {
    /// The paragraph's text.
    pub fn text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }
}

/// A table: each row's cells, each cell's paragraphs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    /// The rows.
    pub rows: Vec<Vec<Vec<Paragraph>>>,
    /// Floats (`w:tblpPr`), as the 版记 does.
    pub floating: bool,
    /// The number of the body paragraph before it (for messages).
    pub after_paragraph: usize,
}

/// A block of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// A paragraph.
    Paragraph(Paragraph),
    /// A table.
    Table(Table),
}

/// A paragraph style.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParagraphStyle {
    /// `w:name`, e.g. `heading 1`, `Title`.
    pub name: String,
    /// `w:basedOn`.
    pub based_on: Option<String>,
    /// `w:outlineLvl` (0 for heading 1).
    pub outline_level: Option<u8>,
    /// `w:rFonts w:eastAsia`.
    pub east_asian: Option<String>,
}

/// A DOCX read back.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Flow {
    /// `word/document.xml`'s body.
    pub body: Vec<Item>,
    /// Every footer part's blocks (the 版记 may be one).
    pub footers: Vec<Vec<Item>>,
    /// The paragraph styles by id.
    pub styles: BTreeMap<String, ParagraphStyle>,
    /// The document default East Asian font.
    pub default_east_asian: Option<String>,
}

impl Flow {
    /// The heading level (1–4) of style `id`: its name (`heading N`, `标题 N`) or its outline
    /// level, through the styles it is based on.
    pub fn heading_level(&self, id: &str) -> Option<u8> {
        let mut at = Some(id);
        for _ in 0..16 {
            let style = self.styles.get(at?)?;
            let name = style.name.to_lowercase();
            let digits = name
                .strip_prefix("heading")
                .or_else(|| name.strip_prefix("标题"))
                .map(str::trim);
            if let Some(level) = digits.and_then(|d| d.parse::<u8>().ok()) {
                return Some(level.clamp(1, 4));
            }
            if let Some(o) = style.outline_level.filter(|o| *o < 9) {
                return Some((o + 1).clamp(1, 4));
            }
            at = style.based_on.as_deref();
        }
        None
    }

    /// Whether style `id` is the title style (`Title`, `标题`), through its bases.
    pub fn is_title(&self, id: &str) -> bool {
        let mut at = Some(id);
        for _ in 0..16 {
            let Some(style) = at.and_then(|a| self.styles.get(a)) else {
                return false;
            };
            let name = style.name.to_lowercase();
            if name == "title" || name == "标题" {
                return true;
            }
            at = style.based_on.as_deref();
        }
        false
    }

    /// The East Asian font of paragraph style `id` (through its bases, then the default).
    pub fn style_font(&self, id: Option<&str>) -> Option<&str> {
        let mut at = id;
        for _ in 0..16 {
            let Some(style) = at.and_then(|a| self.styles.get(a)) else {
                break;
            };
            if let Some(f) = &style.east_asian {
                return Some(f);
            }
            at = style.based_on.as_deref();
        }
        if id.is_none() || at.is_none() {
            // No style: Normal (the default paragraph style) or the document default.
            if let Some(normal) = self
                .styles
                .get("Normal")
                .and_then(|s| s.east_asian.as_deref())
                && id.is_none()
            {
                return Some(normal);
            }
        }
        self.default_east_asian.as_deref()
    }
}

/// Why a DOCX was not read: the Chinese reason (the caller names the file).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ReadError(pub String);

fn refuse<T>(text: impl Into<String>) -> Result<T, ReadError> {
    Err(ReadError(text.into()))
}

/// Reads the DOCX in `bytes`.
pub fn read(bytes: &[u8]) -> Result<Flow, ReadError> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return refuse(format!(
            "文件大小 {} MB，超过上限 {} MB，拒绝读取；tongbao 生成的通报 DOCX 只有几十 KB",
            bytes.len() / (1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        ));
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| ReadError(format!("不是有效的 DOCX 文件（ZIP 结构损坏：{e}）")))?;
    if zip.len() > MAX_ZIP_ENTRIES {
        return refuse(format!(
            "文件内含 {} 个部件，超过上限 {MAX_ZIP_ENTRIES} 个，拒绝读取（可能是恶意构造的文件）",
            zip.len()
        ));
    }
    let names: Vec<String> = (0..zip.len())
        .filter_map(|i| {
            zip.name_for_index(i)
                .and_then(Result::ok)
                .map(|n| n.into_owned())
        })
        .collect();
    let Some(document) = part(&mut zip, "word/document.xml")? else {
        return refuse("文件中没有 word/document.xml：不是 Word/WPS 文档（DOCX）");
    };
    if let Some(comments) = part(&mut zip, "word/comments.xml")? {
        let found = comment_texts(&comments)?;
        if let Some(first) = found.first() {
            return refuse(format!(
                "文件中还有批注（第1处：“{}”；共{}处），请在 WPS 中删除全部批注后再导入",
                snippet(first),
                found.len()
            ));
        }
    }
    let mut flow = Flow::default();
    if let Some(styles) = part(&mut zip, "word/styles.xml")? {
        read_styles(&styles, &mut flow)?;
    }
    flow.body = Parser::default().run(&document, "正文")?;
    let mut footer_names: Vec<&String> = names
        .iter()
        .filter(|n| n.starts_with("word/footer") && n.ends_with(".xml"))
        .collect();
    footer_names.sort();
    for name in footer_names {
        if let Some(xml) = part(&mut zip, name)? {
            flow.footers.push(Parser::default().run(&xml, "页脚")?);
        }
    }
    Ok(flow)
}

/// The text of part `name`, read at most [`MAX_PART_BYTES`] (one byte past: refused).
fn part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Result<Option<String>, ReadError> {
    let Ok(entry) = zip.by_name(name) else {
        return Ok(None);
    };
    let mut bytes = Vec::new();
    entry
        .take(MAX_PART_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| ReadError(format!("{name} 无法解压（{e}）：文件已损坏")))?;
    if bytes.len() as u64 > MAX_PART_BYTES {
        return refuse(format!(
            "{name} 解压后超过 {} MB，拒绝读取（可能是“ZIP 炸弹”）；tongbao 生成的通报远小于此",
            MAX_PART_BYTES / (1024 * 1024)
        ));
    }
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| ReadError(format!("{name} 不是 UTF-8 编码的 XML：文件已损坏")))
}

/// Up to 20 characters of `text`, for a message.
pub fn snippet(text: &str) -> String {
    let t: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out: String = t.chars().take(20).collect();
    if t.chars().count() > 20 {
        out.push('…');
    }
    out
}

/// A reader over `xml` that refuses a DTD and nesting past [`MAX_DEPTH`].
struct Events<'a> {
    reader: Reader<&'a [u8]>,
    depth: usize,
}

impl<'a> Events<'a> {
    fn new(xml: &'a str) -> Events<'a> {
        let mut reader = Reader::from_str(xml);
        reader.config_mut().check_end_names = true;
        Events { reader, depth: 0 }
    }

    fn next(&mut self) -> Result<Event<'a>, ReadError> {
        let event = self
            .reader
            .read_event()
            .map_err(|e| ReadError(format!("XML 格式错误（{e}）：文件已损坏")))?;
        match &event {
            Event::Start(_) => {
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    return refuse(format!(
                        "XML 嵌套超过 {MAX_DEPTH} 层，拒绝读取（可能是恶意构造的文件）"
                    ));
                }
            }
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            Event::DocType(_) => {
                return refuse("XML 中含有 DTD（文档类型声明），拒绝读取：Word/WPS 文档不含 DTD");
            }
            _ => {}
        }
        Ok(event)
    }
}

fn local(e: &BytesStart) -> String {
    let name = e.local_name();
    let s: &str = name.as_ref();
    s.to_string()
}

/// Attribute `name` (local name) of `e`.
fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        let key = a.key.local_name();
        let key: &str = key.as_ref();
        (key == name)
            .then(|| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok())
            .flatten()
            .map(|v| v.into_owned())
    })
}

/// Whether a toggle property (`w:b`, `w:pageBreakBefore`) is on: no `w:val`, or a true one.
fn on(e: &BytesStart) -> bool {
    !matches!(
        attr(e, "val").as_deref(),
        Some("0" | "false" | "off" | "none")
    )
}

/// The texts of the comments in `word/comments.xml`.
fn comment_texts(xml: &str) -> Result<Vec<String>, ReadError> {
    let mut events = Events::new(xml);
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    let mut in_text = false;
    loop {
        match events.next()? {
            Event::Start(e) if local(&e) == "comment" => current = Some(String::new()),
            Event::End(e) if e.local_name().as_ref() == "comment" => out.extend(current.take()),
            Event::Start(e) if local(&e) == "t" => in_text = true,
            Event::End(e) if e.local_name().as_ref() == "t" => in_text = false,
            Event::Text(t) if in_text => {
                if let Some(c) = &mut current {
                    c.push_str(&t);
                }
            }
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

/// The paragraph styles and the default East Asian font of `word/styles.xml`.
fn read_styles(xml: &str, flow: &mut Flow) -> Result<(), ReadError> {
    let mut events = Events::new(xml);
    let mut current: Option<(String, ParagraphStyle)> = None;
    let mut in_defaults = false;
    loop {
        match events.next()? {
            Event::Start(e) | Event::Empty(e) => match local(&e).as_str() {
                "docDefaults" => in_defaults = true,
                "style" if attr(&e, "type").as_deref() == Some("paragraph") => {
                    current = attr(&e, "styleId").map(|id| (id, ParagraphStyle::default()));
                }
                "name" => {
                    if let (Some((_, s)), Some(v)) = (&mut current, attr(&e, "val")) {
                        s.name = v;
                    }
                }
                "basedOn" => {
                    if let Some((_, s)) = &mut current {
                        s.based_on = attr(&e, "val");
                    }
                }
                "outlineLvl" => {
                    if let Some((_, s)) = &mut current {
                        s.outline_level = attr(&e, "val").and_then(|v| v.parse().ok());
                    }
                }
                "rFonts" => {
                    let font = attr(&e, "eastAsia");
                    if let Some((_, s)) = &mut current {
                        s.east_asian = font.or(s.east_asian.take());
                    } else if in_defaults && font.is_some() {
                        flow.default_east_asian = font;
                    }
                }
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "docDefaults" => in_defaults = false,
                "style" => {
                    if let Some((id, s)) = current.take() {
                        flow.styles.insert(id, s);
                    }
                }
                _ => {}
            },
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// Elements whose content is a tracked change or a record of one.
const REVISIONS: &[&str] = &[
    "ins",
    "del",
    "moveFrom",
    "moveTo",
    "rPrChange",
    "pPrChange",
    "sectPrChange",
    "tblPrChange",
    "tblGridChange",
    "trPrChange",
    "tcPrChange",
    "cellIns",
    "cellDel",
    "cellMerge",
    "numberingChange",
    "customXmlInsRangeStart",
    "customXmlDelRangeStart",
    "customXmlMoveFromRangeStart",
    "customXmlMoveToRangeStart",
];

/// Elements the document model cannot hold, with what to call them.
const UNSUPPORTED: &[(&str, &str)] = &[
    ("drawing", "图片或图形"),
    ("pict", "图片或图形"),
    ("object", "嵌入的对象"),
    ("txbxContent", "文本框"),
    ("footnoteReference", "脚注"),
    ("endnoteReference", "尾注"),
    ("altChunk", "嵌入的文档"),
    ("oMath", "公式"),
    ("oMathPara", "公式"),
    ("numPr", "自动编号（项目符号或编号列表）"),
];

/// A tracked change found: what it did and its text.
struct Revision {
    kind: &'static str,
    text: String,
    paragraph: usize,
}

/// The state of a streaming read of a part's body.
#[derive(Default)]
struct Parser {
    items: Vec<Item>,
    /// Tables being read (a table inside a table is refused).
    table: Option<Table>,
    row: Vec<Vec<Paragraph>>,
    cell: Option<Vec<Paragraph>>,
    paragraph: Option<Paragraph>,
    paragraphs: usize,
    /// Inside `w:rPr` of a run (not of a paragraph mark) and the look gathered.
    look: RunLook,
    in_run: bool,
    in_run_props: bool,
    in_paragraph_props: bool,
    in_text: bool,
    /// Inside a field's instruction (`w:instrText`, or between `begin` and `separate`).
    in_instruction: bool,
    field_code: bool,
    page_break_pending: bool,
    revisions: Vec<Revision>,
    /// Depth of revision elements open (their text is gathered for the message).
    in_revision: usize,
    comments: Vec<usize>,
}

impl Parser {
    fn run(mut self, xml: &str, part: &str) -> Result<Vec<Item>, ReadError> {
        let mut events = Events::new(xml);
        loop {
            match events.next()? {
                Event::Start(e) => self.start(&e, false, part)?,
                Event::Empty(e) => {
                    self.start(&e, true, part)?;
                    self.end(&local(&e));
                }
                Event::End(e) => {
                    let name = e.local_name();
                    self.end(name.as_ref());
                }
                Event::Text(t) => self.text(&t),
                Event::GeneralRef(r) => {
                    let ch = r.resolve_char_ref().ok().flatten().map(String::from);
                    let named = quick_xml::escape::resolve_predefined_entity(&r).map(String::from);
                    match ch.or(named) {
                        Some(s) => self.text(&s),
                        None => {
                            return refuse(format!(
                                "XML 中有未定义的实体 &{};，拒绝读取：文件已损坏或被篡改",
                                &*r
                            ));
                        }
                    }
                }
                Event::CData(t) => {
                    let s = t.into_inner().into_owned();
                    self.text(&s);
                }
                Event::Eof => break,
                _ => {}
            }
        }
        self.finish()
    }

    fn finish(self) -> Result<Vec<Item>, ReadError> {
        if let Some(first) = self.revisions.first() {
            return refuse(format!(
                "文件中还有未处理的修订（第1处：第{}段{}“{}”；共{}处），请在 WPS 中接受或拒绝全部修订后再导入",
                first.paragraph.max(1),
                first.kind,
                snippet(&first.text),
                self.revisions.len()
            ));
        }
        if let Some(first) = self.comments.first() {
            return refuse(format!(
                "文件中还有批注（第1处：第{}段；共{}处），请在 WPS 中删除全部批注后再导入",
                first.max(&1),
                self.comments.len()
            ));
        }
        Ok(self.items)
    }

    fn place(&self) -> String {
        match &self.paragraph {
            Some(p) => {
                let text = p.text();
                if text.trim().is_empty() {
                    format!("第{}段", p.number)
                } else {
                    format!("第{}段（“{}”）", p.number, snippet(&text))
                }
            }
            None => format!("第{}段之后", self.paragraphs),
        }
    }

    fn start(&mut self, e: &BytesStart, empty: bool, part: &str) -> Result<(), ReadError> {
        let name = local(e);
        if let Some(kind) = revision_kind(&name) {
            self.revisions.push(Revision {
                kind,
                text: String::new(),
                paragraph: self
                    .paragraph
                    .as_ref()
                    .map_or(self.paragraphs, |p| p.number),
            });
            if !empty {
                self.in_revision += 1;
            }
            return Ok(());
        }
        if let Some((_, what)) = UNSUPPORTED.iter().find(|(n, _)| *n == name) {
            return refuse(format!(
                "{part}{}有{what}，通报的底稿容纳不了：请在 WPS 中删除后再导入（需要的内容请写成文字）",
                self.place()
            ));
        }
        match name.as_str() {
            "commentReference" => self.comments.push(
                self.paragraph
                    .as_ref()
                    .map_or(self.paragraphs, |p| p.number),
            ),
            "tbl" => {
                if self.table.is_some() {
                    return refuse(format!(
                        "{part}{}有表格中的表格，通报的底稿容纳不了：请在 WPS 中删除后再导入",
                        self.place()
                    ));
                }
                self.table = Some(Table {
                    after_paragraph: self.paragraphs,
                    ..Table::default()
                });
            }
            "tblpPr" => {
                if let Some(t) = &mut self.table {
                    t.floating = true;
                }
            }
            "tr" => self.row = Vec::new(),
            "tc" => self.cell = Some(Vec::new()),
            "p" => {
                self.paragraphs += 1;
                self.paragraph = Some(Paragraph {
                    number: self.paragraphs,
                    page_break_before: std::mem::take(&mut self.page_break_pending),
                    ..Paragraph::default()
                });
            }
            "pPr" => self.in_paragraph_props = true,
            "pStyle" if self.in_paragraph_props => {
                if let Some(p) = &mut self.paragraph {
                    p.style = attr(e, "val");
                }
            }
            "pageBreakBefore" if self.in_paragraph_props && on(e) => {
                if let Some(p) = &mut self.paragraph {
                    p.page_break_before = true;
                }
            }
            "r" => {
                self.in_run = true;
                self.look = RunLook::default();
            }
            "rPr" if self.in_run => self.in_run_props = true,
            "b" if self.in_run_props => self.look.bold = on(e),
            "i" if self.in_run_props => self.look.italic = on(e),
            "rFonts" if self.in_run_props => self.look.east_asian = attr(e, "eastAsia"),
            "t" | "delText" => self.in_text = !empty,
            "instrText" => self.in_instruction = !empty,
            "fldChar" => match attr(e, "fldCharType").as_deref() {
                Some("begin") => self.field_code = true,
                Some("separate") | Some("end") => self.field_code = false,
                _ => {}
            },
            "tab" if self.in_run => self.push("\t"),
            "br" if self.in_run => match attr(e, "type").as_deref() {
                Some("page") => self.page_break(),
                Some("column") => {}
                _ => self.push("\n"),
            },
            "cr" if self.in_run => self.push("\n"),
            "noBreakHyphen" if self.in_run => self.push("-"),
            "sym" if self.in_run => {
                return refuse(format!(
                    "{part}{}有特殊符号（插入的符号字体字符），请改为普通文字后再导入",
                    self.place()
                ));
            }
            _ => {}
        }
        Ok(())
    }

    /// A page break inside a paragraph: the paragraph's text after it starts a new page.
    fn page_break(&mut self) {
        match &mut self.paragraph {
            Some(p) if p.text().trim().is_empty() => p.page_break_before = true,
            _ => self.page_break_pending = true,
        }
    }

    fn end(&mut self, name: &str) {
        if revision_kind(name).is_some() {
            self.in_revision = self.in_revision.saturating_sub(1);
            return;
        }
        match name {
            "pPr" => self.in_paragraph_props = false,
            "rPr" => self.in_run_props = false,
            "r" => self.in_run = false,
            "t" | "delText" => self.in_text = false,
            "instrText" => self.in_instruction = false,
            "p" => {
                if let Some(p) = self.paragraph.take() {
                    match &mut self.cell {
                        Some(cell) => cell.push(p),
                        None => self.items.push(Item::Paragraph(p)),
                    }
                }
            }
            "tc" => {
                if let Some(cell) = self.cell.take() {
                    self.row.push(cell);
                }
            }
            "tr" => {
                if let Some(t) = &mut self.table {
                    t.rows.push(std::mem::take(&mut self.row));
                }
            }
            "tbl" => {
                if let Some(t) = self.table.take() {
                    self.items.push(Item::Table(t));
                }
            }
            _ => {}
        }
    }

    /// Character data: text only inside `w:t` (or `w:delText`) of a run.
    fn text(&mut self, text: &str) {
        if self.in_text {
            self.push(text);
        }
    }

    /// Text of the run being read (or of the revision being recorded).
    fn push(&mut self, text: &str) {
        if self.in_revision > 0 {
            if let Some(r) = self.revisions.last_mut()
                && r.text.chars().count() < 40
            {
                r.text.push_str(text);
            }
            return;
        }
        if self.in_instruction || self.field_code {
            return;
        }
        if !self.in_run {
            return;
        }
        let Some(p) = &mut self.paragraph else { return };
        match p.runs.last_mut() {
            Some(last) if last.look == self.look => last.text.push_str(text),
            _ => p.runs.push(Run {
                text: text.to_string(),
                look: self.look.clone(),
            }),
        }
    }
}

fn revision_kind(name: &str) -> Option<&'static str> {
    if !REVISIONS.contains(&name) {
        return None;
    }
    Some(match name {
        "ins" | "moveTo" | "cellIns" | "customXmlInsRangeStart" | "customXmlMoveToRangeStart" => {
            "插入"
        }
        "del"
        | "moveFrom"
        | "cellDel"
        | "customXmlDelRangeStart"
        | "customXmlMoveFromRangeStart" => "删除",
        _ => "格式修改",
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    const W: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";

    pub(crate) fn docx_of(parts: &[(&str, String)]) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        {
            let mut w = zip::ZipWriter::new(&mut out);
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            for (name, data) in parts {
                w.start_file(*name, options).unwrap();
                w.write_all(data.as_bytes()).unwrap();
            }
            w.finish().unwrap();
        }
        out.into_inner()
    }

    fn body(xml: &str) -> Result<Flow, ReadError> {
        read(&docx_of(&[(
            "word/document.xml",
            format!("<w:document {W}><w:body>{xml}</w:body></w:document>"),
        )]))
    }

    fn texts(flow: &Flow) -> Vec<String> {
        flow.body
            .iter()
            .filter_map(|i| match i {
                Item::Paragraph(p) => Some(p.text()),
                Item::Table(_) => None,
            })
            .collect()
    }

    #[test]
    fn runs_split_by_the_editor_are_joined() {
        let f = body(
            "<w:p w:rsidR=\"00A1\"><w:r w:rsidRPr=\"1\"><w:t>全市共</w:t></w:r><w:proofErr w:type=\"spellStart\"/>\
             <w:r w:rsidR=\"2\"><w:rPr><w:lang w:val=\"zh-CN\"/></w:rPr><w:t xml:space=\"preserve\">完成 </w:t></w:r>\
             <w:bookmarkStart w:id=\"0\" w:name=\"x\"/><w:r><w:t>145&amp;</w:t></w:r><w:r><w:t>&#x5904;</w:t></w:r></w:p>",
        )
        .unwrap();
        assert_eq!(texts(&f), ["全市共完成 145&处"]);
        let Item::Paragraph(p) = &f.body[0] else {
            panic!()
        };
        assert_eq!(p.runs.len(), 1, "{p:?}");
    }

    #[test]
    fn a_field_shows_its_result_and_breaks_are_kept() {
        let f = body(
            "<w:p><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>\
             <w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>\
             <w:r><w:t>甲</w:t><w:br/><w:t>乙</w:t><w:tab/></w:r></w:p>",
        )
        .unwrap();
        assert_eq!(texts(&f), ["3甲\n乙\t"]);
    }

    #[test]
    fn an_unresolved_tracked_change_is_refused_with_its_place() {
        let e = body(
            "<w:p><w:r><w:t>第一段</w:t></w:r></w:p><w:p><w:r><w:t>市整治办</w:t></w:r>\
             <w:ins w:id=\"1\" w:author=\"领导\"><w:r><w:t>已约谈</w:t></w:r></w:ins>\
             <w:del w:id=\"2\"><w:r><w:delText>将约谈</w:delText></w:r></w:del></w:p>",
        )
        .unwrap_err();
        assert_eq!(
            e.0,
            "文件中还有未处理的修订（第1处：第2段插入“已约谈”；共2处），请在 WPS 中接受或拒绝全部修订后再导入"
        );
    }

    #[test]
    fn comments_pictures_and_numbering_are_refused() {
        let e = body("<w:p><w:commentRangeStart w:id=\"0\"/><w:r><w:t>甲</w:t></w:r><w:commentRangeEnd w:id=\"0\"/><w:r><w:commentReference w:id=\"0\"/></w:r></w:p>").unwrap_err();
        assert!(
            e.0.starts_with("文件中还有批注（第1处：第1段；共1处）"),
            "{e}"
        );
        let e = body("<w:p><w:r><w:t>见图</w:t></w:r><w:r><w:drawing/></w:r></w:p>").unwrap_err();
        assert!(e.0.contains("正文第1段（“见图”）有图片或图形"), "{e}");
        let e = body("<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/></w:numPr></w:pPr><w:r><w:t>甲</w:t></w:r></w:p>").unwrap_err();
        assert!(e.0.contains("自动编号"), "{e}");
    }

    #[test]
    fn hostile_xml_is_refused() {
        let deep = "<w:sdt>".repeat(MAX_DEPTH + 1);
        let e = body(&deep).unwrap_err();
        assert!(e.0.contains("嵌套超过"), "{e}");
        let e = read(&docx_of(&[(
            "word/document.xml",
            format!("<!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><w:document {W}><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>"),
        )]))
        .unwrap_err();
        assert!(e.0.contains("DTD"), "{e}");
        let e = body("<w:p><w:r><w:t>&x;</w:t></w:r></w:p>").unwrap_err();
        assert!(e.0.contains("未定义的实体"), "{e}");
        let e = read(b"PK\x03\x04 not really").unwrap_err();
        assert!(e.0.contains("ZIP"), "{e}");
    }

    #[test]
    fn a_part_past_its_limit_is_refused_without_unpacking_it_all() {
        let huge = format!(
            "<w:document {W}><w:body>{}</w:body></w:document>",
            " ".repeat(MAX_PART_BYTES as usize + 10)
        );
        let bytes = docx_of(&[("word/document.xml", huge)]);
        assert!((bytes.len() as u64) < MAX_FILE_BYTES);
        let e = read(&bytes).unwrap_err();
        assert!(e.0.contains("ZIP 炸弹"), "{e}");
    }

    #[test]
    fn headings_and_title_by_style_name_or_outline_level() {
        let styles = format!(
            "<w:styles {W}><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:eastAsia=\"仿宋\"/></w:rPr></w:rPrDefault></w:docDefaults>\
             <w:style w:type=\"paragraph\" w:styleId=\"2\"><w:name w:val=\"heading 1\"/><w:rPr><w:rFonts w:eastAsia=\"黑体\"/></w:rPr></w:style>\
             <w:style w:type=\"paragraph\" w:styleId=\"a5\"><w:name w:val=\"我的标题\"/><w:pPr><w:outlineLvl w:val=\"1\"/></w:pPr></w:style>\
             <w:style w:type=\"paragraph\" w:styleId=\"a6\"><w:name w:val=\"Title\"/></w:style></w:styles>"
        );
        let f = read(&docx_of(&[
            (
                "word/document.xml",
                format!("<w:document {W}><w:body/></w:document>"),
            ),
            ("word/styles.xml", styles),
        ]))
        .unwrap();
        assert_eq!(f.heading_level("2"), Some(1));
        assert_eq!(f.heading_level("a5"), Some(2));
        assert_eq!(f.heading_level("a6"), None);
        assert!(f.is_title("a6") && !f.is_title("2"));
        assert_eq!(f.style_font(Some("2")), Some("黑体"));
        assert_eq!(f.style_font(None), Some("仿宋"));
    }
}
