//! Tera filters for Chinese bulletin text. Each is a thin wrapper over [`crate::format`], so
//! the formatting rules are tested once, there.

use tera::{Error, Kwargs, State, Tera, TeraResult, Value};

use crate::format;
use crate::model::Date;

/// Registers every filter below on `tera`.
pub(super) fn register(tera: &mut Tera) {
    tera.register_filter("cn_ordinal", cn_ordinal);
    tera.register_filter("number", number_filter);
    tera.register_filter("percent", percent);
    tera.register_filter("points", points);
    tera.register_filter("cn_date", cn_date);
    tera.register_filter("cn_month_day", cn_month_day);
    tera.register_filter("join_cn", join_cn);
    tera.register_filter("pluck", pluck);
    tera.register_filter("percents", percents);
    tera.register_filter("whole_percent", whole_percent);
    tera.register_filter("whole_percents", whole_percents);
    tera.register_filter("whole_points", whole_points);
    tera.register_filter("yaml", yaml);
    tera.register_filter("clause", clause);
}

/// The Markdown escape used for every `{{ … }}` in a `.md` template: characters that could
/// start Markdown markup inside a line are backslash-escaped, so a name from the input is
/// always shown as written. Text that is Markdown on purpose (the notes) is marked `| safe`.
pub fn escape_markdown(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut buf = String::with_capacity(input.len() + 8);
    for ch in input.chars() {
        match ch {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' | '&' | '!' => {
                buf.push('\\');
                buf.push(ch);
            }
            '\n' | '\r' => buf.push(' '),
            _ => buf.push(ch),
        }
    }
    out.write_all(buf.as_bytes())
}

fn decimals(kwargs: &Kwargs, default: usize) -> TeraResult<usize> {
    let d = kwargs.get::<u64>("decimals")?.unwrap_or(default as u64);
    if d > 6 {
        return Err(Error::message(format!(
            "decimals={d} 过大（最多 6 位小数）"
        )));
    }
    Ok(usize::try_from(d).unwrap_or(0))
}

fn number(value: &Value, filter: &str) -> TeraResult<Option<f64>> {
    if value.is_none() {
        return Ok(None);
    }
    value
        .as_number()
        .map(|n| Some(n.as_float()))
        .ok_or_else(|| Error::message(format!("{filter} 的输入应为数字，得到的是 {value}")))
}

/// `{{ 3 | cn_ordinal }}` → 三
fn cn_ordinal(n: u64, _: Kwargs, _: &State) -> String {
    format::cn_ordinal(n)
}

/// `{{ 20.0 | number }}` → 20; `{{ 2.5 | number }}` → 2.5 (at most `decimals`, default 2)
fn number_filter(value: &Value, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    let d = decimals(&kwargs, 2)?;
    Ok(number(value, "number")?.map_or("—".to_string(), |n| format::trimmed(n, d)))
}

/// `{{ rate | percent }}` → 61%; `{{ rate | percent(decimals=1) }}` → 60.9%; none → —
fn percent(value: &Value, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    Ok(format::percent(
        number(value, "percent")?,
        decimals(&kwargs, 0)?,
    ))
}

/// `{{ gap | points }}` → +2.0 / -38.1 (percentage points, one decimal by default)
fn points(value: &Value, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    Ok(format::points(
        number(value, "points")?,
        decimals(&kwargs, 1)?,
    ))
}

fn date(text: &str) -> TeraResult<Date> {
    text.parse::<Date>().map_err(Error::message)
}

/// `{{ "2019-12-02" | cn_date }}` → 2019年12月2日
fn cn_date(text: &str, _: Kwargs, _: &State) -> TeraResult<String> {
    Ok(format::cn_date(date(text)?))
}

/// `{{ "2019-12-31" | cn_month_day }}` → 12月31日
fn cn_month_day(text: &str, _: Kwargs, _: &State) -> TeraResult<String> {
    let full = format::cn_date(date(text)?);
    Ok(full
        .split_once('年')
        .map(|(_, rest)| rest.to_string())
        .unwrap_or(full))
}

fn text_of(value: &Value) -> String {
    value
        .as_str()
        .map(str::to_string)
        .unwrap_or_else(|| value.to_string())
}

/// `{{ names | join_cn }}` → 兰山区、罗庄区、河东区; `join_cn(last="和")` → 兰山区、罗庄区和河东区
fn join_cn(items: &[Value], kwargs: Kwargs, _: &State) -> TeraResult<String> {
    let last = kwargs.get::<&str>("last")?;
    let texts: Vec<String> = items.iter().map(text_of).collect();
    Ok(format::join_cn(&texts, last))
}

/// `{{ units | pluck(attr="name") }}` → the list of each item's `name`.
fn pluck(items: &[Value], kwargs: Kwargs, _: &State) -> TeraResult<Vec<Value>> {
    let attr = kwargs.must_get::<&str>("attr")?;
    items
        .iter()
        .map(|item| {
            item.get_from_path(attr)
                .cloned()
                .ok_or_else(|| Error::message(format!("pluck：列表中的项没有属性 {attr}")))
        })
        .collect()
}

/// `{{ rates | percents }}` → each number as a percentage (`decimals` as in `percent`).
fn percents(items: &[Value], kwargs: Kwargs, _: &State) -> TeraResult<Vec<String>> {
    let d = decimals(&kwargs, 0)?;
    items
        .iter()
        .map(|v| Ok(format::percent(number(v, "percents")?, d)))
        .collect()
}

/// `{{ rate | whole_percent }}` → 61% for running text: never 100% while anything is left to
/// do, never 0% once anything is done (see [`format::whole_percent`]); none → —
fn whole_percent(value: &Value, _: Kwargs, _: &State) -> TeraResult<String> {
    Ok(format::whole_percent_text(number(value, "whole_percent")?))
}

/// `{{ rates | whole_percents }}` → each as [`whole_percent`].
fn whole_percents(items: &[Value], _: Kwargs, _: &State) -> TeraResult<Vec<String>> {
    items
        .iter()
        .map(|v| Ok(format::whole_percent_text(number(v, "whole_percents")?)))
        .collect()
}

/// `{{ rate | whole_points(schedule=tp) }}` → the signed whole points between the two as the
/// same sentence states them (`whole_percent` of each, subtracted): −39 for 61% against 100%.
/// None when either is none.
fn whole_points(value: &Value, kwargs: Kwargs, _: &State) -> TeraResult<Value> {
    let reference = kwargs.must_get::<f64>("schedule")?;
    Ok(number(value, "whole_points")?
        .and_then(|rate| format::whole_points_between(rate, reference))
        .map_or(Value::none(), Value::from))
}

/// `{{ value | yaml }}` → a YAML flow value (JSON syntax), for the front matter; never escaped.
fn yaml(value: &Value, _: Kwargs, _: &State) -> TeraResult<Value> {
    let json =
        serde_json::to_string(value).map_err(|e| Error::message(format!("yaml：无法转换 {e}")))?;
    Ok(Value::safe_string(&json))
}

/// `{{ text | clause }}` → the text without its closing punctuation, ready for 一是…；二是…。
fn clause(text: &str, _: Kwargs, _: &State) -> String {
    text.trim()
        .trim_end_matches(['。', '；', ';', '，', ',', '.', '、'])
        .to_string()
}
