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
pub mod fonts;
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
pub mod parallel;
pub mod progress;
pub mod publish;
pub mod render;
pub mod returns;
pub mod segment;
pub mod serve;
pub mod suggest;
pub mod term;
pub mod typeset;
pub mod wording;
pub mod yaml;

use std::path::{Path, PathBuf};

use crate::compose::{ComposeError, Composer, Issue};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::document::{Document, DocumentError};
use crate::fault::Fault;
use crate::fonts::{FontConfig, Fonts};
use crate::load::{Inputs, PeriodError};
use crate::model::Period;
use crate::output::OutputError;
use crate::progress::Figures;
use crate::render::docx::Grid;
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
    Period(#[from] PeriodError),
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
            Error::Period(e) => e.diagnostics(),
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
    Period(#[from] PeriodError),
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
    /// The figures it states (a quarter's: those of its latest month).
    pub figures: Figures,
    /// A quarter's figures month by month ([`quarter_figures`]); `None` for a month or a week.
    pub quarter: Option<progress::quarter::QuarterFigures>,
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

/// The header texts of the campaign that cannot fit their places on the page in `fonts`
/// (see [`typeset::fit`]), each located at its line of `campaign.yaml` with the limit in
/// characters. Measured on the front matter of the latest period's bulletin (its 发文字号
/// carries that period's year and number); nothing when there is no bulletin to compose
/// (that is reported elsewhere).
pub fn header_overflows(inputs: &Inputs, fonts: &Fonts) -> Result<Diagnostics, Error> {
    let mut found = Diagnostics::default();
    let file = load::campaign_file(&inputs.dir);
    let text = std::fs::read_to_string(&file).unwrap_or_default();
    let mut seen = std::collections::BTreeSet::new();
    // The latest month's bulletin, and the latest week's sheet and the quarter's summary when
    // the campaign has weeks or months: each kind has a header name of its own.
    for period in header_periods(inputs) {
        let Ok(document) = bulletin(inputs, period, None).map(|b| b.document) else {
            continue;
        };
        for d in header_overflows_of(inputs, period, &document, fonts, &file)? {
            if seen.insert(d.to_string()) {
                found.push(d.with_excerpt(&text));
            }
        }
    }
    Ok(found)
}

/// The periods whose documents `check` measures: the latest month (`None`), the latest week
/// and the quarter of the latest month.
fn header_periods(inputs: &Inputs) -> Vec<Option<Period>> {
    let latest = |kind| {
        inputs
            .snapshots
            .iter()
            .rev()
            .map(|s| s.period.value)
            .find(|p| p.kind() == kind)
    };
    let mut periods = vec![None];
    if let Some(week) = latest(model::PeriodKind::Week) {
        periods.push(Some(week));
    }
    if let Some(day) = latest(model::PeriodKind::Month).and_then(Period::last_day) {
        periods.push(Some(Period::quarter_of(day)));
    }
    periods
}

/// The header texts of one composed document that do not fit, located in `campaign.yaml`.
fn header_overflows_of(
    inputs: &Inputs,
    period: Option<Period>,
    document: &Document,
    fonts: &Fonts,
    file: &Path,
) -> Result<Vec<Diagnostic>, Error> {
    let header = &inputs.campaign.header;
    let (name, default) = match period.map(Period::kind) {
        Some(model::PeriodKind::Week) => (("header.weekly", header.weekly.as_ref()), "工作调度"),
        Some(model::PeriodKind::Quarter) => {
            (("header.quarterly", header.quarterly.as_ref()), "督导通报")
        }
        _ => (("header.name", Some(&header.name)), ""),
    };
    let mut found = Vec::new();
    let overflows = typeset::overflows(&document.front, fonts).map_err(RenderError::from)?;
    for o in overflows {
        let (path, at, extra) = match o.field {
            "header" => (name.0, name.1, String::new()),
            "office" => (
                "office.name",
                Some(&inputs.campaign.office.name),
                String::new(),
            ),
            "secrecy" => ("header.secrecy", header.secrecy.as_ref(), String::new()),
            "doc_number" => {
                let prefix = header.number_prefix.as_ref();
                let own = prefix.map_or(0, |p| p.value.chars().count());
                let rest = o.chars.saturating_sub(own);
                (
                    "header.number_prefix",
                    prefix,
                    format!(
                        "；发文字号由 number_prefix 加“〔年份〕期号号”（本期 {rest} 个字）组成，number_prefix 最多 {} 个字",
                        o.limit.saturating_sub(rest)
                    ),
                )
            }
            _ => continue,
        };
        let message = format!("{}{extra}", o.explain());
        found.push(match at {
            Some(value) => Diagnostic::on(file, value, path, message),
            None => Diagnostic::file(
                file,
                format!(
                    "{path} 未写，默认用活动名称加“{default}”：{message}（可在 header 下写 {} 给出简称）",
                    path.trim_start_matches("header.")
                ),
            ),
        });
    }
    Ok(found)
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

/// The figures of `period` (default: the latest month, see [`Inputs::snapshot_index`]).
pub fn figures(inputs: &Inputs, period: Option<Period>) -> Result<(usize, Figures), PeriodError> {
    let index = inputs.snapshot_at(period)?;
    Ok((index, figures_at(inputs, index)))
}

/// The figures of snapshot `index`: against the snapshot before it
/// ([`Inputs::previous_index`]) and, when the campaign grades, with the grades of every
/// earlier period of its kind for the runs and escalations.
pub fn figures_at(inputs: &Inputs, index: usize) -> Figures {
    let (campaign, snapshot) = (&inputs.campaign, &inputs.snapshots[index]);
    let previous = inputs.previous_index(index).map(|i| &inputs.snapshots[i]);
    let mut figures = progress::compute(campaign, snapshot, previous);
    if !campaign.rules.grades.is_empty() {
        let kind = snapshot.period.value.kind();
        // Grades need no previous period: only the rate against 序时进度.
        let earlier: Vec<Figures> = inputs.snapshots[..index]
            .iter()
            .rev()
            .filter(|s| s.period.value.kind() == kind)
            .map(|s| progress::compute(campaign, s, None))
            .collect();
        progress::grades::apply(&campaign.rules, &mut figures, &earlier);
    }
    figures
}

/// The snapshot a document of `period` (default: the latest month) is made from and the
/// period it reports on: a month's or a week's own snapshot; for a quarter its latest month's
/// snapshot and the quarter.
pub fn target(inputs: &Inputs, period: Option<Period>) -> Result<(usize, Period), PeriodError> {
    let index = inputs.snapshot_at(period)?;
    let own = inputs.snapshots[index].period.value;
    Ok((
        index,
        period
            .filter(|p| p.kind() == model::PeriodKind::Quarter)
            .unwrap_or(own),
    ))
}

/// The quarter `quarter` (the snapshot `index` is its latest month): every month up to it,
/// figured and graded as its bulletin states them, taken together
/// ([`progress::quarter::compute`]).
pub fn quarter_figures(
    inputs: &Inputs,
    quarter: Period,
    index: usize,
) -> Result<progress::quarter::QuarterFigures, PeriodError> {
    let months: Vec<Figures> = (0..=index)
        .filter(|&i| inputs.snapshots[i].period.value.kind() == model::PeriodKind::Month)
        .map(|i| figures_at(inputs, i))
        .collect();
    progress::quarter::compute(quarter, &months).ok_or_else(|| PeriodError::Unknown {
        asked: quarter.to_string(),
        known: String::new(),
    })
}

/// The number and revision publish would give `period` (default: the latest month) in the
/// archive at `archive` now (see [`archive::numbering`]); the draft shows that number.
pub fn slot(
    inputs: &Inputs,
    period: Option<Period>,
    archive: &Path,
) -> Result<archive::numbering::Slot, Error> {
    let (index, target) = target(inputs, period)?;
    let snapshot = &inputs.snapshots[index];
    Ok(archive::numbering::slot(
        archive,
        &series(inputs, snapshot, target),
        target,
    )?)
}

/// The numbering series of the document of `period` made from `snapshot`
/// ([`archive::numbering::Series::of_snapshot`]).
fn series<'a>(
    inputs: &'a Inputs,
    snapshot: &model::Snapshot,
    period: Period,
) -> archive::numbering::Series<'a> {
    archive::numbering::Series::of_snapshot(&inputs.campaign, snapshot, period)
}

/// Composes the document of `period` (default: the latest month) as issue `number`: a month's
/// bulletin, a week's 调度 sheet. `None` numbers it as the first issue of a new archive would
/// be (for a month `numbering.start`, else the snapshot's `issue_number`, else 1).
pub fn bulletin(
    inputs: &Inputs,
    period: Option<Period>,
    number: Option<u64>,
) -> Result<Bulletin, BulletinError> {
    bulletin_issue(inputs, period, number, None)
}

/// Composes the bulletin of `period` as the archive's `slot` numbers it now: its number and,
/// when the period is published already, its revision (the mark of
/// [`layout::revision`](crate::layout::revision) on every format).
pub fn bulletin_for(
    inputs: &Inputs,
    period: Option<Period>,
    slot: &archive::numbering::Slot,
) -> Result<Bulletin, BulletinError> {
    let revision = (slot.revision > 1).then_some(slot.revision);
    bulletin_issue(inputs, period, Some(slot.number), revision)
}

fn bulletin_issue(
    inputs: &Inputs,
    period: Option<Period>,
    number: Option<u64>,
    revision: Option<u32>,
) -> Result<Bulletin, BulletinError> {
    let (index, target) = target(inputs, period)?;
    let figures = figures_at(inputs, index);
    let snapshot = &inputs.snapshots[index];
    inputs.bulletin_ready(snapshot.period.value)?;
    let number = number.unwrap_or_else(|| {
        archive::numbering::slot_in(
            Path::new(""),
            &[],
            &archive::ledger::Ledger::default(),
            &series(inputs, snapshot, target),
            target,
        )
        .number
    });
    let issue = Issue { number, revision };
    let composer = Composer::new(inputs)?;
    let quarter = match target.kind() {
        model::PeriodKind::Quarter => Some(quarter_figures(inputs, target, index)?),
        _ => None,
    };
    let kind = compose::Kind::of_period(target.kind());
    let (markdown, headline) = match &quarter {
        Some(q) => composer.quarterly_and_headline(inputs, index, &figures, q, issue)?,
        None => composer.document_and_headline(kind, inputs, index, &figures, issue)?,
    };
    let source = inputs
        .dir
        .join(format!("（由 {target} 生成的 bulletin.md）"));
    let document = document::parse(&source, &markdown)?;
    Ok(Bulletin {
        period: target,
        index,
        number,
        figures,
        quarter,
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
    /// The office's consent to count units that did not report at the previous period's
    /// figures (the bulletin then says so); without it such a period is refused.
    pub carry_forward: bool,
}

/// Refuses the bulletin of snapshot `index` while units have not reported, unless the office
/// consents to count them at the previous period's figures (`carry_forward`).
pub fn all_reported(inputs: &Inputs, index: usize, carry_forward: bool) -> Result<(), Error> {
    let snapshot = &inputs.snapshots[index];
    if carry_forward || snapshot.carried.is_empty() {
        return Ok(());
    }
    let names = returns::unit_names(&inputs.campaign, &snapshot.carried).join("、");
    Err(Error::Request(format!(
        "{}: {} 还有 {} 个{}未报送：{names}。请导入它们的报表（tongbao status 查看各{}报送情况）；如决定按上期数计算，加 --carry-forward 重新生成，通报中将写明“{names}未按时报送，按上期数计算”",
        inputs.snapshot_paths[index].display(),
        snapshot.period.value,
        snapshot.carried.len(),
        inputs.campaign.vocabulary.unit(),
        inputs.campaign.vocabulary.unit(),
    )))
}

/// Builds the draft of a period: numbered as the archive would number it now ([`slot`]),
/// composed ([`bulletin`]) and rendered with the campaign's fonts ([`draft_files`]).
pub fn build_draft(inputs: &Inputs, request: &DraftRequest<'_>) -> Result<BuiltDraft, Error> {
    all_reported(
        inputs,
        inputs.snapshot_at(request.period)?,
        request.carry_forward,
    )?;
    let slot = slot(inputs, request.period, request.archive)?;
    let bulletin = bulletin_for(inputs, request.period, &slot)?;
    let notes = number_notes(inputs, &bulletin, &slot);
    let files = match draft_files(inputs, &bulletin, request.formats, request.grid) {
        // A header text too long for the page: said at its line of campaign.yaml.
        Err(Error::Render(RenderError::Pdf(typeset::PdfError::TooLong(o)))) => {
            let located = Fonts::resolve(&font_config(inputs))
                .ok()
                .and_then(|fonts| header_overflows(inputs, &fonts).ok())
                .filter(Diagnostics::has_errors);
            return Err(match located {
                Some(found) => Error::Input(found),
                None => Error::Render(RenderError::Pdf(typeset::PdfError::TooLong(o))),
            });
        }
        other => other?,
    };
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
    )
    .generated(&bulletin.markdown);
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
    // The fonts: needed by the PDF and the DOCX; the HTML takes the header's fit measured in
    // them when they are at hand, else from estimated widths.
    let needs_fonts = formats
        .iter()
        .any(|f| matches!(f, Format::Pdf | Format::Docx));
    let resolved = if needs_fonts {
        Some(Fonts::resolve(fonts).map_err(typeset::PdfError::from)?)
    } else if formats.contains(&Format::Html) {
        Fonts::resolve(fonts).ok()
    } else {
        None
    };
    // A header text that cannot fit its place is refused before any format is made, so that
    // no format runs it off the page or sets it otherwise than the others.
    let header_fit = match &resolved {
        Some(fonts) => {
            if let Some(overflow) = typeset::overflows(&document.front, fonts)?
                .into_iter()
                .next()
            {
                return Err(typeset::PdfError::TooLong(overflow).into());
            }
            typeset::header_fit(&document.front, fonts)?
        }
        None => {
            let f = &document.front;
            layout::header::HeaderFit::estimated(
                f.style,
                &f.header,
                &f.office,
                &format::cn_date(f.date),
            )
        }
    };
    // The pages, set once for the PDF, the DOCX and the HTML's tables.
    let mut pages = match &resolved {
        Some(fonts) if needs_fonts => Some(typeset::typeset(document, fonts)?),
        _ => None,
    };
    // Only the PDF draws the pages' marks: it takes them (the DOCX keeps the 版记's placement
    // and the set tables). The files keep the order asked for.
    let pdf_pages = match &mut pages {
        Some(set) if formats.contains(&Format::Pdf) => Some(std::mem::take(&mut set.pages)),
        _ => None,
    };
    let pages = &pages;
    let resolved = resolved.as_ref();
    // The fonts and the set pages, which the PDF and the DOCX both need.
    let fonts_and_set = || {
        resolved
            .zip(pages.as_ref())
            .ok_or_else(|| RenderError::from(typeset::PdfError::Internal("字体未加载".into())))
    };
    let large = pdf_pages
        .as_ref()
        .is_some_and(|p| p.len() >= PARALLEL_PAGES);
    let pdf = || -> Result<Option<Vec<u8>>, RenderError> {
        let Some(marks) = pdf_pages else {
            return Ok(None);
        };
        let (fonts, set) = fonts_and_set()?;
        Ok(Some(render::pdf::write(
            document,
            marks,
            &set.anchors,
            fonts,
        )?))
    };
    let others = || -> Result<Vec<Option<Vec<u8>>>, RenderError> {
        // The DOCX before the HTML: made while the PDF still holds most of the pages' marks,
        // the larger of the two peaks first (3,000 units: 2.5 MiB less at the peak).
        let mut order: Vec<usize> = (0..formats.len()).collect();
        order.sort_by_key(|&i| match formats[i] {
            Format::Docx => 0,
            Format::Html => 1,
            _ => 2,
        });
        let mut made: Vec<Option<Vec<u8>>> = vec![None; formats.len()];
        for i in order {
            made[i] = Some(match formats[i] {
                Format::Pdf => continue,
                Format::Markdown => markdown.as_bytes().to_vec(),
                Format::Html => {
                    // The tables at the typesetter's sizes and widths when the fonts are at
                    // hand: from the pages when the PDF or the DOCX is made too (set once),
                    // else planned alone.
                    let plans = match (pages, resolved) {
                        (Some(set), _) => set.tables.iter().map(|t| t.plan.clone()).collect(),
                        (None, Some(fonts)) => typeset::table_plans(document, fonts)?,
                        (None, None) => Vec::new(),
                    };
                    render::html::render_set(document, &header_fit, &plans)?.into_bytes()
                }
                Format::Docx => {
                    let (fonts, set) = fonts_and_set()?;
                    render::docx::render(document, fonts, set, grid)?
                }
                Format::Xlsx => render::xlsx::render(document)?,
            });
        }
        Ok(made)
    };
    // A long document's PDF is written on a thread of its own while the other formats are
    // made here; a short one's first, its pages' marks gone before the others are made.
    let (pdf, made) = parallel::join(large, pdf, others);
    let mut pdf = pdf?;
    Ok(formats
        .iter()
        .zip(made?)
        .filter_map(|(&format, bytes)| {
            let bytes = if format == Format::Pdf {
                pdf.take()
            } else {
                bytes
            };
            Some((format.file_name().to_string(), bytes?))
        })
        .collect())
}

/// A PDF of this many pages on (a ranking table of about 600 units) is written beside the other
/// formats.
const PARALLEL_PAGES: usize = 24;

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
    // Named after the unit, so the return it comes back as lands on the unit's row.
    let name = match unit {
        Some(u) => {
            let unit_name = inputs
                .campaign
                .units
                .iter()
                .find(|x| x.id.value == u || x.name == u)
                .map_or(u, |x| x.name.as_str());
            format!("填报表-{period}-{unit_name}.xlsx")
        }
        None => format!("填报表-{period}.xlsx"),
    };
    Ok((name, bytes))
}

/// What collecting returns came to.
#[derive(Debug)]
pub struct Collection {
    /// Uploads refused before they were stored (name, size, count), in Chinese.
    pub refused: Vec<String>,
    /// What the import wrote, when at least one unit's return was valid.
    pub imported: Option<import::Outcome>,
    /// The returns (or files) the import did not take, and why: every problem, each naming
    /// its file and cell.
    pub problems: Vec<diagnostic::Diagnostic>,
    /// The campaign and the period's status after the import.
    pub intake: Intake,
}

/// Stores `uploads` (file name, bytes) as `period`'s returns in the campaign folder `dir`
/// ([`returns::store`]), then imports all of the period's stored returns at once: each unit's
/// valid return is taken, the others are listed with their errors ([`import::import`]); then
/// says where each unit stands ([`intake`]).
/// A new period's snapshot (made by the import) gets `issue_date` when given, so it checks.
pub fn collect(
    dir: &Path,
    period: Period,
    issue_date: Option<model::Date>,
    uploads: &[(String, Vec<u8>)],
) -> Result<Collection, Error> {
    let mut refused = Vec::new();
    for (name, bytes) in uploads {
        match returns::store(dir, period, name, bytes) {
            Ok(_) => {}
            Err(returns::ReturnsError::Refused(why)) => refused.push(why),
            Err(e) => return Err(e.into()),
        }
    }
    let (imported, problems) = import_stored(dir, period, issue_date)?;
    Ok(Collection {
        refused,
        imported,
        problems,
        intake: intake(dir, Some(period))?,
    })
}

/// Imports every return stored for `period` ([`collect`]); nothing when none is stored.
fn import_stored(
    dir: &Path,
    period: Period,
    issue_date: Option<model::Date>,
) -> Result<(Option<import::Outcome>, Vec<diagnostic::Diagnostic>), Error> {
    let files = returns::list(dir, period)?;
    if files.is_empty() {
        return Ok((None, Vec::new()));
    }
    let paths: Vec<std::path::PathBuf> = files.iter().map(|f| f.path.clone()).collect();
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
            let problems = outcome
                .problems
                .iter()
                .chain(outcome.refused.iter().flat_map(|r| &r.errors))
                .cloned()
                .collect();
            Ok((Some(outcome), problems))
        }
        Err(import::ImportError::Input(d)) => Ok((None, d.0)),
        Err(e) => Err(e.into()),
    }
}

/// What the collect page shows of a period: the campaign and where each unit's return stands.
#[derive(Debug)]
pub struct Intake {
    /// The campaign, loaded and checked.
    pub inputs: Inputs,
    /// The period's [`Status`].
    pub status: Status,
}

/// The [`Intake`] of `period` (default: the latest) of the campaign folder `dir`.
pub fn intake(dir: &Path, period: Option<Period>) -> Result<Intake, Error> {
    let inputs = load(dir)?;
    let status = status(&inputs, period)?;
    Ok(Intake { inputs, status })
}

/// Where each unit's return of a period stands (`tongbao status`, the workbench's board).
#[derive(Debug)]
pub struct Status {
    /// The period.
    pub period: Period,
    /// Its snapshot's index; `None` while none of a new period's returns was taken yet.
    pub index: Option<usize>,
    /// Each unit, in campaign order: 已报, 与上月相同, 未报 or 有误, with where its figures came
    /// from, its remarks and its return's errors.
    pub rows: Vec<returns::BoardRow>,
    /// The returns stored for the period (`returns/<period>/`).
    pub files: Vec<returns::ReturnFile>,
    /// Errors of the stored returns that are no unit's (a sheet without its header…), each
    /// naming its file.
    pub problems: Vec<String>,
}

impl Status {
    /// How many units are in `state`.
    pub fn count(&self, state: returns::State) -> usize {
        self.rows.iter().filter(|r| r.state == state).count()
    }
}

/// The [`Status`] of `period` (default: the latest) of the loaded campaign `inputs`. A period
/// without a snapshot yet is known when it follows the latest of its kind or returns are
/// stored for it: every unit is 未报 but those whose stored returns have errors.
pub fn status(inputs: &Inputs, period: Option<Period>) -> Result<Status, Error> {
    let (index, period) = status_period(inputs, period)?;
    let files = returns::list(&inputs.dir, period)?;
    if index.is_none() && files.is_empty() && !follows_latest(inputs, period) {
        return Err(inputs
            .snapshot_at(Some(period))
            .err()
            .map_or_else(|| Error::Request(format!("{period} 没有数据")), Error::from));
    }
    let mut rows = returns::board(inputs, index, &files);
    let problems = review_returns(inputs, period, &files, &mut rows)?;
    Ok(Status {
        period,
        index,
        rows,
        files,
        problems,
    })
}

/// The snapshot and the period [`status`] reports on: `period`'s snapshot, else (a month or
/// a week whose returns are coming in) none.
fn status_period(
    inputs: &Inputs,
    period: Option<Period>,
) -> Result<(Option<usize>, Period), Error> {
    match (inputs.snapshot_at(period), period) {
        (Ok(i), _) => Ok((Some(i), inputs.snapshots[i].period.value)),
        (Err(_), Some(p)) if p.kind() != model::PeriodKind::Quarter => Ok((None, p)),
        (Err(unknown), _) => Err(unknown.into()),
    }
}

/// Reviews the period's stored returns as the import would take them ([`import::review`]):
/// a refused unit's row becomes 有误 with its errors, and so does the row of a unit whose
/// file (by its name) cannot be read at all; the problems that are no unit's are returned,
/// each naming its file.
fn review_returns(
    inputs: &Inputs,
    period: Period,
    files: &[returns::ReturnFile],
    rows: &mut [returns::BoardRow],
) -> Result<Vec<String>, Error> {
    if files.is_empty() {
        return Ok(Vec::new());
    }
    let paths: Vec<PathBuf> = files.iter().map(|f| f.path.clone()).collect();
    let named = |d: &diagnostic::Diagnostic| {
        let file = d.file.file_name().map(|n| n.to_string_lossy().into_owned());
        format!("{}: {}", file.unwrap_or_default(), d.message)
    };
    let problems = match import::review(&import::Request {
        dir: &inputs.dir,
        files: &paths,
        period,
        mapping: None,
    }) {
        Ok(review) => {
            for refusal in &review.refused {
                if let Some(row) = rows.iter_mut().find(|r| r.id == refusal.unit) {
                    row.state = returns::State::Faulty;
                    row.errors = refusal.errors.iter().map(named).collect();
                }
            }
            review.problems
        }
        Err(import::ImportError::Input(d)) => d.0.into_iter().filter(|x| x.is_error()).collect(),
        Err(e) => return Err(e.into()),
    };
    let names = returns::names(&inputs.campaign);
    let mut rest = Vec::new();
    for d in &problems {
        let file = d.file.file_name().and_then(|n| n.to_str()).unwrap_or("");
        match returns::problem_owner(file, &d.message, &names).and_then(|u| rows.get_mut(u)) {
            Some(row) => {
                row.state = returns::State::Faulty;
                row.errors.push(named(d));
            }
            None => rest.push(named(d)),
        }
    }
    Ok(rest)
}

/// Whether `period` is the one after the latest snapshot of its kind (the period whose
/// returns are coming in).
fn follows_latest(inputs: &Inputs, period: Period) -> bool {
    inputs
        .latest_of(period.kind())
        .is_some_and(|i| inputs.snapshots[i].period.value.next() == period)
}

/// The folder an edited `bulletin.md` is kept in when the workbench saves new wording over it.
pub const OLD_DRAFTS: &str = "旧稿";

/// What writing a rebuilt draft did with the office's edited `bulletin.md`.
#[derive(Debug, Default)]
pub struct Carried {
    /// Where the edited draft was kept, byte for byte (`bulletin.编辑前-<n>.md`), when the new
    /// `bulletin.md` differs from it.
    pub kept: Option<PathBuf>,
    /// Whether the edits were merged into the new text (false: there was no edited draft, or
    /// it could not be merged, see [`Carried::unmerged`]).
    pub merged: bool,
    /// The edited draft's record did not keep the text it was generated with: nothing could be
    /// merged; the edits are only in [`Carried::kept`].
    pub unmerged: bool,
    /// The passages the merge could not carry, each between markers in `bulletin.md`.
    pub conflicts: Vec<draft::merge::Conflict>,
    /// Why the other formats were not rendered from the merged text (it does not parse while
    /// conflicts are left in it).
    pub unrendered: Option<String>,
}

/// A draft built and written into its folder.
#[derive(Debug)]
pub struct WrittenDraft {
    /// The draft built.
    pub draft: BuiltDraft,
    /// The files written.
    pub paths: Vec<PathBuf>,
    /// What became of an edited `bulletin.md` already there.
    pub carried: Carried,
}

/// Builds the draft of a period ([`build_draft`]) and writes it into `folder`, which may not
/// be an input or the archive. An edited `bulletin.md` there is never overwritten: the office's
/// edits are merged into the new text ([`draft::rebuild`]), the edited file is kept beside it,
/// and what could not be merged is listed. All files are written at once, or none.
pub fn write_draft(
    inputs: &Inputs,
    request: &DraftRequest<'_>,
    folder: &Path,
) -> Result<WrittenDraft, Error> {
    let draft = build_draft(inputs, request)?;
    write_built_draft(inputs, request, draft, folder)
}

/// Writes `draft`, built by [`build_draft`] for `request`, into `folder` as [`write_draft`]
/// does (the caller may first tell the draft's notes).
pub fn write_built_draft(
    inputs: &Inputs,
    request: &DraftRequest<'_>,
    draft: BuiltDraft,
    folder: &Path,
) -> Result<WrittenDraft, Error> {
    let protected = protected(inputs, request.archive);
    let mut files = draft.files.clone();
    let mut carried = Carried::default();
    match draft::rebuild::plan(folder, &draft.bulletin.markdown)? {
        draft::rebuild::Plan::Fresh => {}
        draft::rebuild::Plan::Unmerged { edited, keep } => {
            carried.unmerged = true;
            carried.kept = Some(folder.join(&keep));
            files.push((keep, edited));
        }
        draft::rebuild::Plan::Merged {
            edited,
            merged,
            keep,
        } => {
            carried.merged = true;
            if let Some(keep) = keep {
                carried.kept = Some(folder.join(&keep));
                files.push((keep, edited));
            }
            let rendered = render_merged(&merged.text, request, folder);
            files.retain(|(name, _)| name == draft::RECORD || name.starts_with("bulletin.编辑前"));
            match rendered {
                Ok(mut formats) => files.append(&mut formats),
                Err(why) => carried.unrendered = Some(why),
            }
            if !files.iter().any(|(name, _)| name == draft::BULLETIN) {
                files.insert(0, (draft::BULLETIN.to_string(), merged.text.into_bytes()));
            }
            carried.conflicts = merged.conflicts;
        }
    }
    if !files.iter().any(|(name, _)| name == draft::BULLETIN) {
        // The record keeps the text generated as the merge base: bulletin.md always goes with it.
        files.insert(
            0,
            (
                draft::BULLETIN.to_string(),
                draft.bulletin.markdown.clone().into_bytes(),
            ),
        );
    }
    let paths = output::write_outputs(folder, &files, &protected)?;
    Ok(WrittenDraft {
        draft,
        paths,
        carried,
    })
}

/// Every format `request` asks for, of the merged `markdown` (its fonts from `folder`, as
/// `render` takes them); `Err` says why not.
fn render_merged(
    markdown: &str,
    request: &DraftRequest<'_>,
    folder: &Path,
) -> Result<output::Files, String> {
    let source = folder.join(draft::BULLETIN);
    let document = document::parse(&source, markdown).map_err(|e| e.to_string())?;
    render(markdown, &document, request.formats, folder, request.grid).map_err(|e| e.to_string())
}

/// Builds the draft of `period` in every format and writes it into `folder` ([`write_draft`]).
pub fn build_draft_into(
    inputs: &Inputs,
    period: Option<Period>,
    archive: &Path,
    folder: &Path,
) -> Result<Vec<std::path::PathBuf>, Error> {
    let request = DraftRequest {
        period,
        archive,
        formats: &Format::ALL,
        grid: Grid::default(),
        carry_forward: false,
    };
    Ok(write_draft(inputs, &request, folder)?.paths)
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
    let composed = bulletin_for(inputs, period, &slot)?;
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
/// composes it (figures, headline), where each unit's return stands ([`status`]) and the
/// total's rate period by period.
#[derive(Debug)]
pub struct Overview {
    /// The campaign, loaded and checked.
    pub inputs: Inputs,
    /// The period's bulletin, numbered as publish would number it now.
    pub bulletin: Bulletin,
    /// Where each unit's return of the period stands, as `tongbao status` says.
    pub status: Status,
    /// The figures of every period up to this one, oldest first (the trend).
    pub trend: Vec<Figures>,
}

/// The [`Overview`] of `period` (default: the latest) of the campaign folder `dir`.
pub fn overview(dir: &Path, period: Option<Period>, archive: &Path) -> Result<Overview, Error> {
    let inputs = load(dir)?;
    let slot = slot(&inputs, period, archive)?;
    let bulletin = bulletin_for(&inputs, period, &slot)?;
    let status = status(&inputs, Some(bulletin.period))?;
    let kind = bulletin.period.kind();
    let trend = (0..=bulletin.index)
        .filter(|&i| inputs.snapshots[i].period.value.kind() == kind)
        .map(|i| {
            let previous = inputs.previous_index(i).map(|p| &inputs.snapshots[p]);
            progress::compute(&inputs.campaign, &inputs.snapshots[i], previous)
        })
        .collect();
    Ok(Overview {
        inputs,
        bulletin,
        status,
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
    /// Its published notices (督办单, 约谈通知书), by folder.
    pub notices: Vec<archive::notices::NoticesFolder>,
    /// Notices folders that cannot be read.
    pub unreadable_notices: Vec<archive::Unreadable>,
}

/// The [`Shelf`] of the archive at `dir` (empty when it does not exist yet).
pub fn shelf(dir: &Path) -> Result<Shelf, Error> {
    if !dir.is_dir() {
        return Ok(Shelf::default());
    }
    let (issues, unreadable) = archive::scan(dir)?;
    let (notices, unreadable_notices) = archive::notices::scan(dir)?;
    Ok(Shelf {
        exists: true,
        issues,
        unreadable,
        report: archive::verify::verify(dir)?,
        files: archived_files(dir)?,
        notices,
        unreadable_notices,
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

/// The issues of `before`'s kind (for a month: the bulletins) published to `archive` before
/// it, oldest first, with the figures each recorded (`figures.json`): what consecutive-issue
/// rules read. An issue whose figures cannot be read is an error (a rule would otherwise count
/// past it silently).
pub fn past_issues(
    archive: &Path,
    before: Period,
) -> Result<Vec<progress::selection::PastIssue>, Error> {
    let (issues, _) = archive::scan(archive)?;
    let mut out = Vec::new();
    for issue in archive::latest_revisions(&issues) {
        // Issues of the same kind only: a weekly sheet is not an issue of the bulletin.
        if issue.manifest.period >= before || issue.manifest.period.kind() != before.kind() {
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
        inputs: checksum::digests(&read),
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

/// The notices the bulletin of `period` (default: the latest snapshot) calls for, with that
/// bulletin numbered as publish would number it now ([`slot`]) and each notice numbered next in
/// its series in the archive at `archive`: what `tongbao notices` drafts.
pub fn due_notices(
    inputs: &Inputs,
    period: Option<Period>,
    archive: &Path,
) -> Result<(Bulletin, Vec<Notice>), Error> {
    let slot = slot(inputs, period, archive)?;
    let bulletin = bulletin(inputs, period, Some(slot.number))?;
    let notices = notices(inputs, &bulletin, archive, |kind, year| {
        next_notice_number(archive, &inputs.campaign.name, kind, year)
    })?;
    Ok((bulletin, notices))
}

/// Writes the drafts of `notices` (of `bulletin`) in `formats` and their record into `folder`
/// ([`notice_files`]: an edited draft is never overwritten); nothing goes into the archive or
/// over an input. Returns the files written.
pub fn draft_notices_into(
    inputs: &Inputs,
    bulletin: &Bulletin,
    notices: &[Notice],
    formats: &[Format],
    grid: Grid,
    folder: &Path,
    archive: &Path,
) -> Result<Vec<PathBuf>, Error> {
    let files = notice_files(inputs, bulletin, notices, formats, grid, folder)?;
    Ok(output::write_outputs(
        folder,
        &files,
        &protected(inputs, archive),
    )?)
}

/// Publishes the notices drafted beside a just-published bulletin (`<draft>/notices/`, as
/// `tongbao notices` writes them), if any were drafted: `publish` and the workbench both send
/// them out with the bulletin.
pub fn publish_drafted_notices(
    inputs: &Inputs,
    period: Period,
    draft: &Path,
    archive: &Path,
    grid: Grid,
) -> Result<Option<NoticesPublished>, Error> {
    let drafts = draft.join(notice_draft::FOLDER);
    if !drafts.join(notice_draft::RECORD).is_file() {
        return Ok(None);
    }
    publish_notices(&NoticesRequest {
        inputs,
        period: Some(period),
        drafts: Some(&drafts),
        archive,
        grid,
    })
    .map(Some)
}

/// What the workbench shows of a period's notices: who the data calls for and why, the drafts
/// made and whether the data changed since, and what is published already.
#[derive(Debug)]
pub struct NoticeBoard {
    /// Whether `campaign.yaml` asks for notices at all.
    pub asked: bool,
    /// The notices the data calls for now, numbered as they would be drafted now; or why they
    /// cannot be composed (the office's to fix, say a missing 约谈 time and place).
    pub due: Result<Vec<Notice>, String>,
    /// The record of the drafts in the notices folder, when drafts were made.
    pub drafted: Option<notice_draft::Record>,
    /// The inputs changed since the drafts were made (empty: the drafts are current).
    pub changed: Vec<String>,
    /// The notices of this period already in the archive.
    pub published: Vec<archive::notices::NoticesFolder>,
}

/// The [`NoticeBoard`] of `period` (default: the latest) with its drafts in `folder`.
pub fn notice_board(
    inputs: &Inputs,
    period: Option<Period>,
    folder: &Path,
    archive: &Path,
) -> Result<NoticeBoard, Error> {
    let c = &inputs.campaign;
    let index = inputs.snapshot_at(period)?;
    let period = inputs.snapshots[index].period.value;
    let asked = c.notices.supervision.is_some() || c.notices.interview.is_some();
    let due = if asked {
        match due_notices(inputs, Some(period), archive) {
            Ok((_, notices)) => Ok(notices),
            Err(e) if e.fault() == Fault::Input => Err(e.to_string()),
            Err(e) => return Err(e),
        }
    } else {
        Ok(Vec::new())
    };
    let drafted = notice_draft::read_record(folder)
        .map_err(Error::Request)?
        .filter(|r| r.period == period && r.campaign == c.name);
    let changed = match &drafted {
        Some(r) => r.changed_inputs(&draft::read_inputs(inputs, index)?),
        None => Vec::new(),
    };
    let (folders, _) = archive::notices::scan(archive)?;
    let published = folders
        .into_iter()
        .filter(|f| f.manifest.period == period && f.manifest.campaign == c.name)
        .collect();
    Ok(NoticeBoard {
        asked,
        due,
        drafted,
        changed,
        published,
    })
}
