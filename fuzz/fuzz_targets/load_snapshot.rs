//! Arbitrary bytes as a snapshot file (and as a campaign file): decoding, parsing and the
//! checks must report, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;
use tongbao::model::{Campaign, Snapshot};

fuzz_target!(|data: &[u8]| {
    let path = Path::new("snapshots/2019-12.yaml");
    if let Ok(text) = tongbao::load::decode(path, data) {
        let _ = tongbao::load::parse::<Snapshot>(path, &text);
        let _ = tongbao::load::parse::<Campaign>(Path::new("campaign.yaml"), &text);
    }
});
