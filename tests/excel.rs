//! Excel in and out: the reporting form, importing filled forms and ledgers (with errors that
//! name the sheet and cell), hostile files, and the ranking tables as xlsx.

mod common;

use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};

use calamine::{Data, Reader};
use common::zipbomb::{declare_size, one_entry_zip};
use common::{TempDir, sample_copy, stderr, stdout, tongbao};
use rust_xlsxwriter::{Formula, Workbook, Worksheet};

const SHEET: &str = "居住区配套幼儿园";

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn snapshot(dir: &Path, period: &str) -> PathBuf {
    dir.join("snapshots").join(format!("{period}.yaml"))
}

fn stats_json(dir: &Path, period: &str) -> String {
    let o = tongbao(dir, &["stats", s(dir), "--period", period, "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    stdout(&o)
}

/// `tongbao import <dir> <files> --period <period>` plus `extra`.
fn import(dir: &Path, files: &[&Path], period: &str, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["import", s(dir)];
    args.extend(files.iter().map(|f| s(f)));
    args.extend(["--period", period]);
    args.extend(extra);
    tongbao(dir, &args)
}

/// The text of a snapshot outside its `progress:` and `returns:` blocks (period, dates, notes,
/// lists).
fn outside_progress(text: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for line in text.lines() {
        if line.starts_with("progress:") || line.starts_with("returns:") {
            inside = true;
            continue;
        }
        if inside && (line.starts_with(' ') || line.trim().is_empty()) {
            continue;
        }
        inside = false;
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The `progress:` block of a snapshot's text (up to the next top-level key).
fn progress_of(text: &str) -> String {
    let start = text.find("\nprogress:").expect("progress") + 1;
    let end = text[start..]
        .find("\nnotes:")
        .map_or(text.len(), |e| start + e + 1);
    text[start..end].to_string()
}

/// The sample's units (name) with a snapshot's figures (done, public, private).
fn figures(period: &str) -> Vec<(String, i64, i64, i64)> {
    let inputs = tongbao::load(Path::new(common::SAMPLE)).expect("sample loads");
    let snap = inputs
        .snapshots
        .iter()
        .find(|x| x.period.value.to_string() == period)
        .expect("period");
    let progress = snap.progress.get("kindergarten").expect("indicator");
    inputs
        .campaign
        .units
        .iter()
        .map(|u| {
            let e = progress.get(&u.id.value).expect("unit");
            let part = |id: &str| e.parts.get(id).map_or(0, |p| p.value);
            (
                u.name.clone(),
                e.done.value,
                part("public"),
                part("private"),
            )
        })
        .collect()
}

/// December's figures as a form: the header at `header_row`, a row per unit below it. With
/// `plan_column` an empty 计划数 column stands second, as in the county form.
fn write_december(sheet: &mut Worksheet, header_row: u32, plan_column: bool) {
    let mut headers = vec![
        "县区",
        "累计完成数",
        "其中：办成公办园",
        "其中：委托办成普惠性民办园",
    ];
    if plan_column {
        headers.insert(1, "计划数");
    }
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(header_row, c as u16, *h).unwrap();
    }
    let first = u16::from(plan_column) + 1;
    for (r, (name, done, public, private)) in figures("2019-12").iter().enumerate() {
        let r = header_row + 1 + r as u32;
        sheet.write_string(r, 0, name).unwrap();
        for (c, v) in [done, public, private].iter().enumerate() {
            sheet.write_number(r, first + c as u16, **v as f64).unwrap();
        }
    }
}

/// A county-style form of December's figures (header row 1, a row per unit from row 2), with
/// `edit` applied before saving.
fn form_file(dir: &Path, name: &str, edit: impl FnOnce(&mut Worksheet)) -> PathBuf {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(SHEET).unwrap();
    write_december(sheet, 0, true);
    edit(sheet);
    let path = dir.join(name);
    book.save(&path).unwrap();
    path
}

/// Runs an import of `file` that must fail with `expected` among its messages, and checks that
/// the December snapshot is byte-identical afterwards.
fn refused(dir: &Path, file: &Path, expected: &str) -> String {
    let before = std::fs::read(snapshot(dir, "2019-12")).unwrap();
    let o = import(dir, &[file], "2019-12", &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains(expected), "expected {expected:?} in:\n{err}");
    assert!(err.contains("未生成任何文件"), "{err}");
    assert_eq!(
        std::fs::read(snapshot(dir, "2019-12")).unwrap(),
        before,
        "a failed import changed the snapshot"
    );
    err
}

/// Runs an import of `file` (a form of every unit) in which the units `refused` have errors,
/// `expected` among them: exit code 1, the others written, the refused ones named.
fn partly_taken(dir: &Path, file: &Path, refused: &[&str], expected: &str) -> String {
    let o = import(dir, &[file], "2019-12", &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains(expected), "expected {expected:?} in:\n{err}");
    assert!(!err.contains("未生成任何文件"), "{err}");
    let out = stdout(&o);
    assert!(
        out.contains(&format!(
            "未导入 {} 个单位（报表有误，见上）：{}；",
            refused.len(),
            refused.join("、")
        )),
        "{out}"
    );
    err
}

#[test]
fn round_trip_gives_back_the_same_figures() {
    let (tmp, dir) = sample_copy("xlsx-round-trip");
    let original = std::fs::read_to_string(snapshot(&dir, "2019-12")).unwrap();
    let expected = stats_json(&dir, "2019-12");
    let form = tmp.path().join("填报表.xlsx");
    let o = tongbao(
        tmp.path(),
        &[
            "form",
            s(&dir),
            "--period",
            "2019-12",
            "--from",
            "2019-12",
            "--out",
            s(&form),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));

    // December's progress replaced by November's: other figures.
    let november = std::fs::read_to_string(snapshot(&dir, "2019-11")).unwrap();
    let replaced = original.replace(&progress_of(&original), &progress_of(&november));
    assert_ne!(replaced, original);
    std::fs::write(snapshot(&dir, "2019-12"), &replaced).unwrap();
    assert_ne!(stats_json(&dir, "2019-12"), expected);

    let o = import(&dir, &[&form], "2019-12", &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("导入 15 个单位：兰山区、罗庄区、")
            && stdout(&o).ends_with("各单位均已报送。\n"),
        "{}",
        stdout(&o)
    );
    assert_eq!(stats_json(&dir, "2019-12"), expected);

    let imported = std::fs::read_to_string(snapshot(&dir, "2019-12")).unwrap();
    assert_eq!(outside_progress(&imported), outside_progress(&original));
    assert!(imported.contains("市整治办已对以下进展滞后单位分管负责同志进行约谈"));
    // Every value names its cell: 兰山区 is the first unit row (row 2).
    assert!(
        imported.contains("done: 30      # 填报表.xlsx 居住区配套幼儿园!C2"),
        "{imported}"
    );
    assert!(imported.contains("public:   12    # 填报表.xlsx 居住区配套幼儿园!D2"));
}

#[test]
fn a_campaign_of_three_indicators_round_trips() {
    // 东沂: three indicators (one with parts, two without), units called 县（市、区）, zero plans.
    let tmp = TempDir::new("xlsx-toilets");
    let dir = tmp.path().join("c");
    common::copy_dir(Path::new(common::SAMPLE_TOILETS), &dir);
    let expected = stats_json(&dir, "2024-10");
    let form = tmp.path().join("form.xlsx");
    let o = tongbao(
        tmp.path(),
        &[
            "form",
            s(&dir),
            "--period",
            "2024-10",
            "--from",
            "2024-10",
            "--out",
            s(&form),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let bytes = std::fs::read(&form).unwrap();
    let book: calamine::Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    assert_eq!(book.sheet_names().len(), 4, "{:?}", book.sheet_names());
    let original = std::fs::read_to_string(snapshot(&dir, "2024-10")).unwrap();
    let september = std::fs::read_to_string(snapshot(&dir, "2024-09")).unwrap();
    let replaced = original.replacen(&progress_of(&original), &progress_of(&september), 1);
    assert_ne!(replaced, original);
    std::fs::write(snapshot(&dir, "2024-10"), replaced).unwrap();
    let o = import(&dir, &[&form], "2024-10", &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stats_json(&dir, "2024-10"), expected);
    let imported = std::fs::read_to_string(snapshot(&dir, "2024-10")).unwrap();
    assert_eq!(outside_progress(&imported), outside_progress(&original));
}

#[test]
fn forms_per_unit_import_together() {
    let (tmp, dir) = sample_copy("xlsx-per-unit");
    let expected = stats_json(&dir, "2019-12");
    let names: Vec<String> = figures("2019-12").into_iter().map(|f| f.0).collect();
    let mut files = Vec::new();
    for name in &names {
        let out = tmp.path().join(format!("{name}.xlsx"));
        let o = tongbao(
            tmp.path(),
            &[
                "form",
                s(&dir),
                "--period",
                "2019-12",
                "--from",
                "2019-12",
                "--unit",
                name,
                "--out",
                s(&out),
            ],
        );
        assert!(o.status.success(), "{}", stderr(&o));
        files.push(out);
    }
    // December as new-month leaves it: November's figures, each line with its comment.
    let november = std::fs::read_to_string(snapshot(&dir, "2019-11")).unwrap();
    let original = std::fs::read_to_string(snapshot(&dir, "2019-12")).unwrap();
    let campaign = tongbao::load(Path::new(common::SAMPLE)).unwrap().campaign;
    let carried: String = progress_of(&november)
        .lines()
        .map(|line| {
            let id = line.trim_start().split(':').next().unwrap_or_default();
            match campaign.units.iter().find(|u| u.id.value == id) {
                Some(u) if line.contains("done:") => {
                    format!("{line}   # {}：上月（2019-11）数\n", u.name)
                }
                _ => format!("{line}\n"),
            }
        })
        .collect();
    std::fs::write(
        snapshot(&dir, "2019-12"),
        original.replace(&progress_of(&original), &carried),
    )
    .unwrap();
    let refs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    // One county missing: the others are taken, it is named as not reported.
    let o = import(&dir, &refs[1..], "2019-12", &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).ends_with("尚未报送 1 个单位：兰山区（tongbao status 查看报送情况）。\n"),
        "{}",
        stdout(&o)
    );
    let o = import(&dir, &refs, "2019-12", &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stats_json(&dir, "2019-12"), expected);
}

#[test]
fn the_form_is_locked_validated_and_deterministic() {
    let (tmp, dir) = sample_copy("xlsx-form");
    let a = tmp.path().join("a.xlsx");
    let b = tmp.path().join("b.xlsx");
    for out in [&a, &b] {
        let o = tongbao(
            tmp.path(),
            &["form", s(&dir), "--period", "2019-12", "--out", s(out)],
        );
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let bytes = std::fs::read(&a).unwrap();
    assert_eq!(
        bytes,
        std::fs::read(&b).unwrap(),
        "same inputs, different bytes"
    );
    let sheet = zip_entry(&bytes, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains("<sheetProtection"), "plan not locked");
    assert!(
        sheet.contains(r#"type="whole" operator="greaterThanOrEqual""#)
            && sheet.contains(r#"sqref="C2:E16""#),
        "{sheet}"
    );
    let workbook = zip_entry(&bytes, "xl/workbook.xml");
    assert!(
        workbook.contains(r#"name="_tongbao" sheetId="2" state="hidden""#),
        "{workbook}"
    );
    // Pre-filled from November (the latest before December): 兰山区 24.
    let mut book: calamine::Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range(SHEET).unwrap();
    assert_eq!(
        range.get_value((1, 0)),
        Some(&Data::String("兰山区".into()))
    );
    assert_eq!(range.get_value((1, 1)), Some(&Data::Float(52.0)));
    assert_eq!(range.get_value((1, 2)), Some(&Data::Float(24.0)));
    let ids = book.worksheet_range("_tongbao").unwrap();
    assert_eq!(ids.get_value((0, 1)), Some(&Data::Float(1.0)));
    assert_eq!(ids.get_value((2, 1)), Some(&Data::String("2019-12".into())));
    assert_eq!(ids.get_value((3, 1)), Some(&Data::String("2019-11".into())));
}

/// The zip `bytes` with entry `name` rewritten by `edit`.
fn rewrite_entry(bytes: &[u8], name: &str, edit: impl Fn(&str) -> String) -> Vec<u8> {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut out = Cursor::new(Vec::new());
    let mut w = zip::ZipWriter::new(&mut out);
    for i in 0..z.len() {
        let mut entry = z.by_index(i).unwrap();
        let entry_name = entry.name().unwrap().to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        if entry_name == name {
            let text = edit(&String::from_utf8(data).unwrap());
            assert_ne!(text.len(), 0);
            data = text.into_bytes();
        }
        w.start_file(entry_name, zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(&data).unwrap();
    }
    w.finish().unwrap();
    out.into_inner()
}

fn zip_entry(bytes: &[u8], name: &str) -> String {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    z.by_name(name).unwrap().read_to_string(&mut text).unwrap();
    text
}

#[test]
fn a_word_for_a_number_names_its_cell() {
    let (tmp, dir) = sample_copy("xlsx-word");
    // Row 7 is the sixth unit (沂水县).
    let file = form_file(tmp.path(), "报表.xlsx", |s| {
        s.write_string(6, 2, "三十").unwrap();
    });
    partly_taken(
        &dir,
        &file,
        &["沂水县"],
        "报表.xlsx: 错误：居住区配套幼儿园!C7：“三十”不是整数，请填写阿拉伯数字（例如 30）",
    );
}

#[test]
fn full_width_digits_and_text_numbers_are_read() {
    let (tmp, dir) = sample_copy("xlsx-fullwidth");
    let expected = stats_json(&dir, "2019-12");
    let file = form_file(tmp.path(), "报表.xlsx", |s| {
        s.write_string(1, 2, "３０").unwrap();
        s.write_string(1, 3, " 12 ").unwrap();
    });
    let o = import(&dir, &[&file], "2019-12", &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stats_json(&dir, "2019-12"), expected);
}

#[test]
fn negative_and_fractional_counts_are_refused() {
    let (tmp, dir) = sample_copy("xlsx-negative");
    let file = form_file(tmp.path(), "报表.xlsx", |s| {
        s.write_number(2, 2, -3.0).unwrap();
        s.write_number(3, 3, 2.5).unwrap();
    });
    let err = partly_taken(
        &dir,
        &file,
        &["罗庄区", "河东区"],
        "居住区配套幼儿园!C3：完成数不能为负数，写的是 -3；请填 0 或正整数（截至本期的累计数）",
    );
    assert!(
        err.contains("居住区配套幼儿园!D4：“2.5”不是整数，办成公办园应为整数"),
        "{err}"
    );
}

#[test]
fn merged_headers_are_refused() {
    let (tmp, dir) = sample_copy("xlsx-merged");
    let file = form_file(tmp.path(), "报表.xlsx", |s| {
        s.merge_range(0, 3, 0, 4, "其中", &rust_xlsxwriter::Format::new())
            .unwrap();
    });
    refused(
        &dir,
        &file,
        "居住区配套幼儿园!D1:E1：表头有合并单元格（“其中”），无法确定每一列的含义：请取消合并",
    );
}

#[test]
fn a_merged_title_above_the_header_is_fine() {
    let (tmp, dir) = sample_copy("xlsx-title");
    let expected = stats_json(&dir, "2019-12");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(SHEET).unwrap();
    sheet
        .merge_range(
            0,
            0,
            0,
            4,
            "2019年12月整治进展统计表",
            &rust_xlsxwriter::Format::new(),
        )
        .unwrap();
    write_december(sheet, 2, false);
    sheet.write_string(18, 0, "合计").unwrap();
    sheet.write_number(18, 1, 145.0).unwrap();
    let file = tmp.path().join("统计表.xlsx");
    book.save(&file).unwrap();
    let o = import(&dir, &[&file], "2019-12", &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stats_json(&dir, "2019-12"), expected);
}

#[test]
fn a_formula_without_a_saved_result_is_refused() {
    let (tmp, dir) = sample_copy("xlsx-formula");
    let file = form_file(tmp.path(), "报表.xlsx", |s| {
        s.write_formula(4, 2, Formula::new("=D5+E5")).unwrap();
    });
    // As a program that does not calculate writes it: the formula without any <v>.
    let bytes = rewrite_entry(
        &std::fs::read(&file).unwrap(),
        "xl/worksheets/sheet1.xml",
        |xml| xml.replace("<f>D5+E5</f><v>0</v>", "<f>D5+E5</f>"),
    );
    std::fs::write(&file, bytes).unwrap();
    partly_taken(
        &dir,
        &file,
        &["郯城县"],
        "居住区配套幼儿园!C5：公式 =D5+E5 没有保存计算结果：请在 Excel 或 WPS 中打开并保存一次，或把公式改为数字",
    );
}

#[test]
fn a_formula_with_its_result_is_read() {
    let (tmp, dir) = sample_copy("xlsx-formula-ok");
    let expected = stats_json(&dir, "2019-12");
    let file = form_file(tmp.path(), "报表.xlsx", |s| {
        s.write_formula(4, 2, Formula::new("=D5+E5").set_result("10"))
            .unwrap();
    });
    let o = import(&dir, &[&file], "2019-12", &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stats_json(&dir, "2019-12"), expected);
}

#[test]
fn an_error_value_is_refused() {
    let (tmp, dir) = sample_copy("xlsx-div0");
    let file = form_file(tmp.path(), "报表.xlsx", |s| {
        s.write_formula(8, 3, Formula::new("=1/0").set_result("#DIV/0!"))
            .unwrap();
    });
    partly_taken(
        &dir,
        &file,
        &["平邑县"],
        "居住区配套幼儿园!D9：单元格是错误值 #DIV/0!（公式出错），请改为办成公办园的数字",
    );
}

#[test]
fn an_unknown_unit_gets_a_suggestion() {
    let (tmp, dir) = sample_copy("xlsx-unknown");
    let file = form_file(tmp.path(), "报表.xlsx", |s| {
        s.write_string(1, 0, "兰山").unwrap();
        s.write_string(13, 0, "经开区").unwrap();
    });
    // The rows belong to no unit: named, and the other units are taken.
    let o = import(&dir, &[&file], "2019-12", &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("居住区配套幼儿园!A2：未知的县区“兰山”：是否是“兰山区”？"),
        "{err}"
    );
    assert!(
        err.contains("居住区配套幼儿园!A14：未知的县区“经开区”：是否是“临沂经济技术开发区”？"),
        "{err}"
    );
    assert!(stdout(&o).contains("导入 13 个单位："), "{}", stdout(&o));
}

#[test]
fn duplicate_and_missing_units_are_refused() {
    let (tmp, dir) = sample_copy("xlsx-duplicate");
    let file = form_file(tmp.path(), "报表.xlsx", |s| {
        s.write_string(3, 0, "兰山区").unwrap();
    });
    // Which row is 兰山区's cannot be told: neither is taken. 河东区 has no row: not in it.
    let err = partly_taken(
        &dir,
        &file,
        &["兰山区"],
        "居住区配套幼儿园!A4：县区“兰山区”重复：已在 报表.xlsx 居住区配套幼儿园!A2 填写过，每个县区只能填写一行",
    );
    assert!(!err.contains("河东区"), "{err}");
}

#[test]
fn wps_files_are_refused_with_what_to_do() {
    let (tmp, dir) = sample_copy("xlsx-et");
    let file = tmp.path().join("报表.et");
    std::fs::write(&file, [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]).unwrap();
    refused(
        &dir,
        &file,
        "报表.et: 错误：这是 WPS 表格文件（.et），无法直接读取：请另存为 xlsx",
    );
}

#[test]
fn a_form_of_another_month_is_refused() {
    let (tmp, dir) = sample_copy("xlsx-month");
    let form = tmp.path().join("form.xlsx");
    let o = tongbao(
        tmp.path(),
        &["form", s(&dir), "--period", "2019-11", "--out", s(&form)],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    refused(
        &dir,
        &form,
        "_tongbao!B3：这是 2019-11 的填报表，导入的期间是 2019-12",
    );
}

#[test]
fn a_figure_the_check_rejects_refuses_its_unit_at_its_own_cell() {
    let (tmp, dir) = sample_copy("xlsx-check");
    // 兰山区 below November's 24: the usual check refuses (cumulative figures cannot fall),
    // told against the form's cell, not a line of a snapshot not yet written.
    let file = form_file(tmp.path(), "报表.xlsx", |s| {
        s.write_number(1, 2, 20.0).unwrap();
    });
    let err = partly_taken(
        &dir,
        &file,
        &["兰山区"],
        "报表.xlsx: 错误：居住区配套幼儿园!C2：兰山区的累计完成数 20 小于上一期（2019-11）的 24：累计数只能增加，不能减少。如果是此前多报、本期核减，请在本期数据中记下核减，例如：corrections: [{ unit: lanshan, indicator: kindergarten, amount: 4, reason: 经核查重复统计 }]（写法见 docs/input-format.md 的“核减”）；否则请改正这个数",
    );
    assert!(!err.contains("snapshots/2019-12.yaml"), "{err}");
}

#[test]
fn a_missing_snapshot_is_created_as_new_month_would() {
    let (tmp, dir) = sample_copy("xlsx-new-month");
    let form = tmp.path().join("form.xlsx");
    let o = tongbao(
        tmp.path(),
        &["form", s(&dir), "--period", "2020-01", "--out", s(&form)],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = import(&dir, &[&form], "2020-01", &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("已新建") && stdout(&o).contains("请补写印发日期（issue_date）"),
        "{}",
        stdout(&o)
    );
    assert!(
        stderr(&o).contains("警告：字段 issue_date：印发日期未填写"),
        "{}",
        stderr(&o)
    );
    let path = snapshot(&dir, "2020-01");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("as_of: 2020-01-31"), "{text}");
    assert!(text.contains("issue_number: 5"), "{text}");
    assert!(
        text.contains("done: 30      # form.xlsx 居住区配套幼儿园!C2"),
        "{text}"
    );
    // The check still wants the issue date; once written, January reads back December's figures.
    let o = tongbao(&dir, &["check", s(&dir)]);
    assert_eq!(o.status.code(), Some(1));
    common::edit(&path, "issue_date:  ", "issue_date: 2020-02-05  ");
    let dec: serde_json::Value = serde_json::from_str(&stats_json(&dir, "2019-12")).unwrap();
    let jan: serde_json::Value = serde_json::from_str(&stats_json(&dir, "2020-01")).unwrap();
    assert_eq!(
        jan["indicators"][0]["total"]["done"],
        dec["indicators"][0]["total"]["done"]
    );
}

#[test]
fn csv_in_utf8_and_gbk() {
    let (tmp, dir) = sample_copy("xlsx-csv");
    let expected = stats_json(&dir, "2019-12");
    let mut text =
        String::from("县区,计划数,累计完成数,其中：办成公办园,其中：委托办成普惠性民办园\r\n");
    for (name, done, public, private) in figures("2019-12") {
        text.push_str(&format!("{name},,{done},{public},{private}\r\n"));
    }
    let utf8 = tmp.path().join("居住区配套幼儿园.csv");
    std::fs::write(&utf8, format!("\u{feff}{text}")).unwrap();
    let o = import(&dir, &[&utf8], "2019-12", &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stats_json(&dir, "2019-12"), expected);

    let gbk = tmp.path().join("gbk").join("报表.csv");
    std::fs::create_dir_all(gbk.parent().unwrap()).unwrap();
    let bad = text.replace("沂水县,,12", "沂水县,,十二");
    std::fs::write(&gbk, encoding_rs::GBK.encode(&bad).0).unwrap();
    partly_taken(&dir, &gbk, &["沂水县"], "报表!C7：“十二”不是整数");
}

/// A comma is read only as a thousands separator: 「3,0」 and 「12,34」 (a decimal comma, a slip)
/// are refused at their cell, never read as 30 or 1234; 「1,234」 is the number 1234.
#[test]
fn commas_in_cells_are_thousands_separators_or_refused() {
    let (tmp, dir) = sample_copy("csv-commas");
    let mut text =
        String::from("县区,计划数,累计完成数,其中：办成公办园,其中：委托办成普惠性民办园\r\n");
    for (name, done, public, private) in figures("2019-12") {
        let done = match name.as_str() {
            "沂水县" => "\"3,0\"".to_string(),
            "兰陵县" => "\"12,34\"".to_string(),
            "费县" => "\"1,234\"".to_string(),
            _ => done.to_string(),
        };
        text.push_str(&format!("{name},,{done},{public},{private}\r\n"));
    }
    let file = tmp.path().join("逗号.csv");
    std::fs::write(&file, &text).unwrap();
    let before = std::fs::read(snapshot(&dir, "2019-12")).unwrap();
    let o = import(&dir, &[&file], "2019-12", &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    let comma = "中的逗号不是千位分隔符（千位分隔应每三位一个，如 1,234）：请核对这个数，只写数字（例如 30）";
    for (cell, value) in [("C7", "3,0"), ("C6", "12,34")] {
        let expected = format!("逗号!{cell}：“{value}”{comma}");
        assert!(err.contains(&expected), "expected {expected:?} in:\n{err}");
    }
    // 「1,234」 was read as 1234 and taken: more than 费县's plan is a warning to confirm.
    assert!(!err.contains("“1,234”中的逗号"), "{err}");
    assert!(err.contains("费县累计完成 1234"), "{err}");
    // The two refused units are named; the others, 费县 among them, were taken.
    let out = stdout(&o);
    assert!(
        out.contains("未导入 2 个单位（报表有误，见上）：兰陵县、沂水县；"),
        "{out}"
    );
    let after = std::fs::read_to_string(snapshot(&dir, "2019-12")).unwrap();
    assert_ne!(after.as_bytes(), before.as_slice());
    assert!(
        after.contains("done: 1234    # 逗号.csv 逗号!C10"),
        "{after}"
    );
    assert!(!after.contains("# 逗号.csv 逗号!C7"), "{after}");
    assert!(!after.contains("# 逗号.csv 逗号!C6"), "{after}");
}

#[test]
fn a_zip_bomb_is_refused_before_inflating() {
    let (tmp, dir) = sample_copy("xlsx-bomb");
    // Declares 4 GB: refused from the central directory alone.
    let mut bytes = one_entry_zip("xl/worksheets/sheet1.xml", 1000);
    declare_size(&mut bytes, 0xFFFF_FFF0);
    let file = tmp.path().join("bomb.xlsx");
    std::fs::write(&file, &bytes).unwrap();
    let start = std::time::Instant::now();
    refused(
        &dir,
        &file,
        "bomb.xlsx: 错误：文件解压后达 4095 MB，超过上限 128 MB，拒绝读取（可能是“ZIP 炸弹”）",
    );
    assert!(start.elapsed().as_secs() < 10);

    // Declares 10 bytes but inflates to a megabyte: refused after 11 bytes.
    let mut bytes = one_entry_zip("xl/worksheets/sheet1.xml", 1 << 20);
    declare_size(&mut bytes, 10);
    let file = tmp.path().join("liar.xlsx");
    std::fs::write(&file, &bytes).unwrap();
    refused(
        &dir,
        &file,
        "liar.xlsx: 错误：文件中的部件解压后超过其声明的大小，拒绝读取（可能是“ZIP 炸弹”）",
    );
}

#[test]
fn a_million_rows_are_refused() {
    let (tmp, dir) = sample_copy("xlsx-million");
    let file = form_file(tmp.path(), "大表.xlsx", |s| {
        s.write_number(999_999, 2, 1.0).unwrap();
    });
    refused(
        &dir,
        &file,
        "工作表“居住区配套幼儿园”声明有 1000000 行，超过 200000 行，拒绝读取",
    );

    let csv = tmp.path().join("大表.csv");
    std::fs::write(&csv, "县区,完成数\n".repeat(1_000_000)).unwrap();
    refused(&dir, &csv, "大表.csv: 错误：超过 200000 行，拒绝读取");
}

/// December as an item-level ledger: one row per kindergarten of the plan — the done ones
/// with their way of rectification, the rest still in progress — and a few rows not counted.
fn ledger_file(dir: &Path) -> PathBuf {
    let inputs = tongbao::load(Path::new(common::SAMPLE)).unwrap();
    let plan = &inputs.campaign.indicators[0].plan;
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("台账").unwrap();
    for (c, h) in [
        "序号",
        "县区",
        "幼儿园名称",
        "问题类型",
        "整治方式",
        "进展",
        "完成时间",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    let mut r = 1u32;
    for (u, (name, done, public, private)) in figures("2019-12").into_iter().enumerate() {
        let unit_plan = plan.get(&inputs.campaign.units[u].id.value).unwrap().value;
        let mut rows: Vec<(&str, &str)> = Vec::new();
        rows.extend(std::iter::repeat_n(
            ("办成公办园", "已完成"),
            public as usize,
        ));
        rows.extend(std::iter::repeat_n(
            ("委托办成普惠性民办园", "已完成"),
            private as usize,
        ));
        rows.extend(std::iter::repeat_n(
            ("", "整改中"),
            (unit_plan - done) as usize,
        ));
        assert_eq!(rows.len() as i64, unit_plan);
        for (k, (way, progress)) in rows.into_iter().enumerate() {
            sheet.write_number(r, 0, r as f64).unwrap();
            sheet.write_string(r, 1, &name).unwrap();
            sheet
                .write_string(r, 2, format!("{name}第{}幼儿园", k + 1))
                .unwrap();
            sheet.write_string(r, 3, "配套幼儿园未移交").unwrap();
            sheet.write_string(r, 4, way).unwrap();
            sheet.write_string(r, 5, progress).unwrap();
            r += 1;
        }
    }
    let path = dir.join("台账.xlsx");
    book.save(&path).unwrap();
    path
}

const MAPPING: &str = "ledgers:\n  - indicator: kindergarten\n    sheet: 台账\n    unit: 县区\n    status: 进展\n    done: [已完成]\n    part: 整治方式\n    parts:\n      办成公办园: public\n      委托办成普惠性民办园: private\n";

#[test]
fn an_item_ledger_aggregates_to_the_shipped_figures() {
    let (tmp, dir) = sample_copy("xlsx-ledger");
    let expected = stats_json(&dir, "2019-12");
    let ledger = ledger_file(tmp.path());
    let map = tmp.path().join("台账映射.yaml");
    std::fs::write(&map, MAPPING).unwrap();
    let original = std::fs::read_to_string(snapshot(&dir, "2019-12")).unwrap();
    let november = std::fs::read_to_string(snapshot(&dir, "2019-11")).unwrap();
    std::fs::write(
        snapshot(&dir, "2019-12"),
        original.replace(&progress_of(&original), &progress_of(&november)),
    )
    .unwrap();
    let o = import(&dir, &[&ledger], "2019-12", &["--map", s(&map)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stats_json(&dir, "2019-12"), expected);
    let text = std::fs::read_to_string(snapshot(&dir, "2019-12")).unwrap();
    // 兰山区: 12 public rows (2–13) and 18 private rows (14–31) of 52.
    assert!(
        text.contains("done: 30      # 台账.xlsx 台账 第2–31行（共 30 行）"),
        "{text}"
    );
    assert!(
        text.contains("public:   12    # 台账.xlsx 台账 第2–13行（共 12 行）"),
        "{text}"
    );
}

#[test]
fn ledger_values_outside_the_mapping_are_named() {
    let (tmp, dir) = sample_copy("xlsx-ledger-bad");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("台账").unwrap();
    for (c, h) in ["县区", "整治方式", "进展"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet.write_string(1, 0, "兰山区").unwrap();
    sheet.write_string(1, 1, "办成公办").unwrap();
    sheet.write_string(1, 2, "已完成").unwrap();
    let ledger = tmp.path().join("台账.xlsx");
    book.save(&ledger).unwrap();
    let map = tmp.path().join("map.yaml");
    std::fs::write(&map, MAPPING).unwrap();
    let before = std::fs::read(snapshot(&dir, "2019-12")).unwrap();
    let o = import(&dir, &[&ledger], "2019-12", &["--map", s(&map)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("台账!B2：“办成公办”不是映射文件中的分项取值：是否是“办成公办园”？"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read(snapshot(&dir, "2019-12")).unwrap(), before);
}

#[test]
fn ranking_tables_as_a_spreadsheet() {
    let tmp = TempDir::new("xlsx-ranking");
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    for out in [&a, &b] {
        let o = common::build_to(tmp.path(), Path::new(common::SAMPLE), out, "xlsx");
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let bytes = std::fs::read(a.join("ranking.xlsx")).unwrap();
    assert_eq!(bytes, std::fs::read(b.join("ranking.xlsx")).unwrap());
    let sheet = zip_entry(&bytes, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains(r#"state="frozen""#), "no frozen header");
    assert!(sheet.contains(r#"paperSize="9""#), "not A4");
    let mut book: calamine::Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let name = book.sheet_names()[0].clone();
    assert_eq!(name, "城镇居住区配套幼儿园专项整治进展情况排名表");
    let range = book.worksheet_range(&name).unwrap();
    let rows: Vec<Vec<Data>> = range.rows().map(|r| r.to_vec()).collect();
    let header = rows
        .iter()
        .position(|r| r.first() == Some(&Data::String("序号".into())))
        .expect("header row");
    let total = rows
        .iter()
        .find(|r| r.get(1) == Some(&Data::String("合计".into())))
        .unwrap();
    assert_eq!(total[2], Data::Float(238.0));
    assert_eq!(total[3], Data::Float(145.0));
    // 145 / 238 = 60.9% as a number formatted 0.0%.
    match &total[7] {
        Data::Float(v) => assert!((v - 0.609).abs() < 1e-9, "{v}"),
        other => panic!("rate is not a number: {other:?}"),
    }
    assert_eq!(rows.len() - header - 1, 16, "15 units and the total");
}
