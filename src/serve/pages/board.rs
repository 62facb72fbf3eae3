//! The reporting board as the home and the collect pages show it: one row per unit straight
//! from [`crate::Status`] (what `tongbao status` prints), the counts, the problems no unit's
//! return explains, and the 催报 message of [`crate::returns::reminder`]. Nothing here decides
//! a state; it only lays the status out for a page.

use serde::Serialize;

use crate::model::{Campaign, Period};
use crate::returns::{BoardRow, State};

/// One unit's row.
#[derive(Debug, Serialize)]
pub(super) struct UnitRow {
    pub(super) id: String,
    pub(super) name: String,
    /// 已报 / 与上月相同 (与上周相同) / 未报 / 有误.
    pub(super) state: &'static str,
    /// The state for the style sheet: reported, unchanged, missing, faulty.
    pub(super) key: &'static str,
    /// The return its figures came from and the cells: `兰山区.xlsx 居住区配套幼儿园!A2:E2`.
    pub(super) source: String,
    /// When that return was received (`YYYY-MM-DD HH:MM`).
    pub(super) received: String,
    /// A stored return not taken (yet): `已收到 X，尚未导入`.
    pub(super) pending: String,
    /// Its return's errors, each with its sheet and cell and what to write instead.
    pub(super) errors: Vec<String>,
    /// The return's 备注.
    pub(super) remarks: String,
}

/// The board of one period.
#[derive(Debug, Serialize)]
pub(super) struct Board {
    /// The period whose returns these are: 2019年12月 (a quarter's page shows its latest month's).
    pub(super) period: String,
    pub(super) rows: Vec<UnitRow>,
    pub(super) reported: usize,
    pub(super) unchanged: usize,
    pub(super) missing: usize,
    pub(super) faulty: usize,
    /// How 与上月相同 is said for this period's kind.
    pub(super) unchanged_label: &'static str,
    /// Errors of stored returns that are no unit's, each naming its file.
    pub(super) problems: Vec<String>,
    /// The units whose returns are awaited (未报, then 有误), for the 催报 list.
    pub(super) awaited: Vec<String>,
    /// The units whose returns have errors.
    pub(super) faulty_names: Vec<String>,
    /// The 催报 message to copy; empty when every return is in.
    pub(super) reminder: String,
}

impl Board {
    /// The board of `status`, a status of `campaign`.
    pub(super) fn of(status: &crate::Status, campaign: &Campaign) -> Board {
        let kind = status.period.kind();
        let names = |pick: &dyn Fn(State) -> bool| -> Vec<String> {
            status
                .rows
                .iter()
                .filter(|r| pick(r.state))
                .map(|r| r.name.clone())
                .collect()
        };
        let mut awaited = names(&|s| s == State::Missing);
        awaited.extend(names(&|s| s == State::Faulty));
        Board {
            period: crate::format::cn_period(status.period),
            rows: status.rows.iter().map(|r| row(r, status.period)).collect(),
            reported: status.count(State::Reported),
            unchanged: status.count(State::Unchanged),
            missing: status.count(State::Missing),
            faulty: status.count(State::Faulty),
            unchanged_label: State::Unchanged.label_for(kind),
            problems: status.problems.clone(),
            awaited,
            faulty_names: names(&|s| s == State::Faulty),
            reminder: crate::returns::reminder(campaign, status.period, &status.rows)
                .unwrap_or_default(),
        }
    }
}

fn row(r: &BoardRow, period: Period) -> UnitRow {
    let kind = period.kind();
    let record = r.record.as_ref();
    let file = r.file.as_ref().map(|f| f.name.as_str());
    // A faulty unit's row names the return with the errors; the others, the one taken.
    let (source, received) = match (r.state, &r.file) {
        (State::Faulty, Some(f)) => (f.name.clone(), f.stored.clone().unwrap_or_default()),
        _ => (
            match (record.and_then(|x| x.file.as_deref()), r.state) {
                (Some(file), _) => match record.and_then(|x| x.cells.as_deref()) {
                    Some(cells) => format!("{file} {cells}"),
                    None => file.to_string(),
                },
                // Figures written into the snapshot by hand (or by an older import).
                (None, State::Reported | State::Unchanged) => {
                    format!("（数据直接写在 snapshots/{period}.yaml）")
                }
                (None, _) => String::new(),
            },
            record.and_then(|x| x.received.clone()).unwrap_or_default(),
        ),
    };
    UnitRow {
        id: r.id.clone(),
        name: r.name.clone(),
        state: r.state.label_for(kind),
        key: match r.state {
            State::Reported => "reported",
            State::Unchanged => "unchanged",
            State::Missing => "missing",
            State::Faulty => "faulty",
        },
        source,
        received,
        pending: match (r.state, file, record.and_then(|x| x.file.as_deref())) {
            (State::Missing, Some(f), None) => format!("已收到 {f}，尚未导入"),
            _ => String::new(),
        },
        // The row names its file once; an error of that file need not name it again.
        errors: r
            .errors
            .iter()
            .map(|e| {
                file.and_then(|f| e.strip_prefix(f))
                    .and_then(|rest| rest.strip_prefix(": "))
                    .unwrap_or(e)
                    .to_string()
            })
            .collect(),
        remarks: record.and_then(|x| x.remarks.clone()).unwrap_or_default(),
    }
}
