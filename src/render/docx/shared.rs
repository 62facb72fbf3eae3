//! The GB/T 9704 decisions the DOCX takes from the PDF typesetter's rules, in one place (they
//! move to the shared layout module as it lands).

use crate::document::Colophon;
use crate::format::cn_date;
use crate::render::pdf::metrics::{BLOCK_W, CELL, em, size};

/// The red name may be condensed to this share of its width (长体) before a smaller size is
/// tried; it may take the block's width less a cell on each side (as the PDF sets it).
pub(crate) const MIN_NAME_SCALE: f64 = 0.85;
const NAME_MAX_WIDTH: f64 = BLOCK_W - 2.0 * CELL;

/// Sizes tried for the red name, largest first.
pub(crate) fn name_sizes(file_style: bool) -> &'static [f64] {
    if file_style {
        &[size::XIAOCHU, size::YI, size::XIAOYI, size::ER]
    } else {
        &[size::CHU, size::XIAOCHU, size::YI, size::XIAOYI, size::ER]
    }
}

/// The red name's size and horizontal scale for a natural width of `width_em` ems.
pub(crate) fn fit_name(file_style: bool, width_em: f64) -> (f64, f64) {
    let sizes = name_sizes(file_style);
    let chosen = sizes
        .iter()
        .copied()
        .find(|&s| width_em * em(s) * MIN_NAME_SCALE <= NAME_MAX_WIDTH + 1e-6)
        .unwrap_or(size::ER);
    let width = width_em * em(chosen);
    let scale = if width > NAME_MAX_WIDTH {
        NAME_MAX_WIDTH / width
    } else {
        1.0
    };
    (chosen, scale)
}

/// Width of `text` in ems: ideographs and full-width marks one em, ASCII half.
pub(crate) fn width_em(text: &str) -> f64 {
    text.trim()
        .chars()
        .map(|c| if c.is_ascii() { 0.5 } else { 1.0 })
        .sum()
}

/// The groups of the 版记 that have names, in the order 报 / 发 / 抄送: (label, line).
pub(crate) fn colophon_groups(c: &Colophon) -> Vec<(&'static str, String)> {
    [
        ("报", &c.report_to),
        ("发", &c.send_to),
        ("抄送", &c.copy_to),
    ]
    .into_iter()
    .filter_map(|(label, names)| {
        let names: Vec<&str> = names
            .iter()
            .map(|n| n.trim())
            .filter(|n| !n.is_empty())
            .collect();
        (!names.is_empty()).then(|| (label, format!("{label}：{}。", names.join("，"))))
    })
    .collect()
}

/// The 印发 line's right part: `2020年1月6日印发`.
pub(crate) fn print_date_text(c: &Colophon) -> String {
    format!("{}印发", cn_date(c.print_date))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn red_name_fits_the_block() {
        assert_eq!(fit_name(false, 5.0), (42.0, 1.0));
        assert_eq!(fit_name(true, 5.0).0, 36.0);
        let (s, k) = fit_name(false, 18.0);
        assert_eq!(s, 26.0);
        assert!((MIN_NAME_SCALE..1.0).contains(&k));
    }
}
