//! `notices:` in `campaign.yaml` and in a snapshot: who gets a 督办单 (supervision notice) or a
//! 约谈通知书 (interview notice), how they are numbered, and their deadlines and contact. As the
//! rest of the model: what the office writes, nothing computed; the rule names are parsed into
//! [`RuleName`] when read, so an unknown one is an error naming its line.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use crate::keyed::Keyed;

/// `notices:` in `campaign.yaml`. Without it (or without a series) no notice is made.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoticeSettings {
    /// 督办单: who gets one and how it reads.
    #[serde(default)]
    pub supervision: Option<NoticeSeries>,
    /// 约谈通知书: who gets one and how it reads.
    #[serde(default)]
    pub interview: Option<NoticeSeries>,
    /// 联系人 and 电话 printed on every notice, e.g. `联系人：王明，电话：0539-8888888`;
    /// default: the campaign's `contact`.
    #[serde(default)]
    pub contact: Option<Spanned<String>>,
    /// 依据: the campaign's 考核 basis the notices cite after the bulletin, e.g.
    /// `《全市城镇居住区配套幼儿园专项整治工作考核办法》`.
    #[serde(default)]
    pub basis: Option<Spanned<String>>,
    /// 责任人 (承办单位) / 被约谈人 per unit id, e.g. `yinan: 沂南县人民政府分管负责同志`;
    /// default `<unit name>分管负责同志`.
    #[serde(default)]
    pub responsible: Keyed<Spanned<String>>,
}

/// One series of notices (督办单 or 约谈通知书).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoticeSeries {
    /// The 文号 prefix: `临整督` numbers them `临整督〔2020〕1号`, counted per year of the
    /// notice date in the archive.
    pub number_prefix: Spanned<String>,
    /// Who gets one: every unit any of these rules selects (see [`RuleName`]).
    pub when: Vec<NoticeRule>,
    /// 反馈时限: days after the notice date by which the unit replies in writing.
    #[serde(default)]
    pub reply_days: Option<Spanned<i64>>,
    /// 办结时限: days after the notice date by which the matter is to be done (督办单).
    #[serde(default)]
    pub deadline_days: Option<Spanned<i64>>,
    /// 紧急程度 printed on the notice, e.g. `急件` or `一般`.
    #[serde(default)]
    pub urgency: Option<Spanned<String>>,
    /// 办理要求 (督办单) or 有关要求 (约谈通知书): one sentence each, numbered （一）…; default
    /// the built-in wording.
    #[serde(default)]
    pub requirements: Vec<String>,
    /// 反馈方式, e.g. `书面报告加盖公章后报送市整治办，电子版发送至…`; default the built-in wording.
    #[serde(default)]
    pub feedback: Option<String>,
}

/// One selection rule: `- { rule: 连续滞后, issues: 2 }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoticeRule {
    /// Which rule.
    pub rule: Spanned<RuleName>,
    /// For `连续滞后`: in how many consecutive issues, this one included (at least 2).
    #[serde(default)]
    pub issues: Option<Spanned<i64>>,
    /// The indicator whose figures the rule reads (default: the headline indicator).
    #[serde(default)]
    pub indicator: Option<Spanned<String>>,
    /// For `措施`: the action of `rules.escalation` it follows, e.g. `约谈`.
    #[serde(default)]
    pub action: Option<Spanned<String>>,
}

/// The rules a campaign may use, as written in `campaign.yaml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RuleName {
    /// `最低`: the units this issue names as 进展滞后 with the lowest rates (its 二、 list).
    Lowest,
    /// `滞后`: every unit of the class 进展滞后 in this issue, named or not.
    Behind,
    /// `连续滞后`: 进展滞后 in this issue and in the issues published just before it, `issues`
    /// in a row (read from the archive's recorded classes).
    BehindInARow,
    /// `无新增`: 本月无新增 in this issue.
    NoProgress,
    /// `措施`: the units whose most severe escalation (`rules.escalation`, by grades over
    /// consecutive periods) this period is the rule's `action`.
    Escalation,
}

impl RuleName {
    /// Every rule, in the order the documentation lists them.
    pub const ALL: [RuleName; 5] = [
        RuleName::Lowest,
        RuleName::Behind,
        RuleName::BehindInARow,
        RuleName::NoProgress,
        RuleName::Escalation,
    ];

    /// The word written in `campaign.yaml`.
    pub fn word(self) -> &'static str {
        match self {
            RuleName::Lowest => "最低",
            RuleName::Behind => "滞后",
            RuleName::BehindInARow => "连续滞后",
            RuleName::NoProgress => "无新增",
            RuleName::Escalation => "措施",
        }
    }
}

impl FromStr for RuleName {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        RuleName::ALL
            .into_iter()
            .find(|r| r.word() == s.trim())
            .ok_or_else(|| {
                let words: Vec<&str> = RuleName::ALL.iter().map(|r| r.word()).collect();
                format!("应为规则 {} 之一，写的是“{s}”", words.join("、"))
            })
    }
}

impl fmt::Display for RuleName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.word())
    }
}

impl<'de> Deserialize<'de> for RuleName {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl Serialize for RuleName {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// `notices:` in a snapshot: the units the office names itself this period, and the 约谈's
/// time and place.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeriodNotices {
    /// Unit ids that get a 督办单 this period whatever the rules say (the explicit list).
    #[serde(default)]
    pub supervision: Vec<Spanned<String>>,
    /// Unit ids that get a 约谈通知书 this period whatever the rules say.
    #[serde(default)]
    pub interview: Vec<Spanned<String>>,
    /// When and where the 约谈 is held, and by whom; required when anyone gets a 约谈通知书.
    #[serde(default)]
    pub meeting: Option<Meeting>,
    /// The notices' date (成文日期), when they go out after the bulletin; default the
    /// bulletin's `issue_date`.
    #[serde(default)]
    pub date: Option<Spanned<super::Date>>,
}

/// The 约谈 meeting.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Meeting {
    /// 时间, as it is to be printed, e.g. `2020年1月10日（星期五）上午9:00`.
    pub time: String,
    /// 地点.
    pub place: String,
    /// 约谈人, e.g. `市整治办主任`.
    pub by: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_names_read_their_words_and_list_them_when_unknown() {
        for rule in RuleName::ALL {
            assert_eq!(rule.word().parse::<RuleName>(), Ok(rule));
        }
        let e = "倒数".parse::<RuleName>().unwrap_err();
        assert_eq!(
            e,
            "应为规则 最低、滞后、连续滞后、无新增、措施 之一，写的是“倒数”"
        );
    }
}
