//! Filled forms → figures: our own 填报表 (one merged form or one per unit) and county-made
//! summary tables with the same headers (县区, 累计完成数, 其中：<分项>), xlsx/xls/ods/csv.

use super::footer::{self, Footer};
use super::form::{
    DONE_HEADER, IDS_SHEET, KEY_PERIOD, KEY_SCHEMA, KEY_SHEET, SCHEMA_VERSION, sheet_names,
};
use super::grid::Book;
use super::sheet::{Sheet, Value};
use super::table::{self, Header};
use super::{Collected, Problems, Traced, UnitFigures};
use crate::model::{Campaign, Period};

/// Reads every indicator sheet of `book` into `out`.
pub(crate) fn read(
    book: &Book,
    campaign: &Campaign,
    period: Period,
    out: &mut Collected,
    problems: &mut Problems,
) {
    let mut by_sheet: Vec<(String, usize)> = Vec::new();
    if let Some(ids) = book.sheets.iter().find(|s| s.name == IDS_SHEET)
        && !ids_sheet(ids, campaign, period, &mut by_sheet, problems)
    {
        return;
    }
    let names = sheet_names(campaign);
    let data_sheets: Vec<&Sheet> = book
        .sheets
        .iter()
        .filter(|s| s.name != IDS_SHEET && s.visible && !s.rows.is_empty())
        .collect();
    for sheet in &data_sheets {
        let indicator = by_sheet
            .iter()
            .find(|(n, _)| *n == sheet.name)
            .map(|&(_, i)| i)
            .or_else(|| {
                campaign
                    .indicators
                    .iter()
                    .position(|ind| ind.name == sheet.name || ind.id.value == sheet.name)
            })
            .or_else(|| names.iter().position(|n| *n == sheet.name))
            .or_else(|| (campaign.indicators.len() == 1 && data_sheets.len() == 1).then_some(0));
        match indicator {
            Some(i) => read_sheet(book, sheet, campaign, i, out, problems),
            None => problems.warn(format!(
                "工作表“{}”不对应任何指标，已忽略（工作表应以指标名称命名：{}）",
                sheet.name,
                names.join("、")
            )),
        }
    }
}

/// Checks the hidden ids sheet; fills `by_sheet` (sheet name → indicator index). Returns
/// false when the form must not be read at all.
fn ids_sheet(
    ids: &Sheet,
    campaign: &Campaign,
    period: Period,
    by_sheet: &mut Vec<(String, usize)>,
    problems: &mut Problems,
) -> bool {
    let mut ok = true;
    for (r, row) in ids.rows.iter().enumerate() {
        let r = u32::try_from(r).unwrap_or(u32::MAX);
        let key = match row.first() {
            Some(Value::Text(k)) => k.as_str(),
            _ => continue,
        };
        let b = ids.get(r, 1);
        match key {
            KEY_SCHEMA => {
                let version = match b {
                    Value::Number(n) => Some(*n),
                    Value::Text(t) => t.parse().ok(),
                    _ => None,
                };
                if version != Some(SCHEMA_VERSION as f64) {
                    problems.error(format!(
                        "{}：填报表的格式版本不符（应为 {SCHEMA_VERSION}）：请用 tongbao form 重新生成填报表",
                        ids.at(r, 1)
                    ));
                    return false;
                }
            }
            KEY_PERIOD => {
                if let Value::Text(p) = b
                    && *p != period.to_string()
                {
                    problems.error(format!(
                        "{}：这是 {p} 的填报表，导入的期间是 {period}：请核对 --period，或用 tongbao form --period {period} 重新生成填报表",
                        ids.at(r, 1)
                    ));
                    ok = false;
                }
            }
            KEY_SHEET => {
                if let (Value::Text(name), Value::Text(id)) = (b, ids.get(r, 2)) {
                    match campaign.indicators.iter().position(|i| i.id.value == *id) {
                        Some(i) => by_sheet.push((name.clone(), i)),
                        None => problems.warn(format!(
                            "{}：campaign.yaml 中已没有指标“{id}”，工作表“{name}”已忽略",
                            ids.at(r, 2)
                        )),
                    }
                }
            }
            _ => {}
        }
    }
    ok
}

fn read_sheet(
    book: &Book,
    sheet: &Sheet,
    campaign: &Campaign,
    indicator: usize,
    out: &mut Collected,
    problems: &mut Problems,
) {
    let ind = &campaign.indicators[indicator];
    out.seen[indicator].get_or_insert_with(|| book.label.clone());
    let is_unit = |t: &str| table::is_unit_header(campaign, t);
    let Some(header_row) = table::find_header_row(sheet, &is_unit) else {
        problems.error(format!(
            "{}：找不到表头行：第一列的表头应为“{}”（或“单位”），其后为“{DONE_HEADER}”{}",
            sheet.name,
            campaign.vocabulary.unit(),
            ind.parts
                .iter()
                .map(|p| format!("、“其中：{}”", p.name))
                .collect::<String>()
        ));
        return;
    };
    if !table::no_merged_cells(sheet, header_row, problems) {
        return;
    }
    let header = Header::read(sheet, header_row);
    let Some(unit_col) = header.find(is_unit) else {
        return;
    };
    let Some(done_col) = header.find(|t| {
        t.contains("完成")
            && !t.starts_with("其中")
            && !t.contains('率')
            && !t.contains("时间")
            && !is_remarks_header(t)
    }) else {
        problems.error(format!(
            "{}：找不到“{DONE_HEADER}”一列（表头有：{}）",
            sheet.at(header_row, 0),
            header.list()
        ));
        return;
    };
    let mut part_cols = Vec::new();
    for part in &ind.parts {
        match header.find(|t| {
            let t = t.trim_start_matches("其中").trim_start_matches(['：', ':']);
            t == part.name || t == part.id.value || t.starts_with(&part.name)
        }) {
            Some(c) => part_cols.push(c),
            None => {
                problems.error(format!(
                    "{}：找不到分项“{}”一列（表头应为“其中：{}”；表头有：{}）",
                    sheet.at(header_row, 0),
                    part.name,
                    part.name,
                    header.list()
                ));
                return;
            }
        }
    }
    let remarks_col = header.find(is_remarks_header);
    let columns = Columns {
        unit: unit_col,
        done: done_col,
        parts: part_cols,
        remarks: remarks_col,
    };
    let mut footer = Footer::default();
    let mut units_here: Vec<usize> = Vec::new();
    let last = u32::try_from(sheet.rows.len()).unwrap_or(u32::MAX);
    for r in header_row + 1..last {
        if let Some(f) = footer::read(sheet, r) {
            footer.fill_from(&f);
            continue;
        }
        let Some(unit) = table::unit_of_row(sheet, r, unit_col, campaign, &out.names, problems)
        else {
            continue;
        };
        units_here.push(unit);
        read_row(
            book, sheet, r, &columns, campaign, indicator, unit, out, problems,
        );
    }
    for unit in units_here {
        out.returns[unit].footer.fill_from(&footer);
    }
}

/// Where a sheet's columns are.
struct Columns {
    unit: u32,
    done: u32,
    parts: Vec<u32>,
    remarks: Option<u32>,
}

/// Reads unit `unit`'s row `r`: its figures into `out`, its remark and cells into its return,
/// and the errors of its cells into its return's errors (they refuse the unit, not the file).
#[allow(clippy::too_many_arguments)]
fn read_row(
    book: &Book,
    sheet: &Sheet,
    r: u32,
    columns: &Columns,
    campaign: &Campaign,
    indicator: usize,
    unit: usize,
    out: &mut Collected,
    problems: &mut Problems,
) {
    let ind = &campaign.indicators[indicator];
    let before = problems.found.len();
    let done = table::count(sheet, r, columns.done, "完成数", &book.label, problems);
    let parts: Vec<Option<Traced>> = columns
        .parts
        .iter()
        .zip(&ind.parts)
        .map(|(&c, p)| table::count(sheet, r, c, &p.name, &book.label, problems))
        .collect();
    let errors = problems.found.split_off(before);
    let ret = &mut out.returns[unit];
    ret.errors.extend(errors);
    let last_col = columns
        .parts
        .iter()
        .chain(columns.remarks.iter())
        .fold(columns.done.max(columns.unit), |a, &b| a.max(b));
    ret.row(
        &problems.file,
        &book.label,
        format!(
            "{}:{}",
            sheet.at(r, columns.unit),
            super::sheet::cell_ref(r, last_col)
        ),
    );
    if let Some(c) = columns.remarks
        && let Value::Text(t) = sheet.get(r, c)
    {
        ret.remark(t);
    }
    let (Some(done), Some(parts)) = (done, parts.into_iter().collect::<Option<Vec<_>>>()) else {
        return;
    };
    out.put(
        indicator,
        unit,
        UnitFigures { done, parts },
        (&book.label, sheet.at(r, columns.unit)),
        campaign,
        problems,
    );
}

/// Whether a header names the unit's remarks: 备注, 情况说明, 说明.
fn is_remarks_header(t: &str) -> bool {
    t.contains("备注") || t.contains("说明")
}
