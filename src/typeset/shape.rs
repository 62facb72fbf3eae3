//! Text → items for line breaking: every full-width character is one grid cell, every run of
//! half-width characters (digits, Latin letters, `%`, `.`) one unbreakable word with its real
//! advance widths, every space a break opportunity. Each character is checked against the
//! fonts here, before anything is placed.

use super::error::PdfError;
use super::metrics::em;
use super::model::Glyph;
use crate::font_style::FontStyle;
use crate::fonts::Fonts;
use crate::layout::script::{self, Squeeze};

/// Where glyphs come from: the fonts, or a stand-in in tests.
pub(crate) trait GlyphSource {
    /// The glyph of `ch` in the face serving `style`, or in another configured face when that
    /// one lacks it; `Ok(None)` when no face has it.
    fn glyph(&self, style: FontStyle, ch: char) -> Result<Option<Glyph>, PdfError>;

    /// The faces that were searched for a character of `style`, for messages.
    fn searched(&self, style: FontStyle) -> String;
}

impl GlyphSource for Fonts {
    fn glyph(&self, style: FontStyle, ch: char) -> Result<Option<Glyph>, PdfError> {
        Ok(Fonts::glyph(self, style, ch)?)
    }

    fn searched(&self, style: FontStyle) -> String {
        Fonts::searched(self, style)
    }
}

/// A piece of text in one type style.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Piece<'a> {
    pub text: &'a str,
    pub style: FontStyle,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// One full-width character (or an ideographic space, with no glyph): one cell.
    Cell,
    /// Half-width characters that stay together.
    Word,
    /// A space between words: may end a line, where it disappears.
    Space,
}

/// The characters `items` stand for ([`Item::push_text`]).
pub(crate) fn text_of(items: &[Item]) -> String {
    let mut out = String::new();
    for item in items {
        item.push_text(&mut out);
    }
    out
}

/// A unit of line breaking.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Item {
    pub kind: Kind,
    pub glyphs: Vec<Glyph>,
    /// Natural width in mm.
    pub width: f64,
    pub squeeze: Squeeze,
    /// First and last character, for the prohibitions (禁则).
    pub first: char,
    pub last: char,
}

impl Item {
    /// Appends the characters this item stands for to `out`: a space for a space, an
    /// ideographic space for a cell without a glyph.
    pub(crate) fn push_text(&self, out: &mut String) {
        match self.kind {
            Kind::Space => out.push(' '),
            _ if self.glyphs.is_empty() => out.push('\u{3000}'),
            _ => out.extend(self.glyphs.iter().map(|g| g.ch)),
        }
    }

    /// How much the item can be compressed at a line end (mm).
    pub(crate) fn shrink(&self) -> f64 {
        match self.squeeze {
            Squeeze::None => 0.0,
            _ => self.width / 2.0,
        }
    }
}

/// Shapes `pieces` at `size_pt` with full-width characters taking `cell` mm each.
/// `place` describes where the text is, for the error about a missing character.
pub(crate) fn shape(
    pieces: &[Piece],
    size_pt: f64,
    cell: f64,
    source: &dyn GlyphSource,
    place: &dyn Fn() -> String,
) -> Result<Vec<Item>, PdfError> {
    let em = em(size_pt);
    let mut items: Vec<Item> = Vec::new();
    for piece in pieces {
        for (at, ch) in piece.text.char_indices() {
            if script::is_invisible(ch) {
                continue;
            }
            if script::is_space(ch) || ch == '\u{A0}' {
                match items.last() {
                    Some(last) if last.kind == Kind::Space => {}
                    // A space opening the text is dropped.
                    None => {}
                    _ => items.push(Item {
                        kind: Kind::Space,
                        glyphs: Vec::new(),
                        width: em / 4.0,
                        squeeze: Squeeze::None,
                        first: ' ',
                        last: ' ',
                    }),
                }
                continue;
            }
            if ch == '\u{3000}' {
                items.push(Item {
                    kind: Kind::Cell,
                    glyphs: Vec::new(),
                    width: cell,
                    squeeze: Squeeze::None,
                    first: ch,
                    last: ch,
                });
                continue;
            }
            let glyph = source
                .glyph(piece.style, ch)?
                .ok_or_else(|| PdfError::MissingGlyph {
                    ch,
                    place: place(),
                    context: context(piece.text, at),
                    fonts: source.searched(piece.style),
                })?;
            if script::takes_cell(ch, glyph.advance) {
                items.push(Item {
                    kind: Kind::Cell,
                    glyphs: vec![glyph],
                    width: cell,
                    squeeze: script::squeeze(ch),
                    first: ch,
                    last: ch,
                });
            } else {
                let advance = glyph.advance * em;
                match items.last_mut() {
                    Some(word) if word.kind == Kind::Word => {
                        word.glyphs.push(glyph);
                        word.width += advance;
                        word.last = ch;
                    }
                    _ => items.push(Item {
                        kind: Kind::Word,
                        glyphs: vec![glyph],
                        width: advance,
                        squeeze: Squeeze::None,
                        first: ch,
                        last: ch,
                    }),
                }
            }
        }
    }
    if items.last().is_some_and(|i| i.kind == Kind::Space) {
        items.pop();
    }
    Ok(items)
}

/// Up to eight characters either side of the character at byte `at` of `text`.
fn context(text: &str, at: usize) -> String {
    let before: Vec<char> = text[..at].chars().rev().take(8).collect();
    let after: String = text[at..].chars().take(9).collect();
    let mut out = String::new();
    if text[..at].chars().count() > 8 {
        out.push('…');
    }
    out.extend(before.into_iter().rev());
    out.push_str(&after);
    if text[at..].chars().count() > 9 {
        out.push('…');
    }
    out
}

#[cfg(test)]
pub(crate) mod testing {
    //! A stand-in glyph source: ideographs and full-width marks 1 em, everything else ½ em,
    //! and no glyph for `□`.
    use super::*;
    use crate::typeset::model::FaceKey;

    pub(crate) struct Fake;

    impl GlyphSource for Fake {
        fn glyph(&self, _style: FontStyle, ch: char) -> Result<Option<Glyph>, PdfError> {
            if ch == '□' {
                return Ok(None);
            }
            let advance = if script::is_narrow(ch) { 0.5 } else { 1.0 };
            Ok(Some(Glyph {
                ch,
                face: FaceKey(0),
                gid: ch as u16,
                advance,
                pdf_width: (advance * 1000.0) as i32,
            }))
        }

        fn searched(&self, _style: FontStyle) -> String {
            "测试字体".to_string()
        }
    }

    /// Items of `text` in 仿宋 at 16 pt on the body grid.
    pub(crate) fn items(text: &str) -> Vec<Item> {
        shape(
            &[Piece {
                text,
                style: FontStyle::Fangsong,
            }],
            16.0,
            crate::typeset::metrics::CELL,
            &Fake,
            &|| "测试".to_string(),
        )
        .unwrap()
    }
}

#[cfg(test)]
mod tests {
    use super::testing::*;
    use super::*;
    use crate::typeset::metrics::CELL;

    #[test]
    fn half_width_runs_are_single_words() {
        let items = items("占61%，GB/T 9704");
        let kinds: Vec<Kind> = items.iter().map(|i| i.kind).collect();
        assert_eq!(
            kinds,
            vec![
                Kind::Cell,
                Kind::Word,
                Kind::Cell,
                Kind::Word,
                Kind::Space,
                Kind::Word
            ]
        );
        assert_eq!(items[1].glyphs.len(), 3);
        assert!((items[1].width - 1.5 * em(16.0)).abs() < 1e-9);
        assert!((items[0].width - CELL).abs() < 1e-9);
    }

    #[test]
    fn a_missing_character_names_itself_and_its_place() {
        let err = shape(
            &[Piece {
                text: "甲□乙",
                style: FontStyle::Fangsong,
            }],
            16.0,
            CELL,
            &Fake,
            &|| "正文第2段".to_string(),
        )
        .unwrap_err();
        let text = err.to_string();
        assert!(text.contains("“□”"), "{text}");
        assert!(text.contains("U+25A1"), "{text}");
        assert!(text.contains("正文第2段"), "{text}");
        assert!(text.contains("甲□乙"), "{text}");
        assert_eq!(err.fault(), crate::fault::Fault::Input);
    }
}
