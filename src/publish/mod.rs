//! `tongbao publish`: the approved draft → the archive. The draft `build` wrote (and the office
//! edited) is reviewed against the data ([`review`]), re-rendered in every format from its own
//! `bulletin.md`, and handed to the archive with its figures, its inputs and, if asked, the
//! numbered copies. The archive numbers and stores; nothing is computed twice.

pub mod claims;
pub mod notices;
pub mod review;
pub mod sentences;

use std::path::{Path, PathBuf};

use crate::archive::key::{self, OfficeKey};
use crate::archive::ledger::Ledger;
use crate::archive::manifest::CopyEntry;
use crate::archive::numbering::Series;
use crate::archive::record::{FIGURES, figures_json};
use crate::archive::store::{Archive, Issue, Published};
use crate::archive::{ArchiveError, copies};
use crate::draft::{self, Draft};
use crate::fault::Fault;
use crate::fonts::Fonts;
use crate::load::Inputs;
use crate::load::PeriodError;
use crate::model::Period;
use crate::output::{Files, resolve};
use crate::render::Format;
use crate::render::RenderError;
use crate::typeset::PdfError;
use crate::{BulletinError, render};

/// Why a draft was not published; the archive is untouched.
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    /// The review found errors, or warnings without `--force`; the period is published already
    /// (or not yet, for `--revise`); the archive changed meanwhile.
    #[error("{0}")]
    Refused(String),
    /// A period with no snapshot.
    #[error("{0}")]
    Period(#[from] PeriodError),
    /// The archive could not be read or written.
    #[error("{0}")]
    Archive(#[from] ArchiveError),
    /// The draft folder cannot be used.
    #[error("{0}")]
    Draft(#[from] draft::DraftError),
    /// The data's own bulletin, which the review compares with, could not be composed.
    #[error("{0}")]
    Bulletin(#[from] BulletinError),
    /// The draft could not be rendered.
    #[error("{0}")]
    Render(#[from] RenderError),
}

impl PublishError {
    /// Whose fault: a refusal is the draft's or the request's; otherwise the failing step's.
    pub fn fault(&self) -> Fault {
        match self {
            PublishError::Refused(_) => Fault::Input,
            PublishError::Period(e) => e.fault(),
            PublishError::Archive(e) => e.fault(),
            PublishError::Draft(e) => e.fault(),
            PublishError::Bulletin(e) => e.fault(),
            PublishError::Render(e) => e.fault(),
        }
    }
}

impl From<PdfError> for PublishError {
    fn from(e: PdfError) -> Self {
        PublishError::Render(RenderError::Pdf(e))
    }
}

/// What to publish.
#[derive(Debug)]
pub struct Request<'a> {
    /// The campaign, loaded and checked.
    pub inputs: &'a Inputs,
    /// Default: the latest snapshot.
    pub period: Option<Period>,
    /// The draft folder; default: `out/<period>` (where `build` writes).
    pub draft: Option<&'a Path>,
    /// The archive folder.
    pub archive: &'a Path,
    /// Publish a new revision of an already published period.
    pub revise: bool,
    /// Make one numbered PDF copy per recipient of the distribution list.
    pub copies: bool,
    /// Publish despite warnings (never despite errors).
    pub force: bool,
    /// How the archived DOCX encodes the 28 × 22 grid.
    pub docx_grid: crate::render::docx::Grid,
    /// The office's key file (`--key`); default: `TONGBAO_KEY`, else the user's
    /// configuration folder (see [`key::path`]).
    pub key: Option<&'a Path>,
}

/// A published issue and the warnings it was published despite (`--force`).
#[derive(Debug)]
pub struct Outcome {
    /// Where and what.
    pub published: Published,
    /// The review's warnings (empty unless `--force` was given).
    pub warnings: Vec<String>,
    /// The key file, when this publish created it (the office's first).
    pub created_key: Option<PathBuf>,
    /// The sentences the draft changed, added or removed (the review's list).
    pub changes: Vec<sentences::Change>,
}

/// The folder `build` writes the draft of `period` to by default.
pub fn default_draft_dir(period: Period) -> PathBuf {
    Path::new("out").join(period.to_string())
}

fn refused(text: String) -> PublishError {
    PublishError::Refused(text)
}

/// Publishes the approved draft of one period; refuses, leaving the archive untouched, when
/// the review finds an error, or a warning without `force`.
pub fn publish(req: &Request) -> Result<Outcome, PublishError> {
    let inputs = req.inputs;
    let (index, period) = crate::target(inputs, req.period)?;
    let snapshot = &inputs.snapshots[index];
    let series = Series::of_snapshot(&inputs.campaign, snapshot, period);
    let slot = crate::archive::numbering::slot(req.archive, &series, period)?;
    match (&slot.published_as, req.revise) {
        (Some(label), false) => {
            return Err(refused(format!(
                "{period} 已经发布为{label}，存档未作任何改动；如需更正，请使用 --revise 发布修订版"
            )));
        }
        (None, true) => {
            return Err(refused(format!(
                "{period} 尚未发布，不能修订；请去掉 --revise"
            )));
        }
        _ => {}
    }

    let draft_dir = req
        .draft
        .map_or_else(|| default_draft_dir(period), Path::to_path_buf);
    let composed = crate::bulletin_for(inputs, Some(period), &slot)?;
    let draft = if draft::is_docx(&draft_dir) {
        draft::read_approved(&draft_dir, &composed.markdown)?
    } else {
        draft::read(&draft_dir)?
    };
    let now = draft::read_inputs(inputs, index)?;
    let context = claims::Context::of(&inputs.campaign);
    let found = review::review(
        &draft,
        &composed,
        &inputs.campaign.name,
        &slot,
        &now,
        &context,
    );
    if !found.errors.is_empty() {
        let mut text: Vec<String> = found.errors.iter().map(|e| format!("错误：{e}")).collect();
        text.extend(
            found
                .changes
                .iter()
                .map(|c| format!("修改：{}", c.describe())),
        );
        text.extend(found.warnings.iter().map(|w| format!("警告：{w}")));
        text.push(format!(
            "草稿 {} 未能发布，存档未作任何改动。",
            draft_dir.display()
        ));
        return Err(refused(text.join("\n")));
    }
    if !found.warnings.is_empty() && !req.force {
        let mut text: Vec<String> = found
            .warnings
            .iter()
            .map(|w| format!("警告：{w}"))
            .collect();
        text.push(format!(
            "草稿 {} 有 {} 个警告，未发布，存档未作任何改动；核对无误后，加 --force 发布（警告仍会列出）。",
            draft_dir.display(),
            found.warnings.len()
        ));
        return Err(refused(text.join("\n")));
    }

    // The fonts the draft names (its front matter), as `render` would use them.
    let fonts = crate::document_fonts(&draft.document, &draft.dir);
    let mut files = crate::render_with(
        &draft.markdown,
        &draft.document,
        &Format::ALL,
        &fonts,
        req.docx_grid,
    )?;
    files.push((
        FIGURES.to_string(),
        figures_json(&composed.figures).map_err(ArchiveError::Io)?,
    ));
    files.extend(
        now.into_iter()
            .map(|(name, bytes)| (format!("inputs/{name}"), bytes)),
    );
    let (key, created_key) = office_key(req)?;
    let copies = if req.copies {
        let entries = copies::plan(&inputs.campaign, slot.first_copy)?;
        files.extend(numbered_copies(&draft, &entries, &fonts)?);
        let seal = seal_before(req.archive, &key)?;
        files.extend(copies::register(&draft.document.front, &entries, &seal));
        files.extend(register_files(&draft, &entries, &seal, &fonts)?);
        entries
    } else {
        Vec::new()
    };

    let archive = Archive::open(req.archive)?;
    if archive.slot(&series, period)? != slot {
        return Err(refused(format!(
            "存档 {} 在检查草稿期间发生了变化（可能同时有另一次发布）：未作任何改动，请重新运行 tongbao build 和 publish",
            req.archive.display()
        )));
    }
    let published = archive.store(
        &slot,
        Issue {
            campaign: inputs.campaign.name.clone(),
            period,
            issue_date: snapshot.issue_date(),
            numbering_year: series.year,
            title: draft.document.front.title.clone(),
            headline: composed.headline,
            copies,
            files,
        },
        &key,
    )?;
    Ok(Outcome {
        published,
        warnings: found.warnings,
        created_key,
        changes: found.changes,
    })
}

/// The office's key for `req`: read from its file, or created there when the archive has no
/// signed entry yet (the office's first publish). Refused inside the archive or the campaign
/// folder, where it would travel with what it protects.
fn office_key(req: &Request) -> Result<(OfficeKey, Option<PathBuf>), PublishError> {
    let path = key::path(req.key)?;
    let at = resolve(&path);
    if at.starts_with(resolve(req.archive)) || at.starts_with(resolve(&req.inputs.dir)) {
        return Err(refused(format!(
            "签名密钥文件 {} 不能放在活动文件夹或存档之中（会随它们一起被复制，拿到的人就能冒用本办公室的签名）：请用 --key 或环境变量 {} 指定别处的文件",
            path.display(),
            key::KEY_ENV
        )));
    }
    if let Some(k) = OfficeKey::read(&path)? {
        return Ok((k, None));
    }
    let ledger = Ledger::read(req.archive)?;
    if let Some(signer) = ledger.current_signer() {
        return Err(refused(format!(
            "找不到签名密钥 {}：本存档由密钥（指纹 {}）签名。请用 --key 指定密钥文件或其备份；密钥确已遗失时，用 tongbao archive rekey 启用新密钥",
            path.display(),
            key::public_from_hex(&signer)
                .map(|k| key::fingerprint(&k))
                .unwrap_or_default()
        )));
    }
    Ok((OfficeKey::create(&path)?, Some(path)))
}

/// What the distribution register prints of the archive before this issue: the ledger head
/// (none yet for a first issue) and the signing key's fingerprint.
fn seal_before(archive: &Path, key: &OfficeKey) -> Result<String, PublishError> {
    let head = Ledger::read(archive)?.head();
    Ok(format!(
        "存档账本校验码（本期登记前）：{}；签名密钥指纹：{}。",
        head.as_deref().unwrap_or("（本期为存档的第一条记录）"),
        key::fingerprint(&key.public())
    ))
}

/// The distribution register printed for signing (PDF) and as a workbook (xlsx).
fn register_files(
    draft: &Draft,
    entries: &[CopyEntry],
    seal: &str,
    fonts: &crate::fonts::FontConfig,
) -> Result<Files, PublishError> {
    let document = copies::register_document(&draft.document.front, entries, seal)
        .map_err(|e| ArchiveError::Io(format!("分发登记无法生成（程序错误）：{e}")))?;
    let fonts = Fonts::resolve(fonts).map_err(PdfError::from)?;
    Ok(vec![
        (
            copies::REGISTER_PDF.to_string(),
            render::pdf::render(&document, &fonts)?,
        ),
        (
            copies::REGISTER_XLSX.to_string(),
            render::xlsx::render(&document).map_err(RenderError::from)?,
        ),
    ])
}

/// One PDF per copy, each with its 份号, from the draft's document.
fn numbered_copies(
    draft: &Draft,
    entries: &[CopyEntry],
    fonts: &crate::fonts::FontConfig,
) -> Result<Files, PublishError> {
    let fonts = Fonts::resolve(fonts).map_err(PdfError::from)?;
    entries
        .iter()
        .map(|entry| {
            let mut document = draft.document.clone();
            document.front.copy_number = Some(entry.number.clone());
            Ok((entry.file.clone(), render::pdf::render(&document, &fonts)?))
        })
        .collect()
}
