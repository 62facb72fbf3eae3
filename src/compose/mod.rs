//! Stage 3: the figures and the snapshot's words → the bulletin's Markdown, through Tera.
//!
//! The built-in templates live in `templates/` and are compiled into the binary; a campaign
//! may name a folder whose `*.tera` files replace the built-in ones of the same name.

mod filters;
mod fonts;

pub(crate) use fonts::campaign_fonts;

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use serde::Serialize;
use tera::{Context, ErrorKind, Tera, Value};

use crate::fault::Fault;
use crate::io_error::io_reason;
use crate::load::Inputs;
use crate::model::{Campaign, Date, Distribution, NamedList, Notes, Period};
use crate::progress::{Figures, IndicatorFigures};

pub use filters::escape_markdown;

/// The template that makes `bulletin.md`.
pub const BULLETIN_TEMPLATE: &str = "bulletin.md.tera";

/// The template that makes the headline sentence the archive lists each issue by
/// (`整治完成居住区配套幼儿园145处，占整治计划的61%`); plain text, same data as the bulletin.
pub const HEADLINE_TEMPLATE: &str = "headline.txt.tera";

/// Built-in templates: (name, text).
const BUILT_IN: &[(&str, &str)] = &[
    (
        BULLETIN_TEMPLATE,
        include_str!("../../templates/bulletin.md.tera"),
    ),
    (
        HEADLINE_TEMPLATE,
        include_str!("../../templates/headline.txt.tera"),
    ),
];

/// A template problem, in Chinese, with the template's file and line where Tera gives them.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ComposeError(pub String);

impl ComposeError {
    /// Whose fault: the templates' (a campaign may bring its own) or the data they are given.
    pub fn fault(&self) -> Fault {
        Fault::Input
    }
}

/// What one bulletin is made from, besides the campaign.
#[derive(Debug, Clone, Copy)]
pub struct Issue {
    /// 第N期
    pub number: u64,
}

#[derive(Serialize)]
struct CampaignView<'a> {
    name: &'a str,
    scope: &'a str,
    office: &'a str,
    office_short: &'a str,
    header: &'a str,
    style: &'a str,
    number_prefix: Option<&'a str>,
    secrecy: Option<&'a str>,
    addressee: &'a str,
    contact: Option<&'a str>,
    distribution: &'a Distribution,
    schedule_start: Date,
    schedule_end: Date,
    ahead_points: f64,
    behind_points: f64,
    /// The unit noun: 县区, 县（市、区）…
    unit: &'a str,
    /// The whole campaign's task, for 确保按期完成….
    task: &'a str,
}

/// One indicator's figures with the campaign's words for it; the template sees the figures'
/// fields and these words side by side (see [`IndicatorView::value`]).
struct IndicatorView<'a> {
    figures: &'a IndicatorFigures,
    /// Where the figures are in the `indicators` of [`Figures`].
    at: usize,
    task: &'a str,
    table_title: String,
    in_text: bool,
}

impl IndicatorView<'_> {
    /// The view as template data: the serialised figures' fields (shared, not copied) with the
    /// words added.
    fn value(&self, figures: &Value) -> Result<Value, ComposeError> {
        let mut map = figures
            .get_from_path(&format!("indicators.{}", self.at))
            .and_then(Value::as_map)
            .cloned()
            .ok_or_else(|| ComposeError("模板数据准备失败：指标数据缺失".to_string()))?;
        map.insert("task".into(), Value::from(self.task));
        map.insert("table_title".into(), Value::from(self.table_title.as_str()));
        map.insert("in_text".into(), Value::from(self.in_text));
        Ok(Value::from(map))
    }
}

#[derive(Serialize)]
struct BulletinView<'a> {
    campaign: CampaignView<'a>,
    issue_number: u64,
    period: Period,
    year: i32,
    month: u32,
    as_of: Date,
    issue_date: Date,
    notes: &'a Notes,
    lists: &'a [NamedList],
    /// The figures, serialised once: the indicators below share its values, so a campaign of
    /// thousands of units is copied into the template's data once, not once per list.
    figures: Value,
    /// Every indicator, in the campaign's order, with its words.
    indicators: Vec<Value>,
    /// The indicators analysed in 一、 and 二、 (`in_text`).
    analysed: Vec<Value>,
    headline: Value,
    /// The units 四、 asks to catch up: every unit named 滞后 in 二、, once each.
    lagging: Lagging,
    /// The analysed indicator whose paragraph of 一、 states 序时进度: the first with a rate.
    schedule_stated_in: Option<&'a str>,
}

/// The units named as 进展滞后 in 二、 across the analysed indicators, in the order they are
/// first named there, and whether any indicator has more 滞后 units than it names.
#[derive(Serialize, Default)]
struct Lagging {
    names: Vec<String>,
    more: bool,
}

fn lagging(analysed: &[&IndicatorView]) -> Lagging {
    let mut out = Lagging::default();
    for ind in analysed {
        let named = &ind.figures.named;
        out.more |= named.behind_total > named.behind.len();
        for unit in &named.behind {
            if !out.names.contains(&unit.name) {
                out.names.push(unit.name.clone());
            }
        }
    }
    out
}

/// The task named in 确保按期完成…: the campaign's own, else that of the only indicator the
/// text analyses, else a word for all of them.
fn campaign_task(c: &Campaign) -> &str {
    if let Some(task) = &c.vocabulary.task {
        return &task.value;
    }
    let mut analysed = c.indicators.iter().filter(|i| i.in_text());
    match (analysed.next(), analysed.next()) {
        (Some(only), None) => only.task(),
        _ => "各项目标任务",
    }
}

/// The figures of one indicator with its words from `campaign.yaml`.
fn indicator_view<'a>(
    c: &'a Campaign,
    at: usize,
    figures: &'a IndicatorFigures,
) -> IndicatorView<'a> {
    let ind = c.indicators.iter().find(|i| i.id.value == figures.id);
    let own = ind.and_then(|i| i.table_title.as_ref());
    let table_title = own.map(|t| t.value.clone()).unwrap_or_else(|| {
        if c.indicators.len() > 1 {
            format!("{}（{}）进展情况排名表", c.name, figures.name)
        } else {
            format!("{}进展情况排名表", c.name)
        }
    });
    IndicatorView {
        figures,
        at,
        task: ind.map_or("目标任务", |i| i.task()),
        table_title,
        in_text: ind.is_none_or(|i| i.in_text()),
    }
}

/// Renders the bulletin's Markdown for snapshot `index` of `inputs`.
pub fn bulletin(
    inputs: &Inputs,
    index: usize,
    figures: &Figures,
    issue: Issue,
) -> Result<String, ComposeError> {
    let [markdown] = compose(inputs, index, figures, issue, [BULLETIN_TEMPLATE])?;
    Ok(fonts::with_fonts(markdown, &fonts::campaign_fonts(inputs)))
}

/// Renders the headline sentence of snapshot `index` (see [`HEADLINE_TEMPLATE`]), trimmed.
pub fn headline(
    inputs: &Inputs,
    index: usize,
    figures: &Figures,
    issue: Issue,
) -> Result<String, ComposeError> {
    let [headline] = compose(inputs, index, figures, issue, [HEADLINE_TEMPLATE])?;
    Ok(headline.trim().to_string())
}

/// [`bulletin`] and [`headline`] from one preparation of the template data (for thousands of
/// units, preparing it costs more than rendering).
pub fn bulletin_and_headline(
    inputs: &Inputs,
    index: usize,
    figures: &Figures,
    issue: Issue,
) -> Result<(String, String), ComposeError> {
    let [markdown, headline] = compose(
        inputs,
        index,
        figures,
        issue,
        [BULLETIN_TEMPLATE, HEADLINE_TEMPLATE],
    )?;
    Ok((
        fonts::with_fonts(markdown, &fonts::campaign_fonts(inputs)),
        headline.trim().to_string(),
    ))
}

/// Renders each of `templates` over the same data.
fn compose<const N: usize>(
    inputs: &Inputs,
    index: usize,
    figures: &Figures,
    issue: Issue,
    templates: [&'static str; N],
) -> Result<[String; N], ComposeError> {
    let tera = environment(template_dir(inputs).as_deref())?;
    let (c, s) = (&inputs.campaign, &inputs.snapshots[index]);
    let prepare = |e: tera::Error| ComposeError(format!("模板数据准备失败：{e}"));
    let data = Value::try_from_serializable(figures).map_err(prepare)?;
    // As `Figures::headline`: the headline indicator, else the first.
    let headline = figures
        .indicators
        .iter()
        .position(|i| i.headline)
        .or((!figures.indicators.is_empty()).then_some(0))
        .ok_or_else(|| ComposeError("活动没有任何指标".to_string()))?;
    let indicators: Vec<IndicatorView> = figures
        .indicators
        .iter()
        .enumerate()
        .map(|(at, i)| indicator_view(c, at, i))
        .collect();
    // The headline first, then the others in the campaign's order.
    let mut analysed: Vec<&IndicatorView> = indicators.iter().filter(|i| i.in_text).collect();
    analysed.sort_by_key(|i| !i.figures.headline);
    let lagging = lagging(&analysed);
    let schedule_stated_in = analysed
        .iter()
        .find(|i| i.figures.total.rate.is_some())
        .map(|i| i.figures.id.as_str());
    let values = |views: &mut dyn Iterator<Item = &IndicatorView>| {
        views
            .map(|v| v.value(&data))
            .collect::<Result<Vec<Value>, ComposeError>>()
    };
    let view = BulletinView {
        campaign: CampaignView {
            name: &c.name,
            scope: &c.scope,
            office: &c.office.name,
            office_short: &c.office.short_name,
            header: &c.header.name,
            style: c.header.style.as_ref().map_or("简报", |s| s.value.as_str()),
            number_prefix: c.header.number_prefix.as_deref(),
            secrecy: c.header.secrecy.as_deref(),
            addressee: &c.addressee,
            contact: c.contact.as_deref(),
            distribution: &c.distribution,
            schedule_start: c.schedule.start.value,
            schedule_end: c.schedule.end.value,
            ahead_points: c.rules.ahead_points.value,
            behind_points: c.rules.behind_points.value,
            unit: c.vocabulary.unit(),
            task: campaign_task(c),
        },
        issue_number: issue.number,
        period: s.period.value,
        year: s.period.value.year,
        month: s.period.value.month,
        as_of: s.as_of.value,
        issue_date: s.issue_date(),
        notes: &s.notes,
        lists: &s.lists,
        indicators: values(&mut indicators.iter())?,
        analysed: values(&mut analysed.iter().copied())?,
        headline: indicators[headline].value(&data)?,
        figures: data.clone(),
        lagging,
        schedule_stated_in,
    };
    let context = Context::from_serialize(&view).map_err(prepare)?;
    render_bounded(tera, context, templates)
}

/// Longest a template may take to render (a campaign's own template may loop for ever);
/// `TONGBAO_TEMPLATE_TIMEOUT_SECS` sets another limit.
fn render_time_limit() -> Duration {
    let secs = std::env::var("TONGBAO_TEMPLATE_TIMEOUT_SECS")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .filter(|&s| s > 0)
        .unwrap_or(20);
    Duration::from_secs(secs)
}
/// Most Markdown a template may produce.
const RENDER_OUTPUT_LIMIT: usize = 16 * 1024 * 1024;

/// A writer that refuses to grow past [`RENDER_OUTPUT_LIMIT`].
struct Capped {
    out: Vec<u8>,
    overflowed: bool,
}

impl std::io::Write for Capped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.out.len() + buf.len() > RENDER_OUTPUT_LIMIT {
            self.overflowed = true;
            return Err(std::io::Error::other("output limit"));
        }
        self.out.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Renders the bulletin template on a worker thread, bounded in time and output size, so a
/// runaway template ends in a message instead of a hang. (On a timeout the worker is left
/// behind; the command exits right after reporting the error.)
fn render_bounded<const N: usize>(
    tera: Tera,
    context: Context,
    templates: [&'static str; N],
) -> Result<[String; N], ComposeError> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for template in templates {
            let mut out = Capped {
                out: Vec::new(),
                overflowed: false,
            };
            let result = tera.render_to(template, &context, &mut out);
            let result = match result {
                Ok(()) => String::from_utf8(out.out)
                    .map_err(|_| ComposeError("模板输出不是有效的 UTF-8 文本".to_string())),
                Err(_) if out.overflowed => Err(ComposeError(format!(
                    "模板 {template} 的输出超过 {} MiB，可能有死循环",
                    RENDER_OUTPUT_LIMIT / 1024 / 1024
                ))),
                Err(e) => Err(ComposeError(describe(&e))),
            };
            let failed = result.is_err();
            if tx.send(result).is_err() || failed {
                break;
            }
        }
    });
    // One limit for all of them, counted from the start.
    let limit = render_time_limit();
    let deadline = std::time::Instant::now() + limit;
    let mut out = Vec::with_capacity(N);
    for template in templates {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        let result = rx.recv_timeout(left).unwrap_or_else(|_| {
            Err(ComposeError(format!(
                "模板 {template} 渲染超过 {} 秒仍未结束，可能有死循环",
                limit.as_secs()
            )))
        });
        out.push(result?);
    }
    out.try_into()
        .map_err(|_| ComposeError("模板渲染结果缺失".to_string()))
}

fn template_dir(inputs: &Inputs) -> Option<PathBuf> {
    inputs
        .campaign
        .templates
        .as_ref()
        .map(|t| inputs.dir.join(&t.value))
}

/// The Tera environment: filters, Markdown escaping, built-in templates, then the campaign's.
fn environment(custom: Option<&Path>) -> Result<Tera, ComposeError> {
    let mut tera = Tera::new();
    filters::register(&mut tera);
    tera.autoescape_on(vec![".md.tera"]);
    tera.set_escape_fn(escape_markdown);
    let mut templates: Vec<(String, String)> = BUILT_IN
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    if let Some(dir) = custom {
        for (name, text) in read_templates(dir)? {
            templates.retain(|(n, _)| *n != name);
            templates.push((name, text));
        }
    }
    tera.add_raw_templates(templates)
        .map_err(|e| ComposeError(describe(&e)))?;
    Ok(tera)
}

/// The `*.tera` files directly in `dir`, by file name.
fn read_templates(dir: &Path) -> Result<Vec<(String, String)>, ComposeError> {
    if std::fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(ComposeError(format!(
            "模板文件夹 {} 是符号链接：模板必须是活动文件夹中的普通文件",
            dir.display()
        )));
    }
    let entries = std::fs::read_dir(dir).map_err(|e| {
        ComposeError(format!(
            "无法读取模板文件夹 {}：{}",
            dir.display(),
            io_reason(&e)
        ))
    })?;
    let mut out = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if !name.ends_with(".tera") {
            continue;
        }
        let is_link = entry.file_type().map(|t| t.is_symlink()).unwrap_or(true);
        if is_link {
            return Err(ComposeError(format!(
                "模板 {} 是符号链接：模板必须是活动文件夹中的普通文件",
                path.display()
            )));
        }
        if !path.is_file() {
            continue;
        }
        let text = crate::load::read_text(&path).map_err(|d| ComposeError(d.to_string()))?;
        out.push((name.to_string(), text));
    }
    out.sort();
    Ok(out)
}

/// A Tera error as one Chinese message naming the template and line.
fn describe(e: &tera::Error) -> String {
    match e.kind() {
        ErrorKind::SyntaxError(r) => format!(
            "模板 {} 第{}行第{}列：语法错误：{}",
            r.filename(),
            r.span().start_line,
            r.span().start_col + 1,
            r.message()
        ),
        ErrorKind::RenderingError(r) => format!(
            "模板 {} 第{}行第{}列：{}",
            r.filename(),
            r.span().start_line,
            r.span().start_col + 1,
            translate(r.message())
        ),
        ErrorKind::TemplateNotFound(name) => format!("找不到模板 {name}"),
        _ => {
            let text = e.to_string();
            let places: Vec<&str> = text
                .lines()
                .filter_map(|l| l.trim_start().strip_prefix("--> "))
                .collect();
            let first = text
                .lines()
                .next()
                .unwrap_or("")
                .trim_start_matches("error: ");
            if places.is_empty() {
                format!("模板错误：{}", translate(first))
            } else {
                format!("模板 {}：{}", places.join("，"), translate(first))
            }
        }
    }
}

fn translate(message: &str) -> String {
    if let Some(rest) = message.strip_prefix("Variable `")
        && let Some((name, _)) = rest.split_once('`')
    {
        return format!("变量 {name} 未定义（模板里写错了变量名，或数据中没有这一项）");
    }
    if let Some(rest) = message.strip_prefix("Unknown filter `")
        && let Some((name, _)) = rest.split_once('`')
    {
        return format!("未知的过滤器 {name}");
    }
    message.to_string()
}

#[cfg(test)]
mod tests {
    use super::{BUILT_IN, BULLETIN_TEMPLATE};

    /// Words of particular campaigns (the samples' and others an office might run). The
    /// built-in templates take every such word from `campaign.yaml`, never from their own text.
    const FIELD_WORDS: &[&str] = &[
        "整治",
        "幼儿园",
        "园",
        "改造",
        "小区",
        "户厕",
        "厕",
        "背街",
        "小巷",
        "居住区",
        "公办",
        "民办",
        "电梯",
        "加装",
        "管网",
        "棚户",
        "拆迁",
        "县区",
        "县市区",
        "乡镇",
        "街道",
        "临沂",
        "潍坊",
        "百日",
        "攻坚",
    ];

    #[test]
    fn built_in_templates_hold_no_field_words() {
        // Every file in templates/ and its folders (the HTML page, its style, the workbench's
        // pages too), not only those listed.
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        let mut paths: Vec<std::path::PathBuf> = Vec::new();
        let mut folders = vec![dir.clone()];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(&folder).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    folders.push(path);
                } else {
                    paths.push(path);
                }
            }
        }
        let mut files: Vec<(String, String)> = paths
            .iter()
            .map(|p| {
                let name = p.strip_prefix(&dir).unwrap().to_string_lossy().to_string();
                (name, std::fs::read_to_string(p).unwrap())
            })
            .collect();
        files.sort();
        assert!(files.iter().any(|(n, _)| n == BULLETIN_TEMPLATE));
        assert!(
            BUILT_IN
                .iter()
                .all(|(n, t)| files.contains(&(n.to_string(), t.to_string())))
        );
        let mut found = Vec::new();
        for (name, text) in &files {
            for (i, line) in text.lines().enumerate() {
                for word in FIELD_WORDS {
                    if line.contains(word) {
                        found.push(format!("{name}:{}: “{word}” in {line}", i + 1));
                    }
                }
            }
        }
        assert!(
            found.is_empty(),
            "field words in templates:\n{}",
            found.join("\n")
        );
    }
}
