//! The type styles GB/T 9704 names (仿宋, 黑体, 楷体, 小标宋, and 宋体 for page numbers).
//!
//! Shared ground: the campaign's and the draft's `fonts:` keys name them, the layout rules
//! assign them to the parts of the page, and every renderer resolves them to fonts.

/// A type style of GB/T 9704. In YAML (`fonts:` keys) it is written by its Chinese name or its
/// pinyin, and written back by its Chinese name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FontStyle {
    /// 仿宋: body text.
    Fangsong,
    /// 黑体: first-level headings, 附件 labels, bold runs.
    Heiti,
    /// 楷体: second-level headings, emphasis.
    Kaiti,
    /// 小标宋: the red header and the titles.
    Xiaobiaosong,
    /// 宋体: page numbers.
    Songti,
}

impl FontStyle {
    /// Every style, in a fixed order.
    pub const ALL: [FontStyle; 5] = [
        FontStyle::Fangsong,
        FontStyle::Heiti,
        FontStyle::Kaiti,
        FontStyle::Xiaobiaosong,
        FontStyle::Songti,
    ];

    /// The style a `fonts:` key names: its Chinese name (`仿宋`) or its pinyin (`fangsong`).
    pub fn from_key(key: &str) -> Option<FontStyle> {
        FontStyle::ALL
            .into_iter()
            .find(|s| s.name() == key || s.pinyin() == key)
    }

    /// The style's name in pinyin, as a `fonts:` key may spell it.
    pub fn pinyin(self) -> &'static str {
        match self {
            FontStyle::Fangsong => "fangsong",
            FontStyle::Heiti => "heiti",
            FontStyle::Kaiti => "kaiti",
            FontStyle::Xiaobiaosong => "xiaobiaosong",
            FontStyle::Songti => "songti",
        }
    }

    /// The style's Chinese name.
    pub fn name(self) -> &'static str {
        match self {
            FontStyle::Fangsong => "仿宋",
            FontStyle::Heiti => "黑体",
            FontStyle::Kaiti => "楷体",
            FontStyle::Xiaobiaosong => "小标宋",
            FontStyle::Songti => "宋体",
        }
    }

    /// The bundled (Fandol) file serving the style in a fonts folder.
    pub fn bundled_file(self) -> &'static str {
        match self {
            FontStyle::Fangsong => "FandolFang-Regular.otf",
            FontStyle::Heiti => "FandolHei-Regular.otf",
            FontStyle::Kaiti => "FandolKai-Regular.otf",
            FontStyle::Xiaobiaosong => "FandolSong-Bold.otf",
            FontStyle::Songti => "FandolSong-Regular.otf",
        }
    }

    /// Family names of installed fonts that serve the style, best first.
    pub fn families(self) -> &'static [&'static str] {
        match self {
            FontStyle::Fangsong => &[
                "仿宋_GB2312",
                "FangSong_GB2312",
                "仿宋",
                "FangSong",
                "方正仿宋_GBK",
                "方正仿宋简体",
                "华文仿宋",
                "STFangsong",
            ],
            FontStyle::Heiti => &[
                "黑体",
                "SimHei",
                "方正黑体_GBK",
                "方正黑体简体",
                "华文黑体",
                "STHeiti",
            ],
            FontStyle::Kaiti => &[
                "楷体_GB2312",
                "KaiTi_GB2312",
                "楷体",
                "KaiTi",
                "方正楷体_GBK",
                "方正楷体简体",
                "华文楷体",
                "STKaiti",
            ],
            FontStyle::Xiaobiaosong => &[
                "方正小标宋简体",
                "FZXiaoBiaoSong-B05S",
                "方正小标宋_GBK",
                "FZXiaoBiaoSong-B05",
            ],
            FontStyle::Songti => &[
                "宋体",
                "SimSun",
                "方正书宋_GBK",
                "方正书宋简体",
                "华文宋体",
                "STSong",
            ],
        }
    }

    /// The style's position in [`FontStyle::ALL`].
    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

impl serde::Serialize for FontStyle {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> serde::Deserialize<'de> for FontStyle {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let key = String::deserialize(d)?;
        FontStyle::from_key(key.trim()).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "应为字体样式 {}（或 {}），写的是“{key}”",
                FontStyle::ALL.map(FontStyle::name).join("、"),
                FontStyle::ALL.map(FontStyle::pinyin).join("、"),
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_in_chinese_or_pinyin() {
        for style in FontStyle::ALL {
            assert_eq!(FontStyle::from_key(style.name()), Some(style));
            assert_eq!(FontStyle::from_key(style.pinyin()), Some(style));
            assert_eq!(FontStyle::ALL[style.index()], style);
        }
        assert_eq!(FontStyle::from_key("宋"), None);
    }
}
