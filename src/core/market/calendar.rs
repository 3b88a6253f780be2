//! The US equity exchange calendar: which New York dates are holidays or
//! close early, from a data table (`data/us_market_calendar.tsv`, its
//! source named there). Years the table does not cover are plain weekdays.

use std::collections::HashMap;
use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate, Weekday};

const TABLE: &str = include_str!("data/us_market_calendar.tsv");

/// What kind of day a New York date is for the exchanges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TradingDay {
    Full,
    /// Regular session until 13:00, post-market until 17:00.
    EarlyClose(&'static str),
    /// A full holiday.
    Holiday(&'static str),
    Weekend,
}

impl TradingDay {
    pub fn trades(self) -> bool {
        matches!(self, TradingDay::Full | TradingDay::EarlyClose(_))
    }
}

struct Calendar {
    days: HashMap<NaiveDate, TradingDay>,
    years: (i32, i32),
}

static CALENDAR: LazyLock<Calendar> = LazyLock::new(|| parse(TABLE).expect("calendar parses"));

fn parse(text: &'static str) -> Result<Calendar, String> {
    let mut days = HashMap::new();
    let (mut first, mut last) = (i32::MAX, i32::MIN);
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let mut cols = line.split('\t');
        let (Some(date), Some(kind), Some(name)) = (cols.next(), cols.next(), cols.next()) else {
            return Err(format!("short line: {line}"));
        };
        let date =
            NaiveDate::parse_from_str(date, "%Y-%m-%d").map_err(|e| format!("{line}: {e}"))?;
        let day = match kind {
            "closed" => TradingDay::Holiday(name),
            "early" => TradingDay::EarlyClose(name),
            other => return Err(format!("{line}: unknown kind {other}")),
        };
        first = first.min(date.year());
        last = last.max(date.year());
        days.insert(date, day);
    }
    Ok(Calendar {
        days,
        years: (first, last),
    })
}

/// The exchanges' view of a New York calendar date.
pub fn trading_day(date: NaiveDate) -> TradingDay {
    if matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
        return TradingDay::Weekend;
    }
    CALENDAR
        .days
        .get(&date)
        .copied()
        .unwrap_or(TradingDay::Full)
}

/// The first and last year the table lists.
pub fn years_known() -> (i32, i32) {
    CALENDAR.years
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn covers_2024_to_2027_with_ten_or_more_holidays_a_year() {
        let (first, last) = years_known();
        assert!(first <= 2024 && last >= 2027);
        for year in 2024..=2027 {
            let holidays = CALENDAR
                .days
                .iter()
                .filter(|(date, day)| date.year() == year && matches!(day, TradingDay::Holiday(_)))
                .count();
            assert!((10..=11).contains(&holidays), "{year}: {holidays}");
        }
        for (date, _) in CALENDAR.days.iter() {
            assert!(
                !matches!(date.weekday(), Weekday::Sat | Weekday::Sun),
                "{date}"
            );
        }
    }

    #[test]
    fn the_deepseek_weeks_holiday_and_known_early_closes() {
        assert_eq!(
            trading_day(d(2025, 1, 20)),
            TradingDay::Holiday("Martin Luther King, Jr. Day")
        );
        assert_eq!(trading_day(d(2025, 1, 27)), TradingDay::Full);
        assert_eq!(trading_day(d(2025, 1, 25)), TradingDay::Weekend);
        assert!(matches!(
            trading_day(d(2025, 11, 28)),
            TradingDay::EarlyClose(_)
        ));
        assert!(matches!(trading_day(d(2026, 7, 3)), TradingDay::Holiday(_)));
        assert!(matches!(
            trading_day(d(2027, 12, 24)),
            TradingDay::Holiday(_)
        ));
        // 1 Jan 2028 is a Saturday: no holiday is observed on 31 Dec 2027.
        assert_eq!(trading_day(d(2027, 12, 31)), TradingDay::Full);
        assert!(!trading_day(d(2025, 1, 9)).trades(), "day of mourning");
    }
}
