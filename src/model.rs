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
    /// Where the figures stood before the first snapshot (default: unknown, so the first
    /// period has no 本月新增).
    #[serde(default)]
    pub baseline: Option<Baseline>,
}

/// The figures before the first snapshot, against which the first period's 本月新增 is
/// counted: every unit at zero (the campaign began with its first period), or the cumulative
/// figures the office had before it (a unit not listed is at zero).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// Every unit started at zero.
    #[serde(default)]
    pub zero: Option<Spanned<bool>>,
    /// Cumulative figures before the first snapshot: indicator id → unit id → entry.
    #[serde(default)]
    pub progress: Keyed<Keyed<Entry>>,
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
    pub name: Spanned<String>,
    /// e.g. `市整治办`
    pub short_name: String,
}

/// Which header (版头) a document carries: `header.style` in `campaign.yaml`, `style:` in a
/// draft's front matter. Read from its Chinese name, so nothing after loading holds it as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(try_from = "String")]
pub enum HeaderStyle {
    /// `简报`: red name, 第N期, office and date, red rule (customary for 工作通报).
    #[default]
    #[serde(rename = "简报")]
    Brief,
    /// `文件`: the 文件式 header of GB/T 9704 (red `…文件`, 发文字号, red rule).
    #[serde(rename = "文件")]
    File,
}

impl HeaderStyle {
    /// The name as written in YAML.
    pub fn name(self) -> &'static str {
        match self {
            HeaderStyle::Brief => "简报",
            HeaderStyle::File => "文件",
        }
    }
}

impl TryFrom<String> for HeaderStyle {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        match s.trim() {
            "简报" => Ok(HeaderStyle::Brief),
            "文件" => Ok(HeaderStyle::File),
            other => Err(format!(
                "应为 “简报” 或 “文件”（版头样式），写的是 “{other}”"
            )),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
/// The red header (`header:`).
pub struct Header {
    /// The red header name, e.g. `城镇居住区配套幼儿园专项整治工作通报`.
    pub name: Spanned<String>,
    /// `简报` (default) or `文件`.
    #[serde(default)]
    pub style: Option<Spanned<HeaderStyle>>,
    /// Prefix of the document number for the 文件式 header, e.g. `临整办`.
    #[serde(default)]
    pub number_prefix: Option<Spanned<String>>,
    /// e.g. `内部资料 注意保存`.
    #[serde(default)]
    pub secrecy: Option<Spanned<String>>,
    /// The weekly 调度 sheet's header name, e.g. `城镇居住区配套幼儿园专项整治工作调度`;
    /// default: the campaign's name and `工作调度`.
    #[serde(default)]
    pub weekly: Option<Spanned<String>>,
    /// The quarterly 督导 summary's header name; default: the campaign's name and `督导通报`.
    #[serde(default)]
    pub quarterly: Option<Spanned<String>>,
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
    /// Grades by the gap to 序时进度, best first (e.g. 绿灯, 黄灯, 红灯); none by default.
    #[serde(default)]
    pub grades: Vec<Grade>,
    /// What a grade held over consecutive periods leads to, mildest first; none by default.
    #[serde(default)]
    pub escalation: Vec<Escalation>,
    /// 整改时限 of the quarterly 督导 summary: the units it lists report their 整改 within
    /// this many days of its date; none by default (the summary states no deadline).
    #[serde(default)]
    pub rectify_days: Option<Spanned<i64>>,
}

/// One grade (等次) of `rules.grades`: a unit with a plan takes the first grade whose
/// `at_least` its gap to 序时进度 reaches; the last grade has no bound and takes the rest.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Grade {
    /// What the tables print, e.g. `绿灯`, `黄灯`, `红灯` or `一类`.
    pub name: Spanned<String>,
    /// The least gap (percentage points, negative below 序时进度) of this grade; absent on
    /// the last.
    #[serde(default)]
    pub at_least: Option<Spanned<f64>>,
    /// The cell's colour in HTML and xlsx (PDF and DOCX print the name, in black).
    #[serde(default)]
    pub color: Option<Spanned<Color>>,
}

/// An escalation rule of `rules.escalation`: a unit graded `grade` or worse in each of the
/// last `periods` periods of a kind (this one included) is due `action`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Escalation {
    /// A grade's `name`.
    pub grade: Spanned<String>,
    /// How many periods in a row, at least 1.
    pub periods: Spanned<i64>,
    /// What it leads to, e.g. `专函督办`, `约谈`.
    pub action: Spanned<String>,
}

/// A grade's colour: a fixed list, written in Chinese or English.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Color {
    /// 绿 / green
    Green,
    /// 蓝 / blue
    Blue,
    /// 黄 / yellow
    Yellow,
    /// 橙 / orange
    Orange,
    /// 红 / red
    Red,
    /// 灰 / gray
    Gray,
}

impl Color {
    /// Every colour with its Chinese and English names.
    pub const ALL: [(Color, &'static str, &'static str); 6] = [
        (Color::Green, "绿", "green"),
        (Color::Blue, "蓝", "blue"),
        (Color::Yellow, "黄", "yellow"),
        (Color::Orange, "橙", "orange"),
        (Color::Red, "红", "red"),
        (Color::Gray, "灰", "gray"),
    ];

    /// A light fill that keeps black text legible, as `RRGGBB`.
    pub fn fill_hex(self) -> &'static str {
        match self {
            Color::Green => "C6EFCE",
            Color::Blue => "BDD7EE",
            Color::Yellow => "FFEB9C",
            Color::Orange => "F8CBAD",
            Color::Red => "FFC7CE",
            Color::Gray => "D9D9D9",
        }
    }

    /// The English name (as `color:` may be written and the front matter writes it).
    pub fn english(self) -> &'static str {
        Color::ALL
            .iter()
            .find(|(c, _, _)| *c == self)
            .map_or("gray", |(_, _, en)| en)
    }
}

impl FromStr for Color {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let t = s.trim().trim_end_matches('色');
        Color::ALL
            .iter()
            .find(|(_, zh, en)| t == *zh || t.eq_ignore_ascii_case(en))
            .map(|(c, _, _)| *c)
            .ok_or_else(|| {
                format!("颜色应为 绿、蓝、黄、橙、红、灰 之一（或 green、blue、yellow、orange、red、gray），写的是“{s}”")
            })
    }
}

impl<'de> Deserialize<'de> for Color {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// The colophon's distribution lists, and the printed copies each recipient gets.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Distribution {
    /// 主送: the units the `addressee` line stands for, for numbered copies only (the line
    /// itself is `addressee`).
    #[serde(default)]
    pub addressed_to: Vec<Recipient>,
    /// 报
    #[serde(default)]
    pub report_to: Vec<Recipient>,
    /// 发
    #[serde(default)]
    pub send_to: Vec<Recipient>,
    /// 抄送
    #[serde(default)]
    pub copy_to: Vec<Recipient>,
}

/// One line of the 版记 (or a 主送 unit) and the printed copies it gets: written as the line
/// itself (`市委常委`: one copy), or as `{ name: 各县区党委、政府主要负责人, copies: 2,
/// each_unit: "{unit}党委、政府主要负责人" }` — `copies` for each recipient (default 1), and
/// with `each_unit` one recipient per unit of the campaign, named by putting the unit's name
/// for `{unit}`. The colophon and the templates see only `name`.
#[derive(Debug, Clone, PartialEq)]
pub struct Recipient {
    /// The line as the 版记 prints it.
    pub name: String,
    /// Copies for each recipient (checked when copies are numbered: 1 to 1000).
    pub copies: i64,
    /// Expands the line to one recipient per unit: `{unit}` stands for the unit's name.
    pub each_unit: Option<String>,
}

impl Recipient {
    /// A line that gets one copy.
    pub fn named(name: &str) -> Recipient {
        Recipient {
            name: name.to_string(),
            copies: 1,
            each_unit: None,
        }
    }
}

impl Serialize for Recipient {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.name)
    }
}

impl<'de> Deserialize<'de> for Recipient {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Detailed {
            name: String,
            #[serde(default)]
            copies: Option<i64>,
            #[serde(default)]
            each_unit: Option<String>,
        }
        struct RecipientVisitor;
        impl<'de> serde::de::Visitor<'de> for RecipientVisitor {
            type Value = Recipient;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "收文单位的名称，或 { name: 名称, copies: 份数, each_unit: \"{unit}…\" }",
                )
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Recipient, E> {
                Ok(Recipient::named(v))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<Recipient, A::Error> {
                let d = Detailed::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(Recipient {
                    copies: d.copies.unwrap_or(1),
                    each_unit: d.each_unit,
                    name: d.name,
                })
            }
        }
        deserializer.deserialize_any(RecipientVisitor)
    }
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
    /// Unit id → where its return came from and what it said beside its figures (备注,
    /// 填报人…); written by `tongbao import`, may be written by hand.
    #[serde(default)]
    pub returns: Keyed<ReturnRecord>,
    /// Units with no figures in this file, in campaign order: not reported (未报). Load gives
    /// them the previous period's figures (按上期数计算); a bulletin of the period needs the
    /// office's consent (`build --carry-forward`) and then says so. Never read from the file.
    #[serde(skip)]
    pub carried: Vec<String>,
    /// Figures of earlier periods found wrong and taken off this period (核减).
    #[serde(default)]
    pub corrections: Vec<Correction>,
}

/// A correction (核减): a unit's figure reported in an earlier period that was found wrong
/// and is taken off this period. It allows the cumulative figure to fall by up to `amount`,
/// and the bulletin states it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Correction {
    /// The unit's id.
    pub unit: Spanned<String>,
    /// The indicator's id.
    pub indicator: Spanned<String>,
    /// The part's id, when the correction is of one part.
    #[serde(default)]
    pub part: Option<Spanned<String>>,
    /// How much is taken off (a positive count).
    pub amount: Spanned<i64>,
    /// Why, as the bulletin states it (e.g. `重复统计`).
    pub reason: Spanned<String>,
}

/// One unit's return for a period, as `tongbao import` records it under `returns:`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReturnRecord {
    /// The file the figures were read from, e.g. `兰山区-1月填报.xlsx`.
    #[serde(default)]
    pub file: Option<String>,
    /// The cells read, e.g. `居住区配套幼儿园!A2:D2`.
    #[serde(default)]
    pub cells: Option<String>,
    /// When the file was saved (its modification time, `YYYY-MM-DD HH:MM` UTC).
    #[serde(default)]
    pub received: Option<String>,
    /// The unit's own remarks (the form's 备注 / 情况说明 column).
    #[serde(default)]
    pub remarks: Option<String>,
    /// 填报人
    #[serde(default)]
    pub filled_by: Option<String>,
    /// 审核人
    #[serde(default)]
    pub checked_by: Option<String>,
    /// 联系电话
    #[serde(default)]
    pub phone: Option<String>,
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
#[derive(Debug, Clone, Deserialize)]
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

/// What a period is: a month (the bulletin), an ISO week (the 调度 sheet) or a quarter (the
/// 督导 summary, composed from its months; no snapshot is a quarter).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    /// `YYYY-MM`
    Month,
    /// `YYYY-Www` (ISO 8601 week, Monday to Sunday)
    Week,
    /// `YYYY-Qn`
    Quarter,
}

impl PeriodKind {
    /// The period's Chinese word: 月, 周, 季度.
    pub fn word(self) -> &'static str {
        match self {
            PeriodKind::Month => "月",
            PeriodKind::Week => "周",
            PeriodKind::Quarter => "季度",
        }
    }
}

/// The period a snapshot covers, or a document reports on: a month written `YYYY-MM`, an ISO
/// week written `YYYY-Www` (`2019-W48`: Monday 25 November to Sunday 1 December 2019), or a
/// quarter written `YYYY-Qn`.
///
/// The order is chronological by the period's last day (a week ending on the last day of a
/// month sorts before the month); periods ending on the same day are ordered month, week,
/// quarter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Period {
    /// A calendar month.
    Month {
        /// The year.
        year: i32,
        /// The month, 1 to 12.
        month: u32,
    },
    /// An ISO 8601 week.
    Week {
        /// The ISO week-numbering year (2020-W01 begins on 2019-12-30).
        year: i32,
        /// The week, 1 to 52 or 53.
        week: u32,
    },
    /// A calendar quarter.
    Quarter {
        /// The year.
        year: i32,
        /// The quarter, 1 to 4.
        quarter: u32,
    },
}

impl Period {
    /// The month `year-month` (`None` outside 1…12).
    pub fn month(year: i32, month: u32) -> Option<Period> {
        ((1..=12).contains(&month) && year >= 1).then_some(Period::Month { year, month })
    }

    /// Month, week or quarter.
    pub fn kind(self) -> PeriodKind {
        match self {
            Period::Month { .. } => PeriodKind::Month,
            Period::Week { .. } => PeriodKind::Week,
            Period::Quarter { .. } => PeriodKind::Quarter,
        }
    }

    /// The (ISO week-numbering, for a week) year.
    pub fn year(self) -> i32 {
        match self {
            Period::Month { year, .. }
            | Period::Week { year, .. }
            | Period::Quarter { year, .. } => year,
        }
    }

    /// The first day (`None` only for a year chrono cannot represent).
    pub fn first_day(self) -> Option<Date> {
        let day = match self {
            Period::Month { year, month } => NaiveDate::from_ymd_opt(year, month, 1),
            Period::Week { year, week } => {
                NaiveDate::from_isoywd_opt(year, week, chrono::Weekday::Mon)
            }
            Period::Quarter { year, quarter } => {
                NaiveDate::from_ymd_opt(year, quarter.saturating_mul(3).saturating_sub(2), 1)
            }
        };
        day.map(Date)
    }

    /// The last day (`None` only for a year chrono cannot represent).
    pub fn last_day(self) -> Option<Date> {
        match self {
            Period::Week { year, week } => {
                NaiveDate::from_isoywd_opt(year, week, chrono::Weekday::Sun).map(Date)
            }
            _ => self.next().first_day()?.0.pred_opt().map(Date),
        }
    }

    /// Whether `date` falls in this period.
    pub fn contains(&self, date: Date) -> bool {
        match (self.first_day(), self.last_day()) {
            (Some(first), Some(last)) => first <= date && date <= last,
            _ => false,
        }
    }

    /// The period of the same kind after this one.
    pub fn next(self) -> Period {
        match self {
            Period::Month { year, month } if month >= 12 => Period::Month {
                year: year + 1,
                month: 1,
            },
            Period::Month { year, month } => Period::Month {
                year,
                month: month + 1,
            },
            Period::Quarter { year, quarter } if quarter >= 4 => Period::Quarter {
                year: year + 1,
                quarter: 1,
            },
            Period::Quarter { year, quarter } => Period::Quarter {
                year,
                quarter: quarter + 1,
            },
            Period::Week { .. } => self
                .last_day()
                .and_then(|d| d.0.succ_opt())
                .map(|d| Period::week_of(Date(d)))
                .unwrap_or(self),
        }
    }

    /// The ISO week `date` falls in.
    pub fn week_of(date: Date) -> Period {
        let w = date.0.iso_week();
        Period::Week {
            year: w.year(),
            week: w.week(),
        }
    }

    /// The month `date` falls in.
    pub fn month_of(date: Date) -> Period {
        Period::Month {
            year: date.0.year(),
            month: date.0.month(),
        }
    }

    /// The quarter `date` falls in.
    pub fn quarter_of(date: Date) -> Period {
        Period::Quarter {
            year: date.0.year(),
            quarter: date.0.month().div_ceil(3),
        }
    }

    /// The sort key: last day, then month before week before quarter.
    fn key(self) -> (Option<Date>, PeriodKind) {
        (self.last_day(), self.kind())
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Period {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.key()
            .cmp(&other.key())
            .then_with(|| self.to_string().cmp(&other.to_string()))
    }
}

/// `YYYY` and a two-digit number after `sep` within `range`, e.g. `2019-12`, `2019-W48`.
fn year_and(
    t: &str,
    sep: &str,
    digits: usize,
    range: std::ops::RangeInclusive<u32>,
) -> Option<(i32, u32)> {
    let (y, n) = t.split_once(sep)?;
    if y.len() != 4 || n.len() != digits || !y.bytes().chain(n.bytes()).all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let (year, n) = (y.parse::<i32>().ok()?, n.parse::<u32>().ok()?);
    (year >= 1 && range.contains(&n)).then_some((year, n))
}

impl FromStr for Period {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let t = s.trim();
        let parsed = if t.contains(['W', 'w']) {
            year_and(t, "-W", 2, 1..=53)
                .map(|(year, week)| Period::Week { year, week })
                .filter(|p| p.first_day().is_some())
        } else if t.contains(['Q', 'q']) {
            year_and(t, "-Q", 1, 1..=4).map(|(year, quarter)| Period::Quarter { year, quarter })
        } else {
            year_and(t, "-", 2, 1..=12).map(|(year, month)| Period::Month { year, month })
        };
        parsed.ok_or_else(|| {
            format!(
                "应为期间：月份写 YYYY-MM（例如 2019-12），周写 YYYY-Www（ISO 周，例如 2019-W48），季度写 YYYY-Qn（例如 2019-Q4），写的是“{s}”"
            )
        })
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Period::Month { year, month } => write!(f, "{year:04}-{month:02}"),
            Period::Week { year, week } => write!(f, "{year:04}-W{week:02}"),
            Period::Quarter { year, quarter } => write!(f, "{year:04}-Q{quarter}"),
        }
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
    fn a_header_style_is_read_from_its_chinese_name_and_written_back_as_it() {
        assert_eq!(
            HeaderStyle::try_from("文件".to_string()),
            Ok(HeaderStyle::File)
        );
        assert_eq!(
            HeaderStyle::try_from(" 简报".to_string()),
            Ok(HeaderStyle::Brief)
        );
        assert_eq!(
            HeaderStyle::try_from("File".to_string()),
            Err("应为 “简报” 或 “文件”（版头样式），写的是 “File”".to_string())
        );
        for style in [HeaderStyle::Brief, HeaderStyle::File] {
            assert_eq!(
                serde_json::to_string(&style).ok(),
                Some(format!("\"{}\"", style.name()))
            );
        }
    }

    #[test]
    fn dates_and_periods_parse_strictly() {
        assert!("2019-12-31".parse::<Date>().is_ok());
        assert!("2019-2-3".parse::<Date>().is_err());
        assert!("2019-02-30".parse::<Date>().is_err());
        assert_eq!("2019-12".parse::<Period>().unwrap().to_string(), "2019-12");
        assert!("2019-13".parse::<Period>().is_err());
        assert!("2019/12".parse::<Period>().is_err());
        assert_eq!(
            "2019-W48".parse::<Period>().unwrap().to_string(),
            "2019-W48"
        );
        assert_eq!("2019-Q4".parse::<Period>().unwrap().to_string(), "2019-Q4");
        // 2019 has 52 ISO weeks, 2020 has 53.
        assert!("2019-W53".parse::<Period>().is_err());
        assert!("2020-W53".parse::<Period>().is_ok());
        assert!("2019-W00".parse::<Period>().is_err());
        assert!("2019-W4".parse::<Period>().is_err());
        assert!("2019-Q5".parse::<Period>().is_err());
        assert!("2019-+1".parse::<Period>().is_err());
    }

    #[test]
    fn an_iso_week_runs_monday_to_sunday_and_may_straddle_a_year() {
        let w: Period = "2019-W48".parse().unwrap();
        assert_eq!(w.first_day().unwrap().to_string(), "2019-11-25");
        assert_eq!(w.last_day().unwrap().to_string(), "2019-12-01");
        assert!(w.contains("2019-12-01".parse().unwrap()));
        assert!(!w.contains("2019-12-02".parse().unwrap()));
        assert_eq!(w.next().to_string(), "2019-W49");
        let last: Period = "2020-W53".parse().unwrap();
        assert_eq!(last.next().to_string(), "2021-W01");
        assert_eq!(
            Period::week_of("2019-12-30".parse().unwrap()).to_string(),
            "2020-W01"
        );
    }

    #[test]
    fn quarters_hold_three_months_and_periods_sort_by_their_last_day() {
        let q: Period = "2019-Q4".parse().unwrap();
        assert_eq!(q.first_day().unwrap().to_string(), "2019-10-01");
        assert_eq!(q.last_day().unwrap().to_string(), "2019-12-31");
        assert_eq!(q.next().to_string(), "2020-Q1");
        let p = |s: &str| s.parse::<Period>().unwrap();
        let mut all = [
            p("2019-Q4"),
            p("2019-12"),
            p("2019-W48"),
            p("2019-11"),
            p("2019-W44"),
        ];
        all.sort();
        let names: Vec<String> = all.iter().map(ToString::to_string).collect();
        assert_eq!(
            names,
            ["2019-W44", "2019-11", "2019-W48", "2019-12", "2019-Q4"]
        );
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
