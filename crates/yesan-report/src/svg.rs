//! Charts as SVG text, drawn on the server from typed figures: the web app
//! embeds them in pages that work without JavaScript, and the same markup
//! can go into printed output. Rates come in tenths of a percent (the
//! domain's rounding already applied), so a chart never shows a figure the
//! tables do not.

use std::fmt::Write;

/// One bar pair: a project's commitment and payment rates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateBar {
    /// Label shown left of the bars.
    pub label: String,
    /// 원인행위율 in tenths of a percent.
    pub commit_tenths: Option<i64>,
    /// 지출률 in tenths of a percent.
    pub disburse_tenths: Option<i64>,
}

/// One month of the cumulative curve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurvePoint {
    /// `1월` … `12월`.
    pub label: String,
    /// Actual cumulative payment rate (tenths of a percent), if the month
    /// has begun.
    pub actual_tenths: Option<i64>,
    /// Expected cumulative payment rate (tenths of a percent).
    pub expected_tenths: Option<i64>,
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn pct(tenths: i64) -> String {
    format!("{}.{}%", tenths / 10, (tenths % 10).abs())
}

/// Horizontal bars, two per item (commitment, payment), 0–100 %.
/// `legend` is (commitment label, payment label).
pub fn rate_bars(items: &[RateBar], legend: (&str, &str), title: &str) -> String {
    const LABEL_W: i64 = 260;
    const BAR_W: i64 = 380;
    const ROW_H: i64 = 34;
    let height = 40 + ROW_H * i64::try_from(items.len()).unwrap_or(0) + 24;
    let width = LABEL_W + BAR_W + 70;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" aria-label="{t}" class="chart bars"><title>{t}</title>"#,
        t = esc(title)
    );
    let _ = write!(
        s,
        r#"<g class="legend" font-size="12"><rect x="{LABEL_W}" y="8" width="12" height="12" class="commit"/><text x="{}" y="18">{}</text><rect x="{}" y="8" width="12" height="12" class="disburse"/><text x="{}" y="18">{}</text></g>"#,
        LABEL_W + 18,
        esc(legend.0),
        LABEL_W + 130,
        LABEL_W + 148,
        esc(legend.1)
    );
    for pctl in [0_i64, 50, 100] {
        let x = LABEL_W + BAR_W * pctl / 100;
        let _ = write!(
            s,
            r#"<line x1="{x}" y1="30" x2="{x}" y2="{}" class="grid"/><text x="{x}" y="{}" font-size="11" text-anchor="middle" class="axis">{pctl}%</text>"#,
            height - 20,
            height - 6
        );
    }
    for (i, it) in items.iter().enumerate() {
        let y = 36 + ROW_H * i64::try_from(i).unwrap_or(0);
        let _ = write!(
            s,
            r#"<text x="{}" y="{}" font-size="12" text-anchor="end" class="label" lang="ko">{}</text>"#,
            LABEL_W - 8,
            y + 18,
            esc(&it.label)
        );
        for (k, (v, class)) in [
            (it.commit_tenths, "commit"),
            (it.disburse_tenths, "disburse"),
        ]
        .into_iter()
        .enumerate()
        {
            let v = v.unwrap_or(0);
            let w = BAR_W * v.clamp(0, 1000) / 1000;
            let by = y + 4 + 13 * i64::try_from(k).unwrap_or(0);
            let _ = write!(
                s,
                r#"<rect x="{LABEL_W}" y="{by}" width="{w}" height="11" class="{class}"><title>{}</title></rect><text x="{}" y="{}" font-size="10" class="value">{}</text>"#,
                pct(v),
                LABEL_W + w + 4,
                by + 9,
                pct(v)
            );
        }
    }
    s.push_str("</svg>");
    s
}

/// The cumulative payment curve against the expected one, 0–100 %.
/// `legend` is (actual, expected).
pub fn curve(points: &[CurvePoint], legend: (&str, &str), title: &str) -> String {
    const W: i64 = 640;
    const H: i64 = 260;
    const L: i64 = 44;
    const T: i64 = 30;
    const PW: i64 = W - L - 16;
    const PH: i64 = H - T - 34;
    let n = i64::try_from(points.len().max(1)).unwrap_or(1);
    let x = |i: usize| L + PW * (2 * i64::try_from(i).unwrap_or(0) + 1) / (2 * n);
    let y = |tenths: i64| T + PH - PH * tenths.clamp(0, 1000) / 1000;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" role="img" aria-label="{t}" class="chart curve"><title>{t}</title>"#,
        t = esc(title)
    );
    for p in [0_i64, 25, 50, 75, 100] {
        let yy = y(p * 10);
        let _ = write!(
            s,
            r#"<line x1="{L}" y1="{yy}" x2="{}" y2="{yy}" class="grid"/><text x="{}" y="{}" font-size="11" text-anchor="end" class="axis">{p}%</text>"#,
            L + PW,
            L - 6,
            yy + 4
        );
    }
    for (i, p) in points.iter().enumerate() {
        let _ = write!(
            s,
            r#"<text x="{}" y="{}" font-size="11" text-anchor="middle" class="axis">{}</text>"#,
            x(i),
            H - 12,
            esc(&p.label)
        );
    }
    for (class, pick) in [
        (
            "expected",
            (|p: &CurvePoint| p.expected_tenths) as fn(&CurvePoint) -> Option<i64>,
        ),
        ("actual", |p: &CurvePoint| p.actual_tenths),
    ] {
        let pts: Vec<String> = points
            .iter()
            .enumerate()
            .filter_map(|(i, p)| pick(p).map(|v| format!("{},{}", x(i), y(v))))
            .collect();
        if !pts.is_empty() {
            let _ = write!(
                s,
                r#"<polyline points="{}" class="{class}" fill="none"/>"#,
                pts.join(" ")
            );
        }
        for (i, p) in points.iter().enumerate() {
            if let Some(v) = pick(p) {
                let _ = write!(
                    s,
                    r#"<circle cx="{}" cy="{}" r="3" class="{class}"><title>{} {}</title></circle>"#,
                    x(i),
                    y(v),
                    esc(&p.label),
                    pct(v)
                );
            }
        }
    }
    let _ = write!(
        s,
        r#"<g class="legend" font-size="12"><line x1="{L}" y1="14" x2="{}" y2="14" class="actual"/><text x="{}" y="18">{}</text><line x1="{}" y1="14" x2="{}" y2="14" class="expected"/><text x="{}" y="18">{}</text></g>"#,
        L + 20,
        L + 26,
        esc(legend.0),
        L + 110,
        L + 130,
        L + 136,
        esc(legend.1)
    );
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_rate_and_escape_labels() {
        let svg = rate_bars(
            &[RateBar {
                label: "A&B".into(),
                commit_tenths: Some(500),
                disburse_tenths: Some(1000),
            }],
            ("원인행위율", "지출률"),
            "t",
        );
        assert!(svg.contains("A&amp;B"));
        assert!(
            svg.contains(r#"width="190" height="11" class="commit""#),
            "{svg}"
        );
        assert!(svg.contains(r#"width="380" height="11" class="disburse""#));
        assert!(svg.contains("50.0%") && svg.contains("100.0%"));
    }

    #[test]
    fn the_curve_plots_only_known_points() {
        let svg = curve(
            &[
                CurvePoint {
                    label: "1월".into(),
                    actual_tenths: Some(0),
                    expected_tenths: Some(83),
                },
                CurvePoint {
                    label: "2월".into(),
                    actual_tenths: None,
                    expected_tenths: Some(167),
                },
            ],
            ("실제", "기대"),
            "t",
        );
        assert_eq!(svg.matches(r#"class="actual"><title>"#).count(), 1);
        assert_eq!(svg.matches(r#"class="expected"><title>"#).count(), 2);
        assert!(svg.contains("16.7%"));
    }
}
