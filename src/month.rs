//! A new month's snapshot, written for the clerk to fill in (`tongbao new-month`): the period,
//! `as_of` at the month's end, an empty `issue_date` (the check refuses it until filled in),
//! the next `issue_number`, every unit's progress carried from the last month and marked as
//! last month's, and empty notes. An existing snapshot is never overwritten.

use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::fault::Fault;
use crate::io_error::io_reason;
use crate::load::Inputs;
use crate::model::{Date, Period, PeriodKind, Snapshot};

/// Why no snapshot was written.
#[derive(Debug, thiserror::Error)]
pub enum MonthError {
    /// The snapshot exists already, or the period does not follow the data (exit 1).
    #[error("{0}")]
    Refused(String),
    /// Writing failed (exit 3).
    #[error("{0}")]
    Io(String),
}

impl MonthError {
    /// Whose fault: a refusal is the request's; a failed read or write is not.
    pub fn fault(&self) -> Fault {
        match self {
            MonthError::Io(_) => Fault::Internal,
            _ => Fault::Input,
        }
    }
}

/// The snapshot file of `period` in a campaign folder.
pub fn snapshot_path(dir: &Path, period: Period) -> PathBuf {
    dir.join("snapshots").join(format!("{period}.yaml"))
}

/// The month after the latest month (a campaign with only weekly returns so far: the month
/// of the latest return).
pub fn next_period(inputs: &Inputs) -> Option<Period> {
    match inputs.latest_period_of(PeriodKind::Month) {
        Some(p) => Some(p.next()),
        None => inputs
            .snapshots
            .last()
            .map(|s| Period::month_of(s.as_of.value)),
    }
}

/// Refuses to carry figures into `period` from a period before it whose figures are wrong:
/// the new month would start from the wrong numbers.
pub fn sound_before(inputs: &Inputs, period: Period) -> Result<(), MonthError> {
    match inputs
        .blocked
        .iter()
        .rfind(|b| b.period < period && !b.figures)
    {
        Some(b) => Err(MonthError::Refused(format!(
            "{} 的数据有错误（{}），{period} 要沿用之前各期的数字：请先改正（tongbao check 列出全部错误）",
            b.period,
            b.file.display()
        ))),
        None => Ok(()),
    }
}

/// The YAML text of a new snapshot for `period` (a month or a week), carried from the latest
/// return before it: counts as that return's (each line says which), `issue_date` empty,
/// `issue_number` one more than the last of the same kind (or, when that has none,
/// `numbering.start` (default 1, months only) plus the number of earlier snapshots of the
/// kind), notes empty. A month whose own weeks are in already carries its last weekly return's
/// counts (the month's figures are the month's last weekly return); otherwise a month carries
/// last month's. The text reads back as a [`Snapshot`].
pub fn skeleton(inputs: &Inputs, period: Period) -> Result<String, MonthError> {
    sound_before(inputs, period)?;
    let kind = period.kind();
    let earlier = || {
        inputs
            .snapshots
            .iter()
            .rev()
            .filter(|s| s.period.value < period)
    };
    let same = earlier().find(|s| s.period.value.kind() == kind);
    let last = match kind {
        // A week ending after the month (2019-W48 ends on 1 December) may still report on it.
        PeriodKind::Month => inputs
            .snapshots
            .iter()
            .rev()
            .find(|s| s.period.value.kind() == PeriodKind::Week && period.contains(s.as_of.value))
            .or(same),
        _ => earlier().next(),
    }
    .ok_or_else(|| {
        MonthError::Refused(format!(
            "{period} 之前没有任何数据，无法沿用上一期的数字：请先按 docs/input-format.md 写好第一期的数据文件"
        ))
    })?;
    let as_of = as_of(period, same)
        .ok_or_else(|| MonthError::Refused(format!("无法计算 {period} 的截至日期")))?;
    let number = same.and_then(Snapshot::declared_number).map_or_else(
        || {
            let start = inputs
                .campaign
                .numbering
                .start
                .as_ref()
                .filter(|_| kind == PeriodKind::Month)
                .and_then(|s| u64::try_from(s.value).ok())
                .unwrap_or(1);
            let of_kind = inputs
                .snapshots
                .iter()
                .filter(|s| s.period.value.kind() == kind)
                .count();
            start + of_kind as u64
        },
        |n| n + 1,
    );
    let before = last.period.value;
    let from = match (before.kind(), kind) {
        (PeriodKind::Week, PeriodKind::Week) => format!("上周（{before}）"),
        (PeriodKind::Week, _) => format!("{before} 周报"),
        _ => format!("上月（{before}）"),
    };
    let carried = format!("{from}数");
    let word = kind.word();
    let mut out = String::new();
    if kind == PeriodKind::Week {
        let (first, end) = (period.first_day(), period.last_day());
        let span = first
            .zip(end)
            .map(|(a, b)| format!("（{a} 至 {b}）"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "# {period}{span} 周调度数据：各单位累计完成数（截至 as_of），不是本周新增数。"
        );
    } else {
        let _ = writeln!(
            out,
            "# {period} 月度数据：各县区累计完成数（截至 as_of），不是当月新增数。"
        );
    }
    let _ = writeln!(
        out,
        "# 由 tongbao new-{} 生成：progress 中的数字是{from}的累计数，请逐一改为本{word}的累计数；",
        if kind == PeriodKind::Week {
            "week"
        } else {
            "month"
        }
    );
    let _ = writeln!(
        out,
        "# 再填写印发日期（issue_date）和本{word}的工作动态、存在问题、下步工作要求，然后运行 tongbao check。"
    );
    let _ = writeln!(out, "period: {period}");
    if kind == PeriodKind::Week {
        let _ = writeln!(
            out,
            "as_of: {as_of}        # 截至日期（本周之内，按上周的报数日推算）"
        );
    } else {
        let _ = writeln!(out, "as_of: {as_of}        # 截至日期（本月最后一天）");
    }
    let _ = writeln!(
        out,
        "issue_date:              # 印发日期：必填，格式 YYYY-MM-DD"
    );
    let _ = writeln!(
        out,
        "issue_number: {number}         # 第{number}期（正式发布时由 publish 按存档核对）"
    );
    out.push_str("\nprogress:\n");
    for ind in &inputs.campaign.indicators {
        let _ = writeln!(
            out,
            "  {}:    # {}（{}）",
            key(&ind.id.value),
            ind.name,
            ind.measure
        );
        let entries = last.progress.get(&ind.id.value);
        let width = inputs
            .campaign
            .units
            .iter()
            .map(|u| key(&u.id.value).chars().count())
            .max()
            .unwrap_or(0);
        for unit in &inputs.campaign.units {
            let entry = entries.and_then(|e| e.get(&unit.id.value));
            let done = entry.map_or(0, |e| e.done.value);
            let id = key(&unit.id.value);
            let pad = " ".repeat(width - id.chars().count());
            let _ = write!(out, "    {id}:{pad} {{ done: {done}");
            if !ind.parts.is_empty() {
                let parts: Vec<String> = ind
                    .parts
                    .iter()
                    .map(|p| {
                        let n = entry
                            .and_then(|e| e.parts.get(&p.id.value))
                            .map_or(0, |c| c.value);
                        format!("{}: {n}", key(&p.id.value))
                    })
                    .collect();
                let _ = write!(out, ", parts: {{ {} }}", parts.join(", "));
            }
            let _ = writeln!(out, " }}   # {}：{carried}", unit.name);
        }
    }
    out.push_str(
        "\nnotes:\n  summary:      # 本月工作动态（一两句话）\n  problems: []  # 存在问题，每条一句，例如 [\"个别县区进度偏慢\"]\n  demands: []   # 下步工作要求，每条一项\n",
    );
    if kind == PeriodKind::Week {
        out = out.replace("# 本月工作动态", "# 本周工作动态");
    }
    Ok(out)
}

/// The new period's 截至 date: a month's last day; a week's reporting day, a week after the
/// last weekly return's (when that falls in the week), else the week's last day.
fn as_of(period: Period, same: Option<&Snapshot>) -> Option<Date> {
    if period.kind() == PeriodKind::Week
        && let Some(before) = same
        && let Some(day) = before.as_of.value.0.checked_add_days(chrono::Days::new(7))
        && period.contains(Date(day))
    {
        return Some(Date(day));
    }
    period.last_day()
}

/// The week after the latest weekly return, else the week after the latest return's.
pub fn next_week(inputs: &Inputs) -> Option<Period> {
    match inputs.latest_of(PeriodKind::Week) {
        Some(i) => Some(inputs.snapshots[i].period.value.next()),
        None => inputs
            .snapshots
            .last()
            .map(|s| Period::week_of(s.as_of.value).next()),
    }
}

/// A YAML key as written: plain when it cannot be read as anything but a string, else quoted.
fn key(id: &str) -> String {
    let plain = id
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && !matches!(
            id.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n"
        );
    if plain {
        id.to_string()
    } else {
        format!("\"{}\"", id.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// Writes the snapshot of `period` (default: the month after the latest) and returns its
/// path. Refuses when the file exists; the file appears whole or not at all.
pub fn create(inputs: &Inputs, period: Option<Period>) -> Result<PathBuf, MonthError> {
    let period = period
        .or_else(|| next_period(inputs))
        .ok_or_else(|| MonthError::Refused("活动中还没有任何月度数据".to_string()))?;
    let path = snapshot_path(&inputs.dir, period);
    if path.exists()
        || inputs.snapshot_index(Some(period)).is_some()
        || inputs.blocked(period).is_some()
    {
        return Err(MonthError::Refused(format!(
            "{} 已存在，未作任何改动（new-month 从不覆盖已有的月度数据）",
            path.display()
        )));
    }
    let text = skeleton(inputs, period)?;
    // The text must read back as a snapshot (issue_date aside, which the clerk fills in).
    crate::load::parse::<Snapshot>(&path, &text)
        .map_err(|d| MonthError::Io(format!("生成的月度数据无法读回（程序错误）：{d}")))?;
    write_new(&path, text.as_bytes())?;
    Ok(path)
}

/// Writes `bytes` to a temporary file beside `path`, then links it into place, which fails
/// if `path` appeared meanwhile: never a half-written file, never an overwritten one.
fn write_new(path: &Path, bytes: &[u8]) -> Result<(), MonthError> {
    let io = |p: &Path, e: std::io::Error| {
        MonthError::Io(format!("无法写入 {}：{}", p.display(), io_reason(&e)))
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let written = fs::File::create(&temp).and_then(|mut f| {
        f.write_all(bytes)?;
        f.sync_all()
    });
    let linked =
        written
            .map_err(|e| io(&temp, e))
            .and_then(|()| match fs::hard_link(&temp, path) {
                Ok(()) => Ok(()),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    Err(MonthError::Refused(format!(
                        "{} 已存在，未作任何改动（new-month 从不覆盖已有的月度数据）",
                        path.display()
                    )))
                }
                Err(e) => Err(io(path, e)),
            });
    let _ = fs::remove_file(&temp);
    linked
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Inputs {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/linyi-kindergarten");
        crate::load::load(&dir).expect("sample loads")
    }

    #[test]
    fn the_skeleton_carries_last_month_and_leaves_the_rest_for_the_clerk() {
        let inputs = sample();
        let period = next_period(&inputs).expect("a next month");
        assert_eq!(period.to_string(), "2020-01");
        let text = skeleton(&inputs, period).expect("skeleton");
        let path = Path::new("snapshots/2020-01.yaml");
        let s = crate::load::parse::<Snapshot>(path, &text).expect("reads back");
        assert_eq!(s.period.value, period);
        assert_eq!(s.as_of.value.to_string(), "2020-01-31");
        assert_eq!(s.issue_date.value, None);
        assert_eq!(s.declared_number(), Some(5));
        let last = inputs.snapshots.last().expect("a snapshot");
        for ind in &inputs.campaign.indicators {
            for unit in &inputs.campaign.units {
                let id = &unit.id.value;
                let get = |s: &Snapshot| {
                    let e = s.progress.get(&ind.id.value).and_then(|e| e.get(id));
                    e.map(|e| {
                        let parts: Vec<i64> = e.parts.iter().map(|(_, n)| n.value).collect();
                        (e.done.value, parts)
                    })
                };
                assert_eq!(get(&s), get(last), "{id}");
            }
        }
        assert!(text.contains("    lanshan:   { done: 30, parts: { public: 12, private: 18 } }   # 兰山区：上月（2019-12）数"), "{text}");
        assert!(s.notes.summary.is_none() && s.notes.problems.is_empty());
    }

    #[test]
    fn an_existing_month_is_never_written_over() {
        let inputs = sample();
        let existing: Period = "2019-12".parse().expect("period");
        let path = snapshot_path(&inputs.dir, existing);
        let before = fs::read(&path).expect("the sample's snapshot");
        let e = create(&inputs, Some(existing)).expect_err("refused");
        assert!(matches!(e, MonthError::Refused(_)));
        assert!(e.to_string().contains("已存在，未作任何改动"), "{e}");
        assert_eq!(fs::read(&path).expect("still there"), before);
    }

    #[test]
    fn a_period_without_an_earlier_month_is_refused() {
        let inputs = sample();
        let early: Period = "2019-01".parse().expect("period");
        assert!(matches!(
            skeleton(&inputs, early),
            Err(MonthError::Refused(_))
        ));
    }

    #[test]
    fn keys_that_yaml_would_read_otherwise_are_quoted() {
        assert_eq!(key("lanshan"), "lanshan");
        assert_eq!(key("unit-1_b"), "unit-1_b");
        assert_eq!(key("1abc"), "\"1abc\"");
        assert_eq!(key("yes"), "\"yes\"");
        assert_eq!(key("Null"), "\"Null\"");
    }
}
