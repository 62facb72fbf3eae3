//! Issue numbers (第N期): the office owns the series. The first issue published to a new
//! archive takes `numbering.start` (else the snapshot's `issue_number`, else 1); every later one
//! the number after the last published one of the same series (the campaign, and the issue
//! date's year when numbering restarts yearly). A period already published keeps its number
//! (its next revision).

use std::path::Path;

use super::ledger::{IssueRecord, Ledger, label};
use super::{ArchiveError, IssueFolder, scan};
use crate::model::Date;

/// Which series an issue belongs to and what the office wrote about its number.
#[derive(Debug, Clone)]
pub struct Series<'a> {
    /// The campaign's full name (an archive may hold several campaigns).
    pub campaign: &'a str,
    /// The issue date's year when numbering restarts yearly.
    pub year: Option<i32>,
    /// `numbering.start` of `campaign.yaml`.
    pub start: Option<u64>,
    /// The `issue_number` the snapshot declares.
    pub declared: Option<u64>,
}

impl<'a> Series<'a> {
    /// The series of the document reporting on `period` from `snapshot` (for a quarter, its
    /// latest month): months, weeks and quarters each have their own. `numbering.start` is the
    /// bulletin's (the months'); a weekly sheet's series starts from its snapshot's own
    /// `issue_number`, a quarter's from 1.
    pub fn of_snapshot(
        campaign: &'a crate::model::Campaign,
        snapshot: &crate::model::Snapshot,
        period: crate::model::Period,
    ) -> Series<'a> {
        use crate::model::PeriodKind;
        let declared = match period.kind() {
            PeriodKind::Quarter => None,
            _ => snapshot.declared_number(),
        };
        let mut series = Series::of(campaign, snapshot.issue_date(), declared);
        if period.kind() != PeriodKind::Month {
            series.start = None;
        }
        series
    }

    /// The series of an issue dated `issue_date`.
    pub fn of(
        campaign: &'a crate::model::Campaign,
        issue_date: Date,
        declared: Option<u64>,
    ) -> Series<'a> {
        Series {
            campaign: &campaign.name,
            year: campaign
                .numbering
                .restart_yearly
                .then(|| chrono::Datelike::year(&issue_date.0)),
            start: campaign
                .numbering
                .start
                .as_ref()
                .and_then(|s| u64::try_from(s.value).ok()),
            declared,
        }
    }
}

/// The number (and revision) publish gives a period now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    /// 第N期
    pub number: u64,
    /// 1 for a first publication, 2… for a revision of an already published period.
    pub revision: u32,
    /// The first copy number (份号) free for this issue.
    pub first_copy: u64,
    /// Why this number, in Chinese: 「存档中最后一期为第3期」, 「存档中还没有任何一期，numbering.start 为 9」.
    pub basis: String,
    /// How and where the period is published already, if it is: 「第4期（…/004_2019-12）」.
    pub published_as: Option<String>,
}

/// The slot of `period` in the archive at `dir` (which need not exist).
pub fn slot(
    dir: &Path,
    series: &Series,
    period: crate::model::Period,
) -> Result<Slot, ArchiveError> {
    let (issues, _) = scan(dir)?;
    let ledger = Ledger::read(dir)?;
    Ok(slot_in(dir, &issues, &ledger, series, period))
}

/// The slot of `period` given the archive's readable `issues` and its `ledger`: a number or
/// period the ledger holds is taken even when its folder is gone.
pub(crate) fn slot_in(
    dir: &Path,
    issues: &[IssueFolder],
    ledger: &Ledger,
    series: &Series,
    period: crate::model::Period,
) -> Slot {
    if let Some(slot) = held_by_ledger(dir, issues, ledger, series, period) {
        return slot;
    }
    // Months, weeks and quarters are numbered in series of their own.
    let campaign: Vec<&IssueFolder> = issues
        .iter()
        .filter(|i| i.manifest.campaign == series.campaign)
        .filter(|i| i.manifest.period.kind() == period.kind())
        .collect();
    let same_period: Vec<&&IssueFolder> = campaign
        .iter()
        .filter(|i| i.manifest.period == period)
        .collect();
    let first_copy = same_period
        .iter()
        .flat_map(|i| i.manifest.copies.iter())
        .filter_map(|c| c.number.parse::<u64>().ok())
        .max()
        .unwrap_or(0)
        + 1;
    if let Some(last) = same_period.last() {
        return Slot {
            number: last.manifest.issue,
            revision: last.manifest.revision + 1,
            first_copy,
            basis: format!("{period} 已发布为{}", last.manifest.label()),
            published_as: Some(format!(
                "{}（{}）",
                last.manifest.label(),
                dir.join(&last.folder).display()
            )),
        };
    }
    let of_kind = |r: &&IssueRecord| r.period.kind() == period.kind();
    let recorded = ledger
        .issues()
        .filter(of_kind)
        .filter(|r| r.campaign == series.campaign && r.numbering_year == series.year)
        .map(|r| r.number);
    let in_series = campaign
        .iter()
        .filter(|i| i.manifest.numbering_year == series.year)
        .map(|i| i.manifest.issue)
        .chain(recorded)
        .max();
    let (number, basis) = match (in_series, series.year) {
        (Some(max), Some(year)) => (max + 1, format!("存档中{year}年最后一期为第{max}期")),
        (Some(max), None) => (max + 1, format!("存档中最后一期为第{max}期")),
        (None, Some(year)) if !campaign.is_empty() || ledger.issues().any(|r| of_kind(&r)) => {
            (1, format!("期号每年重新编排，存档中还没有{year}年的通报"))
        }
        (None, _) => match (series.start, series.declared) {
            (Some(start), _) => (
                start,
                format!("存档中还没有任何一期，campaign.yaml 的 numbering.start 为 {start}"),
            ),
            (None, Some(n)) => (
                n,
                format!("存档中还没有任何一期，本期数据的 issue_number 为 {n}"),
            ),
            (None, None) => (1, "存档中还没有任何一期".to_string()),
        },
    };
    Slot {
        number,
        revision: 1,
        first_copy,
        basis,
        published_as: None,
    }
}

/// The slot the ledger gives `period` when it holds an issue the folders no longer show (its
/// folder deleted or unreadable): the period stays published, the number stays taken.
fn held_by_ledger(
    dir: &Path,
    issues: &[IssueFolder],
    ledger: &Ledger,
    series: &Series,
    period: crate::model::Period,
) -> Option<Slot> {
    let recorded: Vec<&IssueRecord> = ledger
        .issues()
        .filter(|r| r.campaign == series.campaign)
        .collect();
    let shown = |r: &IssueRecord| issues.iter().any(|i| i.folder == r.folder);
    let last = recorded.iter().rev().find(|r| r.period == period)?;
    if recorded
        .iter()
        .filter(|r| r.period == period)
        .all(|r| shown(r))
    {
        return None;
    }
    let missing = !dir.join(&last.folder).is_dir();
    Some(Slot {
        number: last.number,
        revision: last.revision + 1,
        first_copy: 1,
        basis: format!("{period} 已在存档账本中登记为{}", label(last)),
        published_as: Some(format!(
            "{}（存档账本中登记为 {}，{}）",
            label(last),
            last.folder,
            if missing {
                "该文件夹已不存在"
            } else {
                "该文件夹已被改动"
            }
        )),
    })
}
