//! Golden page dumps: every shipped sample (each folder of `sample-data/`, its latest period)
//! typeset with the bundled fonts and dumped one line per glyph run and rule, positions in mm
//! (`tongbao::typeset::page_dump`), compared with `tests/golden/pages/<sample>.txt`.
//!
//! A change to the layout or to a bulletin's text changes these files on purpose. Regenerate
//! them and review the diff like code:
//!
//! ```text
//! UPDATE_GOLDEN=1 cargo test --test pages
//! git diff tests/golden/pages/
//! ```
//!
//! (A new sample folder gets its golden file the same way.)

use std::path::{Path, PathBuf};

use tongbao::fonts::{Fonts, Origin};
use tongbao::typeset::page_dump;

fn samples() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("sample-data")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.join("campaign.yaml").is_file())
        .collect();
    dirs.sort();
    dirs
}

fn dump(dir: &Path) -> String {
    let fonts_dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fonts")
        .canonicalize()
        .expect("fonts/");
    let inputs = tongbao::load(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let bulletin = tongbao::bulletin(&inputs, None, None).expect("the sample composes");
    let fonts = Fonts::resolve(&tongbao::document_fonts(&bulletin.document, dir))
        .expect("the bundled fonts");
    // The goldens measure the shipped Fandol fonts, the same on every machine.
    for source in fonts.sources() {
        assert!(
            source.origin == Origin::Folder
                && source
                    .path
                    .canonicalize()
                    .is_ok_and(|p| p.starts_with(&fonts_dir)),
            "{}: {:?} is served by {} ({:?}), not the repository's fonts/",
            dir.display(),
            source.style,
            source.path.display(),
            source.origin
        );
    }
    page_dump(&bulletin.document, &fonts).expect("the sample typesets")
}

/// Where `now` departs from `golden`: the first differing line (1-based) with both versions,
/// and how many lines differ in all.
fn first_difference(golden: &str, now: &str) -> String {
    let (g, n): (Vec<&str>, Vec<&str>) = (golden.lines().collect(), now.lines().collect());
    let longest = g.len().max(n.len());
    let differ: Vec<usize> = (0..longest).filter(|&i| g.get(i) != n.get(i)).collect();
    let Some(&first) = differ.first() else {
        return "no line differs (line endings?)".to_string();
    };
    format!(
        "line {} ({} of {longest} lines differ):\n  golden: {}\n  now:    {}",
        first + 1,
        differ.len(),
        g.get(first).unwrap_or(&"(end)"),
        n.get(first).unwrap_or(&"(end)")
    )
}

#[test]
fn the_pages_of_every_sample_match_their_golden_dump() {
    let golden_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/pages");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let samples = samples();
    assert!(samples.len() >= 2, "samples: {samples:?}");
    let mut failures = Vec::new();
    for dir in samples {
        let name = dir.file_name().and_then(|n| n.to_str()).expect("a name");
        let file = golden_dir.join(format!("{name}.txt"));
        let now = dump(&dir);
        assert!(
            now.contains("\n  rule ") && now.contains("\n  text "),
            "{now}"
        );
        if update {
            std::fs::create_dir_all(&golden_dir).expect("mkdir");
            std::fs::write(&file, &now).expect("write golden");
            continue;
        }
        match std::fs::read_to_string(&file) {
            Ok(golden) if golden == now => {}
            Ok(golden) => failures.push(format!(
                "{}: differs at {}",
                file.display(),
                first_difference(&golden, &now)
            )),
            Err(_) => failures.push(format!("{}: missing", file.display())),
        }
    }
    assert!(
        failures.is_empty(),
        "page layout changed:\n{}\n\nIf the change is intended: UPDATE_GOLDEN=1 cargo test --test pages, then review git diff tests/golden/pages/",
        failures.join("\n")
    );
}
