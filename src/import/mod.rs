//! Stage 1 (optional, before load): the counties' filled forms and the office's ledgers
//! (xlsx, xls, ods, csv) → one month's `progress` in `snapshots/<P>.yaml`, every value traced
//! to its sheet and cell, checked like any snapshot, written whole or not at all.
//!
//! Also the other direction: [`form`] writes the reporting form the counties fill in.

mod csv;
mod extent;
mod filled;
mod footer;
mod form;
mod grid;
mod ledger;
mod limits;
mod merge;
mod sheet;
pub(crate) mod snapshot_text;
mod strings;
mod suggest;
mod table;
mod units;

use std::path::{Path, PathBuf};

pub use form::{FormRequest, form};
pub use units::Refusal;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{Campaign, Period};

/// A count read from a file, with where it was read (`报表.xlsx 居住区配套幼儿园!C7`).
#[derive(Debug, Clone)]
pub(crate) struct Traced {
    pub(crate) value: i64,
    /// The file's name and the cell, as the snapshot's comment gives it.
    pub(crate) source: String,
    /// The file it was read from.
    pub(crate) file: PathBuf,
    /// The cell (`居住区配套幼儿园!C7`), or the ledger's rows.
    pub(crate) cell: String,
}

/// One unit's figures for one indicator: done, and the parts in campaign order.
#[derive(Debug, Clone)]
pub(crate) struct UnitFigures {
    pub(crate) done: Traced,
    pub(crate) parts: Vec<Traced>,
}

/// What the files gave: `[indicator][unit]` in campaign order.
#[derive(Debug)]
pub(crate) struct Imported {
    pub(crate) values: Vec<Vec<Option<UnitFigures>>>,
}

/// Figures collected over all files, with where each unit's row is (for duplicates).
pub(crate) struct Collected {
    values: Vec<Vec<Option<(UnitFigures, String)>>>,
    /// Per indicator: the first file that had a sheet for it.
    seen: Vec<Option<String>>,
    /// Unit name or id → index (see [`table::unit_names`]).
    names: std::collections::HashMap<String, usize>,
    /// Per unit: what its return said beside its figures, and the errors of its rows.
    returns: Vec<units::UnitReturn>,
}

impl Collected {
    fn new(campaign: &Campaign) -> Collected {
        Collected {
            values: campaign
                .indicators
                .iter()
                .map(|_| vec![None; campaign.units.len()])
                .collect(),
            seen: vec![None; campaign.indicators.len()],
            names: table::unit_names(campaign),
            returns: vec![units::UnitReturn::default(); campaign.units.len()],
        }
    }

    /// A form row (`file`, `Sheet!A4`): a unit may be reported once per indicator.
    fn put(
        &mut self,
        indicator: usize,
        unit: usize,
        figures: UnitFigures,
        (file, at): (&str, String),
        campaign: &Campaign,
        problems: &mut Problems,
    ) {
        match &self.values[indicator][unit] {
            Some((_, first)) => self.returns[unit].errors.push(Diagnostic::file(
                &problems.file,
                format!(
                    "{at}：{noun}“{}”重复：已在 {first} 填写过，每个{noun}只能填写一行",
                    campaign.units[unit].name,
                    noun = campaign.vocabulary.unit()
                ),
            )),
            None => self.values[indicator][unit] = Some((figures, format!("{file} {at}"))),
        }
    }

    /// Ledger counts: items of one unit may be spread over several files, so they add up.
    fn add(&mut self, indicator: usize, unit: usize, figures: UnitFigures) {
        let slot = &mut self.values[indicator][unit];
        match slot {
            None => *slot = Some((figures, String::new())),
            Some((old, _)) => {
                let merge = |a: &mut Traced, b: &Traced| {
                    if a.value == 0 {
                        a.source = b.source.clone();
                    } else if b.value > 0 {
                        a.source = format!("{}；{}", a.source, b.source);
                    }
                    a.value += b.value;
                };
                merge(&mut old.done, &figures.done);
                for (a, b) in old.parts.iter_mut().zip(&figures.parts) {
                    merge(a, b);
                }
            }
        }
    }
}

/// Problems of the file being read.
pub(crate) struct Problems {
    file: PathBuf,
    found: Vec<Diagnostic>,
}

impl Problems {
    fn error(&mut self, message: String) {
        self.found.push(Diagnostic::file(&self.file, message));
    }

    fn warn(&mut self, message: String) {
        self.found
            .push(Diagnostic::file(&self.file, message).warning());
    }
}

/// What `tongbao import` does.
#[derive(Debug)]
pub struct Request<'a> {
    /// The campaign folder.
    pub dir: &'a Path,
    /// The filled forms, or the ledgers when `mapping` is given.
    pub files: &'a [PathBuf],
    /// The month the figures are for.
    pub period: Period,
    /// The ledger mapping file; without it the files are forms.
    pub mapping: Option<&'a Path>,
}

/// What an import wrote.
#[derive(Debug)]
pub struct Outcome {
    /// The snapshot file written.
    pub snapshot: PathBuf,
    /// Whether it did not exist before.
    pub created: bool,
    /// How many unit rows were imported (over all indicators).
    pub rows: usize,
    /// Whether the check passed as it stands; false only when the period's `issue_date` is
    /// still to be written (then a warning says so).
    pub checked: bool,
    /// Warnings of the files read (ignored sheets …) and of the check.
    pub warnings: Vec<Diagnostic>,
    /// The units whose returns were taken now, by name in campaign order.
    pub taken: Vec<String>,
    /// The units whose returns were refused (their figures, if the snapshot had any, are kept).
    pub refused: Vec<Refusal>,
    /// Errors of the files that are no unit's (a sheet without its header, an unknown unit,
    /// a form of another period…).
    pub problems: Vec<Diagnostic>,
    /// The units the snapshot still has no figures for (未报), by name in campaign order.
    pub missing: Vec<String>,
    /// The units whose figures were new-month's copy of last month's, not a return: dropped,
    /// now 未报 (by name).
    pub dropped: Vec<String>,
}

/// Why nothing was imported; no file was written.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Problems of the files read or of the campaign with the new progress: every one found.
    #[error("{0}")]
    Input(Diagnostics),
    /// The new month's skeleton could not be made.
    #[error("{0}")]
    Month(crate::month::MonthError),
    /// The snapshot could not be written.
    #[error("{0}")]
    Output(#[from] crate::output::OutputError),
    /// A failure of this program.
    #[error("{0}")]
    Internal(String),
}

impl ImportError {
    /// Whose fault: the files' for problems found in them; otherwise the failing step's.
    pub fn fault(&self) -> crate::fault::Fault {
        match self {
            ImportError::Input(d) => d.fault(),
            ImportError::Month(e) => e.fault(),
            ImportError::Output(e) => e.fault(),
            ImportError::Internal(_) => crate::fault::Fault::Internal,
        }
    }
}

/// Reads `bytes` as the spreadsheet `path` (xlsx, xls, ods or csv, by content and extension)
/// and returns how many sheets it has: every bound applies, nothing is imported. The fuzz
/// targets (`fuzz/`) drive the readers through this.
pub fn read_spreadsheet(path: &Path, bytes: Vec<u8>) -> Result<usize, Diagnostic> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    grid::parse(path, &ext, bytes).map(|book| book.sheets.len())
}

/// Reads `request.files` and takes each unit's return whole or not at all (see [`units`]):
/// the taken units' figures go into `snapshots/<P>.yaml` with the figures it had of other
/// units (see [`merge`]), the campaign is checked with the new text — a unit whose figures the
/// check refuses (a cumulative count below last month's…) is refused with the cells it came
/// from — and only then is the file written, once. When no unit's return can be taken,
/// nothing is written. A ledger import (`mapping`) stays all or nothing.
pub fn import(request: &Request<'_>) -> Result<Outcome, ImportError> {
    run(request, true)
}

/// What [`import`] would do with `request`, without writing anything: which units' returns
/// it would take and which it refuses, with their errors (`tongbao status` reviews the
/// period's stored returns so). When no unit could be taken, the outcome says so (an empty
/// `taken`) instead of failing.
pub fn review(request: &Request<'_>) -> Result<Outcome, ImportError> {
    run(request, false)
}

fn run(request: &Request<'_>, write: bool) -> Result<Outcome, ImportError> {
    let input = |d: Vec<Diagnostic>| ImportError::Input(Diagnostics(d));
    let campaign_path = crate::load::campaign_file(request.dir);
    let campaign: Campaign = crate::load::read_text(&campaign_path)
        .and_then(|t| crate::load::parse(&campaign_path, &t))
        .map_err(|d| input(vec![d]))?;
    let mapping = match request.mapping {
        Some(path) => Some(ledger::mapping(path, &campaign).map_err(input)?),
        None => None,
    };
    let (collected, found) = read_files(request, &campaign, mapping.as_ref());
    let (problems, mut warnings): (Vec<Diagnostic>, Vec<Diagnostic>) =
        found.into_iter().partition(Diagnostic::is_error);
    let settled = units::settle(&collected, &campaign);
    if mapping.is_some() && (!problems.is_empty() || !settled.refused.is_empty()) {
        let mut all = problems;
        all.extend(settled.refused.into_iter().flat_map(|r| r.errors));
        all.extend(warnings);
        return Err(input(all));
    }
    let (mut taken, mut refused) = (settled.taken, settled.refused);
    let existing = existing(request)?;
    loop {
        if taken.is_empty() && write {
            return Err(input(nothing_taken(request, problems, refused, warnings)));
        }
        let plan = plan(request, &campaign, &collected, &existing, &taken)?;
        let checked = if taken.is_empty() {
            Ok(Checked {
                warnings: Vec::new(),
                checked: true,
            })
        } else {
            check(request, &plan)
        };
        match checked {
            Ok(check) => {
                warnings.extend(check.warnings);
                if write {
                    let name = format!("{}.yaml", request.period);
                    crate::output::write_files(
                        &request.dir.join("snapshots"),
                        &[(name, plan.text.into_bytes())],
                    )?;
                }
                let order = |r: &Refusal| campaign.units.iter().position(|u| u.id.value == r.unit);
                refused.sort_by_key(order);
                let names = |us: &[usize]| -> Vec<String> {
                    us.iter().map(|&u| campaign.units[u].name.clone()).collect()
                };
                return Ok(Outcome {
                    snapshot: plan.snapshot,
                    created: existing.is_none(),
                    rows: taken.len() * campaign.indicators.len(),
                    checked: check.checked,
                    warnings,
                    taken: names(&taken),
                    refused,
                    problems,
                    missing: names(&plan.missing),
                    dropped: names(&plan.dropped),
                });
            }
            Err(errors) => {
                let blamed = blame(&errors, &campaign, &collected, &taken);
                if blamed.is_empty() {
                    let mut all = problems;
                    all.extend(refused.into_iter().flat_map(|r| r.errors));
                    all.extend(warnings);
                    all.extend(errors);
                    return Err(input(all));
                }
                taken.retain(|u| !blamed.iter().any(|r| r.unit == campaign.units[*u].id.value));
                refused.extend(blamed);
            }
        }
    }
}

/// Reads every file of `request` into figures per unit; the problems found, each naming its
/// file.
fn read_files(
    request: &Request<'_>,
    campaign: &Campaign,
    mapping: Option<&ledger::Mapping>,
) -> (Collected, Vec<Diagnostic>) {
    let mut collected = Collected::new(campaign);
    let mut found: Vec<Diagnostic> = Vec::new();
    for file in request.files {
        let mut problems = Problems {
            file: file.clone(),
            found: Vec::new(),
        };
        match grid::read(file) {
            Ok(book) => match mapping {
                Some(m) => {
                    for map in &m.ledgers {
                        ledger::read(&book, map, campaign, &mut collected, &mut problems);
                    }
                }
                None => filled::read(
                    &book,
                    campaign,
                    request.period,
                    &mut collected,
                    &mut problems,
                ),
            },
            Err(d) => problems.found.push(d),
        }
        found.extend(problems.found);
    }
    (collected, found)
}

/// Every reason nothing could be taken (when there is none, that no unit's row was found).
fn nothing_taken(
    request: &Request<'_>,
    problems: Vec<Diagnostic>,
    refused: Vec<Refusal>,
    warnings: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    let mut all = problems;
    all.extend(refused.into_iter().flat_map(|r| r.errors));
    if all.is_empty() {
        let first = request
            .files
            .first()
            .cloned()
            .unwrap_or_else(|| request.dir.to_path_buf());
        all.push(Diagnostic::file(
            &first,
            "没有读到任何单位的数据：填报表中应有以指标名称命名的工作表，每个单位一行",
        ));
    }
    all.extend(warnings);
    all
}

/// The period's snapshot before the import (`None` when there is none yet).
fn existing(request: &Request<'_>) -> Result<Option<merge::Existing>, ImportError> {
    let input = |d: Vec<Diagnostic>| ImportError::Input(Diagnostics(d));
    let path = snapshot_path(request);
    match std::fs::read(&path) {
        Ok(bytes) => {
            // Refuse what load refuses (not UTF-8 …) before editing the text.
            crate::load::decode(&path, &bytes).map_err(|d| input(vec![d]))?;
            let text = String::from_utf8(bytes)
                .map_err(|_| input(vec![Diagnostic::file(&path, "文件不是 UTF-8 编码")]))?;
            Ok(Some(merge::Existing {
                snapshot: crate::load::parse(&path, &text).ok(),
                previous: merge::previous(request.dir, request.period),
                text,
            }))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(input(vec![Diagnostic::file(
            &path,
            format!("无法读取：{}", crate::io_error::io_reason(&e)),
        )])),
    }
}

fn snapshot_path(request: &Request<'_>) -> PathBuf {
    request
        .dir
        .join("snapshots")
        .join(format!("{}.yaml", request.period))
}

/// The snapshot an import would write.
struct Plan {
    snapshot: PathBuf,
    text: String,
    /// Units with no figures in it.
    missing: Vec<usize>,
    /// Units whose copied figures were dropped.
    dropped: Vec<usize>,
}

/// The text of the snapshot with the units `taken` from `collected` and the rest kept from
/// `existing` (or, for a new period, the skeleton new-month would write).
fn plan(
    request: &Request<'_>,
    campaign: &Campaign,
    collected: &Collected,
    existing: &Option<merge::Existing>,
    taken: &[usize],
) -> Result<Plan, ImportError> {
    let input = |d: Vec<Diagnostic>| ImportError::Input(Diagnostics(d));
    let snapshot = snapshot_path(request);
    let units = campaign.units.len();
    let mut values: Vec<Vec<Option<UnitFigures>>> =
        vec![vec![None; units]; campaign.indicators.len()];
    let mut records: Vec<Option<crate::model::ReturnRecord>> = vec![None; units];
    let (kept, dropped) = match existing {
        Some(e) => merge::kept(e, campaign, taken),
        None => (Vec::new(), Vec::new()),
    };
    if let Some(e) = existing {
        for &u in &kept {
            for (i, f) in merge::figures_of(e, campaign, u).into_iter().enumerate() {
                values[i][u] = Some(f);
            }
            records[u] = e
                .snapshot
                .as_ref()
                .and_then(|s| s.returns.get(&campaign.units[u].id.value).cloned());
        }
    }
    for &u in taken {
        for (i, row) in collected.values.iter().enumerate() {
            values[i][u] = row[u].as_ref().map(|(f, _)| f.clone());
        }
        records[u] = Some(collected.returns[u].record());
    }
    let missing = (0..units)
        .filter(|&u| values.iter().all(|row| row[u].is_none()))
        .collect();
    let progress = snapshot_text::progress_block(campaign, &Imported { values });
    let returns = merge::returns_block(campaign, &records);
    let text = match existing {
        Some(e) => merge::with_blocks(&e.text, &progress, &returns).ok_or_else(|| {
            input(vec![Diagnostic::file(
                &snapshot,
                "找不到顶格书写的 progress: 一节，无法替换：请确认文件中有 progress:（不缩进）",
            )])
        })?,
        None => {
            let skeleton = new_month_text(request, &snapshot)?;
            merge::with_blocks(&skeleton, &progress, &returns).ok_or_else(|| {
                ImportError::Internal("新建的月度数据中没有 progress 一节（程序错误）".to_string())
            })?
        }
    };
    Ok(Plan {
        snapshot,
        text,
        missing,
        dropped,
    })
}

/// A month without a snapshot: the text new-month would write, its first line saying that
/// the figures come from an import.
fn new_month_text(request: &Request<'_>, snapshot: &Path) -> Result<String, ImportError> {
    let input = |d: Vec<Diagnostic>| ImportError::Input(Diagnostics(d));
    let inputs = crate::load::load(request.dir).map_err(ImportError::Input)?;
    let skeleton = crate::month::skeleton(&inputs, request.period).map_err(|e| match e {
        crate::month::MonthError::Refused(m) => input(vec![Diagnostic::file(snapshot, m)]),
        io @ crate::month::MonthError::Io(_) => ImportError::Month(io),
    })?;
    Ok(skeleton
        .lines()
        .map(|l| {
            if l.starts_with("# 由 tongbao new-month 生成") {
                "# 由 tongbao import 生成：progress 中的数字取自导入的文件，每个数后注明来源单元格；"
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n")
}

/// What the check of a planned snapshot said when it passed.
struct Checked {
    warnings: Vec<Diagnostic>,
    checked: bool,
}

/// Checks the whole campaign with the planned text; the imported period's errors when it
/// cannot be used (each period stands alone: another period's errors are not the import's).
/// An unfinished `issue_date` is the clerk's to write, as after new-month: a reminder.
fn check(request: &Request<'_>, plan: &Plan) -> Result<Checked, Vec<Diagnostic>> {
    let inputs =
        crate::load::load_with(request.dir, Some((&plan.snapshot, &plan.text))).map_err(|d| d.0)?;
    let blocked = inputs.blocked(request.period);
    let mut warnings = inputs.warnings.clone();
    let mut checked = true;
    if let Some(b) = blocked {
        if !b.figures {
            let mut all = b.reasons();
            all.extend(warnings);
            return Err(all);
        }
        checked = false;
        warnings.extend(b.errors.iter().map(|x| {
            let mut w = x.clone().warning();
            w.message
                .push_str("（请在月度数据中补写，否则无法生成通报）");
            w
        }));
    }
    Ok(Checked { warnings, checked })
}

/// The units of `taken` whose figures the check's `errors` name (`progress.<指标>.<单位>…`),
/// refused with each error told against the file and cell the figure came from.
fn blame(
    errors: &[Diagnostic],
    campaign: &Campaign,
    collected: &Collected,
    taken: &[usize],
) -> Vec<Refusal> {
    let mut out: Vec<Refusal> = Vec::new();
    for d in errors.iter().filter(|d| d.is_error()) {
        let mut path = d.path.split('.');
        let (Some("progress"), Some(ind), Some(unit)) = (path.next(), path.next(), path.next())
        else {
            continue;
        };
        let (Some(i), Some(u)) = (
            campaign.indicators.iter().position(|x| x.id.value == ind),
            campaign.units.iter().position(|x| x.id.value == unit),
        ) else {
            continue;
        };
        let Some((figures, _)) = collected.values[i][u]
            .as_ref()
            .filter(|_| taken.contains(&u))
        else {
            continue;
        };
        let rest: Vec<&str> = path.collect();
        let traced = match rest.as_slice() {
            ["parts", part] => campaign.indicators[i]
                .parts
                .iter()
                .position(|p| p.id.value == *part)
                .and_then(|j| figures.parts.get(j))
                .unwrap_or(&figures.done),
            _ => &figures.done,
        };
        let name = &campaign.units[u].name;
        let error = Diagnostic::file(
            &traced.file,
            // A message that names the unit itself (a fall without a 核减) is not prefixed twice.
            if d.message.starts_with(name.as_str()) {
                format!("{}：{}", traced.cell, d.message)
            } else {
                format!("{}：{name}：{}", traced.cell, d.message)
            },
        );
        match out.iter_mut().find(|r| r.unit == unit) {
            Some(r) => r.errors.push(error),
            None => out.push(Refusal {
                unit: unit.to_string(),
                name: name.clone(),
                errors: vec![error],
            }),
        }
    }
    out
}
