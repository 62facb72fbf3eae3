//! Corrections (核减) in a snapshot and the campaign's baseline: their ids, amounts and
//! reasons checked, and how far a correction lets a cumulative figure fall.

use std::path::Path;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{Campaign, Correction, Indicator, Snapshot, Spanned};

/// Checks each correction of `s`: a known unit, indicator and part, an amount of at least 1
/// and a reason.
pub(super) fn snapshot(file: &Path, s: &Snapshot, c: &Campaign, out: &mut Diagnostics) {
    for (i, k) in s.corrections.iter().enumerate() {
        let path = format!("corrections[{i}]");
        if !c.units.iter().any(|u| u.id.value == k.unit.value) {
            out.push(unknown(
                file,
                &k.unit,
                &format!("{path}.unit"),
                "单位",
                ids(c.units.iter().map(|u| &u.id)),
            ));
        }
        match c
            .indicators
            .iter()
            .find(|ind| ind.id.value == k.indicator.value)
        {
            None => out.push(unknown(
                file,
                &k.indicator,
                &format!("{path}.indicator"),
                "指标",
                ids(c.indicators.iter().map(|ind| &ind.id)),
            )),
            Some(ind) => part(file, k, ind, &path, out),
        }
        if k.amount.value < 1 {
            out.push(Diagnostic::on(
                file,
                &k.amount,
                format!("{path}.amount"),
                format!(
                    "核减数应为正整数（核减了多少就写多少，例如 10），写的是 {}",
                    k.amount.value
                ),
            ));
        }
        if k.reason.value.trim().is_empty() {
            out.push(Diagnostic::on(
                file,
                &k.reason,
                format!("{path}.reason"),
                "请写明核减的原因（例如：经核查重复统计），通报中照此说明",
            ));
        }
    }
}

fn part(file: &Path, k: &Correction, ind: &Indicator, path: &str, out: &mut Diagnostics) {
    let Some(p) = &k.part else { return };
    if !ind.parts.iter().any(|q| q.id.value == p.value) {
        out.push(unknown(
            file,
            p,
            &format!("{path}.part"),
            "分项",
            ids(ind.parts.iter().map(|q| &q.id)),
        ));
    }
}

fn ids<'a>(ids: impl Iterator<Item = &'a Spanned<String>>) -> String {
    ids.map(|id| id.value.as_str())
        .collect::<Vec<_>>()
        .join("、")
}

fn unknown(
    file: &Path,
    typed: &Spanned<String>,
    path: &str,
    what: &str,
    known: String,
) -> Diagnostic {
    Diagnostic::on(
        file,
        typed,
        path,
        format!("未知的{what}编号 “{}”（可用：{known}）", typed.value),
    )
}

/// How far `unit`'s cumulative figure of `indicator` (or of its part `part`) may fall this
/// period: the sum of the matching corrections (one without a part counts for every part).
pub(super) fn allowance(s: &Snapshot, indicator: &str, unit: &str, part: Option<&str>) -> i64 {
    s.corrections
        .iter()
        .filter(|k| k.indicator.value == indicator && k.unit.value == unit)
        .filter(|k| match (part, &k.part) {
            (None, _) | (Some(_), None) => true,
            (Some(p), Some(q)) => q.value == p,
        })
        .map(|k| k.amount.value.max(0))
        .fold(0, i64::saturating_add)
}

/// How to record a correction, for the message refusing a fall without one.
pub(super) fn how_to_record(indicator: &str, unit: &str, fall: i64) -> String {
    format!(
        "如果是此前多报、本期核减，请在本期数据中记下核减，例如：corrections: [{{ unit: {unit}, indicator: {indicator}, amount: {fall}, reason: 经核查重复统计 }}]（写法见 docs/input-format.md 的“核减”）；否则请改正这个数"
    )
}

/// Checks the campaign's `baseline`: exactly one of `zero: true` and `progress`, with known
/// indicators and units and counts that are not negative.
pub(super) fn baseline(file: &Path, c: &Campaign, out: &mut Diagnostics) {
    let Some(b) = &c.baseline else { return };
    let zero = b.zero.as_ref();
    if let Some(z) = zero.filter(|z| !z.value) {
        out.push(Diagnostic::on(
            file,
            z,
            "baseline.zero",
            "baseline.zero 只能写 true（各单位从 0 开始）；不是从 0 开始时请删去这一行，改写 baseline.progress",
        ));
    }
    if zero.is_some() != b.progress.is_empty() {
        out.push(Diagnostic::file(
            file,
            "字段 baseline：请写 zero: true（活动从第一期开始，此前各单位都是 0）或 progress（第一期之前的累计数），二者写一个",
        ));
    }
    for (ind_key, entries) in b.progress.iter() {
        let path = format!("baseline.progress.{}", ind_key.value);
        if !c.indicators.iter().any(|i| i.id.value == ind_key.value) {
            out.push(unknown(
                file,
                ind_key,
                &path,
                "指标",
                ids(c.indicators.iter().map(|i| &i.id)),
            ));
        }
        for (unit_key, entry) in entries.iter() {
            let path = format!("{path}.{}", unit_key.value);
            if !c.units.iter().any(|u| u.id.value == unit_key.value) {
                out.push(unknown(
                    file,
                    unit_key,
                    &path,
                    "单位",
                    ids(c.units.iter().map(|u| &u.id)),
                ));
            }
            if entry.done.value < 0 {
                out.push(Diagnostic::on(
                    file,
                    &entry.done,
                    format!("{path}.done"),
                    format!(
                        "基数不能为负数，写的是 {}；请写 0 或正整数（第一期之前的累计数）",
                        entry.done.value
                    ),
                ));
            }
        }
    }
}
