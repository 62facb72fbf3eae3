//! Word segmentation for line breaking: where a line of Chinese may break so that words stay
//! whole (词意完整, as GB/T 9704 asks of titles). One function, [`breaks`], shared by every
//! renderer: the PDF's titles and table cells, the HTML's titles, header line, signature and
//! table cells, and DOCX when it sets its own breaks. Body paragraphs do not use it: they keep
//! the 28-character grid.
//!
//! Words come from jieba-rs (the dictionary's most probable route, HMM for words it does not
//! know) over a trimmed dictionary, `words.txt`: the 6,000 most frequent words of jieba's own
//! dictionary (MIT, like jieba-rs) and the vocabulary of official titles and ranking tables.
//! jieba's whole dictionary (349,000 words) costs about 270 ms to load, 3 MB of binary and
//! 30 MB of memory, more than a whole build of the sample; the trimmed one loads in about
//! 1–3 ms. It is loaded once, the first time a text with two ideographs in a row is asked
//! about, so a document that needs no breaking never loads it.

use std::sync::OnceLock;

use jieba_rs::Jieba;

use crate::layout::script::{no_line_end, no_line_start};

/// The dictionary: `word frequency` per line.
const WORDS: &str = include_str!("words.txt");

/// Characters a number is not separated from (`2019年`, `12月`, `61%`, `145处`).
const MEASURE_WORDS: &str = "年月日号期届次个处名项家所件户人元万亿座栋间%％";

fn jieba() -> &'static Jieba {
    static JIEBA: OnceLock<Jieba> = OnceLock::new();
    JIEBA.get_or_init(|| {
        // The dictionary is built in and tested; an empty one still segments by HMM.
        Jieba::with_dict(&mut WORDS.as_bytes()).unwrap_or_else(|_| Jieba::empty())
    })
}

fn is_ideograph(ch: char) -> bool {
    matches!(ch as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFD)
}

/// Byte offsets `i` (with `0 < i < text.len()`) at which a line may break inside `text`:
/// between two words, and where no prohibition (禁则) forbids it — never before a closing
/// mark or after an opening one, never inside a run of Latin letters and digits, never between
/// a number and its measure word or percent sign, never before 的 or before a space (the
/// break comes after it). Ascending.
pub fn breaks(text: &str) -> Vec<usize> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let needs_words = chars
        .windows(2)
        .any(|w| is_ideograph(w[0].1) && is_ideograph(w[1].1));
    let word_starts: Vec<usize> = if needs_words {
        jieba()
            .cut(text, true)
            .iter()
            .map(|t| t.byte_start)
            .collect()
    } else {
        chars.iter().map(|(i, _)| *i).collect()
    };
    let char_at = |i: usize| chars.binary_search_by_key(&i, |c| c.0).ok();
    word_starts
        .into_iter()
        .filter(|&i| i > 0 && i < text.len())
        .filter(|&i| {
            let Some(k) = char_at(i) else { return false };
            let (a, b) = (chars[k - 1].1, chars[k].1);
            let latin = |c: char| c.is_ascii_alphanumeric() || ".,:/-+_%".contains(c);
            !(no_line_start(b)
                || no_line_end(a)
                || (latin(a) && latin(b))
                || (a.is_ascii_digit() && MEASURE_WORDS.contains(b))
                || b == '的'
                || b.is_whitespace())
        })
        .collect()
}

/// `text` cut at its [`breaks`]: the pieces a line-breaker may not split.
pub fn words(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for b in breaks(text) {
        out.push(&text[start..b]);
        start = b;
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dictionary_loads() {
        assert!(Jieba::with_dict(&mut WORDS.as_bytes()).is_ok());
        assert!(jieba().has_word("幼儿园"));
    }

    #[test]
    fn titles_and_headers_break_between_words() {
        assert_eq!(
            words("关于2019年12月份全市城镇居住区配套幼儿园专项整治工作进展情况的通报"),
            [
                "关于",
                "2019年",
                "12月份",
                "全市",
                "城镇",
                "居住区",
                "配套幼儿园",
                "专项整治",
                "工作",
                "进展情况的",
                "通报"
            ]
        );
        assert_eq!(words("城镇老旧小区改造"), ["城镇", "老旧小区", "改造"]);
        assert_eq!(
            words("其中委托办成普惠性民办园"),
            ["其中", "委托", "办成", "普惠性", "民办园"]
        );
        assert_eq!(
            words("与序时进度差（百分点）"),
            ["与", "序时", "进度", "差", "（百分点）"]
        );
        assert_eq!(words("公办园"), ["公办园"]);
        assert_eq!(
            words("临沂市城镇居住区配套幼儿园专项整治工作领导小组办公室"),
            [
                "临沂市",
                "城镇",
                "居住区",
                "配套幼儿园",
                "专项整治",
                "工作",
                "领导小组办公室"
            ]
        );
    }

    #[test]
    fn numbers_latin_and_punctuation_keep_together() {
        assert_eq!(words("完成率61.5%"), ["完成率", "61.5%"]);
        assert_eq!(words("GB/T 9704-2012"), ["GB/T ", "9704-2012"]);
        assert_eq!(words("-58.3"), ["-58.3"]);
        assert!(breaks("").is_empty());
        assert!(breaks("县").is_empty());
    }

    #[test]
    fn every_break_is_a_char_boundary_inside_the_text() {
        for text in [
            "（一）加快推进进度。",
            "a县b区",
            "《通知》“百日攻坚”",
            "𠀀𠀀县区",
        ] {
            for b in breaks(text) {
                assert!(
                    b > 0 && b < text.len() && text.is_char_boundary(b),
                    "{text}"
                );
            }
            assert_eq!(words(text).concat(), text);
        }
    }
}
