//! Stage 5: one renderer per format, each from the [`Document`](crate::document::Document)
//! model alone (no renderer reads YAML, recomputes a figure or re-parses Markdown).

pub mod html;
pub mod pdf;

use std::fmt;
use std::str::FromStr;

/// An output format of `build` and `render`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    Markdown,
    Html,
    Pdf,
}

impl Format {
    /// Every implemented format, in the order files are written.
    pub const ALL: [Format; 3] = [Format::Markdown, Format::Html, Format::Pdf];

    /// The output file name, e.g. `bulletin.html`.
    pub fn file_name(self) -> &'static str {
        match self {
            Format::Markdown => "bulletin.md",
            Format::Html => "bulletin.html",
            Format::Pdf => "bulletin.pdf",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Html => "html",
            Format::Pdf => "pdf",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "md" | "markdown" => Ok(Format::Markdown),
            "html" | "htm" => Ok(Format::Html),
            "pdf" => Ok(Format::Pdf),
            other => Err(format!(
                "不支持的格式 “{other}”，可用：{}",
                Format::ALL.map(|f| f.name()).join("、")
            )),
        }
    }
}
