//! The colophon (版记) at the bottom of the last page: a thick rule, the 报 / 发 / 抄送 groups
//! (四号仿宋, one character in on both sides, continuation lines after the colon) each closed
//! by a thin rule, the printing office and `YYYY年M月D日印发`, and a thick rule on the bottom
//! edge of the text block. Each text line takes one grid line.

use super::error::PdfError;
use super::linebreak::{self, Align, Frame};
use super::metrics::{
    BLOCK_LEFT, BLOCK_W, EM_ASCENT, LINE, LINES_PER_PAGE, RULE_THICK, RULE_THIN, em, size,
};
use super::model::{Ink, Mark};
use super::setter::{Setter, block_rule, place_with, run};
use super::shape::Piece;
use crate::document::Colophon as Distribution;
use crate::font_style::FontStyle;
use crate::layout::colophon as layout;

/// A colophon set relative to the top of its first grid line.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Colophon {
    pub lines: usize,
    pub marks: Vec<Mark>,
    /// The printing office's lines as set (balanced, broken between words): the DOCX breaks
    /// it there too.
    pub printer_lines: Vec<String>,
}

pub(crate) fn colophon(set: &Setter, c: &Distribution) -> Result<Colophon, PdfError> {
    let size_pt = size::COLOPHON;
    let em = em(size_pt);
    let baseline = |line: usize| (line as f64 + 0.5) * LINE + (EM_ASCENT - 0.5) * em;
    let mut marks = Vec::new();
    let mut line = 0usize;
    // Grid lines where a group (报, 发, 抄送, 印发) begins: thin rules go there.
    let mut group_starts: Vec<usize> = Vec::new();
    for group in layout::groups(c) {
        group_starts.push(line);
        let text = group.text();
        let items = set.shape(
            &[Piece {
                text: &text,
                style: FontStyle::Fangsong,
            }],
            size_pt,
            em,
            &|| place_with("版记", &text),
        )?;
        let frame = Frame {
            left: BLOCK_LEFT + em,
            width: BLOCK_W - 2.0 * em,
            first_indent: 0.0,
            indent: group.hanging_indent() as f64 * em,
            align: Align::Justify,
            em,
        };
        for set_line in linebreak::set(&items, &frame) {
            marks.push(run(&set_line, size_pt, Ink::Black, baseline(line)));
            line += 1;
        }
    }
    // 印发机关 and 印发日期.
    let printer = c.printer.trim();
    let date = layout::print_date_text(c);
    let frame = |align| Frame {
        left: BLOCK_LEFT + em,
        width: BLOCK_W - 2.0 * em,
        first_indent: 0.0,
        indent: 0.0,
        align,
        em,
    };
    let piece = |text| Piece {
        text,
        style: FontStyle::Fangsong,
    };
    let date_items = set.shape(&[piece(&date)], size_pt, em, &|| place_with("版记", &date))?;
    let date_width: f64 = date_items.iter().map(|i| i.width).sum();
    let printer_items = set.shape(&[piece(printer)], size_pt, em, &|| {
        place_with("版记印发机关", printer)
    })?;
    let printer_frame = Frame {
        width: (BLOCK_W - 3.0 * em - date_width).max(em),
        ..frame(Align::Left)
    };
    let printer_lines: Vec<linebreak::Line> =
        super::title::balance(&printer_items, printer_frame.width, em)
            .iter()
            .map(|l| linebreak::set_line(l, &printer_frame, true, true))
            .collect();
    let printer_texts: Vec<String> = printer_lines
        .iter()
        .map(|l| l.glyphs.iter().map(|p| p.glyph.ch).collect())
        .collect();
    let last = line + printer_lines.len().max(1) - 1;
    for (i, l) in printer_lines.iter().enumerate() {
        marks.push(run(l, size_pt, Ink::Black, baseline(line + i)));
    }
    let date_line = linebreak::set_line(&date_items, &frame(Align::Right), true, true);
    marks.push(run(&date_line, size_pt, Ink::Black, baseline(last)));
    let lines = last + 1;
    let rule = |y: f64, thickness: f64| block_rule(y, thickness, Ink::Black);
    // Thick rules first and last, thin ones between the groups (GB/T 9704 7.4.1).
    group_starts.push(line);
    marks.push(rule(0.0, RULE_THICK));
    for start in group_starts.into_iter().filter(|s| *s > 0) {
        marks.push(rule(start as f64 * LINE, RULE_THIN));
    }
    marks.push(rule(lines as f64 * LINE, RULE_THICK));
    if lines > LINES_PER_PAGE {
        // More lines than a page holds: close them up to fit the page rather than overflow.
        let k = LINES_PER_PAGE as f64 / lines as f64;
        for mark in &mut marks {
            match mark {
                Mark::Text(run) => run.baseline *= k,
                Mark::Stroke(s) => {
                    s.y0 *= k;
                    s.y1 *= k;
                }
            }
        }
        return Ok(Colophon {
            lines: LINES_PER_PAGE,
            marks,
            printer_lines: printer_texts,
        });
    }
    Ok(Colophon {
        lines,
        marks,
        printer_lines: printer_texts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Date;
    use crate::typeset::shape::testing::Fake;

    #[test]
    fn rules_thick_thin_thick_around_the_lines() {
        let set = Setter::new(&Fake);
        let c = colophon(
            &set,
            &Distribution {
                report_to: vec!["市委常委".into(), "市政府副市长".into()],
                send_to: vec!["各县区党委、政府主要负责人".into()],
                copy_to: vec![],
                printer: "办公室".into(),
                print_date: Date(chrono::NaiveDate::from_ymd_opt(2020, 1, 6).unwrap()),
            },
        )
        .unwrap();
        assert_eq!(c.lines, 3);
        let rules: Vec<(f64, f64)> = c
            .marks
            .iter()
            .filter_map(|m| match m {
                Mark::Stroke(s) => Some((s.y0, s.thickness)),
                _ => None,
            })
            .collect();
        assert_eq!(
            rules,
            vec![
                (0.0, RULE_THICK),
                (LINE, RULE_THIN),
                (2.0 * LINE, RULE_THIN),
                (3.0 * LINE, RULE_THICK)
            ]
        );
    }

    #[test]
    fn a_colophon_longer_than_a_page_is_closed_up_to_fit() {
        let set = Setter::new(&Fake);
        let c = colophon(
            &set,
            &Distribution {
                report_to: (0..80)
                    .map(|i| format!("第{i}个很长很长很长的单位名称"))
                    .collect(),
                send_to: vec![],
                copy_to: vec![],
                printer: "办公室".into(),
                print_date: Date(chrono::NaiveDate::from_ymd_opt(2020, 1, 6).unwrap()),
            },
        )
        .unwrap();
        assert_eq!(c.lines, LINES_PER_PAGE);
        for m in &c.marks {
            if let Mark::Stroke(s) = m {
                assert!(s.y0 <= LINES_PER_PAGE as f64 * LINE + 1e-6);
            }
        }
    }
}
