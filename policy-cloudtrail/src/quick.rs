//! The reader's fast path: one record parsed in a single pass that builds only the fields
//! [`Record`] has and checks the rest of the text as JSON without building it.
//!
//! It takes the common shape of CloudTrail's records and nothing else: a record it takes is
//! exactly the record serde would give (the same fields, borrowed the same way, the same length
//! of text used), and for any other text it answers [`Quick::Other`], so that the caller parses
//! with serde, whose result and error messages stand. It gives up, for instance, on a `\u`
//! escape in a field the record keeps, an escape in a key, a repeated field, a field of another
//! JSON type than its own, and nesting deeper than [`MAX_DEPTH`]. It reads text
//! already checked as UTF-8 ([`valid_prefix`]), once for all the records a window holds.

use serde_json::value::RawValue;

use crate::record::{
    Record, Resource, SessionAttributes, SessionContext, SessionIssuer, Text, UserIdentity,
};

/// The nesting a record may have on the fast path.
const MAX_DEPTH: usize = 100;

/// serde_json's limit of nesting.
const SERDE_DEPTH: usize = 128;

/// What the fast path made of the text.
// The record goes to the visitor at once: boxing it would allocate once a record.
#[allow(clippy::large_enum_variant)]
pub enum Quick<'a> {
    /// A record, and the length of text it took (white space before it included).
    Record(Record<'a>, usize),
    /// The text ends inside the record: more text may complete it.
    Incomplete,
    /// Not a record the fast path takes: serde decides.
    Other,
}

/// Why a parse stopped.
enum Stop {
    Incomplete,
    Other,
}

type Step<T> = Result<T, Stop>;

/// The longest start of `bytes` that is UTF-8, and whether an invalid sequence ends it (rather
/// than the end of `bytes`, which may cut a character that more bytes complete).
pub fn valid_prefix(bytes: &[u8]) -> (&str, bool) {
    match std::str::from_utf8(bytes) {
        Ok(text) => (text, false),
        Err(error) => (
            std::str::from_utf8(&bytes[..error.valid_up_to()]).unwrap_or_default(),
            error.error_len().is_some(),
        ),
    }
}

/// Where the next record of a run starts: at 0 the first, else after the `,` that follows the
/// record ending at `end`; `None` at the end of the run.
pub fn next_record(text: &str, end: usize) -> Option<usize> {
    if end == 0 {
        return Some(0);
    }
    let rest = text.get(end..)?;
    let after = rest.trim_start_matches([' ', '\n', '\r', '\t']);
    after.starts_with(',').then(|| text.len() - after.len() + 1)
}

/// Parses the record at the start of `text` (after white space).
pub fn parse(text: &str) -> Quick<'_> {
    let mut cursor = Cursor {
        text,
        bytes: text.as_bytes(),
        at: 0,
    };
    match cursor.record() {
        Ok(record) => Quick::Record(record, cursor.at),
        Err(Stop::Incomplete) => Quick::Incomplete,
        Err(Stop::Other) => Quick::Other,
    }
}

struct Cursor<'a> {
    text: &'a str,
    /// The text's bytes.
    bytes: &'a [u8],
    at: usize,
}

/// Marks a field seen; a second time gives up (serde reports a duplicate field).
fn first_time(seen: &mut u32, field: u32) -> Step<()> {
    let bit = 1 << field;
    if *seen & bit != 0 {
        return Err(Stop::Other);
    }
    *seen |= bit;
    Ok(())
}

const ONES: u64 = u64::from_ne_bytes([1; 8]);
const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);

/// The bytes of `word` that are `"`, `\` or a control character, as their high bits; exact for
/// the first such byte in memory order (the borrows of the subtractions run towards later
/// bytes only).
fn specials(word: u64) -> u64 {
    let quote = word ^ (ONES * u64::from(b'"'));
    let backslash = word ^ (ONES * u64::from(b'\\'));
    let found = (quote.wrapping_sub(ONES) & !quote)
        | (backslash.wrapping_sub(ONES) & !backslash)
        | word.wrapping_sub(ONES * 0x20);
    found & !word & HIGH
}

/// A string's text with its escape sequences decoded, as serde decodes them; `None` for a
/// `\u` sequence (left to serde, which also pairs surrogates).
fn unescape(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        out.push(iam_policy_check::lexer::simple_escape(
            *rest.as_bytes().get(at + 1)?,
        )?);
        rest = rest.get(at + 2..)?;
    }
    out.push_str(rest);
    Some(out)
}

/// Where the first `"`, `\` or control character at or after `at` is, eight bytes at a time;
/// or where fewer than eight bytes are left.
fn next_special(bytes: &[u8], mut at: usize) -> usize {
    while let Some(chunk) = bytes.get(at..at + 8) {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        let found = specials(u64::from_le_bytes(word));
        if found != 0 {
            return at + found.trailing_zeros() as usize / 8;
        }
        at += 8;
    }
    at
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Step<u8> {
        self.bytes.get(self.at).copied().ok_or(Stop::Incomplete)
    }

    /// The next byte after JSON white space.
    fn peek_token(&mut self) -> Step<u8> {
        loop {
            match self.peek()? {
                b' ' | b'\n' | b'\r' | b'\t' => self.at += 1,
                byte => return Ok(byte),
            }
        }
    }

    fn eat(&mut self, byte: u8) -> Step<()> {
        if self.peek_token()? == byte {
            self.at += 1;
            Ok(())
        } else {
            Err(Stop::Other)
        }
    }

    /// A string whose `"` is next: its text between the quotes, and whether it has escapes.
    fn string(&mut self) -> Step<(std::ops::Range<usize>, bool)> {
        self.at += 1;
        let start = self.at;
        let mut escaped = false;
        loop {
            self.at = next_special(self.bytes, self.at);
            match self.peek()? {
                b'"' => {
                    let text = start..self.at;
                    self.at += 1;
                    return Ok((text, escaped));
                }
                b'\\' => {
                    escaped = true;
                    self.escape()?;
                }
                0..=0x1f => return Err(Stop::Other),
                _ => self.at += 1,
            }
        }
    }

    /// An escape sequence, at its `\`: checked as serde checks one it does not decode.
    fn escape(&mut self) -> Step<()> {
        self.at += 1;
        match self.peek()? {
            b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => self.at += 1,
            b'u' => {
                for _ in 0..4 {
                    self.at += 1;
                    if !self.peek()?.is_ascii_hexdigit() {
                        return Err(Stop::Other);
                    }
                }
                self.at += 1;
            }
            _ => return Err(Stop::Other),
        }
        Ok(())
    }

    /// An object whose `{` is next: `member` reads each member's value after its key (without
    /// escapes, else the fast path gives up).
    fn object(
        &mut self,
        depth: usize,
        mut member: impl FnMut(&mut Self, &'a [u8]) -> Step<()>,
    ) -> Step<()> {
        if depth > MAX_DEPTH {
            return Err(Stop::Other);
        }
        self.at += 1;
        if self.peek_token()? == b'}' {
            self.at += 1;
            return Ok(());
        }
        loop {
            if self.peek_token()? != b'"' {
                return Err(Stop::Other);
            }
            let (key, escaped) = self.string()?;
            let key = &self.bytes[key];
            if escaped {
                return Err(Stop::Other);
            }
            self.eat(b':')?;
            member(self, key)?;
            match self.peek_token()? {
                b',' => self.at += 1,
                b'}' => {
                    self.at += 1;
                    return Ok(());
                }
                _ => return Err(Stop::Other),
            }
        }
    }

    /// Any value, checked and skipped.
    fn skip(&mut self, depth: usize) -> Step<()> {
        match self.peek_token()? {
            b'"' => self.string().map(drop),
            b'{' => self.object(depth + 1, |cursor, _| cursor.skip(depth + 1)),
            b'[' => {
                if depth + 1 > MAX_DEPTH {
                    return Err(Stop::Other);
                }
                self.at += 1;
                if self.peek_token()? == b']' {
                    self.at += 1;
                    return Ok(());
                }
                loop {
                    self.skip(depth + 1)?;
                    match self.peek_token()? {
                        b',' => self.at += 1,
                        b']' => {
                            self.at += 1;
                            return Ok(());
                        }
                        _ => return Err(Stop::Other),
                    }
                }
            }
            b't' => self.word(b"true"),
            b'f' => self.word(b"false"),
            b'n' => self.word(b"null"),
            b'-' | b'0'..=b'9' => self.number(),
            _ => Err(Stop::Other),
        }
    }

    fn word(&mut self, word: &[u8]) -> Step<()> {
        for &expected in word {
            if self.peek()? != expected {
                return Err(Stop::Other);
            }
            self.at += 1;
        }
        Ok(())
    }

    fn digits(&mut self) -> Step<usize> {
        let start = self.at;
        while self.peek()?.is_ascii_digit() {
            self.at += 1;
        }
        Ok(self.at - start)
    }

    /// A number: `-`? (`0` | digits) (`.` digits)? ([eE] [+-]? digits)?.
    fn number(&mut self) -> Step<()> {
        if self.peek()? == b'-' {
            self.at += 1;
        }
        if self.peek()? == b'0' {
            self.at += 1;
            if self.peek()?.is_ascii_digit() {
                return Err(Stop::Other);
            }
        } else if self.digits()? == 0 {
            return Err(Stop::Other);
        }
        if self.peek()? == b'.' {
            self.at += 1;
            if self.digits()? == 0 {
                return Err(Stop::Other);
            }
        }
        if matches!(self.peek()?, b'e' | b'E') {
            self.at += 1;
            if matches!(self.peek()?, b'+' | b'-') {
                self.at += 1;
            }
            if self.digits()? == 0 {
                return Err(Stop::Other);
            }
        }
        Ok(())
    }

    /// `null` (`None`), or a string (borrowed without escapes, decoded with them).
    fn text(&mut self) -> Step<Option<Text<'a>>> {
        match self.peek_token()? {
            b'n' => self.word(b"null").map(|()| None),
            b'"' => match self.string()? {
                (range, false) => match self.text.get(range) {
                    Some(text) => Ok(Some(Text::Borrowed(text))),
                    None => Err(Stop::Other),
                },
                (range, true) => match self.text.get(range).and_then(unescape) {
                    Some(text) => Ok(Some(Text::Owned(text))),
                    None => Err(Stop::Other),
                },
            },
            _ => Err(Stop::Other),
        }
    }

    /// `null` (`None`), or any value as its text.
    fn raw(&mut self, depth: usize) -> Step<Option<&'a RawValue>> {
        if self.peek_token()? == b'n' {
            return self.word(b"null").map(|()| None);
        }
        // serde reads the value once, and checks it as it would within the record.
        let start = self.at;
        let mut values =
            serde_json::Deserializer::from_slice(&self.bytes[start..]).into_iter::<&RawValue>();
        let raw = match values.next() {
            Some(Ok(raw)) => raw,
            Some(Err(error)) if !error.is_eof() => return Err(Stop::Other),
            _ => return Err(Stop::Incomplete),
        };
        let end = start + values.byte_offset();
        // Within the record, serde's limit of nesting counts the record's levels too: a value
        // long enough to nest that deep is checked again, with the record's depth.
        if end - start >= 2 * (SERDE_DEPTH - depth) {
            self.skip(depth)?;
        }
        self.at = end;
        Ok(Some(raw))
    }

    /// `null` (`None`), or an object read by `read`.
    fn nested<T>(&mut self, read: impl FnOnce(&mut Self) -> Step<T>) -> Step<Option<T>> {
        match self.peek_token()? {
            b'n' => self.word(b"null").map(|()| None),
            b'{' => read(self).map(Some),
            _ => Err(Stop::Other),
        }
    }

    fn record(&mut self) -> Step<Record<'a>> {
        if self.peek_token()? != b'{' {
            return Err(Stop::Other);
        }
        let mut record = Record::default();
        let mut seen = 0;
        self.object(1, |cursor, key| {
            let (field, bit) = match key {
                b"eventID" => (&mut record.event_id, 0),
                b"eventTime" => (&mut record.event_time, 1),
                b"eventSource" => (&mut record.event_source, 2),
                b"eventName" => (&mut record.event_name, 3),
                b"eventType" => (&mut record.event_type, 4),
                b"awsRegion" => (&mut record.aws_region, 5),
                b"sourceIPAddress" => (&mut record.source_ip_address, 6),
                b"userAgent" => (&mut record.user_agent, 7),
                b"errorCode" => (&mut record.error_code, 8),
                b"recipientAccountId" => (&mut record.recipient_account_id, 9),
                b"vpcEndpointId" => (&mut record.vpc_endpoint_id, 10),
                b"userIdentity" => {
                    first_time(&mut seen, 11)?;
                    record.user_identity = cursor.nested(|c| c.user_identity())?;
                    return Ok(());
                }
                b"resources" => {
                    first_time(&mut seen, 12)?;
                    record.resources = cursor.resources()?;
                    return Ok(());
                }
                b"requestParameters" => {
                    first_time(&mut seen, 13)?;
                    record.request_parameters = cursor.raw(1)?;
                    return Ok(());
                }
                b"tlsDetails" => {
                    first_time(&mut seen, 14)?;
                    record.tls_details = cursor.raw(1)?;
                    return Ok(());
                }
                _ => return cursor.skip(1),
            };
            first_time(&mut seen, bit)?;
            *field = cursor.text()?;
            Ok(())
        })?;
        Ok(record)
    }

    fn user_identity(&mut self) -> Step<UserIdentity<'a>> {
        let mut identity = UserIdentity::default();
        let mut seen = 0;
        self.object(2, |cursor, key| {
            let (field, bit) = match key {
                b"type" => (&mut identity.kind, 0),
                b"principalId" => (&mut identity.principal_id, 1),
                b"arn" => (&mut identity.arn, 2),
                b"accountId" => (&mut identity.account_id, 3),
                b"userName" => (&mut identity.user_name, 4),
                b"invokedBy" => (&mut identity.invoked_by, 5),
                b"identityProvider" => (&mut identity.identity_provider, 6),
                b"sessionContext" => {
                    first_time(&mut seen, 7)?;
                    identity.session_context = cursor.nested(|c| c.session_context())?;
                    return Ok(());
                }
                _ => return cursor.skip(2),
            };
            first_time(&mut seen, bit)?;
            *field = cursor.text()?;
            Ok(())
        })?;
        Ok(identity)
    }

    fn session_context(&mut self) -> Step<SessionContext<'a>> {
        let mut context = SessionContext::default();
        let mut seen = 0;
        self.object(3, |cursor, key| match key {
            b"attributes" => {
                first_time(&mut seen, 0)?;
                context.attributes = cursor.nested(|c| {
                    let mut attributes = SessionAttributes::default();
                    let mut seen = 0;
                    c.object(4, |cursor, key| {
                        let (field, bit) = match key {
                            b"mfaAuthenticated" => (&mut attributes.mfa_authenticated, 0),
                            b"creationDate" => (&mut attributes.creation_date, 1),
                            _ => return cursor.skip(4),
                        };
                        first_time(&mut seen, bit)?;
                        *field = cursor.text()?;
                        Ok(())
                    })?;
                    Ok(attributes)
                })?;
                Ok(())
            }
            b"sessionIssuer" => {
                first_time(&mut seen, 1)?;
                context.session_issuer = cursor.nested(|c| {
                    let mut issuer = SessionIssuer::default();
                    let mut seen = 0;
                    c.object(4, |cursor, key| {
                        let (field, bit) = match key {
                            b"type" => (&mut issuer.kind, 0),
                            b"arn" => (&mut issuer.arn, 1),
                            _ => return cursor.skip(4),
                        };
                        first_time(&mut seen, bit)?;
                        *field = cursor.text()?;
                        Ok(())
                    })?;
                    Ok(issuer)
                })?;
                Ok(())
            }
            _ => cursor.skip(3),
        })?;
        Ok(context)
    }

    /// `null`, or a list of resource objects.
    fn resources(&mut self) -> Step<Option<Vec<Resource<'a>>>> {
        match self.peek_token()? {
            b'n' => return self.word(b"null").map(|()| None),
            b'[' => self.at += 1,
            _ => return Err(Stop::Other),
        }
        let mut resources = Vec::new();
        if self.peek_token()? == b']' {
            self.at += 1;
            return Ok(Some(resources));
        }
        loop {
            if self.peek_token()? != b'{' {
                return Err(Stop::Other);
            }
            let mut resource = Resource::default();
            let mut seen = 0;
            self.object(3, |cursor, key| {
                let (field, bit) = match key {
                    b"ARN" => (&mut resource.arn, 0),
                    b"accountId" => (&mut resource.account_id, 1),
                    b"type" => (&mut resource.kind, 2),
                    _ => return cursor.skip(3),
                };
                first_time(&mut seen, bit)?;
                *field = cursor.text()?;
                Ok(())
            })?;
            resources.push(resource);
            match self.peek_token()? {
                b',' => self.at += 1,
                b']' => {
                    self.at += 1;
                    return Ok(Some(resources));
                }
                _ => return Err(Stop::Other),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What serde makes of the record at the start of `bytes`: its fields and the length
    /// used, as the reader's serde path reads it.
    fn by_serde(bytes: &[u8]) -> Option<(String, usize)> {
        let mut stream = serde_json::Deserializer::from_slice(bytes).into_iter::<Record<'_>>();
        match stream.next() {
            Some(Ok(record)) => Some((format!("{record:?}"), stream.byte_offset())),
            _ => None,
        }
    }

    /// The fast path's record, which must be serde's.
    fn agrees(bytes: &[u8]) -> bool {
        match parse(valid_prefix(bytes).0) {
            Quick::Record(record, used) => {
                assert_eq!(
                    Some((format!("{record:?}"), used)),
                    by_serde(bytes),
                    "{}",
                    String::from_utf8_lossy(bytes)
                );
                true
            }
            Quick::Incomplete | Quick::Other => false,
        }
    }

    /// The records of the plain log files under `folder`, compact and indented.
    fn records_in(folder: &std::path::Path) -> Vec<String> {
        let mut texts = Vec::new();
        for file in crate::files(&[folder.to_path_buf()]).unwrap() {
            if file.extension().is_some_and(|e| e == "gz") {
                continue;
            }
            let log: serde_json::Value =
                serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
            for record in log["Records"].as_array().into_iter().flatten() {
                texts.push(record.to_string());
                texts.push(serde_json::to_string_pretty(record).unwrap());
            }
        }
        texts
    }

    /// The records of the fixtures.
    fn records() -> Vec<String> {
        let texts =
            records_in(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"));
        assert!(texts.len() > 100);
        texts
    }

    /// The public CloudTrail set of `../shared/cloudtrail` (2,900 records), when it is there.
    #[test]
    fn the_shared_set_reads_as_with_serde() {
        let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../shared/cloudtrail/invictus-aws-dataset");
        if !shared.is_dir() {
            return;
        }
        let texts = records_in(&shared);
        let fast = texts.iter().filter(|t| agrees(t.as_bytes())).count();
        assert!(fast * 10 >= texts.len() * 9, "{fast} of {}", texts.len());
    }

    #[test]
    fn real_records_take_the_fast_path_and_read_as_with_serde() {
        for text in records() {
            assert!(agrees(text.as_bytes()), "{text}");
            let mut followed = format!("  \n{text} ,{{\"eventName\": 1}}").into_bytes();
            assert!(agrees(&followed));
            followed.truncate(text.len());
            assert!(matches!(
                parse(valid_prefix(&followed).0),
                Quick::Incomplete
            ));
        }
    }

    #[test]
    fn any_change_to_a_record_reads_as_with_serde_or_is_left_to_serde() {
        const BYTES: &[u8] = b"\"\\{}[],:0a -.eEn+\x01\x7f\xc3\xff";
        for text in records().iter().step_by(29).take(4) {
            let bytes = text.as_bytes();
            for at in 0..bytes.len() {
                agrees(&bytes[..at]);
                let mut changed = bytes.to_vec();
                for &byte in BYTES {
                    changed[at] = byte;
                    agrees(&changed);
                }
                changed.remove(at);
                agrees(&changed);
            }
        }
    }

    #[test]
    fn escapes_in_kept_fields_are_decoded_as_serde_decodes_them() {
        let text = r#"{"userAgent": "a\"b\\c\/d\n\t\r\b\fé", "eventName": "\"", "x": "\u00e9"}"#;
        assert!(agrees(text.as_bytes()));
        let Quick::Record(record, _) = parse(text) else {
            unreachable!()
        };
        assert!(matches!(record.user_agent, Some(Text::Owned(_))));
        assert_eq!(record.event_name.as_deref(), Some("\""));
    }

    #[test]
    fn nesting_near_serdes_limit_reads_as_with_serde() {
        for levels in 90..=130 {
            let nested = format!("{}1{}", "[".repeat(levels), "]".repeat(levels));
            for field in ["requestParameters", "tlsDetails", "other"] {
                agrees(format!(r#"{{"{field}": {nested}, "eventName": "A"}}"#).as_bytes());
            }
        }
    }

    #[test]
    fn unicode_escapes_odd_types_and_repeats_are_left_to_serde() {
        for text in [
            r#"{"eventName": "Stop\u004cogging"}"#,
            r#"{"event\u004eame": "StopLogging"}"#,
            r#"{"eventName": "A", "eventName": "B"}"#,
            r#"{"eventName": null, "eventName": "B"}"#,
            r#"{"eventName": 12}"#,
            r#"{"userIdentity": ["IAMUser"]}"#,
            r#"{"resources": [null]}"#,
            r#"{"x": 01}"#,
            r#"{"x": "a	b"}"#,
            r#"{"userAgent": "caf\u00e9"}"#,
        ] {
            assert!(!agrees(text.as_bytes()), "{text}");
        }
        for text in [
            r#"{"requestParameters": {"policy": "{\"a\": \"\u00e9\"}"}, "x": [1.5e-3, true]}"#,
            r#"{"eventName": null, "resources": [], "tlsDetails": null, "userIdentity": null}"#,
            r#"{"userIdentity": {"sessionContext": {"attributes": {"mfaAuthenticated": "true"}}}}"#,
            r#"{"userAgent2": "caf\u00e9 é", "userAgent": "é"}"#,
        ] {
            assert!(agrees(text.as_bytes()), "{text}");
        }
    }
}
