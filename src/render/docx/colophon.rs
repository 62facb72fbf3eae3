//! The 版记 at the foot of the last page: a one-column table anchored to the bottom of the
//! text block (`w:tblpPr` with `tblpYSpec="bottom"`), so its last rule lies on the block's
//! bottom edge whatever stands above it. One row per group (报 / 发 / 抄送, 四号仿宋, one
//! character in on both sides, continuation lines after the colon) and one for the printing
//! office and `YYYY年M月D日印发`; the first and last rules thick (0.35 mm), those between
//! thin (0.25 mm).

use super::header::border_eighths;
use super::page::{block_twips, twips};
use super::paragraph::{Props, close, open};
use super::runs::{RunFormat, run};
use super::shared::{colophon_groups, print_date_text};
use super::styles::COLOPHON;
use crate::document::Colophon;
use crate::render::pdf::metrics::{RULE_THICK, RULE_THIN, em, size};

/// One character of the 版记 (四号) in twips.
fn em_twips() -> i64 {
    twips(em(size::SI))
}

/// The 版记 table. `floating`: anchored to the bottom of the text block (the paragraph it is
/// anchored to follows it); otherwise in the flow (in the 版记 page's footer).
pub(crate) fn colophon(out: &mut String, c: &Colophon, floating: bool) {
    let width = block_twips();
    let thick = border_eighths(RULE_THICK);
    let thin = border_eighths(RULE_THIN);
    out.push_str("<w:tbl><w:tblPr>");
    if floating {
        out.push_str(
            "<w:tblpPr w:leftFromText=\"0\" w:rightFromText=\"0\" w:topFromText=\"0\" w:bottomFromText=\"0\" \
             w:vertAnchor=\"margin\" w:horzAnchor=\"margin\" w:tblpXSpec=\"center\" w:tblpYSpec=\"bottom\"/>\
             <w:tblOverlap w:val=\"never\"/>",
        );
    }
    out.push_str(&format!(
        "<w:tblW w:w=\"{width}\" w:type=\"dxa\"/><w:jc w:val=\"center\"/><w:tblBorders>\
         <w:top w:val=\"single\" w:sz=\"{thick}\" w:space=\"0\" w:color=\"000000\"/>\
         <w:left w:val=\"nil\"/>\
         <w:bottom w:val=\"single\" w:sz=\"{thick}\" w:space=\"0\" w:color=\"000000\"/>\
         <w:right w:val=\"nil\"/>\
         <w:insideH w:val=\"single\" w:sz=\"{thin}\" w:space=\"0\" w:color=\"000000\"/>\
         <w:insideV w:val=\"nil\"/></w:tblBorders><w:tblLayout w:type=\"fixed\"/>\
         <w:tblCellMar><w:left w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"0\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr>\
         <w:tblGrid><w:gridCol w:w=\"{width}\"/></w:tblGrid>"
    ));
    let inset = em_twips();
    for (label, line) in colophon_groups(c) {
        row(out, |out| {
            let hanging = (label.chars().count() as i64 + 1) * inset;
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
            run(out, &line, &RunFormat::default());
            close(out);
        });
    }
    row(out, |out| {
        open(
            out,
            &Props {
                style: Some(COLOPHON),
                left: Some(inset),
                right: Some(inset),
                right_tab: Some(width - inset),
                ..Props::default()
            },
        );
        run(
            out,
            &format!("{}\t{}", c.printer.trim(), print_date_text(c)),
            &RunFormat::default(),
        );
        close(out);
    });
    out.push_str("</w:tbl>");
}

fn row(out: &mut String, cell: impl FnOnce(&mut String)) {
    out.push_str(&format!(
        "<w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc><w:tcPr><w:tcW w:w=\"{}\" w:type=\"dxa\"/></w:tcPr>",
        block_twips()
    ));
    cell(out);
    out.push_str("</w:tc></w:tr>");
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
        assert!(
            s.contains("临沂市整治办</w:t><w:tab/><w:t xml:space=\"preserve\">2019年12月31日印发")
        );
        assert_eq!(s.matches("<w:tr>").count(), 3);
        assert!(s.contains("<w:tblW w:w=\"8844\" w:type=\"dxa\"/>"));
    }
}
