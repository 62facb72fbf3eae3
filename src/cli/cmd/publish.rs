//! `tongbao publish`: the approved draft, reviewed against the data, into the archive.

use std::io::Write;
use std::path::PathBuf;

use tongbao::archive::copies::REGISTER_MD;
use tongbao::publish::{Outcome as Published, Request, publish};

use crate::cli::args::{CampaignDir, DocxGrid, LatestPeriod};
use crate::cli::{Outcome, err, load};

/// The arguments of `publish`.
#[derive(clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    campaign: CampaignDir,
    #[command(flatten)]
    period: LatestPeriod,
    /// 定稿的草稿文件夹：其中的 bulletin.md（可以修改过）就是发布的内容（默认：build 写入的 out/<期间>/）；
    /// 或草稿文件夹中领导在 WPS、Word 中改定的 .docx 文件：由它读出 bulletin.md 再发布
    #[arg(long, value_name = "草稿文件夹或 .docx")]
    draft: Option<PathBuf>,
    /// 存档文件夹（默认：<活动文件夹>/archive）
    #[arg(long, value_name = "存档文件夹")]
    archive: Option<PathBuf>,
    /// 有警告（如修改的文字中有不是由数据计算得出的数字）时仍然发布；有错误时从不发布
    #[arg(long)]
    force: bool,
    /// 为分发范围中的每个收文单位生成一份编有份号的 PDF，并生成分发登记
    #[arg(long)]
    copies: bool,
    /// 已发布的期间再次发布为修订版（原版本保留）
    #[arg(long)]
    revise: bool,
    /// 签名密钥文件（默认：用户配置文件夹中的 tongbao/office.key；第一次发布时自动生成）
    #[arg(long, value_name = "密钥文件")]
    key: Option<PathBuf>,
    #[command(flatten)]
    docx_grid: DocxGrid,
}

/// Publishes, then says where the issue is stored and what was forced past.
pub(crate) fn run(args: Args, out: &mut dyn Write) -> Outcome {
    let dir = &args.campaign.campaign_dir;
    let inputs = load(dir)?;
    let archive = args.archive.unwrap_or_else(|| dir.join("archive"));
    let outcome = publish(&Request {
        inputs: &inputs,
        period: args.period.period,
        draft: args.draft.as_deref(),
        archive: &archive,
        revise: args.revise,
        copies: args.copies,
        force: args.force,
        docx_grid: args.docx_grid.grid(),
        key: args.key.as_deref(),
    })?;
    report(&outcome, out)?;
    // Notices drafted beside this bulletin (`tongbao notices`) go out with it.
    let period = outcome.published.manifest.period;
    let draft = args
        .draft
        .unwrap_or_else(|| tongbao::publish::default_draft_dir(period));
    if let Some(published) =
        tongbao::publish_drafted_notices(&inputs, period, &draft, &archive, args.docx_grid.grid())?
    {
        crate::cli::cmd::notices::report(&published, out)?;
    }
    Ok(())
}

fn report(outcome: &Published, out: &mut dyn Write) -> Outcome {
    if let Some(path) = &outcome.created_key {
        err(&format!(
            "已生成本办公室的签名密钥 {}：今后发布的每一期都用它签名，存档校验据此确认存档未被改写。请把它备份到 U 盘或光盘并妥善保管，不要放进活动文件夹或存档；遗失后可用 tongbao archive rekey 启用新密钥。\n",
            path.display()
        ));
    }
    for c in &outcome.changes {
        err(&format!("修改：{}\n", c.describe()));
    }
    for w in &outcome.warnings {
        err(&format!("警告（已按 --force 发布）：{w}\n"));
    }
    let published = &outcome.published;
    for p in &published.index_problems {
        err(&format!("提示：存档索引：{p}\n"));
    }
    let m = &published.manifest;
    writeln!(
        out,
        "已发布 {}（{}），存放于 {}；存档账本校验码 {}",
        m.label(),
        m.period,
        published.folder.display(),
        published.ledger_head
    )?;
    if let (Some(first), Some(last)) = (m.copies.first(), m.copies.last()) {
        writeln!(
            out,
            "已生成 {} 份编号副本：份号 {} 至 {}，分发登记见 {}",
            m.copies.len(),
            first.number,
            last.number,
            published.folder.join(REGISTER_MD).display()
        )?;
    }
    Ok(())
}
