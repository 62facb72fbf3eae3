//! Stage 1: reading `campaign.yaml` and `snapshots/*.yaml` into the model, checked.
//!
//! Every problem is collected (not just the first) and returned together; after a successful
//! load the rest of the program may assume the inputs are consistent.

mod notices;
mod numbers;
mod period;
mod sequence;
mod text;
mod validate;

use std::path::{Path, PathBuf};

use crate::io_error::io_reason;
pub use crate::yaml::parse;
pub use numbers::MAX_COUNT;
pub use period::UnknownPeriod;
pub use text::{MAX_INPUT_BYTES, decode, read_text};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{Campaign, Period, Snapshot};

/// A campaign folder, loaded and checked.
#[derive(Debug)]
pub struct Inputs {
    /// The campaign folder.
    pub dir: PathBuf,
    /// `campaign.yaml`.
    pub campaign: Campaign,
    /// Sorted by period, oldest first.
    pub snapshots: Vec<Snapshot>,
    /// The file each snapshot was read from, in the same order.
    pub snapshot_paths: Vec<PathBuf>,
    /// Problems that do not stop a bulletin (e.g. done above plan).
    pub warnings: Vec<Diagnostic>,
}

impl Inputs {
    /// Index of the snapshot for `period`, or of the latest one when `period` is `None`.
    pub fn snapshot_index(&self, period: Option<Period>) -> Option<usize> {
        match period {
            None => self.snapshots.len().checked_sub(1),
            Some(p) => self.snapshots.iter().position(|s| s.period.value == p),
        }
    }
}

/// The campaign file inside a campaign folder.
pub fn campaign_file(dir: &Path) -> PathBuf {
    dir.join("campaign.yaml")
}

/// Loads and checks a campaign folder. On failure, returns every problem found (errors and
/// warnings); on success, the warnings travel in [`Inputs::warnings`].
pub fn load(dir: &Path) -> Result<Inputs, Diagnostics> {
    load_with(dir, None)
}

/// Like [`load`], with the snapshot file `replaced.0` read as the text `replaced.1` (whether
/// or not it exists on disk): checks a snapshot before it is written.
pub fn load_with(dir: &Path, replaced: Option<(&Path, &str)>) -> Result<Inputs, Diagnostics> {
    let mut diagnostics = Diagnostics::default();

    let campaign_path = campaign_file(dir);
    let campaign = match read_text(&campaign_path)
        .and_then(|text| Ok((parse::<Campaign>(&campaign_path, &text)?, text)))
    {
        Ok((c, text)) => {
            numbers::campaign(&campaign_path, &text, &c, &mut diagnostics);
            Some(c)
        }
        Err(d) => {
            diagnostics.push(d);
            None
        }
    };
    if let Some(c) = &campaign {
        validate::campaign(&campaign_path, c, dir, &mut diagnostics);
        notices::campaign(&campaign_path, c, &mut diagnostics);
        sequence::numbering(&campaign_path, c, &mut diagnostics);
    }

    let mut snapshots: Vec<(PathBuf, Snapshot)> = Vec::new();
    let mut files = snapshot_files(dir, &mut diagnostics);
    if let Some((path, _)) = replaced
        && !files.iter().any(|f| f == path)
    {
        files.push(path.to_path_buf());
    }
    for path in files {
        let text = match replaced {
            Some((p, text)) if p == path => decode(&path, text.as_bytes()),
            _ => read_text(&path),
        };
        match text.and_then(|text| Ok((parse::<Snapshot>(&path, &text)?, text))) {
            Ok((s, text)) => {
                numbers::snapshot(&path, &text, &s, &mut diagnostics);
                snapshots.push((path, s));
            }
            Err(d) => diagnostics.push(d),
        }
    }
    snapshots.sort_by_key(|(_, s)| s.period.value);

    let mut previous: Option<(&Path, &Snapshot)> = None;
    for (path, snapshot) in &snapshots {
        validate::snapshot_alone(path, snapshot, &mut diagnostics);
        if let Some(c) = &campaign {
            validate::snapshot_against(path, snapshot, c, previous.map(|p| p.1), &mut diagnostics);
            notices::snapshot(path, snapshot, c, &mut diagnostics);
        }
        sequence::month(path, snapshot, previous, &mut diagnostics);
        previous = Some((path.as_path(), snapshot));
    }
    if snapshots.is_empty() && !diagnostics.has_errors() {
        diagnostics.push(Diagnostic::file(
            &dir.join("snapshots"),
            "没有找到任何月度数据文件：应在此文件夹中放置 YYYY-MM.yaml（例如 2019-12.yaml）",
        ));
    }

    match campaign {
        Some(campaign) if !diagnostics.has_errors() => {
            let (snapshot_paths, snapshots) = snapshots.into_iter().unzip();
            Ok(Inputs {
                dir: dir.to_path_buf(),
                campaign,
                snapshots,
                snapshot_paths,
                warnings: diagnostics.0,
            })
        }
        _ => Err(diagnostics),
    }
}

/// The `*.yaml` / `*.yml` files in `<dir>/snapshots`, sorted by name.
fn snapshot_files(dir: &Path, diagnostics: &mut Diagnostics) -> Vec<PathBuf> {
    let folder = dir.join("snapshots");
    let entries = match std::fs::read_dir(&folder) {
        Ok(entries) => entries,
        Err(e) => {
            diagnostics.push(Diagnostic::file(
                &folder,
                format!("无法读取月度数据文件夹：{}", io_reason(&e)),
            ));
            return Vec::new();
        }
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.is_file() && matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"))
        })
        .collect();
    files.sort();
    files
}
