//! The `Condition` element (IAM reference section 6): operators, keys and values read into
//! typed entries with their locations, every value parsed once for the evaluator.

use crate::lint;
use iam_policy_core::tables::{Operator, Qualifier};
use iam_policy_core::Version;

use crate::diagnostic::{Diagnostic, Loc};
use crate::grammar::arn;
use crate::grammar::document::Spanned;
use crate::grammar::names::Name;
use crate::grammar::operator::{self, Family, OperatorName};
use crate::grammar::reader::Reader;
use crate::grammar::template::{self, Part, Syntax};
use crate::grammar::values::{self, DateForm, Network};
use crate::syntax::json::{shorten, Member, Node, Value};

/// One `operator: { key: values }` entry of a `Condition` element: one operator, one key and
/// its values (an operator with several keys gives several blocks).
#[derive(Clone, Debug, PartialEq)]
pub struct ConditionBlock {
    /// The operator, where its name is written.
    pub operator: Spanned<OperatorName>,
    /// The condition key as written.
    pub key: Spanned<String>,
    /// The values, parsed for the operator; ORed (NORed for negated operators).
    pub values: Vec<Spanned<Parsed>>,
}

/// A condition value parsed for its operator.
#[derive(Clone, Debug, PartialEq)]
pub enum Parsed {
    /// String and ARN operators (and `Bool` with a policy variable): the text as written.
    Text(String),
    /// `Numeric…`
    Number(f64),
    /// `Date…`: seconds since the Unix epoch, UTC.
    Date(i64),
    /// `Bool`, `Null`.
    Bool(bool),
    /// `BinaryEquals`: the decoded bytes.
    Binary(Vec<u8>),
    /// `IpAddress`, `NotIpAddress`.
    Ip(Network),
}

/// Reads a `Condition` element; `None` if it has errors (they are reported).
pub(crate) fn read<'n>(node: &'n Node, reader: &mut Reader<'_, 'n>) -> Option<Vec<ConditionBlock>> {
    let Value::Object(operators) = &node.value else {
        return reader.mismatch(node, "Condition", "an object of operators");
    };
    if operators.is_empty() {
        reader.report(
            Diagnostic::new(
                lint::EMPTY_OBJECT_CONDITION,
                node.loc,
                "`Condition` is an empty object",
            )
            .with_help("remove it, or add an operator such as `\"StringEquals\": { … }`"),
        );
        // No operator, no constraint: the statement applies as if `Condition` were absent.
        return Some(Vec::new());
    }
    let errors_before = error_count(reader);
    let mut blocks = Vec::new();
    for (index, member) in operators.iter().enumerate() {
        if let Some(first) = operators[..index].iter().find(|m| m.key == member.key) {
            reader.report(duplicate(member, first, "condition operator"));
            continue;
        }
        let Some(name) = operator_name(member, reader) else {
            continue;
        };
        let operator = Spanned {
            value: name,
            loc: member.key_loc,
        };
        read_keys(&operator, &member.value, reader, &mut blocks);
    }
    (error_count(reader) == errors_before).then_some(blocks)
}

fn error_count(reader: &Reader<'_, '_>) -> usize {
    reader.hard_errors()
}

fn duplicate(member: &Member, first: &Member, what: &str) -> Diagnostic {
    Diagnostic::new(
        lint::DUPLICATE_KEY,
        member.key_loc,
        format!("duplicate {what} `{}`", shorten(&member.key)),
    )
    .with_related(first.key_loc, "first defined here")
    .with_help("IAM rejects a document with duplicate keys; merge them into one")
}

/// Reads an operator name, reporting misspellings and misuse.
fn operator_name(member: &Member, reader: &mut Reader<'_, '_>) -> Option<OperatorName> {
    let text = member.key.as_str();
    let loc = member.key_loc;
    let Some(name) = OperatorName::parse(text) else {
        reader.report(unknown_operator(text, loc));
        return None;
    };
    if name.base == Operator::Null && name.if_exists {
        let fixed = OperatorName {
            if_exists: false,
            ..name
        };
        reader.report(
            Diagnostic::new(
                lint::NULL_WITH_IF_EXISTS,
                loc,
                format!("`{text}` is not an operator: `Null` already tests whether the key exists, it takes no `IfExists`"),
            )
            .with_fix(loc, fixed.to_string()),
        );
        return None;
    }
    if name.base == Operator::Null && name.qualifier != Qualifier::Single {
        reader.report(
            Diagnostic::new(
                lint::NULL_WITH_QUALIFIER,
                loc,
                format!("`{text}` is constant for a present key: a set qualifier makes `Null` test each value, and a present value is never null"),
            )
            .with_fix(loc, "Null"),
        );
    }
    Some(name)
}

fn unknown_operator(text: &str, loc: Loc) -> Diagnostic {
    let shown = shorten(text);
    let base = text
        .strip_prefix("ForAnyValue:")
        .or_else(|| text.strip_prefix("ForAllValues:"))
        .unwrap_or(text);
    let message = match base.strip_suffix("IfExists").unwrap_or(base) {
        "StringLikeIgnoreCase" | "StringNotLikeIgnoreCase" => {
            format!("IAM has no operator `{shown}`: `StringLike` is always case-sensitive")
        }
        "BinaryNotEquals" => {
            format!("IAM has no operator `{shown}`: `BinaryEquals` has no negated form")
        }
        _ => match operator::suggest(text) {
            Some(fix) if fix.eq_ignore_ascii_case(text) => {
                format!("condition operators are case-sensitive: `{shown}` must be written `{fix}`")
            }
            _ => format!("unknown condition operator `{shown}`"),
        },
    };
    let error = Diagnostic::new(lint::INVALID_CONDITION_OPERATOR, loc, message);
    match operator::suggest(text) {
        Some(fix) => error.with_fix(loc, fix),
        None => error.with_help(
            "operators are `String…`, `Numeric…`, `Date…`, `Bool`, `BinaryEquals`, `IpAddress`, `NotIpAddress`, `Arn…` and `Null`, optionally with `ForAnyValue:`/`ForAllValues:` and `IfExists`",
        ),
    }
}

/// Reads the keys under one operator.
fn read_keys<'n>(
    operator: &Spanned<OperatorName>,
    node: &'n Node,
    reader: &mut Reader<'_, 'n>,
    blocks: &mut Vec<ConditionBlock>,
) {
    let Value::Object(keys) = &node.value else {
        reader.mismatch::<()>(
            node,
            &operator.value.to_string(),
            "an object of condition keys and values",
        );
        return;
    };
    if keys.is_empty() {
        reader.report(
            Diagnostic::new(
                lint::EMPTY_OBJECT_CONDITION,
                node.loc,
                format!("`{}` has no condition keys", operator.value),
            )
            .with_help(
                "remove the operator, or add a key such as `\"aws:SourceIp\": \"203.0.113.0/24\"`",
            ),
        );
        return;
    }
    for (index, member) in keys.iter().enumerate() {
        if let Some(first) = keys[..index]
            .iter()
            .find(|m| m.key.eq_ignore_ascii_case(&member.key))
        {
            if first.key == member.key {
                reader.report(duplicate(member, first, "condition key"));
            } else {
                reader.report(
                    Diagnostic::new(
                        lint::DUPLICATE_KEYS_WITH_DIFFERENT_CASE,
                        member.key_loc,
                        format!(
                            "`{}` and `{}` are the same condition key: key names ignore case",
                            shorten(&first.key),
                            shorten(&member.key)
                        ),
                    )
                    .with_related(first.key_loc, "first written here")
                    .with_help("merge their values under one key"),
                );
            }
            continue;
        }
        let key = Spanned {
            value: member.key.clone(),
            loc: member.key_loc,
        };
        if !check_key(operator, &member.key, key.loc, reader) {
            continue;
        }
        if let Some(values) = read_values(operator, &key, &member.key, &member.value, reader) {
            blocks.push(ConditionBlock {
                operator: operator.clone(),
                key,
                values,
            });
        }
    }
}

/// Checks a key's name and its fit with the operator; false if it is unusable.
/// Checks the shape of a key's name; false if it is unusable. An `aws:` key or a service's key
/// is handed to the checks, which look it up and judge its fit with the operator.
fn check_key<'n>(
    operator: &Spanned<OperatorName>,
    text: &'n str,
    loc: Loc,
    reader: &mut Reader<'_, 'n>,
) -> bool {
    let shown = shorten(text);
    if text.contains("${") {
        reader.report(
            Diagnostic::new(
                lint::VARIABLE_UNSUPPORTED_IN_ELEMENT,
                loc,
                format!("the condition key `{shown}` has a policy variable"),
            )
            .with_help("policy variables may only appear in condition values"),
        );
        return false;
    }
    let well_formed = text
        .split_once(':')
        .is_some_and(|(prefix, name)| is_key_prefix(prefix) && is_key_name(name));
    if !well_formed {
        let error = Diagnostic::new(
            lint::INVALID_CONDITION_KEY_FORMAT,
            loc,
            format!("`{shown}` is not a condition key: keys are written `prefix:name`, such as `aws:SourceIp`"),
        );
        // A global key written without its `aws:` prefix.
        let global = format!("aws:{text}");
        let is_global = reader.vocabulary.is_global_key(&global);
        reader.report(if is_global && !text.contains(':') {
            error.with_fix(loc, global)
        } else {
            error
        });
        return false;
    }
    let (prefix, name) = text.split_once(':').unwrap_or_default();
    let tag_base = name.split_once('/').map_or(name, |(base, _)| base);
    let tagged = ["ResourceTag", "RequestTag", "PrincipalTag"]
        .iter()
        .any(|t| t.eq_ignore_ascii_case(tag_base));
    if tagged && name.split_once('/').is_none_or(|(_, tag)| tag.is_empty()) {
        reader.report(
            Diagnostic::new(
                lint::MISSING_TAG_KEY_IN_CONDITION,
                loc,
                format!("`{shown}` names no tag: write `{prefix}:{tag_base}/TAG-KEY`"),
            )
            .with_help(format!("for example `{prefix}:{tag_base}/environment`")),
        );
        return true;
    }
    // Keys of web identity providers are their host name and a claim
    // (`cognito-identity.amazonaws.com:aud`, `token.actions.githubusercontent.com:sub`,
    // `accounts.google.com:aud`): any OpenID Connect host names its own claims.
    if prefix.contains('.') {
        return true;
    }
    if !prefix.eq_ignore_ascii_case("aws") {
        reader.names.push(Name::ConditionKey {
            operator: operator.clone(),
            key: text,
            loc,
        });
        return true;
    }
    if name.eq_ignore_ascii_case("ARN") {
        reader.report(
            Diagnostic::new(
                lint::UNSUPPORTED_GLOBAL_CONDITION_KEY,
                loc,
                format!("`{shown}` is not a supported condition key"),
            )
            .with_fix(loc, "aws:PrincipalArn"),
        );
        return true;
    }
    reader.names.push(Name::ConditionKey {
        operator: operator.clone(),
        key: text,
        loc,
    });
    true
}

/// Whether `name` can follow a condition key's prefix: no white space, but for spaces in the
/// qualifier after `/`, which is a tag key (`aws:ResourceTag/Cost Center`) and tag keys may
/// hold spaces (IAM User Guide, "Tagging IAM resources": letters, digits, spaces and `_.:/=+-@`).
fn is_key_name(name: &str) -> bool {
    let (base, qualifier) = name.split_once('/').unwrap_or((name, ""));
    !base.is_empty()
        && !base.contains(char::is_whitespace)
        && !qualifier.contains(|c: char| c.is_whitespace() && c != ' ')
}

/// Whether `prefix` can begin a condition key: a service prefix (`s3`), or the URL of an identity
/// provider without its `https://`, whose keys IAM names `URL:claim`: a host
/// (`accounts.google.com`) and, for an OpenID Connect provider registered with a path, the path
/// (`oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE`, IAM User Guide,
/// "Available keys for AWS web identity federation"; EKS User Guide, IAM roles for service
/// accounts).
fn is_key_prefix(prefix: &str) -> bool {
    let name_byte = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.');
    let (host, path) = prefix.split_once('/').unwrap_or((prefix, ""));
    // An issuer URL may end with `/` (Microsoft Entra ID: `sts.windows.net/TENANT/`).
    let path = path.strip_suffix('/').unwrap_or(path);
    !host.is_empty()
        && host.bytes().all(name_byte)
        && (path.is_empty()
            || (host.contains('.')
                && path
                    .split('/')
                    .all(|segment| !segment.is_empty() && segment.bytes().all(name_byte))))
}

/// The values of a key as written (a value or an array of them), with where each is: strings,
/// numbers and booleans as their text.
pub(crate) fn written(node: &Node) -> impl Iterator<Item = (&str, Loc)> {
    let items = match &node.value {
        Value::Array(items) => items.as_slice(),
        _ => std::slice::from_ref(node),
    };
    items.iter().filter_map(|item| {
        let text = match &item.value {
            Value::String(s) => s.as_str(),
            Value::Number(n) => n.as_str(),
            Value::Bool(b) => {
                if *b {
                    "true"
                } else {
                    "false"
                }
            }
            _ => return None,
        };
        Some((text, item.loc))
    })
}

/// A value as written: its text and JSON type.
struct Raw<'n> {
    text: &'n str,
    json: &'static str,
    node: &'n Node,
}

/// Reads and parses the values of one key.
fn read_values<'n>(
    operator: &Spanned<OperatorName>,
    key: &Spanned<String>,
    key_text: &'n str,
    node: &'n Node,
    reader: &mut Reader<'_, 'n>,
) -> Option<Vec<Spanned<Parsed>>> {
    let items: Vec<&Node> = match &node.value {
        Value::Array(items) if items.is_empty() => {
            reader.report(
                Diagnostic::new(
                    lint::EMPTY_ARRAY_CONDITION,
                    node.loc,
                    format!("`{}` has no values", shorten(&key.value)),
                )
                .with_help("give at least one value, or remove the key"),
            );
            // Kept with no values, so that the evaluator applies the operator to none.
            return Some(Vec::new());
        }
        Value::Array(items) => items.iter().collect(),
        _ => vec![node],
    };
    let mut raws = Vec::with_capacity(items.len());
    for item in items {
        let (text, json) = match &item.value {
            Value::String(s) => (s.as_str(), "string"),
            Value::Number(n) => (n.as_str(), "number"),
            Value::Bool(b) => (if *b { "true" } else { "false" }, "boolean"),
            _ => {
                reader.mismatch_of::<()>(
                    item,
                    &format!("a value of `{}`", shorten(&key.value)),
                    "a string, a number or a boolean",
                );
                return None;
            }
        };
        raws.push(Raw {
            text,
            json,
            node: item,
        });
    }
    if let Some(other) = raws.iter().find(|r| r.json != raws[0].json) {
        reader.report(
            Diagnostic::new(
                lint::INVALID_CONDITION_DATA_TYPE,
                other.node.loc,
                format!(
                    "the values of `{}` mix JSON types: a {} and a {}",
                    shorten(&key.value),
                    raws[0].json,
                    other.json
                ),
            )
            .with_related(raws[0].node.loc, "the first value")
            .with_help("write every value of one key with the same JSON type"),
        );
        return None;
    }
    if operator.value.base == Operator::Bool && raws.len() > 1 {
        reader.report(
            Diagnostic::new(
                lint::INVALID_CONDITION_MULTIPLE_BOOLEAN,
                node.loc,
                format!(
                    "`{}` has several boolean values: a boolean is either true or false",
                    shorten(&key.value)
                ),
            )
            .with_help("keep one value; with both the condition always holds"),
        );
        return None;
    }
    let errors_before = error_count(reader);
    let parsed: Vec<Spanned<Parsed>> = raws
        .iter()
        .filter_map(|raw| {
            let value = parse_value(operator, key, raw, reader)?;
            Some(Spanned {
                value,
                loc: raw.node.loc,
            })
        })
        .collect();
    if error_count(reader) != errors_before || parsed.len() != raws.len() {
        return None;
    }
    reader.names.push(Name::ConditionValues {
        operator: operator.clone(),
        key: key_text,
        node,
    });
    Some(parsed)
}

/// Parses one value for its operator, reporting what is wrong.
fn parse_value<'n>(
    operator: &Spanned<OperatorName>,
    key: &Spanned<String>,
    raw: &Raw<'n>,
    reader: &mut Reader<'_, 'n>,
) -> Option<Parsed> {
    let name = operator.value;
    let family = name.family();
    let text = raw.text;
    let loc = raw.node.loc;
    let fail = |reader: &mut Reader<'_, '_>, code: lint::Code, message: String| {
        reader.report(Diagnostic::new(code, loc, message));
        None
    };
    if raw.json == "string" && crate::has_placeholder(text, reader.settings.placeholders) {
        // Known at deployment only: whatever the operator reads, it may be right.
        return Some(Parsed::Text(raw.text.to_string()));
    }
    if raw.json == "string" && text.contains("${") && !variables(operator, raw, reader) {
        return None;
    }
    let wants_text = |json: &str| json == "string";
    match family {
        Family::String => {
            wildcards_without_like(operator, raw, reader);
            mfa_without_if_exists(operator, key, raw, reader);
            Some(Parsed::Text(raw.text.to_string()))
        }
        Family::Arn => {
            if !wants_text(raw.json) {
                return fail(
                    reader,
                    lint::DATA_TYPE_MISMATCH,
                    format!(
                        "`{}` values must be ARN strings, found a {}",
                        name, raw.json
                    ),
                );
            }
            let templated = reader.version == Version::V2012_10_17 && text.contains("${");
            if !templated && text != "*" {
                let errors_before = error_count(reader);
                arn::check_arn(text, loc, arn::CONDITION_VALUE, reader);
                if error_count(reader) > errors_before {
                    return None;
                }
            }
            Some(Parsed::Text(raw.text.to_string()))
        }
        Family::Numeric => match values::number(text) {
            Ok(n) if raw.json != "boolean" => Some(Parsed::Number(n)),
            Ok(_) => fail(
                reader,
                lint::TYPE_MISMATCH_NUMBER,
                format!("`{name}` compares numbers, found a boolean"),
            ),
            Err(message) => fail(reader, lint::TYPE_MISMATCH_NUMBER, message),
        },
        Family::Date => match values::date(text) {
            Ok(_) if raw.json == "boolean" => fail(
                reader,
                lint::TYPE_MISMATCH_DATE,
                format!("`{name}` compares dates, found a boolean"),
            ),
            Ok((seconds, DateForm::Iso)) => Some(Parsed::Date(seconds)),
            Ok((seconds, DateForm::Epoch)) => {
                reader.report(
                    Diagnostic::new(
                        lint::INVALID_DATE_VALUE,
                        loc,
                        format!(
                            "`{}` is read as seconds since 1970: prefer an ISO 8601 date",
                            shorten(text)
                        ),
                    )
                    .with_help("write a date such as `2024-01-31T12:00:00Z`"),
                );
                Some(Parsed::Date(seconds))
            }
            Err(message) => fail(reader, lint::TYPE_MISMATCH_DATE, message),
        },
        Family::Bool | Family::Null => {
            if family == Family::Bool
                && reader.version == Version::V2012_10_17
                && text.contains("${")
            {
                mfa_without_if_exists(operator, key, raw, reader);
                return Some(Parsed::Text(raw.text.to_string()));
            }
            let code = if family == Family::Bool {
                lint::TYPE_MISMATCH_BOOLEAN
            } else {
                lint::INVALID_NULL_VALUE
            };
            if raw.json == "number" {
                return fail(
                    reader,
                    code,
                    format!(
                        "`{name}` takes `true` or `false`, found the number `{}`",
                        shorten(text)
                    ),
                );
            }
            match values::boolean(text) {
                Ok((value, exact)) => {
                    if !exact {
                        reader.report(
                            Diagnostic::new(
                                lint::BOOLEAN_NOT_LOWERCASE,
                                loc,
                                format!("write the boolean `{}` in lowercase", shorten(text)),
                            )
                            .with_fix(loc, value.to_string()),
                        );
                    }
                    mfa_without_if_exists(operator, key, raw, reader);
                    Some(Parsed::Bool(value))
                }
                Err(message) => {
                    let error = Diagnostic::new(code, loc, message);
                    let guess = match text.to_ascii_lowercase().as_str() {
                        "yes" | "y" | "1" | "on" | "t" => Some("true"),
                        "no" | "n" | "0" | "off" | "f" => Some("false"),
                        _ => crate::suggest::closest(text, ["true", "false"]),
                    };
                    reader.report(match guess {
                        Some(fix) => error.with_fix(loc, fix),
                        None => error,
                    });
                    None
                }
            }
        }
        Family::Binary => {
            if !wants_text(raw.json) {
                return fail(
                    reader,
                    lint::TYPE_MISMATCH_STRING,
                    format!("`BinaryEquals` takes base64 strings, found a {}", raw.json),
                );
            }
            match values::base64(text) {
                Ok(bytes) => Some(Parsed::Binary(bytes)),
                Err(message) => fail(reader, lint::TYPE_MISMATCH_STRING, message),
            }
        }
        Family::Ip => {
            if !wants_text(raw.json) {
                return fail(
                    reader,
                    lint::TYPE_MISMATCH_IP_RANGE,
                    format!(
                        "`{name}` takes IP addresses or CIDR ranges as strings, found a {}",
                        raw.json
                    ),
                );
            }
            match values::network(text) {
                Ok(network) => {
                    if network.host_bits {
                        reader.report(
                            Diagnostic::new(
                                lint::IMPROVE_IP_RANGE,
                                loc,
                                format!(
                                    "`{}` has bits set past its prefix; they are ignored",
                                    shorten(text)
                                ),
                            )
                            .with_fix(loc, network_text(text, &network)),
                        );
                    }
                    Some(Parsed::Ip(network))
                }
                Err(message) => {
                    let error = Diagnostic::new(lint::TYPE_MISMATCH_IP_RANGE, loc, message);
                    reader.report(match values::netmask_to_cidr(text) {
                        Some(cidr) => error.with_fix(loc, cidr),
                        None => error,
                    });
                    None
                }
            }
        }
    }
}

/// `10.1.2.3/8` written as its network, `10.0.0.0/8`.
fn network_text(text: &str, network: &Network) -> String {
    let prefix = text.split_once('/').map_or("", |(_, p)| p);
    let address = if network.v4 {
        std::net::Ipv6Addr::from(network.network)
            .to_ipv4_mapped()
            .map(|a| a.to_string())
            .unwrap_or_default()
    } else {
        std::net::Ipv6Addr::from(network.network).to_string()
    };
    format!("{address}/{prefix}")
}

/// Checks the policy variables of a string value; false if the value is unusable.
fn variables<'n>(
    operator: &Spanned<OperatorName>,
    raw: &Raw<'n>,
    reader: &mut Reader<'_, 'n>,
) -> bool {
    let name = operator.value;
    let loc = raw.node.loc;
    let shown = shorten(raw.text);
    match name.family() {
        Family::String | Family::Arn | Family::Bool => {}
        _ => {
            reader.report(
                Diagnostic::new(
                    lint::INVALID_VARIABLE_FOR_OPERATOR,
                    loc,
                    format!(
                        "`{shown}` has a policy variable, but `{}` does not take them",
                        name.base_name()
                    ),
                )
                .with_help("policy variables work with `String…` and `Arn…` operators"),
            );
            return false;
        }
    }
    if reader.version == Version::V2008_10_17 {
        // `Arn…` values are checked as ARNs, which reports this itself.
        if name.family() != Family::Arn {
            arn::variable_outside_version(loc, &shown, reader);
        }
        return true;
    }
    match template::parse(
        raw.text,
        Syntax {
            wildcards: false,
            variables: true,
        },
    ) {
        Ok(_) => reader.names.push(Name::Variables {
            text: raw.text,
            variables: raw.text,
            wildcards: false,
            loc,
        }),
        Err(error) => {
            reader.report(Diagnostic::new(error.code, loc, error.message));
            return false;
        }
    }
    if name.family() == Family::Bool {
        reader.report(
            Diagnostic::new(
                lint::INVALID_VARIABLE_FOR_OPERATOR,
                loc,
                format!("`{shown}` has a policy variable in a `Bool` condition"),
            )
            .with_help(
                "Access Analyzer accepts policy variables only with `String…` and `Arn…` operators",
            ),
        );
    }
    true
}

/// `StringEquals` with `*` or `?`: they are literal there.
fn wildcards_without_like(
    operator: &Spanned<OperatorName>,
    raw: &Raw<'_>,
    reader: &mut Reader<'_, '_>,
) {
    let name = operator.value;
    if operator::has_wildcards(name.base) {
        return;
    }
    let parts = template::parse(
        raw.text,
        Syntax {
            wildcards: true,
            variables: reader.version == Version::V2012_10_17,
        },
    )
    .unwrap_or_default();
    if !parts
        .iter()
        .any(|p| matches!(p, Part::AnyRun | Part::AnyChar))
    {
        return;
    }
    let like = match name.base {
        Operator::StringEquals => Some(Operator::StringLike),
        Operator::StringNotEquals => Some(Operator::StringNotLike),
        _ => None,
    };
    let diagnostic = Diagnostic::new(
        lint::WILDCARD_WITHOUT_LIKE_OPERATOR,
        raw.node.loc,
        format!(
            "`{}` has `*` or `?`, but `{}` compares them literally",
            shorten(raw.text),
            name.base_name()
        ),
    );
    reader.report(match like {
        Some(base) => diagnostic.with_fix(operator.loc, OperatorName { base, ..name }.to_string()),
        None => diagnostic.with_help("use `StringLike` to match a pattern"),
    });
}

/// `Bool` `aws:MultiFactorAuthPresent` `false` without `IfExists` misses long-term keys.
fn mfa_without_if_exists(
    operator: &Spanned<OperatorName>,
    key: &Spanned<String>,
    raw: &Raw<'_>,
    reader: &mut Reader<'_, '_>,
) {
    let name = operator.value;
    if name.base == Operator::Bool
        && !name.if_exists
        && name.qualifier == Qualifier::Single
        && key.value.eq_ignore_ascii_case("aws:MultiFactorAuthPresent")
        && raw.text.eq_ignore_ascii_case("false")
    {
        reader.report(
            Diagnostic::new(
                lint::MFA_BOOL_WITHOUT_IF_EXISTS,
                operator.loc,
                "`aws:MultiFactorAuthPresent` is absent from requests signed with long-term access keys, so `Bool` … `false` misses them",
            )
            .with_fix(operator.loc, "BoolIfExists"),
        );
    }
}

#[cfg(test)]
mod tests {

    use crate::Severity;

    /// The codes and severities of the findings of one condition.
    fn findings(condition: &str) -> Vec<(&'static str, Severity)> {
        let text = format!(
            r#"{{"Version": "2012-10-17", "Statement": {{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {condition}}}}}"#
        );
        crate::check_text(&text, &crate::Options::default())
            .diagnostics
            .iter()
            .map(|d| (d.code.as_str(), d.severity))
            .collect()
    }

    #[test]
    fn global_keys_come_from_the_catalog() {
        assert!(findings(r#"{"StringEquals": {"AWS:SourceVpc": "vpc-1a2b3c4d"}}"#).is_empty());
        assert!(findings(r#"{"StringEquals": {"aws:ResourceTag/team": "a"}}"#).is_empty());
        // `aws:EpochTime` is a date or a number (IAM reference 8).
        assert!(findings(r#"{"NumericLessThan": {"aws:EpochTime": "1700000000"}}"#).is_empty());
        // No release of the catalog lists it: unknown, and not close to a known key.
        assert_eq!(
            findings(r#"{"StringEquals": {"aws:PrincipalOrgMasterAccountId": "111122223333"}}"#),
            [("UNKNOWN_GLOBAL_CONDITION_KEY", Severity::Warning)]
        );
        assert_eq!(
            findings(r#"{"StringEquals": {"aws:ResourceTags/team": "a"}}"#),
            [("INVALID_GLOBAL_CONDITION_KEY", Severity::Error)]
        );
    }

    #[test]
    fn missing_qualifier_is_a_warning() {
        assert_eq!(
            findings(r#"{"StringEquals": {"aws:TagKeys": "a"}}"#),
            [("MISSING_QUALIFIER", Severity::Warning)]
        );
        assert_eq!(
            findings(r#"{"StringEquals": {"account:AlternateContactTypes": "BILLING"}}"#),
            [("MISSING_QUALIFIER", Severity::Warning)]
        );
        // `ForAnyValue:` on a single-valued key: a suggestion, for service keys as for global
        // ones.
        assert_eq!(
            findings(r#"{"ForAnyValue:StringEquals": {"ec2:CreateAction": "RunInstances"}}"#),
            [("FORANYVALUE_WITH_SINGLE_VALUED_KEY", Severity::Suggestion)]
        );
    }
}
