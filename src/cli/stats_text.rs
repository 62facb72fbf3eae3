//! `tongbao stats` without `--json`: the figures as a plain-text table, and `--changes`.

use tongbao::progress::Figures;

/// A plain-text table of the figures, for `tongbao stats` without `--json`.
pub(crate) fn stats_table(figures: &Figures) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "期间 {}，截至 {}，序时进度 {}",
        figures.period,
        tongbao::format::cn_date(figures.as_of),
        tongbao::format::percent(Some(figures.time_progress), 1)
    );
    for ind in &figures.indicators {
        let _ = writeln!(out, "\n指标：{}（{}）", ind.name, ind.measure);
        let _ = writeln!(
            out,
            "排名\t单位\t计划\t完成\t本期新增\t完成率\t与序时进度差"
        );
        for u in ind
            .ranking
            .iter()
            .chain(std::iter::once(&tongbao::progress::UnitFigures {
                id: String::new(),
                name: "合计".to_string(),
                kind: String::new(),
                tally: ind.total.clone(),
                rank: None,
                previous_rank: None,
                rank_change: None,
                previous_rate: None,
                rate_change: None,
                class: None,
                complete: false,
                over_plan: false,
                no_progress: false,
                zero_plan: false,
                grade: None,
                grade_run: 0,
                escalation: None,
                carried: false,
            }))
        {
            let t = &u.tally;
            let _ = writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                u.rank.map_or("—".to_string(), |r| r.to_string()),
                u.name,
                t.plan,
                t.done,
                new_text(t.new),
                tongbao::format::percent(t.rate, 1),
                tongbao::format::points(t.gap, 1)
            );
        }
    }
    out
}

/// 本月新增 as the ranking table writes it: the number (negative after a 核减), or `—` when
/// it is not known (a first period without a baseline).
fn new_text(new: Option<i64>) -> String {
    new.map_or("—".to_string(), |n| n.to_string())
}

/// Last period's cumulative figure: done less this period's change.
fn done_before(t: &tongbao::progress::Tally) -> String {
    match t.new {
        Some(n) => (i128::from(t.done) - i128::from(n)).to_string(),
        None => "—".to_string(),
    }
}

/// 升降 as the ranking table writes it: `↑2`, `↓1`, `—` (unchanged or no rank).
fn rank_change_text(change: Option<i64>) -> String {
    match change {
        Some(c) if c > 0 => format!("↑{c}"),
        Some(c) if c < 0 => format!("↓{}", c.unsigned_abs()),
        _ => "—".to_string(),
    }
}

/// What changed per unit since the previous period, for `tongbao stats --changes`: done
/// (new this period), rate (percentage points) and rank.
pub(crate) fn stats_changes(figures: &Figures) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    // 上月/本月 for a month, 上周/本周 for a week (against the month before it, 上期).
    let word = figures.period.kind().word();
    let Some(previous) = figures.previous_period else {
        let _ = writeln!(
            out,
            "期间 {} 是第一期数据，没有上{word}可比。",
            figures.period
        );
        return out;
    };
    let before = if previous.kind() == figures.period.kind() {
        format!("上{word}")
    } else {
        "上期".to_string()
    };
    let _ = writeln!(out, "期间 {}，与{before}（{previous}）相比", figures.period);
    for ind in &figures.indicators {
        let _ = writeln!(out, "\n指标：{}（{}）", ind.name, ind.measure);
        let _ = writeln!(
            out,
            "单位\t{before}完成\t本{word}完成\t增加\t{before}完成率\t本{word}完成率\t变化（百分点）\t上期排名\t排名\t升降"
        );
        for u in &ind.units {
            let t = &u.tally;
            let rank = |r: Option<u32>| r.map_or("—".to_string(), |r| r.to_string());
            let _ = writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                u.name,
                done_before(t),
                t.done,
                new_text(t.new),
                tongbao::format::percent(u.previous_rate, 1),
                tongbao::format::percent(t.rate, 1),
                tongbao::format::points(u.rate_change, 1),
                rank(u.previous_rank),
                rank(u.rank),
                rank_change_text(u.rank_change)
            );
        }
        let t = &ind.total;
        let _ = writeln!(
            out,
            "合计\t{}\t{}\t{}\t\t{}\t\t\t\t",
            done_before(t),
            t.done,
            new_text(t.new),
            tongbao::format::percent(t.rate, 1)
        );
    }
    out
}

/// A plain-text table of a quarter: each unit's rate at each month's end, its months 滞后 in a
/// row and whether it needs 整改, for `tongbao stats --period YYYY-Qn` without `--json`.
pub(crate) fn quarter_table(q: &tongbao::progress::quarter::QuarterFigures) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let months: Vec<String> = q.months.iter().map(ToString::to_string).collect();
    let _ = writeln!(
        out,
        "期间 {}（{}），截至 {}，序时进度 {}",
        q.period,
        months.join("、"),
        tongbao::format::cn_date(q.as_of),
        tongbao::format::percent(Some(q.time_progress), 1)
    );
    for ind in &q.indicators {
        let _ = writeln!(
            out,
            "\n指标：{}：季末完成 {}，本季度新增 {}，完成率 {}，需整改 {} 个",
            ind.name,
            ind.done,
            ind.new.map_or("—".to_string(), |n| n.to_string()),
            tongbao::format::percent(ind.rate, 1),
            ind.rectify_count
        );
        let _ = writeln!(
            out,
            "单位\t计划\t完成\t本季度新增\t{}\t连续滞后（月）\t需整改",
            months
                .iter()
                .map(|m| format!("{m}完成率"))
                .collect::<Vec<_>>()
                .join("\t")
        );
        for t in &ind.units {
            let rates: Vec<String> = t
                .months
                .iter()
                .map(|m| tongbao::format::percent(m.rate, 1))
                .collect();
            let _ = writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                t.name,
                t.plan,
                t.done,
                t.new.map_or("—".to_string(), |n| n.to_string()),
                rates.join("\t"),
                t.behind_run,
                if t.rectify { "是" } else { "否" }
            );
        }
    }
    out
}
