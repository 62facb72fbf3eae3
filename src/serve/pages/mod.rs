//! The handlers, one file per page. Each picks its campaign and period, calls one library
//! function off the async threads ([`super::work`]) and renders a view; none computes a figure.

pub(super) mod archive;
pub(super) mod assets;
pub(super) mod collect;
pub(super) mod home;
pub(super) mod login;
pub(super) mod publish;
pub(super) mod write;

use axum::http::StatusCode;
use serde::{Deserialize, Serialize};

use super::error::ServeError;
use super::state::{AppState, Campaign};
use crate::model::Period;

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
    /// The page shown: home, collect, write, publish, archive.
    pub(super) active: &'static str,
    /// Whether a sign-out button is shown (off loopback).
    pub(super) signed_in: bool,
}

impl Nav {
    pub(super) fn new(
        state: &AppState,
        c: usize,
        campaign: &str,
        period: Period,
        active: &'static str,
    ) -> Nav {
        Nav {
            c,
            campaign: campaign.to_string(),
            period: period.to_string(),
            active,
            signed_in: state.inner.auth.is_some(),
        }
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
