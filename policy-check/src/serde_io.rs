//! serde for [`LoadedPolicy`] (feature `serde`).
//!
//! - Deserializing reads any self-describing serde source (JSON, YAML, TOML, a
//!   `serde_json::Value`, …) into JSON text, keeping member order and duplicate keys, then runs
//!   the full checker on that text: a document with any error does not deserialize (fail
//!   closed). Line and column numbers in the error refer to that text, one member or item a line.
//! - Serializing writes canonical IAM JSON: `Version`, `Id`, then `Statement` (always an array);
//!   each statement's elements in the order `Sid`, `Effect`, `Principal`, `NotPrincipal`,
//!   `Action`, `NotAction`, `Resource`, `NotResource`, `Condition`; values as written.
//!
//! ```
//! use iam_policy_check::LoadedPolicy;
//! let policy: LoadedPolicy = serde_json::from_value(serde_json::json!({
//!     "Statement": {"Resource": "*", "Action": "s3:GetObject", "Effect": "Allow"},
//!     "Version": "2012-10-17"
//! })).unwrap();
//! assert_eq!(
//!     serde_json::to_string(&policy).unwrap(),
//!     r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#
//! );
//! let typo = serde_json::json!({"Version": "2012-10-17",
//!     "Statement": {"Effect": "allow", "Action": "s3:GetObject", "Resource": "*"}});
//! assert!(serde_json::from_value::<LoadedPolicy>(typo).is_err());
//! ```

use std::fmt::{self, Write};

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{self, SerializeMap, SerializeSeq, Serializer};
use serde::{Deserialize, Serialize};

use crate::grammar::document::{STATEMENT, TOP_LEVEL};
use crate::loaded::{Diagnostics, LoadedPolicy};
use crate::syntax::json::{self, Member, Node, Value};
use crate::syntax::limits::Limits;
use crate::Options;

impl LoadedPolicy {
    /// Checks and loads a policy held as a `serde_json::Value`.
    ///
    /// ```
    /// use iam_policy_check::{LoadedPolicy, Options};
    /// let value = serde_json::json!({"Version": "2012-10-17",
    ///     "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::bucket"}]});
    /// let policy = LoadedPolicy::from_value(&value, &Options::default()).unwrap();
    /// assert_eq!(policy.as_policy().statement_count(), 1);
    /// ```
    pub fn from_value(
        value: &serde_json::Value,
        options: &Options,
    ) -> Result<LoadedPolicy, Diagnostics> {
        // Writing a `Value` as text cannot fail: its keys are strings.
        let text = serde_json::to_string_pretty(value).unwrap_or_default();
        LoadedPolicy::from_json_with(&text, options)
    }

    /// The policy as canonical IAM JSON text, as it serializes: `Version`, `Id`, then
    /// `Statement` (always an array); each statement's elements in the order `Sid`, `Effect`,
    /// `Principal`, `NotPrincipal`, `Action`, `NotAction`, `Resource`, `NotResource`,
    /// `Condition`; values as written.
    ///
    /// ```
    /// use iam_policy_check::LoadedPolicy;
    /// let policy = LoadedPolicy::from_json(r#"{"Statement": {"Action": ["s3:Get*"],
    ///     "Effect": "Deny", "NotResource": "arn:aws:s3:::public/*"}, "Version": "2012-10-17"}"#).unwrap();
    /// assert_eq!(
    ///     policy.to_canonical_json(),
    ///     r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":["s3:Get*"],"NotResource":"arn:aws:s3:::public/*"}]}"#
    /// );
    /// ```
    pub fn to_canonical_json(&self) -> String {
        // Serializing a checked tree into a String cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The checked document as a JSON tree. It was read within the policy's limits when it
    /// was loaded, so it reads again.
    fn tree(&self) -> Option<Node> {
        let limits = &self.options().limits;
        let tokens = crate::syntax::lexer::tokenize(self.source(), limits).ok()?;
        let end = crate::Loc::new(self.source().len() as u32, self.source().len() as u32);
        json::parse(&tokens, end, limits).ok()
    }
}

impl Serialize for LoadedPolicy {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.tree() {
            Some(root) => Canonical::Document(&root).serialize(serializer),
            None => Err(ser::Error::custom(
                "the policy's source text no longer parses",
            )),
        }
    }
}

/// A node of the tree and how to order its members.
enum Canonical<'n> {
    /// The root object.
    Document(&'n Node),
    /// One statement object.
    Statement(&'n Node),
    /// A `Statement` value: always written as an array.
    Statements(&'n Node),
    /// Anything else, as written.
    AsWritten(&'n Node),
}

impl Serialize for Canonical<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match *self {
            Canonical::Document(node) => ordered(node, TOP_LEVEL, serializer, |key, v| {
                if key == "Statement" {
                    Canonical::Statements(v)
                } else {
                    Canonical::AsWritten(v)
                }
            }),
            Canonical::Statement(node) => {
                ordered(node, STATEMENT, serializer, |_, v| Canonical::AsWritten(v))
            }
            Canonical::Statements(node) => match &node.value {
                Value::Array(items) => {
                    let mut seq = serializer.serialize_seq(Some(items.len()))?;
                    for item in items {
                        seq.serialize_element(&Canonical::Statement(item))?;
                    }
                    seq.end()
                }
                _ => {
                    let mut seq = serializer.serialize_seq(Some(1))?;
                    seq.serialize_element(&Canonical::Statement(node))?;
                    seq.end()
                }
            },
            Canonical::AsWritten(node) => match &node.value {
                Value::Object(members) => {
                    let mut map = serializer.serialize_map(Some(members.len()))?;
                    for member in members {
                        map.serialize_entry(&member.key, &Canonical::AsWritten(&member.value))?;
                    }
                    map.end()
                }
                Value::Array(items) => {
                    let mut seq = serializer.serialize_seq(Some(items.len()))?;
                    for item in items {
                        seq.serialize_element(&Canonical::AsWritten(item))?;
                    }
                    seq.end()
                }
                Value::String(s) => serializer.serialize_str(s),
                Value::Number(n) => number(n, serializer),
                Value::Bool(b) => serializer.serialize_bool(*b),
                Value::Null => serializer.serialize_unit(),
            },
        }
    }
}

/// An object with its known members in `order` first, then any others as written.
fn ordered<'n, S: Serializer>(
    node: &'n Node,
    order: &[&str],
    serializer: S,
    child: impl Fn(&str, &'n Node) -> Canonical<'n>,
) -> Result<S::Ok, S::Error> {
    let Value::Object(members) = &node.value else {
        return Canonical::AsWritten(node).serialize(serializer);
    };
    let rank = |m: &Member| {
        order
            .iter()
            .position(|k| *k == m.key)
            .unwrap_or(order.len())
    };
    let mut sorted: Vec<&Member> = members.iter().collect();
    sorted.sort_by_key(|m| rank(m));
    let mut map = serializer.serialize_map(Some(sorted.len()))?;
    for member in sorted {
        map.serialize_entry(&member.key, &child(&member.key, &member.value))?;
    }
    map.end()
}

/// A JSON number as the narrowest serde number that holds it exactly.
fn number<S: Serializer>(text: &str, serializer: S) -> Result<S::Ok, S::Error> {
    if let Ok(n) = text.parse::<u64>() {
        serializer.serialize_u64(n)
    } else if let Ok(n) = text.parse::<i64>() {
        serializer.serialize_i64(n)
    } else {
        match text.parse::<f64>() {
            Ok(n) if n.is_finite() => serializer.serialize_f64(n),
            _ => Err(ser::Error::custom(format_args!(
                "the number `{text}` has no finite value"
            ))),
        }
    }
}

impl<'de> Deserialize<'de> for LoadedPolicy {
    /// Reads a policy with the default [`Options`]; [`LoadedPolicy::deserialize_with`] takes
    /// others.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        LoadedPolicy::deserialize_with(deserializer, &Options::default())
    }
}

impl LoadedPolicy {
    /// Deserializes a policy from any self-describing serde source and checks it with
    /// `options` (a policy kind, limits, the application's catalog).
    ///
    /// ```
    /// use iam_policy_check::{LoadedPolicy, Options, PolicyKind};
    /// let value = serde_json::json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow",
    ///     "Principal": {"AWS": "111122223333"}, "Action": "s3:GetObject", "Resource": "*"}});
    /// assert!(serde_json::from_value::<LoadedPolicy>(value.clone()).is_err());
    /// let resource = Options::default().with_kind(PolicyKind::Resource);
    /// let policy = LoadedPolicy::deserialize_with(value, &resource).unwrap();
    /// assert_eq!(policy.options().kind, PolicyKind::Resource);
    /// ```
    pub fn deserialize_with<'de, D: Deserializer<'de>>(
        deserializer: D,
        options: &Options,
    ) -> Result<LoadedPolicy, D::Error> {
        let mut text = String::new();
        Text {
            out: &mut text,
            depth: 0,
            limits: &options.limits,
        }
        .deserialize(deserializer)?;
        LoadedPolicy::from_json_with(&text, options).map_err(de::Error::custom)
    }
}

/// Writes whatever a deserializer holds as JSON text, one member or item a line, keeping
/// order and duplicates; stops at the nesting and size limits.
struct Text<'o> {
    out: &'o mut String,
    depth: usize,
    limits: &'o Limits,
}

impl Text<'_> {
    fn nested(&mut self) -> Text<'_> {
        Text {
            out: self.out,
            depth: self.depth + 1,
            limits: self.limits,
        }
    }

    fn newline(&mut self, depth: usize) {
        self.out.push('\n');
        for _ in 0..depth {
            self.out.push_str("  ");
        }
    }

    fn check_size<E: de::Error>(&self) -> Result<(), E> {
        if self.out.len() > self.limits.max_document_bytes {
            return Err(E::custom(format_args!(
                "the document is more than the limit of {} bytes",
                self.limits.max_document_bytes
            )));
        }
        Ok(())
    }

    fn open<E: de::Error>(&mut self, bracket: char) -> Result<(), E> {
        if self.depth >= self.limits.max_depth {
            return Err(E::custom(format_args!(
                "the document nests deeper than {} levels",
                self.limits.max_depth
            )));
        }
        self.out.push(bracket);
        Ok(())
    }
}

/// Writes `s` as a JSON string.
fn write_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

impl<'de> DeserializeSeed<'de> for Text<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Text<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an IAM policy document")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        self.out.push_str(if v { "true" } else { "false" });
        Ok(())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        let _ = write!(self.out, "{v}");
        Ok(())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        let _ = write!(self.out, "{v}");
        Ok(())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        if !v.is_finite() {
            return Err(E::custom(format_args!("`{v}` is not a JSON number")));
        }
        let _ = write!(self.out, "{v:?}");
        Ok(())
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        write_string(self.out, v);
        self.check_size()
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.out.push_str("null");
        Ok(())
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        self.open('[')?;
        let mut first = true;
        loop {
            let depth = self.depth + 1;
            let at = self.out.len();
            if !first {
                self.out.push(',');
            }
            self.newline(depth);
            if seq.next_element_seed(self.nested())?.is_none() {
                self.out.truncate(at);
                break;
            }
            self.check_size()?;
            first = false;
        }
        if !first {
            self.newline(self.depth);
        }
        self.out.push(']');
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
        self.open('{')?;
        let mut first = true;
        loop {
            let depth = self.depth + 1;
            let at = self.out.len();
            if !first {
                self.out.push(',');
            }
            self.newline(depth);
            if map.next_key_seed(Key { out: self.out })?.is_none() {
                self.out.truncate(at);
                break;
            }
            self.out.push_str(": ");
            map.next_value_seed(self.nested())?;
            self.check_size()?;
            first = false;
        }
        if !first {
            self.newline(self.depth);
        }
        self.out.push('}');
        Ok(())
    }
}

/// A map key: IAM documents have string keys only.
struct Key<'o> {
    out: &'o mut String,
}

impl<'de> DeserializeSeed<'de> for Key<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string key")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        write_string(self.out, v);
        Ok(())
    }
}
