//! Broken copies of the sample: each kind of mistake is reported with file and line, exit 1,
//! and nothing is written.

mod common;

use common::*;
use std::path::Path;

/// Runs `check` and `build --out` on `dir`; asserts exit 1, that every `expected` fragment is
/// in the message, and that no output folder was created. Returns the message.
fn rejected(dir: &Path, expected: &[&str]) -> String {
    let o = tongbao(dir, &["check", dir.to_str().unwrap()]);
    let msg = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "check should fail:\n{msg}");
    for e in expected {
        assert!(msg.contains(e), "expected {e:?} in:\n{msg}");
    }
    let out = dir.join("out-should-not-exist");
    let o = tongbao(
        dir,
        &[
            "build",
            dir.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(
        o.status.code(),
        Some(1),
        "build should fail:\n{}",
        stderr(&o)
    );
    assert!(!out.exists(), "build wrote output despite invalid input");
    assert!(stderr(&o).contains("未生成任何文件"));
    msg
}

fn dec(dir: &Path) -> std::path::PathBuf {
    dir.join("snapshots/2019-12.yaml")
}

#[test]
fn yaml_syntax_error() {
    let (_t, dir) = sample_copy("syntax");
    edit(&dec(&dir), "period: 2019-12", "period: [2019-12");
    rejected(&dir, &["2019-12.yaml:2:"]);
}

#[test]
fn wrong_type() {
    let (_t, dir) = sample_copy("type");
    edit(
        &dec(&dir),
        "lanshan:    { done: 30,",
        "lanshan:    { done: 三十,",
    );
    rejected(
        &dir,
        &[
            "2019-12.yaml:9:",
            "progress.kindergarten.lanshan.done",
            "“三十”是汉字数字，请改为阿拉伯数字 30",
        ],
    );
}

#[test]
fn missing_field() {
    let (_t, dir) = sample_copy("missing");
    edit(&dec(&dir), "as_of: 2019-12-31        # 截至日期\n", "");
    rejected(&dir, &["2019-12.yaml:", "缺少必填字段 “as_of”"]);
}

#[test]
fn unknown_key_in_campaign() {
    let (_t, dir) = sample_copy("unknown-key");
    edit(
        &dir.join("campaign.yaml"),
        "  ahead_points: 5",
        "  ahaed_points: 5",
    );
    rejected(
        &dir,
        &[
            "campaign.yaml:67:3",
            "未知字段 “ahaed_points”",
            "ahead_points",
        ],
    );
}

#[test]
fn unknown_unit_id_points_at_its_line() {
    let (_t, dir) = sample_copy("unknown-unit");
    edit(&dec(&dir), "    linshu:", "    linshuu:");
    let msg = rejected(&dir, &["2019-12.yaml:20:5", "未知的单位编号 “linshuu”"]);
    // ... and the unit now missing is reported too, in the same run.
    assert!(msg.contains("缺少单位 “linshu”"), "{msg}");
}

#[test]
fn unknown_indicator_id() {
    let (_t, dir) = sample_copy("unknown-indicator");
    edit(&dec(&dir), "  kindergarten:", "  kindergarden:");
    rejected(&dir, &["2019-12.yaml:8:3", "未知的指标编号 “kindergarden”"]);
}

#[test]
fn duplicate_unit_id() {
    let (_t, dir) = sample_copy("dup-unit");
    edit(&dir.join("campaign.yaml"), "id: luozhuang,", "id: lanshan,");
    rejected(&dir, &["campaign.yaml:23:11", "单位编号 “lanshan” 重复"]);
}

#[test]
fn duplicate_key_in_a_snapshot() {
    let (_t, dir) = sample_copy("dup-key");
    edit(&dec(&dir), "    luozhuang:", "    lanshan:");
    rejected(&dir, &["2019-12.yaml:10:5", "重复"]);
}

#[test]
fn unit_without_a_plan() {
    let (_t, dir) = sample_copy("no-plan");
    edit(&dir.join("campaign.yaml"), "      lingang: 4\n", "");
    rejected(
        &dir,
        &[
            "campaign.yaml:",
            "“lingang”（临沂临港经济开发区）没有计划数",
        ],
    );
}

#[test]
fn negative_count() {
    let (_t, dir) = sample_copy("negative");
    edit(
        &dec(&dir),
        "yinan:      { done:  5,",
        "yinan:      { done: -5,",
    );
    rejected(
        &dir,
        &[
            "2019-12.yaml:15:",
            "完成数不能为负数",
            "请写 0 或正整数（截至本期的累计完成数）",
            "corrections 中记核减",
        ],
    );
}

#[test]
fn parts_above_done() {
    let (_t, dir) = sample_copy("parts");
    edit(
        &dec(&dir),
        "{ public:  2, private:  3 } }",
        "{ public:  4, private:  3 } }",
    );
    rejected(&dir, &["2019-12.yaml:15:", "各分项之和 7 大于完成数 5"]);
}

#[test]
fn cumulative_below_the_previous_snapshot() {
    let (_t, dir) = sample_copy("decrease");
    edit(
        &dec(&dir),
        "lanshan:    { done: 30, parts: { public: 12, private: 18 } }",
        "lanshan:    { done: 20, parts: { public:  8, private: 12 } }",
    );
    rejected(&dir, &["2019-12.yaml:9:", "小于上一期（2019-11）的 24"]);
}

#[test]
fn as_of_outside_its_period() {
    let (_t, dir) = sample_copy("as-of");
    edit(&dec(&dir), "as_of: 2019-12-31", "as_of: 2020-01-02");
    rejected(&dir, &["2019-12.yaml:3:8", "不在本期（2019-12）之内"]);
}

#[test]
fn file_name_disagrees_with_period() {
    let (_t, dir) = sample_copy("file-name");
    std::fs::rename(dec(&dir), dir.join("snapshots/2020-01.yaml")).unwrap();
    rejected(
        &dir,
        &[
            "2020-01.yaml:2:9",
            "文件名 “2020-01” 与 period “2019-12” 不一致",
        ],
    );
}

#[test]
fn bad_date() {
    let (_t, dir) = sample_copy("bad-date");
    edit(&dec(&dir), "as_of: 2019-12-31", "as_of: 2019-12-32");
    rejected(&dir, &["2019-12.yaml:3:", "应为日期"]);
}

#[test]
fn every_problem_is_reported_in_one_run() {
    let (_t, dir) = sample_copy("many");
    edit(
        &dec(&dir),
        "yinan:      { done:  5,",
        "yinan:      { done: -5,",
    );
    edit(&dec(&dir), "    linshu:", "    linshuu:");
    edit(
        &dir.join("snapshots/2019-11.yaml"),
        "as_of: 2019-11-30",
        "as_of: 2019-10-30",
    );
    let msg = rejected(&dir, &["完成数不能为负数", "linshuu", "2019-11.yaml:3:"]);
    assert!(msg.contains("共 4 个错误"), "{msg}");
}

#[test]
fn done_above_plan_is_a_warning_not_an_error() {
    let (_t, dir) = sample_copy("over-plan");
    edit(
        &dec(&dir),
        "lingang:    { done:  4, parts: { public:  2, private:  2 } }",
        "lingang:    { done:  5, parts: { public:  3, private:  2 } }",
    );
    let o = tongbao(&dir, &["check", dir.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("警告"), "{}", stderr(&o));
    assert!(stderr(&o).contains("超过计划数 4"), "{}", stderr(&o));
}

#[test]
fn windows_files_give_the_same_figures() {
    let (_t, dir) = sample_copy("windows");
    for entry in std::fs::read_dir(dir.join("snapshots")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend(text.replace('\n', "\r\n").into_bytes());
        std::fs::write(&path, bytes).unwrap();
    }
    let a = tongbao(&dir, &["stats", SAMPLE, "--json"]);
    let b = tongbao(&dir, &["stats", dir.to_str().unwrap(), "--json"]);
    assert!(b.status.success(), "{}", stderr(&b));
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn gbk_file_is_recognised_not_garbled() {
    let (_t, dir) = sample_copy("gbk");
    let text = std::fs::read_to_string(dec(&dir)).unwrap();
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    std::fs::write(dec(&dir), &gbk).unwrap();
    rejected(&dir, &["2019-12.yaml:1", "GBK", "UTF-8"]);
}

#[test]
fn missing_campaign_folder() {
    let tmp = TempDir::new("nofolder");
    let dir = tmp.path().join("nothing-here");
    let o = tongbao(tmp.path(), &["check", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("campaign.yaml"), "{}", stderr(&o));
    assert!(stderr(&o).contains("不存在"), "{}", stderr(&o));
}

#[test]
fn broken_edited_markdown_is_reported_by_render() {
    let tmp = TempDir::new("bad-md");
    let md = tmp.path().join("bulletin.md");
    std::fs::write(&md, "---\nstyle: 简报\nheader: x\nissue: one\n---\n正文\n").unwrap();
    let o = tongbao(
        tmp.path(),
        &[
            "render",
            md.to_str().unwrap(),
            "--out",
            tmp.path().join("o").to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("bulletin.md:4:"), "{}", stderr(&o));
    assert!(!tmp.path().join("o").exists());
}

#[test]
fn unknown_font_style_or_missing_font_file() {
    let (_t, dir) = sample_copy("fonts");
    edit(
        &dir.join("campaign.yaml"),
        "schedule:",
        "fonts:\n  仿体: a.ttf\n  楷体: missing.otf\n\nschedule:",
    );
    rejected(
        &dir,
        &["未知的字体样式 “仿体”", "字体文件 “missing.otf” 不存在"],
    );
}

#[test]
fn empty_vocabulary_and_a_headline_left_out_of_the_text() {
    let (_t, dir) = sample_copy("vocabulary");
    let c = dir.join("campaign.yaml");
    edit(&c, "schedule:", "vocabulary:\n  unit: \"  \"\n\nschedule:");
    edit(
        &c,
        "    task: 整治任务",
        "    task: \"\"\n    in_text: false",
    );
    let msg = rejected(
        &dir,
        &[
            "字段 vocabulary.unit",
            "字段 indicators[0].task",
            "不能为空",
            "字段 indicators[0].in_text",
            "主要指标（headline）必须在正文中分析",
        ],
    );
    assert!(msg.contains("campaign.yaml:"), "{msg}");
}

#[test]
fn an_unknown_header_style_is_named_with_the_two_it_may_be() {
    let (_t, dir) = sample_copy("header-style");
    edit(
        &dir.join("campaign.yaml"),
        "  style: 简报 ",
        "  style: 公告 ",
    );
    rejected(
        &dir,
        &[
            "campaign.yaml:12:10: 错误：字段 header.style：应为 “简报” 或 “文件”（版头样式），写的是 “公告”",
        ],
    );
}
