//! The CSS that carries the decisions of [`crate::layout`] into the page: the page box and
//! its margins, the grid's cell and line, the type sizes, the rules and the red, and the page
//! numbers in `@page` margin boxes. `templates/bulletin.css` uses these custom properties and
//! holds no number of its own for them.

use crate::layout::{folio, header, page, rules, signature, size};

/// The border a rule is drawn with before it is scaled to its thickness: 10 CSS px, mm.
/// Chromium draws borders in whole pixels (a 0.35 mm border prints 0.26 mm); a transform
/// scales exactly.
const RULE_BORDER: f64 = 10.0 * 25.4 / 96.0;

/// How far text is lifted from where CSS sets it to where the PDF sets it, mm (negative: up).
/// CSS centres a line's em box in its line box; the PDF's grid puts the middle of every
/// line's em box half a 三号 em below the grid line's top, whatever its size (the 三号 em box
/// fills the top of its line, as the standard prints it), so that the first line's top is
/// the block's top edge.
fn axis_lift() -> f64 {
    (page::em(size::BODY) - page::LINE) / 2.0
}

/// The `:root` custom properties and the `@page` rules.
///
/// Page numbers `— N —` are `@page :right` / `:left` margin boxes: odd pages flush right and
/// even pages flush left, one grid character in, the dash line [`folio::BELOW_BLOCK`] below
/// the text block. A page that a `left`/`right` break leaves blank carries no number
/// (`@page :blank`, GB/T 9704 7.5).
pub(crate) fn layout_css() -> String {
    let margins = format!(
        "{}mm {}mm {}mm {}mm",
        page::BLOCK_TOP,
        page::MARGIN_RIGHT,
        page::MARGIN_BOTTOM,
        page::BLOCK_LEFT
    );
    // A landscape attachment's pages (横排): A4 turned, the turned block's margins.
    let turned = page::Block::TURNED;
    let turned_margins = format!(
        "{}mm {}mm {}mm {}mm",
        turned.top,
        page::PAGE_H - turned.right(),
        page::PAGE_W - turned.bottom(),
        turned.left
    );
    // The spaces of folio::text as EN SPACEs: half an em each, as the PDF sets them.
    let number = format!("\"{d}\\2002\" counter(page) \"\\2002{d}\"", d = folio::DASH);
    let folio_box = |side: &str| {
        format!(
            "content: {number}; vertical-align: top; text-align: {side}; padding-{side}: {inset:.3}mm; \
             padding-top: calc({below}mm - {half}pt); font-family: var(--song); font-size: {size}pt; \
             line-height: {size}pt; letter-spacing: 0;",
            inset = folio::INSET,
            below = folio::BELOW_BLOCK,
            half = folio::SIZE / 2.0,
            size = folio::SIZE,
        )
    };
    format!(
        ":root {{ --margins: {margins}; --red: {red}; --rule-red: {red_rule}mm; \
         --rule-thick: {thick}mm; --rule-thin: {thin}mm; --rule-red-scale: {red_scale:.4}; \
         --rule-thick-scale: {thick_scale:.4}; --rule-thin-scale: {thin_scale:.4}; \
         --brief-rule-gap: {brief_rule_gap}mm; \
         --block-w: {block_w}mm; --block-h: {block_h}mm; --cell: {cell:.4}mm; --line: {line:.4}mm; \
         --axis-lift: {axis_lift:.4}mm; \
         --size-body: {body}pt; --size-title: {title}pt; --cell-pad: {cell_pad}mm; --table-line: {table_line:.4}mm; \
         --size-colophon: {colophon_size}pt; --page-w: {page_w}mm; --page-h: {page_h}mm; \
         --sign-indent: calc({sign_indent} * var(--cell)); }}\n\
         @page {{ size: A4; margin: {margins}; }}\n\
         @page :right {{ @bottom-right {{ {right} }} }}\n\
         @page :left {{ @bottom-left {{ {left} }} }}\n\
         @page :blank {{ @bottom-right {{ content: none; }} @bottom-left {{ content: none; }} }}\n\
         @page turned {{ size: A4 landscape; margin: {turned_margins}; }}",
        red = rules::red_css(),
        red_rule = rules::RED_RULE,
        thick = rules::THICK,
        thin = rules::THIN,
        red_scale = rules::RED_RULE / RULE_BORDER,
        brief_rule_gap = header::BRIEF_RULE_GAP,
        thick_scale = rules::THICK / RULE_BORDER,
        thin_scale = rules::THIN / RULE_BORDER,
        block_w = page::BLOCK_W,
        block_h = page::BLOCK_H,
        cell = page::CELL,
        line = page::LINE,
        axis_lift = axis_lift(),
        body = size::BODY,
        title = size::TITLE,
        cell_pad = super::table::CELL_PAD,
        table_line = page::TABLE_LINE,
        colophon_size = size::COLOPHON,
        page_w = page::PAGE_W,
        page_h = page::PAGE_H,
        sign_indent = signature::INDENT_CELLS,
        right = folio_box("right"),
        left = folio_box("left"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The value of `name` in the `:root` rule.
    fn property<'a>(css: &'a str, name: &str) -> &'a str {
        let start = css.find(&format!("{name}: ")).expect(name) + name.len() + 2;
        let rest = &css[start..];
        &rest[..rest.find(';').expect(";")]
    }

    #[test]
    fn layout_css_carries_the_shared_numbers() {
        let css = layout_css();
        // CSS order: top right bottom left = 天头 37, 翻口 26, 地脚 35, 订口 28 (gbt9704.md).
        assert_eq!(property(&css, "--margins"), "37mm 26mm 35mm 28mm");
        assert!(
            css.contains("@page { size: A4; margin: 37mm 26mm 35mm 28mm; }"),
            "{css}"
        );
        assert_eq!(property(&css, "--rule-red"), "0.5mm");
        assert_eq!(property(&css, "--rule-thick"), "0.35mm");
        assert_eq!(property(&css, "--rule-thin"), "0.25mm");
        // The 10 px borders scaled to 0.5, 0.35 and 0.25 mm.
        assert_eq!(property(&css, "--rule-red-scale"), "0.1890");
        assert_eq!(property(&css, "--rule-thick-scale"), "0.1323");
        assert_eq!(property(&css, "--rule-thin-scale"), "0.0945");
        assert_eq!(property(&css, "--cell"), "5.5714mm");
        assert_eq!(property(&css, "--line"), "10.2273mm");
        // (5.644 - 10.227) / 2: the em box of a 三号 line at the top of its grid line.
        assert_eq!(property(&css, "--axis-lift"), "-2.2914mm");
        assert_eq!(property(&css, "--block-h"), "225mm");
        assert_eq!(property(&css, "--table-line"), "6.1364mm");
        assert_eq!(property(&css, "--size-body"), "16pt");
        assert_eq!(property(&css, "--size-title"), "22pt");
        assert_eq!(property(&css, "--size-colophon"), "14pt");
    }

    /// The `{ … }` body of the block that follows `selector` in `css`, nested blocks included.
    fn block<'a>(css: &'a str, selector: &str) -> &'a str {
        let start = css
            .find(selector)
            .unwrap_or_else(|| panic!("{selector}: {css}"))
            + selector.len();
        let open = start + css[start..].find('{').expect("{");
        let mut depth = 0;
        for (i, ch) in css[open..].char_indices() {
            match ch {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        return &css[open + 1..open + i];
                    }
                }
                _ => {}
            }
        }
        panic!("unclosed {selector}")
    }

    #[test]
    fn page_numbers_alternate_in_margin_boxes() {
        let css = layout_css();
        let right = block(&css, "@page :right");
        let left = block(&css, "@page :left");
        let number = "content: \"—\\2002\" counter(page) \"\\2002—\";";
        // Odd (right-hand) pages: the number at the bottom right, one character in.
        let odd = block(right, "@bottom-right");
        assert!(
            odd.contains(number) && odd.contains("text-align: right"),
            "{odd}"
        );
        assert!(odd.contains("padding-right: 5.571mm;"), "{odd}");
        assert!(!right.contains("@bottom-left"), "{right}");
        // Even (left-hand) pages: bottom left.
        let even = block(left, "@bottom-left");
        assert!(
            even.contains(number) && even.contains("text-align: left"),
            "{even}"
        );
        assert!(even.contains("padding-left: 5.571mm;"), "{even}");
        assert!(!left.contains("@bottom-right"), "{left}");
        // 四号 宋体; the dash line's axis 7 mm below the block: the box's top padding puts the
        // middle of a 14 pt line there.
        for b in [odd, even] {
            assert!(b.contains("font-size: 14pt; line-height: 14pt;"), "{b}");
            assert!(b.contains("padding-top: calc(7mm - 7pt);"), "{b}");
            assert!(b.contains("font-family: var(--song);"), "{b}");
        }
        // Blank pages go unnumbered.
        let blank = block(&css, "@page :blank");
        assert!(
            blank.contains("@bottom-right { content: none; }"),
            "{blank}"
        );
        assert!(blank.contains("@bottom-left { content: none; }"), "{blank}");
    }
}
