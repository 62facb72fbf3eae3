//! The section's page set-up: A4, the margins of the text block, the footer distance, the
//! grid's encoding and which footers a section shows (the numbers themselves are in
//! [`units`](super::units)).

use super::units::{
    Grid, NUMBER_LINE_UNDER_COLOPHON, footer_twips, line_twips, twips, word_char_space,
};
use crate::layout::page::{BLOCK_BOTTOM, Block, PAGE_H, PAGE_W};

/// Which footers a section shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Footers {
    /// Page numbers: odd pages right, even pages left.
    Numbered,
    /// Page numbers going on, the section starting on the next even page: the 版记's own
    /// page after text that ends on an odd page (numbered, GB/T 9704 7.5).
    NumberedOnEvenPage,
    /// The 版记 page: no number; the 版记 itself is the footer, its last rule on the block's
    /// bottom edge. The section starts on the next even page (Word, WPS and LibreOffice insert
    /// a blank page, without header or footer, when needed).
    Colophon,
}

/// Relationship ids of the footer parts.
pub(crate) const FOOTER_ODD: &str = "rIdFooterOdd";
pub(crate) const FOOTER_EVEN: &str = "rIdFooterEven";
pub(crate) const FOOTER_COLOPHON: &str = "rIdFooterColophon";

/// A section's properties (`w:sectPr`). `turned`: a landscape section (横排), A4 turned with
/// the turned block's margins ([`Block::TURNED`]) and the page number as far below the block
/// as on a portrait page (Word and WPS print it at the foot of the turned page: a word
/// processor cannot keep it upright where the portrait pages have it). `first`: the
/// bulletin's first section, where the page numbers start at 1; the others go on counting.
pub(crate) fn section(out: &mut String, grid: Grid, footers: Footers, turned: bool, first: bool) {
    let (default, even, footer) = match footers {
        Footers::Numbered => (FOOTER_ODD, FOOTER_EVEN, footer_twips()),
        // The 版记's last rule on the block's bottom edge, the number's line below it.
        Footers::NumberedOnEvenPage => (
            FOOTER_COLOPHON,
            FOOTER_COLOPHON,
            twips(PAGE_H - BLOCK_BOTTOM) - NUMBER_LINE_UNDER_COLOPHON,
        ),
        Footers::Colophon => (
            FOOTER_COLOPHON,
            FOOTER_COLOPHON,
            twips(PAGE_H - BLOCK_BOTTOM),
        ),
    };
    out.push_str("<w:sectPr>");
    out.push_str(&format!(
        "<w:footerReference w:type=\"default\" r:id=\"{default}\"/>\
         <w:footerReference w:type=\"even\" r:id=\"{even}\"/>"
    ));
    if footers != Footers::Numbered {
        out.push_str("<w:type w:val=\"evenPage\"/>");
    }
    // The sheet (its width, height, orientation) and the block on it: the portrait 版心, or
    // the same 版心 turned on A4 turned, its number as far below it as on a portrait page.
    let (block, (width, height), orient) = if turned {
        (Block::TURNED, (PAGE_H, PAGE_W), " w:orient=\"landscape\"")
    } else {
        (Block::PORTRAIT, (PAGE_W, PAGE_H), "")
    };
    let bottom = height - block.bottom();
    out.push_str(&format!(
        "<w:pgSz w:w=\"{}\" w:h=\"{}\"{orient}/>",
        twips(width),
        twips(height)
    ));
    out.push_str(&format!(
        "<w:pgMar w:top=\"{}\" w:right=\"{}\" w:bottom=\"{}\" w:left=\"{}\" w:header=\"851\" w:footer=\"{}\" w:gutter=\"0\"/>",
        twips(block.top),
        twips(width - block.right()),
        twips(bottom),
        twips(block.left),
        footer - twips((PAGE_H - BLOCK_BOTTOM) - bottom)
    ));
    if footers == Footers::Numbered && first {
        out.push_str("<w:pgNumType w:start=\"1\"/>");
    }
    out.push_str("<w:cols w:space=\"425\"/>");
    match grid {
        Grid::Portable => out.push_str(&format!("<w:docGrid w:linePitch=\"{}\"/>", line_twips())),
        Grid::Word => out.push_str(&format!(
            "<w:docGrid w:type=\"linesAndChars\" w:linePitch=\"{}\" w:charSpace=\"{}\"/>",
            line_twips(),
            word_char_space()
        )),
    }
    out.push_str("</w:sectPr>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn section_properties() {
        let mut s = String::new();
        section(&mut s, Grid::Portable, Footers::Numbered, false, true);
        assert!(s.contains("<w:pgNumType w:start=\"1\"/>"), "{s}");
        assert!(
            s.contains(
                "<w:pgMar w:top=\"2098\" w:right=\"1474\" w:bottom=\"1984\" w:left=\"1587\""
            ),
            "{s}"
        );
        assert!(s.contains("<w:footerReference w:type=\"even\" r:id=\"rIdFooterEven\"/>"));
        assert!(s.contains("<w:docGrid w:linePitch=\"579\"/>"));
        let mut w = String::new();
        let mut n = String::new();
        section(
            &mut n,
            Grid::Portable,
            Footers::NumberedOnEvenPage,
            false,
            false,
        );
        assert!(n.contains("<w:type w:val=\"evenPage\"/>") && n.contains("rIdFooterColophon"));
        assert!(n.contains(&format!("w:footer=\"{}\"", 1984 - 624)), "{n}");
        assert!(!n.contains("pgNumType"), "numbers go on: {n}");
        section(&mut w, Grid::Word, Footers::Colophon, false, false);
        assert!(w.contains("<w:type w:val=\"evenPage\"/>"));
        assert!(w.contains("w:footer=\"1984\""));
        assert!(w.contains("w:type=\"linesAndChars\" w:linePitch=\"579\" w:charSpace=\"-848\""));
        assert!(!w.contains("rIdFooterOdd"));
    }

    #[test]
    fn a_landscape_section_turns_a4_and_its_margins_and_goes_on_counting() {
        let mut s = String::new();
        section(&mut s, Grid::Portable, Footers::Numbered, true, false);
        assert!(
            s.contains("<w:pgSz w:w=\"16838\" w:h=\"11906\" w:orient=\"landscape\"/>"),
            "{s}"
        );
        // The turned block: 225 mm wide from 35 mm, 156 mm high from 28 mm.
        assert!(
            s.contains(
                "<w:pgMar w:top=\"1587\" w:right=\"2098\" w:bottom=\"1474\" w:left=\"1984\""
            ),
            "{s}"
        );
        // The page number 9 mm nearer the edge than on a portrait page (26 mm margin, not 35).
        let mut p = String::new();
        section(&mut p, Grid::Portable, Footers::Numbered, false, false);
        let footer = |x: &str| {
            let at = x.find("w:footer=\"").map_or(0, |i| i + 10);
            x[at..]
                .split('"')
                .next()
                .and_then(|n| n.parse::<i64>().ok())
        };
        assert_eq!(footer(&p).zip(footer(&s)).map(|(a, b)| a - b), Some(510));
        assert!(!s.contains("pgNumType") && !p.contains("pgNumType"));
    }
}
