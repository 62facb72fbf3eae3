//! Units that have not reported (未报): a unit with no figures under any indicator of a
//! period's `progress`. Such a period loads; its unreported units take the previous period's
//! figures (按上期数计算; 0 in the campaign's first period) and are listed in
//! [`Snapshot::carried`], so that the period's figures,
//! the next period's 本月新增 and `status` all stand on one rule. Whether a bulletin may be
//! made that way is the office's decision (`build --carry-forward`), not load's. A unit with
//! figures for some indicators but not others is an error, as before: a unit's return is
//! whole or absent.

use crate::keyed::Keyed;
use crate::model::{Campaign, Entry, Indicator, Snapshot, Spanned};

/// The units of `campaign` with no figures under any indicator of `s`, in campaign order.
pub(super) fn missing<'c>(s: &Snapshot, campaign: &'c Campaign) -> Vec<&'c str> {
    campaign
        .units
        .iter()
        .map(|u| u.id.value.as_str())
        .filter(|id| {
            s.progress
                .iter()
                .all(|(_, entries)| entries.get(id).is_none())
        })
        .collect()
}

/// Gives each unit missing from `s` its figures in `previous` (without one, 0 for done and
/// every part) and lists it in `s.carried`. A warning names them: the period's bulletin waits
/// for their returns or the office's consent.
pub(super) fn carry(
    file: &std::path::Path,
    s: &mut Snapshot,
    campaign: &Campaign,
    previous: Option<&Snapshot>,
    out: &mut crate::diagnostic::Diagnostics,
) {
    // A key that is no unit's id may be a missing unit mistyped: validation says so. (The ids
    // in a set: scanning the units for every key was quadratic, 9 million string comparisons
    // for 3,000 units.)
    let ids: std::collections::HashSet<&str> =
        campaign.units.iter().map(|u| u.id.value.as_str()).collect();
    let unknown = s
        .progress
        .iter()
        .any(|(_, entries)| entries.iter().any(|(k, _)| !ids.contains(k.value.as_str())));
    if unknown {
        return;
    }
    let units: Vec<String> = missing(s, campaign)
        .into_iter()
        .map(str::to_string)
        .collect();
    if units.is_empty() {
        return;
    }
    let missing: std::collections::HashSet<&str> = units.iter().map(String::as_str).collect();
    let names: Vec<&str> = campaign
        .units
        .iter()
        .filter(|u| missing.contains(u.id.value.as_str()))
        .map(|u| u.name.as_str())
        .collect();
    out.push(
        crate::diagnostic::Diagnostic::file(
            file,
            format!(
                "{} 个{}未报送：{}：暂按{}计算；导入它们的报表后即按实报数计算，生成通报前须导入，或加 --carry-forward 按上期数生成",
                names.len(),
                campaign.vocabulary.unit(),
                names.join("、"),
                previous.map_or_else(
                    || "0（本期为第一期）".to_string(),
                    |p| format!("上期（{}）数", p.period.value)
                )
            ),
        )
        .warning(),
    );
    let mut progress = std::mem::take(&mut s.progress);
    for ind in &campaign.indicators {
        let Some((key, entries)) = progress.entry(&ind.id.value) else {
            continue;
        };
        let (key, mut entries) = (key.clone(), entries.clone());
        let before = previous.and_then(|p| p.progress.get(&ind.id.value));
        for unit in &units {
            let entry = match before.and_then(|b| b.get(unit)) {
                Some(entry) => entry.clone(),
                None => zero(ind, &s.period),
            };
            let at = &s.period;
            entries.insert(Spanned::new(unit.clone(), at.referenced, at.defined), entry);
        }
        progress.insert(key, entries);
    }
    s.progress = progress;
    s.carried = units;
}

/// Nothing done, in every part: a unit's figures before the campaign's first period.
fn zero<T>(ind: &Indicator, at: &Spanned<T>) -> Entry {
    let number = |n| Spanned::new(n, at.referenced, at.defined);
    let mut parts = Keyed::default();
    for part in &ind.parts {
        parts.insert(
            Spanned::new(part.id.value.clone(), at.referenced, at.defined),
            number(0),
        );
    }
    Entry {
        done: number(0),
        parts,
    }
}

/// Refuses a `returns:` entry for a unit the campaign does not have.
pub(super) fn records(
    file: &std::path::Path,
    s: &Snapshot,
    campaign: &Campaign,
    out: &mut crate::diagnostic::Diagnostics,
) {
    for (key, _) in s.returns.iter() {
        if !campaign.units.iter().any(|u| u.id.value == key.value) {
            out.push(crate::diagnostic::Diagnostic::on(
                file,
                key,
                format!("returns.{}", key.value),
                format!(
                    "未知的单位编号 “{}”：campaign.yaml 的 units 中没有；returns 下应写单位编号",
                    key.value
                ),
            ));
        }
    }
}
