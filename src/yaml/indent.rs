//! Indentation and tabs, said as such. The YAML parser reports a mis-indented key as "did not
//! find expected key", "mapping values are not allowed" or a missing field somewhere above; when
//! a parse fails, this module looks at the block structure the clerk wrote and names the first
//! line whose indentation does not fit, with the line it should align with.

/// A line whose indentation does not fit.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Problem {
    /// 1-based line and column (the column of the first non-space character).
    pub(crate) line: u64,
    pub(crate) column: u64,
    /// The field path of the key on that line, as far as the block structure shows it.
    pub(crate) path: String,
    pub(crate) message: String,
}

/// The first tab in `text` at or after line `from` (1-based), else the first tab at all:
/// `(line, column)`, both 1-based.
pub(crate) fn first_tab(text: &str, from: u64) -> Option<(u64, u64)> {
    let tabs = text.split('\n').enumerate().filter_map(|(i, line)| {
        line.chars()
            .position(|c| c == '\t')
            .map(|col| (i as u64 + 1, col as u64 + 1))
    });
    let all: Vec<(u64, u64)> = tabs.collect();
    all.iter()
        .find(|(line, _)| *line >= from)
        .or(all.first())
        .copied()
}

/// The message for a tab at `(line, column)`.
pub(crate) fn tab_message(line: u64, column: u64) -> String {
    format!("第{line}行第{column}列是制表符（Tab），请改为空格（YAML 只能用空格缩进）")
}

/// One open level of the block structure: its indentation, the line that opened it and its key
/// (or item number, for a `- ` item).
struct Level {
    indent: usize,
    line: u64,
    name: Name,
}

enum Name {
    Key(String),
    Item(usize),
    None,
}

/// The line as the scanner sees it: its content without comment, whether it ends inside quotes
/// or brackets (then the next lines are not block structure).
#[derive(Default, Clone, Copy)]
struct Scan {
    double: bool,
    single: bool,
    depth: i64,
}

/// Strips the comment from `line` and updates the quote and bracket state.
fn scan<'a>(line: &'a str, state: &mut Scan) -> &'a str {
    let mut previous = ' ';
    for (i, c) in line.char_indices() {
        if state.double {
            if c == '"' && previous != '\\' {
                state.double = false;
            }
        } else if state.single {
            if c == '\'' {
                state.single = false;
            }
        } else {
            match c {
                '"' => state.double = true,
                '\'' if previous.is_whitespace() || "[{,:".contains(previous) => {
                    state.single = true
                }
                '#' if previous.is_whitespace() => return &line[..i],
                '{' | '[' => state.depth += 1,
                '}' | ']' => state.depth -= 1,
                _ => {}
            }
        }
        previous = c;
    }
    line
}

/// `key` of a line `key: value` or `key:`, and whether a value follows on the same line.
fn mapping_key(body: &str) -> Option<(String, Option<&str>)> {
    let (key, rest) = if let Some(quoted) = body.strip_prefix('"') {
        let end = quoted.find('"')?;
        (&quoted[..end], quoted[end + 1..].strip_prefix(':')?)
    } else {
        if body.starts_with(['{', '[', '\'', '&', '*', '!', '|', '>']) {
            return None;
        }
        let at = body
            .match_indices(':')
            .find(|(i, _)| body[i + 1..].is_empty() || body[i + 1..].starts_with([' ', '\t']))?
            .0;
        (&body[..at], &body[at + 1..])
    };
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return None;
    }
    let value = rest.trim();
    Some((key.trim().to_string(), (!value.is_empty()).then_some(value)))
}

/// Whether a value opens a block scalar (`|`, `>-`, …): the lines below belong to it.
fn block_scalar(value: &str) -> bool {
    let mut chars = value.chars();
    matches!(chars.next(), Some('|' | '>')) && chars.all(|c| matches!(c, '-' | '+' | '0'..='9'))
}

fn path(levels: &[Level]) -> String {
    let mut out = String::new();
    for level in levels {
        match &level.name {
            Name::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Name::Item(i) => out.push_str(&format!("[{i}]")),
            Name::None => {}
        }
    }
    out
}

/// The first line whose indentation does not fit the block structure above it.
pub(crate) fn first_problem(text: &str) -> Option<Problem> {
    let mut levels: Vec<Level> = Vec::new();
    // The previous structural line: indentation, number, text, whether it opens a block.
    let mut previous: Option<(usize, u64, String, bool)> = None;
    let mut state = Scan::default();
    let mut scalar_above: Option<usize> = None;
    for (i, raw) in text.split('\n').enumerate() {
        let number = i as u64 + 1;
        let indent = raw.len() - raw.trim_start_matches(' ').len();
        if let Some(base) = scalar_above {
            if raw.trim().is_empty() || indent > base {
                continue;
            }
            scalar_above = None;
        }
        let structural = !state.double && !state.single && state.depth <= 0;
        let content = scan(raw, &mut state);
        let body = content.trim();
        if !structural || body.is_empty() {
            continue;
        }
        if raw[indent..].starts_with('\t') {
            return None; // tabs are reported as tabs
        }
        if body.starts_with("---") || body.starts_with("...") || body.starts_with('%') {
            levels.clear();
            previous = None;
            continue;
        }
        let item = body == "-" || body.starts_with("- ");
        let after_dash = if item { body[1..].trim_start() } else { body };
        let key = mapping_key(after_dash);
        if !item && key.is_none() {
            // A continuation of a plain scalar, or something the parser will explain itself.
            continue;
        }
        while levels.last().is_some_and(|l| l.indent > indent) {
            levels.pop();
        }
        let sibling = levels.last().is_some_and(|l| l.indent == indent);
        let child = match &previous {
            None => true,
            Some((p_indent, _, _, opens)) => *opens && indent > *p_indent,
        };
        if !sibling && !child {
            let (p_indent, p_line, p_text, _) = previous.as_ref()?;
            let column = indent as u64 + 1;
            let here = key.as_ref().map(|(k, _)| k.as_str());
            // Too deep under a line that has its value: the key was meant beside that line.
            let parents = if indent > *p_indent {
                &levels[..levels.len().saturating_sub(1)]
            } else {
                &levels[..]
            };
            let mut at = path(parents);
            if let Some(k) = here {
                if !at.is_empty() {
                    at.push('.');
                }
                at.push_str(k);
            }
            let message = if indent > *p_indent {
                format!(
                    "缩进不对：第{number}行缩进 {indent} 个空格，比第{p_line}行多，但第{p_line}行“{p_text}”已经写了值，下面不能再有下一层；\
                     如果是同一层的项目，请与第{p_line}行对齐（缩进 {p_indent} 个空格）"
                )
            } else {
                let outer = levels.last().map(|l| (l.indent, l.line));
                let inner = (*p_indent, *p_line);
                match outer {
                    Some((o_indent, o_line)) => format!(
                        "缩进不对：第{number}行缩进 {indent} 个空格，与上面各层都对不齐：\
                         应为 {o_indent} 个空格（与第{o_line}行同一层）或 {} 个空格（与第{}行同一层）",
                        inner.0, inner.1
                    ),
                    _ => format!(
                        "缩进不对：第{number}行缩进 {indent} 个空格，与上面各层都对不齐：\
                         应与第{}行对齐（缩进 {} 个空格）",
                        inner.1, inner.0
                    ),
                }
            };
            return Some(Problem {
                line: number,
                column,
                path: at,
                message,
            });
        }
        if sibling {
            let replaced = levels.pop();
            let name = match (&key, item, replaced.map(|l| l.name)) {
                (_, true, Some(Name::Item(n))) => Name::Item(n + 1),
                (_, true, _) => Name::Item(0),
                (Some((k, _)), false, _) => Name::Key(k.clone()),
                _ => Name::None,
            };
            levels.push(Level {
                indent,
                line: number,
                name,
            });
        } else {
            levels.push(Level {
                indent,
                line: number,
                name: match &key {
                    _ if item => Name::Item(0),
                    Some((k, _)) => Name::Key(k.clone()),
                    None => Name::None,
                },
            });
        }
        if item {
            // The item's own mapping starts after "- ".
            let inner = indent + (body.len() - after_dash.len());
            if let Some((k, _)) = &key {
                levels.push(Level {
                    indent: inner,
                    line: number,
                    name: Name::Key(k.clone()),
                });
            }
        }
        let value = key.as_ref().and_then(|(_, v)| *v);
        if value.is_some_and(block_scalar) {
            scalar_above = Some(indent);
        }
        let opens = match (&key, item) {
            (Some(_), _) => value.is_none() || value.is_some_and(block_scalar),
            (None, true) => after_dash.is_empty(),
            (None, false) => false,
        };
        // An item's keys align after its "- ": that is the indentation its siblings share.
        let own = match (&key, item) {
            (Some(_), true) => indent + (body.len() - after_dash.len()),
            _ => indent,
        };
        previous = Some((own, number, body.to_string(), opens));
    }
    None
}

/// When `line` is a `key:` with nothing after it and the next line is not indented below it,
/// the key's value is empty: says so (the parser only says a mapping or list was expected).
pub(crate) fn empty_block(text: &str, line: u64) -> Option<String> {
    let lines: Vec<&str> = text.split('\n').collect();
    let at = usize::try_from(line).ok()?.checked_sub(1)?;
    let source = scan(lines.get(at)?, &mut Scan::default());
    let indent = source.len() - source.trim_start_matches(' ').len();
    let (key, value) = mapping_key(source.trim().trim_start_matches("- "))?;
    if value.is_some() {
        return None;
    }
    let (n, next) = lines.iter().enumerate().skip(at + 1).find_map(|(i, l)| {
        let body = scan(l, &mut Scan::default()).trim_end();
        (!body.trim().is_empty()).then_some((i + 1, body))
    })?;
    let next_indent = next.len() - next.trim_start_matches(' ').len();
    let unindented_list = next_indent == indent && next.trim_start().starts_with('-');
    (next_indent <= indent && !unindented_list).then(|| {
        format!(
            "“{key}:”下面的内容要比它多缩进（例如多 2 个空格）：第{n}行“{}”与“{key}:”对齐了，{key} 就成了空的",
            next.trim()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(text: &str) -> Option<(u64, String, String)> {
        first_problem(text).map(|p| (p.line, p.path, p.message))
    }

    #[test]
    fn well_indented_yaml_has_no_problem() {
        for text in [
            "a: 1\nb:\n  c: 2\n  d:\n    - x\n    - y\ne:\n- 1\n- 2\nf: 3\n",
            "units:\n  - id: a\n    name: b\n  - { id: c,\n      name: d }\nnext: 1\n",
            "summary: |\n  第一行\n    缩进的一行\nx: 1\n",
            "summary: 很长的一句话\n  接着写的下一行\nx: 1\n",
            "s: \"多行\n  的字符串\"\nx: 1 # 注释: 不是键\n# 注释\n",
            "progress:\n  kg:\n    a: { done: 1 }\n    b: { done: 2 }\n",
            "-\n  a: 1\n-\n  a: 2\n",
        ] {
            assert_eq!(problem(text), None, "{text}");
        }
    }

    #[test]
    fn a_key_too_deep_is_named_with_the_line_to_align_with() {
        let p = problem("office:\n  name: b\n   short: c\nx: 1\n").unwrap();
        assert_eq!(p.0, 3);
        assert_eq!(p.1, "office.short");
        assert_eq!(
            p.2,
            "缩进不对：第3行缩进 3 个空格，比第2行多，但第2行“name: b”已经写了值，下面不能再有下一层；\
             如果是同一层的项目，请与第2行对齐（缩进 2 个空格）"
        );
    }

    #[test]
    fn a_key_between_levels_names_both() {
        let p = problem("office:\n  name: b\n short: c\n").unwrap();
        assert_eq!(p.0, 3);
        assert_eq!(
            p.2,
            "缩进不对：第3行缩进 1 个空格，与上面各层都对不齐：应为 0 个空格（与第1行同一层）或 2 个空格（与第2行同一层）"
        );
        let p =
            problem("progress:\n  kg:\n    lanshan: { done: 1 }\n     luozhuang: { done: 2 }\n")
                .unwrap();
        assert_eq!(p.0, 4);
        assert_eq!(p.1, "progress.kg.luozhuang");
    }

    #[test]
    fn the_shipped_samples_have_no_problem() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
        let mut files = 0;
        for campaign in std::fs::read_dir(root).unwrap() {
            let dir = campaign.unwrap().path();
            let mut paths = vec![dir.join("campaign.yaml")];
            for s in std::fs::read_dir(dir.join("snapshots")).unwrap() {
                paths.push(s.unwrap().path());
            }
            for path in paths {
                let text = std::fs::read_to_string(&path).unwrap();
                assert_eq!(first_problem(&text), None, "{}", path.display());
                files += 1;
            }
        }
        assert!(files >= 10, "{files}");
    }

    #[test]
    fn an_item_key_aligns_after_its_dash() {
        let p = problem("units:\n  - id: a\n     name: b\n").unwrap();
        assert_eq!(p.0, 3);
        assert_eq!(p.1, "units[0].name");
        assert!(p.2.ends_with("请与第2行对齐（缩进 4 个空格）"), "{}", p.2);
    }

    #[test]
    fn a_block_left_empty_by_its_indentation() {
        let text = "plan:\nlanshan: 52\nlist:\n- a\nok:\n  x: 1\n";
        assert_eq!(
            empty_block(text, 1).as_deref(),
            Some(
                "“plan:”下面的内容要比它多缩进（例如多 2 个空格）：第2行“lanshan: 52”与“plan:”对齐了，plan 就成了空的"
            )
        );
        assert_eq!(empty_block(text, 3), None);
        assert_eq!(empty_block(text, 5), None);
        assert_eq!(empty_block(text, 2), None);
    }

    #[test]
    fn tabs_are_found() {
        assert_eq!(first_tab("a: 1\n\tb: 2\n", 1), Some((2, 1)));
        assert_eq!(first_tab("a:\t1\nb: 2\n", 2), Some((1, 3)));
        assert_eq!(first_tab("a: 1\n", 1), None);
    }
}
