//! `tongbao new-week`: the next ISO week's snapshot, carried over from the latest return.

use std::io::Write;

use crate::cli::args::CampaignDir;
use crate::cli::{Outcome, load};

/// The arguments of `new-week`.
#[derive(clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    campaign: CampaignDir,
}

/// Writes `snapshots/<next week>.yaml` and says what to fill in.
pub(crate) fn run(args: Args, out: &mut dyn Write) -> Outcome {
    let inputs = load(&args.campaign.campaign_dir)?;
    let week = tongbao::month::next_week(&inputs);
    let path = tongbao::month::create(&inputs, week)?;
    writeln!(
        out,
        "已生成 {}：其中的累计数是上一期的，请改为本周的累计数，核对截至日期，填写印发日期和本周的说明文字，然后运行 tongbao check",
        path.display()
    )?;
    Ok(())
}
