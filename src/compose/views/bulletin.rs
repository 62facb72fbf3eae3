//! The bulletin's view: the figures of one period with the campaign's words, the indicators
//! analysed in the text and the units it names as lagging.

use serde::Serialize;
use tera::Value;

use crate::compose::views::campaign::{CampaignView, IndicatorView, indicator_view};
use crate::compose::{ComposeError, Issue};
use crate::load::Inputs;
use crate::model::{Date, NamedList, Notes, Period};
use crate::progress::Figures;

/// What `bulletin.md.tera` and `headline.txt.tera` read.
#[derive(Serialize)]
pub(crate) struct BulletinView<'a> {
    campaign: CampaignView<'a>,
    issue_number: u64,
    period: Period,
    year: i32,
    month: u32,
    as_of: Date,
    issue_date: Date,
    notes: &'a Notes,
    lists: &'a [NamedList],
    /// The figures, serialised once: the indicators below share its values, so a campaign of
    /// thousands of units is copied into the template's data once, not once per list.
    figures: Value,
    /// Every indicator, in the campaign's order, with its words.
    indicators: Vec<Value>,
    /// The indicators analysed in 一、 and 二、 (`in_text`).
    analysed: Vec<Value>,
    headline: Value,
    /// The units 四、 asks to catch up: every unit named 滞后 in 二、, once each.
    lagging: Lagging,
    /// The analysed indicator whose paragraph of 一、 states 序时进度: the first with a rate.
    schedule_stated_in: Option<&'a str>,
}

/// The units named as 进展滞后 in 二、 across the analysed indicators, in the order they are
/// first named there, and whether any indicator has more 滞后 units than it names.
#[derive(Serialize, Default)]
struct Lagging {
    names: Vec<String>,
    more: bool,
}

fn lagging(analysed: &[&IndicatorView]) -> Lagging {
    let mut out = Lagging::default();
    for ind in analysed {
        let named = &ind.figures.named;
        out.more |= named.behind_total > named.behind.len();
        for unit in &named.behind {
            if !out.names.contains(&unit.name) {
                out.names.push(unit.name.clone());
            }
        }
    }
    out
}

impl<'a> BulletinView<'a> {
    /// The view of snapshot `index` of `inputs`, whose figures are `figures`, as issue `issue`.
    pub(crate) fn of(
        inputs: &'a Inputs,
        index: usize,
        figures: &'a Figures,
        issue: Issue,
    ) -> Result<BulletinView<'a>, ComposeError> {
        let (c, s) = (&inputs.campaign, &inputs.snapshots[index]);
        let prepare = |e: tera::Error| ComposeError(format!("模板数据准备失败：{e}"));
        let data = Value::try_from_serializable(figures).map_err(prepare)?;
        // As `Figures::headline`: the headline indicator, else the first.
        let headline = figures
            .indicators
            .iter()
            .position(|i| i.headline)
            .or((!figures.indicators.is_empty()).then_some(0))
            .ok_or_else(|| ComposeError("活动没有任何指标".to_string()))?;
        let indicators: Vec<IndicatorView> = figures
            .indicators
            .iter()
            .enumerate()
            .map(|(at, i)| indicator_view(c, at, i))
            .collect();
        // The headline first, then the others in the campaign's order.
        let mut analysed: Vec<&IndicatorView> = indicators.iter().filter(|i| i.in_text).collect();
        analysed.sort_by_key(|i| !i.figures.headline);
        let lagging = lagging(&analysed);
        let schedule_stated_in = analysed
            .iter()
            .find(|i| i.figures.total.rate.is_some())
            .map(|i| i.figures.id.as_str());
        let values = |views: &mut dyn Iterator<Item = &IndicatorView>| {
            views
                .map(|v| v.value(&data))
                .collect::<Result<Vec<Value>, ComposeError>>()
        };
        Ok(BulletinView {
            campaign: CampaignView::of(c),
            issue_number: issue.number,
            period: s.period.value,
            year: s.period.value.year,
            month: s.period.value.month,
            as_of: s.as_of.value,
            issue_date: s.issue_date(),
            notes: &s.notes,
            lists: &s.lists,
            indicators: values(&mut indicators.iter())?,
            analysed: values(&mut analysed.iter().copied())?,
            headline: indicators[headline].value(&data)?,
            figures: data.clone(),
            lagging,
            schedule_stated_in,
        })
    }
}
