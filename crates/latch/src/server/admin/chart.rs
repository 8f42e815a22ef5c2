//! A line chart drawn on the server as SVG text: no script, no library, the same picture with
//! JavaScript off. Colours come from the console's stylesheet (one class per series, light
//! and dark); each series has its own dash pattern too, so the lines are told apart without
//! colour. The chart names itself (`<title>`) and sums itself up (`<desc>`) for assistive
//! technology; the page's table beside it holds every number.

use std::fmt::Write;

/// One line: its name, its stylesheet class and a value per day.
pub(super) struct Series {
    pub name: &'static str,
    pub class: &'static str,
    pub values: Vec<i64>,
}

const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 280.0;
const LEFT: f64 = 48.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 40.0;
/// Dash patterns by series, in order: solid, dashed, dotted.
const DASHES: [&str; 3] = ["none", "7 4", "2 3"];

/// The SVG of `series` over `labels` (one per point; a few are written under the axis).
pub(super) fn line_chart(title: &str, description: &str, labels: &[String], series: &[Series]) -> String {
    let points = labels.len().max(2);
    let top_value = nice_ceiling(series.iter().flat_map(|one| one.values.iter().copied()).max().unwrap_or(0));
    let x = |index: usize| LEFT + (WIDTH - LEFT - RIGHT) * index as f64 / (points - 1) as f64;
    let y = |value: i64| TOP + (HEIGHT - TOP - BOTTOM) * (1.0 - value as f64 / top_value as f64);
    let mut svg = String::with_capacity(8 * 1024);
    let _ = write!(
        svg,
        r#"<svg class="line-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="chart-title chart-desc" xmlns="http://www.w3.org/2000/svg"><title id="chart-title">{}</title><desc id="chart-desc">{}</desc>"#,
        escape(title),
        escape(description)
    );
    // Four horizontal guides with their values.
    for step in 0..=4 {
        let value = top_value * step / 4;
        let at = y(value);
        let _ = write!(
            svg,
            r#"<line class="guide" x1="{LEFT}" x2="{}" y1="{at:.1}" y2="{at:.1}"/><text class="axis" x="{}" y="{:.1}" text-anchor="end">{value}</text>"#,
            WIDTH - RIGHT,
            LEFT - 6.0,
            at + 4.0
        );
    }
    // The first day, every seventh, and the last, under the axis (the last stands in for a
    // seventh too close to it).
    for (index, label) in labels.iter().enumerate() {
        let last = index + 1 == labels.len();
        if (index % 7 == 0 && index + 5 < labels.len()) || last {
            let anchor = match index {
                0 => "start",
                _ if index + 1 == labels.len() => "end",
                _ => "middle",
            };
            let _ = write!(
                svg,
                r#"<text class="axis" x="{:.1}" y="{}" text-anchor="{anchor}">{}</text>"#,
                x(index),
                HEIGHT - 14.0,
                escape(label)
            );
        }
    }
    for (one, dash) in series.iter().zip(DASHES.iter().cycle()) {
        let path: Vec<String> =
            one.values.iter().enumerate().map(|(index, value)| format!("{:.1},{:.1}", x(index), y(*value))).collect();
        let _ = write!(
            svg,
            r#"<polyline class="{}" fill="none" stroke-width="2.5" stroke-dasharray="{dash}" points="{}"><title>{}</title></polyline>"#,
            one.class,
            path.join(" "),
            escape(one.name)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// The smallest of 4, 8, 20, 40, 80, 200, … at or above `max`: four guides at round values.
fn nice_ceiling(max: i64) -> i64 {
    let mut scale = 1;
    loop {
        for step in [4, 8, 20] {
            if max <= step * scale {
                return step * scale;
            }
        }
        scale *= 10;
    }
}

/// Text as SVG (XML) reads it: markup characters written as entities.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scale_is_round_and_holds_the_highest_day() {
        for (max, ceiling) in [(0, 4), (3, 4), (5, 8), (9, 20), (21, 40), (41, 80), (81, 200), (1_234, 2_000)] {
            assert_eq!(nice_ceiling(max), ceiling, "{max}");
        }
    }

    #[test]
    fn a_chart_escapes_its_words_and_draws_a_line_per_series() {
        let labels: Vec<String> = (1..=30).map(|day| format!("{day} <Nov>")).collect();
        let series = [
            Series { name: "A & B", class: "a", values: vec![1; 30] },
            Series { name: "C", class: "c", values: (0..30).collect() },
        ];
        let svg = line_chart("T<itle>", "D\"esc\"", &labels, &series);
        assert_eq!(svg.matches("<polyline").count(), 2);
        assert!(svg.contains("T&lt;itle&gt;") && svg.contains("D&quot;esc&quot;") && svg.contains("A &amp; B"));
        assert!(!svg.contains("<Nov>"), "labels are escaped");
        assert_eq!(svg.matches("30 &lt;Nov&gt;").count(), 1, "the last day is labelled once");
    }
}
