//! What the server holds: the campaign folders it serves (paths only — the folders are the
//! truth, read again on every request), the page templates, the password gate, and the locks
//! that keep two publishes of one campaign from running at once.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use tera::Tera;
use tokio::sync::{Mutex, Semaphore};

use super::auth::Auth;
use super::error::ServeError;
use super::view;

/// One campaign folder the workbench serves.
#[derive(Debug)]
pub struct Campaign {
    /// The campaign folder.
    pub dir: PathBuf,
    /// Its archive (`<folder>/archive`, where `tongbao publish` puts it by default).
    pub archive: PathBuf,
    /// Held while this campaign publishes: two tabs publishing at once get one number.
    pub(super) publishing: Mutex<()>,
}

impl Campaign {
    /// The draft folder of `period`: `<folder>/out/<period>`.
    pub fn draft_dir(&self, period: crate::model::Period) -> PathBuf {
        self.dir.join("out").join(period.to_string())
    }
}

/// Most composes, renders and imports running at once; a runaway campaign template keeps its
/// worker thread until it times out, so the rest of the server stays free.
pub const MAX_WORKERS: usize = 2;

/// The server's shared state (cheap to clone).
#[derive(Clone)]
pub struct AppState {
    pub(super) inner: Arc<Shared>,
}

pub(super) struct Shared {
    pub(super) campaigns: Vec<Campaign>,
    pub(super) tera: Tera,
    /// `None`: loopback only, no password.
    pub(super) auth: Option<Auth>,
    pub(super) workers: Semaphore,
    /// The office's key file publish signs with; `None`: where `tongbao publish` looks.
    pub(super) key: Option<PathBuf>,
}

impl AppState {
    /// The state for serving `dirs` (each a campaign folder); `auth` is the password gate
    /// (required when listening off loopback).
    pub fn new(dirs: &[PathBuf], auth: Option<Auth>) -> Result<AppState, ServeError> {
        let campaigns = dirs
            .iter()
            .map(|d| Campaign {
                archive: d.join("archive"),
                dir: d.clone(),
                publishing: Mutex::new(()),
            })
            .collect();
        Ok(AppState {
            inner: Arc::new(Shared {
                campaigns,
                tera: view::templates()?,
                auth,
                workers: Semaphore::new(MAX_WORKERS),
                key: None,
            }),
        })
    }

    /// The same state, publishing with the key file `key` (`tongbao serve --key`; `None`:
    /// where `tongbao publish` looks). Only while the state is not yet shared.
    pub fn with_key(mut self, key: Option<PathBuf>) -> AppState {
        if let Some(shared) = Arc::get_mut(&mut self.inner) {
            shared.key = key;
        }
        self
    }

    /// The campaign folders served, in the order given.
    pub fn campaign_dirs(&self) -> Vec<&Path> {
        self.inner
            .campaigns
            .iter()
            .map(|c| c.dir.as_path())
            .collect()
    }
}
