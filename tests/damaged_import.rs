//! Damaged spreadsheets never end the process (issue 18, point 3): a bit-flipped xls (the
//! earlier report: 「memory allocation of 858987216000 bytes failed」, exit 134) and an xlsx
//! whose shared-string index is −1 or out of range are refused with exit 1, a Chinese message
//! naming the file (and the sheet and cell where one can be named), and the snapshot untouched.
//!
//! The xls is `tests/fixtures/form-2019-12.xls`: the sample's fill-in form for 2019-12 as
//! `tongbao form` makes it, saved as Excel 97 (BIFF8) by xlwt; it imports cleanly as it is.

mod common;

use std::io::{Read, Write};
use std::path::Path;

use common::{sample_copy, stderr, tongbao};

const XLS: &[u8] = include_bytes!("fixtures/form-2019-12.xls");

/// Offsets at which flipping every bit of one byte made calamine 0.38 panic (index out of
/// range, subtraction overflow) or abort (a DIMENSIONS record declaring 855 GB of cells).
const KNOWN: [usize; 8] = [1428, 1456, 2590, 2730, 3066, 3206, 3556, 3563];

fn import(dir: &Path, file: &Path) -> std::process::Output {
    tongbao(
        dir,
        &[
            "import",
            dir.to_str().unwrap(),
            file.to_str().unwrap(),
            "--period",
            "2019-12",
        ],
    )
}

#[test]
fn the_fixture_imports_as_it_is() {
    let (t, dir) = sample_copy("xls-clean");
    let file = t.path().join("form.xls");
    std::fs::write(&file, XLS).unwrap();
    let o = import(&dir, &file);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn a_bit_flipped_xls_is_refused_or_read_never_aborts() {
    let (t, dir) = sample_copy("xls-flipped");
    let snapshot = dir.join("snapshots/2019-12.yaml");
    let original = std::fs::read(&snapshot).unwrap();
    let file = t.path().join("flipped.xls");
    let offsets: Vec<usize> = (0..XLS.len()).step_by(41).chain(KNOWN).collect();
    let mut refused = 0;
    for &at in &offsets {
        let mut bytes = XLS.to_vec();
        bytes[at] ^= 0xFF;
        std::fs::write(&file, &bytes).unwrap();
        let o = import(&dir, &file);
        let err = stderr(&o);
        match o.status.code() {
            Some(0) => std::fs::write(&snapshot, &original).unwrap(),
            Some(1) => {
                refused += 1;
                // Refused whole (the file's damage) or unit by unit (import keeps the units
                // it could take): either way said in Chinese, with 错误.
                assert!(err.contains("错误："), "byte {at}: {err}");
                std::fs::write(&snapshot, &original).unwrap();
            }
            other => panic!("byte {at}: exit {other:?}\n{err}"),
        }
        assert!(!err.contains("panicked"), "byte {at}: {err}");
    }
    assert!(refused > 10, "only {refused} of {} refused", offsets.len());
    // The reported abort: a sheet's DIMENSIONS record declaring billions of cells (the
    // form's second, hidden sheet).
    let mut bytes = XLS.to_vec();
    bytes[3563] ^= 0xFF;
    std::fs::write(&file, &bytes).unwrap();
    let o = import(&dir, &file);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).starts_with(&format!(
            "{}: 错误：第2个工作表声明的数据区域（到 ",
            file.display()
        )),
        "{}",
        stderr(&o)
    );
}

/// The sample's form as `tongbao form` writes it, with `edit` applied to its first sheet.
fn form_with(dir: &Path, out: &Path, edit: impl Fn(&str) -> String) {
    let plain = out.with_extension("plain.xlsx");
    let o = tongbao(
        dir,
        &[
            "form",
            dir.to_str().unwrap(),
            "--period",
            "2019-12",
            "--out",
            plain.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&plain).unwrap()).unwrap();
    let mut w = zip::ZipWriter::new(std::fs::File::create(out).unwrap());
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().expect("entry name").to_string();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            bytes = edit(&String::from_utf8(bytes).unwrap()).into_bytes();
        }
        w.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(&bytes).unwrap();
    }
    w.finish().unwrap();
}

#[test]
fn an_xlsx_shared_string_index_outside_the_table_is_refused_at_its_cell() {
    let (t, dir) = sample_copy("xlsx-sst");
    let snapshot = dir.join("snapshots/2019-12.yaml");
    let original = std::fs::read(&snapshot).unwrap();
    for index in ["-1", "9999", "x"] {
        let file = t.path().join(format!("sst{index}.xlsx"));
        form_with(&dir, &file, |xml| {
            // The unit name of row 2 (兰山区) is a shared string.
            let at = xml.find("<c r=\"A2\"").expect("cell A2");
            let v = at + xml[at..].find("<v>").expect("its value") + 3;
            let end = v + xml[v..].find("</v>").expect("value end");
            format!("{}{index}{}", &xml[..v], &xml[end..])
        });
        let o = import(&dir, &file);
        assert_eq!(o.status.code(), Some(1), "{index}: {}", stderr(&o));
        assert!(
            stderr(&o).starts_with(&format!(
                "{}: 错误：工作表“居住区配套幼儿园”的单元格 A2 引用的共享文字编号“{index}”无效（文件中共有 ",
                file.display()
            )),
            "{index}: {}",
            stderr(&o)
        );
        assert_eq!(std::fs::read(&snapshot).unwrap(), original);
    }
}
