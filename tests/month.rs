//! The office's month, end to end, as the clerk runs it (README 每月的工作流程):
//! new-month → fill in → check → build → edit bulletin.md → render → publish, and the next
//! month the same way with a stale draft, an invented number and an edited ranking table.

mod common;

use common::*;
use std::path::Path;
use std::process::Output;

use tongbao::render::Format;

/// Runs `tongbao <command> <campaign> <extra…>` from the campaign folder (so drafts go to
/// `<campaign>/out/<period>`, where publish looks for them by default).
fn run(dir: &Path, command: &str, extra: &[&str]) -> Output {
    let mut args = vec![command, dir.to_str().unwrap()];
    args.extend_from_slice(extra);
    tongbao(dir, &args)
}

fn ok(o: &Output) {
    assert!(o.status.success(), "{}{}", stdout(o), stderr(o));
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The PDF's text (line breaks and spaces removed), or `None` without pdftotext (outside CI).
fn pdf_text(pdf: &Path) -> Option<String> {
    common::pdftotext(pdf, &[]).map(|t| t.chars().filter(|c| !c.is_whitespace()).collect())
}

/// The sample as an office that has published 第5期 to 第8期 before using the tool: its
/// snapshots are numbered 5…8, `numbering.start: 9`, and a 文件式 header (发文字号).
fn office_mid_series() -> (TempDir, std::path::PathBuf) {
    let (t, dir) = sample_copy("month");
    for (old, new, period) in [(1, 5, "09"), (2, 6, "10"), (3, 7, "11"), (4, 8, "12")] {
        edit(
            &dir.join(format!("snapshots/2019-{period}.yaml")),
            &format!("issue_number: {old} "),
            &format!("issue_number: {new} "),
        );
    }
    let campaign = dir.join("campaign.yaml");
    edit(&campaign, "style: 简报", "style: 文件");
    let mut text = read(&campaign);
    text.push_str("\nnumbering: { start: 9 }\n");
    std::fs::write(&campaign, text).unwrap();
    (t, dir)
}

/// Fills in the month new-month wrote: the issue date, this month's cumulative counts for
/// two units, and a summary.
fn fill_in(file: &Path, issue_date: &str, lanshan: (u32, u32, u32), yinan: (u32, u32, u32)) {
    let text = read(file);
    let mut out = String::new();
    for line in text.lines() {
        let line = if line.starts_with("issue_date:") {
            format!("issue_date: {issue_date}")
        } else if line.trim_start().starts_with("lanshan:") {
            let (d, a, b) = lanshan;
            format!("    lanshan:   {{ done: {d}, parts: {{ public: {a}, private: {b} }} }}")
        } else if line.trim_start().starts_with("yinan:") {
            let (d, a, b) = yinan;
            format!("    yinan:     {{ done: {d}, parts: {{ public: {a}, private: {b} }} }}")
        } else if line.trim_start().starts_with("summary:") {
            "  summary: 各县区对照整改清单逐项销号。".to_string()
        } else {
            line.to_string()
        };
        out.push_str(&line);
        out.push('\n');
    }
    std::fs::write(file, out).unwrap();
}

/// Adds `sentence` at the end of the first paragraph of 一、 in `bulletin.md`; returns its line.
fn add_sentence(md: &Path, sentence: &str) -> usize {
    let text = read(md);
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let i = lines
        .iter()
        .position(|l| l.starts_with("截至"))
        .expect("the first paragraph of 一、");
    lines[i].push_str(sentence);
    std::fs::write(md, lines.join("\n") + "\n").unwrap();
    i + 1
}

#[test]
fn the_clerks_month_publishes_the_approved_edit_in_every_format() {
    let (_t, dir) = office_mid_series();
    let archive = dir.join("archive");

    // 1. new-month writes 2020-01 from 2019-12, for the clerk to fill in.
    let o = run(&dir, "new-month", &[]);
    ok(&o);
    let month = dir.join("snapshots/2020-01.yaml");
    assert!(stdout(&o).contains("2020-01.yaml"), "{}", stdout(&o));
    let text = read(&month);
    assert!(text.contains("period: 2020-01\n"), "{text}");
    assert!(text.contains("as_of: 2020-01-31 "), "{text}");
    assert!(text.contains("issue_number: 9 "), "{text}");
    assert!(
        text.contains("lanshan:   { done: 30, parts: { public: 12, private: 18 } }   # 兰山区：上月（2019-12）数"),
        "{text}"
    );

    // 2. check insists on the issue date and notices last month's counts.
    let o = run(&dir, "check", &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(
        e.contains("2020-01.yaml:6:11: 错误：字段 issue_date：印发日期未填写：请写上本期通报的印发日期，格式 YYYY-MM-DD（例如 2020-02-05）"),
        "{e}"
    );
    assert!(
        e.contains("警告：字段 progress：各单位的累计数与上一期（2019-12.yaml）完全相同"),
        "{e}"
    );
    // new-month never writes over a month, and does not run ahead of an unfinished one.
    let before = std::fs::read(&month).unwrap();
    assert_eq!(run(&dir, "new-month", &[]).status.code(), Some(1));
    assert_eq!(std::fs::read(&month).unwrap(), before);
    assert!(!dir.join("snapshots/2020-02.yaml").exists());

    // 3. The clerk fills it in; check passes without those warnings.
    fill_in(&month, "2020-02-05", (36, 15, 21), (7, 3, 4));
    let o = run(&dir, "check", &[]);
    ok(&o);
    assert!(!stderr(&o).contains("完全相同"), "{}", stderr(&o));
    assert!(!stderr(&o).contains("issue_number"), "{}", stderr(&o));

    // 4. build: the draft carries the number publish will give, and its 发文字号.
    let o = run(&dir, "build", &[]);
    ok(&o);
    let draft = dir.join("out/2020-01");
    let md = draft.join("bulletin.md");
    let built = read(&md);
    assert!(built.contains("\nissue: 9\n"), "{built}");
    assert!(
        built.contains("doc_number: \"临整办〔2020〕9号\""),
        "{built}"
    );
    assert!(draft.join("draft.json").is_file());
    // 上期排名 and 升降 in the ranking table: 兰山区 rises from 10th to 6th.
    assert!(
        built.contains("| 兰山区 | 52 | 36 | 15 | 21 | 6 | 69.2% | -30.8 | 6 | 10 | ↑4 |"),
        "{built}"
    );

    // 5. A leader's sentence is added to bulletin.md, and the draft re-rendered.
    let edit_text = "市领导批示：各县区要对标先进、加压奋进。";
    add_sentence(&md, edit_text);
    ok(&tongbao(&dir, &["render", md.to_str().unwrap()]));
    assert!(read(&draft.join("bulletin.html")).contains(edit_text));

    // 6. publish archives the approved draft as 第9期, the edit in every format.
    let o = run(&dir, "publish", &[]);
    ok(&o);
    assert!(
        stdout(&o).contains("已发布 第9期（2020-01）"),
        "{}",
        stdout(&o)
    );
    let issue = archive.join("009_2020-01");
    assert_eq!(
        std::fs::read(issue.join("bulletin.md")).unwrap(),
        std::fs::read(&md).unwrap(),
        "the archived Markdown is the approved draft, byte for byte"
    );
    for format in Format::ALL {
        let file = issue.join(format.file_name());
        assert!(file.is_file(), "{}", file.display());
        match format {
            Format::Markdown | Format::Html => {
                assert!(read(&file).contains(edit_text), "{}", file.display())
            }
            Format::Pdf => {
                if let Some(text) = pdf_text(&file) {
                    assert!(text.contains(edit_text), "{text}");
                    assert!(text.contains("临整办〔2020〕9号"), "{text}");
                }
            }
            #[allow(unreachable_patterns)]
            _ => {}
        }
    }
    let manifest = read(&issue.join("manifest.json"));
    assert!(manifest.contains("\"issue\": 9"), "{manifest}");
    ok(&tongbao(
        &dir,
        &["archive", "verify", dir.to_str().unwrap()],
    ));

    // 7. The next month: new-month numbers it 第10期 from the archive.
    ok(&run(&dir, "new-month", &[]));
    let next = dir.join("snapshots/2020-02.yaml");
    assert!(read(&next).contains("issue_number: 10 "));
    fill_in(&next, "2020-03-05", (40, 17, 23), (8, 3, 5));
    ok(&run(&dir, "build", &[]));
    let md2 = dir.join("out/2020-02/bulletin.md");
    assert!(read(&md2).contains("doc_number: \"临整办〔2020〕10号\""));

    // A draft built before the data changed is refused; the archive is untouched.
    let archived = file_tree(&archive);
    edit(&next, "lanshan:   { done: 40", "lanshan:   { done: 41");
    let o = run(&dir, "publish", &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("是在数据修改之前生成的：snapshots/2020-02.yaml 在生成草稿后已改动。请重新运行 tongbao build"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        file_tree(&archive),
        archived,
        "the archive is byte-identical"
    );

    // Rebuilt, with a number the data does not produce: a warning with its line, refused
    // without --force.
    edit(&next, "lanshan:   { done: 41", "lanshan:   { done: 40");
    ok(&run(&dir, "build", &[]));
    let line = add_sentence(&md2, "本月召开推进会987次。");
    let o = run(&dir, "publish", &[]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    let warning = format!("第{line}行：“本月召开推进会987次。”中的 987 不是由数据计算得出");
    assert!(e.contains(&warning), "{e}");
    assert!(e.contains("加 --force 发布"), "{e}");
    assert_eq!(file_tree(&archive), archived);

    // An edited ranking table is an error, even with --force.
    let good = read(&md2);
    edit(&md2, "| 兰山区 | 52 | 40 |", "| 兰山区 | 52 | 44 |");
    let o = run(&dir, "publish", &["--force"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("附件排名表第"), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("（兰山区）“完成数”一栏写的是 44，数据计算结果为 40"),
        "{}",
        stderr(&o)
    );
    assert_eq!(file_tree(&archive), archived);

    // With the table restored, --force publishes despite the warning, and says so.
    std::fs::write(&md2, good).unwrap();
    let o = run(&dir, "publish", &["--force"]);
    ok(&o);
    assert!(
        stdout(&o).contains("已发布 第10期（2020-02）"),
        "{}",
        stdout(&o)
    );
    assert!(stderr(&o).contains(&warning), "{}", stderr(&o));
    let index = read(&archive.join("index.md"));
    assert!(
        index.contains("| 第10期 | 2020-02 |") && index.contains("| 第9期 | 2020-01 |"),
        "{index}"
    );
}

#[test]
fn check_warns_of_an_issue_number_that_repeats_or_skips() {
    let (_t, dir) = sample_copy("numbers");
    let file = dir.join("snapshots/2019-12.yaml");
    edit(&file, "issue_number: 4 ", "issue_number: 3 ");
    let o = run(&dir, "check", &[]);
    ok(&o);
    assert!(
        stderr(&o).contains("2019-12.yaml:5:15: 警告：字段 issue_number：期号第3期与上一期（2019-11.yaml）的第3期重复或倒退：本期应为第4期"),
        "{}",
        stderr(&o)
    );
    edit(&file, "issue_number: 3 ", "issue_number: 6 ");
    let o = run(&dir, "check", &[]);
    assert!(
        stderr(&o).contains("期号第6期跳过了第4期（上一期 2019-11.yaml 为第3期）"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn stats_lists_what_changed_since_last_month() {
    let o = tongbao(Path::new(SAMPLE), &["stats", SAMPLE, "--changes"]);
    ok(&o);
    let out = stdout(&o);
    assert!(
        out.starts_with("期间 2019-12，与上月（2019-11）相比\n"),
        "{out}"
    );
    // 兰山区: 24 → 30 done, 46.2% → 57.7%, rank 9 → 10.
    assert!(
        out.contains("兰山区\t24\t30\t6\t46.2%\t57.7%\t+11.5\t9\t10\t↓1\n"),
        "{out}"
    );
    let o = tongbao(Path::new(SAMPLE), &["stats", SAMPLE, "--json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let lanshan = &json["indicators"][0]["units"][0];
    assert_eq!(lanshan["name"], "兰山区");
    assert_eq!(lanshan["previous_rank"], 9);
    assert_eq!(lanshan["rank_change"], -1);
}

#[test]
fn an_unknown_figures_version_is_named_in_the_index() {
    let (_t, dir) = sample_copy("figures-version");
    for period in ["2019-11", "2019-12"] {
        ok(&run(&dir, "build", &["--period", period]));
        ok(&run(&dir, "publish", &["--period", period]));
    }
    let archive = dir.join("archive");
    let figures = archive.join("004_2019-12/figures.json");
    let text = read(&figures).replacen("\"schema_version\": 1", "\"schema_version\": 7", 1);
    std::fs::write(&figures, text).unwrap();
    let o = tongbao(&dir, &["archive", "index", dir.to_str().unwrap()]);
    ok(&o);
    let why = "第4期（2019-12）的 figures.json 的格式版本为 7，本程序只能读取版本 1";
    assert!(stderr(&o).contains(why), "{}", stderr(&o));
    let index = read(&archive.join("index.md"));
    assert!(index.contains(why), "{index}");
    assert!(
        index.contains("| 平邑县 | 38.5% ▼ | 无法读取 | — |"),
        "{index}"
    );
    assert!(read(&archive.join("index.html")).contains(why));
}
