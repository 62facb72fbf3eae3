//! The 版记 at the foot of the last page: a one-column table anchored to the bottom of the
//! text block (`w:tblpPr` with `tblpYSpec="bottom"`), so its last rule lies on the block's
//! bottom edge whatever stands above it. One row per group (报 / 发 / 抄送, 四号仿宋, one
//! character in on both sides, continuation lines after the colon) and one for the printing
//! office and `YYYY年M月D日印发`; the first and last rules thick (0.35 mm), those between
//! thin (0.25 mm).

use super::header::border_eighths;
use super::paragraph::{Props, close, open};
use super::runs::{RunFormat, run};
use super::styles::COLOPHON;
use super::units::{block_twips, twips};
use crate::document::Colophon;
use crate::layout::colophon::{groups, print_date_text};
use crate::layout::header::estimated_width_em as width_em;
use crate::layout::page::BLOCK_LEFT;
use crate::layout::page::em;
use crate::layout::rules::{THICK, THIN};
use crate::layout::size;

/// One character of the 版记 (四号) in twips.
fn em_twips() -> i64 {
    twips(em(size::COLOPHON))
}

/// The 版记 table. `floating`: anchored to the bottom of the text block (the paragraph it is
/// anchored to follows it); otherwise in the flow (in the 版记 page's footer).
///
/// The float is placed relative to the page horizontally (28 mm from its left edge, where the
/// block begins): LibreOffice floats a table as wide as the text block only when its position
/// is relative to the page; Word and WPS place it the same either way.
pub(crate) fn colophon(out: &mut String, c: &Colophon, floating: bool) {
    let width = block_twips();
    let thick = border_eighths(THICK);
    let thin = border_eighths(THIN);
    let inset = em_twips();
    let date = print_date_text(c);
    // The 印发 row: the printing office at the left, the date in a cell of its own at the
    // right, one character in; a long office name wraps in its cell, beside the date.
    let date_cell = ((width_em(&date) + 2.0) * inset as f64).round() as i64;
    let office_cell = width - date_cell;
    out.push_str("<w:tbl><w:tblPr>");
    if floating {
        out.push_str(&format!(
            "<w:tblpPr w:leftFromText=\"0\" w:rightFromText=\"0\" w:topFromText=\"0\" w:bottomFromText=\"0\" \
             w:vertAnchor=\"margin\" w:horzAnchor=\"page\" w:tblpX=\"{}\" w:tblpYSpec=\"bottom\"/>\
             <w:tblOverlap w:val=\"never\"/>",
            twips(BLOCK_LEFT)
        ));
    }
    out.push_str(&format!(
        "<w:tblW w:w=\"{width}\" w:type=\"dxa\"/><w:tblBorders>\
         <w:top w:val=\"single\" w:sz=\"{thick}\" w:space=\"0\" w:color=\"000000\"/>\
         <w:left w:val=\"nil\"/>\
         <w:bottom w:val=\"single\" w:sz=\"{thick}\" w:space=\"0\" w:color=\"000000\"/>\
         <w:right w:val=\"nil\"/>\
         <w:insideH w:val=\"single\" w:sz=\"{thin}\" w:space=\"0\" w:color=\"000000\"/>\
         <w:insideV w:val=\"nil\"/></w:tblBorders><w:tblLayout w:type=\"fixed\"/>\
         <w:tblCellMar><w:left w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"0\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr>\
         <w:tblGrid><w:gridCol w:w=\"{office_cell}\"/><w:gridCol w:w=\"{date_cell}\"/></w:tblGrid>"
    ));
    for group in groups(c) {
        out.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
        cell(out, width, 2, |out| {
            let hanging = group.hanging_indent() as i64 * inset;
            open(
                out,
                &Props {
                    style: Some(COLOPHON),
                    left: Some(inset + hanging),
                    right: Some(inset),
                    first_line: Some(-hanging),
                    jc: Some("both"),
                    ..Props::default()
                },
            );
            run(out, &group.text(), &RunFormat::default());
            close(out);
        });
        out.push_str("</w:tr>");
    }
    out.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
    cell(out, office_cell, 1, |out| {
        open(
            out,
            &Props {
                style: Some(COLOPHON),
                left: Some(inset),
                ..Props::default()
            },
        );
        run(out, c.printer.trim(), &RunFormat::default());
        close(out);
    });
    cell(out, date_cell, 1, |out| {
        open(
            out,
            &Props {
                style: Some(COLOPHON),
                left: Some(0),
                right: Some(inset),
                jc: Some("right"),
                ..Props::default()
            },
        );
        run(out, &date, &RunFormat::default());
        close(out);
    });
    out.push_str("</w:tr></w:tbl>");
}

/// A cell `width` twips wide spanning `span` grid columns, its text at the bottom.
fn cell(out: &mut String, width: i64, span: usize, content: impl FnOnce(&mut String)) {
    out.push_str(&format!(
        "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/>"
    ));
    if span > 1 {
        out.push_str(&format!("<w:gridSpan w:val=\"{span}\"/>"));
    }
    out.push_str("<w:vAlign w:val=\"bottom\"/></w:tcPr>");
    content(out);
    out.push_str("</w:tc>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Date;

    #[test]
    fn anchored_to_the_bottom_thick_first_and_last_thin_between() {
        let date = Date(chrono::NaiveDate::from_ymd_opt(2019, 12, 31).unwrap_or_default());
        let c = Colophon {
            report_to: vec!["市委常委".into(), "市政府副市长".into()],
            send_to: vec![],
            copy_to: vec!["市纪委监委".into()],
            printer: "临沂市整治办".into(),
            print_date: date,
        };
        let mut s = String::new();
        colophon(&mut s, &c, true);
        assert!(s.contains("w:vertAnchor=\"margin\""));
        assert!(s.contains("w:tblpYSpec=\"bottom\""));
        assert!(s.contains("<w:top w:val=\"single\" w:sz=\"8\""));
        assert!(s.contains("<w:bottom w:val=\"single\" w:sz=\"8\""));
        assert!(s.contains("<w:insideH w:val=\"single\" w:sz=\"6\""));
        assert!(s.contains("报：市委常委，市政府副市长。"));
        assert!(s.contains("抄送：市纪委监委。"));
        assert!(!s.contains("发："));
        assert!(s.contains("临沂市整治办</w:t>"));
        assert!(s.contains(
            "<w:jc w:val=\"right\"/></w:pPr><w:r><w:t xml:space=\"preserve\">2019年12月31日印发"
        ));
        assert_eq!(s.matches("<w:tr>").count(), 3);
        // Floating relative to the page, 28 mm from its left edge.
        assert!(s.contains("w:horzAnchor=\"page\" w:tblpX=\"1587\""));
        // Both columns add up to the block's width; the date's cell fits the date and two ems.
        let date = ((9.0 + 2.0) * em_twips() as f64).round() as i64;
        assert!(s.contains(&format!(
            "<w:gridCol w:w=\"{}\"/><w:gridCol w:w=\"{date}\"/>",
            8844 - date
        )));
        assert!(s.contains("<w:tblW w:w=\"8844\" w:type=\"dxa\"/>"));
    }
}
