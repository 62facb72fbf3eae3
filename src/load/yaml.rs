//! Parsing one YAML text into a model type, with a Chinese diagnostic on failure.

use std::cell::RefCell;
use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostic::Diagnostic;

/// Limits against hostile input (alias bombs, absurd nesting); far above any real campaign.
fn options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        with_snippet: false,
        strict_booleans: true,
        budget: serde_saphyr::budget! {
            max_events: 2_000_000,
            max_aliases: 10_000,
            max_anchors: 10_000,
            max_depth: 64,
        },
    }
}

/// Parses `text` (the contents of `file`) into `T`. Unknown keys, missing fields, wrong types
/// and syntax errors come back as one diagnostic naming the line, column and field path.
pub fn parse<T: DeserializeOwned>(file: &Path, text: &str) -> Result<T, Diagnostic> {
    let path = RefCell::new(String::new());
    crate::keyed::reset_open_keys();
    let result = serde_saphyr::with_deserializer_from_str_with_options(text, options(), |de| {
        serde_path_to_error::deserialize(de).map_err(|e| {
            *path.borrow_mut() = e.path().to_string();
            e.into_inner()
        })
    });
    result.map_err(|e| {
        let (line, column) = e
            .location()
            .map(|l| (l.line(), l.column()))
            .unwrap_or((0, 0));
        let path = readable_path(&path.into_inner(), crate::keyed::take_open_keys());
        Diagnostic::at(file, line, column, path, translate(&e.to_string()))
    })
}

/// The field path as the user wrote it: `?` segments (spanned map keys) replaced by the keys,
/// and the `value` segment of a spanned value dropped.
fn readable_path(raw: &str, keys: Vec<String>) -> String {
    if raw == "." {
        return String::new();
    }
    let mut keys = keys.into_iter();
    let mut out: Vec<String> = Vec::new();
    for segment in raw.split('.') {
        match segment {
            "?" => out.push(keys.next().unwrap_or_else(|| "?".to_string())),
            "value" if !out.is_empty() => {}
            other => out.push(other.to_string()),
        }
    }
    out.join(".")
}

/// Turns the parser's English message into Chinese; unknown messages keep their English text
/// after a Chinese lead, so nothing is lost.
fn translate(message: &str) -> String {
    let message = strip_location(message);
    if message.starts_with("应为") {
        // Our own Chinese message from a model type (a date, a period).
        return message.to_string();
    }
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let (field, expected) = split_expected(rest);
        return format!(
            "未知字段 {field}（可能是拼写错误）；此处可用的字段：{}",
            expected.replace(", ", "、")
        );
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        let (value, expected) = split_expected(rest);
        return format!(
            "取值不对：写的是 {value}，可用的值：{}",
            expected.replace(", ", "、").replace(" or ", "、")
        );
    }
    if let Some(rest) = message.strip_prefix("missing field ") {
        return format!("缺少必填字段 {}", unquote(rest));
    }
    if let Some(rest) = message.strip_prefix("duplicate mapping key: ") {
        let key = rest.split(", set ").next().unwrap_or(rest);
        return format!("键 {key} 重复出现");
    }
    if let Some(rest) = message.strip_prefix("invalid type: ")
        && let Some((found, expected)) = rest.split_once(", expected ")
    {
        return format!(
            "类型不对：应为{}，写的是{}",
            expected_cn(expected),
            found_cn(found)
        );
    }
    if let Some(rest) = message.strip_prefix("invalid value: ")
        && let Some((found, expected)) = rest.split_once(", expected ")
    {
        return format!(
            "取值不对：应为{}，写的是{}",
            expected_cn(expected),
            found_cn(found)
        );
    }
    if let Some(kind) = message.strip_prefix("invalid ") {
        if matches!(kind, "i64" | "u64" | "i32" | "u32" | "usize") {
            return "应为整数（不带小数点、单位或引号），例如 12".to_string();
        }
        if matches!(kind, "f64" | "f32") {
            return "应为数字，例如 5 或 2.5".to_string();
        }
    }
    if message.starts_with("invalid boolean") {
        return "应为 true 或 false".to_string();
    }
    if message.contains("null") && message.contains("string") {
        return "此处不能为空，应为文字".to_string();
    }
    if message.starts_with("expected string scalar") {
        return "应为一段文字".to_string();
    }
    if message.starts_with("expected a mapping") || message.starts_with("expected mapping") {
        return "应为“键: 值”形式的映射".to_string();
    }
    if message.starts_with("expected sequence") || message.starts_with("expected a sequence") {
        return "应为列表（每项以“- ”开头）".to_string();
    }
    if message.contains("budget") || message.contains("limit") {
        return format!("文件结构超出允许的规模（别名、嵌套或元素过多）：{message}");
    }
    format!("YAML 格式错误：{message}")
}

fn strip_location(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(i) => &message[..i],
        None => message,
    }
}

fn split_expected(rest: &str) -> (String, String) {
    match rest.split_once(", expected one of ") {
        Some((field, expected)) => (unquote(field), expected.replace('`', "")),
        None => match rest.split_once(", expected ") {
            Some((field, expected)) => (unquote(field), expected.replace('`', "")),
            None => (unquote(rest), "（无）".to_string()),
        },
    }
}

fn unquote(s: &str) -> String {
    format!("“{}”", s.trim().trim_matches('`'))
}

fn expected_cn(expected: &str) -> String {
    let e = expected.trim();
    if e.contains("sequence") {
        "列表（每项以“- ”开头）".into()
    } else if e.contains("map") || e.starts_with("struct") {
        "“键: 值”形式的映射".into()
    } else if e.contains("i64") || e.contains("u64") || e.contains("integer") {
        "整数".into()
    } else if e.contains("f64") || e.contains("float") {
        "数字".into()
    } else if e.contains("string") {
        "文字".into()
    } else if e.contains("bool") {
        "true 或 false".into()
    } else {
        e.to_string()
    }
}

fn found_cn(found: &str) -> String {
    let f = found.trim();
    if let Some(v) = f.strip_prefix("string ") {
        format!("文字 {v}")
    } else if f == "sequence" {
        "列表".into()
    } else if f == "map" {
        "映射".into()
    } else if let Some(v) = f.strip_prefix("integer ") {
        format!("整数 {v}")
    } else if let Some(v) = f.strip_prefix("floating point ") {
        format!("小数 {v}")
    } else if f == "unit value" || f == "null" {
        "空值".into()
    } else if let Some(v) = f.strip_prefix("boolean ") {
        format!("布尔值 {v}")
    } else {
        f.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct T {
        name: String,
        count: i64,
        #[serde(default)]
        list: Vec<String>,
    }

    fn err(text: &str) -> Diagnostic {
        parse::<T>(Path::new("t.yaml"), text).unwrap_err()
    }

    #[test]
    fn unknown_key_names_the_key_line_and_choices() {
        let d = err("name: a\ncount: 1\ncuont: 2\n");
        assert_eq!(d.line, Some(3));
        assert!(d.message.contains("未知字段 “cuont”"), "{}", d.message);
        assert!(d.message.contains("count"), "{}", d.message);
    }

    #[test]
    fn missing_field_is_chinese() {
        let d = err("name: a\n");
        assert!(d.message.contains("缺少必填字段 “count”"), "{}", d.message);
    }

    #[test]
    fn wrong_type_names_the_path() {
        let d = err("name: a\ncount: 十二\n");
        assert_eq!(d.line, Some(2));
        assert_eq!(d.path, "count");
        assert!(d.message.contains("整数"), "{}", d.message);
    }

    #[test]
    fn syntax_error_has_a_line() {
        let d = err("name: [a\ncount: 1\n");
        assert!(d.line.is_some());
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let p = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        text.push_str("name: a\ncount: 1\n");
        let d = err(&text);
        assert!(d.line.is_some());
    }
}
