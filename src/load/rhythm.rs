//! Checks of what the weekly 调度 sheet and the quarterly 督导 summary read besides the
//! bulletin's fields: their header names (`header.weekly`, `header.quarterly`) and the
//! summary's 整改时限 (`rules.rectify_days`).

use std::path::Path;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::Campaign;

use super::grades::one_line;

/// Most days a 整改时限 may give.
const MAX_RECTIFY_DAYS: i64 = 366;

/// The problems of `header.weekly`, `header.quarterly` and `rules.rectify_days`.
pub(super) fn check(file: &Path, c: &Campaign, out: &mut Diagnostics) {
    for (field, name, example) in [
        ("header.weekly", &c.header.weekly, "工作调度"),
        ("header.quarterly", &c.header.quarterly, "督导通报"),
    ] {
        if let Some(name) = name
            && let Some(problem) = one_line(&name.value)
        {
            out.push(Diagnostic::on(
                file,
                name,
                field,
                format!("版头名称{problem}（例如 {}{example}）", c.name),
            ));
        }
    }
    if let Some(days) = &c.rules.rectify_days
        && !(1..=MAX_RECTIFY_DAYS).contains(&days.value)
    {
        out.push(Diagnostic::on(
            file,
            days,
            "rules.rectify_days",
            format!(
                "整改时限应为 1 到 {MAX_RECTIFY_DAYS} 之间的天数（印发后几日内报送整改情况），写的是 {}",
                days.value
            ),
        ));
    }
}
