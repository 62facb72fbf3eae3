//! Hostile and absurd input: every case ends in exit 1 with a message naming the file —
//! never a panic (101), never a hang, never output.

mod common;

use common::*;
use std::path::Path;
use std::process::Output;

fn assert_refused(o: &Output, expected: &[&str]) {
    let msg = stderr(o);
    assert_eq!(
        o.status.code(),
        Some(1),
        "exit code (101 would be a panic):\n{msg}"
    );
    for e in expected {
        assert!(msg.contains(e), "expected {e:?} in:\n{msg}");
    }
}

fn build(dir: &Path) -> Output {
    let out = dir.join("out");
    let o = build_to(dir, dir, &out, "md,html");
    assert!(
        !out.exists() || o.status.success(),
        "output written on failure"
    );
    o
}

const REPORT_TO: &str = "report_to: [市委常委, 市人大常委会主任, 市政府副市长, 市政协主席]";

/// The sample with its valid `distribution.report_to` holding one anchored name and `n`
/// aliases of it: a document whose only possible problem is alias expansion. Returns the
/// folder and the 1-based line of `report_to`.
fn report_to_with_aliases(label: &str, n: usize) -> (TempDir, std::path::PathBuf, usize) {
    let (t, dir) = sample_copy(label);
    let campaign = dir.join("campaign.yaml");
    let list = vec!["*leader"; n].join(", ");
    edit(
        &campaign,
        REPORT_TO,
        &format!("report_to: [&leader 市委常委, {list}]"),
    );
    let text = std::fs::read_to_string(&campaign).unwrap();
    let line = 1 + text
        .lines()
        .position(|l| l.trim_start().starts_with("report_to:"))
        .unwrap();
    (t, dir, line)
}

#[test]
fn aliases_beyond_the_limit_are_refused_where_they_are() {
    let (_t, dir, line) = report_to_with_aliases("aliases", 10_001);
    assert_refused(
        &build(&dir),
        &[
            &format!("campaign.yaml:{line}:"),
            "字段 distribution.report_to",
            "别名（*名称）共 10001 处，超过上限 10000 处",
            "请直接写出每一项的内容",
        ],
    );
}

#[test]
fn one_anchor_referenced_too_often_is_refused_where_it_is() {
    let (_t, dir, line) = report_to_with_aliases("ratio", 150);
    assert_refused(
        &build(&dir),
        &[
            &format!("campaign.yaml:{line}:"),
            "字段 distribution.report_to",
            "别名（*名称）共 150 处而锚点（&名称）只有 1 个",
            "请直接写出每一项的内容",
        ],
    );
}

#[test]
fn a_few_aliases_are_accepted_and_expand() {
    let plain = TempDir::new("plain");
    assert!(
        build_to(
            plain.path(),
            Path::new(SAMPLE),
            &plain.path().join("o"),
            "md"
        )
        .status
        .success()
    );
    // Equal plans written once: 沂南县 anchors 12, 费县 and 高新区 refer to it (their plans
    // are 12 too), so the bulletin must come out byte for byte the same.
    let (_t, dir) = sample_copy("few-aliases");
    let campaign = dir.join("campaign.yaml");
    edit(&campaign, "yinan: 12", "yinan: &twelve 12");
    edit(&campaign, "feixian: 12", "feixian: *twelve");
    edit(&campaign, "gaoxin: 12", "gaoxin: *twelve");
    let o = build_to(&dir, &dir, &dir.join("o"), "md");
    assert!(o.status.success(), "{}", stderr(&o));
    let read = |d: &Path| std::fs::read(d.join("o/bulletin.md")).unwrap();
    assert_eq!(read(&dir), read(plain.path()));
    // Without the anchor the aliases have nothing to expand to: the same file is refused.
    edit(&campaign, "yinan: &twelve 12", "yinan: 12");
    assert_eq!(
        build_to(&dir, &dir, &dir.join("o2"), "md").status.code(),
        Some(1)
    );
}

#[test]
fn a_50_mb_snapshot_is_refused_before_reading() {
    let (_t, dir) = sample_copy("huge");
    let f = std::fs::File::create(dir.join("snapshots/2019-12.yaml")).unwrap();
    f.set_len(50 * 1024 * 1024).unwrap();
    assert_refused(&build(&dir), &["2019-12.yaml", "文件过大"]);
}

#[test]
fn too_many_units_are_refused() {
    let (_t, dir) = sample_copy("units");
    let campaign = dir.join("campaign.yaml");
    let text = std::fs::read_to_string(&campaign).unwrap();
    let mut units = String::from("units:\n");
    for i in 0..10_001 {
        units.push_str(&format!("  - {{ id: x{i}, name: 单位, kind: 县 }}\n"));
    }
    std::fs::write(
        &campaign,
        text.replacen("units:                    # 按此顺序显示\n", &units, 1),
    )
    .unwrap();
    assert_refused(&build(&dir), &["campaign.yaml", "单位过多：10016 个"]);
}

#[test]
fn a_10000_character_name_is_refused() {
    let (_t, dir) = sample_copy("long-name");
    edit(
        &dir.join("campaign.yaml"),
        "name: 兰山区,",
        &format!("name: {},", "兰".repeat(10_000)),
    );
    assert_refused(
        &build(&dir),
        &["campaign.yaml", "units[0].name", "文字过长：10000 个字"],
    );
}

#[test]
fn invisible_characters_are_reported_with_their_place() {
    let (_t, dir) = sample_copy("zero-width");
    edit(
        &dir.join("campaign.yaml"),
        "name: 罗庄区,",
        "name: 罗庄\u{200b}区,",
    );
    assert_refused(&build(&dir), &["campaign.yaml:23:", "U+200B"]);
}

#[test]
fn full_width_digits_are_not_numbers() {
    let (_t, dir) = sample_copy("fullwidth");
    edit(
        &dir.join("snapshots/2019-12.yaml"),
        "lanshan:    { done: 30,",
        "lanshan:    { done: ３０,",
    );
    assert_refused(
        &build(&dir),
        &["2019-12.yaml:9:", "“３０”是全角数字，请改为半角数字 30"],
    );
}

fn custom_template(dir: &Path, text: &str) {
    std::fs::create_dir_all(dir.join("my-templates")).unwrap();
    std::fs::write(dir.join("my-templates/bulletin.md.tera"), text).unwrap();
    edit(
        &dir.join("campaign.yaml"),
        "schedule:",
        "templates: my-templates\n\nschedule:",
    );
}

#[test]
fn a_template_with_an_unknown_variable_names_file_and_line() {
    let (_t, dir) = sample_copy("tpl-var");
    custom_template(&dir, "第一行\n{{ campaign.nmae }}\n");
    assert_refused(&build(&dir), &["bulletin.md.tera 第2行"]);
}

#[test]
fn a_template_syntax_error_names_file_and_line() {
    let (_t, dir) = sample_copy("tpl-syntax");
    custom_template(&dir, "一\n二\n{% if %}\n");
    assert_refused(&build(&dir), &["bulletin.md.tera 第3行", "语法错误"]);
}

#[test]
fn a_template_cannot_include_files_outside_its_folder() {
    let (_t, dir) = sample_copy("tpl-include");
    custom_template(&dir, "{% include \"../campaign.yaml\" %}\n");
    assert_refused(&build(&dir), &["bulletin.md.tera"]);
}

#[test]
fn a_templates_folder_outside_the_campaign_is_refused() {
    let (_t, dir) = sample_copy("tpl-outside");
    edit(
        &dir.join("campaign.yaml"),
        "schedule:",
        "templates: ../../etc\n\nschedule:",
    );
    assert_refused(
        &build(&dir),
        &["campaign.yaml:", "模板文件夹必须在活动文件夹之内"],
    );
    let (_t, dir) = sample_copy("tpl-absolute");
    edit(
        &dir.join("campaign.yaml"),
        "schedule:",
        "templates: /etc\n\nschedule:",
    );
    assert_refused(&build(&dir), &["模板文件夹必须在活动文件夹之内"]);
}

#[test]
fn a_runaway_template_is_stopped_by_its_output_limit() {
    let (_t, dir) = sample_copy("tpl-output");
    custom_template(
        &dir,
        "{% for i in range(end=100000) %}{% for j in range(end=100000) %}xxxxxxxxxxxxxxxxxxxx{% endfor %}{% endfor %}",
    );
    assert_refused(&build(&dir), &["输出超过"]);
}

#[test]
fn a_template_that_loops_silently_is_stopped_by_its_time_limit() {
    let (_t, dir) = sample_copy("tpl-time");
    custom_template(
        &dir,
        "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}",
    );
    let out = dir.join("out");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_tongbao"))
        .args([
            "build",
            dir.to_str().unwrap(),
            "--format",
            "md",
            "--out",
            out.to_str().unwrap(),
        ])
        .env("TONGBAO_TEMPLATE_TIMEOUT_SECS", "1")
        .output()
        .unwrap();
    assert_refused(&o, &["渲染超过 1 秒"]);
    assert!(!out.exists());
}

#[test]
fn raw_html_in_notes_is_shown_as_text_never_executed() {
    let (_t, dir) = sample_copy("html-notes");
    edit(
        &dir.join("snapshots/2019-12.yaml"),
        "summary: \"各县区认真落实",
        "summary: \"<script>alert(1)</script><img src=x onerror=alert(2)>各县区认真落实",
    );
    edit(
        &dir.join("campaign.yaml"),
        "name: 兰山区,",
        "name: \"兰山区<b>\",",
    );
    let o = build(&dir);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(dir.join("out/bulletin.html")).unwrap();
    assert!(
        !html.contains("<script>alert"),
        "script tag must be escaped"
    );
    assert!(!html.contains("<img"), "img tag must be escaped");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    // Table cells carry <wbr> between words (src/segment).
    assert!(html.replace("<wbr>", "").contains("兰山区&lt;b&gt;"));
    assert!(html.contains("script-src") || html.contains("default-src 'none'"));
}

#[test]
fn markdown_in_names_cannot_change_the_structure() {
    let (_t, dir) = sample_copy("md-names");
    edit(
        &dir.join("campaign.yaml"),
        "name: 兰山区,",
        "name: \"# 兰山区 | *x*\",",
    );
    let o = build(&dir);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(dir.join("out/bulletin.html")).unwrap();
    assert!(
        html.replace("<wbr>", "")
            .contains("<td># 兰山区 | *x*</td>"),
        "the name is one table cell, shown as written"
    );
}

/// An edited bulletin.md with `body` after the sample's front matter.
fn edited_bulletin(tmp: &TempDir, body: &str) -> std::path::PathBuf {
    let built = tmp.path().join("built");
    build_sample(tmp.path(), &built, "md");
    let md = std::fs::read_to_string(built.join("bulletin.md")).unwrap();
    let front_end = md[3..].find("\n---\n").unwrap() + 8;
    let path = tmp.path().join("edited.md");
    std::fs::write(&path, format!("{}\n{body}", &md[..front_end])).unwrap();
    path
}

#[test]
fn a_one_megabyte_paragraph_is_refused_quickly_by_the_pdf() {
    let tmp = TempDir::new("mb-paragraph");
    let md = edited_bulletin(&tmp, &"测试".repeat(500_000));
    let out = tmp.path().join("o");
    let o = render_md(tmp.path(), &md, "pdf", &out);
    assert_refused(&o, &["超过排版的上限"]);
    assert!(!out.exists());
}

#[test]
fn a_table_with_a_thousand_columns_is_refused_by_the_pdf() {
    let tmp = TempDir::new("wide-table");
    let row = format!("|{}\n", " x |".repeat(1000));
    let rule = format!("|{}\n", "---|".repeat(1000));
    let md = edited_bulletin(
        &tmp,
        &format!("正文\n\n# 附件\n\n## 表\n\n{row}{rule}{row}"),
    );
    let out = tmp.path().join("o");
    let o = render_md(tmp.path(), &md, "pdf", &out);
    assert_refused(&o, &["表格有 1000 列"]);
    // The HTML of the same Markdown is fine: only print has a width.
    let o = render_md(tmp.path(), &md, "html", &out);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn ids_cannot_carry_paths() {
    for (bad, why) in [
        ("../../etc", "编号应由"),
        ("/etc/passwd", "编号应由"),
        ("C:\\\\x", "编号应由"),
        // The escaped NUL is refused before the id is read, naming the escape.
        ("a\\u0000b", "转义写法“\\u0000”表示看不见的控制字符"),
    ] {
        let (_t, dir) = sample_copy("path-id");
        edit(
            &dir.join("campaign.yaml"),
            "{ id: lanshan,",
            &format!("{{ id: \"{bad}\","),
        );
        assert_refused(&build(&dir), &["campaign.yaml:22:", why]);
    }
}
