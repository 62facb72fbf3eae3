//! Typeset pages → PDF bytes through printpdf: every glyph placed by its own text matrix
//! (printpdf merges each baseline into one `TJ`), fonts embedded as subsets with ToUnicode,
//! metadata and dates from the bulletin, an outline of the sections, and a deterministic save
//! (fixed subset tags, a trailer `/ID` derived from the content).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use printpdf::date::{Date as PdfDate, DateTime, Offset, Time};
use printpdf::{
    Codepoint, FontId, Mm, Op, PdfDocument, PdfFont, PdfFontHandle, PdfPage, PdfParseErrorSeverity,
    PdfSaveOptions, Point, Pt, TextItem,
};
use sha2::{Digest, Sha256};

use crate::document::FrontMatter;
use crate::fonts::Fonts;
use crate::typeset::error::PdfError;
use crate::typeset::metrics::{Block, MM_PER_PT, PAGE_H, PAGE_W};
use crate::typeset::model::{Anchor, FaceKey, Ink, Mark, Page};

fn internal(what: &str, e: impl std::fmt::Display) -> PdfError {
    PdfError::Internal(format!("{what}：{e}"))
}

/// Millimetres → points, rounded to 1/1000 pt so the content streams stay short.
fn pt(mm: f64) -> Pt {
    Pt(((mm / MM_PER_PT) * 1000.0).round() as f32 / 1000.0)
}

/// The point `x`, `y_from_top` mm of a page `page_h` mm high.
fn point(x: f64, y_from_top: f64, page_h: f64) -> Point {
    Point {
        x: pt(x),
        y: pt(page_h - y_from_top),
    }
}

/// A subset tag of six capitals from the face's name and the glyphs it embeds, so the same
/// input always gives the same tag and different subsets different tags.
fn subset_tag(name: &str, key: FaceKey, gids: &BTreeSet<u16>) -> String {
    let mut h = Sha256::new();
    h.update(name.as_bytes());
    h.update([key.0]);
    for g in gids {
        h.update(g.to_be_bytes());
    }
    h.finalize()
        .iter()
        .take(6)
        .map(|b| char::from(b'A' + b % 26))
        .collect()
}

/// The PDF of a typeset bulletin.
pub(crate) fn write(
    front: &FrontMatter,
    pages: Vec<Page>,
    anchors: &[Anchor],
    fonts: &Fonts,
) -> Result<Vec<u8>, PdfError> {
    let mut doc = PdfDocument::new(&front.title);
    metadata(&mut doc, front);

    // Register every face that has glyphs on a page, under a deterministic id; each glyph
    // with the character of its last use (as printpdf would record it from the pages).
    let mut used: BTreeMap<FaceKey, BTreeMap<u16, char>> = BTreeMap::new();
    for page in &pages {
        for mark in page.marks.iter().chain(&page.upright) {
            if let Mark::Text(run) = mark {
                for p in &run.glyphs {
                    used.entry(p.glyph.face)
                        .or_default()
                        .insert(p.glyph.gid, p.glyph.ch);
                }
            }
        }
    }
    let mut ids: BTreeMap<FaceKey, FontId> = BTreeMap::new();
    for (key, glyphs) in &used {
        let gids: BTreeSet<u16> = glyphs.keys().copied().collect();
        let gids = &gids;
        let face = fonts
            .loaded(*key)
            .ok_or_else(|| PdfError::Internal(format!("字体 {} 未加载", key.0)))?;
        let name = face.font.font_name.clone().unwrap_or_default();
        let mut tag = subset_tag(&name, *key, gids);
        while ids.values().any(|id| id.0 == tag) {
            tag = subset_tag(&format!("{name}{tag}"), *key, gids);
        }
        let id = FontId(tag);
        doc.resources
            .fonts
            .map
            .insert(id.clone(), PdfFont::new(face.font.clone()));
        ids.insert(*key, id);
    }

    // printpdf subsets the fonts and builds every object but the pages' content: its page
    // operators cost a heap allocation or two per glyph (half the heap of a 3,000-unit
    // bulletin) and their serialisation a quarter of the build. The first page carries one
    // text operator per face showing every glyph it uses, so that printpdf embeds the same
    // subsets and reports, in that operator's serialisation, the code each glyph got; then
    // every page's content is written here, byte for byte as printpdf's operators would
    // serialise (`content`).
    let register = register_ops(&used, &ids);
    let blank: Vec<PdfPage> = (0..pages.len())
        .map(|i| {
            let ops = if i == 0 { register.clone() } else { Vec::new() };
            PdfPage::new(Mm(PAGE_W as f32), Mm(PAGE_H as f32), ops)
        })
        .collect();
    doc.with_pages(blank);
    let mut ld = lopdf_document(&doc)?;
    drop(doc);
    let page_ids = ld.get_pages();
    let codes = codes(&ld, page_ids.get(&1).copied(), &used)?;
    // Each page's marks go once its content is written, and its content is deflated at once:
    // neither all the marks nor all the uncompressed streams are held together.
    for (i, page) in pages.into_iter().enumerate() {
        let stream = page_ids
            .get(&(i as u32 + 1))
            .and_then(|&id| ld.get_object(id).ok())
            .and_then(|o| o.as_dict().ok())
            .and_then(|d| d.get(b"Contents").and_then(Object::as_reference).ok())
            .ok_or_else(|| PdfError::Internal(format!("PDF 第 {} 页没有内容流", i + 1)))?;
        let bytes = content(&page, &ids, &codes);
        drop(page);
        match ld.get_object_mut(stream) {
            Ok(Object::Stream(s)) => {
                s.set_content(bytes);
                deflate(s, PAGE_LEVEL);
            }
            _ => {
                return Err(PdfError::Internal(format!(
                    "PDF 第 {} 页的内容流不是流对象",
                    i + 1
                )));
            }
        }
    }
    save(ld, anchors)
}

/// The first page's operators before its content is written: per face, one `TJ` of every
/// glyph it uses (ascending glyph ids, each with its character for the ToUnicode map).
fn register_ops(
    used: &BTreeMap<FaceKey, BTreeMap<u16, char>>,
    ids: &BTreeMap<FaceKey, FontId>,
) -> Vec<Op> {
    let mut ops = vec![Op::StartTextSection];
    for (key, glyphs) in used {
        let Some(id) = ids.get(key) else { continue };
        ops.push(Op::SetFont {
            font: PdfFontHandle::External(id.clone()),
            size: Pt(12.0),
        });
        ops.push(Op::ShowText {
            items: vec![TextItem::GlyphIds(
                glyphs
                    .iter()
                    .map(|(&gid, &ch)| Codepoint::with_cid(gid, 0.0, ch.to_string()))
                    .collect(),
            )],
        });
    }
    ops.push(Op::EndTextSection);
    ops
}

/// Each face's glyph id → the two-byte code printpdf gave it in the subset, read back from
/// the registering `TJ`s on the first page (`register_ops`): their hex strings, in order.
fn codes(
    ld: &lopdf::Document,
    first: Option<ObjectId>,
    used: &BTreeMap<FaceKey, BTreeMap<u16, char>>,
) -> Result<BTreeMap<FaceKey, HashMap<u16, u16>>, PdfError> {
    let stream = first
        .and_then(|id| ld.get_object(id).ok())
        .and_then(|o| o.as_dict().ok())
        .and_then(|d| d.get(b"Contents").and_then(Object::as_reference).ok())
        .and_then(|id| ld.get_object(id).ok())
        .and_then(|o| o.as_stream().ok())
        .ok_or_else(|| PdfError::Internal("PDF 第 1 页没有内容流".into()))?;
    let hex = |b: &[u8]| {
        std::str::from_utf8(b)
            .ok()
            .and_then(|t| u16::from_str_radix(t, 16).ok())
    };
    let mut found = stream
        .content
        .split(|&b| b == b'<')
        .skip(1)
        .map(|s| s.get(..4).filter(|_| s.get(4) == Some(&b'>')).and_then(hex));
    let mut out = BTreeMap::new();
    for (key, glyphs) in used {
        let mut map = HashMap::with_capacity(glyphs.len());
        for &gid in glyphs.keys() {
            let code = found
                .next()
                .flatten()
                .ok_or_else(|| PdfError::Internal("printpdf 的字形编码读取失败".into()))?;
            map.insert(gid, code);
        }
        out.insert(*key, map);
    }
    Ok(out)
}

fn metadata(doc: &mut PdfDocument, front: &FrontMatter) {
    use chrono::Datelike;
    let d = front.date.0;
    let date = DateTime::new_in_offset(
        PdfDate {
            year: d.year(),
            month: d.month() as u8,
            day: d.day() as u8,
        },
        Time {
            hour: 0,
            minute: 0,
            second: 0,
            millisecond: 0,
        },
        Offset {
            hours: 0,
            minutes: 0,
            seconds: 0,
            milliseconds: 0,
        },
    );
    let info = &mut doc.metadata.info;
    info.author = front.office.clone();
    info.subject = format!("{}（第{}期）", front.header, front.issue);
    info.creator = "tongbao".to_string();
    info.producer = format!("tongbao {} (printpdf 0.12.8)", env!("CARGO_PKG_VERSION"));
    info.creation_date = date;
    info.modification_date = date;
    info.metadata_date = date;
}

/// Rounds to `1/10^places`.
fn round(x: f64, places: i32) -> f64 {
    let k = 10f64.powi(places);
    (x * k).round() / k
}

/// Writes `v` as `f32`'s `Display` writes it (the shortest decimal that reads back as `v`),
/// without its general algorithm for the numbers a page is made of: below 8192 in size with
/// at most three decimals (positions in points rounded to 1/1000, kerning to 1/100), every
/// such decimal is a different `f32` (their spacing there is at most 1/2048), so the decimal
/// itself, its trailing zeros dropped, is the shortest. Other numbers go through `Display`.
fn number(out: &mut Vec<u8>, v: f32) {
    let milli = (f64::from(v) * 1000.0).round();
    if milli.abs() < 8_192_000.0
        && (milli / 1000.0) as f32 == v
        && !(v == 0.0 && v.is_sign_negative())
    {
        let milli = milli as i64;
        if milli < 0 {
            out.push(b'-');
        }
        let (whole, mut frac) = (milli.unsigned_abs() / 1000, milli.unsigned_abs() % 1000);
        digits(out, whole, 1);
        if frac != 0 {
            out.push(b'.');
            let mut width = 3;
            while frac % 10 == 0 {
                frac /= 10;
                width -= 1;
            }
            digits(out, frac, width);
        }
    } else {
        use std::io::Write;
        let _ = write!(out, "{v}");
    }
}

/// The decimal digits of `n`, zero-padded on the left to `width`.
fn digits(out: &mut Vec<u8>, mut n: u64, width: usize) {
    let mut buffer = [b'0'; 20];
    let mut at = buffer.len();
    loop {
        at -= 1;
        buffer[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let start = at.min(buffer.len() - width.min(buffer.len()));
    out.extend_from_slice(&buffer[start..]);
}

/// A content stream as lopdf encodes printpdf's operators: operands each followed by a space,
/// then the operator; operators one a line.
struct Content(Vec<u8>);

impl Content {
    /// Starts an operator (a line break after the previous one).
    fn op(&mut self) -> &mut Self {
        if !self.0.is_empty() {
            self.0.push(b'\n');
        }
        self
    }

    fn real(&mut self, v: f32) -> &mut Self {
        number(&mut self.0, v);
        self.0.push(b' ');
        self
    }

    fn rgb(&mut self, ink: Ink) -> &mut Self {
        let v = match ink {
            Ink::Black => [0.0, 0.0, 0.0],
            Ink::Red => [1.0, 0.0, 0.0],
        };
        v.iter().fold(self, |c, &x| c.real(x))
    }

    fn name(&mut self, n: &str) -> &mut Self {
        self.0.push(b'/');
        self.0.extend_from_slice(n.as_bytes());
        self.0.push(b' ');
        self
    }

    fn end(&mut self, operator: &str) {
        self.0.extend_from_slice(operator.as_bytes());
    }
}

/// One `TJ` array's elements: glyph codes and kerning numbers.
enum Shown {
    Code(u16),
    Kern(f32),
}

/// Writes `[…] TJ` as lopdf writes an array: a space before a number that follows another
/// element, none before a string.
fn show(c: &mut Content, items: &mut Vec<Shown>) {
    use std::io::Write;
    c.op().0.push(b'[');
    for (i, item) in items.iter().enumerate() {
        match item {
            Shown::Code(code) => {
                let _ = write!(c.0, "<{code:04X}>");
            }
            Shown::Kern(k) => {
                if i > 0 {
                    c.0.push(b' ');
                }
                number(&mut c.0, *k);
            }
        }
    }
    c.0.extend_from_slice(b"] ");
    c.end("TJ");
    items.clear();
}

/// The content stream of a page. A turned page's marks are written in the turned page's
/// coordinates (297 mm wide, 210 mm high) under a quarter turn that lays the turned block
/// ([`Block::TURNED`]) onto the portrait one with the table's top on the page's left edge:
/// toward the binding (订口) on an odd page and toward the cut edge (切口) on an even one,
/// as GB/T 9704-2012 §10 places it. Its page number is written after, upright.
fn content(
    page: &Page,
    ids: &BTreeMap<FaceKey, FontId>,
    codes: &BTreeMap<FaceKey, HashMap<u16, u16>>,
) -> Vec<u8> {
    if !page.turned {
        return marks_content(Content(Vec::new()), &page.marks, PAGE_H, ids, codes);
    }
    let (portrait, turned) = (Block::PORTRAIT, Block::TURNED);
    // Physical x, y (from the bottom left) of the turned page's X', Y': the turned block's
    // top edge on the portrait block's left edge, its left edge on the portrait block's
    // bottom edge.
    let matrix = [
        0.0,
        1.0,
        -1.0,
        0.0,
        portrait.left - turned.top + PAGE_W,
        PAGE_H - portrait.bottom() - turned.left,
    ];
    let mut c = Content(Vec::new());
    c.op().end("q");
    c.op();
    for (k, v) in matrix.iter().enumerate() {
        c.real(if k < 4 { *v as f32 } else { pt(*v).0 });
    }
    c.end("cm");
    let mut c = marks_content(c, &page.marks, PAGE_W, ids, codes);
    c.push(b'\n');
    c.extend_from_slice(b"Q");
    marks_content(Content(c), &page.upright, PAGE_H, ids, codes)
}

/// `marks` of a page `page_h` mm high appended to `c`: text first, then rules.
///
/// Each text run is one `Td` to its first glyph and `TJ` arrays whose numbers move the pen
/// from where the previous glyph's advance (the font's `/W` width) left it to the glyph's
/// own position. The pen is tracked with the same rounded numbers the viewer will use, so
/// errors never accumulate along a line.
fn marks_content(
    mut c: Content,
    marks: &[Mark],
    page_h: f64,
    ids: &BTreeMap<FaceKey, FontId>,
    codes: &BTreeMap<FaceKey, HashMap<u16, u16>>,
) -> Vec<u8> {
    c.op().end("BT");
    let mut font: Option<(FaceKey, f64)> = None;
    let mut ink: Option<Ink> = None;
    let mut scale = 1.0;
    let mut bold = false;
    // The text line matrix's origin, in points (moved by each `Td`).
    let mut origin = (0.0f64, 0.0f64);
    let mut items: Vec<Shown> = Vec::new();
    for mark in marks {
        let Mark::Text(run) = mark else { continue };
        let Some(first) = run.glyphs.first() else {
            continue;
        };
        if ink != Some(run.ink) {
            c.op().rgb(run.ink).end("rg");
            ink = Some(run.ink);
        }
        if run.bold != bold {
            if run.bold {
                // Stroke the outlines too: about 1/30 em, the usual synthetic bold.
                c.op().rgb(run.ink).end("RG");
                c.op().real((run.size / 30.0) as f32).end("w");
            }
            // Text rendering mode: 2 fills and strokes, 0 fills.
            c.op().end(if run.bold { "2 Tr" } else { "0 Tr" });
            bold = run.bold;
        }
        if (run.scale - scale).abs() > 1e-9 {
            c.op().real((run.scale * 100.0) as f32).end("Tz");
            scale = run.scale;
        }
        let to_pt = |mm: f64| mm / MM_PER_PT;
        let x0 = round(to_pt(first.x), 3);
        let y0 = round(to_pt(page_h - run.baseline), 3);
        let (dx, dy) = (round(x0 - origin.0, 3), round(y0 - origin.1, 3));
        c.op().real(dx as f32).real(dy as f32).end("Td");
        origin = (origin.0 + dx, origin.1 + dy);
        let mut pen = origin.0;
        // Text-space units per point along the line.
        let unit = run.size * scale / 1000.0;
        for p in &run.glyphs {
            let (Some(id), Some(face)) = (ids.get(&p.glyph.face), codes.get(&p.glyph.face)) else {
                continue;
            };
            if font != Some((p.glyph.face, run.size)) {
                if !items.is_empty() {
                    show(&mut c, &mut items);
                }
                c.op().name(&id.0).real(run.size as f32).end("Tf");
                font = Some((p.glyph.face, run.size));
            }
            let kern = round((pen - to_pt(p.x)) / unit, 2);
            if kern != 0.0 {
                items.push(Shown::Kern(kern as f32));
                pen -= f64::from(kern as f32) * unit;
            }
            items.push(Shown::Code(face.get(&p.glyph.gid).copied().unwrap_or(0)));
            pen += f64::from(p.glyph.pdf_width) * unit;
        }
        if !items.is_empty() {
            show(&mut c, &mut items);
        }
    }
    c.op().end("ET");
    for mark in marks {
        let Mark::Stroke(s) = mark else { continue };
        let (a, b) = (point(s.x0, s.y0, page_h), point(s.x1, s.y1, page_h));
        c.op().end("q");
        c.op().rgb(s.ink).end("RG");
        c.op().real(pt(s.thickness).0).end("w");
        c.op().real(a.x.0).real(a.y.0).end("m");
        c.op().real(b.x.0).real(b.y.0).end("l");
        c.op().end("S");
        c.op().end("Q");
    }
    c.0
}

/// UTF-16BE with a byte order mark: how PDF text strings hold non-Latin text.
fn text_string(text: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        bytes.extend(unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// printpdf's document as lopdf objects, fonts subset.
fn lopdf_document(doc: &PdfDocument) -> Result<lopdf::Document, PdfError> {
    let opts = PdfSaveOptions {
        subset_fonts: true,
        optimize: true,
        ..PdfSaveOptions::default()
    };
    let mut warnings = Vec::new();
    let ld = doc.to_lopdf_document(&opts, &mut warnings);
    if let Some(w) = warnings
        .iter()
        .find(|w| w.severity == PdfParseErrorSeverity::Error)
    {
        return Err(internal("printpdf", &w.msg));
    }
    Ok(ld)
}

/// Serialises with our outline, clean metadata and a content-derived `/ID`.
fn save(mut ld: lopdf::Document, anchors: &[Anchor]) -> Result<Vec<u8>, PdfError> {
    clean_info(&mut ld);
    outline(&mut ld, anchors)?;
    compress(&mut ld);
    // The `/ID` is the digest of the file as saved with a zero `/ID`: save once with zeros,
    // then write the digest over them (the same length, so the file differs only there). The
    // document is neither copied nor serialised twice.
    ld.trailer.set("ID", id_pair([0; 16]));
    let mut out = Vec::new();
    ld.save_modern(&mut out)
        .map_err(|e| internal("保存 PDF", e))?;
    drop(ld);
    let digest = Sha256::digest(&out);
    let mut id = [0u8; 16];
    id.copy_from_slice(&digest[..16]);
    let zeros = id_text(&[0; 16]);
    // The trailer (and its `/ID`) comes after every object, so the last match is the `/ID`.
    let at = out
        .windows(zeros.len())
        .rposition(|w| w == zeros.as_bytes())
        .ok_or_else(|| PdfError::Internal("保存 PDF：找不到文件标识 /ID".into()))?;
    out[at..at + zeros.len()].copy_from_slice(id_text(&id).as_bytes());
    Ok(out)
}

/// The trailer's `/ID` as lopdf writes [`id_pair`]: `/ID[<hex><hex>]`.
fn id_text(id: &[u8; 16]) -> String {
    let hex: String = id.iter().map(|b| format!("{b:02X}")).collect();
    format!("/ID[<{hex}><{hex}>]")
}

/// The trailer's `/ID`: the same 16 bytes as the permanent and the changing identifier.
fn id_pair(id: [u8; 16]) -> Object {
    let id = Object::String(id.to_vec(), StringFormat::Hexadecimal);
    Object::Array(vec![id.clone(), id])
}

/// Deflate level for our streams. lopdf's own `compress` uses the slowest level; with the
/// zlib-rs backend, level 8 gave the smallest font programs (FandolFang subset of the sample:
/// 109.3 KB against 109.8 KB at level 6) and took no longer than level 6 (6.4 ms against
/// 7.0 ms on this machine).
const DEFLATE_LEVEL: u32 = 8;

/// Deflate level for the pages' content streams: zlib-rs's medium strategy (levels 4–6)
/// instead of the slow one. 3,000 units: the build 248 → 235 ms (median of 9, interleaved),
/// the PDF 428.6 → 433.5 KB; the sample's PDF 100 bytes larger (147.0 → 147.1 KB).
const PAGE_LEVEL: u32 = 6;

/// Deflates every stream that may be compressed and is not yet (the pages' are by now).
fn compress(ld: &mut lopdf::Document) {
    for object in ld.objects.values_mut() {
        if let Object::Stream(stream) = object {
            deflate(stream, DEFLATE_LEVEL);
        }
    }
}

/// Deflates `stream` at `level` when it may be compressed, is not yet, and comes out smaller.
fn deflate(stream: &mut lopdf::Stream, level: u32) {
    use std::io::Write;
    if !stream.allows_compression || stream.dict.get(b"Filter").is_ok() {
        return;
    }
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(level));
    if encoder.write_all(&stream.content).is_err() {
        return;
    }
    if let Ok(packed) = encoder.finish()
        && packed.len() + 19 < stream.content.len()
    {
        stream
            .dict
            .set("Filter", Object::Name(b"FlateDecode".to_vec()));
        stream.set_content(packed);
    }
}

/// printpdf writes empty `/GTS_PDFXVersion`, `/Identifier` and `/Keywords`; an empty
/// `GTS_PDFXVersion` makes readers report the file as PDF/X. Drop the empty ones.
fn clean_info(ld: &mut lopdf::Document) {
    let Ok(info) = ld.trailer.get(b"Info").and_then(Object::as_reference) else {
        return;
    };
    if let Ok(dict) = ld.get_object_mut(info).and_then(Object::as_dict_mut) {
        for key in [&b"GTS_PDFXVersion"[..], b"Identifier", b"Keywords"] {
            let empty = match dict.get(key) {
                Ok(Object::String(s, _)) => s.is_empty() || s.as_slice() == [0xFE, 0xFF],
                _ => false,
            };
            if empty {
                dict.remove(key);
            }
        }
    }
}

/// The document outline: one bookmark per anchor, in document order, each jumping to its
/// line.
fn outline(ld: &mut lopdf::Document, anchors: &[Anchor]) -> Result<(), PdfError> {
    if anchors.is_empty() {
        return Ok(());
    }
    let pages = ld.get_pages();
    let root: ObjectId = ld
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|e| internal("PDF 目录", e))?;
    let outlines_id = ld.new_object_id();
    let item_ids: Vec<ObjectId> = anchors.iter().map(|_| ld.new_object_id()).collect();
    for (i, anchor) in anchors.iter().enumerate() {
        let page = pages
            .get(&(anchor.page as u32 + 1))
            .copied()
            .ok_or_else(|| {
                PdfError::Internal(format!("书签指向不存在的第 {} 页", anchor.page + 1))
            })?;
        let mut dict = Dictionary::new();
        dict.set("Title", text_string(&anchor.title));
        dict.set("Parent", Object::Reference(outlines_id));
        dict.set(
            "Dest",
            Object::Array(vec![
                Object::Reference(page),
                Object::Name(b"XYZ".to_vec()),
                Object::Null,
                Object::Real(pt(PAGE_H - anchor.y + 2.0).0),
                Object::Null,
            ]),
        );
        if i > 0 {
            dict.set("Prev", Object::Reference(item_ids[i - 1]));
        }
        if let Some(next) = item_ids.get(i + 1) {
            dict.set("Next", Object::Reference(*next));
        }
        ld.objects.insert(item_ids[i], Object::Dictionary(dict));
    }
    let mut outlines = Dictionary::new();
    outlines.set("Type", Object::Name(b"Outlines".to_vec()));
    outlines.set("Count", Object::Integer(anchors.len() as i64));
    if let (Some(first), Some(last)) = (item_ids.first(), item_ids.last()) {
        outlines.set("First", Object::Reference(*first));
        outlines.set("Last", Object::Reference(*last));
    }
    ld.objects.insert(outlines_id, Object::Dictionary(outlines));
    let catalog = ld
        .get_object_mut(root)
        .and_then(Object::as_dict_mut)
        .map_err(|e| internal("PDF 目录", e))?;
    catalog.set("Outlines", Object::Reference(outlines_id));
    catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_as_display_writes_them() {
        let check = |v: f32| {
            let mut fast = Vec::new();
            number(&mut fast, v);
            assert_eq!(String::from_utf8_lossy(&fast), v.to_string(), "{v:?}");
        };
        // Every position of three decimals from -8192 to 8192 pt (a step of 7/1000 visits
        // each last digit), and the numbers around them.
        let mut milli: i64 = -8_192_500;
        while milli <= 8_192_500 {
            check((milli as f64 / 1000.0) as f32);
            milli += 7;
        }
        for v in [
            0.0,
            -0.0,
            0.5,
            -0.5,
            1e-4,
            0.0005,
            0.0015,
            123.4567,
            8191.999,
            8192.0,
            8192.001,
            -8191.999,
            1e6,
            1e9,
            3.4e38,
            f32::MIN_POSITIVE,
            16.0,
            28.35,
            0.1,
            0.2,
            0.3,
            595.276,
        ] {
            check(v);
            check(-v);
        }
    }

    #[test]
    fn a_turned_page_is_turned_a_quarter_onto_the_portrait_block_its_number_upright() {
        use crate::typeset::model::Stroke;
        let rule = |x0, y, x1| Mark::Stroke(Stroke::horizontal(x0, x1, y, 0.2, Ink::Black));
        let turned = Block::TURNED;
        let page = Page {
            marks: vec![rule(turned.left, turned.top, turned.right())],
            turned: true,
            upright: vec![rule(40.0, 270.0, 60.0)],
            ..Page::default()
        };
        let bytes = content(&page, &BTreeMap::new(), &BTreeMap::new());
        let text = String::from_utf8_lossy(&bytes);
        // x = 210 mm - y', y = x': the turned block's top on the portrait block's left edge.
        assert!(text.starts_with("q\n0 1 -1 0 595.276 0 cm\n"), "{text}");
        // The rule across the turned block's top, from (35, 28) to (260, 28) of the turned
        // page (210 mm high): in its own coordinates y = 182 mm = 515.906 pt ...
        assert!(
            text.contains("99.213 515.906 m\n737.008 515.906 l"),
            "{text}"
        );
        // ... which the matrix takes to x = 28 mm, y = 35 .. 260 mm from the bottom: the
        // portrait block's left edge, from its foot (262 mm from the top) to its top (37).
        let (x, y0, y1) = (595.276 - 515.906, 99.213, 737.008);
        assert!((x - 28.0 / MM_PER_PT).abs() < 0.01);
        assert!((y0 - (PAGE_H - 262.0) / MM_PER_PT).abs() < 0.01);
        assert!((y1 - (PAGE_H - 37.0) / MM_PER_PT).abs() < 0.01);
        // The number after the turn is undone, in the portrait page's coordinates.
        let after = &text[text.find("\nQ\n").expect("the turn undone")..];
        assert!(after.contains("113.386 76.535 m"), "{after}");
        // A portrait page is written as before: no turn.
        let portrait = content(
            &Page {
                marks: page.marks.clone(),
                ..Page::default()
            },
            &BTreeMap::new(),
            &BTreeMap::new(),
        );
        assert!(!String::from_utf8_lossy(&portrait).contains("cm"));
    }

    #[test]
    fn the_id_is_the_digest_of_the_file_saved_with_a_zero_id() {
        let mut doc = PdfDocument::new("测试");
        doc.pages.push(PdfPage::new(
            Mm(PAGE_W as f32),
            Mm(PAGE_H as f32),
            Vec::new(),
        ));
        let pdf = save(lopdf_document(&doc).unwrap(), &[]).unwrap();
        assert_eq!(
            save(lopdf_document(&doc).unwrap(), &[]).unwrap(),
            pdf,
            "deterministic"
        );
        let parsed = lopdf::Document::load_mem(&pdf).unwrap();
        let Ok(Object::Array(ids)) = parsed.trailer.get(b"ID") else {
            panic!("a trailer /ID")
        };
        assert_eq!(ids.len(), 2);
        assert_eq!(ids[0], ids[1]);
        let id = ids[0].as_str().unwrap();
        assert_eq!(id.len(), 16);
        // Written back to zeros, the file hashes to its /ID.
        let hex: String = id.iter().map(|b| format!("{b:02X}")).collect();
        let written = format!("/ID[<{hex}><{hex}>]");
        let at = pdf
            .windows(written.len())
            .position(|w| w == written.as_bytes())
            .expect("the /ID as lopdf writes it");
        let mut zeroed = pdf.clone();
        let zero = format!("/ID[<{0}><{0}>]", "0".repeat(32));
        zeroed[at..at + zero.len()].copy_from_slice(zero.as_bytes());
        assert_eq!(&Sha256::digest(&zeroed)[..16], id);
    }
}
