//! Runs of text (`w:r`) and the font names they carry.
//!
//! East Asian text names the fonts offices have installed (方正小标宋简体, 仿宋_GB2312, 黑体,
//! 楷体_GB2312, 宋体), or the family of the font a campaign configured, or of the installed
//! font the PDF found. Digits and Latin letters in body text are set in Times New Roman, as
//! provincial 公文 rules and office templates do; the title and the red name keep their
//! display face for digits too, and page numbers are 宋体 throughout (GB/T 9704 7.5: 半角宋体).

use super::units::{BODY_RAISE, half_points};
use super::xml::escape_into;
use crate::document::{Span, Style};
use crate::font_style::FontStyle;
use crate::fonts::system::read_family_names;
use crate::fonts::{Fonts, Origin};
use crate::layout::parts::{EMPHASIS_STYLE, STRONG_STYLE};

/// Western font of body text (digits, Latin letters).
pub(crate) const LATIN: &str = "Times New Roman";

/// The font family named for each type style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Faces {
    names: [String; 5],
}

impl Default for Faces {
    /// The names offices have installed.
    fn default() -> Self {
        Faces {
            names: FontStyle::ALL.map(|s| office_name(s).to_string()),
        }
    }
}

/// The name Word and WPS know a style by (the first of its usual families).
fn office_name(style: FontStyle) -> &'static str {
    style.families().first().copied().unwrap_or("仿宋_GB2312")
}

impl Faces {
    /// Names for the fonts the PDF resolved: a configured file's own family, an installed
    /// font's family; the bundled Fandol files stand in for the office fonts, which are named.
    pub(crate) fn of(fonts: &Fonts) -> Faces {
        let mut faces = Faces::default();
        for source in fonts.sources() {
            let name = match &source.origin {
                Origin::Configured => read_family_names(&source.path)
                    .get(source.index as usize)
                    .and_then(|names| names.first().cloned()),
                Origin::Installed(family) => Some(family.clone()),
                Origin::Folder => None,
            };
            if let Some(name) = name.filter(|n| !n.trim().is_empty()) {
                faces.names[style_index(source.style)] = name;
            }
        }
        faces
    }

    /// The family named for `style`.
    pub(crate) fn name(&self, style: FontStyle) -> &str {
        &self.names[style_index(style)]
    }
}

fn style_index(style: FontStyle) -> usize {
    FontStyle::ALL.iter().position(|s| *s == style).unwrap_or(0)
}

/// `w:rFonts` with `east_asian` for CJK and `latin` for the rest.
pub(crate) fn fonts(out: &mut String, east_asian: &str, latin: &str) {
    out.push_str("<w:rFonts w:ascii=\"");
    escape_into(out, latin);
    out.push_str("\" w:hAnsi=\"");
    escape_into(out, latin);
    out.push_str("\" w:eastAsia=\"");
    escape_into(out, east_asian);
    out.push_str("\" w:cs=\"");
    escape_into(out, latin);
    out.push_str("\"/>");
}

/// Direct formatting of a run, on top of its paragraph's style.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct RunFormat<'a> {
    /// East Asian font other than the style's.
    pub(crate) east_asian: Option<&'a str>,
    /// Western font other than the style's.
    pub(crate) latin: Option<&'a str>,
    /// Size in points other than the style's.
    pub(crate) size: Option<f64>,
    /// Colour as RRGGBB.
    pub(crate) color: Option<&'a str>,
    /// Horizontal scale in percent (`w:w`), below 100 condensed.
    pub(crate) scale: Option<i64>,
    /// Raise 三号 text to the top of its grid line.
    pub(crate) raise: bool,
    /// Raise in half-points other than 三号 text's (table text).
    pub(crate) position: Option<i64>,
    /// Bold.
    pub(crate) bold: bool,
}

/// A run of `text` (line breaks become `w:br`, tabs `w:tab`).
pub(crate) fn run(out: &mut String, text: &str, format: &RunFormat) {
    out.push_str("<w:r>");
    let mut props = String::new();
    if format.east_asian.is_some() || format.latin.is_some() {
        let east = format.east_asian.unwrap_or("");
        if east.is_empty() {
            props.push_str("<w:rFonts w:ascii=\"");
            escape_into(&mut props, format.latin.unwrap_or(LATIN));
            props.push_str("\" w:hAnsi=\"");
            escape_into(&mut props, format.latin.unwrap_or(LATIN));
            props.push_str("\"/>");
        } else {
            fonts(&mut props, east, format.latin.unwrap_or(LATIN));
        }
    }
    if format.bold {
        props.push_str("<w:b/><w:bCs/>");
    }
    if let Some(color) = format.color {
        props.push_str(&format!("<w:color w:val=\"{color}\"/>"));
    }
    if let Some(scale) = format.scale {
        props.push_str(&format!("<w:w w:val=\"{scale}\"/>"));
    }
    if let Some(position) = format.position.or(format.raise.then_some(BODY_RAISE)) {
        props.push_str(&format!("<w:position w:val=\"{position}\"/>"));
    }
    if let Some(size) = format.size {
        let hp = half_points(size);
        props.push_str(&format!("<w:sz w:val=\"{hp}\"/><w:szCs w:val=\"{hp}\"/>"));
    }
    if !props.is_empty() {
        out.push_str("<w:rPr>");
        out.push_str(&props);
        out.push_str("</w:rPr>");
    }
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str("<w:br/>");
        }
        for (j, part) in line.split('\t').enumerate() {
            if j > 0 {
                out.push_str("<w:tab/>");
            }
            if !part.is_empty() {
                out.push_str("<w:t xml:space=\"preserve\">");
                escape_into(out, part);
                out.push_str("</w:t>");
            }
        }
    }
    out.push_str("</w:r>");
}

/// Runs of body spans on a paragraph whose style gives `base`: `**strong**` in 黑体, `*emphasis*`
/// in 楷体, as the PDF sets them; 三号 text raised onto the grid.
pub(crate) fn spans(out: &mut String, spans: &[Span], base: FontStyle, faces: &Faces) {
    for span in spans {
        let style = match span.style {
            Style::Plain => base,
            Style::Strong => STRONG_STYLE,
            Style::Emphasis => EMPHASIS_STYLE,
        };
        let east_asian = (style != base).then(|| faces.name(style));
        run(
            out,
            &span.text,
            &RunFormat {
                east_asian,
                raise: true,
                ..RunFormat::default()
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_with_breaks_and_formatting() {
        let mut s = String::new();
        run(
            &mut s,
            "第一行\n第<二>行",
            &RunFormat {
                east_asian: Some("黑体"),
                color: Some("FF0000"),
                size: Some(22.0),
                ..RunFormat::default()
            },
        );
        assert_eq!(
            s,
            "<w:r><w:rPr><w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" w:eastAsia=\"黑体\" w:cs=\"Times New Roman\"/><w:color w:val=\"FF0000\"/><w:sz w:val=\"44\"/><w:szCs w:val=\"44\"/></w:rPr><w:t xml:space=\"preserve\">第一行</w:t><w:br/><w:t xml:space=\"preserve\">第&lt;二&gt;行</w:t></w:r>"
        );
    }

    #[test]
    fn office_names_by_default() {
        let f = Faces::default();
        assert_eq!(f.name(FontStyle::Fangsong), "仿宋_GB2312");
        assert_eq!(f.name(FontStyle::Heiti), "黑体");
        assert_eq!(f.name(FontStyle::Kaiti), "楷体_GB2312");
        assert_eq!(f.name(FontStyle::Xiaobiaosong), "方正小标宋简体");
        assert_eq!(f.name(FontStyle::Songti), "宋体");
    }

    #[test]
    fn strong_and_emphasis_change_the_east_asian_font() {
        let mut s = String::new();
        spans(
            &mut s,
            &[
                Span {
                    text: "一是".into(),
                    style: Style::Strong,
                },
                Span {
                    text: "正文".into(),
                    style: Style::Plain,
                },
            ],
            FontStyle::Fangsong,
            &Faces::default(),
        );
        assert!(s.contains("w:eastAsia=\"黑体\""), "{s}");
        assert_eq!(s.matches("<w:position w:val=\"15\"/>").count(), 2);
        assert_eq!(s.matches("w:rFonts").count(), 1);
    }
}
