//! sha256 checksums, as the draft record and the archive manifest write them.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

/// Lowercase hex sha256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Name → sha256 of each of `files`, as the draft records and archive manifests keep them.
pub fn digests(files: &[(String, Vec<u8>)]) -> BTreeMap<String, String> {
    files
        .iter()
        .map(|(name, bytes)| (name.clone(), sha256_hex(bytes)))
        .collect()
}

/// The files that differ between `recorded` (name → sha256) and `now`: changed, new or gone,
/// by name, sorted.
pub fn changed_files(
    recorded: &BTreeMap<String, String>,
    now: &[(String, Vec<u8>)],
) -> Vec<String> {
    let now = digests(now);
    let mut changed: Vec<String> = recorded
        .iter()
        .filter(|(name, hash)| now.get(*name) != Some(hash))
        .map(|(name, _)| name.clone())
        .chain(
            now.keys()
                .filter(|name| !recorded.contains_key(*name))
                .cloned(),
        )
        .collect();
    changed.sort();
    changed.dedup();
    changed
}

/// `bytes` in lowercase hex.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(2 * bytes.len());
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_abc() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
