//! Any spreadsheet file (xlsx, xls, ods, csv) → its sheets as rows of cells, each cell
//! addressable as `Sheet!C7`, bounded by [`limits`](super::limits).

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, DataRef, Reader, SheetType, SheetVisible};

use super::extent;
use super::limits::{self, MAX_COLUMNS, MAX_FILE_BYTES, MAX_ROWS};
use crate::diagnostic::Diagnostic;
use crate::io_error::io_reason;

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

    fn set(&mut self, row: u32, col: u32, value: Value) -> Result<(), String> {
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

/// A file read into sheets.
#[derive(Debug)]
pub(crate) struct Book {
    /// The file as named in messages (its file name).
    pub(crate) label: String,
    pub(crate) sheets: Vec<Sheet>,
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

/// What kind of file the bytes are, whatever the name says.
enum Kind {
    Xlsx,
    Ods,
    Xls,
    Csv,
}

/// Reads `path` into sheets. Every refusal names the file and says what to do.
pub(crate) fn read(path: &Path) -> Result<Book, Diagnostic> {
    let fail = |message: String| Diagnostic::file(path, message);
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if matches!(ext.as_str(), "et" | "ett") {
        return Err(fail(
            "这是 WPS 表格文件（.et），无法直接读取：请另存为 xlsx（WPS 表格：文件 → 另存为 → Excel 工作簿 *.xlsx）后再导入"
                .to_string(),
        ));
    }
    if matches!(ext.as_str(), "numbers" | "xlsb") {
        return Err(fail(format!("不支持 .{ext} 文件：请另存为 xlsx 后再导入")));
    }
    let size = std::fs::metadata(path)
        .map_err(|e| fail(format!("无法读取：{}", io_reason(&e))))?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(fail(format!(
            "文件有 {} MB，超过上限 {} MB，拒绝读取：请只保留需要导入的工作表和数据",
            size / (1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| fail(format!("无法读取：{}", io_reason(&e))))?;
    parse(path, &ext, bytes)
}

/// Reads the bytes of the spreadsheet `path` (whose extension, lowercased, is `ext`) into
/// sheets; `path` names it in messages.
pub(crate) fn parse(path: &Path, ext: &str, bytes: Vec<u8>) -> Result<Book, Diagnostic> {
    let label = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let fail = |message: String| Diagnostic::file(path, message);
    let kind = if bytes.starts_with(b"PK\x03\x04") {
        limits::check_zip(Cursor::new(&bytes)).map_err(fail)?;
        if zip_has(&bytes, "content.xml") && !zip_has(&bytes, "xl/workbook.xml") {
            Kind::Ods
        } else {
            Kind::Xlsx
        }
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        Kind::Xls
    } else if matches!(ext, "csv" | "txt" | "tsv") {
        Kind::Csv
    } else {
        return Err(fail(format!(
            "不是可以导入的表格文件：支持 xlsx、xls、ods 和 csv（本文件扩展名为 “{ext}”）"
        )));
    };
    match kind {
        Kind::Xls => extent::check_xls(&bytes),
        Kind::Ods => extent::check_ods(&bytes),
        Kind::Xlsx | Kind::Csv => Ok(()),
    }
    .map_err(fail)?;
    let sheets = match kind {
        Kind::Xlsx => read_xlsx(bytes),
        Kind::Ods => calamine::Ods::new(Cursor::new(bytes))
            .map_err(|e| open_error(&e))
            .and_then(|book| read_dense(book, |_| Vec::new())),
        Kind::Xls => calamine::Xls::new(Cursor::new(bytes))
            .map_err(|e| open_error(&e))
            .and_then(|book| {
                let merged: Vec<(String, Vec<Area>)> = book
                    .sheet_names()
                    .into_iter()
                    .map(|name| {
                        let areas = book
                            .merge_cells_by_sheet_name(&name)
                            .unwrap_or_default()
                            .into_iter()
                            .map(|d| Area {
                                first: d.start,
                                last: d.end,
                            })
                            .collect();
                        (name, areas)
                    })
                    .collect();
                read_dense(book, |name| {
                    merged
                        .iter()
                        .find(|(n, _)| n == name)
                        .map(|(_, a)| a.clone())
                        .unwrap_or_default()
                })
            }),
        Kind::Csv => super::csv::read(path, &bytes).map(|s| vec![s]),
    }
    .map_err(fail)?;
    Ok(Book { label, sheets })
}

fn zip_has(bytes: &[u8], name: &str) -> bool {
    zip::ZipArchive::new(Cursor::new(bytes)).is_ok_and(|z| z.index_for_name(name).is_some())
}

fn open_error(e: &dyn std::fmt::Display) -> String {
    let text = e.to_string();
    if text.contains("password") || text.contains("Password") {
        "文件设置了打开密码：请去掉密码后再导入".to_string()
    } else {
        format!("无法读取表格（文件可能已损坏，或扩展名与内容不符）：{text}")
    }
}

fn read_xlsx(bytes: Vec<u8>) -> Result<Vec<Sheet>, String> {
    let mut book = calamine::Xlsx::new(Cursor::new(bytes)).map_err(|e| open_error(&e))?;
    let mut sheets = worksheets(book.sheets_metadata());
    for sheet in &mut sheets {
        sheet.merged = book
            .merge_cells_by_sheet_name(&sheet.name)
            .map_err(|e| open_error(&e))?
            .into_iter()
            .map(|d| Area {
                first: d.start,
                last: d.end,
            })
            .collect();
        let mut cells = book
            .worksheet_cells_reader(&sheet.name)
            .map_err(|e| open_error(&e))?;
        let declared = cells.dimensions();
        if declared.end.0 >= MAX_ROWS && declared.end.0 > declared.start.0 {
            return Err(format!(
                "工作表“{}”声明有 {} 行，超过 {MAX_ROWS} 行，拒绝读取：请只保留需要导入的数据",
                sheet.name,
                u64::from(declared.end.0) + 1
            ));
        }
        while let Some(cell) = cells.next_cell_with_formula().map_err(|e| open_error(&e))? {
            let (row, col) = cell.pos;
            let value = match (&cell.value, cell.formula) {
                (DataRef::Empty, Some(f)) if !f.is_empty() => Value::Uncalculated(f),
                (v, _) => value_ref(v),
            };
            sheet.set(row, col, value)?;
        }
    }
    Ok(sheets)
}

/// An empty sheet for each worksheet of a book (chart sheets and the like are not read).
fn worksheets(metas: &[calamine::Sheet]) -> Vec<Sheet> {
    metas
        .iter()
        .filter(|meta| meta.typ == SheetType::WorkSheet)
        .map(|meta| Sheet {
            name: meta.name.clone(),
            visible: meta.visible == SheetVisible::Visible,
            ..Sheet::default()
        })
        .collect()
}

fn value_ref(v: &DataRef<'_>) -> Value {
    match v {
        DataRef::Int(i) => Value::Number(*i as f64),
        DataRef::Float(f) => Value::Number(*f),
        DataRef::String(s) => text(s),
        DataRef::SharedString(s) => text(s),
        DataRef::Bool(b) => Value::Text(if *b { "TRUE" } else { "FALSE" }.to_string()),
        DataRef::DateTime(d) => date_text(d),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => text(s),
        DataRef::Error(e) => Value::Error(e.to_string()),
        DataRef::Empty => Value::Empty,
    }
}

fn value(v: &Data) -> Value {
    match v {
        Data::Int(i) => Value::Number(*i as f64),
        Data::Float(f) => Value::Number(*f),
        Data::String(s) => text(s),
        Data::Bool(b) => Value::Text(if *b { "TRUE" } else { "FALSE" }.to_string()),
        Data::DateTime(d) => date_text(d),
        Data::DateTimeIso(s) | Data::DurationIso(s) => text(s),
        Data::Error(e) => Value::Error(e.to_string()),
        Data::Empty => Value::Empty,
    }
}

/// A date cell as `2019-12-05` (ledgers have 完成时间 columns).
fn date_text(d: &calamine::ExcelDateTime) -> Value {
    let (y, m, day, ..) = d.to_ymd_hms_milli();
    Value::Text(format!("{y:04}-{m:02}-{day:02}"))
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

/// xls and ods: calamine reads whole ranges (values and formulas separately).
fn read_dense<R>(mut book: R, merged: impl Fn(&str) -> Vec<Area>) -> Result<Vec<Sheet>, String>
where
    R: Reader<Cursor<Vec<u8>>>,
    R::Error: std::fmt::Display,
{
    let mut sheets = worksheets(book.sheets_metadata());
    for sheet in &mut sheets {
        sheet.merged = merged(&sheet.name);
        let range = book
            .worksheet_range(&sheet.name)
            .map_err(|e| open_error(&e))?;
        let formulas = book.worksheet_formula(&sheet.name).ok();
        for (row, col, v) in range.used_cells() {
            let (r, c) = (
                range.start().map_or(0, |s| s.0) + row as u32,
                range.start().map_or(0, |s| s.1) + col as u32,
            );
            sheet.set(r, c, value(v))?;
        }
        if let Some(formulas) = formulas {
            let start = formulas.start().unwrap_or((0, 0));
            for (row, col, f) in formulas.used_cells() {
                let (r, c) = (start.0 + row as u32, start.1 + col as u32);
                if !f.is_empty() && *sheet.get(r, c) == Value::Empty {
                    sheet.set(r, c, Value::Uncalculated(f.clone()))?;
                }
            }
        }
    }
    Ok(sheets)
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
