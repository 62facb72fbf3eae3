//! Aliases (`*name`, a reference to a value anchored `&name`) beyond the parser's limits: the
//! parser notices at the end of its scan, so the line with the most aliases and its key are
//! found here, and the message says what to write instead.

use crate::diagnostic::Diagnostic;
use std::path::Path;

/// Most aliases in one file.
pub(super) const MAX_ALIASES: usize = 10_000;
/// Most aliases per anchor on average, once a file has [`RATIO_FROM`] aliases.
pub(super) const MAX_PER_ANCHOR: usize = 10;
/// From how many aliases [`MAX_PER_ANCHOR`] is checked.
pub(super) const RATIO_FROM: usize = 100;

/// The column (1-based, in characters) of each token starting with `mark` on `line`: after a
/// space, `[`, `{`, `,` or the line's start, outside quotes and comments, and followed by a name.
fn tokens(line: &str, mark: char) -> Vec<usize> {
    let (mut double, mut single) = (false, false);
    let mut previous = ' ';
    let mut out = Vec::new();
    let chars: Vec<char> = line.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '"' if !single && previous != '\\' => double = !double,
            '\'' if !double
                && (single || previous.is_whitespace() || "[{,:".contains(previous)) =>
            {
                single = !single
            }
            '#' if !double && !single && previous.is_whitespace() => break,
            _ if c == mark && !double && !single => {
                let starts = previous.is_whitespace() || "[{,".contains(previous);
                let named = chars
                    .get(i + 1)
                    .is_some_and(|n| !n.is_whitespace() && !",[]{}".contains(*n));
                if starts && named {
                    out.push(i + 1);
                }
            }
            _ => {}
        }
        previous = c;
    }
    out
}

/// The key path (`distribution.report_to`) of `line` (0-based) in block-style YAML: its own
/// key and those of the less indented keys above it.
fn key_path(lines: &[&str], line: usize) -> String {
    let mut keys = Vec::new();
    let mut below = usize::MAX;
    for raw in lines[..=line].iter().rev() {
        let body = raw.trim_start_matches([' ', '-']);
        let indent = raw.len() - body.len();
        if body.is_empty() || body.starts_with('#') || indent >= below {
            continue;
        }
        if let Some((key, _)) = body.split_once(':')
            && !key.is_empty()
            && !key.contains([' ', '[', '{', '"', '\'', '*', '&'])
        {
            keys.push(key.to_string());
            below = indent;
        }
        if indent == 0 {
            break;
        }
    }
    keys.reverse();
    keys.join(".")
}

/// The diagnostic for a breach of the alias limits reported by the parser as `message`, or
/// `None` for any other message.
pub(super) fn breach(file: &Path, text: &str, message: &str) -> Option<Diagnostic> {
    let too_many = message.contains("budget breached: Aliases");
    if !too_many && !message.contains("budget breached: AliasAnchorRatio") {
        return None;
    }
    let lines: Vec<&str> = text.split('\n').collect();
    let per_line: Vec<Vec<usize>> = lines.iter().map(|l| tokens(l, '*')).collect();
    let aliases: usize = per_line.iter().map(Vec::len).sum();
    let anchors: usize = lines.iter().map(|l| tokens(l, '&').len()).sum();
    let (at, columns) = per_line
        .iter()
        .enumerate()
        .max_by_key(|(i, c)| (c.len(), usize::MAX - i))?;
    let column = *columns.first()?;
    let what = if too_many {
        format!("别名（*名称）共 {aliases} 处，超过上限 {MAX_ALIASES} 处")
    } else {
        format!(
            "别名（*名称）共 {aliases} 处而锚点（&名称）只有 {anchors} 个，平均每个锚点被引用超过 {MAX_PER_ANCHOR} 次"
        )
    };
    Some(Diagnostic::at(
        file,
        at as u64 + 1,
        column as u64,
        key_path(&lines, at),
        format!(
            "{what}（第{}行有 {} 处）：别名只用于少量重复的值，请直接写出每一项的内容",
            at + 1,
            columns.len()
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_are_found_outside_quotes_and_comments() {
        assert_eq!(tokens("a: [&x 1, *x, *x] # *x", '*'), vec![11, 15]);
        assert_eq!(tokens("a: \"*x\" '*y' 2*3 * x", '*'), Vec::<usize>::new());
        assert_eq!(tokens("- *x", '*'), vec![3]);
        assert_eq!(tokens("a: [&x 1, *x]", '&'), vec![5]);
    }

    #[test]
    fn the_key_path_of_a_line() {
        let lines: Vec<&str> = "name: a\ndistribution:\n  send_to: []\n  # c\n  report_to: [*x]\n"
            .split('\n')
            .collect();
        assert_eq!(key_path(&lines, 4), "distribution.report_to");
        assert_eq!(key_path(&lines, 0), "name");
    }

    #[test]
    fn other_messages_are_left_to_the_translation() {
        assert!(breach(Path::new("c.yaml"), "a: 1\n", "invalid type: string").is_none());
    }
}
