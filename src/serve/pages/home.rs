//! The campaign's home: the period, the reporting board, the figures at a glance (headline,
//! ranking with rank change) and the charts.

use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Serialize;

use super::{Nav, PeriodQuery, campaign, change};
use crate::format::{cn_date, percent, points};
use crate::progress::{Class, IndicatorFigures};
use crate::render::chart;
use crate::returns::{BoardRow, State as Reported};
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
}

#[derive(Serialize)]
struct IndicatorView {
    name: String,
    total: String,
    chart: String,
    rows: Vec<RankRow>,
}

#[derive(Serialize)]
struct BoardView {
    name: String,
    state: Reported,
    file: String,
    stored: String,
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
    reported: usize,
    unchanged: usize,
    missing: usize,
    board: Vec<BoardView>,
    indicators: Vec<IndicatorView>,
    trend: String,
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

fn indicator(ind: &IndicatorFigures, schedule: f64) -> IndicatorView {
    let t = &ind.total;
    let bars: Vec<chart::Bar> = ind
        .ranking
        .iter()
        .map(|u| chart::Bar {
            label: u.name.clone(),
            rate: u.tally.rate,
        })
        .collect();
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
        chart: chart::rates(&format!("{}各单位完成率", ind.name), &bars, schedule),
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
            })
            .collect(),
    }
}

fn board(rows: &[BoardRow]) -> Vec<BoardView> {
    rows.iter()
        .map(|r| BoardView {
            name: r.name.clone(),
            state: r.state,
            file: r.file.as_ref().map(|f| f.name.clone()).unwrap_or_default(),
            stored: r
                .file
                .as_ref()
                .and_then(|f| f.stored.clone())
                .unwrap_or_default(),
        })
        .collect()
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
    let snapshot = &o.inputs.snapshots[o.bulletin.index];
    let count = |s: Reported| o.board.iter().filter(|r| r.state == s).count();
    let view = HomeView {
        nav: Nav::new(
            &state,
            c,
            &o.inputs.campaign.name,
            o.bulletin.period,
            "home",
        ),
        number: o.bulletin.number,
        as_of: cn_date(f.as_of),
        issue_date: snapshot.issue_date.value.map(cn_date).unwrap_or_default(),
        schedule: percent(Some(f.time_progress), 1),
        schedule_end: cn_date(o.inputs.campaign.schedule.end.value),
        headline: o.bulletin.headline.clone(),
        reported: count(Reported::Reported),
        unchanged: count(Reported::Unchanged),
        missing: count(Reported::Missing),
        board: board(&o.board),
        indicators: f
            .indicators
            .iter()
            .map(|i| indicator(i, f.time_progress))
            .collect(),
        trend: chart::trend("完成率逐期趋势", &o.trend),
        warnings: o.inputs.warnings.iter().map(|w| w.to_string()).collect(),
    };
    render(&state.inner.tera, "home.html", &view)
}
