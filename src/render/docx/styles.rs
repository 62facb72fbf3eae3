//! `word/styles.xml`: the styles a clerk finds in Word's and WPS's style gallery under their
//! usual names — 正文 (`Normal`), 标题 (`Title`), 标题 1–4 (`heading 1`–`heading 4`, for
//! 一、/（一）/1./（1） in 黑体 / 楷体 / 仿宋 / 仿宋), 页脚 (`footer`) — plus 表格文字 and 版记.
//! Word and WPS show built-in styles under their localised names when the `w:name` is the
//! built-in English one.

use super::runs::{Faces, LATIN, fonts};
use super::units::{Grid, body_char_spacing_twips, cell_twips, half_points, line_twips};
use super::xml::{DECLARATION, NAMESPACES};
use crate::layout::page::{LINE, MM_PER_PT};
use crate::layout::parts::{BODY_STYLE, TITLE_STYLE, heading_style};
use crate::layout::{folio, size};

/// Style ids used by the document.
pub(crate) const TITLE: &str = "Title";
pub(crate) const FOOTER: &str = "Footer";
pub(crate) const TABLE_TEXT: &str = "TableText";
pub(crate) const COLOPHON: &str = "Colophon";

/// The style id of heading `level` (1–4).
pub(crate) fn heading(level: u8) -> String {
    format!("Heading{}", level.clamp(1, 4))
}

/// Line pitch of table text: 3/5 of the body's, as in the PDF.
pub(crate) fn table_line_twips() -> i64 {
    (LINE * 3.0 / 5.0 / MM_PER_PT * 20.0).floor() as i64
}

/// The whole styles part.
pub(crate) fn styles(faces: &Faces, grid: Grid) -> String {
    let mut s = String::with_capacity(6000);
    s.push_str(DECLARATION);
    s.push_str(&format!("<w:styles {NAMESPACES}>"));
    let body = faces.name(BODY_STYLE);
    let line = line_twips();
    let body_size = half_points(size::BODY);
    // Defaults: what a paragraph without a style gets (also the cells of tables and footers).
    s.push_str("<w:docDefaults><w:rPrDefault><w:rPr>");
    fonts(&mut s, body, LATIN);
    s.push_str(&format!(
        "<w:kern w:val=\"0\"/><w:sz w:val=\"{body_size}\"/><w:szCs w:val=\"{body_size}\"/>\
         <w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\" w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault>\
         <w:pPrDefault><w:pPr><w:widowControl w:val=\"0\"/><w:jc w:val=\"both\"/></w:pPr></w:pPrDefault>\
         </w:docDefaults>"
    ));
    // 正文: 三号仿宋, exact grid lines, two characters' first-line indent, justified. Widow
    // control off: a paragraph's last line may stand alone at a page's top (the grid stays
    // full). The PDF moves such a line over; turned on here, LibreOffice's widow control
    // paginated the DOCX of the dongyi sample onto 10 pages against the PDF's 8, so the DOCX
    // does not yet follow. overflowPunct is written as 1 (Word's default: punctuation may hang), which
    // LibreOffice 7.4 reads, inverted, as "no hanging punctuation" — so no line ends past the
    // text block there.
    let spacing = match grid {
        Grid::Portable => format!("<w:spacing w:val=\"{}\"/>", body_char_spacing_twips()),
        Grid::Word => String::new(),
    };
    s.push_str(&format!(
        "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/>\
         <w:pPr><w:widowControl w:val=\"0\"/><w:overflowPunct w:val=\"1\"/><w:autoSpaceDE w:val=\"0\"/><w:autoSpaceDN w:val=\"0\"/>\
         <w:spacing w:before=\"0\" w:after=\"0\" w:line=\"{line}\" w:lineRule=\"exact\"/>\
         <w:ind w:firstLineChars=\"200\" w:firstLine=\"{indent}\"/><w:jc w:val=\"both\"/></w:pPr>\
         <w:rPr>",
        indent = 2 * cell_twips()
    ));
    fonts(&mut s, body, LATIN);
    s.push_str(&format!(
        "{spacing}<w:sz w:val=\"{body_size}\"/><w:szCs w:val=\"{body_size}\"/></w:rPr></w:style>"
    ));
    // 标题: the title, 二号小标宋, centred.
    let title_size = half_points(size::TITLE);
    s.push_str(&format!(
        "<w:style w:type=\"paragraph\" w:styleId=\"{TITLE}\"><w:name w:val=\"Title\"/><w:basedOn w:val=\"Normal\"/>\
         <w:next w:val=\"Normal\"/><w:qFormat/><w:pPr><w:keepNext/><w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/><w:jc w:val=\"center\"/></w:pPr><w:rPr>"
    ));
    let display = faces.name(TITLE_STYLE);
    fonts(&mut s, display, display);
    s.push_str(&format!(
        "<w:spacing w:val=\"0\"/><w:sz w:val=\"{title_size}\"/><w:szCs w:val=\"{title_size}\"/></w:rPr></w:style>"
    ));
    // 标题 1–4. Not kept with the next paragraph: a word processor breaks lines a little
    // differently from the PDF, and a kept heading then leaves its page a line short of the
    // 22-line grid (LibreOffice's print of the dongyi sample failed the layout checker's R7).
    for level in 1..=4u8 {
        s.push_str(&format!(
            "<w:style w:type=\"paragraph\" w:styleId=\"{id}\"><w:name w:val=\"heading {level}\"/><w:basedOn w:val=\"Normal\"/>\
             <w:next w:val=\"Normal\"/><w:qFormat/><w:pPr><w:outlineLvl w:val=\"{outline}\"/></w:pPr><w:rPr>",
            id = heading(level),
            outline = level - 1
        ));
        fonts(&mut s, faces.name(heading_style(level)), LATIN);
        s.push_str(&format!(
            "<w:b w:val=\"0\"/><w:bCs w:val=\"0\"/><w:sz w:val=\"{body_size}\"/><w:szCs w:val=\"{body_size}\"/></w:rPr></w:style>"
        ));
    }
    // 页脚: page numbers in 四号 half-width 宋体.
    let folio = half_points(folio::SIZE);
    let song = faces.name(folio::STYLE);
    s.push_str(&format!(
        "<w:style w:type=\"paragraph\" w:styleId=\"{FOOTER}\"><w:name w:val=\"footer\"/><w:basedOn w:val=\"Normal\"/>\
         <w:pPr><w:spacing w:line=\"240\" w:lineRule=\"auto\"/><w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/></w:pPr><w:rPr>"
    ));
    fonts(&mut s, song, song);
    s.push_str(&format!(
        "<w:spacing w:val=\"0\"/><w:sz w:val=\"{folio}\"/><w:szCs w:val=\"{folio}\"/></w:rPr></w:style>"
    ));
    // 表格文字: 小四, centred, on table lines of 3/5 of the body's pitch.
    let table = half_points(size::TABLE);
    s.push_str(&format!(
        "<w:style w:type=\"paragraph\" w:customStyle=\"1\" w:styleId=\"{TABLE_TEXT}\"><w:name w:val=\"表格文字\"/><w:basedOn w:val=\"Normal\"/>\
         <w:qFormat/><w:pPr><w:spacing w:line=\"{tl}\" w:lineRule=\"exact\"/><w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/><w:jc w:val=\"center\"/></w:pPr>\
         <w:rPr><w:spacing w:val=\"0\"/><w:sz w:val=\"{table}\"/><w:szCs w:val=\"{table}\"/></w:rPr></w:style>",
        tl = table_line_twips()
    ));
    // 版记: 四号仿宋, one grid line each.
    let colophon = half_points(size::COLOPHON);
    s.push_str(&format!(
        "<w:style w:type=\"paragraph\" w:customStyle=\"1\" w:styleId=\"{COLOPHON}\"><w:name w:val=\"版记\"/><w:basedOn w:val=\"Normal\"/>\
         <w:pPr><w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/><w:jc w:val=\"left\"/></w:pPr>\
         <w:rPr><w:spacing w:val=\"0\"/><w:sz w:val=\"{colophon}\"/><w:szCs w:val=\"{colophon}\"/></w:rPr></w:style>"
    ));
    // Table style the tables refer to (Word's 普通表格), with no cell margins of its own.
    s.push_str(
        "<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/>\
         <w:uiPriority w:val=\"99\"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/>\
         <w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/><w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar>\
         </w:tblPr></w:style>",
    );
    s.push_str("</w:styles>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styles_under_the_names_word_and_wps_know() {
        let s = styles(&Faces::default(), Grid::Portable);
        assert!(s.contains("w:styleId=\"Normal\"><w:name w:val=\"Normal\"/>"));
        for level in 1..=4 {
            assert!(s.contains(&format!("<w:name w:val=\"heading {level}\"/>")));
        }
        assert!(s.contains("<w:name w:val=\"Title\"/>"));
        assert!(s.contains("w:line=\"579\" w:lineRule=\"exact\""));
        assert!(s.contains("<w:widowControl w:val=\"0\"/>"));
        assert!(s.contains("<w:spacing w:val=\"-14\"/>"));
        assert!(s.contains("w:eastAsia=\"仿宋_GB2312\""));
        assert!(s.contains("w:eastAsia=\"方正小标宋简体\""));
        // Heading 1 in 黑体, heading 2 in 楷体, 3 and 4 in 仿宋.
        let h = |n: u8| {
            let start = s.find(&format!("w:styleId=\"Heading{n}\"")).unwrap();
            let end = start + s[start..].find("</w:style>").unwrap();
            s[start..end].to_string()
        };
        assert!(h(1).contains("w:eastAsia=\"黑体\""));
        assert!(h(2).contains("w:eastAsia=\"楷体_GB2312\""));
        assert!(h(3).contains("w:eastAsia=\"仿宋_GB2312\""));
        assert!(h(4).contains("w:outlineLvl w:val=\"3\""));
        let word = styles(&Faces::default(), Grid::Word);
        assert!(!word.contains("<w:spacing w:val=\"-14\"/>"));
    }
}
