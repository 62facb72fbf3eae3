//! What is wrong with a number a clerk typed: full-width digits, Chinese numerals, a unit after
//! the digits, full-width punctuation. Each diagnosis says what was written and what to write.

/// Full-width and CJK punctuation that slips into numbers typed with a Chinese input method:
/// the character, its name and its half-width counterpart (`None`: just delete it).
const PUNCTUATION: &[(char, &str, Option<&str>)] = &[
    ('，', "全角逗号", Some(",")),
    ('、', "顿号", Some(",")),
    ('。', "句号", None),
    ('．', "全角句点", Some(".")),
    ('：', "全角冒号", Some(":")),
    ('；', "全角分号", None),
    ('　', "全角空格", Some(" ")),
    ('－', "全角减号", Some("-")),
    ('＋', "全角加号", None),
    ('（', "全角括号", None),
    ('）', "全角括号", None),
    ('％', "全角百分号", None),
    ('“', "中文引号", Some("\"")),
    ('”', "中文引号", Some("\"")),
];

/// `３８` → `38`; other characters unchanged.
fn half_width_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '－' => '-',
            '．' => '.',
            other => other,
        })
        .collect()
}

fn chinese_digit(c: char) -> Option<i64> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// `三十八` → 38, `一百零五` → 105, `二〇一九` → 2019, `一万二千` → 12000; `None` if `s` is
/// not a Chinese numeral.
pub(crate) fn chinese_numeral(s: &str) -> Option<i64> {
    if s.is_empty() {
        return None;
    }
    // Digit by digit (二〇一九), when there is no unit character.
    if s.chars().all(|c| chinese_digit(c).is_some()) {
        return s.chars().try_fold(0i64, |n, c| {
            n.checked_mul(10)?.checked_add(chinese_digit(c)?)
        });
    }
    let (mut total, mut section, mut digit) = (0i64, 0i64, None::<i64>);
    for c in s.chars() {
        if let Some(d) = chinese_digit(c) {
            if digit.is_some() && d != 0 {
                return None; // 三八 inside a numeral with units
            }
            digit = (d != 0).then_some(d);
            continue;
        }
        let unit = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            '万' => 10_000,
            '亿' => 100_000_000,
            _ => return None,
        };
        if unit >= 10_000 {
            total = total.checked_add(section.checked_add(digit.unwrap_or(0))?)?;
            total = total.checked_mul(unit)?;
            section = 0;
        } else {
            // 十 alone means 一十.
            section = section.checked_add(digit.unwrap_or(1).checked_mul(unit)?)?;
        }
        digit = None;
    }
    total.checked_add(section)?.checked_add(digit.unwrap_or(0))
}

/// Why `raw` (the value as written) is not a number, and what to write instead. `integer`:
/// whether a whole number is expected (counts) or any number (percentage points).
pub(crate) fn number_problem(raw: &str, integer: bool) -> String {
    let t = raw.trim_matches([' ', '\t']);
    let valid = |s: &str| {
        if integer {
            s.parse::<i64>().is_ok()
        } else {
            s.parse::<f64>().is_ok_and(f64::is_finite)
        }
    };
    let kind = if integer { "整数" } else { "数字" };
    let half = half_width_digits(t);
    if half != t && valid(&half) {
        return format!("“{t}”是全角数字，请改为半角数字 {half}");
    }
    if let Some(n) = chinese_numeral(t) {
        return format!("“{t}”是汉字数字，请改为阿拉伯数字 {n}");
    }
    if let Some((at, (c, name, replacement))) = t
        .char_indices()
        .find_map(|(i, c)| PUNCTUATION.iter().find(|p| p.0 == c).map(|p| (i, *p)))
    {
        let shown = if at == 0 { t } else { &t[..at + c.len_utf8()] };
        let rest = t[at + c.len_utf8()..].trim();
        return match replacement {
            Some(r) if !rest.is_empty() && at > 0 => {
                format!("“{shown}”中的“{c}”是{name}，请改为半角的“{r}”")
            }
            _ if at == 0 => format!("“{shown}”开头的“{c}”是{name}，请删去"),
            _ if !rest.is_empty() => format!(
                "“{shown}”中的“{c}”是{name}：数字后面只能是分隔 {{ }} 中各项的半角逗号“,”，或者什么都不写"
            ),
            _ => format!("“{shown}”末尾的“{c}”是{name}，请删去"),
        };
    }
    let digits_end = half
        .char_indices()
        .find(|&(i, c)| !(c.is_ascii_digit() || (i == 0 && c == '-')))
        .map_or(half.len(), |(i, _)| i);
    let (number, rest) = half.split_at(digits_end);
    if integer && valid(number) && rest.starts_with('.') && half.parse::<f64>().is_ok() {
        return format!("应为整数，写的是小数 {t}");
    }
    if valid(number) && !rest.trim().is_empty() {
        let unit = rest.trim();
        if unit.chars().any(|c| c.is_ascii_digit()) {
            return format!("应为一个{kind}，写的是“{t}”");
        }
        return format!("“{t}”带了单位或文字“{unit}”，请只写数字 {number}");
    }
    if t.is_empty() {
        return format!("应为{kind}，这里是空的");
    }
    format!("应为{kind}（阿拉伯数字，不带单位），例如 12，写的是“{t}”")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numerals() {
        for (s, n) in [
            ("三十八", 38),
            ("十", 10),
            ("十二", 12),
            ("一百零五", 105),
            ("两千", 2000),
            ("二〇一九", 2019),
            ("一万二千三百", 12_300),
            ("零", 0),
        ] {
            assert_eq!(chinese_numeral(s), Some(n), "{s}");
        }
        for s in ["", "若干", "三八十", "38"] {
            assert_eq!(chinese_numeral(s), None, "{s}");
        }
    }

    #[test]
    fn each_mistake_is_named_with_its_fix() {
        for (raw, message) in [
            ("３８", "“３８”是全角数字，请改为半角数字 38"),
            ("3８", "“3８”是全角数字，请改为半角数字 38"),
            ("三十八", "“三十八”是汉字数字，请改为阿拉伯数字 38"),
            ("38处", "“38处”带了单位或文字“处”，请只写数字 38"),
            ("38 处", "“38 处”带了单位或文字“处”，请只写数字 38"),
            ("38，", "“38，”末尾的“，”是全角逗号，请删去"),
            ("38， parts:", "“38，”中的“，”是全角逗号，请改为半角的“,”"),
            ("　38", "“　38”开头的“　”是全角空格，请删去"),
            ("38.5", "应为整数，写的是小数 38.5"),
            (
                "38。 parts:",
                "“38。”中的“。”是句号：数字后面只能是分隔 { } 中各项的半角逗号“,”，或者什么都不写",
            ),
            (
                "若干",
                "应为整数（阿拉伯数字，不带单位），例如 12，写的是“若干”",
            ),
            ("3 8", "应为一个整数，写的是“3 8”"),
        ] {
            assert_eq!(number_problem(raw, true), message, "{raw}");
        }
        assert_eq!(
            number_problem("５.５", false),
            "“５.５”是全角数字，请改为半角数字 5.5"
        );
        assert_eq!(
            number_problem("5个百分点", false),
            "“5个百分点”带了单位或文字“个百分点”，请只写数字 5"
        );
    }
}
