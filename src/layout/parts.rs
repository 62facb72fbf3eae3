//! Which type style each part of the body takes (GB/T 9704 主体).

use crate::font_style::FontStyle;

/// The style of a heading of `level` (1 一、, 2 （一）, 3 1., 4 （1）): 黑体 / 楷体 / 仿宋 / 仿宋.
pub fn heading_style(level: u8) -> FontStyle {
    match level {
        1 => FontStyle::Heiti,
        2 => FontStyle::Kaiti,
        _ => FontStyle::Fangsong,
    }
}

/// Body text, 主送, signature, 版记: 仿宋.
pub const BODY_STYLE: FontStyle = FontStyle::Fangsong;
/// The red name and the titles: 小标宋.
pub const TITLE_STYLE: FontStyle = FontStyle::Xiaobiaosong;
/// `**strong**` runs and the 附件 label: 黑体.
pub const STRONG_STYLE: FontStyle = FontStyle::Heiti;
/// `*emphasis*` runs: 楷体.
pub const EMPHASIS_STYLE: FontStyle = FontStyle::Kaiti;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_styles_of_the_standard() {
        let styles: Vec<_> = (1..=4).map(heading_style).collect();
        assert_eq!(
            styles,
            [
                FontStyle::Heiti,
                FontStyle::Kaiti,
                FontStyle::Fangsong,
                FontStyle::Fangsong
            ]
        );
    }
}
