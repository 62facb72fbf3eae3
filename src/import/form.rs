//! The reporting form (填报表) the office sends out: one sheet per indicator, a row per unit
//! (the unit column headed with the campaign's noun for its units, `vocabulary.unit`), the
//! plan locked, done and parts open to whole numbers ≥ 0, and a hidden sheet with the ids
//! and the schema version. The layout constants here are read back by [`filled`](super::filled),
//! so writer and reader cannot disagree.

use chrono::Datelike;
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties, ExcelDateTime,
    Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use crate::load::Inputs;
use crate::model::{Campaign, Period, Snapshot};

/// Name of the hidden sheet that carries the ids.
pub(crate) const IDS_SHEET: &str = "_tongbao";
/// Version of the form layout; a form of another version is refused.
pub(crate) const SCHEMA_VERSION: i64 = 1;
/// Header of the (locked) plan column.
pub(crate) const PLAN_HEADER: &str = "计划数";
/// Header of the done column.
pub(crate) const DONE_HEADER: &str = "累计完成数";
/// Keys of the hidden sheet's rows (column A).
pub(crate) const KEY_SCHEMA: &str = "schema";
pub(crate) const KEY_CAMPAIGN: &str = "campaign";
pub(crate) const KEY_PERIOD: &str = "period";
pub(crate) const KEY_FROM: &str = "from";
pub(crate) const KEY_SHEET: &str = "sheet";
pub(crate) const KEY_UNIT: &str = "unit";

/// A part's column header: `其中：办成公办园`.
pub(crate) fn part_header(name: &str) -> String {
    format!("其中：{name}")
}

/// One sheet name per indicator (in campaign order): the indicator's name made a valid,
/// unique Excel sheet name (≤ 31 characters, none of `[]:*?/\`).
pub(crate) fn sheet_names(campaign: &Campaign) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for ind in &campaign.indicators {
        let clean: String = ind
            .name
            .chars()
            .map(|c| if "[]:*?/\\'".contains(c) { '_' } else { c })
            .take(28)
            .collect();
        let mut name = if clean.trim().is_empty() {
            ind.id.value.chars().take(28).collect()
        } else {
            clean
        };
        let base = name.clone();
        let mut n = 2;
        while names.contains(&name) || name == IDS_SHEET {
            name = format!("{base}（{n}）");
            n += 1;
        }
        names.push(name);
    }
    names
}

/// What `tongbao form` makes.
#[derive(Debug)]
pub struct FormRequest {
    /// The month the form collects.
    pub period: Period,
    /// The snapshot whose figures pre-fill it (default: the latest before `period`).
    pub from: Option<Period>,
    /// Only these units (ids or names); empty for all.
    pub units: Vec<String>,
}

/// Writes the form for `request` as xlsx bytes. Errors are Chinese sentences for the user.
pub fn form(inputs: &Inputs, request: &FormRequest) -> Result<Vec<u8>, String> {
    let campaign = &inputs.campaign;
    let from: Option<&Snapshot> = match request.from {
        Some(q) => Some(
            inputs
                .snapshots
                .iter()
                .find(|s| s.period.value == q)
                .ok_or_else(|| {
                    let known: Vec<String> = inputs
                        .snapshots
                        .iter()
                        .map(|s| s.period.value.to_string())
                        .collect();
                    format!(
                        "--from {q}：没有这一期的月度数据（现有：{}）",
                        known.join("、")
                    )
                })?,
        ),
        None => {
            crate::month::sound_before(inputs, request.period).map_err(|e| e.to_string())?;
            inputs
                .snapshots
                .iter()
                .rev()
                .find(|s| s.period.value < request.period)
        }
    };
    let mut units = Vec::new();
    for wanted in &request.units {
        let unit = campaign
            .units
            .iter()
            .position(|u| u.id.value == *wanted || u.name == *wanted)
            .ok_or_else(|| {
                let names: Vec<&str> = campaign.units.iter().map(|u| u.name.as_str()).collect();
                let hint = super::suggest::closest(wanted, names.iter().copied())
                    .map(|n| format!("，是否是“{n}”？"))
                    .unwrap_or_else(|| format!("（可用：{}）", names.join("、")));
                format!("--unit：campaign.yaml 中没有单位“{wanted}”{hint}")
            })?;
        if !units.contains(&unit) {
            units.push(unit);
        }
    }
    if units.is_empty() {
        units = (0..campaign.units.len()).collect();
    }
    write(campaign, request.period, from, &units).map_err(|e| format!("无法生成填报表：{e}"))
}

fn write(
    campaign: &Campaign,
    period: Period,
    from: Option<&Snapshot>,
    units: &[usize],
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    // The creation time is part of the file: take it from the period, not the clock.
    let first = period
        .first_day()
        .map_or((2000, 1, 1), |d| (d.0.year(), d.0.month(), d.0.day()));
    let created = ExcelDateTime::from_ymd(
        u16::try_from(first.0).unwrap_or(2000),
        u8::try_from(first.1).unwrap_or(1),
        u8::try_from(first.2).unwrap_or(1),
    )?;
    book.set_properties(
        &DocProperties::new()
            .set_title(format!("{} {period} 填报表", campaign.name))
            .set_creation_datetime(&created),
    );
    let header = Format::new()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap()
        .set_border(FormatBorder::Thin)
        .set_background_color("#D9D9D9");
    let locked = Format::new().set_border(FormatBorder::Thin);
    let locked_number = locked.clone().set_num_format("0");
    let open = Format::new()
        .set_unlocked()
        .set_border(FormatBorder::Thin)
        .set_num_format("0")
        .set_background_color("#FFF2CC");
    let names = sheet_names(campaign);
    let as_of = from
        .map(|s| format!("，预填 {} 的数", s.period.value))
        .unwrap_or_default();
    for (i, ind) in campaign.indicators.iter().enumerate() {
        let sheet = book.add_worksheet();
        sheet.set_name(&names[i])?;
        let mut headers = vec![
            campaign.vocabulary.unit().to_string(),
            format!("{PLAN_HEADER}（{}）", ind.measure),
            format!("{DONE_HEADER}（{}）", ind.measure),
        ];
        headers.extend(ind.parts.iter().map(|p| part_header(&p.name)));
        for (c, h) in headers.iter().enumerate() {
            sheet.write_string_with_format(0, col(c), h, &header)?;
        }
        sheet.set_row_height(0, 36)?;
        sheet.set_column_width(0, 26)?;
        sheet.set_column_range_width(1, col(headers.len() - 1), 14)?;
        let previous = from.and_then(|s| s.progress.get(&ind.id.value));
        for (r, &u) in units.iter().enumerate() {
            let unit = &campaign.units[u];
            let row = u32::try_from(r + 1).unwrap_or(u32::MAX);
            let entry = previous.and_then(|p| p.get(&unit.id.value));
            let plan = ind.plan.get(&unit.id.value).map_or(0, |p| p.value);
            sheet.write_string_with_format(row, 0, &unit.name, &locked)?;
            sheet.write_number_with_format(row, 1, plan as f64, &locked_number)?;
            let done = entry.map_or(0, |e| e.done.value);
            sheet.write_number_with_format(row, 2, done as f64, &open)?;
            for (j, part) in ind.parts.iter().enumerate() {
                let v = entry
                    .and_then(|e| e.parts.get(&part.id.value))
                    .map_or(0, |p| p.value);
                sheet.write_number_with_format(row, col(3 + j), v as f64, &open)?;
            }
        }
        let last = u32::try_from(units.len()).unwrap_or(u32::MAX);
        if last > 0 {
            let validation = DataValidation::new()
                .allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0))
                .set_error_style(DataValidationErrorStyle::Stop)
                .set_error_title("请填写整数")?
                .set_error_message("请填写 0 或正整数（截至本月底的累计数，不是当月新增数）")?
                .set_input_title("累计数")?
                .set_input_message("截至本月底的累计数，不是当月新增数；没有进展也请填写")?;
            sheet.add_data_validation(1, 2, last, col(headers.len() - 1), &validation)?;
        }
        sheet.set_freeze_panes(1, 1)?;
        sheet.set_paper_size(9);
        sheet.set_print_fit_to_pages(1, 0);
        sheet.set_repeat_rows(0, 0)?;
        sheet.set_header(format!("&C{}（{period}{as_of}）", names[i]));
        sheet.protect();
        if i == 0 {
            sheet.set_active(true);
        }
    }
    ids_sheet(book.add_worksheet(), campaign, period, from, units, &names)?;
    book.save_to_buffer()
}

fn col(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}

fn ids_sheet(
    sheet: &mut Worksheet,
    campaign: &Campaign,
    period: Period,
    from: Option<&Snapshot>,
    units: &[usize],
    names: &[String],
) -> Result<(), XlsxError> {
    sheet.set_name(IDS_SHEET)?;
    sheet.set_hidden(true);
    sheet.write_string(0, 0, KEY_SCHEMA)?;
    sheet.write_number(0, 1, SCHEMA_VERSION as f64)?;
    sheet.write_string(1, 0, KEY_CAMPAIGN)?;
    sheet.write_string(1, 1, &campaign.name)?;
    sheet.write_string(2, 0, KEY_PERIOD)?;
    sheet.write_string(2, 1, period.to_string())?;
    sheet.write_string(3, 0, KEY_FROM)?;
    if let Some(s) = from {
        sheet.write_string(3, 1, s.period.value.to_string())?;
    }
    let mut row = 4;
    for (ind, name) in campaign.indicators.iter().zip(names) {
        sheet.write_string(row, 0, KEY_SHEET)?;
        sheet.write_string(row, 1, name)?;
        sheet.write_string(row, 2, &ind.id.value)?;
        for (j, part) in ind.parts.iter().enumerate() {
            sheet.write_string(row, col(3 + j), &part.id.value)?;
        }
        row += 1;
    }
    for &u in units {
        let unit = &campaign.units[u];
        sheet.write_string(row, 0, KEY_UNIT)?;
        sheet.write_string(row, 1, &unit.id.value)?;
        sheet.write_string(row, 2, &unit.name)?;
        row += 1;
    }
    sheet.protect();
    Ok(())
}
