//! Parsing one YAML text into a serde type, with a Chinese diagnostic on failure: shared
//! ground for `load` (campaign and snapshots) and `document` (the draft's front matter).

use std::cell::RefCell;
use std::path::Path;

use serde::de::DeserializeOwned;

mod alias;
pub mod escape;
mod indent;
pub mod number;
pub(crate) mod scalar;

use crate::diagnostic::Diagnostic;
use crate::suggest;

/// Limits against hostile input (alias bombs, absurd nesting); far above any real campaign.
fn options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        with_snippet: false,
        strict_booleans: true,
        budget: serde_saphyr::budget! {
            max_events: 2_000_000,
            max_aliases: alias::MAX_ALIASES,
            max_anchors: 10_000,
            max_depth: 64,
            alias_anchor_min_aliases: alias::RATIO_FROM,
            alias_anchor_ratio_multiplier: alias::MAX_PER_ANCHOR,
        },
    }
}

/// Parses `text` (the contents of `file`) into `T`. Unknown keys, missing fields, wrong types
/// and syntax errors come back as one diagnostic naming the line, column and field path, in
/// Chinese, with the line shown and a caret under the column.
pub fn parse<T: DeserializeOwned>(file: &Path, text: &str) -> Result<T, Diagnostic> {
    if let Some(d) = escape::escaped_invisible(file, text) {
        return Err(d.with_excerpt(text));
    }
    // Read without tracking the field path first: only an error needs it, and tracking took
    // most of the time of reading a large campaign. A failed read is read again, tracked.
    crate::keyed::reset_open_keys();
    if let Ok(value) =
        serde_saphyr::with_deserializer_from_str_with_options(text, options(), |de| {
            T::deserialize(de)
        })
    {
        return Ok(value);
    }
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
        explain(file, text, &e.to_string(), line, column, path).with_excerpt(text)
    })
}

/// The diagnostic for a parser or type error at `line`:`column`: a tab or a mis-indented line
/// is named as such (where it is, which may be above where the parser noticed), anything else
/// is translated, with the value as written when the value is the problem.
fn explain(
    file: &Path,
    text: &str,
    message: &str,
    line: u64,
    column: u64,
    path: String,
) -> Diagnostic {
    let message = strip_location(message);
    if let Some(d) = alias::breach(file, text, message) {
        return d;
    }
    if message.contains("tab")
        && let Some((l, c)) = indent::first_tab(text, line)
    {
        return Diagnostic::at(file, l, c, "", indent::tab_message(l, c));
    }
    if is_structural(message) {
        // A field goes missing when a line below the struct's start is mis-indented.
        let missing = message.starts_with("missing field");
        if let Some(p) = indent::first_problem(text)
            && (missing || p.line <= line.max(1))
        {
            return Diagnostic::at(file, p.line, p.column, p.path, p.message);
        }
        if let Some((l, key)) = colon_without_space(text, line) {
            return Diagnostic::at(
                file,
                l,
                1,
                "",
                format!("第{l}行“{key}:”的冒号后面要有一个空格"),
            );
        }
        if message.contains("quote")
            && let Some(l) = unclosed_quote(text, line)
        {
            return Diagnostic::at(
                file,
                l,
                1,
                "",
                format!(
                    "第{l}行的引号没有闭合：请在文字末尾补上另一半引号（只能用半角引号 \" 或 '）"
                ),
            );
        }
        if let Some((l, key)) = full_width_colon(text, line) {
            return Diagnostic::at(
                file,
                l,
                1,
                "",
                format!("第{l}行“{key}”后面的冒号是全角“：”，请改为半角冒号“:”，后面加一个空格"),
            );
        }
    }
    let shape = [
        "expected mapping",
        "expected a mapping",
        "expected sequence",
        "expected a sequence",
    ];
    let empty = message.starts_with("invalid type: unit value")
        || message.starts_with("invalid type: null");
    if (empty || shape.iter().any(|m| message.contains(m)))
        && let Some(hint) = indent::empty_block(text, line)
    {
        return Diagnostic::at(file, line, column, path, hint);
    }
    let raw = value_at(text, line, column).filter(|r| !r.starts_with([':', '#']));
    Diagnostic::at(file, line, column, path, translate(message, raw.as_deref()))
}

/// A key written with a full-width colon (`scope： 全市`) on `line` or the line above: the
/// parser sees no key there at all.
fn full_width_colon(text: &str, line: u64) -> Option<(u64, String)> {
    let lines: Vec<&str> = text.split('\n').collect();
    let at = usize::try_from(line).ok()?.max(1);
    (at.saturating_sub(1).max(1)..=at).rev().find_map(|l| {
        let source = lines.get(l - 1)?;
        let (key, _) = source.split_once('：')?;
        let key = key.trim().trim_start_matches("- ");
        (!key.is_empty() && !key.contains([':', '#', '"', '\'']))
            .then(|| (l as u64, key.to_string()))
    })
}

/// A key glued to its value (`issue_date:2020-01-06`) on `line` or the line above.
fn colon_without_space(text: &str, line: u64) -> Option<(u64, String)> {
    let lines: Vec<&str> = text.split('\n').collect();
    let at = usize::try_from(line).ok()?.max(1);
    (at.saturating_sub(1).max(1)..=at).rev().find_map(|l| {
        let source = lines.get(l - 1)?.trim_start().trim_start_matches("- ");
        let (key, value) = source.split_once(':')?;
        let glued = !value.is_empty() && !value.starts_with([' ', '\t', '/']);
        let plain_key = !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        (glued && plain_key).then(|| (l as u64, key.to_string()))
    })
}

/// The first line before `line` that opens a double-quoted string and does not close it.
fn unclosed_quote(text: &str, line: u64) -> Option<u64> {
    text.split('\n')
        .take(usize::try_from(line).ok()?)
        .enumerate()
        .find(|(_, l)| {
            let before_comment = l.split(" #").next().unwrap_or(l);
            let quotes = before_comment
                .char_indices()
                .filter(|&(i, c)| c == '"' && !before_comment[..i].ends_with('\\'))
                .count();
            quotes % 2 == 1
        })
        .map(|(i, _)| i as u64 + 1)
}

/// Whether the message is about the file's structure (syntax, or a field missing because the
/// structure went wrong) rather than about one value.
fn is_structural(message: &str) -> bool {
    const ABOUT_A_VALUE: [&str; 6] = [
        "invalid type",
        "invalid value",
        "unknown field",
        "duplicate mapping key",
        "应为",
        "invalid boolean",
    ];
    let number = message
        .strip_prefix("invalid ")
        .is_some_and(|kind| NUMBER_KINDS.contains(&kind));
    !number && !ABOUT_A_VALUE.iter().any(|m| message.starts_with(m))
}

const NUMBER_KINDS: [&str; 10] = [
    "i64",
    "u64",
    "i32",
    "u32",
    "usize",
    "i8",
    "u8",
    "f64",
    "f32",
    "floating point",
];

/// The value written at `line`:`column` (1-based): a quoted string's contents, or a plain
/// scalar up to the next `,`, bracket or comment.
fn value_at(text: &str, line: u64, column: u64) -> Option<String> {
    let source = text
        .split('\n')
        .nth(usize::try_from(line).ok()?.checked_sub(1)?)?;
    let from: String = source
        .chars()
        .skip(usize::try_from(column).ok()?.checked_sub(1)?)
        .collect();
    for quote in ['"', '\''] {
        if let Some(inner) = from.strip_prefix(quote) {
            return Some(inner.split(quote).next().unwrap_or(inner).to_string());
        }
    }
    let mut value = String::new();
    let mut previous = ' ';
    for c in from.chars() {
        if ",{}[]".contains(c) || (c == '#' && previous.is_whitespace()) {
            break;
        }
        value.push(c);
        previous = c;
    }
    Some(value.trim_end_matches([' ', '\t']).to_string())
}

/// The field path as the user wrote it: `?` segments (spanned map keys) replaced by the keys,
/// and the `value` segment of a spanned value dropped. A key that was not read yet ends the
/// path (no `?` reaches the user).
fn readable_path(raw: &str, keys: Vec<String>) -> String {
    if raw == "." {
        return String::new();
    }
    let mut keys = keys.into_iter();
    let mut out: Vec<String> = Vec::new();
    for segment in raw.split('.') {
        match segment {
            "?" => match keys.next() {
                Some(key) => out.push(key),
                None => break,
            },
            "value" if !out.is_empty() => {}
            // A key glued to its value (`done:30`, `done：30`) is named by its key.
            other => out.push(other.split([':', '：']).next().unwrap_or(other).to_string()),
        }
    }
    out.join(".")
}

/// The YAML parser's messages (granit-parser, serde-saphyr) in Chinese: a phrase of the
/// message, and what the clerk reads instead.
const PARSER_MESSAGES: &[(&str, &str)] = &[
    (
        "did not find expected key",
        "这一行的格式不对：同一层的键应左对齐，每个键后面是“: ”（冒号加空格）",
    ),
    (
        "mapping values are not allowed",
        "这里不能写“键: 值”：多半是缩进不对；如果值本身含有“: ”，请给整段文字加引号",
    ),
    (
        "mapping keys are not allowed",
        "这里不能写“键: 值”：请检查缩进",
    ),
    (
        "block sequence entries are not allowed",
        "这里不能写以“- ”开头的列表项：请检查缩进",
    ),
    (
        "invalid indentation",
        "缩进不对：同一层的内容应左对齐，下一层多缩进几个空格",
    ),
    (
        "wrongly indented line in block scalar",
        "多行文字（| 或 > 之后）的缩进不对：每一行都应比键多缩进",
    ),
    ("unclosed bracket", "括号没有闭合：请补上对应的“}”或“]”"),
    (
        "mismatched bracket",
        "括号不配对：“{”要用“}”结束，“[”要用“]”结束",
    ),
    ("misplaced bracket", "多了一个括号，或括号的位置不对"),
    (
        "unclosed quote",
        "引号没有闭合：请补上另一半引号（只能用半角引号 \" 或 '）",
    ),
    (
        "did not find expected ',' or '}'",
        "{ } 中的各项之间应以半角逗号“,”分隔，最后以“}”结束",
    ),
    (
        "expected ',' or ']'",
        "[ ] 中的各项之间应以半角逗号“,”分隔，最后以“]”结束",
    ),
    ("':' must be followed by", "冒号“:”后面要有一个空格"),
    ("':' may not precede", "冒号“:”后面要有一个空格"),
    ("'-' must be followed by", "列表项的“-”后面要有一个空格"),
    ("illegal placement of ':'", "冒号“:”的位置不对"),
    ("simple key expected ':'", "应为“键: 值”：缺少冒号“:”"),
    (
        "simple key is no longer valid",
        "应为“键: 值”：键和冒号要写在同一行",
    ),
    ("comments must be separated", "注释的“#”前面要有一个空格"),
    (
        "comment intercepting the multiline text",
        "多行文字中间不能插入注释",
    ),
    ("unexpected eof", "文件意外结束：可能少了括号或引号的另一半"),
    ("unexpected EOF", "文件意外结束：可能少了括号或引号的另一半"),
    (
        "unknown anchor",
        "引用了未定义的锚点：“*名称”之前要先有“&名称”",
    ),
    (
        "multiple documents",
        "一个文件只能有一份数据：请删去“---”之后的部分",
    ),
    (
        "did not find expected node content",
        "这里缺少内容：冒号或“-”后面应有值",
    ),
    (
        "invalid trailing content after",
        "引号后面还有多余的文字：整段文字都应放在引号之内",
    ),
    (
        "unknown escape character",
        "双引号中的“\\”后面是无效的转义字符：反斜杠请写成 \\\\，或改用单引号",
    ),
    (
        "plain scalar cannot start with '-'",
        "以“-”开头的文字请加引号",
    ),
    ("expected mapping", "应为“键: 值”形式的映射"),
    ("expected a mapping", "应为“键: 值”形式的映射"),
    ("expected sequence", "应为列表（每项以“- ”开头）"),
    ("expected a sequence", "应为列表（每项以“- ”开头）"),
    (
        "expected string scalar",
        "这里应为单个的值（文字、数字或日期），不能是列表或“键: 值”映射",
    ),
    (
        "YAML directives are disallowed",
        "不能使用 % 开头的 YAML 指令",
    ),
    (
        "a BOM must not appear inside",
        "文件中间有字节顺序标记（BOM）：请删去",
    ),
    ("recursion limit exceeded", "嵌套层数过多"),
];

/// Turns the parser's English message into Chinese. `raw` is the value written where the
/// error is (when the message is about a value). Nothing in English reaches the user.
fn translate(message: &str, raw: Option<&str>) -> String {
    if message.starts_with("应为") {
        // Our own Chinese message from a model type (a date, a period).
        return message.to_string();
    }
    if let Some(rest) = message.strip_prefix("unknown field ") {
        return unknown_field(rest);
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
    for (prefix, lead) in [
        ("invalid type: ", "类型不对"),
        ("invalid value: ", "取值不对"),
    ] {
        if let Some(rest) = message.strip_prefix(prefix)
            && let Some((found, expected)) = rest.split_once(", expected ")
        {
            let expected = expected_cn(expected);
            let number = matches!(expected.as_str(), "整数" | "数字");
            if number && let Some(s) = found.trim().strip_prefix("string ") {
                return scalar::number_problem(s.trim_matches('"'), expected == "整数");
            }
            return format!("{lead}：应为{expected}，写的是{}", found_cn(found));
        }
    }
    if let Some(kind) = message.strip_prefix("invalid ")
        && NUMBER_KINDS.contains(&kind)
    {
        let integer = kind.starts_with(['i', 'u']);
        return match raw {
            Some(raw) => scalar::number_problem(raw, integer),
            None if integer => "应为整数（阿拉伯数字，不带小数点或单位），例如 12".to_string(),
            None => "应为数字，例如 5 或 2.5".to_string(),
        };
    }
    if message.starts_with("invalid boolean") {
        return "应为 true 或 false".to_string();
    }
    if message.contains("null") && message.contains("string") {
        return "此处不能为空，应为文字".to_string();
    }
    if message.contains("budget") || message.contains("limit") {
        return "文件结构超出允许的规模（别名、嵌套或元素过多）".to_string();
    }
    if let Some((m, chinese)) = PARSER_MESSAGES.iter().find(|(m, _)| message.contains(m)) {
        let shape =
            m.starts_with("expected m") || m.starts_with("expected a m") || m.contains("sequence");
        return match raw.filter(|r| shape && !r.is_empty()) {
            Some(raw) => format!("{chinese}，写的是“{raw}”"),
            None => (*chinese).to_string(),
        };
    }
    "YAML 格式错误：请检查这一行的缩进、冒号（后面要有空格）、引号和括号".to_string()
}

/// `unknown field `cuont`, expected one of ...`: the field, the choices, a guess, and the
/// mistakes that make a key unknown (a full-width colon, no space after the colon).
fn unknown_field(rest: &str) -> String {
    let (field, expected) = split_expected(rest);
    let bare = field.trim_matches(['“', '”']);
    if let Some((key, _)) = bare.split_once('：') {
        return format!("“{key}”后面的冒号是全角“：”，请改为半角冒号“:”，后面加一个空格");
    }
    if let Some((key, _)) = bare.split_once(':') {
        return format!("“{key}”后面的冒号“:”之后要有一个空格");
    }
    let choices: Vec<&str> = expected.split(", ").collect();
    let choices_cn = choices.join("、");
    match suggest::did_you_mean(bare, choices.iter().map(|c| (*c, ""))) {
        Some(guess) => format!("未知字段 {field}：{guess}此处可用的字段：{choices_cn}"),
        None => format!("未知字段 {field}（可能是拼写错误）；此处可用的字段：{choices_cn}"),
    }
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
    } else if e.chars().any(|c| c.is_ascii_alphabetic()) {
        "另一种写法（请对照 docs/input-format.md）".into()
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
        "其他类型的值".into()
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
        assert_eq!(d.message, "“十二”是汉字数字，请改为阿拉伯数字 12");
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
