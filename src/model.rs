//! The inputs as the office writes them: `campaign.yaml` and `snapshots/<YYYY-MM>.yaml`.
//!
//! These are plain serde types with nothing computed. Values that later checks may reject
//! carry their source position ([`Spanned`]) so that a semantic error (an unknown unit id,
//! a negative count) can point at the line where the value is written. Counts are read as
//! signed integers on purpose: a negative count is reported by validation together with
//! every other problem, instead of stopping the parse at the first one.
//!
//! The field names here are the YAML keys documented in `docs/input-format.md`.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
pub use serde_saphyr::Spanned;

use crate::keyed::Keyed;

pub mod notices;

/// `campaign.yaml`: what stays the same from month to month.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Campaign {
    /// Full name, e.g. `城镇居住区配套幼儿园专项整治`.
    pub name: String,
    /// The area the bulletin speaks for, as used in `全市共…`: e.g. `全市`.
    #[serde(default = "default_scope")]
    pub scope: String,
    /// The issuing office.
    pub office: Office,
    /// The red header.
    pub header: Header,
    /// The addressee line (主送) without the closing colon.
    pub addressee: String,
    /// When the campaign runs (for 序时进度).
    pub schedule: Schedule,
    /// Units in display order.
    pub units: Vec<Unit>,
    /// What is counted, in display order.
    pub indicators: Vec<Indicator>,
    /// Thresholds of the classes (进展较快, 滞后…).
    pub rules: Rules,
    /// The campaign's own words for the running text (unit noun, task…); see [`Vocabulary`].
    #[serde(default)]
    pub vocabulary: Vocabulary,
    /// The 版记's 报 / 发 / 抄送 lists.
    pub distribution: Distribution,
    /// Optional folder (relative to the campaign folder) with templates that replace the
    /// built-in ones of the same name.
    #[serde(default)]
    pub templates: Option<Spanned<String>>,
    /// Optional contact line printed as 附注 under the date, e.g. `联系人：张三，电话：…`.
    #[serde(default)]
    pub contact: Option<String>,
    /// How published issues are numbered.
    #[serde(default)]
    pub numbering: Numbering,
    /// Font files for the PDF by style (`仿宋`/`fangsong`, `黑体`/`heiti`, `楷体`/`kaiti`,
    /// `小标宋`/`xiaobiaosong`, `宋体`/`songti`), relative to the campaign folder or absolute.
    #[serde(default)]
    pub fonts: Keyed<Spanned<String>>,
    /// Who gets a 督办单 or 约谈通知书 and how they read (default: no notices).
    #[serde(default)]
    pub notices: notices::NoticeSettings,
}

/// The words a bulletin's running text takes from the campaign, so that the built-in templates
/// hold no word of any particular field. Every field is optional, with a default that
/// reproduces the first sample's wording.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vocabulary {
    /// What the units are called together: `县区` (default), `县（市、区）`, `乡镇（街道）`…; used in
    /// 各县区, 5个县区进展滞后 and the table's column heading.
    #[serde(default)]
    pub unit: Option<Spanned<String>>,
    /// The campaign's whole task in 确保按期完成…: by default the task of the only indicator
    /// analysed in the text, else `各项目标任务`.
    #[serde(default)]
    pub task: Option<Spanned<String>>,
}

impl Vocabulary {
    /// The unit noun: as written, else `县区`.
    pub fn unit(&self) -> &str {
        self.unit.as_ref().map_or("县区", |u| u.value.as_str())
    }
}

/// Issue numbering of published bulletins (第N期).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Numbering {
    /// Start again from 第1期 each calendar year (of the issue date).
    #[serde(default)]
    pub restart_yearly: bool,
    /// The number of the first issue published to a new archive (an office that starts using
    /// the tool mid-series writes the number its next issue will have). Default: the first
    /// snapshot's `issue_number`, else 1.
    #[serde(default)]
    pub start: Option<Spanned<i64>>,
}

fn default_plan_label() -> String {
    "计划".to_string()
}

fn default_scope() -> String {
    "全市".to_string()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
/// The issuing office (`office:`).
pub struct Office {
    /// e.g. `临沂市城镇居住区配套幼儿园专项整治工作领导小组办公室`
    pub name: String,
    /// e.g. `市整治办`
    pub short_name: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
/// The red header (`header:`).
pub struct Header {
    /// The red header name, e.g. `城镇居住区配套幼儿园专项整治工作通报`.
    pub name: String,
    /// `简报` (default) or `文件`.
    #[serde(default)]
    pub style: Option<Spanned<String>>,
    /// Prefix of the document number for the 文件式 header, e.g. `临整办`.
    #[serde(default)]
    pub number_prefix: Option<String>,
    /// e.g. `内部资料 注意保存`.
    #[serde(default)]
    pub secrecy: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
/// The campaign's period (`schedule:`).
pub struct Schedule {
    /// First day of the campaign.
    pub start: Spanned<Date>,
    /// Last day of the campaign (inclusive).
    pub end: Spanned<Date>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
/// A unit reporting progress (a county, a department).
pub struct Unit {
    /// The id snapshots use for it, e.g. `lanshan`.
    pub id: Spanned<String>,
    /// Display name, e.g. `兰山区`.
    pub name: String,
    /// `区`, `县`, `开发区`…
    pub kind: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
/// Something counted per unit, e.g. kindergartens put right.
pub struct Indicator {
    /// The id snapshots use for it.
    pub id: Spanned<String>,
    /// What is counted, e.g. `居住区配套幼儿园`.
    pub name: String,
    /// The verb phrase before the name, e.g. `整治完成` (全市共整治完成居住区配套幼儿园145处).
    pub action: String,
    /// Measure word, e.g. `处`.
    pub measure: String,
    /// What the plan is called in `占…的61%`, e.g. `整治计划`.
    #[serde(default = "default_plan_label")]
    pub plan_label: String,
    /// The indicator the bulletin leads with; exactly one indicator has it (or there is only one).
    #[serde(default)]
    pub headline: bool,
    /// The indicator's task in 已全部完成… / 超额完成… / 无…, e.g. `整治任务`; default `目标任务`
    /// (see [`Indicator::task`]).
    #[serde(default)]
    pub task: Option<Spanned<String>>,
    /// The ranking table's title (附件); default `<campaign name>进展情况排名表`, with
    /// `（<indicator name>）` before 进展 when the campaign has more than one indicator.
    #[serde(default)]
    pub table_title: Option<Spanned<String>>,
    /// Whether 一、 and 二、 analyse this indicator (default true); `false` keeps only its table.
    #[serde(default)]
    pub in_text: Option<Spanned<bool>>,
    /// Optional breakdown of what is done, e.g. 办成公办园 / 委托办成普惠性民办园.
    #[serde(default)]
    pub parts: Vec<Part>,
    /// Whether the parts add up to `done` for every unit (every completed item is one of the
    /// parts): then a shortfall is an error, otherwise a warning.
    #[serde(default)]
    pub parts_exhaustive: Option<Spanned<bool>>,
    /// Plan target per unit id.
    pub plan: Keyed<Spanned<i64>>,
}

impl Indicator {
    /// The task noun: as written, else `目标任务`.
    pub fn task(&self) -> &str {
        self.task.as_ref().map_or("目标任务", |t| t.value.as_str())
    }

    /// Whether the text analyses this indicator (default true).
    pub fn in_text(&self) -> bool {
        self.in_text.as_ref().is_none_or(|b| b.value)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
/// A part of an indicator's total (e.g. 办成公办园).
pub struct Part {
    /// The id snapshots use for it.
    pub id: Spanned<String>,
    /// e.g. `办成公办园`
    pub name: String,
}

/// How units are classed against 序时进度 and how many are named.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// Percentage points at or above 序时进度 that count as 进展较快.
    pub ahead_points: Spanned<f64>,
    /// Percentage points at or below 序时进度 that count as 进展滞后.
    pub behind_points: Spanned<f64>,
    /// How many of the fastest units the bulletin names (0 = all that qualify).
    pub name_top: Spanned<i64>,
    /// How many of the slowest units the bulletin names (0 = all that qualify).
    pub name_bottom: Spanned<i64>,
}

/// The colophon's distribution lists.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Distribution {
    /// 报
    #[serde(default)]
    pub report_to: Vec<String>,
    /// 发
    #[serde(default)]
    pub send_to: Vec<String>,
    /// 抄送
    #[serde(default)]
    pub copy_to: Vec<String>,
}

/// `snapshots/<YYYY-MM>.yaml`: one month's figures and words.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Snapshot {
    /// Must agree with the file name.
    pub period: Spanned<Period>,
    /// 截至 date, within the period.
    pub as_of: Spanned<Date>,
    /// 成文/印发 date. Written empty by `tongbao new-month`; validation refuses it empty.
    pub issue_date: Spanned<Option<Date>>,
    /// The issue number (第N期) for a draft; publishing assigns its own.
    #[serde(default)]
    pub issue_number: Option<Spanned<i64>>,
    /// Cumulative figures: indicator id → unit id → entry.
    pub progress: Keyed<Keyed<Entry>>,
    #[serde(default)]
    /// The office's words for this month (summary, problems, demands).
    pub notes: Notes,
    /// Named lists, e.g. developers praised (通报表扬) or units interviewed (约谈).
    #[serde(default)]
    pub lists: Vec<NamedList>,
    /// The units the office names for notices itself, and the 约谈's time and place.
    #[serde(default)]
    pub notices: notices::PeriodNotices,
}

impl Snapshot {
    /// The 印发 date. A checked snapshot always has one (validation refuses an empty
    /// `issue_date`); an unchecked one falls back to `as_of`.
    pub fn issue_date(&self) -> Date {
        self.issue_date.value.unwrap_or(self.as_of.value)
    }

    /// The issue number the clerk wrote, if any (validation refuses one below 1).
    pub fn declared_number(&self) -> Option<u64> {
        self.issue_number
            .as_ref()
            .and_then(|n| u64::try_from(n.value).ok())
            .filter(|&n| n > 0)
    }
}

/// One unit's cumulative figures for one indicator.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// Done so far (cumulative).
    pub done: Spanned<i64>,
    /// Part id → cumulative count.
    #[serde(default)]
    pub parts: Keyed<Spanned<i64>>,
}

/// The month's words, as CommonMark inline text.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Notes {
    /// How the campaign was pushed this month (工作动态): one or two sentences.
    #[serde(default)]
    pub summary: Option<String>,
    /// 存在问题, one clause each (rendered as 一是…；二是…。).
    #[serde(default)]
    pub problems: Vec<String>,
    /// 下步工作要求, one demand each (rendered as （一）…).
    #[serde(default)]
    pub demands: Vec<String>,
    /// A leader's instruction (领导批示) as the office words it, e.g.
    /// `市委主要负责同志批示：“……”`; its own paragraph after the opening one.
    #[serde(default)]
    pub instruction: Option<String>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
/// A named list the office adds to a snapshot (e.g. units interviewed).
pub struct NamedList {
    /// The sentence that introduces the names, e.g. `对按期移交的以下开发企业通报表扬`.
    pub title: String,
    /// The list's entries.
    pub items: Vec<String>,
}

/// A calendar day written `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub NaiveDate);

impl FromStr for Date {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let t = s.trim();
        let ok = t.len() == 10 && t.as_bytes()[4] == b'-' && t.as_bytes()[7] == b'-';
        match NaiveDate::parse_from_str(t, "%Y-%m-%d") {
            Ok(d) if ok => Ok(Date(d)),
            _ => Err(format!(
                "应为日期，格式 YYYY-MM-DD（例如 2019-12-31），写的是“{s}”"
            )),
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

/// A month written `YYYY-MM`: the period a snapshot covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    /// The year.
    pub year: i32,
    /// The month, 1 to 12.
    pub month: u32,
}

impl Period {
    /// Whether `date` falls in this month.
    pub fn contains(&self, date: Date) -> bool {
        date.0.year() == self.year && date.0.month() == self.month
    }

    /// The month after this one.
    pub fn next(self) -> Period {
        if self.month >= 12 {
            Period {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Period {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    /// The last day of this month (`None` only for a year chrono cannot represent).
    pub fn last_day(self) -> Option<Date> {
        let next = self.next();
        NaiveDate::from_ymd_opt(next.year, next.month, 1)
            .and_then(|d| d.pred_opt())
            .map(Date)
    }
}

impl FromStr for Period {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let t = s.trim();
        let parsed = match t.split_once('-') {
            Some((y, m)) if y.len() == 4 && m.len() == 2 => {
                match (y.parse::<i32>(), m.parse::<u32>()) {
                    (Ok(year), Ok(month)) if (1..=12).contains(&month) && year >= 1 => {
                        Some(Period { year, month })
                    }
                    _ => None,
                }
            }
            _ => None,
        };
        parsed.ok_or_else(|| format!("应为月份，格式 YYYY-MM（例如 2019-12），写的是“{s}”"))
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

macro_rules! serde_via_str {
    ($t:ty) => {
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }
    };
}
serde_via_str!(Date);
serde_via_str!(Period);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_periods_parse_strictly() {
        assert!("2019-12-31".parse::<Date>().is_ok());
        assert!("2019-2-3".parse::<Date>().is_err());
        assert!("2019-02-30".parse::<Date>().is_err());
        assert_eq!("2019-12".parse::<Period>().unwrap().to_string(), "2019-12");
        assert!("2019-13".parse::<Period>().is_err());
        assert!("2019/12".parse::<Period>().is_err());
    }

    #[test]
    fn next_month_and_its_last_day() {
        let p: Period = "2019-12".parse().unwrap();
        assert_eq!(p.next().to_string(), "2020-01");
        assert_eq!(p.last_day().unwrap().to_string(), "2019-12-31");
        let feb: Period = "2020-02".parse().unwrap();
        assert_eq!(feb.last_day().unwrap().to_string(), "2020-02-29");
        assert_eq!(feb.next().to_string(), "2020-03");
    }

    #[test]
    fn period_contains_its_days_only() {
        let p: Period = "2019-12".parse().unwrap();
        assert!(p.contains("2019-12-01".parse().unwrap()));
        assert!(p.contains("2019-12-31".parse().unwrap()));
        assert!(!p.contains("2020-01-01".parse().unwrap()));
    }
}
