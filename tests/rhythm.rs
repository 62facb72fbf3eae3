//! The campaign's rhythm through the real binary: weekly returns beside the months, grades
//! against 序时进度 with escalation, and `stats --json` for a week.

mod common;

use std::path::Path;

use common::{SAMPLE, SAMPLE_TOILETS, TempDir, copy_dir, edit, stderr, stdout, tongbao};
use serde_json::Value;

fn stats(dir: &Path, period: &str) -> Value {
    let d = dir.to_str().unwrap();
    let o = tongbao(dir, &["stats", d, "--json", "--period", period]);
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

fn done_of(v: &Value, indicator: usize) -> Vec<u64> {
    v["indicators"][indicator]["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["done"].as_u64().unwrap())
        .collect()
}

#[test]
fn a_weeks_new_figures_are_counted_against_the_week_before_and_the_first_against_the_month() {
    let dir = Path::new(SAMPLE);
    let (october, w45, w46) = (
        stats(dir, "2019-10"),
        stats(dir, "2019-W45"),
        stats(dir, "2019-W46"),
    );
    assert_eq!(w45["previous_period"], "2019-10");
    assert_eq!(w46["previous_period"], "2019-W45");
    for (now, before) in [(&w45, &october), (&w46, &w45)] {
        let new: Vec<u64> = now["indicators"][0]["units"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["new"].as_u64().unwrap())
            .collect();
        let diff: Vec<u64> = done_of(now, 0)
            .iter()
            .zip(done_of(before, 0))
            .map(|(a, b)| a - b)
            .collect();
        assert_eq!(new, diff);
    }
    // 序时进度 at the week's 截至 date (2019-11-15 is day 78 of 100).
    assert!((w46["time_progress"].as_f64().unwrap() - 0.78).abs() < 1e-12);
}

#[test]
fn the_month_is_counted_against_the_month_before_whatever_weeks_lie_between() {
    let dir = Path::new(SAMPLE);
    let (october, november) = (stats(dir, "2019-10"), stats(dir, "2019-11"));
    assert_eq!(november["previous_period"], "2019-10");
    let total = |v: &Value| v["indicators"][0]["total"]["done"].as_u64().unwrap();
    assert_eq!(
        november["indicators"][0]["total"]["new"].as_u64().unwrap(),
        total(&november) - total(&october)
    );
    // The last weekly return of November holds the month's figures.
    assert_eq!(done_of(&stats(dir, "2019-W48"), 0), done_of(&november, 0));
    // Without --period: the latest month, not the latest week.
    let o = tongbao(dir, &["stats", SAMPLE, "--json"]);
    let latest: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(latest["period"], "2019-12");
}

/// The grades of the Dongyi sample (`rules.grades`, `rules.escalation`), as its
/// `campaign.yaml` writes them.
const LIGHTS: &str = "  grades:              # 等次（红黄绿灯）：按与序时进度差评定，排名表多一列“等次”\n    - { name: 绿灯, at_least: 0, color: 绿 }     # 达到或超过序时进度\n    - { name: 黄灯, at_least: -10, color: 黄 }   # 低于序时进度不超过 10 个百分点\n    - { name: 红灯, color: 红 }                  # 低于序时进度 10 个百分点以上\n  escalation:          # 连续几期（月报看月报，周报看周报）处于某等次或更差时的措施\n    - { grade: 黄灯, periods: 2, action: 专函督办 }\n    - { grade: 红灯, periods: 3, action: 约谈 }\n";

/// A copy of the Dongyi sample, which grades with [`LIGHTS`].
fn graded() -> (TempDir, std::path::PathBuf) {
    let tmp = TempDir::new("graded");
    let dir = tmp.path().join("c");
    copy_dir(Path::new(SAMPLE_TOILETS), &dir);
    let text = std::fs::read_to_string(dir.join("campaign.yaml")).unwrap();
    assert!(text.contains(LIGHTS), "{text}");
    (tmp, dir)
}

#[test]
fn grades_follow_the_gap_and_escalations_follow_the_runs_of_the_same_kind() {
    let (_tmp, dir) = graded();
    let months: Vec<Value> = ["2024-08", "2024-09", "2024-10"]
        .iter()
        .map(|p| stats(&dir, p))
        .collect();
    let grade = |gap: f64| {
        if gap * 100.0 + 1e-9 >= 0.0 {
            0
        } else if gap * 100.0 + 1e-9 >= -10.0 {
            1
        } else {
            2
        }
    };
    let names = ["绿灯", "黄灯", "红灯"];
    let mut checked = 0;
    for ind in 0..3 {
        let units = |m: &Value| m["indicators"][ind]["units"].as_array().unwrap().clone();
        let (aug, sep, oct) = (units(&months[0]), units(&months[1]), units(&months[2]));
        let mut expect_letter = Vec::new();
        let mut expect_talk = Vec::new();
        for ((a, s), o) in aug.iter().zip(&sep).zip(&oct) {
            let level = |u: &Value| u["gap"].as_f64().map(grade);
            let Some(now) = level(o) else {
                assert!(o["grade"].is_null() && o["escalation"].is_null());
                continue;
            };
            assert_eq!(o["grade"], names[now], "{}", o["name"]);
            let run = [level(o), level(s), level(a)];
            let worse = |k: usize, n: usize| run[..n].iter().all(|l| l.is_some_and(|l| l >= k));
            if worse(1, 2) {
                expect_letter.push(o["name"].clone());
            }
            if worse(2, 3) {
                expect_talk.push(o["name"].clone());
            }
            let due = if worse(2, 3) {
                "约谈"
            } else if worse(1, 2) {
                "专函督办"
            } else {
                ""
            };
            assert_eq!(o["escalation"].as_str().unwrap_or(""), due, "{}", o["name"]);
            checked += 1;
        }
        let groups = &months[2]["indicators"][ind]["escalations"];
        assert_eq!(groups[0]["units"].as_array().unwrap(), &expect_letter);
        assert_eq!(groups[1]["units"].as_array().unwrap(), &expect_talk);
        let counted: u64 = months[2]["indicators"][ind]["grades"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["count"].as_u64().unwrap())
            .sum();
        assert_eq!(
            counted,
            months[2]["indicators"][ind]["counts"]["ranked"]
                .as_u64()
                .unwrap()
        );
    }
    assert!(checked > 20);
    // Weeks run in their own series: the first week has no run of two yet.
    let w40 = stats(&dir, "2024-W40");
    assert!(
        w40["indicators"][0]["units"]
            .as_array()
            .unwrap()
            .iter()
            .all(|u| u["escalation"] != "专函督办" && u["grade_run"].as_u64().unwrap() <= 1)
    );
}

#[test]
fn a_grade_list_out_of_order_or_an_unknown_escalation_grade_is_refused_with_its_line() {
    let (_tmp, dir) = graded();
    let campaign = dir.join("campaign.yaml");
    edit(&campaign, "at_least: -10", "at_least: 5");
    edit(
        &campaign,
        "grade: 红灯, periods: 3",
        "grade: 红色, periods: 0",
    );
    let o = tongbao(&dir, &["check", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("rules.grades[1].at_least：等次按从好到差排列，at_least 应逐个减小：5 不小于上一个等次的 0"), "{err}");
    assert!(
        err.contains("rules.escalation[1].grade：未知的等次“红色”：可用的等次：绿灯、黄灯、红灯"),
        "{err}"
    );
    assert!(
        err.contains("rules.escalation[1].periods：应为 1 到 60 之间的整数（连续几期），写的是 0"),
        "{err}"
    );
}

#[test]
fn new_week_writes_the_next_iso_week_from_the_latest_return_and_never_overwrites() {
    let tmp = TempDir::new("new-week");
    let dir = tmp.path().join("c");
    copy_dir(Path::new(SAMPLE_TOILETS), &dir);
    let d = dir.to_str().unwrap();
    let o = tongbao(&dir, &["new-week", d]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("2024-W44.yaml"), "{}", stdout(&o));
    let text = std::fs::read_to_string(dir.join("snapshots/2024-W44.yaml")).unwrap();
    // A week after W43's Friday; the figures are the latest return's (the October month, as
    // of 10-31, after W43's 10-25); the weekly series' next number.
    assert!(
        text.contains("period: 2024-W44\nas_of: 2024-11-01 "),
        "{text}"
    );
    assert!(text.contains("issue_number: 40 "), "{text}");
    assert!(text.contains("hedong:   { done: 1195, parts: { septic: 478, sewer: 717 } }   # 河东区：上月（2024-10）数"), "{text}");
    let before = std::fs::read(dir.join("snapshots/2024-W44.yaml")).unwrap();
    // The clerk has not filled in W44's issue date yet: that blocks only W44's sheet; the next
    // week is written after it, and W44 is never written over.
    let again = tongbao(&dir, &["new-week", d]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(
        stdout(&again).contains("2024-W45.yaml"),
        "{}",
        stdout(&again)
    );
    assert_eq!(
        std::fs::read(dir.join("snapshots/2024-W44.yaml")).unwrap(),
        before
    );
}
