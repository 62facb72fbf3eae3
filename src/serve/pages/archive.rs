//! The archive: every issue with its files, the index, what verification finds, and each file
//! downloadable — only a file the archive lists, by its exact relative path.

use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde::{Deserialize, Serialize};

use super::collect::attachment;
use super::{Nav, campaign, percent_encode, read_plain_file};
use crate::serve::error::ServeError;
use crate::serve::state::AppState;
use crate::serve::view::render;
use crate::serve::work::blocking;

#[derive(Serialize)]
struct FileLink {
    name: String,
    href: String,
}

#[derive(Serialize)]
struct IssueView {
    label: String,
    period: String,
    date: String,
    title: String,
    headline: String,
    copies: usize,
    files: Vec<FileLink>,
}

#[derive(Serialize)]
struct NoticeLine {
    title: String,
    rules: String,
    files: Vec<FileLink>,
}

/// One publication of notices (`archive/notices/<folder>/`).
#[derive(Serialize)]
struct NoticesIssue {
    label: String,
    date: String,
    notices: Vec<NoticeLine>,
    manifest: FileLink,
}

#[derive(Serialize)]
struct View {
    nav: Nav,
    exists: bool,
    published: Option<String>,
    issues: Vec<IssueView>,
    notices: Vec<NoticesIssue>,
    unreadable: Vec<String>,
    valid: bool,
    checked_issues: usize,
    checked_files: usize,
    checked_notices: usize,
    problems: Vec<String>,
    notes: Vec<String>,
    index: bool,
}

#[derive(Deserialize)]
pub(in crate::serve) struct ArchiveQuery {
    #[serde(default)]
    published: Option<String>,
}

/// `GET /c/{c}/archive`.
pub(in crate::serve) async fn page(
    State(state): State<AppState>,
    Path(c): Path<usize>,
    Query(q): Query<ArchiveQuery>,
) -> Result<Html<String>, ServeError> {
    let place = campaign(&state, c)?;
    let (archive, dir) = (place.archive.clone(), place.dir.clone());
    let (shelf, name) = blocking(move || {
        let name = crate::load(&dir)
            .map(|i| i.campaign.name)
            .unwrap_or_default();
        Ok((crate::shelf(&archive)?, name))
    })
    .await?;
    let issues = shelf
        .issues
        .iter()
        .rev()
        .map(|i| {
            let m = &i.manifest;
            let prefix = format!("{}/", i.folder);
            IssueView {
                label: m.label(),
                period: m.period.to_string(),
                date: crate::format::cn_date(m.issue_date),
                title: m.title.clone(),
                headline: m.headline.clone(),
                copies: m.copies.len(),
                files: shelf
                    .files
                    .iter()
                    .filter(|f| f.starts_with(&prefix))
                    .map(|f| link(c, f, &f[prefix.len()..]))
                    .collect(),
            }
        })
        .collect();
    let notices = shelf
        .notices
        .iter()
        .rev()
        .map(|n| notices_issue(c, n, &shelf.files))
        .collect();
    let view = View {
        notices,
        nav: Nav::without_period(&state, c, &name, "archive"),
        exists: shelf.exists,
        published: q.published,
        issues,
        unreadable: shelf
            .unreadable
            .iter()
            .chain(&shelf.unreadable_notices)
            .map(|u| format!("{}：{}", u.folder, u.reason))
            .collect(),
        valid: shelf.report.is_valid(),
        checked_issues: shelf.report.issues,
        checked_files: shelf.report.files,
        checked_notices: shelf.report.notices,
        problems: shelf.report.problems.clone(),
        notes: shelf.report.notes.clone(),
        index: shelf.files.iter().any(|f| f == crate::archive::INDEX_HTML),
    };
    render(&state.inner.tera, "archive.html", &view)
}

/// A link to the archived file `path` (relative to the archive), named `name`.
fn link(c: usize, path: &str, name: &str) -> FileLink {
    FileLink {
        name: name.to_string(),
        href: format!("/c/{c}/archive/files/{}", percent_encode(path)),
    }
}

/// The notices published in `folder`, each with its files among the archive's `files`.
fn notices_issue(
    c: usize,
    folder: &crate::archive::notices::NoticesFolder,
    files: &[String],
) -> NoticesIssue {
    let m = &folder.manifest;
    NoticesIssue {
        label: format!("第{}期通报（{}）所列通知", m.issue, m.period),
        date: crate::format::cn_date(m.date),
        notices: m
            .notices
            .iter()
            .map(|n| {
                let prefix = format!("{}/{}.", folder.folder, n.stem);
                NoticeLine {
                    title: format!("{} {}（{}）", n.kind_title(), n.doc_number, n.name),
                    rules: n.rules.join("、"),
                    files: files
                        .iter()
                        .filter(|f| f.starts_with(&prefix))
                        .map(|f| link(c, f, &f[folder.folder.len() + 1..]))
                        .collect(),
                }
            })
            .collect(),
        manifest: link(
            c,
            &format!("{}/{}", folder.folder, crate::archive::notices::MANIFEST),
            crate::archive::notices::MANIFEST,
        ),
    }
}

/// The `Content-Type` of an archived or drafted file, by its extension.
pub(super) fn content_type(name: &str) -> &'static str {
    match name.rsplit_once('.').map(|(_, e)| e) {
        Some("html") => "text/html; charset=utf-8",
        Some("pdf") => "application/pdf",
        Some("docx") => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        Some("xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Some("md") => "text/markdown; charset=utf-8",
        Some("json") => "application/json",
        Some("yaml") | Some("tera") | Some("csv") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// `GET /c/{c}/archive/files/{*path}`: one archived file, at a path that keeps the links of
/// the archive's own `index.html` working. The path must be one the archive lists (exactly);
/// nothing else of the request reaches the file system.
pub(in crate::serve) async fn file(
    State(state): State<AppState>,
    Path((c, wanted)): Path<(usize, String)>,
) -> Result<Response, ServeError> {
    let archive = campaign(&state, c)?.archive.clone();
    let found = blocking(move || {
        let files = crate::archived_files(&archive)?;
        Ok(files
            .into_iter()
            .find(|f| *f == wanted)
            .map(|f| (read_plain_file(&archive.join(&f)), f)))
    })
    .await?;
    let Some((Ok(bytes), name)) = found else {
        return Err(ServeError::refused(
            StatusCode::NOT_FOUND,
            "存档中没有这个文件",
        ));
    };
    let kind = content_type(&name);
    let disposition = if kind.starts_with("text/html") || kind == "application/pdf" {
        "inline".to_string()
    } else {
        attachment(name.rsplit('/').next().unwrap_or(&name))
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
