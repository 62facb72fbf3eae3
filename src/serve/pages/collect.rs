//! Collecting the counties' returns: the forms to send out, many returns dropped at once, each
//! problem on its unit's row with its cell, and the 催报 message for the units not yet in.

use axum::body::Bytes;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde::{Deserialize, Serialize};

use super::board::Board;
use super::{Nav, PeriodOption, PeriodQuery, campaign};
use crate::model::{Date, Period, PeriodKind};
use crate::returns::{MAX_FILE_BYTES, MAX_FILES};
use crate::serve::error::ServeError;
use crate::serve::state::AppState;
use crate::serve::view::render;
use crate::serve::work::{blocking, heavy};

#[derive(Serialize)]
struct View {
    nav: Nav,
    /// The periods whose returns come next (after the latest month, the latest week).
    next_periods: Vec<PeriodOption>,
    /// Whether the period has no snapshot yet (the upload then asks for its 印发日期).
    new_period: bool,
    /// Each unit's row, as `tongbao status` says it.
    board: Board,
    /// The board's rows offer their unit's form.
    forms: bool,
    refused: Vec<String>,
    imported: Option<String>,
    warnings: Vec<String>,
    max_files: usize,
    max_mb: usize,
    /// The quarter asked for, when the page shows its latest month (a quarter has no returns).
    quarter: Option<String>,
}

fn view(
    state: &AppState,
    c: usize,
    intake: &crate::Intake,
    asked: Option<Period>,
    upload: Option<&Upload>,
) -> View {
    let inputs = &intake.inputs;
    let period = intake.status.period;
    // Each kind the campaign reports in (months, weeks): the period after its latest.
    let next_periods = [PeriodKind::Month, PeriodKind::Week]
        .into_iter()
        .filter_map(|k| inputs.latest_of(k))
        .map(|i| inputs.snapshots[i].period.value.next())
        .filter(|&p| p != period)
        .map(|p| PeriodOption {
            value: p.to_string(),
            label: crate::format::cn_period(p),
        })
        .collect();
    View {
        nav: Nav::new(state, c, inputs, period, "collect"),
        next_periods,
        new_period: intake.status.index.is_none(),
        board: Board::of(&intake.status, &inputs.campaign),
        forms: true,
        refused: upload.map(|u| u.refused.clone()).unwrap_or_default(),
        imported: upload.and_then(|u| u.imported.clone()),
        warnings: upload.map(|u| u.warnings.clone()).unwrap_or_default(),
        max_files: MAX_FILES,
        max_mb: MAX_FILE_BYTES / (1024 * 1024),
        quarter: asked
            .filter(|p| p.kind() == PeriodKind::Quarter)
            .map(crate::format::cn_period),
    }
}

/// What an upload came to, beyond the status: the files refused before they were stored,
/// what the import wrote and its warnings.
struct Upload {
    refused: Vec<String>,
    imported: Option<String>,
    warnings: Vec<String>,
}

impl Upload {
    fn of(x: &crate::Collection) -> Upload {
        let mut warnings: Vec<String> = x
            .problems
            .iter()
            .filter(|d| !d.is_error())
            .map(|d| d.to_string())
            .collect();
        if let Some(o) = &x.imported {
            warnings.extend(o.warnings.iter().map(|d| d.to_string()));
        }
        Upload {
            refused: x.refused.clone(),
            imported: x.imported.as_ref().map(|o| {
                format!(
                    "已导入 {} 行数据，写入 snapshots/{}{}",
                    o.rows,
                    o.snapshot
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                    if o.checked {
                        "，检查通过"
                    } else {
                        "；请在“撰写”中填写印发日期"
                    }
                )
            }),
            warnings,
        }
    }
}

/// `GET /c/{c}/collect`.
pub(in crate::serve) async fn page(
    State(state): State<AppState>,
    Path(c): Path<usize>,
    Query(q): Query<PeriodQuery>,
) -> Result<Html<String>, ServeError> {
    let dir = campaign(&state, c)?.dir.clone();
    let asked = q.period()?;
    let intake = blocking(move || crate::intake(&dir, asked)).await?;
    render(
        &state.inner.tera,
        "collect.html",
        &view(&state, c, &intake, asked, None),
    )
}

/// `POST /c/{c}/collect` (multipart: `period`, `issue_date`, `files`…): stores the returns
/// and imports the period's returns.
pub(in crate::serve) async fn upload(
    State(state): State<AppState>,
    Path(c): Path<usize>,
    mut multipart: Multipart,
) -> Result<Html<String>, ServeError> {
    let dir = campaign(&state, c)?.dir.clone();
    let bad = |m: String| ServeError::refused(StatusCode::UNPROCESSABLE_ENTITY, m);
    let mut period: Option<Period> = None;
    let mut issue_date: Option<Date> = None;
    let mut uploads: Vec<(String, Vec<u8>)> = Vec::new();
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| bad(format!("上传的内容不完整或过大（{e}）")))?
    {
        match field.name().unwrap_or("") {
            "period" => {
                let text = field.text().await.map_err(|e| bad(e.to_string()))?;
                period = Some(
                    text.trim()
                        .parse()
                        .map_err(|e| bad(format!("期间有误：{e}")))?,
                );
            }
            "issue_date" => {
                let text = field.text().await.map_err(|e| bad(e.to_string()))?;
                if !text.trim().is_empty() {
                    issue_date = Some(
                        text.trim()
                            .parse()
                            .map_err(|e| bad(format!("印发日期有误：{e}")))?,
                    );
                }
            }
            "files" => {
                let name = field.file_name().unwrap_or("").to_string();
                if uploads.len() >= MAX_FILES {
                    return Err(bad(format!("一次最多上传 {MAX_FILES} 个文件")));
                }
                let bytes: Bytes = field
                    .bytes()
                    .await
                    .map_err(|e| bad(format!("文件“{name}”上传不完整或过大（{e}）")))?;
                if name.is_empty() && bytes.is_empty() {
                    continue; // the empty file input of a form sent with no file
                }
                uploads.push((name, bytes.to_vec()));
            }
            _ => {}
        }
    }
    let period = period.ok_or_else(|| bad("缺少期间（period）".to_string()))?;
    let collection = heavy(&state, move || {
        crate::collect(&dir, period, issue_date, &uploads)
    })
    .await?;
    let upload = Upload::of(&collection);
    render(
        &state.inner.tera,
        "collect.html",
        &view(&state, c, &collection.intake, Some(period), Some(&upload)),
    )
}

#[derive(Deserialize)]
pub(in crate::serve) struct FormQuery {
    period: String,
    #[serde(default)]
    unit: Option<String>,
}

/// `GET /c/{c}/form.xlsx?period=…[&unit=…]`: the reporting form.
pub(in crate::serve) async fn form(
    State(state): State<AppState>,
    Path(c): Path<usize>,
    Query(q): Query<FormQuery>,
) -> Result<Response, ServeError> {
    let dir = campaign(&state, c)?.dir.clone();
    let period: Period = q.period.trim().parse().map_err(|e: String| {
        ServeError::refused(StatusCode::UNPROCESSABLE_ENTITY, format!("期间有误：{e}"))
    })?;
    let unit = q.unit.filter(|u| !u.trim().is_empty());
    let (name, bytes) = heavy(&state, move || {
        crate::form_file(&dir, period, unit.as_deref())
    })
    .await?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
            ),
            (header::CONTENT_DISPOSITION, attachment(&name)),
        ],
        bytes,
    )
        .into_response())
}

/// A `Content-Disposition` naming a download (RFC 6266/5987: UTF-8, percent-encoded).
pub(in crate::serve) fn attachment(name: &str) -> String {
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("attachment; filename=\"download\"; filename*=UTF-8''{encoded}")
}
