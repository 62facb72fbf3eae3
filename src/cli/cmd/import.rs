//! `tongbao import`: returned forms or ledgers into a snapshot's `progress`, checked.

use std::io::Write;
use std::path::PathBuf;

use tongbao::model::Period;

use crate::cli::args::{CampaignDir, parse_period};
use crate::cli::{Outcome, print_warnings};

/// The arguments of `import`.
#[derive(clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    campaign: CampaignDir,
    /// 填好的填报表（一张汇总表或每个县区一张），或逐项台账（配合 --map）
    #[arg(value_name = "文件", required = true)]
    files: Vec<PathBuf>,
    /// 数据所属的期间，格式 YYYY-MM
    #[arg(long, value_name = "期间", value_parser = parse_period)]
    period: Period,
    /// 台账映射文件：文件是逐项台账时，写明哪一列是县区、哪些取值算完成、哪一列是分项
    #[arg(long, value_name = "映射文件")]
    map: Option<PathBuf>,
}

/// Imports, then says what was written and whether the snapshot is complete.
pub(crate) fn run(args: Args, out: &mut dyn Write) -> Outcome {
    let outcome = tongbao::import::import(&tongbao::import::Request {
        dir: &args.campaign.campaign_dir,
        files: &args.files,
        period: args.period,
        mapping: args.map.as_deref(),
    })?;
    print_warnings(&outcome.warnings);
    writeln!(
        out,
        "已{} {}：导入 {} 行数据，{}。",
        if outcome.created { "新建" } else { "更新" },
        outcome.snapshot.display(),
        outcome.rows,
        if outcome.checked {
            "检查通过"
        } else {
            "请补写印发日期（issue_date）后再运行 tongbao check"
        }
    )?;
    Ok(())
}
