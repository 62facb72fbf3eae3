//! `tongbao new-month`: the next month's snapshot, carried over from the last.

use std::io::Write;

use crate::cli::args::CampaignDir;
use crate::cli::{Outcome, load};

/// The arguments of `new-month`.
#[derive(clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    campaign: CampaignDir,
}

/// Writes `snapshots/<next month>.yaml` and says what to fill in.
pub(crate) fn run(args: Args, out: &mut dyn Write) -> Outcome {
    let inputs = load(&args.campaign.campaign_dir)?;
    let path = tongbao::month::create(&inputs, None)?;
    writeln!(
        out,
        "已生成 {}：其中的累计数是上月的，请改为本月的累计数，填写印发日期和本月的说明文字，然后运行 tongbao check",
        path.display()
    )?;
    Ok(())
}
