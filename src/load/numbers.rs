//! Every number in `campaign.yaml` and the snapshots as the office wrote it: plain decimal
//! (see [`crate::yaml::number`]) and within [`MAX_COUNT`], so that no figure is read as
//! something other than what was typed and no sum can overflow.

use std::path::Path;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{Campaign, Snapshot, Spanned};
use crate::yaml::number::{decimal_problem, integer_problem, written};

/// The largest count accepted anywhere (a plan, a done figure, a part): 一亿. With at most
/// 10,000 units a total stays below 10^12, far inside what the arithmetic holds.
pub const MAX_COUNT: i64 = 100_000_000;

/// Checks the numbers of `campaign.yaml` (its text is `text`).
pub(super) fn campaign(file: &Path, text: &str, c: &Campaign, out: &mut Diagnostics) {
    let mut check = Check { file, text, out };
    if let Some(start) = &c.numbering.start {
        check.count(start, "numbering.start");
    }
    check.count(&c.rules.name_top, "rules.name_top");
    check.count(&c.rules.name_bottom, "rules.name_bottom");
    check.points(&c.rules.ahead_points, "rules.ahead_points");
    check.points(&c.rules.behind_points, "rules.behind_points");
    for (i, ind) in c.indicators.iter().enumerate() {
        for (unit, plan) in ind.plan.iter() {
            check.count(plan, &format!("indicators[{i}].plan.{}", unit.value));
        }
    }
    if let Some(b) = &c.baseline {
        for (indicator, entries) in b.progress.iter() {
            for (unit, entry) in entries.iter() {
                let path = format!("baseline.progress.{}.{}", indicator.value, unit.value);
                check.count(&entry.done, &format!("{path}.done"));
            }
        }
    }
}

/// Checks the numbers of one snapshot (its text is `text`).
pub(super) fn snapshot(file: &Path, text: &str, s: &Snapshot, out: &mut Diagnostics) {
    let mut check = Check { file, text, out };
    if let Some(n) = &s.issue_number {
        check.count(n, "issue_number");
    }
    for (indicator, entries) in s.progress.iter() {
        for (unit, entry) in entries.iter() {
            let path = format!("progress.{}.{}", indicator.value, unit.value);
            check.count(&entry.done, &format!("{path}.done"));
            for (part, n) in entry.parts.iter() {
                check.count(n, &format!("{path}.parts.{}", part.value));
            }
        }
    }
    for (i, k) in s.corrections.iter().enumerate() {
        check.count(&k.amount, &format!("corrections[{i}].amount"));
    }
}

struct Check<'a> {
    file: &'a Path,
    text: &'a str,
    out: &'a mut Diagnostics,
}

impl Check<'_> {
    fn count(&mut self, value: &Spanned<i64>, path: &str) {
        let problem = written(self.text, value)
            .and_then(|raw| integer_problem(raw, value.value))
            .or_else(|| {
                (value.value.unsigned_abs() > MAX_COUNT.unsigned_abs()).then(|| {
                    format!(
                        "{} 超过了上限 {MAX_COUNT}（一亿）：请核对是否多写了数位",
                        value.value
                    )
                })
            });
        if let Some(message) = problem {
            self.push(value, path, message);
        }
    }

    fn points(&mut self, value: &Spanned<f64>, path: &str) {
        if let Some(message) =
            written(self.text, value).and_then(|raw| decimal_problem(raw, value.value))
        {
            self.push(value, path, message);
        }
    }

    fn push<T>(&mut self, value: &Spanned<T>, path: &str, message: String) {
        self.out
            .push(Diagnostic::on(self.file, value, path, message).with_excerpt(self.text));
    }
}
