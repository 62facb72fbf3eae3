//! Reading an input file as text: UTF-8 with or without BOM, LF or CRLF.
//!
//! Files saved on Windows (BOM, CRLF) give exactly the same text as files saved on Linux.
//! A file in another encoding is reported as such — never decoded into mojibake.

use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::io_error::io_reason;
use crate::yaml::escape::invisible;

/// Largest input file accepted. Real campaign files are a few kilobytes; a 3,000-unit
/// national roll-up is well under 1 MiB.
pub const MAX_INPUT_BYTES: u64 = 16 * 1024 * 1024;

/// Reads `path` and returns its text with the BOM removed and line ends normalised to `\n`.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let size = std::fs::metadata(path)
        .map_err(|e| Diagnostic::file(path, format!("无法读取文件：{}", io_reason(&e))))?
        .len();
    if size > MAX_INPUT_BYTES {
        return Err(Diagnostic::file(
            path,
            format!(
                "文件过大（{} 字节），输入文件不得超过 {} MiB",
                size,
                MAX_INPUT_BYTES / 1024 / 1024
            ),
        ));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::file(path, format!("无法读取文件：{}", io_reason(&e))))?;
    decode(path, &bytes)
}

/// Decodes the bytes of an input file; see [`read_text`].
pub fn decode(path: &Path, bytes: &[u8]) -> Result<String, Diagnostic> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(Diagnostic::file(
            path,
            "文件是 UTF-16 编码，应为 UTF-8：请在编辑器中“另存为”并选择 UTF-8 编码",
        ));
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(body) {
        Ok(text) => text,
        Err(e) => return Err(not_utf8(path, body, e.valid_up_to())),
    };
    if text.contains('\0') {
        let line = line_of(body, text.find('\0').unwrap_or(0));
        return Err(Diagnostic::at(
            path,
            line,
            0,
            "",
            "文件含有 NUL 字符，不是文本文件",
        ));
    }
    let text = normalise_line_ends(text);
    match invisible_characters(path, &text) {
        Some(d) => Err(d),
        None => Ok(text),
    }
}

/// The first invisible character in `text`, as a diagnostic with its line and column, and how
/// many there are in all.
fn invisible_characters(path: &Path, text: &str) -> Option<Diagnostic> {
    let mut first = None;
    let mut count = 0usize;
    for (line_no, line) in text.split('\n').enumerate() {
        for (col, ch) in line.chars().enumerate() {
            if let Some(kind) = invisible(ch) {
                count += 1;
                first.get_or_insert((line_no as u64 + 1, col as u64 + 1, kind, ch));
            }
        }
    }
    first.map(|(line, column, kind, ch)| {
        let more = if count > 1 {
            format!("（全文共 {count} 处）")
        } else {
            String::new()
        };
        Diagnostic::at(
            path,
            line,
            column,
            "",
            format!(
                "含有看不见的{kind} U+{:04X}{more}：它可能让名称或数字与看到的不同，请删除（常见于从网页或 Word 复制的文字）",
                u32::from(ch)
            ),
        )
    })
}

fn not_utf8(path: &Path, bytes: &[u8], valid_up_to: usize) -> Diagnostic {
    let line = line_of(bytes, valid_up_to);
    let (gbk, _, had_errors) = encoding_rs::GB18030.decode(bytes);
    let message = if had_errors {
        "文件不是有效的 UTF-8 文本，应为 UTF-8 编码".to_string()
    } else {
        let sample: String = gbk
            .lines()
            .nth(usize::try_from(line.saturating_sub(1)).unwrap_or(0))
            .unwrap_or("")
            .chars()
            .take(20)
            .collect();
        format!(
            "文件是 GBK/GB18030 编码（按 GBK 读出本行为“{}”），应为 UTF-8：请在 WPS 或记事本中“另存为”并选择 UTF-8 编码",
            sample.trim()
        )
    };
    Diagnostic::at(path, line, 0, "", message)
}

/// 1-based line number of a byte offset.
fn line_of(bytes: &[u8], offset: usize) -> u64 {
    let end = offset.min(bytes.len());
    bytes[..end].iter().filter(|&&b| b == b'\n').count() as u64 + 1
}

fn normalise_line_ends(text: &str) -> String {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_crlf_give_the_same_text() {
        let p = Path::new("a.yaml");
        let unix = decode(p, "a: 1\nb: 兰山区\n".as_bytes()).unwrap();
        let windows = decode(p, "\u{feff}a: 1\r\nb: 兰山区\r\n".as_bytes()).unwrap();
        assert_eq!(unix, windows);
    }

    #[test]
    fn gbk_is_recognised_with_its_line() {
        let (bytes, _, _) = encoding_rs::GBK.encode("period: 2019-12\nname: 兰山区\n");
        let d = decode(Path::new("s.yaml"), &bytes).unwrap_err();
        assert_eq!(d.line, Some(2));
        assert!(d.message.contains("GBK"), "{}", d.message);
        assert!(d.message.contains("兰山区"), "{}", d.message);
    }

    #[test]
    fn invisible_characters_are_reported_where_they_are() {
        let d = decode(
            Path::new("s.yaml"),
            "a: 1\nname: 兰山\u{200b}区\nb: 1\u{a0}2\n".as_bytes(),
        )
        .unwrap_err();
        assert_eq!((d.line, d.column), (Some(2), Some(9)));
        assert!(d.message.contains("U+200B"), "{}", d.message);
        assert!(d.message.contains("共 2 处"), "{}", d.message);
        assert!(decode(Path::new("s.yaml"), "a:\t1\n".as_bytes()).is_ok());
    }

    #[test]
    fn utf16_is_refused() {
        let d = decode(Path::new("s.yaml"), &[0xFF, 0xFE, b'a', 0]).unwrap_err();
        assert!(d.message.contains("UTF-16"));
    }
}
