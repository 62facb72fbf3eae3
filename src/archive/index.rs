//! The archive's index (`index.md` and `index.html`): every issue with links to its formats,
//! and each unit's completion rate issue by issue with runs of issues in which it was 进展滞后
//! marked. Both pages are Tera templates (`templates/archive-index.*.tera`) over one data
//! model, [`IndexModel`], read from the archive once.

use std::fs;
use std::path::Path;

use serde::Serialize;
use tera::{Context, Kwargs, State, Tera};

use super::record::{FIGURES, read_figures};
use super::{ArchiveError, INDEX_HTML, INDEX_MD, IssueFolder, io_error, latest_revisions, scan};
use crate::format;
use crate::progress::{Class, Figures};

const MD_TEMPLATE: &str = "archive-index.md.tera";
const HTML_TEMPLATE: &str = "archive-index.html.tera";
const TEMPLATES: [(&str, &str); 2] = [
    (
        MD_TEMPLATE,
        include_str!("../../templates/archive-index.md.tera"),
    ),
    (
        HTML_TEMPLATE,
        include_str!("../../templates/archive-index.html.tera"),
    ),
];

const LEGEND: &str = "“▼”表示该期通报将该单位列为进展滞后；“连续落后”为截至最近一期连续列为进展滞后的期数（2 期及以上为重点关注）。";

/// Added to [`LEGEND`] when the issues graded their units.
const GRADE_LEGEND: &str = "完成率后为该期评定的等次。";

const CSS: &str = "body{margin:24px auto;max-width:1100px;padding:0 16px;font-family:\"仿宋_GB2312\",\"FangSong\",\"FandolFang\",\"Noto Serif CJK SC\",serif;font-size:15pt;color:#000}h1{color:#e60012;font-family:\"方正小标宋简体\",\"FandolSong\",\"Noto Serif CJK SC\",serif;font-weight:normal;text-align:center}h2{font-family:\"黑体\",\"SimHei\",\"FandolHei\",sans-serif;font-weight:normal}table{border-collapse:collapse;width:100%;font-size:12pt;margin-bottom:24px}th,td{border:1px solid #444;padding:3px 6px}th{font-family:\"黑体\",\"SimHei\",\"FandolHei\",sans-serif;font-weight:normal;white-space:nowrap}td.nw{white-space:nowrap}td.num{text-align:right;white-space:nowrap}td.behind{color:#c00}td.run2{background:#fde2e2;font-weight:bold}p.problem{color:#c00}";

/// Everything both index pages show.
#[derive(Debug, Serialize)]
struct IndexModel {
    title: String,
    /// Latest revision of each issue, newest first.
    issues: Vec<IssueRow>,
    trend: Trend,
    legend: String,
    css: &'static str,
    /// The charts of the HTML page (the workbench's home shows the same): the headline's
    /// rate issue by issue, and the newest issue's units against 序时进度; inline SVG.
    charts: Vec<String>,
    /// Issues whose figures could not be read, and why.
    problems: Vec<String>,
    /// The ledger's head and signing key, to compare with the paper copies.
    seal: Option<String>,
}

#[derive(Debug, Serialize)]
struct Link {
    label: String,
    folder: String,
    file: String,
}

#[derive(Debug, Serialize)]
struct IssueRow {
    label: String,
    period: String,
    date: String,
    title: String,
    headline: String,
    /// The issue's formats.
    links: Vec<Link>,
    /// Earlier revisions (原版, 修订2…), each linked to its bulletin.
    earlier: Vec<Link>,
    /// The notices (督办单, 约谈通知书) sent to the units this issue named, each linked to its PDF.
    notices: Vec<Link>,
}

#[derive(Debug, Serialize)]
struct Cell {
    /// The rate, `▼` when 进展滞后, and the grade when the campaign grades (`61.0% ▼ 黄灯`).
    text: String,
    behind: bool,
    /// The grade's fill (`RRGGBB`) on the HTML page, when it has a colour.
    fill: Option<&'static str>,
}

#[derive(Debug, Serialize)]
struct Row {
    unit: String,
    cells: Vec<Cell>,
    /// Issues in a row, up to the latest, in which the unit was 进展滞后.
    run: usize,
}

#[derive(Debug, Default, Serialize)]
struct Trend {
    indicator: String,
    /// 第N期（YYYY-MM）.
    columns: Vec<String>,
    rows: Vec<Row>,
}

/// The figures of each latest issue, or why they cannot be read.
fn read_all(dir: &Path, latest: &[&IssueFolder]) -> Vec<Result<Figures, String>> {
    latest
        .iter()
        .map(|issue| {
            let path = dir.join(&issue.folder).join(FIGURES);
            let figures = fs::read(&path)
                .map_err(|e| format!("无法读取 {FIGURES}：{}", crate::io_error::io_reason(&e)))
                .and_then(|bytes| read_figures(&bytes));
            figures.map_err(|why| {
                format!(
                    "{}（{}）的 {why}，该期未列入趋势表",
                    issue.manifest.label(),
                    issue.manifest.period
                )
            })
        })
        .collect()
}

fn trend(latest: &[&IssueFolder], figures: &[&Result<Figures, String>]) -> Trend {
    let headline: Vec<Option<&crate::progress::IndicatorFigures>> = figures
        .iter()
        .map(|f| f.as_ref().ok().and_then(Figures::headline))
        .collect();
    let Some(newest) = headline.iter().rev().flatten().next() else {
        return Trend {
            columns: columns(latest),
            ..Trend::default()
        };
    };
    let rows = newest
        .units
        .iter()
        .map(|unit| {
            let cells: Vec<Cell> = figures
                .iter()
                .zip(&headline)
                .map(|(read, ind)| match (read, ind) {
                    (Err(_), _) => Cell {
                        text: "无法读取".to_string(),
                        behind: false,
                        fill: None,
                    },
                    (Ok(_), ind) => {
                        match ind.and_then(|i| i.units.iter().find(|u| u.id == unit.id)) {
                            None => Cell {
                                text: "—".to_string(),
                                behind: false,
                                fill: None,
                            },
                            Some(u) => unit_cell(u, *ind),
                        }
                    }
                })
                .collect();
            let run = cells.iter().rev().take_while(|c| c.behind).count();
            Row {
                unit: unit.name.clone(),
                cells,
                run,
            }
        })
        .collect();
    Trend {
        indicator: newest.name.clone(),
        columns: columns(latest),
        rows,
    }
}

/// A unit's cell of the trend: its rate, `▼` when 进展滞后, its grade (when the issue graded)
/// and the grade's colour.
fn unit_cell(
    u: &crate::progress::UnitFigures,
    ind: Option<&crate::progress::IndicatorFigures>,
) -> Cell {
    let behind = u.class == Some(Class::Behind);
    let mut text = format::percent(u.tally.rate, 1);
    if behind {
        text.push_str(" ▼");
    }
    let fill = u.grade.as_ref().and_then(|g| {
        text.push(' ');
        text.push_str(g);
        ind?.grades
            .iter()
            .find(|group| &group.name == g)
            .and_then(|group| group.color)
            .map(crate::model::Color::fill_hex)
    });
    Cell { text, behind, fill }
}

/// The issues the trend and the charts follow: the monthly bulletins (a campaign that has
/// published only weekly sheets: those), each with its figures.
fn bulletins<'a>(
    latest: &[&'a IssueFolder],
    figures: &'a [Result<Figures, String>],
) -> (Vec<&'a IssueFolder>, Vec<&'a Result<Figures, String>>) {
    use crate::model::PeriodKind;
    let kind = if latest
        .iter()
        .any(|i| i.manifest.period.kind() == PeriodKind::Month)
    {
        PeriodKind::Month
    } else {
        PeriodKind::Week
    };
    latest
        .iter()
        .zip(figures)
        .filter(|(i, _)| i.manifest.period.kind() == kind)
        .map(|(i, f)| (*i, f))
        .unzip()
}

fn columns(latest: &[&IssueFolder]) -> Vec<String> {
    latest
        .iter()
        .map(|i| format!("第{}期（{}）", i.manifest.issue, i.manifest.period))
        .collect()
}

fn links(issue: &IssueFolder) -> Vec<Link> {
    ["md", "html", "pdf", "docx", "xlsx"]
        .into_iter()
        .filter(|ext| {
            issue
                .manifest
                .files
                .contains_key(&format!("bulletin.{ext}"))
        })
        .map(|ext| Link {
            label: ext.to_uppercase(),
            folder: issue.folder.clone(),
            file: format!("bulletin.{ext}"),
        })
        .collect()
}

/// The notices published for the issue `m` (same campaign, number and period), in order.
fn notice_links(
    notices: &[super::notices::NoticesFolder],
    m: &super::manifest::Manifest,
) -> Vec<Link> {
    notices
        .iter()
        .filter(|f| {
            let n = &f.manifest;
            n.campaign == m.campaign && n.issue == m.issue && n.period == m.period
        })
        .flat_map(|f| {
            f.manifest.notices.iter().map(|n| Link {
                label: format!("{} {} {}", n.kind_title(), n.doc_number, n.name),
                folder: f.folder.clone(),
                file: format!("{}.pdf", n.stem),
            })
        })
        .collect()
}

/// Reads what both pages show from the archive's issues.
fn model(dir: &Path, issues: &[IssueFolder]) -> IndexModel {
    let latest = latest_revisions(issues);
    // Unreadable notices folders are `archive verify`'s to report; the index lists the rest.
    let (notices, _) = super::notices::scan(dir).unwrap_or_default();
    let figures = read_all(dir, &latest);
    let (followed, their_figures) = bulletins(&latest, &figures);
    let trend = trend(&followed, &their_figures);
    let graded = their_figures.iter().any(|f| {
        f.as_ref()
            .is_ok_and(|f| f.indicators.iter().any(|i| !i.grades.is_empty()))
    });
    let problems = figures
        .iter()
        .filter_map(|f| f.as_ref().err().cloned())
        .collect();
    let name = latest.last().map_or("", |i| i.manifest.campaign.as_str());
    let charts = charts(&followed, &their_figures);
    let rows = latest
        .iter()
        .rev()
        .map(|issue| {
            let m = &issue.manifest;
            IssueRow {
                label: m.label(),
                period: m.period.to_string(),
                date: format::cn_date(m.issue_date),
                title: m.title.clone(),
                headline: m.headline.clone(),
                links: links(issue),
                earlier: issues
                    .iter()
                    .filter(|i| {
                        i.manifest.issue == m.issue
                            && i.manifest.period == m.period
                            && i.manifest.numbering_year == m.numbering_year
                            && i.manifest.revision < m.revision
                    })
                    .map(|old| Link {
                        label: match old.manifest.revision {
                            1 => "原版".to_string(),
                            n => format!("修订{n}"),
                        },
                        folder: old.folder.clone(),
                        file: String::new(),
                    })
                    .collect(),
                notices: notice_links(&notices, m),
            }
        })
        .collect();
    IndexModel {
        seal: seal(dir),
        title: format!("{name}工作通报存档"),
        issues: rows,
        trend,
        legend: if graded {
            format!("{LEGEND}{GRADE_LEGEND}")
        } else {
            LEGEND.to_string()
        },
        css: CSS,
        charts,
        problems,
    }
}

/// 「存档账本校验码：3f9a-c2d1（…）」, or `None` for an archive without a ledger.
fn seal(dir: &Path) -> Option<String> {
    let ledger = super::ledger::Ledger::read(dir).ok()?;
    let head = ledger.head()?;
    let key = ledger
        .current_signer()
        .and_then(|k| super::key::public_from_hex(&k))
        .map(|k| super::key::fingerprint(&k))
        .unwrap_or_default();
    Some(format!(
        "存档账本校验码：{head}（共 {} 条记录，签名密钥指纹 {key}）。与各期分发登记、打印存档上的校验码对照，可知此后有无删改",
        ledger.entries.len()
    ))
}

/// The trend of the headline's rate over the readable issues and the newest issue's rates.
fn charts(latest: &[&IssueFolder], figures: &[&Result<Figures, String>]) -> Vec<String> {
    let read: Vec<(String, &Figures)> = latest
        .iter()
        .zip(figures)
        .filter_map(|(i, f)| {
            f.as_ref()
                .ok()
                .map(|f| (format!("第{}期", i.manifest.issue), f))
        })
        .collect();
    let Some((_, newest)) = read.last() else {
        return Vec::new();
    };
    let mut charts: Vec<String> = crate::render::chart::headline_trend(&read)
        .into_iter()
        .collect();
    if let Some(ind) = newest.headline() {
        charts.push(crate::render::chart::indicator_rates(
            ind,
            newest.time_progress,
        ));
    }
    charts
}

/// `{{ text | cell }}`: text safe inside a Markdown table cell (`|` escaped, no line breaks).
fn cell(text: &str, _: Kwargs, _: &State) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

fn html_escape(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    out.write_all(crate::render::html::escape(input).as_bytes())
}

/// Both pages, Markdown then HTML.
fn pages(model: &IndexModel) -> Result<(String, String), ArchiveError> {
    let mut tera = Tera::new();
    tera.register_filter("cell", cell);
    tera.autoescape_on(vec![".html.tera"]);
    tera.set_escape_fn(html_escape);
    let failed = |e: tera::Error| ArchiveError::Io(format!("存档索引模板出错（程序错误）：{e}"));
    tera.add_raw_templates(TEMPLATES).map_err(failed)?;
    let context = Context::from_serialize(model).map_err(failed)?;
    Ok((
        tera.render(MD_TEMPLATE, &context).map_err(failed)?,
        tera.render(HTML_TEMPLATE, &context).map_err(failed)?,
    ))
}

/// Rebuilds `index.md` and `index.html` from the archive's issues (temp file + rename each).
/// Returns the issues whose figures could not be read (also named on both pages).
pub fn write(dir: &Path) -> Result<Vec<String>, ArchiveError> {
    let (issues, _) = scan(dir)?;
    let model = model(dir, &issues);
    let (md, html) = pages(&model)?;
    let files = [
        (INDEX_MD.to_string(), md.into_bytes()),
        (INDEX_HTML.to_string(), html.into_bytes()),
    ];
    crate::output::write_files(dir, &files).map_err(|e| ArchiveError::Io(e.to_string()))?;
    Ok(model.problems)
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
    let (md, html) = pages(&model(dir, issues))?;
    Ok(read(INDEX_MD)?.as_deref() == Some(md.as_bytes())
        && read(INDEX_HTML)?.as_deref() == Some(html.as_bytes()))
}
