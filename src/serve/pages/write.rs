//! Writing the month: the words in plain fields saved into the snapshot, the draft built and
//! previewed as the HTML bulletin, its PDF and DOCX downloadable, its wording editable with
//! the publish review beside it.

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};

use super::collect::attachment;
use super::{Nav, PeriodQuery, campaign, form_field, form_period, read_plain_file};
use crate::model::{Date, PeriodKind};
use crate::serve::error::ServeError;
use crate::serve::state::AppState;
use crate::serve::view::render;
use crate::serve::work::{blocking, heavy};
use crate::wording::Words;

#[derive(Serialize)]
struct ListView {
    title: String,
    items: String,
}

#[derive(Serialize)]
struct View {
    nav: Nav,
    /// The period whose snapshot holds the words (a quarter's: its latest month's).
    words_period: String,
    issue_date: String,
    summary: String,
    instruction: String,
    problems: String,
    demands: String,
    lists: Vec<ListView>,
    draft: Option<String>,
    errors: Vec<String>,
    warnings: Vec<String>,
    review_failed: Option<String>,
    saved: bool,
}

/// `GET /c/{c}/write`.
pub(in crate::serve) async fn page(
    State(state): State<AppState>,
    Path(c): Path<usize>,
    Query(q): Query<WriteQuery>,
) -> Result<Html<String>, ServeError> {
    let place = campaign(&state, c)?;
    let period = q.period.period()?;
    let (dir, archive) = (place.dir.clone(), place.archive.clone());
    let draft_dir = match period {
        Some(p) => place.draft_dir(p),
        None => {
            let d = dir.clone();
            let latest = blocking(move || {
                let inputs = crate::load(&d)?;
                Ok(inputs.snapshots[inputs.snapshot_at(None)?].period.value)
            })
            .await?;
            place.draft_dir(latest)
        }
    };
    let desk = heavy(&state, move || {
        crate::desk(&dir, period, &draft_dir, &archive)
    })
    .await?;
    let snapshot = &desk.inputs.snapshots[desk.index];
    let w = &desk.words;
    let mut lists: Vec<ListView> = w
        .lists
        .iter()
        .map(|(t, items)| ListView {
            title: t.clone(),
            items: items.join("\n"),
        })
        .collect();
    lists.push(ListView {
        title: String::new(),
        items: String::new(),
    });
    let (errors, warnings, review_failed) = match desk.review {
        Some(Ok(r)) => (r.errors, r.warnings, None),
        Some(Err(e)) => (Vec::new(), Vec::new(), Some(e)),
        None => (Vec::new(), Vec::new(), None),
    };
    let view = View {
        nav: Nav::new(
            &state,
            c,
            &desk.inputs,
            period.unwrap_or(snapshot.period.value),
            "write",
        ),
        words_period: snapshot.period.value.to_string(),
        issue_date: snapshot
            .issue_date
            .value
            .map(|d| d.to_string())
            .unwrap_or_default(),
        summary: w.summary.clone(),
        instruction: w.instruction.clone(),
        problems: w.problems.join("\n"),
        demands: w.demands.join("\n"),
        lists,
        draft: desk.draft,
        errors,
        warnings,
        review_failed,
        saved: q.saved.is_some(),
    };
    render(&state.inner.tera, "write.html", &view)
}

#[derive(Deserialize)]
pub(in crate::serve) struct WriteQuery {
    #[serde(flatten)]
    period: PeriodQuery,
    #[serde(default)]
    saved: Option<String>,
}

fn unprocessable(m: String) -> ServeError {
    ServeError::refused(StatusCode::UNPROCESSABLE_ENTITY, m)
}

fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::to_string).collect()
}

/// The form's fields, in order (list titles and names come as `list_title` / `list_items`
/// pairs).
fn words_of(fields: &[(String, String)]) -> Words {
    let mut w = Words::default();
    let mut titles = Vec::new();
    let mut items = Vec::new();
    for (k, v) in fields {
        match k.as_str() {
            "summary" => w.summary = v.clone(),
            "instruction" => w.instruction = v.clone(),
            "problems" => w.problems = lines(v),
            "demands" => w.demands = lines(v),
            "list_title" => titles.push(v.clone()),
            "list_items" => items.push(
                v.split(['\n', '、', '，', ','])
                    .map(|s| s.trim().to_string())
                    .collect(),
            ),
            _ => {}
        }
    }
    w.lists = titles.into_iter().zip(items).collect();
    w
}

/// `POST /c/{c}/write`: saves the words into the snapshot, then builds the draft.
pub(in crate::serve) async fn save(
    State(state): State<AppState>,
    Path(c): Path<usize>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Redirect, ServeError> {
    let place = campaign(&state, c)?;
    let period = form_period(&fields)?;
    if period.kind() == PeriodKind::Quarter {
        return Err(unprocessable(format!(
            "{period} 是季度：季度督导通报全部由各月数据生成，没有需要填写的文字（各月的文字在各月的“撰写”页填写）"
        )));
    }
    let issue_date: Option<Date> = match form_field(&fields, "issue_date") {
        None | Some("") => None,
        Some(d) => Some(
            d.parse()
                .map_err(|e| unprocessable(format!("印发日期有误：{e}")))?,
        ),
    };
    let words = words_of(&fields);
    let (dir, archive, draft) = (
        place.dir.clone(),
        place.archive.clone(),
        place.draft_dir(period),
    );
    heavy(&state, move || {
        crate::save_words(&dir, period, issue_date, &words)?;
        let inputs = crate::load(&dir)?;
        crate::build_draft_into(&inputs, Some(period), &archive, &draft)
    })
    .await?;
    Ok(Redirect::to(&format!(
        "/c/{c}/write?period={period}&saved=1#saved"
    )))
}

/// `POST /c/{c}/draft`: builds the draft from the data as it is.
pub(in crate::serve) async fn build(
    State(state): State<AppState>,
    Path(c): Path<usize>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Redirect, ServeError> {
    let place = campaign(&state, c)?;
    let period = form_period(&fields)?;
    let (dir, archive, draft) = (
        place.dir.clone(),
        place.archive.clone(),
        place.draft_dir(period),
    );
    heavy(&state, move || {
        let inputs = crate::load(&dir)?;
        crate::build_draft_into(&inputs, Some(period), &archive, &draft)
    })
    .await?;
    Ok(Redirect::to(&format!(
        "/c/{c}/write?period={period}#preview"
    )))
}

/// `POST /c/{c}/wording`: the draft's edited `bulletin.md`, rendered again.
pub(in crate::serve) async fn wording(
    State(state): State<AppState>,
    Path(c): Path<usize>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Redirect, ServeError> {
    let place = campaign(&state, c)?;
    let period = form_period(&fields)?;
    // Browsers send text areas with CRLF line ends; the draft is written with LF.
    let markdown = fields
        .iter()
        .find(|(k, _)| k == "markdown")
        .map(|(_, v)| v.replace("\r\n", "\n"))
        .ok_or_else(|| unprocessable("缺少草稿文字".to_string()))?;
    let draft = place.draft_dir(period);
    heavy(&state, move || crate::save_wording(&draft, &markdown)).await?;
    Ok(Redirect::to(&format!(
        "/c/{c}/write?period={period}#wording"
    )))
}

/// The draft files that may be downloaded, with their types.
const DRAFT_FILES: &[(&str, &str)] = &[
    ("bulletin.html", "text/html; charset=utf-8"),
    ("bulletin.pdf", "application/pdf"),
    (
        "bulletin.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    ("bulletin.md", "text/markdown; charset=utf-8"),
];

/// `GET /c/{c}/draft/{file}?period=…`: one of the draft's files (only those four names).
pub(in crate::serve) async fn download(
    State(state): State<AppState>,
    Path((c, file)): Path<(usize, String)>,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, ServeError> {
    let place = campaign(&state, c)?;
    let period = q
        .period()?
        .ok_or_else(|| unprocessable("缺少期间（period）".to_string()))?;
    let &(name, kind) = DRAFT_FILES
        .iter()
        .find(|(n, _)| *n == file)
        .ok_or_else(|| ServeError::refused(StatusCode::NOT_FOUND, "没有这个文件"))?;
    let path = place.draft_dir(period).join(name);
    let bytes = blocking(move || {
        read_plain_file(&path).map_err(|_| {
            crate::Error::Request(format!("还没有 {period} 的草稿：请先在“撰写”页生成草稿"))
        })
    })
    .await?;
    let disposition = if name.ends_with(".html") {
        "inline".to_string()
    } else {
        attachment(&format!("{period}-{name}"))
    };
    Ok((
        [
            (header::CONTENT_TYPE, kind.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}
