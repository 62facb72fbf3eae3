//! The lines a county writes under its table that are no unit's row: 填报人、审核人、联系电话
//! (recorded for the units of the sheet), and 填表日期, 单位负责人, 注, 说明 (recognised and left),
//! in one cell (`填报人：李四 审核人：王五`) or spread over several (`填报人：` `李四` …).

use super::sheet::{Sheet, Value};

/// Who filled in and checked a return, and how to reach them.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Footer {
    /// 填报人
    pub(crate) filled_by: Option<String>,
    /// 审核人
    pub(crate) checked_by: Option<String>,
    /// 联系电话
    pub(crate) phone: Option<String>,
}

impl Footer {
    /// `other`'s fields where this one has none.
    pub(crate) fn fill_from(&mut self, other: &Footer) {
        for (mine, theirs) in [
            (&mut self.filled_by, &other.filled_by),
            (&mut self.checked_by, &other.checked_by),
            (&mut self.phone, &other.phone),
        ] {
            if mine.is_none() {
                mine.clone_from(theirs);
            }
        }
    }
}

/// Which field a label fills.
#[derive(Clone, Copy, PartialEq)]
enum Field {
    FilledBy,
    CheckedBy,
    Phone,
    /// Recognised as a footer, not recorded.
    Other,
}

/// The labels a footer line is made of, longest first where one holds another.
const LABELS: &[(&str, Field)] = &[
    ("单位负责人", Field::Other),
    ("分管负责人", Field::Other),
    ("联系电话", Field::Phone),
    ("填报日期", Field::Other),
    ("填表日期", Field::Other),
    ("报送日期", Field::Other),
    ("填报人", Field::FilledBy),
    ("填表人", Field::FilledBy),
    ("制表人", Field::FilledBy),
    ("经办人", Field::FilledBy),
    ("审核人", Field::CheckedBy),
    ("负责人", Field::Other),
    ("联系人", Field::FilledBy),
    ("电话", Field::Phone),
    ("手机", Field::Phone),
    ("说明", Field::Other),
    ("注", Field::Other),
];

/// The footer in row `row` of `sheet`, if the row is one: its first filled cell starts with a
/// label followed by a colon or nothing (`填报人：李四`, `填报人`).
pub(crate) fn read(sheet: &Sheet, row: u32) -> Option<Footer> {
    let cells: Vec<String> = sheet
        .rows
        .get(row as usize)?
        .iter()
        .filter_map(text)
        .collect();
    let first = cells.first()?;
    let (_, rest) = label_at(first)?;
    if !(rest.is_empty() || rest.starts_with([':', '：'])) {
        return None;
    }
    Some(parse(&cells.join(" ")))
}

/// A cell as text (a number as written: a telephone number has no decimal point).
fn text(v: &Value) -> Option<String> {
    let t = match v {
        Value::Text(t) => t.trim().to_string(),
        Value::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{n:.0}"),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    (!t.is_empty()).then_some(t)
}

/// The label `s` starts with (the longest), and what follows it.
fn label_at(s: &str) -> Option<((&'static str, Field), &str)> {
    LABELS
        .iter()
        .find(|(l, _)| s.starts_with(l))
        .map(|&(l, f)| ((l, f), &s[l.len()..]))
}

/// Each label's value in `line`: the text from after its colon to the next label.
fn parse(line: &str) -> Footer {
    let mut found: Vec<(usize, usize, Field)> = Vec::new();
    let mut i = 0;
    while i < line.len() {
        let rest = &line[i..];
        // A label counts where a word starts: at the line's start or after a space or a
        // punctuation mark, and is followed by a colon, a space or the end.
        let starts_word = line[..i]
            .chars()
            .next_back()
            .is_none_or(|c| c.is_whitespace() || "，,；;。".contains(c));
        if starts_word
            && let Some(((label, field), after)) = label_at(rest)
            && (after.is_empty() || after.starts_with([':', '：', ' ', '\u{3000}']))
        {
            found.push((i, i + label.len(), field));
            i += label.len();
            continue;
        }
        i += rest.chars().next().map_or(1, char::len_utf8);
    }
    let mut footer = Footer::default();
    for (k, &(_, end, field)) in found.iter().enumerate() {
        let stop = found.get(k + 1).map_or(line.len(), |n| n.0);
        let value = line[end..stop]
            .trim_start_matches([':', '：'])
            .trim_matches(|c: char| c.is_whitespace() || "，,；;。".contains(c))
            .to_string();
        if value.is_empty() {
            continue;
        }
        let slot = match field {
            Field::FilledBy => &mut footer.filled_by,
            Field::CheckedBy => &mut footer.checked_by,
            Field::Phone => &mut footer.phone,
            Field::Other => continue,
        };
        slot.get_or_insert(value);
    }
    footer
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(cells: &[Value]) -> Sheet {
        Sheet {
            name: "S".to_string(),
            visible: true,
            rows: vec![cells.to_vec()],
            merged: Vec::new(),
        }
    }

    fn t(s: &str) -> Value {
        Value::Text(s.to_string())
    }

    #[test]
    fn a_footer_in_one_cell_gives_each_person() {
        let f = read(
            &sheet(&[t("填报人：李四 审核人：王五 联系电话：0539-8123456")]),
            0,
        );
        assert_eq!(
            f,
            Some(Footer {
                filled_by: Some("李四".into()),
                checked_by: Some("王五".into()),
                phone: Some("0539-8123456".into()),
            })
        );
    }

    #[test]
    fn a_footer_over_several_cells_and_a_phone_typed_as_a_number() {
        let f = read(
            &sheet(&[
                t("填报人："),
                t("李四"),
                Value::Empty,
                t("审核人"),
                t("王五"),
                t("电话："),
                Value::Number(13_800_000_000.0),
            ]),
            0,
        );
        assert_eq!(
            f,
            Some(Footer {
                filled_by: Some("李四".into()),
                checked_by: Some("王五".into()),
                phone: Some("13800000000".into()),
            })
        );
    }

    #[test]
    fn a_unit_row_or_a_name_that_starts_like_a_label_is_no_footer() {
        assert_eq!(read(&sheet(&[t("兰山区"), Value::Number(3.0)]), 0), None);
        assert_eq!(read(&sheet(&[t("注册地"), Value::Number(3.0)]), 0), None);
        assert_eq!(
            read(&sheet(&[t("注：本表为累计数")]), 0),
            Some(Footer::default())
        );
    }
}
