//! `tongbao build`: the draft of a period, numbered as the archive would number it now.

use std::io::Write;
use std::path::{Path, PathBuf};

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
    /// 有单位未报送时，按上期数计算这些单位并照常生成（通报中写明“××未按时报送，按上期数计算”）；不加此项则拒绝生成并列出未报单位
    #[arg(long = "carry-forward", alias = "按上期")]
    carry_forward: bool,
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
    let request = tongbao::DraftRequest {
        period: args.period.period,
        archive: &archive,
        formats: &formats,
        grid: args.docx_grid.grid(),
        carry_forward: args.carry_forward,
    };
    let folder = match args.out {
        Some(folder) => folder,
        None => {
            let (_, period) = tongbao::target(&inputs, args.period.period)?;
            tongbao::publish::default_draft_dir(period)
        }
    };
    let draft = tongbao::build_draft(&inputs, &request)?;
    // The draft's notes first: they stand even when the folder is refused.
    for note in &draft.notes {
        err(&format!("{note}\n"));
    }
    let written = tongbao::write_built_draft(&inputs, &request, draft, &folder)?;
    for path in &written.paths {
        writeln!(out, "已生成 {}", path.display())?;
    }
    report_carried(&written.carried, &folder);
    Ok(())
}

/// Tells the office what became of its edited `bulletin.md`.
fn report_carried(carried: &tongbao::Carried, folder: &Path) {
    let md = folder.join(tongbao::draft::BULLETIN);
    let kept = carried
        .kept
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    if carried.unmerged {
        err(&format!(
            "警告：{} 改过，但草稿文件夹中没有生成它时的原文（旧版本生成的草稿或缺少 draft.json），无法自动合并：改过的草稿原样保存为 {kept}，请对照把其中的修改补写到新生成的 {}\n",
            md.display(),
            md.display()
        ));
        return;
    }
    if !carried.merged {
        return;
    }
    if carried.kept.is_none() {
        err(&format!(
            "提示：{} 中的修改已保留（按现在的数据生成的文字与上次相同）\n",
            md.display()
        ));
        return;
    }
    err(&format!(
        "提示：已把您在 {} 中的修改合并到按新数据生成的草稿中；合并前的草稿原样保存为 {kept}\n",
        md.display()
    ));
    if carried.conflicts.is_empty() {
        return;
    }
    let mut text = format!(
        "警告：有 {} 处修改与数据的变化在同一处，无法自动合并（冲突），已在 {} 中并列写出两种文字，请逐处决定保留哪一种，并删去“【合并冲突…】”标记行；标记删除之前不能发布：\n",
        carried.conflicts.len(),
        md.display()
    );
    for c in &carried.conflicts {
        text.push_str(&format!(
            "  第{}行：您改为“{}”；按新数据生成“{}”\n",
            c.line,
            c.edited.replace('\n', " "),
            c.generated.replace('\n', " ")
        ));
    }
    if let Some(why) = &carried.unrendered {
        text.push_str(&format!(
            "  其他格式暂未生成（{why}）：解决冲突后运行 tongbao render {}\n",
            md.display()
        ));
    } else {
        text.push_str(&format!(
            "  解决冲突后运行 tongbao render {} 重新生成其他格式\n",
            md.display()
        ));
    }
    err(&text);
}
