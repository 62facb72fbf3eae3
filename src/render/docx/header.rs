//! The header (版头) of page 1: 份号 and 密级 when given, then the 简报式 header (red name over
//! two grid lines, 第N期, office and date on one line, red rule) or the 文件式 header of GB/T
//! 9704 (red name 35 mm below the block's top, 发文字号 two lines below, red rule 4 mm under
//! it). The red rule is the bottom border of a full-width paragraph: 156 mm, in every editor.

use super::paragraph::{Props, blank, close, flush, open};
use super::runs::{Faces, RunFormat, run};
use super::units::{block_twips, line_twips, twips};
use crate::document::FrontMatter;
use crate::format::cn_date;
use crate::layout::header::{
    FILE_RULE_GAP, HeaderFit, NameFit, OfficeLine, file_name_top, file_number_line,
};
use crate::layout::page::{MM_PER_PT, em, line_top};
use crate::layout::parts::{STRONG_STYLE, TITLE_STYLE};
use crate::layout::revision::issue_label;
use crate::layout::rules::{RED_RGB, RED_RULE};
use crate::layout::size;
use crate::model::HeaderStyle;

/// The header's red as `RRGGBB`.
pub(crate) fn red() -> String {
    let [r, g, b] = RED_RGB;
    format!("{r:02X}{g:02X}{b:02X}")
}

/// A paragraph border's width in eighths of a point for a rule `mm` thick.
pub(crate) fn border_eighths(mm: f64) -> i64 {
    (mm / MM_PER_PT * 8.0).round() as i64
}

fn given(text: &Option<String>) -> Option<&str> {
    text.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// The header's paragraphs, ending with the two blank lines before the title. `fit`: the red
/// name's size and how the 简报式 header sets its office and date, measured in the PDF's fonts.
pub(crate) fn header(out: &mut String, front: &FrontMatter, faces: &Faces, fit: &HeaderFit) {
    let mut lines = 0i64;
    if let Some(copy) = given(&front.copy_number) {
        open(out, &flush());
        run(
            out,
            copy,
            &RunFormat {
                raise: true,
                ..RunFormat::default()
            },
        );
        close(out);
        lines += 1;
    }
    if let Some(secrecy) = given(&front.secrecy) {
        open(out, &flush());
        run(
            out,
            secrecy,
            &RunFormat {
                east_asian: Some(faces.name(STRONG_STYLE)),
                raise: true,
                ..RunFormat::default()
            },
        );
        close(out);
        lines += 1;
    }
    match front.style {
        HeaderStyle::File => file_header(out, front, faces, fit.name, lines),
        HeaderStyle::Brief => brief_header(out, front, faces, fit),
    }
    blank(out, true);
    blank(out, true);
}

/// The red name as a run: the fitted size, condensed when needed.
fn red_name(out: &mut String, text: &str, fit: NameFit, faces: &Faces) {
    let display = faces.name(TITLE_STYLE);
    let percent = (fit.scale * 100.0).floor() as i64;
    let red = red();
    run(
        out,
        text.trim(),
        &RunFormat {
            east_asian: Some(display),
            latin: Some(display),
            size: Some(fit.size),
            color: Some(&red),
            scale: (percent < 100).then_some(percent),
            ..RunFormat::default()
        },
    );
}

fn centred() -> Props<'static> {
    Props {
        jc: Some("center"),
        ..flush()
    }
}

fn brief_header(out: &mut String, front: &FrontMatter, faces: &Faces, fit: &HeaderFit) {
    let office_line = fit.office_line;
    // The name over two grid lines.
    open(
        out,
        &Props {
            line: Some(2 * line_twips()),
            keep_next: true,
            ..centred()
        },
    );
    red_name(out, &front.header, fit.name, faces);
    close(out);
    // Office at the left, date at the right, the red rule under them; the size from
    // `layout::header::office_line` (measured in the PDF's fonts by the caller). When nothing
    // fits, the date goes flush right on the 第N期 line.
    let office = front.office.trim();
    let date = cn_date(front.date);
    let red = red();
    let raised = RunFormat {
        raise: true,
        ..RunFormat::default()
    };
    let size_pt = office_line.office_size();
    let issue = issue_label(front.issue, front.revision);
    if let OfficeLine::Split { .. } = office_line {
        open(
            out,
            &Props {
                keep_next: true,
                center_tab: Some(block_twips() / 2),
                right_tab: Some(block_twips()),
                ..flush()
            },
        );
        run(out, &format!("\t{issue}\t{date}"), &raised);
    } else {
        open(
            out,
            &Props {
                keep_next: true,
                ..centred()
            },
        );
        run(out, &issue, &raised);
    }
    close(out);
    open(
        out,
        &Props {
            keep_next: true,
            right_tab: Some(block_twips()),
            bottom_border: Some((border_eighths(RED_RULE), 0, &red)),
            ..flush()
        },
    );
    let format = RunFormat {
        size: (size_pt != size::BODY).then_some(size_pt),
        ..raised
    };
    let text = match office_line {
        OfficeLine::One { .. } => format!("{office}\t{date}"),
        OfficeLine::Split { .. } => office.to_string(),
    };
    run(out, &text, &format);
    close(out);
}

fn file_header(
    out: &mut String,
    front: &FrontMatter,
    faces: &Faces,
    name: NameFit,
    lines_above: i64,
) {
    let size_pt = name.size;
    // The name's line is 1.3 em high; the editors set the glyphs at its foot (0.06 em of
    // leading above them), so its top comes 35 mm below the block's top.
    let line = twips(1.3 * em(size_pt));
    let name_top = file_name_top(lines_above as usize);
    let before = (twips(name_top) - lines_above * line_twips() - twips(0.06 * em(size_pt))).max(0);
    let number = given(&front.doc_number);
    let gap_pt = (FILE_RULE_GAP / MM_PER_PT).round() as i64;
    let red = red();
    let rule = Some((border_eighths(RED_RULE), gap_pt, red.as_str()));
    open(
        out,
        &Props {
            line: Some(line),
            before: Some(before),
            keep_next: true,
            bottom_border: if number.is_none() { rule } else { None },
            ..centred()
        },
    );
    red_name(out, &front.header, name, faces);
    close(out);
    if let Some(number) = number {
        // On the PDF's grid line for it (two blank lines below the first line free under
        // the name), as one paragraph with the space before it.
        let name_bottom = lines_above * line_twips() + before + line;
        let number_top =
            twips(line_top(file_number_line(name_top, size_pt))).max(name_bottom) - name_bottom;
        open(
            out,
            &Props {
                keep_next: true,
                before: Some(number_top),
                bottom_border: rule,
                ..centred()
            },
        );
        run(
            out,
            number,
            &RunFormat {
                raise: true,
                ..RunFormat::default()
            },
        );
        close(out);
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::document::Colophon;
    use crate::model::Date;

    fn estimated(f: &FrontMatter) -> HeaderFit {
        HeaderFit::estimated(f.style, &f.header, &f.office, &cn_date(f.date))
    }

    pub(crate) fn front(style: HeaderStyle) -> FrontMatter {
        let date = Date(chrono::NaiveDate::from_ymd_opt(2019, 12, 31).unwrap_or_default());
        FrontMatter {
            style,
            header: "城镇居住区配套幼儿园专项整治工作通报".into(),
            issue: 4,
            revision: None,
            doc_number: Some("临整办〔2019〕12号".into()),
            copy_number: Some("000123".into()),
            secrecy: Some("内部资料 注意保存".into()),
            office: "临沂市城镇居住区配套幼儿园专项整治工作领导小组办公室".into(),
            date,
            title: "关于全市工作进展情况的通报".into(),
            addressee: "各县区".into(),
            signature: "市整治办".into(),
            contact: Some("联系人：张三，电话：1234567".into()),
            colophon: Colophon {
                report_to: vec!["市委".into()],
                send_to: vec![],
                copy_to: vec!["市纪委".into()],
                printer: "市整治办".into(),
                print_date: date,
            },
            fonts: Default::default(),
            grades: Default::default(),
            words: Vec::new(),
        }
    }

    #[test]
    fn brief_header_red_name_issue_office_date_and_rule() {
        let mut s = String::new();
        let f = front(HeaderStyle::Brief);
        let fit = HeaderFit {
            office_line: OfficeLine::One {
                size: size::XIAOSAN,
            },
            ..estimated(&f)
        };
        header(&mut s, &f, &Faces::default(), &fit);
        assert!(s.contains("<w:color w:val=\"FF0000\"/>"));
        assert!(s.contains("第4期"));
        assert!(s.contains("000123"));
        assert!(s.contains("w:eastAsia=\"黑体\""), "密级 in 黑体");
        // The red rule: a bottom border of a full-width paragraph, 0.5 mm.
        assert!(
            s.contains("<w:bottom w:val=\"single\" w:sz=\"11\" w:space=\"0\" w:color=\"FF0000\"/>")
        );
        assert!(s.contains("<w:tab w:val=\"right\" w:pos=\"8844\"/>"));
        assert!(s.contains("2019年12月31日"));
        // 18 characters: 26 pt, condensed.
        assert!(s.contains("<w:sz w:val=\"52\"/>"), "{s}");
        assert!(s.contains("<w:w w:val=\"8"));
        // The office line at the size it was given (小三), the date after a tab.
        assert!(s.contains("<w:sz w:val=\"30\"/>"), "{s}");
        assert!(
            s.contains("领导小组办公室</w:t><w:tab/><w:t xml:space=\"preserve\">2019年12月31日"),
            "{s}"
        );
    }

    #[test]
    fn brief_header_office_too_long_date_on_the_issue_line() {
        let mut s = String::new();
        let f = front(HeaderStyle::Brief);
        let fit = HeaderFit {
            office_line: OfficeLine::Split { size: size::SAN },
            ..estimated(&f)
        };
        header(&mut s, &f, &Faces::default(), &fit);
        let issue = s.find("第4期").unwrap_or(0);
        let date = s.find("2019年12月31日").unwrap_or(0);
        let office = s.find("临沂市").unwrap_or(0);
        assert!(issue > 0 && issue < date && date < office, "{s}");
        assert!(s.contains(
            "<w:tab w:val=\"center\" w:pos=\"4422\"/><w:tab w:val=\"right\" w:pos=\"8844\"/>"
        ));
        // The office alone at 三号 (no size of its own) on the ruled line.
        let ruled = &s[s.find("<w:pBdr>").unwrap_or(0)..];
        assert!(
            ruled.contains("领导小组办公室") && !ruled.contains("<w:sz "),
            "{ruled}"
        );
    }

    #[test]
    fn file_header_number_and_rule_four_mm_below() {
        let mut s = String::new();
        let f = front(HeaderStyle::File);
        header(&mut s, &f, &Faces::default(), &estimated(&f));
        assert!(s.contains("临整办〔2019〕12号"));
        assert!(s.contains("w:space=\"11\" w:color=\"FF0000\""));
        assert!(!s.contains("第4期"));
    }
}
