//! `tongbao import`: returned forms or ledgers into a snapshot's `progress`, unit by unit,
//! checked.

use std::io::Write;
use std::path::PathBuf;

use tongbao::model::Period;

use crate::cli::args::{CampaignDir, parse_period};
use crate::cli::{Failure, Outcome, err, print_warnings};

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

/// Imports, then says what was written, which units were taken, which refused (their errors
/// on standard error) and which have still not reported. Exit code 1 when any return or file
/// had errors (what was valid is written all the same).
pub(crate) fn run(args: Args, out: &mut dyn Write) -> Outcome {
    let outcome = tongbao::import::import(&tongbao::import::Request {
        dir: &args.campaign.campaign_dir,
        files: &args.files,
        period: args.period,
        mapping: args.map.as_deref(),
    })?;
    print_warnings(&outcome.warnings);
    let errors: Vec<_> = outcome
        .problems
        .iter()
        .chain(outcome.refused.iter().flat_map(|r| &r.errors))
        .collect();
    for e in &errors {
        err(&format!("{e}\n"));
    }
    writeln!(
        out,
        "已{} {}：导入 {} 个单位：{}。",
        if outcome.created { "新建" } else { "更新" },
        outcome.snapshot.display(),
        outcome.taken.len(),
        outcome.taken.join("、"),
    )?;
    if !outcome.refused.is_empty() {
        let names: Vec<&str> = outcome.refused.iter().map(|r| r.name.as_str()).collect();
        writeln!(
            out,
            "未导入 {} 个单位（报表有误，见上）：{}；改正后重新导入即可，其余单位的数不受影响。",
            names.len(),
            names.join("、")
        )?;
    }
    if !outcome.dropped.is_empty() {
        writeln!(
            out,
            "以下单位的数是新建月度数据时沿用的上月数，不是报表，已去掉：{}。",
            outcome.dropped.join("、")
        )?;
    }
    if outcome.missing.is_empty() {
        writeln!(out, "各单位均已报送。")?;
    } else {
        writeln!(
            out,
            "尚未报送 {} 个单位：{}（tongbao status 查看报送情况）。",
            outcome.missing.len(),
            outcome.missing.join("、")
        )?;
    }
    if !outcome.checked {
        writeln!(out, "请补写印发日期（issue_date）后再运行 tongbao check。")?;
    }
    if errors.is_empty() {
        Ok(())
    } else {
        err(&format!("共 {} 个错误。\n", errors.len()));
        Err(Failure::Reported)
    }
}
