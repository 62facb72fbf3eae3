//! The kinds of document compose makes, each from its own template over its own view of the
//! same figures (STYLE.md, "Adding a document kind").

use crate::compose::BULLETIN_TEMPLATE;
use crate::model::PeriodKind;
use crate::progress::selection::NoticeKind;

/// A document compose can make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The monthly 工作通报 (its view: `views::bulletin`).
    Bulletin,
    /// The weekly 调度 sheet (its view: `views::weekly`).
    Weekly,
    /// The quarterly 督导 summary (its view: `views::quarterly`).
    Quarterly,
    /// A 督办单 to one unit (its view: `views::notice`).
    Supervision,
    /// A 约谈通知书 to one unit (its view: `views::notice`).
    Interview,
}

impl Kind {
    /// The template that makes it (a campaign's own folder may replace it).
    pub fn template(self) -> &'static str {
        match self {
            Kind::Bulletin => BULLETIN_TEMPLATE,
            Kind::Weekly => "weekly.md.tera",
            Kind::Quarterly => "quarterly.md.tera",
            Kind::Supervision => "supervision.md.tera",
            Kind::Interview => "interview.md.tera",
        }
    }
}

impl Kind {
    /// The document a period of `kind` is reported in: a month's bulletin, a week's 调度
    /// sheet, a quarter's 督导 summary.
    pub fn of_period(kind: PeriodKind) -> Kind {
        match kind {
            PeriodKind::Month => Kind::Bulletin,
            PeriodKind::Week => Kind::Weekly,
            PeriodKind::Quarter => Kind::Quarterly,
        }
    }
}

impl From<NoticeKind> for Kind {
    fn from(kind: NoticeKind) -> Kind {
        match kind {
            NoticeKind::Supervision => Kind::Supervision,
            NoticeKind::Interview => Kind::Interview,
        }
    }
}
