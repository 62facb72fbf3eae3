//! The kinds of document compose makes, each from its own template over its own view of the
//! same figures (STYLE.md, "Adding a document kind").

use crate::compose::BULLETIN_TEMPLATE;
use crate::progress::selection::NoticeKind;

/// A document compose can make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The monthly 工作通报 (its view: `views::bulletin`).
    Bulletin,
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
            Kind::Supervision => "supervision.md.tera",
            Kind::Interview => "interview.md.tera",
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
