//! Compiles the segmentation dictionary (src/segment) into a finite-state transducer at build
//! time, so a run never parses it: jieba's whole dictionary (`jieba-dict.txt`, 349,000 words,
//! MIT) with the official vocabulary (`official.txt`) merged over it, as a `fst::Map` from each
//! word to its frequency (`words.fst` in OUT_DIR), and the frequencies' total
//! (`words_total.rs`), which the segmenter's probabilities are relative to.

use std::collections::BTreeMap;
use std::path::Path;

const SOURCES: [&str; 2] = ["src/segment/jieba-dict.txt", "src/segment/official.txt"];

fn main() {
    let mut words: BTreeMap<String, u64> = BTreeMap::new();
    for source in SOURCES {
        println!("cargo:rerun-if-changed={source}");
        let text = std::fs::read_to_string(source).unwrap_or_else(|e| panic!("{source}: {e}"));
        for (n, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let mut fields = line.split_whitespace();
            let word = fields.next().unwrap_or_default();
            let freq = fields
                .next()
                .and_then(|f| f.parse::<u64>().ok())
                .unwrap_or_else(|| panic!("{source}:{}: `word frequency` expected", n + 1));
            // A later entry replaces an earlier one, as jieba's `load_dict` does.
            words.insert(word.to_string(), freq);
        }
    }
    let total: u64 = words.values().sum();
    let mut map = fst::MapBuilder::memory();
    for (word, freq) in &words {
        map.insert(word, *freq).expect("sorted, unique keys");
    }
    let bytes = map.into_inner().expect("fst in memory");
    let out = std::env::var("OUT_DIR").expect("OUT_DIR");
    let out = Path::new(&out);
    std::fs::write(out.join("words.fst"), bytes).expect("write words.fst");
    std::fs::write(
        out.join("words_total.rs"),
        format!(
            "/// The sum of the dictionary's frequencies ({} words).\nconst TOTAL: u64 = {total};\n",
            words.len()
        ),
    )
    .expect("write words_total.rs");
}
