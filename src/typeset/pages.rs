//! The whole bulletin as pages: header, body and attachments flowed over the grid, the
//! colophon (版记) on an even page at the bottom, page numbers.

use super::body;
use super::colophon::colophon;
use super::error::PdfError;
use super::flow::{Entry, paginate, to_grid};
use super::folio::folio;
use super::header::header_entries;
use super::metrics::{BLOCK_TOP, LINE, LINES_PER_PAGE};
use super::model::{Anchor, Page};
use super::set_tables::SetTable;
use super::setter::Setter;
use super::shape::GlyphSource;
use crate::document::Document;
use crate::layout::colophon as layout;

/// A typeset bulletin.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Typeset {
    pub pages: Vec<Page>,
    pub anchors: Vec<Anchor>,
    /// Where the 版记 went (the DOCX puts it on the same page).
    pub colophon: layout::Placement,
    /// The tables as set, in document order (the HTML and the DOCX take their plans).
    pub tables: Vec<SetTable>,
}

/// Typesets `doc` with glyphs from `glyphs`.
pub(crate) fn typeset(doc: &Document, glyphs: &dyn GlyphSource) -> Result<Typeset, PdfError> {
    crate::segment::use_words(&doc.front.words);
    let set = Setter::new(glyphs);
    let mut entries = header_entries(&set, &doc.front)?;
    entries.extend(body::body_entries(&set, doc)?);
    for (i, attachment) in doc.attachments.iter().enumerate() {
        entries.extend(body::attachment_entries(&set, attachment, i + 1)?);
    }
    let ends_with_table = matches!(
        entries
            .iter()
            .rev()
            .find(|e| !matches!(e, Entry::Blank { .. } | Entry::Block(_))),
        Some(Entry::Table(_))
    );
    let tables = entries
        .iter()
        .filter_map(|e| match e {
            Entry::Table(t) => Some(SetTable::of(t)),
            _ => None,
        })
        .collect();
    let flowed = paginate(&mut entries);
    drop(entries);
    let last_turned = flowed.turned.last().copied().unwrap_or(false);
    let mut pages: Vec<Page> = flowed
        .pages
        .into_iter()
        .zip(flowed.turned)
        .map(|(marks, turned)| Page {
            marks,
            turned,
            ..Page::default()
        })
        .collect();

    // The colophon takes the last grid lines of an even page (see `layout::colophon`).
    let c = colophon(&set, &doc.front.colophon)?;
    let top = (LINES_PER_PAGE.saturating_sub(c.lines)) as f64 * LINE;
    let space = if ends_with_table {
        layout::SPACE_AFTER_TABLE
    } else {
        layout::SPACE_BEFORE
    };
    // A landscape last page has no room for the 版记, which is set portrait.
    let fits = !last_turned && to_grid(flowed.end + space) <= top + 1e-6;
    let placement = layout::placement(pages.len(), fits);
    pages.extend((0..placement.added_pages).map(|_| Page::default()));
    let numbered = placement.numbered;
    if let Some(page) = pages.last_mut() {
        page.marks
            .extend(c.marks.into_iter().map(|m| m.shifted(BLOCK_TOP + top)));
    }
    for (i, page) in pages.iter_mut().enumerate().take(numbered) {
        let number = i + 1;
        let mark = folio(glyphs, number)?;
        if page.turned {
            page.upright.push(mark);
        } else {
            page.marks.push(mark);
        }
        page.folio = Some(number);
    }
    Ok(Typeset {
        pages,
        anchors: flowed.anchors,
        colophon: placement,
        tables,
    })
}

#[cfg(test)]
mod tests {
    //! The page rules of `gbt9704.md` (版记, 页码) on typeset test documents.

    use crate::layout::folio;
    use crate::typeset::fixture::spec::{
        BLOCK_BOTTOM, BLOCK_LEFT, BLOCK_RIGHT, CELL, FOLIO_BELOW, RULE_THICK, RULE_THIN,
    };
    use crate::typeset::fixture::{doc, extent, front, pages, rules, run_of, runs_of, same};
    use crate::typeset::metrics::{EM_ASCENT, em};
    use crate::typeset::model::{Ink, Mark};

    fn body(paragraphs: usize) -> String {
        (0..paragraphs).map(|i| format!("第{i}段。\n\n")).collect()
    }

    #[test]
    fn the_colophon_closes_an_even_page_on_the_block_bottom() {
        let mut added_seen = Vec::new();
        for n in (0..70).step_by(3) {
            let t = pages(&doc(&front(""), &body(n)));
            assert!(
                t.pages.len().is_multiple_of(2),
                "{n}: {} pages",
                t.pages.len()
            );
            let last = t.pages.last().expect("a page");
            let black = rules(last, Ink::Black);
            let (first, bottom) = (black[0], black[black.len() - 1]);
            assert!(
                same(bottom.0, BLOCK_BOTTOM),
                "{n}: last rule at {}",
                bottom.0
            );
            assert_eq!((first.3, bottom.3), (RULE_THICK, RULE_THICK));
            assert!(black[1..black.len() - 1].iter().all(|r| r.3 == RULE_THIN));
            for r in &black {
                assert!(same(r.1, BLOCK_LEFT) && same(r.2, BLOCK_RIGHT), "{r:?}");
            }
            // The text ends with the signature's date (the header's date is on page 1 too).
            let text_pages = 1 + t
                .pages
                .iter()
                .rposition(|p| !runs_of(p, "2020年1月6日").is_empty())
                .expect("the date");
            let added = t.pages.len() - text_pages;
            // An odd last text page: the 版记 on the next page, numbered; an even one: below
            // the text, or after a blank page when it does not fit (both unnumbered).
            match added {
                0 => assert!(text_pages.is_multiple_of(2), "{n}"),
                1 => assert!(!text_pages.is_multiple_of(2), "{n}"),
                2 => {
                    assert!(text_pages.is_multiple_of(2), "{n}");
                    assert!(
                        t.pages[text_pages].marks.is_empty(),
                        "the blank page is blank"
                    );
                }
                _ => panic!("{n}: {added} pages added"),
            }
            let numbered = if added == 2 {
                text_pages
            } else {
                t.pages.len()
            };
            for (i, page) in t.pages.iter().enumerate() {
                assert_eq!(page.folio, (i < numbered).then_some(i + 1), "{n}: page {i}");
            }
            added_seen.push(added);
        }
        // The documents above reach the even-page, next-page and blank-page cases.
        for case in [0, 1, 2] {
            assert!(added_seen.contains(&case), "{added_seen:?}");
        }
    }

    #[test]
    fn page_numbers_sit_7mm_below_the_block_odd_right_even_left() {
        let t = pages(&doc(&front(""), &body(40)));
        assert!(t.pages.len() >= 3);
        for (i, page) in t.pages.iter().enumerate() {
            let Some(number) = page.folio else { continue };
            let run = run_of(page, &format!("{}{number}{}", folio::DASH, folio::DASH));
            assert_eq!(run.size, 14.0);
            let axis = run.baseline - (EM_ASCENT - 0.5) * em(14.0);
            assert!(
                same(axis, BLOCK_BOTTOM + FOLIO_BELOW),
                "page {i}: axis {axis}"
            );
            let (left, right) = extent(run);
            if number % 2 == 1 {
                assert!(same(right, BLOCK_RIGHT - CELL), "page {i}: {right}");
            } else {
                assert!(same(left, BLOCK_LEFT + CELL), "page {i}: {left}");
            }
        }
    }

    /// A Markdown table of sixteen columns with long part names: too wide for a readable size
    /// in portrait.
    fn wide_table(rows: usize) -> String {
        let header = crate::typeset::fixture::wide_header();
        let mut t = format!(
            "| {} |\n|{}\n",
            header.join(" | "),
            "---:|".repeat(header.len())
        );
        for i in 0..rows {
            let figures: Vec<String> = (2..header.len())
                .map(|c| (10_000 + c * 7).to_string())
                .collect();
            t.push_str(&format!(
                "| {} | 东沂经济技术开发区 | {} |\n",
                i + 1,
                figures.join(" | ")
            ));
        }
        t
    }

    #[test]
    fn an_attachment_too_wide_for_portrait_is_set_on_turned_pages_numbered_upright() {
        use crate::layout::page::Block;
        let body = format!(
            "正文。\n\n{}\n# 附件1\n\n## 进展情况表\n\n截至12月31日。\n\n{}\n# 附件2\n\n## 其他表\n\n| 县区 | 完成数 |\n|---|---|\n| 甲县 | 1 |\n",
            wide_table(2),
            wide_table(40)
        );
        let t = pages(&doc(&front(""), &body));
        // The body's table stays portrait; the first attachment takes turned pages (its 40 rows
        // take several), the second and the 版记 portrait ones.
        let turned: Vec<usize> = (0..t.pages.len()).filter(|&i| t.pages[i].turned).collect();
        assert!(turned.len() >= 2, "{turned:?}");
        assert!(turned.windows(2).all(|w| w[1] == w[0] + 1), "{turned:?}");
        let last_turned = turned[turned.len() - 1];
        assert!(!t.pages[0].turned && !t.pages.last().expect("a page").turned);
        assert!(!runs_of(&t.pages[turned[0]], "附件1").is_empty());
        assert!(!t.pages[last_turned + 1].turned);
        assert!(!runs_of(&t.pages[last_turned + 1], "附件2").is_empty());
        let plans: Vec<bool> = t.tables.iter().map(|s| s.plan.turned).collect();
        assert_eq!(plans, vec![false, true, false]);
        let block = Block::TURNED;
        for &i in &turned {
            let page = &t.pages[i];
            // Every mark in the turned block (the page turned: 297 wide, 210 high).
            for m in &page.marks {
                match m {
                    Mark::Text(r) => {
                        let (l, r2) = extent(r);
                        assert!(
                            l >= block.left - 1e-6 && r2 <= block.right() + 1e-6,
                            "{l}..{r2}"
                        );
                        assert!(
                            r.baseline > block.top && r.baseline < block.bottom(),
                            "{}",
                            r.baseline
                        );
                    }
                    Mark::Stroke(s) => {
                        assert!(s.x0 >= block.left - 1e-6 && s.x1 <= block.right() + 1e-6);
                        assert!(s.y0 >= block.top - 1e-6 && s.y1 <= block.bottom() + 1e-6);
                    }
                }
            }
            // Its page number upright, where every page has it.
            let number = page.folio.expect("numbered");
            let Some(Mark::Text(run)) = page.upright.first() else {
                panic!("page {i}: no upright number")
            };
            let text: String = run.glyphs.iter().map(|p| p.glyph.ch).collect();
            assert_eq!(text, format!("{}{number}{}", folio::DASH, folio::DASH));
            let axis = run.baseline - (EM_ASCENT - 0.5) * em(14.0);
            assert!(same(axis, BLOCK_BOTTOM + FOLIO_BELOW));
        }
        // The table's rows go on from the first turned page to the second under a repeated
        // header, the turned block's full width.
        for &i in &turned {
            let rules = rules(&t.pages[i], Ink::Black);
            let across = rules.iter().filter(|r| !same(r.1, r.2));
            assert!(across.clone().count() > 3);
            assert!(
                across
                    .into_iter()
                    .all(|r| same(r.1, block.left) && same(r.2, block.right()))
            );
        }
        // A turned attachment that ends the text leaves the 版记 to a portrait page.
        let last = pages(&doc(
            &front(""),
            &format!("正文。\n\n# 附件1\n\n## 进展情况表\n\n{}", wide_table(3)),
        ));
        let end = last.pages.last().expect("a page");
        assert!(!end.turned && last.pages.iter().any(|p| p.turned));
        assert!(
            !runs_of(end, "某某办公室").is_empty(),
            "the 版记 on the last page"
        );
        assert!(last.pages.len().is_multiple_of(2));
    }

    #[test]
    fn a_table_that_ends_the_text_stays_three_lines_clear_of_the_colophon() {
        use crate::layout::colophon::SPACE_AFTER_TABLE;
        let mut seen_shared = false;
        let mut seen_moved = false;
        for rows in 1..30 {
            let table: String = (0..rows).map(|i| format!("| 县{i} | {i} |\n")).collect();
            let body = format!(
                "正文。\n\n# 附件\n\n## 进展情况表\n\n| 县区 | 完成数 |\n|---|---|\n{table}"
            );
            let t = pages(&doc(&front(""), &body));
            let last = t.pages.last().expect("a page");
            let black = rules(last, Ink::Black);
            // The colophon's four rules are the last four; any rule above them is the table's.
            let colophon_top = black[black.len() - 4].0;
            if let Some(table_end) = black[..black.len() - 4].last() {
                let gap = colophon_top - table_end.0;
                assert!(gap >= SPACE_AFTER_TABLE - 1e-6, "{rows} rows: gap {gap}");
                seen_shared = true;
            } else {
                seen_moved = true;
            }
        }
        // Short tables share the even page with the colophon; longer ones push it on.
        assert!(seen_shared && seen_moved);
    }
}
