//! Numbers as written in YAML: plain decimal only. YAML itself reads `0x1E`, `0o36`, `0b11110`,
//! `3_0` and `3e1` — and serde reads the string `"0x1E"` into an integer field — all as 30; a
//! clerk who wrote one of them did not mean what the bulletin would print, so each is refused
//! with the decimal to write.

use serde_saphyr::Spanned;

/// The text a value was written as (quotes included), from its span in `text`; for a value
/// used through an alias (`*twelve`), where its anchor defines it (`&twelve 12`).
pub fn written<'t, T>(text: &'t str, value: &Spanned<T>) -> Option<&'t str> {
    let at = |location: &serde_saphyr::Location| {
        let span = location.span();
        let start = usize::try_from(span.byte_offset()?).ok()?;
        let len = usize::try_from(span.byte_len()?).ok()?;
        text.get(start..start.checked_add(len)?)
    };
    let raw = at(&value.referenced)?;
    if !raw.starts_with('*') {
        return Some(raw);
    }
    let defined = at(&value.defined)?;
    Some(match defined.strip_prefix('&') {
        Some(rest) => rest
            .split_once([' ', '\t'])
            .map_or(rest, |(_, v)| v.trim_start()),
        None => defined,
    })
}

/// What is wrong with `raw`, the way a count whose value is `value` was written, if anything:
/// the notation named and the decimal to write instead.
pub fn integer_problem(raw: &str, value: i64) -> Option<String> {
    let t = unquoted(raw.trim());
    let digits = t.strip_prefix(['-', '+']).unwrap_or(t);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return (digits.len() > 1 && digits.starts_with('0'))
            .then(|| format!("“{t}”以 0 开头，有的软件会把它当作八进制数；请写十进制数 {value}"));
    }
    Some(format!("“{t}”是{}，请写十进制数 {value}", notation(digits)))
}

/// What is wrong with `raw`, the way a number (percentage points) whose value is `value` was
/// written, if anything.
pub fn decimal_problem(raw: &str, value: f64) -> Option<String> {
    let t = unquoted(raw.trim());
    let digits = t.strip_prefix(['-', '+']).unwrap_or(t);
    let plain = match digits.split_once('.') {
        Some((whole, fraction)) => is_digits(whole) && (fraction.is_empty() || is_digits(fraction)),
        None => is_digits(digits),
    };
    (!plain).then(|| format!("“{t}”是{}，请写十进制数 {value}", notation(digits)))
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn unquoted(t: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = t.strip_prefix(q).and_then(|r| r.strip_suffix(q)) {
            return inner;
        }
    }
    t
}

/// The notation `digits` (without sign) is in, in Chinese.
fn notation(digits: &str) -> &'static str {
    let lower = digits.to_ascii_lowercase();
    if lower.starts_with("0x") {
        "十六进制写法"
    } else if lower.starts_with("0o") {
        "八进制写法"
    } else if lower.starts_with("0b") {
        "二进制写法"
    } else if lower.contains('_') {
        "带下划线的写法"
    } else if lower.contains('e') {
        "科学计数法"
    } else {
        "特殊写法"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_notation_but_plain_decimal_is_named_with_the_decimal() {
        for (raw, message) in [
            ("0x1E", "“0x1E”是十六进制写法，请写十进制数 30"),
            ("0o36", "“0o36”是八进制写法，请写十进制数 30"),
            ("0b11110", "“0b11110”是二进制写法，请写十进制数 30"),
            ("3_0", "“3_0”是带下划线的写法，请写十进制数 30"),
            ("\"0x1E\"", "“0x1E”是十六进制写法，请写十进制数 30"),
            ("3e1", "“3e1”是科学计数法，请写十进制数 30"),
            (
                "030",
                "“030”以 0 开头，有的软件会把它当作八进制数；请写十进制数 30",
            ),
        ] {
            assert_eq!(integer_problem(raw, 30).as_deref(), Some(message), "{raw}");
        }
        for raw in ["30", "0", "-3", "\"30\"", "'30'"] {
            assert_eq!(integer_problem(raw, 30), None, "{raw}");
        }
        assert_eq!(decimal_problem("5.5", 5.5), None);
        assert_eq!(decimal_problem("5", 5.0), None);
        assert_eq!(
            decimal_problem("5e0", 5.0).as_deref(),
            Some("“5e0”是科学计数法，请写十进制数 5")
        );
        assert!(decimal_problem(".inf", f64::INFINITY).is_some());
    }
}
