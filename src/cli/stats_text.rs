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
                t.new,
                tongbao::format::percent(t.rate, 1),
                tongbao::format::points(t.gap, 1)
            );
        }
    }
    out
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
    let Some(previous) = figures.previous_period else {
        let _ = writeln!(out, "期间 {} 是第一期数据，没有上月可比。", figures.period);
        return out;
    };
    let _ = writeln!(out, "期间 {}，与上月（{previous}）相比", figures.period);
    for ind in &figures.indicators {
        let _ = writeln!(out, "\n指标：{}（{}）", ind.name, ind.measure);
        let _ = writeln!(
            out,
            "单位\t上月完成\t本月完成\t增加\t上月完成率\t本月完成率\t变化（百分点）\t上期排名\t排名\t升降"
        );
        for u in &ind.units {
            let t = &u.tally;
            let rank = |r: Option<u32>| r.map_or("—".to_string(), |r| r.to_string());
            let _ = writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                u.name,
                t.done - t.new.min(t.done),
                t.done,
                t.new,
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
            t.done - t.new.min(t.done),
            t.done,
            t.new,
            tongbao::format::percent(t.rate, 1)
        );
    }
    out
}
