//! The quarterly 督导 summary's view: the quarter's months taken together (each unit's
//! trajectory, the units that need 整改 with the figures that put them there) beside the
//! figures of its latest month, with the campaign's words.

use std::collections::BTreeMap;

use chrono::Datelike;
use serde::Serialize;

use crate::compose::views::campaign::{
    CampaignView, GradeColor, IndicatorData, analysed, grade_colors, indicator_views,
};
use crate::compose::{ComposeError, Issue};
use crate::format::cn_period;
use crate::load::Inputs;
use crate::model::{Date, Period};
use crate::progress::Figures;
use crate::progress::quarter::{QuarterFigures, QuarterIndicator, Trajectory};

/// What `quarterly.md.tera` reads.
#[derive(Serialize)]
pub(crate) struct QuarterlyView<'a> {
    campaign: CampaignView<'a>,
    /// The summary's header name: `header.quarterly`, else the campaign's name and 督导通报.
    header: String,
    issue_number: u64,
    period: Period,
    /// `2019年第四季度`.
    name: String,
    year: i32,
    /// The months with a snapshot, as numbers (10, 11, 12).
    month_numbers: Vec<u32>,
    /// Whether all three months have one.
    whole: bool,
    as_of: Date,
    /// The latest month's 印发日期.
    issue_date: Date,
    /// The latest month's figures (`figures`, `indicators`, `analysed`, `headline`).
    #[serde(flatten)]
    data: IndicatorData,
    /// The quarter's figures (see `tongbao stats --json --period 2019-Q4`).
    quarter: &'a QuarterFigures,
    /// Per indicator id: the quarter's figures of the indicator, its trajectories ranked as at
    /// the quarter's end, and those that need 整改, lowest rate first.
    quarter_of: BTreeMap<&'a str, Ranked<'a>>,
    /// The units that need 整改 on any analysed indicator, each once, in the order 二、 names
    /// them.
    rectify_names: Vec<&'a str>,
    grade_colors: Vec<GradeColor>,
    graded: bool,
    /// 整改时限 (`rules.rectify_days`) and the date it gives.
    rectify_days: Option<i64>,
    rectify_date: Option<Date>,
}

/// One indicator's quarter, its trajectories in the order the summary lists them.
#[derive(Serialize)]
struct Ranked<'a> {
    #[serde(flatten)]
    figures: &'a QuarterIndicator,
    /// As at the quarter's end: by rank, units without a plan last.
    ranked: Vec<&'a Trajectory>,
    /// The units that need 整改, the lowest rate first.
    rectify: Vec<&'a Trajectory>,
}

impl<'a> QuarterlyView<'a> {
    /// The view of `quarter`, whose latest month is snapshot `index` of `inputs` with figures
    /// `figures`, as number `issue` of the quarterly series.
    pub(crate) fn of(
        inputs: &'a Inputs,
        index: usize,
        figures: &'a Figures,
        quarter: &'a QuarterFigures,
        issue: Issue,
    ) -> Result<QuarterlyView<'a>, ComposeError> {
        let (c, s) = (&inputs.campaign, &inputs.snapshots[index]);
        let views = indicator_views(c, figures);
        let quarter_of: BTreeMap<&str, Ranked> = quarter
            .indicators
            .iter()
            .zip(&figures.indicators)
            .map(|(q, end)| (q.id.as_str(), ranked(q, end)))
            .collect();
        let issue_date = s.issue_date();
        let rectify_days = c.rules.rectify_days.as_ref().map(|d| d.value);
        let rectify_date = rectify_days
            .and_then(|d| u64::try_from(d).ok())
            .and_then(|d| issue_date.0.checked_add_days(chrono::Days::new(d)))
            .map(Date);
        Ok(QuarterlyView {
            campaign: CampaignView::of(c),
            header: c.header.quarterly.as_ref().map_or_else(
                || format!("{}督导通报", c.name),
                |h| h.value.trim().to_string(),
            ),
            issue_number: issue.number,
            period: quarter.period,
            name: cn_period(quarter.period),
            year: quarter.period.year(),
            month_numbers: quarter
                .months
                .iter()
                .filter_map(|m| m.first_day().map(|d| d.0.month()))
                .collect(),
            whole: quarter.months.len() == 3,
            as_of: quarter.as_of,
            issue_date,
            data: IndicatorData::of(figures, &views)?,
            quarter,
            rectify_names: rectify_names(&quarter_of, &views),
            quarter_of,
            grade_colors: grade_colors(c),
            graded: !c.rules.grades.is_empty(),
            rectify_days,
            rectify_date,
        })
    }
}

/// `q`'s trajectories in the order of `end`'s ranking, and those that need 整改 from the
/// lowest rate up.
fn ranked<'a>(q: &'a QuarterIndicator, end: &crate::progress::IndicatorFigures) -> Ranked<'a> {
    let by_id: BTreeMap<&str, &Trajectory> = q.units.iter().map(|t| (t.id.as_str(), t)).collect();
    let ranked: Vec<&Trajectory> = end
        .ranking
        .iter()
        .filter_map(|u| by_id.get(u.id.as_str()).copied())
        .collect();
    let rectify = ranked.iter().rev().filter(|t| t.rectify).copied().collect();
    Ranked {
        figures: q,
        ranked,
        rectify,
    }
}

/// The units that need 整改 on the analysed indicators (headline first), each once.
fn rectify_names<'a>(
    quarter_of: &BTreeMap<&str, Ranked<'a>>,
    views: &[crate::compose::views::campaign::IndicatorView],
) -> Vec<&'a str> {
    let mut names: Vec<&'a str> = Vec::new();
    for view in analysed(views) {
        let Some(q) = quarter_of.get(view.figures.id.as_str()) else {
            continue;
        };
        for t in &q.rectify {
            if !names.contains(&t.name.as_str()) {
                names.push(t.name.as_str());
            }
        }
    }
    names
}
