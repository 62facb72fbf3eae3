//! Writing a document model back as the Markdown of `bulletin.md` (the way back from an
//! approved DOCX). Each block becomes one chunk of Markdown, chunks separated by a blank line as
//! compose writes them; a chunk that reads the same as one of a reference `bulletin.md` (the
//! draft the DOCX was made from) is that chunk's text, so that an unchanged block comes back
//! byte for byte — ranking tables with their alignment row, the 附件说明's lines, escapes the
//! template chose. Only what was edited is written anew, escaped so that it reads as written.

use std::collections::HashMap;

use super::{Align, Attachment, Block, Span, Style, Table, parse_fragment};

/// The Markdown of `front` (the front matter, `---` to `---`, with its newline) followed by
/// the body and attachments of `body` and `attachments`, reusing `reference`'s chunks.
pub fn write(front: &str, body: &[Block], attachments: &[Attachment], reference: &str) -> String {
    let known = reference_chunks(reference);
    let mut chunks: Vec<String> = body.iter().map(block).collect();
    for a in attachments {
        chunks.push(format!("# {}", escape(a.label.trim(), true)));
        if !a.title.trim().is_empty() {
            let title: Vec<String> = a.title.lines().map(|l| escape(l.trim(), true)).collect();
            chunks.push(format!("## {}", title.join(" ")));
        }
        chunks.extend(a.blocks.iter().map(block));
    }
    let chunks: Vec<String> = chunks
        .into_iter()
        .map(|c| {
            let key = key(&c);
            known.get(&key).cloned().unwrap_or(c)
        })
        .collect();
    let mut out =
        String::with_capacity(front.len() + chunks.iter().map(String::len).sum::<usize>());
    out.push_str(front);
    if !front.is_empty() && !front.ends_with('\n') {
        out.push('\n');
    }
    for c in &chunks {
        out.push('\n');
        out.push_str(c);
        out.push('\n');
    }
    // The reference's own ending (compose may end with a blank line).
    let ending = reference.len() - reference.trim_end_matches('\n').len();
    for _ in 1..ending {
        out.push('\n');
    }
    out
}

/// What a chunk reads as: its blocks and attachments, as a comparable string.
fn key(chunk: &str) -> String {
    let (body, attachments) = parse_fragment(chunk);
    format!("{body:?}{attachments:?}")
}

/// The body chunks of `reference` (after its front matter) by what they read as.
fn reference_chunks(reference: &str) -> HashMap<String, String> {
    let body = match reference.strip_prefix("---\n") {
        Some(rest) => rest.split_once("\n---\n").map_or("", |(_, b)| b),
        None => reference,
    };
    let mut out = HashMap::new();
    for chunk in body.split("\n\n") {
        let chunk = chunk.trim_matches('\n');
        if !chunk.trim().is_empty() {
            out.entry(key(chunk)).or_insert_with(|| chunk.to_string());
        }
    }
    out
}

/// One block as Markdown.
fn block(b: &Block) -> String {
    match b {
        Block::Heading { level, spans: s } => {
            format!("{} {}", "#".repeat(usize::from(*level)), spans(s))
        }
        Block::Paragraph(s) => spans(s),
        Block::AttachmentNote(lines) => {
            let lines: Vec<String> = lines
                .iter()
                .enumerate()
                .map(|(i, l)| escape(l.trim(), i > 0))
                .collect();
            format!("附件：{}", lines.join("\n"))
        }
        Block::List { ordered, items } => items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let mark = if *ordered {
                    format!("{}.", i + 1)
                } else {
                    "-".into()
                };
                format!("{mark} {}", spans(item))
            })
            .collect::<Vec<_>>()
            .join("\n"),
        Block::Table(t) => table(t),
    }
}

fn spans(list: &[Span]) -> String {
    let mut out = String::new();
    for span in list {
        let at_start = out.is_empty();
        let text = span.text.as_str();
        let core = text.trim();
        if core.is_empty() {
            out.push_str(&escape(text, at_start));
            continue;
        }
        let mark = match span.style {
            Style::Plain => {
                out.push_str(&escape(text, at_start));
                continue;
            }
            Style::Strong => "**",
            Style::Emphasis => "*",
        };
        // Spaces stay outside the markers (`** x**` would not open).
        let lead = &text[..text.len() - text.trim_start().len()];
        let trail = &text[text.trim_end().len()..];
        out.push_str(lead);
        out.push_str(mark);
        out.push_str(&escape(core, false));
        out.push_str(mark);
        out.push_str(trail);
    }
    out
}

fn table(t: &Table) -> String {
    let row = |cells: &[String]| {
        let cells: Vec<String> = cells.iter().map(|c| escape(c.trim(), false)).collect();
        format!("| {} |", cells.join(" | "))
    };
    let align: Vec<&str> = t
        .align
        .iter()
        .map(|a| match a {
            Align::Left => ":---",
            Align::Center => ":---:",
            Align::Right => "---:",
        })
        .collect();
    let mut lines = vec![row(&t.header), format!("|{}|", align.join("|"))];
    lines.extend(t.rows.iter().map(|r| row(r)));
    lines.join("\n")
}

/// `text` escaped so that it reads as itself: Markdown's punctuation (`\`, `*`, `_`, `` ` ``,
/// `[`, `]`, `<`, `>`, `#`, `|`, `&`, `~`, `!`), and at the start of a line what would open a
/// block (`-`, `+`, `=`, `1.`, `1)`).
pub fn escape(text: &str, line_start: bool) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut start = line_start;
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if matches!(
            c,
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '|' | '&' | '~' | '!'
        ) || (start && matches!(c, '-' | '+' | '='))
        {
            out.push('\\');
        }
        if start && c.is_ascii_digit() {
            // `12.` or `12)` opening a line would start a list.
            let digits = chars[i..].iter().take_while(|d| d.is_ascii_digit()).count();
            if let Some(&next) = chars.get(i + digits)
                && matches!(next, '.' | ')')
            {
                out.extend(&chars[i..i + digits]);
                out.push('\\');
                out.push(next);
                out.extend(&chars[i + digits + 1..]);
                return out;
            }
        }
        out.push(c);
        start = c == '\n' || (start && c == ' ');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(t: &str) -> Span {
        Span {
            text: t.into(),
            style: Style::Plain,
        }
    }

    #[test]
    fn edited_text_reads_back_as_written() {
        let cases = [
            "1. 不是列表",
            "- 不是列表",
            "# 不是标题",
            "a*b*c_d_[e](f) <g> &amp; `h` | ~i~ \\ !",
            "2020) 年",
        ];
        for text in cases {
            let md = spans(&[plain(text)]);
            let (body, _) = parse_fragment(&md);
            assert_eq!(body, vec![Block::Paragraph(vec![plain(text)])], "{md}");
        }
    }

    #[test]
    fn strong_and_emphasis_close_after_chinese_punctuation() {
        let s = vec![
            plain("（二）"),
            Span {
                text: "强化督导考核。".into(),
                style: Style::Strong,
            },
            plain("市改造办将对*滞后*县区督办。"),
        ];
        let md = spans(&s);
        assert_eq!(
            md,
            "（二）**强化督导考核。**市改造办将对\\*滞后\\*县区督办。"
        );
        assert_eq!(parse_fragment(&md).0, vec![Block::Paragraph(s)]);
    }

    #[test]
    fn unchanged_chunks_keep_the_reference_text() {
        let reference = "---\na: 1\n---\n\n正文\\*一\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n";
        let body = vec![
            Block::Paragraph(vec![plain("正文*一")]),
            Block::Paragraph(vec![plain("新*段")]),
        ];
        let table = Table {
            align: vec![Align::Left, Align::Right],
            header: vec!["a".into(), "b".into()],
            rows: vec![vec!["1".into(), "2".into()]],
        };
        let a = Attachment {
            label: "附件".into(),
            title: "表".into(),
            blocks: vec![Block::Table(table)],
        };
        let out = write("---\na: 1\n---\n", &body, &[a], reference);
        assert_eq!(
            out,
            "---\na: 1\n---\n\n正文\\*一\n\n新\\*段\n\n# 附件\n\n## 表\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n"
        );
    }
}
