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
