//! Stage 3: the figures and the snapshot's words → a document's Markdown, through Tera.
//!
//! A document [`Kind`] is a template and a view: `views/<kind>.rs` builds the data its template
//! reads from the inputs and the figures. A [`Composer`] holds the Tera environment, built once
//! for a campaign, and composes any kind with it.
//!
//! - `kind.rs`: the kinds and their templates;
//! - `views/`: one view per kind, and the campaign's words every view shares;
//! - `environment.rs`: filters, escaping, the built-in templates and a campaign's own, errors;
//! - `bounded.rs`: rendering bounded in time and output;
//! - `filters.rs`: the Chinese formatting filters; `fonts.rs`, `words.rs`: the campaign's `fonts:`
//!   and `words:` in the front matter (`front_matter.rs` adds them).
//!
//! The built-in templates live in `templates/` and are compiled into the binary; a campaign
//! may name a folder whose `*.tera` files replace the built-in ones of the same name.

mod bounded;
mod environment;
mod filters;
mod fonts;
mod front_matter;
mod kind;
pub(crate) mod views;
mod words;

pub(crate) use fonts::campaign_fonts;
pub use kind::Kind;
pub use views::notice::{BulletinRef, NoticeNumber, doc_number as notice_doc_number};

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;
use tera::{Context, Tera};

use crate::fault::Fault;
use crate::font_style::FontStyle;
use crate::load::Inputs;
use crate::progress::Figures;
use crate::progress::quarter::QuarterFigures;
use bounded::render_bounded;
use environment::{environment, template_dir};
use views::bulletin::BulletinView;
use views::quarterly::QuarterlyView;
use views::weekly::WeeklyView;

pub use filters::escape_markdown;

/// The template that makes `bulletin.md`.
pub const BULLETIN_TEMPLATE: &str = "bulletin.md.tera";

/// The template that makes the headline sentence the archive lists each issue by
/// (`整治完成居住区配套幼儿园145处，占整治计划的61%`); plain text, same data as the bulletin.
pub const HEADLINE_TEMPLATE: &str = "headline.txt.tera";

/// Built-in templates: (name, text).
const BUILT_IN: &[(&str, &str)] = &[
    (
        BULLETIN_TEMPLATE,
        include_str!("../../templates/bulletin.md.tera"),
    ),
    (
        HEADLINE_TEMPLATE,
        include_str!("../../templates/headline.txt.tera"),
    ),
    (
        "weekly.md.tera",
        include_str!("../../templates/weekly.md.tera"),
    ),
    (
        "quarterly.md.tera",
        include_str!("../../templates/quarterly.md.tera"),
    ),
    (
        "supervision.md.tera",
        include_str!("../../templates/supervision.md.tera"),
    ),
    (
        "interview.md.tera",
        include_str!("../../templates/interview.md.tera"),
    ),
];

/// A template problem, in Chinese, with the template's file and line where Tera gives them.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ComposeError(pub String);

impl ComposeError {
    /// Whose fault: the templates' (a campaign may bring its own) or the data they are given.
    pub fn fault(&self) -> Fault {
        Fault::Input
    }
}

/// What one bulletin is made from, besides the campaign.
#[derive(Debug, Clone, Copy)]
pub struct Issue {
    /// 第N期
    pub number: u64,
    /// 2… for a revision of a published issue (`publish --revise`), else `None`.
    pub revision: Option<u32>,
}

/// The Tera environment of one campaign (its filters, the built-in templates and the
/// campaign's own), built once, and the font files and own terms its drafts name.
pub struct Composer {
    tera: Arc<Tera>,
    fonts: BTreeMap<FontStyle, String>,
    words: Vec<String>,
}

impl Composer {
    /// The composer of the campaign `inputs` (reads its template folder, if it has one).
    pub fn new(inputs: &Inputs) -> Result<Composer, ComposeError> {
        Ok(Composer {
            tera: Arc::new(environment(template_dir(inputs).as_deref())?),
            fonts: campaign_fonts(inputs),
            words: words::campaign_words(inputs),
        })
    }

    /// Renders `kind`'s Markdown for snapshot `index` of `inputs`, whose figures are `figures`
    /// (see [`Composer::document_and_headline`]).
    pub fn compose(
        &self,
        kind: Kind,
        inputs: &Inputs,
        index: usize,
        figures: &Figures,
        issue: Issue,
    ) -> Result<String, ComposeError> {
        self.document_and_headline(kind, inputs, index, figures, issue)
            .map(|(markdown, _)| markdown)
    }

    /// Renders the notice `selection` calls for (its 督办单 or 约谈通知书) as `number`, citing the
    /// bulletin `bulletin`; `meeting` is the 约谈's time and place.
    pub fn notice(
        &self,
        inputs: &Inputs,
        figures: &Figures,
        bulletin: &BulletinRef,
        selection: &crate::progress::selection::Selection,
        number: NoticeNumber,
        meeting: Option<&crate::model::notices::Meeting>,
    ) -> Result<String, ComposeError> {
        let kind = Kind::from(selection.kind);
        let view = views::notice::view(
            &inputs.campaign,
            figures,
            bulletin,
            selection,
            number,
            meeting,
        )
        .ok_or_else(|| {
            ComposeError(format!(
                "无法生成{}的{}：计算结果中没有该单位或指标",
                selection.name,
                selection.kind.title()
            ))
        })?;
        let [markdown] = self.render(&view, [kind.template()])?;
        Ok(fonts::with_fonts(markdown, &self.fonts))
    }

    /// The document of `kind` (a bulletin or a weekly sheet) and its headline sentence (see
    /// [`HEADLINE_TEMPLATE`], trimmed) from one preparation of the view: for thousands of
    /// units, preparing it costs more than rendering.
    pub fn document_and_headline(
        &self,
        kind: Kind,
        inputs: &Inputs,
        index: usize,
        figures: &Figures,
        issue: Issue,
    ) -> Result<(String, String), ComposeError> {
        let templates = [kind.template(), HEADLINE_TEMPLATE];
        let [markdown, headline] = match kind {
            Kind::Bulletin => {
                self.render(&BulletinView::of(inputs, index, figures, issue)?, templates)?
            }
            Kind::Weekly => {
                self.render(&WeeklyView::of(inputs, index, figures, issue)?, templates)?
            }
            // A quarter is composed from its months: [`Composer::quarterly_and_headline`].
            Kind::Quarterly => {
                return Err(ComposeError(
                    "季度督导通报由本季度各月的数据汇总生成：请用 tongbao build --period YYYY-Qn"
                        .to_string(),
                ));
            }
            // A notice is to one unit: [`Composer::notice`] takes the selection it answers.
            Kind::Supervision | Kind::Interview => {
                return Err(ComposeError(format!(
                    "通知（{}）要为某个单位生成：请用 tongbao notices",
                    kind.template()
                )));
            }
        };
        Ok(self.finish(markdown, &headline))
    }

    /// The quarterly 督导 summary of `quarter`, whose latest month is snapshot `index` with
    /// figures `figures`, and its headline sentence.
    pub fn quarterly_and_headline(
        &self,
        inputs: &Inputs,
        index: usize,
        figures: &Figures,
        quarter: &QuarterFigures,
        issue: Issue,
    ) -> Result<(String, String), ComposeError> {
        let view = QuarterlyView::of(inputs, index, figures, quarter, issue)?;
        let [markdown, headline] =
            self.render(&view, [Kind::Quarterly.template(), HEADLINE_TEMPLATE])?;
        Ok(self.finish(markdown, &headline))
    }

    /// The Markdown with the campaign's fonts and words in its front matter, and the headline trimmed.
    fn finish(&self, markdown: String, headline: &str) -> (String, String) {
        (self.front_matter(markdown), headline.trim().to_string())
    }

    /// `markdown` with the campaign's `fonts:` and `words:` added to its front matter.
    fn front_matter(&self, markdown: String) -> String {
        words::with_words(fonts::with_fonts(markdown, &self.fonts), &self.words)
    }

    /// Renders each of `templates` over `view`.
    fn render<const N: usize>(
        &self,
        view: &impl Serialize,
        templates: [&'static str; N],
    ) -> Result<[String; N], ComposeError> {
        let context = Context::from_serialize(view)
            .map_err(|e| ComposeError(format!("模板数据准备失败：{e}")))?;
        render_bounded(Arc::clone(&self.tera), context, templates)
    }
}

#[cfg(test)]
mod tests {
    use super::{BUILT_IN, BULLETIN_TEMPLATE};

    /// Words of particular campaigns (the samples' and others an office might run). The
    /// built-in templates take every such word from `campaign.yaml`, never from their own text.
    const FIELD_WORDS: &[&str] = &[
        "整治",
        "幼儿园",
        "园",
        "改造",
        "小区",
        "户厕",
        "厕",
        "背街",
        "小巷",
        "居住区",
        "公办",
        "民办",
        "电梯",
        "加装",
        "管网",
        "棚户",
        "拆迁",
        "县区",
        "县市区",
        "乡镇",
        "街道",
        "临沂",
        "潍坊",
        "百日",
        "攻坚",
    ];

    #[test]
    fn built_in_templates_hold_no_field_words() {
        // Every file in templates/ and its folders (the HTML page, its style, the workbench's
        // pages too), not only those listed.
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        let mut paths: Vec<std::path::PathBuf> = Vec::new();
        let mut folders = vec![dir.clone()];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(&folder).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    folders.push(path);
                } else {
                    paths.push(path);
                }
            }
        }
        let mut files: Vec<(String, String)> = paths
            .iter()
            .map(|p| {
                let name = p.strip_prefix(&dir).unwrap().to_string_lossy().to_string();
                (name, std::fs::read_to_string(p).unwrap())
            })
            .collect();
        files.sort();
        assert!(files.iter().any(|(n, _)| n == BULLETIN_TEMPLATE));
        assert!(
            BUILT_IN
                .iter()
                .all(|(n, t)| files.contains(&(n.to_string(), t.to_string())))
        );
        let mut found = Vec::new();
        for (name, text) in &files {
            for (i, line) in text.lines().enumerate() {
                for word in FIELD_WORDS {
                    if line.contains(word) {
                        found.push(format!("{name}:{}: “{word}” in {line}", i + 1));
                    }
                }
            }
        }
        assert!(
            found.is_empty(),
            "field words in templates:\n{}",
            found.join("\n")
        );
    }
}
