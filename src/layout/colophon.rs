//! The 版记 (colophon): its groups in the order 报 / 发 / 抄送, the wording of each line, the
//! 印发 line, and where it goes in the bulletin.
//!
//! GB/T 9704 7.4 and the bulletin anatomy: `报：…。`, `发：…。`, `抄送：…。`, names joined by
//! `，`; the printing office one character in from the left and `YYYY年M月D日印发` one
//! character in from the right; first and last rules thick, the ones between groups thin; the
//! whole at the bottom of an even page.

use crate::document::Colophon;
use crate::format::cn_date;

/// The groups of the 版记, in the order they are printed.
pub const GROUP_LABELS: [&str; 3] = ["报", "发", "抄送"];

/// One distribution group of the 版记, e.g. `报：市委常委，市政府副市长。`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// `报`, `发` or `抄送`.
    pub label: &'static str,
    /// The names, trimmed, empty ones left out.
    pub names: Vec<String>,
}

impl Group {
    /// The printed line: label, full-width colon, names joined by `，`, a closing `。`.
    pub fn text(&self) -> String {
        format!("{}：{}。", self.label, self.names.join("，"))
    }

    /// How far continuation lines are indented, in characters: past the label and colon.
    pub fn hanging_indent(&self) -> usize {
        self.label.chars().count() + 1
    }
}

/// The groups that have names, in the order 报 / 发 / 抄送.
pub fn groups(c: &Colophon) -> Vec<Group> {
    [&c.report_to, &c.send_to, &c.copy_to]
        .into_iter()
        .zip(GROUP_LABELS)
        .map(|(names, label)| Group {
            label,
            names: names
                .iter()
                .map(|n| n.trim())
                .filter(|n| !n.is_empty())
                .map(str::to_string)
                .collect(),
        })
        .filter(|g| !g.names.is_empty())
        .collect()
}

/// The 印发 line's right part: `2020年1月6日印发`.
pub fn print_date_text(c: &Colophon) -> String {
    format!("{}印发", cn_date(c.print_date))
}

/// Space kept between the last text and the 版记's first rule, mm.
pub const SPACE_BEFORE: f64 = 1.5;

/// Space kept between a table that ends the text and the 版记's first rule, mm: three grid
/// lines, so that the table's closing full-width rule is not read as one of the 版记's rules
/// (by a reader, or by the layout checker, which joins rules closer than 30 mm).
pub const SPACE_AFTER_TABLE: f64 = 3.0 * super::page::LINE;

/// Where the 版记 goes, given how the text ended.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Placement {
    /// Pages added after the text's last page; the 版记 is on the last of them (or on the
    /// text's last page when 0).
    pub added_pages: usize,
    /// Pages that carry a number: the text's pages, and the 版记 page unless a blank page
    /// precedes it (GB/T 9704 7.5: only a 版记 page after a blank page goes unnumbered, and
    /// the blank page with it).
    pub numbered: usize,
}

/// The 版记 takes the last grid lines of an even page: the text's last page (`text_pages`,
/// 1-based count) when it is even and the 版记 fits below the text (`fits`); the next page
/// when the text ends on an odd page (numbered, as it follows a page of text); after a blank
/// page when it ends on a full even page (then neither added page is numbered).
pub fn placement(text_pages: usize, fits: bool) -> Placement {
    let (added_pages, numbered) = match (text_pages.is_multiple_of(2), fits) {
        (true, true) => (0, text_pages),
        (false, _) => (1, text_pages + 1),
        (true, false) => (2, text_pages),
    };
    Placement {
        added_pages,
        numbered,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Date;

    fn distribution() -> Colophon {
        Colophon {
            report_to: vec!["市委常委".into(), " 市政府副市长 ".into()],
            send_to: vec!["".into()],
            copy_to: vec!["市纪委监委".into()],
            printer: "办公室".into(),
            print_date: Date(chrono::NaiveDate::from_ymd_opt(2020, 1, 6).unwrap_or_default()),
        }
    }

    #[test]
    fn report_send_copy_in_that_order_empty_groups_left_out() {
        let lines: Vec<String> = groups(&distribution()).iter().map(Group::text).collect();
        assert_eq!(
            lines,
            ["报：市委常委，市政府副市长。", "抄送：市纪委监委。"]
        );
        assert_eq!(print_date_text(&distribution()), "2020年1月6日印发");
    }

    #[test]
    fn continuation_lines_align_after_the_colon() {
        let g = &groups(&distribution())[1];
        assert_eq!(g.hanging_indent(), 3);
    }

    #[test]
    fn always_on_an_even_page_unnumbered_only_after_a_blank_page() {
        for pages in 1..8 {
            for fits in [true, false] {
                let p = placement(pages, fits);
                assert!((pages + p.added_pages).is_multiple_of(2), "{pages} {fits}");
                let blank_before = p.added_pages == 2;
                let expected = if blank_before {
                    pages
                } else {
                    pages + p.added_pages
                };
                assert_eq!(p.numbered, expected, "{pages} {fits}");
            }
        }
        // The long variant: text ends on p7, the 版记 on p8 is numbered.
        assert_eq!(placement(7, true).numbered, 8);
        assert_eq!(placement(4, false).numbered, 4);
        assert_eq!(placement(2, true).added_pages, 0);
        assert_eq!(placement(3, true).added_pages, 1);
        assert_eq!(placement(2, false).added_pages, 2);
    }
}
