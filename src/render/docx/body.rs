//! The main part (主体): title, 主送机关, paragraphs and headings, lists, 附件说明, signature and
//! date, 附注; then the attachments, each on a new page.

use super::paragraph::{Props, blank, cells, close, flush, open};
use super::runs::{Faces, RunFormat, run, spans};
use super::styles::{self, TITLE};
use super::table::{self, Widths};
use super::units::{line_twips, twips};
use super::xml::Xml;
use crate::document::{Attachment, Block, Document, FrontMatter, Span, Style};
use crate::format::cn_date;
use crate::layout::header::estimated_width_em as width_em;
use crate::layout::parts::{BODY_STYLE, EMPHASIS_STYLE, STRONG_STYLE, heading_style};
use crate::layout::signature::{self, Placement};

fn raised() -> RunFormat<'static> {
    RunFormat {
        raise: true,
        ..RunFormat::default()
    }
}

/// A title (二号小标宋, centred); lines the writer broke stay broken.
fn title(out: &mut String, text: &str, keep_next: bool) {
    open(
        out,
        &Props {
            style: Some(TITLE),
            keep_next,
            ..Props::default()
        },
    );
    let lines: Vec<&str> = text
        .split('\n')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    run(out, &lines.join("\n"), &RunFormat::default());
    close(out);
}

/// The body of the bulletin, from the title to the 附注.
pub(crate) fn body(
    out: &mut Xml,
    doc: &Document,
    faces: &Faces,
    widths: &mut Widths,
    signature_at: &Placement,
) {
    let front = &doc.front;
    let note = crate::layout::revision::note(front.issue, front.revision);
    title(out, &front.title, note.is_some());
    if let Some(note) = note {
        // A revision's note right under the title, centred in 楷体 like a 题注.
        open(
            out,
            &Props {
                jc: Some("center"),
                ..flush()
            },
        );
        run(
            out,
            &note,
            &RunFormat {
                east_asian: Some(faces.name(EMPHASIS_STYLE)),
                ..raised()
            },
        );
        close(out);
    }
    let addressee = front.addressee.trim();
    if !addressee.is_empty() {
        blank(out, false);
        let text = if addressee.ends_with('：') || addressee.ends_with(':') {
            addressee.to_string()
        } else {
            format!("{addressee}：")
        };
        open(out, &flush());
        run(out, &text, &raised());
        close(out);
    }
    blocks(out, &doc.body, faces, widths, true);
    signature(out, front, signature_at);
}

/// The paragraphs of `list`; `keep_last`: the last one stays with what follows (the signature).
fn blocks(out: &mut Xml, list: &[Block], faces: &Faces, widths: &mut Widths, keep_last: bool) {
    let last = list.len().saturating_sub(1);
    for (i, block) in list.iter().enumerate() {
        // The last block before the signature keeps with it (an 附件说明 when there is one,
        // which does not keep with the text above it), as the PDF paginates.
        let keep_next = keep_last && i == last;
        match block {
            Block::Paragraph(s) => paragraph(out, s, faces, keep_next),
            Block::Heading { level, spans: s } => {
                let style = styles::heading(*level);
                open(
                    out,
                    &Props {
                        style: Some(&style),
                        ..Props::default()
                    },
                );
                spans(out, s, heading_style(*level), faces);
                close(out);
            }
            Block::List { ordered, items } => {
                for (n, item) in items.iter().enumerate() {
                    let mut s: Vec<Span> = Vec::with_capacity(item.len() + 1);
                    if *ordered {
                        s.push(Span {
                            text: format!("{}. ", n + 1),
                            style: Style::Plain,
                        });
                    }
                    s.extend(item.iter().cloned());
                    paragraph(out, &s, faces, keep_next && n + 1 == items.len());
                }
            }
            Block::Table(t) => table::table(out, t, widths.next_plan()),
            Block::AttachmentNote(lines) => attachment_note(out, lines),
        }
        out.spill();
    }
}

fn paragraph(out: &mut String, s: &[Span], faces: &Faces, keep_next: bool) {
    open(
        out,
        &Props {
            keep_next,
            ..Props::default()
        },
    );
    spans(out, s, BODY_STYLE, faces);
    close(out);
}

/// 附件说明: a blank line, then `附件：` two characters in, each name after it; continuation
/// lines and further names align with the first character of the first name.
fn attachment_note(out: &mut String, lines: &[String]) {
    let label = "附件：";
    let name_start = 2.0 + width_em(label);
    for (i, name) in lines.iter().enumerate() {
        open(
            out,
            &Props {
                left: Some(cells(name_start)),
                first_line: (i == 0).then(|| -cells(width_em(label))),
                // The blank line above it is space before, which Word, WPS and LibreOffice
                // drop at the top of a page (as the PDF drops the blank line there).
                before: (i == 0).then(line_twips),
                keep_next: true,
                ..Props::default()
            },
        );
        let text = if i == 0 {
            format!("{label}{}", name.trim())
        } else {
            name.trim().to_string()
        };
        run(out, &text, &raised());
        close(out);
    }
}

/// 署名 and 成文日期 where `at` (from [`crate::layout::signature::place`], measured in the
/// PDF's fonts) puts them, one blank line below the body, and the 附注 in parentheses.
fn signature(out: &mut String, front: &FrontMatter, at: &Placement) {
    blank(out, true);
    let sign = front.signature.trim();
    let date = cn_date(front.date);
    if !sign.is_empty() {
        if at.sign_wraps {
            // Longer than a line: right-aligned, two characters in.
            open(
                out,
                &Props {
                    jc: Some("right"),
                    right: Some(twips(signature::wrapped_right_indent())),
                    keep_next: true,
                    ..flush()
                },
            );
        } else {
            open(
                out,
                &Props {
                    left: Some(twips(at.sign_start)),
                    jc: Some("left"),
                    keep_next: true,
                    ..Props::default()
                },
            );
        }
        run(out, sign, &raised());
        close(out);
    }
    open(
        out,
        &Props {
            left: Some(twips(at.date_start)),
            jc: Some("left"),
            ..Props::default()
        },
    );
    run(out, &date, &raised());
    close(out);
    if let Some(contact) = front
        .contact
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        open(out, &Props::default());
        run(out, &format!("（{contact}）"), &raised());
        close(out);
    }
}

/// An attachment on a new page: `附件N` in 黑体 flush left on line 1, its title centred on
/// line 3, a blank line, its blocks. Page numbers continue.
pub(crate) fn attachment(
    out: &mut Xml,
    attachment: &Attachment,
    number: usize,
    faces: &Faces,
    widths: &mut Widths,
    page_break_before: bool,
) {
    let label = if attachment.label.trim().is_empty() {
        format!("附件{number}")
    } else {
        attachment.label.trim().to_string()
    };
    open(
        out,
        &Props {
            // After a section break (a landscape attachment's), the page is new already.
            page_break_before,
            keep_next: true,
            ..flush()
        },
    );
    run(
        out,
        &label,
        &RunFormat {
            east_asian: Some(faces.name(STRONG_STYLE)),
            raise: true,
            ..RunFormat::default()
        },
    );
    close(out);
    if !attachment.title.trim().is_empty() {
        blank(out, true);
        title(out, &attachment.title, true);
        blank(out, true);
    }
    blocks(out, &attachment.blocks, faces, widths, false);
}
