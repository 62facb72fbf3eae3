//! Checks of `notices:` in `campaign.yaml` and in a snapshot: rules that can run, indicators
//! and units that exist, days and words that fit on the page. Which units the rules select is
//! decided later (`progress::selection`); here only what can be known from the files.

use std::collections::HashSet;
use std::path::Path;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::notices::{NoticeSeries, RuleName};
use crate::model::{Campaign, Snapshot, Spanned};
use crate::suggest;

/// Most characters in a notice's short words (文号 prefix, 紧急程度).
const MAX_PREFIX_CHARS: usize = 20;
/// Most days a deadline may lie after the notice date.
const MAX_DAYS: i64 = 365;
/// Fewest issues a `连续滞后` rule may count (one issue is `滞后`).
pub(crate) const MIN_ISSUES_IN_A_ROW: i64 = 2;
/// Most issues a `连续滞后` rule may count.
const MAX_ISSUES_IN_A_ROW: i64 = 60;

/// The two series and the words they are written under.
fn series(c: &Campaign) -> [(&'static str, Option<&NoticeSeries>); 2] {
    [
        ("notices.supervision", c.notices.supervision.as_ref()),
        ("notices.interview", c.notices.interview.as_ref()),
    ]
}

pub(super) fn campaign(file: &Path, c: &Campaign, out: &mut Diagnostics) {
    for (path, s) in series(c) {
        if let Some(s) = s {
            one_series(file, c, s, path, out);
        }
    }
    let n = &c.notices;
    for (text, path) in [(&n.contact, "notices.contact"), (&n.basis, "notices.basis")] {
        if let Some(t) = text {
            one_line(file, t, path, super::validate::MAX_NAME_CHARS, out);
        }
    }
    for (key, who) in n.responsible.iter() {
        let path = format!("notices.responsible.{}", key.value);
        if !c.units.iter().any(|u| u.id.value == key.value) {
            out.push(Diagnostic::on(
                file,
                key,
                &path,
                unknown_unit(
                    c,
                    &key.value,
                    "notices.responsible 只能写 units 中的单位编号",
                ),
            ));
        }
        one_line(file, who, &path, super::validate::MAX_NAME_CHARS, out);
    }
}

fn one_series(file: &Path, c: &Campaign, s: &NoticeSeries, path: &str, out: &mut Diagnostics) {
    let prefix = &s.number_prefix;
    one_line(
        file,
        prefix,
        &format!("{path}.number_prefix"),
        MAX_PREFIX_CHARS,
        out,
    );
    if let Some(u) = &s.urgency {
        one_line(file, u, &format!("{path}.urgency"), MAX_PREFIX_CHARS, out);
    }
    for (days, key) in [
        (&s.reply_days, "reply_days"),
        (&s.deadline_days, "deadline_days"),
    ] {
        if let Some(d) = days
            && !(1..=MAX_DAYS).contains(&d.value)
        {
            out.push(Diagnostic::on(
                file,
                d,
                format!("{path}.{key}"),
                format!(
                    "应为 1 到 {MAX_DAYS} 之间的天数（印发后几日内），写的是 {}",
                    d.value
                ),
            ));
        }
    }
    if s.when.is_empty() {
        out.push(Diagnostic::on(
            file,
            prefix,
            format!("{path}.when"),
            "when 不能为空：写至少一条规则（例如 - { rule: 最低 }），不需要这种通知时删去整节",
        ));
    }
    for (i, rule) in s.when.iter().enumerate() {
        let at = format!("{path}.when[{i}]");
        match (&rule.rule.value, &rule.issues) {
            (RuleName::BehindInARow, None) => out.push(Diagnostic::on(
                file,
                &rule.rule,
                format!("{at}.issues"),
                "连续滞后 要写连续几期：例如 { rule: 连续滞后, issues: 2 }（含本期）",
            )),
            (RuleName::BehindInARow, Some(n))
                if !(MIN_ISSUES_IN_A_ROW..=MAX_ISSUES_IN_A_ROW).contains(&n.value) =>
            {
                out.push(Diagnostic::on(
                    file,
                    n,
                    format!("{at}.issues"),
                    format!(
                        "连续期数应为 {MIN_ISSUES_IN_A_ROW} 到 {MAX_ISSUES_IN_A_ROW} 之间（含本期；只看本期请用 rule: 滞后），写的是 {}",
                        n.value
                    ),
                ))
            }
            (other, Some(n)) if *other != RuleName::BehindInARow => out.push(Diagnostic::on(
                file,
                n,
                format!("{at}.issues"),
                format!("规则 {other} 不用 issues（只有 连续滞后 要写连续几期），请删去"),
            )),
            _ => {}
        }
        escalation_action(file, &at, rule, c, out);
        if let Some(ind) = &rule.indicator
            && !c.indicators.iter().any(|i| i.id.value == ind.value)
        {
            let known = c
                .indicators
                .iter()
                .map(|i| (i.id.value.as_str(), i.name.as_str()));
            let hint = suggest::did_you_mean(&ind.value, known).unwrap_or_else(|| {
                let ids: Vec<&str> = c.indicators.iter().map(|i| i.id.value.as_str()).collect();
                format!("可用：{}", ids.join("、"))
            });
            out.push(Diagnostic::on(
                file,
                ind,
                format!("{at}.indicator"),
                format!("未知的指标编号 “{}”，{hint}", ind.value),
            ));
        }
    }
    for (i, r) in s.requirements.iter().enumerate() {
        if r.trim().is_empty() || r.chars().count() > super::validate::MAX_NOTE_CHARS {
            out.push(Diagnostic::on(
                file,
                prefix,
                format!("{path}.requirements[{i}]"),
                format!(
                    "每条要求写一句话，不能为空，最多 {} 个字",
                    super::validate::MAX_NOTE_CHARS
                ),
            ));
        }
    }
}

/// A short word printed on the notice: not empty, one line, not longer than `max`.
fn one_line(file: &Path, text: &Spanned<String>, path: &str, max: usize, out: &mut Diagnostics) {
    let t = text.value.trim();
    let n = t.chars().count();
    let problem = if t.is_empty() {
        Some("不能为空".to_string())
    } else if t.contains(['\n', '\r']) {
        Some("只能写一行".to_string())
    } else if n > max {
        Some(format!("文字过长：{n} 个字，最多 {max} 个字"))
    } else {
        None
    };
    if let Some(p) = problem {
        out.push(Diagnostic::on(file, text, path, p));
    }
}

fn unknown_unit(c: &Campaign, typed: &str, why: &str) -> String {
    let units = c
        .units
        .iter()
        .map(|u| (u.id.value.as_str(), u.name.as_str()));
    match suggest::did_you_mean(typed, units) {
        Some(guess) => format!("未知的单位编号 “{typed}”：{why}，{guess}"),
        None => format!("未知的单位编号 “{typed}”：{why}"),
    }
}

/// A snapshot's `notices:`: its lists name known units once each, of a series the campaign has;
/// the meeting's words fit on the page.
pub(super) fn snapshot(file: &Path, s: &Snapshot, c: &Campaign, out: &mut Diagnostics) {
    let n = &s.notices;
    for (list, path, configured) in [
        (
            &n.supervision,
            "notices.supervision",
            c.notices.supervision.is_some(),
        ),
        (
            &n.interview,
            "notices.interview",
            c.notices.interview.is_some(),
        ),
    ] {
        let mut seen = HashSet::new();
        for (i, id) in list.iter().enumerate() {
            let at = format!("{path}[{i}]");
            if !configured {
                out.push(Diagnostic::on(
                    file,
                    id,
                    &at,
                    format!(
                        "campaign.yaml 中没有 {path}（编号前缀和规则），不能生成这种通知：先在 campaign.yaml 的 notices 中写明，或删去此名单"
                    ),
                ));
                break;
            }
            if !c.units.iter().any(|u| u.id.value == id.value) {
                out.push(Diagnostic::on(
                    file,
                    id,
                    &at,
                    unknown_unit(c, &id.value, "名单只能写 campaign.yaml 中 units 的编号"),
                ));
            } else if !seen.insert(id.value.as_str()) {
                out.push(Diagnostic::on(
                    file,
                    id,
                    &at,
                    format!("单位 “{}” 在名单中重复", id.value),
                ));
            }
        }
    }
    if let Some(m) = &n.meeting {
        for (text, key) in [(&m.time, "time"), (&m.place, "place"), (&m.by, "by")] {
            let t = text.trim();
            if t.is_empty()
                || t.contains('\n')
                || t.chars().count() > super::validate::MAX_NAME_CHARS
            {
                out.push(Diagnostic::at(
                    file,
                    0,
                    0,
                    format!("notices.meeting.{key}"),
                    format!(
                        "约谈的{}写一行，不能为空，最多 {} 个字",
                        match key {
                            "time" => "时间",
                            "place" => "地点",
                            _ => "约谈人",
                        },
                        super::validate::MAX_NAME_CHARS
                    ),
                ));
            }
        }
    }
    if let Some(date) = &n.date
        && let Some(issue) = s.issue_date.value
        && date.value < issue
    {
        out.push(Diagnostic::on(
            file,
            date,
            "notices.date",
            format!(
                "通知的日期 {} 早于本期通报的印发日期 {issue}：通知依据通报，不能早于通报",
                date.value
            ),
        ));
    }
}

/// `措施` names an action of `rules.escalation` in `action`; no other rule writes `action`.
fn escalation_action(
    file: &Path,
    at: &str,
    rule: &crate::model::notices::NoticeRule,
    c: &Campaign,
    out: &mut Diagnostics,
) {
    let actions: Vec<&str> = c
        .rules
        .escalation
        .iter()
        .map(|e| e.action.value.trim())
        .collect();
    let listed = if actions.is_empty() {
        "rules.escalation 中还没有任何措施：先在 rules 中写 grades 和 escalation".to_string()
    } else {
        format!("rules.escalation 中的措施：{}", actions.join("、"))
    };
    match (&rule.rule.value, &rule.action) {
        (RuleName::Escalation, None) => out.push(Diagnostic::on(
            file,
            &rule.rule,
            format!("{at}.action"),
            format!("措施 要写按哪一项督办措施发：例如 {{ rule: 措施, action: 约谈 }}（{listed}）"),
        )),
        (RuleName::Escalation, Some(a)) if !actions.contains(&a.value.trim()) => {
            out.push(Diagnostic::on(
                file,
                a,
                format!("{at}.action"),
                format!("未知的措施“{}”（{listed}）", a.value),
            ));
        }
        (other, Some(a)) if *other != RuleName::Escalation => out.push(Diagnostic::on(
            file,
            a,
            format!("{at}.action"),
            format!("规则 {other} 不用 action（只有 措施 要写按哪一项督办措施发），请删去"),
        )),
        _ => {}
    }
}
