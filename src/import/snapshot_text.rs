//! The imported figures as the `progress:` block of a snapshot, each value with a comment
//! naming its cell, and the block put in place of the old one with the rest of the file's
//! text (period, dates, notes, lists, comments, line ends) untouched.

use std::fmt::Write;

use super::Imported;
use crate::model::Campaign;

/// The `progress:` block (ending in a newline), one key per line so every value carries the
/// comment of its cell.
pub(crate) fn progress_block(campaign: &Campaign, imported: &Imported) -> String {
    let mut out = String::from("progress:\n");
    for (i, ind) in campaign.indicators.iter().enumerate() {
        if imported.values[i].iter().all(Option::is_none) {
            // No unit has reported yet: an empty map, not a null.
            let _ = writeln!(out, "  {}: {{}}", ind.id.value);
            continue;
        }
        let _ = writeln!(out, "  {}:", ind.id.value);
        for (u, unit) in campaign.units.iter().enumerate() {
            let Some(figures) = &imported.values[i][u] else {
                continue;
            };
            let _ = writeln!(out, "    {}:   # {}", unit.id.value, one_line(&unit.name));
            let _ = writeln!(
                out,
                "{}",
                traced_line(
                    format!("      done: {:<8}", figures.done.value),
                    &figures.done.source
                )
            );
            if !ind.parts.is_empty() {
                out.push_str("      parts:\n");
                for (part, traced) in ind.parts.iter().zip(&figures.parts) {
                    let key = format!("{}:", part.id.value);
                    let _ = writeln!(
                        out,
                        "{}",
                        traced_line(
                            format!("        {key:<10}{:<6}", traced.value),
                            &traced.source
                        )
                    );
                }
            }
        }
    }
    out
}

/// `line` with the source of its figure as a comment; a figure with no source (one the office
/// typed without a comment) gets none.
fn traced_line(line: String, source: &str) -> String {
    let source = one_line(source);
    if source.is_empty() {
        line.trim_end().to_string()
    } else {
        format!("{line}# {source}")
    }
}

/// A comment must stay on its line.
fn one_line(text: &str) -> String {
    text.replace(['\n', '\r'], " ")
}

/// `text` with its top-level `progress:` block replaced by `block`; `None` when the text has
/// no such block. The block runs from the `progress:` line to its last indented line; blank
/// lines and column-0 comments after it belong to what follows and are kept. The file's line
/// ends (LF or CRLF) are kept.
pub(crate) fn replace_progress(text: &str, block: &str) -> Option<String> {
    replace_block(text, "progress", block)
}

/// `text` with its top-level `key:` block replaced by `block` (which may be empty: the block
/// is removed), as [`replace_progress`] does for `progress:`; `None` when there is no such block.
pub(crate) fn replace_block(text: &str, key: &str, block: &str) -> Option<String> {
    let crlf = text.contains("\r\n");
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let start = lines.iter().position(|l| {
        let l = l.trim_start_matches('\u{feff}');
        [
            format!("{key}:"),
            format!("\"{key}\":"),
            format!("'{key}':"),
        ]
        .iter()
        .any(|k| l.starts_with(k.as_str()))
    })?;
    let mut end = start + 1;
    let mut i = start + 1;
    while i < lines.len() {
        let line = lines[i];
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim().is_empty() || content.starts_with('#') {
            i += 1;
            continue;
        }
        if content.starts_with([' ', '\t']) {
            i += 1;
            end = i;
            continue;
        }
        break;
    }
    let mut out = String::with_capacity(text.len() + block.len());
    let bom = if lines[start].starts_with('\u{feff}') {
        "\u{feff}"
    } else {
        ""
    };
    for l in &lines[..start] {
        out.push_str(l);
    }
    out.push_str(bom);
    if crlf {
        out.push_str(&block.replace('\n', "\r\n"));
    } else {
        out.push_str(block);
    }
    for l in &lines[end..] {
        out.push_str(l);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BLOCK: &str = "progress:\n  kg:\n    a: { done: 1 }\n";

    #[test]
    fn only_the_block_changes() {
        let text = "# head\nperiod: 2019-12\nprogress:\n  kg:\n    # note\n    a: { done: 9 }\n\n# notes follow\nnotes:\n  summary: x\n";
        let got = replace_progress(text, BLOCK).unwrap();
        assert_eq!(
            got,
            "# head\nperiod: 2019-12\nprogress:\n  kg:\n    a: { done: 1 }\n\n# notes follow\nnotes:\n  summary: x\n"
        );
    }

    #[test]
    fn crlf_and_last_block() {
        let text = "period: 2019-12\r\nprogress:\r\n  kg:\r\n    a: { done: 9 }\r\n";
        let got = replace_progress(text, BLOCK).unwrap();
        assert_eq!(
            got,
            "period: 2019-12\r\nprogress:\r\n  kg:\r\n    a: { done: 1 }\r\n"
        );
    }

    #[test]
    fn flow_style_block() {
        let text = "progress: { kg: { a: { done: 9 } } }\nnotes: {}\n";
        let got = replace_progress(text, BLOCK).unwrap();
        assert_eq!(got, format!("{BLOCK}notes: {{}}\n"));
    }

    #[test]
    fn no_block() {
        assert_eq!(replace_progress("period: 2019-12\n", BLOCK), None);
    }
}
