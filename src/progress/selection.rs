//! Who gets a notice: the campaign's rules (`notices:` in `campaign.yaml`) applied to one
//! period's figures, the classes the archive recorded for the issues published before it, and
//! the snapshot's own list. Pure: the archive's figures are handed in ([`PastIssue`]).
//!
//! Every selection carries its reasons (which rule, on which indicator, with the unit's
//! figures), so `stats --json` can say why and a notice can state exactly those figures.

use serde::{Deserialize, Serialize};

use super::{Class, Figures, IndicatorFigures, UnitFigures};
use crate::model::notices::{NoticeRule, NoticeSeries, RuleName};
use crate::model::{Campaign, Period, Snapshot};

/// The two notices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeKind {
    /// 督办单.
    Supervision,
    /// 约谈通知书.
    Interview,
}

impl NoticeKind {
    /// Both, in the order they are made and listed.
    pub const ALL: [NoticeKind; 2] = [NoticeKind::Supervision, NoticeKind::Interview];

    /// The document's name: `督办单`, `约谈通知书`.
    pub fn title(self) -> &'static str {
        match self {
            NoticeKind::Supervision => "督办单",
            NoticeKind::Interview => "约谈通知书",
        }
    }

    /// The campaign's series of this kind, if it asks for them.
    pub fn series(self, c: &Campaign) -> Option<&NoticeSeries> {
        match self {
            NoticeKind::Supervision => c.notices.supervision.as_ref(),
            NoticeKind::Interview => c.notices.interview.as_ref(),
        }
    }
}

/// One published issue before the period, as the archive recorded it.
#[derive(Debug, Clone)]
pub struct PastIssue {
    /// 第N期.
    pub number: u64,
    /// Its figures (`figures.json`).
    pub figures: Figures,
}

/// Why a unit was selected: a rule of the campaign, or the snapshot's own list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ground {
    /// A rule in `campaign.yaml`.
    Rule(RuleName),
    /// The snapshot's `notices:` list.
    Listed,
}

impl Ground {
    /// `最低`, `连续滞后`…, or `名单`.
    pub fn word(self) -> &'static str {
        match self {
            Ground::Rule(r) => r.word(),
            Ground::Listed => "名单",
        }
    }
}

/// One reason a unit gets a notice, with the figures it rests on.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Reason {
    /// The rule (or the list).
    pub ground: Ground,
    /// The rule's word, as `campaign.yaml` writes it (`名单` for the list).
    pub rule: String,
    /// The indicator whose figures the rule read.
    pub indicator: String,
    /// For `连续滞后`: how many issues in a row, this one included, the unit has been 进展滞后;
    /// for `措施`: how many periods in a row it has held its grade or a worse one.
    pub in_a_row: Option<u32>,
    /// For `连续滞后`: the earlier issues of that run (第N期 and period), oldest first.
    pub earlier_issues: Vec<IssueRef>,
    /// The unit's figures on that indicator this period (the notice states these).
    pub figures: UnitFigures,
}

/// An issue the archive holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IssueRef {
    /// 第N期.
    pub number: u64,
    /// Its period.
    pub period: Period,
}

/// A unit that gets a notice of `kind`, and why.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Selection {
    /// Which notice.
    pub kind: NoticeKind,
    /// The unit's id.
    pub unit: String,
    /// The unit's name.
    pub name: String,
    /// Every rule that selects it, in the campaign's order, then the list.
    pub reasons: Vec<Reason>,
}

impl Selection {
    /// The indicator the notice states: that of the first reason.
    pub fn indicator(&self) -> &str {
        self.reasons.first().map_or("", |r| r.indicator.as_str())
    }
}

/// The indicator a rule reads: its own, else the headline one.
fn indicator_of<'f>(
    figures: &'f Figures,
    rule: Option<&NoticeRule>,
) -> Option<&'f IndicatorFigures> {
    match rule.and_then(|r| r.indicator.as_ref()) {
        Some(id) => figures.indicators.iter().find(|i| i.id == id.value),
        None => figures.headline(),
    }
}

/// How many issues in a row, ending with this one, `unit` has been 进展滞后 on `indicator`,
/// and the earlier issues of that run (oldest first). `past` holds the issues published
/// before this period, oldest first.
pub fn behind_in_a_row(
    unit: &UnitFigures,
    indicator: &str,
    past: &[PastIssue],
) -> (u32, Vec<IssueRef>) {
    if unit.class != Some(Class::Behind) {
        return (0, Vec::new());
    }
    let mut run = Vec::new();
    for issue in past.iter().rev() {
        let was_behind = issue
            .figures
            .indicators
            .iter()
            .find(|i| i.id == indicator)
            .and_then(|i| i.units.iter().find(|u| u.id == unit.id))
            .is_some_and(|u| u.class == Some(Class::Behind));
        if !was_behind {
            break;
        }
        run.push(IssueRef {
            number: issue.number,
            period: issue.figures.period,
        });
    }
    run.reverse();
    (u32::try_from(run.len() + 1).unwrap_or(u32::MAX), run)
}

/// Whether `rule` selects `unit` (of `indicator`), and the reason if so.
fn applies(
    rule: &NoticeRule,
    ind: &IndicatorFigures,
    unit: &UnitFigures,
    past: &[PastIssue],
) -> Option<Reason> {
    let name = rule.rule.value;
    let mut reason = Reason {
        ground: Ground::Rule(name),
        rule: name.word().to_string(),
        indicator: ind.id.clone(),
        in_a_row: None,
        earlier_issues: Vec::new(),
        figures: unit.clone(),
    };
    let selected = match name {
        RuleName::Lowest => ind.named.behind.iter().any(|u| u.id == unit.id),
        RuleName::Behind => unit.class == Some(Class::Behind),
        RuleName::NoProgress => unit.no_progress,
        RuleName::Escalation => {
            reason.in_a_row = Some(unit.grade_run);
            let action = rule.action.as_ref().map(|a| a.value.trim());
            unit.escalation.is_some() && unit.escalation.as_deref() == action
        }
        RuleName::BehindInARow => {
            let need = rule.issues.as_ref().map_or(2, |n| n.value);
            let (run, earlier) = behind_in_a_row(unit, &ind.id, past);
            reason.in_a_row = Some(run);
            reason.earlier_issues = earlier;
            i64::from(run) >= need
        }
    };
    selected.then_some(reason)
}

/// Every notice the period calls for: for each kind the campaign asks for, each unit (in
/// display order) that a rule selects or the snapshot lists. `past`: the issues published
/// before `figures.period`, oldest first (other periods are ignored).
pub fn select(
    campaign: &Campaign,
    snapshot: &Snapshot,
    figures: &Figures,
    past: &[PastIssue],
) -> Vec<Selection> {
    let past: Vec<PastIssue> = past
        .iter()
        .filter(|p| p.figures.period < figures.period)
        .cloned()
        .collect();
    let mut out = Vec::new();
    for kind in NoticeKind::ALL {
        let Some(series) = kind.series(campaign) else {
            continue;
        };
        let listed = match kind {
            NoticeKind::Supervision => &snapshot.notices.supervision,
            NoticeKind::Interview => &snapshot.notices.interview,
        };
        for unit in &campaign.units {
            let id = unit.id.value.as_str();
            let mut reasons: Vec<Reason> = series
                .when
                .iter()
                .filter_map(|rule| {
                    let ind = indicator_of(figures, Some(rule))?;
                    let u = ind.units.iter().find(|u| u.id == id)?;
                    applies(rule, ind, u, &past)
                })
                .collect();
            let headline = indicator_of(figures, None);
            let own = headline.and_then(|i| i.units.iter().find(|u| u.id == id).map(|u| (i, u)));
            if let Some((ind, u)) = own
                && listed.iter().any(|l| l.value == id)
            {
                reasons.push(Reason {
                    ground: Ground::Listed,
                    rule: Ground::Listed.word().to_string(),
                    indicator: ind.id.clone(),
                    in_a_row: None,
                    earlier_issues: Vec::new(),
                    figures: u.clone(),
                });
            }
            if !reasons.is_empty() {
                out.push(Selection {
                    kind,
                    unit: id.to_string(),
                    name: unit.name.clone(),
                    reasons,
                });
            }
        }
    }
    out
}
