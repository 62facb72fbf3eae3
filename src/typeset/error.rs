//! Why a PDF could not be made. Missing fonts and characters are the user's to fix (exit
//! code 1); anything else is a bug (exit code 3).

use std::fmt;

use crate::fault::Fault;
use crate::fonts::FontError;

#[derive(Debug, thiserror::Error)]
/// Why a PDF could not be made.
pub enum PdfError {
    /// No file serves a type style, or a font file cannot be used.
    #[error(transparent)]
    Font(#[from] FontError),

    /// A character that no configured font has.
    #[error(
        "字符“{ch}”（U+{code:04X}）在所有已配置的字体中都没有字形，无法排版。\n  出现在：{place}，上下文“{context}”\n  已查找的字体：{fonts}\n  请改用其他字符，或配置包含该字符的字体文件。",
        code = *ch as u32
    )]
    MissingGlyph {
        /// The character.
        ch: char,
        /// Where it is, e.g. `正文第3段`.
        place: String,
        /// The characters around it.
        context: String,
        /// The font files searched.
        fonts: String,
    },

    /// The document is beyond what a bulletin can be (absurdly wide tables, hundreds of pages).
    #[error("{0}")]
    TooLarge(String),

    /// A header text too long for its place on the page.
    #[error("{0}")]
    TooLong(Overflow),

    /// A failure of the PDF library or of this program.
    #[error("生成 PDF 时出现内部错误：{0}")]
    Internal(String),
}

impl PdfError {
    /// Whose fault: a missing font or character, or a document too large, is the input's
    /// (install or configure a font, change a character); a failure of the PDF library is ours.
    pub fn fault(&self) -> Fault {
        match self {
            PdfError::Font(e) => e.fault(),
            PdfError::Internal(_) => Fault::Internal,
            _ => Fault::Input,
        }
    }
}

/// A short quotation of `text` for messages: its first `max` characters.
pub fn excerpt(text: &str, max: usize) -> String {
    let mut out: String = text.chars().take(max).collect();
    if text.chars().nth(max).is_some() {
        out.push('…');
    }
    out
}

/// A front-matter text too long for its place.
#[derive(Debug, Clone, PartialEq)]
pub struct Overflow {
    /// The front-matter key, e.g. `secrecy`.
    pub field: &'static str,
    /// What the text is on the page, e.g. `密级`.
    pub part: &'static str,
    /// Its length in characters.
    pub chars: usize,
    /// How many of its first characters fit.
    pub limit: usize,
    /// How it is set at the most (`三号黑体`, `二号小标宋压缩到50%`).
    pub setting: String,
}

impl Overflow {
    /// The explanation without the field: 「密级共 40 个字，…最多排得下 28 个字…」.
    pub fn explain(&self) -> String {
        format!(
            "{}共 {} 个字，排不下：按所用字体，{}一行最多排得下 {} 个字（超出部分会跑出版心）。请改短，例如用简称",
            self.part, self.chars, self.setting, self.limit
        )
    }
}

impl fmt::Display for Overflow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "通报开头的 {}：{}", self.field, self.explain())
    }
}
