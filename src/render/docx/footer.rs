//! Footers: the page number `— N —` (a PAGE field between em dashes, 四号 half-width 宋体),
//! odd pages flush right and even pages flush left, one grid character in (GB/T 9704 7.5);
//! and the footer of the 版记 page, which is the 版记 and no number. Odd and even footers
//! differ, so `settings.xml` sets `w:evenAndOddHeaders`.

use super::colophon;
use super::styles::FOOTER;
use super::units::{NUMBER_LINE_UNDER_COLOPHON, cell_twips};
use super::xml::{DECLARATION, NAMESPACES};
use crate::document::Colophon;

/// Which footer part.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Kind<'a> {
    /// Odd pages: number flush right.
    Odd,
    /// Even pages: number flush left.
    Even,
    /// The 版记 page: the 版记; with `numbered`, the (even) page's number below it.
    Colophon(&'a Colophon, bool),
}

/// A footer part.
pub(crate) fn footer(kind: Kind) -> String {
    let mut s = String::with_capacity(900);
    s.push_str(DECLARATION);
    s.push_str(&format!("<w:ftr {NAMESPACES}>"));
    let inset = cell_twips();
    let props = match kind {
        Kind::Odd => format!("<w:ind w:right=\"{inset}\"/><w:jc w:val=\"right\"/>"),
        Kind::Even => format!("<w:ind w:left=\"{inset}\"/><w:jc w:val=\"left\"/>"),
        Kind::Colophon(c, false) => {
            colophon::colophon(&mut s, c, false);
            // The paragraph a table must be followed by, one twip high: the 版记's last
            // rule stays on the footer's (the block's) bottom edge.
            tiny_paragraph(&mut s, None);
            s.push_str("</w:ftr>");
            return s;
        }
        Kind::Colophon(c, true) => {
            colophon::colophon(&mut s, c, false);
            format!(
                "<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"{NUMBER_LINE_UNDER_COLOPHON}\" w:lineRule=\"exact\"/>\
                 <w:ind w:left=\"{inset}\"/><w:jc w:val=\"left\"/>"
            )
        }
    };
    s.push_str(&format!(
        "<w:p><w:pPr><w:pStyle w:val=\"{FOOTER}\"/>{props}</w:pPr>\
         <w:r><w:t xml:space=\"preserve\">— </w:t></w:r>\
         <w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>\
         <w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r>\
         <w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>\
         <w:r><w:t>1</w:t></w:r>\
         <w:r><w:fldChar w:fldCharType=\"end\"/></w:r>\
         <w:r><w:t xml:space=\"preserve\"> —</w:t></w:r></w:p></w:ftr>"
    ));
    s
}

/// A paragraph one twip high that holds a section break, anchors the 版记 or closes a part
/// after a table.
pub(crate) fn tiny_paragraph(out: &mut String, section_props: Option<&str>) {
    out.push_str(
        "<w:p><w:pPr><w:spacing w:before=\"0\" w:after=\"0\" w:line=\"20\" w:lineRule=\"exact\"/>\
         <w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/><w:rPr><w:sz w:val=\"2\"/><w:szCs w:val=\"2\"/></w:rPr>",
    );
    if let Some(s) = section_props {
        out.push_str(s);
    }
    out.push_str("</w:pPr></w:p>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_field_between_em_dashes_odd_right_even_left() {
        let odd = footer(Kind::Odd);
        assert!(odd.contains("<w:instrText xml:space=\"preserve\"> PAGE </w:instrText>"));
        assert!(odd.contains("<w:jc w:val=\"right\"/>"));
        assert!(odd.contains("<w:ind w:right=\"316\"/>"));
        assert!(odd.contains("— </w:t>") && odd.contains("> —</w:t>"));
        let even = footer(Kind::Even);
        assert!(
            even.contains("<w:jc w:val=\"left\"/>") && even.contains("<w:ind w:left=\"316\"/>")
        );
        let c = Colophon {
            report_to: vec![],
            send_to: vec![],
            copy_to: vec!["市纪委".into()],
            printer: "办公室".into(),
            print_date: crate::model::Date(chrono::NaiveDate::default()),
        };
        let last = footer(Kind::Colophon(&c, false));
        assert!(!last.contains("PAGE"));
        assert!(last.contains("抄送：市纪委。") && !last.contains("tblpPr"));
    }
}
