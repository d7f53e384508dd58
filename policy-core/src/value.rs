//! Text forms of condition values shared by the checker (which parses policy values once, at
//! compile time) and the evaluator (which reads request values given as strings).

/// Parses a decimal number as IAM's numeric operators accept it: `-?[0-9]+(\.[0-9]+)?`
/// (no exponent, no `+`, no hex).
///
/// ```
/// use iam_policy_core::tables::parse_decimal;
/// assert_eq!(parse_decimal("-12.5"), Some(-12.5));
/// assert_eq!(parse_decimal("1e3"), None);
/// assert_eq!(parse_decimal("+1"), None);
/// ```
pub fn parse_decimal(text: &str) -> Option<f64> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = match digits.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (digits, None),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(whole) || !fraction.is_none_or(all_digits) {
        return None;
    }
    text.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// Parses a date of one of the W3C ISO 8601 profiles IAM accepts, as seconds since the Unix
/// epoch (UTC): `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, `YYYY-MM-DDThh:mmTZD`,
/// `YYYY-MM-DDThh:mm:ssTZD`, `YYYY-MM-DDThh:mm:ss.sTZD`, where `TZD` is `Z`, `+hh:mm` or
/// `-hh:mm`. A partial date means the start of its period, in UTC; fractions of a second are
/// dropped; a time without a zone is rejected.
///
/// ```
/// use iam_policy_core::tables::parse_date;
/// assert_eq!(parse_date("1970-01-02"), Some(86_400));
/// assert_eq!(parse_date("2020-01-01T01:00+01:00"), Some(1_577_836_800));
/// assert_eq!(parse_date("2024-13-01"), None);
/// assert_eq!(parse_date("2024-01-01T10:00:00"), None);
/// ```
pub fn parse_date(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    let year = number(b, 0, 4)?;
    let (month, day) = match b.len() {
        4 => (1, 1),
        7 if b[4] == b'-' => (number(b, 5, 2)?, 1),
        _ if b.len() >= 10 && b[4] == b'-' && b[7] == b'-' => (number(b, 5, 2)?, number(b, 8, 2)?),
        _ => return None,
    };
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let mut seconds = days_from_civil(year, month, day) * 86_400;
    if b.len() <= 10 {
        return Some(seconds);
    }
    if b[10] != b'T' || b.len() < 17 || b[13] != b':' {
        return None;
    }
    let (hour, minute) = (number(b, 11, 2)?, number(b, 14, 2)?);
    let mut at = 16;
    let mut second = 0;
    if b.get(at) == Some(&b':') {
        second = number(b, at + 1, 2)?;
        at += 3;
        if b.get(at) == Some(&b'.') {
            let digits = b[at + 1..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            if digits == 0 {
                return None;
            }
            at += 1 + digits;
        }
    }
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let offset = match &b[at..] {
        [b'Z'] => 0,
        [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
            let (h, m) = (number(b, at + 1, 2)?, number(b, at + 4, 2)?);
            if h > 23 || m > 59 {
                return None;
            }
            let offset = h * 3600 + m * 60;
            if *sign == b'-' {
                -offset
            } else {
                offset
            }
        }
        _ => return None,
    };
    seconds += hour * 3600 + minute * 60 + second - offset;
    Some(seconds)
}

/// `len` ASCII digits at `at`, as a number.
fn number(b: &[u8], at: usize, len: usize) -> Option<i64> {
    let digits = b.get(at..at.checked_add(len)?)?;
    digits.iter().try_fold(0i64, |n, d| {
        d.is_ascii_digit().then(|| n * 10 + i64::from(d - b'0'))
    })
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_index = (month + 9) % 12;
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(parse_date("1970"), Some(0));
        assert_eq!(parse_date("1970-02"), Some(31 * 86_400));
        assert_eq!(parse_date("2000-03-01"), Some(951_868_800));
        assert_eq!(parse_date("2024-02-29"), Some(1_709_164_800));
        assert_eq!(parse_date("2023-02-29"), None);
        assert_eq!(parse_date("2020-01-01T00:00:00Z"), Some(1_577_836_800));
        assert_eq!(parse_date("2020-01-01T00:00:00.999Z"), Some(1_577_836_800));
        assert_eq!(parse_date("2019-12-31T19:00:00-05:00"), Some(1_577_836_800));
        assert_eq!(parse_date("1969-12-31T23:59:59Z"), Some(-1));
        for bad in [
            "",
            "20",
            "2020-1-01",
            "2020-01-1",
            "2020-01-01T",
            "2020-01-01T24:00Z",
            "2020-01-01T10:00:60Z",
            "2020-01-01T10:00:00.Z",
            "2020-01-01 10:00Z",
            "2020-01-01T10:00+1:00",
            "2020-01-01T10:00:00z",
            "2020-00-10",
            "2020-01-32",
            "2020-01-01T10:00:00ZZ",
            "１９７０",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn decimals() {
        assert_eq!(parse_decimal("0"), Some(0.0));
        assert_eq!(parse_decimal("3600"), Some(3600.0));
        assert_eq!(parse_decimal("-0.25"), Some(-0.25));
        for bad in ["", "-", "1.", ".5", "1e5", "0x10", "inf", "NaN", "1 ", "+3"] {
            assert_eq!(parse_decimal(bad), None, "{bad}");
        }
    }
}
