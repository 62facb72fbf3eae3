//! What a 督办单 or 约谈通知书 template sees: the campaign's words, the bulletin that named the
//! unit (its title, 第N期 and 发文字号), the notice's own number and dates, the unit, and the
//! unit's figures exactly as `stats --json` lists them under the selection's reasons.

use chrono::Days;
use serde::Serialize;

use super::campaign::CampaignView;
use crate::model::notices::{Meeting, NoticeSeries};
use crate::model::{Campaign, Date, Period};
use crate::progress::selection::{NoticeKind, Reason, Selection};
use crate::progress::{Figures, UnitFigures};

/// Days to reply when the campaign does not say (一般: 15 日).
pub(crate) const DEFAULT_REPLY_DAYS: i64 = 15;
/// Days to get the matter done when the campaign does not say.
pub(crate) const DEFAULT_DEADLINE_DAYS: i64 = 30;

/// A notice's number in its series and the date it bears.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoticeNumber {
    /// The number in the series (the `1` of `临整督〔2020〕1号`).
    pub number: u64,
    /// 成文日期.
    pub date: Date,
}

/// `临整督〔2020〕1号`: the 文号 of a notice numbered `number` in `prefix`'s series in `year`.
pub fn doc_number(prefix: &str, year: i32, number: u64) -> String {
    format!("{prefix}〔{year}〕{number}号")
}

/// The bulletin that named the unit, as the notice cites it (from its front matter).
#[derive(Debug, Clone, Serialize)]
pub struct BulletinRef {
    /// Its title.
    pub title: String,
    /// 第N期.
    pub number: u64,
    /// 发文字号 (文件式 only).
    pub doc_number: Option<String>,
    /// The red header name.
    pub header: String,
    /// 成文日期.
    pub date: Date,
}

#[derive(Serialize)]
struct Notice<'a> {
    /// 督办单 / 约谈通知书.
    title: &'static str,
    number: u64,
    doc_number: String,
    date: Date,
    urgency: Option<&'a str>,
    reply_days: i64,
    reply_date: Date,
    deadline_days: i64,
    deadline_date: Date,
    requirements: &'a [String],
    feedback: Option<&'a str>,
    contact: Option<&'a str>,
    basis: Option<&'a str>,
}

#[derive(Serialize)]
struct Unit<'a> {
    id: &'a str,
    name: &'a str,
    kind: &'a str,
    responsible: String,
}

#[derive(Serialize)]
struct Indicator<'a> {
    id: &'a str,
    name: &'a str,
    action: &'a str,
    measure: &'a str,
    plan_label: &'a str,
    task: &'a str,
    /// How many units are ranked on it.
    ranked: usize,
}

/// The data of one notice's template.
#[derive(Serialize)]
pub(crate) struct NoticeView<'a> {
    campaign: CampaignView<'a>,
    notice: Notice<'a>,
    bulletin: &'a BulletinRef,
    period: Period,
    as_of: Date,
    time_progress: f64,
    unit: Unit<'a>,
    indicator: Indicator<'a>,
    /// The unit's figures on the indicator (those of the first reason).
    figures: &'a UnitFigures,
    reasons: &'a [Reason],
    meeting: Option<&'a Meeting>,
}

/// `date` plus `days` (a deadline), or `date` itself past the calendar's end.
fn after(date: Date, days: i64) -> Date {
    u64::try_from(days)
        .ok()
        .and_then(|d| date.0.checked_add_days(Days::new(d)))
        .map_or(date, Date)
}

fn days(value: Option<&crate::model::Spanned<i64>>, default: i64) -> i64 {
    value.map_or(default, |d| d.value)
}

/// Everything a notice template needs; `None` when the selection's unit or indicator is not in
/// the figures (a selection made from other figures).
pub(crate) fn view<'a>(
    c: &'a Campaign,
    figures: &'a Figures,
    bulletin: &'a BulletinRef,
    selection: &'a Selection,
    number: NoticeNumber,
    meeting: Option<&'a Meeting>,
) -> Option<NoticeView<'a>> {
    let series: &NoticeSeries = selection.kind.series(c)?;
    let reason = selection.reasons.first()?;
    let ind = figures
        .indicators
        .iter()
        .find(|i| i.id == reason.indicator)?;
    let words = c.indicators.iter().find(|i| i.id.value == ind.id)?;
    let unit = c.units.iter().find(|u| u.id.value == selection.unit)?;
    let responsible = c
        .notices
        .responsible
        .get(&selection.unit)
        .map_or_else(|| format!("{}分管负责同志", unit.name), |r| r.value.clone());
    let reply_days = days(series.reply_days.as_ref(), DEFAULT_REPLY_DAYS);
    let deadline_days = days(series.deadline_days.as_ref(), DEFAULT_DEADLINE_DAYS);
    let contact = c
        .notices
        .contact
        .as_ref()
        .map(|t| t.value.as_str())
        .or(c.contact.as_deref());
    Some(NoticeView {
        campaign: CampaignView::of(c),
        notice: Notice {
            title: selection.kind.title(),
            number: number.number,
            doc_number: doc_number(
                &series.number_prefix.value,
                chrono::Datelike::year(&number.date.0),
                number.number,
            ),
            date: number.date,
            urgency: series.urgency.as_ref().map(|u| u.value.as_str()),
            reply_days,
            reply_date: after(number.date, reply_days),
            deadline_days,
            deadline_date: after(number.date, deadline_days),
            requirements: &series.requirements,
            feedback: series.feedback.as_deref(),
            contact,
            basis: c.notices.basis.as_ref().map(|b| b.value.as_str()),
        },
        bulletin,
        period: figures.period,
        as_of: figures.as_of,
        time_progress: figures.time_progress,
        unit: Unit {
            id: &unit.id.value,
            name: &unit.name,
            kind: &unit.kind,
            responsible,
        },
        indicator: Indicator {
            id: &ind.id,
            name: &ind.name,
            action: &ind.action,
            measure: &ind.measure,
            plan_label: &ind.plan_label,
            task: words.task(),
            ranked: ind.counts.ranked,
        },
        figures: &reason.figures,
        reasons: &selection.reasons,
        meeting: match selection.kind {
            NoticeKind::Interview => meeting,
            NoticeKind::Supervision => None,
        },
    })
}
