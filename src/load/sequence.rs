//! Checks of a month against the month before it and of the office's numbering: the fields
//! `tongbao new-month` leaves for the clerk (an empty `issue_date`, progress carried from last
//! month) and an `issue_number` that repeats or skips.

use std::path::Path;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{Campaign, Snapshot};

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

/// The month's own fields the clerk must fill in, and how it follows `previous`.
pub(super) fn month(
    file: &Path,
    s: &Snapshot,
    previous: Option<(&Path, &Snapshot)>,
    out: &mut Diagnostics,
) {
    if s.issue_date.value.is_none() {
        out.push(Diagnostic::on(
            file,
            &s.issue_date,
            "issue_date",
            "印发日期未填写：请写上本期通报的印发日期，格式 YYYY-MM-DD（例如 2020-02-05）",
        ));
    }
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

/// Whether every count of `s` equals the one of `prev` (same indicators, units and parts).
fn same_progress(s: &Snapshot, prev: &Snapshot) -> bool {
    if s.progress.len() != prev.progress.len() || s.progress.is_empty() {
        return false;
    }
    s.progress.iter().all(|(ind, units)| {
        let Some(before) = prev.progress.get(&ind.value) else {
            return false;
        };
        units.len() == before.len()
            && units.iter().all(|(unit, entry)| {
                before.get(&unit.value).is_some_and(|old| {
                    old.done.value == entry.done.value
                        && entry.parts.len() == old.parts.len()
                        && entry.parts.iter().all(|(part, n)| {
                            old.parts.get(&part.value).map(|o| o.value) == Some(n.value)
                        })
                })
            })
    })
}
