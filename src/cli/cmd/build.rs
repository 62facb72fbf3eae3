//! `tongbao build`: the draft of a period, numbered as the archive would number it now.

use std::io::Write;
use std::path::PathBuf;

use tongbao::render::Format;

use crate::cli::args::{CampaignDir, DocxGrid, LatestPeriod, every_format, format_help, list};
use crate::cli::{Outcome, err, load};

/// The arguments of `build`.
#[derive(clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    campaign: CampaignDir,
    #[command(flatten)]
    period: LatestPeriod,
    #[arg(long, value_name = "格式", value_delimiter = ',', value_parser = crate::cli::args::parse_format,
          help = format_help(&every_format(), &list(&Format::ALL)))]
    format: Vec<Format>,
    /// 输出文件夹（默认：out/<期间>/）
    #[arg(long, value_name = "文件夹")]
    out: Option<PathBuf>,
    #[command(flatten)]
    docx_grid: DocxGrid,
    /// 存档文件夹，草稿按其中的下一期编号（默认：<活动文件夹>/archive）
    #[arg(long, value_name = "存档文件夹")]
    archive: Option<PathBuf>,
}

/// Builds and writes the draft; the fonts come from the draft's front matter, as for `render`.
pub(crate) fn run(args: Args, out: &mut dyn Write) -> Outcome {
    let dir = &args.campaign.campaign_dir;
    let inputs = load(dir)?;
    let archive = args.archive.unwrap_or_else(|| dir.join("archive"));
    let formats = if args.format.is_empty() {
        Format::ALL.to_vec()
    } else {
        args.format
    };
    let draft = tongbao::build_draft(
        &inputs,
        &tongbao::DraftRequest {
            period: args.period.period,
            archive: &archive,
            formats: &formats,
            grid: args.docx_grid.grid(),
        },
    )?;
    for note in &draft.notes {
        err(&format!("{note}\n"));
    }
    let folder = args
        .out
        .unwrap_or_else(|| tongbao::publish::default_draft_dir(draft.bulletin.period));
    let protected = tongbao::protected(&inputs, &archive);
    for path in tongbao::output::write_outputs(&folder, &draft.files, &protected)? {
        writeln!(out, "已生成 {}", path.display())?;
    }
    Ok(())
}
