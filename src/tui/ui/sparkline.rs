//! A one-line sparkline from an intraday series, in block characters.

use crate::core::model::Series;

const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// `width` characters, oldest left; each character is the last price of
/// its slice of the series. Empty when there is nothing to draw.
pub fn sparkline(series: &Series, width: usize) -> String {
    let points = &series.points;
    if points.len() < 2 || width == 0 {
        return String::new();
    }
    let buckets = width.min(points.len());
    let prices: Vec<f64> = (0..buckets)
        .map(|b| points[((b + 1) * points.len()).div_ceil(buckets) - 1].1)
        .collect();
    let (lo, hi) = prices
        .iter()
        .fold((f64::MAX, f64::MIN), |(lo, hi), p| (lo.min(*p), hi.max(*p)));
    prices
        .iter()
        .map(|p| {
            if (hi - lo).abs() < f64::EPSILON {
                BARS[3]
            } else {
                BARS[(((p - lo) / (hi - lo)) * 7.0).round() as usize]
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn falls_and_rises_show_as_bars() {
        let s = Series::from_points((0..8).map(|i| (i * 60, 10.0 - i as f64)).collect());
        assert_eq!(sparkline(&s, 8), "█▇▆▅▄▃▂▁");
        let s = Series::from_points((0..100).map(|i| (i * 60, i as f64)).collect());
        assert_eq!(sparkline(&s, 4), "▁▃▆█");
        let flat = Series::from_points(vec![(0, 5.0), (60, 5.0)]);
        assert_eq!(sparkline(&flat, 5), "▄▄");
        assert_eq!(sparkline(&Series::default(), 5), "");
    }
}
