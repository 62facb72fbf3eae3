//! Arbitrary text as an edited bulletin.md: Markdown → document model → HTML must not panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    // Give most inputs a valid front matter so the body parser is reached.
    let with_front = format!(
        "---\nstyle: 简报\nheader: 测试\nissue: 1\noffice: 办\ndate: 2020-01-06\ntitle: 标题\naddressee: 各县区\nsignature: 办\ncolophon:\n  printer: 办\n  print_date: 2020-01-06\n---\n{text}"
    );
    for md in [text, with_front.as_str()] {
        if let Ok(doc) = tongbao::document::parse(Path::new("bulletin.md"), md) {
            let _ = tongbao::render::html::render(&doc);
        }
    }
});
