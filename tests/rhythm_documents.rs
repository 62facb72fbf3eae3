//! The rhythm's documents through the real binary and the library: the weekly 调度 sheet
//! (`build --period 2019-W48`) and the quarterly 督导 summary (`build --period 2019-Q4`) —
//! every figure they print equals `stats --json`, their goldens (Markdown and typeset pages),
//! the layout checker on their PDFs, LibreOffice on their DOCX, their own numbering series in
//! the archive, and the grades in the tables.
//!
//! Regenerate the goldens with `UPDATE_GOLDEN=1 cargo test --test rhythm_documents` and read
//! the diff of `tests/golden/rhythm/`.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{SAMPLE, SAMPLE_TOILETS, TempDir, available, copy_dir, edit, stderr, stdout, tongbao};
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn stats(dir: &Path, period: &str) -> Value {
    let d = dir.to_str().unwrap();
    let o = tongbao(dir, &["stats", d, "--json", "--period", period]);
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

/// `tongbao build <dir> --period <period> --format <formats> --out <out>`, asserted to succeed.
fn build(dir: &Path, period: &str, formats: &str, out: &Path) {
    let o = tongbao(
        dir,
        &[
            "build",
            dir.to_str().unwrap(),
            "--period",
            period,
            "--format",
            formats,
            "--out",
            out.to_str().unwrap(),
            "--archive",
            out.join("no-archive").to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
}

fn pct(x: &Value) -> String {
    match x.as_f64() {
        Some(x) => format!("{:.1}%", (x * 1000.0).round() / 10.0),
        None => "—".to_string(),
    }
}

fn points(x: &Value) -> String {
    match x.as_f64() {
        Some(x) => {
            let p = (x * 1000.0).round() / 10.0;
            if p > 0.0 {
                format!("+{p:.1}")
            } else {
                format!("{p:.1}")
            }
        }
        None => "—".to_string(),
    }
}

fn opt(x: &Value) -> String {
    if x.is_null() {
        "—".to_string()
    } else {
        x.as_str().map_or_else(|| x.to_string(), str::to_string)
    }
}

/// The rows of the Markdown tables under `heading` (up to the next `# `), split into cells.
fn table_rows(md: &str, heading: &str) -> Vec<Vec<String>> {
    let at = md
        .find(heading)
        .unwrap_or_else(|| panic!("{heading} in\n{md}"));
    let rest = &md[at + heading.len()..];
    let end = rest.find("\n# ").unwrap_or(rest.len());
    rest[..end]
        .lines()
        .filter(|l| l.starts_with('|') && !l.starts_with("|---") && !l.contains("| 序号 |"))
        .map(|l| {
            l.trim_matches('|')
                .split('|')
                .map(|c| c.trim().to_string())
                .collect()
        })
        .collect()
}

/// The weekly sheet's table (the headline indicator's) equals the week's `stats --json`
/// ranking cell by cell; its text states the week's totals and the whole class of units with
/// no progress, for a campaign without grades (Linyi) and one with grades and three
/// indicators (Dongyi, whose other indicators are stated in one sentence).
#[test]
fn every_figure_of_the_weekly_sheet_is_the_weeks_stats_json() {
    for (dir, week) in [(SAMPLE, "2019-W48"), (SAMPLE_TOILETS, "2024-W43")] {
        let dir = Path::new(dir);
        let tmp = TempDir::new("weekly-figures");
        let out = tmp.path().join("out");
        build(dir, week, "md", &out);
        let md = std::fs::read_to_string(out.join("bulletin.md")).unwrap();
        let v = stats(dir, week);
        let indicators = v["indicators"].as_array().unwrap();
        let ind = &indicators[0];
        let rows = table_rows(&md, "# 三、");
        let graded = !ind["grades"].as_array().unwrap().is_empty();
        let ranking = ind["ranking"].as_array().unwrap();
        assert_eq!(rows.len(), ranking.len() + 1, "{md}");
        for (i, u) in ranking.iter().enumerate() {
            let change = match u["rank_change"].as_i64() {
                None | Some(0) => "—".to_string(),
                Some(n) if n > 0 => format!("↑{n}"),
                Some(n) => format!("↓{}", -n),
            };
            let mut want = vec![
                (i + 1).to_string(),
                opt(&u["name"]),
                u["new"].to_string(),
                u["done"].to_string(),
                pct(&u["rate"]),
                points(&u["gap"]),
            ];
            if graded {
                want.push(opt(&u["grade"]));
            }
            want.extend([opt(&u["rank"]), change]);
            assert_eq!(rows[i], want, "{week} row {i}\n{md}");
        }
        let t = &ind["total"];
        let total = rows.last().unwrap();
        assert_eq!(total[1], "合计");
        assert_eq!(
            total[2..6],
            [
                t["new"].to_string(),
                t["done"].to_string(),
                pct(&t["rate"]),
                points(&t["gap"])
            ]
        );
        let one = &md[md.find("# 一、").unwrap()..md.find("# 二、").unwrap()];
        let sentence = format!("{}{}", ind["name"].as_str().unwrap(), t["done"]);
        assert!(one.contains(&sentence), "{sentence}\n{one}");
        assert!(one.contains(&format!("本周新增{}", t["new"])), "{one}");
        // 本周无新增: the whole class, nobody else.
        let idle: Vec<&str> = ind["named"]["no_progress"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["name"].as_str().unwrap())
            .collect();
        if idle.is_empty() {
            assert!(one.contains("本周均有新增"), "{one}");
        } else {
            assert!(
                one.contains(&format!("。{}本周无新增", idle.join("、"))),
                "{one}"
            );
        }
        // The other indicators: done, whole percent and new.
        for o in &indicators[1..] {
            let t = &o["total"];
            let rate = (t["rate"].as_f64().unwrap() * 100.0).round();
            let stated = format!(
                "{}{}{}（完成率{rate}%，本周新增{}",
                o["name"].as_str().unwrap(),
                t["done"],
                o["measure"].as_str().unwrap(),
                t["new"]
            );
            assert!(one.contains(&stated), "{stated}\n{one}");
        }
        // The week's own series: 调度 header, the snapshot's own issue number.
        assert!(md.contains("工作调度\"\nissue: "), "{md}");
    }
}

/// `stats --json --period 2019-Q4` is the quarter's months taken together, and the summary
/// prints those figures: each unit's rate at each month's end, its months 滞后 in a row, the
/// units that need 整改.
#[test]
fn every_figure_of_the_quarterly_summary_is_the_quarters_stats_json() {
    for (dir, quarter, months, before) in [
        (
            SAMPLE,
            "2019-Q4",
            vec!["2019-10", "2019-11", "2019-12"],
            Some("2019-09"),
        ),
        (SAMPLE_TOILETS, "2024-Q3", vec!["2024-08", "2024-09"], None),
    ] {
        let dir = Path::new(dir);
        let q = stats(dir, quarter);
        let m: Vec<Value> = months.iter().map(|p| stats(dir, p)).collect();
        assert_eq!(q["months"], serde_json::json!(months));
        assert_eq!(q["previous_month"], serde_json::json!(before));
        let earlier = before.map(|p| stats(dir, p));
        let last = m.last().unwrap();
        assert_eq!(q["time_progress"], last["time_progress"]);
        for (i, ind) in q["indicators"].as_array().unwrap().iter().enumerate() {
            let done_before = |id: Option<&str>| -> Option<u64> {
                earlier.as_ref().map(|e| match id {
                    None => e["indicators"][i]["total"]["done"].as_u64().unwrap(),
                    Some(id) => e["indicators"][i]["units"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .find(|u| u["id"] == id)
                        .unwrap()["done"]
                        .as_u64()
                        .unwrap(),
                })
            };
            let total = &last["indicators"][i]["total"];
            assert_eq!(ind["done"], total["done"]);
            // Without the month before the quarter nothing is counted as new in it.
            assert_eq!(
                ind["new"].as_u64(),
                done_before(None).map(|b| total["done"].as_u64().unwrap() - b)
            );
            let mut rectify = 0;
            for (k, t) in ind["units"].as_array().unwrap().iter().enumerate() {
                let id = t["id"].as_str().unwrap();
                for (month, point) in m.iter().zip(t["months"].as_array().unwrap()) {
                    let u = &month["indicators"][i]["units"][k];
                    assert_eq!(u["id"], id);
                    for key in ["done", "rate", "gap", "rank", "class", "grade"] {
                        assert_eq!(point[key], u[key], "{quarter} {id} {key}");
                    }
                }
                let end = &last["indicators"][i]["units"][k];
                assert_eq!(
                    t["new"].as_u64(),
                    done_before(Some(id)).map(|b| end["done"].as_u64().unwrap() - b)
                );
                let behind = |u: &Value| u["class"] == "behind";
                let run = m
                    .iter()
                    .rev()
                    .take_while(|f| behind(&f["indicators"][i]["units"][k]))
                    .count();
                if run == m.len() && earlier.is_some() {
                    // The run may reach back before the quarter.
                    assert!(t["behind_run"].as_u64().unwrap() >= run as u64);
                } else {
                    assert_eq!(t["behind_run"].as_u64().unwrap(), run as u64, "{id}");
                }
                let due = behind(end) || !end["escalation"].is_null();
                assert_eq!(t["rectify"], due, "{id}");
                rectify += usize::from(due);
            }
            assert_eq!(ind["rectify_count"].as_u64().unwrap(), rectify as u64);
        }
    }
}

#[test]
fn the_quarterly_summary_names_exactly_the_units_that_need_rectification_with_their_figures() {
    let dir = Path::new(SAMPLE);
    let tmp = TempDir::new("quarter-text");
    let out = tmp.path().join("out");
    build(dir, "2019-Q4", "md", &out);
    let md = std::fs::read_to_string(out.join("bulletin.md")).unwrap();
    let q = stats(dir, "2019-Q4");
    let units = q["indicators"][0]["units"].as_array().unwrap();
    let problems = &md[md.find("# 二、").unwrap()..md.find("# 三、").unwrap()];
    let demands = &md[md.find("# 三、").unwrap()..md.find("# 四、").unwrap()];
    let mut named = 0;
    for t in units {
        let name = t["name"].as_str().unwrap();
        if t["rectify"] == true {
            let end = t["months"].as_array().unwrap().last().unwrap();
            let rate = (end["rate"].as_f64().unwrap() * 100.0).round();
            assert!(
                problems.contains(&format!("{name}完成率{rate}%")),
                "{name}\n{problems}"
            );
            if t["behind_run"].as_u64().unwrap() > 1 {
                assert!(
                    problems.contains(&format!("{name}完成率{rate}%，低于序时进度"))
                        && problems.contains(&format!("已连续{}个月进展滞后", t["behind_run"])),
                    "{name}\n{problems}"
                );
            }
            assert!(demands.contains(name), "{name}\n{demands}");
            named += 1;
        } else {
            assert!(
                !problems.contains(&format!("{name}完成率")),
                "{name}\n{problems}"
            );
        }
    }
    assert_eq!(
        named as u64,
        q["indicators"][0]["rectify_count"].as_u64().unwrap()
    );
    assert!(named > 0, "the sample's quarter has units to put right");
    // The attachment: each unit's rate at the end of October, November and December.
    let rows = table_rows(&md, "# 附件");
    for t in units {
        let row = rows
            .iter()
            .find(|r| r[1] == t["name"].as_str().unwrap())
            .unwrap();
        let rates: Vec<String> = t["months"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| pct(&p["rate"]))
            .collect();
        assert_eq!(row[5..8], rates[..], "{}", t["name"]);
    }
}

/// The goldens: the weekly sheet of each sample's latest week and the quarterly summary of
/// one quarter of each, as Markdown and as typeset pages.
#[test]
fn the_weekly_sheets_and_quarterly_summaries_match_their_goldens() {
    let golden = root().join("tests/golden/rhythm");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut failures = Vec::new();
    for (dir, period) in [
        (SAMPLE, "2019-W48"),
        (SAMPLE_TOILETS, "2024-W43"),
        (SAMPLE, "2019-Q4"),
        (SAMPLE_TOILETS, "2024-Q3"),
    ] {
        let inputs = tongbao::load(Path::new(dir)).expect("sample");
        let made = tongbao::bulletin(&inputs, Some(period.parse().unwrap()), None)
            .unwrap_or_else(|e| panic!("{period}: {e}"));
        let fonts = tongbao::fonts::Fonts::resolve(&tongbao::document_fonts(
            &made.document,
            Path::new(dir),
        ))
        .expect("fonts");
        let pages = tongbao::typeset::page_dump(&made.document, &fonts).expect("typesets");
        let sample = Path::new(dir).file_name().unwrap().to_str().unwrap();
        for (file, now) in [
            (
                golden.join(format!("{sample}-{period}.md")),
                made.markdown.clone(),
            ),
            (golden.join(format!("{sample}-{period}.pages.txt")), pages),
        ] {
            if !common::golden(&file, &now, update) {
                failures.push(file.display().to_string());
            }
        }
    }
    assert!(
        failures.is_empty(),
        "changed: {failures:?}; if intended: UPDATE_GOLDEN=1 cargo test --test rhythm_documents, then read git diff tests/golden/rhythm/"
    );
}

/// The weekly sheet is one or two pages and passes the layout checker; so does the quarterly
/// summary (its attachment pages are exempt from the line-count rule, as the bulletin's are).
#[test]
fn the_weekly_sheet_and_the_quarterly_summary_pass_the_layout_checker() {
    if !common::gbt9704::checker_available() {
        common::skipped("gbt9704_check.py (python3 with pdfplumber)");
        return;
    }
    for (dir, period) in [
        (SAMPLE, "2019-W48"),
        (SAMPLE_TOILETS, "2024-W43"),
        (SAMPLE, "2019-Q4"),
        (SAMPLE_TOILETS, "2024-Q3"),
    ] {
        let tmp = TempDir::new("rhythm-gbt");
        let out = tmp.path().join("out");
        build(Path::new(dir), period, "pdf", &out);
        let pdf = out.join("bulletin.pdf");
        for v in common::gbt9704::check(&pdf) {
            assert_eq!(v.status, "PASS", "{period} {} {}", v.id, v.measured);
        }
        let text = common::pdftotext(&pdf, &[]).unwrap_or_default();
        assert!(text.contains("印发"), "{period}: {text}");
        if period.contains('W') {
            let pages = text.matches('\u{c}').count();
            assert!((1..=2).contains(&pages), "{period}: {pages} pages");
        }
    }
}

#[test]
fn libreoffice_renders_the_weekly_sheet_and_the_quarterly_summary_docx() {
    if !available("soffice", &["--version"]) || !available("pdftotext", &["-v"]) {
        common::skipped("soffice and pdftotext");
        return;
    }
    for (period, wants) in [
        ("2019-W48", ["工作调度", "本周无新增", "升降"]),
        ("2019-Q4", ["督导通报", "发现的问题", "连续滞后"]),
    ] {
        let tmp = TempDir::new("rhythm-lo");
        let out = tmp.path().join("out");
        build(Path::new(SAMPLE), period, "docx", &out);
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
            .arg(out.join("bulletin.docx"))
            .output()
            .expect("soffice");
        let pdf = converted.join("bulletin.pdf");
        assert!(
            o.status.success() && pdf.is_file(),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        let text = common::pdftotext(&pdf, &[])
            .unwrap_or_default()
            .replace(char::is_whitespace, "");
        for want in wants {
            assert!(text.contains(want), "{period}: {want} in {text}");
        }
    }
}

/// Weeks, months and quarters are published in series of their own: the week keeps the
/// number its snapshot declares, the month the bulletin's, the quarter starts at 1; the
/// archive index's trend follows the bulletins only.
#[test]
fn a_week_a_month_and_a_quarter_are_published_each_in_its_own_series() {
    let tmp = TempDir::new("rhythm-publish");
    let dir = tmp.path().join("c");
    copy_dir(Path::new(SAMPLE), &dir);
    let d = dir.to_str().unwrap();
    let key = common::test_key(tmp.path());
    let archive = dir.join("archive");
    for (period, label) in [
        ("2019-W48", "第4期"),
        ("2019-12", "第4期"),
        ("2019-Q4", "第1期"),
    ] {
        let out = tmp.path().join(format!("out-{period}"));
        let o = tongbao(
            tmp.path(),
            &[
                "build",
                d,
                "--period",
                period,
                "--out",
                out.to_str().unwrap(),
            ],
        );
        assert!(o.status.success(), "{}", stderr(&o));
        let o = tongbao(
            tmp.path(),
            &[
                "publish",
                d,
                "--period",
                period,
                "--draft",
                out.to_str().unwrap(),
                "--key",
                key.to_str().unwrap(),
            ],
        );
        assert!(o.status.success(), "{period}: {}", stderr(&o));
        assert!(stdout(&o).contains(label), "{period}: {}", stdout(&o));
    }
    let index = std::fs::read_to_string(archive.join("index.md")).unwrap();
    assert!(
        index.contains("| 2019-W48 |") && index.contains("| 2019-Q4 |"),
        "{index}"
    );
    // The trend's columns are the bulletins only.
    assert!(
        index.contains("第4期（2019-12）") && !index.contains("（2019-W48）"),
        "{index}"
    );
}

/// Grades in the tables: PDF and DOCX print the grade's name, HTML and xlsx fill its cell with
/// its colour; a campaign without grades prints none.
#[test]
fn grades_print_as_names_and_fill_their_cells_in_html_and_xlsx() {
    let tmp = TempDir::new("grade-colours");
    let out = tmp.path().join("out");
    build(Path::new(SAMPLE_TOILETS), "2024-W43", "md,html,xlsx", &out);
    let md = std::fs::read_to_string(out.join("bulletin.md")).unwrap();
    assert!(
        md.contains("grades:\n  \"绿灯\": green\n  \"黄灯\": yellow\n  \"红灯\": red\n"),
        "{md}"
    );
    assert!(md.contains("| 等次 |"), "{md}");
    let html = std::fs::read_to_string(out.join("bulletin.html")).unwrap();
    assert!(
        html.contains("style=\"background-color: #FFEB9C\">黄灯</td>"),
        "{html}"
    );
    // The xlsx: the fill is in its styles (the grade's colour), the name in its shared strings.
    let xlsx = std::fs::read(out.join("ranking.xlsx")).unwrap();
    let styles = unzip(&xlsx, "xl/styles.xml");
    assert!(styles.contains("FFFFEB9C"), "{styles}");
    assert!(unzip(&xlsx, "xl/sharedStrings.xml").contains("黄灯"));
    // Without grades: no column, no front matter.
    let plain = tmp.path().join("plain");
    build(Path::new(SAMPLE), "2019-12", "md", &plain);
    let md = std::fs::read_to_string(plain.join("bulletin.md")).unwrap();
    assert!(!md.contains("等次") && !md.contains("\ngrades:"), "{md}");
}

/// The text of `name` inside the zip `bytes`.
fn unzip(bytes: &[u8], name: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut text = String::new();
    zip.by_name(name)
        .expect(name)
        .read_to_string(&mut text)
        .expect("utf-8");
    text
}

/// `rule: 措施` selects for a notice exactly the units whose most severe escalation is its
/// action; the samples, which do not use it, are unchanged.
#[test]
fn a_notice_rule_on_an_escalation_selects_exactly_the_units_it_is_due_for() {
    let tmp = TempDir::new("escalation-notices");
    let dir = tmp.path().join("c");
    copy_dir(Path::new(SAMPLE_TOILETS), &dir);
    edit(
        &dir.join("campaign.yaml"),
        "      - { rule: 连续滞后, issues: 3 }",
        "      - { rule: 措施, action: 专函督办 }",
    );
    let v = stats(&dir, "2024-10");
    let due: Vec<&str> = v["indicators"][0]["units"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["escalation"] == "专函督办")
        .map(|u| u["name"].as_str().unwrap())
        .collect();
    let interviewed: Vec<&str> = v["notices"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["kind"] == "interview")
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(interviewed, due);
    assert!(
        !due.is_empty(),
        "the sample has units due a 专函督办 in October"
    );
    // An action the rules do not have is refused with its line.
    edit(
        &dir.join("campaign.yaml"),
        "rule: 措施, action: 专函督办",
        "rule: 措施, action: 通报",
    );
    let o = tongbao(&dir, &["check", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
}
