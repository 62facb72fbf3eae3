//! Collecting the counties' returns: the forms to send out, many returns dropped at once, each
//! problem on its unit's row with its cell, and the 催报 message for the units not yet in.

use axum::body::Bytes;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};

use super::{Nav, PeriodQuery, campaign};
use crate::model::{Date, Period};
use crate::returns::{self, MAX_FILE_BYTES, MAX_FILES, State as Reported};
use crate::serve::error::ServeError;
use crate::serve::state::AppState;
use crate::serve::view::render;
use crate::serve::work::{blocking, heavy};

#[derive(Serialize, Default)]
struct UnitRow {
    name: String,
    /// 已报 / 未报 / 与上月相同 / 有误 / 待导入.
    state: String,
    file: String,
    stored: String,
    problems: Vec<String>,
    form: String,
}

#[derive(Serialize)]
struct View {
    nav: Nav,
    /// The periods a return may be for: the latest and the next.
    periods: Vec<String>,
    /// Whether the period has no snapshot yet (the upload then asks for its 印发日期).
    new_period: bool,
    rows: Vec<UnitRow>,
    /// Problems no unit's file explains (a summary table's, the whole import's).
    other_problems: Vec<String>,
    refused: Vec<String>,
    imported: Option<String>,
    warnings: Vec<String>,
    missing: Vec<String>,
    /// The units whose returns have problems.
    wrong: Vec<String>,
    reminder: String,
    max_files: usize,
    max_mb: usize,
}

/// What the page is drawn from: the campaign as loaded, and what an upload just came to.
struct Seen {
    inputs: crate::load::Inputs,
    period: Period,
    collection: Option<crate::Collection>,
}

fn problem_text(d: &crate::diagnostic::Diagnostic) -> String {
    let mut at = String::new();
    if !d.path.is_empty() {
        at.push_str(&format!("[{}] ", d.path));
    }
    if let Some(line) = d.line {
        at.push_str(&format!("第 {line} 行 "));
    }
    format!("{at}{}", d.message)
}

fn view(state: &AppState, c: usize, seen: &Seen) -> View {
    let inputs = &seen.inputs;
    let period = seen.period;
    let index = inputs.snapshot_index(Some(period));
    let files = seen
        .collection
        .as_ref()
        .map(|x| x.files.clone())
        .unwrap_or_default();
    let names: Vec<&str> = inputs
        .campaign
        .units
        .iter()
        .map(|u| u.name.as_str())
        .collect();
    let board = index.map(|i| returns::board(inputs, i, &files));
    let problems = seen
        .collection
        .as_ref()
        .map(|x| x.problems.as_slice())
        .unwrap_or_default();
    let mut other_problems = Vec::new();
    let mut rows: Vec<UnitRow> = inputs
        .campaign
        .units
        .iter()
        .enumerate()
        .map(|(u, unit)| {
            let file = files
                .iter()
                .rev()
                .find(|f| returns::owner(&f.name, &names) == Some(u));
            let state = board
                .as_ref()
                .map(|b| b[u].state)
                .unwrap_or(Reported::Missing);
            UnitRow {
                name: unit.name.clone(),
                state: match (state, file.is_some()) {
                    (Reported::Missing, true) => "待导入".to_string(),
                    (s, _) => serde_json::to_value(s)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default(),
                },
                file: file.map(|f| f.name.clone()).unwrap_or_default(),
                stored: file.and_then(|f| f.stored.clone()).unwrap_or_default(),
                problems: Vec::new(),
                form: format!("/c/{c}/form.xlsx?period={period}&unit={}", unit.id.value),
            }
        })
        .collect();
    for d in problems.iter().filter(|d| d.is_error()) {
        let name = d.file.file_name().and_then(|n| n.to_str()).unwrap_or("");
        // A problem that names other units (“缺少 2 个县区的数据：罗庄区、费县”) is not the
        // problem of the unit whose file it was reported against.
        let owner = returns::owner(name, &names).filter(|&u| {
            !names
                .iter()
                .enumerate()
                .any(|(o, n)| o != u && !names[u].contains(n) && d.message.contains(n))
        });
        match owner {
            Some(u) => {
                rows[u].problems.push(problem_text(d));
                rows[u].state = "有误".to_string();
            }
            None => other_problems.push(d.to_string()),
        }
    }
    let missing: Vec<String> = rows
        .iter()
        .filter(|r| r.state == "未报" || r.state == "有误")
        .map(|r| r.name.clone())
        .collect();
    let latest = inputs.snapshots.last().map(|s| s.period.value);
    let mut periods: Vec<String> = latest.iter().map(ToString::to_string).collect();
    if let Some(next) = latest.map(Period::next) {
        periods.push(next.to_string());
    }
    if !periods.contains(&period.to_string()) {
        periods.push(period.to_string());
    }
    let collection = seen.collection.as_ref();
    View {
        nav: Nav::new(state, c, &inputs.campaign.name, period, "collect"),
        periods,
        new_period: index.is_none(),
        reminder: reminder(inputs, period, &missing),
        wrong: rows
            .iter()
            .filter(|r| r.state == "有误")
            .map(|r| r.name.clone())
            .collect(),
        missing,
        rows,
        other_problems,
        refused: collection.map(|x| x.refused.clone()).unwrap_or_default(),
        imported: collection.and_then(|x| x.imported.as_ref()).map(|o| {
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
        warnings: collection
            .map(|x| {
                let mut w: Vec<String> = x
                    .problems
                    .iter()
                    .filter(|d| !d.is_error())
                    .map(|d| d.to_string())
                    .collect();
                if let Some(o) = &x.imported {
                    w.extend(o.warnings.iter().map(|d| d.to_string()));
                }
                w
            })
            .unwrap_or_default(),
        max_files: MAX_FILES,
        max_mb: MAX_FILE_BYTES / (1024 * 1024),
    }
}

/// The 催报 message for the units not yet in.
fn reminder(inputs: &crate::load::Inputs, period: Period, missing: &[String]) -> String {
    if missing.is_empty() {
        return String::new();
    }
    let c = &inputs.campaign;
    format!(
        "【催报】{}：请尽快报送{}年{}月{}进展情况（累计完成数），填报表见附件。{}",
        crate::format::join_cn(missing, None),
        period.year,
        period.month,
        c.name,
        c.office.short_name
    )
}

/// `GET /c/{c}/collect`.
pub(in crate::serve) async fn page(
    State(state): State<AppState>,
    Path(c): Path<usize>,
    Query(q): Query<PeriodQuery>,
) -> Result<Html<String>, ServeError> {
    let dir = campaign(&state, c)?.dir.clone();
    let asked = q.period()?;
    let seen = blocking(move || {
        let inputs = crate::load(&dir)?;
        let period = match asked {
            Some(p) => p,
            None => inputs
                .snapshot_at(None)
                .map(|i| inputs.snapshots[i].period.value)?,
        };
        let files = returns::list(&dir, period)?;
        Ok(Seen {
            inputs,
            period,
            collection: Some(crate::Collection {
                files,
                ..crate::Collection::default()
            }),
        })
    })
    .await?;
    render(&state.inner.tera, "collect.html", &view(&state, c, &seen))
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
    let (d, u) = (dir.clone(), uploads);
    let collection = heavy(&state, move || crate::collect(&d, period, issue_date, &u)).await?;
    let seen = blocking(move || {
        Ok(Seen {
            inputs: crate::load(&dir)?,
            period,
            collection: Some(collection),
        })
    })
    .await?;
    render(&state.inner.tera, "collect.html", &view(&state, c, &seen))
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

/// `POST /c/{c}/new-month`: the next month's snapshot (as `tongbao new-month`).
pub(in crate::serve) async fn new_month(
    State(state): State<AppState>,
    Path(c): Path<usize>,
) -> Result<Redirect, ServeError> {
    let dir = campaign(&state, c)?.dir.clone();
    let path = blocking(move || {
        let inputs = crate::load(&dir)?;
        Ok(crate::month::create(&inputs, None)?)
    })
    .await?;
    let period = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_string();
    Ok(Redirect::to(&format!("/c/{c}/write?period={period}")))
}
