//! Why a PDF could not be made. Missing fonts and characters are the user's to fix (exit
//! code 1); anything else is a bug (exit code 3).

use std::path::PathBuf;

use crate::fault::Fault;

#[derive(Debug, thiserror::Error)]
/// Why a PDF could not be made.
pub enum PdfError {
    /// No file serves a type style.
    #[error("找不到{styles}字体。{detail}")]
    MissingFont {
        /// The styles without a file, e.g. `仿宋、黑体`.
        styles: String,
        /// What was searched and how to configure a file.
        detail: String,
    },

    /// A configured or found font file cannot be read or parsed.
    #[error("无法使用字体文件 {path}：{reason}")]
    FontFile {
        /// The file.
        path: PathBuf,
        /// Why it cannot be used, in Chinese.
        reason: String,
    },

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

    /// A failure of the PDF library or of this program.
    #[error("生成 PDF 时出现内部错误：{0}")]
    Internal(String),
}

impl PdfError {
    /// Whose fault: a missing font or character, or a document too large, is the input's
    /// (install or configure a font, change a character); a failure of the PDF library is ours.
    pub fn fault(&self) -> Fault {
        match self {
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
