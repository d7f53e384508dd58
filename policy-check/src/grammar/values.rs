//! Condition values parsed once, at compile time: numbers, dates, booleans, base64 and IP
//! networks (IAM reference 6.3). Each parser returns the value or why it is not one.

use std::net::IpAddr;

use iam_policy_core::tables::{parse_date, parse_decimal};

/// A number for the `Numeric…` operators: `-?[0-9]+(\.[0-9]+)?`.
///
/// ```
/// use iam_policy_check::values::number;
/// assert_eq!(number("3600"), Ok(3600.0));
/// assert!(number("1e3").is_err());
/// ```
pub fn number(text: &str) -> Result<f64, String> {
    parse_decimal(text).ok_or_else(|| {
        format!("`{}` is not a number: write digits, optionally with `-` and a decimal part, such as `3600` or `-1.5`", crate::syntax::json::shorten(text))
    })
}

/// How a date was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateForm {
    /// An ISO 8601 profile.
    Iso,
    /// Integer seconds since the epoch.
    Epoch,
}

/// A date for the `Date…` operators, as seconds since the Unix epoch (UTC).
///
/// ```
/// use iam_policy_check::values::{date, DateForm};
/// assert_eq!(date("2020-01-01T00:00:00Z"), Ok((1_577_836_800, DateForm::Iso)));
/// assert_eq!(date("1577836800"), Ok((1_577_836_800, DateForm::Epoch)));
/// assert!(date("2024-13-01").is_err());
/// ```
pub fn date(text: &str) -> Result<(i64, DateForm), String> {
    if let Some(seconds) = parse_date(text) {
        return Ok((seconds, DateForm::Iso));
    }
    let digits = text.strip_prefix('-').unwrap_or(text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(seconds) = text.parse::<i64>() {
            return Ok((seconds, DateForm::Epoch));
        }
    }
    let shown = crate::syntax::json::shorten(text);
    let why = if text.len() >= 16
        && text.as_bytes().get(10) == Some(&b'T')
        && !text.ends_with('Z')
        && !text[10..].contains(['+', '-'])
    {
        "the time has no zone: end it with `Z` or an offset such as `+01:00`"
    } else {
        "write an ISO 8601 date such as `2024-01-31` or `2024-01-31T12:00:00Z`, or epoch seconds"
    };
    Err(format!("`{shown}` is not a valid date: {why}"))
}

/// A boolean for `Bool` and `Null`: `Ok((value, exact))`, where `exact` is false for other
/// casings of `true`/`false` (accepted with a warning).
///
/// ```
/// use iam_policy_check::values::boolean;
/// assert_eq!(boolean("true"), Ok((true, true)));
/// assert_eq!(boolean("False"), Ok((false, false)));
/// assert!(boolean("yes").is_err());
/// ```
pub fn boolean(text: &str) -> Result<(bool, bool), String> {
    match text {
        "true" => Ok((true, true)),
        "false" => Ok((false, true)),
        _ if text.eq_ignore_ascii_case("true") => Ok((true, false)),
        _ if text.eq_ignore_ascii_case("false") => Ok((false, false)),
        _ => Err(format!(
            "`{}` is not a boolean: write `true` or `false`",
            crate::syntax::json::shorten(text)
        )),
    }
}

/// Standard, padded base64 (`A–Z a–z 0–9 + /`, `=` padding) decoded to bytes.
///
/// ```
/// use iam_policy_check::values::base64;
/// assert_eq!(base64("QmluYXJ5"), Ok(b"Binary".to_vec()));
/// assert_eq!(base64("YQ=="), Ok(b"a".to_vec()));
/// assert!(base64("YQ").is_err());
/// ```
pub fn base64(text: &str) -> Result<Vec<u8>, String> {
    let error = |why: &str| {
        Err(format!(
            "`{}` is not standard base64: {why}",
            crate::syntax::json::shorten(text)
        ))
    };
    let bytes = text.as_bytes();
    if bytes.is_empty() || !bytes.len().is_multiple_of(4) {
        return error("its length must be a non-zero multiple of 4 (pad with `=`)");
    }
    let padding = bytes.iter().rev().take_while(|b| **b == b'=').count();
    if padding > 2 {
        return error("it has more than two `=`");
    }
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3);
    let mut bits: u32 = 0;
    let mut count = 0;
    for &b in &bytes[..bytes.len() - padding] {
        let value = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return error("it contains a character outside `A-Z a-z 0-9 + /`"),
        };
        bits = (bits << 6) | u32::from(value);
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
            bits &= (1 << count) - 1;
        }
    }
    if bits != 0 {
        return error("its last character has bits set past the end of the data");
    }
    Ok(out)
}

/// An IP network for `IpAddress`/`NotIpAddress`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Network {
    /// The network address with host bits cleared; IPv4 as IPv4-mapped IPv6.
    pub network: u128,
    /// The prefix length counted in 128 bits (an IPv4 `/24` is 120).
    pub prefix: u8,
    /// Whether it is an IPv4 network.
    pub v4: bool,
    /// Whether the written address had host bits set past the prefix (they are ignored).
    pub host_bits: bool,
}

/// An IPv4 or IPv6 address with an optional prefix length (`/32` or `/128` when absent).
///
/// ```
/// use iam_policy_check::values::network;
/// let net = network("203.0.113.0/24").unwrap();
/// assert_eq!((net.prefix, net.v4, net.host_bits), (120, true, false));
/// assert!(network("10.0.0.0/33").is_err());
/// assert_eq!(network("2001:db8::/32").unwrap().prefix, 32);
/// ```
pub fn network(text: &str) -> Result<Network, String> {
    let shown = crate::syntax::json::shorten(text);
    let (address, prefix) = match text.split_once('/') {
        Some((address, prefix)) => (address, Some(prefix)),
        None => (text, None),
    };
    let Ok(address) = address.parse::<IpAddr>() else {
        return Err(format!(
            "`{shown}` is not an IP address or range: write `203.0.113.0/24` or `2001:db8::/32`"
        ));
    };
    let (bits, v4, width) = match address {
        IpAddr::V4(a) => (u128::from(a.to_ipv6_mapped()), true, 32u8),
        IpAddr::V6(a) => (u128::from(a), false, 128u8),
    };
    let length = match prefix {
        None => width,
        Some(p) if !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()) => {
            match p.parse::<u8>() {
                Ok(n) if n <= width => n,
                _ => {
                    return Err(format!(
                        "`{shown}` has the prefix length `/{p}`: it must be 0 to {width}"
                    ))
                }
            }
        }
        Some(p) => {
            return Err(format!(
                "`{shown}` has the prefix length `/{}`: it must be a number from 0 to {width}",
                crate::syntax::json::shorten(p)
            ))
        }
    };
    let prefix = if v4 { 96 + length } else { length };
    let mask = match 128 - u32::from(prefix) {
        128 => 0,
        host => u128::MAX << host,
    };
    let network = bits & mask;
    Ok(Network {
        network,
        prefix,
        v4,
        host_bits: network != bits,
    })
}

/// The CIDR a range written with an IPv4 netmask means: `10.0.0.0/255.255.255.0` is
/// `10.0.0.0/24`. `None` unless the mask is contiguous ones.
///
/// ```
/// use iam_policy_check::values::netmask_to_cidr;
/// assert_eq!(netmask_to_cidr("10.0.0.0/255.255.255.0").as_deref(), Some("10.0.0.0/24"));
/// assert_eq!(netmask_to_cidr("10.0.0.0/255.0.255.0"), None);
/// ```
pub fn netmask_to_cidr(text: &str) -> Option<String> {
    let (address, mask) = text.split_once('/')?;
    address.parse::<std::net::Ipv4Addr>().ok()?;
    let mask = u32::from(mask.parse::<std::net::Ipv4Addr>().ok()?);
    let ones = mask.leading_ones();
    (mask.checked_shl(ones).unwrap_or(0) == 0).then(|| format!("{address}/{ones}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips() {
        assert_eq!(base64("AA=="), Ok(vec![0]));
        assert_eq!(base64("//8="), Ok(vec![0xff, 0xff]));
        assert!(base64("YR==").is_err(), "non-canonical padding bits");
        assert!(base64("Y===").is_err());
        assert!(base64("Y Q=").is_err());
        assert!(base64("").is_err());
    }

    #[test]
    fn networks() {
        let host = network("10.1.2.3").unwrap();
        assert_eq!((host.prefix, host.host_bits), (128, false));
        let sloppy = network("10.1.2.3/8").unwrap();
        assert!(sloppy.host_bits);
        assert_eq!(sloppy.network, network("10.0.0.0/8").unwrap().network);
        assert_eq!(network("0.0.0.0/0").unwrap().prefix, 96);
        assert_eq!(network("::/0").unwrap().prefix, 0);
        assert_eq!(network("::1").unwrap().prefix, 128);
        for bad in [
            "10.0.0.0/33",
            "10.0.0/8",
            "10.0.0.0/",
            "10.0.0.0/-1",
            "::/129",
            "x",
            "10.0.0.0/08a",
        ] {
            assert!(network(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn dates() {
        assert!(date("2020-01-01T10:00:00").unwrap_err().contains("no zone"));
        assert_eq!(date("-5"), Ok((-5, DateForm::Epoch)));
        assert!(date("12.5").is_err());
    }
}
