//! The mistakes a clerk makes in the YAML, each answered by the exact Chinese message: what was
//! written, where, and what to write instead (issue 11). Paths are shown relative to the campaign.

mod common;

use common::*;
use std::path::Path;

const DEC: &str = "snapshots/2019-12.yaml";

/// `check` on `dir`: its exit code and its standard error with the campaign folder's path removed.
fn check(dir: &Path) -> (Option<i32>, String) {
    let o = tongbao(dir, &["check", dir.to_str().unwrap()]);
    let prefix = format!("{}/", dir.display());
    (o.status.code(), stderr(&o).replace(&prefix, ""))
}

/// A copy of the sample with `from` replaced by `to` in `file`; `check` must refuse it with
/// exactly `expected` on standard error.
fn refused(file: &str, from: &str, to: &str, expected: &str) {
    let (_t, dir) = sample_copy("clerk");
    edit(&dir.join(file), from, to);
    let (code, err) = check(&dir);
    assert_eq!(err, expected, "{from:?} → {to:?}");
    assert_eq!(code, Some(1), "{from:?} → {to:?}");
}

const LANSHAN: &str = "lanshan:    { done: 30, parts: { public: 12, private: 18 } }";

#[test]
fn full_width_digits_are_named_with_the_half_width_fix() {
    refused(
        DEC,
        "{ done: 30,",
        "{ done: ３８,",
        "snapshots/2019-12.yaml:9:25: 错误：字段 progress.kindergarten.lanshan.done：“３８”是全角数字，请改为半角数字 38\n\
         \x20 9 |     lanshan:    { done: ３８, parts: { public: 12, private: 18 } }\n\
         \x20   |                         ^\n\
         各期检查结果：\n\
         \x20 2019-09、2019-10、2019-W45、2019-W46、2019-W47、2019-W48、2019-11：检查通过，可以生成和发布\n\
         \x20 2019-12：1 个错误（snapshots/2019-12.yaml），不能计算，也不能生成和发布本期通报\n\
         共 1 个错误：改正后即可生成；上面列为检查通过的各期不受影响。\n",
    );
}

#[test]
fn chinese_numerals_are_said_plainly() {
    refused(
        DEC,
        "{ done: 30,",
        "{ done: 三十八,",
        "snapshots/2019-12.yaml:9:25: 错误：字段 progress.kindergarten.lanshan.done：“三十八”是汉字数字，请改为阿拉伯数字 38\n\
         \x20 9 |     lanshan:    { done: 三十八, parts: { public: 12, private: 18 } }\n\
         \x20   |                         ^\n\
         各期检查结果：\n\
         \x20 2019-09、2019-10、2019-W45、2019-W46、2019-W47、2019-W48、2019-11：检查通过，可以生成和发布\n\
         \x20 2019-12：1 个错误（snapshots/2019-12.yaml），不能计算，也不能生成和发布本期通报\n\
         共 1 个错误：改正后即可生成；上面列为检查通过的各期不受影响。\n",
    );
}

#[test]
fn a_unit_after_the_number_is_said_plainly() {
    refused(
        DEC,
        "{ done: 30,",
        "{ done: 38处,",
        "snapshots/2019-12.yaml:9:25: 错误：字段 progress.kindergarten.lanshan.done：“38处”带了单位或文字“处”，请只写数字 38\n\
         \x20 9 |     lanshan:    { done: 38处, parts: { public: 12, private: 18 } }\n\
         \x20   |                         ^\n\
         各期检查结果：\n\
         \x20 2019-09、2019-10、2019-W45、2019-W46、2019-W47、2019-W48、2019-11：检查通过，可以生成和发布\n\
         \x20 2019-12：1 个错误（snapshots/2019-12.yaml），不能计算，也不能生成和发布本期通报\n\
         共 1 个错误：改正后即可生成；上面列为检查通过的各期不受影响。\n",
    );
}

#[test]
fn a_full_width_comma_is_named() {
    // Between the items of { }: it must become a half-width comma.
    refused(
        DEC,
        "{ done: 30,",
        "{ done: 38，",
        "snapshots/2019-12.yaml:9:25: 错误：字段 progress.kindergarten.lanshan.done：“38，”中的“，”是全角逗号，请改为半角的“,”\n\
         \x20 9 |     lanshan:    { done: 38， parts: { public: 12, private: 18 } }\n\
         \x20   |                         ^\n\
         各期检查结果：\n\
         \x20 2019-09、2019-10、2019-W45、2019-W46、2019-W47、2019-W48、2019-11：检查通过，可以生成和发布\n\
         \x20 2019-12：1 个错误（snapshots/2019-12.yaml），不能计算，也不能生成和发布本期通报\n\
         共 1 个错误：改正后即可生成；上面列为检查通过的各期不受影响。\n",
    );
    // At the end of a line: it must go.
    refused(
        DEC,
        LANSHAN,
        "lanshan:\n      done: 38，\n      parts: { public: 12, private: 18 }",
        "snapshots/2019-12.yaml:10:13: 错误：字段 progress.kindergarten.lanshan.done：“38，”末尾的“，”是全角逗号，请删去\n\
         \x20 10 |       done: 38，\n\
         \x20    |             ^\n\
         各期检查结果：\n\
         \x20 2019-09、2019-10、2019-W45、2019-W46、2019-W47、2019-W48、2019-11：检查通过，可以生成和发布\n\
         \x20 2019-12：1 个错误（snapshots/2019-12.yaml），不能计算，也不能生成和发布本期通报\n\
         共 1 个错误：改正后即可生成；上面列为检查通过的各期不受影响。\n",
    );
}

#[test]
fn a_tab_is_named_with_its_line_and_column() {
    refused(
        DEC,
        &format!("    {LANSHAN}"),
        &format!("\t{LANSHAN}"),
        "snapshots/2019-12.yaml:9:1: 错误：第9行第1列是制表符（Tab），请改为空格（YAML 只能用空格缩进）\n\
         \x20 9 | →lanshan:    { done: 30, parts: { public: 12, private: 18 } }\n\
         \x20   | ^\n\
         各期检查结果：\n\
         \x20 2019-09、2019-10、2019-W45、2019-W46、2019-W47、2019-W48、2019-11：检查通过，可以生成和发布\n\
         \x20 2019-12：1 个错误（snapshots/2019-12.yaml），不能计算，也不能生成和发布本期通报\n\
         共 1 个错误：改正后即可生成；上面列为检查通过的各期不受影响。\n",
    );
}

#[test]
fn a_mis_indented_key_is_said_as_indentation() {
    refused(
        DEC,
        "    luozhuang:",
        "     luozhuang:",
        "snapshots/2019-12.yaml:10:6: 错误：字段 progress.kindergarten.luozhuang：缩进不对：第10行缩进 5 个空格，比第9行多，\
         但第9行“lanshan:    { done: 30, parts: { public: 12, private: 18 } }”已经写了值，下面不能再有下一层；\
         如果是同一层的项目，请与第9行对齐（缩进 4 个空格）\n\
         \x20 10 |      luozhuang:  { done: 16, parts: { public:  7, private:  9 } }\n\
         \x20    |      ^\n\
         各期检查结果：\n\
         \x20 2019-09、2019-10、2019-W45、2019-W46、2019-W47、2019-W48、2019-11：检查通过，可以生成和发布\n\
         \x20 2019-12：1 个错误（snapshots/2019-12.yaml），不能计算，也不能生成和发布本期通报\n\
         共 1 个错误：改正后即可生成；上面列为检查通过的各期不受影响。\n",
    );
    // Less indented than its siblings: the parser only notices a field missing above.
    refused(
        "campaign.yaml",
        "  short_name:",
        " short_name:",
        "campaign.yaml:9:2: 错误：字段 office.short_name：缩进不对：第9行缩进 1 个空格，与上面各层都对不齐：\
         应为 0 个空格（与第7行同一层）或 2 个空格（与第8行同一层）\n\
         \x20 9 |  short_name: 市整治办\n\
         \x20   |  ^\n\
         共 1 个错误。\n",
    );
}

#[test]
fn a_block_emptied_by_its_indentation_is_said_as_indentation() {
    refused(
        "campaign.yaml",
        "      lanshan: 52",
        "    lanshan: 52",
        "campaign.yaml:49:9: 错误：字段 indicators[0].plan：“plan:”下面的内容要比它多缩进（例如多 2 个空格）：\
         第50行“lanshan: 52”与“plan:”对齐了，plan 就成了空的\n\
         \x20 49 |     plan:                  # 各县区整治计划数（合计 238）\n\
         \x20    |         ^\n\
         共 1 个错误。\n",
    );
}

#[test]
fn a_mistyped_unit_gets_a_guess_and_its_companion_points_at_it() {
    refused(
        DEC,
        "    pingyi:",
        "    pingyl:",
        "snapshots/2019-12.yaml:16:5: 错误：字段 progress.kindergarten.pingyl：未知的单位编号 “pingyl”：\
         campaign.yaml 的 units 中没有，是否应为 pingyi（平邑县）？\n\
         snapshots/2019-12.yaml:16:5: 错误：字段 progress.kindergarten：缺少单位 “pingyi”（平邑县）的数据\
         （第16行的 “pingyl” 是否就是它？）：每期都要填写所有单位的累计完成数（没有进展也要填写）\n\
         各期检查结果：\n\
         \x20 2019-09、2019-10、2019-W45、2019-W46、2019-W47、2019-W48、2019-11：检查通过，可以生成和发布\n\
         \x20 2019-12：2 个错误（snapshots/2019-12.yaml），不能计算，也不能生成和发布本期通报\n\
         共 2 个错误：改正后即可生成；上面列为检查通过的各期不受影响。\n",
    );
    // The unit's name written instead of its id.
    refused(
        DEC,
        "    pingyi:",
        "    平邑县:",
        "snapshots/2019-12.yaml:16:5: 错误：字段 progress.kindergarten.平邑县：未知的单位编号 “平邑县”：\
         campaign.yaml 的 units 中没有，是否应为 pingyi（平邑县）？\n\
         snapshots/2019-12.yaml:16:5: 错误：字段 progress.kindergarten：缺少单位 “pingyi”（平邑县）的数据\
         （第16行的 “平邑县” 是否就是它？）：每期都要填写所有单位的累计完成数（没有进展也要填写）\n\
         各期检查结果：\n\
         \x20 2019-09、2019-10、2019-W45、2019-W46、2019-W47、2019-W48、2019-11：检查通过，可以生成和发布\n\
         \x20 2019-12：2 个错误（snapshots/2019-12.yaml），不能计算，也不能生成和发布本期通报\n\
         共 2 个错误：改正后即可生成；上面列为检查通过的各期不受影响。\n",
    );
}

#[test]
fn a_mistyped_unit_in_the_plan_gets_a_guess_and_its_companion_points_at_it() {
    refused(
        "campaign.yaml",
        "      pingyi: 13",
        "      pingyl: 13",
        "campaign.yaml:57:7: 错误：字段 indicators[0].plan.pingyl：未知的单位编号 “pingyl”：units 中没有这个 id，\
         是否应为 pingyi（平邑县）？\n\
         campaign.yaml:57:7: 错误：字段 indicators[0].plan：单位 “pingyi”（平邑县）没有计划数（第57行的 “pingyl” 是否就是它？）：\
         请在指标 “kindergarten” 的 plan 中加上 pingyi: <计划数>\n\
         共 2 个错误。\n",
    );
}

#[test]
fn a_unit_with_no_figures_has_not_reported_and_its_bulletin_waits_for_consent() {
    let (_t, dir) = sample_copy("clerk-missing");
    let text = std::fs::read_to_string(dir.join(DEC)).unwrap();
    let without: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("pingyi:"))
        .collect();
    std::fs::write(dir.join(DEC), without.join("\n")).unwrap();
    let (code, err) = check(&dir);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        err,
        "snapshots/2019-12.yaml: 警告：1 个县区未报送：平邑县：暂按上期（2019-11）数计算；\
         导入它们的报表后即按实报数计算，生成通报前须导入，或加 --carry-forward 按上期数生成\n"
    );
    let o = tongbao(&dir, &["build", dir.to_str().unwrap(), "--format", "md"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).replace(&format!("{}/", dir.display()), "").ends_with(
            "snapshots/2019-12.yaml: 2019-12 还有 1 个县区未报送：平邑县。请导入它们的报表\
             （tongbao status 查看各县区报送情况）；如决定按上期数计算，加 --carry-forward 重新生成，\
             通报中将写明“平邑县未按时报送，按上期数计算”\n未生成任何文件。\n"
        ),
        "{}",
        stderr(&o)
    );
    let o = tongbao(
        &dir,
        &[
            "build",
            dir.to_str().unwrap(),
            "--format",
            "md",
            "--carry-forward",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let md = std::fs::read_to_string(dir.join("out/2019-12/bulletin.md")).unwrap();
    assert!(md.contains("\n平邑县未按时报送，按上期数计算。\n"), "{md}");
}

#[test]
fn a_unit_missing_from_one_indicator_only_points_at_that_indicator() {
    let tmp = TempDir::new("clerk-missing-one");
    let dir = tmp.path().join("c");
    copy_dir(Path::new("sample-data/dongyi-rural-toilets"), &dir);
    let file = dir.join("snapshots/2024-10.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    let mut seen = false;
    let without: Vec<&str> = text
        .lines()
        .filter(|l| {
            let first = l.trim_start().starts_with("qinghe:") && !seen;
            seen |= first;
            !first
        })
        .collect();
    std::fs::write(&file, without.join("\n")).unwrap();
    let (code, err) = check(&dir);
    assert_eq!(code, Some(1));
    // The sample's warnings (a unit above its plan) aside.
    let err: String = err
        .lines()
        .filter(|l| !l.contains("警告"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(
        err,
        "snapshots/2024-10.yaml:8:3: 错误：字段 progress.toilet：缺少单位 “qinghe”（青河市）的数据：\
         每期都要填写所有单位的累计完成数（没有进展也要填写）\n\
         各期检查结果：\n\
         \x20 2024-08、2024-09、2024-W40、2024-W41、2024-W42、2024-W43：检查通过，可以生成和发布\n\
         \x20 2024-10：1 个错误（snapshots/2024-10.yaml），不能计算，也不能生成和发布本期通报\n\
         共 1 个错误：改正后即可生成；上面列为检查通过的各期不受影响。\n"
    );
}

#[test]
fn mistyped_indicator_and_part_ids_get_a_guess() {
    refused(
        DEC,
        "  kindergarten:",
        "  kindergarden:",
        "snapshots/2019-12.yaml:8:3: 错误：字段 progress.kindergarden：未知的指标编号 “kindergarden”：\
         campaign.yaml 的 indicators 中没有，是否应为 kindergarten（居住区配套幼儿园）？\n\
         snapshots/2019-12.yaml:8:3: 错误：字段 progress：缺少指标 “kindergarten”（居住区配套幼儿园）的数据\
         （第8行的 “kindergarden” 是否就是它？）\n\
         各期检查结果：\n\
         \x20 2019-09、2019-10、2019-W45、2019-W46、2019-W47、2019-W48、2019-11：检查通过，可以生成和发布\n\
         \x20 2019-12：2 个错误（snapshots/2019-12.yaml），不能计算，也不能生成和发布本期通报\n\
         共 2 个错误：改正后即可生成；上面列为检查通过的各期不受影响。\n",
    );
    refused(
        DEC,
        "public: 12, private: 18",
        "public: 12, privte: 18",
        "snapshots/2019-12.yaml:9:50: 错误：字段 progress.kindergarten.lanshan.parts.privte：未知的分项编号 “privte”，\
         是否应为 private（委托办成普惠性民办园）？\n\
         snapshots/2019-12.yaml:9:25: 错误：字段 progress.kindergarten.lanshan.parts：缺少分项 “private”（委托办成普惠性民办园）的数字：\
         指标 “kindergarten” 的每个单位都要填写全部分项（没有就填 0）\n\
         各期检查结果：\n\
         \x20 2019-09、2019-10、2019-W45、2019-W46、2019-W47、2019-W48、2019-11：检查通过，可以生成和发布\n\
         \x20 2019-12：2 个错误（snapshots/2019-12.yaml），不能计算，也不能生成和发布本期通报\n\
         共 2 个错误：改正后即可生成；上面列为检查通过的各期不受影响。\n",
    );
    refused(
        "campaign.yaml",
        "    measure: 处",
        "    meaure: 处",
        "campaign.yaml:42:5: 错误：字段 indicators[0].meaure：未知字段 “meaure”：是否应为 measure？\
         此处可用的字段：id、name、action、measure、plan_label、headline、task、table_title、in_text、parts、parts_exhaustive、plan\n\
         \x20 42 |     meaure: 处\n\
         \x20    |     ^\n\
         共 1 个错误。\n",
    );
}

#[test]
fn colons_written_wrong_are_named() {
    refused(
        "campaign.yaml",
        "scope: 全市",
        "scope： 全市",
        "campaign.yaml:6:1: 错误：第6行“scope”后面的冒号是全角“：”，请改为半角冒号“:”，后面加一个空格\n\
         \x20 6 | scope： 全市                            # 通报中“全市共……”的“全市”\n\
         \x20   | ^\n\
         共 1 个错误。\n",
    );
}

#[test]
fn a_colon_glued_to_its_value_is_named() {
    refused(
        DEC,
        "{ done: 30,",
        "{ done:30,",
        "snapshots/2019-12.yaml:9:19: 错误：字段 progress.kindergarten.lanshan.done：“done”后面的冒号“:”之后要有一个空格\n\
         \x20 9 |     lanshan:    { done:30, parts: { public: 12, private: 18 } }\n\
         \x20   |                   ^\n\
         各期检查结果：\n\
         \x20 2019-09、2019-10、2019-W45、2019-W46、2019-W47、2019-W48、2019-11：检查通过，可以生成和发布\n\
         \x20 2019-12：1 个错误（snapshots/2019-12.yaml），不能计算，也不能生成和发布本期通报\n\
         共 1 个错误：改正后即可生成；上面列为检查通过的各期不受影响。\n",
    );
    refused(
        DEC,
        "issue_date: 2020-01-06",
        "issue_date:2020-01-06",
        "snapshots/2019-12.yaml:4:1: 错误：第4行“issue_date:”的冒号后面要有一个空格\n\
         \x20 4 | issue_date:2020-01-06   # 印发日期\n\
         \x20   | ^\n\
         各期检查结果：\n\
         \x20 2019-09、2019-10、2019-W45、2019-W46、2019-W47、2019-W48、2019-11：检查通过，可以生成和发布\n\
         \x20 2019-12：1 个错误（snapshots/2019-12.yaml），不能计算，也不能生成和发布本期通报\n\
         共 1 个错误：改正后即可生成；上面列为检查通过的各期不受影响。\n",
    );
}

#[test]
fn quoted_numbers_are_numbers() {
    let (_t, dir) = sample_copy("clerk-quoted");
    edit(&dir.join(DEC), "{ done: 30,", "{ done: \"30\",");
    edit(&dir.join(DEC), "public: 12,", "public: '12',");
    let quoted = tongbao(&dir, &["stats", dir.to_str().unwrap(), "--json"]);
    assert!(quoted.status.success(), "{}", stderr(&quoted));
    let plain = tongbao(Path::new(SAMPLE), &["stats", SAMPLE, "--json"]);
    assert_eq!(stdout(&quoted), stdout(&plain));
}

#[test]
fn parts_short_of_done_warn_and_are_refused_where_declared_exhaustive() {
    let (_t, dir) = sample_copy("clerk-parts");
    edit(&dir.join(DEC), "{ done: 30,", "{ done: 31,");
    let (code, err) = check(&dir);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        err,
        "snapshots/2019-12.yaml:9:25: 警告：字段 progress.kindergarten.lanshan.parts：兰山区各分项之和 30处 小于完成数 31处（差 1处），\
         通报中“31处，其中……”的各项加起来将不足31处：请确认分项是否漏填\
         （完成数应全部属于各分项时，请在 campaign.yaml 的这项指标中写 parts_exhaustive: true，此时按错误处理）\n"
    );
    edit(
        &dir.join("campaign.yaml"),
        "    headline: true",
        "    headline: true\n    parts_exhaustive: true",
    );
    let (code, err) = check(&dir);
    assert_eq!(code, Some(1), "{err}");
    assert_eq!(
        err,
        "snapshots/2019-12.yaml:9:25: 错误：字段 progress.kindergarten.lanshan.parts：兰山区各分项之和 30处 小于完成数 31处（差 1处）：\
         指标 “kindergarten” 声明了 parts_exhaustive: true（完成数全部属于办成公办园、委托办成普惠性民办园），分项之和必须等于完成数\n\
         各期检查结果：\n\
         \x20 2019-09、2019-10、2019-W45、2019-W46、2019-W47、2019-W48、2019-11：检查通过，可以生成和发布\n\
         \x20 2019-12：1 个错误（snapshots/2019-12.yaml），不能计算，也不能生成和发布本期通报\n\
         共 1 个错误：改正后即可生成；上面列为检查通过的各期不受影响。\n"
    );
}

#[test]
fn parts_exhaustive_needs_parts() {
    let (_t, dir) = sample_copy("clerk-exhaustive");
    edit(
        &dir.join("campaign.yaml"),
        "    headline: true",
        "    headline: true\n    parts_exhaustive: maybe",
    );
    let (code, err) = check(&dir);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("字段 indicators[0].parts_exhaustive：应为 true 或 false"),
        "{err}"
    );
}

/// Words of the YAML library's English messages.
const PARSER_WORDS: &[&str] = &[
    "while",
    "parsing",
    "expected",
    "found",
    "invalid",
    "mapping",
    "tabs",
    "allowed",
    "context",
    "unclosed",
    "bracket",
    "quote",
    "unexpected",
    "indentation",
    "scalar",
    "missing",
    "field",
    "unknown",
    "anchor",
    "must",
    "followed",
    "line",
    "column",
    "key",
    "value",
    "error",
];

#[test]
fn no_english_from_the_yaml_library_reaches_the_clerk() {
    for (from, to) in [
        ("period: 2019-12", "period: [2019-12"),
        ("period: 2019-12", "period: \"2019-12"),
        ("as_of: 2019-12-31", "as_of: 2019-12-31\n  extra: 1"),
        (
            LANSHAN,
            "lanshan:    { done: 30, parts: { public: 12, private: 18 }",
        ),
        (
            LANSHAN,
            "lanshan:    { done: 30 parts: { public: 12, private: 18 } }",
        ),
        (
            LANSHAN,
            "lanshan:    { done: 30, parts: { public: 12, private: 18 } }}",
        ),
        ("issue_date: 2020-01-06", "issue_date:2020-01-06"),
        ("issue_date: 2020-01-06", "issue_date: *date"),
        ("notes:", "notes:\n- a\n"),
        (LANSHAN, "lanshan:    30"),
        (LANSHAN, "lanshan:    { done: [30] }"),
        (LANSHAN, "lanshan:    { done: 30, done: 31 }"),
    ] {
        let (_t, dir) = sample_copy("clerk-english");
        edit(&dir.join(DEC), from, to);
        let (code, err) = check(&dir);
        assert_eq!(code, Some(1), "{to}: {err}");
        // The diagnostic lines, without the excerpt of the file (which shows what the clerk wrote).
        for line in err.lines().filter(|l| l.contains("错误：")) {
            let message = line.split_once("错误：").map(|(_, m)| m).unwrap_or(line);
            let words: Vec<&str> = message
                .split(|c: char| !c.is_ascii_alphabetic())
                .filter(|w| PARSER_WORDS.contains(&w.to_ascii_lowercase().as_str()))
                .collect();
            assert!(words.is_empty(), "{to}: English {words:?} in {line}");
            assert!(!message.contains('?'), "{to}: a stray ? in {line}");
        }
        assert!(err.contains("\n  "), "{to}: the line is shown: {err}");
        assert!(err.contains('^'), "{to}: a caret under the column: {err}");
    }
}
