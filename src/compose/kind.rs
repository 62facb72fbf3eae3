//! The kinds of document compose makes, each from its own template over its own view of the
//! same figures (STYLE.md, "Adding a document kind").

use crate::compose::BULLETIN_TEMPLATE;

/// A document compose can make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The monthly 工作通报 (its view: `views::bulletin`).
    Bulletin,
}

impl Kind {
    /// The template that makes it (a campaign's own folder may replace it).
    pub fn template(self) -> &'static str {
        match self {
            Kind::Bulletin => BULLETIN_TEMPLATE,
        }
    }
}
