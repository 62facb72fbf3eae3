//! Checks of `rules.grades` and `rules.escalation`: grade names unique and on one line, bounds
//! falling from the best grade to the worst with only the last unbounded, and every
//! escalation naming a grade, a run of at least one period and an action.

use std::collections::HashSet;
use std::path::Path;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::Rules;

use super::validate::MAX_NAME_CHARS;

/// Most periods an escalation may look back over.
const MAX_RUN: i64 = 60;

/// The problems of `rules.grades` and `rules.escalation`.
pub(super) fn check(file: &Path, r: &Rules, out: &mut Diagnostics) {
    let mut names = HashSet::new();
    let mut bound: Option<f64> = None;
    let last = r.grades.len().saturating_sub(1);
    for (i, g) in r.grades.iter().enumerate() {
        let path = format!("rules.grades[{i}]");
        if let Some(problem) = one_line(&g.name.value) {
            out.push(Diagnostic::on(
                file,
                &g.name,
                format!("{path}.name"),
                format!("等次名称{problem}（例如 绿灯、黄灯、红灯）"),
            ));
        } else if !names.insert(g.name.value.trim()) {
            out.push(Diagnostic::on(
                file,
                &g.name,
                format!("{path}.name"),
                format!("等次名称“{}”重复", g.name.value),
            ));
        }
        match (&g.at_least, i == last) {
            (Some(at), true) => out.push(Diagnostic::on(file, at, format!("{path}.at_least"), "最后一个等次不写 at_least：它包括其余所有单位（删去这一项，或在后面再加一个等次）")),
            (None, false) => out.push(Diagnostic::on(file, &g.name, format!("{path}.at_least"), format!("等次“{}”缺少 at_least：除最后一个等次外，每个等次都要写与序时进度差的下限（百分点，低于序时进度写负数，例如 -10）", g.name.value))),
            (Some(at), false) => {
                let v = at.value;
                if !(v.is_finite() && (-100.0..=100.0).contains(&v)) {
                    out.push(Diagnostic::on(file, at, format!("{path}.at_least"), format!("应为 -100 到 100 之间的百分点数，写的是 {v}")));
                } else if bound.is_some_and(|b| v >= b) {
                    out.push(Diagnostic::on(file, at, format!("{path}.at_least"), format!("等次按从好到差排列，at_least 应逐个减小：{v} 不小于上一个等次的 {}", bound.unwrap_or(v))));
                }
                bound = Some(v);
            }
            (None, true) => {}
        }
    }
    for (i, e) in r.escalation.iter().enumerate() {
        let path = format!("rules.escalation[{i}]");
        if !r
            .grades
            .iter()
            .any(|g| g.name.value.trim() == e.grade.value.trim())
        {
            let known: Vec<&str> = r.grades.iter().map(|g| g.name.value.as_str()).collect();
            let hint = if known.is_empty() {
                "rules.grades 中还没有任何等次".to_string()
            } else {
                format!("可用的等次：{}", known.join("、"))
            };
            out.push(Diagnostic::on(
                file,
                &e.grade,
                format!("{path}.grade"),
                format!("未知的等次“{}”：{hint}", e.grade.value),
            ));
        }
        if !(1..=MAX_RUN).contains(&e.periods.value) {
            out.push(Diagnostic::on(
                file,
                &e.periods,
                format!("{path}.periods"),
                format!(
                    "应为 1 到 {MAX_RUN} 之间的整数（连续几期），写的是 {}",
                    e.periods.value
                ),
            ));
        }
        if let Some(problem) = one_line(&e.action.value) {
            out.push(Diagnostic::on(
                file,
                &e.action,
                format!("{path}.action"),
                format!("处理措施{problem}（例如 专函督办、约谈）"),
            ));
        }
    }
}

/// Why `text` cannot be a name: empty, more than one line or too long.
pub(super) fn one_line(text: &str) -> Option<String> {
    let n = text.chars().count();
    if text.trim().is_empty() {
        Some("不能为空".to_string())
    } else if text.contains(['\n', '\r']) {
        Some("只能写一行".to_string())
    } else if n > MAX_NAME_CHARS {
        Some(format!("过长：{n} 个字，最多 {MAX_NAME_CHARS} 个字"))
    } else {
        None
    }
}
