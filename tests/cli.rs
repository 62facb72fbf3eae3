//! The binary on the shipped sample campaign: figures, files, round trip, golden Markdown.

mod common;

use common::*;
use std::path::Path;

#[test]
fn build_writes_markdown_and_html_with_the_seed_figures() {
    let tmp = TempDir::new("build");
    let out = tmp.path().join("out");
    build_sample(tmp.path(), &out, "md,html");
    let md = std::fs::read_to_string(out.join("bulletin.md")).unwrap();
    assert!(md.contains(
        "全市共整治完成居住区配套幼儿园145处，占整治计划的61%，其中办成公办园65处、委托办成普惠性民办园80处"
    ), "{md}");
    assert!(
        md.contains(
            "title: \"关于2019年12月份全市城镇居住区配套幼儿园专项整治工作进展情况的通报\""
        )
    );
    let html = std::fs::read_to_string(out.join("bulletin.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("城镇居住区配套幼儿园专项整治工作通报"));
    assert!(html.contains("145处，占整治计划的61%"));
    assert!(
        html.contains("<td class=\"right\">60.9%</td>"),
        "total rate to one decimal"
    );
    assert!(html.contains("Content-Security-Policy"));
    assert!(!html.contains("<script"), "no scripts in the page");
}

#[test]
fn build_defaults_to_the_latest_period_under_out() {
    let tmp = TempDir::new("default-out");
    let o = tongbao(tmp.path(), &["build", SAMPLE, "--format", "md"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(tmp.path().join("out/2019-12/bulletin.md").is_file());
    let o = tongbao(
        tmp.path(),
        &["build", SAMPLE, "--period", "2019-10", "--format", "md"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let md = std::fs::read_to_string(tmp.path().join("out/2019-10/bulletin.md")).unwrap();
    assert!(md.contains("issue: 2"));
    assert!(md.contains("全市共整治完成居住区配套幼儿园81处"), "{md}");
}

#[test]
fn stats_json_gives_the_published_totals() {
    let o = tongbao(Path::new(SAMPLE), &["stats", SAMPLE, "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let total = &v["indicators"][0]["total"];
    assert_eq!(total["plan"], 238);
    assert_eq!(total["done"], 145);
    assert_eq!(total["parts"]["public"], 65);
    assert_eq!(total["parts"]["private"], 80);
    assert_eq!(total["new"], 24);
    let rate = total["rate"].as_f64().unwrap();
    assert!((rate - 145.0 / 238.0).abs() < 1e-12);
    assert_eq!(v["time_progress"], 1.0);
    let units = v["indicators"][0]["units"].as_array().unwrap();
    assert_eq!(units.len(), 15);
    let mengyin = units.iter().find(|u| u["id"] == "mengyin").unwrap();
    assert_eq!(mengyin["rank"], 1);
    assert_eq!(mengyin["rate"], 1.0);
    // Ties share a rank and the next rank skips (two units at 100%, then rank 3).
    let ranks: Vec<u64> = v["indicators"][0]["ranking"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["rank"].as_u64().unwrap())
        .collect();
    assert_eq!(&ranks[..3], &[1, 1, 3]);
    // The first period, with no baseline stated, has no 本月新增 (not the cumulative).
    let o = tongbao(
        Path::new(SAMPLE),
        &["stats", SAMPLE, "--json", "--period", "2019-09"],
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["indicators"][0]["total"]["done"].as_u64().unwrap() > 0);
    assert_eq!(v["indicators"][0]["total"]["new"], serde_json::Value::Null);
    assert_eq!(
        v["indicators"][0]["units"][0]["new"],
        serde_json::Value::Null
    );
}

#[test]
fn render_of_an_unedited_bulletin_is_byte_identical() {
    let tmp = TempDir::new("roundtrip");
    let built = tmp.path().join("built");
    build_sample(tmp.path(), &built, "md,html,pdf");
    let again = tmp.path().join("again");
    let md = built.join("bulletin.md");
    let o = tongbao(
        tmp.path(),
        &[
            "render",
            md.to_str().unwrap(),
            "--out",
            again.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read(built.join("bulletin.pdf")).unwrap(),
        std::fs::read(again.join("bulletin.pdf")).unwrap(),
        "PDF from the edited-Markdown path"
    );
    assert_eq!(
        std::fs::read(built.join("bulletin.html")).unwrap(),
        std::fs::read(again.join("bulletin.html")).unwrap()
    );
    // An edit shows up, escaped.
    edit(
        &md,
        "各县区完成情况及排名见附件。",
        "各县区完成情况及排名见附件。<b>加粗</b>",
    );
    let o = render_md(tmp.path(), &md, "html", &again);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(again.join("bulletin.html")).unwrap();
    assert!(html.contains("&lt;b&gt;加粗&lt;/b&gt;"));
}

#[test]
fn builds_are_deterministic() {
    let tmp = TempDir::new("determinism");
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    for dir in [&a, &b] {
        build_sample(tmp.path(), dir, "md,html");
    }
    for name in ["bulletin.md", "bulletin.html"] {
        assert_eq!(
            std::fs::read(a.join(name)).unwrap(),
            std::fs::read(b.join(name)).unwrap(),
            "{name}"
        );
    }
}

/// Compares `got` with the reviewed golden file `tests/golden/<name>`; `UPDATE_GOLDEN=1 cargo test`
/// rewrites it after a deliberate change.
fn matches_golden(got: &str, name: &str) {
    let golden = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&golden, got).unwrap();
    }
    let want =
        std::fs::read_to_string(&golden).expect("golden file (run with UPDATE_GOLDEN=1 once)");
    assert_eq!(got, want, "bulletin.md differs from {}", golden.display());
}

/// The sample's Markdown, reviewed.
#[test]
fn sample_markdown_matches_the_golden_file() {
    let tmp = TempDir::new("golden");
    let out = tmp.path().join("out");
    build_sample(tmp.path(), &out, "md");
    let got = std::fs::read_to_string(out.join("bulletin.md")).unwrap();
    matches_golden(&got, "linyi-kindergarten-2019-12.md");
}

/// The second sample (another field, three indicators, 文件式 header), reviewed.
#[test]
fn second_sample_markdown_matches_the_golden_file() {
    let tmp = TempDir::new("golden2");
    let out = tmp.path().join("out");
    let o = build_to(tmp.path(), Path::new(SAMPLE_TOILETS), &out, "md");
    assert!(o.status.success(), "{}", stderr(&o));
    let got = std::fs::read_to_string(out.join("bulletin.md")).unwrap();
    matches_golden(&got, "dongyi-rural-toilets-2024-10.md");
}

#[test]
fn check_passes_on_the_sample() {
    let o = tongbao(Path::new(SAMPLE), &["check", SAMPLE]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("检查通过"));
    assert!(stdout(&o).contains("15 个单位"));
}

#[test]
fn usage_errors_exit_2() {
    let o = tongbao(Path::new(SAMPLE), &["build"]);
    assert_eq!(o.status.code(), Some(2));
    let o = tongbao(Path::new(SAMPLE), &["build", SAMPLE, "--period", "2019-13"]);
    assert_eq!(o.status.code(), Some(2));
    let o = tongbao(Path::new(SAMPLE), &["build", SAMPLE, "--format", "odt"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn an_unknown_period_is_refused_with_the_known_ones() {
    let tmp = TempDir::new("noperiod");
    let out = tmp.path().join("out");
    let o = tongbao(
        tmp.path(),
        &[
            "build",
            SAMPLE,
            "--period",
            "2020-05",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("2019-12"), "{}", stderr(&o));
    assert!(!out.exists());
}

#[test]
fn check_says_which_font_file_serves_each_style() {
    let o = tongbao(Path::new(SAMPLE), &["check", SAMPLE]);
    let out = stdout(&o);
    for line in [
        "仿宋：",
        "FandolFang-Regular.otf",
        "黑体：",
        "楷体：",
        "小标宋：",
        "FandolSong-Bold.otf",
    ] {
        assert!(out.contains(line), "{line} missing in:\n{out}");
    }
    // A campaign may name its own file for a style.
    let (_t, dir) = sample_copy("font-config");
    let hei = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts/FandolHei-Regular.otf");
    edit(
        &dir.join("campaign.yaml"),
        "schedule:",
        &format!("fonts:\n  kaiti: {}\n\nschedule:", hei.display()),
    );
    let o = tongbao(&dir, &["check", dir.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("楷体：") && stdout(&o).contains("FandolHei-Regular.otf（配置指定）"),
        "{}",
        stdout(&o)
    );
}

/// The 进展滞后 sentence agrees with the units' classes in `stats --json`: it says how many
/// lag when the rules name only the worst of them, and names them all when asked to.
#[test]
fn the_lagging_sentence_counts_all_lagging_units_and_names_the_worst() {
    let o = tongbao(Path::new(SAMPLE), &["stats", SAMPLE, "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let mut behind: Vec<(String, f64)> = v["indicators"][0]["units"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["class"] == "behind" && u["complete"] == false)
        .map(|u| {
            (
                u["name"].as_str().unwrap().to_string(),
                u["rate"].as_f64().unwrap(),
            )
        })
        .collect();
    behind.sort_by(|a, b| a.1.total_cmp(&b.1));
    assert!(
        behind.len() > 3,
        "the sample has more lagging units than it names"
    );
    let worst: Vec<&str> = behind.iter().take(3).map(|(n, _)| n.as_str()).collect();

    let (tmp, campaign) = sample_copy("lagging");
    let out = tmp.path().join("out");
    let build = |out: &Path| {
        let o = build_to(tmp.path(), &campaign, out, "md");
        assert!(o.status.success(), "{}", stderr(&o));
        std::fs::read_to_string(out.join("bulletin.md")).unwrap()
    };
    let md = build(&out);
    let expected = format!(
        "{}个县区进展滞后，完成率低于序时进度20个百分点以上，其中{}完成率最低",
        behind.len(),
        worst.join("、")
    );
    assert!(md.contains(&expected), "expected {expected:?} in\n{md}");

    edit(
        &campaign.join("campaign.yaml"),
        "name_bottom: 3",
        "name_bottom: 0",
    );
    let md = build(&tmp.path().join("all"));
    let all: Vec<&str> = behind.iter().map(|(n, _)| n.as_str()).collect();
    let expected = format!("{}进展滞后，完成率分别为", all.join("、"));
    assert!(md.contains(&expected), "expected {expected:?} in\n{md}");
}
