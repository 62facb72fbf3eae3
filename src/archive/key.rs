//! The office's signing key (Ed25519, through `ed25519-dalek`): the private half lives in a
//! file outside the archive and the campaign folder — by default in the user's configuration
//! folder, or where `--key` or `TONGBAO_KEY` says — and signs every ledger entry; the archive
//! keeps only public keys (in its ledger). The key file is text: a Chinese explanation of what
//! it is and how to keep it, then one line with the 32 secret bytes in hex.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};

use super::ArchiveError;
use crate::checksum::{hex, sha256_hex};
use crate::io_error::io_reason;

/// The environment variable that names the key file when `--key` is not given.
pub const KEY_ENV: &str = "TONGBAO_KEY";

/// The key file's first lines: what it is and how to keep it.
const KEY_HEADER: &str = "# tongbao 签名密钥（私钥）：本办公室发布的每一期通报都用它签名，存档校验（tongbao archive verify）据此确认存档未被改写。\n# 请备份到 U 盘或光盘并锁入保密柜；不要放进活动文件夹或存档，不要发给他人：拿到它的人可以冒用本办公室的名义签名。\n# 丢失后不影响已发布的各期，可以用 tongbao archive rekey 启用新密钥（存档中会留下换用记录）。\n";

/// The default key file: `<config>/tongbao/office.key`, where `<config>` is `%APPDATA%` on
/// Windows, else `$XDG_CONFIG_HOME`, else `~/.config`.
pub fn default_path() -> Option<PathBuf> {
    let config = if cfg!(windows) {
        std::env::var_os("APPDATA").map(PathBuf::from)
    } else {
        std::env::var_os("XDG_CONFIG_HOME")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))
    };
    config.map(|c| c.join("tongbao").join("office.key"))
}

/// The key file to use: `explicit` (`--key`), else `TONGBAO_KEY`, else [`default_path`].
pub fn path(explicit: Option<&Path>) -> Result<PathBuf, ArchiveError> {
    explicit
        .map(Path::to_path_buf)
        .or_else(|| std::env::var_os(KEY_ENV).filter(|v| !v.is_empty()).map(PathBuf::from))
        .or_else(default_path)
        .ok_or_else(|| {
            ArchiveError::Refused(format!(
                "找不到存放签名密钥的位置（没有用户配置文件夹）：请用 --key 密钥文件 或环境变量 {KEY_ENV} 指定"
            ))
        })
}

/// A short fingerprint of a public key, as printed for people: `3f9a-c2d1`.
pub fn fingerprint(public: &VerifyingKey) -> String {
    short(&sha256_hex(public.as_bytes()))
}

/// `3f9a-c2d1` from the first eight hex digits of `hex`.
pub fn short(hex: &str) -> String {
    let head: String = hex.chars().take(8).collect();
    match head.split_at_checked(4) {
        Some((a, b)) => format!("{a}-{b}"),
        None => head,
    }
}

/// The office's private key, read from its file.
pub struct OfficeKey {
    key: SigningKey,
    /// Where it was read from.
    pub path: PathBuf,
}

impl std::fmt::Debug for OfficeKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "OfficeKey({})", self.path.display())
    }
}

impl OfficeKey {
    /// The public half.
    pub fn public(&self) -> VerifyingKey {
        self.key.verifying_key()
    }

    /// The signature of `message`.
    pub fn sign(&self, message: &[u8]) -> Signature {
        self.key.sign(message)
    }

    /// Reads the key at `path`; `Ok(None)` when there is no file there.
    pub fn read(path: &Path) -> Result<Option<OfficeKey>, ArchiveError> {
        let text = match fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => {
                return Err(ArchiveError::Refused(format!(
                    "无法读取签名密钥 {}：{}",
                    path.display(),
                    io_reason(&e)
                )));
            }
        };
        let line = text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with('#'))
            .unwrap_or("");
        let bytes = parse_hex::<32>(line).ok_or_else(|| {
            ArchiveError::Refused(format!(
                "{} 不是 tongbao 的签名密钥文件（应有一行 64 位十六进制数）：请用备份的密钥文件替换它，或用 tongbao archive rekey 启用新密钥",
                path.display()
            ))
        })?;
        Ok(Some(OfficeKey {
            key: SigningKey::from_bytes(&bytes),
            path: path.to_path_buf(),
        }))
    }

    /// Creates a new key at `path` (which must not exist), readable only by its owner. The
    /// file appears whole (written aside, then linked into place); when another process
    /// created it first, that key is read instead, so that two first publishes agree.
    pub fn create(path: &Path) -> Result<OfficeKey, ArchiveError> {
        let mut secret = [0u8; 32];
        getrandom::fill(&mut secret)
            .map_err(|e| ArchiveError::Io(format!("无法生成签名密钥（系统随机数不可用）：{e}")))?;
        let key = SigningKey::from_bytes(&secret);
        let parent = path.parent().unwrap_or(Path::new("."));
        fs::create_dir_all(parent).map_err(|e| super::io_error(parent, &e))?;
        let temp = parent.join(format!(".office-key.tmp-{}", std::process::id()));
        let mut options = fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let written = options.open(&temp).and_then(|mut file| {
            file.write_all(format!("{KEY_HEADER}{}\n", hex(&key.to_bytes())).as_bytes())?;
            file.sync_all()
        });
        let linked = written.and_then(|()| fs::hard_link(&temp, path));
        let _ = fs::remove_file(&temp);
        match linked {
            Ok(()) => Ok(OfficeKey {
                key,
                path: path.to_path_buf(),
            }),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                OfficeKey::read(path)?.ok_or_else(|| super::io_error(path, &e))
            }
            Err(e) => Err(super::io_error(path, &e)),
        }
    }
}

/// The public key written as hex in the ledger.
pub fn public_from_hex(text: &str) -> Option<VerifyingKey> {
    VerifyingKey::from_bytes(&parse_hex::<32>(text)?).ok()
}

/// A signature written as hex in the ledger.
pub fn signature_from_hex(text: &str) -> Option<Signature> {
    Some(Signature::from_bytes(&parse_hex::<64>(text)?))
}

fn parse_hex<const N: usize>(text: &str) -> Option<[u8; N]> {
    let text = text.trim();
    if text.len() != 2 * N || !text.is_ascii() {
        return None;
    }
    let mut out = [0u8; N];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_created_key_reads_back_and_signs() {
        let dir = std::env::temp_dir().join(format!("tongbao-key-test-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let path = dir.join("k/office.key");
        let key = OfficeKey::create(&path).unwrap();
        let again = OfficeKey::create(&path).unwrap();
        assert_eq!(again.public(), key.public(), "never overwrites a key");
        let back = OfficeKey::read(&path).unwrap().unwrap();
        assert_eq!(key.public(), back.public());
        let sig = back.sign(b"x");
        assert!(key.public().verify_strict(b"x", &sig).is_ok());
        assert!(key.public().verify_strict(b"y", &sig).is_err());
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("# tongbao 签名密钥"), "{text}");
        assert_eq!(
            public_from_hex(&hex(key.public().as_bytes())),
            Some(key.public())
        );
        fs::write(&path, "not a key").unwrap();
        assert!(OfficeKey::read(&path).is_err());
        assert!(OfficeKey::read(&dir.join("none")).unwrap().is_none());
        let _ = fs::remove_dir_all(&dir);
    }
}
