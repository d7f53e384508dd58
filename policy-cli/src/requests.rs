//! One request of a JSON Lines file:
//! `{"action": …, "resource": …, "principal"?: …, "context"?: {key: value or [values]}}`.
//!
//! Strings are borrowed from the line when they have no escapes, so a line costs a few small
//! allocations at most.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// A context value as written in a request line.
#[derive(Debug, PartialEq)]
pub enum Value<'a> {
    /// A string.
    String(Cow<'a, str>),
    /// A number.
    Number(f64),
    /// `true` or `false`.
    Bool(bool),
    /// An array of strings: a multi-valued key.
    Strings(Vec<Cow<'a, str>>),
}

/// A request line.
#[derive(Debug, Default, PartialEq)]
pub struct Line<'a> {
    pub action: Cow<'a, str>,
    pub resource: Cow<'a, str>,
    pub principal: Option<Cow<'a, str>>,
    /// The resource's account, for a whole chain (S3 ARNs carry none).
    pub resource_account: Option<Cow<'a, str>>,
    pub context: Vec<(Cow<'a, str>, Value<'a>)>,
}

impl<'a> Line<'a> {
    /// Parses one line.
    pub fn parse(text: &'a str) -> Result<Line<'a>, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }
}

/// A string, borrowed when the input allows.
struct Text<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v.to_string())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(V)
    }
}

impl<'de> Deserialize<'de> for Value<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Value<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string, a number, a boolean or an array of strings")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Value<'de>, E> {
                Ok(Value::String(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Value<'de>, E> {
                Ok(Value::String(Cow::Owned(v.to_string())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Value<'de>, E> {
                Ok(Value::String(Cow::Owned(v)))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value<'de>, E> {
                Ok(Value::Bool(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value<'de>, E> {
                Ok(Value::Number(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value<'de>, E> {
                Ok(Value::Number(v as f64))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value<'de>, E> {
                Ok(Value::Number(v))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value<'de>, A::Error> {
                let mut items = Vec::new();
                while let Some(Text(item)) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Value::Strings(items))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// The `context` object, in order.
struct ContextMap<'a>(Vec<(Cow<'a, str>, Value<'a>)>);

impl<'de> Deserialize<'de> for ContextMap<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = ContextMap<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of condition keys")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ContextMap<'de>, A::Error> {
                let mut entries = Vec::new();
                while let Some(Text(key)) = map.next_key()? {
                    let value: Value<'de> = map.next_value()?;
                    entries.push((key, value));
                }
                Ok(ContextMap(entries))
            }
        }
        deserializer.deserialize_map(V)
    }
}

impl<'de> Deserialize<'de> for Line<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Line<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(r#"a request object {"action", "resource", "principal"?, "resource_account"?, "context"?}"#)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Line<'de>, A::Error> {
                let mut action = None;
                let mut resource = None;
                let mut principal = None;
                let mut resource_account = None;
                let mut context = None;
                while let Some(Text(key)) = map.next_key()? {
                    let duplicate = match key.as_ref() {
                        "action" => action.replace(map.next_value::<Text>()?.0).is_some(),
                        "resource" => resource.replace(map.next_value::<Text>()?.0).is_some(),
                        "principal" => principal.replace(map.next_value::<Text>()?.0).is_some(),
                        "resource_account" => resource_account
                            .replace(map.next_value::<Text>()?.0)
                            .is_some(),
                        "context" => context.replace(map.next_value::<ContextMap>()?.0).is_some(),
                        other => {
                            return Err(de::Error::unknown_field(
                                other,
                                &[
                                    "action",
                                    "resource",
                                    "principal",
                                    "resource_account",
                                    "context",
                                ],
                            ))
                        }
                    };
                    if duplicate {
                        return Err(de::Error::custom(format_args!("duplicate field `{key}`")));
                    }
                }
                Ok(Line {
                    action: action.ok_or_else(|| de::Error::missing_field("action"))?,
                    resource: resource.ok_or_else(|| de::Error::missing_field("resource"))?,
                    principal,
                    resource_account,
                    context: context.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_map(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_line_borrows_its_strings() {
        let line = Line::parse(
            r#"{"action": "s3:GetObject", "resource": "arn:aws:s3:::b/k", "principal": "arn:aws:iam::111122223333:user/a",
                "context": {"aws:username": "a", "n": 3, "mfa": true, "tags": ["x", "y"]}}"#,
        )
        .unwrap();
        assert!(matches!(line.action, Cow::Borrowed("s3:GetObject")));
        assert_eq!(line.context.len(), 4);
        assert_eq!(line.context[1].1, Value::Number(3.0));
        assert_eq!(
            line.context[3].1,
            Value::Strings(vec!["x".into(), "y".into()])
        );
    }

    #[test]
    fn bad_lines_are_errors() {
        for text in [
            "",
            "[]",
            r#"{"resource": "*"}"#,
            r#"{"action": "a:b"}"#,
            r#"{"action": "a:b", "resource": "*", "extra": 1}"#,
            r#"{"action": "a:b", "action": "a:c", "resource": "*"}"#,
            r#"{"action": 1, "resource": "*"}"#,
            r#"{"action": "a:b", "resource": "*", "context": {"k": null}}"#,
            r#"{"action": "a:b", "resource": "*", "context": {"k": [1]}}"#,
            r#"{"action": "a:b", "resource": "*"} trailing"#,
        ] {
            assert!(Line::parse(text).is_err(), "{text}");
        }
    }
}
