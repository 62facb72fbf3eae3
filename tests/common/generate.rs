//! A generated campaign of any size (the benchmark's national roll-up, the tests' large campaign).

use std::path::Path;

/// Writes a campaign with `n` units and two monthly snapshots into `dir`.
pub fn campaign(dir: &Path, n: usize) {
    use std::fmt::Write;
    std::fs::create_dir_all(dir.join("snapshots")).expect("mkdir");
    let mut c = String::from(
        "name: 城镇居住区配套幼儿园专项整治\nscope: 全国\noffice:\n  name: 全国城镇居住区配套幼儿园专项整治工作领导小组办公室\n  short_name: 全国整治办\nheader:\n  name: 城镇居住区配套幼儿园专项整治工作通报\naddressee: 各省、自治区、直辖市整治办\nschedule:\n  start: 2019-08-30\n  end: 2019-12-07\nunits:\n",
    );
    for i in 0..n {
        let _ = writeln!(c, "  - {{ id: u{i:04}, name: 第{i}县, kind: 县 }}");
    }
    c.push_str("indicators:\n  - id: kg\n    name: 居住区配套幼儿园\n    action: 整治完成\n    measure: 处\n    headline: true\n    parts:\n      - { id: public, name: 办成公办园 }\n      - { id: private, name: 委托办成普惠性民办园 }\n    plan:\n");
    for i in 0..n {
        let _ = writeln!(c, "      u{i:04}: {}", 10 + i % 40);
    }
    c.push_str("rules:\n  ahead_points: 5\n  behind_points: 20\n  name_top: 5\n  name_bottom: 5\ndistribution:\n  report_to: [国务院领导]\n  send_to: [各省整治办]\n");
    std::fs::write(dir.join("campaign.yaml"), c).expect("write campaign");
    for (period, as_of, issue, share) in [
        ("2019-11", "2019-11-30", "2019-12-05", 3),
        ("2019-12", "2019-12-31", "2020-01-06", 4),
    ] {
        let mut s =
            format!("period: {period}\nas_of: {as_of}\nissue_date: {issue}\nprogress:\n  kg:\n");
        for i in 0..n {
            let plan = 10 + i % 40;
            let done = (plan * share * (i % 5 + 1)) / 25;
            let public = done / 2;
            let _ = writeln!(
                s,
                "    u{i:04}: {{ done: {done}, parts: {{ public: {public}, private: {} }} }}",
                done - public
            );
        }
        std::fs::write(dir.join(format!("snapshots/{period}.yaml")), s).expect("write snapshot");
    }
}
