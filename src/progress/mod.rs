//! Stage 2: the arithmetic. Pure functions from the checked model to the figures of one
//! period; no I/O, no formatting. Rates are fractions (0.61, not 61) and are rounded only when
//! formatted. Grades and escalations, when the campaign defines them, are in [`grades`].

pub mod grades;
pub mod quarter;

pub mod selection;

use std::cmp::Ordering;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::{Campaign, Date, Indicator, Period, Snapshot};

/// Tolerance for comparing percentage points against the campaign's thresholds, so that a
/// gap of exactly 5 points counts as 5 even when binary floating point makes it 4.999…
pub(crate) const POINTS_EPSILON: f64 = 1e-9;

/// Everything a bulletin states for one period.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Figures {
    /// The period reported on.
    pub period: Period,
    /// The date the figures stand at.
    pub as_of: Date,
    /// The previous snapshot's period, against which `new` is counted; `None` in the first period.
    pub previous_period: Option<Period>,
    /// 序时进度: the share of the schedule elapsed at `as_of` (0…1).
    pub time_progress: f64,
    /// Each indicator's figures, in the campaign's order.
    pub indicators: Vec<IndicatorFigures>,
}

impl Figures {
    /// The indicator the bulletin leads with.
    pub fn headline(&self) -> Option<&IndicatorFigures> {
        self.indicators
            .iter()
            .find(|i| i.headline)
            .or(self.indicators.first())
    }
}

/// Plan, done and rate: for one unit or for the whole campaign.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Tally {
    /// Planned.
    pub plan: u64,
    /// Done so far.
    pub done: u64,
    /// 本月新增: done this period against the previous snapshot (or, in the first period,
    /// against the campaign's `baseline`); negative when a correction (核减) took off more
    /// than was done. `None` in a first period without a baseline: it is not known.
    pub new: Option<i64>,
    /// Part id → cumulative count.
    pub parts: BTreeMap<String, u64>,
    /// `done / plan`; `None` when the plan is zero.
    pub rate: Option<f64>,
    /// `rate − time_progress` (a fraction: −0.05 is 5 points behind); `None` without a rate.
    pub gap: Option<f64>,
}

/// How a unit stands against 序时进度: one class per unit with a plan, the same in the
/// figures, the counts, the named lists and the archive index. Whether the unit had anything
/// new this period, or went past its plan, are further facts ([`UnitFigures::no_progress`],
/// [`UnitFigures::over_plan`]), not classes: a unit can be 滞后 and 本月无新增 at once.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Class {
    /// Done has reached the plan (已全部完成); never also 较快, 滞后 or 按序时推进.
    Complete,
    /// Not complete, at least `rules.ahead_points` above 序时进度 (进展较快).
    Ahead,
    /// Not complete, within the thresholds (按序时推进).
    OnSchedule,
    /// Not complete, at least `rules.behind_points` below 序时进度 (进展滞后).
    Behind,
}

/// One unit's figures for one indicator.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UnitFigures {
    /// The unit's id in `campaign.yaml`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// `区`, `县`, `开发区`…
    pub kind: String,
    /// Plan, done, new, parts, rate and gap.
    #[serde(flatten)]
    pub tally: Tally,
    /// 1 = highest rate; ties share a rank (1, 2, 2, 4); `None` when the plan is zero.
    pub rank: Option<u32>,
    /// The rank in the previous period (上期排名), ranked the same way over that period's
    /// cumulative figures against this plan; `None` in the first period or without a plan.
    pub previous_rank: Option<u32>,
    /// 升降: places gained since the previous period (`previous_rank − rank`: 2 is ↑2, −1 is
    /// ↓1, 0 is unchanged); `None` without both ranks.
    pub rank_change: Option<i64>,
    /// The previous period's rate (`None` in the first period or without a plan).
    pub previous_rate: Option<f64>,
    /// `rate − previous_rate` (a fraction: 0.05 is 5 points up); `None` without both.
    pub rate_change: Option<f64>,
    /// `None` when the plan is zero (no rate, no class).
    pub class: Option<Class>,
    /// Done has reached the plan (plan > 0): the same as `class == Some(Class::Complete)`.
    pub complete: bool,
    /// Done is above a plan above zero (超额完成).
    pub over_plan: bool,
    /// Not complete and nothing new this period (本月无新增); never in the first period.
    pub no_progress: bool,
    /// The plan is zero: no rate, rank or class.
    pub zero_plan: bool,
    /// The grade's name (`rules.grades`); `None` without grades or without a plan.
    #[serde(default)]
    pub grade: Option<String>,
    /// How many periods of this kind in a row, this one included, the unit has held this
    /// grade or a worse one (0 without a grade).
    #[serde(default)]
    pub grade_run: u32,
    /// The most severe escalation (`rules.escalation`) due, e.g. `约谈`.
    #[serde(default)]
    pub escalation: Option<String>,
    /// Not reported this period: its figures are the previous period's (按上期数计算), so it
    /// is never 本月无新增 (nothing is known of its month).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub carried: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
/// A part's id and name.
pub struct PartName {
    /// The part's id.
    pub id: String,
    /// The part's name.
    pub name: String,
}

/// The units the bulletin names in its second section. Every list is drawn from a whole
/// class (or fact) of [`UnitFigures`], so a sentence that names them and a count of them
/// never disagree.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Named {
    /// [`Class::Complete`], in display order.
    pub complete: Vec<UnitFigures>,
    /// Complete and above the plan (超额完成), in display order.
    pub over_plan: Vec<UnitFigures>,
    /// [`Class::Ahead`], highest rate first: the first `rules.name_top` (all when 0), and every
    /// unit tied with the last of them.
    pub ahead: Vec<UnitFigures>,
    /// How many units are [`Class::Ahead`], named or not (= `counts.ahead`).
    pub ahead_total: usize,
    /// [`Class::Behind`], lowest rate first: the first `rules.name_bottom` (all when 0), and
    /// every unit tied with the last of them.
    pub behind: Vec<UnitFigures>,
    /// How many units are [`Class::Behind`], named or not (= `counts.behind`).
    pub behind_total: usize,
    /// 本月无新增 (of any class), in display order.
    pub no_progress: Vec<UnitFigures>,
    /// Units with a zero plan, in display order.
    pub zero_plan: Vec<UnitFigures>,
}

/// How many units are in each class or share each fact.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Counts {
    /// Units with a plan (the ranked ones).
    pub ranked: usize,
    /// [`Class::Complete`].
    pub complete: usize,
    /// Complete and above the plan.
    pub over_plan: usize,
    /// Rate at or above 序时进度 (complete units included).
    pub at_or_above_schedule: usize,
    /// Rate below 序时进度.
    pub below_schedule: usize,
    /// [`Class::Ahead`].
    pub ahead: usize,
    /// [`Class::OnSchedule`].
    pub on_schedule: usize,
    /// [`Class::Behind`].
    pub behind: usize,
    /// 本月无新增 (a fact beside the class).
    pub no_progress: usize,
    /// Units with a zero plan (not ranked).
    pub zero_plan: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
/// One indicator's figures: totals, each unit ranked, the classes.
pub struct IndicatorFigures {
    /// The indicator's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The verb of its sentences, e.g. `整治完成`.
    pub action: String,
    /// Its measure word, e.g. `处`.
    pub measure: String,
    /// What its plan is called, e.g. `整治计划`.
    pub plan_label: String,
    /// Whether it is the headline indicator.
    pub headline: bool,
    /// Its parts, in order.
    pub parts: Vec<PartName>,
    /// The total over all units.
    pub total: Tally,
    /// In the campaign's display order.
    pub units: Vec<UnitFigures>,
    /// Units in rank order (ties in display order), then those without a plan.
    pub ranking: Vec<UnitFigures>,
    /// The units each class names in the text.
    pub named: Named,
    /// How many units are in each class.
    pub counts: Counts,
    /// Each grade with the units holding it (empty without `rules.grades`).
    #[serde(default)]
    pub grades: Vec<grades::GradeGroup>,
    /// Each escalation rule with the units it selects (empty without `rules.escalation`).
    #[serde(default)]
    pub escalations: Vec<grades::EscalationGroup>,
    /// The corrections (核减) recorded this period.
    #[serde(default)]
    pub corrections: Vec<Corrected>,
}

/// A correction (核减) as the bulletin states it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Corrected {
    /// The unit's id.
    pub id: String,
    /// The unit's name.
    pub name: String,
    /// The part's name, when the correction is of one part.
    pub part: Option<String>,
    /// How much was taken off.
    pub amount: u64,
    /// Why.
    pub reason: String,
}

/// 序时进度: days elapsed at `as_of` (inclusive) over the schedule's days (inclusive), in 0…1.
pub fn time_progress(start: Date, end: Date, as_of: Date) -> f64 {
    let total = (end.0 - start.0).num_days() + 1;
    let elapsed = (as_of.0 - start.0).num_days() + 1;
    if total <= 0 {
        return 1.0;
    }
    (elapsed as f64 / total as f64).clamp(0.0, 1.0)
}

/// `done / plan`, or `None` for a zero plan — never NaN or infinity.
pub fn rate(done: u64, plan: u64) -> Option<f64> {
    (plan > 0).then(|| done as f64 / plan as f64)
}

/// Compares two rates exactly (as fractions, by cross-multiplication), higher first.
fn by_rate_desc(a: &Tally, b: &Tally) -> Ordering {
    let left = u128::from(b.done) * u128::from(a.plan);
    let right = u128::from(a.done) * u128::from(b.plan);
    left.cmp(&right)
}

/// Ranks by rate, highest first; equal rates share a rank (1, 2, 2, 4); a zero plan gets none.
/// Returns the rank of each tally, in input order.
pub fn ranks(tallies: &[&Tally]) -> Vec<Option<u32>> {
    let mut order: Vec<usize> = (0..tallies.len())
        .filter(|&i| tallies[i].plan > 0)
        .collect();
    order.sort_by(|&a, &b| by_rate_desc(tallies[a], tallies[b]).then(a.cmp(&b)));
    let mut result = vec![None; tallies.len()];
    let mut rank = 0u32;
    for (pos, &i) in order.iter().enumerate() {
        let tied = pos > 0 && by_rate_desc(tallies[order[pos - 1]], tallies[i]) == Ordering::Equal;
        if !tied {
            rank = u32::try_from(pos + 1).unwrap_or(u32::MAX);
        }
        result[i] = Some(rank);
    }
    result
}

/// The class of one unit, given the campaign's thresholds in percentage points; `None` for
/// a zero plan.
pub fn classify(tally: &Tally, ahead_points: f64, behind_points: f64) -> Option<Class> {
    let gap_points = tally.gap? * 100.0;
    Some(if tally.done >= tally.plan {
        Class::Complete
    } else if gap_points + POINTS_EPSILON >= ahead_points {
        Class::Ahead
    } else if gap_points - POINTS_EPSILON <= -behind_points {
        Class::Behind
    } else {
        Class::OnSchedule
    })
}

/// 本月无新增: a unit with a plan, not complete, with nothing new since the previous period
/// (never when 本月新增 is not known).
pub fn no_progress(tally: &Tally) -> bool {
    tally.plan > 0 && tally.done < tally.plan && tally.new == Some(0)
}

/// A checked count (validation guarantees it is not negative).
fn count(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

/// A count as a signed number (load bounds every count far below `i64::MAX`).
pub(crate) fn signed(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

/// The sum of `counts`, never wrapping: load bounds every count (`load::MAX_COUNT`, with at
/// most 10,000 units), so the saturation is out of reach; were it reached, the total would
/// read as the largest number, never as a small one.
fn total(counts: impl Iterator<Item = u64>) -> u64 {
    counts.fold(0, u64::saturating_add)
}

/// The figures of `current`, with `previous` (the snapshot before it, if any) for `new`.
pub fn compute(campaign: &Campaign, current: &Snapshot, previous: Option<&Snapshot>) -> Figures {
    let as_of = current.as_of.value;
    let tp = time_progress(
        campaign.schedule.start.value,
        campaign.schedule.end.value,
        as_of,
    );
    let indicators = campaign
        .indicators
        .iter()
        .map(|ind| indicator(campaign, ind, current, previous, tp))
        .collect();
    Figures {
        period: current.period.value,
        as_of,
        previous_period: previous.map(|p| p.period.value),
        time_progress: tp,
        indicators,
    }
}

fn tally(
    plan: u64,
    done: u64,
    before: Option<u64>,
    parts: BTreeMap<String, u64>,
    tp: f64,
) -> Tally {
    let rate = rate(done, plan);
    Tally {
        plan,
        done,
        new: before.map(|b| signed(done) - signed(b)),
        parts,
        rate,
        gap: rate.map(|r| r - tp),
    }
}

fn indicator(
    campaign: &Campaign,
    ind: &Indicator,
    current: &Snapshot,
    previous: Option<&Snapshot>,
    tp: f64,
) -> IndicatorFigures {
    let rules = &campaign.rules;
    let entries = current.progress.get(&ind.id.value);
    let before = previous.and_then(|p| p.progress.get(&ind.id.value));
    let first_period = previous.is_none();
    // What 本月新增 is counted from in the first period: the baseline, when the campaign has one.
    let baseline = campaign.baseline.as_ref().filter(|_| first_period);
    let from_baseline = |id: &str| {
        baseline.map(|b| {
            b.progress
                .get(&ind.id.value)
                .and_then(|e| e.get(id))
                .map_or(0, |e| count(e.done.value))
        })
    };

    let mut units: Vec<UnitFigures> = campaign
        .units
        .iter()
        .map(|unit| {
            let id = unit.id.value.as_str();
            let plan = ind.plan.get(id).map_or(0, |p| count(p.value));
            let entry = entries.and_then(|e| e.get(id));
            let done = entry.map_or(0, |e| count(e.done.value));
            let prior = before.and_then(|b| b.get(id)).map(|e| count(e.done.value));
            let parts = ind
                .parts
                .iter()
                .map(|part| {
                    let n = entry
                        .and_then(|e| e.parts.get(&part.id.value))
                        .map_or(0, |c| count(c.value));
                    (part.id.value.clone(), n)
                })
                .collect();
            let carried = current.carried.iter().any(|c| c == id);
            let mut tally = tally(
                plan,
                done,
                if first_period {
                    from_baseline(id)
                } else {
                    Some(prior.unwrap_or(0))
                },
                parts,
                tp,
            );
            if carried {
                // Counted at last period's figures, it reported nothing: its 本月新增 is not
                // known (—), though the totals count it as none.
                tally.new = None;
            }
            let class = classify(&tally, rules.ahead_points.value, rules.behind_points.value);
            let previous_rate = if first_period {
                None
            } else {
                rate(prior.unwrap_or(0), plan)
            };
            UnitFigures {
                rate_change: tally.rate.zip(previous_rate).map(|(now, then)| now - then),
                previous_rate,
                previous_rank: None,
                rank_change: None,
                id: id.to_string(),
                name: unit.name.clone(),
                kind: unit.kind.clone(),
                complete: class == Some(Class::Complete),
                over_plan: plan > 0 && done > plan,
                no_progress: !carried && no_progress(&tally),
                zero_plan: plan == 0,
                carried,
                tally,
                rank: None,
                class,
                grade: None,
                grade_run: 0,
                escalation: None,
            }
        })
        .collect();

    let unit_ranks = ranks(&units.iter().map(|u| &u.tally).collect::<Vec<_>>());
    for (unit, rank) in units.iter_mut().zip(unit_ranks) {
        unit.rank = rank;
    }
    if !first_period {
        // Last period's cumulative figures against the same plans, ranked the same way.
        let last: Vec<Tally> = campaign
            .units
            .iter()
            .zip(&units)
            .map(|(unit, u)| {
                let prior = before
                    .and_then(|b| b.get(&unit.id.value))
                    .map_or(0, |e| count(e.done.value));
                tally(u.tally.plan, prior, None, BTreeMap::new(), tp)
            })
            .collect();
        let previous_ranks = ranks(&last.iter().collect::<Vec<_>>());
        for (unit, previous) in units.iter_mut().zip(previous_ranks) {
            unit.previous_rank = previous;
            unit.rank_change = unit
                .rank
                .zip(previous)
                .map(|(now, then)| i64::from(then) - i64::from(now));
        }
    }

    let mut total_parts: BTreeMap<String, u64> = BTreeMap::new();
    for unit in &units {
        for (id, n) in &unit.tally.parts {
            let sum = total_parts.entry(id.clone()).or_insert(0);
            *sum = sum.saturating_add(*n);
        }
    }
    let plan = total(units.iter().map(|u| u.tally.plan));
    let done = total(units.iter().map(|u| u.tally.done));
    // A unit counted at last period's figures (未报) adds nothing to the total's 本月新增.
    let new = units
        .iter()
        .map(|u| match u.tally.new {
            None if u.carried && !first_period => Some(0),
            n => n,
        })
        .try_fold(0i64, |sum, n| Some(sum.saturating_add(n?)));
    let total = Tally {
        new,
        ..tally(plan, done, None, total_parts, tp)
    };

    let mut ranking = units.clone();
    ranking.sort_by_key(|u| u.rank.unwrap_or(u32::MAX));

    let named = named(&units, rules.name_top.value, rules.name_bottom.value);
    let counts = counts(&units);
    IndicatorFigures {
        id: ind.id.value.clone(),
        name: ind.name.clone(),
        action: ind.action.clone(),
        measure: ind.measure.clone(),
        plan_label: ind.plan_label.clone(),
        headline: ind.headline || campaign.indicators.len() == 1,
        parts: ind
            .parts
            .iter()
            .map(|p| PartName {
                id: p.id.value.clone(),
                name: p.name.clone(),
            })
            .collect(),
        total,
        units,
        ranking,
        named,
        counts,
        grades: Vec::new(),
        escalations: Vec::new(),
        corrections: corrections(campaign, ind, current),
    }
}

/// The corrections (核减) of `current` for `ind`, in the order the snapshot lists them.
fn corrections(campaign: &Campaign, ind: &Indicator, current: &Snapshot) -> Vec<Corrected> {
    current
        .corrections
        .iter()
        .filter(|c| c.indicator.value == ind.id.value)
        .map(|c| Corrected {
            id: c.unit.value.clone(),
            name: campaign
                .units
                .iter()
                .find(|u| u.id.value == c.unit.value)
                .map_or_else(|| c.unit.value.clone(), |u| u.name.clone()),
            part: c.part.as_ref().map(|p| {
                ind.parts
                    .iter()
                    .find(|q| q.id.value == p.value)
                    .map_or_else(|| p.value.clone(), |q| q.name.clone())
            }),
            amount: count(c.amount.value),
            reason: c.reason.value.clone(),
        })
        .collect()
}

/// The first `max` of a list sorted by rate (all when `max` is 0), extended past `max` by the
/// units whose rate equals the last one's: a unit is never left out while another with the
/// same rate is named.
fn limit(mut list: Vec<UnitFigures>, max: i64) -> Vec<UnitFigures> {
    let Ok(n) = usize::try_from(max) else {
        return list;
    };
    if n == 0 || n >= list.len() {
        return list;
    }
    let last = &list[n - 1].tally;
    let keep = n + list[n..]
        .iter()
        .take_while(|u| by_rate_desc(&u.tally, last) == Ordering::Equal)
        .count();
    list.truncate(keep);
    list
}

fn named(units: &[UnitFigures], top: i64, bottom: i64) -> Named {
    let of = |class: Class| move |u: &&UnitFigures| u.class == Some(class);
    let all = |keep: fn(&UnitFigures) -> bool| -> Vec<UnitFigures> {
        units.iter().filter(|u| keep(u)).cloned().collect()
    };
    // Stable sorts: equal rates stay in display order.
    let mut ahead: Vec<UnitFigures> = units.iter().filter(of(Class::Ahead)).cloned().collect();
    ahead.sort_by(|a, b| by_rate_desc(&a.tally, &b.tally));
    let mut behind: Vec<UnitFigures> = units.iter().filter(of(Class::Behind)).cloned().collect();
    behind.sort_by(|a, b| by_rate_desc(&b.tally, &a.tally));
    Named {
        complete: all(|u| u.complete),
        over_plan: all(|u| u.over_plan),
        ahead_total: ahead.len(),
        ahead: limit(ahead, top),
        behind_total: behind.len(),
        behind: limit(behind, bottom),
        no_progress: all(|u| u.no_progress),
        zero_plan: all(|u| u.zero_plan),
    }
}

fn counts(units: &[UnitFigures]) -> Counts {
    let mut c = Counts::default();
    for u in units {
        c.zero_plan += usize::from(u.zero_plan);
        c.no_progress += usize::from(u.no_progress);
        c.over_plan += usize::from(u.over_plan);
        let Some(gap) = u.tally.gap else { continue };
        c.ranked += 1;
        if gap >= 0.0 {
            c.at_or_above_schedule += 1;
        } else {
            c.below_schedule += 1;
        }
        match u.class {
            Some(Class::Complete) => c.complete += 1,
            Some(Class::Ahead) => c.ahead += 1,
            Some(Class::OnSchedule) => c.on_schedule += 1,
            Some(Class::Behind) => c.behind += 1,
            None => {}
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(done: u64, plan: u64) -> Tally {
        tally(plan, done, None, BTreeMap::new(), 0.5)
    }

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn unit(name: &str, done: u64, plan: u64, class: Class) -> UnitFigures {
        UnitFigures {
            id: name.into(),
            name: name.into(),
            kind: String::new(),
            tally: t(done, plan),
            rank: None,
            previous_rank: None,
            rank_change: None,
            previous_rate: None,
            rate_change: None,
            class: Some(class),
            complete: class == Class::Complete,
            over_plan: done > plan,
            no_progress: false,
            zero_plan: false,
            grade: None,
            grade_run: 0,
            escalation: None,
            carried: false,
        }
    }

    fn names(list: &[UnitFigures]) -> Vec<&str> {
        list.iter().map(|u| u.name.as_str()).collect()
    }

    #[test]
    fn named_lists_keep_units_tied_at_the_cut_and_count_the_rest() {
        use Class::{Ahead, Behind, Complete};
        let units = [
            unit("甲", 1, 10, Behind),
            unit("乙", 2, 10, Behind),
            unit("丙", 1, 5, Behind), // 20%, tied with 乙
            unit("丁", 3, 10, Behind),
            unit("戊", 9, 10, Ahead),
            unit("己", 8, 10, Ahead),
            unit("庚", 10, 10, Complete), // named as complete, never as ahead
        ];
        let n = named(&units, 1, 2);
        assert_eq!(names(&n.behind), ["甲", "乙", "丙"]);
        assert_eq!(n.behind_total, 4);
        assert_eq!(names(&n.ahead), ["戊"]);
        assert_eq!(n.ahead_total, 2);
        assert_eq!(names(&n.complete), ["庚"]);
        // 0 names them all; a limit above the count changes nothing.
        assert_eq!(names(&named(&units, 0, 0).behind), ["甲", "乙", "丙", "丁"]);
        assert_eq!(named(&units, 9, 9).behind.len(), 4);
    }

    #[test]
    fn previous_rank_is_last_periods_rank_and_the_change_is_places_gained() {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/linyi-kindergarten");
        let inputs = crate::load::load(&dir).expect("sample loads");
        let s = &inputs.snapshots;
        let (c, n) = (&inputs.campaign, s.len());
        let last = compute(c, &s[n - 2], Some(&s[n - 3]));
        let now = compute(c, &s[n - 1], Some(&s[n - 2]));
        let first = compute(c, &s[0], None);
        let mut moved = 0;
        for (u, before) in now.indicators[0]
            .units
            .iter()
            .zip(&last.indicators[0].units)
        {
            assert_eq!(u.previous_rank, before.rank, "{}", u.name);
            let change = u.rank_change.expect("both ranked");
            let (r, p) = (u.rank.expect("rank"), before.rank.expect("rank"));
            assert_eq!(change, i64::from(p) - i64::from(r), "{}", u.name);
            moved += usize::from(change != 0);
            assert_eq!(u.previous_rate, before.tally.rate);
            let delta = u.rate_change.expect("both rates");
            assert!((delta - (u.tally.rate.unwrap() - before.tally.rate.unwrap())).abs() < 1e-12);
        }
        assert!(moved > 0, "the sample has units that changed places");
        assert!(
            first.indicators[0]
                .units
                .iter()
                .all(|u| u.previous_rank.is_none()
                    && u.rank_change.is_none()
                    && u.rate_change.is_none())
        );
    }

    #[test]
    fn ties_share_a_rank_and_the_next_rank_skips() {
        let (a, b, c, e) = (t(9, 10), t(4, 5), t(8, 10), t(1, 10));
        // 0.9, 0.8, 0.8 (as 4/5 and 8/10), 0.1
        assert_eq!(
            ranks(&[&a, &b, &c, &e]),
            vec![Some(1), Some(2), Some(2), Some(4)]
        );
    }

    #[test]
    fn equal_fractions_tie_exactly() {
        let (a, b) = (t(1, 3), t(2, 6));
        assert_eq!(ranks(&[&a, &b]), vec![Some(1), Some(1)]);
    }

    #[test]
    fn zero_plan_has_no_rate_rank_or_class() {
        let z = t(0, 0);
        assert_eq!(z.rate, None);
        assert_eq!(z.gap, None);
        let a = t(3, 10);
        assert_eq!(ranks(&[&z, &a]), vec![None, Some(1)]);
        assert_eq!(classify(&z, 5.0, 10.0), None);
        assert!(!no_progress(&z));
        let over = t(5, 0);
        assert_eq!(over.rate, None);
    }

    #[test]
    fn new_is_unknown_without_a_figure_before_and_negative_after_a_correction() {
        let first = tally(10, 4, None, BTreeMap::new(), 0.3);
        assert_eq!(first.new, None);
        assert!(!no_progress(&first));
        let from_zero = tally(10, 4, Some(0), BTreeMap::new(), 0.3);
        assert_eq!(from_zero.new, Some(4));
        let later = tally(10, 6, Some(4), BTreeMap::new(), 0.3);
        assert_eq!(later.new, Some(2));
        let corrected = tally(10, 1, Some(4), BTreeMap::new(), 0.3);
        assert_eq!(corrected.new, Some(-3));
        assert!(!no_progress(&corrected));
        assert!(no_progress(&tally(10, 4, Some(4), BTreeMap::new(), 0.3)));
    }

    #[test]
    fn time_progress_counts_days_inclusively_and_clamps() {
        // 百日攻坚: 2019-08-30 … 2019-12-07 is 100 days.
        let (s, e) = (d("2019-08-30"), d("2019-12-07"));
        assert_eq!(time_progress(s, e, d("2019-08-30")), 0.01);
        assert_eq!(time_progress(s, e, d("2019-09-30")), 0.32);
        assert_eq!(time_progress(s, e, d("2019-12-07")), 1.0);
        assert_eq!(time_progress(s, e, d("2019-12-31")), 1.0);
        assert_eq!(time_progress(s, e, d("2019-01-01")), 0.0);
    }

    #[test]
    fn classes_follow_the_thresholds() {
        // time progress 0.5; ahead at +5 points, behind at −10 points.
        let at = |done, new: i64| Tally {
            new: Some(new),
            ..t(done, 100)
        };
        assert_eq!(classify(&at(55, 1), 5.0, 10.0), Some(Class::Ahead));
        assert_eq!(classify(&at(54, 1), 5.0, 10.0), Some(Class::OnSchedule));
        assert_eq!(classify(&at(41, 1), 5.0, 10.0), Some(Class::OnSchedule));
        assert_eq!(classify(&at(40, 1), 5.0, 10.0), Some(Class::Behind));
        // 本月无新增 is a further fact: the unit stays 滞后.
        assert_eq!(classify(&at(40, 0), 5.0, 10.0), Some(Class::Behind));
        assert!(no_progress(&at(40, 0)));
        // Nothing is "no progress" when 本月新增 is not known, nor once complete.
        assert!(!no_progress(&Tally {
            new: None,
            ..at(40, 0)
        }));
        assert!(!no_progress(&at(100, 0)));
        // A complete unit is complete whatever its gap.
        assert_eq!(classify(&at(100, 0), 5.0, 10.0), Some(Class::Complete));
        assert_eq!(classify(&at(120, 0), 5.0, 10.0), Some(Class::Complete));
    }
}
