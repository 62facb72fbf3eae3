//! Writing WordprocessingML text: escaping (shared with HTML in `render::markup`), and the
//! namespaces every part declares.

/// The XML declaration every part starts with.
pub(crate) const DECLARATION: &str =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// Namespaces of the document, styles, settings and footer parts.
pub(crate) const NAMESPACES: &str = concat!(
    "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" ",
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
);

pub(crate) use crate::render::markup::{escape, escape_into};

/// A part's text as it is written: kept whole, or handed to the ZIP's compressor in pieces
/// (a national roll-up's `word/document.xml` is ten megabytes of XML that deflates to 110 KB). Writers append to it as to a `String`; loops over many paragraphs or rows
/// call [`Xml::spill`] between them.
pub(crate) struct Xml {
    text: String,
    deflating: Option<super::zip::Deflating>,
    failed: Option<std::io::Error>,
}

/// Text held before it is handed to the compressor: a bulletin's whole part (about 250 KB for
/// the sample, which is deflated in one piece as before: the same bytes), a large table's
/// rows a megabyte at a time (deflate's output depends a little on how its input is cut).
const SPILL_AT: usize = 1024 * 1024;

impl Xml {
    /// The whole text kept (for [`Xml::into_text`]).
    #[cfg(test)]
    pub(crate) fn kept() -> Xml {
        Xml {
            text: String::new(),
            deflating: None,
            failed: None,
        }
    }

    /// Deflated as it goes (for [`Xml::finish`]).
    pub(crate) fn deflated() -> Xml {
        Xml {
            text: String::new(),
            deflating: Some(super::zip::Deflating::new()),
            failed: None,
        }
    }

    /// Hands the text written so far to the compressor once there is enough of it.
    pub(crate) fn spill(&mut self) {
        if self.text.len() < SPILL_AT {
            return;
        }
        if let Some(d) = &mut self.deflating {
            if let Err(e) = d.write(self.text.as_bytes()) {
                self.failed.get_or_insert(e);
            }
            self.text.clear();
        }
    }

    /// The text written, when kept.
    #[cfg(test)]
    pub(crate) fn into_text(self) -> String {
        self.text
    }

    /// The deflated part.
    pub(crate) fn finish(mut self) -> std::io::Result<super::zip::Deflated> {
        if let Some(e) = self.failed.take() {
            return Err(e);
        }
        let mut d = self
            .deflating
            .take()
            .unwrap_or_else(super::zip::Deflating::new);
        d.write(self.text.as_bytes())?;
        d.finish()
    }
}

impl std::ops::Deref for Xml {
    type Target = String;
    fn deref(&self) -> &String {
        &self.text
    }
}

impl std::ops::DerefMut for Xml {
    fn deref_mut(&mut self) -> &mut String {
        &mut self.text
    }
}
