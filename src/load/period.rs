//! Finding a period's snapshot among those loaded, or saying which there are.

use crate::fault::Fault;
use crate::load::Inputs;
use crate::model::Period;

/// A period asked for that has no snapshot.
#[derive(Debug, thiserror::Error)]
#[error("没有 {asked} 的月度数据（现有：{known}）")]
pub struct UnknownPeriod {
    /// The period asked for (empty when the latest was asked for and there is none).
    pub asked: String,
    /// The periods there are, joined with 、.
    pub known: String,
}

impl UnknownPeriod {
    /// Whose fault: the request's.
    pub fn fault(&self) -> Fault {
        Fault::Input
    }
}

impl Inputs {
    /// Index of the snapshot for `period` (the latest when `None`), or which periods there are.
    pub fn snapshot_at(&self, period: Option<Period>) -> Result<usize, UnknownPeriod> {
        self.snapshot_index(period).ok_or_else(|| UnknownPeriod {
            asked: period.map(|p| p.to_string()).unwrap_or_default(),
            known: self
                .snapshots
                .iter()
                .map(|s| s.period.value.to_string())
                .collect::<Vec<_>>()
                .join("、"),
        })
    }
}
