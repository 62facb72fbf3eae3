//! CSV (as Excel and WPS save it): UTF-8 with or without BOM, or GBK/GB18030; comma- or
//! tab-separated; quoted fields with doubled quotes and line breaks. One sheet, named after the
//! file.

use std::path::Path;

use super::limits::MAX_ROWS;
use super::sheet::{Sheet, text};

/// Reads CSV `bytes` (the contents of `path`) into one sheet.
pub(crate) fn read(path: &Path, bytes: &[u8]) -> Result<Sheet, String> {
    let decoded = decode(bytes)?;
    let name = path
        .file_stem()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let first_line = decoded.lines().next().unwrap_or("");
    let separator = if !first_line.contains(',') && first_line.contains('\t') {
        '\t'
    } else {
        ','
    };
    let mut sheet = Sheet {
        name,
        visible: true,
        ..Sheet::default()
    };
    let mut row: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = decoded.chars().peekable();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let push_row = |row: &mut Vec<String>, rows: &mut Vec<Vec<String>>| {
        rows.push(std::mem::take(row));
        if rows.len() > MAX_ROWS as usize {
            Err(format!(
                "超过 {MAX_ROWS} 行，拒绝读取：请只保留需要导入的数据"
            ))
        } else {
            Ok(())
        }
    };
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.push('"');
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
        } else if c == '"' && field.is_empty() {
            quoted = true;
        } else if c == separator {
            row.push(std::mem::take(&mut field));
        } else if c == '\n' || c == '\r' {
            if c == '\r' && chars.peek() == Some(&'\n') {
                chars.next();
            }
            row.push(std::mem::take(&mut field));
            push_row(&mut row, &mut rows)?;
        } else {
            field.push(c);
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        push_row(&mut row, &mut rows)?;
    }
    sheet.rows = rows
        .into_iter()
        .map(|r| r.iter().map(|f| text(f)).collect())
        .collect();
    Ok(sheet)
}

/// UTF-8 (BOM stripped) if the bytes are UTF-8, else GB18030 (a superset of GBK), which is
/// what Excel and WPS write on a Chinese Windows.
fn decode(bytes: &[u8]) -> Result<String, String> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(
            "这是 UTF-16 编码的文本（Excel 的“Unicode 文本”），无法读取：请另存为 “CSV UTF-8” 或 xlsx".to_string(),
        );
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(s.to_string());
    }
    let (text, _, had_errors) = encoding_rs::GB18030.decode(bytes);
    if had_errors {
        return Err(
            "既不是 UTF-8 也不是 GBK 编码的文本，无法读取：请用 Excel 或 WPS 另存为 “CSV UTF-8” 或 xlsx"
                .to_string(),
        );
    }
    Ok(text.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::sheet::Value;

    fn sheet(bytes: &[u8]) -> Sheet {
        read(Path::new("报表.csv"), bytes).unwrap()
    }

    #[test]
    fn utf8_gbk_and_bom_read_alike() {
        let text = "县区,完成数\r\n兰山区,30\r\n";
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(text.as_bytes());
        for bytes in [text.as_bytes(), &gbk, &bom] {
            let s = sheet(bytes);
            assert_eq!(s.name, "报表");
            assert_eq!(*s.get(1, 0), Value::Text("兰山区".into()));
            assert_eq!(*s.get(1, 1), Value::Text("30".into()));
        }
    }

    #[test]
    fn utf16_is_refused() {
        let e = read(Path::new("a.csv"), &[0xFF, 0xFE, b'a', 0]).unwrap_err();
        assert!(e.contains("UTF-16"), "{e}");
    }

    #[test]
    fn quotes_and_tabs() {
        let s = sheet("a,\"b,\"\"c\"\"\nd\"\n1,2".as_bytes());
        assert_eq!(*s.get(0, 1), Value::Text("b,\"c\"\nd".into()));
        assert_eq!(*s.get(1, 1), Value::Text("2".into()));
        let s = sheet("县区\t完成数\n兰山区\t3\n".as_bytes());
        assert_eq!(*s.get(1, 1), Value::Text("3".into()));
    }
}
