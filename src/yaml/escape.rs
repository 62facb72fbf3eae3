//! Characters a clerk cannot see: control characters, zero-width and direction marks,
//! non-breaking spaces. `load` refuses them written literally; YAML's double-quoted escapes
//! (`"兰山\u200b区"`, `\x01`, `\t`, `\_`) carry the same characters without writing them, so
//! they are refused here, naming the escape.

use std::path::Path;

use crate::diagnostic::Diagnostic;

/// What kind of invisible character `ch` is, if it is one that would change what a name or
/// number means. Tab and line feed are layout, allowed when written literally.
pub fn invisible(ch: char) -> Option<&'static str> {
    match ch {
        '\t' | '\n' => None,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{2028}' | '\u{2029}' => Some("控制字符"),
        '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' => Some("零宽字符"),
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' => {
            Some("文字方向控制符")
        }
        '\u{a0}' | '\u{202f}' | '\u{2007}' => Some("不间断空格"),
        _ => None,
    }
}

/// The first escape in a double-quoted scalar of `text` that stands for an invisible character
/// (an escaped tab too: inside a quoted value it is never layout), as a diagnostic at its line
/// and column naming the escape.
pub fn escaped_invisible(file: &Path, text: &str) -> Option<Diagnostic> {
    for (line_no, column, escape, ch) in escapes(text) {
        let kind = match ch {
            '\t' => "控制字符（制表符）",
            c => match invisible(c) {
                Some(kind) => kind,
                None => continue,
            },
        };
        return Some(Diagnostic::at(
            file,
            line_no,
            column,
            "",
            format!(
                "引号中的转义写法“{escape}”表示看不见的{kind} U+{:04X}：它可能让名称或数字与看到的不同，请删除这个转义",
                u32::from(ch)
            ),
        ));
    }
    None
}

/// Every escape inside a double-quoted scalar of `text`: line, column (1-based, in characters),
/// the escape as written and the character it stands for. A `"` starts a quoted scalar only
/// where a value may start (after `: `, `- `, `[`, `{`, `,` or at the start of a line), not
/// inside a plain one (`他说"好"`); single quotes and comments are skipped.
fn escapes(text: &str) -> Vec<(u64, u64, String, char)> {
    let mut found = Vec::new();
    let (mut in_double, mut in_single) = (false, false);
    for (line_no, line) in text.split('\n').enumerate() {
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        let mut value_may_start = true;
        while i < chars.len() {
            let c = chars[i];
            if in_double {
                if c == '\\' {
                    let (len, ch) = escape_at(&chars[i + 1..]);
                    if let Some(ch) = ch {
                        let escape: String =
                            chars[i..(i + 1 + len).min(chars.len())].iter().collect();
                        found.push((line_no as u64 + 1, i as u64 + 1, escape, ch));
                    }
                    i += 1 + len.max(1);
                    continue;
                }
                in_double = c != '"';
            } else if in_single {
                in_single = c != '\'';
            } else if c == '#' && (i == 0 || chars[i - 1].is_whitespace()) {
                break;
            } else if c == '"' && value_may_start {
                in_double = true;
            } else if c == '\'' && value_may_start {
                in_single = true;
            }
            if !in_double && !in_single && !c.is_whitespace() {
                value_may_start = matches!(c, ':' | '-' | '[' | '{' | ',' | '?' | '>' | '|');
            }
            i += 1;
        }
    }
    found
}

/// The escape after a backslash: how many characters it takes and the character it stands
/// for (`None` when malformed: the parser reports it).
fn escape_at(rest: &[char]) -> (usize, Option<char>) {
    let Some(&c) = rest.first() else {
        return (0, None);
    };
    let hex = |n: usize| -> (usize, Option<char>) {
        let digits: String = rest.iter().skip(1).take(n).collect();
        let ch = (digits.len() == n)
            .then(|| u32::from_str_radix(&digits, 16).ok())
            .flatten()
            .and_then(char::from_u32);
        (1 + n, ch)
    };
    let simple = |ch: char| (1, Some(ch));
    match c {
        'x' => hex(2),
        'u' => hex(4),
        'U' => hex(8),
        '0' => simple('\0'),
        'a' => simple('\u{7}'),
        'b' => simple('\u{8}'),
        't' | '\t' => simple('\t'),
        'v' => simple('\u{b}'),
        'f' => simple('\u{c}'),
        'r' => simple('\r'),
        'e' => simple('\u{1b}'),
        'N' => simple('\u{85}'),
        '_' => simple('\u{a0}'),
        'L' => simple('\u{2028}'),
        'P' => simple('\u{2029}'),
        other => simple(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(text: &str) -> Option<(u64, u64, String)> {
        escaped_invisible(Path::new("s.yaml"), text)
            .map(|d| (d.line.unwrap_or(0), d.column.unwrap_or(0), d.message))
    }

    #[test]
    fn escapes_of_invisible_characters_are_named() {
        let (line, column, m) = message("a: 1\nname: \"兰山\\u200b区\"\n").unwrap();
        assert_eq!((line, column), (2, 10));
        assert_eq!(
            m,
            "引号中的转义写法“\\u200b”表示看不见的零宽字符 U+200B：它可能让名称或数字与看到的不同，请删除这个转义"
        );
        for (text, escape) in [
            ("n: \"a\\u00a0b\"", "\\u00a0"),
            ("n: \"a\\u2060b\"", "\\u2060"),
            ("n: \"a\\x01b\"", "\\x01"),
            ("n: \"a\\tb\"", "\\t"),
            ("n: [\"x\", \"a\\u202eb\"]", "\\u202e"),
            ("n: \"a\\_b\"", "\\_"),
            (
                "n: \"ok\" # \"\\u200b\"\nm: \"a\\U0000200Bb\"",
                "\\U0000200B",
            ),
        ] {
            let (_, _, m) = message(text).unwrap_or_else(|| panic!("{text}"));
            assert!(m.contains(&format!("“{escape}”")), "{text}: {m}");
        }
    }

    #[test]
    fn ordinary_escapes_and_unquoted_backslashes_pass() {
        for text in [
            "n: \"a\\\"b\\\\c\\n\"",
            "n: 'a\\u200b'",
            "n: 他说\"好\\u200b\"",
            "n: \"\\u5170山\"",
        ] {
            assert_eq!(message(text), None, "{text}");
        }
    }
}
