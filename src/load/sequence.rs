//! Checks of a month against the month before it and of the office's numbering: the fields
//! `tongbao new-month` leaves for the clerk (an empty `issue_date`, progress carried from last
//! month) and an `issue_number` that repeats or skips.

use std::path::Path;

use crate::diagnostic::{Diagnostic, Diagnostics};
use chrono::Datelike;

use crate::model::{Campaign, Period, PeriodKind, Snapshot};

/// `numbering.start` must be a positive issue number.
pub(super) fn numbering(file: &Path, c: &Campaign, out: &mut Diagnostics) {
    if let Some(start) = &c.numbering.start
        && start.value < 1
    {
        out.push(Diagnostic::on(
            file,
            start,
            "numbering.start",
            format!(
                "第一期的期号应为正整数（例如 9 表示存档中的第一期为第9期），写的是 {}",
                start.value
            ),
        ));
    }
}

/// How the month follows `previous` (numbering, counts carried unchanged).
pub(super) fn month(
    file: &Path,
    s: &Snapshot,
    previous: Option<(&Path, &Snapshot)>,
    out: &mut Diagnostics,
) {
    let Some((prev_file, prev)) = previous else {
        return;
    };
    let prev_name = prev_file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if let (Some(number), Some(before)) = (&s.issue_number, prev.declared_number())
        && let Ok(n) = u64::try_from(number.value)
        && n > 0
        && n != before + 1
    {
        let what = if n <= before {
            format!("与上一期（{prev_name}）的第{before}期重复或倒退")
        } else {
            format!(
                "跳过了第{}期（上一期 {prev_name} 为第{before}期）",
                before + 1
            )
        };
        out.push(
            Diagnostic::on(
                file,
                number,
                "issue_number",
                format!(
                    "期号第{n}期{what}：本期应为第{}期，请确认（正式发布时由 publish 按存档编号）",
                    before + 1
                ),
            )
            .warning(),
        );
    }
    if same_progress(s, prev) {
        out.push(
            Diagnostic::on(
                file,
                &s.period,
                "progress",
                format!(
                    "各单位的累计数与上一期（{prev_name}）完全相同：是否忘了把上月的数字改为本月的累计数？如确实没有进展，可忽略此警告"
                ),
            )
            .warning(),
        );
    }
}

/// The fields only the period's own bulletin needs that are still to be filled in (the empty
/// `issue_date` new-month leaves): errors that block building and publishing this period only.
/// The example date fits the period: the 5th of the month after it.
pub(super) fn unfinished(file: &Path, s: &Snapshot) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if s.issue_date.value.is_none() {
        let example = example_issue_date(s.period.value)
            .map(|d| format!("（例如 {}）", d.format("%Y-%m-%d")))
            .unwrap_or_default();
        out.push(Diagnostic::on(
            file,
            &s.issue_date,
            "issue_date",
            format!(
                "印发日期未填写：请写上本期通报的印发日期，格式 YYYY-MM-DD{example}；补写之前不能生成和发布 {} 的通报，其他各期不受影响",
                s.period.value
            ),
        ));
    }
    out
}

/// An issue date that fits `period`, for the example in a message: the Monday after a week,
/// the 5th of the month after a month or a quarter.
fn example_issue_date(period: Period) -> Option<chrono::NaiveDate> {
    let after = period.last_day()?.0.succ_opt()?;
    match period.kind() {
        PeriodKind::Week => Some(after),
        _ => after.with_day(5),
    }
}

/// Whether every count of `s` equals the one of `prev` (same indicators, units and parts),
/// over the units that reported: a unit counted at `prev`'s figures because it did not report
/// ([`Snapshot::carried`]) says nothing of whether the figures were brought up to date, and a
/// period in which no unit reported is not "the same".
fn same_progress(s: &Snapshot, prev: &Snapshot) -> bool {
    if s.progress.len() != prev.progress.len() || s.progress.is_empty() {
        return false;
    }
    let reported = |unit: &str| !s.carried.iter().any(|c| c == unit);
    let mut compared = false;
    let same = s.progress.iter().all(|(ind, units)| {
        let Some(before) = prev.progress.get(&ind.value) else {
            return false;
        };
        units.len() == before.len()
            && units
                .iter()
                .filter(|(unit, _)| reported(&unit.value))
                .all(|(unit, entry)| {
                    compared = true;
                    before.get(&unit.value).is_some_and(|old| {
                        old.done.value == entry.done.value
                            && entry.parts.len() == old.parts.len()
                            && entry.parts.iter().all(|(part, n)| {
                                old.parts.get(&part.value).map(|o| o.value) == Some(n.value)
                            })
                    })
                })
    });
    same && compared
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot(period: &str, progress: &str) -> Snapshot {
        let text = format!(
            "period: {period}\nas_of: {period}-28\nissue_date: {period}-28\nprogress:\n  k:\n{progress}"
        );
        crate::load::parse(Path::new("s.yaml"), &text).expect("a snapshot")
    }

    #[test]
    fn the_same_figures_are_told_only_of_units_that_reported() {
        let before = snapshot("2020-01", "    a: { done: 1 }\n    b: { done: 2 }\n");
        let same = snapshot("2020-02", "    a: { done: 1 }\n    b: { done: 2 }\n");
        assert!(same_progress(&same, &before));
        // b did not report and stands at January's figure: a's new figure is what counts.
        let mut moved = snapshot("2020-02", "    a: { done: 3 }\n    b: { done: 2 }\n");
        moved.carried = vec!["b".to_string()];
        assert!(!same_progress(&moved, &before));
        // a reported the same figure; b's carried figure is not a report of "the same".
        let mut one_same = snapshot("2020-02", "    a: { done: 1 }\n    b: { done: 2 }\n");
        one_same.carried = vec!["b".to_string()];
        assert!(same_progress(&one_same, &before));
        // Nobody reported: nothing was left unchanged by the clerk.
        one_same.carried = vec!["a".to_string(), "b".to_string()];
        assert!(!same_progress(&one_same, &before));
    }
}
