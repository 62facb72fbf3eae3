//! What an import writes into a snapshot that exists: the units taken now, with their cells;
//! the units the snapshot already had from earlier returns (or typed by the office) as they
//! were, with their comments; and each unit's record under `returns:`. The rest of the file's
//! text is untouched. Figures `new-month` carried over from last month for a unit that has
//! not reported (every number as last month, no record of a return, and new-month's comment
//! still on each line) are not a return: they are dropped, and the unit is 未报 until its
//! return comes. Figures the office typed itself are kept, even when they equal last month's.

use std::fmt::Write;
use std::path::Path;

use super::{Traced, UnitFigures};
use crate::model::{Campaign, Period, ReturnRecord, Snapshot};

/// The period's snapshot as it stands before the import, and the period before it.
pub(crate) struct Existing {
    /// Its text.
    pub(crate) text: String,
    /// It parsed (`None` when it does not parse: then nothing of it is kept).
    pub(crate) snapshot: Option<Snapshot>,
    /// The latest snapshot before the period, parsed.
    pub(crate) previous: Option<Snapshot>,
}

/// The latest snapshot of `dir` before `period`, if one parses.
pub(crate) fn previous(dir: &Path, period: Period) -> Option<Snapshot> {
    let folder = dir.join("snapshots");
    let best = std::fs::read_dir(&folder)
        .ok()?
        .filter_map(|e| {
            let path = e.ok()?.path();
            let p: Period = path.file_stem()?.to_str()?.parse().ok()?;
            (p < period).then_some((p, path))
        })
        .max_by_key(|(p, _)| *p)?;
    let text = crate::load::read_text(&best.1).ok()?;
    crate::load::parse::<Snapshot>(&best.1, &text).ok()
}

/// The units (by index) whose figures the existing snapshot keeps, and those it drops
/// (new-month's carried figures, see the module's doc). Units taken now are neither.
pub(crate) fn kept(
    existing: &Existing,
    campaign: &Campaign,
    taken: &[usize],
) -> (Vec<usize>, Vec<usize>) {
    let Some(s) = &existing.snapshot else {
        return (Vec::new(), Vec::new());
    };
    let lines: Vec<&str> = existing.text.lines().collect();
    let (mut kept, mut dropped) = (Vec::new(), Vec::new());
    for (u, unit) in campaign.units.iter().enumerate() {
        if taken.contains(&u) {
            continue;
        }
        let id = unit.id.value.as_str();
        let now = numbers(s, campaign, id);
        if now.iter().any(Option::is_none) {
            continue;
        }
        let recorded = s.returns.get(id).is_some_and(|r| r.file.is_some());
        let as_before = existing
            .previous
            .as_ref()
            .is_some_and(|p| numbers(p, campaign, id) == now);
        if recorded || !as_before || !marked_as_carried(&lines, s, campaign, u) {
            kept.push(u);
        } else {
            dropped.push(u);
        }
    }
    (kept, dropped)
}

/// Whether every line of unit `u`'s figures (in the snapshot's `lines`) still carries the
/// comment `new-month` or `new-week` wrote on it (`# 兰山区：上月（2019-12）数`, `上周（…）数`, `… 周报数`): figures
/// the office typed itself, even the same as last period's, carry no such comment and are kept.
fn marked_as_carried(lines: &[&str], s: &Snapshot, campaign: &Campaign, u: usize) -> bool {
    let unit = &campaign.units[u];
    let prefix = format!("{}：", unit.name);
    campaign.indicators.iter().all(|ind| {
        s.progress
            .get(&ind.id.value)
            .and_then(|p| p.get(&unit.id.value))
            .is_some_and(|e| {
                let c = comment_on(lines, e.done.referenced.line());
                c.strip_prefix(&prefix).is_some_and(|rest| {
                    rest.ends_with('数')
                        && (rest.starts_with("上月（")
                            || rest.starts_with("上周（")
                            || rest.ends_with(" 周报数"))
                })
            })
    })
}

/// The comment at the end of line `line` (1-based) of `lines`, trimmed; empty when none.
fn comment_on(lines: &[&str], line: u64) -> String {
    let text = lines
        .get((line as usize).wrapping_sub(1))
        .copied()
        .unwrap_or("");
    text.char_indices()
        .find(|&(i, c)| c == '#' && text[..i].ends_with([' ', '\t']))
        .map(|(i, _)| text[i + 1..].trim().to_string())
        .unwrap_or_default()
}

/// A unit's done and parts under each indicator of `s` (`None` where it has no entry).
fn numbers(s: &Snapshot, campaign: &Campaign, unit: &str) -> Vec<Option<(i64, Vec<i64>)>> {
    campaign
        .indicators
        .iter()
        .map(|ind| {
            let e = s.progress.get(&ind.id.value)?.get(unit)?;
            let parts = ind
                .parts
                .iter()
                .map(|p| e.parts.get(&p.id.value).map_or(0, |n| n.value))
                .collect();
            Some((e.done.value, parts))
        })
        .collect()
}

/// Unit `u`'s figures in the existing snapshot, each traced to the comment on its line.
pub(crate) fn figures_of(existing: &Existing, campaign: &Campaign, u: usize) -> Vec<UnitFigures> {
    let Some(s) = &existing.snapshot else {
        return Vec::new();
    };
    let id = &campaign.units[u].id.value;
    let lines: Vec<&str> = existing.text.lines().collect();
    let comment = |line: u64| comment_on(&lines, line);
    let traced = |n: &crate::model::Spanned<i64>| Traced {
        value: n.value,
        source: comment(n.referenced.line()),
        file: Default::default(),
        cell: String::new(),
    };
    campaign
        .indicators
        .iter()
        .filter_map(|ind| {
            let e = s.progress.get(&ind.id.value)?.get(id)?;
            Some(UnitFigures {
                done: traced(&e.done),
                parts: ind
                    .parts
                    .iter()
                    .map(|p| match e.parts.get(&p.id.value) {
                        Some(n) => traced(n),
                        None => traced(&e.done).with_value(0),
                    })
                    .collect(),
            })
        })
        .collect()
}

impl Traced {
    fn with_value(mut self, value: i64) -> Traced {
        self.value = value;
        self
    }
}

/// The `returns:` block (empty when no unit has a record), one key per line.
pub(crate) fn returns_block(campaign: &Campaign, records: &[Option<ReturnRecord>]) -> String {
    let mut out = String::new();
    for (unit, record) in campaign.units.iter().zip(records) {
        let Some(r) = record.as_ref().filter(|r| **r != ReturnRecord::default()) else {
            continue;
        };
        let _ = writeln!(
            out,
            "  {}:   # {}",
            unit.id.value,
            unit.name.replace(['\n', '\r'], " ")
        );
        for (key, value) in [
            ("file", &r.file),
            ("cells", &r.cells),
            ("received", &r.received),
            ("remarks", &r.remarks),
            ("filled_by", &r.filled_by),
            ("checked_by", &r.checked_by),
            ("phone", &r.phone),
        ] {
            if let Some(v) = value {
                let quoted = serde_json::to_string(v).unwrap_or_else(|_| "\"\"".to_string());
                let _ = writeln!(out, "    {key}: {quoted}");
            }
        }
    }
    if out.is_empty() {
        out
    } else {
        format!(
            "returns:                 # 各单位报表的来源、备注和填报人（由 tongbao import 写入）\n{out}"
        )
    }
}

/// `text` with its `progress:` block replaced by `progress` and its `returns:` block by
/// `returns` (put right after `progress:` when the text has none; removed when empty).
pub(crate) fn with_blocks(text: &str, progress: &str, returns: &str) -> Option<String> {
    let text = super::snapshot_text::replace_progress(text, progress)?;
    match super::snapshot_text::replace_block(&text, "returns", returns) {
        Some(replaced) => Some(replaced),
        None if returns.is_empty() => Some(text),
        None => super::snapshot_text::replace_progress(&text, &format!("{progress}\n{returns}")),
    }
}
