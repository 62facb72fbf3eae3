//! `tongbao notices`: the 督办单 and 约谈通知书 the campaign's rules call for, as drafts, or
//! (`--publish`) the reviewed drafts into the archive.

use std::io::Write;
use std::path::PathBuf;

use tongbao::render::Format;

use crate::cli::args::{CampaignDir, DocxGrid, LatestPeriod, format_help};
use crate::cli::{Outcome, load};

/// The arguments of `notices`.
#[derive(clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    campaign: CampaignDir,
    #[command(flatten)]
    period: LatestPeriod,
    #[arg(long, value_name = "格式", value_delimiter = ',', value_parser = crate::cli::args::parse_format,
          help = format_help(&Format::ALL, "md,pdf,docx"))]
    format: Vec<Format>,
    /// 通知草稿文件夹（默认：out/<期间>/notices/）
    #[arg(long, value_name = "文件夹")]
    out: Option<PathBuf>,
    /// 存档文件夹：连续滞后等规则读取其中已发布的各期，通知按其中的编号顺延（默认：<活动文件夹>/archive）
    #[arg(long, value_name = "存档文件夹")]
    archive: Option<PathBuf>,
    #[command(flatten)]
    docx_grid: DocxGrid,
    /// 发布通知草稿文件夹中（可以修改过）的各份通知：核对数字后编号存档；该期通报须已发布
    #[arg(long)]
    publish: bool,
}

/// Writes the drafts, or publishes them.
pub(crate) fn run(args: Args, out: &mut dyn Write) -> Outcome {
    let dir = &args.campaign.campaign_dir;
    let inputs = load(dir)?;
    let archive = args.archive.unwrap_or_else(|| dir.join("archive"));
    if args.publish {
        let published = tongbao::publish_notices(&tongbao::NoticesRequest {
            inputs: &inputs,
            period: args.period.period,
            drafts: args.out.as_deref(),
            archive: &archive,
            grid: args.docx_grid.grid(),
        })?;
        return report(&published, out);
    }
    let n = &inputs.campaign.notices;
    if n.supervision.is_none() && n.interview.is_none() {
        writeln!(
            out,
            "campaign.yaml 没有要求发通知（没有 notices 的 supervision 或 interview），未生成文件。"
        )?;
        return Ok(());
    }
    let (bulletin, notices) = tongbao::due_notices(&inputs, args.period.period, &archive)?;
    if notices.is_empty() {
        writeln!(
            out,
            "{} 没有单位需要发通知（campaign.yaml 的 notices 规则未选中任何单位），未生成文件。",
            bulletin.period
        )?;
        return Ok(());
    }
    let folder = args.out.unwrap_or_else(|| {
        tongbao::publish::default_draft_dir(bulletin.period).join(tongbao::notice_draft::FOLDER)
    });
    let formats = if args.format.is_empty() {
        vec![Format::Markdown, Format::Pdf, Format::Docx]
    } else {
        args.format
    };
    let written = tongbao::draft_notices_into(
        &inputs,
        &bulletin,
        &notices,
        &formats,
        args.docx_grid.grid(),
        &folder,
        &archive,
    )?;
    for n in &notices {
        let reasons: Vec<&str> = n
            .selection
            .reasons
            .iter()
            .map(|r| r.rule.as_str())
            .collect();
        writeln!(
            out,
            "{}：{}（{}，规则：{}）",
            n.selection.name,
            n.selection.kind.title(),
            n.document.front.doc_number.as_deref().unwrap_or(""),
            reasons.join("、")
        )?;
    }
    for path in written {
        writeln!(out, "已生成 {}", path.display())?;
    }
    Ok(())
}

/// Says which notices went into the archive, and where.
pub(crate) fn report(published: &tongbao::NoticesPublished, out: &mut dyn Write) -> Outcome {
    for n in &published.manifest.notices {
        writeln!(
            out,
            "已发布{} {}（{}）",
            n.kind_title(),
            n.doc_number,
            n.name
        )?;
    }
    writeln!(
        out,
        "通知存放于 {}（依据第{}期通报）",
        published.folder.display(),
        published.manifest.issue
    )?;
    Ok(())
}
