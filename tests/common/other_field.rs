//! A campaign of a field no sample covers (winter clean heating), written only from
//! docs/input-format.md: its words (取暖, 煤改电, 拆改结合, 冀州区) are in no sample, so a test of
//! line breaking on it shows what the dictionary and the campaign's own terms do for words
//! nobody tuned for.

use std::path::Path;

const UNITS: [(&str, &str, &str, u32); 8] = [
    ("taocheng", "桃城区", "区", 5200),
    ("jizhou", "冀州区", "区", 3800),
    ("zaoqiang", "枣强县", "县", 4100),
    ("wuyi", "武邑县", "县", 3300),
    ("shenzhou", "深州市", "市", 6100),
    ("anping", "安平县", "县", 2900),
    ("binhu", "衡水滨湖新区", "开发区", 1200),
    ("gaoxin", "衡水高新技术产业开发区", "开发区", 1500),
];

/// Writes the campaign and its November and December snapshots into `dir`.
pub fn heating(dir: &Path) {
    heating_with_parts(dir, &[("power", "煤改电"), ("both", "拆改结合")]);
}

/// [`heating`] with `parts` (id, name) of each household's heating counted apart (at least
/// two): three fifths of the done split evenly over all but the last, which takes the rest.
pub fn heating_with_parts(dir: &Path, parts: &[(&str, &str)]) {
    use std::fmt::Write;
    std::fs::create_dir_all(dir.join("snapshots")).expect("mkdir");
    let mut c = String::from(
        "name: 冬季清洁取暖改造攻坚\nscope: 全市\noffice:\n  name: 衡水市冬季清洁取暖改造攻坚工作领导小组办公室\n  short_name: 市清洁取暖办\nheader:\n  name: 冬季清洁取暖改造攻坚工作简报\naddressee: 各县（市、区）党委、政府，市直有关部门\nvocabulary:\n  unit: 县（市、区）\nschedule:\n  start: 2023-04-01\n  end: 2023-12-31\nunits:\n",
    );
    for (id, name, kind, _) in UNITS {
        let _ = writeln!(c, "  - {{ id: {id}, name: {name}, kind: {kind} }}");
    }
    c.push_str(
        "indicators:\n  - id: heating\n    name: 清洁取暖改造\n    action: 完成\n    measure: 户\n    plan_label: 年度改造计划\n    task: 清洁取暖改造任务\n    table_title: 各县（市、区）冬季清洁取暖改造攻坚进展情况排名表\n    headline: true\n    parts:\n",
    );
    for (id, name) in parts {
        let _ = writeln!(c, "      - {{ id: {id}, name: {name} }}");
    }
    c.push_str("    plan:\n");
    for (id, _, _, plan) in UNITS {
        let _ = writeln!(c, "      {id}: {plan}");
    }
    c.push_str("rules:\n  ahead_points: 5\n  behind_points: 20\n  name_top: 3\n  name_bottom: 3\ndistribution:\n  report_to: [市委常委, 市人大常委会主任]\n  send_to: [各县（市、区）党委、政府主要负责人]\n");
    std::fs::write(dir.join("campaign.yaml"), c).expect("write campaign");
    for (period, as_of, issue, tenths) in [
        (
            "2023-11",
            "2023-11-30",
            "2023-12-05",
            [6, 7, 8, 5, 9, 6, 4, 7],
        ),
        (
            "2023-12",
            "2023-12-31",
            "2024-01-06",
            [9, 8, 10, 7, 10, 8, 6, 9],
        ),
    ] {
        let mut s = format!(
            "period: {period}\nas_of: {as_of}\nissue_date: {issue}\nprogress:\n  heating:\n"
        );
        for ((id, _, _, plan), t) in UNITS.iter().zip(tenths) {
            let done = plan * t / 10;
            // Three fifths over all parts but the last, which takes the rest.
            let share = done * 3 / (5 * (parts.len() as u32 - 1).max(1));
            let figures: Vec<String> = parts
                .iter()
                .enumerate()
                .map(|(k, (part, _))| {
                    let n = if k + 1 == parts.len() {
                        done - share * (parts.len() as u32 - 1)
                    } else {
                        share
                    };
                    format!("{part}: {n}")
                })
                .collect();
            let _ = writeln!(
                s,
                "    {id}: {{ done: {done}, parts: {{ {} }} }}",
                figures.join(", ")
            );
        }
        std::fs::write(dir.join(format!("snapshots/{period}.yaml")), s).expect("write snapshot");
    }
}
