//! Escaping text for the markup the renderers write: HTML (the bulletin page, the archive index)
//! and WordprocessingML (the DOCX parts).

/// Appends `text` escaped for element content or a quoted attribute, in HTML and XML alike.
/// Characters XML 1.0 cannot carry (control characters other than tab, line feed and carriage
/// return, U+FFFE, U+FFFF) are left out; HTML has no use for them either.
pub(crate) fn escape_into(out: &mut String, text: &str) {
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(ch),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
}

/// `text` escaped (see [`escape_into`]).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_escaped_and_control_characters_dropped() {
        assert_eq!(
            escape("<script>\"a\" & b\u{1}</script>"),
            "&lt;script&gt;&quot;a&quot; &amp; b&lt;/script&gt;"
        );
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert_eq!(escape("临整办〔2019〕12号\t\n"), "临整办〔2019〕12号\t\n");
    }
}
