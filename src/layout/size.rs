//! Chinese type sizes in points, and the size each part of the bulletin takes.

/// 初号.
pub const CHU: f64 = 42.0;
/// 小初.
pub const XIAOCHU: f64 = 36.0;
/// 一号.
pub const YI: f64 = 26.0;
/// 小一.
pub const XIAOYI: f64 = 24.0;
/// 二号: title.
pub const ER: f64 = 22.0;
/// 三号: body text.
pub const SAN: f64 = 16.0;
/// 小三.
pub const XIAOSAN: f64 = 15.0;
/// 四号: colophon, page numbers.
pub const SI: f64 = 14.0;
/// 小四: tables.
pub const XIAOSI: f64 = 12.0;
/// 五号.
pub const WU: f64 = 10.5;
/// 小五.
pub const XIAOWU: f64 = 9.0;
/// 六号.
pub const LIU: f64 = 7.5;

/// Body text, headings, 主送, signature: 三号.
pub const BODY: f64 = SAN;
/// The title and attachment titles: 二号.
pub const TITLE: f64 = ER;
/// The 版记: 四号.
pub const COLOPHON: f64 = SI;
/// Page numbers: 四号.
pub const FOLIO: f64 = SI;
/// Tables: 小四.
pub const TABLE: f64 = XIAOSI;

/// Sizes a table is tried at, largest first: a table whose columns cannot all fit their widest
/// unbreakable word at 小四 is set smaller rather than overflow the block.
pub const TABLE_SIZES: [f64; 4] = [XIAOSI, WU, XIAOWU, LIU];
