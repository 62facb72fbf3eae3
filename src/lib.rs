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
pub mod font_style;
pub mod format;
pub mod import;
pub mod io_error;
pub mod keyed;
pub mod layout;
pub mod load;
pub mod model;
pub mod month;
pub mod output;
pub mod progress;
pub mod publish;
pub mod render;
pub mod segment;
pub mod suggest;
pub mod yaml;

use std::path::Path;

use crate::compose::{ComposeError, Issue};
use crate::diagnostic::Diagnostics;
use crate::document::{Document, DocumentError};
use crate::load::Inputs;
use crate::model::Period;
use crate::output::OutputError;
use crate::progress::Figures;
use crate::render::Format;
use crate::render::docx::{DocxError, Grid};
use crate::render::html::HtmlError;
use crate::render::pdf::{FontConfig, Fonts, PdfError};

/// Everything that can stop a run, each printed once in Chinese by `main`.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    /// Invalid campaign or snapshot files: every problem found.
    Input(Diagnostics),
    #[error("{0}")]
    /// A template failed.
    Compose(#[from] ComposeError),
    #[error("{0}")]
    /// The bulletin's Markdown is invalid.
    Document(#[from] DocumentError),
    #[error("{0}")]
    /// The HTML page could not be made.
    Html(#[from] HtmlError),
    #[error("{0}")]
    /// The PDF could not be made (fonts, characters, size).
    Pdf(#[from] PdfError),
    #[error("{0}")]
    /// The ranking tables could not be written as a workbook.
    Xlsx(#[from] render::xlsx::XlsxRenderError),
    #[error("{0}")]
    /// The DOCX file could not be made.
    Docx(#[from] DocxError),
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
    /// A request that does not fit the inputs (e.g. a period with no snapshot).
    #[error("{0}")]
    Request(String),
}

impl Error {
    /// 1 for anything the user can fix in the inputs or the request; 3 for an output or
    /// internal failure.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Input(_)
            | Error::Compose(_)
            | Error::Document(_)
            | Error::Request(_)
            | Error::OutputRefused(_) => 1,
            // A missing font or character is the user's to fix; anything else is a bug.
            Error::Pdf(e) if e.is_user_fixable() => 1,
            Error::Pdf(_) => 3,
            Error::Docx(e) if e.is_user_fixable() => 1,
            Error::Docx(_) => 3,
            Error::Archive(archive::ArchiveError::Refused(_)) => 1,
            Error::Draft(draft::DraftError::Io(_)) | Error::Month(month::MonthError::Io(_)) => 3,
            Error::Draft(_) | Error::Month(_) => 1,
            Error::Html(_) | Error::Xlsx(_) | Error::Output(_) | Error::Archive(_) => 3,
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
pub fn figures(inputs: &Inputs, period: Option<Period>) -> Result<(usize, Figures), Error> {
    let index = snapshot_index(inputs, period)?;
    let previous = index.checked_sub(1).map(|i| &inputs.snapshots[i]);
    Ok((
        index,
        progress::compute(&inputs.campaign, &inputs.snapshots[index], previous),
    ))
}

pub(crate) fn snapshot_index(inputs: &Inputs, period: Option<Period>) -> Result<usize, Error> {
    inputs.snapshot_index(period).ok_or_else(|| {
        let known: Vec<String> = inputs
            .snapshots
            .iter()
            .map(|s| s.period.value.to_string())
            .collect();
        Error::Request(format!(
            "没有 {} 的月度数据（现有：{}）",
            period.map(|p| p.to_string()).unwrap_or_default(),
            known.join("、")
        ))
    })
}

/// The number and revision publish would give `period` (default: the latest snapshot) in the
/// archive at `archive` now (see [`archive::numbering`]); the draft shows that number.
pub fn slot(
    inputs: &Inputs,
    period: Option<Period>,
    archive: &Path,
) -> Result<archive::numbering::Slot, Error> {
    let index = snapshot_index(inputs, period)?;
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
) -> Result<Bulletin, Error> {
    let (index, figures) = figures(inputs, period)?;
    let snapshot = &inputs.snapshots[index];
    let number = number.unwrap_or_else(|| {
        let series = archive::numbering::Series::of(
            &inputs.campaign,
            snapshot.issue_date(),
            snapshot.declared_number(),
        );
        archive::numbering::slot_in(Path::new(""), &[], &series, snapshot.period.value).number
    });
    let issue = Issue { number };
    let (markdown, headline) = compose::bulletin_and_headline(inputs, index, &figures, issue)?;
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
) -> Result<Vec<(String, Vec<u8>)>, Error> {
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
) -> Result<Vec<(String, Vec<u8>)>, Error> {
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
