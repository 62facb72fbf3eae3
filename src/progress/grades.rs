//! Grades (等次) by the gap to 序时进度 and the escalations a grade held over consecutive
//! periods leads to (`rules.grades`, `rules.escalation`). Pure functions over figures already
//! computed; a campaign without grades gets none and its figures are otherwise unchanged.

use serde::{Deserialize, Serialize};

use super::{Figures, POINTS_EPSILON};
use crate::model::{Color, Rules};

/// One grade of the campaign with the units that hold it this period.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct GradeGroup {
    /// The grade's name, e.g. `黄灯`.
    pub name: String,
    /// Its colour in HTML and xlsx, if the campaign gives one.
    pub color: Option<Color>,
    /// The least gap to 序时进度 in percentage points; `None` for the last grade.
    pub at_least: Option<f64>,
    /// How many units hold it (= `units.len()`).
    pub count: usize,
    /// Their names, in display order.
    pub units: Vec<String>,
}

/// One escalation rule with every unit it selects this period.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct EscalationGroup {
    /// What it leads to, e.g. `专函督办`.
    pub action: String,
    /// The grade (or worse) the units held.
    pub grade: String,
    /// In each of this many periods in a row.
    pub periods: u32,
    /// The names of the units it selects, in display order (a unit selected by a later, more
    /// severe rule is listed here too; its `escalation` is the most severe).
    pub units: Vec<String>,
}

/// The grade (its index, 0 the best) of a gap of `gap` (a fraction: −0.05 is 5 points
/// behind): the first grade whose `at_least` the gap reaches, else the last; `None` without a
/// gap (a zero plan) or without grades.
pub fn grade_of(gap: Option<f64>, rules: &Rules) -> Option<usize> {
    let points = gap? * 100.0;
    let last = rules.grades.len().checked_sub(1)?;
    Some(
        rules
            .grades
            .iter()
            .position(|g| {
                g.at_least
                    .as_ref()
                    .is_some_and(|at| points + POINTS_EPSILON >= at.value)
            })
            .unwrap_or(last),
    )
}

/// Grades every unit of `figures` (this period) and, with `earlier` (the periods of the same
/// kind before it, the latest first), the runs and escalations.
pub fn apply(rules: &Rules, figures: &mut Figures, earlier: &[Figures]) {
    if rules.grades.is_empty() {
        return;
    }
    for (i, indicator) in figures.indicators.iter_mut().enumerate() {
        let history: Vec<Vec<Option<usize>>> = earlier
            .iter()
            .map(|f| {
                f.indicators.get(i).map_or_else(Vec::new, |ind| {
                    ind.units
                        .iter()
                        .map(|u| grade_of(u.tally.gap, rules))
                        .collect()
                })
            })
            .collect();
        for (at, unit) in indicator.units.iter_mut().enumerate() {
            let level = grade_of(unit.tally.gap, rules);
            let past: Vec<Option<usize>> = history
                .iter()
                .map(|h| h.get(at).copied().flatten())
                .collect();
            unit.grade = level.map(|l| rules.grades[l].name.value.trim().to_string());
            unit.grade_run = level.map_or(0, |l| run(l, &past));
            unit.escalation = escalation(level, &past, rules)
                .map(|e| rules.escalation[e].action.value.trim().to_string());
        }
        indicator.grades = rules
            .grades
            .iter()
            .map(|g| {
                let name = g.name.value.trim().to_string();
                let units: Vec<String> = indicator
                    .units
                    .iter()
                    .filter(|u| u.grade.as_deref() == Some(name.as_str()))
                    .map(|u| u.name.clone())
                    .collect();
                GradeGroup {
                    color: g.color.as_ref().map(|c| c.value),
                    at_least: g.at_least.as_ref().map(|a| a.value),
                    count: units.len(),
                    units,
                    name,
                }
            })
            .collect();
        indicator.escalations = rules
            .escalation
            .iter()
            .enumerate()
            .map(|(r, e)| EscalationGroup {
                action: e.action.value.trim().to_string(),
                grade: e.grade.value.trim().to_string(),
                periods: u32::try_from(e.periods.value).unwrap_or(1),
                units: indicator
                    .units
                    .iter()
                    .enumerate()
                    .filter(|(at, u)| {
                        let past: Vec<Option<usize>> = history
                            .iter()
                            .map(|h| h.get(*at).copied().flatten())
                            .collect();
                        selects(r, grade_of(u.tally.gap, rules), &past, rules)
                    })
                    .map(|(_, u)| u.name.clone())
                    .collect(),
            })
            .collect();
        for unit in indicator.ranking.iter_mut() {
            if let Some(graded) = indicator.units.iter().find(|u| u.id == unit.id) {
                unit.grade.clone_from(&graded.grade);
                unit.grade_run = graded.grade_run;
                unit.escalation.clone_from(&graded.escalation);
            }
        }
    }
}

/// How many periods in a row, ending with this one at `level`, the unit held `level` or
/// worse (`past`: its grades in the earlier periods, the latest first).
fn run(level: usize, past: &[Option<usize>]) -> u32 {
    let before = past
        .iter()
        .take_while(|p| p.is_some_and(|l| l >= level))
        .count();
    u32::try_from(before + 1).unwrap_or(u32::MAX)
}

/// Whether escalation rule `r` selects a unit graded `level` now and `past` before: graded its
/// grade or worse in each of the rule's `periods` latest periods.
fn selects(r: usize, level: Option<usize>, past: &[Option<usize>], rules: &Rules) -> bool {
    let e = &rules.escalation[r];
    let Some(threshold) = rules
        .grades
        .iter()
        .position(|g| g.name.value.trim() == e.grade.value.trim())
    else {
        return false;
    };
    let Ok(n) = usize::try_from(e.periods.value) else {
        return false;
    };
    if n == 0 || past.len() < n - 1 {
        return false;
    }
    std::iter::once(level)
        .chain(past.iter().copied())
        .take(n)
        .all(|l| l.is_some_and(|l| l >= threshold))
}

/// The most severe (last listed) escalation rule that selects the unit.
fn escalation(level: Option<usize>, past: &[Option<usize>], rules: &Rules) -> Option<usize> {
    (0..rules.escalation.len())
        .rev()
        .find(|&r| selects(r, level, past, rules))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(yaml: &str) -> Rules {
        let text =
            format!("ahead_points: 5\nbehind_points: 20\nname_top: 3\nname_bottom: 3\n{yaml}");
        crate::load::parse(std::path::Path::new("rules.yaml"), &text).expect("rules parse")
    }

    const LIGHTS: &str = "grades:\n  - { name: 绿灯, at_least: 0, color: 绿 }\n  - { name: 黄灯, at_least: -30, color: yellow }\n  - { name: 红灯, color: 红 }\nescalation:\n  - { grade: 黄灯, periods: 2, action: 专函督办 }\n  - { grade: 红灯, periods: 1, action: 约谈 }\n";

    #[test]
    fn a_gap_takes_the_first_grade_it_reaches_and_the_last_takes_the_rest() {
        let r = rules(LIGHTS);
        assert_eq!(grade_of(Some(0.0), &r), Some(0));
        assert_eq!(grade_of(Some(0.12), &r), Some(0));
        assert_eq!(grade_of(Some(-0.0001), &r), Some(1));
        // Exactly 30 points below is still 黄灯 (binary floating point notwithstanding).
        assert_eq!(grade_of(Some(0.41 - 0.71), &r), Some(1));
        assert_eq!(grade_of(Some(-0.31), &r), Some(2));
        assert_eq!(grade_of(None, &r), None);
        assert_eq!(grade_of(Some(-0.5), &rules("")), None);
    }

    #[test]
    fn escalation_needs_the_whole_run_and_the_most_severe_rule_wins() {
        let r = rules(LIGHTS);
        // 黄灯 now and before: 专函督办.
        assert_eq!(escalation(Some(1), &[Some(1)], &r), Some(0));
        // 黄灯 now, 绿灯 before: nothing.
        assert_eq!(escalation(Some(1), &[Some(0), Some(1)], &r), None);
        // The first period of its kind: no run of two yet.
        assert_eq!(escalation(Some(1), &[], &r), None);
        // 红灯 counts as 黄灯 or worse, and 红灯 alone is 约谈, the more severe.
        assert_eq!(escalation(Some(2), &[Some(1)], &r), Some(1));
        assert!(selects(0, Some(2), &[Some(1)], &r));
        assert_eq!(escalation(Some(2), &[], &r), Some(1));
        assert_eq!(run(1, &[Some(2), Some(1), Some(0), Some(1)]), 3);
        assert_eq!(run(2, &[None, Some(2)]), 1);
    }
}
