//! Word segmentation for line breaking: where a line of Chinese may break so that words stay
//! whole (词意完整, as GB/T 9704 asks of titles). One function, [`breaks`], shared by every
//! renderer: the PDF's titles and table cells, the HTML's titles, header line, signature and
//! table cells, and DOCX when it sets its own breaks. Body paragraphs do not use it: they keep
//! the 28-character grid.
//!
//! Words come from jieba-rs's segmentation (the dictionary's most probable route, its HMM for
//! runs the dictionary does not join) over jieba's whole dictionary (349,000 words, MIT, like
//! jieba-rs: `jieba-dict.txt`), with the official vocabulary of titles and ranking tables
//! (`official.txt`) over it, and the campaign's own terms ([`use_words`]: the draft's `words:`).
//!
//! Nothing is parsed at run time: `build.rs` compiles the dictionary into a finite-state
//! transducer (`fst`, word → frequency) that is part of the binary and read in place. Loading
//! the whole dictionary into jieba-rs would cost about 270 ms and 30 MB; instead each text's
//! own words are looked up in the transducer and handed to a jieba-rs instance that grows by
//! them ([`Lexicon`]), with one placeholder entry holding the rest of the dictionary's total
//! frequency. The route over a text depends only on the frequencies of the words inside it and
//! on the total, so the segmentation is exactly the one the whole dictionary gives.

use std::cell::RefCell;
use std::collections::HashSet;

use fst::raw::Fst;
use jieba_rs::Jieba;

use crate::layout::script::{no_line_end, no_line_start};
use crate::term::{is_ideograph, is_term};

include!(concat!(env!("OUT_DIR"), "/words_total.rs"));

/// The dictionary as built by `build.rs`: each word mapped to its frequency.
static WORDS_FST: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/words.fst"));

/// Stands for every dictionary word not loaded yet, so the total frequency (and with it every
/// word's probability) is the whole dictionary's. A private-use character: never in a text
/// jieba segments (its blocks are ideographs, Latin letters and digits).
const REST: &str = "\u{E000}";

/// Characters a number is not separated from (`2019年`, `12月`, `61%`, `145处`).
const MEASURE_WORDS: &str = "年月日号期届次个处名项家所件户人元万亿座栋间%％";

/// The words jieba-rs knows so far: those of the texts segmented on this thread, and the
/// campaign's terms.
struct Lexicon {
    jieba: Jieba,
    /// Words already handed to `jieba` (from the dictionary or the campaign).
    loaded: HashSet<String>,
    /// The frequency left to [`REST`].
    rest: u64,
    /// The campaign terms this lexicon was made with.
    terms: Vec<String>,
}

thread_local! {
    static LEXICON: RefCell<Lexicon> = RefCell::new(Lexicon::new(&[]));
}

fn dictionary() -> Option<Fst<&'static [u8]>> {
    // Built by build.rs from the checked-in lists; tested below.
    Fst::new(WORDS_FST).ok()
}

/// Every dictionary word inside `text` (each once) with its frequency.
fn words_inside(text: &str) -> Vec<(&str, u64)> {
    let Some(fst) = dictionary() else {
        return Vec::new();
    };
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    for (start, _) in text.char_indices() {
        let mut node = fst.root();
        let mut output = fst::raw::Output::zero();
        for (i, &b) in bytes[start..].iter().enumerate() {
            let Some(t) = node.find_input(b).map(|k| node.transition(k)) else {
                break;
            };
            output = output.cat(t.out);
            node = fst.node(t.addr);
            let end = start + i + 1;
            if node.is_final() && text.is_char_boundary(end) {
                found.push((&text[start..end], output.cat(node.final_output()).value()));
            }
        }
    }
    found
}

impl Lexicon {
    fn new(terms: &[String]) -> Lexicon {
        let mut jieba = Jieba::empty();
        jieba.add_word(REST, Some(TOTAL as usize), None);
        let mut lexicon = Lexicon {
            jieba,
            loaded: HashSet::new(),
            rest: TOTAL,
            terms: terms.to_vec(),
        };
        for term in terms.iter().filter(|t| is_term(t)) {
            lexicon.load(term);
            // jieba's own way to make a phrase one word: the frequency that just outweighs the
            // route through its parts.
            lexicon.jieba.add_word(term, None, None);
            lexicon.loaded.insert(term.clone());
        }
        lexicon
    }

    /// Hands `text`'s dictionary words to jieba, taking their frequency from [`REST`].
    fn load(&mut self, text: &str) {
        let mut moved = false;
        for (word, freq) in words_inside(text) {
            if self.loaded.insert(word.to_string()) {
                self.jieba.add_word(word, Some(freq as usize), None);
                self.rest -= freq.min(self.rest);
                moved = true;
            }
        }
        if moved {
            self.jieba.add_word(REST, Some(self.rest as usize), None);
        }
    }

    /// Byte offsets where `text`'s words start.
    fn word_starts(&mut self, text: &str) -> Vec<usize> {
        self.load(text);
        self.jieba
            .cut(text, true)
            .iter()
            .map(|t| t.byte_start)
            .collect()
    }
}

/// Makes `terms` (the campaign's own names, actions, units, parts and task words, as a draft
/// lists them under `words:`) words of the dictionary for the texts segmented after it on this
/// thread, in place of any set before; each renderer calls it with its document's words. Each
/// [`is_term`] (煤改电, 拆改结合, 郯城县) becomes one word that no line breaks; a longer one is left
/// to the dictionary.
pub fn use_words(terms: &[String]) {
    LEXICON.with(|l| {
        if l.borrow().terms != terms {
            *l.borrow_mut() = Lexicon::new(terms);
        }
    });
}

/// Whether `word` is one word of the dictionary (jieba's, the official vocabulary's or a
/// campaign term given to [`use_words`] on this thread).
pub fn is_word(word: &str) -> bool {
    LEXICON.with(|l| l.borrow().loaded.contains(word))
        || dictionary().is_some_and(|fst| fst.contains_key(word))
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
        LEXICON.with(|l| l.borrow_mut().word_starts(text))
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

/// [`breaks`] for a text set in a narrow box (a table cell): the same, except before a last
/// word of one character, so a cell never ends with a character or mark alone on its line
/// (「其中／三格／化粪池式」, not 「…化粪池／式」).
pub fn cell_breaks(text: &str) -> Vec<usize> {
    let mut breaks = breaks(text);
    if let Some(&last) = breaks.last()
        && text[last..].trim_end().chars().count() == 1
    {
        breaks.pop();
    }
    breaks
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
    fn a_cell_never_breaks_before_its_last_lone_character() {
        assert_eq!(words("其中三格化粪池式").last(), Some(&"式"));
        let text = "其中三格化粪池式";
        let cut = cell_breaks(text);
        assert_eq!(cut, &breaks(text)[..breaks(text).len() - 1]);
        // A last word of two characters keeps its break.
        assert_eq!(cell_breaks("其中办成公办园"), breaks("其中办成公办园"));
        assert!(cell_breaks("式").is_empty());
    }

    #[test]
    fn the_dictionary_is_built_in_whole() {
        let fst = dictionary().expect("words.fst");
        assert!(fst.len() > 349_000, "{}", fst.len());
        for word in ["幼儿园", "取暖", "清洁", "公办园", "序时", "一丝不苟"] {
            assert!(is_word(word), "{word}");
        }
        assert!(!is_word("煤改电"));
        let inside: Vec<&str> = words_inside("取暖").into_iter().map(|w| w.0).collect();
        assert_eq!(inside, ["取", "取暖", "暖"]);
    }

    /// jieba-rs with the whole dictionary loaded the slow way (parsed from the same lists)
    /// segments exactly as the lexicon that grows by each text's words.
    #[test]
    fn segmentation_equals_the_whole_dictionary_loaded() {
        let mut full = Jieba::empty();
        full.load_dict(&mut include_str!("jieba-dict.txt").as_bytes())
            .expect("jieba's dictionary");
        // load_dict resets the total to the sum of what it loads: the official words are added
        // one by one, as build.rs merges them (each replacing jieba's entry).
        for line in include_str!("official.txt")
            .lines()
            .filter(|l| !l.starts_with('#'))
        {
            let mut f = line.split_whitespace();
            if let (Some(w), Some(n)) = (f.next(), f.next()) {
                full.add_word(w, n.parse().ok(), None);
            }
        }
        let mut lexicon = Lexicon::new(&[]);
        for text in [
            "关于2023年12月份全县冬季清洁取暖改造攻坚工作进展情况的通报",
            "其中拆改结合",
            "其中煤改电",
            "全县农村生活污水治理三年行动领导小组办公室",
            "临沂高新技术产业开发区",
            "南京市长江大桥建设工作进展情况统计表",
            "关于2019年12月份全市城镇居住区配套幼儿园专项整治工作进展情况的通报",
            "与序时进度差（百分点）",
        ] {
            let ours = lexicon.word_starts(text);
            let theirs: Vec<usize> = full.cut(text, true).iter().map(|t| t.byte_start).collect();
            assert_eq!(ours, theirs, "{text}");
        }
    }

    #[test]
    fn campaign_terms_stay_whole_up_to_four_characters() {
        let terms = [
            "煤改电".to_string(),
            "城镇居住区配套幼儿园专项整治".to_string(),
        ];
        use_words(&terms);
        assert_eq!(words("其中煤改电"), ["其中", "煤改电"]);
        assert!(is_word("煤改电"));
        // Longer than four characters: broken between its own words.
        assert!(words("城镇居住区配套幼儿园专项整治").len() > 1);
        use_words(&["拆改结合".to_string(), "郯城县".to_string()]);
        assert_eq!(words("其中拆改结合"), ["其中", "拆改结合"]);
        assert_eq!(words("郯城县"), ["郯城县"]);
        use_words(&[]);
        assert!(!is_word("煤改电"));
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
