//! Test documents for the geometry tests: a bulletin's front matter with a body, typeset with
//! the stand-in glyphs (ideographs one em, Latin half).

use std::path::Path;

use super::metrics::{CELL, em, size};
use super::model::{Ink, Mark, Page, Placed, TextRun};
use super::pages::{Typeset, typeset};
use super::shape::testing::Fake;
use crate::document::{self, Document};

/// Front matter of a 简报式 bulletin; `extra` lines are added (e.g. `copy_number: "000001"`).
pub(crate) fn front(extra: &str) -> String {
    format!(
        "---\nstyle: \"简报\"\nheader: \"某某工作通报\"\nissue: 3\noffice: \"某某办公室\"\n\
         date: \"2020-01-06\"\ntitle: \"关于某某工作进展情况的通报\"\naddressee: \"各县区\"\n\
         signature: \"某某工作组\"\n{extra}colophon:\n  report_to: [\"市委常委\"]\n  \
         send_to: [\"各县区\"]\n  printer: \"某某办公室\"\n  print_date: \"2020-01-06\"\n---\n\n"
    )
}

/// A document of `front` and a Markdown `body`.
pub(crate) fn doc(front: &str, body: &str) -> Document {
    document::parse(Path::new("测试.md"), &format!("{front}{body}")).expect("a valid test document")
}

/// `doc` typeset with the stand-in glyphs.
pub(crate) fn pages(doc: &Document) -> Typeset {
    typeset(doc, &Fake).expect("typesets")
}

/// The text runs of a page with their text.
pub(crate) fn runs(page: &Page) -> Vec<(&TextRun, String)> {
    page.marks
        .iter()
        .filter_map(|m| match m {
            Mark::Text(r) => Some((r, r.glyphs.iter().map(|p| p.glyph.ch).collect())),
            Mark::Stroke(_) => None,
        })
        .collect()
}

/// The runs whose text is `text` on `page`, top to bottom.
pub(crate) fn runs_of<'a>(page: &'a Page, text: &str) -> Vec<&'a TextRun> {
    runs(page)
        .into_iter()
        .filter(|(_, t)| t == text)
        .map(|(r, _)| r)
        .collect()
}

/// The first run whose text is `text` on `page`.
pub(crate) fn run_of<'a>(page: &'a Page, text: &str) -> &'a TextRun {
    runs_of(page, text).first().copied().unwrap_or_else(|| {
        panic!(
            "no run “{text}” in {:?}",
            runs(page).iter().map(|(_, t)| t).collect::<Vec<_>>()
        )
    })
}

/// Left and right edges of a run's cells, mm. A full-width glyph of the 三号 grid is centred in
/// its 5.571 mm cell, and its em box (5.644 mm) overhangs the cell by 0.036 mm each side, so
/// "flush with the block" means the cell's edge; other glyphs' edges are their advance's.
pub(crate) fn extent(run: &TextRun) -> (f64, f64) {
    let width = |p: &Placed| p.glyph.advance * em(run.size) * run.scale;
    let overhang = |p: &Placed| {
        if run.size == size::SAN && run.scale == 1.0 && p.glyph.advance >= 1.0 {
            (width(p) - CELL) / 2.0
        } else {
            0.0
        }
    };
    let first = run.glyphs.first().map_or(0.0, |p| p.x + overhang(p));
    let last = run
        .glyphs
        .last()
        .map_or(0.0, |p| p.x + width(p) - overhang(p));
    (first, last)
}

/// Rules of a page in `ink`: (y, x0, x1, thickness).
pub(crate) fn rules(page: &Page, ink: Ink) -> Vec<(f64, f64, f64, f64)> {
    page.marks
        .iter()
        .filter_map(|m| match m {
            Mark::Stroke(s) if s.ink == ink => Some((s.y0, s.x0, s.x1, s.thickness)),
            _ => None,
        })
        .collect()
}

/// Whether `a` and `b` are the same length to a micrometre.
pub(crate) fn same(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-3
}

/// GB/T 9704's numbers as `gbt9704.md` states them, written out here rather than taken from
/// the layout module, so that the geometry tests fail when the layout moves away from them.
pub(crate) mod spec {
    /// 订口: the text block's left edge, 28 mm from the paper's.
    pub(crate) const BLOCK_LEFT: f64 = 28.0;
    /// 天头: the text block's top edge, 37 mm from the paper's.
    pub(crate) const BLOCK_TOP: f64 = 37.0;
    /// 版心 width.
    pub(crate) const BLOCK_W: f64 = 156.0;
    /// The block's right edge (210 − 26).
    pub(crate) const BLOCK_RIGHT: f64 = 184.0;
    /// The block's bottom edge (37 + 225; 35 mm above the paper's).
    pub(crate) const BLOCK_BOTTOM: f64 = 262.0;
    /// Character pitch: 28 a line.
    pub(crate) const CELL: f64 = 156.0 / 28.0;
    /// Line pitch: 22 a page.
    pub(crate) const LINE: f64 = 225.0 / 22.0;
    /// 版记 rules: first and last thick, those between thin.
    pub(crate) const RULE_THICK: f64 = 0.35;
    /// See [`RULE_THICK`].
    pub(crate) const RULE_THIN: f64 = 0.25;
    /// 文件式: the 发文机关标志's top edge below the block's top edge.
    pub(crate) const FILE_NAME_TOP: f64 = 35.0;
    /// 文件式: the red rule below the 发文字号.
    pub(crate) const FILE_RULE_GAP: f64 = 4.0;
    /// 页码: the dash line below the block's bottom edge.
    pub(crate) const FOLIO_BELOW: f64 = 7.0;
}

/// The header of a ranking table of sixteen columns, six of them parts with long names (a
/// clean-heating campaign's): too wide for 小五 in portrait.
pub(crate) fn wide_header() -> Vec<String> {
    let mut header: Vec<String> = ["序号", "县（市、区）", "计划数", "完成数"]
        .map(String::from)
        .to_vec();
    for part in [
        "三格化粪池式",
        "完整下水道水冲式",
        "双瓮漏斗式",
        "粪尿分集式",
        "三联通沼气池式",
        "双坑交替式",
    ] {
        header.push(format!("其中{part}"));
    }
    header.extend(
        [
            "本月新增",
            "完成率",
            "与序时进度差（百分点）",
            "排名",
            "上期排名",
            "升降",
        ]
        .map(String::from),
    );
    header
}
