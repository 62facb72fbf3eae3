//! The header (版头) of page 1: 份号 and 密级 when given, then either the 简报式 header
//! customary for 工作通报 (big red name, 第N期, office and date, red rule) or the 文件式 header
//! of GB/T 9704 (red `…文件` 35 mm below the top of the block, 发文字号, red rule 4 mm below).

use super::error::PdfError;
use super::flow::{Entry, Lines};
use super::linebreak::{self, Align, Frame};
use super::metrics::{
    BLOCK_LEFT, BLOCK_W, CELL, EM_ASCENT, LINE, RULE_RED, baseline_in_line, em, line_top, size,
};
use super::model::{Ink, Mark, Placed, TextRun};
use super::setter::{Setter, block_rule, place_with, run};
use super::shape::{GlyphSource, Item, Piece};
use crate::document::FrontMatter;
use crate::font_style::FontStyle;
use crate::format::cn_date;
use crate::layout::header::{
    BRIEF_RULE_GAP, HeaderFit, NameFit, OfficeLine, file_lines, file_name_top, file_number_line,
    file_rule_y, fit_name, office_line, office_line_cell,
};
use crate::model::HeaderStyle;

/// An optional front-matter text, trimmed, if it says anything.
fn given(text: &Option<String>) -> Option<&str> {
    text.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Entries of the header, ending with the two blank lines before the title.
pub(crate) fn header_entries(set: &Setter, front: &FrontMatter) -> Result<Vec<Entry>, PdfError> {
    let mut marks = Vec::new();
    let mut line = 0usize;
    if let Some(copy) = given(&front.copy_number) {
        marks.push(flush_left(set, copy, FontStyle::Fangsong, line, "份号")?);
        line += 1;
    }
    if let Some(secrecy) = given(&front.secrecy) {
        marks.push(flush_left(set, secrecy, FontStyle::Heiti, line, "密级")?);
        line += 1;
    }
    let count = match front.style {
        HeaderStyle::File => file_header(set, front, line, &mut marks)?,
        HeaderStyle::Brief => simple_header(set, front, line, &mut marks)?,
    };
    Ok(vec![
        Entry::Lines(Lines {
            count,
            marks,
            keep_with_next: true,
            anchor: None,
        }),
        Entry::Blank {
            keep_with_next: true,
        },
        Entry::Blank {
            keep_with_next: true,
        },
    ])
}

/// 简报式: the name over two grid lines, 第N期, office and date, the red rule. Returns the
/// number of grid lines used.
fn simple_header(
    set: &Setter,
    front: &FrontMatter,
    first: usize,
    marks: &mut Vec<Mark>,
) -> Result<usize, PdfError> {
    let axis = line_top(first) + LINE / 2.0 + em(size::SAN) / 2.0;
    marks.push(red_name(
        set,
        &front.header,
        HeaderStyle::Brief,
        |size_pt| axis + (EM_ASCENT - 0.5) * em(size_pt),
    )?);
    let issue = crate::layout::revision::issue_label(front.issue, front.revision);
    marks.push(centred(
        set,
        &issue,
        FontStyle::Fangsong,
        size::SAN,
        line_top(first + 2),
        "版头期号",
    )?);
    let office_line = first + 3;
    marks.extend(office_and_date(set, front, office_line)?);
    let rule_y = line_top(office_line) + em(size::SAN) + BRIEF_RULE_GAP;
    marks.push(block_rule(rule_y, RULE_RED, Ink::Red));
    Ok(office_line + 1)
}

/// 文件式: the name with its top 35 mm below the block's top, the 发文字号 two lines below,
/// the red rule 4 mm below that.
fn file_header(
    set: &Setter,
    front: &FrontMatter,
    first: usize,
    marks: &mut Vec<Mark>,
) -> Result<usize, PdfError> {
    let name_top = file_name_top(first);
    let name = red_name(set, &front.header, HeaderStyle::File, |size_pt| {
        name_top + EM_ASCENT * em(size_pt)
    })?;
    let name_size = match &name {
        Mark::Text(run) => run.size,
        Mark::Stroke(_) => size::ER,
    };
    marks.push(name);
    let number = given(&front.doc_number);
    let number_line = number.map(|_| file_number_line(name_top, name_size));
    if let (Some(number), Some(line)) = (number, number_line) {
        marks.push(centred(
            set,
            number,
            FontStyle::Fangsong,
            size::SAN,
            line_top(line),
            "发文字号",
        )?);
    }
    let rule_y = file_rule_y(name_top, name_size, number_line);
    marks.push(block_rule(rule_y, RULE_RED, Ink::Red));
    Ok(file_lines(rule_y))
}

/// The red 发文机关标志, sized and condensed by [`fit_name`] from its width in the fonts.
fn red_name(
    set: &Setter,
    text: &str,
    kind: HeaderStyle,
    baseline: impl Fn(f64) -> f64,
) -> Result<Mark, PdfError> {
    let text = text.trim();
    let fit = name_fit(set, text, kind)?;
    let items = set.shape_plain(text, FontStyle::Xiaobiaosong, fit.size, &|| {
        place_with("版头", text)
    })?;
    let (size_pt, scale) = (fit.size, fit.scale);
    let width: f64 = items.iter().map(|i| i.width).sum();
    let line = linebreak::set_line(
        &items,
        &Frame {
            left: 0.0,
            width: width + 1.0,
            first_indent: 0.0,
            indent: 0.0,
            align: Align::Left,
            em: em(size_pt),
        },
        true,
        true,
    );
    let left = BLOCK_LEFT + (BLOCK_W - width * scale) / 2.0;
    Ok(Mark::Text(TextRun {
        size: size_pt,
        ink: Ink::Red,
        baseline: baseline(size_pt),
        scale,
        bold: false,
        glyphs: line
            .glyphs
            .iter()
            .map(|p| Placed {
                x: left + p.x * scale,
                glyph: p.glyph,
            })
            .collect(),
    }))
}

/// How [`fit_name`] sets the red name `text`, measured in the fonts (the DOCX and the HTML
/// are given this too, so all three choose the same size and condensing).
pub(crate) fn name_fit(set: &Setter, text: &str, kind: HeaderStyle) -> Result<NameFit, PdfError> {
    let text = text.trim();
    let first = kind.name_sizes()[0];
    let items = set.shape_plain(text, FontStyle::Xiaobiaosong, first, &|| {
        place_with("版头", text)
    })?;
    let width_em = items.iter().map(|i| i.width).sum::<f64>() / em(first);
    Ok(fit_name(kind, width_em))
}

/// Text of body size centred on the grid line whose top is `top`.
fn centred(
    set: &Setter,
    text: &str,
    style: FontStyle,
    size_pt: f64,
    top: f64,
    place: &str,
) -> Result<Mark, PdfError> {
    let items = set.shape(&[Piece { text, style }], size_pt, CELL, &|| {
        place_with(place, text)
    })?;
    let frame = Frame::block(Align::Center, size_pt);
    let line = linebreak::set_line(&items, &frame, true, true);
    Ok(run(
        &line,
        size_pt,
        Ink::Black,
        top + baseline_in_line(size_pt),
    ))
}

fn flush_left(
    set: &Setter,
    text: &str,
    style: FontStyle,
    line: usize,
    place: &str,
) -> Result<Mark, PdfError> {
    let items = set.shape(&[Piece { text, style }], size::SAN, CELL, &|| {
        place_with(place, text)
    })?;
    let frame = Frame::block(Align::Left, size::SAN);
    let set_line = linebreak::set_line(&items, &frame, true, true);
    Ok(run(
        &set_line,
        size::SAN,
        Ink::Black,
        line_top(line) + baseline_in_line(size::SAN),
    ))
}

/// The header's width-dependent decisions for `front`, measured in the fonts: what the PDF
/// sets and the DOCX and HTML are given.
pub(crate) fn header_fit(
    front: &FrontMatter,
    fonts: &dyn GlyphSource,
) -> Result<HeaderFit, PdfError> {
    let set = Setter::new(fonts);
    Ok(HeaderFit {
        name: name_fit(&set, &front.header, front.style)?,
        office_line: office_line_fit(&set, front)?,
    })
}

/// The office and the date of the 简报式 header shaped at `size_pt` with pitch `cell`.
fn office_items(
    set: &Setter,
    front: &FrontMatter,
    size_pt: f64,
    cell: f64,
) -> Result<(Vec<Item>, Vec<Item>), PdfError> {
    let office = front.office.trim();
    let date = cn_date(front.date);
    let piece = |text| Piece {
        text,
        style: FontStyle::Fangsong,
    };
    Ok((
        set.shape(&[piece(office)], size_pt, cell, &|| {
            place_with("版头发文机关", office)
        })?,
        set.shape(&[piece(&date)], size_pt, cell, &|| {
            place_with("版头日期", &date)
        })?,
    ))
}

/// How [`office_line`] sets the 简报式 office-and-date line, measured in the PDF's fonts (the
/// DOCX asks this too, so both choose the same size).
pub(crate) fn office_line_fit(set: &Setter, front: &FrontMatter) -> Result<OfficeLine, PdfError> {
    let width = |items: &[Item]| -> f64 { items.iter().map(|i| i.width).sum() };
    office_line(|size_pt, cell| {
        let (o, d) = office_items(set, front, size_pt, cell)?;
        Ok((width(&o), width(&d)))
    })
}

/// The issuing office flush left and the date flush right on one line, at the size
/// [`office_line`] chooses from their widths in the fonts; the date on the line above if none
/// fits.
fn office_and_date(set: &Setter, front: &FrontMatter, line: usize) -> Result<Vec<Mark>, PdfError> {
    let office = front.office.trim();
    let date = cn_date(front.date);
    let piece = |text| Piece {
        text,
        style: FontStyle::Fangsong,
    };
    let fit = office_line_fit(set, front)?;
    if let OfficeLine::One { size: size_pt } = fit {
        let (office_items, date_items) =
            office_items(set, front, size_pt, office_line_cell(size_pt))?;
        let frame = |align| Frame::block(align, size_pt);
        let baseline = line_top(line) + baseline_in_line(size_pt);
        let left = linebreak::set_line(&office_items, &frame(Align::Left), true, true);
        let right = linebreak::set_line(&date_items, &frame(Align::Right), true, true);
        return Ok(vec![
            run(&left, size_pt, Ink::Black, baseline),
            run(&right, size_pt, Ink::Black, baseline),
        ]);
    }
    // Nothing fits on one line: the office on this line at the size that fits it alone, the
    // date flush right on the line above (the name's second line is wide enough apart from
    // the name itself).
    let size_pt = fit.office_size();
    let items = set.shape(
        &[piece(office)],
        size_pt,
        office_line_cell(size_pt),
        &|| place_with("版头发文机关", office),
    )?;
    let office_line = linebreak::set_line(&items, &Frame::block(Align::Left, size_pt), true, true);
    Ok(vec![
        run(
            &office_line,
            size_pt,
            Ink::Black,
            line_top(line) + baseline_in_line(size_pt),
        ),
        {
            let items = set.shape(&[piece(&date)], size::SAN, CELL, &|| {
                place_with("版头日期", &date)
            })?;
            let frame = Frame::block(Align::Right, size::SAN);
            let set_line = linebreak::set_line(&items, &frame, true, true);
            run(
                &set_line,
                size::SAN,
                Ink::Black,
                line_top(line - 1) + baseline_in_line(size::SAN),
            )
        },
    ])
}

#[cfg(test)]
mod tests {
    //! The 版头 rules of `gbt9704.md` on test documents.

    use super::*;
    use crate::layout::header::NAME_MAX_WIDTH;
    use crate::typeset::fixture::spec::{
        BLOCK_LEFT, BLOCK_RIGHT, BLOCK_W, FILE_NAME_TOP, FILE_RULE_GAP, LINE,
    };
    use crate::typeset::fixture::{doc, extent, front, rules, same};
    use crate::typeset::model::Page;
    use crate::typeset::shape::testing::Fake;

    /// The header of the test front matter with `extra` lines.
    fn header(extra: &str) -> (Page, usize) {
        header_of(&doc(&front(extra), "正文。").front)
    }

    /// The header's marks as a page (mm from the block's top) and its grid lines.
    fn header_of(front: &FrontMatter) -> (Page, usize) {
        let entries = header_entries(&Setter::new(&Fake), front).expect("a header");
        let Some(Entry::Lines(lines)) = entries.first() else {
            panic!("the header's lines first")
        };
        // Two blank lines follow it, before the title.
        assert!(matches!(
            entries[1..],
            [Entry::Blank { .. }, Entry::Blank { .. }]
        ));
        (
            Page {
                marks: lines.marks.clone(),
                ..Page::default()
            },
            lines.count,
        )
    }

    fn text_runs(page: &Page) -> Vec<(&TextRun, String)> {
        crate::typeset::fixture::runs(page)
    }

    fn centred(run: &TextRun) -> bool {
        let (l, r) = extent(run);
        same((l + r) / 2.0, BLOCK_LEFT + BLOCK_W / 2.0)
    }

    /// The 发文机关标志 (the red run), checked centred.
    fn red_name<'a>(runs: &[(&'a TextRun, String)]) -> &'a TextRun {
        let (name, _) = runs
            .iter()
            .find(|(r, _)| r.ink == Ink::Red)
            .expect("red name");
        assert!(centred(name), "{:?}", extent(name));
        name
    }

    #[test]
    fn brief_header_red_name_centred_issue_office_and_date_red_rule() {
        let (page, _) = header("");
        let runs = text_runs(&page);
        let name = red_name(&runs);
        let (l, r) = extent(name);
        assert!(r - l <= NAME_MAX_WIDTH + 1e-6, "{}", r - l);
        assert!(r - l < BLOCK_W, "narrower than the text block");
        let (issue, _) = runs.iter().find(|(_, t)| t == "第3期").expect("第N期");
        assert!(centred(issue) && issue.size == size::SAN);
        let (office, _) = runs
            .iter()
            .find(|(_, t)| t == "某某办公室")
            .expect("office");
        let (date, _) = runs
            .iter()
            .find(|(_, t)| t == "2020年1月6日")
            .expect("date");
        assert!(same(extent(office).0, BLOCK_LEFT), "{:?}", extent(office));
        assert!(same(extent(date).1, BLOCK_RIGHT), "{:?}", extent(date));
        assert!(same(office.baseline, date.baseline));
        let red = rules(&page, Ink::Red);
        assert_eq!(red.len(), 1);
        let (y, x0, x1, thickness) = red[0];
        assert!(same(x0, BLOCK_LEFT) && same(x1, BLOCK_RIGHT) && thickness == RULE_RED);
        assert!(y > office.baseline, "the rule below the office line");
    }

    #[test]
    fn file_header_name_35mm_down_number_two_lines_below_rule_4mm_below() {
        let mut d = doc(&front("doc_number: \"某办〔2020〕3号\"\n"), "正文。");
        d.front.style = HeaderStyle::File;
        d.front.header = "某某市某某工作领导小组办公室文件".into();
        let (file_page, _) = header_of(&d.front);
        let runs = text_runs(&file_page);
        let name = red_name(&runs);
        let top = name.baseline - EM_ASCENT * em(name.size);
        assert!(same(top, FILE_NAME_TOP), "name top {top}");
        let (number, _) = runs
            .iter()
            .find(|(_, t)| t == "某办〔2020〕3号")
            .expect("发文字号");
        assert!(centred(number));
        let number_top = number.baseline - EM_ASCENT * em(size::SAN);
        let name_bottom = top + em(name.size);
        let free = ((name_bottom - crate::typeset::metrics::EPS) / LINE).ceil();
        assert!(
            same(number_top, (free + 2.0) * LINE),
            "two blank lines below the name"
        );
        let red = rules(&file_page, Ink::Red);
        assert_eq!(red.len(), 1);
        assert!(same(red[0].0 - (number_top + em(size::SAN)), FILE_RULE_GAP));
        assert!(same(red[0].1, BLOCK_LEFT) && same(red[0].2, BLOCK_RIGHT));
    }

    #[test]
    fn copy_number_and_secrecy_flush_left_on_the_first_lines() {
        let (page, _) = header("copy_number: \"000001\"\nsecrecy: \"内部资料 注意保存\"\n");
        let runs = text_runs(&page);
        let (copy, _) = runs.iter().find(|(_, t)| t == "000001").expect("份号");
        let (secrecy, _) = runs
            .iter()
            .find(|(_, t)| t.starts_with("内部资料"))
            .expect("密级");
        assert!(same(extent(copy).0, BLOCK_LEFT), "{:?}", extent(copy));
        assert!(same(extent(secrecy).0, BLOCK_LEFT), "{:?}", extent(secrecy));
        assert!(same(copy.baseline, baseline_in_line(size::SAN)));
        assert!(same(
            secrecy.baseline,
            line_top(1) + baseline_in_line(size::SAN)
        ));
        let name = red_name(&runs);
        assert!(name.baseline > secrecy.baseline);
    }
}
