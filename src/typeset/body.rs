//! The main part (主体) as grid entries: title, 主送机关, paragraphs and headings, 附件说明,
//! signature and date, 附注; then the attachment pages.

use super::error::PdfError;
use super::flow::{Entry, Lines};
use super::linebreak::{self, Align, Frame};
use super::metrics::{BLOCK_LEFT, BLOCK_W, Block as PageBlock, CELL, baseline_in_line, em, size};
use super::model::Ink;
use super::setter::{
    Setter, flush_frame, line_entry, paragraph_frame, pieces, place_with, plain, run,
};
use super::shape::{self, Item, Piece};
use super::table;
use super::title;
use crate::document::{Attachment, Block, Document, FrontMatter, Span};
use crate::font_style::FontStyle;
use crate::format::cn_date;
use crate::layout::parts::{EMPHASIS_STYLE, heading_style};
use crate::layout::signature;

/// Title lines: 二号小标宋, centred, balanced; each on its own grid line.
pub(crate) fn title_entries(
    set: &Setter,
    text: &str,
    anchor: Option<String>,
    place: &str,
) -> Result<Vec<Entry>, PdfError> {
    let size = size::ER;
    let cell = em(size);
    let frame = set.fit_frame(Frame::block(Align::Center, size));
    let mut out = Vec::new();
    let mut anchor = anchor;
    for part in text.split('\n').map(str::trim).filter(|p| !p.is_empty()) {
        let items = set.shape_plain(part, FontStyle::Xiaobiaosong, size, &|| {
            place_with(place, text)
        })?;
        for line in title::balance(&items, frame.width, cell) {
            let set_line = linebreak::set_line(&line, &frame, true, true);
            out.push(line_entry(&set_line, size, Ink::Black, true, anchor.take()));
        }
    }
    if let Some(Entry::Lines(last)) = out.last_mut() {
        last.keep_with_next = false;
    }
    Ok(out)
}

/// The body of the bulletin, from the title to the 附注.
pub(crate) fn body_entries(set: &Setter, doc: &Document) -> Result<Vec<Entry>, PdfError> {
    let front = &doc.front;
    let mut out = title_entries(set, &front.title, Some(front.title.clone()), "标题")?;
    if let Some(note) = crate::layout::revision::note(front.issue, front.revision) {
        // A revision's note right under the title, centred in 楷体 like a 题注.
        if let Some(last) = out.last_mut() {
            keep(last);
        }
        out.extend(set.grid_entries(
            &[Piece {
                text: &note,
                style: EMPHASIS_STYLE,
            }],
            Frame::block(Align::Center, size::SAN),
            false,
            None,
            &|| place_with("修订说明", &note),
        )?);
    }
    let addressee = front.addressee.trim();
    if !addressee.is_empty() {
        out.push(Entry::Blank {
            keep_with_next: false,
        });
        let text = if addressee.ends_with('：') || addressee.ends_with(':') {
            addressee.to_string()
        } else {
            format!("{addressee}：")
        };
        out.extend(set.grid_entries(
            &[Piece {
                text: &text,
                style: FontStyle::Fangsong,
            }],
            flush_frame(),
            false,
            None,
            &|| place_with("主送机关", &text),
        )?);
    }
    out.extend(blocks(set, &doc.body, "正文")?);
    // The signature block stays with the last line of the body.
    if let Some(last) = out.last_mut() {
        keep(last);
    }
    out.extend(signature(set, front)?);
    Ok(out)
}

fn keep(entry: &mut Entry) {
    match entry {
        Entry::Lines(l) => l.keep_with_next = true,
        Entry::Blank { keep_with_next } => *keep_with_next = true,
        Entry::Table(_) | Entry::Block(_) => {}
    }
}

/// Entries of a list of blocks; `part` names where they are (正文, 附件1).
pub(crate) fn blocks(set: &Setter, list: &[Block], part: &str) -> Result<Vec<Entry>, PdfError> {
    let mut out = Vec::new();
    let mut paragraph = 0;
    let mut table_no = 0;
    for block in list {
        match block {
            Block::Paragraph(spans) => {
                paragraph += 1;
                let what = format!("{part}第{paragraph}段");
                out.extend(paragraph_entries(set, spans, FontStyle::Fangsong, &what)?);
            }
            Block::Heading { level, spans } => {
                let base = heading_style(*level);
                let text = plain(spans);
                let anchor = (*level == 1 && part == "正文").then(|| text.trim().to_string());
                // Not kept with the next line: the grid's 22 lines fill every page (GB/T 9704,
                // the layout checker's R7), so a heading may end a page, as in the DOCX
                // (`render::docx::styles`).
                out.extend(set.grid_entries(
                    &pieces(spans, base),
                    paragraph_frame(),
                    false,
                    anchor,
                    &|| place_with(&format!("{part}的标题"), &text),
                )?);
            }
            Block::List { ordered, items } => {
                for (i, item) in items.iter().enumerate() {
                    paragraph += 1;
                    let what = format!("{part}第{paragraph}段");
                    let mut spans: Vec<Span> = Vec::with_capacity(item.len() + 1);
                    if *ordered {
                        spans.push(Span {
                            text: format!("{}. ", i + 1),
                            style: crate::document::Style::Plain,
                        });
                    }
                    spans.extend(item.iter().cloned());
                    out.extend(paragraph_entries(set, &spans, FontStyle::Fangsong, &what)?);
                }
            }
            Block::Table(t) => {
                table_no += 1;
                let what = format!("{part}的第{table_no}个表格");
                out.push(Entry::Table(table::layout(set, t, &what)?));
            }
            Block::AttachmentNote(lines) => {
                // The note keeps with the signature after it (the body's last entry keeps with
                // the signature), not with the text above: what a full page cannot take moves
                // over as 附件说明 and signature together, at most a few lines, and the page
                // before stays full but for them (the layout checker allows 8 lines short).
                out.push(Entry::Blank {
                    keep_with_next: true,
                });
                out.extend(attachment_note(set, lines)?);
            }
        }
    }
    Ok(out)
}

fn paragraph_entries(
    set: &Setter,
    spans: &[Span],
    base: FontStyle,
    what: &str,
) -> Result<Vec<Entry>, PdfError> {
    let text = plain(spans);
    // No widow or orphan control: GB/T 9704 sets every page of running text on all 22 grid
    // lines, so a paragraph's last line may open the next page (moving a line over would leave
    // a page of 21 lines, which the layout checker's R7 refuses).
    set.grid_entries(
        &pieces(spans, base),
        paragraph_frame(),
        false,
        None,
        &|| place_with(what, &text),
    )
}

/// Width of a leading number such as `1. ` or `2．` of an attachment name, in mm.
fn number_prefix_width(items: &[Item]) -> f64 {
    let mut width = 0.0;
    for (i, item) in items.iter().enumerate() {
        let digits = item
            .glyphs
            .iter()
            .all(|g| g.ch.is_ascii_digit() || g.ch == '.' || g.ch == '．');
        if !digits || item.glyphs.is_empty() {
            // A space after the number belongs to the prefix.
            if i > 0 && item.kind == super::shape::Kind::Space {
                width += item.width;
            }
            break;
        }
        width += item.width;
    }
    width
}

/// One name of the 附件说明 in its frame (after `附件：`, continuation lines aligned with the
/// name, or with the text after its number), broken between words with no lone end
/// ([`linebreak::break_between_words`]); each line is set flush left.
fn note_item(set: &Setter, name: &str) -> Result<(Frame, Vec<Vec<Item>>), PdfError> {
    let items = set.shape(
        &[Piece {
            text: name,
            style: FontStyle::Fangsong,
        }],
        size::SAN,
        CELL,
        &|| place_with("附件说明", name),
    )?;
    let frame = Frame {
        left: BLOCK_LEFT + 5.0 * CELL,
        width: BLOCK_W - 5.0 * CELL,
        first_indent: 0.0,
        indent: number_prefix_width(&items),
        align: Align::Justify,
        em: em(size::SAN),
    };
    let lines = linebreak::break_between_words(&items, &frame);
    Ok((frame, lines))
}

/// The lines the PDF sets one name of the 附件说明 in (the DOCX breaks it there too).
pub(crate) fn note_item_lines(set: &Setter, name: &str) -> Result<Vec<String>, PdfError> {
    let (_, lines) = note_item(set, name)?;
    Ok(lines
        .iter()
        .map(|l| shape::text_of(l).trim().to_string())
        .collect())
}

/// 附件说明: `附件：` two cells in; each name after it, continuation lines aligned with the
/// first character of the name; further names aligned under the first.
fn attachment_note(set: &Setter, lines: &[String]) -> Result<Vec<Entry>, PdfError> {
    let label_items = set.shape(
        &[Piece {
            text: "附件：",
            style: FontStyle::Fangsong,
        }],
        size::SAN,
        CELL,
        &|| "附件说明".to_string(),
    )?;
    let label_frame = Frame {
        left: BLOCK_LEFT + 2.0 * CELL,
        width: 3.0 * CELL,
        first_indent: 0.0,
        indent: 0.0,
        align: Align::Left,
        em: em(size::SAN),
    };
    let label = linebreak::set_line(&label_items, &label_frame, true, true);
    let mut out = Vec::new();
    for (n, name) in lines.iter().enumerate() {
        let (frame, lines) = note_item(set, name)?;
        for (i, line) in lines.iter().enumerate() {
            let line = linebreak::set_line(line, &frame, i == 0, true);
            let mut marks = vec![run(
                &line,
                size::SAN,
                Ink::Black,
                baseline_in_line(size::SAN),
            )];
            if n == 0 && i == 0 {
                marks.push(run(
                    &label,
                    size::SAN,
                    Ink::Black,
                    baseline_in_line(size::SAN),
                ));
            }
            out.push(Entry::Lines(Lines {
                count: 1,
                marks,
                keep_with_next: true,
                anchor: None,
            }));
        }
    }
    Ok(out)
}

/// The 署名 and the 成文日期 shaped at 三号 on the grid.
fn signature_items(set: &Setter, front: &FrontMatter) -> Result<(Vec<Item>, Vec<Item>), PdfError> {
    let date = cn_date(front.date);
    let sign = front.signature.trim();
    let piece = |text| Piece {
        text,
        style: FontStyle::Fangsong,
    };
    let sign_items = set.shape(&[piece(sign)], size::SAN, CELL, &|| {
        place_with("署名", sign)
    })?;
    let date_items = set.shape(&[piece(&date)], size::SAN, CELL, &|| {
        place_with("成文日期", &date)
    })?;
    Ok((sign_items, date_items))
}

fn placement(sign: &[Item], date: &[Item]) -> signature::Placement {
    let width = |items: &[Item]| -> f64 { items.iter().map(|i| i.width).sum() };
    signature::place(width(sign), width(date))
}

/// Where [`signature::place`] puts the 署名 and the 成文日期, measured in the PDF's fonts (the
/// DOCX asks this too, so both put them in the same place).
pub(crate) fn signature_placement(
    set: &Setter,
    front: &FrontMatter,
) -> Result<signature::Placement, PdfError> {
    let (sign, date) = signature_items(set, front)?;
    Ok(placement(&sign, &date))
}

/// 署名 and 成文日期 where [`signature::place`] puts them, one blank line below the body, and
/// the 附注 in parentheses.
fn signature(set: &Setter, front: &FrontMatter) -> Result<Vec<Entry>, PdfError> {
    let mut out = vec![Entry::Blank {
        keep_with_next: true,
    }];
    let sign = front.signature.trim();
    let piece = |text| Piece {
        text,
        style: FontStyle::Fangsong,
    };
    let (sign_items, date_items) = signature_items(set, front)?;
    let at = placement(&sign_items, &date_items);
    let frame_at = |start: f64, align: Align| Frame {
        left: BLOCK_LEFT + start,
        width: BLOCK_W - start,
        first_indent: 0.0,
        indent: 0.0,
        align,
        em: em(size::SAN),
    };
    if !sign.is_empty() {
        // A signature longer than a line wraps, right-aligned two cells in.
        let frame = if at.sign_wraps {
            Frame {
                left: BLOCK_LEFT,
                width: BLOCK_W - signature::wrapped_right_indent(),
                ..frame_at(0.0, Align::Right)
            }
        } else {
            frame_at(at.sign_start, Align::Left)
        };
        for line in linebreak::set(&sign_items, &frame) {
            out.push(line_entry(&line, size::SAN, Ink::Black, true, None));
        }
    }
    let date_line = linebreak::set_line(
        &date_items,
        &frame_at(at.date_start, Align::Left),
        true,
        true,
    );
    let has_note = front
        .contact
        .as_deref()
        .is_some_and(|c| !c.trim().is_empty());
    out.push(line_entry(
        &date_line,
        size::SAN,
        Ink::Black,
        has_note,
        None,
    ));
    if let Some(contact) = front
        .contact
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        let text = format!("（{contact}）");
        out.extend(
            set.grid_entries(&[piece(&text)], paragraph_frame(), false, None, &|| {
                place_with("附注", &text)
            })?,
        );
    }
    Ok(out)
}

/// An attachment: a new page, `附件N` in 黑体 on line 1, its title centred on line 3, then its
/// blocks after a blank line.
///
/// An attachment whose table cannot be set at a readable size in the portrait block, but can
/// be, or larger, in the turned one (`table::plan`), is set on landscape pages (横排, GB/T
/// 9704-2012 §10): all of it, from its 附件 label on.
pub(crate) fn attachment_entries(
    set: &Setter,
    attachment: &Attachment,
    number: usize,
) -> Result<Vec<Entry>, PdfError> {
    let portrait = attachment_in(set, attachment, number)?;
    let turn = portrait
        .iter()
        .any(|e| matches!(e, Entry::Table(t) if t.turn));
    if turn {
        attachment_in(&set.in_block(PageBlock::TURNED), attachment, number)
    } else {
        Ok(portrait)
    }
}

/// The attachment's entries set in `set`'s block, from a page break onto it.
fn attachment_in(
    set: &Setter,
    attachment: &Attachment,
    number: usize,
) -> Result<Vec<Entry>, PdfError> {
    let part = if attachment.label.trim().is_empty() {
        format!("附件{number}")
    } else {
        attachment.label.trim().to_string()
    };
    let mut out = vec![Entry::Block(set.block)];
    let outline = if attachment.title.trim().is_empty() {
        part.clone()
    } else {
        format!("{part} {}", attachment.title.trim())
    };
    out.extend(set.grid_entries(
        &[Piece {
            text: &part,
            style: FontStyle::Heiti,
        }],
        Frame {
            first_indent: 0.0,
            align: Align::Left,
            ..paragraph_frame()
        },
        true,
        Some(outline),
        &|| place_with("附件标识", &part),
    )?);
    if !attachment.title.trim().is_empty() {
        out.push(Entry::Blank {
            keep_with_next: true,
        });
        out.extend(title_entries(
            set,
            &attachment.title,
            None,
            &format!("{part}的标题"),
        )?);
        if let Some(last) = out.last_mut() {
            keep(last);
        }
        out.push(Entry::Blank {
            keep_with_next: true,
        });
    }
    out.extend(blocks(set, &attachment.blocks, &part)?);
    Ok(out)
}

#[cfg(test)]
mod tests {
    //! The 主体 rules of `gbt9704.md` on typeset test documents.

    use crate::typeset::fixture::spec::{BLOCK_LEFT, BLOCK_RIGHT, BLOCK_TOP, BLOCK_W, CELL};
    use crate::typeset::fixture::{doc, extent, front, pages, run_of, runs, runs_of, same};
    use crate::typeset::flow::Entry;
    use crate::typeset::header::header_entries;
    use crate::typeset::metrics::{baseline_in_line, line_top, size};
    use crate::typeset::setter::Setter;
    use crate::typeset::shape::testing::Fake;

    const PARAGRAPH: &str = "截至十二月三十一日全市共整治完成居住区配套幼儿园一百四十五处占整治计划的百分之六十一其中办成公办园六十五处委托办成普惠性民办园八十处";

    /// Grid lines the header takes (the title starts two blank lines below).
    fn header_lines(front_matter: &str) -> usize {
        let d = doc(front_matter, "正文。");
        match header_entries(&Setter::new(&Fake), &d.front)
            .expect("header")
            .first()
        {
            Some(Entry::Lines(l)) => l.count,
            _ => panic!("header lines first"),
        }
    }

    #[test]
    fn title_two_lines_below_the_header_addressee_one_below_the_title() {
        let f = front("");
        let t = pages(&doc(&f, PARAGRAPH));
        let page = &t.pages[0];
        let header = header_lines(&f);
        let title = run_of(page, "关于某某工作进展情况的通报");
        assert_eq!(title.size, size::ER);
        let (l, r) = extent(title);
        assert!(same((l + r) / 2.0, BLOCK_LEFT + BLOCK_W / 2.0), "centred");
        let title_line = header + 2;
        assert!(same(
            title.baseline,
            BLOCK_TOP + line_top(title_line) + baseline_in_line(size::ER)
        ));
        let addressee = run_of(page, "各县区：");
        assert!(same(extent(addressee).0, BLOCK_LEFT), "flush left");
        assert!(same(
            addressee.baseline,
            BLOCK_TOP + line_top(title_line + 2) + baseline_in_line(size::SAN)
        ));
    }

    #[test]
    fn paragraphs_indent_two_characters_and_fill_the_line() {
        let t = pages(&doc(&front(""), PARAGRAPH));
        let body: Vec<_> = runs(&t.pages[0])
            .into_iter()
            .filter(|(_, text)| PARAGRAPH.contains(text.as_str()) && text.chars().count() > 1)
            .collect();
        assert!(body.len() >= 2, "{body:?}");
        let (first, second) = (extent(body[0].0), extent(body[1].0));
        assert!(same(first.0, BLOCK_LEFT + 2.0 * CELL), "{first:?}");
        assert!(same(first.1, BLOCK_RIGHT), "{first:?}");
        assert!(same(second.0, BLOCK_LEFT), "{second:?}");
        // 28 characters a line: 26 after the indent.
        assert_eq!(body[0].1.chars().count(), 26);
        assert_eq!(body[1].1.chars().count(), 28);
    }

    #[test]
    fn signature_two_characters_from_the_right_date_two_characters_further_in() {
        for signature in ["某某工作组", "某某市某某工作领导小组办公室"] {
            let f = front("").replace(
                "signature: \"某某工作组\"",
                &format!("signature: \"{signature}\""),
            );
            let t = pages(&doc(&f, PARAGRAPH));
            let page = &t.pages[0];
            let sign = extent(run_of(page, signature));
            // The header's office line carries the same date: the signature's is the last.
            let date_run = *runs_of(page, "2020年1月6日").last().expect("the date");
            let date = extent(date_run);
            let right = BLOCK_RIGHT - 2.0 * CELL;
            // The date starts two characters to the right of the 署名's start; whichever
            // reaches further right ends two characters in from the block's right edge.
            assert!(
                same(date.0, sign.0 + 2.0 * CELL),
                "{signature}: {sign:?} {date:?}"
            );
            assert!(
                same(sign.1.max(date.1), right),
                "{signature}: {sign:?} {date:?}"
            );
            assert!(run_of(page, signature).baseline < date_run.baseline);
        }
    }
}
