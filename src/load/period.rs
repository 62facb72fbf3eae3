//! Finding a period's snapshot among those loaded, or saying why it cannot be used: there is no
//! such period, or it is blocked by its own errors (see [`crate::load::Blocked`]).

use crate::diagnostic::Diagnostics;
use crate::fault::Fault;
use crate::load::Inputs;
use crate::model::Period;

/// A period asked for that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum PeriodError {
    /// No snapshot of that period.
    #[error("没有 {asked} 的数据（现有：{known}；季度按其中各月的月度数据汇总）")]
    Unknown {
        /// The period asked for (empty when the latest was asked for and there is none).
        asked: String,
        /// The periods there are, joined with 、.
        known: String,
    },
    /// The period's snapshot has errors, or an earlier period's figures are wrong (its figures
    /// cannot be computed), or its bulletin's own fields are unfinished (no bulletin).
    #[error("{0}")]
    Blocked(Diagnostics),
}

impl PeriodError {
    /// Whose fault: the request's or the inputs'.
    pub fn fault(&self) -> Fault {
        Fault::Input
    }

    /// The problems listed, when the period is blocked by them.
    pub fn diagnostics(&self) -> Option<&Diagnostics> {
        match self {
            PeriodError::Blocked(d) => Some(d),
            PeriodError::Unknown { .. } => None,
        }
    }
}

impl Inputs {
    /// Index of the snapshot for `period` (default: the campaign's latest period, whether or
    /// not it can be used), refused with its errors when that period's figures cannot be
    /// computed, or with the periods there are.
    pub fn snapshot_at(&self, period: Option<Period>) -> Result<usize, PeriodError> {
        let wanted = period.or_else(|| self.latest_period());
        if let Some(b) = wanted.and_then(|p| self.blocked(p))
            && !b.figures
        {
            return Err(PeriodError::Blocked(Diagnostics(b.reasons())));
        }
        wanted
            .and_then(|p| self.snapshot_index(Some(p)))
            .ok_or_else(|| PeriodError::Unknown {
                asked: period.map(|p| p.to_string()).unwrap_or_default(),
                known: self
                    .snapshots
                    .iter()
                    .map(|s| s.period.value.to_string())
                    .collect::<Vec<_>>()
                    .join("、"),
            })
    }

    /// Refuses the bulletin of `period` while its own fields are unfinished (an empty
    /// `issue_date`); its figures may still be shown.
    pub fn bulletin_ready(&self, period: Period) -> Result<(), PeriodError> {
        match self.blocked(period) {
            Some(b) => Err(PeriodError::Blocked(Diagnostics(b.reasons()))),
            None => Ok(()),
        }
    }
}
