//! Arbitrary bytes as a .xlsx file handed to import: every bound (size, ZIP, sheet extent)
//! and every reader must refuse with a message, never panic, abort or exhaust memory.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let _ = tongbao::import::read_spreadsheet(Path::new("fuzz.xlsx"), data.to_vec());
});
