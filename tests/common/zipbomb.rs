//! ZIP containers that lie about their size, for the tests of the import's bounds.

use std::io::{Cursor, Write};

/// A ZIP whose central directory (and local header) declare `size` for the first entry.
pub fn declare_size(bytes: &mut [u8], size: u32) {
    let le = size.to_le_bytes();
    let mut i = 0;
    while i + 4 <= bytes.len() {
        match &bytes[i..i + 4] {
            [0x50, 0x4b, 0x03, 0x04] => bytes[i + 22..i + 26].copy_from_slice(&le),
            [0x50, 0x4b, 0x01, 0x02] => bytes[i + 24..i + 28].copy_from_slice(&le),
            _ => {}
        }
        i += 1;
    }
}

/// A zip with one deflated entry of `len` bytes of `x`.
pub fn one_entry_zip(name: &str, len: usize) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    let mut w = zip::ZipWriter::new(&mut out);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1));
    w.start_file(name, options).unwrap();
    w.write_all(&vec![b'x'; len]).unwrap();
    w.finish().unwrap();
    out.into_inner()
}
