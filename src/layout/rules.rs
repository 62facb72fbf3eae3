//! Rules (lines) and ink: the red rule under the header and the 版记's rules.

/// The 版记's first and last rules (GB/T 9704 7.4.1: 0.35 mm).
pub const THICK: f64 = 0.35;
/// The 版记's rules between its groups (0.25 mm).
pub const THIN: f64 = 0.25;
/// The red separator under the header. GB/T 9704-2012 gives no thickness; 0.5 mm is what
/// 红头 templates customarily use and reads as a rule next to the thick 版记 rules.
pub const RED_RULE: f64 = 0.5;

/// The red of the header name and rule, as 8-bit RGB (pure red, as 红头 templates use).
pub const RED_RGB: [u8; 3] = [255, 0, 0];

/// [`RED_RGB`] as a CSS colour, `#ff0000`.
pub fn red_css() -> String {
    let [r, g, b] = RED_RGB;
    format!("#{r:02x}{g:02x}{b:02x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thicknesses_of_the_standard() {
        assert_eq!((THICK, THIN), (0.35, 0.25));
        assert_eq!(red_css(), "#ff0000");
    }
}
