//! The PDF's measures: the shared page geometry and sizes of [`crate::layout`], plus what
//! only the typesetter needs (where a baseline sits in a grid line).
//!
//! All layout code measures in millimetres from the top-left corner of the page; only the
//! writer converts to PDF points with the origin at the bottom left.

pub(crate) use crate::layout::page::*;
pub(crate) use crate::layout::size;

/// Rules of the colophon (版记).
pub(crate) use crate::layout::rules::{
    RED_RULE as RULE_RED, THICK as RULE_THICK, THIN as RULE_THIN,
};

/// Share of the em box above the baseline (ideographic em box: 0.88 above, 0.12 below).
pub(crate) const EM_ASCENT: f64 = 0.88;

/// Baseline of text of `size_pt` set on a grid line, measured from the line's top.
///
/// Body text (三号) has its em box on the top of the line (so the first line's top is the top
/// of the text block); any other size is centred on the same axis as body text.
pub(crate) fn baseline_in_line(size_pt: f64) -> f64 {
    em(size::SAN) / 2.0 + (EM_ASCENT - 0.5) * em(size_pt)
}

/// Tiny tolerance for comparing lengths in millimetres.
pub(crate) const EPS: f64 = 1e-6;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_text_sits_on_the_top_of_its_line() {
        let top = baseline_in_line(size::SAN) - EM_ASCENT * em(size::SAN);
        assert!(top.abs() < EPS);
    }

    #[test]
    fn other_sizes_share_the_body_text_axis() {
        for s in [size::SI, size::ER, size::XIAOSI] {
            let axis = baseline_in_line(s) - (EM_ASCENT - 0.5) * em(s);
            assert!((axis - em(size::SAN) / 2.0).abs() < EPS);
        }
    }
}
