//! Publishing: the review of the draft, then publish with numbered copies and the notices
//! drafted for the period ([`super::notices`]). One publish of a campaign runs at a time: a
//! second tab's publish waits, then is refused as already published.

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, Redirect};
use serde::Serialize;

use super::notices::NoticesView;
use super::{Nav, PeriodQuery, campaign, form_field, form_period, percent_encode};
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
    notices: NoticesView,
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
    let (desk, slot, board) = heavy(&state, move || {
        let desk = crate::desk(&dir, Some(period), &draft_dir, &a)?;
        let slot = crate::slot(&desk.inputs, Some(period), &a)?;
        let folder = draft_dir.join(crate::notice_draft::FOLDER);
        let board = crate::notice_board(&desk.inputs, Some(period), &folder, &a)?;
        Ok((desk, slot, board))
    })
    .await?;
    let (errors, warnings, review_failed) = match desk.review {
        Some(Ok(r)) => (r.errors, r.warnings, None),
        Some(Err(e)) => (Vec::new(), Vec::new(), Some(e)),
        None => (Vec::new(), Vec::new(), None),
    };
    let notices = super::notices::view(c, period, &desk.inputs, board, slot.published_as.is_some());
    let view = View {
        notices,
        nav: Nav::new(&state, c, &desk.inputs, period, "publish"),
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

/// `POST /c/{c}/publish` (`period`, `copies`, `force`, `notices`): publishes the period's
/// draft, then (with `notices`) the notices drafted beside it.
pub(in crate::serve) async fn publish(
    State(state): State<AppState>,
    Path(c): Path<usize>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Redirect, ServeError> {
    let place = campaign(&state, c)?;
    let period = form_period(&fields)?;
    let copies = form_field(&fields, "copies").is_some();
    let force = form_field(&fields, "force").is_some();
    let with_notices = form_field(&fields, "notices").is_some();
    let (dir, archive, draft) = (
        place.dir.clone(),
        place.archive.clone(),
        place.draft_dir(period),
    );
    let key = state.inner.key.clone();
    // Two tabs publishing at once: the second waits here, then finds the period published.
    let _one_at_a_time = place.publishing.lock().await;
    let (label, notices) = heavy(&state, move || {
        let inputs = crate::load(&dir)?;
        let grid = crate::render::docx::Grid::default();
        let outcome = crate::publish::publish(&crate::publish::Request {
            inputs: &inputs,
            period: Some(period),
            draft: Some(&draft),
            archive: &archive,
            revise: false,
            copies,
            force,
            docx_grid: grid,
            key: key.as_deref(),
        })?;
        let label = outcome.published.manifest.label();
        if !with_notices {
            return Ok((label, Ok(None)));
        }
        // The bulletin is in the archive now, whatever the notices come to.
        let notices = crate::publish_drafted_notices(&inputs, period, &draft, &archive, grid);
        Ok((label, notices))
    })
    .await?;
    let label = match notices {
        Ok(None) => label,
        Ok(Some(n)) => format!("{label}，同时发布通知 {} 份", n.manifest.notices.len()),
        Err(e) => {
            return Err(ServeError::refused(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!(
                    "通报已发布为{label}（已存档）；但通知没有发布：{e}\n请到“审核发布”页重新生成通知草稿，再点“发布通知”。"
                ),
            ));
        }
    };
    Ok(Redirect::to(&format!(
        "/c/{c}/archive?published={}",
        percent_encode(&label)
    )))
}
