//! The HTML page printed by Chromium (headless `--print-to-pdf`) as the office would print it:
//! on the PDF's grid (the layout checker's R3 and R7 pass: 22 lines a page at 225/22 mm, the
//! first line's top on the block's top edge), page numbers `— N —` alternating right and left,
//! no heading left at a page foot, the 版记 at the foot of its page with the printing office and
//! the date on one line, apart, and titles, header cells, the office line and the signature
//! broken only between words.
//!
//! Every shipped sample's monthly bulletin, weekly 调度 and quarterly 督导通报 is printed once
//! (one Chromium launch per document, shared by the tests below) and read back with pdfplumber
//! (text lines with their positions), `pdftotext -raw` and `tests/tools/gbt9704_check.py`.
//! Chromium, python3 with pdfplumber and poppler are installed by `.ci/run`; without them these
//! tests are skipped, except under `CI=true`, where they fail. Chromium is given the
//! repository's Fandol fonts through `fonts/fontconfig/fonts.conf`: without them it prints the
//! page's Chinese as boxes.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use common::gbt9704::{Verdict, check};
use common::printed::{assert_broken_between_words, chromium_pdf as print, pdftotext_raw, pieces};
use common::{TempDir, available, render_md, stderr, tongbao};
use tongbao::document::{Block, Document};
use tongbao::layout::page::{
    BLOCK_BOTTOM, BLOCK_LEFT, BLOCK_RIGHT, BLOCK_TOP, CELL, LINE, MM_PER_PT, TABLE_LINE,
};
use tongbao::layout::{colophon, folio, signature, size};

/// The documents printed: each sample's latest month (the default period), and its weeks and
/// quarters where it has them.
const DOCUMENTS: [(&str, Option<&str>); 8] = [
    ("linyi-kindergarten", None),
    ("dongyi-rural-toilets", None),
    ("long-variant", None),
    ("linyi-kindergarten", Some("2019-W48")),
    ("dongyi-rural-toilets", Some("2024-W43")),
    ("linyi-kindergarten", Some("2019-Q4")),
    ("dongyi-rural-toilets", Some("2024-Q3")),
    ("long-variant", Some("2019-Q4")),
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Chromium, pdfplumber and pdftotext are all there (or the test is skipped outside CI).
fn tools() -> bool {
    available("chromium", &["--version"])
        && available("python3", &["-c", "import pdfplumber"])
        && available("pdftotext", &["-v"])
}

/// One printed line of text: its characters and where they are, in mm from the page's top
/// left corner.
#[derive(Debug, Clone)]
struct Line {
    /// The characters, spaces and control characters left out.
    text: String,
    /// Left and right edge of each character of `text`.
    xs: Vec<(f64, f64)>,
    top: f64,
    bottom: f64,
    /// Its baseline (the median of its characters').
    base: f64,
    /// The type size of its first character, pt.
    size: f64,
    /// Most of its characters are red (the red name of the header).
    red: bool,
}

impl Line {
    /// The top of its em box: 0.88 em above the baseline (the ideographic em box's).
    fn em_top(&self) -> f64 {
        self.base - 0.88 * self.size * MM_PER_PT
    }
    /// The middle of its em box.
    fn axis(&self) -> f64 {
        self.em_top() + self.size * MM_PER_PT / 2.0
    }
    fn left(&self) -> f64 {
        self.xs.first().map_or(0.0, |x| x.0)
    }
    fn right(&self) -> f64 {
        self.xs.last().map_or(0.0, |x| x.1)
    }
}

/// A printed page: its text lines top to bottom, and its filled rectangles and lines
/// (Chromium draws borders as rectangles) as (left, right, top, bottom) in mm.
#[derive(Debug)]
struct PrintedPage {
    lines: Vec<Line>,
    rules: Vec<(f64, f64, f64, f64)>,
}

/// The PDF's pages read by pdfplumber.
fn read_pdf(pdf: &Path) -> Vec<PrintedPage> {
    let script = r#"
import sys, json, statistics, unicodedata, pdfplumber
# Chromium's ToUnicode maps some ideographs of the Fandol fonts to their Kangxi radicals
# (⽉ for 月); NFKC takes those back. Spaces and control characters are left out.
def chars(line):
    out = []
    for c in line["chars"]:
        t = c["text"]
        if t and 0x2E80 <= ord(t[0]) <= 0x2FDF:
            t = unicodedata.normalize("NFKC", t)
        if t.strip() and unicodedata.category(t[0])[0] != "C":
            out.append([t, c["x0"], c["x1"], c["size"]])
    return out
def red(c):
    col = c.get("non_stroking_color")
    return isinstance(col, (list, tuple)) and len(col) == 3 and col[0] > 0.5 and col[1] < 0.3 and col[2] < 0.3
pages = []
with pdfplumber.open(sys.argv[1]) as pdf:
    for p in pdf.pages:
        lines = [{"top": l["top"], "bottom": l["bottom"],
                  "base": statistics.median(p.height - c["matrix"][5] for c in l["chars"]),
                  "red": 2 * sum(red(c) for c in l["chars"]) > len(l["chars"]),
                  "chars": chars(l)}
                 for l in p.extract_text_lines(return_chars=True, strip=True) if l["chars"]]
        rules = [[r["x0"], r["x1"], r["top"], r["bottom"]] for r in p.rects + p.lines]
        pages.append({"lines": lines, "rules": rules})
json.dump(pages, sys.stdout, ensure_ascii=False)
"#;
    let o = Command::new("python3")
        .args(["-c", script])
        .arg(pdf)
        .output()
        .expect("run python3");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("pdfplumber's JSON");
    let mm = |v: &serde_json::Value| v.as_f64().expect("a number") * MM_PER_PT;
    v.as_array()
        .expect("pages")
        .iter()
        .map(|p| {
            let lines = p["lines"]
                .as_array()
                .expect("lines")
                .iter()
                .map(|l| {
                    let chars = l["chars"].as_array().expect("chars");
                    Line {
                        text: chars.iter().map(|c| c[0].as_str().unwrap_or("")).collect(),
                        xs: chars.iter().map(|c| (mm(&c[1]), mm(&c[2]))).collect(),
                        top: mm(&l["top"]),
                        bottom: mm(&l["bottom"]),
                        base: mm(&l["base"]),
                        size: chars.first().and_then(|c| c[3].as_f64()).unwrap_or(0.0),
                        red: l["red"].as_bool().unwrap_or(false),
                    }
                })
                .collect();
            let rules = p["rules"]
                .as_array()
                .expect("rules")
                .iter()
                .map(|r| (mm(&r[0]), mm(&r[1]), mm(&r[2]), mm(&r[3])))
                .collect();
            PrintedPage { lines, rules }
        })
        .collect()
}

/// The page's number line (below the text block), if any.
fn folio_line(page: &PrintedPage) -> Option<&Line> {
    page.lines.iter().find(|l| l.top > BLOCK_BOTTOM)
}

/// The document of a built `bulletin.md`.
fn parse(md: &Path) -> Document {
    let text = std::fs::read_to_string(md).expect("md");
    tongbao::document::parse(md, &text).expect("the draft parses")
}

fn plain(spans: &[tongbao::document::Span]) -> String {
    spans.iter().map(|s| s.text.as_str()).collect()
}

/// The texts that must not end a page: the headings and the attachments' labels and titles.
fn headings(doc: &Document) -> Vec<String> {
    let of = |blocks: &[Block]| -> Vec<String> {
        blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading { spans, .. } => Some(plain(spans)),
                _ => None,
            })
            .collect()
    };
    let mut out = of(&doc.body);
    for a in &doc.attachments {
        out.push(a.label.clone());
        out.push(a.title.clone());
        out.extend(of(&a.blocks));
    }
    out.into_iter()
        .map(|h| h.chars().filter(|c| !c.is_whitespace()).collect())
        .collect()
}

/// One document as Chromium printed it, read back (its files are gone: only what the tests
/// read is kept).
struct Printed {
    /// The sample and its period, as the assertions name it.
    what: String,
    /// The draft (`bulletin.md`) and the document parsed from it.
    md: String,
    doc: Document,
    pages: Vec<PrintedPage>,
    /// `pdftotext -raw` of the print.
    raw: String,
    verdicts: Vec<Verdict>,
}

/// Builds `sample`'s `period` (the latest month when `None`) as md and HTML into `out`.
fn build_html(tmp: &Path, sample: &str, period: Option<&str>, out: &Path) -> PathBuf {
    let campaign = root().join("sample-data").join(sample);
    let mut args = vec!["build", campaign.to_str().expect("utf-8 path")];
    if let Some(p) = period {
        args.extend(["--period", p]);
    }
    args.extend([
        "--format",
        "md,html",
        "--out",
        out.to_str().expect("utf-8 path"),
    ]);
    let o = tongbao(tmp, &args);
    assert!(o.status.success(), "{sample} {period:?}: {}", stderr(&o));
    out.join("bulletin.html")
}

/// Builds and prints `DOCUMENTS[i]` in `tmp` and reads the print back.
fn print_document(tmp: &Path, i: usize) -> Printed {
    let (sample, period) = DOCUMENTS[i];
    let what = format!("{sample} {}", period.unwrap_or("月度"));
    let html = build_html(tmp, sample, period, &tmp.join(format!("doc{i}")));
    let md_path = html.with_file_name("bulletin.md");
    let pdf = print(&html);
    Printed {
        md: std::fs::read_to_string(&md_path).expect("md"),
        doc: parse(&md_path),
        pages: read_pdf(&pdf),
        raw: pdftotext_raw(&pdf).expect("pdftotext"),
        verdicts: check(&pdf),
        what,
    }
}

/// Every document of [`DOCUMENTS`] printed once for all the tests of this file, two at a time
/// (Chromium is the slow part); `None` when the tools are missing (outside CI).
fn printed() -> Option<&'static [Printed]> {
    static PRINTED: OnceLock<Option<Vec<Printed>>> = OnceLock::new();
    PRINTED
        .get_or_init(|| {
            if !tools() {
                return None;
            }
            let tmp = TempDir::new("print");
            let mut out: Vec<Option<Printed>> = (0..DOCUMENTS.len()).map(|_| None).collect();
            std::thread::scope(|s| {
                let (even, odd): (Vec<_>, Vec<_>) =
                    out.iter_mut().enumerate().partition(|(i, _)| i % 2 == 0);
                for half in [even, odd] {
                    let tmp = tmp.path();
                    s.spawn(move || {
                        for (i, slot) in half {
                            *slot = Some(print_document(tmp, i));
                        }
                    });
                }
            });
            Some(out.into_iter().map(|p| p.expect("printed")).collect())
        })
        .as_deref()
}

/// The monthly bulletin of the first sample, printed.
fn first_month(docs: &[Printed]) -> &Printed {
    &docs[0]
}

/// Page numbers `— N —` on every page, odd ones flush right and even ones flush left one
/// character in, the dash line 7 mm below the block; no page ends with a heading.
fn assert_numbered_and_no_heading_stranded(pages: &[PrintedPage], doc: &Document, what: &str) {
    let headings = headings(doc);
    assert!(pages.len() >= 2, "{what}: {} pages", pages.len());
    // Printed at 100 %: the 主送 (its first line) in 三号 (Chromium shrinks a page wider than its box).
    let addressee = format!("{}：", doc.front.addressee.trim());
    let line = pages[0]
        .lines
        .iter()
        .find(|l| l.text.chars().count() >= 4 && addressee.starts_with(&l.text))
        .unwrap_or_else(|| panic!("{what}: no “{addressee}” on p1"));
    assert!(
        (line.size - size::BODY).abs() < 0.05,
        "{what}: the 主送 printed at {:.2} pt",
        line.size
    );
    for (i, page) in pages.iter().enumerate() {
        let n = i + 1;
        let number = folio_line(page).unwrap_or_else(|| panic!("{what}: p{n} has no number"));
        assert_eq!(number.text, folio::text(n).replace(' ', ""), "{what}: p{n}");
        let axis = (number.top + number.bottom) / 2.0;
        assert!(
            (axis - folio::AXIS).abs() < 1.5,
            "{what}: p{n}'s number at {axis:.1} mm, not {} mm",
            folio::AXIS
        );
        match folio::side(n) {
            folio::Side::Right => assert!(
                (number.right() - (BLOCK_RIGHT - CELL)).abs() < 1.5,
                "{what}: p{n}'s number ends at {:.1} mm",
                number.right()
            ),
            folio::Side::Left => assert!(
                (number.left() - (BLOCK_LEFT + CELL)).abs() < 1.5,
                "{what}: p{n}'s number starts at {:.1} mm",
                number.left()
            ),
        }
        let last = page
            .lines
            .iter()
            .rfind(|l| l.top < BLOCK_BOTTOM)
            .unwrap_or_else(|| panic!("{what}: p{n} is empty"));
        if n < pages.len() {
            assert!(
                !headings.contains(&last.text),
                "{what}: heading “{}” stranded at the foot of p{n}",
                last.text
            );
        }
    }
}

#[test]
fn printed_samples_are_numbered_and_keep_headings_with_their_text() {
    let Some(docs) = printed() else {
        return;
    };
    for d in docs {
        assert_numbered_and_no_heading_stranded(&d.pages, &d.doc, &d.what);
        assert_table_cells_whole(&d.pages, &d.doc, &d.what);
    }
}

/// Every cell of the tables (the attachments' and a 调度's in its body) is printed on one line, as the PDF sets it: the page's
/// column widths are the typesetter's, so 东沂高新技术产业开发区 is not wrapped in the browser
/// when the PDF keeps it whole.
fn assert_table_cells_whole(pages: &[PrintedPage], doc: &Document, what: &str) {
    let lines: Vec<&str> = pages
        .iter()
        .flat_map(|p| p.lines.iter().map(|l| l.text.as_str()))
        .collect();
    let mut cells = 0;
    let blocks = doc
        .body
        .iter()
        .chain(doc.attachments.iter().flat_map(|a| &a.blocks));
    for block in blocks {
        let Block::Table(t) = block else {
            continue;
        };
        for cell in t.rows.iter().flatten() {
            let cell: String = cell.chars().filter(|c| !c.is_whitespace()).collect();
            if cell.is_empty() {
                continue;
            }
            assert!(
                lines.iter().any(|l| l.contains(&cell)),
                "{what}: the cell “{cell}” is wrapped in Chromium's print"
            );
            cells += 1;
        }
    }
    assert!(cells > 0, "{what}: no table cells checked");
}

/// A draft whose body is many headings, each followed by a paragraph of a different length,
/// so that headings fall at every height of the page, the foot included.
fn headings_everywhere(md: &str) -> String {
    let (front, _) = md
        .trim_start_matches("---\n")
        .split_once("\n---\n")
        .expect("front matter");
    let mut out = format!("---\n{front}\n---\n\n开头段落。\n\n");
    let sentence = "各县区要对照目标任务，倒排工期，挂图作战，确保按期完成整治任务。";
    for k in 1..=40usize {
        out.push_str(&format!("# 第{k}项工作\n\n"));
        out.push_str(&sentence.repeat(k * 7 % 5 + 1));
        out.push_str("\n\n");
    }
    out
}

#[test]
fn no_heading_is_left_at_a_page_foot_wherever_it_falls() {
    let Some(docs) = printed() else {
        return;
    };
    let tmp = TempDir::new("print-headings");
    let test_md = tmp.path().join("headings.md");
    std::fs::write(&test_md, headings_everywhere(&first_month(docs).md)).expect("write");
    let out = tmp.path().join("headings");
    let o = render_md(tmp.path(), &test_md, "html", &out);
    assert!(o.status.success(), "{}", stderr(&o));
    let pages = read_pdf(&print(&out.join("bulletin.html")));
    assert!(pages.len() >= 6, "{} pages", pages.len());
    assert_numbered_and_no_heading_stranded(&pages, &parse(&test_md), "headings");
}

/// The 版记's 印发 line: the printing office's last line and the date on one line, the office
/// ending left of the date; the date never broken; the rules 0.35 / 0.25 mm thick, the last on
/// the block's bottom edge.
fn assert_printer_line(pages: &[PrintedPage], doc: &Document, what: &str) {
    let last = pages.last().expect("a page");
    let date = colophon::print_date_text(&doc.front.colophon);
    let printer = doc.front.colophon.printer.trim();
    let at = last
        .lines
        .iter()
        .position(|l| l.text.ends_with(&date))
        .unwrap_or_else(|| panic!("{what}: “{date}” not on one line of the last page"));
    let line = &last.lines[at];
    let split = line.text.chars().count() - date.chars().count();
    assert!(split > 0, "{what}: the date is alone on its line");
    let (printer_end, date_start) = (line.xs[split - 1].1, line.xs[split].0);
    assert!(
        printer_end + 2.0 <= date_start,
        "{what}: the printing office ends at {printer_end:.1} mm, the date starts at {date_start:.1} mm"
    );
    // The office, over as many lines as it takes, ends just before the date.
    let before: String = last.lines[..at].iter().map(|l| l.text.as_str()).collect();
    let office = format!("{before}{}", &line.text[..line.text.len() - date.len()]);
    assert!(
        office.ends_with(printer),
        "{what}: “{office}” does not end with “{printer}”"
    );
    // The 版记's rules as wide as the block, thick first and last, thin between.
    let mut rules: Vec<&(f64, f64, f64, f64)> = last
        .rules
        .iter()
        .filter(|r| r.1 - r.0 > 150.0 && r.3 - r.2 < 1.0)
        .collect();
    rules.sort_by(|a, b| a.2.total_cmp(&b.2));
    let thickness: Vec<f64> = rules.iter().map(|r| r.3 - r.2).collect();
    assert!(thickness.len() >= 3, "{what}: 版记 rules {thickness:?}");
    let n = thickness.len();
    for (i, t) in thickness.iter().enumerate() {
        let want = if i == 0 || i == n - 1 {
            tongbao::layout::rules::THICK
        } else {
            tongbao::layout::rules::THIN
        };
        assert!((t - want).abs() < 0.05, "{what}: 版记 rules {thickness:?}");
    }
    // The 版记 sits at the foot: its last rule on the block's bottom edge.
    let bottom = rules.last().map_or(0.0, |r| r.3);
    assert!(
        (bottom - BLOCK_BOTTOM).abs() < 1.0,
        "{what}: the 版记's last rule at {bottom:.1} mm, the block ends at {BLOCK_BOTTOM} mm"
    );
}

#[test]
fn the_printing_office_and_the_date_do_not_overlap() {
    let Some(docs) = printed() else {
        return;
    };
    for d in docs {
        assert_printer_line(&d.pages, &d.doc, &d.what);
    }
    // A printing office too long to share a line with the date wraps between its words.
    let tmp = TempDir::new("print-colophon");
    let text = &first_month(docs).md;
    let long = "临沂市城镇居住区配套幼儿园专项整治工作领导小组办公室综合协调组";
    let edited = text.replacen(
        "  printer: \"临沂市城镇居住区配套幼儿园专项整治工作领导小组办公室\"",
        &format!("  printer: \"{long}\""),
        1,
    );
    assert_ne!(&edited, text, "the sample's printer line changed");
    let long_md = tmp.path().join("long-printer.md");
    std::fs::write(&long_md, edited).expect("write");
    let out = tmp.path().join("long-printer");
    let o = render_md(tmp.path(), &long_md, "html", &out);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = out.join("bulletin.html");
    let pages = read_pdf(&print(&html));
    assert_printer_line(&pages, &parse(&long_md), "long printer");
    let raw = pdftotext_raw(&html.with_extension("chromium.pdf")).expect("pdftotext");
    let last: Vec<String> = pieces(
        raw.split('\u{c}')
            .rfind(|p| !p.trim().is_empty())
            .unwrap_or(""),
    );
    let last: Vec<&str> = last.iter().map(String::as_str).collect();
    assert_broken_between_words(&last, long, "printing office");
}

/// `pieces` cut once more after each full-width closing bracket inside one: pdftotext reads
/// no space between a table cell ending in 「）」 and the next cell (the bracket's glyph is
/// blank on its right half), so 「（百分点）」 and 「等次」 come as one piece. A cut there is
/// between words, and the pieces are joined again to find a text.
fn cut_after_closing_brackets(pieces: Vec<String>) -> Vec<String> {
    let mut out = Vec::with_capacity(pieces.len());
    for piece in pieces {
        let mut rest = piece.as_str();
        while let Some(i) = rest.find('）') {
            let end = i + '）'.len_utf8();
            if end == rest.len() {
                break;
            }
            out.push(rest[..end].to_string());
            rest = &rest[end..];
        }
        out.push(rest.to_string());
    }
    out
}

#[test]
fn titles_header_cells_office_and_signature_break_between_words() {
    let Some(docs) = printed() else {
        return;
    };
    let mut headers = 0;
    for d in docs {
        let doc = &d.doc;
        let pages: Vec<Vec<String>> = d
            .raw
            .split('\u{c}')
            .map(|page| cut_after_closing_brackets(pieces(page)))
            .collect();
        let all: Vec<&str> = pages.iter().flatten().map(String::as_str).collect();
        let first: Vec<&str> = pages[0].iter().map(String::as_str).collect();
        assert_broken_between_words(&first, &doc.front.title, "title");
        if doc.front.style == tongbao::model::HeaderStyle::Brief {
            assert_broken_between_words(&first, &doc.front.office, "office");
        }
        assert_broken_between_words(&all, doc.front.signature.trim(), "signature");
        for a in &doc.attachments {
            // The attachment's own pages (the 附件说明 in the body is body text on the grid).
            let own: Vec<&str> = pages
                .iter()
                .skip_while(|p| !p.contains(&a.label))
                .take(3)
                .flatten()
                .map(String::as_str)
                .collect();
            assert_broken_between_words(&own, &a.title, "attachment title");
            for block in &a.blocks {
                if let Block::Table(t) = block {
                    for h in &t.header {
                        assert_broken_between_words(&own, h, "table header");
                        headers += 1;
                    }
                }
            }
        }
    }
    assert!(headers >= 20, "{headers} header cells checked");
}

/// The 署名 and the 成文日期 where GB/T 9704 7.3.5.3 puts them ([`signature::place`] on their
/// printed widths), on one page with the 附注; the 简报式 header's office and date on one line;
/// the 文件式 red name 35 mm below the block's top.
#[test]
fn the_signature_and_the_office_line_stand_where_the_layout_puts_them() {
    let Some(docs) = printed() else {
        return;
    };
    for d in docs {
        let (doc, pages, sample) = (&d.doc, &d.pages, &d.what);
        let sign = doc.front.signature.trim();
        let date = tongbao::format::cn_date(doc.front.date);
        let (page, at) = pages
            .iter()
            .enumerate()
            .find_map(|(p, page)| {
                let at = page
                    .lines
                    .windows(2)
                    .position(|w| w[0].text == sign && w[1].text == date)?;
                Some((p, at))
            })
            .unwrap_or_else(|| panic!("{sample}: “{sign}” over “{date}” not found"));
        let (signer, dated) = (&pages[page].lines[at], &pages[page].lines[at + 1]);
        let place = signature::place(signer.right() - signer.left(), dated.right() - dated.left());
        assert!(!place.sign_wraps, "{sample}");
        for (what, line, start) in [
            ("署名", signer, place.sign_start),
            ("成文日期", dated, place.date_start),
        ] {
            assert!(
                (line.left() - BLOCK_LEFT - start).abs() < 0.5,
                "{sample}: the {what} starts {:.1} mm into the block, not {start:.1} mm",
                line.left() - BLOCK_LEFT
            );
        }
        if let Some(contact) = doc.front.contact.as_deref() {
            let note = &pages[page].lines.get(at + 2).map(|l| l.text.clone());
            let contact: String = contact.chars().filter(|c| !c.is_whitespace()).collect();
            assert!(
                note.as_deref()
                    .is_some_and(|n| n.contains(contact.as_str())),
                "{sample}: the 附注 is not under the date: {note:?}"
            );
        }
        if doc.front.style == tongbao::model::HeaderStyle::File {
            // 文件式: the red name's top edge (its em box's, as the PDF sets it and the checker
            // measures) 35 mm below the block's top, marks or not.
            let name = pages[0]
                .lines
                .iter()
                .find(|l| l.text == doc.front.header.trim())
                .unwrap_or_else(|| panic!("{sample}: no red name on p1"));
            let want = BLOCK_TOP + tongbao::layout::header::FILE_NAME_TOP;
            let top = name.em_top();
            assert!(
                (top - want).abs() < 0.5,
                "{sample}: the red name's top at {top:.1} mm, not {want} mm"
            );
        }
        if doc.front.style == tongbao::model::HeaderStyle::Brief {
            let office = doc.front.office.trim();
            let line = pages[0]
                .lines
                .iter()
                .find(|l| l.text.starts_with(office))
                .unwrap_or_else(|| panic!("{sample}: the office is not on one line"));
            assert_eq!(line.text, format!("{office}{date}"), "{sample}");
            assert!((line.left() - BLOCK_LEFT).abs() < 0.5, "{sample}");
            assert!((line.right() - BLOCK_RIGHT).abs() < 0.5, "{sample}");
        }
    }
}

/// Chromium's print keeps the PDF's grid: the layout checker's R3 (the first line's top on
/// the block's top edge, 37 mm, on every page) and R7 (22 lines on every full page, at a pitch
/// of 225/22 mm) pass on every document.
#[test]
fn printed_documents_keep_the_grid() {
    let Some(docs) = printed() else {
        return;
    };
    for d in docs {
        for rule in ["R3", "R7"] {
            let v = d
                .verdicts
                .iter()
                .find(|v| v.id == rule)
                .unwrap_or_else(|| panic!("{}: no {rule} from the checker", d.what));
            assert_eq!(
                v.status, "PASS",
                "{}: {rule} on Chromium's print: {}",
                d.what, v.measured
            );
        }
        assert_text_on_the_grid(&d.pages, &d.what);
        assert_rows_at_the_table_pitch(&d.pages, &d.what);
    }
}

/// A table's rows are one table line apart (3/5 of the grid's pitch, as the PDF's), not a
/// line plus its rule: the median distance between the rules of consecutive one-line rows.
fn assert_rows_at_the_table_pitch(pages: &[PrintedPage], what: &str) {
    let mut gaps = Vec::new();
    for page in pages {
        // The cells' rules: thin and narrower than the block (the 版记's run across it).
        let mut ys: Vec<f64> = page
            .rules
            .iter()
            .filter(|r| r.3 - r.2 < 1.0 && r.1 - r.0 < BLOCK_RIGHT - BLOCK_LEFT - 1.0)
            .map(|r| r.2)
            .collect();
        ys.sort_by(f64::total_cmp);
        ys.dedup_by(|a, b| (*a - *b).abs() < 0.05);
        gaps.extend(
            ys.windows(2)
                .map(|w| w[1] - w[0])
                .filter(|g| *g > TABLE_LINE / 2.0 && *g < TABLE_LINE * 1.5),
        );
    }
    assert!(
        gaps.len() >= 10,
        "{what}: {} table rows measured",
        gaps.len()
    );
    gaps.sort_by(f64::total_cmp);
    let median = gaps[gaps.len() / 2];
    assert!(
        (median - TABLE_LINE).abs() < 0.1,
        "{what}: table rows {median:.2} mm apart, not {TABLE_LINE:.2} mm"
    );
}

/// Every line of body or title size (三号, 二号) within the text block sits on a grid line as
/// the PDF sets it: the middle of its em box half a 三号 em below the grid line's top (Chromium
/// snaps baselines to whole pixels: 0.4 mm allowed). Not measured: the red name (placed by the
/// header's own rules), and lines below a table's top rule on its page: a table's rows have
/// their own pitch, and the HTML does not bring the text after a table back onto the grid (the
/// PDF does; the browser's table height is not known to the page).
fn assert_text_on_the_grid(pages: &[PrintedPage], what: &str) {
    let mut measured = 0;
    for (i, page) in pages.iter().enumerate() {
        // A table's rules: thin, not the 版记's full-width ones nor the red rule's width alone.
        let table_top = page
            .rules
            .iter()
            .filter(|r| {
                r.3 - r.2 < 1.0
                    && r.2 > BLOCK_TOP - 1.0
                    && r.1 - r.0 < BLOCK_RIGHT - BLOCK_LEFT - 1.0
            })
            .map(|r| r.2)
            .fold(f64::INFINITY, f64::min);
        for line in &page.lines {
            let sized = [size::BODY, size::TITLE]
                .iter()
                .any(|s| (line.size - s).abs() < 0.3);
            let axis = line.axis();
            if !sized || line.red || axis > BLOCK_BOTTOM || axis > table_top {
                continue;
            }
            let k = (axis - BLOCK_TOP - size::BODY * MM_PER_PT / 2.0) / LINE;
            let off = (k - k.round()) * LINE;
            assert!(
                off.abs() < 0.4,
                "{what}: p{} “{}” {off:+.2} mm off the grid (baseline {:.2} mm)",
                i + 1,
                line.text,
                line.base
            );
            measured += 1;
        }
    }
    assert!(measured > 10, "{what}: {measured} lines measured");
}
