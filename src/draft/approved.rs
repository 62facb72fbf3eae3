//! The approved `bulletin.docx` back into the draft: the leaders' edits made in WPS, Word or
//! LibreOffice become the draft's `bulletin.md`, which publish then reviews like an edited
//! Markdown draft.
//!
//! The DOCX is read as the flow of [`crate::document::docx`] and taken apart as tongbao wrote
//! it: the 版头 (everything before the paragraph in the 标题 style), the title, the 主送机关,
//! the body (headings by their 标题 1–4 styles, paragraphs, `**strong**` in 黑体 and
//! `*emphasis*` in 楷体 or as bold and italic), the 附件说明, the 署名, 成文日期 and 附注, the
//! attachments (a paragraph `附件N` that starts a page, its title, its text and tables) and the
//! 版记. Paragraph text is normalised as the reader sees it: manual line breaks and full-width
//! or non-breaking spaces are white space; white space between Chinese characters is dropped,
//! elsewhere it becomes one space; empty paragraphs are blank lines and go.
//!
//! The front matter is the draft's own (the data's): the 版头, 版记 and 成文日期 come from the
//! data and are refused when edited, naming what to change instead; an edited title, 主送机关,
//! 署名 or 附注 is carried into the front matter. Every block that reads as the draft's own is
//! written with the draft's own Markdown (see [`crate::document::markdown`]), so an unchanged
//! DOCX gives the draft's `bulletin.md` byte for byte; the result is parsed again and must give
//! exactly what was read, or it is refused.

use std::path::Path;

use crate::document::docx::{self as reader, Flow, Item, Paragraph, RunLook, snippet};
use crate::document::{self, Attachment, Block, Document, Span, Style, Table};
use crate::font_style::FontStyle;
use crate::format::cn_date;
use crate::layout::colophon::{groups, print_date_text};
use crate::layout::parts::{BODY_STYLE, EMPHASIS_STYLE, STRONG_STYLE, TITLE_STYLE, heading_style};

use super::DraftError;

fn refused<T>(file: &Path, text: impl std::fmt::Display) -> Result<T, DraftError> {
    Err(DraftError::Refused(format!("{}：{text}", file.display())))
}

/// The Markdown of the approved DOCX `bytes` (read from `file`), on top of `base`: the
/// `bulletin.md` it was made from.
pub fn markdown(file: &Path, bytes: &[u8], base: &str) -> Result<String, DraftError> {
    let base_doc = document::parse(file, base).map_err(|e| DraftError::Document(Box::new(e)))?;
    let flow =
        reader::read(bytes).map_err(|e| DraftError::Refused(format!("{}：{e}", file.display())))?;
    let read = Reading::new(file, &flow, &base_doc);
    let parts = read.parts()?;
    let front = front_matter(base, &base_doc, &parts);
    let out = document::markdown::write(&front, &parts.body, &parts.attachments, base);
    let again = document::parse(file, &out).map_err(|e| DraftError::Document(Box::new(e)))?;
    if again.body != parts.body || again.attachments != parts.attachments {
        let at = again
            .body
            .iter()
            .zip(&parts.body)
            .position(|(a, b)| a != b)
            .map_or(String::new(), |i| format!("（正文第{}块）", i + 1));
        return refused(
            file,
            format!(
                "修改后的内容无法准确写成 bulletin.md{at}：请把这段改回普通文字，或改在 bulletin.md 中"
            ),
        );
    }
    Ok(out)
}

/// What the DOCX says, taken apart.
#[derive(Debug, Default)]
struct Parts {
    title: String,
    addressee: Option<String>,
    signature: Option<String>,
    contact: Option<String>,
    body: Vec<Block>,
    attachments: Vec<Attachment>,
}

struct Reading<'a> {
    file: &'a Path,
    flow: &'a Flow,
    base: &'a Document,
}

/// `text` as the reader sees it: line breaks, tabs, full-width and non-breaking spaces are
/// white space; white space is trimmed, dropped between two non-ASCII characters, else one
/// space.
fn clean(text: &str) -> String {
    clean_styled(&[(text.to_string(), Style::Plain)])
        .into_iter()
        .map(|s| s.text)
        .collect()
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}' || c == '\u{a0}'
}

/// [`clean`] over styled text, keeping each character's style; adjacent spans of one style
/// merge.
fn clean_styled(parts: &[(String, Style)]) -> Vec<Span> {
    let chars: Vec<(char, Style)> = parts
        .iter()
        .flat_map(|(t, s)| t.chars().map(move |c| (c, *s)))
        .collect();
    let mut out: Vec<(char, Style)> = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let (c, style) = chars[i];
        if !is_space(c) {
            out.push((c, style));
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && is_space(chars[i].0) {
            i += 1;
        }
        let before = out.last().map(|p| p.0);
        let after = chars.get(i).map(|p| p.0);
        if let (Some(b), Some(a)) = (before, after)
            && (b.is_ascii() || a.is_ascii())
        {
            out.push((' ', chars[start].1));
        }
    }
    let mut spans: Vec<Span> = Vec::new();
    for (c, style) in out {
        match spans.last_mut() {
            Some(last) if last.style == style => last.text.push(c),
            _ => spans.push(Span {
                text: c.to_string(),
                style,
            }),
        }
    }
    spans
}

/// `2020年1月6日` as (year, month, day).
fn chinese_date(text: &str) -> Option<(i32, u32, u32)> {
    let (y, rest) = text.split_once('年')?;
    let (m, rest) = rest.split_once('月')?;
    let d = rest.strip_suffix('日')?;
    Some((y.parse().ok()?, m.parse().ok()?, d.parse().ok()?))
}

/// The characters of `texts` without white space, sorted: two texts with the same characters
/// in any order or split compare equal.
fn letters<'s>(texts: impl IntoIterator<Item = &'s str>) -> Vec<char> {
    let mut out: Vec<char> = texts
        .into_iter()
        .flat_map(str::chars)
        .filter(|c| !is_space(*c))
        .collect();
    out.sort_unstable();
    out
}

fn is_label(p: &Paragraph) -> bool {
    let text = clean(&p.text());
    p.page_break_before
        && text
            .strip_prefix("附件")
            .is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()))
}

impl<'a> Reading<'a> {
    fn new(file: &'a Path, flow: &'a Flow, base: &'a Document) -> Reading<'a> {
        Reading { file, flow, base }
    }

    /// The type style a font name stands for: by the styles that name it, else by the
    /// families offices know.
    fn font_style(&self, font: &str) -> Option<FontStyle> {
        for (id, style) in &self.flow.styles {
            if style.east_asian.as_deref() != Some(font) {
                continue;
            }
            if let Some(level) = self.flow.heading_level(id) {
                return Some(heading_style(level));
            }
            if self.flow.is_title(id) {
                return Some(TITLE_STYLE);
            }
        }
        if self.flow.style_font(None) == Some(font) {
            return Some(BODY_STYLE);
        }
        FontStyle::ALL
            .into_iter()
            .find(|s| s.families().contains(&font))
    }

    fn style_of(&self, look: &RunLook, base: FontStyle) -> Style {
        if look.bold {
            return Style::Strong;
        }
        if look.italic {
            return Style::Emphasis;
        }
        match look.east_asian.as_deref().and_then(|f| self.font_style(f)) {
            Some(s) if s == base => Style::Plain,
            Some(s) if s == STRONG_STYLE => Style::Strong,
            Some(s) if s == EMPHASIS_STYLE => Style::Emphasis,
            _ => Style::Plain,
        }
    }

    /// A body paragraph as a heading or a paragraph (`None` if empty).
    fn block(&self, p: &Paragraph) -> Option<Block> {
        let level = p.style.as_deref().and_then(|s| self.flow.heading_level(s));
        let base = level.map_or(BODY_STYLE, heading_style);
        let styled: Vec<(String, Style)> = p
            .runs
            .iter()
            .map(|r| (r.text.clone(), self.style_of(&r.look, base)))
            .collect();
        let spans = clean_styled(&styled);
        if spans.is_empty() {
            return None;
        }
        Some(match level {
            Some(level) => Block::Heading { level, spans },
            None => Block::Paragraph(spans),
        })
    }

    fn parts(&self) -> Result<Parts, DraftError> {
        let items = &self.flow.body;
        let Some(title_at) = items.iter().position(|i| {
            matches!(i, Item::Paragraph(p) if p.style.as_deref().is_some_and(|s| self.flow.is_title(s)))
        }) else {
            return refused(
                self.file,
                "找不到“标题”样式的通报标题：这不是 tongbao 生成的通报 DOCX（或标题的样式被改掉了）；请用 tongbao build 生成的 bulletin.docx 修改",
            );
        };
        self.check_header(&items[..title_at])?;
        let mut parts = Parts {
            title: paragraph_text(&items[title_at]),
            ..Parts::default()
        };
        let labels: Vec<usize> = items
            .iter()
            .enumerate()
            .filter(|(i, item)| *i > title_at && matches!(item, Item::Paragraph(p) if is_label(p)))
            .map(|(i, _)| i)
            .collect();
        let main_end = labels.first().copied().unwrap_or(items.len());
        let mut colophon: Option<&reader::Table> = None;
        self.main_part(&items[title_at + 1..main_end], &mut parts, &mut colophon)?;
        for (n, &at) in labels.iter().enumerate() {
            let end = labels.get(n + 1).copied().unwrap_or(items.len());
            let a = self.attachment(&items[at..end], parts.attachments.len(), &mut colophon)?;
            parts.attachments.push(a);
        }
        let footer_colophon = self.flow.footers.iter().flatten().find_map(|i| match i {
            Item::Table(t) if table_text(t).contains("印发") => Some(t),
            _ => None,
        });
        self.check_colophon(colophon.or(footer_colophon))?;
        Ok(parts)
    }

    /// The 版头 is the data's: its characters must be the ones tongbao wrote.
    fn check_header(&self, items: &[Item]) -> Result<(), DraftError> {
        let f = &self.base.front;
        let date = cn_date(f.date);
        let issue = format!("第{}期", f.issue);
        let mut expected: Vec<&str> = vec![];
        expected.extend(f.copy_number.as_deref());
        expected.extend(f.secrecy.as_deref());
        expected.push(&f.header);
        match f.style {
            crate::model::HeaderStyle::Brief => expected.extend([issue.as_str(), &f.office, &date]),
            crate::model::HeaderStyle::File => expected.extend(f.doc_number.as_deref()),
        }
        let found: Vec<String> = items.iter().map(item_text).collect();
        if letters(found.iter().map(String::as_str)) != letters(expected.iter().copied()) {
            return refused(
                self.file,
                format!(
                    "版头的文字改动过（现为“{}”，应为“{}”）：版头来自数据（campaign.yaml 和本期数据），不能在 WPS 中修改；请在 WPS 中改回，需要改动的请改数据后重新运行 tongbao build",
                    snippet(&found.concat()),
                    snippet(&expected.concat())
                ),
            );
        }
        Ok(())
    }

    /// The 版记 is the data's too.
    fn check_colophon(&self, table: Option<&reader::Table>) -> Result<(), DraftError> {
        let c = &self.base.front.colophon;
        let mut expected: Vec<String> = groups(c).iter().map(|g| g.text()).collect();
        expected.push(c.printer.clone());
        expected.push(print_date_text(c));
        let Some(table) = table else {
            return refused(
                self.file,
                "找不到版记（含“印发”的表格）：版记来自数据，请不要在 WPS 中删除；请用 tongbao build 生成的 bulletin.docx 修改",
            );
        };
        let found = table_text(table);
        if letters([found.as_str()]) != letters(expected.iter().map(String::as_str)) {
            return refused(
                self.file,
                format!(
                    "版记的文字改动过（现为“{}”）：版记来自 campaign.yaml 的 colophon 和本期数据，不能在 WPS 中修改；请在 WPS 中改回，需要改动的请改数据后重新运行 tongbao build",
                    snippet(&found)
                ),
            );
        }
        Ok(())
    }

    /// From the title to the first attachment: 主送机关, body, 附件说明, 署名, 成文日期, 附注.
    fn main_part(
        &self,
        items: &'a [Item],
        parts: &mut Parts,
        colophon: &mut Option<&'a reader::Table>,
    ) -> Result<(), DraftError> {
        let mut paragraphs: Vec<&Paragraph> = Vec::new();
        for item in items {
            match item {
                Item::Paragraph(p) if !clean(&p.text()).is_empty() => paragraphs.push(p),
                Item::Paragraph(_) => {}
                Item::Table(t) if t.floating && table_text(t).contains("印发") => {
                    *colophon = Some(t)
                }
                Item::Table(t) => {
                    return refused(
                        self.file,
                        format!(
                            "正文第{}段之后有表格，通报的正文容纳不了表格：请在 WPS 中删除，需要的内容请写成文字",
                            t.after_paragraph
                        ),
                    );
                }
            }
        }
        let front = &self.base.front;
        let mut rest: &[&Paragraph] = &paragraphs;
        if !front.addressee.trim().is_empty()
            && let Some((first, tail)) = rest.split_first()
        {
            let text = clean(&first.text());
            let text = text.trim_end_matches(['：', ':']).to_string();
            parts.addressee = Some(text);
            rest = tail;
        }
        // From the end: 附注 (in parentheses, after the date), 成文日期, 署名.
        let date_at = rest
            .iter()
            .rposition(|p| chinese_date(&clean(&p.text())).is_some());
        let Some(date_at) = date_at else {
            return refused(
                self.file,
                "找不到成文日期（如“2020年1月6日”）：成文日期来自数据，请不要在 WPS 中删除",
            );
        };
        let date_text = clean(&rest[date_at].text());
        if date_text != cn_date(front.date) {
            return refused(
                self.file,
                format!(
                    "成文日期改为了“{date_text}”，本期数据为“{}”：日期来自本期数据的 issue_date，不能在 WPS 中修改；请在 WPS 中改回，或改数据后重新运行 tongbao build",
                    cn_date(front.date)
                ),
            );
        }
        if let Some(after) = rest.get(date_at + 1..) {
            let texts: Vec<String> = after.iter().map(|p| clean(&p.text())).collect();
            match texts.as_slice() {
                [] => {}
                [one] if one.starts_with('（') && one.ends_with('）') => {
                    let inner = one
                        .strip_prefix('（')
                        .and_then(|o| o.strip_suffix('）'))
                        .unwrap_or(one);
                    parts.contact = Some(inner.trim().to_string());
                }
                _ => {
                    return refused(
                        self.file,
                        format!(
                            "成文日期之后有文字（“{}”）：日期之后只能有附注（用括号括起的联系人、电话）；请把正文移到署名之前",
                            snippet(&texts.concat())
                        ),
                    );
                }
            }
        }
        let mut body_end = date_at;
        if !front.signature.trim().is_empty() && date_at > 0 {
            parts.signature = Some(clean(&rest[date_at - 1].text()));
            body_end = date_at - 1;
        }
        let body = &rest[..body_end];
        let note_at = body
            .iter()
            .rposition(|p| clean(&p.text()).starts_with("附件："));
        let (text, note) = match note_at {
            Some(at) => body.split_at(at),
            None => (body, &[][..]),
        };
        parts.body = text.iter().filter_map(|p| self.block(p)).collect();
        if !note.is_empty() {
            let lines: Vec<String> = note
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let t = clean(&p.text());
                    if i == 0 {
                        t.trim_start_matches("附件：").trim().to_string()
                    } else {
                        t
                    }
                })
                .filter(|l| !l.is_empty())
                .collect();
            parts.body.push(Block::AttachmentNote(lines));
        }
        Ok(())
    }

    /// One attachment: its label, title, text and tables, up to the next label.
    fn attachment(
        &self,
        items: &'a [Item],
        index: usize,
        colophon: &mut Option<&'a reader::Table>,
    ) -> Result<Attachment, DraftError> {
        let label = items
            .first()
            .map(item_text)
            .map(|t| clean(&t))
            .unwrap_or_default();
        let mut a = Attachment {
            label,
            title: String::new(),
            blocks: Vec::new(),
        };
        let mut tables = 0;
        for item in items.iter().skip(1) {
            match item {
                Item::Paragraph(p) => {
                    let is_title = p.style.as_deref().is_some_and(|s| self.flow.is_title(s));
                    if is_title && a.title.is_empty() && a.blocks.is_empty() {
                        a.title = paragraph_text(item);
                    } else if let Some(b) = self.block(p) {
                        a.blocks.push(b);
                    }
                }
                Item::Table(t) if t.floating && table_text(t).contains("印发") => {
                    *colophon = Some(t)
                }
                Item::Table(t) => {
                    let align = self.base_align(index, tables);
                    a.blocks.push(Block::Table(table(t, align)));
                    tables += 1;
                }
            }
        }
        Ok(a)
    }

    /// The alignment of the draft's own table `n` of attachment `index`.
    fn base_align(&self, index: usize, n: usize) -> Vec<document::Align> {
        self.base
            .attachments
            .get(index)
            .and_then(|a| {
                a.blocks
                    .iter()
                    .filter_map(|b| match b {
                        Block::Table(t) => Some(t.align.clone()),
                        _ => None,
                    })
                    .nth(n)
            })
            .unwrap_or_default()
    }
}

/// A paragraph's text with its lines joined (a title the writer broke into lines).
fn paragraph_text(item: &Item) -> String {
    clean(&item_text(item))
}

fn item_text(item: &Item) -> String {
    match item {
        Item::Paragraph(p) => p.text(),
        Item::Table(t) => table_text(t),
    }
}

fn cell_text(cell: &[Paragraph]) -> String {
    let lines: Vec<String> = cell.iter().map(|p| p.text()).collect();
    clean(&lines.join("\n"))
}

fn table_text(t: &reader::Table) -> String {
    t.rows.iter().flatten().map(|c| cell_text(c)).collect()
}

/// A ranking table: its first row the header; `align` the draft's (left where unknown).
fn table(t: &reader::Table, align: Vec<document::Align>) -> Table {
    let mut rows: Vec<Vec<String>> = t
        .rows
        .iter()
        .map(|r| r.iter().map(|c| cell_text(c)).collect())
        .collect();
    let header = if rows.is_empty() {
        Vec::new()
    } else {
        rows.remove(0)
    };
    let columns = header.len();
    let align = if align.len() == columns {
        align
    } else {
        vec![document::Align::Left; columns]
    };
    Table {
        align,
        header,
        rows,
    }
}

/// `base`'s front matter, with the title, 主送机关, 署名 and 附注 as the DOCX has them where
/// they read differently.
fn front_matter(base: &str, doc: &Document, parts: &Parts) -> String {
    let end = base
        .strip_prefix("---\n")
        .and_then(|rest| rest.find("\n---\n"))
        .map_or(0, |at| at + 4 + 5);
    let mut front = base[..end].to_string();
    let f = &doc.front;
    let same = |a: &str, b: &str| letters([a]) == letters([b]);
    if !same(&parts.title, &f.title) {
        front = set_field(&front, "title", Some(&parts.title));
    }
    if let Some(a) = &parts.addressee
        && !same(a, &f.addressee)
    {
        front = set_field(&front, "addressee", Some(a));
    }
    if let Some(s) = &parts.signature
        && !same(s, &f.signature)
    {
        front = set_field(&front, "signature", Some(s));
    }
    let contact = parts.contact.as_deref().filter(|c| !c.is_empty());
    if contact.map(|c| letters([c])) != f.contact.as_deref().map(|c| letters([c])) {
        front = set_field(&front, "contact", contact);
    }
    front
}

/// `front` with the top-level field `key` set to `value` (a JSON string is a YAML
/// double-quoted scalar), removed with `None`, added after `signature:` when missing.
fn set_field(front: &str, key: &str, value: Option<&str>) -> String {
    let prefix = format!("{key}:");
    let line = value.map(|v| {
        format!(
            "{key}: {}",
            serde_json::to_string(v).unwrap_or_else(|_| "\"\"".into())
        )
    });
    let mut out: Vec<String> = Vec::new();
    let mut done = false;
    for l in front.lines() {
        if l.starts_with(&prefix) {
            out.extend(line.clone());
            done = true;
        } else {
            out.push(l.to_string());
        }
    }
    if !done && let Some(line) = line {
        let at = out
            .iter()
            .position(|l| l.starts_with("signature:"))
            .map_or(out.len().saturating_sub(1), |i| i + 1);
        out.insert(at, line);
    }
    let mut s = out.join("\n");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn white_space_is_normalised_as_the_reader_sees_it() {
        assert_eq!(
            clean("\u{3000}\u{3000}全市共完成\n145 处，\u{a0}占 61%。 "),
            "全市共完成 145 处，占 61%。"
        );
        assert_eq!(clean("一是\n二是"), "一是二是");
        assert_eq!(clean("A\nB"), "A B");
    }

    #[test]
    fn a_field_is_set_removed_or_added() {
        let front = "---\ntitle: \"旧\"\nsignature: \"办\"\n---\n";
        assert_eq!(
            set_field(front, "title", Some("新“标题”")),
            "---\ntitle: \"新“标题”\"\nsignature: \"办\"\n---\n"
        );
        assert_eq!(
            set_field(front, "contact", Some("联系人：王")),
            "---\ntitle: \"旧\"\nsignature: \"办\"\ncontact: \"联系人：王\"\n---\n"
        );
        assert_eq!(
            set_field(front, "title", None),
            "---\nsignature: \"办\"\n---\n"
        );
    }

    #[test]
    fn dates_in_chinese() {
        assert_eq!(chinese_date("2020年1月6日"), Some((2020, 1, 6)));
        assert_eq!(chinese_date("2020年1月"), None);
    }
}
