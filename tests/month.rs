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
        e.contains("2020-01.yaml:6:11: 错误：字段 issue_date：印发日期未填写：请写上本期通报的印发日期，格式 YYYY-MM-DD（例如 2020-02-05）；补写之前不能生成和发布 2020-01 的通报，其他各期不受影响"),
        "{e}"
    );
    assert!(
        e.contains("警告：字段 progress：各单位的累计数与上一期（2019-12.yaml）完全相同"),
        "{e}"
    );

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

/// The exact lines `status` prints for the units named in `names`, in the order printed.
fn status_lines(out: &str, names: &[&str]) -> Vec<String> {
    out.lines()
        .filter(|l| names.iter().any(|n| l.contains(n)))
        .map(str::to_string)
        .collect()
}

#[test]
fn units_that_did_not_report_are_named_and_counted_at_last_months_figures_only_by_consent() {
    let (_t, dir) = office_mid_series();
    ok(&run(&dir, "new-month", &[]));
    let month = dir.join("snapshots/2020-01.yaml");
    let text = read(&month).replace("issue_date:  ", "issue_date: 2020-02-05  ");
    let kept: Vec<&str> = text
        .lines()
        .filter(|l| {
            !["hedong:", "feixian:", "gaoxin:"].contains(&l.split_whitespace().next().unwrap_or(""))
        })
        .collect();
    std::fs::write(&month, kept.join("\n") + "\n").unwrap();

    // status: 3 未报, named; the rest as last month (new-month's figures).
    let o = run(&dir, "status", &[]);
    ok(&o);
    let out = stdout(&o);
    assert!(
        out.starts_with("2020-01 报送情况：共 15 个县区，已报 0，与上月相同 12，未报 3，有误 0\n"),
        "{out}"
    );
    assert_eq!(
        status_lines(&out, &["河东区", "费县", "高新"]),
        [
            "未报　　　  河东区",
            "未报　　　  费县",
            "未报　　　  临沂高新技术产业开发区"
        ]
    );

    // build refuses and names them; with the office's consent the bulletin says so.
    let o = run(&dir, "build", &["--format", "md"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("2020-01 还有 3 个县区未报送：河东区、费县、临沂高新技术产业开发区。请导入它们的报表（tongbao status 查看各县区报送情况）；如决定按上期数计算，加 --carry-forward 重新生成，通报中将写明“河东区、费县、临沂高新技术产业开发区未按时报送，按上期数计算”\n未生成任何文件。\n"),
        "{}",
        stderr(&o)
    );
    assert!(!dir.join("out/2020-01").exists());
    let o = run(&dir, "build", &["--format", "md", "--carry-forward"]);
    ok(&o);
    let md = read(&dir.join("out/2020-01/bulletin.md"));
    assert!(
        md.contains("\n河东区、费县、临沂高新技术产业开发区未按时报送，按上期数计算。\n"),
        "{md}"
    );
    // Not reported: their 本月新增 is not known (—); the total counts them as none.
    let row = md
        .lines()
        .find(|l| l.contains("| 河东区 |"))
        .unwrap_or_default();
    assert!(row.contains("| 14 | 6 | 8 | — |"), "{row}");
    // Not reported is not 本月无新增: nothing is known of their month.
    let named = md
        .lines()
        .find(|l| l.contains("本月无新增"))
        .unwrap_or_default()
        .to_string();
    assert!(
        !named.contains("河东区") && !named.contains("费县"),
        "{named}"
    );
}

/// December's figures of the sample: name, done, 办成公办园, 委托办成普惠性民办园.
const DECEMBER: [(&str, u32, u32, u32); 15] = [
    ("兰山区", 30, 12, 18),
    ("罗庄区", 16, 7, 9),
    ("河东区", 14, 6, 8),
    ("郯城县", 10, 5, 5),
    ("兰陵县", 8, 4, 4),
    ("沂水县", 12, 6, 6),
    ("沂南县", 5, 2, 3),
    ("平邑县", 6, 3, 3),
    ("费县", 7, 3, 4),
    ("蒙阴县", 8, 4, 4),
    ("莒南县", 9, 4, 5),
    ("临沭县", 6, 3, 3),
    ("临沂高新技术产业开发区", 5, 2, 3),
    ("临沂经济技术开发区", 5, 2, 3),
    ("临沂临港经济开发区", 4, 2, 2),
];

/// A county's own return for January, `returns/2020-01/<name>-1月填报.xlsx`: its row under a
/// header with a 备注 column, one more 办成公办园 than December (complete units as they were),
/// `edit` applied, saved at 2020-02-03 10:12 UTC.
fn county_return(dir: &Path, unit: &str, edit: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) {
    let (name, done, public, private) = DECEMBER.iter().find(|d| d.0 == unit).unwrap();
    let more = u32::from(!["蒙阴县", "临沂临港经济开发区"].contains(name));
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("居住区配套幼儿园").unwrap();
    for (c, h) in [
        "县区",
        "计划数",
        "累计完成数",
        "其中：办成公办园",
        "其中：委托办成普惠性民办园",
        "备注",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet.write_string(1, 0, *name).unwrap();
    for (c, v) in [done + more, public + more, *private].iter().enumerate() {
        sheet.write_number(1, 2 + c as u16, *v as f64).unwrap();
    }
    edit(sheet);
    let folder = dir.join("returns/2020-01");
    std::fs::create_dir_all(&folder).unwrap();
    let path = folder.join(format!("{name}-1月填报.xlsx"));
    book.save(&path).unwrap();
    let at = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_580_724_720);
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(at)
        .unwrap();
}

/// `returns/2020-01/<name>-1月填报.xlsx` of each unit in `names`.
fn return_files(names: &[&str]) -> Vec<String> {
    names
        .iter()
        .map(|n| format!("returns/2020-01/{n}-1月填报.xlsx"))
        .collect()
}

#[test]
fn returns_are_taken_unit_by_unit_with_their_remarks_and_footer_and_each_error_in_its_own_file() {
    let (_t, dir) = office_mid_series();
    ok(&run(&dir, "new-month", &[]));
    let month = dir.join("snapshots/2020-01.yaml");
    std::fs::write(
        &month,
        read(&month).replace("issue_date:  ", "issue_date: 2020-02-05  "),
    )
    .unwrap();

    // 13 of 15 counties return; 兰山区's figure fell below December's, 河东区 left a cell empty,
    // 郯城县 wrote a remark and signed its form.
    let late = ["费县", "临沂高新技术产业开发区"];
    let sent: Vec<&str> = DECEMBER
        .iter()
        .map(|d| d.0)
        .filter(|n| !late.contains(n))
        .collect();
    for name in &sent {
        county_return(&dir, name, |s| match *name {
            "兰山区" => {
                s.write_number(1, 2, 20.0).unwrap();
            }
            "河东区" => {
                s.write_blank(1, 2, &rust_xlsxwriter::Format::new())
                    .unwrap();
            }
            "郯城县" => {
                s.write_string(1, 5, "新增3处均为委托办园，已验收").unwrap();
                s.write_string(3, 0, "填报人：李四 审核人：王五 联系电话：0539-8123456")
                    .unwrap();
            }
            _ => {}
        });
    }
    let files = return_files(&sent);
    let mut args: Vec<&str> = files.iter().map(String::as_str).collect();
    args.extend(["--period", "2020-01"]);
    let o = run(&dir, "import", &args);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let errors: Vec<&str> = stderr(&o)
        .lines()
        .filter(|l| l.contains("错误"))
        .map(|l| l.to_owned().leak() as &str)
        .collect();
    assert_eq!(
        errors,
        [
            "returns/2020-01/兰山区-1月填报.xlsx: 错误：居住区配套幼儿园!C2：兰山区：各分项之和 31 大于完成数 20",
            "returns/2020-01/兰山区-1月填报.xlsx: 错误：居住区配套幼儿园!C2：兰山区的累计完成数 20 小于上一期（2019-12）的 30：累计数只能增加，不能减少。如果是此前多报、本期核减，请在本期数据中记下核减，例如：corrections: [{ unit: lanshan, indicator: kindergarten, amount: 10, reason: 经核查重复统计 }]（写法见 docs/input-format.md 的“核减”）；否则请改正这个数",
            "returns/2020-01/河东区-1月填报.xlsx: 错误：居住区配套幼儿园!C2：完成数未填写（没有进展请填 0）",
            "共 3 个错误。",
        ]
    );
    assert_eq!(
        stdout(&o).replace(&format!("{}/", dir.display()), ""),
        "已更新 snapshots/2020-01.yaml：导入 11 个单位：罗庄区、郯城县、兰陵县、沂水县、沂南县、平邑县、蒙阴县、莒南县、临沭县、临沂经济技术开发区、临沂临港经济开发区。\n\
         未导入 2 个单位（报表有误，见上）：兰山区、河东区；改正后重新导入即可，其余单位的数不受影响。\n\
         以下单位的数是新建月度数据时沿用的上月数，不是报表，已去掉：兰山区、河东区、费县、临沂高新技术产业开发区。\n\
         尚未报送 4 个单位：兰山区、河东区、费县、临沂高新技术产业开发区（tongbao status 查看报送情况）。\n"
    );
    let text = read(&month);
    assert!(
        text.contains("  tancheng:   # 郯城县\n    file: \"郯城县-1月填报.xlsx\"\n    cells: \"居住区配套幼儿园!A2:F2\"\n    received: \"2020-02-03 10:12\"\n    remarks: \"新增3处均为委托办园，已验收\"\n    filled_by: \"李四\"\n    checked_by: \"王五\"\n    phone: \"0539-8123456\"\n"),
        "{text}"
    );

    // status: each unit, the two faulty ones with their own errors.
    let o = run(&dir, "status", &[]);
    ok(&o);
    let out = stdout(&o);
    assert!(
        out.starts_with("2020-01 报送情况：共 15 个县区，已报 9，与上月相同 2，未报 2，有误 2\n"),
        "{out}"
    );
    let expected = [
        "有误　　　  兰山区",
        "　　　　　  错误：兰山区-1月填报.xlsx: 居住区配套幼儿园!C2：兰山区：各分项之和 31 大于完成数 20",
        "　　　　　  错误：兰山区-1月填报.xlsx: 居住区配套幼儿园!C2：兰山区的累计完成数 20 小于上一期（2019-12）的 30：累计数只能增加，不能减少。如果是此前多报、本期核减，请在本期数据中记下核减，例如：corrections: [{ unit: lanshan, indicator: kindergarten, amount: 10, reason: 经核查重复统计 }]（写法见 docs/input-format.md 的“核减”）；否则请改正这个数",
        "已报　　　  罗庄区  罗庄区-1月填报.xlsx 居住区配套幼儿园!A2:F2（2020-02-03 10:12）",
        "有误　　　  河东区",
        "　　　　　  错误：河东区-1月填报.xlsx: 居住区配套幼儿园!C2：完成数未填写（没有进展请填 0）",
        "已报　　　  郯城县  郯城县-1月填报.xlsx 居住区配套幼儿园!A2:F2（2020-02-03 10:12）",
        "　　　　　  备注：新增3处均为委托办园，已验收",
        "　　　　　  填报人：李四  审核人：王五  联系电话：0539-8123456",
    ];
    assert!(out.contains(&(expected.join("\n") + "\n")), "{out}");
    assert!(out.contains("未报　　　  费县\n"), "{out}");
    assert!(
        out.contains(
            "与上月相同  蒙阴县  蒙阴县-1月填报.xlsx 居住区配套幼儿园!A2:F2（2020-02-03 10:12）\n"
        ),
        "{out}"
    );

    // A form of the wrong period: one clear error, nothing else said, nothing written.
    let stale = dir.join("费县-12月.xlsx");
    ok(&run(
        &dir,
        "form",
        &[
            "--period",
            "2019-12",
            "--unit",
            "费县",
            "--out",
            stale.to_str().unwrap(),
        ],
    ));
    let before = read(&month);
    let o = run(&dir, "import", &["费县-12月.xlsx", "--period", "2020-01"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        "费县-12月.xlsx: 错误：_tongbao!B3：这是 2019-12 的填报表，导入的期间是 2020-01：请核对 --period，或用 tongbao form --period 2020-01 重新生成填报表\n\
         共 1 个错误，未生成任何文件。\n"
    );
    assert_eq!(read(&month), before);

    // The building waits for all; the corrected and late returns fill in the rest, keeping
    // what was taken (郯城县's remark among it).
    let o = run(&dir, "build", &["--format", "md"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(
            "2020-01 还有 4 个县区未报送：兰山区、河东区、费县、临沂高新技术产业开发区。"
        ),
        "{}",
        stderr(&o)
    );
    let rest = ["兰山区", "河东区", "费县", "临沂高新技术产业开发区"];
    for name in rest {
        county_return(&dir, name, |_| {});
    }
    let files = return_files(&rest);
    let mut args: Vec<&str> = files.iter().map(String::as_str).collect();
    args.extend(["--period", "2020-01"]);
    let o = run(&dir, "import", &args);
    ok(&o);
    assert!(stdout(&o).ends_with("各单位均已报送。\n"), "{}", stdout(&o));
    assert!(read(&month).contains("    remarks: \"新增3处均为委托办园，已验收\"\n"));
    let o = run(&dir, "status", &[]);
    assert!(
        stdout(&o)
            .starts_with("2020-01 报送情况：共 15 个县区，已报 13，与上月相同 2，未报 0，有误 0\n"),
        "{}",
        stdout(&o)
    );
    ok(&run(&dir, "build", &["--format", "md"]));
    let md = read(&dir.join("out/2020-01/bulletin.md"));
    assert!(!md.contains("未按时报送"), "{md}");
    assert!(md.contains("本月新增13处"), "{md}");

    // Copies for every recipient the campaign lists: the 主送 units with their count, each
    // 版记 line, the 发 line expanded per unit; each numbered, and a register to sign.
    let campaign = dir.join("campaign.yaml");
    common::edit(
        &campaign,
        "  send_to: [各县区党委、政府主要负责人]",
        "  addressed_to: [{ name: 市直有关部门, copies: 2 }]\n  send_to: [{ name: 各县区党委、政府主要负责人, each_unit: \"{unit}党委、政府主要负责人\" }]",
    );
    ok(&run(&dir, "build", &["--format", "md"]));
    let md = read(&dir.join("out/2020-01/bulletin.md"));
    assert!(
        md.contains("  send_to: [\"各县区党委、政府主要负责人\"]"),
        "the 版记 prints the line as written: {md}"
    );
    let o = run(&dir, "publish", &["--copies"]);
    ok(&o);
    let issue = dir.join("archive/009_2020-01");
    let csv = read(&issue.join("分发登记.csv"));
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(
        lines[..8],
        [
            "份号,类别,收文单位,份数,签收",
            "000001—000002,主送,市直有关部门,2,",
            "000003,报,市委常委,1,",
            "000004,报,市人大常委会主任,1,",
            "000005,报,市政府副市长,1,",
            "000006,报,市政协主席,1,",
            "000007,发,兰山区党委、政府主要负责人,1,",
            "000008,发,罗庄区党委、政府主要负责人,1,",
        ]
    );
    assert_eq!(
        lines.last(),
        Some(&"000021,发,临沂临港经济开发区党委、政府主要负责人,1,")
    );
    assert_eq!(lines.len(), 1 + 1 + 4 + 15);
    for n in 1..=21 {
        let pdf = std::fs::read(issue.join(format!("copies/{n:06}.pdf"))).unwrap();
        assert!(pdf.starts_with(b"%PDF"), "copy {n}");
    }
    assert!(!issue.join("copies/000022.pdf").exists());
    let pdf = issue.join("分发登记.pdf");
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));
    if let Some(text) = pdf_text(&pdf) {
        for word in [
            "份号",
            "收文单位",
            "份数",
            "签收",
            "000001—000002",
            "临沂临港经济开发区党委、政府主要负责人",
        ] {
            assert!(text.contains(word), "{word} in the register: {text}");
        }
    }
    use calamine::Reader as _;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(issue.join("分发登记.xlsx")).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    // The sheet's title (分发登记) above the table, as every attachment table gets.
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    let at = rows
        .iter()
        .position(|r| r[0] == "份号")
        .expect("header row");
    assert_eq!(rows[at], ["份号", "类别", "收文单位", "份数", "签收"]);
    assert_eq!(
        rows[at + 1][..4],
        ["000001—000002", "主送", "市直有关部门", "2"]
    );
    assert_eq!(rows.len() - at, 1 + 1 + 4 + 15);
}

#[test]
fn a_month_being_filled_in_blocks_only_its_own_bulletin() {
    let (_t, dir) = sample_copy("month-alone");
    // new-month writes 2020-01 with its issue date left for the clerk.
    ok(&run(&dir, "new-month", &[]));
    let january = dir.join("snapshots/2020-01.yaml");

    // check names the empty field, with a date that fits January, and the periods that are sound.
    let o = run(&dir, "check", &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(e.contains("（例如 2020-02-05）"), "{e}");
    // The new month's words are still to be written: a warning names them; the months
    // already issued are not nagged about.
    assert!(
        e.contains("2020-01.yaml: 警告：2020-01 的 notes.summary（开头段的工作动态）、notes.problems（三、存在问题）、notes.demands（四、下步工作要求） 没有写："),
        "{e}"
    );
    assert!(!e.contains("警告：2019-12 的 notes"), "{e}");
    assert!(
        e.contains("  2019-09、2019-10、2019-W45、2019-W46、2019-W47、2019-W48、2019-11、2019-12：检查通过，可以生成和发布\n"),
        "{e}"
    );
    assert!(
        e.contains("  2020-01：1 个错误（") && e.contains("不能生成和发布本期通报"),
        "{e}"
    );

    // December is corrected and rebuilt while January waits for its date.
    edit(
        &dir.join("snapshots/2019-12.yaml"),
        "lanshan:    { done: 30, parts: { public: 12, private: 18 } }",
        "lanshan:    { done: 31, parts: { public: 12, private: 19 } }",
    );
    ok(&run(
        &dir,
        "build",
        &["--period", "2019-12", "--format", "md"],
    ));
    let december = read(&dir.join("out/2019-12/bulletin.md"));
    assert!(
        december.contains("| 兰山区 | 52 | 31 | 12 | 19 |"),
        "{december}"
    );

    // January still carries December's old figure: its own error, December unaffected.
    let o = run(&dir, "stats", &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("累计完成数 30 小于上一期（2019-12）的 31"),
        "{}",
        stderr(&o)
    );
    edit(
        &january,
        "lanshan:   { done: 30, parts: { public: 12, private: 18 } }",
        "lanshan:   { done: 31, parts: { public: 12, private: 19 } }",
    );

    // January's figures, its form and the next month go on; its bulletin does not.
    ok(&run(&dir, "stats", &[]));
    let form = dir.join("填报表-2020-01.xlsx");
    ok(&run(
        &dir,
        "form",
        &["--period", "2020-01", "--out", form.to_str().unwrap()],
    ));
    assert!(form.is_file());
    let before = std::fs::read(&january).unwrap();
    let o = run(&dir, "build", &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stderr(&o).contains("印发日期未填写"), "{}", stderr(&o));
    assert!(!dir.join("out/2020-01").exists());
    ok(&run(&dir, "new-month", &[]));
    assert!(dir.join("snapshots/2020-02.yaml").is_file());
    assert_eq!(
        std::fs::read(&january).unwrap(),
        before,
        "never written over"
    );

    // A period whose figures are wrong blocks itself and the months after it, not those before.
    edit(&january, "lanshan:   { done: 31", "lanshan:   { done: 3x1");
    let o = run(&dir, "stats", &["--period", "2020-02"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("2020-01 的数据有错误"),
        "{}",
        stderr(&o)
    );
    ok(&run(&dir, "stats", &["--period", "2019-12"]));
    let o = run(&dir, "new-month", &[]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn a_rebuild_after_a_data_change_keeps_the_edit_and_lists_the_conflict() {
    let (_t, dir) = sample_copy("month-merge");
    let archive = dir.join("archive");
    ok(&run(
        &dir,
        "build",
        &["--period", "2019-12", "--format", "md"],
    ));
    let md = dir.join("out/2019-12/bulletin.md");
    // The leader's instruction, a paragraph of its own, and a change to the sentence whose
    // figures the data will change.
    let leader = "市领导批示：各县区要对标先进、加压奋进。";
    edit(
        &md,
        "现将有关情况通报如下：\n",
        &format!("现将有关情况通报如下：\n\n{leader}\n"),
    );
    edit(&md, "截至12月31日，全市共", "截至2019年12月31日，全市共");
    let edited = std::fs::read(&md).unwrap();

    // The data changes: publish refuses the draft built before it.
    edit(
        &dir.join("snapshots/2019-12.yaml"),
        "lanshan:    { done: 30, parts: { public: 12, private: 18 } }",
        "lanshan:    { done: 31, parts: { public: 12, private: 19 } }",
    );
    let o = run(&dir, "publish", &["--period", "2019-12"]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));

    // build composes the new bulletin and carries the edit; the sentence both changed is a
    // conflict, listed with its line; the edited draft is kept beside, byte for byte.
    let o = run(&dir, "build", &["--period", "2019-12", "--format", "md"]);
    ok(&o);
    let e = stderr(&o);
    let kept = dir.join("out/2019-12/bulletin.编辑前-1.md");
    assert!(e.contains("合并前的草稿原样保存为"), "{e}");
    assert!(e.contains("有 1 处修改与数据的变化在同一处"), "{e}");
    assert_eq!(std::fs::read(&kept).unwrap(), edited, "kept as it was");
    let merged = read(&md);
    assert!(merged.contains(&format!("\n{leader}\n")), "{merged}");
    assert!(
        merged.contains("| 兰山区 | 52 | 31 | 12 | 19 |"),
        "{merged}"
    );
    let lines: Vec<&str> = merged.lines().collect();
    let start = lines
        .iter()
        .position(|l| *l == tongbao::draft::merge::START)
        .expect("the conflict's first marker");
    assert!(
        e.contains(&format!(
            "  第{}行：您改为“截至2019年12月31日，全市共整治完成居住区配套幼儿园145处",
            start + 1
        )),
        "{e}"
    );
    assert!(
        lines[start + 1].starts_with("截至2019年12月31日，全市共整治完成居住区配套幼儿园145处")
    );
    assert_eq!(lines[start + 2], tongbao::draft::merge::MIDDLE);
    assert!(lines[start + 3].starts_with("截至12月31日，全市共整治完成居住区配套幼儿园146处"));
    assert_eq!(lines[start + 4], tongbao::draft::merge::END);

    // publish refuses while a marker is left, naming its lines; the archive is not made.
    let o = run(&dir, "publish", &["--period", "2019-12"]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(
        stderr(&o).contains(&format!("未解决的合并冲突（第{}行、", start + 1)),
        "{}",
        stderr(&o)
    );
    assert!(!archive.join("index.md").exists());

    // The clerk keeps the data's sentence and deletes the markers: it publishes, edit included.
    let resolved: Vec<&str> = lines
        .iter()
        .enumerate()
        .filter(|(i, _)| !(start..=start + 2).contains(i) && *i != start + 4)
        .map(|(_, l)| *l)
        .collect();
    std::fs::write(&md, resolved.join("\n") + "\n").unwrap();
    // A rebuild with nothing changed keeps the resolved draft as it is.
    let o = run(&dir, "build", &["--period", "2019-12", "--format", "md"]);
    ok(&o);
    assert!(stderr(&o).contains("中的修改已保留"), "{}", stderr(&o));
    assert!(!dir.join("out/2019-12/bulletin.编辑前-2.md").exists());
    let o = run(&dir, "publish", &["--period", "2019-12"]);
    ok(&o);
    assert!(archive_has(&archive, leader));
}

/// Whether some archived bulletin.md holds `text`.
fn archive_has(archive: &Path, text: &str) -> bool {
    std::fs::read_dir(archive)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .any(|e| {
            std::fs::read_to_string(e.path().join("bulletin.md")).is_ok_and(|t| t.contains(text))
        })
}

#[test]
fn a_correction_is_stated_in_table_and_text_and_without_one_the_unit_is_named() {
    let (_t, dir) = sample_copy("month-correction");
    let december = dir.join("snapshots/2019-12.yaml");
    edit(
        &december,
        "yinan:      { done:  5, parts: { public:  2, private:  3 } }",
        "yinan:      { done:  3, parts: { public:  1, private:  2 } }",
    );
    // Without a correction the fall is an error naming 沂南县 and how to record one.
    let o = run(&dir, "check", &[]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(
        e.contains("沂南县的累计完成数 3 小于上一期（2019-11）的 5"),
        "{e}"
    );
    assert!(
        e.contains("corrections: [{ unit: yinan, indicator: kindergarten, amount: 2, reason: 经核查重复统计 }]"),
        "{e}"
    );
    // With it, the table shows −2 and a note, the text states it, stats --json carries it.
    let text = read(&december);
    std::fs::write(
        &december,
        format!("{text}\ncorrections:\n  - {{ unit: yinan, indicator: kindergarten, amount: 2, reason: 经核查有2处重复统计 }}\n"),
    )
    .unwrap();
    ok(&run(&dir, "check", &[]));
    ok(&run(&dir, "build", &["--format", "md"]));
    let md = read(&dir.join("out/2019-12/bulletin.md"));
    assert!(
        md.contains("经核查，沂南县核减居住区配套幼儿园2处（经核查有2处重复统计）。"),
        "{md}"
    );
    assert!(md.contains("| 沂南县 | 12 | 3 | 1 | 2 | -2 |"), "{md}");
    assert!(
        md.contains("\n注：本月新增已扣除核减数：沂南县核减2处（经核查有2处重复统计）。\n"),
        "{md}"
    );
    let o = run(&dir, "stats", &["--json"]);
    ok(&o);
    let json = stdout(&o);
    assert!(
        json.contains("\"reason\": \"经核查有2处重复统计\""),
        "{json}"
    );
    // A correction naming an unknown unit is refused with its line.
    edit(
        &december,
        "unit: yinan, indicator",
        "unit: yinnan, indicator",
    );
    let o = run(&dir, "check", &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("corrections[0].unit"), "{}", stderr(&o));
}

#[test]
fn the_first_period_shows_no_increase_unless_the_campaign_states_its_baseline() {
    let (_t, dir) = sample_copy("month-first");
    ok(&run(
        &dir,
        "build",
        &["--period", "2019-09", "--format", "md"],
    ));
    let md = read(&dir.join("out/2019-09/bulletin.md"));
    let total = md.lines().find(|l| l.starts_with("截至")).expect("一、");
    assert!(!total.contains("本月新增"), "{total}");
    assert!(!md.contains("本月无新增"), "{md}");
    let rows: Vec<&str> = md
        .lines()
        .filter(|l| l.starts_with("| ") && l.contains("%"))
        .collect();
    assert!(rows.len() >= 16, "{md}");
    for row in &rows {
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        // 序号, 县区, 计划数, 完成数, two parts, then 本月新增.
        assert_eq!(cells[7], "—", "{row}");
    }
    // A campaign that began with its first period says so: 本月新增 is then the cumulative.
    let campaign = dir.join("campaign.yaml");
    let text = read(&campaign);
    std::fs::write(&campaign, format!("{text}\nbaseline:\n  zero: true\n")).unwrap();
    ok(&run(
        &dir,
        "build",
        &["--period", "2019-09", "--format", "md"],
    ));
    let md = read(&dir.join("out/2019-09/bulletin.md"));
    let total = md.lines().find(|l| l.starts_with("截至")).expect("一、");
    assert!(total.contains("，本月新增"), "{total}");
}

/// Figures the office typed itself are never dropped by an import, even when they equal last
/// month's (a unit with no progress): only the lines `new-month` wrote, its comment still on
/// them, are taken for last month's copy and make way for the returns.
#[test]
fn an_import_keeps_figures_typed_by_hand_and_drops_only_new_months_copies() {
    let (tmp, dir) = sample_copy("keep-typed");
    let csv = tmp.path().join("兰山区.csv");
    std::fs::write(
        &csv,
        "县区,计划数,累计完成数,其中：办成公办园,其中：委托办成普惠性民办园\r\n兰山区,,31,12,19\r\n",
    )
    .unwrap();
    // December: 沂南县, 蒙阴县 and two more were typed with November's figures.
    let o = run(
        &dir,
        "import",
        &[csv.to_str().unwrap(), "--period", "2019-12"],
    );
    ok(&o);
    assert!(!stdout(&o).contains("已去掉"), "{}", stdout(&o));
    assert!(stdout(&o).contains("各单位均已报送。"), "{}", stdout(&o));
    let december = read(&dir.join("snapshots/2019-12.yaml"));
    assert!(
        december.contains(
            "    yinan:   # 沂南县\n      done: 5\n      parts:\n        public:   2\n        private:  3\n"
        ),
        "{december}"
    );
    let o = run(&dir, "status", &["--period", "2019-12"]);
    assert!(stdout(&o).contains("未报 0"), "{}", stdout(&o));

    // January from new-month: its copies go, but a line the clerk typed (the same figures, the
    // comment replaced by its own) stays.
    ok(&run(&dir, "new-month", &[]));
    let january = dir.join("snapshots/2020-01.yaml");
    edit(
        &january,
        "    yinan:     { done: 5, parts: { public: 2, private: 3 } }   # 沂南县：上月（2019-12）数",
        "    yinan:     { done: 5, parts: { public: 2, private: 3 } }   # 沂南县电话报数，本月无新增",
    );
    edit(&january, "issue_date:  ", "issue_date: 2020-02-05  ");
    let o = run(
        &dir,
        "import",
        &[csv.to_str().unwrap(), "--period", "2020-01"],
    );
    ok(&o);
    let out = stdout(&o);
    assert!(out.contains("已去掉"), "{out}");
    assert!(
        !out.contains("沂南县、") && !out.contains("、沂南县"),
        "{out}"
    );
    assert!(out.contains("尚未报送 13 个单位"), "{out}");
    let text = read(&january);
    assert!(text.contains("# 沂南县电话报数，本月无新增"), "{text}");
    assert!(!text.contains("罗庄区：上月（2019-12）数"), "{text}");
}
