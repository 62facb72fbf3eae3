//! Bounds on what an import reads, checked before the parsers do any work: a hostile file
//! (a ZIP bomb, a million-row sheet) is refused fast with a message, as the YAML is.

use std::io::{Read, Seek};

/// Largest spreadsheet or CSV file read (bytes on disk).
pub(crate) const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;
/// Most entries in the ZIP container of an xlsx or ods (a real workbook has a few dozen).
pub(crate) const MAX_ZIP_ENTRIES: usize = 2_000;
/// Most bytes all entries of one xlsx/ods may unpack to.
pub(crate) const MAX_UNPACKED_BYTES: u64 = 128 * 1024 * 1024;
/// Most rows one sheet may have (a national ledger of items stays far below).
pub(crate) const MAX_ROWS: u32 = 200_000;
/// Most columns one sheet may have.
pub(crate) const MAX_COLUMNS: u32 = 256;

const LIAR: &str = "文件中的部件解压后超过其声明的大小，拒绝读取（可能是“ZIP 炸弹”）";

/// Checks a ZIP container (xlsx, ods) before anything is inflated: the number of entries and
/// the sizes the central directory declares, then that no entry inflates past its declared
/// size (a lying header). Returns the Chinese reason for a refusal.
pub(crate) fn check_zip<R: Read + Seek>(reader: R) -> Result<(), String> {
    let mut archive = zip::ZipArchive::new(reader)
        .map_err(|e| format!("不是有效的 xlsx/ods 文件（ZIP 结构损坏：{e}）"))?;
    if archive.len() > MAX_ZIP_ENTRIES {
        return Err(format!(
            "文件内含 {} 个部件，超过上限 {MAX_ZIP_ENTRIES} 个，拒绝读取（可能是恶意构造的文件）",
            archive.len()
        ));
    }
    let mut declared: u64 = 0;
    for i in 0..archive.len() {
        let entry = archive
            .by_index_data(i)
            .map_err(|e| format!("ZIP 结构损坏：{e}"))?;
        declared = declared.saturating_add(entry.size());
    }
    if declared > MAX_UNPACKED_BYTES {
        return Err(format!(
            "文件解压后达 {} MB，超过上限 {} MB，拒绝读取（可能是“ZIP 炸弹”）；真实的报表或台账远小于此",
            declared / (1024 * 1024),
            MAX_UNPACKED_BYTES / (1024 * 1024)
        ));
    }
    // The declared sizes are the attacker's to write: inflate each entry at most one byte past
    // what it declares, so a lying entry costs no more than an honest one.
    for i in 0..archive.len() {
        let mut entry = archive
            .by_index(i)
            .map_err(|e| format!("ZIP 结构损坏：{e}"))?;
        let size = entry.size();
        let read = std::io::copy(
            &mut (&mut entry).take(size.saturating_add(1)),
            &mut std::io::sink(),
        )
        .map_err(|e| {
            if e.to_string().contains("larger than its declared") {
                LIAR.to_string()
            } else {
                format!("ZIP 部件无法解压：{e}")
            }
        })?;
        if read > size {
            return Err(LIAR.to_string());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Write};

    fn zip_of(entries: &[(&str, Vec<u8>)]) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        {
            let mut w = zip::ZipWriter::new(&mut out);
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            for (name, data) in entries {
                w.start_file(*name, options).unwrap();
                w.write_all(data).unwrap();
            }
            w.finish().unwrap();
        }
        out.into_inner()
    }

    #[test]
    fn small_archives_pass() {
        let bytes = zip_of(&[("a.xml", b"<a/>".to_vec())]);
        assert_eq!(check_zip(Cursor::new(bytes)), Ok(()));
    }

    #[test]
    fn garbage_is_not_a_zip() {
        let e = check_zip(Cursor::new(b"not a zip".to_vec())).unwrap_err();
        assert!(e.contains("ZIP 结构损坏"), "{e}");
    }
}
