//! The extent of an xls or ods sheet, read before calamine builds it. calamine reads both
//! formats into dense ranges — every cell from the first used to the last — so one cell at
//! IV65536 (a 6 KB xls) or a repeated row declaring millions of cells (an 827-byte ods) would
//! allocate gigabytes before any other check. Here the cell records (xls: the BIFF records of
//! the `Workbook` stream, through the `cfb` crate; ods: the `table:` elements of
//! `content.xml`, through quick-xml, streamed) are scanned for the span each sheet's grid
//! would take, and a span over [`MAX_GRID_CELLS`] is refused with the cell that makes it.

use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};

use super::limits::{MAX_COLUMNS, MAX_ROWS};
use super::sheet::cell_ref;

/// Most cells the grid of one xls or ods sheet may span (first used cell to last): a ledger
/// of 200,000 items in 10 columns. At calamine's 32 bytes a cell, 64 MB.
pub(crate) const MAX_GRID_CELLS: u64 = 2_000_000;

/// The used span of one sheet: first and last row and column with a value.
#[derive(Debug, Default, Clone, Copy)]
struct Span {
    used: bool,
    rows: (u64, u64),
    cols: (u64, u64),
}

impl Span {
    fn add(&mut self, row: u64, col_first: u64, col_last: u64) {
        if !self.used {
            *self = Span {
                used: true,
                rows: (row, row),
                cols: (col_first, col_last),
            };
            return;
        }
        self.rows = (self.rows.0.min(row), self.rows.1.max(row));
        self.cols = (self.cols.0.min(col_first), self.cols.1.max(col_last));
    }

    /// Refuses a span calamine would make too large a grid of; `sheet` names it (1-based).
    fn check(&self, sheet: usize) -> Result<(), String> {
        if !self.used {
            return Ok(());
        }
        let cells = (self.rows.1 - self.rows.0 + 1).saturating_mul(self.cols.1 - self.cols.0 + 1);
        let far = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
        let corner = cell_ref(far(self.rows.1), far(self.cols.1));
        if self.rows.1 >= u64::from(MAX_ROWS) || self.cols.1 >= u64::from(MAX_COLUMNS) {
            return Err(format!(
                "第{sheet}个工作表有数据位于 {corner}，超过 {MAX_ROWS} 行或 {MAX_COLUMNS} 列，拒绝读取：请删除远处的单元格，只保留需要导入的数据后另存"
            ));
        }
        if cells > MAX_GRID_CELLS {
            return Err(format!(
                "第{sheet}个工作表的数据区域（到 {corner}）达 {cells} 个单元格，超过上限 {MAX_GRID_CELLS} 个，拒绝读取：请只保留需要导入的数据后另存"
            ));
        }
        Ok(())
    }
}

/// Checks every sheet of an xls file (BIFF8 or BIFF5 in a compound file).
pub(crate) fn check_xls(bytes: &[u8]) -> Result<(), String> {
    let damaged = |e: &dyn std::fmt::Display| format!("不是有效的 xls 文件（文件已损坏：{e}）");
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| damaged(&e))?;
    let name = ["/Workbook", "/Book"]
        .into_iter()
        .find(|n| file.is_stream(n))
        .ok_or_else(|| "不是有效的 xls 文件（其中没有工作簿数据）".to_string())?;
    let mut stream = Vec::new();
    file.open_stream(name)
        .and_then(|mut s| s.read_to_end(&mut stream))
        .map_err(|e| damaged(&e))?;
    let mut pos = 0usize;
    let mut sheet = 0usize;
    let mut span = Span::default();
    while let Some(header) = stream.get(pos..pos + 4) {
        let kind = u16::from_le_bytes([header[0], header[1]]);
        let len = usize::from(u16::from_le_bytes([header[2], header[3]]));
        let Some(data) = stream.get(pos + 4..pos + 4 + len) else {
            break; // A truncated last record: calamine reports the damage.
        };
        let word = |at: usize| {
            data.get(at..at + 2)
                .map(|b| u64::from(u16::from_le_bytes([b[0], b[1]])))
        };
        let dword = |at: usize| {
            data.get(at..at + 4)
                .map(|b| u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])))
        };
        match kind {
            // BOUNDSHEET: where a sheet's substream starts; calamine slices the stream there.
            0x0085 if dword(0).is_some_and(|at| at >= stream.len() as u64) => {
                return Err(damaged(&"工作表的位置超出了文件"));
            }
            // DIMENSIONS: the area a sheet declares; calamine reserves room for all of it.
            0x0200 => declared(data, sheet.saturating_sub(1))?,
            // BOF: a new substream (the workbook globals, then one per sheet).
            0x0809 => {
                span.check(sheet.saturating_sub(1))?;
                sheet += 1;
                span = Span::default();
            }
            // NUMBER, RK, LABELSST, LABEL, BOOLERR, FORMULA, RSTRING: one cell.
            0x0203 | 0x027E | 0x00FD | 0x0204 | 0x0205 | 0x0006 | 0x00D6 => {
                if let (Some(row), Some(col)) = (word(0), word(2)) {
                    span.add(row, col, col);
                }
            }
            // MULRK: a run of cells in one row, its last column at the end.
            0x00BD => {
                if let (Some(row), Some(first), Some(last)) =
                    (word(0), word(2), len.checked_sub(2).and_then(word))
                {
                    // Six bytes a cell between the row, first column and last column.
                    if last < first || len as u64 != 6 + 6 * (last - first + 1) {
                        return Err(damaged(&"一行连续数值（MULRK 记录）的长度不对"));
                    }
                    span.add(row, first, last);
                }
            }
            _ => {}
        }
        pos += 4 + len;
    }
    // The first substream is the workbook's globals: sheets count from the second.
    span.check(sheet.saturating_sub(1))
}

/// Refuses the area a DIMENSIONS record declares for sheet `sheet` (1-based) when calamine
/// would reserve too much for it, or cannot compute it (last row before the first).
fn declared(data: &[u8], sheet: usize) -> Result<(), String> {
    let u16_at = |at: usize| u64::from(u16::from_le_bytes([data[at], data[at + 1]]));
    let u32_at = |at: usize| {
        u64::from(u32::from_le_bytes([
            data[at],
            data[at + 1],
            data[at + 2],
            data[at + 3],
        ]))
    };
    // As calamine reads it: rows first..last (exclusive), columns first..last (exclusive);
    // a first column past IV or after the last counts from A.
    let (first_row, end_row, first_col, end_col) = match data.len() {
        10 => (u16_at(0), u16_at(2), u16_at(4), u16_at(6)),
        14 | 16 => (u32_at(0), u32_at(4), u16_at(8), u16_at(10)),
        _ => return Ok(()), // calamine refuses another length itself
    };
    if end_row == 0 || end_col == 0 {
        return Ok(());
    }
    let first_col = if first_col > 0xFF || end_col < first_col {
        0
    } else {
        first_col
    };
    if first_row >= end_row {
        return Err(format!(
            "不是有效的 xls 文件（文件已损坏：第{sheet}个工作表声明的数据区域无效）：请在 Excel 或 WPS 中打开后另存，再导入"
        ));
    }
    let cells = (end_row - first_row).saturating_mul(end_col - first_col);
    if end_row > u64::from(MAX_ROWS) || end_col > u64::from(MAX_COLUMNS) || cells > MAX_GRID_CELLS {
        let far = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
        let corner = cell_ref(far(end_row - 1), far(end_col - 1));
        return Err(format!(
            "第{sheet}个工作表声明的数据区域（到 {corner}）达 {cells} 个单元格，超过上限 {MAX_GRID_CELLS} 个（或超过 {MAX_ROWS} 行、{MAX_COLUMNS} 列），拒绝读取：文件可能已损坏；请在 Excel 或 WPS 中打开，只保留需要导入的数据后另存"
        ));
    }
    Ok(())
}

/// Checks every table of an ods file's `content.xml` (the ZIP was checked before).
pub(crate) fn check_ods(bytes: &[u8]) -> Result<(), String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("不是有效的 ods 文件（ZIP 结构损坏：{e}）"))?;
    let mut content = Vec::new();
    zip.by_name("content.xml")
        .and_then(|mut f| Ok(f.read_to_end(&mut content)?))
        .map_err(|e| format!("不是有效的 ods 文件（无法读取 content.xml：{e}）"))?;
    let mut reader = quick_xml::Reader::from_reader(content.as_slice());
    let mut buf = Vec::new();
    let (mut sheet, mut span) = (0usize, Span::default());
    let (mut row, mut row_repeat, mut col) = (0u64, 1u64, 0u64);
    let mut row_cols: Option<(u64, u64)> = None;
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| format!("不是有效的 ods 文件（content.xml 已损坏：{e}）"))?;
        match &event {
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                "table:table" => {
                    sheet += 1;
                    span = Span::default();
                    row = 0;
                }
                "table:table-row" => {
                    row_repeat = repeat(e, "table:number-rows-repeated");
                    col = 0;
                    row_cols = None;
                    if matches!(event, Event::Empty(_)) {
                        row = row.saturating_add(row_repeat);
                    }
                }
                "table:table-cell" | "table:covered-table-cell" => {
                    let n = repeat(e, "table:number-columns-repeated");
                    let valued = matches!(event, Event::Start(_))
                        || e.try_get_attribute("office:value-type")
                            .ok()
                            .flatten()
                            .is_some();
                    if valued {
                        let last = col.saturating_add(n - 1);
                        row_cols = Some(row_cols.map_or((col, last), |(f, _)| (f, last)));
                    }
                    col = col.saturating_add(n);
                }
                _ => {}
            },
            Event::End(e) => match e.name().as_ref() {
                "table:table-row" => {
                    if let Some((first, last)) = row_cols {
                        span.add(row, first, last);
                        span.add(row.saturating_add(row_repeat - 1), first, last);
                    }
                    row = row.saturating_add(row_repeat);
                }
                "table:table" => span.check(sheet)?,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(())
}

/// The `number-…-repeated` count of an element (at least 1).
fn repeat(e: &BytesStart<'_>, name: &str) -> u64 {
    e.try_get_attribute(name)
        .ok()
        .flatten()
        .and_then(|a| a.value.trim().parse::<u64>().ok())
        .unwrap_or(1)
        .max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// An ods whose `content.xml` is `table` inside the document skeleton.
    pub(crate) fn ods(table: &str) -> Vec<u8> {
        let content = format!(
            "<?xml version=\"1.0\"?><office:document-content xmlns:office=\"o\" xmlns:table=\"t\" xmlns:text=\"x\"><office:body><office:spreadsheet>{table}</office:spreadsheet></office:body></office:document-content>"
        );
        let mut out = Cursor::new(Vec::new());
        {
            let mut w = zip::ZipWriter::new(&mut out);
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            w.start_file("mimetype", options).unwrap();
            w.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
                .unwrap();
            w.start_file("content.xml", options).unwrap();
            w.write_all(content.as_bytes()).unwrap();
            w.finish().unwrap();
        }
        out.into_inner()
    }

    /// An xls compound file whose `Workbook` stream holds `records` (kind, data).
    pub(crate) fn xls(records: &[(u16, Vec<u8>)]) -> Vec<u8> {
        let mut stream = Vec::new();
        for (kind, data) in records {
            stream.extend_from_slice(&kind.to_le_bytes());
            stream.extend_from_slice(&(data.len() as u16).to_le_bytes());
            stream.extend_from_slice(data);
        }
        let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
        file.create_stream("/Workbook")
            .unwrap()
            .write_all(&stream)
            .unwrap();
        file.flush().unwrap();
        file.into_inner().into_inner()
    }

    fn number(row: u16, col: u16) -> (u16, Vec<u8>) {
        let mut d = Vec::new();
        d.extend_from_slice(&row.to_le_bytes());
        d.extend_from_slice(&col.to_le_bytes());
        d.extend_from_slice(&[0; 10]);
        (0x0203, d)
    }

    #[test]
    fn a_repeated_row_declaring_millions_of_cells_is_refused_before_any_grid() {
        let table = "<table:table table:name=\"S\"><table:table-row table:number-rows-repeated=\"1000000\"><table:table-cell table:number-columns-repeated=\"99\" office:value-type=\"float\" office:value=\"1\"/></table:table-row></table:table>";
        let started = std::time::Instant::now();
        let e = check_ods(&ods(table)).unwrap_err();
        assert!(started.elapsed().as_secs() < 1);
        assert_eq!(
            e,
            "第1个工作表有数据位于 CU1000000，超过 200000 行或 256 列，拒绝读取：请删除远处的单元格，只保留需要导入的数据后另存"
        );
        // Empty rows repeated to the sheet's end, as LibreOffice writes them, are fine.
        let ok = "<table:table table:name=\"S\"><table:table-row><table:table-cell office:value-type=\"float\" office:value=\"1\"/></table:table-row><table:table-row table:number-rows-repeated=\"1048575\"><table:table-cell table:number-columns-repeated=\"1024\"/></table:table-row></table:table>";
        assert_eq!(check_ods(&ods(ok)), Ok(()));
    }

    #[test]
    fn one_far_cell_in_an_xls_is_refused_before_any_grid() {
        let bof = (0x0809, vec![0; 16]);
        let eof = (0x000A, vec![]);
        let far = xls(&[
            bof.clone(),
            eof.clone(),
            bof.clone(),
            number(0, 0),
            number(65535, 255),
            eof.clone(),
        ]);
        assert_eq!(
            check_xls(&far).unwrap_err(),
            "第1个工作表的数据区域（到 IV65536）达 16777216 个单元格，超过上限 2000000 个，拒绝读取：请只保留需要导入的数据后另存"
        );
        let near = xls(&[
            bof.clone(),
            eof.clone(),
            bof,
            number(0, 0),
            number(30, 5),
            eof,
        ]);
        assert_eq!(check_xls(&near), Ok(()));
        assert!(check_xls(b"\xD0\xCF\x11\xE0 not really").is_err());
    }
}
