//! The typeset pages as text: one line per glyph run, rule and outline anchor, with positions in
//! millimetres from the page's top-left corner — what the golden page tests compare
//! (`tests/pages.rs`), in the spirit of Typst's reference tests.

use std::fmt::Write;

use super::metrics::em;
use super::model::{Ink, Mark, TextRun};
use super::pages::Typeset;

fn ink(ink: Ink) -> &'static str {
    match ink {
        Ink::Black => "black",
        Ink::Red => "red",
    }
}

/// Where a run ends on the right, mm.
fn right_edge(run: &TextRun) -> f64 {
    run.glyphs
        .last()
        .map_or(0.0, |p| p.x + p.glyph.advance * em(run.size) * run.scale)
}

/// The faces a run uses, in order of first use, e.g. `f0` or `f0+f2`.
fn faces(run: &TextRun) -> String {
    let mut seen: Vec<u8> = Vec::new();
    for p in &run.glyphs {
        if !seen.contains(&p.glyph.face.0) {
            seen.push(p.glyph.face.0);
        }
    }
    seen.iter()
        .map(|f| format!("f{f}"))
        .collect::<Vec<_>>()
        .join("+")
}

/// The dump of `typeset`.
pub(crate) fn dump(typeset: &Typeset) -> String {
    let mut out = String::new();
    for (i, page) in typeset.pages.iter().enumerate() {
        let folio = page.folio.map_or("-".to_string(), |n| n.to_string());
        let turned = if page.turned {
            " turned (marks in the turned page's coordinates, page number upright)"
        } else {
            ""
        };
        let _ = writeln!(out, "page {} folio {folio}{turned}", i + 1);
        for mark in page.marks.iter().chain(&page.upright) {
            match mark {
                Mark::Text(run) => {
                    let text: String = run.glyphs.iter().map(|p| p.glyph.ch).collect();
                    let x0 = run.glyphs.first().map_or(0.0, |p| p.x);
                    let _ = writeln!(
                        out,
                        "  text {:.1}pt {} {}{} x {x0:.2}..{:.2} y {:.2}{} {text}",
                        run.size,
                        ink(run.ink),
                        faces(run),
                        if run.bold { " bold" } else { "" },
                        right_edge(run),
                        run.baseline,
                        if (run.scale - 1.0).abs() > 1e-9 {
                            format!(" scale {:.3}", run.scale)
                        } else {
                            String::new()
                        },
                    );
                }
                Mark::Stroke(s) => {
                    let _ = writeln!(
                        out,
                        "  rule {:.2}mm {} {:.2},{:.2} -> {:.2},{:.2}",
                        s.thickness,
                        ink(s.ink),
                        s.x0,
                        s.y0,
                        s.x1,
                        s.y1
                    );
                }
            }
        }
    }
    for a in &typeset.anchors {
        let _ = writeln!(out, "anchor page {} y {:.2} {}", a.page + 1, a.y, a.title);
    }
    out
}
