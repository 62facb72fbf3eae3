//! Item-level ledgers (台账, one row per kindergarten or project) → counts per unit, through a
//! small mapping file that says which column is the unit, which values count as done and which
//! column gives the part. The format is documented in `docs/input-format.md`.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::grid::Book;
use super::sheet::{Sheet, Value};
use super::table::{self, Header, squeeze};
use super::{Collected, Problems, Traced, UnitFigures};
use crate::diagnostic::Diagnostic;
use crate::model::Campaign;

/// The mapping file (e.g. `台账映射.yaml`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Mapping {
    /// One entry per indicator counted from the ledgers.
    pub(crate) ledgers: Vec<LedgerMap>,
}

/// How one indicator is counted from a ledger sheet.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LedgerMap {
    /// Indicator id in campaign.yaml.
    pub(crate) indicator: String,
    /// Sheet name (default: the first visible sheet).
    #[serde(default)]
    pub(crate) sheet: Option<String>,
    /// Header of the unit column, e.g. `县区`.
    pub(crate) unit: String,
    /// Header of the column that says whether an item is done, e.g. `进展`; without it every
    /// row counts.
    #[serde(default)]
    pub(crate) status: Option<String>,
    /// Values of the status column that count as done, e.g. `[已完成]`.
    #[serde(default)]
    pub(crate) done: Vec<String>,
    /// Header of the column that gives the part, e.g. `整治方式`.
    #[serde(default)]
    pub(crate) part: Option<String>,
    /// Values of the part column → part id, e.g. `办成公办园: public`.
    #[serde(default)]
    pub(crate) parts: BTreeMap<String, String>,
}

/// Reads and checks the mapping file against the campaign.
pub(crate) fn mapping(path: &Path, campaign: &Campaign) -> Result<Mapping, Vec<Diagnostic>> {
    let text = crate::load::read_text(path).map_err(|d| vec![d])?;
    let mapping: Mapping = crate::load::parse(path, &text).map_err(|d| vec![d])?;
    let mut errors = Vec::new();
    let mut fail = |m: String| errors.push(Diagnostic::file(path, m));
    if mapping.ledgers.is_empty() {
        fail("ledgers 不能为空：至少写一项指标的台账映射".to_string());
    }
    for (i, l) in mapping.ledgers.iter().enumerate() {
        let Some(ind) = campaign
            .indicators
            .iter()
            .find(|x| x.id.value == l.indicator)
        else {
            let known: Vec<&str> = campaign
                .indicators
                .iter()
                .map(|x| x.id.value.as_str())
                .collect();
            fail(format!(
                "ledgers[{i}].indicator：campaign.yaml 中没有指标“{}”（可用：{}）",
                l.indicator,
                known.join("、")
            ));
            continue;
        };
        if l.status.is_some() && l.done.is_empty() {
            fail(format!(
                "ledgers[{i}].done：写了 status 列“{}”，还要写哪些取值算作完成，例如 done: [已完成]",
                l.status.as_deref().unwrap_or_default()
            ));
        }
        let part_ids = ind
            .parts
            .iter()
            .map(|p| p.id.value.as_str())
            .collect::<Vec<_>>()
            .join("、");
        if !ind.parts.is_empty() && (l.part.is_none() || l.parts.is_empty()) {
            fail(format!(
                "ledgers[{i}]：指标“{}”有分项（{}），要写 part（分项所在列的表头）和 parts（取值 → 分项编号）",
                ind.name, part_ids
            ));
        }
        for (value, id) in &l.parts {
            if !ind.parts.iter().any(|p| p.id.value == *id) {
                fail(format!(
                    "ledgers[{i}].parts.{value}：指标“{}”没有分项“{id}”（可用：{}）",
                    ind.name, part_ids
                ));
            }
        }
    }
    if errors.is_empty() {
        Ok(mapping)
    } else {
        Err(errors)
    }
}

/// The rows counted for one unit and part.
#[derive(Default)]
struct Rows(Vec<u32>);

/// Counts `book`'s rows through `map` into `out`.
pub(crate) fn read(
    book: &Book,
    map: &LedgerMap,
    campaign: &Campaign,
    out: &mut Collected,
    problems: &mut Problems,
) {
    let Some(indicator) = campaign
        .indicators
        .iter()
        .position(|i| i.id.value == map.indicator)
    else {
        return;
    };
    let ind = &campaign.indicators[indicator];
    let sheet = match &map.sheet {
        Some(name) => book.sheets.iter().find(|s| s.name == *name),
        None => book.sheets.iter().find(|s| s.visible),
    };
    let Some(sheet) = sheet else {
        problems.error(format!(
            "找不到工作表“{}”（文件中的工作表：{}）",
            map.sheet.as_deref().unwrap_or_default(),
            book.sheets
                .iter()
                .map(|s| s.name.as_str())
                .collect::<Vec<_>>()
                .join("、")
        ));
        return;
    };
    let unit_header = squeeze(&map.unit);
    let Some(header_row) = table::find_header_row(sheet, &|t| t == unit_header) else {
        problems.error(format!(
            "{}：前 20 行中找不到表头“{}”（映射文件的 unit）",
            sheet.name, map.unit
        ));
        return;
    };
    if !table::no_merged_cells(sheet, header_row, problems) {
        return;
    }
    let header = Header::read(sheet, header_row);
    let column = |name: &str, key: &str, problems: &mut Problems| {
        let wanted = squeeze(name);
        let found = header.find(|t| t == wanted);
        if found.is_none() {
            problems.error(format!(
                "{}：找不到表头“{name}”（映射文件的 {key}；表头有：{}）",
                sheet.at(header_row, 0),
                header.list()
            ));
        }
        found
    };
    let Some(unit_col) = column(&map.unit, "unit", problems) else {
        return;
    };
    let status_col = match &map.status {
        Some(s) => match column(s, "status", problems) {
            Some(c) => Some(c),
            None => return,
        },
        None => None,
    };
    let part_col = match &map.part {
        Some(p) if !ind.parts.is_empty() => match column(p, "part", problems) {
            Some(c) => Some(c),
            None => return,
        },
        _ => None,
    };
    let done_values: Vec<String> = map.done.iter().map(|v| squeeze(v)).collect();
    let part_values: Vec<(String, usize)> = map
        .parts
        .iter()
        .filter_map(|(v, id)| {
            ind.parts
                .iter()
                .position(|p| p.id.value == *id)
                .map(|j| (squeeze(v), j))
        })
        .collect();
    let units = campaign.units.len();
    let mut done: Vec<Rows> = (0..units).map(|_| Rows::default()).collect();
    let mut parts: Vec<Vec<Rows>> = (0..units)
        .map(|_| (0..ind.parts.len()).map(|_| Rows::default()).collect())
        .collect();
    let last = u32::try_from(sheet.rows.len()).unwrap_or(u32::MAX);
    for r in header_row + 1..last {
        let Some(unit) = table::unit_of_row(sheet, r, unit_col, campaign, &out.names, problems)
        else {
            continue;
        };
        if let Some(c) = status_col {
            let counted = match sheet.get(r, c) {
                Value::Text(t) => done_values.contains(&squeeze(t)),
                Value::Number(n) => done_values.contains(&n.to_string()),
                Value::Empty => false,
                other => {
                    problems.error(format!(
                        "{}：无法判断是否完成：{}",
                        sheet.at(r, c),
                        match other {
                            Value::Error(e) => format!("单元格是错误值 {e}"),
                            Value::Uncalculated(f) => format!("公式 ={f} 没有保存计算结果"),
                            _ => String::new(),
                        }
                    ));
                    continue;
                }
            };
            if !counted {
                continue;
            }
        }
        done[unit].0.push(r);
        if let Some(c) = part_col {
            let value = match sheet.get(r, c) {
                Value::Text(t) => squeeze(t),
                Value::Number(n) => n.to_string(),
                _ => String::new(),
            };
            match part_values.iter().find(|(v, _)| *v == value) {
                Some(&(_, j)) => parts[unit][j].0.push(r),
                None if value.is_empty() => problems.error(format!(
                    "{}：已完成的项目没有填写“{}”（应为：{}）",
                    sheet.at(r, c),
                    map.part.as_deref().unwrap_or_default(),
                    map.parts.keys().cloned().collect::<Vec<_>>().join("、")
                )),
                None => {
                    let hint =
                        super::suggest::closest(&value, map.parts.keys().map(String::as_str))
                            .map(|v| format!("是否是“{v}”？"))
                            .unwrap_or_else(|| {
                                format!(
                                    "应为：{}（或在映射文件的 parts 中加上这个取值）",
                                    map.parts.keys().cloned().collect::<Vec<_>>().join("、")
                                )
                            });
                    problems.error(format!(
                        "{}：“{}”不是映射文件中的分项取值：{hint}",
                        sheet.at(r, c),
                        value
                    ));
                }
            }
        }
    }
    out.seen[indicator].get_or_insert_with(|| book.label.clone());
    for (unit, rows) in done.into_iter().enumerate() {
        let trace = |rows: &Rows| {
            let source = describe_rows(&book.label, sheet, &rows.0);
            Traced {
                value: i64::try_from(rows.0.len()).unwrap_or(i64::MAX),
                cell: source[book.label.len()..].trim_start().to_string(),
                source,
                file: problems.file.clone(),
            }
        };
        let figures = UnitFigures {
            done: trace(&rows),
            parts: parts[unit].iter().map(trace).collect(),
        };
        // Ledgers add up: items of one unit may be spread over several files.
        out.add(indicator, unit, figures);
    }
}

/// `台账.xlsx 台账 第3、5–9行（共 6 行）`, or that no row counts.
fn describe_rows(file: &str, sheet: &Sheet, rows: &[u32]) -> String {
    if rows.is_empty() {
        return format!("{file} {} 无计入的行", sheet.name);
    }
    let mut ranges: Vec<(u32, u32)> = Vec::new();
    for &r in rows {
        let n = r + 1;
        match ranges.last_mut() {
            Some((_, end)) if *end + 1 == n => *end = n,
            _ => ranges.push((n, n)),
        }
    }
    const SHOWN: usize = 12;
    let mut parts: Vec<String> = ranges
        .iter()
        .take(SHOWN)
        .map(|&(a, b)| {
            if a == b {
                a.to_string()
            } else {
                format!("{a}–{b}")
            }
        })
        .collect();
    if ranges.len() > SHOWN {
        parts.push("…".to_string());
    }
    format!(
        "{file} {} 第{}行（共 {} 行）",
        sheet.name,
        parts.join("、"),
        rows.len()
    )
}
