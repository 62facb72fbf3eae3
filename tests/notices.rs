//! `tongbao notices`: the 督办单 and 约谈通知书 the campaign's rules call for, run through the real
//! binary on both samples. Goldens (Markdown and the typeset page dump) of one of each regenerate
//! with `UPDATE_GOLDEN=1 cargo test --test notices`; read the diff of `tests/golden/notices/`.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{SAMPLE, SAMPLE_TOILETS, TempDir, available, sample_copy, stderr, stdout, tongbao};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `stats --json`'s `notices`: (kind, unit id, rules) in order.
fn selected(campaign: &Path, archive: &Path) -> Vec<(String, String, Vec<String>)> {
    let o = tongbao(
        &root(),
        &[
            "stats",
            campaign.to_str().unwrap(),
            "--json",
            "--archive",
            archive.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    v["notices"]
        .as_array()
        .expect("notices in stats --json")
        .iter()
        .map(|s| {
            let rules = s["reasons"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["rule"].as_str().unwrap().to_string())
                .collect();
            (
                s["kind"].as_str().unwrap().to_string(),
                s["unit"].as_str().unwrap().to_string(),
                rules,
            )
        })
        .collect()
}

fn notices(campaign: &Path, out: &Path, archive: &Path) -> std::process::Output {
    tongbao(
        &root(),
        &[
            "notices",
            campaign.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--archive",
            archive.to_str().unwrap(),
        ],
    )
}

fn record(out: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(out.join("notices.json")).expect("notices.json"))
        .expect("json")
}

#[test]
fn both_samples_make_notices_for_exactly_the_units_stats_json_selects() {
    for sample in [SAMPLE, SAMPLE_TOILETS] {
        let tmp = TempDir::new("notices-sets");
        let (out, archive) = (tmp.path().join("out"), tmp.path().join("archive"));
        let want = selected(Path::new(sample), &archive);
        assert!(!want.is_empty(), "{sample}: the sample asks for notices");
        let o = notices(Path::new(sample), &out, &archive);
        assert!(o.status.success(), "{}", stderr(&o));
        let r = record(&out);
        let made: Vec<(String, String)> = r["notices"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| {
                (
                    n["kind"].as_str().unwrap().to_string(),
                    n["unit"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        let wanted: Vec<(String, String)> = want
            .iter()
            .map(|(k, u, _)| (k.clone(), u.clone()))
            .collect();
        assert_eq!(made, wanted, "{sample}");
        for n in r["notices"].as_array().unwrap() {
            for ext in ["md", "pdf", "docx"] {
                let f = out.join(format!("{}.{ext}", n["stem"].as_str().unwrap()));
                assert!(f.is_file(), "{}", f.display());
            }
        }
        // Numbered in their own series, from 1, per kind.
        for kind in ["supervision", "interview"] {
            let numbers: Vec<u64> = r["notices"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|n| n["kind"] == kind)
                .map(|n| n["number"].as_u64().unwrap())
                .collect();
            assert_eq!(numbers, (1..=numbers.len() as u64).collect::<Vec<_>>());
        }
    }
}

#[test]
fn a_supervision_notice_states_the_figures_stats_json_gives_its_unit() {
    let tmp = TempDir::new("notices-figures");
    let (out, archive) = (tmp.path().join("out"), tmp.path().join("archive"));
    let o = tongbao(&root(), &["stats", SAMPLE, "--json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(notices(Path::new(SAMPLE), &out, &archive).status.success());
    let tp = v["time_progress"].as_f64().unwrap();
    for s in v["notices"].as_array().unwrap() {
        if s["kind"] != "supervision" {
            continue;
        }
        let f = &s["reasons"][0]["figures"];
        let md =
            std::fs::read_to_string(out.join(format!("督办单-{}.md", s["name"].as_str().unwrap())))
                .unwrap();
        let pct = |x: f64| format!("{:.1}%", (x * 1000.0).round() / 10.0);
        let row = format!(
            "| {} | {} | {} | {} | {} | {:.1} | {}/{} |",
            f["plan"],
            f["done"],
            f["new"],
            pct(f["rate"].as_f64().unwrap()),
            pct(tp),
            (f["gap"].as_f64().unwrap() * 1000.0).round() / 10.0,
            f["rank"],
            v["indicators"][0]["counts"]["ranked"]
        );
        assert!(md.contains(&row), "{row}\n{md}");
        let sentence = format!(
            "{}{}处，占整治计划（{}处）",
            "整治完成居住区配套幼儿园", f["done"], f["plan"]
        );
        assert!(md.contains(&sentence), "{sentence}\n{md}");
        assert!(md.contains(&format!("排名第{}位", f["rank"])), "{md}");
    }
}

/// The golden files of one 督办单 and one 约谈通知书 of the first sample: the Markdown and the
/// typeset pages.
#[test]
fn one_supervision_and_one_interview_notice_match_their_goldens() {
    let golden = root().join("tests/golden/notices");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let inputs = tongbao::load(Path::new(SAMPLE)).expect("sample");
    let bulletin = tongbao::bulletin(&inputs, None, None).expect("bulletin");
    let tmp = TempDir::new("notices-golden");
    let made = tongbao::notices(&inputs, &bulletin, &tmp.path().join("archive"), |_, _| {
        Ok(1)
    })
    .expect("notices");
    let mut failures = Vec::new();
    for stem in ["督办单-沂南县", "约谈通知书-沂南县"] {
        let notice = made.iter().find(|n| n.stem == stem).expect(stem);
        let fonts = tongbao::fonts::Fonts::resolve(&tongbao::document_fonts(
            &notice.document,
            Path::new(SAMPLE),
        ))
        .expect("fonts");
        let pages = tongbao::typeset::page_dump(&notice.document, &fonts).expect("typesets");
        for (file, now) in [
            (golden.join(format!("{stem}.md")), notice.markdown.clone()),
            (golden.join(format!("{stem}.pages.txt")), pages),
        ] {
            if !common::golden(&file, &now, update) {
                failures.push(file.display().to_string());
            }
        }
    }
    assert!(
        failures.is_empty(),
        "changed: {failures:?}; if intended: UPDATE_GOLDEN=1 cargo test --test notices, then read git diff tests/golden/notices/"
    );
}

#[test]
fn the_notices_pass_the_layout_checker_where_its_rules_apply() {
    if !common::gbt9704::checker_available() {
        return;
    }
    let tmp = TempDir::new("notices-gbt");
    let (out, archive) = (tmp.path().join("out"), tmp.path().join("archive"));
    assert!(notices(Path::new(SAMPLE), &out, &archive).status.success());
    // The 约谈通知书 is a letter under the office's 文件式 header: every rule applies.
    let verdicts = common::gbt9704::check(&out.join("约谈通知书-沂南县.pdf"));
    assert_eq!(verdicts.len(), 12);
    for v in &verdicts {
        assert_eq!(v.status, "PASS", "{} {}", v.id, v.measured);
    }
    // The 督办单: R7 (22 lines on full pages) does not apply to the page before its 回执 (it
    // ends where the tear-off form starts; the checker exempts only 附件) nor to the 回执, a
    // form of writing lines. Every other rule passes.
    let verdicts = common::gbt9704::check(&out.join("督办单-沂南县.pdf"));
    for v in &verdicts {
        if v.id == "R7" {
            continue;
        }
        assert_eq!(v.status, "PASS", "{} {}", v.id, v.measured);
    }
    let text = common::pdftotext(&out.join("督办单-沂南县.pdf"), &[]).unwrap_or_default();
    assert!(text.contains("督办单办理情况回执"), "{text}");
}

#[test]
fn libreoffice_renders_the_notices_docx() {
    if !available("soffice", &["--version"]) || !available("pdftotext", &["-v"]) {
        return;
    }
    let tmp = TempDir::new("notices-lo");
    let (out, archive) = (tmp.path().join("out"), tmp.path().join("archive"));
    assert!(notices(Path::new(SAMPLE), &out, &archive).status.success());
    let converted = tmp.path().join("lo");
    let o = Command::new("soffice")
        .env(
            "FONTCONFIG_FILE",
            root().join("fonts/fontconfig/fonts.conf"),
        )
        .arg(format!(
            "-env:UserInstallation=file://{}",
            tmp.path().join("profile").display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&converted)
        .arg(out.join("督办单-沂南县.docx"))
        .output()
        .expect("soffice");
    let pdf = converted.join("督办单-沂南县.pdf");
    assert!(
        o.status.success() && pdf.is_file(),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let text = common::pdftotext(&pdf, &[])
        .unwrap_or_default()
        .replace(char::is_whitespace, "");
    for want in [
        "督办单",
        "临整督〔2020〕1号",
        "41.7%",
        "督办单办理情况回执",
        "负责人签字",
    ] {
        assert!(text.contains(want), "{want} in {text}");
    }
}

#[test]
fn an_edited_notice_draft_is_never_overwritten() {
    let tmp = TempDir::new("notices-edit");
    let (out, archive) = (tmp.path().join("out"), tmp.path().join("archive"));
    assert!(notices(Path::new(SAMPLE), &out, &archive).status.success());
    // Run again unedited: the same bytes.
    let before = common::file_tree(&out);
    assert!(notices(Path::new(SAMPLE), &out, &archive).status.success());
    assert_eq!(common::file_tree(&out), before);
    let md = out.join("督办单-沂南县.md");
    common::edit(&md, "**承办单位：**", "**承办单位（已核）：**");
    let edited = common::file_tree(&out);
    let o = notices(Path::new(SAMPLE), &out, &archive);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("已经修改过，不会被覆盖"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("督办单-沂南县.md"), "{}", stderr(&o));
    assert_eq!(common::file_tree(&out), edited);
}

#[test]
fn bad_notice_rules_are_reported_in_chinese_with_their_lines() {
    let (_tmp, dir) = sample_copy("notices-bad");
    let campaign = dir.join("campaign.yaml");
    // An unknown rule stops the file's reading there (a parse error), with its line.
    common::edit(&campaign, "      - rule: 最低 ", "      - rule: 倒数 ");
    let o = tongbao(&root(), &["check", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(
        e.contains("campaign.yaml:88:15: 错误：字段 notices.supervision.when[0].rule：应为规则 最低、滞后、连续滞后、无新增、措施 之一，写的是“倒数”"),
        "{e}"
    );
    // Rules that read but cannot run, and a list naming an unknown unit: all at once.
    common::edit(&campaign, "      - rule: 倒数 ", "      - rule: 最低 ");
    common::edit(&campaign, "issues: 3 }", "issues: 1 }");
    common::edit(
        &dir.join("snapshots/2019-12.yaml"),
        "[yinan, gaoxin]",
        "[yinan, gaoxn]",
    );
    let o = tongbao(&root(), &["check", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(
        e.contains("notices.interview.when[0].issues：连续期数应为 2 到 60 之间"),
        "{e}"
    );
    assert!(e.contains("2019-12.yaml:39:22:"), "{e}");
    assert!(e.contains("未知的单位编号 “gaoxn”"), "{e}");
    assert!(e.contains("gaoxin"), "{e}");
    assert!(e.contains("共 2 个错误"), "{e}");
}

#[test]
fn a_campaign_without_notices_has_none_and_says_so() {
    let (_tmp, dir) = sample_copy("notices-none");
    let campaign = dir.join("campaign.yaml");
    let text = std::fs::read_to_string(&campaign).unwrap();
    let cut = text
        .find("\nnotices:")
        .expect("the sample asks for notices");
    std::fs::write(&campaign, &text[..cut + 1]).unwrap();
    let snapshot = dir.join("snapshots/2019-12.yaml");
    let text = std::fs::read_to_string(&snapshot).unwrap();
    let cut = text.find("\nnotices:").expect("the snapshot lists notices");
    std::fs::write(&snapshot, &text[..cut + 1]).unwrap();
    let o = tongbao(&root(), &["stats", dir.to_str().unwrap(), "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stdout(&o).contains("\"notices\""));
    let out = dir.join("out");
    let o = notices(&dir, &out, &dir.join("archive"));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("没有要求发通知"), "{}", stdout(&o));
    assert!(!out.exists());
}

/// `stats --json` of `period` (no archive needed for the classes).
fn classes(campaign: &Path, period: &str) -> serde_json::Value {
    let o = tongbao(
        &root(),
        &[
            "stats",
            campaign.to_str().unwrap(),
            "--period",
            period,
            "--json",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_str(&stdout(&o)).unwrap()
}

fn run_ok(args: &[&str]) -> String {
    let o = tongbao(&root(), args);
    assert!(o.status.success(), "{args:?}: {}{}", stdout(&o), stderr(&o));
    stdout(&o)
}

/// Across a published archive: 连续滞后 reads the classes the archive recorded, the notices are
/// published with their bulletin in their own numbered series with checksums, listed in the
/// index under that issue and carried by `archive verify`; an edited figure is refused with its
/// line.
#[test]
fn consecutive_rules_read_the_published_archive_and_notices_are_archived_with_their_issue() {
    let tmp = TempDir::new("notices-archive");
    let dir = tmp.path().join("c");
    common::copy_dir(Path::new(SAMPLE_TOILETS), &dir);
    let c = dir.to_str().unwrap();
    let archive = dir.join("archive");
    for period in ["2024-08", "2024-09"] {
        let out = tmp.path().join(period);
        let o = out.to_str().unwrap();
        run_ok(&["build", c, "--period", period, "--out", o, "--format", "md"]);
        run_ok(&["publish", c, "--period", period, "--draft", o]);
    }
    // The oracle: behind (户厕, the headline indicator) in all three months.
    let behind = |p: &str| -> Vec<String> {
        classes(&dir, p)["indicators"][0]["units"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|u| u["class"] == "behind")
            .map(|u| u["id"].as_str().unwrap().to_string())
            .collect()
    };
    let (aug, sep, oct) = (behind("2024-08"), behind("2024-09"), behind("2024-10"));
    let three: Vec<String> = oct
        .iter()
        .filter(|u| aug.contains(u) && sep.contains(u))
        .cloned()
        .collect();
    assert!(
        !three.is_empty(),
        "the sample has units behind three months running"
    );
    let chosen = selected(&dir, &archive);
    let interviews: Vec<String> = chosen
        .iter()
        .filter(|(k, _, _)| k == "interview")
        .map(|(_, u, _)| u.clone())
        .collect();
    assert_eq!(interviews, three);
    // Without the archive nobody has been behind three issues in a row.
    let none = selected(&dir, &tmp.path().join("no-archive"));
    assert!(none.iter().all(|(k, _, _)| k != "interview"), "{none:?}");

    // Drafts beside the bulletin's draft; an edited figure is refused with its file and line.
    let out = tmp.path().join("2024-10");
    let o = out.to_str().unwrap();
    run_ok(&["build", c, "--out", o, "--format", "md"]);
    let notices_dir = out.join("notices");
    run_ok(&["notices", c, "--out", notices_dir.to_str().unwrap()]);
    let first = &record(&notices_dir)["notices"][0];
    let md = notices_dir.join(format!("{}.md", first["stem"].as_str().unwrap()));
    let text = std::fs::read_to_string(&md).unwrap();
    let line = text
        .lines()
        .position(|l| l.contains("**督办事项：**"))
        .expect("the 督办事项 line")
        + 1;
    let edited = text.replacen("占年度改造计划（", "占年度改造计划（9", 1);
    assert_ne!(edited, text);
    std::fs::write(&md, &edited).unwrap();
    let before = common::file_tree(&archive);
    let o = tongbao(&root(), &["publish", c, "--draft", o]);
    // The bulletin went out; its notices did not.
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let e = stderr(&o);
    assert!(e.contains(&format!("{} 第{line}行", md.display())), "{e}");
    assert!(e.contains("不是数据给出的数字"), "{e}");
    let after = common::file_tree(&archive);
    assert!(
        after.keys().all(|k| !k.starts_with("notices/")),
        "{after:?}"
    );
    assert!(after.len() > before.len(), "the bulletin is published");

    // Put right, the notices are published on their own afterwards.
    std::fs::write(&md, &text).unwrap();
    let said = run_ok(&[
        "notices",
        c,
        "--publish",
        "--out",
        notices_dir.to_str().unwrap(),
    ]);
    assert!(said.contains("已发布督办单 东改厕督〔2024〕1号"), "{said}");
    let verify = run_ok(&["archive", "verify", c]);
    let n = record(&notices_dir)["notices"].as_array().unwrap().len();
    assert!(verify.contains(&format!("{n} 份已发布的通知")), "{verify}");
    let index = std::fs::read_to_string(archive.join("index.md")).unwrap();
    let row = index
        .lines()
        .find(|l| l.starts_with("| 第10期"))
        .expect("the issue's row");
    assert!(row.contains("东改厕督〔2024〕1号"), "{row}");
    // Numbered on: the next draft of this period continues the series.
    let again = tmp.path().join("again");
    run_ok(&["notices", c, "--out", again.to_str().unwrap()]);
    assert_eq!(
        record(&again)["notices"][0]["number"].as_u64(),
        Some(n_supervision(&notices_dir) + 1)
    );
    // A changed byte in a published notice is found.
    let published = archive
        .join("notices/010_2024-10")
        .join(md.file_name().unwrap());
    common::edit(&published, "督办事项", "督办事");
    let o = tongbao(&root(), &["archive", "verify", c]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("内容已被修改"), "{}", stderr(&o));
}

fn n_supervision(dir: &Path) -> u64 {
    record(dir)["notices"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "supervision")
        .count() as u64
}
