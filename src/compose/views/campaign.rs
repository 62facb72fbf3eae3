//! What every kind's template sees of the campaign: its words ([`CampaignView`]) and each
//! indicator's figures with the campaign's words for it ([`IndicatorView`]).

use serde::Serialize;
use tera::Value;

use crate::compose::ComposeError;
use crate::model::{Campaign, Date, Distribution, HeaderStyle};
use crate::progress::{Figures, IndicatorFigures};

/// The campaign's words as every template sees them (`campaign.*`).
#[derive(Serialize)]
pub(crate) struct CampaignView<'a> {
    name: &'a str,
    scope: &'a str,
    office: &'a str,
    office_short: &'a str,
    header: &'a str,
    style: HeaderStyle,
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
            office: &c.office.name.value,
            office_short: &c.office.short_name,
            header: &c.header.name.value,
            style: c
                .header
                .style
                .as_ref()
                .map_or(HeaderStyle::Brief, |s| s.value),
            number_prefix: c.header.number_prefix.as_ref().map(|p| p.value.as_str()),
            secrecy: c.header.secrecy.as_ref().map(|s| s.value.as_str()),
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
    /// The units each escalation rule is the most severe one for, as the text names them.
    escalated: Vec<Escalated>,
}

/// The units due one escalation (their most severe), for the sentence that names them:
/// `甲县、乙县连续2期为黄灯或更差，予以专函督办。`
#[derive(Serialize)]
struct Escalated {
    action: String,
    grade: String,
    periods: u32,
    /// The grade is not the worst: the units held it or a worse one.
    or_worse: bool,
    names: Vec<String>,
}

/// Every escalation rule of `c` that is the most severe for some unit of `figures`, with
/// those units in display order.
fn escalated(c: &Campaign, figures: &IndicatorFigures) -> Vec<Escalated> {
    let worst = c.rules.grades.last().map(|g| g.name.value.trim());
    figures
        .escalations
        .iter()
        .filter_map(|e| {
            let names: Vec<String> = figures
                .units
                .iter()
                .filter(|u| u.escalation.as_deref() == Some(e.action.as_str()))
                .map(|u| u.name.clone())
                .collect();
            (!names.is_empty()).then(|| Escalated {
                action: e.action.clone(),
                grade: e.grade.clone(),
                periods: e.periods,
                or_worse: Some(e.grade.as_str()) != worst,
                names,
            })
        })
        .collect()
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
        let escalated = Value::try_from_serializable(&self.escalated)
            .map_err(|e| ComposeError(format!("模板数据准备失败：{e}")))?;
        map.insert("escalated".into(), escalated);
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
        escalated: escalated(c, figures),
    }
}

/// Every indicator of `figures` with its words, in the campaign's order.
pub(crate) fn indicator_views<'a>(c: &'a Campaign, figures: &'a Figures) -> Vec<IndicatorView<'a>> {
    figures
        .indicators
        .iter()
        .enumerate()
        .map(|(at, i)| indicator_view(c, at, i))
        .collect()
}

/// The indicators a document's text analyses (`in_text`): the headline first, then the others
/// in the campaign's order.
pub(crate) fn analysed<'v, 'a>(views: &'v [IndicatorView<'a>]) -> Vec<&'v IndicatorView<'a>> {
    let mut analysed: Vec<&IndicatorView> = views.iter().filter(|i| i.in_text).collect();
    analysed.sort_by_key(|i| !i.figures.headline);
    analysed
}

/// The figures as template data, serialised once (a campaign of thousands of units is copied
/// into the template's data once, not once per list), and the indicators over it: what every
/// kind's template reads as `figures`, `indicators`, `analysed` and `headline`.
#[derive(Serialize)]
pub(crate) struct IndicatorData {
    /// The figures (see `tongbao stats --json`).
    figures: Value,
    /// Every indicator, in the campaign's order, with its words.
    indicators: Vec<Value>,
    /// The indicators the text analyses ([`analysed`]).
    analysed: Vec<Value>,
    /// The headline indicator (as `Figures::headline`: the one marked, else the first).
    headline: Value,
}

impl IndicatorData {
    /// The analysed indicators besides the headline one, in order.
    pub(crate) fn others(&self) -> Vec<Value> {
        self.analysed
            .iter()
            .filter(|v| {
                !v.get_from_path("headline")
                    .and_then(Value::as_bool)
                    .unwrap_or(false)
            })
            .cloned()
            .collect()
    }

    /// The data of `figures`, whose indicators with their words are `views`.
    pub(crate) fn of(
        figures: &Figures,
        views: &[IndicatorView],
    ) -> Result<IndicatorData, ComposeError> {
        let prepare = |e: tera::Error| ComposeError(format!("模板数据准备失败：{e}"));
        let data = Value::try_from_serializable(figures).map_err(prepare)?;
        let headline = figures
            .indicators
            .iter()
            .position(|i| i.headline)
            .or((!figures.indicators.is_empty()).then_some(0))
            .and_then(|at| views.get(at))
            .ok_or_else(|| ComposeError("活动没有任何指标".to_string()))?;
        let values = |views: &mut dyn Iterator<Item = &IndicatorView>| {
            views
                .map(|v| v.value(&data))
                .collect::<Result<Vec<Value>, ComposeError>>()
        };
        Ok(IndicatorData {
            indicators: values(&mut views.iter())?,
            analysed: values(&mut analysed(views).into_iter())?,
            headline: headline.value(&data)?,
            figures: data,
        })
    }
}

/// A grade's name and its colour, for the front matter's `grades:` (HTML and xlsx fill the
/// cells that print it); grades without a colour are left out.
#[derive(Serialize)]
pub(crate) struct GradeColor {
    name: String,
    color: &'static str,
}

/// The campaign's grades that have a colour.
pub(crate) fn grade_colors(c: &Campaign) -> Vec<GradeColor> {
    c.rules
        .grades
        .iter()
        .filter_map(|g| {
            g.color.as_ref().map(|color| GradeColor {
                name: g.name.value.trim().to_string(),
                color: color.value.english(),
            })
        })
        .collect()
}
