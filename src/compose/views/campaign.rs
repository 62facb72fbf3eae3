//! What every kind's template sees of the campaign: its words ([`CampaignView`]) and each
//! indicator's figures with the campaign's words for it ([`IndicatorView`]).

use serde::Serialize;
use tera::Value;

use crate::compose::ComposeError;
use crate::model::{Campaign, Date, Distribution};
use crate::progress::IndicatorFigures;

/// The campaign's words as every template sees them (`campaign.*`).
#[derive(Serialize)]
pub(crate) struct CampaignView<'a> {
    name: &'a str,
    scope: &'a str,
    office: &'a str,
    office_short: &'a str,
    header: &'a str,
    style: &'a str,
    number_prefix: Option<&'a str>,
    secrecy: Option<&'a str>,
    addressee: &'a str,
    contact: Option<&'a str>,
    distribution: &'a Distribution,
    schedule_start: Date,
    schedule_end: Date,
    ahead_points: f64,
    behind_points: f64,
    /// The unit noun: 县区, 县（市、区）…
    unit: &'a str,
    /// The whole campaign's task, for 确保按期完成….
    task: &'a str,
}

impl<'a> CampaignView<'a> {
    /// The campaign's words as every template sees them.
    pub(crate) fn of(c: &'a Campaign) -> CampaignView<'a> {
        CampaignView {
            name: &c.name,
            scope: &c.scope,
            office: &c.office.name,
            office_short: &c.office.short_name,
            header: &c.header.name,
            style: c.header.style.as_ref().map_or("简报", |s| s.value.as_str()),
            number_prefix: c.header.number_prefix.as_deref(),
            secrecy: c.header.secrecy.as_deref(),
            addressee: &c.addressee,
            contact: c.contact.as_deref(),
            distribution: &c.distribution,
            schedule_start: c.schedule.start.value,
            schedule_end: c.schedule.end.value,
            ahead_points: c.rules.ahead_points.value,
            behind_points: c.rules.behind_points.value,
            unit: c.vocabulary.unit(),
            task: campaign_task(c),
        }
    }
}

/// One indicator's figures with the campaign's words for it; the template sees the figures'
/// fields and these words side by side (see [`IndicatorView::value`]).
pub(crate) struct IndicatorView<'a> {
    pub(crate) figures: &'a IndicatorFigures,
    /// Where the figures are in the `indicators` of [`Figures`].
    at: usize,
    task: &'a str,
    table_title: String,
    pub(crate) in_text: bool,
}

impl IndicatorView<'_> {
    /// The view as template data: the serialised figures' fields (shared, not copied) with the
    /// words added.
    pub(crate) fn value(&self, figures: &Value) -> Result<Value, ComposeError> {
        let mut map = figures
            .get_from_path(&format!("indicators.{}", self.at))
            .and_then(Value::as_map)
            .cloned()
            .ok_or_else(|| ComposeError("模板数据准备失败：指标数据缺失".to_string()))?;
        map.insert("task".into(), Value::from(self.task));
        map.insert("table_title".into(), Value::from(self.table_title.as_str()));
        map.insert("in_text".into(), Value::from(self.in_text));
        Ok(Value::from(map))
    }
}

/// The task named in 确保按期完成…: the campaign's own, else that of the only indicator the
/// text analyses, else a word for all of them.
fn campaign_task(c: &Campaign) -> &str {
    if let Some(task) = &c.vocabulary.task {
        return &task.value;
    }
    let mut analysed = c.indicators.iter().filter(|i| i.in_text());
    match (analysed.next(), analysed.next()) {
        (Some(only), None) => only.task(),
        _ => "各项目标任务",
    }
}

/// The figures of one indicator with its words from `campaign.yaml`.
pub(crate) fn indicator_view<'a>(
    c: &'a Campaign,
    at: usize,
    figures: &'a IndicatorFigures,
) -> IndicatorView<'a> {
    let ind = c.indicators.iter().find(|i| i.id.value == figures.id);
    let own = ind.and_then(|i| i.table_title.as_ref());
    let table_title = own.map(|t| t.value.clone()).unwrap_or_else(|| {
        if c.indicators.len() > 1 {
            format!("{}（{}）进展情况排名表", c.name, figures.name)
        } else {
            format!("{}进展情况排名表", c.name)
        }
    });
    IndicatorView {
        figures,
        at,
        task: ind.map_or("目标任务", |i| i.task()),
        table_title,
        in_text: ind.is_none_or(|i| i.in_text()),
    }
}
