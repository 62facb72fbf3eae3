//! The campaign's home: the period and its dates, the reporting board (as `tongbao status`
//! says it), the figures at a glance (headline, ranking with grades and rank change) and the
//! charts.

use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Serialize;

use super::board::Board;
use super::{Nav, PeriodQuery, campaign, change};
use crate::format::{cn_date, percent, points};
use crate::model::Rules;
use crate::progress::{Class, IndicatorFigures};
use crate::render::chart;
use crate::serve::error::ServeError;
use crate::serve::state::AppState;
use crate::serve::view::render;
use crate::serve::work::blocking;

/// `/`: the one campaign's home, or the list of campaigns served.
pub(in crate::serve) async fn campaigns(
    State(state): State<AppState>,
) -> Result<Response, ServeError> {
    if state.inner.campaigns.len() == 1 {
        return Ok(Redirect::to("/c/0/").into_response());
    }
    #[derive(Serialize)]
    struct Item {
        c: usize,
        folder: String,
    }
    #[derive(Serialize)]
    struct View {
        campaigns: Vec<Item>,
    }
    let view = View {
        campaigns: state
            .inner
            .campaigns
            .iter()
            .enumerate()
            .map(|(c, x)| Item {
                c,
                folder: x.dir.display().to_string(),
            })
            .collect(),
    };
    Ok(render(&state.inner.tera, "campaigns.html", &view)?.into_response())
}

#[derive(Serialize)]
struct RankRow {
    rank: String,
    name: String,
    done: u64,
    plan: u64,
    rate: String,
    gap: String,
    change: String,
    class: &'static str,
    behind: bool,
    grade: String,
    /// The grade's fill (`#RRGGBB`) when the campaign gives it a colour.
    grade_fill: String,
}

#[derive(Serialize)]
struct IndicatorView {
    name: String,
    total: String,
    chart: String,
    rows: Vec<RankRow>,
}

#[derive(Serialize)]
struct HomeView {
    nav: Nav,
    number: u64,
    as_of: String,
    issue_date: String,
    schedule: String,
    schedule_end: String,
    headline: String,
    unit_noun: String,
    board: Board,
    /// Whether the campaign grades its units (the ranking's 等次 column).
    graded: bool,
    indicators: Vec<IndicatorView>,
    trend: Option<String>,
    warnings: Vec<String>,
}

fn class_name(class: Option<Class>) -> &'static str {
    match class {
        Some(Class::Complete) => "已完成",
        Some(Class::Ahead) => "进展较快",
        Some(Class::OnSchedule) => "按序时推进",
        Some(Class::Behind) => "进展滞后",
        None => "",
    }
}

fn indicator(ind: &IndicatorFigures, schedule: f64, rules: &Rules) -> IndicatorView {
    let t = &ind.total;
    let fill = |grade: &str| {
        rules
            .grades
            .iter()
            .find(|g| g.name.value == grade)
            .and_then(|g| g.color.as_ref())
            .map(|c| format!("#{}", c.value.fill_hex()))
            .unwrap_or_default()
    };
    IndicatorView {
        name: ind.name.clone(),
        total: format!(
            "完成 {}{}，计划 {}{}，完成率 {}",
            t.done,
            ind.measure,
            t.plan,
            ind.measure,
            percent(t.rate, 1)
        ),
        chart: chart::indicator_rates(ind, schedule),
        rows: ind
            .ranking
            .iter()
            .map(|u| RankRow {
                rank: u.rank.map(|r| r.to_string()).unwrap_or_default(),
                name: u.name.clone(),
                done: u.tally.done,
                plan: u.tally.plan,
                rate: percent(u.tally.rate, 1),
                gap: points(u.tally.gap, 1),
                change: change(u.rank_change),
                class: class_name(u.class),
                behind: u.class == Some(Class::Behind),
                grade: u.grade.clone().unwrap_or_default(),
                grade_fill: u.grade.as_deref().map(fill).unwrap_or_default(),
            })
            .collect(),
    }
}

/// `/c/{c}/`: the campaign's home.
pub(in crate::serve) async fn page(
    State(state): State<AppState>,
    Path(c): Path<usize>,
    Query(q): Query<PeriodQuery>,
) -> Result<Html<String>, ServeError> {
    let place = campaign(&state, c)?;
    let (dir, archive, period) = (place.dir.clone(), place.archive.clone(), q.period()?);
    let o = blocking(move || crate::overview(&dir, period, &archive)).await?;
    let f = &o.bulletin.figures;
    let campaign = &o.inputs.campaign;
    let snapshot = &o.inputs.snapshots[o.bulletin.index];
    let view = HomeView {
        nav: Nav::new(&state, c, &o.inputs, o.bulletin.period, "home"),
        number: o.bulletin.number,
        as_of: cn_date(f.as_of),
        issue_date: snapshot.issue_date.value.map(cn_date).unwrap_or_default(),
        schedule: percent(Some(f.time_progress), 1),
        schedule_end: cn_date(campaign.schedule.end.value),
        headline: o.bulletin.headline.clone(),
        unit_noun: campaign.vocabulary.unit().to_string(),
        board: Board::of(&o.status, campaign),
        graded: !campaign.rules.grades.is_empty(),
        indicators: f
            .indicators
            .iter()
            .map(|i| indicator(i, f.time_progress, &campaign.rules))
            .collect(),
        trend: chart::headline_trend(
            &o.trend
                .iter()
                .map(|f| (f.period.to_string(), f))
                .collect::<Vec<_>>(),
        ),
        warnings: o.inputs.warnings.iter().map(|w| w.to_string()).collect(),
    };
    render(&state.inner.tera, "home.html", &view)
}
