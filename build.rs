//! Compiles the segmentation dictionary (src/segment) into a finite-state transducer at build
//! time, so a run never parses it: jieba's whole dictionary (`jieba-dict.txt`, 349,000 words,
//! MIT) with the official vocabulary (`official.txt`) merged over it, as a `fst::Map` from each
//! word to its frequency (`words.fst` in OUT_DIR), and the frequencies' total
//! (`words_total.rs`), which the segmenter's probabilities are relative to.
//!
//! It also hands the linker `scripts/hot-symbols.txt`, the functions a `build` runs (made by
//! `scripts/hot-symbols.sh`), so that they lie together in the binary: the kernel maps a
//! binary's code in 64 KB windows around each page it touches, and scattered over the 13 MB
//! of code they made 11 MB of it resident in every run (with the list: 4.5 MB; the sample's
//! peak memory 27.3 → 20.5 MiB). Only where the linker is Rust's own LLD (x86_64 Linux, Rust
//! 1.90 or later, no linker configured) and only for release builds; a name the list has and
//! the binary has not is ignored, so a stale list costs memory, never correctness.

use std::collections::BTreeMap;
use std::path::Path;

const SOURCES: [&str; 2] = ["src/segment/jieba-dict.txt", "src/segment/official.txt"];

fn main() {
    dictionary();
    link_order();
}

fn dictionary() {
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

/// Passes the hot-symbol list to LLD when it links the release binary (see the top).
fn link_order() {
    const LIST: &str = "scripts/hot-symbols.txt";
    println!("cargo:rerun-if-changed={LIST}");
    println!("cargo:rerun-if-env-changed=RUSTC_LINKER");
    let var = |key: &str| std::env::var(key).unwrap_or_default();
    let rust_lld = var("TARGET") == "x86_64-unknown-linux-gnu"
        && var("HOST") == var("TARGET")
        && std::env::var_os("RUSTC_LINKER").is_none()
        && !var("CARGO_ENCODED_RUSTFLAGS").contains("link")
        && rustc_minor().is_some_and(|minor| minor >= 90);
    let list = Path::new(&var("CARGO_MANIFEST_DIR")).join(LIST);
    let path = list.display().to_string();
    if !rust_lld || var("PROFILE") != "release" || !list.is_file() || path.contains(',') {
        return;
    }
    println!("cargo:rustc-link-arg-bin=tongbao=-Wl,--symbol-ordering-file={path}");
    println!("cargo:rustc-link-arg-bin=tongbao=-Wl,--no-warn-symbol-ordering");
}

/// The minor version of the compiler building us (`rustc 1.95.0 (…)` → 95).
fn rustc_minor() -> Option<u32> {
    let rustc = std::env::var_os("RUSTC")?;
    let out = std::process::Command::new(rustc)
        .arg("--version")
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    text.split_whitespace()
        .nth(1)?
        .split('.')
        .nth(1)?
        .parse()
        .ok()
}
