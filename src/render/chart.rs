//! Charts as inline SVG, for people who would rather look than read: each unit's completion
//! rate as a bar against the 序时进度 line, and the total's rate issue by issue. Pure functions
//! of their numbers: the same figures give the same bytes (fixed decimals, no ids, no clock).
//! The workbench's home page and the archive's `index.html` show the same charts.
//!
//! Written by hand: the chart crates (plotters, charts-rs) draw with their own fonts and
//! layout engines and add ids and styles the pages' CSP and the bulletin's faces do not want;
//! two chart kinds of a few dozen lines each do not earn one.

use std::fmt::Write;

use crate::render::markup::escape;

/// The faces the charts' text is set in: the bulletin's 黑体 for labels.
const FONT: &str = "黑体, SimHei, FandolHei, 'Noto Sans CJK SC', sans-serif";
const BAR: &str = "#2f5597";
const BEHIND: &str = "#c00000";
const LINE: &str = "#e60012";

/// One bar: a unit's name and its rate (a fraction; `None` for a unit with no plan).
#[derive(Debug, Clone)]
pub struct Bar {
    /// The unit's name.
    pub label: String,
    /// Its completion rate (0.61 for 61%).
    pub rate: Option<f64>,
}

/// Width of `text` at `size` px: a CJK character is one em, an ASCII one about 0.55.
fn text_width(text: &str, size: f64) -> f64 {
    text.chars()
        .map(|c| if c.is_ascii() { 0.55 } else { 1.0 })
        .sum::<f64>()
        * size
}

/// Width of a label column wide enough for `labels` at `size` px.
fn label_width(labels: &[&str], size: f64) -> f64 {
    let widest = labels
        .iter()
        .map(|l| text_width(l, size))
        .fold(4.0 * size, f64::max);
    (widest + 8.0).min(16.0 * size)
}

fn pct(rate: f64) -> String {
    crate::format::percent(Some(rate), 1)
}

/// Horizontal bars, one per unit in the given order, with the 序时进度 `schedule` as a
/// vertical line; bars below it are drawn in red. `title` is the chart's accessible name.
pub fn rates(title: &str, bars: &[Bar], schedule: f64) -> String {
    let size = 13.0;
    let row = 20.0;
    let labels: Vec<&str> = bars.iter().map(|b| b.label.as_str()).collect();
    let left = label_width(&labels, size);
    let plot = 420.0;
    let right = 64.0;
    let top = 24.0;
    let max = bars
        .iter()
        .filter_map(|b| b.rate)
        .fold(1.0_f64.max(schedule), f64::max);
    let x = |rate: f64| left + plot * (rate / max).clamp(0.0, 1.0);
    let height = top + row * bars.len() as f64 + 8.0;
    let width = left + plot + right;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width:.0} {height:.0}" width="{width:.0}" height="{height:.0}" role="img" aria-label="{}" font-family="{FONT}" font-size="{size:.0}">"#,
        escape(title)
    );
    for (i, bar) in bars.iter().enumerate() {
        let y = top + row * i as f64;
        let _ = write!(
            s,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
            left - 6.0,
            y + 14.0,
            escape(&bar.label)
        );
        match bar.rate {
            Some(rate) => {
                let colour = if rate < schedule { BEHIND } else { BAR };
                let _ = write!(
                    s,
                    r#"<rect x="{left:.1}" y="{:.1}" width="{:.1}" height="14" fill="{colour}"/><text x="{:.1}" y="{:.1}">{}</text>"#,
                    y + 3.0,
                    x(rate) - left,
                    x(rate) + 4.0,
                    y + 14.0,
                    pct(rate)
                );
            }
            None => {
                let _ = write!(
                    s,
                    r##"<text x="{:.1}" y="{:.1}" fill="#666">无计划</text>"##,
                    left + 4.0,
                    y + 14.0
                );
            }
        }
    }
    let sx = x(schedule);
    let _ = write!(
        s,
        r#"<line x1="{sx:.1}" y1="{:.1}" x2="{sx:.1}" y2="{:.1}" stroke="{LINE}" stroke-width="2" stroke-dasharray="5 3"/><text x="{sx:.1}" y="14" text-anchor="middle" fill="{LINE}">序时进度 {}</text></svg>"#,
        top - 4.0,
        height - 4.0,
        pct(schedule)
    );
    s
}

/// One point of a trend: the issue's label (第N期 or the period), the total's rate and the
/// 序时进度 then.
#[derive(Debug, Clone)]
pub struct Point {
    /// The issue or period.
    pub label: String,
    /// The total's completion rate.
    pub rate: Option<f64>,
    /// 序时进度 at that issue.
    pub schedule: f64,
}

/// The total's rate issue by issue (a line with its values) against 序时进度 (dashed).
pub fn trend(title: &str, points: &[Point]) -> String {
    let size = 13.0;
    // The last period's label is centred on its point: room for its half (2024-W43).
    let half_label = points
        .iter()
        .map(|p| text_width(&p.label, size) / 2.0 + 4.0)
        .fold(24.0, f64::max);
    let (left, right, top, bottom) = (44.0, half_label, 24.0, 40.0);
    let step = 96.0;
    let plot_h = 180.0;
    let width = left + right + step * points.len().saturating_sub(1).max(1) as f64;
    let height = top + plot_h + bottom;
    let max = points
        .iter()
        .flat_map(|p| [p.rate.unwrap_or(0.0), p.schedule])
        .fold(1.0, f64::max);
    let x = |i: usize| left + step * i as f64;
    let y = |r: f64| top + plot_h * (1.0 - (r / max).clamp(0.0, 1.0));
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width:.0} {height:.0}" width="{width:.0}" height="{height:.0}" role="img" aria-label="{}" font-family="{FONT}" font-size="{size:.0}">"#,
        escape(title)
    );
    for tick in [0.0, 0.5, 1.0] {
        let ty = y(tick);
        let _ = write!(
            s,
            r##"<line x1="{left:.1}" y1="{ty:.1}" x2="{:.1}" y2="{ty:.1}" stroke="#ccc"/><text x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"##,
            width - right,
            left - 4.0,
            ty + 4.0,
            crate::format::percent(Some(tick), 0)
        );
    }
    let path = |f: &dyn Fn(&Point) -> Option<f64>| -> String {
        points
            .iter()
            .enumerate()
            .filter_map(|(i, p)| f(p).map(|r| format!("{:.1},{:.1}", x(i), y(r))))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let _ = write!(
        s,
        r#"<polyline points="{}" fill="none" stroke="{LINE}" stroke-width="2" stroke-dasharray="5 3"/>"#,
        path(&|p| Some(p.schedule))
    );
    let _ = write!(
        s,
        r#"<polyline points="{}" fill="none" stroke="{BAR}" stroke-width="3"/>"#,
        path(&|p| p.rate)
    );
    for (i, p) in points.iter().enumerate() {
        if let Some(r) = p.rate {
            let _ = write!(
                s,
                r#"<circle cx="{:.1}" cy="{:.1}" r="4" fill="{BAR}"/><text x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
                x(i),
                y(r),
                x(i),
                y(r) - 8.0,
                pct(r)
            );
        }
        let _ = write!(
            s,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
            x(i),
            top + plot_h + 20.0,
            escape(&p.label)
        );
    }
    let _ = write!(
        s,
        r#"<text x="{:.1}" y="{:.1}" text-anchor="end" fill="{LINE}">虚线：序时进度</text></svg>"#,
        width - right,
        height - 4.0
    );
    s
}

/// The rates chart of one indicator: its units in rank order against 序时进度 `schedule`.
pub fn indicator_rates(ind: &crate::progress::IndicatorFigures, schedule: f64) -> String {
    let bars: Vec<Bar> = ind
        .ranking
        .iter()
        .map(|u| Bar {
            label: u.name.clone(),
            rate: u.tally.rate,
        })
        .collect();
    rates(&format!("{}各单位完成率", ind.name), &bars, schedule)
}

/// The trend of the headline indicator's total rate over `issues` (label, figures), oldest
/// first; none for fewer than two issues (one point is not a trend).
pub fn headline_trend(issues: &[(String, &crate::progress::Figures)]) -> Option<String> {
    if issues.len() < 2 {
        return None;
    }
    let points: Vec<Point> = issues
        .iter()
        .map(|(label, f)| Point {
            label: label.clone(),
            rate: f.headline().and_then(|h| h.total.rate),
            schedule: f.time_progress,
        })
        .collect();
    Some(trend("完成率逐期趋势", &points))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bar_below_the_schedule_is_red_and_the_chart_is_deterministic() {
        let bars = vec![
            Bar {
                label: "兰山区".into(),
                rate: Some(0.9),
            },
            Bar {
                label: "沂南县<x>".into(),
                rate: Some(0.2),
            },
            Bar {
                label: "临港区".into(),
                rate: None,
            },
        ];
        let a = rates("完成率", &bars, 0.5);
        assert_eq!(a, rates("完成率", &bars, 0.5));
        assert_eq!(a.matches(BEHIND).count(), 1);
        assert!(
            a.contains("沂南县&lt;x&gt;") && a.contains("无计划") && a.contains("序时进度 50.0%")
        );
    }

    #[test]
    fn the_trend_marks_each_issue_with_its_rate() {
        let points = vec![
            Point {
                label: "2019-11".into(),
                rate: Some(0.4),
                schedule: 0.8,
            },
            Point {
                label: "2019-12".into(),
                rate: Some(0.61),
                schedule: 1.0,
            },
        ];
        let svg = trend("趋势", &points);
        assert!(svg.contains(">40.0%<") && svg.contains(">61.0%<") && svg.contains(">2019-12<"));
    }

    #[test]
    fn the_last_periods_label_stays_inside_the_trend() {
        let points: Vec<Point> = (40..44)
            .map(|w| Point {
                label: format!("2024-W{w}"),
                rate: Some(0.8),
                schedule: 0.8,
            })
            .collect();
        let svg = trend("趋势", &points);
        let number = |after: &str| -> f64 {
            let rest = &svg[svg.find(after).expect(after) + after.len()..];
            rest[..rest.find('"').expect("quote")]
                .parse()
                .expect("number")
        };
        let width = number("width=\"");
        let label = svg.rfind(">2024-W43<").expect("label");
        let x_at = svg[..label].rfind("x=\"").expect("x") + 3;
        let x: f64 = svg[x_at..x_at + svg[x_at..].find('"').expect("quote")]
            .parse()
            .expect("x");
        assert!(
            x + text_width("2024-W43", 13.0) / 2.0 <= width,
            "{x} in {width}"
        );
    }
}
