//! A worksheet as the import reads it: cells ([`Value`]), merged areas, and the `Sheet!C7`
//! references messages give. A leaf of `import`: the readers of each format fill it.

use super::limits::{MAX_COLUMNS, MAX_ROWS};

/// One cell's content, as the import needs to tell it apart.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Empty,
    Number(f64),
    Text(String),
    /// An error value such as `#DIV/0!`.
    Error(String),
    /// A formula whose result was never saved (the file was written by a program that does
    /// not calculate, or calculation was switched off).
    Uncalculated(String),
}

/// A rectangle of cells, 0-based and inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Area {
    pub(crate) first: (u32, u32),
    pub(crate) last: (u32, u32),
}

impl Area {
    /// `D1:E1`
    pub(crate) fn reference(&self) -> String {
        format!(
            "{}:{}",
            cell_ref(self.first.0, self.first.1),
            cell_ref(self.last.0, self.last.1)
        )
    }
}

/// One worksheet.
#[derive(Debug, Default)]
pub(crate) struct Sheet {
    pub(crate) name: String,
    pub(crate) visible: bool,
    /// Row-major; rows may differ in length.
    pub(crate) rows: Vec<Vec<Value>>,
    pub(crate) merged: Vec<Area>,
}

static EMPTY: Value = Value::Empty;

impl Sheet {
    /// The cell at 0-based `row`, `col` (empty outside the data).
    pub(crate) fn get(&self, row: u32, col: u32) -> &Value {
        self.rows
            .get(row as usize)
            .and_then(|r| r.get(col as usize))
            .unwrap_or(&EMPTY)
    }

    /// `居住区配套幼儿园!C7`
    pub(crate) fn at(&self, row: u32, col: u32) -> String {
        format!("{}!{}", self.name, cell_ref(row, col))
    }

    /// Puts `value` at 0-based `row`, `col`, refusing a cell beyond the limits.
    pub(crate) fn set(&mut self, row: u32, col: u32, value: Value) -> Result<(), String> {
        if row >= MAX_ROWS {
            return Err(format!(
                "工作表“{}”超过 {MAX_ROWS} 行，拒绝读取：请只保留需要导入的数据",
                self.name
            ));
        }
        if col >= MAX_COLUMNS {
            return Err(format!(
                "工作表“{}”超过 {MAX_COLUMNS} 列（{}），拒绝读取：请只保留需要导入的数据",
                self.name,
                cell_ref(row, col)
            ));
        }
        if value == Value::Empty {
            return Ok(());
        }
        let (r, c) = (row as usize, col as usize);
        if self.rows.len() <= r {
            self.rows.resize_with(r + 1, Vec::new);
        }
        let cells = &mut self.rows[r];
        if cells.len() <= c {
            cells.resize(c + 1, Value::Empty);
        }
        cells[c] = value;
        Ok(())
    }
}

/// `(6, 2)` → `C7`.
pub(crate) fn cell_ref(row: u32, col: u32) -> String {
    format!("{}{}", column_name(col), u64::from(row) + 1)
}

/// 0 → `A`, 25 → `Z`, 26 → `AA`.
pub(crate) fn column_name(col: u32) -> String {
    let mut n = u64::from(col) + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = u8::try_from((n - 1) % 26).unwrap_or(0);
        out.push(char::from(b'A' + rem));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

/// Text as a clerk means it: surrounding spaces (also full-width ones) dropped; blank is empty.
pub(crate) fn text(s: &str) -> Value {
    let t = s.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
    if t.is_empty() {
        Value::Empty
    } else {
        Value::Text(t.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_references() {
        assert_eq!(cell_ref(0, 0), "A1");
        assert_eq!(cell_ref(6, 2), "C7");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(701), "ZZ");
        assert_eq!(column_name(702), "AAA");
    }

    #[test]
    fn text_is_trimmed() {
        assert_eq!(text("\u{3000} 兰山区 "), Value::Text("兰山区".into()));
        assert_eq!(text("  "), Value::Empty);
    }
}
