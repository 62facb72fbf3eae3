//! Stage 1 (optional, before load): the counties' filled forms and the office's ledgers
//! (xlsx, xls, ods, csv) → one month's `progress` in `snapshots/<P>.yaml`, every value traced
//! to its sheet and cell, checked like any snapshot, written whole or not at all.
//!
//! Also the other direction: [`form`] writes the reporting form the counties fill in.

mod csv;
mod extent;
mod filled;
mod form;
mod grid;
mod ledger;
mod limits;
pub(crate) mod snapshot_text;
mod suggest;
mod table;

use std::path::{Path, PathBuf};

pub use form::{FormRequest, form};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{Campaign, Period};

/// A count read from a file, with where it was read (`报表.xlsx 居住区配套幼儿园!C7`).
#[derive(Debug, Clone)]
pub(crate) struct Traced {
    pub(crate) value: i64,
    pub(crate) source: String,
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
            Some((_, first)) => problems.error(format!(
                "{at}：{noun}“{}”重复：已在 {first} 填写过，每个{noun}只能填写一行",
                campaign.units[unit].name,
                noun = campaign.vocabulary.unit()
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
    /// Whether the check passed as it stands; false only for a new month whose `issue_date`
    /// is still to be written (then a warning says so).
    pub checked: bool,
    /// Warnings of the files read (ignored sheets …) and of the check.
    pub warnings: Vec<Diagnostic>,
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

/// Reads `request.files` into the progress of `snapshots/<P>.yaml`, checks the whole campaign
/// with the new progress, and only then writes the file. On any problem nothing is written.
pub fn import(request: &Request<'_>) -> Result<Outcome, ImportError> {
    let input = |d: Vec<Diagnostic>| ImportError::Input(Diagnostics(d));
    let campaign_path = crate::load::campaign_file(request.dir);
    let campaign: Campaign = crate::load::read_text(&campaign_path)
        .and_then(|t| crate::load::parse(&campaign_path, &t))
        .map_err(|d| input(vec![d]))?;
    let mapping = match request.mapping {
        Some(path) => Some(ledger::mapping(path, &campaign).map_err(input)?),
        None => None,
    };

    let mut collected = Collected::new(&campaign);
    let mut found: Vec<Diagnostic> = Vec::new();
    // A file that could not be read at all explains the missing units; don't list them too.
    let mut unreadable = false;
    for file in request.files {
        let mut problems = Problems {
            file: file.clone(),
            found: Vec::new(),
        };
        match grid::read(file) {
            Ok(book) => match &mapping {
                Some(m) => {
                    for map in &m.ledgers {
                        ledger::read(&book, map, &campaign, &mut collected, &mut problems);
                    }
                }
                None => filled::read(
                    &book,
                    &campaign,
                    request.period,
                    &mut collected,
                    &mut problems,
                ),
            },
            Err(d) => {
                unreadable = true;
                problems.found.push(d);
            }
        }
        found.extend(problems.found);
    }
    let first = request
        .files
        .first()
        .cloned()
        .unwrap_or_else(|| request.dir.to_path_buf());
    for (i, ind) in campaign.indicators.iter().enumerate() {
        if unreadable {
            break;
        }
        let Some(file) = &collected.seen[i] else {
            found.push(Diagnostic::file(
                &first,
                format!(
                    "没有找到指标“{}”（{}）的数据：填报表中应有名为“{}”的工作表{}",
                    ind.name,
                    ind.id.value,
                    ind.name,
                    if mapping.is_some() {
                        "，或在台账映射的 ledgers 中写上这项指标"
                    } else {
                        ""
                    }
                ),
            ));
            continue;
        };
        let missing: Vec<&str> = campaign
            .units
            .iter()
            .zip(&collected.values[i])
            .filter(|(_, v)| v.is_none())
            .map(|(u, _)| u.name.as_str())
            .collect();
        if !missing.is_empty() {
            found.push(Diagnostic::file(
                Path::new(file),
                format!(
                    "“{}”缺少 {} 个{noun}的数据：{}：每个{noun}都要有一行（没有进展填 0）",
                    ind.name,
                    missing.len(),
                    missing.join("、"),
                    noun = campaign.vocabulary.unit()
                ),
            ));
        }
    }
    if found.iter().any(Diagnostic::is_error) {
        return Err(input(found));
    }
    let rows = collected.values.iter().flatten().flatten().count();
    let imported = Imported {
        values: collected
            .values
            .into_iter()
            .map(|units| units.into_iter().map(|v| v.map(|(f, _)| f)).collect())
            .collect(),
    };

    let block = snapshot_text::progress_block(&campaign, &imported);
    let snapshot = request
        .dir
        .join("snapshots")
        .join(format!("{}.yaml", request.period));
    let (text, created) = match std::fs::read(&snapshot) {
        Ok(bytes) => {
            // Refuse what load refuses (not UTF-8 …) before editing the text.
            crate::load::decode(&snapshot, &bytes).map_err(|d| input(vec![d]))?;
            let old = String::from_utf8(bytes)
                .map_err(|_| input(vec![Diagnostic::file(&snapshot, "文件不是 UTF-8 编码")]))?;
            let new = snapshot_text::replace_progress(&old, &block).ok_or_else(|| {
                input(vec![Diagnostic::file(
                    &snapshot,
                    "找不到顶格书写的 progress: 一节，无法替换：请确认文件中有 progress:（不缩进）",
                )])
            })?;
            (new, false)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            // A month without a snapshot: the rest written as new-month writes it.
            let inputs = crate::load::load(request.dir).map_err(ImportError::Input)?;
            let skeleton =
                crate::month::skeleton(&inputs, request.period).map_err(|e| match e {
                    crate::month::MonthError::Refused(m) => {
                        input(vec![Diagnostic::file(&snapshot, m)])
                    }
                    io @ crate::month::MonthError::Io(_) => ImportError::Month(io),
                })?;
            let skeleton = skeleton
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
                + "\n";
            let new = snapshot_text::replace_progress(&skeleton, &block).ok_or_else(|| {
                ImportError::Internal("新建的月度数据中没有 progress 一节（程序错误）".to_string())
            })?;
            (new, true)
        }
        Err(e) => {
            return Err(input(vec![Diagnostic::file(
                &snapshot,
                format!("无法读取：{}", crate::io_error::io_reason(&e)),
            )]));
        }
    };
    let mut warnings = found;
    let mut checked = true;
    match crate::load::load_with(request.dir, Some((&snapshot, &text))) {
        Ok(inputs) => warnings.extend(inputs.warnings),
        // A new month's issue_date is the clerk's to write, as after new-month: a reminder.
        Err(d)
            if created
                && d.0
                    .iter()
                    .filter(|x| x.is_error())
                    .all(is_unfilled_issue_date) =>
        {
            checked = false;
            warnings.extend(d.0.into_iter().map(|x| {
                if x.is_error() {
                    let mut w = x.warning();
                    w.message
                        .push_str("（新建的月度数据中请补写，否则无法生成通报）");
                    w
                } else {
                    x
                }
            }));
        }
        Err(d) => {
            let mut all = warnings;
            all.extend(d.0);
            return Err(ImportError::Input(Diagnostics(all)));
        }
    }
    let name = format!("{}.yaml", request.period);
    crate::output::write_files(&request.dir.join("snapshots"), &[(name, text.into_bytes())])?;
    Ok(Outcome {
        snapshot,
        created,
        rows,
        checked,
        warnings,
    })
}

/// The check's complaint about the empty `issue_date` new-month leaves.
fn is_unfilled_issue_date(d: &Diagnostic) -> bool {
    d.path == "issue_date" && d.message.starts_with("印发日期未填写")
}
