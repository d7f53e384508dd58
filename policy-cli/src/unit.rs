//! A policy found inside a larger file (a template, a plan), as the checker's tokens with the
//! file's own byte offsets, so its findings point into that file.
//!
//! CloudFormation's intrinsic functions (`{"Ref": …}`, `{"Fn::Sub": …}`, `!GetAtt …`) stand
//! for values known only at deployment: each becomes a string with placeholders where the
//! value is unknown ([`placeholder`]), located at the function's text. `Fn::Join` joins its
//! parts, `Fn::Sub` keeps its literal text, `Fn::If` is read as its first branch that is a
//! value, and `Ref: AWS::NoValue` removes the entry it stands in.

use iam_policy_check::json::{Member, Node, Token, TokenKind, Value};
use iam_policy_check::{Loc, PolicyKind, SizeQuota};

/// One policy to check.
#[derive(Debug)]
pub struct Unit {
    /// Where it is in the file: `Resources.Role.Properties.AssumeRolePolicyDocument`,
    /// `aws_iam_role.app.assume_role_policy`.
    pub name: String,
    /// Identity or resource policy.
    pub kind: PolicyKind,
    /// IAM's size quota for where it is attached.
    pub quota: SizeQuota,
    /// The document's tokens, located in the file.
    pub tokens: Vec<Token>,
    /// Where the document ends.
    pub end: Loc,
}

impl Unit {
    /// Where the policy is in the file: from its first token to its end.
    pub fn span(&self) -> Loc {
        let start = self.tokens.first().map_or(self.end.start, |t| t.loc.start);
        Loc::new(start, self.end.end)
    }

    /// A policy given as tokens (a JSON string's content, located in the file).
    pub fn from_tokens(
        name: String,
        kind: PolicyKind,
        quota: SizeQuota,
        (tokens, end): (Vec<Token>, Loc),
    ) -> Unit {
        Unit {
            name,
            kind,
            quota,
            tokens,
            end,
        }
    }

    /// A policy given as a JSON tree (a template's `PolicyDocument`).
    pub fn from_node(name: String, kind: PolicyKind, quota: SizeQuota, node: &Node) -> Unit {
        let mut tokens = Vec::new();
        emit(node, &mut tokens);
        Unit {
            name,
            kind,
            quota,
            tokens,
            end: Loc::new(node.loc.end, node.loc.end),
        }
    }
}

/// The text that stands for a value known only at deployment (`name` is what the template
/// says it is: `AWS::AccountId`, `Bucket.Arn`).
pub fn placeholder(_name: &str) -> String {
    iam_policy_check::PLACEHOLDER.to_string()
}

/// What an intrinsic function stands for.
enum Resolved<'n> {
    /// A string.
    Text(String),
    /// A value of the template (an `Fn::If` branch).
    Node(&'n Node),
    /// `Ref: AWS::NoValue`: nothing.
    Nothing,
}

/// The intrinsic function an object is, if it is one: its name and argument.
fn function(node: &Node) -> Option<(&str, &Node)> {
    match &node.value {
        Value::Object(members) if members.len() == 1 => {
            let Member { key, value, .. } = &members[0];
            (key == "Ref" || key.starts_with("Fn::")).then_some((key.as_str(), value))
        }
        _ => None,
    }
}

fn resolve<'n>(name: &str, argument: &'n Node) -> Resolved<'n> {
    match (name, &argument.value) {
        ("Ref", Value::String(target)) if target == "AWS::NoValue" => Resolved::Nothing,
        ("Ref", Value::String(target)) => Resolved::Text(placeholder(target)),
        ("Fn::Sub", Value::String(text)) => Resolved::Text(substitute(text)),
        ("Fn::Sub", Value::Array(items)) => match items.first().map(|n| &n.value) {
            Some(Value::String(text)) => Resolved::Text(substitute(text)),
            _ => Resolved::Text(placeholder(name)),
        },
        ("Fn::Join", Value::Array(items)) => match items.as_slice() {
            [Node {
                value: Value::String(delimiter),
                ..
            }, Node {
                value: Value::Array(parts),
                ..
            }] => Resolved::Text(
                parts
                    .iter()
                    .map(text_of)
                    .collect::<Vec<_>>()
                    .join(delimiter),
            ),
            _ => Resolved::Text(placeholder(name)),
        },
        ("Fn::If", Value::Array(items)) if items.len() == 3 => {
            let value = |n: &'n Node| match function(n) {
                Some((
                    "Ref",
                    Node {
                        value: Value::String(t),
                        ..
                    },
                )) if t == "AWS::NoValue" => None,
                _ => Some(n),
            };
            match value(&items[1]).or_else(|| value(&items[2])) {
                Some(branch) => Resolved::Node(branch),
                None => Resolved::Nothing,
            }
        }
        ("Fn::GetAtt", Value::Array(parts)) => {
            let names: Vec<String> = parts.iter().map(text_of).collect();
            Resolved::Text(placeholder(&names.join(".")))
        }
        ("Fn::GetAtt", Value::String(target)) => Resolved::Text(placeholder(target)),
        _ => Resolved::Text(placeholder(name)),
    }
}

/// A value as text, for `Fn::Join`: strings as they are, functions resolved.
fn text_of(node: &Node) -> String {
    match (&node.value, function(node)) {
        (_, Some((name, argument))) => match resolve(name, argument) {
            Resolved::Text(text) => text,
            Resolved::Node(node) => text_of(node),
            Resolved::Nothing => String::new(),
        },
        (Value::String(s) | Value::Number(s), None) => s.clone(),
        (Value::Bool(b), None) => b.to_string(),
        _ => placeholder("value"),
    }
}

/// `Fn::Sub`'s text: `${Name}` is a value of the deployment, `${!Literal}` the text `${Literal}`.
fn substitute(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[start..]);
            return out;
        };
        let inner = &after[..close];
        match inner.strip_prefix('!') {
            Some(literal) => {
                out.push_str("${");
                out.push_str(literal);
                out.push('}');
            }
            None => out.push_str(&placeholder(inner)),
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

/// Writes `node` as tokens; intrinsic functions become strings located at their text.
fn emit(node: &Node, out: &mut Vec<Token>) {
    let token = |kind, loc| Token { kind, loc };
    if let Some((name, argument)) = function(node) {
        match resolve(name, argument) {
            Resolved::Text(text) => out.push(token(TokenKind::String(text), node.loc)),
            Resolved::Node(branch) => emit(branch, out),
            // Removed by the container; alone, the value is absent.
            Resolved::Nothing => out.push(token(TokenKind::Null, node.loc)),
        }
        return;
    }
    let at = |loc: Loc| Loc::new(loc.start, loc.start);
    let end = Loc::new(node.loc.end.saturating_sub(1), node.loc.end);
    match &node.value {
        Value::Object(members) => {
            out.push(token(TokenKind::OpenBrace, at(node.loc)));
            let mut first = true;
            for member in members.iter().filter(|m| !is_nothing(&m.value)) {
                if !first {
                    out.push(token(TokenKind::Comma, at(member.key_loc)));
                }
                first = false;
                out.push(token(TokenKind::String(member.key.clone()), member.key_loc));
                out.push(token(TokenKind::Colon, at(member.value.loc)));
                emit(&member.value, out);
            }
            out.push(token(TokenKind::CloseBrace, end));
        }
        Value::Array(items) => {
            out.push(token(TokenKind::OpenBracket, at(node.loc)));
            let mut first = true;
            for item in items.iter().filter(|i| !is_nothing(i)) {
                if !first {
                    out.push(token(TokenKind::Comma, at(item.loc)));
                }
                first = false;
                emit(item, out);
            }
            out.push(token(TokenKind::CloseBracket, end));
        }
        Value::String(s) => out.push(token(TokenKind::String(s.clone()), node.loc)),
        Value::Number(n) => out.push(token(TokenKind::Number(n.clone()), node.loc)),
        Value::Bool(b) => out.push(token(TokenKind::Bool(*b), node.loc)),
        Value::Null => out.push(token(TokenKind::Null, node.loc)),
    }
}

/// Whether a value is `Ref: AWS::NoValue` (or an `Fn::If` of it): its entry is left out.
fn is_nothing(node: &Node) -> bool {
    match function(node) {
        Some((name, argument)) => match resolve(name, argument) {
            Resolved::Nothing => true,
            Resolved::Node(branch) => is_nothing(branch),
            Resolved::Text(_) => false,
        },
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sub_keeps_literals_and_escapes() {
        let p = placeholder("x");
        assert_eq!(
            substitute("arn:${AWS::Partition}:s3:::${Bucket}/${!aws:username}/*"),
            format!("arn:{p}:s3:::{p}/${{aws:username}}/*")
        );
        assert_eq!(substitute("no variables"), "no variables");
        assert_eq!(substitute("${open"), "${open");
    }
}
