//! Lines added to a composed draft's front matter after its template has rendered (the
//! built-in and a campaign's own templates alike): the campaign's `fonts:` and `words:`.

/// `markdown` with `block` (a YAML mapping entry `key:` and its lines, each ending in a
/// newline) added at the end of its front matter; unchanged when it has no front matter or
/// its template wrote `key:` itself.
pub(super) fn append(markdown: String, key: &str, block: &str) -> String {
    let Some(rest) = markdown.strip_prefix("---\n") else {
        return markdown;
    };
    let Some(end) = rest.find("\n---\n").map(|i| i + 4 + 1) else {
        return markdown;
    };
    let front = &markdown[..end];
    let own = format!("{key}:");
    if front.lines().any(|l| l.starts_with(&own)) {
        return markdown;
    }
    let mut out = String::with_capacity(markdown.len() + block.len());
    out.push_str(front);
    out.push_str(block);
    out.push_str(&markdown[end..]);
    out
}

/// `text` as a YAML flow scalar: a JSON string keeps quotes and backslashes intact.
pub(super) fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| format!("{text:?}"))
}
