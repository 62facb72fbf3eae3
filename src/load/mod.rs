//! Stage 1: reading `campaign.yaml` and `snapshots/*.yaml` into the model, checked.
//!
//! Every problem is collected (not just the first) and returned together. A problem in
//! `campaign.yaml` stops everything; a problem in one period's snapshot blocks only that period
//! (and the periods after it, whose figures need it): the rest of the campaign loads, and the
//! blocked periods are listed in [`Inputs::blocked`] with their errors. A period whose figures
//! are sound but whose bulletin fields are unfinished (an empty `issue_date`) keeps its
//! snapshot and blocks only building and publishing it. Everything in [`Inputs::snapshots`] is
//! consistent.

mod corrections;
mod grades;
mod notices;
mod numbers;
mod period;
mod rhythm;
mod sequence;
mod text;
mod unreported;
mod validate;

use std::path::{Path, PathBuf};

use crate::io_error::io_reason;
pub use crate::yaml::parse;
pub use numbers::MAX_COUNT;
pub use period::PeriodError;
pub use text::{MAX_INPUT_BYTES, decode, read_text};
pub use validate::MAX_UNITS;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{Campaign, Period, PeriodKind, Snapshot};

/// A period that cannot be built, and why.
#[derive(Debug)]
pub struct Blocked {
    /// The period (from its `period:`, else from its file name).
    pub period: Period,
    /// Its snapshot file.
    pub file: PathBuf,
    /// Its errors, each with its place in the file.
    pub errors: Vec<Diagnostic>,
    /// Whether its figures can still be computed (`stats`, `form`, `import`, `new-month` go
    /// on): true when only the bulletin's own fields are unfinished; then its snapshot is in
    /// [`Inputs::snapshots`]. When false it is not.
    pub figures: bool,
    /// The earlier period with wrong figures this one waits for (its errors are repeated in
    /// `errors`, after this period's own).
    pub waits_for: Option<Period>,
}

impl Blocked {
    /// Why the period cannot be built: its errors, and the earlier period it waits for.
    pub fn reasons(&self) -> Vec<Diagnostic> {
        let mut all = self.errors.clone();
        if let Some(earlier) = self.waits_for {
            all.push(Diagnostic::file(
                &self.file,
                format!(
                    "{earlier} 的数据有错误：{} 的本月新增和排名变化要用到之前各期的数据，暂不能计算；请先改正 {earlier} 的数据",
                    self.period
                ),
            ));
        }
        all
    }
}

/// A campaign folder, loaded and checked.
#[derive(Debug)]
pub struct Inputs {
    /// The campaign folder.
    pub dir: PathBuf,
    /// `campaign.yaml`.
    pub campaign: Campaign,
    /// Sorted by `as_of`, oldest first (a month and a week ending the same day: the month
    /// first); months and weeks interleave.
    pub snapshots: Vec<Snapshot>,
    /// The file each snapshot was read from, in the same order.
    pub snapshot_paths: Vec<PathBuf>,
    /// Problems that do not stop a bulletin (e.g. done above plan).
    pub warnings: Vec<Diagnostic>,
    /// The periods that cannot be built, oldest first (see [`Blocked`]).
    pub blocked: Vec<Blocked>,
}

impl Inputs {
    /// Index of the snapshot for `period` (for a quarter: its latest month's), or when `period`
    /// is `None` of the latest month (the bulletin), else of the latest snapshot (a campaign
    /// that reports only weekly).
    pub fn snapshot_index(&self, period: Option<Period>) -> Option<usize> {
        match period {
            None => self
                .latest_of(PeriodKind::Month)
                .or(self.snapshots.len().checked_sub(1)),
            // A quarter is reported from its months: the latest of them.
            Some(q @ Period::Quarter { .. }) => self.snapshots.iter().rposition(|s| {
                let p = s.period.value;
                p.kind() == PeriodKind::Month && p.first_day().is_some_and(|d| q.contains(d))
            }),
            Some(p) => self.snapshots.iter().position(|s| s.period.value == p),
        }
    }

    /// Index of the latest snapshot of `kind`.
    pub fn latest_of(&self, kind: PeriodKind) -> Option<usize> {
        self.snapshots
            .iter()
            .rposition(|s| s.period.value.kind() == kind)
    }

    /// The snapshot the one at `index` counts its new figures, rank change and 无新增 against:
    /// for a month the month before it; for a week the week before it, else (the first
    /// weekly return) the latest month before it. `None` for the first of its kind with
    /// nothing before it.
    pub fn previous_index(&self, index: usize) -> Option<usize> {
        previous_of(&self.snapshots, index)
    }

    /// The latest period of `kind`, whether or not it can be built.
    pub fn latest_period_of(&self, kind: PeriodKind) -> Option<Period> {
        let snapshot = self.latest_of(kind).map(|i| self.snapshots[i].period.value);
        let blocked = self
            .blocked
            .iter()
            .map(|b| b.period)
            .filter(|p| p.kind() == kind)
            .max();
        snapshot.max(blocked)
    }

    /// The period a command means when none is named: the latest month, whether or not it
    /// can be built (else, in a campaign that reports only weekly, the latest week).
    pub fn latest_period(&self) -> Option<Period> {
        self.latest_period_of(PeriodKind::Month)
            .or_else(|| self.latest_period_of(PeriodKind::Week))
    }

    /// Why `period` cannot be built, if it cannot.
    pub fn blocked(&self, period: Period) -> Option<&Blocked> {
        self.blocked.iter().find(|b| b.period == period)
    }

    /// Every error of every blocked period, oldest period first, each once (a later period
    /// blocked by an earlier one repeats its errors).
    pub fn errors(&self) -> Diagnostics {
        Diagnostics(own_errors(&self.blocked))
    }
}

/// [`Inputs::previous_index`] over a list sorted as [`Inputs::snapshots`] is.
pub(crate) fn previous_of(snapshots: &[Snapshot], index: usize) -> Option<usize> {
    let kind = snapshots.get(index)?.period.value.kind();
    let before = &snapshots[..index];
    let same = before.iter().rposition(|s| s.period.value.kind() == kind);
    match kind {
        PeriodKind::Week => same.or_else(|| {
            before
                .iter()
                .rposition(|s| s.period.value.kind() == PeriodKind::Month)
        }),
        _ => same,
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

/// campaign.yaml from this size on (about 1,000 units) is read beside its snapshots.
const PARALLEL_BYTES: u64 = 64 * 1024;

/// Like [`load`], with the snapshot file `replaced.0` read as the text `replaced.1` (whether
/// or not it exists on disk): checks a snapshot before it is written.
pub fn load_with(dir: &Path, replaced: Option<(&Path, &str)>) -> Result<Inputs, Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    // A large campaign's snapshots are read and parsed on a thread of their own while
    // campaign.yaml is read and checked here (a national campaign's files take tens of
    // milliseconds each); their problems are listed after the campaign's either way.
    let mut found = Diagnostics::default();
    let mut files = snapshot_files(dir, &mut found);
    if let Some((path, _)) = replaced
        && !files.iter().any(|f| f == path)
    {
        files.push(path.to_path_buf());
    }
    let large = std::fs::metadata(campaign_file(dir)).is_ok_and(|m| m.len() >= PARALLEL_BYTES);
    let ((mut read, found), campaign) = crate::parallel::join(
        large,
        move || {
            let read = read_snapshots(files, replaced, &mut found);
            (read, found)
        },
        || read_campaign(dir, &mut diagnostics),
    );
    diagnostics.0.extend(found.0);
    // By 截至 date; a date outside its period (an error reported below) does not move the
    // snapshot: it sorts by its period's last day.
    read.sort_by_key(Read::order);
    if read.is_empty() && !diagnostics.has_errors() {
        diagnostics.push(Diagnostic::file(
            &dir.join("snapshots"),
            "没有找到任何月度数据文件：应在此文件夹中放置 YYYY-MM.yaml（例如 2019-12.yaml）",
        ));
    }

    let Some(campaign) = campaign else {
        snapshots_alone(read, &mut diagnostics);
        return Err(diagnostics);
    };
    let periods = check_periods(read, &campaign);
    if diagnostics.has_errors() {
        // campaign.yaml is wrong: nothing can be built, and every period's problems are
        // listed with its own, all at once.
        diagnostics.0.extend(periods.errors());
        diagnostics.0.extend(periods.warnings);
        return Err(diagnostics);
    }
    let (snapshot_paths, snapshots) = periods.good.into_iter().unzip();
    diagnostics.0.extend(periods.warnings);
    Ok(Inputs {
        dir: dir.to_path_buf(),
        campaign,
        snapshots,
        snapshot_paths,
        warnings: diagnostics.0,
        blocked: periods.blocked,
    })
}

/// campaign.yaml read, parsed and checked; `None` (with its problems in `diagnostics`) when it
/// cannot be read or parsed.
fn read_campaign(dir: &Path, diagnostics: &mut Diagnostics) -> Option<Campaign> {
    let campaign_path = campaign_file(dir);
    let campaign = match read_text(&campaign_path)
        .and_then(|text| Ok((parse::<Campaign>(&campaign_path, &text)?, text)))
    {
        Ok((c, text)) => {
            numbers::campaign(&campaign_path, &text, &c, diagnostics);
            c
        }
        Err(d) => {
            diagnostics.push(d);
            return None;
        }
    };
    validate::campaign(&campaign_path, &campaign, dir, diagnostics);
    notices::campaign(&campaign_path, &campaign, diagnostics);
    grades::check(&campaign_path, &campaign.rules, diagnostics);
    rhythm::check(&campaign_path, &campaign, diagnostics);
    corrections::baseline(&campaign_path, &campaign, diagnostics);
    sequence::numbering(&campaign_path, &campaign, diagnostics);
    Some(campaign)
}

/// Each snapshot file read and parsed (the `replaced` one from its given text); a file that
/// does not parse is kept by its period when its name gives one, else its problem goes to
/// `diagnostics`.
fn read_snapshots(
    files: Vec<PathBuf>,
    replaced: Option<(&Path, &str)>,
    diagnostics: &mut Diagnostics,
) -> Vec<Read> {
    let mut read: Vec<Read> = Vec::new();
    for path in files {
        let text = match replaced {
            Some((p, text)) if p == path => decode(&path, text.as_bytes()),
            _ => read_text(&path),
        };
        match text.and_then(|text| Ok((parse::<Snapshot>(&path, &text)?, text))) {
            Ok((s, text)) => read.push(Read::Parsed(path, Box::new(s), text)),
            Err(d) => match file_period(&path) {
                Some(period) => read.push(Read::Broken(path, period, d)),
                None => diagnostics.push(d),
            },
        }
    }
    read
}

/// The checks a snapshot gets without its campaign (when `campaign.yaml` does not read): its
/// numbers as written, its own fields and its place after the period before it.
fn snapshots_alone(read: Vec<Read>, out: &mut Diagnostics) {
    let mut seen: Vec<(PathBuf, Box<Snapshot>)> = Vec::new();
    for r in read {
        match r {
            Read::Broken(_, _, d) => out.push(d),
            Read::Parsed(path, snapshot, text) => {
                numbers::snapshot(&path, &text, &snapshot, out);
                validate::snapshot_alone(&path, &snapshot, out);
                let kind = snapshot.period.value.kind();
                let before = seen
                    .iter()
                    .rev()
                    .find(|(_, s)| s.period.value.kind() == kind)
                    .map(|(p, s)| (p.as_path(), s.as_ref()));
                sequence::month(&path, &snapshot, before, out);
                seen.push((path, snapshot));
            }
        }
    }
}

/// A snapshot file as read: parsed (with its text, whose numbers are checked as written), or
/// not (then its period is its file name's).
enum Read {
    Parsed(PathBuf, Box<Snapshot>, String),
    Broken(PathBuf, Period, Diagnostic),
}

impl Read {
    /// Where the snapshot sorts: by its 截至 date when that falls in its period, else (and for
    /// a file that does not parse) by its period's last day.
    fn order(&self) -> (Option<crate::model::Date>, Period) {
        match self {
            Read::Parsed(_, s, _) => {
                let p = s.period.value;
                let day = Some(s.as_of.value)
                    .filter(|&d| p.contains(d))
                    .or(p.last_day());
                (day, p)
            }
            Read::Broken(_, p, _) => (p.last_day(), *p),
        }
    }
}

/// The period a snapshot file's name gives (`2019-12.yaml`).
fn file_period(path: &Path) -> Option<Period> {
    path.file_stem()?.to_str()?.parse().ok()
}

/// The snapshots sorted into those that can be used and those that are blocked.
struct Periods {
    good: Vec<(PathBuf, Snapshot)>,
    blocked: Vec<Blocked>,
    warnings: Vec<Diagnostic>,
}

/// Checks each period on its own and against the one before it. A period with errors in its
/// figures blocks itself and every later period (their 本月新增 and rank changes rest on it);
/// a period with only unfinished bulletin fields blocks only its own bulletin. Every period is
/// checked, so all problems are reported at once.
fn check_periods(read: Vec<Read>, c: &Campaign) -> Periods {
    let mut out = Periods {
        good: Vec::new(),
        blocked: Vec::new(),
        warnings: Vec::new(),
    };
    // The first period whose figures are wrong, and its errors: every later one waits for it.
    let mut broken: Option<(Period, Vec<Diagnostic>)> = None;
    // Every parsed snapshot, and whether its figures are sound.
    let mut parsed: Vec<(PathBuf, Snapshot, bool)> = Vec::new();
    let mut previous_parsed = false;
    for r in read {
        let (path, mut snapshot, text) = match r {
            Read::Broken(path, period, d) => {
                block_figures(&mut out, &mut broken, period, path, vec![d]);
                previous_parsed = false;
                continue;
            }
            Read::Parsed(path, snapshot, text) => (path, *snapshot, text),
        };
        let period = snapshot.period.value;
        // Cumulative counts never fall from one return to the next, whatever their kinds; the
        // numbering and the carried-over figures are checked within a kind. A unit that did
        // not report takes the previous return's figures (see `unreported`), before the next
        // is checked.
        let previous = parsed.last().filter(|_| previous_parsed).map(|(_, s, _)| s);
        let mut own = Diagnostics::default();
        numbers::snapshot(&path, &text, &snapshot, &mut own);
        validate::snapshot_alone(&path, &snapshot, &mut own);
        validate::snapshot_against(&path, &snapshot, c, previous, &mut own);
        notices::snapshot(&path, &snapshot, c, &mut own);
        corrections::snapshot(&path, &snapshot, c, &mut own);
        unreported::records(&path, &snapshot, c, &mut own);
        unreported::carry(&path, &mut snapshot, c, previous, &mut own);
        let kind = period.kind();
        let same = parsed
            .iter()
            .rev()
            .find(|(_, s, _)| s.period.value.kind() == kind)
            .map(|(p, s, _)| (p.as_path(), s));
        sequence::month(&path, &snapshot, same, &mut own);
        let (mut errors, warnings): (Vec<_>, Vec<_>) =
            own.0.into_iter().partition(Diagnostic::is_error);
        if errors.is_empty() {
            // A period with wrong figures gets no warnings about them (a figure above its
            // plan that is itself refused): they return once its errors are mended.
            out.warnings.extend(warnings);
        }
        previous_parsed = true;
        if let Some((earlier, theirs)) = &broken {
            errors.extend(theirs.iter().cloned());
            out.blocked.push(Blocked {
                period,
                file: path.clone(),
                errors,
                figures: false,
                waits_for: Some(*earlier),
            });
            parsed.push((path, snapshot, false));
            continue;
        }
        if !errors.is_empty() {
            block_figures(&mut out, &mut broken, period, path.clone(), errors);
            parsed.push((path, snapshot, false));
            continue;
        }
        let unfinished = sequence::unfinished(&path, &snapshot);
        if !unfinished.is_empty() {
            out.blocked.push(Blocked {
                period,
                file: path.clone(),
                errors: unfinished,
                figures: true,
                waits_for: None,
            });
        }
        parsed.push((path, snapshot, true));
    }
    out.good = parsed
        .into_iter()
        .filter(|(_, _, sound)| *sound)
        .map(|(p, s, _)| (p, s))
        .collect();
    out
}

impl Periods {
    /// Every error of every blocked period, each once.
    fn errors(&self) -> Vec<Diagnostic> {
        own_errors(&self.blocked)
    }
}

fn block_figures(
    out: &mut Periods,
    broken: &mut Option<(Period, Vec<Diagnostic>)>,
    period: Period,
    file: PathBuf,
    errors: Vec<Diagnostic>,
) {
    if broken.is_none() {
        *broken = Some((period, errors.clone()));
    }
    out.blocked.push(Blocked {
        period,
        file,
        errors,
        figures: false,
        waits_for: None,
    });
}

/// Each blocked period's own errors, oldest period first: a later period blocked by an earlier
/// one repeats the earlier one's errors (of another file), listed once, with their period.
fn own_errors(blocked: &[Blocked]) -> Vec<Diagnostic> {
    blocked
        .iter()
        .flat_map(|b| b.errors.iter().filter(|d| d.file == b.file))
        .cloned()
        .collect()
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
