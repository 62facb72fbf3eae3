//! `tongbao check`: the campaign checked (every problem listed, by period), and the PDF's fonts.
//! When some periods cannot be built, every error is listed, then one line per period says which
//! can be built and which cannot, so a month still being filled in does not hide that the
//! others are sound.

use std::io::Write;

use crate::cli::args::CampaignDir;
use tongbao::Error;
use tongbao::load::Inputs;

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
    // Fonts matter only for the PDF: a problem with them is reported, not a data error; with
    // them at hand, a header text too long for its place on the page is a data error.
    let fonts = tongbao::fonts::Fonts::resolve(&tongbao::font_config(&inputs));
    if let Ok(fonts) = &fonts {
        let overflows = tongbao::header_overflows(&inputs, fonts)?;
        if overflows.has_errors() {
            return Err(tongbao::Error::Input(overflows).into());
        }
    }
    let c = &inputs.campaign;
    let periods: Vec<String> = inputs
        .snapshots
        .iter()
        .map(|s| s.period.value)
        .filter(|p| inputs.blocked(*p).is_none())
        .map(|p| p.to_string())
        .collect();
    let unwritten = unwritten_words(&inputs);
    if !inputs.blocked.is_empty() {
        let mut text = unwritten.concat();
        text.push_str(&by_period(&inputs, &periods));
        return Err(Error::Request(text).into());
    }
    for w in &unwritten {
        err(w);
    }
    writeln!(
        out,
        "检查通过：{}，{} 个单位，{} 项指标，{} 期数据（{}）。",
        c.name,
        c.units.len(),
        c.indicators.len(),
        periods.len(),
        periods.join("、")
    )?;
    let warnings = inputs.warnings.len() + unwritten.len();
    if warnings > 0 {
        writeln!(out, "有 {warnings} 个警告，请确认。")?;
    }
    match fonts {
        Ok(fonts) => write!(out, "PDF 字体：\n{}", fonts.describe())?,
        Err(e) => err(&format!("警告：无法生成 PDF：{e}\n")),
    }
    Ok(())
}

/// A warning for the period being prepared — the latest month, and the latest week — whose
/// words are not written: its bulletin would carry only the built-in general sentences there.
/// A month needs `notes.summary`, `problems` and `demands`; the weekly sheet states only
/// `demands` (二、下步要求) of its own. Earlier periods have gone out as they were.
fn unwritten_words(inputs: &Inputs) -> Vec<String> {
    use tongbao::model::PeriodKind;
    let mut out = Vec::new();
    for kind in [PeriodKind::Month, PeriodKind::Week] {
        let Some(i) = inputs.latest_of(kind) else {
            continue;
        };
        let (s, path) = (&inputs.snapshots[i], &inputs.snapshot_paths[i]);
        let notes = &s.notes;
        let mut missing = Vec::new();
        let month = kind == PeriodKind::Month;
        if month && notes.summary.as_deref().is_none_or(|t| t.trim().is_empty()) {
            missing.push("notes.summary（开头段的工作动态）");
        }
        if month && notes.problems.iter().all(|t| t.trim().is_empty()) {
            missing.push("notes.problems（三、存在问题）");
        }
        if notes.demands.iter().all(|t| t.trim().is_empty()) {
            missing.push(if month {
                "notes.demands（四、下步工作要求）"
            } else {
                "notes.demands（二、下步要求）"
            });
        }
        if !missing.is_empty() {
            out.push(format!(
                "{}: 警告：{} 的 {} 没有写：通报的这些部分将只有通用的句子；请在本期数据的 notes 中写上本{}的情况（写法见 docs/input-format.md）\n",
                path.display(),
                s.period.value,
                missing.join("、"),
                kind.word()
            ));
        }
    }
    out
}

/// The report of a campaign with blocked periods; `good` are the periods that can be built.
fn by_period(inputs: &Inputs, good: &[String]) -> String {
    let mut text = String::new();
    let errors = inputs.errors().0;
    for d in &errors {
        text.push_str(&format!("{d}\n"));
    }
    text.push_str("各期检查结果：\n");
    if !good.is_empty() {
        text.push_str(&format!(
            "  {}：检查通过，可以生成和发布\n",
            good.join("、")
        ));
    }
    for b in &inputs.blocked {
        let what = if b.figures {
            "计算结果可以查看（stats、form、import、new-month 照常），但不能生成和发布本期通报"
        } else {
            "不能计算，也不能生成和发布本期通报"
        };
        let own = b.errors.iter().filter(|d| d.file == b.file).count();
        let waits = b
            .waits_for
            .map(|p| format!("，且要等 {p} 改正"))
            .unwrap_or_default();
        text.push_str(&format!(
            "  {}：{own} 个错误（{}）{waits}，{what}\n",
            b.period,
            b.file.display()
        ));
    }
    text.push_str(&format!(
        "共 {} 个错误：改正后即可生成；上面列为检查通过的各期不受影响。",
        errors.len()
    ));
    text
}
