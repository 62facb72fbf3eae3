//! The type styles GB/T 9704 names (仿宋, 黑体, 楷体, 小标宋, and 宋体 for page numbers) and the
//! font files that serve them.
//!
//! Resolution, per style: an explicit file from [`FontConfig`] → the bundled Fandol file in a
//! fonts folder (the configured folders, `fonts/` in the current directory, `share/tongbao/fonts`
//! beside the executable's folder as the .deb installs it, `fonts/` next to the executable or one
//! of its ancestors, then this crate's `fonts/`) → an installed font
//! found by family name in the system font folders. Files are opened (memory-mapped) only when
//! a style is first used, and each file once.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::{Mutex, OnceLock, PoisonError};

use printpdf::{AzulParsedFont, ParsedFont};
use rust_fontconfig::FontBytes;

use crate::fault::Fault;
use crate::font_style::FontStyle;

pub(crate) mod system;

/// Why a font cannot serve: a missing style or an unreadable file is the input's to fix
/// (install or configure a font); a slot that does not exist is a bug.
#[derive(Debug, thiserror::Error)]
pub enum FontError {
    /// No file serves a type style.
    #[error("找不到{styles}字体。{detail}")]
    MissingFont {
        /// The styles without a file, e.g. `仿宋、黑体`.
        styles: String,
        /// What was searched and how to configure a file.
        detail: String,
    },

    /// A configured or found font file cannot be read or parsed.
    #[error("无法使用字体文件 {path}：{reason}")]
    FontFile {
        /// The file.
        path: PathBuf,
        /// Why it cannot be used, in Chinese.
        reason: String,
    },

    /// A failure of this program.
    #[error("生成 PDF 时出现内部错误：{0}")]
    Internal(String),
}

impl FontError {
    /// Whose fault: a missing or unreadable font is the input's; a bad slot is ours.
    pub fn fault(&self) -> Fault {
        match self {
            FontError::Internal(_) => Fault::Internal,
            _ => Fault::Input,
        }
    }
}

/// Which loaded font face a glyph comes from (an index into [`Fonts`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FaceKey(pub u8);

/// One character resolved to a glyph of a face.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Glyph {
    pub ch: char,
    pub face: FaceKey,
    pub gid: u16,
    /// Advance width in ems.
    pub advance: f64,
    /// Advance in thousandths of an em, as the PDF's `/W` array gives it.
    pub pdf_width: i32,
}

/// Which font files to use. The default searches as described in the module documentation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FontConfig {
    /// Explicit files for some styles.
    pub files: BTreeMap<FontStyle, PathBuf>,
    /// Folders searched for the bundled files before the default ones.
    pub folders: Vec<PathBuf>,
    /// Skip the system font folders.
    pub no_system_fonts: bool,
}

/// How a file came to serve a style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Named in the configuration.
    Configured,
    /// The bundled file found in a fonts folder.
    Folder,
    /// An installed font with this family name.
    Installed(String),
}

/// The file serving one style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FontSource {
    /// The style served.
    pub style: FontStyle,
    /// The font file.
    pub path: PathBuf,
    /// Face index inside a font collection.
    pub index: u32,
    /// How the file was found.
    pub origin: Origin,
}

/// A parsed font face.
pub struct Face {
    /// The parsed face.
    pub font: ParsedFont,
    /// Font units per em.
    pub units_per_em: f64,
}

struct Slot {
    path: PathBuf,
    index: u32,
    face: OnceLock<Result<Face, String>>,
}

/// The resolved fonts of a run: which file serves each style, each face parsed on first use.
pub struct Fonts {
    sources: Vec<FontSource>,
    slots: Vec<Slot>,
    /// Slot of each style, by [`FontStyle::index`].
    by_style: [usize; 5],
    /// Glyphs already looked up, by style and character.
    memo: Mutex<HashMap<(FontStyle, char), Option<Glyph>>>,
}

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fonts")
            .field("sources", &self.sources)
            .finish()
    }
}

/// The fonts folders searched for the bundled files, in order.
pub fn font_folders(config: &FontConfig) -> Vec<PathBuf> {
    let mut folders: Vec<PathBuf> = config.folders.clone();
    folders.push(PathBuf::from("fonts"));
    if let Ok(exe) = std::env::current_exe() {
        // Installed from the .deb: /usr/bin/tongbao with its fonts in /usr/share/tongbao/fonts.
        if let Some(prefix) = exe.parent().and_then(Path::parent) {
            folders.push(prefix.join("share/tongbao/fonts"));
        }
        let mut dir = exe.parent();
        let mut depth = 0;
        while let Some(d) = dir {
            if depth > 4 {
                break;
            }
            folders.push(d.join("fonts"));
            dir = d.parent();
            depth += 1;
        }
    }
    folders.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts"));
    let mut seen = Vec::new();
    folders.retain(|f| {
        let key = f.canonicalize().unwrap_or_else(|_| f.clone());
        if seen.contains(&key) {
            false
        } else {
            seen.push(key);
            true
        }
    });
    folders
}

impl Fonts {
    /// Finds a file for every style. Fails, naming what was searched, if a style has none.
    pub fn resolve(config: &FontConfig) -> Result<Fonts, FontError> {
        let folders = font_folders(config);
        let mut installed: Option<BTreeMap<String, system::Installed>> = None;
        let mut sources = Vec::new();
        let mut missing = Vec::new();
        for style in FontStyle::ALL {
            if let Some(path) = config.files.get(&style) {
                if !path.is_file() {
                    return Err(FontError::FontFile {
                        path: path.clone(),
                        reason: format!("文件不存在（配置为{}字体）", style.name()),
                    });
                }
                sources.push(FontSource {
                    style,
                    path: path.clone(),
                    index: 0,
                    origin: Origin::Configured,
                });
                continue;
            }
            if let Some(path) = folders
                .iter()
                .map(|f| f.join(style.bundled_file()))
                .find(|p| p.is_file())
            {
                sources.push(FontSource {
                    style,
                    path,
                    index: 0,
                    origin: Origin::Folder,
                });
                continue;
            }
            if !config.no_system_fonts {
                let names =
                    installed.get_or_insert_with(|| system::scan(&system::system_font_dirs()));
                if let Some((family, found)) = style
                    .families()
                    .iter()
                    .find_map(|f| names.get(&system::normalise(f)).map(|i| (*f, i)))
                {
                    sources.push(FontSource {
                        style,
                        path: found.path.clone(),
                        index: found.index,
                        origin: Origin::Installed(family.to_string()),
                    });
                    continue;
                }
            }
            missing.push(style);
        }
        if !missing.is_empty() {
            let styles: Vec<&str> = missing.iter().map(|s| s.name()).collect();
            let mut detail = String::new();
            let _ = write!(
                detail,
                "已查找字体文件夹（{}）",
                folders
                    .iter()
                    .map(|f| f.display().to_string())
                    .collect::<Vec<_>>()
                    .join("、")
            );
            for style in &missing {
                let _ = write!(detail, "；{}需要 {}", style.name(), style.bundled_file());
                if !config.no_system_fonts {
                    let _ = write!(detail, " 或已安装的“{}”", style.families().join("”“"));
                }
            }
            detail.push_str("。请把随附的 fonts 文件夹放在当前目录或程序旁，或安装上述字体，或在配置中指定字体文件。");
            return Err(FontError::MissingFont {
                styles: styles.join("、"),
                detail,
            });
        }
        Ok(Fonts::from_sources(sources))
    }

    fn from_sources(sources: Vec<FontSource>) -> Fonts {
        let mut slots: Vec<Slot> = Vec::new();
        let mut keys: Vec<(PathBuf, u32)> = Vec::new();
        let mut by_style = [0usize; 5];
        for source in &sources {
            let key = (
                source
                    .path
                    .canonicalize()
                    .unwrap_or_else(|_| source.path.clone()),
                source.index,
            );
            let slot = match keys.iter().position(|k| *k == key) {
                Some(i) => i,
                None => {
                    keys.push(key);
                    slots.push(Slot {
                        path: source.path.clone(),
                        index: source.index,
                        face: OnceLock::new(),
                    });
                    slots.len() - 1
                }
            };
            by_style[source.style.index()] = slot;
        }
        Fonts {
            sources,
            slots,
            by_style,
            memo: Mutex::new(HashMap::new()),
        }
    }

    /// Which file serves each style.
    pub fn sources(&self) -> &[FontSource] {
        &self.sources
    }

    /// One line per style, in Chinese, e.g. `仿宋：fonts/FandolFang-Regular.otf（字体文件夹）`.
    pub fn describe(&self) -> String {
        let mut out = String::new();
        for s in &self.sources {
            let origin = match &s.origin {
                Origin::Configured => "配置指定".to_string(),
                Origin::Folder => "字体文件夹".to_string(),
                Origin::Installed(family) => format!("已安装字体“{family}”"),
            };
            let _ = writeln!(
                out,
                "{}：{}（{}）",
                s.style.name(),
                s.path.display(),
                origin
            );
        }
        out
    }

    /// The face serving `style`, parsed on first use.
    pub fn face_of(&self, style: FontStyle) -> Result<(FaceKey, &Face), FontError> {
        let slot = self.by_style[style.index()];
        Ok((FaceKey(slot as u8), self.face(slot)?))
    }

    /// The face behind `key`, if it was loaded.
    pub fn loaded(&self, key: FaceKey) -> Option<&Face> {
        self.slots
            .get(key.0 as usize)
            .and_then(|s| s.face.get())
            .and_then(|r| r.as_ref().ok())
    }

    fn face(&self, slot: usize) -> Result<&Face, FontError> {
        let s = self
            .slots
            .get(slot)
            .ok_or_else(|| FontError::Internal(format!("no font slot {slot}")))?;
        s.face
            .get_or_init(|| load_face(&s.path, s.index))
            .as_ref()
            .map_err(|reason| FontError::FontFile {
                path: s.path.clone(),
                reason: reason.clone(),
            })
    }

    /// Slots tried for a character of `style`: its own, then the others.
    fn search_order(&self, style: FontStyle) -> Vec<usize> {
        let mut order = vec![self.by_style[style.index()]];
        for other in [
            FontStyle::Fangsong,
            FontStyle::Songti,
            FontStyle::Heiti,
            FontStyle::Kaiti,
            FontStyle::Xiaobiaosong,
        ] {
            let slot = self.by_style[other.index()];
            if !order.contains(&slot) {
                order.push(slot);
            }
        }
        order
    }
}

impl Fonts {
    /// The glyph of `ch` in `style`'s face or, failing that, in another face; `None` if no
    /// face has it. Looked up once per style and character.
    pub(crate) fn glyph(&self, style: FontStyle, ch: char) -> Result<Option<Glyph>, FontError> {
        let memo = || self.memo.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(known) = memo().get(&(style, ch)) {
            return Ok(*known);
        }
        let found = self.find_glyph(style, ch)?;
        memo().insert((style, ch), found);
        Ok(found)
    }

    /// The files searched for a character of `style`, for messages.
    pub(crate) fn searched(&self, style: FontStyle) -> String {
        self.search_order(style)
            .into_iter()
            .filter_map(|slot| self.slots.get(slot))
            .map(|s| s.path.display().to_string())
            .collect::<Vec<_>>()
            .join("、")
    }
}

impl Fonts {
    fn find_glyph(&self, style: FontStyle, ch: char) -> Result<Option<Glyph>, FontError> {
        for slot in self.search_order(style) {
            let face = self.face(slot)?;
            if let Some(gid) = face.font.lookup_glyph_index(ch as u32)
                && gid != 0
            {
                let units = face.font.get_horizontal_advance(gid);
                let advance = f64::from(units) / face.units_per_em;
                // printpdf's `/W` widths: font units scaled to 1/1000 em in f32, truncated.
                let pdf_width = (f32::from(units) * 1000.0 / face.units_per_em as f32) as i32;
                return Ok(Some(Glyph {
                    ch,
                    face: FaceKey(slot as u8),
                    gid,
                    advance,
                    pdf_width,
                }));
            }
        }
        Ok(None)
    }
}

/// Maps and parses one face.
fn load_face(path: &Path, index: u32) -> Result<Face, String> {
    let file = File::open(path).map_err(|e| crate::io_error::io_reason(&e))?;
    // SAFETY: the map is read-only and lives as long as the parsed face. Memory-mapping is
    // undefined behaviour only if another process truncates or rewrites the font file while
    // this run (a fraction of a second) reads it; font files are installed, not edited in
    // place. Reading instead would copy 5–8 MB per CJK font, most of which is never touched.
    let bytes = match unsafe { mmapio::MmapOptions::new().map(&file) } {
        Ok(map) => FontBytes::Mmapped(map),
        Err(_) => FontBytes::Owned(Arc::from(
            std::fs::read(path).map_err(|e| crate::io_error::io_reason(&e))?,
        )),
    };
    let mut warnings = Vec::new();
    let font = AzulParsedFont::from_bytes_shared(Arc::new(bytes), index as usize, &mut warnings)
        .ok_or_else(|| {
            let detail = warnings
                .first()
                .map(|w| format!("（{}）", w.message))
                .unwrap_or_default();
            format!("不是可用的 TrueType/OpenType 字体{detail}")
        })?;
    let units_per_em = f64::from(font.pdf_font_metrics.units_per_em.max(1));
    Ok(Face {
        font: ParsedFont::from_azul(font),
        units_per_em,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundled() -> Fonts {
        Fonts::resolve(&FontConfig {
            no_system_fonts: true,
            ..FontConfig::default()
        })
        .unwrap()
    }

    #[test]
    fn the_bundled_fonts_serve_every_style() {
        let fonts = bundled();
        assert_eq!(fonts.sources().len(), 5);
        for s in fonts.sources() {
            assert_eq!(s.origin, Origin::Folder);
            assert!(s.path.ends_with(s.style.bundled_file()));
        }
        assert!(fonts.describe().contains("仿宋："));
    }

    #[test]
    fn glyphs_and_advances() {
        let fonts = bundled();
        let g = fonts.glyph(FontStyle::Fangsong, '字').unwrap().unwrap();
        assert!((g.advance - 1.0).abs() < 1e-9);
        let d = fonts.glyph(FontStyle::Fangsong, '6').unwrap().unwrap();
        assert!((d.advance - 0.5).abs() < 1e-9);
        // An emoji is in none of the Fandol fonts.
        assert!(fonts.glyph(FontStyle::Fangsong, '😀').unwrap().is_none());
    }

    #[test]
    fn a_configured_file_that_does_not_exist_is_an_error() {
        let mut config = FontConfig::default();
        config
            .files
            .insert(FontStyle::Heiti, PathBuf::from("/nonexistent/simhei.ttf"));
        let err = Fonts::resolve(&config).unwrap_err();
        assert!(err.to_string().contains("simhei.ttf"), "{err}");
        assert_eq!(err.fault(), crate::fault::Fault::Input);
    }

    #[test]
    fn a_configured_file_wins_and_is_loaded_once() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts/FandolHei-Regular.otf");
        let mut config = FontConfig {
            no_system_fonts: true,
            ..FontConfig::default()
        };
        config.files.insert(FontStyle::Kaiti, path.clone());
        let fonts = Fonts::resolve(&config).unwrap();
        let kai = &fonts.sources()[FontStyle::Kaiti.index()];
        assert_eq!(kai.origin, Origin::Configured);
        let (a, _) = fonts.face_of(FontStyle::Kaiti).unwrap();
        let (b, _) = fonts.face_of(FontStyle::Heiti).unwrap();
        assert_eq!(a, b);
    }
}
