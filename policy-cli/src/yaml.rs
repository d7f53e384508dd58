//! YAML (CloudFormation templates) read into the checker's JSON tree, positions kept.
//!
//! `saphyr-parser` gives each event its span and tag; the tree keeps byte offsets into the
//! file, so findings in a policy of the template point at the template's own lines. A
//! short-form tag becomes the long form it stands for (`!Sub x` is `{"Fn::Sub": x}`,
//! `!Ref x` is `{"Ref": x}`), so JSON and YAML templates are read by one set of rules.

use std::borrow::Cow;

use iam_policy_check::json::{Member, Node, Value};
use iam_policy_check::Loc;
use saphyr_parser::{Event, Parser, ScalarStyle, Span, Tag};

/// Reads the first document of `text`; `Err` is the parser's message and its byte offset.
pub fn parse(text: &str, max_depth: usize) -> Result<Node, (String, usize)> {
    let offsets = Offsets::new(text);
    let mut reader = Reader {
        parser: Parser::new_from_str(text),
        offsets,
        max_depth,
    };
    loop {
        let (event, span) = reader.next()?;
        match event {
            Event::StreamStart | Event::DocumentStart(_) | Event::Nothing => continue,
            Event::StreamEnd | Event::DocumentEnd => {
                return Err(("the YAML file holds no document".into(), 0))
            }
            event => return reader.node(event, span, 0),
        }
    }
}

/// Character indexes (the parser's positions) to byte offsets.
struct Offsets {
    /// The byte offset of every character, when the text is not ASCII.
    bytes: Option<Vec<u32>>,
    len: u32,
}

impl Offsets {
    fn new(text: &str) -> Self {
        let bytes =
            (!text.is_ascii()).then(|| text.char_indices().map(|(i, _)| i as u32).collect());
        Offsets {
            bytes,
            len: text.len() as u32,
        }
    }

    fn byte(&self, char_index: usize) -> u32 {
        match &self.bytes {
            None => (char_index as u32).min(self.len),
            Some(bytes) => bytes.get(char_index).copied().unwrap_or(self.len),
        }
    }

    fn loc(&self, span: &Span) -> Loc {
        Loc::new(self.byte(span.start.index()), self.byte(span.end.index()))
    }
}

struct Reader<'t> {
    parser: Parser<'t, saphyr_parser::StrInput<'t>>,
    offsets: Offsets,
    max_depth: usize,
}

impl<'t> Reader<'t> {
    fn next(&mut self) -> Result<(Event<'t>, Span), (String, usize)> {
        match self.parser.next_event() {
            Some(Ok(pair)) => Ok(pair),
            Some(Err(error)) => {
                let at = self.offsets.byte(error.marker().index()) as usize;
                Err((error.info().to_string(), at))
            }
            None => Err((
                "unexpected end of the YAML text".into(),
                self.offsets.len as usize,
            )),
        }
    }

    /// The node that `event` starts.
    fn node(
        &mut self,
        event: Event<'t>,
        span: Span,
        depth: usize,
    ) -> Result<Node, (String, usize)> {
        let start = self.offsets.loc(&span);
        if depth > self.max_depth {
            return Err((
                format!("the YAML nests deeper than {} levels", self.max_depth),
                start.start as usize,
            ));
        }
        let (node, tag) = match event {
            Event::Scalar(text, style, _, tag) => (
                Node {
                    value: scalar(text, style, tag.as_deref()),
                    loc: start,
                },
                tag,
            ),
            Event::SequenceStart(_, tag) => {
                let mut items = Vec::new();
                let mut end = start;
                loop {
                    let (event, span) = self.next()?;
                    if matches!(event, Event::SequenceEnd) {
                        break;
                    }
                    let item = self.node(event, span, depth + 1)?;
                    end = item.loc;
                    items.push(item);
                }
                (
                    Node {
                        value: Value::Array(items),
                        loc: start.to(end),
                    },
                    tag,
                )
            }
            Event::MappingStart(_, tag) => {
                let mut members = Vec::new();
                let mut end = start;
                loop {
                    let (event, span) = self.next()?;
                    if matches!(event, Event::MappingEnd) {
                        break;
                    }
                    let key = self.node(event, span, depth + 1)?;
                    let (event, span) = self.next()?;
                    let value = self.node(event, span, depth + 1)?;
                    end = value.loc;
                    members.push(Member {
                        key: key_text(key.value),
                        key_loc: key.loc,
                        value,
                    });
                }
                (
                    Node {
                        value: Value::Object(members),
                        loc: start.to(end),
                    },
                    tag,
                )
            }
            // CloudFormation has no anchors; an alias stands for nothing it can use.
            Event::Alias(_) => (
                Node {
                    value: Value::Null,
                    loc: start,
                },
                None,
            ),
            _ => return Err(("unexpected YAML event".into(), start.start as usize)),
        };
        Ok(match tag.as_deref().and_then(function_name) {
            Some(name) => Node {
                loc: node.loc,
                value: Value::Object(vec![Member {
                    key: name,
                    key_loc: Loc::new(node.loc.start, node.loc.start),
                    value: node,
                }]),
            },
            None => node,
        })
    }
}

/// The long-form name of a CloudFormation short-form tag: `!Ref` → `Ref`, `!Sub` → `Fn::Sub`.
fn function_name(tag: &Tag) -> Option<String> {
    if tag.handle != "!" || tag.suffix.is_empty() {
        return None;
    }
    Some(match tag.suffix.as_str() {
        "Ref" | "Condition" => tag.suffix.clone(),
        other => format!("Fn::{other}"),
    })
}

/// A scalar with YAML 1.2's core schema: plain `null`, `true`, numbers keep their type;
/// anything quoted, tagged or else is a string.
fn scalar(text: Cow<'_, str>, style: ScalarStyle, tag: Option<&Tag>) -> Value {
    let core =
        |suffix: &str| tag.is_some_and(|t| t.handle == "tag:yaml.org,2002:" && t.suffix == suffix);
    if style != ScalarStyle::Plain
        || (tag.is_some() && !core("bool") && !core("int") && !core("float") && !core("null"))
    {
        return Value::String(text.into_owned());
    }
    match text.as_ref() {
        "null" | "Null" | "NULL" | "~" | "" => Value::Null,
        "true" | "True" | "TRUE" => Value::Bool(true),
        "false" | "False" | "FALSE" => Value::Bool(false),
        number if iam_policy_check::lexer::is_json_number(number) => {
            Value::Number(number.to_string())
        }
        _ => Value::String(text.into_owned()),
    }
}

/// A mapping key as text (CloudFormation keys are strings).
fn key_text(value: Value) -> String {
    match value {
        Value::String(s) | Value::Number(s) => s,
        Value::Bool(b) => b.to_string(),
        Value::Null => String::new(),
        Value::Array(_) | Value::Object(_) => String::from("?"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member<'n>(node: &'n Node, key: &str) -> &'n Node {
        match &node.value {
            Value::Object(members) => &members.iter().find(|m| m.key == key).unwrap().value,
            other => panic!("not an object: {other:?}"),
        }
    }

    #[test]
    fn positions_are_byte_offsets_of_the_file() {
        let text = "é: 1\nPolicy:\n  Effect: Allow\n  Resource: !Sub 'arn:aws:s3:::${B}'\n";
        let root = parse(text, 32).unwrap();
        let effect = member(member(&root, "Policy"), "Effect");
        assert_eq!(effect.value, Value::String("Allow".into()));
        assert_eq!(
            &text[effect.loc.start as usize..effect.loc.end as usize],
            "Allow"
        );
        let resource = member(member(&root, "Policy"), "Resource");
        let sub = member(resource, "Fn::Sub");
        assert_eq!(sub.value, Value::String("arn:aws:s3:::${B}".into()));
        assert_eq!(
            &text[sub.loc.start as usize..sub.loc.end as usize],
            "!Sub 'arn:aws:s3:::${B}'"
        );
        assert_eq!(member(&root, "é").value, Value::Number("1".into()));
    }

    #[test]
    fn short_forms_are_the_long_forms() {
        let root = parse(
            "a: !Ref X\nb: !GetAtt [R, Arn]\nc: !Condition C\nd: '2012-10-17'\ne: 2012-10-17\n",
            32,
        )
        .unwrap();
        assert!(matches!(&member(&root, "a").value, Value::Object(m) if m[0].key == "Ref"));
        assert!(matches!(&member(&root, "b").value, Value::Object(m) if m[0].key == "Fn::GetAtt"));
        assert!(matches!(&member(&root, "c").value, Value::Object(m) if m[0].key == "Condition"));
        assert_eq!(member(&root, "d").value, Value::String("2012-10-17".into()));
        assert_eq!(member(&root, "e").value, Value::String("2012-10-17".into()));
    }

    #[test]
    fn bad_yaml_is_an_error_with_its_offset() {
        let (message, at) = parse("a: [1, 2\nb: c\n", 32).unwrap_err();
        assert!(!message.is_empty());
        assert!(at > 0);
        assert!(parse("a:\n  b:\n    c: 1\n", 1).is_err());
    }
}
