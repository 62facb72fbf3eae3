//! The header (版头): the sizes tried for the red name and the rule that fits it to the text
//! block, the 文件式 distances, and the sizes of the 简报式 office-and-date line.

use super::page::{BLOCK_W, CELL, LINE, em, line_top};
use super::size;

/// Which header a bulletin carries (the front matter's `style:`).
use crate::model::HeaderStyle;

impl HeaderStyle {
    /// Sizes tried for the red name, largest first.
    pub fn name_sizes(self) -> &'static [f64] {
        match self {
            HeaderStyle::Brief => &[size::CHU, size::XIAOCHU, size::YI, size::XIAOYI, size::ER],
            HeaderStyle::File => &[size::XIAOCHU, size::YI, size::XIAOYI, size::ER],
        }
    }
}

/// The red name may be condensed to this share of its width (长体), as red headers usually are,
/// before a smaller size is tried.
pub const MIN_NAME_SCALE: f64 = 0.85;

/// The red name may take the block's width less a cell on each side.
pub const NAME_MAX_WIDTH: f64 = BLOCK_W - 2.0 * CELL;

/// At the smallest of its sizes (二号, the title's size: a 标志 smaller than the title under it
/// would no longer head the page) the red name may be condensed down to half its width (长体
/// 50 %, the narrowest of the 字符缩放 steps WPS and Word offer, and what long red headers of
/// joint offices are set in); a name that still does not fit is refused by `check` rather than
/// condensed further or run off the page.
pub const MIN_LAST_SCALE: f64 = 0.5;

/// `文件式`: top edge of the 发文机关标志 below the top of the block.
pub const FILE_NAME_TOP: f64 = 35.0;
/// `文件式`: the red rule this far below the 发文字号 (or the name, without one).
pub const FILE_RULE_GAP: f64 = 4.0;

/// `文件式`: top of the red name below the block's top: [`FILE_NAME_TOP`], or lower when the
/// `lines_above` grid lines of 份号 and 密级 reach further.
pub fn file_name_top(lines_above: usize) -> f64 {
    FILE_NAME_TOP.max(line_top(lines_above))
}

/// `文件式`: the grid line (0-based from the block's top) of the 发文字号: the first grid line
/// free below the red name (its top `name_top` mm below the block's top, `name_size` pt),
/// then two blank lines (GB/T 9704 7.2.4: 发文机关标志下空二行).
pub fn file_number_line(name_top: f64, name_size: f64) -> usize {
    let bottom = name_top + em(name_size);
    ((bottom - 1e-6) / LINE).ceil() as usize + 2
}

/// `文件式`: the middle of the red rule, mm below the block's top: [`FILE_RULE_GAP`] below the
/// em box of the 发文字号 on grid line `number_line`, or below the red name (top `name_top`,
/// `name_size` pt) when there is none.
pub fn file_rule_y(name_top: f64, name_size: f64, number_line: Option<usize>) -> f64 {
    match number_line {
        Some(line) => line_top(line) + em(size::BODY) + FILE_RULE_GAP,
        None => name_top + em(name_size) + FILE_RULE_GAP,
    }
}

/// `文件式`: the grid lines the header takes, down to its red rule at `rule_y` (the title
/// starts two blank lines below).
pub fn file_lines(rule_y: f64) -> usize {
    ((rule_y - 1e-6) / LINE).ceil() as usize
}

/// `简报式`: the red rule this far below the office-and-date line's em box.
pub const BRIEF_RULE_GAP: f64 = 2.5;

/// Sizes tried for the office-and-date line of the 简报式 header, largest first.
pub const OFFICE_LINE_SIZES: [f64; 4] = [size::SAN, size::XIAOSAN, size::SI, size::XIAOSI];

/// How the 简报式 header sets its issuing office and date.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum OfficeLine {
    /// On one line, the office flush left and the date flush right, at this size (points).
    One {
        /// Font size in points.
        size: f64,
    },
    /// Nothing fits on one line: the office alone on its line at this size (the largest of
    /// [`OFFICE_LINE_SIZES`] at which it fits the block; an office too long even at 小四 is
    /// refused by `check`), the date at 三号 flush right on the line above (the 第N期 line,
    /// whose text is centred).
    Split {
        /// The office's font size in points.
        size: f64,
    },
}

impl OfficeLine {
    /// The office's font size in points.
    pub fn office_size(self) -> f64 {
        match self {
            OfficeLine::One { size } | OfficeLine::Split { size } => size,
        }
    }
}

/// The character pitch of the office-and-date line at `size_pt`: the grid's cell at 三号 (the
/// line is body text), the em at the smaller sizes.
pub fn office_line_cell(size_pt: f64) -> f64 {
    if size_pt == size::SAN {
        CELL
    } else {
        em(size_pt)
    }
}

/// The largest of [`OFFICE_LINE_SIZES`] at which the office and the date fit on one line with
/// at least one character (of that size) between them, else [`OfficeLine::Split`] at the
/// largest size at which the office alone fits the block (the smallest when none does).
/// `widths(size, cell)` measures the office's and the date's natural widths in millimetres at
/// that size and character pitch (see [`office_line_cell`]).
pub fn office_line<E>(
    mut widths: impl FnMut(f64, f64) -> Result<(f64, f64), E>,
) -> Result<OfficeLine, E> {
    for size_pt in OFFICE_LINE_SIZES {
        let cell = office_line_cell(size_pt);
        let (office, date) = widths(size_pt, cell)?;
        if office + date + cell <= BLOCK_W + 1e-6 {
            return Ok(OfficeLine::One { size: size_pt });
        }
    }
    for size_pt in OFFICE_LINE_SIZES {
        let (office, _) = widths(size_pt, office_line_cell(size_pt))?;
        if office <= BLOCK_W + 1e-6 {
            return Ok(OfficeLine::Split { size: size_pt });
        }
    }
    Ok(OfficeLine::Split {
        size: OFFICE_LINE_SIZES[OFFICE_LINE_SIZES.len() - 1],
    })
}

/// How the red name is set: its size and its horizontal scale.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NameFit {
    /// Font size in points.
    pub size: f64,
    /// Horizontal scale (1.0 = as drawn, below 1 condensed).
    pub scale: f64,
}

impl NameFit {
    /// Whether the fit keeps within [`MIN_LAST_SCALE`]: a name that needs more is refused.
    pub fn fits(&self) -> bool {
        self.scale >= MIN_LAST_SCALE - 1e-9
    }
}

/// The widest a red name may be at its natural width (in ems of its font): condensed to
/// [`MIN_LAST_SCALE`] at the smallest size it must fit [`NAME_MAX_WIDTH`].
pub fn name_max_em(kind: HeaderStyle) -> f64 {
    let sizes = kind.name_sizes();
    NAME_MAX_WIDTH / MIN_LAST_SCALE / em(sizes[sizes.len() - 1])
}

/// Fits a red name whose natural width is `width_em` ems: the largest of the kind's sizes at
/// which the name fits [`NAME_MAX_WIDTH`] when condensed to no less than [`MIN_NAME_SCALE`],
/// else the smallest, condensed as much as needed; condensed only as much as it must (see
/// [`NameFit::fits`] for the limit).
pub fn fit_name(kind: HeaderStyle, width_em: f64) -> NameFit {
    let sizes = kind.name_sizes();
    let chosen = sizes
        .iter()
        .copied()
        .find(|&s| width_em * em(s) * MIN_NAME_SCALE <= NAME_MAX_WIDTH + 1e-6)
        .unwrap_or(sizes[sizes.len() - 1]);
    let width = width_em * em(chosen);
    let scale = if width > NAME_MAX_WIDTH {
        NAME_MAX_WIDTH / width
    } else {
        1.0
    };
    NameFit {
        size: chosen,
        scale,
    }
}

/// The header's decisions that depend on the widths of its texts, made once (in the PDF's
/// fonts by the typesetter) and handed to every renderer so that none decides again.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HeaderFit {
    /// The red name's size and condensing.
    pub name: NameFit,
    /// The 简报式 office-and-date line.
    pub office_line: OfficeLine,
}

impl HeaderFit {
    /// The decisions from [`estimated_width_em`], for a renderer with no fonts at hand (an
    /// HTML page rendered alone); with the bundled fonts they agree with the measured ones.
    pub fn estimated(style: HeaderStyle, header: &str, office: &str, date: &str) -> HeaderFit {
        let (office, date) = (estimated_width_em(office), estimated_width_em(date));
        let office_line = match office_line(|_, cell| {
            Ok::<_, std::convert::Infallible>((office * cell, date * cell))
        }) {
            Ok(line) => line,
            Err(never) => match never {},
        };
        HeaderFit {
            name: fit_name(style, estimated_width_em(header)),
            office_line,
        }
    }
}

/// A name's width in ems without a font at hand: ideographs and full-width marks one em,
/// narrow characters (Latin, digits) half. The PDF measures its fonts instead; with the
/// bundled fonts both agree.
pub fn estimated_width_em(text: &str) -> f64 {
    text.trim()
        .chars()
        .map(|ch| {
            if super::script::is_narrow(ch) {
                0.5
            } else {
                1.0
            }
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_name_takes_the_largest_size() {
        let fit = fit_name(HeaderStyle::Brief, 5.0);
        assert_eq!(
            fit,
            NameFit {
                size: 42.0,
                scale: 1.0
            }
        );
        assert_eq!(fit_name(HeaderStyle::File, 5.0).size, 36.0);
    }

    #[test]
    fn a_long_name_is_condensed_no_more_than_allowed_before_a_smaller_size() {
        // 18 characters: 42 and 36 pt would need more than 15 % condensing; 26 pt needs 12 %.
        let fit = fit_name(HeaderStyle::Brief, 18.0);
        assert_eq!(fit.size, 26.0);
        assert!(fit.scale >= MIN_NAME_SCALE && fit.scale < 1.0);
        assert!((18.0 * em(26.0) * fit.scale - NAME_MAX_WIDTH).abs() < 1e-9);
    }

    #[test]
    fn a_name_too_long_for_every_size_is_condensed_to_fit() {
        let fit = fit_name(HeaderStyle::Brief, 40.0);
        assert_eq!(fit.size, size::ER);
        assert!((40.0 * em(size::ER) * fit.scale - NAME_MAX_WIDTH).abs() < 1e-9);
    }

    #[test]
    fn a_name_is_condensed_to_half_at_most() {
        // 二号 is 7.76 mm: 144.9 mm / 0.5 / 7.76 mm = 37.3 ideographs.
        assert!(
            (name_max_em(HeaderStyle::File) - 37.33).abs() < 0.01,
            "{}",
            name_max_em(HeaderStyle::File)
        );
        assert_eq!(
            name_max_em(HeaderStyle::Brief),
            name_max_em(HeaderStyle::File)
        );
        assert!(fit_name(HeaderStyle::File, 37.0).fits());
        assert!(!fit_name(HeaderStyle::File, 38.0).fits());
        assert!(fit_name(HeaderStyle::Brief, 10.0).fits());
    }

    #[test]
    fn the_name_stays_narrower_than_the_block() {
        // gbt9704.md: "must be narrower than the text block".
        for n in 1..60 {
            let fit = fit_name(HeaderStyle::File, n as f64);
            assert!(n as f64 * em(fit.size) * fit.scale < BLOCK_W);
        }
    }

    #[test]
    fn the_office_line_takes_the_largest_size_leaving_a_character_between() {
        let at = |office: f64, date: f64| {
            office_line(|size_pt, cell| {
                Ok::<_, ()>((office * office_line_cell(size_pt), date * cell))
            })
        };
        // 16 + 5.5 + 1 cells fit at 三号.
        assert_eq!(at(16.0, 5.5), Ok(OfficeLine::One { size: size::SAN }));
        // 21.5 + 5.5 + 1 = 28 cells: just fits; 22 + 5.5 + 1 does not, 小三 does.
        assert_eq!(at(21.5, 5.5), Ok(OfficeLine::One { size: size::SAN }));
        assert_eq!(
            at(22.0, 5.5),
            Ok(OfficeLine::One {
                size: size::XIAOSAN
            })
        );
        // 26 + 5.5 + 1 ems: 172 mm at 小三, 160 mm at 四号, 138 mm at 小四.
        assert_eq!(at(26.0, 5.5), Ok(OfficeLine::One { size: size::XIAOSI }));
        // 35 characters: not with the date, alone at 小四 (148 mm).
        assert_eq!(at(35.0, 5.5), Ok(OfficeLine::Split { size: size::XIAOSI }));
        // 31 + 5.5 + 1 ems do not fit at 小四 (159 mm): 31 alone at 四号 (153 mm); 60 fits
        // nowhere: the smallest size (refused by check).
        assert_eq!(at(31.0, 5.5), Ok(OfficeLine::Split { size: size::SI }));
        assert_eq!(at(60.0, 5.5), Ok(OfficeLine::Split { size: size::XIAOSI }));
        assert_eq!(office_line_cell(size::SAN), CELL);
        assert_eq!(office_line_cell(size::SI), em(size::SI));
    }

    #[test]
    fn file_header_name_35_mm_down_number_two_lines_under_it() {
        assert_eq!(file_name_top(0), 35.0);
        assert_eq!(file_name_top(2), 35.0);
        // Four lines of 份号 and 密级 reach 40.9 mm: the name goes below them.
        assert!((file_name_top(4) - 4.0 * LINE).abs() < 1e-9);
        // A 26 pt name from 35 mm ends at 44.2 mm, in grid line 4 (40.9..51.1): line 5 is the
        // first free one, the number on line 7.
        assert_eq!(file_number_line(35.0, 26.0), 7);
        // Ending exactly on a line's top: that line is free.
        assert_eq!(file_number_line(4.0 * LINE - em(26.0), 26.0), 6);
    }

    #[test]
    fn estimates_half_width_for_latin() {
        assert_eq!(estimated_width_em("通报"), 2.0);
        assert_eq!(estimated_width_em(" 2020年 "), 3.0);
    }
}
