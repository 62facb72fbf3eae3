//! The office's installed fonts, found by family name (方正小标宋简体, 仿宋_GB2312 …) in the
//! system font folders. Only each file's table directory and `name` table are read, so a
//! scan of a few hundred fonts costs a few milliseconds.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

/// Where fonts are installed on Linux, Windows and macOS.
pub(crate) fn system_font_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = vec![
        PathBuf::from("/usr/share/fonts"),
        PathBuf::from("/usr/local/share/fonts"),
        PathBuf::from("/Library/Fonts"),
        PathBuf::from("/System/Library/Fonts"),
    ];
    if let Some(home) = std::env::var_os("HOME") {
        let home = PathBuf::from(home);
        dirs.push(home.join(".fonts"));
        dirs.push(home.join(".local/share/fonts"));
        dirs.push(home.join("Library/Fonts"));
    }
    if let Some(windir) = std::env::var_os("WINDIR").or_else(|| std::env::var_os("SystemRoot")) {
        dirs.push(PathBuf::from(windir).join("Fonts"));
    } else {
        dirs.push(PathBuf::from(r"C:\Windows\Fonts"));
    }
    if let Some(local) = std::env::var_os("LOCALAPPDATA") {
        dirs.push(PathBuf::from(local).join(r"Microsoft\Windows\Fonts"));
    }
    dirs
}

/// A face of an installed font file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Installed {
    pub path: PathBuf,
    /// Face index inside a collection (`.ttc`), 0 otherwise.
    pub index: u32,
}

/// Family names (normalised by [`normalise`]) → the first face that has the name, over all
/// font files under `dirs` (visited in sorted order, so the answer is deterministic).
pub(crate) fn scan(dirs: &[PathBuf]) -> BTreeMap<String, Installed> {
    let mut files = Vec::new();
    for dir in dirs {
        collect_font_files(dir, 0, &mut files);
    }
    let mut names: BTreeMap<String, Installed> = BTreeMap::new();
    for path in files {
        for (index, families) in read_family_names(&path).into_iter().enumerate() {
            for family in families {
                names
                    .entry(normalise(&family))
                    .or_insert_with(|| Installed {
                        path: path.clone(),
                        index: index as u32,
                    });
            }
        }
    }
    names
}

/// Compares family names without case or spaces: `FangSong_GB2312` = `fangsong_gb2312`.
pub(crate) fn normalise(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

fn collect_font_files(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) {
    if depth > 6 {
        return;
    }
    let Ok(read) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = read.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect_font_files(&path, depth + 1, out);
        } else if path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
            matches!(
                e.to_ascii_lowercase().as_str(),
                "ttf" | "otf" | "ttc" | "otc"
            )
        }) {
            out.push(path);
        }
    }
}

fn read_at(file: &mut File, offset: u64, len: usize) -> Option<Vec<u8>> {
    file.seek(SeekFrom::Start(offset)).ok()?;
    let mut buf = vec![0u8; len];
    file.read_exact(&mut buf).ok()?;
    Some(buf)
}

fn u16_at(b: &[u8], i: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*b.get(i)?, *b.get(i + 1)?]))
}

fn u32_at(b: &[u8], i: usize) -> Option<u32> {
    Some(u32::from_be_bytes([
        *b.get(i)?,
        *b.get(i + 1)?,
        *b.get(i + 2)?,
        *b.get(i + 3)?,
    ]))
}

/// The family names of every face in the file (one list per face); empty if unreadable.
pub(crate) fn read_family_names(path: &Path) -> Vec<Vec<String>> {
    let Ok(mut file) = File::open(path) else {
        return Vec::new();
    };
    let Some(head) = read_at(&mut file, 0, 12) else {
        return Vec::new();
    };
    let offsets: Vec<u64> = if head.get(0..4) == Some(b"ttcf") {
        let count = u32_at(&head, 8).unwrap_or(0).min(64) as usize;
        match read_at(&mut file, 12, count * 4) {
            Some(b) => (0..count)
                .filter_map(|i| u32_at(&b, i * 4).map(u64::from))
                .collect(),
            None => Vec::new(),
        }
    } else {
        vec![0]
    };
    offsets
        .into_iter()
        .map(|offset| face_family_names(&mut file, offset).unwrap_or_default())
        .collect()
}

fn face_family_names(file: &mut File, offset: u64) -> Option<Vec<String>> {
    let head = read_at(file, offset, 12)?;
    let num_tables = u16_at(&head, 4)? as usize;
    let dir = read_at(file, offset + 12, num_tables.min(256) * 16)?;
    let (name_offset, name_len) = (0..num_tables.min(256)).find_map(|i| {
        let rec = i * 16;
        (dir.get(rec..rec + 4)? == b"name")
            .then(|| Some((u32_at(&dir, rec + 8)?, u32_at(&dir, rec + 12)?)))?
    })?;
    if name_len > 1 << 20 {
        return None;
    }
    let table = read_at(file, u64::from(name_offset), name_len as usize)?;
    Some(parse_name_table(&table))
}

/// Family (1), full (4) and typographic family (16) names of a `name` table, all languages.
fn parse_name_table(table: &[u8]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let (Some(count), Some(storage)) = (u16_at(table, 2), u16_at(table, 4)) else {
        return out;
    };
    for i in 0..count as usize {
        let rec = 6 + i * 12;
        let (Some(platform), Some(encoding), Some(name_id), Some(len), Some(off)) = (
            u16_at(table, rec),
            u16_at(table, rec + 2),
            u16_at(table, rec + 6),
            u16_at(table, rec + 8),
            u16_at(table, rec + 10),
        ) else {
            break;
        };
        if !matches!(name_id, 1 | 4 | 16) {
            continue;
        }
        let start = storage as usize + off as usize;
        let Some(bytes) = table.get(start..start + len as usize) else {
            continue;
        };
        if let Some(name) = decode_name(platform, encoding, bytes)
            && !name.is_empty()
            && !out.contains(&name)
        {
            out.push(name);
        }
    }
    out
}

fn decode_name(platform: u16, encoding: u16, bytes: &[u8]) -> Option<String> {
    match (platform, encoding) {
        // Unicode, and Windows Unicode BMP / full repertoire: UTF-16BE.
        (0, _) | (3, 0) | (3, 1) | (3, 10) => {
            let units: Vec<u16> = bytes
                .chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            Some(String::from_utf16_lossy(&units))
        }
        // Windows PRC and Macintosh simplified Chinese: GB 2312 (as GBK), double bytes with
        // zero padding in old Windows fonts.
        (3, 3) | (1, 25) => {
            let packed: Vec<u8> = bytes.iter().copied().filter(|b| *b != 0).collect();
            let (text, _, bad) = encoding_rs::GBK.decode(&packed);
            (!bad).then(|| text.into_owned())
        }
        // Macintosh Roman: ASCII is enough for the names we look for.
        (1, 0) => Some(
            bytes
                .iter()
                .map(|&b| if b.is_ascii() { b as char } else { '?' })
                .collect(),
        ),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_names_of_the_bundled_fonts() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts/FandolFang-Regular.otf");
        let names = read_family_names(&path);
        assert_eq!(names.len(), 1);
        assert!(names[0].iter().any(|n| n == "FandolFang"), "{names:?}");
    }

    #[test]
    fn scans_a_folder_by_family_name() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");
        let found = scan(&[dir]);
        let hei = found.get(&normalise("Fandol Hei")).unwrap();
        assert!(hei.path.ends_with("FandolHei-Regular.otf"));
        assert_eq!(hei.index, 0);
    }

    #[test]
    fn names_compare_without_case_or_spaces() {
        assert_eq!(normalise("FangSong_GB2312"), normalise("fangsong_gb2312"));
        assert_eq!(normalise("Fandol Song"), "fandolsong");
    }

    #[test]
    fn garbage_is_not_a_font() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml");
        assert!(read_family_names(&path).iter().all(Vec::is_empty));
    }
}
