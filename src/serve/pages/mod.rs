//! The handlers, one file per page. Each picks its campaign and period, calls one library
//! function off the async threads ([`super::work`]) and renders a view; none computes a figure.

pub(super) mod archive;
pub(super) mod assets;
mod board;
pub(super) mod collect;
pub(super) mod home;
pub(super) mod login;
pub(super) mod notices;
pub(super) mod publish;
pub(super) mod write;

use axum::http::StatusCode;
use serde::{Deserialize, Serialize};

use super::error::ServeError;
use super::state::{AppState, Campaign};
use crate::model::{Period, PeriodKind};

/// The campaign a request names by its place in the list served (`/c/{c}/…`): a number, never
/// a path, so nothing of the request reaches the file system here.
pub(super) fn campaign(state: &AppState, c: usize) -> Result<&Campaign, ServeError> {
    state
        .inner
        .campaigns
        .get(c)
        .ok_or_else(|| ServeError::refused(StatusCode::NOT_FOUND, "没有这个活动"))
}

/// `?period=YYYY-MM` (default: the latest snapshot).
#[derive(Debug, Default, Deserialize)]
pub(super) struct PeriodQuery {
    #[serde(default)]
    period: Option<String>,
}

impl PeriodQuery {
    /// The period asked for, checked.
    pub(super) fn period(&self) -> Result<Option<Period>, ServeError> {
        match self.period.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(p) => p.parse().map(Some).map_err(|e: String| {
                ServeError::refused(StatusCode::UNPROCESSABLE_ENTITY, format!("期间有误：{e}"))
            }),
        }
    }
}

/// What every campaign page's header and menu show.
#[derive(Debug, Serialize)]
pub(super) struct Nav {
    pub(super) c: usize,
    pub(super) campaign: String,
    pub(super) period: String,
    /// The period as said: 2019年12月, 2024年第43周, 2024年第三季度.
    pub(super) period_name: String,
    /// month, week or quarter (what the page offers differs).
    pub(super) kind: &'static str,
    /// What the period's document is: 月度工作通报, 每周工作调度, 季度督导通报.
    pub(super) document: &'static str,
    /// Every period the campaign has by kind, newest first, for the period switcher.
    pub(super) periods: Vec<PeriodGroup>,
    /// The page shown: home, collect, write, publish, archive.
    pub(super) active: &'static str,
    /// Whether a sign-out button is shown (off loopback).
    pub(super) signed_in: bool,
}

/// The periods of one kind the switcher offers.
#[derive(Debug, Serialize)]
pub(super) struct PeriodGroup {
    /// 月度, 每周调度, 季度.
    pub(super) name: &'static str,
    pub(super) periods: Vec<PeriodOption>,
}

/// One period the switcher offers: `2019-12`, `2019年12月`.
#[derive(Debug, Serialize)]
pub(super) struct PeriodOption {
    pub(super) value: String,
    pub(super) label: String,
}

impl Nav {
    pub(super) fn new(
        state: &AppState,
        c: usize,
        inputs: &crate::load::Inputs,
        period: Period,
        active: &'static str,
    ) -> Nav {
        let kind = period.kind();
        Nav {
            c,
            campaign: inputs.campaign.name.clone(),
            period: period.to_string(),
            period_name: crate::format::cn_period(period),
            kind: match kind {
                PeriodKind::Month => "month",
                PeriodKind::Week => "week",
                PeriodKind::Quarter => "quarter",
            },
            document: match kind {
                PeriodKind::Month => "月度工作通报",
                PeriodKind::Week => "每周工作调度",
                PeriodKind::Quarter => "季度督导通报",
            },
            periods: period_choices(inputs, period),
            active,
            signed_in: state.inner.auth.is_some(),
        }
    }

    /// The header of a page that is no period's (the archive).
    pub(super) fn without_period(
        state: &AppState,
        c: usize,
        campaign: &str,
        active: &'static str,
    ) -> Nav {
        Nav {
            c,
            campaign: campaign.to_string(),
            period: String::new(),
            period_name: String::new(),
            kind: "",
            document: "",
            periods: Vec::new(),
            active,
            signed_in: state.inner.auth.is_some(),
        }
    }
}

/// The periods of `inputs` and `shown` (a period whose returns are coming in has no snapshot
/// yet): the months, the weeks, and the quarters the months fall in, each kind newest first.
fn period_choices(inputs: &crate::load::Inputs, shown: Period) -> Vec<PeriodGroup> {
    let mut periods: Vec<Period> = inputs.snapshots.iter().map(|s| s.period.value).collect();
    periods.push(shown);
    let quarters: std::collections::BTreeSet<Period> = periods
        .iter()
        .filter(|p| p.kind() == PeriodKind::Month)
        .filter_map(|p| p.first_day().map(Period::quarter_of))
        .collect();
    [PeriodKind::Month, PeriodKind::Week, PeriodKind::Quarter]
        .into_iter()
        .map(|kind| {
            let mut all: Vec<Period> = periods
                .iter()
                .chain(&quarters)
                .copied()
                .filter(|p| p.kind() == kind)
                .collect();
            all.sort();
            all.dedup();
            PeriodGroup {
                name: kind_name(kind),
                periods: all
                    .into_iter()
                    .rev()
                    .map(|p| PeriodOption {
                        value: p.to_string(),
                        label: crate::format::cn_period(p),
                    })
                    .collect(),
            }
        })
        .filter(|g| !g.periods.is_empty())
        .collect()
}

/// What a period of `kind` is called on the pages.
pub(super) fn kind_name(kind: PeriodKind) -> &'static str {
    match kind {
        PeriodKind::Month => "月度",
        PeriodKind::Week => "每周调度",
        PeriodKind::Quarter => "季度",
    }
}

/// `3` → `↑3`, `-1` → `↓1`, `0` → `—`; none → empty.
pub(super) fn change(change: Option<i64>) -> String {
    match change {
        Some(n) if n > 0 => format!("↑{n}"),
        Some(n) if n < 0 => format!("↓{}", n.unsigned_abs()),
        Some(_) => "—".to_string(),
        None => String::new(),
    }
}

/// `text` percent-encoded for a query value (all but ASCII letters, digits and `-._/`).
pub(super) fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._/".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The value of the form field `name` (trimmed), if sent.
pub(super) fn form_field<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.trim())
}

/// The form's `period` field, checked.
pub(super) fn form_period(fields: &[(String, String)]) -> Result<Period, ServeError> {
    form_field(fields, "period")
        .unwrap_or("")
        .parse()
        .map_err(|e: String| {
            ServeError::refused(StatusCode::UNPROCESSABLE_ENTITY, format!("期间有误：{e}"))
        })
}

/// The bytes of the plain file at `path` — never through a symbolic link, so a link placed in
/// the archive or a draft folder cannot serve a file from elsewhere.
pub(super) fn read_plain_file(path: &std::path::Path) -> std::io::Result<Vec<u8>> {
    if std::fs::symlink_metadata(path)?.file_type().is_symlink() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "a symbolic link",
        ));
    }
    std::fs::read(path)
}
