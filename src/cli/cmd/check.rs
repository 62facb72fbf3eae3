//! `tongbao check`: the campaign checked (every problem listed), and the PDF's fonts.

use std::io::Write;

use crate::cli::args::CampaignDir;
use crate::cli::{Outcome, err, load};

/// The arguments of `check`.
#[derive(clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    campaign: CampaignDir,
}

/// Says what was checked and which font file serves each style.
pub(crate) fn run(args: Args, out: &mut dyn Write) -> Outcome {
    let inputs = load(&args.campaign.campaign_dir)?;
    let c = &inputs.campaign;
    let periods: Vec<String> = inputs
        .snapshots
        .iter()
        .map(|s| s.period.value.to_string())
        .collect();
    writeln!(
        out,
        "检查通过：{}，{} 个单位，{} 项指标，{} 期数据（{}）。",
        c.name,
        c.units.len(),
        c.indicators.len(),
        periods.len(),
        periods.join("、")
    )?;
    if !inputs.warnings.is_empty() {
        writeln!(out, "有 {} 个警告，请确认。", inputs.warnings.len())?;
    }
    // Fonts matter only for the PDF: a problem with them is reported, not a data error.
    match tongbao::render::pdf::Fonts::resolve(&tongbao::font_config(&inputs)) {
        Ok(fonts) => write!(out, "PDF 字体：\n{}", fonts.describe())?,
        Err(e) => err(&format!("警告：无法生成 PDF：{e}\n")),
    }
    Ok(())
}
