//! Fonts travel with the draft: a campaign's `fonts:` is written into `bulletin.md`'s front
//! matter, so `render` of an unedited draft gives the same bytes as `build`, wherever the draft
//! is rendered from.

mod common;

use std::path::Path;

use common::*;

/// The sample with 仿宋 served by FandolKai (relative to the campaign folder) and 黑体 by
/// FandolSong (absolute): a visible difference from the default fonts.
fn campaign_with_fonts(label: &str) -> (TempDir, std::path::PathBuf) {
    let (tmp, dir) = sample_copy(label);
    let fonts = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");
    std::fs::create_dir_all(dir.join("own")).unwrap();
    std::fs::copy(fonts.join("FandolKai-Regular.otf"), dir.join("own/kai.otf")).unwrap();
    let song = fonts.join("FandolSong-Regular.otf");
    let yaml = dir.join("campaign.yaml");
    let mut text = std::fs::read_to_string(&yaml).unwrap();
    text.push_str(&format!(
        "fonts:\n  仿宋: own/kai.otf\n  heiti: {}\n",
        serde_json::to_string(song.to_str().unwrap()).unwrap()
    ));
    std::fs::write(&yaml, text).unwrap();
    (tmp, dir)
}

#[test]
fn render_of_an_unedited_draft_equals_build_with_campaign_fonts() {
    let (tmp, campaign) = campaign_with_fonts("fonts-roundtrip");
    let built = tmp.path().join("built");
    let o = build_to(tmp.path(), &campaign, &built, "md,html,pdf");
    assert!(o.status.success(), "{}", stderr(&o));
    let md = std::fs::read_to_string(built.join("bulletin.md")).unwrap();
    assert!(md.contains("fonts:\n  仿宋: \""), "{md}");
    assert!(md.contains("own/kai.otf\"\n  黑体: \""), "{md}");

    // Rendered from another folder, from a copy of the draft in yet another folder.
    let moved = tmp.path().join("elsewhere");
    std::fs::create_dir_all(&moved).unwrap();
    std::fs::copy(built.join("bulletin.md"), moved.join("bulletin.md")).unwrap();
    let cwd = tmp.path().join("cwd");
    std::fs::create_dir_all(&cwd).unwrap();
    let again = tmp.path().join("again");
    let o = render_md(&cwd, &moved.join("bulletin.md"), "html,pdf", &again);
    assert!(o.status.success(), "{}", stderr(&o));
    for file in ["bulletin.pdf", "bulletin.html"] {
        assert!(
            std::fs::read(built.join(file)).unwrap() == std::fs::read(again.join(file)).unwrap(),
            "{file} of render differs from build"
        );
    }

    // The fonts matter: without them the PDF is another one.
    let plain = tmp.path().join("plain");
    build_sample(tmp.path(), &plain, "pdf");
    assert!(
        std::fs::read(plain.join("bulletin.pdf")).unwrap()
            != std::fs::read(built.join("bulletin.pdf")).unwrap(),
        "the campaign's fonts made no difference to the PDF"
    );
}

#[test]
fn a_draft_names_its_fonts_relative_to_its_folder() {
    let tmp = TempDir::new("fonts-relative");
    let built = tmp.path().join("built");
    build_sample(tmp.path(), &built, "md,pdf");
    let md = built.join("bulletin.md");
    let fonts = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");
    std::fs::copy(fonts.join("FandolKai-Regular.otf"), built.join("k.otf")).unwrap();
    edit(&md, "\ncolophon:", "\nfonts:\n  fangsong: k.otf\ncolophon:");
    let again = tmp.path().join("again");
    let o = render_md(tmp.path(), &md, "pdf", &again);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        std::fs::read(built.join("bulletin.pdf")).unwrap()
            != std::fs::read(again.join("bulletin.pdf")).unwrap()
    );
    // A file that is not there is named.
    edit(&md, "fangsong: k.otf", "fangsong: missing.otf");
    let o = render_md(tmp.path(), &md, "pdf", &again);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("missing.otf"), "{}", stderr(&o));
}

#[test]
fn an_unknown_header_style_or_font_style_is_a_located_error() {
    let tmp = TempDir::new("front-style");
    let built = tmp.path().join("built");
    build_sample(tmp.path(), &built, "md");
    let md = built.join("bulletin.md");
    let original = std::fs::read_to_string(&md).unwrap();
    edit(&md, "style: \"简报\"", "style: \"文件式\"");
    let o = render_md(tmp.path(), &md, "html", &built);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("bulletin.md:2:"), "{err}");
    assert!(
        err.contains("文件式") && err.contains("简报") && err.contains("文件"),
        "{err}"
    );
    assert!(!built.join("bulletin.html").exists());

    std::fs::write(&md, &original).unwrap();
    edit(&md, "\ncolophon:", "\nfonts:\n  隶书: a.otf\ncolophon:");
    let o = render_md(tmp.path(), &md, "html", &built);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("隶书") && err.contains("仿宋、黑体"), "{err}");
    assert!(err.contains("bulletin.md:"), "{err}");
}
