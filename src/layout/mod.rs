//! Stage 6: the layout rules every renderer shares — the decisions of GB/T 9704-2012 and of
//! the bulletin anatomy (`../shared/specs/gbt9704.md`, `bulletin-anatomy.md`), made once here.
//! Renderers (HTML, PDF, DOCX) ask; they do not decide again.
//!
//! What lives where:
//! - [`page`]: A4, the text block (版心) and its 28 × 22 grid, millimetres and points;
//! - [`size`]: the Chinese type sizes (初号 … 小四) and which part of the page takes which;
//! - [`rules`]: rule thicknesses (red header rule, 版记 rules) and the red ink;
//! - [`header`]: the 版头: sizes tried for the red name and how it is fitted to the block,
//!   the 文件式 distances, the office-and-date line (its size from the measured widths);
//! - [`parts`]: which type style each part of the body takes (headings, strong, emphasis);
//! - [`colophon`]: the 版记: the order 报 / 发 / 抄送, each line's wording, the 印发 line, and
//!   where the 版记 goes (an even page, blank page before it, unnumbered pages);
//! - [`folio`]: page numbers `— N —`, their size, height and sides;
//! - [`revision`]: how a revision is marked (第N期（修订R）, the note under the title);
//! - [`script`]: character classes: which characters take a grid cell, the 禁则;
//! - [`signature`]: where the 署名 and the 成文日期 start (GB/T 9704 7.3.5.3).

pub mod colophon;
pub mod folio;
pub mod header;
pub mod page;
pub mod parts;
pub mod revision;
pub mod rules;
pub mod script;
pub mod signature;
pub mod size;
