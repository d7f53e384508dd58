//! `requestParameters` as the resource mapping reads it: the top-level members, each a string,
//! a list (of strings, other items `null`) or `null` for any other value.
//!
//! This is the map `serde_json::from_str::<Value>` would give with every nested object and
//! every value the mapping does not read replaced by `null`: the same members in the same order
//! (serde_json's `Map`, whatever its order), and the same failures, since every value is still
//! read as a `Value` would be read (numbers out of range, invalid escapes), only not kept.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

/// The top-level members of a `requestParameters` object; `None` when it is not an object or
/// not a valid `Value`.
pub fn top_level(text: &str) -> Option<Map<String, Value>> {
    // serde_json reads an object whose first key is its private token of raw values as that
    // raw value: such text takes the `Value` itself.
    if memchr::memmem::find(text.as_bytes(), RAW_VALUE_TOKEN.as_bytes()).is_some() {
        return match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(members)) => Some(members),
            _ => None,
        };
    }
    serde_json::from_str::<Members>(text).ok().map(|m| m.0)
}

/// serde_json's key of a raw value's text.
const RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";

struct Members(Map<String, Value>);

impl<'de> Deserialize<'de> for Members {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(MembersVisitor)
    }
}

struct MembersVisitor;

impl<'de> Visitor<'de> for MembersVisitor {
    type Value = Members;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Members, A::Error> {
        let mut members = Map::new();
        while let Some(key) = access.next_key::<String>()? {
            let Member(value) = access.next_value()?;
            members.insert(key, value);
        }
        Ok(Members(members))
    }
}

/// A member's value: a string, a list of items, else `null`.
struct Member(Value);

/// An item of a list: a string, else `null`.
struct Item(Value);

/// Any value, read as a `Value` is read and not kept.
struct Discarded;

impl<'de> Deserialize<'de> for Member {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(Kept::Member).map(Member)
    }
}

impl<'de> Deserialize<'de> for Item {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(Kept::Item).map(Item)
    }
}

impl<'de> Deserialize<'de> for Discarded {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_any(Kept::Nothing)
            .map(|_| Discarded)
    }
}

/// What a value keeps of itself; anything else is read to its end and becomes `null`.
#[derive(Clone, Copy, PartialEq)]
enum Kept {
    /// A string, or a list of items.
    Member,
    /// A string.
    Item,
    Nothing,
}

impl<'de> Visitor<'de> for Kept {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Value, E> {
        Ok(match self {
            Kept::Nothing => Value::Null,
            _ => Value::String(text.to_string()),
        })
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        if self != Kept::Member {
            while access.next_element::<Discarded>()?.is_some() {}
            return Ok(Value::Null);
        }
        let mut items = Vec::new();
        while let Some(Item(item)) = access.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        while access.next_key::<String>()?.is_some() {
            access.next_value::<Discarded>()?;
        }
        Ok(Value::Null)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_are_those_of_a_value_with_unread_values_null() {
        let text = r#"{"b": "x", "a": ["arn:1", {"c": 1}, 2, "y"], "n": {"d": [1]}, "b": "z",
            "e": 1.5, "f": true, "g": null}"#;
        let Value::Object(full) = serde_json::from_str::<Value>(text).unwrap() else {
            unreachable!()
        };
        let shallow = top_level(text).unwrap();
        assert_eq!(
            shallow.keys().collect::<Vec<_>>(),
            full.keys().collect::<Vec<_>>()
        );
        assert_eq!(shallow["b"], "z");
        assert_eq!(shallow["a"], serde_json::json!(["arn:1", null, null, "y"]));
        assert!(shallow["n"].is_null() && shallow["e"].is_null());
    }

    #[test]
    fn what_a_value_refuses_is_refused() {
        for text in [
            r#"{"a": "b", "c": [1e999]}"#,
            r#"{"a": {"b": "\udc00"}}"#,
            r#"{"a": "\ud800"}"#,
        ] {
            assert!(serde_json::from_str::<Value>(text).is_err(), "{text}");
            assert!(top_level(text).is_none(), "{text}");
        }
        assert!(top_level(r#""a string""#).is_none());
        let deep = format!("{{\"a\": {}1{}}}", "[".repeat(130), "]".repeat(130));
        assert!(serde_json::from_str::<Value>(&deep).is_err());
        assert!(top_level(&deep).is_none());
    }
}
