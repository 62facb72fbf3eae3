//! The ranking tables (附件) as a spreadsheet: a sheet per attachment table with the
//! attachment's columns, numbers as numbers (counts `0`, rates `0.0%`, points `+0.0`), the
//! header row frozen, A4 print set-up, and the document's date as the creation time so the
//! same bulletin gives the same bytes. Beside each table, a native bar chart of its 完成率
//! column by unit (Excel and WPS draw it; it follows the cells when they are edited). A cell
//! that prints a grade (等次) is filled with the grade's colour from the front matter. A
//! document whose tables are in its body (the weekly 调度 sheet) gets a sheet per body table.

use rust_xlsxwriter::{
    Chart, ChartType, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook,
    Worksheet, XlsxError,
};

use crate::document::{Align, Attachment, Block, Document, Span, Table};
use crate::fault::Fault;
use crate::model::Color;

/// The spreadsheet could not be written (a library failure, not the user's input).
#[derive(Debug, thiserror::Error)]
#[error("无法生成排名表 xlsx：{0}")]
pub struct XlsxRenderError(#[from] XlsxError);

impl XlsxRenderError {
    /// Whose fault: the workbook is written from a parsed document, so a failure is ours.
    pub fn fault(&self) -> Fault {
        Fault::Internal
    }
}

/// Renders the attachment tables of `document` as xlsx bytes. A bulletin without any table
/// gives a workbook with one sheet saying so.
pub fn render(document: &Document) -> Result<Vec<u8>, XlsxRenderError> {
    let mut book = Workbook::new();
    let date = document.front.date.0;
    use chrono::Datelike;
    let created = ExcelDateTime::from_ymd(
        u16::try_from(date.year()).unwrap_or(2000),
        u8::try_from(date.month()).unwrap_or(1),
        u8::try_from(date.day()).unwrap_or(1),
    )?;
    book.set_properties(
        &DocProperties::new()
            .set_title(&document.front.title)
            .set_author(&document.front.office)
            .set_creation_datetime(&created),
    );
    let styles = Styles::new();
    let mut used: Vec<String> = Vec::new();
    let body = body_tables(document);
    for attachment in body.iter().chain(&document.attachments) {
        let tables: Vec<&Table> = attachment
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
            .collect();
        for (k, table) in tables.iter().enumerate() {
            let name = sheet_name(attachment, k, tables.len(), &used);
            used.push(name.clone());
            let sheet = book.add_worksheet();
            sheet.set_name(&name)?;
            let fill = |text: &str| document.front.grade_color(text);
            let header_row = write_table(sheet, attachment, table, &styles, &fill)?;
            rate_chart(sheet, &name, table, header_row)?;
        }
    }
    if used.is_empty() {
        let sheet = book.add_worksheet();
        sheet.set_name("排名表")?;
        sheet.write_string(0, 0, "本期通报没有附件表格。")?;
    }
    Ok(book.save_to_buffer()?)
}

struct Styles {
    title: Format,
    note: Format,
    header: Format,
    text: [Format; 3],
    count: Format,
    rate: Format,
    points: Format,
}

impl Styles {
    fn new() -> Styles {
        let cell = Format::new()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter)
            .set_font_size(11);
        Styles {
            title: Format::new()
                .set_bold()
                .set_font_size(16)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            note: Format::new().set_font_size(11),
            header: cell
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_background_color("#D9D9D9"),
            text: [
                cell.clone().set_align(FormatAlign::Left),
                cell.clone().set_align(FormatAlign::Center),
                cell.clone().set_align(FormatAlign::Right),
            ],
            count: cell.clone().set_num_format("0"),
            rate: cell.clone().set_num_format("0.0%"),
            points: cell.set_num_format("+0.0;-0.0;0.0"),
        }
    }
}

/// A valid, unique sheet name: the table's title if it fits Excel's 31 characters, else the
/// attachment label (附件2).
fn sheet_name(attachment: &Attachment, k: usize, tables: usize, used: &[String]) -> String {
    let clean = |s: &str| -> String {
        s.chars()
            .map(|c| if "[]:*?/\\'".contains(c) { '_' } else { c })
            .collect()
    };
    let mut base = clean(&attachment.title);
    if base.chars().count() > 28 || base.trim().is_empty() {
        base = clean(&attachment.label);
    }
    if tables > 1 {
        base = format!("{base}（{}）", k + 1);
    }
    let base: String = base.chars().take(28).collect();
    let mut name = base.clone();
    let mut n = 2;
    while used.contains(&name) {
        name = format!("{base}（{n}）");
        n += 1;
    }
    name
}

/// A table cell as a spreadsheet value.
#[derive(Debug, PartialEq)]
enum Cell {
    Text(String),
    Count(f64),
    /// A fraction (0.609 for 60.9%).
    Rate(f64),
    /// Percentage points with a sign (+2.0).
    Points(f64),
}

/// Reads a cell the way the bulletin wrote it: `145` → a count, `60.9%` → a rate,
/// `+2.0`/`-38.1` → points; anything else (县区, —) stays text.
fn cell(text: &str) -> Cell {
    let t = text.trim();
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    let decimal = |s: &str| match s.split_once('.') {
        Some((a, b)) => digits(a) && digits(b),
        None => digits(s),
    };
    if let Some(p) = t.strip_suffix('%') {
        let body = p.strip_prefix('-').unwrap_or(p);
        if decimal(body)
            && let Ok(v) = p.parse::<f64>()
        {
            return Cell::Rate(v / 100.0);
        }
    }
    let body = t.strip_prefix(['+', '-']).unwrap_or(t);
    if body.contains('.')
        && decimal(body)
        && let Ok(v) = t.parse::<f64>()
    {
        return Cell::Points(v);
    }
    if digits(t)
        && let Ok(v) = t.parse::<f64>()
    {
        return Cell::Count(v);
    }
    Cell::Text(text.to_string())
}

/// The tables in the body (a weekly 调度 sheet's), each as a sheet of its own titled by the
/// heading above it, else by the document's title; none in a bulletin, whose tables are its
/// attachments.
fn body_tables(document: &Document) -> Vec<Attachment> {
    let mut out = Vec::new();
    let mut heading = document.front.title.replace('\n', "");
    for block in &document.body {
        match block {
            Block::Heading { spans, .. } => {
                heading = spans.iter().map(|s: &Span| s.text.as_str()).collect();
            }
            Block::Table(t) => out.push(Attachment {
                label: String::new(),
                title: heading.clone(),
                blocks: vec![Block::Table(t.clone())],
            }),
            _ => {}
        }
    }
    out
}

fn write_table(
    sheet: &mut Worksheet,
    attachment: &Attachment,
    table: &Table,
    styles: &Styles,
    fill: &dyn Fn(&str) -> Option<Color>,
) -> Result<u32, XlsxError> {
    let columns = u16::try_from(table.header.len().max(1)).unwrap_or(u16::MAX);
    let last_col = columns - 1;
    let mut row: u32 = 0;
    if last_col > 0 {
        sheet.merge_range(0, 0, 0, last_col, &attachment.title, &styles.title)?;
    } else {
        sheet.write_string_with_format(0, 0, &attachment.title, &styles.title)?;
    }
    sheet.set_row_height(0, 30)?;
    row += 1;
    for block in &attachment.blocks {
        if let Block::Paragraph(spans) = block {
            let text: String = spans.iter().map(|s: &Span| s.text.as_str()).collect();
            sheet.write_string_with_format(row, 0, text, &styles.note)?;
            row += 1;
        }
    }
    let header_row = row;
    for (c, h) in table.header.iter().enumerate() {
        sheet.write_string_with_format(header_row, col(c), h, &styles.header)?;
    }
    sheet.set_row_height(header_row, 32)?;
    let mut widths: Vec<usize> = table.header.iter().map(|h| width(h).min(16)).collect();
    for (r, cells) in table.rows.iter().enumerate() {
        let at = header_row + 1 + u32::try_from(r).unwrap_or(u32::MAX - header_row - 1);
        for (c, text) in cells.iter().enumerate() {
            if let Some(w) = widths.get_mut(c) {
                *w = (*w).max(width(text));
            }
            let align = table.align.get(c).copied().unwrap_or(Align::Left);
            match cell(text) {
                Cell::Count(v) => sheet.write_number_with_format(at, col(c), v, &styles.count)?,
                Cell::Rate(v) => sheet.write_number_with_format(at, col(c), v, &styles.rate)?,
                Cell::Points(v) => sheet.write_number_with_format(at, col(c), v, &styles.points)?,
                Cell::Text(t) => {
                    let style = match align {
                        Align::Left => &styles.text[0],
                        Align::Center => &styles.text[1],
                        Align::Right => &styles.text[2],
                    };
                    match fill(t.as_str()) {
                        Some(color) => {
                            let filled = style
                                .clone()
                                .set_background_color(format!("#{}", color.fill_hex()).as_str());
                            sheet.write_string_with_format(at, col(c), t, &filled)?
                        }
                        None => sheet.write_string_with_format(at, col(c), t, style)?,
                    }
                }
            };
        }
    }
    for (c, w) in widths.iter().enumerate() {
        sheet.set_column_width(col(c), (*w as f64 + 2.0).max(6.0))?;
    }
    sheet.set_freeze_panes(header_row + 1, 0)?;
    sheet.set_paper_size(9);
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_print_center_horizontally(true);
    sheet.set_repeat_rows(header_row, header_row)?;
    sheet.set_footer("&C第 &P 页，共 &N 页");
    Ok(header_row)
}

/// A bar chart of the table's 完成率 column by the names in its first text column, to the
/// right of the table; none when the table has no such columns.
fn rate_chart(
    sheet: &mut Worksheet,
    name: &str,
    table: &Table,
    header_row: u32,
) -> Result<(), XlsxError> {
    let rows = table.rows.len();
    let column = |f: &dyn Fn(&str, &Cell) -> bool| {
        (0..table.header.len()).find(|&c| {
            rows > 0
                && table
                    .rows
                    .iter()
                    .all(|r| r.get(c).is_some_and(|t| f(&table.header[c], &cell(t))))
        })
    };
    // A unit without a plan has no rate (—): its bar is left empty.
    let rate = column(&|h, v| {
        h.contains("完成率")
            && matches!(v, Cell::Rate(_) | Cell::Text(_))
            && !matches!(v, Cell::Text(t) if t.trim() != "—")
    });
    let label = column(&|_, v| matches!(v, Cell::Text(t) if !t.trim().is_empty()));
    let (Some(rate), Some(label)) = (rate, label) else {
        return Ok(());
    };
    // The units only: a closing 合计 row (empty rank, the total) is not a bar.
    let total = table
        .rows
        .last()
        .and_then(|r| r.get(label))
        .is_some_and(|t| t.trim() == "合计");
    let units = rows - usize::from(total);
    if units == 0 {
        return Ok(());
    }
    let first = header_row + 1;
    let last = first + u32::try_from(units - 1).unwrap_or(0);
    let mut chart = Chart::new(ChartType::Bar);
    chart
        .add_series()
        .set_name(table.header[rate].as_str())
        .set_categories((name, first, col(label), last, col(label)))
        .set_values((name, first, col(rate), last, col(rate)));
    chart.title().set_name(&format!(
        "{}（按{}）",
        table.header[rate], table.header[label]
    ));
    chart.x_axis().set_reverse();
    chart.y_axis().set_num_format("0%");
    chart.legend().set_hidden();
    let height = u32::try_from(rows.clamp(8, 60) * 22 + 80).unwrap_or(400);
    chart.set_width(480).set_height(height);
    sheet.insert_chart(header_row, col(table.header.len() + 1), &chart)?;
    Ok(())
}

fn col(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}

/// Display width in Excel's character units: CJK counts two.
fn width(text: &str) -> usize {
    text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_become_numbers_where_they_are_numbers() {
        assert_eq!(cell("145"), Cell::Count(145.0));
        assert_eq!(cell("60.9%"), Cell::Rate(0.609));
        assert_eq!(cell("100.0%"), Cell::Rate(1.0));
        assert_eq!(cell("+2.0"), Cell::Points(2.0));
        assert_eq!(cell("-38.1"), Cell::Points(-38.1));
        assert_eq!(cell("0.0"), Cell::Points(0.0));
        assert_eq!(cell("—"), Cell::Text("—".into()));
        assert_eq!(cell("兰山区"), Cell::Text("兰山区".into()));
        assert_eq!(cell(""), Cell::Text(String::new()));
        assert_eq!(cell("1e5"), Cell::Text("1e5".into()));
    }

    #[test]
    fn each_ranking_table_gets_a_bar_chart_of_its_rates_by_unit() {
        let md = include_str!("../../tests/golden/linyi-kindergarten-2019-12.md");
        let doc = crate::document::parse(std::path::Path::new("bulletin.md"), md).expect("parse");
        let bytes = render(&doc).expect("xlsx");
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
        let mut read = |name: &str| {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut zip.by_name(name).expect(name), &mut text)
                .expect("utf-8");
            text
        };
        let sheet = read("xl/worksheets/sheet1.xml");
        let chart = read("xl/charts/chart1.xml");
        assert!(chart.contains("<c:barChart>"), "{chart}");
        let refs: Vec<&str> = chart
            .split("<c:f>")
            .skip(1)
            .filter_map(|r| r.split("</c:f>").next())
            .collect();
        // Categories: the 15 unit names; values: the 完成率 column of the same rows.
        assert_eq!(refs.len(), 2, "{chart}");
        let (cats, vals) = (refs[0], refs[1]);
        let rows = |r: &str| {
            r.rsplit('!')
                .next()
                .unwrap_or("")
                .replace(|c: char| c.is_ascii_uppercase() || c == '$', "")
        };
        assert_eq!(rows(cats), rows(vals));
        let (first, last) = rows(cats)
            .split_once(':')
            .map(|(a, b)| (a.parse::<u32>().unwrap(), b.parse::<u32>().unwrap()))
            .unwrap();
        assert_eq!(last - first + 1, 15, "{cats}");
        // The value column holds percentages (the 0.0% style), the category column text.
        let column = |r: &str| {
            r.rsplit('!')
                .next()
                .unwrap_or("")
                .split('$')
                .nth(1)
                .unwrap_or("")
                .to_string()
        };
        let value_cell = format!("<c r=\"{}{first}\"", column(vals));
        let at = sheet.find(&value_cell).expect("the value cell is written");
        assert!(
            sheet[at..]
                .split("</c>")
                .next()
                .unwrap_or("")
                .contains("<v>"),
            "not a number"
        );
        assert_ne!(column(cats), column(vals));
    }
}
