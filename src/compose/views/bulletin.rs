//! The bulletin's view: the figures of one period with the campaign's words, the indicators
//! analysed in the text and the units it names as lagging.

use serde::Serialize;

use crate::compose::views::campaign::{
    CampaignView, GradeColor, IndicatorData, IndicatorView, analysed, grade_colors, indicator_views,
};
use crate::compose::{ComposeError, Issue};
use crate::load::Inputs;
use crate::model::{Date, NamedList, Notes, Period};
use crate::progress::Figures;

/// What `bulletin.md.tera` and `headline.txt.tera` read.
#[derive(Serialize)]
pub(crate) struct BulletinView<'a> {
    campaign: CampaignView<'a>,
    issue_number: u64,
    /// 2… for a revision (front matter `revision:`), else absent.
    revision: Option<u32>,
    /// The 期号 as the document prints it: 第5期, 第5期（修订2）.
    issue_label: String,
    period: Period,
    year: i32,
    month: u32,
    as_of: Date,
    issue_date: Date,
    notes: &'a Notes,
    lists: &'a [NamedList],
    /// `figures`, `indicators`, `analysed` (in 一、 and 二、) and `headline`.
    #[serde(flatten)]
    data: IndicatorData,
    /// The grades with a colour, for the front matter.
    grade_colors: Vec<GradeColor>,
    /// The units 四、 asks to catch up: every unit named 滞后 in 二、, once each.
    lagging: Lagging,
    /// The analysed indicator whose paragraph of 一、 states 序时进度: the first with a rate.
    schedule_stated_in: Option<&'a str>,
    /// The units that did not report, whose figures are the previous period's (按上期数计算),
    /// by name in campaign order.
    carried: Vec<&'a str>,
    /// Each unit's remarks on its return (备注), in campaign order: `{ name, remarks }`.
    remarks: Vec<Remark<'a>>,
}

/// A unit's remarks on its return.
#[derive(Serialize)]
struct Remark<'a> {
    name: &'a str,
    remarks: &'a str,
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
        let views = indicator_views(c, figures);
        let data = IndicatorData::of(figures, &views)?;
        let analysed = analysed(&views);
        let lagging = lagging(&analysed);
        let schedule_stated_in = analysed
            .iter()
            .find(|i| i.figures.total.rate.is_some())
            .map(|i| i.figures.id.as_str());
        Ok(BulletinView {
            campaign: CampaignView::of(c),
            issue_number: issue.number,
            revision: issue.revision,
            issue_label: crate::format::issue_label(issue.number, issue.revision),
            period: s.period.value,
            year: s.period.value.year(),
            month: s
                .period
                .value
                .first_day()
                .map_or(0, |d| chrono::Datelike::month(&d.0)),
            as_of: s.as_of.value,
            issue_date: s.issue_date(),
            notes: &s.notes,
            lists: &s.lists,
            data,
            grade_colors: grade_colors(c),
            lagging,
            schedule_stated_in,
            carried: c
                .units
                .iter()
                .filter(|u| s.carried.contains(&u.id.value))
                .map(|u| u.name.as_str())
                .collect(),
            remarks: c
                .units
                .iter()
                .filter_map(|u| {
                    let remarks = s.returns.get(&u.id.value)?.remarks.as_deref()?;
                    Some(Remark {
                        name: &u.name,
                        remarks,
                    })
                })
                .collect(),
        })
    }
}
