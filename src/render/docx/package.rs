//! The package's bookkeeping parts: content types, relationships, settings, the font table
//! (with the names Word substitutes when an office font is missing) and the document
//! properties (dates from the bulletin, never the clock).

use super::page::{FOOTER_COLOPHON, FOOTER_EVEN, FOOTER_ODD};
use super::runs::Faces;
use super::xml::{DECLARATION, NAMESPACES, escape};
use crate::document::FrontMatter;
use crate::font_style::FontStyle;

const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const MAIN: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml";

/// `[Content_Types].xml`.
pub(crate) fn content_types() -> String {
    let mut s = String::from(DECLARATION);
    s.push_str(
        "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
         <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
         <Default Extension=\"xml\" ContentType=\"application/xml\"/>",
    );
    for (part, kind) in [
        ("/word/document.xml", "document.main+xml"),
        ("/word/styles.xml", "styles+xml"),
        ("/word/settings.xml", "settings+xml"),
        ("/word/fontTable.xml", "fontTable+xml"),
        ("/word/footer1.xml", "footer+xml"),
        ("/word/footer2.xml", "footer+xml"),
        ("/word/footer3.xml", "footer+xml"),
    ] {
        s.push_str(&format!(
            "<Override PartName=\"{part}\" ContentType=\"{MAIN}.{kind}\"/>"
        ));
    }
    s.push_str(
        "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>\
         <Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>\
         </Types>",
    );
    s
}

/// `_rels/.rels`.
pub(crate) fn package_rels() -> String {
    format!(
        "{DECLARATION}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
         <Relationship Id=\"rId1\" Type=\"{REL}/officeDocument\" Target=\"word/document.xml\"/>\
         <Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
         <Relationship Id=\"rId3\" Type=\"{REL}/extended-properties\" Target=\"docProps/app.xml\"/>\
         </Relationships>"
    )
}

/// `word/_rels/document.xml.rels`.
pub(crate) fn document_rels() -> String {
    format!(
        "{DECLARATION}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
         <Relationship Id=\"rIdStyles\" Type=\"{REL}/styles\" Target=\"styles.xml\"/>\
         <Relationship Id=\"rIdSettings\" Type=\"{REL}/settings\" Target=\"settings.xml\"/>\
         <Relationship Id=\"rIdFonts\" Type=\"{REL}/fontTable\" Target=\"fontTable.xml\"/>\
         <Relationship Id=\"{FOOTER_ODD}\" Type=\"{REL}/footer\" Target=\"footer1.xml\"/>\
         <Relationship Id=\"{FOOTER_EVEN}\" Type=\"{REL}/footer\" Target=\"footer2.xml\"/>\
         <Relationship Id=\"{FOOTER_COLOPHON}\" Type=\"{REL}/footer\" Target=\"footer3.xml\"/>\
         </Relationships>"
    )
}

/// `word/settings.xml`: different odd and even footers, no compression of punctuation, Word
/// 2013+ layout. The elements in the order of the schema's `CT_Settings` sequence
/// (`defaultTabStop` before `evenAndOddHeaders`): Word reports a part out of order as
/// unreadable content, which LibreOffice and WPS forgive.
pub(crate) fn settings() -> String {
    format!(
        "{DECLARATION}<w:settings {NAMESPACES}><w:defaultTabStop w:val=\"420\"/><w:evenAndOddHeaders/>\
         <w:characterSpacingControl w:val=\"doNotCompress\"/>\
         <w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>\
         <w:themeFontLang w:val=\"en-US\" w:eastAsia=\"zh-CN\"/></w:settings>"
    )
}

/// The common name a missing office font falls back to in Word (`w:altName`).
fn alternative(style: FontStyle) -> &'static str {
    match style {
        FontStyle::Fangsong => "仿宋",
        FontStyle::Heiti => "SimHei",
        FontStyle::Kaiti => "楷体",
        FontStyle::Xiaobiaosong => "宋体",
        FontStyle::Songti => "SimSun",
    }
}

/// `word/fontTable.xml`: the fonts the styles name, GB2312 charset, each with an alternative.
pub(crate) fn font_table(faces: &Faces) -> String {
    let mut s = format!("{DECLARATION}<w:fonts {NAMESPACES}>");
    let mut seen: Vec<&str> = Vec::new();
    for style in FontStyle::ALL {
        let name = faces.name(style);
        if seen.contains(&name) {
            continue;
        }
        seen.push(name);
        s.push_str(&format!(
            "<w:font w:name=\"{}\"><w:altName w:val=\"{}\"/><w:charset w:val=\"86\"/><w:family w:val=\"modern\"/><w:pitch w:val=\"fixed\"/></w:font>",
            escape(name),
            alternative(style)
        ));
    }
    s.push_str(
        "<w:font w:name=\"Times New Roman\"><w:charset w:val=\"00\"/><w:family w:val=\"roman\"/><w:pitch w:val=\"variable\"/></w:font></w:fonts>",
    );
    s
}

/// `docProps/core.xml`: title, author (the office) and the bulletin's date as created and
/// modified.
pub(crate) fn core(front: &FrontMatter) -> String {
    let date = front.date.0.format("%Y-%m-%dT00:00:00Z");
    format!(
        "{DECLARATION}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
         <dc:title>{title}</dc:title><dc:creator>{office}</dc:creator>\
         <dcterms:created xsi:type=\"dcterms:W3CDTF\">{date}</dcterms:created>\
         <dcterms:modified xsi:type=\"dcterms:W3CDTF\">{date}</dcterms:modified></cp:coreProperties>",
        title = escape(front.title.trim()),
        office = escape(front.office.trim()),
    )
}

/// `docProps/app.xml`.
pub(crate) fn app() -> String {
    format!(
        "{DECLARATION}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">\
         <Application>tongbao {}</Application></Properties>",
        env!("CARGO_PKG_VERSION")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The children of `w:settings`, by local name, in the order written.
    fn children(xml: &str) -> Vec<&str> {
        let body = xml.split("<w:settings").nth(1).unwrap_or("");
        body.split("<w:")
            .skip(1)
            .map(|e| e.split([' ', '/', '>']).next().unwrap_or(""))
            .filter(|n| *n != "compatSetting")
            .collect()
    }

    #[test]
    fn settings_follow_the_schema_sequence() {
        // CT_Settings (ISO/IEC 29500-1 17.15.1.78): defaultTabStop, evenAndOddHeaders,
        // characterSpacingControl, compat, themeFontLang, in this order.
        assert_eq!(
            children(&settings()),
            [
                "defaultTabStop",
                "evenAndOddHeaders",
                "characterSpacingControl",
                "compat",
                "themeFontLang"
            ]
        );
    }
}
