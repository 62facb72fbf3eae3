//! `tongbao publish`: number the bulletin, render it, and store it in the archive — whole or
//! not at all.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::manifest::{MANIFEST, Manifest, sha256_hex};
use super::{ArchiveError, IssueFolder, LOCK, STAGING_PREFIX, index, io_error, scan};
use crate::format;
use crate::load::Inputs;
use crate::model::Period;
use crate::render::Format;

/// What to publish.
pub struct Request<'a> {
    pub inputs: &'a Inputs,
    /// Default: the latest snapshot.
    pub period: Option<Period>,
    pub archive: &'a Path,
    /// Publish a new revision of an already published period.
    pub revise: bool,
    /// Make one numbered PDF copy per recipient of the distribution list.
    pub copies: bool,
}

/// A published issue.
#[derive(Debug)]
pub struct Published {
    pub folder: PathBuf,
    pub manifest: Manifest,
}

/// Publishes one period. Holds the archive lock throughout, so two concurrent publishes
/// never take the same number.
pub fn publish(req: &Request) -> Result<Published, crate::Error> {
    let inputs = req.inputs;
    fs::create_dir_all(req.archive).map_err(|e| io_error(req.archive, &e))?;
    let _lock = lock(req.archive)?;
    remove_stale_staging(req.archive)?;

    let (index, figures) = crate::figures(inputs, req.period)?;
    let snapshot = &inputs.snapshots[index];
    let period = snapshot.period.value;
    let issue_date = snapshot.issue_date();
    let numbering_year = inputs
        .campaign
        .numbering
        .restart_yearly
        .then(|| chrono::Datelike::year(&issue_date.0));

    let (existing, _) = scan(req.archive)?;
    let same_period: Vec<&IssueFolder> = existing
        .iter()
        .filter(|i| i.manifest.period == period && i.manifest.campaign == inputs.campaign.name)
        .collect();
    let (number, revision) = match same_period.last() {
        Some(last) if !req.revise => {
            return Err(ArchiveError::Refused(format!(
                "{period} 已经发布为{}（{}），存档未作任何改动；如需更正，请使用 --revise 发布修订版",
                last.manifest.label(),
                req.archive.join(&last.folder).display()
            ))
            .into());
        }
        Some(last) => (last.manifest.issue, last.manifest.revision + 1),
        None if req.revise => {
            return Err(ArchiveError::Refused(format!(
                "{period} 尚未发布，不能修订；请去掉 --revise"
            ))
            .into());
        }
        None => {
            let max = existing
                .iter()
                .filter(|i| {
                    i.manifest.campaign == inputs.campaign.name
                        && i.manifest.numbering_year == numbering_year
                })
                .map(|i| i.manifest.issue)
                .max()
                .unwrap_or(0);
            (max + 1, 1)
        }
    };

    let bulletin = crate::bulletin(inputs, Some(period), Some(number))?;
    let fonts = crate::font_config(inputs);
    let mut files: Vec<(String, Vec<u8>)> =
        crate::render_with(&bulletin.markdown, &bulletin.document, &Format::ALL, &fonts)?;
    let figures_json = serde_json::to_string_pretty(&figures)
        .map_err(|e| ArchiveError::Io(format!("无法保存计算结果：{e}")))?;
    files.push(("figures.json".to_string(), figures_json.into_bytes()));
    files.extend(frozen_inputs(inputs, index)?);

    let mut copies = Vec::new();
    if req.copies {
        let first = same_period
            .iter()
            .flat_map(|i| i.manifest.copies.iter())
            .filter_map(|c| c.number.parse::<u64>().ok())
            .max()
            .unwrap_or(0)
            + 1;
        let (entries, copy_files) =
            super::copies::make(&inputs.campaign, &bulletin, first, &fonts)?;
        copies = entries;
        files.extend(copy_files);
    }

    let headline = figures.headline().map_or(String::new(), |h| {
        format!(
            "{}{}{}{}，占{}的{}",
            h.action,
            h.name,
            h.total.done,
            h.measure,
            h.plan_label,
            format::percent(h.total.rate, 0)
        )
    });
    let mut hashes = BTreeMap::new();
    for (name, bytes) in &files {
        hashes.insert(name.clone(), sha256_hex(bytes));
    }
    let manifest = Manifest {
        campaign: inputs.campaign.name.clone(),
        issue: number,
        numbering_year,
        revision,
        period,
        issue_date,
        title: bulletin.document.front.title.clone(),
        headline,
        tool: format!("tongbao {}", env!("CARGO_PKG_VERSION")),
        copies,
        files: hashes,
    };
    let manifest_json = serde_json::to_string_pretty(&manifest)
        .map_err(|e| ArchiveError::Io(format!("无法生成清单：{e}")))?;
    files.push((MANIFEST.to_string(), manifest_json.into_bytes()));

    let folder_name = folder_name(number, numbering_year, period, revision);
    let folder = req.archive.join(&folder_name);
    if folder.exists() {
        return Err(ArchiveError::Refused(format!(
            "存档中已有文件夹 {}，未作任何改动",
            folder.display()
        ))
        .into());
    }
    let staging = req
        .archive
        .join(format!("{STAGING_PREFIX}{}", std::process::id()));
    stage(&staging, &files)?;
    fs::rename(&staging, &folder).map_err(|e| io_error(&folder, &e))?;
    sync_dir(req.archive)?;
    index::write(req.archive)?;
    Ok(Published { folder, manifest })
}

/// `004_2019-12`, `2020-004_2019-12`, `004_2019-12_r2`.
pub fn folder_name(number: u64, year: Option<i32>, period: Period, revision: u32) -> String {
    let mut name = match year {
        Some(y) => format!("{y}-{number:03}_{period}"),
        None => format!("{number:03}_{period}"),
    };
    if revision > 1 {
        name.push_str(&format!("_r{revision}"));
    }
    name
}

/// The exclusive archive lock, released when the returned file is dropped (or the process dies).
fn lock(archive: &Path) -> Result<fs::File, ArchiveError> {
    let path = archive.join(LOCK);
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| io_error(&path, &e))?;
    file.lock().map_err(|e| io_error(&path, &e))?;
    Ok(file)
}

/// Removes the staging folders of publishes that died before finishing (we hold the lock,
/// so none is in progress).
fn remove_stale_staging(archive: &Path) -> Result<(), ArchiveError> {
    for entry in fs::read_dir(archive).map_err(|e| io_error(archive, &e))? {
        let entry = entry.map_err(|e| io_error(archive, &e))?;
        if super::is_leftover(&entry.file_name().to_string_lossy()) {
            let path = entry.path();
            let removed = if path.is_dir() {
                fs::remove_dir_all(&path)
            } else {
                fs::remove_file(&path)
            };
            removed.map_err(|e| io_error(&path, &e))?;
        }
    }
    Ok(())
}

/// The campaign file, this period's and the previous period's snapshot, and the campaign's
/// own templates, byte for byte as read, under `inputs/`.
fn frozen_inputs(inputs: &Inputs, index: usize) -> Result<Vec<(String, Vec<u8>)>, ArchiveError> {
    let mut out = Vec::new();
    let read = |path: &Path| fs::read(path).map_err(|e| io_error(path, &e));
    out.push((
        "inputs/campaign.yaml".to_string(),
        read(&crate::load::campaign_file(&inputs.dir))?,
    ));
    for i in index.saturating_sub(1)..=index {
        let path = &inputs.snapshot_paths[i];
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        out.push((format!("inputs/snapshots/{name}"), read(path)?));
    }
    if let Some(t) = &inputs.campaign.templates {
        let dir = inputs.dir.join(&t.value);
        for name in super::files_below(&dir)? {
            if !name.contains('/') && name.ends_with(".tera") {
                out.push((format!("inputs/templates/{name}"), read(&dir.join(&name))?));
            }
        }
    }
    Ok(out)
}

/// Writes every file into a fresh staging folder and flushes it all to disk.
fn stage(staging: &Path, files: &[(String, Vec<u8>)]) -> Result<(), ArchiveError> {
    fs::create_dir_all(staging).map_err(|e| io_error(staging, &e))?;
    for (name, bytes) in files {
        let path = staging.join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| io_error(parent, &e))?;
        }
        let mut file = fs::File::create(&path).map_err(|e| io_error(&path, &e))?;
        file.write_all(bytes).map_err(|e| io_error(&path, &e))?;
        file.sync_all().map_err(|e| io_error(&path, &e))?;
    }
    let mut dirs: Vec<PathBuf> = files
        .iter()
        .filter_map(|(name, _)| staging.join(name).parent().map(Path::to_path_buf))
        .collect();
    dirs.sort();
    dirs.dedup();
    for dir in dirs {
        sync_dir(&dir)?;
    }
    Ok(())
}

fn sync_dir(dir: &Path) -> Result<(), ArchiveError> {
    fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| io_error(dir, &e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_names_sort_and_say_what_they_hold() {
        let p: Period = "2019-12".parse().unwrap();
        assert_eq!(folder_name(4, None, p, 1), "004_2019-12");
        assert_eq!(folder_name(4, Some(2020), p, 1), "2020-004_2019-12");
        assert_eq!(folder_name(12, None, p, 3), "012_2019-12_r3");
    }
}
