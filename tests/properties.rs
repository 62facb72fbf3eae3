//! Property tests on the arithmetic: totals, ranks, rates, "new", and independence from the
//! order in which units and keys are written.

use proptest::prelude::*;
use std::path::Path;
use tongbao::model::{Campaign, Snapshot};
use tongbao::progress::{self, Figures};

/// One unit: plan, previous cumulative done, done this period, and the public share of done.
#[derive(Debug, Clone)]
struct U {
    plan: u64,
    before: u64,
    added: u64,
    public_pct: u64,
}

fn campaign_yaml(units: &[U], order: &[usize]) -> String {
    let mut s = String::from(
        "name: 测试\noffice: { name: 办公室, short_name: 办 }\nheader: { name: 测试通报 }\naddressee: 各县区\nschedule: { start: 2019-01-01, end: 2019-12-31 }\nunits:\n",
    );
    for i in 0..units.len() {
        s.push_str(&format!("  - {{ id: u{i}, name: 单位{i}, kind: 县 }}\n"));
    }
    s.push_str("indicators:\n  - id: k\n    name: 项目\n    action: 完成\n    measure: 个\n    parts: [{ id: a, name: 甲 }, { id: b, name: 乙 }]\n    plan:\n");
    for &i in order {
        s.push_str(&format!("      u{i}: {}\n", units[i].plan));
    }
    s.push_str("rules: { ahead_points: 5, behind_points: 10, name_top: 0, name_bottom: 0 }\ndistribution: {}\n");
    s
}

fn snapshot_yaml(period: &str, units: &[U], order: &[usize], current: bool) -> String {
    let mut s =
        format!("period: {period}\nas_of: {period}-15\nissue_date: {period}-20\nprogress:\n  k:\n");
    for &i in order {
        let u = &units[i];
        let done = if current {
            u.before + u.added
        } else {
            u.before
        };
        let a = done * u.public_pct / 100;
        s.push_str(&format!(
            "    u{i}: {{ done: {done}, parts: {{ b: {}, a: {a} }} }}\n",
            done - a
        ));
    }
    s
}

fn figures(units: &[U], order: &[usize]) -> Figures {
    let c: Campaign =
        tongbao::load::parse(Path::new("c.yaml"), &campaign_yaml(units, order)).unwrap();
    let prev: Snapshot = tongbao::load::parse(
        Path::new("p.yaml"),
        &snapshot_yaml("2019-05", units, order, false),
    )
    .unwrap();
    let cur: Snapshot = tongbao::load::parse(
        Path::new("s.yaml"),
        &snapshot_yaml("2019-06", units, order, true),
    )
    .unwrap();
    progress::compute(&c, &cur, Some(&prev))
}

fn units() -> impl Strategy<Value = Vec<U>> {
    prop::collection::vec(
        (0u64..60, 0u64..40, 0u64..20, 0u64..=100).prop_map(|(plan, before, added, public_pct)| {
            U {
                plan,
                before,
                added,
                public_pct,
            }
        }),
        1..25,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn totals_are_the_sums_over_units(us in units()) {
        let order: Vec<usize> = (0..us.len()).collect();
        let f = figures(&us, &order);
        let ind = &f.indicators[0];
        let sum = |g: &dyn Fn(&progress::UnitFigures) -> u64| ind.units.iter().map(g).sum::<u64>();
        prop_assert_eq!(ind.total.plan, sum(&|u| u.tally.plan));
        prop_assert_eq!(ind.total.done, sum(&|u| u.tally.done));
        prop_assert_eq!(ind.total.new, sum(&|u| u.tally.new));
        for part in ["a", "b"] {
            prop_assert_eq!(ind.total.parts[part], sum(&|u| u.tally.parts[part]));
        }
    }

    #[test]
    fn new_plus_previous_is_current(us in units()) {
        let order: Vec<usize> = (0..us.len()).collect();
        let f = figures(&us, &order);
        for (u, figures) in us.iter().zip(&f.indicators[0].units) {
            prop_assert_eq!(figures.tally.new + u.before, figures.tally.done);
        }
    }

    #[test]
    fn rates_are_finite_and_ranks_agree_with_them(us in units()) {
        let order: Vec<usize> = (0..us.len()).collect();
        let f = figures(&us, &order);
        let all = &f.indicators[0].units;
        prop_assert!(f.time_progress.is_finite());
        for u in all {
            match u.tally.rate {
                Some(r) => {
                    prop_assert!(r.is_finite() && r >= 0.0);
                    prop_assert!(u.tally.plan > 0);
                    // rank = 1 + number of units with a strictly higher rate (exact fractions)
                    let higher = all.iter().filter(|v| v.tally.plan > 0
                        && u128::from(v.tally.done) * u128::from(u.tally.plan)
                            > u128::from(u.tally.done) * u128::from(v.tally.plan)).count();
                    prop_assert_eq!(u.rank, Some(higher as u32 + 1));
                }
                None => {
                    prop_assert_eq!(u.tally.plan, 0);
                    prop_assert_eq!(u.rank, None);
                    prop_assert_eq!(u.class, None);
                }
            }
            if let Some(g) = u.tally.gap { prop_assert!(g.is_finite()); }
        }
        if let Some(r) = f.indicators[0].total.rate { prop_assert!(r.is_finite()); }
    }

    #[test]
    fn figures_do_not_depend_on_the_order_units_are_written(us in units(), seed in any::<u64>()) {
        let order: Vec<usize> = (0..us.len()).collect();
        let mut shuffled = order.clone();
        // A deterministic shuffle from the seed.
        let mut x = seed | 1;
        for i in (1..shuffled.len()).rev() {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            shuffled.swap(i, (x % (i as u64 + 1)) as usize);
        }
        let a = serde_json::to_string(&figures(&us, &order)).unwrap();
        let b = serde_json::to_string(&figures(&us, &shuffled)).unwrap();
        prop_assert_eq!(a, b);
    }
}
