//! Paragraphs (`w:p`): a style and the few direct properties the bulletin needs.

use super::units::{cell_twips, line_twips};

/// Direct paragraph properties on top of a style.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Props<'a> {
    /// Style id; `None` is 正文 (Normal).
    pub(crate) style: Option<&'a str>,
    /// `left`, `center`, `right`, `both`.
    pub(crate) jc: Option<&'a str>,
    /// Left indent in twips (sets the first-line indent to none unless `first_line` is given).
    pub(crate) left: Option<i64>,
    /// Right indent in twips.
    pub(crate) right: Option<i64>,
    /// First-line indent in twips (negative: hanging).
    pub(crate) first_line: Option<i64>,
    /// Keep on the page of the next paragraph.
    pub(crate) keep_next: bool,
    /// Start a new page.
    pub(crate) page_break_before: bool,
    /// Exact line height in twips other than the grid's.
    pub(crate) line: Option<i64>,
    /// Space before in twips.
    pub(crate) before: Option<i64>,
    /// Centred tab stop at this position (twips from the text's left edge).
    pub(crate) center_tab: Option<i64>,
    /// Right-aligned tab stop at this position (twips from the text's left edge).
    pub(crate) right_tab: Option<i64>,
    /// A bottom border: (size in eighths of a point, space in points, colour RRGGBB).
    pub(crate) bottom_border: Option<(i64, i64, &'a str)>,
}

/// Opens a paragraph with its properties; the caller writes runs and calls [`close`].
pub(crate) fn open(out: &mut String, p: &Props) {
    out.push_str("<w:p>");
    let mut props = String::new();
    if let Some(style) = p.style {
        props.push_str(&format!("<w:pStyle w:val=\"{style}\"/>"));
    }
    if p.keep_next {
        props.push_str("<w:keepNext/>");
    }
    if p.page_break_before {
        props.push_str("<w:pageBreakBefore/>");
    }
    if let Some((size, space, color)) = p.bottom_border {
        props.push_str(&format!(
            "<w:pBdr><w:bottom w:val=\"single\" w:sz=\"{size}\" w:space=\"{space}\" w:color=\"{color}\"/></w:pBdr>"
        ));
    }
    if p.center_tab.is_some() || p.right_tab.is_some() {
        props.push_str("<w:tabs>");
        if let Some(pos) = p.center_tab {
            props.push_str(&format!("<w:tab w:val=\"center\" w:pos=\"{pos}\"/>"));
        }
        if let Some(pos) = p.right_tab {
            props.push_str(&format!("<w:tab w:val=\"right\" w:pos=\"{pos}\"/>"));
        }
        props.push_str("</w:tabs>");
    }
    if p.line.is_some() || p.before.is_some() {
        props.push_str(&format!(
            "<w:spacing w:before=\"{}\" w:line=\"{}\" w:lineRule=\"exact\"/>",
            p.before.unwrap_or(0),
            p.line.unwrap_or_else(line_twips)
        ));
    }
    if p.left.is_some() || p.right.is_some() || p.first_line.is_some() {
        props.push_str("<w:ind");
        if let Some(left) = p.left {
            props.push_str(&format!(" w:left=\"{left}\""));
        }
        if let Some(right) = p.right {
            props.push_str(&format!(" w:right=\"{right}\""));
        }
        match p.first_line {
            Some(f) if f < 0 => props.push_str(&format!(
                " w:firstLineChars=\"0\" w:hangingChars=\"0\" w:hanging=\"{}\"",
                -f
            )),
            Some(f) => props.push_str(&format!(" w:firstLineChars=\"0\" w:firstLine=\"{f}\"")),
            None => props.push_str(" w:firstLineChars=\"0\" w:firstLine=\"0\""),
        }
        props.push_str("/>");
    }
    if let Some(jc) = p.jc {
        props.push_str(&format!("<w:jc w:val=\"{jc}\"/>"));
    }
    if !props.is_empty() {
        out.push_str("<w:pPr>");
        out.push_str(&props);
        out.push_str("</w:pPr>");
    }
}

/// Closes a paragraph opened with [`open`].
pub(crate) fn close(out: &mut String) {
    out.push_str("</w:p>");
}

/// An empty grid line (a blank paragraph, as a clerk types one).
pub(crate) fn blank(out: &mut String, keep_next: bool) {
    open(
        out,
        &Props {
            keep_next,
            ..Props::default()
        },
    );
    close(out);
}

/// Flush left: no first-line indent.
pub(crate) fn flush() -> Props<'static> {
    Props {
        left: Some(0),
        ..Props::default()
    }
}

/// `n` grid characters in twips.
pub(crate) fn cells(n: f64) -> i64 {
    (n * cell_twips() as f64).round() as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn properties_in_schema_order() {
        let mut s = String::new();
        open(
            &mut s,
            &Props {
                style: Some("Heading1"),
                keep_next: true,
                bottom_border: Some((11, 4, "FF0000")),
                right_tab: Some(8844),
                left: Some(0),
                jc: Some("center"),
                ..Props::default()
            },
        );
        close(&mut s);
        assert_eq!(
            s,
            "<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/><w:keepNext/><w:pBdr><w:bottom w:val=\"single\" w:sz=\"11\" w:space=\"4\" w:color=\"FF0000\"/></w:pBdr><w:tabs><w:tab w:val=\"right\" w:pos=\"8844\"/></w:tabs><w:ind w:left=\"0\" w:firstLineChars=\"0\" w:firstLine=\"0\"/><w:jc w:val=\"center\"/></w:pPr></w:p>"
        );
    }
}
