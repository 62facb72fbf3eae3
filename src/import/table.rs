//! What forms and ledgers share: finding the header row, refusing merged cells, matching a
//! unit name (with did-you-mean), reading a whole number with the cell it came from.

use std::collections::HashMap;

use super::sheet::{Sheet, Value, cell_ref};
use super::{Problems, Traced};
use crate::model::Campaign;

/// How far down a title or notes may push the header row.
const HEADER_SEARCH_ROWS: u32 = 20;

/// Headers that name the unit column.
const UNIT_HEADERS: [&str; 10] = [
    "县区",
    "县（区）",
    "县(区)",
    "县市区",
    "区县",
    "单位",
    "单位名称",
    "县区名称",
    "地区",
    "所属县区",
];

/// Rows that sum the others, skipped.
const TOTAL_ROWS: [&str; 4] = ["合计", "总计", "小计", "全市"];

/// Whether a header names the unit column: one of the usual words, or the campaign's own
/// noun for its units (`vocabulary.unit`, e.g. 县（市、区）).
pub(crate) fn is_unit_header(campaign: &Campaign, text: &str) -> bool {
    UNIT_HEADERS.contains(&text) || text == squeeze(campaign.vocabulary.unit())
}

/// Text with all white space removed, as headers are compared.
pub(crate) fn squeeze(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .collect()
}

/// The first of the top rows with a cell for which `is_key` holds.
pub(crate) fn find_header_row(sheet: &Sheet, is_key: &dyn Fn(&str) -> bool) -> Option<u32> {
    (0..HEADER_SEARCH_ROWS.min(u32::try_from(sheet.rows.len()).unwrap_or(u32::MAX))).find(|&r| {
        sheet.rows[r as usize]
            .iter()
            .any(|v| matches!(v, Value::Text(t) if is_key(&squeeze(t))))
    })
}

/// A header row read as text.
pub(crate) struct Header {
    cells: Vec<(u32, String)>,
}

impl Header {
    /// The header cells of `row`.
    pub(crate) fn read(sheet: &Sheet, row: u32) -> Header {
        let cells = sheet
            .rows
            .get(row as usize)
            .map(|r| {
                r.iter()
                    .enumerate()
                    .filter_map(|(c, v)| match v {
                        Value::Text(t) => Some((u32::try_from(c).unwrap_or(u32::MAX), squeeze(t))),
                        Value::Number(n) => {
                            Some((u32::try_from(c).unwrap_or(u32::MAX), n.to_string()))
                        }
                        _ => None,
                    })
                    .collect()
            })
            .unwrap_or_default();
        Header { cells }
    }

    /// The column of the first header for which `matches` holds.
    pub(crate) fn find(&self, matches: impl Fn(&str) -> bool) -> Option<u32> {
        self.cells.iter().find(|(_, t)| matches(t)).map(|&(c, _)| c)
    }

    /// The headers as 「县区、计划数、…」 for messages.
    pub(crate) fn list(&self) -> String {
        self.cells
            .iter()
            .map(|(_, t)| t.as_str())
            .collect::<Vec<_>>()
            .join("、")
    }
}

/// Refuses merged cells at or below the header row (a title merged above it is fine): a
/// merged header leaves some columns without a meaning, a merged unit cell leaves rows
/// without a unit.
pub(crate) fn no_merged_cells(sheet: &Sheet, header_row: u32, problems: &mut Problems) -> bool {
    let mut ok = true;
    for area in sheet.merged.iter().filter(|a| a.last.0 >= header_row) {
        ok = false;
        let first = sheet.get(area.first.0, area.first.1);
        let shown = match first {
            Value::Text(t) => format!("（“{t}”）"),
            _ => String::new(),
        };
        if area.first.0 <= header_row {
            problems.error(format!(
                "{}!{}：表头有合并单元格{shown}，无法确定每一列的含义：请取消合并，每列只用一行表头（例如“其中：办成公办园”“其中：委托办成普惠性民办园”各占一列）",
                sheet.name,
                area.reference()
            ));
        } else {
            problems.error(format!(
                "{}!{}：数据区有合并单元格{shown}：请取消合并，每一行都填写完整",
                sheet.name,
                area.reference()
            ));
        }
    }
    ok
}

/// Each unit's name (white space removed) and id → its index in the campaign.
pub(crate) fn unit_names(campaign: &Campaign) -> HashMap<String, usize> {
    let mut names = HashMap::new();
    for (i, u) in campaign.units.iter().enumerate() {
        names.entry(u.id.value.clone()).or_insert(i);
    }
    // Names win over ids: a unit named like another's id is meant by its name.
    for (i, u) in campaign.units.iter().enumerate() {
        names.insert(squeeze(&u.name), i);
    }
    names
}

/// The campaign unit (index) named in `sheet` at (`row`, `col`); `None` for a blank or total
/// row (skipped) and for a problem (reported).
pub(crate) fn unit_of_row(
    sheet: &Sheet,
    row: u32,
    col: u32,
    campaign: &Campaign,
    names: &HashMap<String, usize>,
    problems: &mut Problems,
) -> Option<usize> {
    let cells = sheet.rows.get(row as usize)?;
    if cells.iter().all(|v| *v == Value::Empty) {
        return None;
    }
    let name = match sheet.get(row, col) {
        Value::Text(t) => squeeze(t),
        Value::Number(n) => n.to_string(),
        Value::Empty => {
            problems.error(format!(
                "{}：这一行有数据，但没有填写{}",
                sheet.at(row, col),
                campaign.vocabulary.unit()
            ));
            return None;
        }
        other => {
            problems.error(format!(
                "{}：{}名称不能是{}",
                sheet.at(row, col),
                campaign.vocabulary.unit(),
                describe(other)
            ));
            return None;
        }
    };
    if TOTAL_ROWS.contains(&name.as_str()) {
        return None;
    }
    if let Some(&i) = names.get(&name) {
        return Some(i);
    }
    let hint = super::suggest::closest(&name, campaign.units.iter().map(|u| u.name.as_str()))
        .map(|n| format!("是否是“{n}”？"))
        .unwrap_or_else(|| {
            format!(
                "请使用 campaign.yaml 中的{}名称",
                campaign.vocabulary.unit()
            )
        });
    problems.error(format!(
        "{}：未知的{}“{name}”：{hint}",
        sheet.at(row, col),
        campaign.vocabulary.unit()
    ));
    None
}

/// A cell that is not a number, in words.
fn describe(v: &Value) -> String {
    match v {
        Value::Empty => "空白".to_string(),
        Value::Number(n) => format!("数字 {n}"),
        Value::Text(t) => format!("“{t}”"),
        Value::Error(e) => format!("错误值 {e}"),
        Value::Uncalculated(f) => format!("公式 ={f}"),
    }
}

/// Largest count accepted: the bound `load` holds every count to (一亿).
const MAX_COUNT: f64 = crate::load::MAX_COUNT as f64;

/// A number typed as text: half-width or full-width digits, a minus, a decimal point, and
/// commas only as thousands separators (「1,234」; 「3,0」 and 「12,34」 are refused, never read
/// as 30 or 1234). Anything else (「1e3」「0x1E」「inf」) is refused.
fn text_number(t: &str) -> Result<f64, String> {
    let ascii: String = t
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '－' => '-',
            '．' => '.',
            '，' => ',',
            other => other,
        })
        .collect();
    let unsigned = ascii.strip_prefix('-').unwrap_or(&ascii);
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (unsigned, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole.replace(',', "").as_str()) || fraction.is_some_and(|f| !digits(f)) {
        return Err(format!("“{t}”不是整数，请填写阿拉伯数字（例如 30）"));
    }
    if whole.contains(',') {
        let groups: Vec<&str> = whole.split(',').collect();
        let grouped =
            (1..=3).contains(&groups[0].len()) && groups[1..].iter().all(|g| g.len() == 3);
        if !grouped {
            return Err(format!(
                "“{t}”中的逗号不是千位分隔符（千位分隔应每三位一个，如 1,234）：请核对这个数，只写数字（例如 30）"
            ));
        }
    }
    ascii
        .replace(',', "")
        .parse::<f64>()
        .map_err(|_| format!("“{t}”不是整数，请填写阿拉伯数字（例如 30）"))
}

/// The whole number ≥ 0 in `sheet` at (`row`, `col`), traced to its cell; `what` names the
/// figure in messages (完成数, a part's name).
pub(crate) fn count(
    sheet: &Sheet,
    row: u32,
    col: u32,
    what: &str,
    file: &str,
    problems: &mut Problems,
) -> Option<Traced> {
    let at = sheet.at(row, col);
    let value = match sheet.get(row, col) {
        Value::Number(n) => Ok(*n),
        Value::Text(t) => text_number(t).map_err(|why| format!("{at}：{why}")),
        Value::Empty => Err(format!("{at}：{what}未填写（没有进展请填 0）")),
        Value::Error(e) => Err(format!(
            "{at}：单元格是错误值 {e}（公式出错），请改为{what}的数字"
        )),
        Value::Uncalculated(f) => Err(format!(
            "{at}：公式 ={f} 没有保存计算结果：请在 Excel 或 WPS 中打开并保存一次，或把公式改为数字"
        )),
    };
    let checked = value.and_then(|n| {
        if !n.is_finite() || n.fract() != 0.0 {
            Err(format!("{at}：“{n}”不是整数，{what}应为整数"))
        } else if n < 0.0 {
            Err(format!(
                "{at}：{what}不能为负数，写的是 {n}；请填 0 或正整数（截至本期的累计数）"
            ))
        } else if n > MAX_COUNT {
            Err(format!(
                "{at}：{what} {n} 超过了上限 {}（一亿），请核对是否多写了数位",
                crate::load::MAX_COUNT
            ))
        } else {
            Ok(n as i64)
        }
    });
    match checked {
        Ok(value) => Some(Traced {
            value,
            source: format!("{file} {}!{}", sheet.name, cell_ref(row, col)),
            file: problems.file.clone(),
            cell: at,
        }),
        Err(message) => {
            problems.error(message);
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::text_number;

    #[test]
    fn commas_are_read_only_as_thousands_separators() {
        assert_eq!(text_number("1,234"), Ok(1234.0));
        assert_eq!(text_number("1，234，567"), Ok(1_234_567.0));
        assert_eq!(text_number("３０"), Ok(30.0));
        for bad in ["3,0", "12,34", "1,2345", ",123", "1,,234"] {
            let e = text_number(bad).unwrap_err();
            assert!(
                e.contains("逗号不是千位分隔符") || e.contains("不是整数"),
                "{bad}: {e}"
            );
        }
        assert_eq!(
            text_number("3,0").unwrap_err(),
            "“3,0”中的逗号不是千位分隔符（千位分隔应每三位一个，如 1,234）：请核对这个数，只写数字（例如 30）"
        );
        for bad in ["1e3", "0x1E", "inf", "NaN", "3_0", "+-3"] {
            assert!(text_number(bad).is_err(), "{bad}");
        }
    }
}
