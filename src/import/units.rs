//! Each unit's return, taken whole or not at all: a unit whose rows are all there (one per
//! indicator) and all valid is taken; a unit with any error in its own rows, or with rows for
//! some indicators but not others, is refused with those errors, each naming its own file,
//! sheet and cell; a unit with no rows is not in this import (未报, or kept as it was).

use std::path::{Path, PathBuf};

use super::Collected;
use super::footer::Footer;
use super::form::sheet_names;
use crate::diagnostic::Diagnostic;
use crate::model::{Campaign, ReturnRecord};

/// What one unit's rows said, over every file of the import.
#[derive(Debug, Clone, Default)]
pub(crate) struct UnitReturn {
    /// The files its rows were read from (path, name), each once, in the order read.
    pub(crate) files: Vec<(PathBuf, String)>,
    /// Its rows, one per sheet: `居住区配套幼儿园!A2:D2`.
    pub(crate) cells: Vec<String>,
    /// Its 备注 / 情况说明, each once.
    pub(crate) remarks: Vec<String>,
    /// 填报人, 审核人, 联系电话 under its table.
    pub(crate) footer: Footer,
    /// The errors of its own rows.
    pub(crate) errors: Vec<Diagnostic>,
}

impl UnitReturn {
    /// Notes a row of the unit: the file and the cells it spans.
    pub(crate) fn row(&mut self, file: &Path, label: &str, cells: String) {
        if !self.files.iter().any(|(p, _)| p == file) {
            self.files.push((file.to_path_buf(), label.to_string()));
        }
        if !self.cells.contains(&cells) {
            self.cells.push(cells);
        }
    }

    /// Notes the unit's remark, once.
    pub(crate) fn remark(&mut self, text: &str) {
        let text = text.trim();
        if !text.is_empty() && !self.remarks.iter().any(|r| r == text) {
            self.remarks.push(text.to_string());
        }
    }

    /// What the snapshot records of the return under `returns:`.
    pub(crate) fn record(&self) -> ReturnRecord {
        let names: Vec<&str> = self.files.iter().map(|(_, n)| n.as_str()).collect();
        let received = self
            .files
            .iter()
            .filter_map(|(p, _)| std::fs::metadata(p).ok()?.modified().ok())
            .max()
            .and_then(crate::returns::utc_minute);
        let some = |s: String| (!s.is_empty()).then_some(s);
        ReturnRecord {
            file: some(names.join("、")),
            cells: some(self.cells.join("、")),
            received,
            remarks: some(self.remarks.join("；")),
            filled_by: self.footer.filled_by.clone(),
            checked_by: self.footer.checked_by.clone(),
            phone: self.footer.phone.clone(),
        }
    }
}

/// A unit whose return was not taken, and why.
#[derive(Debug, Clone)]
pub struct Refusal {
    /// The unit's id.
    pub unit: String,
    /// Its name.
    pub name: String,
    /// Every error of its return, each naming its file, sheet and cell.
    pub errors: Vec<Diagnostic>,
}

/// Which units' returns are taken (by index), and which are refused.
pub(crate) struct Settled {
    pub(crate) taken: Vec<usize>,
    pub(crate) refused: Vec<Refusal>,
}

/// Sorts the units of `collected` into taken and refused (see the module's doc).
pub(crate) fn settle(collected: &Collected, campaign: &Campaign) -> Settled {
    let sheets = sheet_names(campaign);
    let mut out = Settled {
        taken: Vec::new(),
        refused: Vec::new(),
    };
    for (u, unit) in campaign.units.iter().enumerate() {
        let ret = &collected.returns[u];
        let missing: Vec<usize> = (0..campaign.indicators.len())
            .filter(|&i| collected.values[i][u].is_none())
            .collect();
        let mut errors = ret.errors.clone();
        if errors.is_empty() && missing.len() < campaign.indicators.len() {
            let file = ret
                .files
                .first()
                .map_or_else(PathBuf::new, |(p, _)| p.clone());
            errors.extend(missing.iter().map(|&i| {
                Diagnostic::file(
                    &file,
                    format!(
                        "{name}的报表缺少指标“{}”的数据（应有名为“{}”的工作表，其中有{name}的一行）：{name}的数据未导入，补全后重新导入",
                        campaign.indicators[i].name,
                        sheets[i],
                        name = unit.name
                    ),
                )
            }));
        }
        if !errors.is_empty() {
            out.refused.push(Refusal {
                unit: unit.id.value.clone(),
                name: unit.name.clone(),
                errors,
            });
        } else if missing.is_empty() {
            out.taken.push(u);
        }
    }
    out
}
