//! Property tests of who gets a notice: for random campaigns, months of figures and archives of
//! published issues, the units given notices are exactly the set each rule selects (the
//! consecutive-issue rule read across the published archive), and every figure a 督办单 states
//! equals the selection `stats --json` reports.

mod common;

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

use proptest::prelude::*;
use tongbao::progress::Class;
use tongbao::progress::selection::NoticeKind;

#[derive(Debug, Clone)]
struct Case {
    plans: Vec<u64>,
    /// Per period, per unit: cumulative done.
    done: Vec<Vec<u64>>,
    name_bottom: i64,
    behind_points: u32,
    in_a_row: i64,
    no_progress_rule: bool,
    listed: Vec<usize>,
}

fn case() -> impl Strategy<Value = Case> {
    (2usize..6, 2usize..6).prop_flat_map(|(units, periods)| {
        (
            prop::collection::vec(1u64..20, units),
            prop::collection::vec(prop::collection::vec(0u64..6, units), periods),
            0i64..3,
            5u32..40,
            2i64..5,
            any::<bool>(),
            prop::collection::vec(0usize..units, 0..2),
        )
            .prop_map(
                |(plans, steps, name_bottom, behind_points, in_a_row, no_progress_rule, listed)| {
                    // Cumulative and never above 1.2 × plan.
                    let mut done = Vec::new();
                    let mut now = vec![0u64; plans.len()];
                    for step in steps {
                        for (i, s) in step.iter().enumerate() {
                            now[i] = (now[i] + s).min(plans[i] + plans[i] / 5);
                        }
                        done.push(now.clone());
                    }
                    let mut listed = listed;
                    listed.sort();
                    listed.dedup();
                    Case {
                        plans,
                        done,
                        name_bottom,
                        behind_points,
                        in_a_row,
                        no_progress_rule,
                        listed,
                    }
                },
            )
    })
}

fn write_campaign(dir: &Path, c: &Case) {
    let mut y = String::new();
    let _ = writeln!(
        y,
        "name: 测试专项\noffice: {{ name: 测试办公室, short_name: 测试办 }}\nheader: {{ name: 测试通报 }}\naddressee: 各单位\ndistribution: {{}}\nschedule: {{ start: 2024-01-01, end: 2024-12-31 }}\nunits:"
    );
    for i in 0..c.plans.len() {
        let _ = writeln!(y, "  - {{ id: u{i}, name: 单位{i}, kind: 县 }}");
    }
    let _ = writeln!(
        y,
        "indicators:\n  - id: work\n    name: 项目\n    action: 完成\n    measure: 个\n    plan:"
    );
    for (i, p) in c.plans.iter().enumerate() {
        let _ = writeln!(y, "      u{i}: {p}");
    }
    let _ = writeln!(
        y,
        "rules: {{ ahead_points: 5, behind_points: {}, name_top: 1, name_bottom: {} }}",
        c.behind_points, c.name_bottom
    );
    let _ = writeln!(
        y,
        "notices:\n  supervision:\n    number_prefix: 测督\n    when:\n      - rule: 最低"
    );
    if c.no_progress_rule {
        let _ = writeln!(y, "      - rule: 无新增");
    }
    let _ = writeln!(
        y,
        "  interview:\n    number_prefix: 测约\n    when:\n      - {{ rule: 连续滞后, issues: {} }}",
        c.in_a_row
    );
    std::fs::write(dir.join("campaign.yaml"), y).unwrap();
    std::fs::create_dir_all(dir.join("snapshots")).unwrap();
    for (m, done) in c.done.iter().enumerate() {
        let month = m + 2;
        let mut s = format!(
            "period: 2024-{month:02}\nas_of: 2024-{month:02}-28\nissue_date: 2024-{month:02}-28\nprogress:\n  work:\n"
        );
        for (i, d) in done.iter().enumerate() {
            let _ = writeln!(s, "    u{i}: {{ done: {d} }}");
        }
        let listed: Vec<String> = c.listed.iter().map(|i| format!("u{i}")).collect();
        let _ = writeln!(
            s,
            "notices:\n  supervision: [{}]\n  meeting: {{ time: 下午, place: 会议室, by: 主任 }}",
            listed.join(", ")
        );
        std::fs::write(dir.join(format!("snapshots/2024-{month:02}.yaml")), s).unwrap();
    }
}

/// Publishes the figures of every period but the last to `archive` as publish records them:
/// an issue folder with its manifest and `figures.json` (no rendering: the rules read these).
fn archive_all_but_last(inputs: &tongbao::load::Inputs, archive: &Path) {
    let n = inputs.snapshots.len();
    for i in 0..n - 1 {
        let (_, figures) =
            tongbao::figures(inputs, Some(inputs.snapshots[i].period.value)).unwrap();
        let folder = archive.join(format!("{:03}_{}", i + 1, figures.period));
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(
            folder.join("figures.json"),
            tongbao::archive::record::figures_json(&figures).unwrap(),
        )
        .unwrap();
        let manifest = tongbao::archive::manifest::Manifest {
            campaign: inputs.campaign.name.clone(),
            issue: (i + 1) as u64,
            numbering_year: None,
            revision: 1,
            period: figures.period,
            issue_date: inputs.snapshots[i].issue_date(),
            title: String::new(),
            headline: String::new(),
            tool: String::new(),
            copies: Vec::new(),
            files: Default::default(),
            sealed: false,
        };
        std::fs::write(
            folder.join("manifest.json"),
            serde_json::to_string(&manifest).unwrap(),
        )
        .unwrap();
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    #[test]
    fn the_units_given_notices_are_exactly_those_each_rule_selects(c in case()) {
        let tmp = common::TempDir::new("notice-props");
        let dir = tmp.path().join("c");
        std::fs::create_dir_all(&dir).unwrap();
        write_campaign(&dir, &c);
        let inputs = tongbao::load(&dir).unwrap_or_else(|e| panic!("{e}"));
        let archive = tmp.path().join("archive");
        archive_all_but_last(&inputs, &archive);
        let all: Vec<tongbao::progress::Figures> = inputs
            .snapshots
            .iter()
            .map(|s| tongbao::figures(&inputs, Some(s.period.value)).unwrap().1)
            .collect();
        let last = all.last().unwrap();
        let index = inputs.snapshots.len() - 1;
        let selected = tongbao::selections(&inputs, index, last, &archive).unwrap();

        // The oracle, from the figures of every period directly.
        let ind = &last.indicators[0];
        let mut supervision = BTreeSet::new();
        let mut interview = BTreeSet::new();
        for (i, u) in ind.units.iter().enumerate() {
            let lowest = ind.named.behind.iter().any(|b| b.id == u.id);
            let listed = c.listed.contains(&i);
            if lowest || (c.no_progress_rule && u.no_progress) || listed {
                supervision.insert(u.id.clone());
            }
            let run = all
                .iter()
                .rev()
                .take_while(|f| f.indicators[0].units[i].class == Some(Class::Behind))
                .count();
            if run as i64 >= c.in_a_row {
                interview.insert(u.id.clone());
            }
        }
        let got = |kind| -> BTreeSet<String> {
            selected.iter().filter(|s| s.kind == kind).map(|s| s.unit.clone()).collect()
        };
        prop_assert_eq!(got(NoticeKind::Supervision), supervision);
        prop_assert_eq!(got(NoticeKind::Interview), interview);
        // Every reason carries the unit's own figures, as computed.
        for s in &selected {
            for r in &s.reasons {
                let u = ind.units.iter().find(|u| u.id == s.unit).unwrap();
                prop_assert_eq!(&r.figures.tally, &u.tally);
                prop_assert_eq!(r.figures.rank, u.rank);
                if let Some(n) = r.in_a_row {
                    prop_assert!(n as usize == r.earlier_issues.len() + 1);
                }
            }
        }

        // stats --json lists the same selections, and every figure a 督办单 states is theirs.
        let json: serde_json::Value = serde_json::from_str(
            &tongbao::stats_json(&inputs, index, last, &archive).unwrap(),
        )
        .unwrap();
        let listed = json["notices"].as_array().unwrap();
        prop_assert_eq!(listed.len(), selected.len());
        let bulletin = tongbao::bulletin(&inputs, None, None).unwrap();
        let notices = tongbao::notices(&inputs, &bulletin, &archive, |_, _| Ok(1)).unwrap();
        prop_assert_eq!(notices.len(), selected.len());
        for (notice, s) in notices.iter().zip(listed) {
            prop_assert_eq!(notice.selection.unit.as_str(), s["unit"].as_str().unwrap());
            if notice.selection.kind != NoticeKind::Supervision {
                continue;
            }
            let f = &s["reasons"][0]["figures"];
            // The JSON's values, formatted as every table of the project formats them.
            let pct = |x: f64| tongbao::format::percent(Some(x), 1);
            let rank = match f["rank"].as_u64() {
                Some(r) => format!("{r}/{}", json["indicators"][0]["counts"]["ranked"]),
                None => "—".to_string(),
            };
            let gap = tongbao::format::points(f["gap"].as_f64(), 1);
            let row = format!(
                "| {} | {} | {} | {} | {} | {} | {} |",
                f["plan"], f["done"], f["new"],
                pct(f["rate"].as_f64().unwrap()),
                pct(json["time_progress"].as_f64().unwrap()),
                gap, rank
            );
            prop_assert!(notice.markdown.contains(&row), "{}\n{}", row, notice.markdown);
            let sentence = format!("完成项目{}个，占计划（{}个）", f["done"], f["plan"]);
            prop_assert!(notice.markdown.contains(&sentence), "{}\n{}", sentence, notice.markdown);
        }
    }
}
