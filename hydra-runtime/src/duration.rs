//! [`GoDuration`]: a duration as Hydra v2 writes it (Go's `time.Duration` text, `1h30m0s`), the type of
//! the tables' `duration` members.
//!
//! Hand-written: the crates that parse "human" durations (humantime, go-parse-duration) either accept
//! other syntax (spaces, `d`/`w` units, bare numbers) or do not keep Go's limits (a signed 64-bit count
//! of nanoseconds), and none keeps the text as sent, which a read-modify-write cycle needs.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;
use std::time::Duration;

/// A Go duration (`1h30m0s`, `90m`, `1.5h`, `300ms`, `-1s`), kept as the text the server sent.
///
/// Two values are equal when they are the same length of time, whatever their spelling: Hydra
/// normalises `90m` to `1h30m0s`, so comparing the text would call them different. The value is a
/// signed count of nanoseconds, as in Go (about ±292 years); it may be negative, which a
/// [`std::time::Duration`] cannot be.
#[derive(Clone)]
pub struct GoDuration {
    nanos: i64,
    text: String,
}

/// Why a text is not a Go duration, or a [`Duration`] does not fit in one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoDurationError {
    message: &'static str,
}

impl fmt::Display for GoDurationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not a Go duration: {}", self.message)
    }
}

impl std::error::Error for GoDurationError {}

fn fail<T>(message: &'static str) -> Result<T, GoDurationError> {
    Err(GoDurationError { message })
}

/// Nanoseconds per unit, by Go's unit names (both spellings of the micro sign included).
const UNITS: [(&str, u128); 8] = [
    ("ns", 1),
    ("us", 1_000),
    ("\u{b5}s", 1_000),
    ("\u{3bc}s", 1_000),
    ("ms", 1_000_000),
    ("s", 1_000_000_000),
    ("m", 60_000_000_000),
    ("h", 3_600_000_000_000),
];

/// The most nanoseconds a duration may have: `i64::MAX`, or one more when negative.
const LIMIT: u128 = 1 << 63;

impl GoDuration {
    /// Reads Go duration text: an optional sign, then one or more `<number><unit>` parts (the number
    /// may have a fraction: `1.5h`), units `ns`, `us` (or `µs`), `ms`, `s`, `m`, `h`. A bare number is
    /// refused, except `0`.
    ///
    /// # Errors
    /// A [`GoDurationError`] for anything else, and for a length beyond ±2^63 nanoseconds.
    pub fn parse(text: &str) -> Result<Self, GoDurationError> {
        Ok(GoDuration { nanos: nanos_of(text)?, text: text.to_string() })
    }

    /// The text as the server sent it (or as [`from_std`](Self::from_std) wrote it).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The length in nanoseconds; negative for a negative duration.
    pub fn as_nanos(&self) -> i64 {
        self.nanos
    }

    /// The length as a [`Duration`], or `None` when it is negative.
    pub fn to_std(&self) -> Option<Duration> {
        u64::try_from(self.nanos).ok().map(Duration::from_nanos)
    }

    /// The duration `d`, written as Go writes it (`1h30m0s`, `1.5s`, `300ms`, `0s`).
    ///
    /// # Errors
    /// A [`GoDurationError`] when `d` is longer than Go can hold (`i64::MAX` nanoseconds, about 292
    /// years).
    pub fn from_std(d: Duration) -> Result<Self, GoDurationError> {
        let Ok(nanos) = i64::try_from(d.as_nanos()) else { return fail("longer than 2^63-1 nanoseconds") };
        Ok(GoDuration { nanos, text: go_text(nanos) })
    }
}

/// Go's `time.ParseDuration`, as a count of nanoseconds.
fn nanos_of(text: &str) -> Result<i64, GoDurationError> {
    let (negative, mut rest) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    if rest == "0" {
        return Ok(0);
    }
    if rest.is_empty() {
        return fail("empty");
    }
    let mut total: u128 = 0;
    while !rest.is_empty() {
        let (part, after) = component(rest)?;
        total = total.checked_add(part).filter(|t| *t <= LIMIT).map_or_else(|| fail("out of range"), Ok)?;
        rest = after;
    }
    if negative {
        // `total` is at most 2^63, whose negation is `i64::MIN`.
        Ok(i64::try_from(total).map_or(i64::MIN, |t| -t))
    } else {
        i64::try_from(total).map_or_else(|_| fail("out of range"), Ok)
    }
}

/// One `<number><unit>` part at the start of `s`: its nanoseconds, and the text after it.
fn component(s: &str) -> Result<(u128, &str), GoDurationError> {
    let digits = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
    let int_len = digits(s);
    let mut whole: u128 = 0;
    for b in s[..int_len].bytes() {
        whole = whole
            .checked_mul(10)
            .and_then(|w| w.checked_add(u128::from(b - b'0')))
            .filter(|w| *w <= LIMIT)
            .map_or_else(|| fail("out of range"), Ok)?;
    }
    let mut rest = &s[int_len..];
    // The fraction, as digits and their count. Digits past the 24th change no nanosecond of even an
    // hour, and keeping them would overflow `frac * per` below, so they are dropped (Go drops them too).
    let (mut frac, mut scale, mut frac_len) = (0u128, 1u128, 0);
    if let Some(after_dot) = rest.strip_prefix('.') {
        frac_len = digits(after_dot);
        for b in after_dot[..frac_len].bytes().take(24) {
            frac = frac * 10 + u128::from(b - b'0');
            scale *= 10;
        }
        rest = &after_dot[frac_len..];
    }
    if int_len == 0 && frac_len == 0 {
        return fail("a number must come before each unit");
    }
    let unit_len = rest.find(|c: char| c == '.' || c.is_ascii_digit()).unwrap_or(rest.len());
    let unit = &rest[..unit_len];
    let Some(&(_, per)) = UNITS.iter().find(|(name, _)| *name == unit) else {
        return fail(if unit.is_empty() {
            "a unit (ns, us, ms, s, m, h) must follow each number"
        } else {
            "unknown unit"
        });
    };
    let nanos = whole
        .checked_mul(per)
        .and_then(|n| n.checked_add(frac * per / scale))
        .filter(|n| *n <= LIMIT)
        .map_or_else(|| fail("out of range"), Ok)?;
    Ok((nanos, &rest[unit_len..]))
}

/// Go's `Duration.String`: `1h2m3.5s`, `1.5ms`, `0s`.
fn go_text(nanos: i64) -> String {
    let n = nanos.unsigned_abs();
    let sign = if nanos < 0 { "-" } else { "" };
    if n == 0 {
        return "0s".into();
    }
    if n < 1_000_000_000 {
        let (unit, per) = if n < 1_000 {
            ("ns", 1)
        } else if n < 1_000_000 {
            ("\u{b5}s", 1_000)
        } else {
            ("ms", 1_000_000)
        };
        return format!("{sign}{}{unit}", decimal(n, per));
    }
    let (h, m) = (n / 3_600_000_000_000, n / 60_000_000_000 % 60);
    let s = decimal(n % 60_000_000_000, 1_000_000_000);
    match (h, m) {
        (0, 0) => format!("{sign}{s}s"),
        (0, _) => format!("{sign}{m}m{s}s"),
        _ => format!("{sign}{h}h{m}m{s}s"),
    }
}

/// `n / per` with its fraction, trailing zeros (and a bare point) left out: `decimal(1500, 1000)` is
/// `1.5`.
fn decimal(n: u64, per: u64) -> String {
    let (whole, frac) = (n / per, n % per);
    if frac == 0 {
        return whole.to_string();
    }
    let width = per.ilog10() as usize;
    let digits = format!("{frac:0width$}");
    format!("{whole}.{}", digits.trim_end_matches('0'))
}

impl Default for GoDuration {
    /// Zero, written `0s`.
    fn default() -> Self {
        GoDuration { nanos: 0, text: "0s".into() }
    }
}

impl PartialEq for GoDuration {
    fn eq(&self, other: &Self) -> bool {
        self.nanos == other.nanos
    }
}

impl Eq for GoDuration {}

impl Hash for GoDuration {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.nanos.hash(state);
    }
}

impl PartialOrd for GoDuration {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for GoDuration {
    fn cmp(&self, other: &Self) -> Ordering {
        self.nanos.cmp(&other.nanos)
    }
}

impl fmt::Debug for GoDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("GoDuration").field(&self.text).finish()
    }
}

impl fmt::Display for GoDuration {
    /// The text as sent.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl FromStr for GoDuration {
    type Err = GoDurationError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        GoDuration::parse(s)
    }
}

impl TryFrom<Duration> for GoDuration {
    type Error = GoDurationError;
    fn try_from(d: Duration) -> Result<Self, Self::Error> {
        GoDuration::from_std(d)
    }
}

impl TryFrom<&GoDuration> for Duration {
    type Error = GoDurationError;
    fn try_from(d: &GoDuration) -> Result<Self, Self::Error> {
        d.to_std().map_or_else(|| fail("negative, which a std::time::Duration cannot be"), Ok)
    }
}

impl serde::Serialize for GoDuration {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> serde::Deserialize<'de> for GoDuration {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        GoDuration::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: i64 = 1_000_000_000;

    /// Text, and the nanoseconds Go's `time.ParseDuration` gives for it.
    const VALID: &[(&str, i64)] = &[
        ("0", 0),
        ("-0", 0),
        ("+0", 0),
        ("0s", 0),
        ("1ns", 1),
        ("1us", 1_000),
        ("1\u{b5}s", 1_000),
        ("1\u{3bc}s", 1_000),
        ("300ms", 300_000_000),
        ("1s", S),
        ("-1s", -S),
        ("+1s", S),
        ("90m", 90 * 60 * S),
        ("1h30m0s", 90 * 60 * S),
        ("1h30m", 90 * 60 * S),
        ("1.5h", 90 * 60 * S),
        (".5s", S / 2),
        ("1.s", S),
        ("1.000000001s", S + 1),
        ("1.0000000019s", S + 1),
        ("1m1s1ms", 61 * S + 1_000_000),
        ("1s1m", 61 * S),
        ("2562047h47m16.854775807s", i64::MAX),
        ("-2562047h47m16.854775808s", i64::MIN),
        ("9223372036854775807ns", i64::MAX),
        ("-9223372036854775808ns", i64::MIN),
        ("0.100000000000000000000h", 360 * S),
    ];

    const INVALID: &[&str] = &[
        "",
        "-",
        "+",
        "1",
        "10",
        "-5",
        "s",
        ".s",
        ".",
        "1.5",
        "1x",
        "1 s",
        " 1s",
        "1s ",
        "1S",
        "1d",
        "1hh",
        "1.2.3s",
        "--1s",
        "1s-1s",
        "9223372036854775808ns",
        "2562047h47m16.854775808s",
        "-9223372036854775809ns",
        "99999999999999999999999999999999999999999h",
        "1e3s",
        "µ",
        "1µ",
        "∞s",
    ];

    #[test]
    fn go_duration_text_parses_to_gos_nanoseconds() {
        for (text, nanos) in VALID {
            let d = GoDuration::parse(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
            assert_eq!(d.as_nanos(), *nanos, "{text:?}");
            assert_eq!(d.as_str(), *text, "the text is kept as sent");
        }
    }

    #[test]
    fn everything_else_is_refused_without_panicking() {
        for text in INVALID {
            assert!(GoDuration::parse(text).is_err(), "{text:?} should be refused");
        }
        // Every prefix of every case, cut at any byte that is a char boundary: never a panic.
        for text in VALID.iter().map(|(t, _)| *t).chain(INVALID.iter().copied()) {
            for cut in (0..=text.len()).filter(|i| text.is_char_boundary(*i)) {
                let _ = GoDuration::parse(&text[..cut]);
            }
        }
    }

    #[test]
    fn values_compare_by_length_not_spelling() {
        let p = |t: &str| GoDuration::parse(t).unwrap();
        assert_eq!(p("90m"), p("1h30m0s"));
        assert_eq!(p("1.5h"), p("5400s"));
        assert_ne!(p("1s"), p("-1s"));
        assert!(p("59m") < p("1h"));
        let hash = |d: &GoDuration| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            d.hash(&mut h);
            h.finish()
        };
        assert_eq!(hash(&p("90m")), hash(&p("1h30m0s")));
    }

    #[test]
    fn std_durations_convert_both_ways_in_gos_spelling() {
        for (std, text) in [
            (Duration::ZERO, "0s"),
            (Duration::from_nanos(1), "1ns"),
            (Duration::from_nanos(1_500), "1.5\u{b5}s"),
            (Duration::from_millis(300), "300ms"),
            (Duration::from_millis(1_500), "1.5s"),
            (Duration::from_secs(90 * 60), "1h30m0s"),
            (Duration::from_secs(61), "1m1s"),
            (Duration::new(3_600, 1), "1h0m0.000000001s"),
        ] {
            let go = GoDuration::from_std(std).unwrap();
            assert_eq!(go.as_str(), text);
            assert_eq!(go.to_std(), Some(std));
            assert_eq!(GoDuration::parse(text).unwrap(), go, "Go's text reads back as the same length");
        }
        assert_eq!(go_text(-1_500_000_000), "-1.5s");
        assert!(GoDuration::from_std(Duration::from_nanos(u64::MAX)).is_err(), "overflow is an error");
        assert!(GoDuration::from_std(Duration::MAX).is_err());
        let negative = GoDuration::parse("-1s").unwrap();
        assert_eq!(negative.to_std(), None);
        assert!(Duration::try_from(&negative).is_err());
        assert_eq!(Duration::try_from(&GoDuration::parse("2s").unwrap()), Ok(Duration::from_secs(2)));
    }

    #[test]
    fn serde_keeps_the_text_and_refuses_non_durations() {
        let d: GoDuration = serde_json::from_str("\"90m\"").unwrap();
        assert_eq!(serde_json::to_string(&d).unwrap(), "\"90m\"", "sent back as received");
        assert_eq!(d.to_std(), Some(Duration::from_secs(5400)));
        for bad in ["\"90\"", "3600", "null", "\"1d\""] {
            assert!(serde_json::from_str::<GoDuration>(bad).is_err(), "{bad}");
        }
        assert_eq!(GoDuration::default().as_str(), "0s");
        assert_eq!(format!("{d:?} {d}"), "GoDuration(\"90m\") 90m");
    }
}
