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
        let new: Option<i64> = ind.units.iter().map(|u| u.tally.new).sum();
        prop_assert_eq!(ind.total.new, new);
        for part in ["a", "b"] {
            prop_assert_eq!(ind.total.parts[part], sum(&|u| u.tally.parts[part]));
        }
    }

    #[test]
    fn new_plus_previous_is_current(us in units()) {
        let order: Vec<usize> = (0..us.len()).collect();
        let f = figures(&us, &order);
        for (u, figures) in us.iter().zip(&f.indicators[0].units) {
            let new = figures.tally.new.expect("a previous period");
            prop_assert_eq!(new + i64::try_from(u.before).unwrap(), i64::try_from(figures.tally.done).unwrap());
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

// ---------------------------------------------------------------------------------------------
// The bulletin's claims against the figures (`stats --json`): every unit named 完成率最低/最高 is
// one of the k lowest/highest of its whole class (ties at the cut included), every count in the
// text is a count of the figures, the demand names the same units as 二、.

use serde_json::Value;
use std::collections::BTreeSet;

/// What the checker needs to know about the campaign besides the figures.
struct Words {
    unit: String,
    /// The analysed indicators' ids, in the order 一、 and 二、 treat them (headline first).
    analysed: Vec<String>,
    /// Task noun per indicator id.
    tasks: Vec<(String, String)>,
    name_top: usize,
    name_bottom: usize,
}

fn section<'a>(md: &'a str, heading: &str) -> &'a str {
    let start = md
        .find(heading)
        .unwrap_or_else(|| panic!("no {heading} in\n{md}"));
    let rest = &md[start + heading.len()..];
    let end = rest.find("\n# ").unwrap_or(rest.len());
    &rest[..end]
}

fn paragraphs(text: &str) -> Vec<&str> {
    text.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty() && !p.starts_with('#'))
        .collect()
}

fn split_names(text: &str) -> BTreeSet<String> {
    text.split('、').map(|s| s.to_string()).collect()
}

fn ordered_names(text: &str) -> Vec<String> {
    text.split('、').map(|s| s.to_string()).collect()
}

/// The percentages of `…为a%、b%` up to the end of the clause.
fn stated_rates(text: &str) -> Vec<i64> {
    text.split('、')
        .map(|p| {
            p.trim_end_matches('%')
                .parse::<i64>()
                .unwrap_or_else(|_| panic!("rate “{p}” in “{text}”"))
        })
        .collect()
}

fn units_of(ind: &Value) -> &Vec<Value> {
    ind["units"].as_array().unwrap()
}

fn names_where(ind: &Value, keep: impl Fn(&Value) -> bool) -> BTreeSet<String> {
    units_of(ind)
        .iter()
        .filter(|u| keep(u))
        .map(|u| u["name"].as_str().unwrap().to_string())
        .collect()
}

fn by_name<'a>(ind: &'a Value, name: &str) -> &'a Value {
    units_of(ind)
        .iter()
        .find(|u| u["name"] == name)
        .unwrap_or_else(|| panic!("no unit {name}"))
}

/// done/plan as an exact pair for comparisons.
fn frac(u: &Value) -> (u128, u128) {
    (
        u128::from(u["done"].as_u64().unwrap()),
        u128::from(u["plan"].as_u64().unwrap()),
    )
}

fn le(a: (u128, u128), b: (u128, u128)) -> bool {
    a.0 * b.1 <= b.0 * a.1
}

/// The whole-number percentage the text must state for a unit (the rule documented in
/// docs/input-format.md), computed here independently of the crate's formatter.
fn expected_whole(u: &Value) -> i64 {
    let (d, p) = frac(u);
    let rounded = ((d * 200 + p) / (2 * p)) as i64; // half-up of 100·d/p
    if d > 0 && d < p {
        rounded.clamp(1, 99)
    } else if d > p {
        rounded.max(101)
    } else {
        rounded
    }
}

/// The named set must be exactly the `k` best (`highest`) or worst of `class`, with every unit
/// tied with the last of them; all of the class when `k` is 0.
fn check_cut(ind: &Value, class: &str, named: &BTreeSet<String>, k: usize, highest: bool) {
    let mut members: Vec<&Value> = units_of(ind)
        .iter()
        .filter(|u| u["class"] == class)
        .collect();
    members.sort_by(|a, b| {
        let (x, y) = (frac(a), frac(b));
        let ord = (x.0 * y.1).cmp(&(y.0 * x.1));
        if highest { ord.reverse() } else { ord }
    });
    let want: BTreeSet<String> = if k == 0 || k >= members.len() {
        members
            .iter()
            .map(|u| u["name"].as_str().unwrap().to_string())
            .collect()
    } else {
        let cut = frac(members[k - 1]);
        members
            .iter()
            .filter(|u| {
                if highest {
                    le(cut, frac(u))
                } else {
                    le(frac(u), cut)
                }
            })
            .map(|u| u["name"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        named, &want,
        "{class}: named vs the {k} best/worst of the class"
    );
    for n in named {
        for other in units_of(ind).iter().filter(|u| u["class"] == class) {
            if named.contains(other["name"].as_str().unwrap()) {
                continue;
            }
            let (a, b) = (frac(by_name(ind, n)), frac(other));
            assert!(
                if highest { le(b, a) } else { le(a, b) },
                "{n} named but {} of the same class is {}",
                other["name"],
                if highest { "higher" } else { "lower" }
            );
        }
    }
}

/// Checks the rates stated for `names` in order.
fn check_rates(ind: &Value, names: &[String], rates: &[i64]) {
    assert_eq!(
        names.len(),
        rates.len(),
        "one rate per name: {names:?} {rates:?}"
    );
    for (n, r) in names.iter().zip(rates) {
        let u = by_name(ind, n);
        assert_eq!(*r, expected_whole(u), "{n}");
        if u["done"].as_u64() < u["plan"].as_u64() {
            assert!(*r < 100, "{n} is incomplete but reads {r}%");
        }
    }
}

/// Checks every claim of 一、, 二、 and the first demand of 四、 against `figures`, the JSON
/// that `stats --json` prints.
/// `绿灯4个、黄灯1个、红灯4个。甲、乙连续2期为黄灯或更差，予以专函督办。…`: each grade's count
/// is its whole class, and each escalation names exactly the units it is the most severe one
/// for.
fn check_grades(text: &str, ind: &Value) {
    let (counts, rest) = text.split_once('。').unwrap();
    let stated: Vec<String> = ind["grades"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| format!("{}{}个", g["name"].as_str().unwrap(), g["count"]))
        .collect();
    assert_eq!(counts, stated.join("、"));
    for g in ind["grades"].as_array().unwrap() {
        let holders = names_where(ind, |u| u["grade"] == g["name"]);
        assert_eq!(holders.len() as u64, g["count"].as_u64().unwrap());
    }
    let mut named = BTreeSet::new();
    for sentence in rest.split('。').filter(|s| !s.is_empty()) {
        let (who, action) = sentence.split_once('，').unwrap();
        let action = action.strip_prefix("予以").unwrap();
        let end = who.find("连续").or_else(|| who.rfind('为')).unwrap();
        let names = &who[..end];
        let due = names_where(ind, |u| u["escalation"] == action);
        assert_eq!(split_names(names), due, "{sentence}");
        named.extend(due);
    }
    assert_eq!(named, names_where(ind, |u| !u["escalation"].is_null()));
}

fn check_claims(md: &str, figures: &Value, w: &Words) {
    let u = &w.unit;
    let indicators = figures["indicators"].as_array().unwrap();
    let ind_of = |id: &str| indicators.iter().find(|i| i["id"] == id).unwrap();

    // 一、: one paragraph per analysed indicator, with the counts at or above / below schedule.
    let one = paragraphs(section(md, "# 一、总体进展"));
    assert_eq!(one.len(), w.analysed.len(), "{one:?}");
    let mut stated_tp = None;
    for (p, id) in one.iter().zip(&w.analysed) {
        // A campaign with grades adds their counts and the escalations after the counts.
        let p = &match p.split_once("按与序时进度差评定，") {
            Some((before, grades)) => {
                check_grades(grades, ind_of(id));
                before
            }
            None => p,
        };
        let c = &ind_of(id)["counts"];
        let (above, below) = (
            c["at_or_above_schedule"].as_u64().unwrap(),
            c["below_schedule"].as_u64().unwrap(),
        );
        let ranked = c["ranked"].as_u64().unwrap();
        if ranked == 0 {
            continue;
        }
        let zero = c["zero_plan"].as_u64().unwrap() > 0;
        // With zero-plan units the sentence says which units it counts: those with a task
        // (有{task}的{ranked}个{unit}).
        let both = if zero {
            format!("的{ranked}个{u}中，{above}个完成率达到或超过序时进度，{below}个低于序时进度。")
        } else {
            format!("{above}个{u}完成率达到或超过序时进度，{below}个{u}低于序时进度。")
        };
        let all = |what: &str| {
            if zero {
                p.ends_with(&format!("的{ranked}个{u}完成率均{what}。"))
            } else {
                p.ends_with(&format!("各{u}完成率均{what}。"))
            }
        };
        let ok = p.ends_with(&both)
            || (below == 0 && all("达到或超过序时进度"))
            || (above == 0 && all("低于序时进度"));
        assert!(ok, "一、 counts ({above}, {below}) not stated in: {p}");
        if zero {
            assert!(
                !p.contains(&format!("各{u}完成率均")),
                "各 with a zero-plan unit: {p}"
            );
        }
        // The stated gap is the difference of the two stated percentages (序时进度 is stated
        // once, in the first paragraph).
        if let Some(t) = p
            .split_once("按照序时进度（")
            .and_then(|(_, r)| r.split_once('%'))
        {
            stated_tp = t.0.parse::<i64>().ok();
        }
        let rate = p
            .split_once("，占")
            .and_then(|(_, r)| r.split_once('的'))
            .and_then(|(_, r)| r.split_once('%'))
            .and_then(|(n, _)| n.parse::<i64>().ok());
        if let (Some(rate), Some(tp)) = (rate, stated_tp) {
            let gap = rate - tp;
            let said = |dir: &str| {
                p.split_once(&format!("完成率{dir}序时进度"))
                    .and_then(|(_, r)| r.split_once("个百分点"))
                    .and_then(|(n, _)| n.parse::<i64>().ok())
            };
            match gap.cmp(&0) {
                std::cmp::Ordering::Equal => assert!(p.contains("完成率与序时进度持平"), "{p}"),
                std::cmp::Ordering::Less => assert_eq!(said("低于"), Some(-gap), "{p}"),
                std::cmp::Ordering::Greater => assert_eq!(said("高于"), Some(gap), "{p}"),
            }
        } else {
            panic!("no rate or 序时进度 in {p}");
        }
    }

    // 二、: one paragraph per analysed indicator (then any lists).
    let two = paragraphs(section(md, &format!("# 二、各{u}进展情况")));
    assert!(two.len() >= w.analysed.len(), "{two:?}");
    let mut lagging: BTreeSet<String> = BTreeSet::new();
    let mut lagging_more = false;
    for (p, id) in two.iter().zip(&w.analysed) {
        let ind = ind_of(id);
        let name = ind["name"].as_str().unwrap();
        let task = &w.tasks.iter().find(|(i, _)| i == id).unwrap().1;
        let mut text: &str = p;
        if w.analysed.len() > 1 {
            text = text
                .strip_prefix(&format!("{name}方面，"))
                .unwrap_or_else(|| panic!("paragraph of {name} starts: {p}"));
        }
        let (mut complete, mut over, mut ahead, mut behind, mut no_progress, mut zero) = (
            BTreeSet::new(),
            BTreeSet::new(),
            None,
            None,
            BTreeSet::new(),
            BTreeSet::new(),
        );
        let mut ahead_count = None;
        let mut behind_count = None;
        let mut all_on_schedule = false;
        for s in text.split('。').filter(|s| !s.is_empty()) {
            let count_of = |s: &str, what: &str| -> Option<usize> {
                s.strip_suffix(what)
                    .or(Some(s))
                    .and_then(|_| s.split(&format!("个{u}{what}")).next())
                    .and_then(|n| n.parse().ok())
            };
            if let Some((names, rest)) = s.split_once("已全部完成") {
                complete = split_names(names);
                assert!(rest.starts_with(task.as_str()), "{s}");
                if let Some((_, o)) = rest.split_once("，其中") {
                    let (names, rates) = o.split_once("超额完成，完成率").unwrap();
                    over = split_names(names);
                    let rates = rates.trim_start_matches("分别").trim_start_matches('为');
                    check_rates(ind, &ordered_names(names), &stated_rates(rates));
                }
            } else if let Some((names, rest)) = s.split_once(&format!("超额完成{task}，完成率"))
            {
                complete = split_names(names);
                over = complete.clone();
                let rates = rest.trim_start_matches("分别").trim_start_matches('为');
                check_rates(ind, &ordered_names(names), &stated_rates(rates));
            } else if s.contains("进展较快") || s.contains("进展滞后") {
                let (what, most) = if s.contains("进展较快") {
                    ("进展较快", "完成率最高，")
                } else {
                    ("进展滞后", "完成率最低，")
                };
                let (names, rates, counted) = if let Some((head, tail)) = s.split_once("，其中")
                {
                    let n = count_of(head, what).unwrap_or_else(|| panic!("count in {s}"));
                    let (names, rates) = tail.split_once(most).unwrap_or_else(|| panic!("{s}"));
                    (
                        names,
                        rates.trim_start_matches("分别").trim_start_matches('为'),
                        Some(n),
                    )
                } else {
                    let (names, rest) = s
                        .split_once(&format!("{what}，完成率"))
                        .unwrap_or_else(|| panic!("{s}"));
                    let rates = rest.trim_start_matches("分别").trim_start_matches('为');
                    (names, rates.split('，').next().unwrap(), None)
                };
                check_rates(ind, &ordered_names(names), &stated_rates(rates));
                if what == "进展较快" {
                    ahead = Some(split_names(names));
                    ahead_count = counted;
                } else {
                    behind = Some(split_names(names));
                    behind_count = counted;
                }
            } else if let Some((names, _)) = s.split_once("本月无新增") {
                no_progress = split_names(names);
            } else if let Some(names) = s.strip_suffix(&format!("无{task}，不参加排名")) {
                zero = split_names(names);
            } else if s == format!("各{u}均按序时进度推进") {
                all_on_schedule = true;
            } else if s == format!("各{u}完成情况及排名见附件") {
            } else {
                panic!("unexpected sentence in 二、: {s}");
            }
        }
        let c = &ind["counts"];
        let count = |k: &str| c[k].as_u64().unwrap() as usize;
        assert_eq!(
            complete,
            names_where(ind, |x| x["class"] == "complete"),
            "complete: {p}"
        );
        assert_eq!(complete.len(), count("complete"));
        assert_eq!(
            over,
            names_where(ind, |x| x["over_plan"] == true),
            "over plan: {p}"
        );
        assert_eq!(
            no_progress,
            names_where(ind, |x| x["no_progress"] == true),
            "本月无新增: {p}"
        );
        assert_eq!(
            zero,
            names_where(ind, |x| x["zero_plan"] == true),
            "zero plan: {p}"
        );
        for (named, counted, class, key, k, highest) in [
            (&ahead, ahead_count, "ahead", "ahead", w.name_top, true),
            (
                &behind,
                behind_count,
                "behind",
                "behind",
                w.name_bottom,
                false,
            ),
        ] {
            let total = count(key);
            match named {
                None => assert_eq!(total, 0, "{class} class of {total} not mentioned: {p}"),
                Some(named) => {
                    check_cut(ind, class, named, k, highest);
                    match counted {
                        Some(n) => {
                            assert_eq!(n, total, "count of {class}: {p}");
                            assert!(named.len() < total, "counted although all named: {p}");
                        }
                        None => assert_eq!(
                            named.len(),
                            total,
                            "{class} not all named, not counted: {p}"
                        ),
                    }
                }
            }
        }
        if let Some(b) = &behind {
            lagging.extend(b.iter().cloned());
            lagging_more |= b.len() < count("behind");
        }
        assert_eq!(
            all_on_schedule,
            count("on_schedule") == count("ranked")
                && count("zero_plan") == 0
                && count("no_progress") == 0,
            "各…均按序时进度推进: {p}"
        );
    }

    // 三、 without notes: the headline's count below 序时进度.
    let three = section(md, "# 三、存在问题");
    if !three.contains("仍存在以下问题") {
        let counts = &ind_of(&w.analysed[0])["counts"];
        let below = counts["below_schedule"].as_u64().unwrap();
        let want = if below > 0 {
            format!("从调度情况看，各{u}工作进展不平衡，{below}个{u}完成率低于序时进度。")
        } else if counts["ranked"] == 0 {
            format!("从调度情况看，各{u}工作正在推进。")
        } else {
            format!("从调度情况看，各{u}完成率均达到或超过序时进度，工作进展总体平稳。")
        };
        assert_eq!(three.trim(), want);
    }

    // 四、: the first demand names exactly the units named 滞后 in 二、.
    let four = section(md, "# 四、下步工作要求");
    let demanded = four.split_once("（一）加快推进进度。").map(|(_, rest)| {
        let more = format!("等进展滞后的{u}要");
        match rest.split_once(&more) {
            Some((names, _)) => (split_names(names), true),
            None => (
                split_names(rest.split_once("进展滞后，要").unwrap().0),
                false,
            ),
        }
    });
    if lagging.is_empty() {
        assert!(demanded.is_none(), "{four}");
    } else {
        assert_eq!(demanded, Some((lagging, lagging_more)), "{four}");
    }
}

/// A random campaign: 1–3 indicators over the same units, random rules, unit noun and date.
#[derive(Debug, Clone)]
struct Random {
    /// Per indicator, per unit: (plan, done before, added this month).
    indicators: Vec<Vec<(u64, u64, u64)>>,
    in_text: Vec<bool>,
    /// ahead_points, behind_points, name_top, name_bottom.
    rules: [u8; 4],
    /// Month (2–12) and day of `as_of`.
    date: (u32, u32),
    noun: usize,
}

const NOUNS: [&str; 3] = ["县区", "县（市、区）", "乡镇（街道）"];

fn random_campaign() -> impl Strategy<Value = Random> {
    (1usize..14, 1usize..4).prop_flat_map(|(n, k)| {
        // Coarse plans (multiples of 5) make equal rates, and so ties at the cut, common;
        // `before` up to just past the plan makes complete and over-plan units common.
        let plan = prop_oneof![0u64..40, (0u64..6).prop_map(|p| p * 5)];
        let unit = (plan, 0u64..40, 0u64..12).prop_map(|(plan, before, added)| {
            let before = before.min(plan + 3);
            let added = if plan % 5 == 0 {
                added.min(5) / 5 * 5
            } else {
                added
            };
            (plan, before / 5 * 5, added)
        });
        (
            prop::collection::vec(prop::collection::vec(unit, n), k),
            prop::collection::vec(any::<bool>(), k),
            0u8..25,
            0u8..40,
            0u8..5,
            0u8..5,
            2u32..=12,
            1u32..=28,
            0usize..3,
        )
            .prop_map(
                |(indicators, in_text, ahead, behind, top, bottom, month, day, noun)| Random {
                    indicators,
                    in_text,
                    rules: [ahead, behind, top, bottom],
                    date: (month, day),
                    noun,
                },
            )
    })
}

fn random_inputs(r: &Random) -> tongbao::load::Inputs {
    let n = r.indicators[0].len();
    let mut c = format!(
        "name: 测试\noffice: {{ name: 办公室, short_name: 办 }}\nheader: {{ name: 测试通报 }}\naddressee: 各单位\nschedule: {{ start: 2019-01-01, end: 2019-12-31 }}\nvocabulary: {{ unit: \"{}\" }}\nunits:\n",
        NOUNS[r.noun]
    );
    for i in 0..n {
        c.push_str(&format!("  - {{ id: u{i}, name: 单位{i}, kind: 县 }}\n"));
    }
    c.push_str("indicators:\n");
    for (k, units) in r.indicators.iter().enumerate() {
        let in_text = k == 0 || r.in_text[k];
        c.push_str(&format!(
            "  - id: i{k}\n    name: 指标{k}\n    action: 完成\n    measure: 个\n    task: 任务{k}\n    headline: {}\n    in_text: {in_text}\n    plan:\n",
            k == 0
        ));
        for (i, (plan, _, _)) in units.iter().enumerate() {
            c.push_str(&format!("      u{i}: {plan}\n"));
        }
    }
    c.push_str(&format!(
        "rules: {{ ahead_points: {}, behind_points: {}, name_top: {}, name_bottom: {} }}\ndistribution: {{}}\n",
        r.rules[0], r.rules[1], r.rules[2], r.rules[3]
    ));
    let snap = |month: u32, current: bool| {
        let mut s = format!(
            "period: 2019-{month:02}\nas_of: 2019-{month:02}-{:02}\nissue_date: 2019-{month:02}-28\nprogress:\n",
            if current { r.date.1 } else { 28 }
        );
        for (k, units) in r.indicators.iter().enumerate() {
            s.push_str(&format!("  i{k}:\n"));
            for (i, (_, before, added)) in units.iter().enumerate() {
                let done = if current { before + added } else { *before };
                s.push_str(&format!("    u{i}: {{ done: {done} }}\n"));
            }
        }
        s
    };
    let campaign: Campaign = tongbao::load::parse(Path::new("c.yaml"), &c).unwrap();
    let prev: Snapshot =
        tongbao::load::parse(Path::new("p.yaml"), &snap(r.date.0 - 1, false)).unwrap();
    let cur: Snapshot = tongbao::load::parse(Path::new("s.yaml"), &snap(r.date.0, true)).unwrap();
    tongbao::load::Inputs {
        dir: Path::new(".").to_path_buf(),
        campaign,
        snapshots: vec![prev, cur],
        snapshot_paths: vec![],
        warnings: vec![],
        blocked: vec![],
    }
}

fn words_of(inputs: &tongbao::load::Inputs) -> Words {
    let c = &inputs.campaign;
    let mut analysed: Vec<&tongbao::model::Indicator> =
        c.indicators.iter().filter(|i| i.in_text()).collect();
    analysed.sort_by_key(|i| !(i.headline || c.indicators.len() == 1));
    Words {
        unit: c.vocabulary.unit().to_string(),
        analysed: analysed.iter().map(|i| i.id.value.clone()).collect(),
        tasks: c
            .indicators
            .iter()
            .map(|i| (i.id.value.clone(), i.task().to_string()))
            .collect(),
        name_top: usize::try_from(c.rules.name_top.value).unwrap(),
        name_bottom: usize::try_from(c.rules.name_bottom.value).unwrap(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn every_claim_of_the_text_holds_against_the_figures(r in random_campaign()) {
        let inputs = random_inputs(&r);
        let bulletin = tongbao::bulletin(&inputs, None, None).unwrap();
        // `stats --json` prints exactly this serialisation of the same figures.
        let figures = serde_json::to_value(&bulletin.figures).unwrap();
        check_claims(&bulletin.markdown, &figures, &words_of(&inputs));
    }
}

/// The shipped samples, every period: the text against what the binary's `stats --json` prints.
#[test]
fn the_samples_claims_hold_against_stats_json() {
    use std::process::Command;
    let bin = env!("CARGO_BIN_EXE_tongbao");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    let mut checked = 0;
    for sample in ["linyi-kindergarten", "dongyi-rural-toilets", "long-variant"] {
        let dir = root.join(sample);
        let inputs = tongbao::load(&dir).unwrap();
        let words = words_of(&inputs);
        // The monthly bulletins (the weekly sheets have their own test).
        for s in inputs
            .snapshots
            .iter()
            .filter(|s| s.period.value.kind() == tongbao::model::PeriodKind::Month)
        {
            let period = s.period.value.to_string();
            let out = Command::new(bin)
                .args([
                    "stats",
                    dir.to_str().unwrap(),
                    "--period",
                    &period,
                    "--json",
                ])
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let figures: Value = serde_json::from_slice(&out.stdout).unwrap();
            let bulletin = tongbao::bulletin(&inputs, Some(s.period.value), None).unwrap();
            check_claims(&bulletin.markdown, &figures, &words);
            checked += 1;
        }
    }
    assert_eq!(checked, 11);
}
