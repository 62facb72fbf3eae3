//! The shared-string references of an xlsx, checked before calamine reads them. calamine
//! parses a `t="s"` cell's index with `unwrap_or(0)`: an index of `-1` (or any text) would
//! read as the first shared string, a silently different value. Here every such cell of every
//! worksheet is read (quick-xml, streamed; the ZIP was checked for size before) and an index
//! that is not a whole number below the table's length is refused with its sheet and cell.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};

type Zip<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

/// Refuses a worksheet cell of `bytes` (an xlsx) whose shared-string index is not in the
/// table, naming the sheet and the cell.
pub(crate) fn check_xlsx(bytes: &[u8]) -> Result<(), String> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(()); // calamine reports a damaged package itself
    };
    let count = shared_count(&mut zip);
    for (name, part) in sheet_parts(&mut zip) {
        let Some(xml) = read(&mut zip, &part) else {
            continue;
        };
        check_sheet(&name, &xml, count)?;
    }
    Ok(())
}

fn read(zip: &mut Zip, name: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    zip.by_name(name).ok()?.read_to_end(&mut out).ok()?;
    Some(out)
}

fn local(e: &BytesStart) -> String {
    e.local_name().as_ref().to_string()
}

fn attr(e: &BytesStart, key: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == key)
        .map(|a| a.value.to_string())
}

/// How many `si` entries `xl/sharedStrings.xml` has (0 without the part).
fn shared_count(zip: &mut Zip) -> u64 {
    let Some(xml) = read(zip, "xl/sharedStrings.xml") else {
        return 0;
    };
    let mut reader = quick_xml::Reader::from_reader(xml.as_slice());
    let mut buf = Vec::new();
    let mut count = 0;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if local(&e) == "si" => count += 1,
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
    count
}

/// The worksheets in workbook order: (name, part path), through the workbook's relationships.
fn sheet_parts(zip: &mut Zip) -> Vec<(String, String)> {
    let mut targets = HashMap::new();
    if let Some(xml) = read(zip, "xl/_rels/workbook.xml.rels") {
        each_element(&xml, |e| {
            if local(e) == "Relationship"
                && let (Some(id), Some(target)) = (attr(e, "Id"), attr(e, "Target"))
            {
                let path = match target.strip_prefix('/') {
                    Some(absolute) => absolute.to_string(),
                    None => format!("xl/{target}"),
                };
                targets.insert(id, path);
            }
        });
    }
    let mut sheets = Vec::new();
    if let Some(xml) = read(zip, "xl/workbook.xml") {
        each_element(&xml, |e| {
            if local(e) == "sheet"
                && let (Some(name), Some(id)) = (attr(e, "name"), attr(e, "id"))
                && let Some(path) = targets.get(&id)
            {
                sheets.push((name, path.clone()));
            }
        });
    }
    sheets
}

fn each_element(xml: &[u8], mut visit: impl FnMut(&BytesStart)) {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) => visit(&e),
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
}

/// Every `<c t="s"><v>N</v></c>` of one worksheet's XML: N a whole number below `count`.
fn check_sheet(name: &str, xml: &[u8], count: u64) -> Result<(), String> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    // The reference of the shared-string cell being read, and whether inside its `v`.
    let mut cell: Option<String> = None;
    let mut in_value = false;
    let mut value = String::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => match local(&e).as_str() {
                "c" => {
                    cell = (attr(&e, "t").as_deref() == Some("s"))
                        .then(|| attr(&e, "r").unwrap_or_default());
                }
                "v" if cell.is_some() => {
                    in_value = true;
                    value.clear();
                }
                _ => {}
            },
            Ok(Event::Text(t)) if in_value => {
                value.push_str(t.as_ref());
            }
            Ok(Event::End(e)) => match e.local_name().as_ref() {
                "v" if in_value => {
                    in_value = false;
                    let index = value.trim();
                    let valid = !index.is_empty()
                        && index.bytes().all(|b| b.is_ascii_digit())
                        && index.parse::<u64>().is_ok_and(|i| i < count);
                    if !valid {
                        return Err(format!(
                            "工作表“{name}”的单元格 {} 引用的共享文字编号“{index}”无效（文件中共有 {count} 条共享文字，编号应为 0 到 {}）：文件已损坏，读出的会是别的文字；请在 Excel 或 WPS 中打开，核对该单元格后另存，再导入",
                            cell.as_deref().unwrap_or("?"),
                            count.saturating_sub(1)
                        ));
                    }
                }
                "c" => cell = None,
                _ => {}
            },
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_index_outside_the_table_is_refused_with_its_cell() {
        let sheet = br#"<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>-1</v></c></row></sheetData></worksheet>"#;
        let refused = check_sheet("表", sheet, 1).unwrap_err();
        assert!(
            refused.starts_with("工作表“表”的单元格 B1 引用的共享文字编号“-1”无效"),
            "{refused}"
        );
        let sheet = br#"<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>1</v></c></row></sheetData></worksheet>"#;
        assert!(check_sheet("表", sheet, 1).is_err());
        let sheet = br#"<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>-1</v></c></row></sheetData></worksheet>"#;
        assert_eq!(check_sheet("表", sheet, 1), Ok(()));
    }
}
