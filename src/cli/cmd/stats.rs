//! `tongbao stats`: a period's figures (a month's, a week's, or a quarter's month by month) as a
//! table, as the changes since the last period, or as JSON (every figure a document states,
//! traceable).

use std::io::Write;

use crate::cli::args::{CampaignDir, LatestPeriod};
use crate::cli::stats_text::{quarter_table, stats_changes, stats_table};
use crate::cli::{Outcome, load};

/// The arguments of `stats`.
#[derive(clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    campaign: CampaignDir,
    #[command(flatten)]
    period: LatestPeriod,
    /// 以 JSON 输出（比率为小数，如 0.61 表示 61%）
    #[arg(long)]
    json: bool,
    /// 列出各单位较上月的变化：完成数增加、完成率变化（百分点）、排名升降
    #[arg(long, conflicts_with = "json")]
    changes: bool,
    /// 存档文件夹：--json 中的 notices（规则选中的单位）要读取已发布的各期（默认：<活动文件夹>/archive）
    #[arg(long, value_name = "存档文件夹")]
    archive: Option<std::path::PathBuf>,
}

/// Prints the figures of the period asked for.
pub(crate) fn run(args: Args, out: &mut dyn Write) -> Outcome {
    let inputs = load(&args.campaign.campaign_dir)?;
    let (index, target) = tongbao::target(&inputs, args.period.period)?;
    if target.kind() == tongbao::model::PeriodKind::Quarter {
        let quarter = tongbao::quarter_figures(&inputs, target, index)?;
        if args.json {
            let text = serde_json::to_string_pretty(&quarter)
                .map_err(|e| tongbao::Error::Request(format!("无法输出 JSON：{e}")))?;
            writeln!(out, "{text}")?;
        } else {
            write!(out, "{}", quarter_table(&quarter))?;
        }
        return Ok(());
    }
    let figures = tongbao::figures_at(&inputs, index);
    if args.json {
        let dir = &args.campaign.campaign_dir;
        let archive = args.archive.unwrap_or_else(|| dir.join("archive"));
        let text = tongbao::stats_json(&inputs, index, &figures, &archive)?;
        writeln!(out, "{text}")?;
    } else if args.changes {
        write!(out, "{}", stats_changes(&figures))?;
    } else {
        write!(out, "{}", stats_table(&figures))?;
    }
    Ok(())
}
