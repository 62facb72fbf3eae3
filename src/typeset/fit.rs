//! Whether the header's one-line texts fit their places (GB/T 9704: nothing overflows the text
//! block), measured in the fonts: the red 发文机关标志 at 二号 condensed to
//! [`MIN_LAST_SCALE`](crate::layout::header::MIN_LAST_SCALE), the 简报式 office alone at 小四,
//! the 份号, the 密级 and the 发文字号 at 三号 on one line. Texts that may take several lines
//! (title, 主送, 署名, 版记, 印发机关) wrap and need no limit. A text that does not fit is an
//! [`Overflow`]: `typeset` refuses the document with it, and `check` reports it at the line of
//! `campaign.yaml` the text comes from, with the limit in characters.

pub use super::error::Overflow;
use super::error::PdfError;
use super::metrics::{BLOCK_W, CELL, em, size};
use super::setter::{Setter, place_with};
use super::shape::{GlyphSource, Item, Piece};
use crate::document::FrontMatter;
use crate::font_style::FontStyle;
use crate::layout::header::{MIN_LAST_SCALE, OFFICE_LINE_SIZES, name_max_em, office_line_cell};
use crate::model::HeaderStyle;

/// The texts of `front` that do not fit their places, in the order they are printed.
pub(crate) fn overflows(
    front: &FrontMatter,
    fonts: &dyn GlyphSource,
) -> Result<Vec<Overflow>, PdfError> {
    let set = Setter::new(fonts);
    let mut found = Vec::new();
    let given = |t: &Option<String>| {
        t.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let body = |text: Option<String>, field, part, style, setting: &str| Line {
        text,
        field,
        part,
        style,
        size_pt: size::SAN,
        cell: CELL,
        room: BLOCK_W,
        setting: setting.to_string(),
    };
    let mut lines = vec![
        body(
            given(&front.copy_number),
            "copy_number",
            "份号",
            FontStyle::Fangsong,
            "三号仿宋",
        ),
        body(
            given(&front.secrecy),
            "secrecy",
            "密级",
            FontStyle::Heiti,
            "三号黑体",
        ),
    ];
    let sizes = front.style.name_sizes();
    let smallest = sizes[sizes.len() - 1];
    lines.push(Line {
        text: Some(front.header.trim().to_string()),
        field: "header",
        part: "发文机关标志（版头红字）",
        style: FontStyle::Xiaobiaosong,
        size_pt: smallest,
        cell: em(smallest),
        room: name_max_em(front.style) * em(smallest),
        setting: format!("二号小标宋压缩到{}%", (MIN_LAST_SCALE * 100.0).round()),
    });
    match front.style {
        HeaderStyle::Brief => {
            let last = OFFICE_LINE_SIZES[OFFICE_LINE_SIZES.len() - 1];
            lines.push(Line {
                text: Some(front.office.trim().to_string()),
                field: "office",
                part: "版头的发文机关",
                style: FontStyle::Fangsong,
                size_pt: last,
                cell: office_line_cell(last),
                room: BLOCK_W,
                setting: "小四仿宋".to_string(),
            });
        }
        HeaderStyle::File => lines.push(body(
            given(&front.doc_number),
            "doc_number",
            "发文字号",
            FontStyle::Fangsong,
            "三号仿宋",
        )),
    }
    for line in lines {
        if let Some(o) = line.overflow(&set)? {
            found.push(o);
        }
    }
    Ok(found)
}

/// One text set on one line.
struct Line {
    text: Option<String>,
    field: &'static str,
    part: &'static str,
    style: FontStyle,
    size_pt: f64,
    cell: f64,
    room: f64,
    setting: String,
}

impl Line {
    fn overflow(&self, set: &Setter) -> Result<Option<Overflow>, PdfError> {
        let Some(text) = &self.text else {
            return Ok(None);
        };
        let items = set.shape(
            &[Piece {
                text,
                style: self.style,
            }],
            self.size_pt,
            self.cell,
            &|| place_with(self.part, text),
        )?;
        let width: f64 = items.iter().map(|i| i.width).sum();
        if width <= self.room + 1e-6 {
            return Ok(None);
        }
        Ok(Some(Overflow {
            field: self.field,
            part: self.part,
            chars: text.chars().count(),
            limit: fitting(&items, self.room),
            setting: self.setting.clone(),
        }))
    }
}

/// How many characters of `items`, from the first, fit `room` mm.
fn fitting(items: &[Item], room: f64) -> usize {
    let mut used = 0.0;
    let mut count = 0;
    for item in items {
        let n = item.glyphs.len().max(1);
        let each = item.width / n as f64;
        for _ in 0..n {
            if used + each > room + 1e-6 {
                return count;
            }
            used += each;
            count += 1;
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typeset::fixture::{doc, front};
    use crate::typeset::shape::testing::Fake;

    fn with(extra: &str, edit: impl Fn(&mut FrontMatter)) -> Vec<Overflow> {
        let mut d = doc(&front(extra), "正文。");
        edit(&mut d.front);
        overflows(&d.front, &Fake).expect("measures")
    }

    #[test]
    fn a_header_that_fits_has_no_overflow() {
        assert_eq!(with("", |_| {}), vec![]);
    }

    #[test]
    fn a_secrecy_mark_longer_than_the_line_is_an_overflow_with_the_limit() {
        let o = with("", |f| f.secrecy = Some("密".repeat(40)));
        assert_eq!(o.len(), 1, "{o:?}");
        assert_eq!((o[0].field, o[0].chars, o[0].limit), ("secrecy", 40, 28));
        assert!(with("", |f| f.secrecy = Some("密".repeat(28))).is_empty());
    }

    #[test]
    fn the_office_may_shrink_to_xiaosi_alone() {
        // 小四 is 4.23 mm: 36 ideographs in 156 mm.
        assert!(with("", |f| f.office = "办".repeat(36)).is_empty());
        let o = with("", |f| f.office = "办".repeat(40));
        assert_eq!((o[0].field, o[0].chars, o[0].limit), ("office", 40, 36));
    }

    #[test]
    fn the_name_may_be_condensed_to_half_at_erhao() {
        assert!(with("", |f| f.header = "标".repeat(37)).is_empty());
        let o = with("", |f| f.header = "标".repeat(45));
        assert_eq!((o[0].field, o[0].limit), ("header", 37));
        assert_eq!(o[0].setting, "二号小标宋压缩到50%");
    }

    #[test]
    fn the_doc_number_counts_in_the_file_header_only() {
        let long = "临整办".repeat(10) + "〔2020〕4号";
        let o = with("", |f| {
            f.style = HeaderStyle::File;
            f.doc_number = Some(long.clone());
        });
        assert_eq!(o.len(), 1);
        assert_eq!(o[0].field, "doc_number");
        assert_eq!(
            o[0].to_string(),
            format!(
                "通报开头的 doc_number：发文字号共 {} 个字，排不下：按所用字体，三号仿宋一行最多排得下 {} 个字（超出部分会跑出版心）。请改短，例如用简称",
                long.chars().count(),
                o[0].limit
            )
        );
    }
}
