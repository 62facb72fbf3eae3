//! The period's notices (督办单, 约谈通知书) on the publish page: who the campaign's rules select
//! and why, the drafts made (as `tongbao notices` makes them, each downloadable) and their
//! publication. The drafts live in `out/<期间>/notices/`, the CLI's place for them, so the
//! browser and the command line see the same drafts.

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Serialize;

use super::archive::content_type;
use super::collect::attachment;
use super::{PeriodQuery, campaign, form_period, percent_encode, read_plain_file};
use crate::format::{percent, points};
use crate::load::Inputs;
use crate::model::Period;
use crate::notice_draft;
use crate::progress::selection::{Ground, Reason};
use crate::render::Format;
use crate::serve::error::ServeError;
use crate::serve::state::{AppState, Campaign};
use crate::serve::work::{blocking, heavy};

/// The formats a notice is drafted in (those `tongbao notices` writes by default).
const FORMATS: [Format; 3] = [Format::Markdown, Format::Pdf, Format::Docx];

/// One notice the data calls for.
#[derive(Serialize)]
struct Due {
    kind: &'static str,
    name: String,
    doc_number: String,
    reasons: Vec<String>,
}

/// A drafted notice and its files.
#[derive(Serialize)]
struct Drafted {
    title: String,
    files: Vec<Link>,
}

#[derive(Serialize)]
struct Link {
    name: String,
    href: String,
}

/// What the publish page shows of the period's notices.
#[derive(Serialize)]
pub(super) struct NoticesView {
    /// Whether `campaign.yaml` asks for notices.
    asked: bool,
    /// Why the notices cannot be composed now.
    problem: Option<String>,
    due: Vec<Due>,
    drafts: Vec<Drafted>,
    /// The inputs changed since the drafts were made.
    changed: Vec<String>,
    /// The notices of the period in the archive.
    published: Vec<String>,
    /// Whether the drafts may be published (current, none published yet for the period).
    ready: bool,
    /// Whether the period's bulletin is published: the drafts then go out on their own, else
    /// with the bulletin.
    bulletin_out: bool,
}

/// One reason in words: `规则“最低”：居住区配套幼儿园完成率 41.7%，与序时进度差 -58.3 个百分点`.
fn reason_text(inputs: &Inputs, r: &Reason) -> String {
    let indicator = inputs
        .campaign
        .indicators
        .iter()
        .find(|i| i.id.value == r.indicator)
        .map_or(r.indicator.as_str(), |i| i.name.as_str());
    let t = &r.figures.tally;
    let head = match r.ground {
        Ground::Listed => "列入本期数据的通知名单（notices）".to_string(),
        Ground::Rule(_) => format!("规则“{}”", r.rule),
    };
    let mut text = format!("{head}：{indicator}完成率 {}", percent(t.rate, 1));
    if let Some(gap) = t.gap {
        text.push_str(&format!("，与序时进度差 {} 个百分点", points(Some(gap), 1)));
    }
    if let Some(n) = r.in_a_row {
        let earlier: Vec<String> = r
            .earlier_issues
            .iter()
            .map(|i| format!("第{}期", i.number))
            .collect();
        text.push_str(&format!("；连续 {n} 期进展滞后"));
        if !earlier.is_empty() {
            text.push_str(&format!("（{}和本期）", earlier.join("、")));
        }
    }
    text
}

/// The view of `board` for campaign `c`, period `period`; `bulletin_out`: whether the
/// period's bulletin is published.
pub(super) fn view(
    c: usize,
    period: Period,
    inputs: &Inputs,
    board: crate::NoticeBoard,
    bulletin_out: bool,
) -> NoticesView {
    let (due, problem) = match board.due {
        Ok(notices) => (
            notices
                .iter()
                .map(|n| Due {
                    kind: n.selection.kind.title(),
                    name: n.selection.name.clone(),
                    doc_number: n.document.front.doc_number.clone().unwrap_or_default(),
                    reasons: n
                        .selection
                        .reasons
                        .iter()
                        .map(|r| reason_text(inputs, r))
                        .collect(),
                })
                .collect(),
            None,
        ),
        Err(why) => (Vec::new(), Some(why)),
    };
    let drafts: Vec<Drafted> = board
        .drafted
        .iter()
        .flat_map(|r| r.notices.iter())
        .map(|e| Drafted {
            title: format!("{}的{}（{}）", e.name, e.kind.title(), e.doc_number),
            files: FORMATS
                .iter()
                .map(|f| {
                    let name = draft_file(&e.stem, *f);
                    Link {
                        href: format!("/c/{c}/notices/{}?period={period}", percent_encode(&name)),
                        name,
                    }
                })
                .collect(),
        })
        .collect();
    let published: Vec<String> = board
        .published
        .iter()
        .flat_map(|f| f.manifest.notices.iter())
        .map(|n| format!("{} {}（{}）", n.kind_title(), n.doc_number, n.name))
        .collect();
    NoticesView {
        asked: board.asked,
        ready: !drafts.is_empty() && board.changed.is_empty() && published.is_empty(),
        problem,
        due,
        drafts,
        changed: board.changed,
        published,
        bulletin_out,
    }
}

/// `督办单-沂南县` in `format`: `督办单-沂南县.pdf`.
fn draft_file(stem: &str, format: Format) -> String {
    let ext = format.file_name().rsplit('.').next().unwrap_or("md");
    format!("{stem}.{ext}")
}

/// The notices' draft folder of `period`.
fn folder(place: &Campaign, period: Period) -> std::path::PathBuf {
    place.draft_dir(period).join(notice_draft::FOLDER)
}

/// What both notice requests work on: the campaign, the period the form names, and the
/// campaign folder, its archive and the period's notices folder (owned, for the blocking task).
struct Request<'s> {
    place: &'s Campaign,
    period: Period,
    dir: std::path::PathBuf,
    archive: std::path::PathBuf,
    folder: std::path::PathBuf,
}

fn request<'s>(
    state: &'s AppState,
    c: usize,
    fields: &[(String, String)],
) -> Result<Request<'s>, ServeError> {
    let place = campaign(state, c)?;
    let period = form_period(fields)?;
    Ok(Request {
        place,
        period,
        dir: place.dir.clone(),
        archive: place.archive.clone(),
        folder: folder(place, period),
    })
}

/// `POST /c/{c}/notices` (`period`): drafts the notices the data calls for, as `tongbao
/// notices` does (an edited draft is never overwritten: the request is refused instead).
pub(in crate::serve) async fn draft(
    State(state): State<AppState>,
    Path(c): Path<usize>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Redirect, ServeError> {
    let Request {
        period,
        dir,
        archive,
        folder,
        ..
    } = request(&state, c, &fields)?;
    heavy(&state, move || {
        let inputs = crate::load(&dir)?;
        let (bulletin, notices) = crate::due_notices(&inputs, Some(period), &archive)?;
        if notices.is_empty() {
            return Err(crate::Error::Request(format!(
                "{period} 没有单位需要发通知（campaign.yaml 的 notices 规则未选中任何单位），未生成文件"
            )));
        }
        crate::draft_notices_into(
            &inputs,
            &bulletin,
            &notices,
            &FORMATS,
            crate::render::docx::Grid::default(),
            &folder,
            &archive,
        )
    })
    .await?;
    Ok(Redirect::to(&format!(
        "/c/{c}/publish?period={period}#notices"
    )))
}

/// `POST /c/{c}/notices/publish` (`period`): publishes the drafted notices of a period whose
/// bulletin is published (as `tongbao notices --publish`).
pub(in crate::serve) async fn publish(
    State(state): State<AppState>,
    Path(c): Path<usize>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Redirect, ServeError> {
    let Request {
        place,
        period,
        dir,
        archive,
        folder,
    } = request(&state, c, &fields)?;
    let _one_at_a_time = place.publishing.lock().await;
    let published = heavy(&state, move || {
        let inputs = crate::load(&dir)?;
        crate::publish_notices(&crate::NoticesRequest {
            inputs: &inputs,
            period: Some(period),
            drafts: Some(&folder),
            archive: &archive,
            grid: crate::render::docx::Grid::default(),
        })
    })
    .await?;
    Ok(Redirect::to(&format!(
        "/c/{c}/archive?published={}",
        percent_encode(&notices_label(&published.manifest))
    )))
}

/// `第4期通报所列通知 3 份`.
fn notices_label(m: &crate::archive::notices::NoticesManifest) -> String {
    format!("第{}期通报所列通知 {} 份", m.issue, m.notices.len())
}

/// `GET /c/{c}/notices/{file}?period=…`: one file of a drafted notice — only a name the
/// drafts' record lists (its stem with `.md`, `.pdf` or `.docx`).
pub(in crate::serve) async fn download(
    State(state): State<AppState>,
    Path((c, file)): Path<(usize, String)>,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, ServeError> {
    let place = campaign(&state, c)?;
    let period = q.period()?.ok_or_else(|| {
        ServeError::refused(StatusCode::UNPROCESSABLE_ENTITY, "缺少期间（period）")
    })?;
    let folder = folder(place, period);
    let found = blocking(move || {
        let record = notice_draft::read_record(&folder).map_err(crate::Error::Request)?;
        let listed = record
            .iter()
            .flat_map(|r| r.notices.iter())
            .any(|e| FORMATS.iter().any(|f| draft_file(&e.stem, *f) == file));
        Ok(listed.then(|| (read_plain_file(&folder.join(&file)), file)))
    })
    .await?;
    let Some((Ok(bytes), name)) = found else {
        return Err(ServeError::refused(
            StatusCode::NOT_FOUND,
            "没有这份通知草稿：请先在“审核发布”页生成通知草稿",
        ));
    };
    let kind = content_type(&name);
    let disposition = if kind == "application/pdf" {
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
