//! Chinese formatting of figures: 中文序号, percentages, dates, lists joined with 、.
//! Used by the Tera filters (compose) and by nothing that computes.

use crate::model::Date;
use chrono::Datelike;

/// 1 → 一, 10 → 十, 11 → 十一, 21 → 二十一, 105 → 一百零五. Zero and numbers from 1000 up are
/// written with Arabic digits (no bulletin has a 1000th section).
pub fn cn_ordinal(n: u64) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let d = |i: u64| DIGITS[usize::try_from(i % 10).unwrap_or(0)];
    match n {
        1..=9 => d(n).to_string(),
        10..=19 => format!("十{}", if n.is_multiple_of(10) { "" } else { d(n) }),
        20..=99 => format!(
            "{}十{}",
            d(n / 10),
            if n.is_multiple_of(10) { "" } else { d(n) }
        ),
        100..=999 => {
            let rest = n % 100;
            let tail = match rest {
                0 => String::new(),
                1..=9 => format!("零{}", d(rest)),
                // 110 → 一百一十
                10..=19 => format!("一{}", cn_ordinal(rest)),
                _ => cn_ordinal(rest),
            };
            format!("{}百{}", d(n / 100), tail)
        }
        _ => n.to_string(),
    }
}

/// Rounds the decimal number written in `digits` (as Rust prints an `f64`: shortest round-trip
/// form, no exponent) half away from zero to `decimals` places. Working on the decimal digits
/// rather than on the binary value makes 0.125 → 0.13 and 60.5 → 61 exact.
fn round_decimal_string(text: &str, decimals: usize) -> String {
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (int_part, frac_part) = body.split_once('.').unwrap_or((body, ""));
    let mut digits: Vec<u8> = int_part
        .bytes()
        .chain(
            frac_part
                .bytes()
                .chain(std::iter::repeat(b'0'))
                .take(decimals),
        )
        .map(|b| b - b'0')
        .collect();
    let round_up = frac_part
        .as_bytes()
        .get(decimals)
        .is_some_and(|&b| b >= b'5');
    if round_up {
        let mut i = digits.len();
        loop {
            if i == 0 {
                digits.insert(0, 1);
                break;
            }
            i -= 1;
            if digits[i] == 9 {
                digits[i] = 0;
            } else {
                digits[i] += 1;
                break;
            }
        }
    }
    let int_len = digits.len() - decimals;
    let mut out = String::new();
    let all_zero = digits.iter().all(|&d| d == 0);
    if negative && !all_zero {
        out.push('-');
    }
    for (i, d) in digits.iter().enumerate() {
        if i == int_len {
            out.push('.');
        }
        out.push(char::from(b'0' + d));
    }
    if int_len == 0 {
        out.insert(usize::from(negative && !all_zero), '0');
    }
    out
}

/// `value` rounded half-up to `decimals` places, as text (no exponent, no `-0`).
pub fn fixed(value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return "—".to_string();
    }
    // `{}` on f64 prints the shortest representation that reads back to the same value,
    // without an exponent.
    round_decimal_string(&format!("{value}"), decimals)
}

/// `value` rounded half-up to at most `decimals` places, without trailing zeros: 20 / 2.5.
pub fn trimmed(value: f64, decimals: usize) -> String {
    let text = fixed(value, decimals);
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

/// A fraction as a percentage: `percent(0.6092, 0)` → `61%`, `percent(0.6092, 1)` → `60.9%`.
/// `None` (no rate: a zero plan) gives `—`.
pub fn percent(fraction: Option<f64>, decimals: usize) -> String {
    match fraction {
        Some(f) if f.is_finite() => format!("{}%", fixed(f * 100.0, decimals)),
        _ => "—".to_string(),
    }
}

/// A fraction as a whole number of percent, for running text: rounded half-up, but never onto
/// a boundary it has not reached. A fraction strictly between 0 and 1 gives 1…99 (99.6% of a
/// plan reads 99%, never 100%, while anything is left to do; 0.3% reads 1%, never 0%, once
/// anything is done); a fraction above 1 gives at least 101. `None` for a non-finite value.
pub fn whole_percent(fraction: f64) -> Option<i64> {
    if !fraction.is_finite() {
        return None;
    }
    let rounded: i64 = fixed(fraction * 100.0, 0).parse().ok()?;
    Some(if fraction > 0.0 && fraction < 1.0 {
        rounded.clamp(1, 99)
    } else if fraction > 1.0 {
        rounded.max(101)
    } else {
        rounded
    })
}

/// [`whole_percent`] as text: `61%`; `None` (no rate) gives `—`.
pub fn whole_percent_text(fraction: Option<f64>) -> String {
    fraction
        .and_then(whole_percent)
        .map_or("—".to_string(), |p| format!("{p}%"))
}

/// The gap between two fractions in whole percentage points as running text states it: the
/// difference of their [`whole_percent`]s, so that a reader who adds the rate and the points
/// stated in one sentence gets the other figure of that sentence.
pub fn whole_points_between(rate: f64, reference: f64) -> Option<i64> {
    Some(whole_percent(rate)? - whole_percent(reference)?)
}

/// A difference of fractions in percentage points with its sign: `+2.0`, `-38.1`, `0.0`.
pub fn points(fraction: Option<f64>, decimals: usize) -> String {
    match fraction {
        Some(f) if f.is_finite() => {
            let text = fixed(f * 100.0, decimals);
            if text.starts_with('-') || text.chars().all(|c| c == '0' || c == '.') {
                text
            } else {
                format!("+{text}")
            }
        }
        _ => "—".to_string(),
    }
}

/// A period as the text names it: `2019年11月`, `2019年第48周`, `2019年第四季度`.
pub fn cn_period(period: crate::model::Period) -> String {
    use crate::model::Period;
    match period {
        Period::Month { year, month } => format!("{year}年{month}月"),
        Period::Week { year, week } => format!("{year}年第{week}周"),
        Period::Quarter { year, quarter } => {
            let n = ["一", "二", "三", "四"];
            let q = usize::try_from(quarter).ok().and_then(|q| q.checked_sub(1));
            format!(
                "{year}年第{}季度",
                q.and_then(|q| n.get(q)).unwrap_or(&"四")
            )
        }
    }
}

/// `2019年12月2日`
pub fn cn_date(date: Date) -> String {
    format!("{}年{}月{}日", date.0.year(), date.0.month(), date.0.day())
}

/// Joins names with 、; with `last` (e.g. `和`, `及`) the last two are joined by it instead.
pub fn join_cn(items: &[String], last: Option<&str>) -> String {
    match (items, last) {
        ([], _) => String::new(),
        ([one], _) => one.clone(),
        ([init @ .., tail], Some(word)) => format!("{}{word}{tail}", init.join("、")),
        (all, None) => all.join("、"),
    }
}

/// The 期号 as printed and listed: `第5期`, or `第5期（修订2）` for a revision (2…) of an
/// issue already published (see `layout::revision` for how a revision is marked).
pub fn issue_label(issue: u64, revision: Option<u32>) -> String {
    match revision {
        Some(r) if r > 1 => format!("第{issue}期（修订{r}）"),
        _ => format!("第{issue}期"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals() {
        let got: Vec<String> = [
            1, 2, 9, 10, 11, 19, 20, 21, 99, 100, 101, 110, 115, 120, 999,
        ]
        .iter()
        .map(|&n| cn_ordinal(n))
        .collect();
        assert_eq!(
            got,
            [
                "一",
                "二",
                "九",
                "十",
                "十一",
                "十九",
                "二十",
                "二十一",
                "九十九",
                "一百",
                "一百零一",
                "一百一十",
                "一百一十五",
                "一百二十",
                "九百九十九"
            ]
        );
    }

    #[test]
    fn percentages_round_half_up() {
        assert_eq!(percent(Some(145.0 / 238.0), 0), "61%"); // 60.92%
        assert_eq!(percent(Some(145.0 / 238.0), 1), "60.9%");
        assert_eq!(percent(Some(0.605), 0), "61%");
        assert_eq!(percent(Some(0.125), 0), "13%"); // 12.5 → 13
        assert_eq!(percent(Some(1.0 / 800.0), 2), "0.13%"); // 0.125 → 0.13
        assert_eq!(percent(Some(0.0), 1), "0.0%");
        assert_eq!(percent(Some(1.0), 0), "100%");
        assert_eq!(percent(Some(0.9996), 1), "100.0%");
        assert_eq!(percent(None, 1), "—");
        assert_eq!(percent(Some(f64::NAN), 1), "—");
    }

    #[test]
    fn whole_percentages_never_reach_a_boundary_they_have_not_reached() {
        assert_eq!(whole_percent(145.0 / 238.0), Some(61));
        assert_eq!(whole_percent(0.605), Some(61));
        assert_eq!(whole_percent(0.996), Some(99)); // not 100%: something is left to do
        assert_eq!(whole_percent(0.9999), Some(99));
        assert_eq!(whole_percent(1.0), Some(100));
        assert_eq!(whole_percent(1.003), Some(101)); // above the plan reads above 100%
        assert_eq!(whole_percent(1.04), Some(104));
        assert_eq!(whole_percent(0.003), Some(1)); // not 0%: something is done
        assert_eq!(whole_percent(0.0), Some(0));
        assert_eq!(whole_percent(f64::NAN), None);
        assert_eq!(whole_percent_text(Some(5.0 / 12.0)), "42%");
        assert_eq!(whole_percent_text(None), "—");
    }

    #[test]
    fn points_between_are_the_difference_of_the_stated_percentages() {
        // 60.5% against 100%: 61% and 39 points, not 61% and 40 (39.5 rounded on its own).
        assert_eq!(whole_points_between(0.605, 1.0), Some(-39));
        assert_eq!(whole_points_between(145.0 / 238.0, 1.0), Some(-39));
        assert_eq!(whole_points_between(0.55, 0.32), Some(23));
        assert_eq!(whole_points_between(0.997, 0.996), Some(0));
    }

    #[test]
    fn trimmed_numbers() {
        assert_eq!(trimmed(20.0, 2), "20");
        assert_eq!(trimmed(2.5, 2), "2.5");
        assert_eq!(trimmed(0.125, 2), "0.13");
    }

    #[test]
    fn points_carry_a_sign() {
        assert_eq!(points(Some(0.61 - 0.99), 1), "-38.0");
        assert_eq!(points(Some(0.02), 1), "+2.0");
        assert_eq!(points(Some(0.0), 1), "0.0");
        assert_eq!(points(Some(-0.00001), 1), "0.0");
        assert_eq!(points(None, 1), "—");
    }

    #[test]
    fn dates_have_no_leading_zeros() {
        assert_eq!(cn_date("2019-12-02".parse().unwrap()), "2019年12月2日");
        assert_eq!(cn_date("2020-01-06".parse().unwrap()), "2020年1月6日");
    }

    #[test]
    fn joining() {
        let v = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(join_cn(&v(&["兰山区"]), Some("和")), "兰山区");
        assert_eq!(
            join_cn(&v(&["兰山区", "罗庄区", "河东区"]), None),
            "兰山区、罗庄区、河东区"
        );
        assert_eq!(
            join_cn(&v(&["兰山区", "罗庄区", "河东区"]), Some("和")),
            "兰山区、罗庄区和河东区"
        );
        assert_eq!(join_cn(&[], None), "");
    }
}
