//! The archive's index (`index.md` and `index.html`): every issue with links to its formats,
//! and each unit's completion rate issue by issue, with runs of issues behind 序时进度 marked.

use std::fmt::Write;
use std::fs;
use std::path::Path;

use serde::Deserialize;

use super::{ArchiveError, INDEX_HTML, INDEX_MD, IssueFolder, io_error, latest_revisions, scan};
use crate::format;
use crate::render::html::escape;

/// The parts of an issue's `figures.json` the trend table needs.
#[derive(Deserialize)]
struct FiguresView {
    indicators: Vec<IndicatorView>,
}

#[derive(Deserialize)]
struct IndicatorView {
    name: String,
    headline: bool,
    units: Vec<UnitView>,
}

#[derive(Deserialize)]
struct UnitView {
    id: String,
    name: String,
    rate: Option<f64>,
    gap: Option<f64>,
}

/// One cell of the trend table.
struct Cell {
    rate: Option<f64>,
    behind: bool,
}

struct Trend {
    indicator: String,
    /// Column headings: 第N期（YYYY-MM）.
    columns: Vec<String>,
    /// Unit name → cells per column, and the current run of issues behind.
    rows: Vec<(String, Vec<Option<Cell>>, usize)>,
}

fn trend(dir: &Path, latest: &[&IssueFolder]) -> Trend {
    let mut columns = Vec::new();
    let mut per_issue: Vec<Option<IndicatorView>> = Vec::new();
    let mut indicator = String::new();
    for issue in latest {
        columns.push(format!(
            "第{}期（{}）",
            issue.manifest.issue, issue.manifest.period
        ));
        let view = fs::read(dir.join(&issue.folder).join("figures.json"))
            .ok()
            .and_then(|b| serde_json::from_slice::<FiguresView>(&b).ok())
            .and_then(|f| f.indicators.into_iter().find(|i| i.headline));
        if let Some(v) = &view {
            indicator = v.name.clone();
        }
        per_issue.push(view);
    }
    let units: Vec<(String, String)> = per_issue
        .iter()
        .rev()
        .flatten()
        .next()
        .map(|v| {
            v.units
                .iter()
                .map(|u| (u.id.clone(), u.name.clone()))
                .collect()
        })
        .unwrap_or_default();
    let rows = units
        .into_iter()
        .map(|(id, name)| {
            let cells: Vec<Option<Cell>> = per_issue
                .iter()
                .map(|view| {
                    let unit = view.as_ref()?.units.iter().find(|u| u.id == id)?;
                    Some(Cell {
                        rate: unit.rate,
                        behind: unit.gap.is_some_and(|g| g < 0.0),
                    })
                })
                .collect();
            let run = cells
                .iter()
                .rev()
                .take_while(|c| c.as_ref().is_some_and(|c| c.behind))
                .count();
            (name, cells, run)
        })
        .collect();
    Trend {
        indicator,
        columns,
        rows,
    }
}

fn cell_text(cell: &Option<Cell>) -> String {
    match cell {
        None => "—".to_string(),
        Some(c) => {
            let rate = format::percent(c.rate, 1);
            if c.behind {
                format!("{rate} ▼")
            } else {
                rate
            }
        }
    }
}

fn links(issue: &IssueFolder) -> Vec<(String, String)> {
    ["md", "html", "pdf"]
        .into_iter()
        .filter(|ext| {
            issue
                .manifest
                .files
                .contains_key(&format!("bulletin.{ext}"))
        })
        .map(|ext| {
            (
                ext.to_uppercase(),
                format!("{}/bulletin.{ext}", issue.folder),
            )
        })
        .collect()
}

/// How an earlier version is linked: 原版, 修订2…
fn version_label(issue: &IssueFolder) -> String {
    match issue.manifest.revision {
        1 => "原版".to_string(),
        n => format!("修订{n}"),
    }
}

/// The earlier revisions of `issue`.
fn earlier<'a>(all: &'a [IssueFolder], issue: &IssueFolder) -> Vec<&'a IssueFolder> {
    all.iter()
        .filter(|i| {
            i.manifest.issue == issue.manifest.issue
                && i.manifest.numbering_year == issue.manifest.numbering_year
                && i.manifest.revision < issue.manifest.revision
        })
        .collect()
}

const LEGEND: &str = "“▼”表示该期完成率低于序时进度；“连续落后”为截至最近一期连续低于序时进度的期数（2 期及以上为重点关注）。";

/// What both index pages show, read from the archive once: every issue folder, the latest
/// revision of each issue, and the trend table built from their `figures.json`.
struct Index<'a> {
    issues: &'a [IssueFolder],
    latest: Vec<&'a IssueFolder>,
    trend: Trend,
}

impl<'a> Index<'a> {
    fn read(dir: &Path, issues: &'a [IssueFolder]) -> Index<'a> {
        let latest = latest_revisions(issues);
        let trend = trend(dir, &latest);
        Index {
            issues,
            latest,
            trend,
        }
    }
}

fn markdown(index: &Index) -> String {
    let Index {
        issues,
        latest,
        trend: t,
    } = index;
    let name = latest.last().map_or("", |i| i.manifest.campaign.as_str());
    let md = |s: &str| s.replace('|', "\\|");
    let mut out = format!("# {}工作通报存档\n\n", md(name));
    if latest.is_empty() {
        out.push_str("尚未发布任何一期。\n");
        return out;
    }
    out.push_str(
        "| 期号 | 期间 | 印发日期 | 标题 | 主要数据 | 文件 |\n|---|---|---|---|---|---|\n",
    );
    for issue in latest.iter().rev() {
        let m = &issue.manifest;
        let mut files: Vec<String> = links(issue)
            .into_iter()
            .map(|(label, href)| format!("[{label}]({href})"))
            .collect();
        for old in earlier(issues, issue) {
            files.push(format!(
                "[{}]({}/bulletin.md)",
                version_label(old),
                old.folder
            ));
        }
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            m.label(),
            m.period,
            format::cn_date(m.issue_date),
            md(&m.title),
            md(&m.headline),
            files.join(" · ")
        );
    }
    let _ = write!(
        out,
        "\n## 各县区完成率趋势（{}）\n\n{LEGEND}\n\n| 县区 |",
        md(&t.indicator)
    );
    for c in &t.columns {
        let _ = write!(out, " {c} |");
    }
    out.push_str(" 连续落后 |\n|---|");
    out.push_str(&"---:|".repeat(t.columns.len() + 1));
    out.push('\n');
    for (unit, cells, run) in &t.rows {
        let _ = write!(out, "| {} |", md(unit));
        for c in cells {
            let _ = write!(out, " {} |", cell_text(c));
        }
        let run = match run {
            0 => "—".to_string(),
            1 => "1期".to_string(),
            n => format!("**{n}期**"),
        };
        let _ = writeln!(out, " {run} |");
    }
    out
}

const CSS: &str = "body{margin:24px auto;max-width:1100px;padding:0 16px;font-family:\"仿宋_GB2312\",\"FangSong\",\"FandolFang\",\"Noto Serif CJK SC\",serif;font-size:15pt;color:#000}h1{color:#e60012;font-family:\"方正小标宋简体\",\"FandolSong\",\"Noto Serif CJK SC\",serif;font-weight:normal;text-align:center}h2{font-family:\"黑体\",\"SimHei\",\"FandolHei\",sans-serif;font-weight:normal}table{border-collapse:collapse;width:100%;font-size:12pt;margin-bottom:24px}th,td{border:1px solid #444;padding:3px 6px}th{font-family:\"黑体\",\"SimHei\",\"FandolHei\",sans-serif;font-weight:normal}td.num{text-align:right;white-space:nowrap}td.behind{color:#c00}td.run2{background:#fde2e2;font-weight:bold}";

fn html(index: &Index) -> String {
    let Index {
        issues,
        latest,
        trend: t,
    } = index;
    let name = latest.last().map_or("", |i| i.manifest.campaign.as_str());
    let title = format!("{name}工作通报存档");
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n<title>{0}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<h1>{0}</h1>\n",
        escape(&title)
    );
    if latest.is_empty() {
        out.push_str("<p>尚未发布任何一期。</p>\n</body>\n</html>\n");
        return out;
    }
    out.push_str("<table>\n<thead><tr><th>期号</th><th>期间</th><th>印发日期</th><th>标题</th><th>主要数据</th><th>文件</th></tr></thead>\n<tbody>\n");
    for issue in latest.iter().rev() {
        let m = &issue.manifest;
        let mut files: Vec<String> = links(issue)
            .into_iter()
            .map(|(label, href)| format!("<a href=\"{}\">{label}</a>", escape(&href)))
            .collect();
        for old in earlier(issues, issue) {
            files.push(format!(
                "<a href=\"{}/bulletin.html\">{}</a>",
                escape(&old.folder),
                version_label(old)
            ));
        }
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&m.label()),
            m.period,
            format::cn_date(m.issue_date),
            escape(&m.title),
            escape(&m.headline),
            files.join(" · ")
        );
    }
    out.push_str("</tbody>\n</table>\n");
    let _ = write!(
        out,
        "<h2>各县区完成率趋势（{}）</h2>\n<p>{LEGEND}</p>\n<table>\n<thead><tr><th>县区</th>",
        escape(&t.indicator)
    );
    for c in &t.columns {
        let _ = write!(out, "<th>{}</th>", escape(c));
    }
    out.push_str("<th>连续落后</th></tr></thead>\n<tbody>\n");
    for (unit, cells, run) in &t.rows {
        let _ = write!(out, "<tr><td>{}</td>", escape(unit));
        for c in cells {
            let class = if c.as_ref().is_some_and(|c| c.behind) {
                "num behind"
            } else {
                "num"
            };
            let _ = write!(out, "<td class=\"{class}\">{}</td>", escape(&cell_text(c)));
        }
        let (class, text) = match run {
            0 => ("num", "—".to_string()),
            1 => ("num", "1期".to_string()),
            n => ("num run2", format!("{n}期")),
        };
        let _ = writeln!(out, "<td class=\"{class}\">{text}</td></tr>");
    }
    out.push_str("</tbody>\n</table>\n</body>\n</html>\n");
    out
}

/// Rebuilds `index.md` and `index.html` from the archive's issues (temp file + rename each).
pub fn write(dir: &Path) -> Result<(), ArchiveError> {
    let (issues, _) = scan(dir)?;
    let index = Index::read(dir, &issues);
    let files = [
        (INDEX_MD.to_string(), markdown(&index).into_bytes()),
        (INDEX_HTML.to_string(), html(&index).into_bytes()),
    ];
    crate::output::write_files(dir, &files).map_err(|e| ArchiveError::Io(e.to_string()))?;
    Ok(())
}

/// Whether the index on disk is what [`write`] would write now.
pub fn is_current(dir: &Path, issues: &[IssueFolder]) -> Result<bool, ArchiveError> {
    let read = |name: &str| {
        let path = dir.join(name);
        match fs::read(&path) {
            Ok(b) => Ok(Some(b)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(io_error(&path, &e)),
        }
    };
    let index = Index::read(dir, issues);
    Ok(
        read(INDEX_MD)?.as_deref() == Some(markdown(&index).as_bytes())
            && read(INDEX_HTML)?.as_deref() == Some(html(&index).as_bytes()),
    )
}
