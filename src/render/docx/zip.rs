//! A deterministic ZIP writer for the package: entries in the order given, deflated at a fixed
//! level, every timestamp 1980-01-01 00:00 (the earliest MS-DOS date), no extra fields, no
//! comments. The same parts give the same bytes on every machine.

use std::io::Write;

use flate2::Compression;
use flate2::write::DeflateEncoder;

/// Deflate level of every entry (fixed, so the bytes do not depend on a default).
const LEVEL: u32 = 6;
/// MS-DOS time 00:00:00 and date 1980-01-01.
const DOS_TIME: u16 = 0;
const DOS_DATE: u16 = (1 << 5) | 1;
/// Version needed to extract: 2.0 (deflate).
const VERSION: u16 = 20;
/// General purpose flag bit 11: names are UTF-8.
const UTF8_NAMES: u16 = 1 << 11;
const DEFLATED: u16 = 8;

struct Central {
    name: String,
    crc: u32,
    compressed: u32,
    size: u32,
    offset: u32,
}

/// An entry's bytes deflated, with what the headers say of them.
pub(crate) struct Deflated {
    crc: u32,
    size: u64,
    compressed: Vec<u8>,
}

/// An entry deflated as it is written, so that its text is never held whole.
pub(crate) struct Deflating {
    crc: flate2::Crc,
    size: u64,
    encoder: DeflateEncoder<Vec<u8>>,
}

impl Deflating {
    pub(crate) fn new() -> Deflating {
        Deflating {
            crc: flate2::Crc::new(),
            size: 0,
            encoder: DeflateEncoder::new(Vec::new(), Compression::new(LEVEL)),
        }
    }

    /// Adds `bytes` to the entry.
    pub(crate) fn write(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.crc.update(bytes);
        self.size += bytes.len() as u64;
        self.encoder.write_all(bytes)
    }

    pub(crate) fn finish(self) -> std::io::Result<Deflated> {
        Ok(Deflated {
            crc: self.crc.sum(),
            size: self.size,
            compressed: self.encoder.finish()?,
        })
    }
}

/// `bytes` deflated as one entry.
pub(crate) fn deflate(bytes: &[u8]) -> std::io::Result<Deflated> {
    let mut d = Deflating::new();
    d.write(bytes)?;
    d.finish()
}

/// Packs `(name, bytes)` entries, in that order, into a ZIP archive.
#[cfg(test)]
pub(crate) fn pack(entries: &[(&str, Vec<u8>)]) -> std::io::Result<Vec<u8>> {
    let deflated = entries
        .iter()
        .map(|(name, data)| Ok((*name, deflate(data)?)))
        .collect::<std::io::Result<Vec<_>>>()?;
    pack_deflated(&deflated)
}

/// Packs `(name, deflated bytes)` entries, in that order, into a ZIP archive.
pub(crate) fn pack_deflated(entries: &[(&str, Deflated)]) -> std::io::Result<Vec<u8>> {
    let too_big = || std::io::Error::other("DOCX 包超过 4 GiB");
    let mut out: Vec<u8> = Vec::new();
    let mut central = Vec::with_capacity(entries.len());
    for (name, data) in entries {
        let entry = Central {
            name: (*name).to_string(),
            crc: data.crc,
            compressed: u32::try_from(data.compressed.len()).map_err(|_| too_big())?,
            size: u32::try_from(data.size).map_err(|_| too_big())?,
            offset: u32::try_from(out.len()).map_err(|_| too_big())?,
        };
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        header_fields(&mut out, &entry);
        out.extend_from_slice(&0u16.to_le_bytes()); // extra field length
        out.extend_from_slice(entry.name.as_bytes());
        out.extend_from_slice(&data.compressed);
        central.push(entry);
    }
    let start = u32::try_from(out.len()).map_err(|_| too_big())?;
    for entry in &central {
        out.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        out.extend_from_slice(&VERSION.to_le_bytes()); // version made by
        header_fields(&mut out, entry);
        out.extend_from_slice(&0u16.to_le_bytes()); // extra field length
        out.extend_from_slice(&0u16.to_le_bytes()); // comment length
        out.extend_from_slice(&0u16.to_le_bytes()); // disk number
        out.extend_from_slice(&0u16.to_le_bytes()); // internal attributes
        out.extend_from_slice(&0u32.to_le_bytes()); // external attributes
        out.extend_from_slice(&entry.offset.to_le_bytes());
        out.extend_from_slice(entry.name.as_bytes());
    }
    let size = u32::try_from(out.len()).map_err(|_| too_big())? - start;
    let count = u16::try_from(central.len()).map_err(|_| too_big())?;
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes()); // this disk
    out.extend_from_slice(&0u16.to_le_bytes()); // disk with the central directory
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&size.to_le_bytes());
    out.extend_from_slice(&start.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes()); // comment length
    Ok(out)
}

/// The fields local and central headers share, from "version needed" to "name length".
fn header_fields(out: &mut Vec<u8>, entry: &Central) {
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&UTF8_NAMES.to_le_bytes());
    out.extend_from_slice(&DEFLATED.to_le_bytes());
    out.extend_from_slice(&DOS_TIME.to_le_bytes());
    out.extend_from_slice(&DOS_DATE.to_le_bytes());
    out.extend_from_slice(&entry.crc.to_le_bytes());
    out.extend_from_slice(&entry.compressed.to_le_bytes());
    out.extend_from_slice(&entry.size.to_le_bytes());
    // Names are part paths of at most a few dozen bytes.
    out.extend_from_slice(&(entry.name.len() as u16).to_le_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_entries_same_bytes_in_the_given_order() {
        let entries = vec![
            ("[Content_Types].xml", b"<a/>".to_vec()),
            ("word/document.xml", "<w:t>通报</w:t>".as_bytes().to_vec()),
        ];
        let a = pack(&entries).unwrap();
        assert_eq!(a, pack(&entries).unwrap());
        assert_eq!(&a[..4], b"PK\x03\x04");
        // The first entry's name follows its 30-byte local header.
        assert_eq!(&a[30..49], b"[Content_Types].xml");
        // Fixed MS-DOS timestamp: time 0, date 1980-01-01.
        assert_eq!(&a[10..14], &[0, 0, 0x21, 0]);
        let end = a.len() - 22;
        assert_eq!(&a[end..end + 4], b"PK\x05\x06");
        assert_eq!(u16::from_le_bytes([a[end + 10], a[end + 11]]), 2);
    }
}
