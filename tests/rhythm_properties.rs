//! Property tests of the rhythm: random campaigns with monthly and weekly returns and random
//! grades and escalation rules, loaded from files as the office writes them. Every unit's
//! grade follows `rules.grades`; every escalation is exactly the set its rule selects over the
//! periods of the same kind; every figure of the weekly sheet and of the quarter equals the
//! figures `stats --json` prints (the same serialisation of `tongbao::figures`).

use std::path::Path;

use chrono::{Datelike, NaiveDate, Weekday};
use proptest::prelude::*;
use tongbao::model::Period;
use tongbao::progress::{Figures, IndicatorFigures};

mod common;

/// A random campaign: per unit its plan, its cumulative count at the first return and what
/// each later return adds; the grades' bounds (best first) and the escalation rules.
#[derive(Debug, Clone)]
struct Random {
    plans: Vec<u64>,
    starts: Vec<u64>,
    /// Per return (months, then weeks), per unit.
    added: Vec<Vec<u64>>,
    months: usize,
    weeks: usize,
    bounds: Vec<i64>,
    /// (grade index, periods).
    escalation: Vec<(usize, u32)>,
}

fn random() -> impl Strategy<Value = Random> {
    (1usize..9, 1usize..=4, 1usize..=4, 2usize..=4).prop_flat_map(|(n, months, weeks, grades)| {
        (
            prop::collection::vec(prop_oneof![0u64..40, (0u64..6).prop_map(|p| p * 5)], n),
            prop::collection::vec(0u64..10, n),
            prop::collection::vec(prop::collection::vec(0u64..6, n), months + weeks),
            prop::collection::btree_set(-45i64..15, grades - 1),
            prop::collection::vec((0..grades, 1u32..=3), 0..=2),
        )
            .prop_map(move |(plans, starts, added, bounds, escalation)| Random {
                plans,
                starts,
                added,
                months,
                weeks,
                bounds: bounds.into_iter().rev().collect(),
                escalation,
            })
    })
}

const NAMES: [&str; 4] = ["一档", "二档", "三档", "四档"];

fn campaign_yaml(r: &Random) -> String {
    let mut c = String::from(
        "name: 测试\noffice: { name: 办公室, short_name: 办 }\nheader: { name: 测试通报 }\naddressee: 各单位\nschedule: { start: 2019-01-01, end: 2019-12-31 }\nunits:\n",
    );
    for i in 0..r.plans.len() {
        c.push_str(&format!("  - {{ id: u{i}, name: 单位{i}, kind: 县 }}\n"));
    }
    c.push_str(
        "indicators:\n  - id: k\n    name: 项目\n    action: 完成\n    measure: 个\n    plan:\n",
    );
    for (i, plan) in r.plans.iter().enumerate() {
        c.push_str(&format!("      u{i}: {plan}\n"));
    }
    c.push_str("rules:\n  ahead_points: 5\n  behind_points: 10\n  name_top: 0\n  name_bottom: 0\n  grades:\n");
    for (g, bound) in r.bounds.iter().enumerate() {
        c.push_str(&format!(
            "    - {{ name: {}, at_least: {bound}, color: 绿 }}\n",
            NAMES[g]
        ));
    }
    c.push_str(&format!("    - {{ name: {} }}\n", NAMES[r.bounds.len()]));
    if !r.escalation.is_empty() {
        c.push_str("  escalation:\n");
        for (k, (g, n)) in r.escalation.iter().enumerate() {
            c.push_str(&format!(
                "    - {{ grade: {}, periods: {n}, action: 措施{k} }}\n",
                NAMES[*g]
            ));
        }
    }
    c.push_str("distribution: {}\n");
    c
}

/// The returns: `months` month-end returns from July, then `weeks` weekly returns in the
/// following month (each as of the Friday of an ISO week wholly after the last month's end).
fn returns(r: &Random) -> Vec<(Period, NaiveDate)> {
    let mut out = Vec::new();
    for m in 0..r.months {
        let month = 7 + u32::try_from(m).unwrap();
        let period = Period::month(2019, month).unwrap();
        out.push((period, period.last_day().unwrap().0));
    }
    let mut day = out.last().unwrap().1.succ_opt().unwrap();
    while day.weekday() != Weekday::Mon {
        day = day.succ_opt().unwrap();
    }
    for _ in 0..r.weeks {
        let friday = day + chrono::Days::new(4);
        let w = friday.iso_week();
        out.push((
            format!("{}-W{:02}", w.year(), w.week()).parse().unwrap(),
            friday,
        ));
        day = day + chrono::Days::new(7);
    }
    out
}

/// Writes the campaign into `dir` and loads it as `tongbao check` would.
fn load(r: &Random, dir: &Path) -> tongbao::load::Inputs {
    std::fs::create_dir_all(dir.join("snapshots")).unwrap();
    std::fs::write(dir.join("campaign.yaml"), campaign_yaml(r)).unwrap();
    let mut done = r.starts.clone();
    for (k, (period, as_of)) in returns(r).iter().enumerate() {
        let mut s = format!(
            "period: {period}\nas_of: {as_of}\nissue_date: {as_of}\nissue_number: {}\nprogress:\n  k:\n",
            k + 1
        );
        for (i, d) in done.iter_mut().enumerate() {
            *d += r.added[k][i];
            s.push_str(&format!("    u{i}: {{ done: {d} }}\n"));
        }
        std::fs::write(dir.join(format!("snapshots/{period}.yaml")), s).unwrap();
    }
    tongbao::load(dir).unwrap_or_else(|e| panic!("{e}\n{}", campaign_yaml(r)))
}

/// The grade (index) the rules give a gap, computed here from the bounds.
fn grade_of(r: &Random, gap: Option<f64>) -> Option<usize> {
    let points = gap? * 100.0;
    Some(
        r.bounds
            .iter()
            .position(|&b| points + 1e-9 >= b as f64)
            .unwrap_or(r.bounds.len()),
    )
}

fn headline(f: &Figures) -> &IndicatorFigures {
    &f.indicators[0]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn grades_and_escalations_follow_the_rules_in_every_period_of_each_kind(r in random()) {
        let tmp = common::TempDir::new("rhythm-prop");
        let inputs = load(&r, &tmp.path().join("c"));
        let all = returns(&r);
        // Each kind's periods in order, with each unit's grade in each.
        for kind in [tongbao::model::PeriodKind::Month, tongbao::model::PeriodKind::Week] {
            let mut history: Vec<Vec<Option<usize>>> = Vec::new();
            for (period, _) in all.iter().filter(|(p, _)| p.kind() == kind) {
                let (_, f) = tongbao::figures(&inputs, Some(*period)).unwrap();
                let ind = headline(&f);
                let grades: Vec<Option<usize>> =
                    ind.units.iter().map(|u| grade_of(&r, u.tally.gap)).collect();
                history.push(grades.clone());
                for (at, u) in ind.units.iter().enumerate() {
                    prop_assert_eq!(u.grade.as_deref(), grades[at].map(|g| NAMES[g]));
                    prop_assert_eq!(grades[at].is_none(), u.tally.plan == 0);
                    // Each rule selects the units graded its grade or worse in each of its
                    // last `periods` periods of this kind; the most severe is the unit's.
                    let selects = |(g, n): (usize, u32)| {
                        let n = n as usize;
                        history.len() >= n
                            && history[history.len() - n..]
                                .iter()
                                .all(|h| h[at].is_some_and(|l| l >= g))
                    };
                    let due = r.escalation.iter().rposition(|&e| selects(e));
                    prop_assert_eq!(u.escalation.clone(), due.map(|k| format!("措施{k}")));
                    for (k, &e) in r.escalation.iter().enumerate() {
                        prop_assert_eq!(
                            ind.escalations[k].units.contains(&u.name),
                            selects(e),
                            "{} rule {}", period, k
                        );
                    }
                }
                for (g, group) in ind.grades.iter().enumerate() {
                    let count = grades.iter().filter(|l| **l == Some(g)).count();
                    prop_assert_eq!(group.count, count);
                }
            }
        }
    }

    #[test]
    fn the_weekly_sheet_and_the_quarter_state_the_figures_stats_json_gives(r in random()) {
        let tmp = common::TempDir::new("rhythm-prop-docs");
        let inputs = load(&r, &tmp.path().join("c"));
        let all = returns(&r);
        // The weekly sheet of each week: its table rows are the week's ranking.
        for (week, _) in all.iter().filter(|(p, _)| p.kind() == tongbao::model::PeriodKind::Week) {
            let (_, f) = tongbao::figures(&inputs, Some(*week)).unwrap();
            let sheet = tongbao::bulletin(&inputs, Some(*week), None).unwrap();
            let ind = headline(&f);
            let md = &sheet.markdown;
            let table = &md[md.find("# 三、").unwrap()..];
            let rows: Vec<Vec<&str>> = table
                .lines()
                .filter(|l| l.starts_with("| ") && !l.contains("序号"))
                .map(|l| l.trim_matches('|').split('|').map(str::trim).collect())
                .collect();
            prop_assert_eq!(rows.len(), ind.ranking.len() + 1);
            for (row, u) in rows.iter().zip(&ind.ranking) {
                prop_assert_eq!(row[1], u.name.as_str());
                prop_assert_eq!(row[2], u.tally.new.map_or("—".to_string(), |n| n.to_string()));
                prop_assert_eq!(row[3], u.tally.done.to_string());
                prop_assert_eq!(row[4], tongbao::format::percent(u.tally.rate, 1));
                prop_assert_eq!(row[5], tongbao::format::points(u.tally.gap, 1));
                prop_assert_eq!(row[6], u.grade.as_deref().unwrap_or("—"));
                prop_assert_eq!(row[7], u.rank.map_or("—".to_string(), |r| r.to_string()));
            }
            let total = rows.last().unwrap();
            prop_assert_eq!(total[2], ind.total.new.map_or("—".to_string(), |n| n.to_string()));
            prop_assert_eq!(total[3], ind.total.done.to_string());
            // 本周无新增: the whole class.
            let none: Vec<&str> = ind.named.no_progress.iter().map(|u| u.name.as_str()).collect();
            let part = &md[md.find("# 一、").unwrap()..md.find("# 二、").unwrap()];
            if none.is_empty() {
                prop_assert!(part.contains("均有新增"), "{}", part);
            } else {
                let listed = format!("{}本周无新增", none.join("、"));
                prop_assert!(part.contains(&listed), "{}", part);
            }
        }
        // The quarter (July to September): each month's point is that month's figures.
        let q3: Period = "2019-Q3".parse().unwrap();
        let (index, target) = tongbao::target(&inputs, Some(q3)).unwrap();
        prop_assert_eq!(target, q3);
        let quarter = tongbao::quarter_figures(&inputs, q3, index).unwrap();
        let months: Vec<Period> = all
            .iter()
            .map(|(p, _)| *p)
            .filter(|p| p.kind() == tongbao::model::PeriodKind::Month && p.first_day().is_some_and(|d| q3.contains(d)))
            .collect();
        prop_assert_eq!(&quarter.months, &months);
        let first = tongbao::figures(&inputs, Some(months[0])).unwrap().1;
        let last = tongbao::figures(&inputs, Some(*months.last().unwrap())).unwrap().1;
        let q = &quarter.indicators[0];
        prop_assert_eq!(q.done, headline(&last).total.done);
        // July is the campaign's first return: no month before the quarter to count from.
        prop_assert_eq!(q.new, None);
        prop_assert_eq!(quarter.previous_month, None);
        // Without a baseline the first return's 本月新增 is not known.
        prop_assert_eq!(headline(&first).total.new, None);
        for (month, f) in months.iter().map(|m| (m, tongbao::figures(&inputs, Some(*m)).unwrap().1)) {
            for (t, u) in q.units.iter().zip(&headline(&f).units) {
                let point = t.months.iter().find(|p| p.period == *month).unwrap();
                prop_assert_eq!(point.done, u.tally.done);
                prop_assert_eq!(point.rate, u.tally.rate);
                prop_assert_eq!(point.rank, u.rank);
                prop_assert_eq!(point.class, u.class);
                prop_assert_eq!(&point.grade, &u.grade);
            }
        }
        for (t, u) in q.units.iter().zip(&headline(&last).units) {
            let behind = u.class == Some(tongbao::progress::Class::Behind);
            prop_assert_eq!(t.rectify, behind || u.escalation.is_some());
        }
    }
}
