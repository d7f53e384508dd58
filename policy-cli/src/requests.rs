//! One request of a JSON Lines file:
//! `{"action": …, "resource": …, "principal"?: …, "context"?: {key: value or [values]}}`.
//!
//! Strings are borrowed from the line when they have no escapes, so a line costs a few small
//! allocations at most.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// A context value as written in a request line. Every JSON scalar is kept as its text, as
/// IAM receives request values: each operator reads the text as what it compares (a number, an
/// instant in ISO 8601 or epoch seconds, `true`/`false`, an address).
#[derive(Debug, PartialEq)]
pub enum Value<'a> {
    /// A string, number or boolean, as text.
    One(Cow<'a, str>),
    /// An array of them: a multi-valued key.
    Many(Vec<Cow<'a, str>>),
    /// `null` or an empty array: IAM treats a key with no value as absent (`Null` holds).
    Absent,
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

/// A JSON scalar as text: strings as they are, numbers as written (integers exactly),
/// booleans as `true`/`false`.
struct Scalar<'a>(Option<Cow<'a, str>>);

/// Reads a scalar (`null` gives `None`).
struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar<'de>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string, a number, a boolean or null")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Scalar<'de>, E> {
        Ok(Scalar(Some(Cow::Borrowed(v))))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar<'de>, E> {
        Ok(Scalar(Some(Cow::Owned(v.to_string()))))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Scalar<'de>, E> {
        Ok(Scalar(Some(Cow::Owned(v))))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar<'de>, E> {
        Ok(Scalar(Some(Cow::Borrowed(if v {
            "true"
        } else {
            "false"
        }))))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar<'de>, E> {
        Ok(Scalar(Some(Cow::Owned(v.to_string()))))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar<'de>, E> {
        Ok(Scalar(Some(Cow::Owned(v.to_string()))))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar<'de>, E> {
        Ok(Scalar(Some(Cow::Owned(v.to_string()))))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Scalar<'de>, E> {
        Ok(Scalar(None))
    }
}

impl<'de> Deserialize<'de> for Scalar<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ScalarVisitor)
    }
}

impl<'de> Deserialize<'de> for Value<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Value<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string, a number, a boolean, null or an array of them")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Value<'de>, E> {
                ScalarVisitor.visit_borrowed_str(v).map(Value::from)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Value<'de>, E> {
                ScalarVisitor.visit_str(v).map(Value::from)
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Value<'de>, E> {
                ScalarVisitor.visit_string(v).map(Value::from)
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value<'de>, E> {
                ScalarVisitor.visit_bool(v).map(Value::from)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value<'de>, E> {
                ScalarVisitor.visit_i64(v).map(Value::from)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value<'de>, E> {
                ScalarVisitor.visit_u64(v).map(Value::from)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value<'de>, E> {
                ScalarVisitor.visit_f64(v).map(Value::from)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Value<'de>, E> {
                Ok(Value::Absent)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value<'de>, A::Error> {
                let mut items = Vec::new();
                while let Some(Scalar(item)) = seq.next_element()? {
                    items.push(
                        item.ok_or_else(|| de::Error::custom("an array of values holds `null`"))?,
                    );
                }
                Ok(if items.is_empty() {
                    Value::Absent
                } else {
                    Value::Many(items)
                })
            }
        }
        deserializer.deserialize_any(V)
    }
}

impl<'a> From<Scalar<'a>> for Value<'a> {
    fn from(scalar: Scalar<'a>) -> Self {
        scalar.0.map_or(Value::Absent, Value::One)
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
        assert_eq!(line.context[1].1, Value::One("3".into()));
        assert_eq!(line.context[2].1, Value::One("true".into()));
        assert_eq!(line.context[3].1, Value::Many(vec!["x".into(), "y".into()]));
    }

    #[test]
    fn every_scalar_is_text_and_empty_is_absent() {
        let line = Line::parse(
            r#"{"action": "a:b", "resource": "*", "context": {"days": [30, 7], "mfa": [true],
                "t": 1717200000, "f": 0.5, "big": -12, "none": null, "tags": []}}"#,
        )
        .unwrap();
        let values: Vec<&Value> = line.context.iter().map(|(_, v)| v).collect();
        assert_eq!(
            values,
            [
                &Value::Many(vec!["30".into(), "7".into()]),
                &Value::Many(vec!["true".into()]),
                &Value::One("1717200000".into()),
                &Value::One("0.5".into()),
                &Value::One("-12".into()),
                &Value::Absent,
                &Value::Absent,
            ]
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
            r#"{"action": "a:b", "resource": "*", "context": {"k": {"x": 1}}}"#,
            r#"{"action": "a:b", "resource": "*", "context": {"k": [[1]]}}"#,
            r#"{"action": "a:b", "resource": "*", "context": {"k": [null]}}"#,
            r#"{"action": "a:b", "resource": "*"} trailing"#,
        ] {
            assert!(Line::parse(text).is_err(), "{text}");
        }
    }
}
