//! Text read back from printed PDFs (ours and Chromium's): `pdftotext -raw`, and the check
//! that a text set over several lines breaks only between words.

use std::path::Path;

/// The PDF's text by `pdftotext -raw` (one line of the page per line, in reading order).
/// Without poppler the test is skipped, except under `CI=true`, where it fails.
pub fn pdftotext_raw(pdf: &Path) -> Option<String> {
    super::pdftotext(pdf, &["-raw"])
}

/// Every way `text` is set over consecutive pieces of `pieces` (the PDF's lines cut at
/// spaces): the lengths of the pieces, for each occurrence.
fn settings(pieces: &[&str], text: &str) -> Vec<Vec<usize>> {
    let mut found = Vec::new();
    for start in 0..pieces.len() {
        let mut joined = String::new();
        let mut lens = Vec::new();
        for piece in &pieces[start..] {
            joined.push_str(piece);
            lens.push(piece.len());
            if !text.starts_with(joined.as_str()) {
                break;
            }
            if joined == text {
                found.push(lens.clone());
                break;
            }
        }
    }
    found
}

/// Asserts that `text` appears in `pieces` and that every line break inside it falls between
/// two words.
pub fn assert_broken_between_words(pieces: &[&str], text: &str, what: &str) {
    let found = settings(pieces, text);
    assert!(!found.is_empty(), "{what} “{text}” not found in the PDF");
    let allowed = tongbao::segment::breaks(text);
    for lens in found {
        let mut at = 0;
        for len in &lens[..lens.len() - 1] {
            at += len;
            assert!(
                allowed.contains(&at),
                "{what} “{text}” broken inside a word: “{}／{}”",
                &text[..at],
                &text[at..]
            );
        }
    }
}

/// The pieces of a page of `pdftotext -raw` text: its lines cut at spaces.
pub fn pieces(page: &str) -> Vec<String> {
    page.lines()
        .flat_map(|l| l.split(' '))
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}
