//! `tongbao status`: each unit's return of a period — 已报 (from which file, sheet and cells,
//! when), 与上月相同, 未报, 有误 (its errors) — with its remarks and who filled it in.

use std::io::Write;

use tongbao::model::{PeriodKind, ReturnRecord};
use tongbao::returns::{BoardRow, State};

use crate::cli::args::{CampaignDir, LatestPeriod};
use crate::cli::{Outcome, load};

/// The arguments of `status`.
#[derive(clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    campaign: CampaignDir,
    #[command(flatten)]
    period: LatestPeriod,
}

/// Prints the board: a summary line, then one block per unit.
pub(crate) fn run(args: Args, out: &mut dyn Write) -> Outcome {
    let inputs = load(&args.campaign.campaign_dir)?;
    let status = tongbao::status(&inputs, args.period.period)?;
    let noun = inputs.campaign.vocabulary.unit();
    writeln!(
        out,
        "{} 报送情况：共 {} 个{noun}，已报 {}，{} {}，未报 {}，有误 {}",
        status.period,
        status.rows.len(),
        status.count(State::Reported),
        State::Unchanged.label_for(status.period.kind()),
        status.count(State::Unchanged),
        status.count(State::Missing),
        status.count(State::Faulty),
    )?;
    for row in &status.rows {
        write!(out, "{}", unit_block(row, status.period.kind()))?;
    }
    if !status.problems.is_empty() {
        writeln!(out, "报表中的其他问题（returns/{}/）：", status.period)?;
        for p in &status.problems {
            writeln!(out, "{INDENT}{p}")?;
        }
    }
    Ok(())
}

/// Where a unit's further lines start: under its name.
const INDENT: &str = "　　　　　  ";

/// One unit: `状态  名称  来源`, then its errors, remarks and the form's footer, indented.
fn unit_block(row: &BoardRow, kind: PeriodKind) -> String {
    let mut text = format!("{:　<5}  {}", row.state.label_for(kind), row.name);
    let record = row.record.as_ref();
    if let Some(source) = record.and_then(source) {
        text.push_str("  ");
        text.push_str(&source);
    } else if let Some(file) = &row.file
        && row.state == State::Missing
    {
        text.push_str(&format!("  已收到 {}，尚未导入", file.name));
    }
    text.push('\n');
    for e in &row.errors {
        text.push_str(&format!("{INDENT}错误：{e}\n"));
    }
    if let Some(r) = record {
        if let Some(remarks) = &r.remarks {
            text.push_str(&format!("{INDENT}备注：{remarks}\n"));
        }
        let footer: Vec<String> = [
            ("填报人", &r.filled_by),
            ("审核人", &r.checked_by),
            ("联系电话", &r.phone),
        ]
        .iter()
        .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k}：{v}")))
        .collect();
        if !footer.is_empty() {
            text.push_str(&format!("{INDENT}{}\n", footer.join("  ")));
        }
    }
    text
}

/// `兰山区-1月填报.xlsx 居住区配套幼儿园!A2:D2（2020-02-03 10:12）`
fn source(r: &ReturnRecord) -> Option<String> {
    let file = r.file.as_deref()?;
    let mut text = file.to_string();
    if let Some(cells) = &r.cells {
        text.push(' ');
        text.push_str(cells);
    }
    if let Some(when) = &r.received {
        text.push_str(&format!("（{when}）"));
    }
    Some(text)
}
