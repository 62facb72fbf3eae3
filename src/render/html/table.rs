//! Tables: header cells and text cells with `<wbr>` between words, at the type size and
//! column widths the typesetter sets the table by ([`TablePlan`], the PDF's and the DOCX's),
//! so the page wraps a cell where the PDF does. Without the fonts (an HTML-only build where
//! none resolve) the size is the largest of [`size::TABLE_SIZES`] at which every column's
//! narrowest width fits the block, and the widths are estimated from the text.

use std::fmt::Write;

use super::words::breakable;
use crate::document::{Align, Table};
use crate::layout::header::estimated_width_em;
use crate::layout::page::{BLOCK_W, em};
use crate::layout::size;
use crate::model::Color;
use crate::segment;
use crate::typeset::TablePlan;

/// Padding on each side of a cell, mm (`--cell-pad` in the stylesheet): the PDF's.
pub(crate) const CELL_PAD: f64 = crate::layout::page::TABLE_PAD;

/// A word of a body text cell longer than this many ems may break inside (the stylesheet's
/// `overflow-wrap: anywhere` on text cells): it does not widen its column's minimum further.
const LONG_WORD_EM: f64 = 4.0;

/// Writes `t` as a `<table>` in a scrolling wrapper; a body cell for which `fill` gives a
/// colour (a grade's) is filled with it. Its type size and column widths are `plan`'s, the
/// typesetter's, when given (so the page wraps cells where the PDF does); else estimated.
pub(crate) fn table(
    out: &mut String,
    t: &Table,
    fill: &dyn Fn(&str) -> Option<Color>,
    plan: Option<&TablePlan>,
) {
    let class = |i: usize| match t.align.get(i) {
        Some(Align::Right) => " class=\"right\"",
        Some(Align::Center) => " class=\"center\"",
        _ => "",
    };
    let (size_pt, widths) = match plan {
        Some(p) => (p.size_pt, p.ruled_widths.clone()),
        None => {
            let size_pt = table_size(t);
            (size_pt, column_widths(t, size_pt))
        }
    };
    let _ = write!(
        out,
        "<div class=\"table-wrap\"><table style=\"font-size: {size_pt}pt\">\n<colgroup>"
    );
    for width in widths {
        let _ = write!(out, "<col style=\"width: {width:.2}mm\">");
    }
    out.push_str("</colgroup>\n<thead><tr>");
    for cell in &t.header {
        let _ = write!(out, "<th>{}</th>", breakable(cell));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &t.rows {
        out.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            let style = fill(cell).map_or_else(String::new, |c| {
                format!(" style=\"background-color: #{}\"", c.fill_hex())
            });
            let _ = write!(out, "<td{}{style}>{}</td>", class(i), breakable(cell));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table></div>\n");
}

/// Whether column `c` holds figures (right-aligned or centred cells, which never wrap).
fn is_figure_column(t: &Table, c: usize) -> bool {
    matches!(t.align.get(c), Some(Align::Right | Align::Center))
}

/// The widest piece of `text` no line may split, in ems: its widest word.
fn widest_word_em(text: &str) -> f64 {
    segment::words(text)
        .into_iter()
        .map(estimated_width_em)
        .fold(0.0, f64::max)
}

/// Each column's narrowest width in ems: its widest header word; its widest figure (figures
/// and centred cells never wrap); its widest text word, up to [`LONG_WORD_EM`].
fn min_widths_em(t: &Table) -> Vec<f64> {
    let columns = t
        .header
        .len()
        .max(t.rows.iter().map(Vec::len).max().unwrap_or(0));
    (0..columns)
        .map(|c| {
            let head = t.header.get(c).map_or(0.0, |h| widest_word_em(h));
            let whole = is_figure_column(t, c);
            t.rows
                .iter()
                .filter_map(|r| r.get(c))
                .map(|cell| {
                    if whole {
                        estimated_width_em(cell)
                    } else {
                        widest_word_em(cell).min(LONG_WORD_EM)
                    }
                })
                .fold(head, f64::max)
        })
        .collect()
}

/// Column widths in mm at `size_pt`, padding included: a figure column as wide as its widest
/// figure or header word; the text columns share what is left in proportion to their longest
/// cell on one line.
fn column_widths(t: &Table, size_pt: f64) -> Vec<f64> {
    let mins = min_widths_em(t);
    let cell = |em_count: f64| em_count * em(size_pt) + 2.0 * CELL_PAD;
    let natural: Vec<f64> = (0..mins.len())
        .map(|c| {
            t.rows
                .iter()
                .filter_map(|r| r.get(c))
                .map(|s| estimated_width_em(s))
                .fold(mins[c], f64::max)
        })
        .collect();
    let figures: f64 = (0..mins.len())
        .filter(|&c| is_figure_column(t, c))
        .map(|c| cell(mins[c]))
        .sum();
    let text_natural: f64 = (0..mins.len())
        .filter(|&c| !is_figure_column(t, c))
        .map(|c| natural[c])
        .sum();
    let rest = BLOCK_W - figures;
    (0..mins.len())
        .map(|c| {
            if is_figure_column(t, c) || text_natural <= 0.0 {
                cell(mins[c])
            } else {
                (rest * natural[c] / text_natural).max(cell(mins[c]))
            }
        })
        .collect()
}

/// The largest of [`size::TABLE_SIZES`] at which the columns' narrowest widths and their
/// padding fit the block; the smallest when none does (the wrapper then scrolls on screen).
pub(crate) fn table_size(t: &Table) -> f64 {
    let mins = min_widths_em(t);
    let total_em: f64 = mins.iter().sum();
    let padding = mins.len() as f64 * 2.0 * CELL_PAD;
    size::TABLE_SIZES
        .into_iter()
        .find(|&s| total_em * em(s) + padding <= BLOCK_W)
        .unwrap_or(size::TABLE_SIZES[size::TABLE_SIZES.len() - 1])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table_of(header: &[&str], rows: &[&[&str]], align: &[Align]) -> Table {
        Table {
            align: align.to_vec(),
            header: header.iter().map(|s| s.to_string()).collect(),
            rows: rows
                .iter()
                .map(|r| r.iter().map(|s| s.to_string()).collect())
                .collect(),
        }
    }

    #[test]
    fn a_narrow_table_keeps_the_table_size() {
        let t = table_of(
            &["县区", "完成数"],
            &[&["蒙阴县", "8"]],
            &[Align::Left, Align::Right],
        );
        assert_eq!(table_size(&t), size::TABLE);
        assert_eq!(min_widths_em(&t), [3.0, 3.0]);
    }

    #[test]
    fn a_wide_table_is_set_smaller_rather_than_overflow() {
        let header = [
            "序号",
            "县区",
            "计划数",
            "完成数",
            "其中办成公办园",
            "其中委托办成普惠性民办园",
            "本月新增",
            "完成率",
            "与序时进度差（百分点）",
            "排名",
            "上期排名",
            "升降",
        ];
        let row: &[&str] = &[
            "2",
            "临沂高新技术产业开发区",
            "12",
            "5",
            "2",
            "3",
            "0",
            "41.7%",
            "-58.3",
            "14",
            "11",
            "↓3",
        ];
        let mut align = vec![Align::Center, Align::Left];
        align.extend([Align::Right; 10]);
        let t = table_of(&header, &[row], &align);
        let mins = min_widths_em(&t);
        // The name counts four ems (a longer word may break), （百分点） five.
        assert_eq!(mins[1], LONG_WORD_EM);
        assert_eq!(mins[8], 5.0);
        let size = table_size(&t);
        assert!(size < size::TABLE, "{size}");
        let need = mins.iter().sum::<f64>() * em(size) + 24.0 * CELL_PAD;
        assert!(need <= BLOCK_W, "{need}");
    }
}
