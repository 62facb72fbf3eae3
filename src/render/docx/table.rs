//! Tables: the block's width, every cell ruled, the header row repeated on every page it
//! continues on (`w:tblHeader`), rows never split. Column widths are the PDF typesetter's
//! (its planner gives each column what its widest word needs and the rest where it saves
//! lines), written three times, as the editors read them: `w:tblW` (Word), `w:gridCol` (WPS,
//! LibreOffice) and each cell's `w:tcW`.

use super::paragraph::{Props, close, open};
use super::runs::{RunFormat, run};
use super::styles::{TABLE_TEXT, table_line_twips};
use super::units::{block_twips, twips};
use super::xml::Xml;
use crate::document::{Align, Table};
use crate::layout::page::Block;
use crate::layout::size;

/// A table's type size and column widths (mm, rules to rules, summing to the block's width),
/// and its rows as the PDF sets them (the header row first, if any); empty when unknown.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Plan {
    pub(crate) size: f64,
    pub(crate) widths: Vec<f64>,
    pub(crate) rows: Vec<Row>,
    /// Set on landscape pages: the widths span the turned block.
    pub(crate) turned: bool,
}

/// A row as the PDF sets it: its height in table lines and each cell's lines (texts).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Row {
    pub(crate) lines: usize,
    pub(crate) cells: Vec<Vec<String>>,
}

/// The plans of the document's tables, in document order.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Widths {
    plans: Vec<Plan>,
    next: usize,
}

impl Widths {
    pub(crate) fn new(plans: Vec<Plan>) -> Widths {
        Widths { plans, next: 0 }
    }

    /// The plan of the next table.
    pub(crate) fn next_plan(&mut self) -> Option<&Plan> {
        let plan = self.plans.get(self.next);
        self.next += 1;
        plan
    }
}

/// Space between a cell's rules and its text, twips (0.75 mm, as the PDF).
const PAD: i64 = 43;
/// Raise of table text in half-points: 4 pt lifts 小四 from the foot of its exact 3/5 line
/// (where the editors set it) to the line's top, so the first line of a continued table
/// starts at the block's top edge.
const TABLE_RAISE: i64 = 8;
/// Rules: 0.5 pt (`w:sz` in eighths of a point).
const RULE: i64 = 4;

/// The width of the block a table spans, twips: the turned block's on landscape pages.
fn table_twips(plan: Option<&Plan>) -> i64 {
    if plan.is_some_and(|p| p.turned) {
        twips(Block::TURNED.width)
    } else {
        block_twips()
    }
}

/// Column widths in twips summing exactly to the width of the block the table spans.
pub(crate) fn column_twips(columns: usize, plan: Option<&Plan>) -> Vec<i64> {
    let total = table_twips(plan);
    if columns == 0 {
        return Vec::new();
    }
    let mm: Vec<f64> = match plan {
        Some(p) if p.widths.len() == columns => p.widths.clone(),
        _ => vec![1.0; columns],
    };
    let sum: f64 = mm.iter().sum();
    let mut out: Vec<i64> = mm
        .iter()
        .map(|w| (w / sum * total as f64).floor() as i64)
        .collect();
    let rest = total - out.iter().sum::<i64>();
    if let Some(last) = out.last_mut() {
        *last += rest;
    }
    out
}

/// Writes `table` with the planned widths.
pub(crate) fn table(out: &mut Xml, t: &Table, plan: Option<&Plan>) {
    let columns = t
        .rows
        .iter()
        .map(Vec::len)
        .chain(std::iter::once(t.header.len()))
        .max()
        .unwrap_or(0);
    if columns == 0 {
        return;
    }
    let widths = column_twips(columns, plan);
    let size_pt = plan.map_or(size::TABLE, |p| p.size);
    out.push_str(&format!(
        "<w:tbl><w:tblPr><w:tblW w:w=\"{}\" w:type=\"dxa\"/><w:jc w:val=\"center\"/><w:tblBorders>",
        table_twips(plan)
    ));
    for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
        out.push_str(&format!(
            "<w:{side} w:val=\"single\" w:sz=\"{RULE}\" w:space=\"0\" w:color=\"000000\"/>"
        ));
    }
    out.push_str(&format!(
        "</w:tblBorders><w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:left w:w=\"{PAD}\" w:type=\"dxa\"/><w:right w:w=\"{PAD}\" w:type=\"dxa\"/></w:tblCellMar>\
         <w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"1\" w:lastColumn=\"0\" w:noHBand=\"0\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>"
    ));
    for w in &widths {
        out.push_str(&format!("<w:gridCol w:w=\"{w}\"/>"));
    }
    out.push_str("</w:tblGrid>");
    let format = RunFormat {
        size: (size_pt != size::TABLE).then_some(size_pt),
        position: Some(TABLE_RAISE),
        ..RunFormat::default()
    };
    let mut set = plan.map(|p| p.rows.iter()).into_iter().flatten();
    if t.header.iter().any(|h| !h.trim().is_empty()) {
        let aligns = vec![Align::Center; columns];
        row(out, &t.header, &widths, &aligns, set.next(), true, &format);
    }
    let aligns: Vec<Align> = (0..columns)
        .map(|c| t.align.get(c).copied().unwrap_or(Align::Left))
        .collect();
    for r in &t.rows {
        row(out, r, &widths, &aligns, set.next(), false, &format);
        out.spill();
    }
    out.push_str("</w:tbl>");
}

/// A row. With `set`, the PDF's setting of it, the row is as the PDF sets it: its height
/// exactly its table lines (the editors would add the rules' width to each row's lines:
/// LibreOffice set rows 0.16 mm further apart than the PDF's 6.14 mm), each cell broken into
/// the PDF's lines (between words) and centred by space before its first line, as the PDF
/// centres it. The table is data, not edited in place (see the README). Without, cells are
/// centred vertically and the editors break and size them.
fn row(
    out: &mut String,
    cells: &[String],
    widths: &[i64],
    aligns: &[Align],
    set: Option<&Row>,
    header: bool,
    format: &RunFormat,
) {
    out.push_str("<w:tr><w:trPr><w:cantSplit/>");
    let set = set.filter(|r| r.lines > 0);
    if let Some(r) = set {
        out.push_str(&format!(
            "<w:trHeight w:val=\"{}\" w:hRule=\"exact\"/>",
            r.lines as i64 * table_line_twips()
        ));
    }
    if header {
        out.push_str("<w:tblHeader/>");
    }
    out.push_str("</w:trPr>");
    for (c, w) in widths.iter().enumerate() {
        let lines = set.map(|r| r.cells.get(c).map_or(&[][..], Vec::as_slice));
        out.push_str(&format!(
            "<w:tc><w:tcPr><w:tcW w:w=\"{w}\" w:type=\"dxa\"/><w:vAlign w:val=\"{}\"/></w:tcPr>",
            if lines.is_some() { "top" } else { "center" }
        ));
        let jc = match aligns.get(c) {
            Some(Align::Right) => "right",
            Some(Align::Center) => "center",
            _ => "left",
        };
        let before = match (set, lines) {
            (Some(r), Some(l)) if l.len() < r.lines => {
                Some(((r.lines - l.len()) as i64 * table_line_twips() + 1) / 2)
            }
            _ => None,
        };
        // A centred cell broken into the PDF's lines may use the padding on both sides: the
        // PDF squeezes a closing bracket at a line's end, the editors cannot, and would wrap
        // the line's last character into a row with no room for it (LibreOffice did, for
        // 与序时进度差（百分点）).
        let into_pad = (jc == "center" && lines.is_some()).then_some(-PAD);
        open(
            out,
            &Props {
                style: Some(TABLE_TEXT),
                jc: Some(jc),
                before,
                line: before.map(|_| table_line_twips()),
                left: into_pad,
                right: into_pad,
                ..Props::default()
            },
        );
        let joined = lines.filter(|l| !l.is_empty()).map(|l| l.join("\n"));
        let text = joined
            .as_deref()
            .unwrap_or_else(|| cells.get(c).map_or("", String::as_str));
        if !text.is_empty() {
            run(
                out,
                text,
                &RunFormat {
                    bold: header,
                    ..*format
                },
            );
        }
        close(out);
        out.push_str("</w:tc>");
    }
    out.push_str("</w:tr>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_in_tblw_gridcol_and_tcw_header_repeated() {
        let t = Table {
            align: vec![Align::Left, Align::Right],
            header: vec!["县区".into(), "完成率".into()],
            rows: vec![vec!["兰山区".into(), "60.9%".into()]],
        };
        let plan = Plan {
            size: 12.0,
            widths: vec![100.0, 56.0],
            rows: vec![
                Row {
                    lines: 1,
                    cells: vec![vec!["县区".into()], vec!["完成率".into()]],
                },
                Row {
                    lines: 2,
                    cells: vec![vec!["兰山".into(), "区".into()], vec!["60.9%".into()]],
                },
            ],
            turned: false,
        };
        let mut s = Xml::kept();
        table(&mut s, &t, Some(&plan));
        let s = s.into_text();
        assert!(s.contains("<w:tblW w:w=\"8844\" w:type=\"dxa\"/>"));
        let a = (100.0 / 156.0 * 8844.0_f64).floor() as i64;
        assert!(s.contains(&format!(
            "<w:gridCol w:w=\"{a}\"/><w:gridCol w:w=\"{}\"/>",
            8844 - a
        )));
        assert_eq!(
            s.matches(&format!("<w:tcW w:w=\"{a}\" w:type=\"dxa\"/>"))
                .count(),
            2
        );
        assert_eq!(s.matches("<w:tblHeader/>").count(), 1);
        // The PDF's lines: 兰山 / 区; the one-line cell half a line down.
        assert!(
            s.contains("兰山</w:t><w:br/><w:t xml:space=\"preserve\">区"),
            "{s}"
        );
        assert!(
            s.contains("<w:spacing w:before=\"174\" w:line=\"347\" w:lineRule=\"exact\"/><w:jc w:val=\"right\"/></w:pPr><w:r><w:rPr><w:position w:val=\"8\"/></w:rPr><w:t xml:space=\"preserve\">60.9%"),
            "{s}"
        );
        assert_eq!(s.matches("<w:vAlign w:val=\"top\"/>").count(), 4);
        // Centred cells set as the PDF sets them may use the padding: the header's two.
        assert_eq!(
            s.matches("<w:ind w:left=\"-43\" w:right=\"-43\"").count(),
            2
        );
        assert_eq!(column_twips(3, None).iter().sum::<i64>(), 8844);
        // Row heights: the header one table line, the row two, exactly.
        let heights: Vec<&str> = s.split("<w:trHeight w:val=\"").skip(1).collect();
        assert_eq!(heights.len(), 2);
        assert!(heights[0].starts_with("347\" w:hRule=\"exact\""));
        assert!(heights[1].starts_with("694\" w:hRule=\"exact\""));
        // Unknown: no height.
        let mut u = Xml::kept();
        table(&mut u, &t, None);
        let u = u.into_text();
        assert!(!u.contains("trHeight") && !u.contains("<w:br/>"));
        assert_eq!(u.matches("<w:vAlign w:val=\"center\"/>").count(), 4);
    }
}
