//! Any spreadsheet file (xlsx, xls, ods, csv) → its sheets as rows of cells, each cell
//! addressable as `Sheet!C7`, bounded by [`limits`](super::limits).

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, DataRef, Reader, SheetType, SheetVisible};

use super::extent;
use super::limits::{self, MAX_FILE_BYTES, MAX_ROWS};
use super::sheet::{Area, Sheet, Value, text};
use crate::diagnostic::Diagnostic;
use crate::io_error::io_reason;

/// A file read into sheets.
#[derive(Debug)]
pub(crate) struct Book {
    /// The file as named in messages (its file name).
    pub(crate) label: String,
    pub(crate) sheets: Vec<Sheet>,
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
        Kind::Xlsx => super::strings::check_xlsx(&bytes),
        Kind::Csv => Ok(()),
    }
    .map_err(fail)?;
    let sheets = unpanicked(|| match kind {
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
    })
    .map_err(fail)?;
    Ok(Book { label, sheets })
}

thread_local! {
    /// Set while [`unpanicked`] reads a file: a panic then is the file's damage, said in
    /// Chinese by the caller, not a crash report on standard error.
    static READING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs a reader on bytes from outside. The readers (calamine) index and subtract with what a
/// damaged file declares; the records known to be dangerous are checked before
/// ([`extent`](super::extent)), and any panic left is caught here and reported as damage, so
/// that no byte sequence ends the process (a file is read on one thread; the hook is silent
/// only for the thread reading).
fn unpanicked<T>(read: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    static QUIET_HOOK: std::sync::Once = std::sync::Once::new();
    QUIET_HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !READING.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
    READING.with(|r| r.set(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(read));
    READING.with(|r| r.set(false));
    result.unwrap_or_else(|_| {
        Err(
            "无法读取表格：文件已损坏（其中的记录互相矛盾）。请在 Excel 或 WPS 中打开，确认内容无误后另存，再导入"
                .to_string(),
        )
    })
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
