//! `tongbao form`: the return form (xlsx) the counties fill in.

use std::io::Write;
use std::path::PathBuf;

use tongbao::Error;
use tongbao::model::Period;

use crate::cli::args::{CampaignDir, parse_period};
use crate::cli::{Outcome, load};

/// The arguments of `form`.
#[derive(clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    campaign: CampaignDir,
    /// 要填报的期间，格式 YYYY-MM
    #[arg(long, value_name = "期间", value_parser = parse_period)]
    period: Period,
    /// 预填哪一期的累计数（默认：该期间之前最近的一期）
    #[arg(long, value_name = "期间", value_parser = parse_period)]
    from: Option<Period>,
    /// 只为这个县区生成（县区名称或编号，可重复）；默认全部县区在一张表中
    #[arg(long = "unit", value_name = "县区")]
    units: Vec<String>,
    /// 输出文件（默认：填报表-<期间>.xlsx）
    #[arg(long, value_name = "文件")]
    out: Option<PathBuf>,
}

/// Writes the form to `--out` (default: in the current folder, named for the period and unit).
pub(crate) fn run(args: Args, out: &mut dyn Write) -> Outcome {
    let inputs = load(&args.campaign.campaign_dir)?;
    let period = args.period;
    let file = args.out.unwrap_or_else(|| match args.units.as_slice() {
        [one] => PathBuf::from(format!("填报表-{period}-{one}.xlsx")),
        _ => PathBuf::from(format!("填报表-{period}.xlsx")),
    });
    let request = tongbao::import::FormRequest {
        period,
        from: args.from,
        units: args.units,
    };
    let bytes = tongbao::import::form(&inputs, &request).map_err(Error::Request)?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| Error::Request(format!("--out {} 不是文件名", file.display())))?;
    let folder = match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let protected = tongbao::protected(&inputs, &args.campaign.campaign_dir.join("archive"));
    for path in tongbao::output::write_outputs(&folder, &[(name, bytes)], &protected)? {
        writeln!(out, "已生成 {}", path.display())?;
    }
    Ok(())
}
