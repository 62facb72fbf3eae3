//! The weekly 调度 sheet's view: one week's figures with the campaign's words, under the 调度
//! header and its own series number; the grades and escalations when the campaign grades.

use serde::Serialize;

use crate::compose::views::campaign::{
    CampaignView, GradeColor, IndicatorData, grade_colors, indicator_views,
};
use crate::compose::{ComposeError, Issue};
use crate::load::Inputs;
use crate::model::{Date, NamedList, Notes, Period};
use crate::progress::Figures;

/// What `weekly.md.tera` reads.
#[derive(Serialize)]
pub(crate) struct WeeklyView<'a> {
    campaign: CampaignView<'a>,
    /// The sheet's header name: `header.weekly`, else the campaign's name and 工作调度.
    header: String,
    issue_number: u64,
    period: Period,
    /// The ISO week-numbering year and the week.
    year: i32,
    week: u32,
    /// Monday and Sunday of the week.
    first_day: Date,
    last_day: Date,
    as_of: Date,
    issue_date: Date,
    notes: &'a Notes,
    lists: &'a [NamedList],
    #[serde(flatten)]
    data: IndicatorData,
    /// The analysed indicators besides the headline one (stated in a sentence each).
    others: Vec<tera::Value>,
    grade_colors: Vec<GradeColor>,
    graded: bool,
}

impl<'a> WeeklyView<'a> {
    /// The view of snapshot `index` of `inputs` (a week), whose figures are `figures`, as
    /// sheet number `issue`.
    pub(crate) fn of(
        inputs: &'a Inputs,
        index: usize,
        figures: &'a Figures,
        issue: Issue,
    ) -> Result<WeeklyView<'a>, ComposeError> {
        let (c, s) = (&inputs.campaign, &inputs.snapshots[index]);
        let period = s.period.value;
        let Period::Week { year, week } = period else {
            return Err(ComposeError(format!(
                "{period} 不是周：周调度表只能按周（YYYY-Www）生成"
            )));
        };
        let days = period.first_day().zip(period.last_day());
        let (first_day, last_day) =
            days.ok_or_else(|| ComposeError(format!("无法计算 {period} 的起止日期")))?;
        let views = indicator_views(c, figures);
        let data = IndicatorData::of(figures, &views)?;
        Ok(WeeklyView {
            campaign: CampaignView::of(c),
            header: c.header.weekly.as_ref().map_or_else(
                || format!("{}工作调度", c.name),
                |h| h.value.trim().to_string(),
            ),
            issue_number: issue.number,
            period,
            year,
            week,
            first_day,
            last_day,
            as_of: s.as_of.value,
            issue_date: s.issue_date(),
            notes: &s.notes,
            lists: &s.lists,
            others: data.others(),
            data,
            grade_colors: grade_colors(c),
            graded: !c.rules.grades.is_empty(),
        })
    }
}
