//! What a sentence of a bulletin states in numbers, and whether the figures bear it out.
//! Every number is found however it is written — Arabic (`145`), full-width (`１４５`), Chinese
//! (`一百四十五`, `百分之六十一`) — with what follows it: `%` (a rate), `个百分点` (points), `个县区`
//! (a count of units), the indicator's measure (`处`, a count). A number is tied to what the
//! sentence says it is about: the unit named before it (or each unit in turn after 「分别为」,
//! else the whole campaign), and the nearest word naming a figure (新增, 计划, 完成, a part's
//! name, 序时进度, 滞后…). A tied number that differs from its figure is a [`Finding::Wrong`];
//! a number no figure can confirm is a [`Finding::Unconfirmed`]. Units named as 滞后, 无新增 or
//! 全部完成 must be in that class.

use crate::format;
use crate::progress::{Class, Figures, IndicatorFigures, Tally, UnitFigures};
use crate::yaml::scalar::chinese_numeral;

/// What the review knows beside the figures: the thresholds a sentence may quote and the
/// campaign's word for its units.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// `rules.ahead_points`.
    pub ahead_points: f64,
    /// `rules.behind_points`.
    pub behind_points: f64,
    /// What the campaign calls its units (`县区`, `县（市、区）`).
    pub unit_word: String,
}

impl Context {
    /// The context of `campaign`: its thresholds and its word for its units.
    pub fn of(campaign: &crate::model::Campaign) -> Context {
        Context {
            ahead_points: campaign.rules.ahead_points.value,
            behind_points: campaign.rules.behind_points.value,
            unit_word: campaign.vocabulary.unit().to_string(),
        }
    }
}

/// What one number in a sentence came to.
#[derive(Debug, Clone, PartialEq)]
pub enum Finding {
    /// The number is tied to a figure and differs from it: an error.
    Wrong {
        /// The number as written.
        written: String,
        /// What it is about, in Chinese: 「全市的完成数」「兰山区的本月新增数」.
        what: String,
        /// The figure, as the bulletin writes it.
        expected: String,
    },
    /// A unit named as being in a class it is not in: an error.
    NotInClass {
        /// The unit's name.
        unit: String,
        /// The class as the sentence says it: 「进展滞后」.
        class: &'static str,
    },
    /// A number no figure confirms: a warning.
    Unconfirmed {
        /// The number as written.
        written: String,
    },
}

/// How a number is stated.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Percent,
    Points,
    Units,
    Count,
    Bare,
}

#[derive(Debug)]
struct Mention {
    start: usize,
    written: String,
    value: f64,
    kind: Kind,
}

const CHINESE_NUMERAL: &str = "零〇一二两三四五六七八九十百千万亿";

/// Every number in `chars` (a sentence) that states a quantity: ordinals (第4期), dates
/// (12月31日), years and words built on numerals (一是, 进一步, 百日攻坚) are not.
fn mentions(chars: &[char], measures: &[String], unit_word: &str) -> Vec<Mention> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let arabic = c.is_ascii_digit() || ('０'..='９').contains(&c);
        let chinese = CHINESE_NUMERAL.contains(c);
        if !arabic && !chinese {
            i += 1;
            continue;
        }
        let start = i;
        let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
        if arabic {
            while i < chars.len() && digit(chars[i]) {
                i += 1;
            }
            if i + 1 < chars.len() && matches!(chars[i], '.' | '．') && digit(chars[i + 1]) {
                i += 1;
                while i < chars.len() && digit(chars[i]) {
                    i += 1;
                }
            }
        } else {
            while i < chars.len() && CHINESE_NUMERAL.contains(chars[i]) {
                i += 1;
            }
        }
        let written: String = chars[start..i].iter().collect();
        let before: String = chars[start.saturating_sub(3)..start].iter().collect();
        let after: String = chars[i..(i + 12).min(chars.len())].iter().collect();
        if before.ends_with('第') || after.starts_with(['年', '月', '日', '号', '期', '时'])
        {
            continue;
        }
        let percent_word = before.ends_with("百分之");
        let kind = if percent_word || after.starts_with(['%', '％']) {
            Kind::Percent
        } else if after.starts_with("个百分点") || after.starts_with("百分点") {
            Kind::Points
        } else if after.starts_with(&format!("个{unit_word}")) || after.starts_with(unit_word) {
            Kind::Units
        } else if measures.iter().any(|m| after.starts_with(m.as_str())) {
            Kind::Count
        } else {
            Kind::Bare
        };
        if chinese && kind == Kind::Bare {
            continue; // 一是, 进一步: a word, not a quantity.
        }
        let value = if arabic {
            let half: String = written
                .chars()
                .map(|c| match c {
                    '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
                    '．' => '.',
                    c => c,
                })
                .collect();
            half.parse::<f64>().ok()
        } else {
            chinese_numeral(&written).map(|n| n as f64)
        };
        if let Some(value) = value {
            out.push(Mention {
                start,
                written,
                value,
                kind,
            });
        }
    }
    out
}

/// The unit names in `chars`, each with where it starts (longest names first, no overlaps).
fn units_named<'f>(chars: &[char], units: &'f [UnitFigures]) -> Vec<(usize, &'f UnitFigures)> {
    let text: String = chars.iter().collect();
    let mut sorted: Vec<&UnitFigures> = units.iter().collect();
    sorted.sort_by_key(|u| std::cmp::Reverse(u.name.chars().count()));
    let mut taken = vec![false; chars.len()];
    let mut out = Vec::new();
    for u in sorted {
        for (byte, _) in text.match_indices(u.name.as_str()) {
            let start = text[..byte].chars().count();
            let len = u.name.chars().count();
            if taken[start..start + len].iter().any(|t| *t) {
                continue;
            }
            taken[start..start + len].iter_mut().for_each(|t| *t = true);
            out.push((start, u));
        }
    }
    out.sort_by_key(|(s, _)| *s);
    out
}

/// Whom a number at `at` is about: each unit in turn after 「分别为」, else the last unit named
/// before it in the sentence, else the whole campaign (`None`).
fn subject<'f>(
    chars: &[char],
    at: usize,
    named: &[(usize, &'f UnitFigures)],
    respectively: &[usize],
) -> Option<&'f UnitFigures> {
    let text: String = chars[..at].iter().collect();
    if let Some(byte) = text.rfind("分别为") {
        let from = text[..byte].chars().count();
        let after: Vec<usize> = respectively.iter().copied().filter(|&s| s > from).collect();
        let listed: Vec<&UnitFigures> = named
            .iter()
            .filter(|(s, _)| *s < from)
            .map(|(_, u)| *u)
            .collect();
        let nth = after.iter().filter(|&&s| s < at).count();
        let tail = listed.len().saturating_sub(after.len());
        if after.contains(&at)
            && let Some(u) = listed.get(tail + nth)
        {
            return Some(u);
        }
    }
    named.iter().rev().find(|(s, _)| *s < at).map(|(_, u)| *u)
}

/// The word naming a figure nearest before `at` (within the sentence).
fn keyword(chars: &[char], at: usize, words: &[&str]) -> Option<usize> {
    let text: String = chars[..at].iter().collect();
    words
        .iter()
        .enumerate()
        .filter_map(|(i, w)| text.rfind(w).map(|p| (p + w.len(), i)))
        .max()
        .map(|(_, i)| i)
}

fn percent_text(fraction: f64) -> [String; 2] {
    [0, 1].map(|d| normalise(&format::fixed(fraction * 100.0, d)))
}

/// `015` → `15`, `15.0` → `15`, `0.50` → `0.5`.
pub(crate) fn normalise(token: &str) -> String {
    let (int, frac) = token.split_once('.').unwrap_or((token, ""));
    let int = int.trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    let frac = frac.trim_end_matches('0');
    if frac.is_empty() {
        int.to_string()
    } else {
        format!("{int}.{frac}")
    }
}

fn number_text(value: f64) -> String {
    normalise(&format!("{value}"))
}

/// The tally a number is about and how the sentence names its owner.
fn tally_of<'f>(ind: &'f IndicatorFigures, unit: Option<&'f UnitFigures>) -> (&'f Tally, String) {
    match unit {
        Some(u) => (&u.tally, u.name.clone()),
        None => (&ind.total, "全部".to_string()),
    }
}

/// Checks the numbers and named classes of one sentence (`sentence`, changed or added) against
/// `figures`.
pub fn check(sentence: &str, figures: &Figures, rules: &Context) -> Vec<Finding> {
    let chars: Vec<char> = sentence.chars().collect();
    let Some(first) = figures.indicators.first() else {
        return Vec::new();
    };
    let measures: Vec<String> = figures
        .indicators
        .iter()
        .map(|i| i.measure.clone())
        .filter(|m| !m.is_empty())
        .collect();
    let unit_word = if rules.unit_word.is_empty() {
        "县区"
    } else {
        rules.unit_word.as_str()
    };
    let named = units_named(&chars, &first.units);
    let found = mentions(&chars, &measures, unit_word);
    let respectively: Vec<usize> = found
        .iter()
        .filter(|m| m.kind == Kind::Percent)
        .map(|m| m.start)
        .collect();
    let mut out = Vec::new();
    for m in &found {
        let unit = subject(&chars, m.start, &named, &respectively);
        if let Some(f) = number(&chars, m, unit, figures, rules) {
            out.push(f);
        }
    }
    out.extend(classes(&chars, &named));
    out
}

fn number(
    chars: &[char],
    m: &Mention,
    unit: Option<&UnitFigures>,
    figures: &Figures,
    rules: &Context,
) -> Option<Finding> {
    let value = number_text(m.value);
    let wrong = |what: String, expected: String| Finding::Wrong {
        written: m.written.clone(),
        what,
        expected,
    };
    fn per_indicator<'f>(
        ind: &'f IndicatorFigures,
        unit: Option<&UnitFigures>,
    ) -> (&'f Tally, String) {
        let unit = unit.and_then(|u| ind.units.iter().find(|x| x.id == u.id));
        tally_of(ind, unit)
    }
    match m.kind {
        Kind::Percent => {
            if keyword(chars, m.start, &["序时进度"]).is_some()
                && chars[..m.start]
                    .iter()
                    .rev()
                    .take(4)
                    .collect::<String>()
                    .contains("度")
            {
                let expected = percent_text(figures.time_progress);
                return (!expected.contains(&value))
                    .then(|| wrong("序时进度".to_string(), format!("{}%", expected[0])));
            }
            let rates: Vec<(String, Option<f64>, Option<f64>)> = figures
                .indicators
                .iter()
                .map(|ind| {
                    let (t, who) = per_indicator(ind, unit);
                    let previous = unit
                        .and_then(|u| ind.units.iter().find(|x| x.id == u.id))
                        .and_then(|u| u.previous_rate);
                    (who, t.rate, previous)
                })
                .collect();
            let ok = rates
                .iter()
                .any(|(_, r, p)| r.iter().chain(p).any(|f| percent_text(*f).contains(&value)));
            match rates.first() {
                _ if ok => None,
                Some((who, Some(rate), _)) => Some(wrong(
                    format!("{}的完成率", who_text(who)),
                    format!("{}%", percent_text(*rate)[0]),
                )),
                _ => Some(Finding::Unconfirmed {
                    written: m.written.clone(),
                }),
            }
        }
        Kind::Points => {
            let mut known: Vec<f64> = vec![rules.ahead_points / 100.0, rules.behind_points / 100.0];
            for ind in &figures.indicators {
                let (t, _) = per_indicator(ind, unit);
                known.extend(t.gap.map(f64::abs));
                if let Some(u) = unit.and_then(|u| ind.units.iter().find(|x| x.id == u.id)) {
                    known.extend(u.rate_change.map(f64::abs));
                }
            }
            let ok = known.iter().any(|f| percent_text(*f).contains(&value));
            let (t, who) = per_indicator(first_of(figures), unit);
            match t.gap {
                _ if ok => None,
                Some(gap) => Some(wrong(
                    format!("{}的完成率与序时进度之差", who_text(&who)),
                    format!("{}个百分点", percent_text(gap.abs())[0]),
                )),
                None => Some(Finding::Unconfirmed {
                    written: m.written.clone(),
                }),
            }
        }
        Kind::Units => units_count(chars, m, &value, figures),
        Kind::Count => count(chars, m, &value, unit, figures),
        Kind::Bare => Some(Finding::Unconfirmed {
            written: m.written.clone(),
        }),
    }
}

fn first_of(figures: &Figures) -> &IndicatorFigures {
    &figures.indicators[0]
}

fn who_text(who: &str) -> String {
    if who == "全部" {
        "合计".to_string()
    } else {
        who.to_string()
    }
}

/// `13个县区进展滞后`: a count of units, tied to the class the clause names.
fn units_count(chars: &[char], m: &Mention, value: &str, figures: &Figures) -> Option<Finding> {
    let end = chars[m.start..]
        .iter()
        .position(|c| matches!(c, '，' | '。' | '；'))
        .map_or(chars.len(), |p| m.start + p);
    let clause: String = chars[m.start..end].iter().collect();
    let c = &first_of(figures).counts;
    let by_word: [(&str, usize, &str); 6] = [
        ("滞后", c.behind, "进展滞后的单位数"),
        ("全部完成", c.complete, "已全部完成的单位数"),
        (
            "达到或超过序时进度",
            c.at_or_above_schedule,
            "达到或超过序时进度的单位数",
        ),
        ("低于序时进度", c.below_schedule, "低于序时进度的单位数"),
        ("较快", c.ahead, "进展较快的单位数"),
        ("无新增", c.no_progress, "本月无新增的单位数"),
    ];
    match by_word.iter().find(|(w, _, _)| clause.contains(w)) {
        Some((_, n, what)) => (n.to_string() != value).then(|| Finding::Wrong {
            written: m.written.clone(),
            what: what.to_string(),
            expected: n.to_string(),
        }),
        None => {
            let any = [
                c.ranked,
                c.complete,
                c.behind,
                c.ahead,
                c.on_schedule,
                c.no_progress,
                c.below_schedule,
                c.at_or_above_schedule,
                first_of(figures).units.len(),
            ];
            (!any.iter().any(|n| n.to_string() == value)).then(|| Finding::Unconfirmed {
                written: m.written.clone(),
            })
        }
    }
}

/// `兰山区本月新增7处`: a count tied to its unit (or the total) and the word naming the figure.
fn count(
    chars: &[char],
    m: &Mention,
    value: &str,
    unit: Option<&UnitFigures>,
    figures: &Figures,
) -> Option<Finding> {
    let after: String = chars[m.start + m.written.chars().count()..]
        .iter()
        .collect();
    let ind = figures
        .indicators
        .iter()
        .find(|i| !i.measure.is_empty() && after.starts_with(i.measure.as_str()))
        .unwrap_or(first_of(figures));
    let unit = unit.and_then(|u| ind.units.iter().find(|x| x.id == u.id));
    let (t, who) = tally_of(ind, unit);
    let mut words: Vec<&str> = vec!["新增", "计划", "任务", "完成"];
    let part_names: Vec<&str> = ind.parts.iter().map(|p| p.name.as_str()).collect();
    words.extend(&part_names);
    let expected: Option<(String, String)> = match keyword(chars, m.start, &words) {
        Some(0) => t.new.map(|n| (n.to_string(), "本月新增数".to_string())),
        Some(1 | 2) => Some((t.plan.to_string(), "计划数".to_string())),
        Some(3) => Some((t.done.to_string(), "完成数".to_string())),
        Some(i) => ind.parts.get(i - 4).map(|p| {
            (
                t.parts.get(&p.id).copied().unwrap_or(0).to_string(),
                format!("{}数", p.name),
            )
        }),
        None => None,
    };
    match expected {
        Some((n, what)) => (n != value).then(|| Finding::Wrong {
            written: m.written.clone(),
            what: format!("{}的{what}", who_text(&who)),
            expected: format!("{n}{}", ind.measure),
        }),
        None => {
            let new = t.new.map(i64::unsigned_abs);
            let any = [t.plan, t.done, t.plan.saturating_sub(t.done)];
            (!any
                .iter()
                .chain(new.as_ref())
                .chain(t.parts.values())
                .any(|n| n.to_string() == value))
            .then(|| Finding::Unconfirmed {
                written: m.written.clone(),
            })
        }
    }
}

/// Whether a unit is in a class.
type InClass = fn(&UnitFigures) -> bool;

/// Units named in a clause that says 滞后, 无新增 or 全部完成 (or in the clauses after it, up
/// to one that names another class) must be in that class.
fn classes(chars: &[char], named: &[(usize, &UnitFigures)]) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut clause_start = 0;
    let mut current: Option<(&'static str, InClass)> = None;
    let words: [(&str, &'static str, InClass); 3] = [
        ("滞后", "进展滞后", |u| u.class == Some(Class::Behind)),
        ("无新增", "本月无新增", |u| u.no_progress),
        ("全部完成", "已全部完成", |u| u.complete),
    ];
    for end in (0..=chars.len())
        .filter(|&i| i == chars.len() || matches!(chars[i], '，' | '；' | '。' | '：'))
    {
        let clause: String = chars[clause_start..end].iter().collect();
        if let Some((_, class, test)) = words.iter().find(|(w, _, _)| clause.contains(w)) {
            current = Some((class, *test));
        } else if clause.contains("较快") || clause.contains("按序时") {
            current = None;
        }
        if let Some((class, test)) = current {
            for (_, u) in named
                .iter()
                .filter(|(s, _)| (clause_start..end).contains(s))
            {
                if !test(u) {
                    out.push(Finding::NotInClass {
                        unit: u.name.clone(),
                        class,
                    });
                }
            }
        }
        clause_start = end + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(sentence: &str) -> Vec<(String, f64, Kind)> {
        let chars: Vec<char> = sentence.chars().collect();
        mentions(&chars, &["处".to_string()], "县区")
            .into_iter()
            .map(|m| (m.written, m.value, m.kind))
            .collect()
    }

    #[test]
    fn numbers_are_read_however_written_and_dates_ordinals_and_words_are_not() {
        assert_eq!(
            found(
                "截至12月31日，第4期，一是全市完成一百五十四处，占百分之六十一，新增２９处，13个县区滞后，差39个百分点，达60.9%，召开3次。"
            ),
            [
                ("一百五十四".to_string(), 154.0, Kind::Count),
                ("六十一".to_string(), 61.0, Kind::Percent),
                ("２９".to_string(), 29.0, Kind::Count),
                ("13".to_string(), 13.0, Kind::Units),
                ("39".to_string(), 39.0, Kind::Points),
                ("60.9".to_string(), 60.9, Kind::Percent),
                ("3".to_string(), 3.0, Kind::Bare),
            ]
        );
        assert!(found("进一步做好百日攻坚").is_empty());
    }
}
