//! The PDF bulletin, typeset to GB/T 9704-2012 by our own typesetter on printpdf.
//!
//! The way through: [`shape`] turns text into grid cells and half-width words, checking every
//! character against the [`fonts`]; [`linebreak`] and [`title`] break and justify lines on the
//! 28-character grid with the 禁则.

pub mod error;
pub mod fonts;
pub mod linebreak;
pub mod metrics;
pub mod model;
pub mod script;
pub mod shape;
pub mod sysfonts;
pub mod title;

pub use error::PdfError;
pub use fonts::{FontConfig, FontSource, FontStyle, Fonts, Origin};
