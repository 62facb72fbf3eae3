//! A quarter (`2019-Q4`) from its months: each unit's trajectory (its rate at each month's end
//! against 序时进度, its class and grade month by month, how many months in a row it has been
//! 进展滞后), the quarter's totals and what is new in it, and the units that need 整改. Pure: the
//! months' figures are handed in, computed and graded as the bulletins state them.

use serde::{Deserialize, Serialize};

use super::{Class, Corrected, Figures, IndicatorFigures, UnitFigures, signed};
use crate::model::{Date, Period, PeriodKind};

/// Everything the quarterly 督导 summary states (`tongbao stats --json --period 2019-Q4`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct QuarterFigures {
    /// The quarter.
    pub period: Period,
    /// Its months that have a monthly snapshot, oldest first.
    pub months: Vec<Period>,
    /// The month before the quarter the quarter's new figures are counted against (`None`:
    /// the campaign's first month is in the quarter, and everything done is new).
    pub previous_month: Option<Period>,
    /// The date the quarter's figures stand at: its last month's 截至 date.
    pub as_of: Date,
    /// 序时进度 then (0…1).
    pub time_progress: f64,
    /// Each indicator, in the campaign's order.
    pub indicators: Vec<QuarterIndicator>,
}

/// One indicator over the quarter.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct QuarterIndicator {
    /// The indicator's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Plan, done at the quarter's end and the rate then.
    pub plan: u64,
    /// Done at the quarter's end.
    pub done: u64,
    /// Done in the quarter: at its end, less at the end of `previous_month` (negative when the
    /// quarter's corrections (核减) took off more than was done); `None` without that month
    /// (the campaign's returns begin in the quarter).
    pub new: Option<i64>,
    /// `done / plan` at the quarter's end; `None` with no plan.
    pub rate: Option<f64>,
    /// The total's rate and 序时进度 at each month's end.
    pub months: Vec<Point>,
    /// Every unit, in display order.
    pub units: Vec<Trajectory>,
    /// How many units need 整改 (= the units with `rectify`).
    pub rectify_count: usize,
    /// The corrections (核减) recorded in the quarter's months, oldest month first.
    #[serde(default)]
    pub corrections: Vec<Corrected>,
}

/// A unit over the quarter.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Trajectory {
    /// The unit's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its plan.
    pub plan: u64,
    /// Done at the quarter's end.
    pub done: u64,
    /// Done in the quarter (negative after a 核减; `None` as [`QuarterIndicator::new`]).
    pub new: Option<i64>,
    /// Its figures at each month's end.
    pub months: Vec<Point>,
    /// How many months in a row, ending with the quarter's last, it has been 进展滞后 (months
    /// before the quarter count too); 0 when it is not 滞后 at the quarter's end.
    pub behind_run: u32,
    /// How many of the quarter's months it was 进展滞后 in.
    pub behind_months: u32,
    /// The escalation due at the quarter's last month (`rules.escalation`), if any.
    pub escalation: Option<String>,
    /// Needs 整改: 进展滞后 at the quarter's end, or an escalation is due.
    pub rectify: bool,
}

/// Figures at one month's end.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Point {
    /// The month.
    pub period: Period,
    /// Its 截至 date.
    pub as_of: Date,
    /// 序时进度 then.
    pub time_progress: f64,
    /// Done then.
    pub done: u64,
    /// The rate then; `None` with no plan.
    pub rate: Option<f64>,
    /// `rate − time_progress`.
    pub gap: Option<f64>,
    /// The rank then.
    pub rank: Option<u32>,
    /// The class then.
    pub class: Option<Class>,
    /// The grade then (`rules.grades`).
    pub grade: Option<String>,
}

/// The quarter `period` from `months` (every monthly figures up to the quarter's last month
/// with a snapshot, oldest first, graded); the months inside the quarter are its own. `None`
/// when none of `months` is inside the quarter.
pub fn compute(period: Period, months: &[Figures]) -> Option<QuarterFigures> {
    let inside = |f: &&Figures| {
        f.period.kind() == PeriodKind::Month
            && f.period.first_day().is_some_and(|d| period.contains(d))
    };
    let start = months.iter().position(|f| inside(&f))?;
    let own: Vec<&Figures> = months[start..].iter().filter(inside).collect();
    let last = *own.last()?;
    let before = start.checked_sub(1).map(|i| &months[i]);
    let indicators = last
        .indicators
        .iter()
        .enumerate()
        .map(|(at, ind)| indicator(at, ind, &months[..start], &own, before))
        .collect();
    Some(QuarterFigures {
        period,
        months: own.iter().map(|f| f.period).collect(),
        previous_month: before.map(|f| f.period),
        as_of: last.as_of,
        time_progress: last.time_progress,
        indicators,
    })
}

fn point(f: &Figures, tally: &super::Tally, unit: Option<&UnitFigures>) -> Point {
    Point {
        period: f.period,
        as_of: f.as_of,
        time_progress: f.time_progress,
        done: tally.done,
        rate: tally.rate,
        gap: tally.gap,
        rank: unit.and_then(|u| u.rank),
        class: unit.and_then(|u| u.class),
        grade: unit.and_then(|u| u.grade.clone()),
    }
}

fn indicator(
    at: usize,
    end: &IndicatorFigures,
    earlier: &[Figures],
    own: &[&Figures],
    before: Option<&Figures>,
) -> QuarterIndicator {
    fn of(f: &Figures, at: usize) -> Option<&IndicatorFigures> {
        f.indicators.get(at)
    }
    let done_before = |id: Option<&str>| -> Option<u64> {
        before.map(|f| {
            of(f, at).map_or(0, |ind| match id {
                None => ind.total.done,
                Some(id) => ind
                    .units
                    .iter()
                    .find(|u| u.id == id)
                    .map_or(0, |u| u.tally.done),
            })
        })
    };
    let units: Vec<Trajectory> = end
        .units
        .iter()
        .map(|u| trajectory(at, u, earlier, own, done_before(Some(&u.id))))
        .collect();
    QuarterIndicator {
        id: end.id.clone(),
        name: end.name.clone(),
        plan: end.total.plan,
        done: end.total.done,
        new: done_before(None).map(|b| signed(end.total.done) - signed(b)),
        rate: end.total.rate,
        months: own
            .iter()
            .filter_map(|f| of(f, at).map(|ind| point(f, &ind.total, None)))
            .collect(),
        rectify_count: units.iter().filter(|t| t.rectify).count(),
        units,
        corrections: own
            .iter()
            .filter_map(|f| of(f, at))
            .flat_map(|ind| ind.corrections.iter().cloned())
            .collect(),
    }
}

fn trajectory(
    at: usize,
    end: &UnitFigures,
    earlier: &[Figures],
    own: &[&Figures],
    done_before: Option<u64>,
) -> Trajectory {
    let find = |f: &Figures| {
        f.indicators
            .get(at)
            .and_then(|ind| ind.units.iter().find(|u| u.id == end.id))
            .cloned()
    };
    let months: Vec<Point> = own
        .iter()
        .filter_map(|f| find(f).map(|u| point(f, &u.tally, Some(&u))))
        .collect();
    let behind = |u: Option<UnitFigures>| u.is_some_and(|u| u.class == Some(Class::Behind));
    let behind_run = own
        .iter()
        .copied()
        .rev()
        .chain(earlier.iter().rev())
        .take_while(|f| behind(find(f)))
        .count();
    let behind_months = own.iter().filter(|f| behind(find(f))).count();
    let rectify = end.class == Some(Class::Behind) || end.escalation.is_some();
    Trajectory {
        id: end.id.clone(),
        name: end.name.clone(),
        plan: end.tally.plan,
        done: end.tally.done,
        new: done_before.map(|b| signed(end.tally.done) - signed(b)),
        months,
        behind_run: u32::try_from(behind_run).unwrap_or(u32::MAX),
        behind_months: u32::try_from(behind_months).unwrap_or(u32::MAX),
        escalation: end.escalation.clone(),
        rectify,
    }
}
