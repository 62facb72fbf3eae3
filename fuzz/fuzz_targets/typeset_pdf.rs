//! Arbitrary text typeset into the PDF: as a paragraph, a heading, a title and table cells
//! (up to many columns). Long unbroken Latin/digit runs, punctuation only, emoji and
//! characters outside the BMP, combining marks, control characters, empty paragraphs: the
//! typesetter must return a PDF or an error, never panic or loop.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tongbao::document::{Align, Block, Colophon, Document, FrontMatter, Span, Style, Table};
use tongbao::model::HeaderStyle;
use tongbao::fonts::{FontConfig, Fonts};

thread_local! {
    /// Resolved once; the fonts cache their glyph lookups across inputs.
    static FONTS: Fonts = Fonts::resolve(&FontConfig::default()).expect("bundled fonts");
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if text.len() > 20_000 {
        return;
    }
    let date = "2020-01-06".parse().expect("date");
    let columns = 1 + text.chars().count() % 1000;
    let cells: Vec<String> = text.split('|').map(str::to_string).collect();
    let doc = Document {
        front: FrontMatter {
            style: if text.len() % 2 == 0 { HeaderStyle::Brief } else { HeaderStyle::File },
            header: text.chars().take(40).collect(),
            issue: 1,
            revision: None,
            doc_number: Some("临整办〔2020〕1号".to_string()),
            copy_number: None,
            secrecy: None,
            office: "办公室".to_string(),
            date,
            title: text.chars().take(200).collect(),
            addressee: "各县区".to_string(),
            signature: "办公室".to_string(),
            contact: None,
            colophon: Colophon {
                report_to: vec![text.chars().take(50).collect()],
                send_to: vec![],
                copy_to: vec![],
                printer: "办公室".to_string(),
                print_date: date,
            },
            fonts: Default::default(),
            grades: Default::default(),
            words: vec![],
        },
        body: vec![
            Block::Paragraph(vec![Span { text: text.to_string(), style: Style::Plain }]),
            Block::Paragraph(vec![]),
            Block::Heading { level: 1, spans: vec![Span { text: text.to_string(), style: Style::Strong }] },
        ],
        attachments: vec![tongbao::document::Attachment {
            label: "附件".to_string(),
            title: "表".to_string(),
            blocks: vec![Block::Table(Table {
                align: vec![Align::Right; columns],
                header: (0..columns).map(|i| cells[i % cells.len()].clone()).collect(),
                rows: vec![(0..columns).map(|i| cells[(i + 1) % cells.len()].clone()).collect(); 3],
            })],
        }],
    };
    FONTS.with(|fonts| {
        let _ = tongbao::render::pdf::render(&doc, fonts);
    });
});
