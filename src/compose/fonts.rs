//! The campaign's `fonts:` written into the draft's front matter, so that `bulletin.md` carries
//! its fonts and renders alike wherever it goes (the built-in and a campaign's own templates
//! alike: the lines are added after the template has rendered).

use std::collections::BTreeMap;

use super::front_matter::{append, quoted};
use crate::font_style::FontStyle;
use crate::load::Inputs;

/// The campaign's font files by style, as absolute paths (a relative path is taken relative to
/// the campaign folder).
pub(crate) fn campaign_fonts(inputs: &Inputs) -> BTreeMap<FontStyle, String> {
    inputs
        .campaign
        .fonts
        .iter()
        .filter_map(|(key, path)| {
            let style = FontStyle::from_key(key.value.trim())?;
            let joined = inputs.dir.join(path.value.trim());
            let absolute = std::path::absolute(&joined).unwrap_or(joined);
            Some((style, absolute.display().to_string()))
        })
        .collect()
}

/// `markdown` with a `fonts:` mapping added at the end of its front matter (none when `fonts`
/// is empty or the Markdown has no front matter; a template's own `fonts:` is left alone).
pub(crate) fn with_fonts(markdown: String, fonts: &BTreeMap<FontStyle, String>) -> String {
    if fonts.is_empty() {
        return markdown;
    }
    let mut lines = String::from("fonts:\n");
    for (style, path) in fonts {
        lines.push_str(&format!("  {}: {}\n", style.name(), quoted(path)));
    }
    append(markdown, "fonts", &lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fonts_go_at_the_end_of_the_front_matter() {
        let md = "---\nstyle: \"简报\"\n---\n\n正文\n".to_string();
        let mut fonts = BTreeMap::new();
        fonts.insert(FontStyle::Kaiti, "/f/k\"ai.otf".to_string());
        fonts.insert(FontStyle::Fangsong, "/f/fang.otf".to_string());
        assert_eq!(
            with_fonts(md.clone(), &fonts),
            "---\nstyle: \"简报\"\nfonts:\n  仿宋: \"/f/fang.otf\"\n  楷体: \"/f/k\\\"ai.otf\"\n---\n\n正文\n"
        );
        assert_eq!(with_fonts(md.clone(), &BTreeMap::new()), md);
        let own = "---\nfonts:\n  仿宋: a.otf\n---\n".to_string();
        assert_eq!(with_fonts(own.clone(), &fonts), own);
    }
}
