//! tongbao: monthly work bulletins (工作通报) from campaign data.
//!
//! The pipeline, one direction:
//! [`load`] (YAML → checked model) → [`progress`] (figures) → [`compose`] (Tera → Markdown)
//! → [`document`] (Markdown → one document model) → [`render`] (HTML, PDF).

#![warn(missing_docs, unreachable_pub)]

pub mod archive;
pub mod checksum;
pub mod compose;
pub mod diagnostic;
pub mod document;
pub mod draft;
pub mod fault;
pub mod font_style;
pub mod format;
pub mod import;
pub mod io_error;
pub mod keyed;
pub mod layout;
pub mod load;
pub mod model;
pub mod month;
pub mod notice_draft;
pub mod output;
pub mod progress;
pub mod publish;
pub mod render;
pub mod returns;
pub mod segment;
pub mod serve;
pub mod suggest;
pub mod wording;
pub mod yaml;

use std::path::{Path, PathBuf};

use crate::compose::{ComposeError, Composer, Issue};
use crate::diagnostic::Diagnostics;
use crate::document::{Document, DocumentError};
use crate::fault::Fault;
use crate::load::{Inputs, UnknownPeriod};
use crate::model::Period;
use crate::output::OutputError;
use crate::progress::Figures;
use crate::render::docx::Grid;
use crate::render::pdf::{FontConfig, Fonts};
use crate::render::{Format, RenderError};

/// Everything that can stop a run: the error of the stage that stopped it, each printed once in
/// Chinese by the front end, which asks [`Error::fault`] what to make of it.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    /// Invalid campaign or snapshot files: every problem found.
    Input(Diagnostics),
    #[error("{0}")]
    /// A period with no snapshot.
    Period(#[from] UnknownPeriod),
    #[error("{0}")]
    /// A template failed.
    Compose(#[from] ComposeError),
    #[error("{0}")]
    /// The bulletin's Markdown is invalid (boxed: the error is large).
    Document(Box<DocumentError>),
    #[error("{0}")]
    /// A format could not be rendered.
    Render(#[from] RenderError),
    #[error("{0}")]
    /// An output file could not be written.
    Output(#[from] OutputError),
    /// An output was asked to go where it must not (an archive, an input, a device).
    #[error("{0}")]
    OutputRefused(#[from] output::Refused),
    #[error("{0}")]
    /// Publishing or reading the archive failed.
    Archive(#[from] archive::ArchiveError),
    /// A draft folder that cannot be published.
    #[error("{0}")]
    Draft(#[from] draft::DraftError),
    /// A new month that cannot be written.
    #[error("{0}")]
    Month(#[from] month::MonthError),
    /// Importing returns failed.
    #[error("{0}")]
    Import(#[from] import::ImportError),
    /// Publishing failed.
    #[error("{0}")]
    Publish(#[from] publish::PublishError),
    /// A return that could not be stored (the workbench's uploads).
    #[error("{0}")]
    Returns(#[from] returns::ReturnsError),
    /// A request of the front end that does not fit (an archive folder that does not exist…).
    #[error("{0}")]
    Request(String),
}

impl Error {
    /// Whose fault: the stage's own answer. The CLI makes it exit code 1 or 3.
    pub fn fault(&self) -> Fault {
        match self {
            Error::Input(d) => d.fault(),
            Error::Period(e) => e.fault(),
            Error::Compose(e) => e.fault(),
            Error::Document(e) => e.fault(),
            Error::Render(e) => e.fault(),
            Error::Output(e) => e.fault(),
            Error::OutputRefused(e) => e.fault(),
            Error::Archive(e) => e.fault(),
            Error::Draft(e) => e.fault(),
            Error::Month(e) => e.fault(),
            Error::Import(e) => e.fault(),
            Error::Publish(e) => e.fault(),
            Error::Returns(e) => e.fault(),
            Error::Request(_) => Fault::Input,
        }
    }

    /// The input problems listed, when the error is a list of them (the front end counts them).
    pub fn diagnostics(&self) -> Option<&Diagnostics> {
        match self {
            Error::Input(d) | Error::Import(import::ImportError::Input(d)) => Some(d),
            _ => None,
        }
    }
}

impl From<BulletinError> for Error {
    fn from(e: BulletinError) -> Self {
        match e {
            BulletinError::Period(e) => Error::Period(e),
            BulletinError::Compose(e) => Error::Compose(e),
            BulletinError::Document(e) => Error::Document(e),
        }
    }
}

impl From<DocumentError> for Error {
    fn from(e: DocumentError) -> Self {
        Error::Document(Box::new(e))
    }
}

/// Why a bulletin could not be composed.
#[derive(Debug, thiserror::Error)]
pub enum BulletinError {
    #[error("{0}")]
    /// A period with no snapshot.
    Period(#[from] UnknownPeriod),
    #[error("{0}")]
    /// A template failed.
    Compose(#[from] ComposeError),
    #[error("{0}")]
    /// The composed Markdown does not parse (boxed: the error is large).
    Document(Box<DocumentError>),
}

impl From<DocumentError> for BulletinError {
    fn from(e: DocumentError) -> Self {
        BulletinError::Document(Box::new(e))
    }
}

impl BulletinError {
    /// Whose fault: the failing step's answer.
    pub fn fault(&self) -> Fault {
        match self {
            BulletinError::Period(e) => e.fault(),
            BulletinError::Compose(e) => e.fault(),
            BulletinError::Document(e) => e.fault(),
        }
    }
}

impl From<output::WriteError> for Error {
    fn from(e: output::WriteError) -> Self {
        match e {
            output::WriteError::Refused(r) => Error::OutputRefused(r),
            output::WriteError::Failed(f) => Error::Output(f),
        }
    }
}

/// What a command run on the campaign `inputs` must never write over: the archive at `archive`,
/// `campaign.yaml`, the snapshots folder, the campaign's templates folder and its font files.
pub fn protected(inputs: &Inputs, archive: &Path) -> output::Protected {
    let campaign = &inputs.campaign;
    let mut p = output::Protected::new()
        .archive(archive)
        .input(&load::campaign_file(&inputs.dir), "活动数据")
        .input(&inputs.dir.join("snapshots"), "月度数据文件夹");
    for path in &inputs.snapshot_paths {
        p = p.input(path, "月度数据");
    }
    if let Some(t) = &campaign.templates {
        p = p.input(&inputs.dir.join(&t.value), "模板文件夹");
    }
    for (_, path) in compose::campaign_fonts(inputs) {
        p = p.input(Path::new(&path), "字体文件");
    }
    p
}

/// One period's bulletin, composed but not yet rendered.
#[derive(Debug)]
pub struct Bulletin {
    /// The period reported on.
    pub period: Period,
    /// Its snapshot's index in [`Inputs::snapshots`].
    pub index: usize,
    /// The issue number it carries.
    pub number: u64,
    /// The figures it states.
    pub figures: Figures,
    /// `bulletin.md` as composed.
    pub markdown: String,
    /// Its document model.
    pub document: Document,
    /// The headline sentence (from compose's headline template), as the archive lists it.
    pub headline: String,
}

/// The PDF fonts a campaign asks for (its `fonts:` files), else the default search: the same
/// files its drafts name in their front matter.
pub fn font_config(inputs: &Inputs) -> FontConfig {
    FontConfig {
        files: compose::campaign_fonts(inputs)
            .into_iter()
            .map(|(style, path)| (style, path.into()))
            .collect(),
        ..FontConfig::default()
    }
}

/// The PDF fonts a draft names (its front matter's `fonts:`), else the default search. A
/// relative path is taken relative to `dir`, the folder of `bulletin.md`.
pub fn document_fonts(document: &Document, dir: &Path) -> FontConfig {
    FontConfig {
        files: document
            .front
            .fonts
            .iter()
            .map(|(&style, path)| (style, dir.join(path.trim())))
            .collect(),
        ..FontConfig::default()
    }
}

/// Loads and checks a campaign folder.
pub fn load(dir: &Path) -> Result<Inputs, Error> {
    load::load(dir).map_err(Error::Input)
}

/// The figures of `period` (default: the latest snapshot).
pub fn figures(inputs: &Inputs, period: Option<Period>) -> Result<(usize, Figures), UnknownPeriod> {
    let index = inputs.snapshot_at(period)?;
    let previous = index.checked_sub(1).map(|i| &inputs.snapshots[i]);
    Ok((
        index,
        progress::compute(&inputs.campaign, &inputs.snapshots[index], previous),
    ))
}

/// The number and revision publish would give `period` (default: the latest snapshot) in the
/// archive at `archive` now (see [`archive::numbering`]); the draft shows that number.
pub fn slot(
    inputs: &Inputs,
    period: Option<Period>,
    archive: &Path,
) -> Result<archive::numbering::Slot, Error> {
    let index = inputs.snapshot_at(period)?;
    let snapshot = &inputs.snapshots[index];
    let series = archive::numbering::Series::of(
        &inputs.campaign,
        snapshot.issue_date(),
        snapshot.declared_number(),
    );
    Ok(archive::numbering::slot(
        archive,
        &series,
        snapshot.period.value,
    )?)
}

/// Composes the bulletin of `period` (default: the latest snapshot) as issue `number`; `None`
/// numbers it as the first issue of a new archive would be (`numbering.start`, else the
/// snapshot's `issue_number`, else 1).
pub fn bulletin(
    inputs: &Inputs,
    period: Option<Period>,
    number: Option<u64>,
) -> Result<Bulletin, BulletinError> {
    let (index, figures) = figures(inputs, period)?;
    let snapshot = &inputs.snapshots[index];
    let number = number.unwrap_or_else(|| {
        let series = archive::numbering::Series::of(
            &inputs.campaign,
            snapshot.issue_date(),
            snapshot.declared_number(),
        );
        archive::numbering::slot_in(
            Path::new(""),
            &[],
            &archive::ledger::Ledger::default(),
            &series,
            snapshot.period.value,
        )
        .number
    });
    let issue = Issue { number };
    let composer = Composer::new(inputs)?;
    let (markdown, headline) = composer.bulletin_and_headline(inputs, index, &figures, issue)?;
    let source = inputs.dir.join(format!(
        "（由 {} 生成的 bulletin.md）",
        snapshot.period.value
    ));
    let document = document::parse(&source, &markdown)?;
    Ok(Bulletin {
        period: snapshot.period.value,
        index,
        number,
        figures,
        markdown,
        document,
        headline,
    })
}

/// A draft as `build` makes it, not yet written: the bulletin, the number the archive would
/// give it now, what the office should know about that number, and the files.
#[derive(Debug)]
pub struct BuiltDraft {
    /// The bulletin composed.
    pub bulletin: Bulletin,
    /// Its number and revision in the archive now.
    pub slot: archive::numbering::Slot,
    /// Notes on the number (the snapshot declares another; the period is published already).
    pub notes: Vec<String>,
    /// Every format asked for and `draft.json` ([`draft_files`]).
    pub files: output::Files,
}

/// What to build.
#[derive(Debug, Clone, Copy)]
pub struct DraftRequest<'a> {
    /// Default: the latest snapshot.
    pub period: Option<Period>,
    /// The archive whose next number the draft shows.
    pub archive: &'a Path,
    /// The formats to render (and `draft.json` always).
    pub formats: &'a [Format],
    /// How the DOCX encodes the 28 × 22 grid.
    pub grid: Grid,
}

/// Builds the draft of a period: numbered as the archive would number it now ([`slot`]),
/// composed ([`bulletin`]) and rendered with the campaign's fonts ([`draft_files`]).
pub fn build_draft(inputs: &Inputs, request: &DraftRequest<'_>) -> Result<BuiltDraft, Error> {
    let slot = slot(inputs, request.period, request.archive)?;
    let bulletin = bulletin(inputs, request.period, Some(slot.number))?;
    let notes = number_notes(inputs, &bulletin, &slot);
    let files = draft_files(inputs, &bulletin, request.formats, request.grid)?;
    Ok(BuiltDraft {
        bulletin,
        slot,
        notes,
        files,
    })
}

/// What the draft's number rests on, when the snapshot's `issue_number` says otherwise or the
/// period is published already.
fn number_notes(
    inputs: &Inputs,
    bulletin: &Bulletin,
    slot: &archive::numbering::Slot,
) -> Vec<String> {
    let snapshot = &inputs.snapshots[bulletin.index];
    let mut notes = Vec::new();
    if let Some(declared) = snapshot.declared_number()
        && declared != slot.number
    {
        notes.push(format!(
            "{}: 警告：本期数据写的期号是第{declared}期，但发布时将编为第{}期（{}）：草稿按第{}期生成",
            inputs.snapshot_paths[bulletin.index].display(),
            slot.number,
            slot.basis,
            slot.number
        ));
    }
    if let Some(label) = &slot.published_as {
        notes.push(format!(
            "提示：{} 已发布为{label}；此草稿只能用 publish --revise 发布为修订版",
            bulletin.period
        ));
    }
    notes
}

/// A draft of `bulletin` to write into its folder: every format in `formats` and `draft.json`,
/// the record of what it was built from (which publish checks).
pub fn draft_files(
    inputs: &Inputs,
    bulletin: &Bulletin,
    formats: &[Format],
    grid: Grid,
) -> Result<output::Files, Error> {
    let mut files = render(
        &bulletin.markdown,
        &bulletin.document,
        formats,
        &inputs.dir,
        grid,
    )?;
    let read = draft::read_inputs(inputs, bulletin.index)?;
    let record = draft::Record::new(
        &inputs.campaign.name,
        bulletin.period,
        bulletin.number,
        &read,
    );
    files.push(record.file());
    Ok(files)
}

/// Renders `formats` of a bulletin whose Markdown is `markdown` and model `document`, with the
/// fonts the document names ([`document_fonts`]; relative paths from `dir`, the folder of its
/// `bulletin.md`). `build` and `render` both come here, so an unedited draft renders to the
/// same bytes as it was built. `grid`: how the DOCX encodes the 28 × 22 grid.
pub fn render(
    markdown: &str,
    document: &Document,
    formats: &[Format],
    dir: &Path,
    grid: Grid,
) -> Result<Vec<(String, Vec<u8>)>, RenderError> {
    render_with(
        markdown,
        document,
        formats,
        &document_fonts(document, dir),
        grid,
    )
}

/// Renders `formats`; the fonts for the PDF are resolved from `fonts` once, and only when the
/// PDF or the DOCX is asked for. The DOCX encodes its grid as `grid`; it shares the PDF's
/// pagination (computed once), so its 版记 goes where the PDF puts it.
pub fn render_with(
    markdown: &str,
    document: &Document,
    formats: &[Format],
    fonts: &FontConfig,
    grid: Grid,
) -> Result<Vec<(String, Vec<u8>)>, RenderError> {
    let mut resolved: Option<Fonts> = None;
    let mut pages: Option<render::pdf::pages::Typeset> = None;
    let mut files = Vec::new();
    for &format in formats {
        let bytes = match format {
            Format::Markdown => markdown.as_bytes().to_vec(),
            Format::Html => render::html::render(document)?.into_bytes(),
            Format::Pdf | Format::Docx => {
                let fonts = match resolved {
                    Some(ref f) => f,
                    None => resolved.insert(Fonts::resolve(fonts)?),
                };
                let typeset = match pages {
                    Some(ref t) => t,
                    None => pages.insert(render::pdf::typeset(document, fonts)?),
                };
                if format == Format::Pdf {
                    render::pdf::write(document, typeset, fonts)?
                } else {
                    render::docx::render(document, fonts, typeset, grid)?
                }
            }
            Format::Xlsx => render::xlsx::render(document)?,
        };
        files.push((format.file_name().to_string(), bytes));
    }
    Ok(files)
}

// The sequences the web workbench (`serve`) runs. Each is one library call for a handler, as
// STYLE.md asks; the CLI's `build` and `publish` make the same calls inline today (to be
// folded together when the commands move to src/cli/cmd/).

/// Writes the month's words (and, when given, its 印发日期) into `snapshots/<period>.yaml`:
/// only its `notes:`, `lists:` and `issue_date:` change. The campaign is checked with the new
/// text first; nothing is written when the check fails.
pub fn save_words(
    dir: &Path,
    period: Period,
    issue_date: Option<model::Date>,
    words: &wording::Words,
) -> Result<std::path::PathBuf, Error> {
    edit_snapshot(dir, period, |text| {
        let text = wording::apply(text, words);
        match issue_date {
            Some(date) => wording::set_issue_date(&text, date),
            None => text,
        }
    })
}

/// Rewrites `snapshots/<period>.yaml` with `edit`, after checking the campaign with the new text.
fn edit_snapshot(
    dir: &Path,
    period: Period,
    edit: impl FnOnce(&str) -> String,
) -> Result<std::path::PathBuf, Error> {
    let path = month::snapshot_path(dir, period);
    let old = load::read_text(&path).map_err(|d| Error::Input(Diagnostics(vec![d])))?;
    let new = edit(&old);
    load::load_with(dir, Some((&path, &new))).map_err(Error::Input)?;
    let folder = path.parent().unwrap_or(dir);
    output::write_files(folder, &[(format!("{period}.yaml"), new.into_bytes())])?;
    Ok(path)
}

/// Writes `issue_date` into `snapshots/<period>.yaml` (only that line changes), after checking
/// the campaign with it.
pub fn save_issue_date(dir: &Path, period: Period, date: model::Date) -> Result<(), Error> {
    edit_snapshot(dir, period, |text| wording::set_issue_date(text, date)).map(|_| ())
}

/// The reporting form of `period` (xlsx) for every unit, or for the unit `unit` (id or
/// name), pre-filled with the latest figures before it; with its file name.
pub fn form_file(
    dir: &Path,
    period: Period,
    unit: Option<&str>,
) -> Result<(String, Vec<u8>), Error> {
    let inputs = load(dir)?;
    let request = import::FormRequest {
        period,
        from: None,
        units: unit.map(|u| vec![u.to_string()]).unwrap_or_default(),
    };
    let bytes = import::form(&inputs, &request).map_err(Error::Request)?;
    let name = match unit {
        Some(u) => format!("填报表-{period}-{u}.xlsx"),
        None => format!("填报表-{period}.xlsx"),
    };
    Ok((name, bytes))
}

/// What collecting returns came to.
#[derive(Debug, Default)]
pub struct Collection {
    /// Uploads refused before they were stored (name, size, count), in Chinese.
    pub refused: Vec<String>,
    /// The returns now stored for the period.
    pub files: Vec<returns::ReturnFile>,
    /// What the import wrote, when every stored return was valid.
    pub imported: Option<import::Outcome>,
    /// Why the import took nothing: every problem, each naming its file and cell.
    pub problems: Vec<diagnostic::Diagnostic>,
}

/// Stores `uploads` (file name, bytes) as `period`'s returns in the campaign folder `dir`
/// ([`returns::store`]), then imports all of the period's stored returns at once: the
/// snapshot's figures are replaced only when every return is valid.
/// A new period's snapshot (made by the import) gets `issue_date` when given, so it checks.
pub fn collect(
    dir: &Path,
    period: Period,
    issue_date: Option<model::Date>,
    uploads: &[(String, Vec<u8>)],
) -> Result<Collection, Error> {
    let mut out = Collection::default();
    for (name, bytes) in uploads {
        match returns::store(dir, period, name, bytes) {
            Ok(_) => {}
            Err(returns::ReturnsError::Refused(why)) => out.refused.push(why),
            Err(e) => return Err(e.into()),
        }
    }
    out.files = returns::list(dir, period)?;
    if out.files.is_empty() {
        return Ok(out);
    }
    let paths: Vec<std::path::PathBuf> = out.files.iter().map(|f| f.path.clone()).collect();
    match import::import(&import::Request {
        dir,
        files: &paths,
        period,
        mapping: None,
    }) {
        Ok(mut outcome) => {
            if let (false, Some(date)) = (outcome.checked, issue_date) {
                save_issue_date(dir, period, date)?;
                outcome.checked = true;
                outcome.warnings.retain(|w| {
                    !(w.path == "issue_date" && w.message.starts_with("印发日期未填写"))
                });
            }
            out.imported = Some(outcome);
        }
        Err(import::ImportError::Input(d)) => out.problems = d.0,
        Err(e) => return Err(e.into()),
    }
    Ok(out)
}

/// The folder an edited `bulletin.md` is kept in when a new draft replaces it.
pub const OLD_DRAFTS: &str = "旧稿";

/// Builds the draft of `period` ([`build_draft`], every format) and writes it into `folder`,
/// which may not be an input or the archive. A `bulletin.md` already there that differs from
/// the new one (the clerk's edited wording) is first moved to `旧稿/bulletin-<n>.md`, never
/// overwritten.
pub fn build_draft_into(
    inputs: &Inputs,
    period: Option<Period>,
    archive: &Path,
    folder: &Path,
) -> Result<Vec<std::path::PathBuf>, Error> {
    let draft = build_draft(
        inputs,
        &DraftRequest {
            period,
            archive,
            formats: &Format::ALL,
            grid: Grid::default(),
        },
    )?;
    let protected = protected(inputs, archive);
    keep_edited(folder, &draft.bulletin.markdown)?;
    Ok(output::write_outputs(folder, &draft.files, &protected)?)
}

/// Moves `folder/bulletin.md` to `旧稿/bulletin-<n>.md` unless it is `markdown` already.
fn keep_edited(folder: &Path, markdown: &str) -> Result<(), Error> {
    let current = folder.join(draft::BULLETIN);
    let Ok(old) = std::fs::read(&current) else {
        return Ok(());
    };
    if old == markdown.as_bytes() {
        return Ok(());
    }
    let kept = folder.join(OLD_DRAFTS);
    let taken: std::collections::BTreeSet<String> = std::fs::read_dir(&kept)
        .map(|d| {
            d.filter_map(|e| e.ok()?.file_name().into_string().ok())
                .collect()
        })
        .unwrap_or_default();
    let n = (1..)
        .find(|n| !taken.contains(&format!("bulletin-{n}.md")))
        .unwrap_or(1);
    output::write_files(&kept, &[(format!("bulletin-{n}.md"), old)])?;
    Ok(())
}

/// Replaces the wording of the draft in `folder` (built by [`build_draft`] or `tongbao build`)
/// with `markdown` and renders its HTML, PDF and DOCX again, as `tongbao render` does; the
/// previous `bulletin.md` is kept in `旧稿/`. Invalid Markdown writes nothing.
pub fn save_wording(folder: &Path, markdown: &str) -> Result<Vec<std::path::PathBuf>, Error> {
    draft::read(folder)?;
    let source = folder.join(draft::BULLETIN);
    let document = document::parse(&source, markdown)?;
    let files = render(markdown, &document, &Format::ALL, folder, Grid::default())?;
    keep_edited(folder, markdown)?;
    Ok(output::write_files(folder, &files)?)
}

/// What publish would say of the draft in `draft_dir` now: the review against the data
/// (errors stop publishing; warnings need `force`).
pub fn draft_review(
    inputs: &Inputs,
    period: Option<Period>,
    draft_dir: &Path,
    archive: &Path,
) -> Result<publish::review::Review, Error> {
    let index = inputs.snapshot_at(period)?;
    let slot = slot(inputs, period, archive)?;
    let draft = draft::read(draft_dir)?;
    let composed = bulletin(inputs, period, Some(slot.number))?;
    let now = draft::read_inputs(inputs, index)?;
    Ok(publish::review::review(
        &draft,
        &composed,
        &inputs.campaign.name,
        &slot,
        &now,
        &publish::claims::Context::of(&inputs.campaign),
    ))
}

/// What the workbench's home page shows of a campaign: the period's bulletin as the data
/// composes it (figures, headline), the reporting board, the stored returns and the total's
/// rate period by period.
#[derive(Debug)]
pub struct Overview {
    /// The campaign, loaded and checked.
    pub inputs: Inputs,
    /// The period's bulletin, numbered as publish would number it now.
    pub bulletin: Bulletin,
    /// The reporting board of the period.
    pub board: Vec<returns::BoardRow>,
    /// The period's stored returns.
    pub files: Vec<returns::ReturnFile>,
    /// The headline indicator's total rate and 序时进度, period by period up to this one.
    pub trend: Vec<render::chart::Point>,
}

/// The [`Overview`] of `period` (default: the latest) of the campaign folder `dir`.
pub fn overview(dir: &Path, period: Option<Period>, archive: &Path) -> Result<Overview, Error> {
    let inputs = load(dir)?;
    let slot = slot(&inputs, period, archive)?;
    let bulletin = bulletin(&inputs, period, Some(slot.number))?;
    let files = returns::list(dir, bulletin.period)?;
    let board = returns::board(&inputs, bulletin.index, &files);
    let trend = (0..=bulletin.index)
        .map(|i| {
            let previous = i.checked_sub(1).map(|p| &inputs.snapshots[p]);
            let f = progress::compute(&inputs.campaign, &inputs.snapshots[i], previous);
            render::chart::Point {
                label: f.period.to_string(),
                rate: f.headline().and_then(|h| h.total.rate),
                schedule: f.time_progress,
            }
        })
        .collect();
    Ok(Overview {
        inputs,
        bulletin,
        board,
        files,
        trend,
    })
}

/// What the write page shows: the month's words as the snapshot holds them, and the draft
/// (its wording and what publish would say of it), if one was built.
#[derive(Debug)]
pub struct Desk {
    /// The campaign, loaded and checked.
    pub inputs: Inputs,
    /// The period's snapshot's index.
    pub index: usize,
    /// Its words.
    pub words: wording::Words,
    /// The draft's `bulletin.md`, when the draft folder has one.
    pub draft: Option<String>,
    /// The review of the draft, or why it cannot be reviewed.
    pub review: Option<Result<publish::review::Review, String>>,
}

/// The [`Desk`] of `period` (default: the latest) with its draft in `draft_dir`.
pub fn desk(
    dir: &Path,
    period: Option<Period>,
    draft_dir: &Path,
    archive: &Path,
) -> Result<Desk, Error> {
    let inputs = load(dir)?;
    let index = inputs.snapshot_at(period)?;
    let words = wording::Words::of(&inputs.snapshots[index]);
    let draft = std::fs::read_to_string(draft_dir.join(draft::BULLETIN)).ok();
    let review = draft
        .as_ref()
        .map(|_| draft_review(&inputs, period, draft_dir, archive).map_err(|e| e.to_string()));
    Ok(Desk {
        inputs,
        index,
        words,
        draft,
        review,
    })
}

/// What the workbench shows of an archive: its issues, what verification finds, and every file
/// in it (the only paths a download may name).
#[derive(Debug, Default)]
pub struct Shelf {
    /// Whether the archive folder exists.
    pub exists: bool,
    /// Its issue folders, oldest first.
    pub issues: Vec<archive::IssueFolder>,
    /// Folders that are not readable issues.
    pub unreadable: Vec<archive::Unreadable>,
    /// `tongbao archive verify`'s report.
    pub report: archive::verify::Report,
    /// Every file below the archive, relative, with `/`.
    pub files: Vec<String>,
}

/// The [`Shelf`] of the archive at `dir` (empty when it does not exist yet).
pub fn shelf(dir: &Path) -> Result<Shelf, Error> {
    if !dir.is_dir() {
        return Ok(Shelf::default());
    }
    let (issues, unreadable) = archive::scan(dir)?;
    Ok(Shelf {
        exists: true,
        issues,
        unreadable,
        report: archive::verify::verify(dir)?,
        files: archived_files(dir)?,
    })
}

/// Every file of the archive at `dir` a person may download: all below it but the lock and
/// what an interrupted publish left.
pub fn archived_files(dir: &Path) -> Result<Vec<String>, Error> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    Ok(archive::files_below(dir)?
        .into_iter()
        .filter(|f| f != archive::LOCK && !f.split('/').any(archive::is_leftover))
        .collect())
}

/// The issues published to `archive` before the period of `figures`, oldest first, with the
/// figures each recorded (`figures.json`): what consecutive-issue rules read. An issue whose
/// figures cannot be read is an error (a rule would otherwise count past it silently).
pub fn past_issues(
    archive: &Path,
    before: Period,
) -> Result<Vec<progress::selection::PastIssue>, Error> {
    let (issues, _) = archive::scan(archive)?;
    let mut out = Vec::new();
    for issue in archive::latest_revisions(&issues) {
        if issue.manifest.period >= before {
            continue;
        }
        let path = archive.join(&issue.folder).join(archive::record::FIGURES);
        let figures = std::fs::read(&path)
            .map_err(|e| io_error::io_reason(&e))
            .and_then(|bytes| archive::record::read_figures(&bytes))
            .map_err(|why| {
                Error::Request(format!(
                    "存档中{}（{}）的计算结果无法读取：{why}；“连续滞后”等规则要用到它，请先用 tongbao archive verify 检查存档",
                    issue.manifest.label(),
                    path.display()
                ))
            })?;
        out.push(progress::selection::PastIssue {
            number: issue.manifest.issue,
            figures,
        });
    }
    out.sort_by_key(|p| p.figures.period);
    Ok(out)
}

/// Who gets a notice for snapshot `index` (figures `figures`), by the campaign's rules over the
/// issues published to `archive` before it and the snapshot's own lists.
pub fn selections(
    inputs: &Inputs,
    index: usize,
    figures: &Figures,
    archive: &Path,
) -> Result<Vec<progress::selection::Selection>, Error> {
    let c = &inputs.campaign;
    if c.notices.supervision.is_none() && c.notices.interview.is_none() {
        return Ok(Vec::new());
    }
    let past = past_issues(archive, figures.period)?;
    Ok(progress::selection::select(
        c,
        &inputs.snapshots[index],
        figures,
        &past,
    ))
}

/// One notice, composed: for whom, why, its number, its Markdown and document.
#[derive(Debug)]
pub struct Notice {
    /// Who gets it and why.
    pub selection: progress::selection::Selection,
    /// Its number in its series and its date.
    pub number: compose::NoticeNumber,
    /// `督办单-沂南县`: the stem of its files.
    pub stem: String,
    /// Its Markdown (the editable draft).
    pub markdown: String,
    /// Its document model.
    pub document: Document,
}

/// The notices `bulletin` calls for (see [`selections`]), numbered from `first` per kind
/// (the next free number of each series), in kind then display order.
pub fn notices(
    inputs: &Inputs,
    bulletin: &Bulletin,
    archive: &Path,
    first: impl Fn(progress::selection::NoticeKind, i32) -> Result<u64, Error>,
) -> Result<Vec<Notice>, Error> {
    let snapshot = &inputs.snapshots[bulletin.index];
    let selected = selections(inputs, bulletin.index, &bulletin.figures, archive)?;
    let date = snapshot
        .notices
        .date
        .as_ref()
        .map_or(snapshot.issue_date(), |d| d.value);
    let year = chrono::Datelike::year(&date.0);
    let meeting = snapshot.notices.meeting.as_ref();
    if meeting.is_none()
        && selected
            .iter()
            .any(|s| s.kind == progress::selection::NoticeKind::Interview)
    {
        let names: Vec<&str> = selected
            .iter()
            .filter(|s| s.kind == progress::selection::NoticeKind::Interview)
            .map(|s| s.name.as_str())
            .collect();
        return Err(Error::Request(format!(
            "{}：本期有 {} 个单位要发约谈通知书（{}），但没有写约谈的时间和地点：请在该文件中写\nnotices:\n  meeting: {{ time: 2020年1月10日上午9:00, place: 市政府第一会议室, by: 市整治办主任 }}",
            inputs.snapshot_paths[bulletin.index].display(),
            names.len(),
            names.join("、")
        )));
    }
    let front = &bulletin.document.front;
    let cited = compose::BulletinRef {
        title: front.title.clone(),
        number: front.issue,
        doc_number: front.doc_number.clone(),
        header: front.header.clone(),
        date: front.date,
    };
    let composer = compose::Composer::new(inputs)?;
    let mut out = Vec::new();
    let mut next: std::collections::BTreeMap<progress::selection::NoticeKind, u64> =
        std::collections::BTreeMap::new();
    for selection in selected {
        let number = match next.get(&selection.kind) {
            Some(&n) => n,
            None => first(selection.kind, year)?,
        };
        next.insert(selection.kind, number + 1);
        let number = compose::NoticeNumber { number, date };
        let markdown = composer.notice(
            inputs,
            &bulletin.figures,
            &cited,
            &selection,
            number,
            meeting,
        )?;
        let mut stem = format!("{}-{}", selection.kind.title(), file_safe(&selection.name));
        if out.iter().any(|n: &Notice| n.stem == stem) {
            stem = format!("{stem}-{}", selection.unit);
        }
        let source = inputs
            .dir
            .join(format!("（由 {} 生成的 {stem}.md）", bulletin.period));
        let document = document::parse(&source, &markdown)?;
        out.push(Notice {
            selection,
            number,
            stem,
            markdown,
            document,
        });
    }
    Ok(out)
}

/// `name` with the characters no file name may hold (on Windows or elsewhere) replaced by `_`.
fn file_safe(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_control() || "/\\:*?\"<>|".contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect()
}

/// The files of a notices draft folder for `notices` (of `bulletin`): each notice's Markdown
/// and its renders in `formats`, and `notices.json`. Refuses, naming them, when a Markdown
/// draft in `dir` that the office edited would be overwritten.
pub fn notice_files(
    inputs: &Inputs,
    bulletin: &Bulletin,
    notices: &[Notice],
    formats: &[Format],
    grid: Grid,
    dir: &Path,
) -> Result<output::Files, Error> {
    let record = notice_draft::read_record(dir).map_err(Error::Request)?;
    let new: Vec<(String, String)> = notices
        .iter()
        .map(|n| (n.stem.clone(), n.markdown.clone()))
        .collect();
    let edited = notice_draft::edited_drafts(dir, record.as_ref(), &new);
    if !edited.is_empty() {
        return Err(Error::Request(format!(
            "以下通知草稿已经修改过，不会被覆盖：{}。请先发布（tongbao notices --publish），或把它们移到别处后重新生成",
            edited.join("、")
        )));
    }
    let mut files = Vec::new();
    let fonts = font_config(inputs);
    for notice in notices {
        for (name, bytes) in render_with(&notice.markdown, &notice.document, formats, &fonts, grid)?
        {
            let ext = name.rsplit('.').next().unwrap_or("md");
            files.push((format!("{}.{ext}", notice.stem), bytes));
        }
    }
    let read = draft::read_inputs(inputs, bulletin.index)?;
    let record = notice_draft::Record {
        schema: notice_draft::RECORD_SCHEMA,
        campaign: inputs.campaign.name.clone(),
        period: bulletin.period,
        bulletin_issue: bulletin.number,
        inputs: read
            .iter()
            .map(|(name, bytes)| (name.clone(), checksum::sha256_hex(bytes)))
            .collect(),
        notices: notices.iter().map(notice_entry).collect(),
    };
    files.push(record.file());
    Ok(files)
}

/// The record's entry for `notice`.
fn notice_entry(notice: &Notice) -> notice_draft::Entry {
    let front = &notice.document.front;
    notice_draft::Entry {
        kind: notice.selection.kind,
        unit: notice.selection.unit.clone(),
        name: notice.selection.name.clone(),
        number: notice.number.number,
        doc_number: front.doc_number.clone().unwrap_or_default(),
        stem: notice.stem.clone(),
        markdown_sha256: checksum::sha256_hex(notice.markdown.as_bytes()),
    }
}

/// `tongbao stats --json`: the figures of snapshot `index`, and, when the campaign asks for
/// notices, `notices`: each unit the rules select, for which notice and why (the rule, the
/// indicator, the unit's figures; for 连续滞后 the earlier issues of the run).
pub fn stats_json(
    inputs: &Inputs,
    index: usize,
    figures: &Figures,
    archive: &Path,
) -> Result<String, Error> {
    #[derive(serde::Serialize)]
    struct Stats<'a> {
        #[serde(flatten)]
        figures: &'a Figures,
        #[serde(skip_serializing_if = "Option::is_none")]
        notices: Option<Vec<progress::selection::Selection>>,
    }
    let c = &inputs.campaign;
    let asks = c.notices.supervision.is_some() || c.notices.interview.is_some();
    let notices = if asks {
        Some(selections(inputs, index, figures, archive)?)
    } else {
        None
    };
    serde_json::to_string_pretty(&Stats { figures, notices })
        .map_err(|e| Error::Request(format!("无法输出 JSON：{e}")))
}

/// The next free number of `kind`'s series in `year` in the archive at `archive` (1 when the
/// archive has none).
pub fn next_notice_number(
    archive: &Path,
    campaign: &str,
    kind: progress::selection::NoticeKind,
    year: i32,
) -> Result<u64, Error> {
    Ok(archive::notices::next_number(
        archive, campaign, kind, year,
    )?)
}

/// What `tongbao notices --publish` (or `publish`, for notices drafted beside the bulletin)
/// publishes.
#[derive(Debug)]
pub struct NoticesRequest<'a> {
    /// The campaign, loaded and checked.
    pub inputs: &'a Inputs,
    /// Default: the latest snapshot.
    pub period: Option<Period>,
    /// The notices' draft folder (default `out/<period>/notices`).
    pub drafts: Option<&'a Path>,
    /// The archive.
    pub archive: &'a Path,
    /// How the archived DOCX encodes the grid.
    pub grid: Grid,
}

/// Published notices: the new folder in the archive and its manifest.
#[derive(Debug)]
pub struct NoticesPublished {
    /// The new folder.
    pub folder: PathBuf,
    /// Its manifest.
    pub manifest: archive::notices::NoticesManifest,
}

/// Publishes the notices drafts of one period (see [`publish::notices`] for what is refused):
/// the bulletin must be published, the drafts must be the notices the data calls for now, each
/// draft's numbers those the data gives it; then every format is rendered from the drafts and
/// stored under the archive lock.
pub fn publish_notices(req: &NoticesRequest) -> Result<NoticesPublished, Error> {
    let refused = |text: String| Error::Archive(archive::ArchiveError::Refused(text));
    let inputs = req.inputs;
    let index = inputs.snapshot_at(req.period)?;
    let period = inputs.snapshots[index].period.value;
    let dir = req.drafts.map_or_else(
        || publish::default_draft_dir(period).join(notice_draft::FOLDER),
        Path::to_path_buf,
    );
    let record = notice_draft::read_record(&dir)
        .map_err(refused)?
        .ok_or_else(|| {
            refused(format!(
                "{} 中没有通知草稿（{}）：请先运行 tongbao notices 生成",
                dir.display(),
                notice_draft::RECORD
            ))
        })?;
    let (issues, _) = archive::scan(req.archive)?;
    let named_by = archive::latest_revisions(&issues)
        .into_iter()
        .rev()
        .find(|i| i.manifest.period == period && i.manifest.campaign == inputs.campaign.name)
        .cloned()
        .ok_or_else(|| {
            refused(format!(
                "{period} 的通报尚未发布：通知依据已发布的通报（期号、发文字号），请先用 tongbao publish 发布通报；存档未作任何改动"
            ))
        })?;
    let changed = record.changed_inputs(&draft::read_inputs(inputs, index)?);
    if !changed.is_empty() {
        return Err(refused(format!(
            "通知草稿是在数据修改之前生成的：{} 已改动。请重新运行 tongbao notices（修改过的草稿请先移走，把措辞重新写入新草稿）；存档未作任何改动",
            changed.join("、")
        )));
    }
    let bulletin = bulletin(inputs, Some(period), Some(named_by.manifest.issue))?;
    let notices = notices(inputs, &bulletin, req.archive, |kind, year| {
        next_notice_number(req.archive, &inputs.campaign.name, kind, year)
    })?;
    let composed: Vec<publish::notices::Composed> = notices
        .iter()
        .map(|n| publish::notices::Composed {
            stem: &n.stem,
            number: n.number.number,
            markdown: &n.markdown,
            document: &n.document,
        })
        .collect();
    publish::notices::same_set(&record, &composed, &dir).map_err(refused)?;
    let mut problems = Vec::new();
    let mut files = Vec::new();
    let fonts = font_config(inputs);
    for c in &composed {
        let path = dir.join(format!("{}.md", c.stem));
        let markdown = load::read_text(&path).map_err(|d| Error::Input(Diagnostics(vec![d])))?;
        let document = document::parse(&path, &markdown)?;
        publish::notices::review(&path, &markdown, &document, c, &mut problems);
        let formats = [Format::Markdown, Format::Pdf, Format::Docx];
        for (name, bytes) in render_with(&markdown, &document, &formats, &fonts, req.grid)? {
            let ext = name.rsplit('.').next().unwrap_or("md");
            files.push((format!("{}.{ext}", c.stem), bytes));
        }
    }
    if !problems.is_empty() {
        problems.push(format!(
            "通知草稿 {} 未能发布，存档未作任何改动。",
            dir.display()
        ));
        return Err(refused(problems.join("\n")));
    }
    let date = notices
        .first()
        .map_or(bulletin.document.front.date, |n| n.number.date);
    let entries = notices
        .iter()
        .zip(&composed)
        .map(|(n, c)| publish::notices::published(&n.selection, c, date))
        .collect();
    let (folder, manifest) = archive::store::Archive::open(req.archive)?
        .store_notices(&named_by, period, date, entries, files)?;
    Ok(NoticesPublished { folder, manifest })
}
