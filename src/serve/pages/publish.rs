//! Publishing: the review of the draft, then publish with numbered copies. One publish of a
//! campaign runs at a time: a second tab's publish waits, then is refused as already published.

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, Redirect};
use serde::Serialize;

use super::{Nav, PeriodQuery, campaign, percent_encode};
use crate::model::Period;
use crate::serve::error::ServeError;
use crate::serve::state::AppState;
use crate::serve::view::render;
use crate::serve::work::{blocking, heavy};

#[derive(Serialize)]
struct View {
    nav: Nav,
    number: u64,
    published_as: Option<String>,
    draft: bool,
    errors: Vec<String>,
    warnings: Vec<String>,
    review_failed: Option<String>,
    recipients: Vec<String>,
}

/// `GET /c/{c}/publish`.
pub(in crate::serve) async fn page(
    State(state): State<AppState>,
    Path(c): Path<usize>,
    Query(q): Query<PeriodQuery>,
) -> Result<Html<String>, ServeError> {
    let place = campaign(&state, c)?;
    let asked = q.period()?;
    let (dir, archive) = (place.dir.clone(), place.archive.clone());
    let period = match asked {
        Some(p) => p,
        None => {
            let d = dir.clone();
            blocking(move || {
                let inputs = crate::load(&d)?;
                Ok(inputs.snapshots[inputs.snapshot_at(None)?].period.value)
            })
            .await?
        }
    };
    let draft_dir = place.draft_dir(period);
    let a = archive.clone();
    let (desk, slot) = heavy(&state, move || {
        let desk = crate::desk(&dir, Some(period), &draft_dir, &a)?;
        let slot = crate::slot(&desk.inputs, Some(period), &a)?;
        Ok((desk, slot))
    })
    .await?;
    let (errors, warnings, review_failed) = match desk.review {
        Some(Ok(r)) => (r.errors, r.warnings, None),
        Some(Err(e)) => (Vec::new(), Vec::new(), Some(e)),
        None => (Vec::new(), Vec::new(), None),
    };
    let view = View {
        nav: Nav::new(&state, c, &desk.inputs.campaign.name, period, "publish"),
        number: slot.number,
        published_as: slot.published_as.clone(),
        draft: desk.draft.is_some(),
        errors,
        warnings,
        review_failed,
        recipients: crate::archive::copies::recipients(&desk.inputs.campaign)
            .into_iter()
            .map(|(name, kind)| format!("{name}（{kind}）"))
            .collect(),
    };
    render(&state.inner.tera, "publish.html", &view)
}

/// `POST /c/{c}/publish` (`period`, `copies`, `force`): publishes the period's draft.
pub(in crate::serve) async fn publish(
    State(state): State<AppState>,
    Path(c): Path<usize>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Redirect, ServeError> {
    let place = campaign(&state, c)?;
    let get = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
    };
    let period: Period = get("period").unwrap_or("").parse().map_err(|e: String| {
        ServeError::refused(StatusCode::UNPROCESSABLE_ENTITY, format!("期间有误：{e}"))
    })?;
    let copies = get("copies").is_some();
    let force = get("force").is_some();
    let (dir, archive, draft) = (
        place.dir.clone(),
        place.archive.clone(),
        place.draft_dir(period),
    );
    let key = state.inner.key.clone();
    // Two tabs publishing at once: the second waits here, then finds the period published.
    let _one_at_a_time = place.publishing.lock().await;
    let label = heavy(&state, move || {
        let inputs = crate::load(&dir)?;
        let outcome = crate::publish::publish(&crate::publish::Request {
            inputs: &inputs,
            period: Some(period),
            draft: Some(&draft),
            archive: &archive,
            revise: false,
            copies,
            force,
            docx_grid: crate::render::docx::Grid::default(),
            key: key.as_deref(),
        })?;
        Ok(outcome.published.manifest.label())
    })
    .await?;
    Ok(Redirect::to(&format!(
        "/c/{c}/archive?published={}",
        percent_encode(&label)
    )))
}
