//! `figures.json`: the figures of a published issue, versioned. The archive index reads them
//! back as the same [`Figures`] type progress computes (no shadow schema); a record of another
//! version is named as such instead of being shown as missing.

use serde::{Deserialize, Serialize};

use crate::progress::Figures;

/// The file name inside an issue folder.
pub const FIGURES: &str = "figures.json";
/// The layout of `figures.json`: bump it whenever [`Figures`] changes shape. Records published
/// before versioning have no `schema_version`.
pub const FIGURES_SCHEMA: u32 = 1;

#[derive(Serialize)]
struct RecordOut<'a> {
    schema_version: u32,
    figures: &'a Figures,
}

#[derive(Deserialize)]
struct RecordIn {
    figures: Figures,
}

#[derive(Deserialize)]
struct Version {
    schema_version: Option<serde_json::Value>,
}

/// The bytes of `figures.json` for `figures`.
pub fn figures_json(figures: &Figures) -> Result<Vec<u8>, String> {
    let mut text = serde_json::to_string_pretty(&RecordOut {
        schema_version: FIGURES_SCHEMA,
        figures,
    })
    .map_err(|e| format!("无法保存计算结果：{e}"))?;
    text.push('\n');
    Ok(text.into_bytes())
}

/// Reads `figures.json`; the error says why in Chinese (unknown version, damaged file).
pub fn read_figures(bytes: &[u8]) -> Result<Figures, String> {
    let version: Version =
        serde_json::from_slice(bytes).map_err(|e| format!("{FIGURES} 已损坏：{e}"))?;
    match version.schema_version {
        Some(v) if v.as_u64() == Some(u64::from(FIGURES_SCHEMA)) => {
            serde_json::from_slice::<RecordIn>(bytes)
                .map(|r| r.figures)
                .map_err(|e| format!("{FIGURES} 已损坏（版本 {FIGURES_SCHEMA} 的内容不完整：{e}）"))
        }
        Some(v) => Err(format!(
            "{FIGURES} 的格式版本为 {v}，本程序只能读取版本 {FIGURES_SCHEMA}（请用发布它的新版 tongbao 查看）"
        )),
        None => Err(format!(
            "{FIGURES} 没有格式版本（由早期版本的 tongbao 发布），本程序只能读取版本 {FIGURES_SCHEMA}"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_and_missing_versions_are_named() {
        let e = read_figures(br#"{"schema_version": 9, "figures": {}}"#).unwrap_err();
        assert!(e.contains("格式版本为 9，本程序只能读取版本 1"), "{e}");
        let e = read_figures(br#"{"period": "2019-12"}"#).unwrap_err();
        assert!(e.contains("没有格式版本"), "{e}");
        let e = read_figures(b"not json").unwrap_err();
        assert!(e.contains("已损坏"), "{e}");
    }

    #[test]
    fn figures_read_back_as_written() {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/linyi-kindergarten");
        let inputs = crate::load::load(&dir).expect("sample");
        let n = inputs.snapshots.len();
        let figures = crate::progress::compute(
            &inputs.campaign,
            &inputs.snapshots[n - 1],
            Some(&inputs.snapshots[n - 2]),
        );
        let bytes = figures_json(&figures).expect("json");
        let back = read_figures(&bytes).expect("reads back");
        assert_eq!(back.period, figures.period);
        let (a, b) = (&back.indicators[0], &figures.indicators[0]);
        let counts = |t: &crate::progress::Tally| (t.plan, t.done, t.new, t.parts.clone());
        assert_eq!(counts(&a.total), counts(&b.total));
        for (x, y) in a.units.iter().zip(&b.units) {
            assert_eq!(
                (&x.id, x.rank, x.previous_rank, x.class),
                (&y.id, y.rank, y.previous_rank, y.class)
            );
            // serde_json reads floats to within one unit in the last place.
            assert!((x.tally.rate.unwrap() - y.tally.rate.unwrap()).abs() < 1e-12);
        }
    }
}
