//! The `Principal` and `NotPrincipal` elements of resource-based policies (IAM reference
//! section 5).

use crate::lint;
use iam_policy_core::tables::Polarity;

use crate::diagnostic::{Diagnostic, Loc};
use crate::grammar::document::Spanned;
use crate::grammar::reader::Reader;
use crate::syntax::json::{shorten, Member, Node, Value};
use crate::PolicyKind;

/// A checked `Principal` or `NotPrincipal` element.
#[derive(Clone, Debug, PartialEq)]
pub struct PrincipalElement {
    /// `Principal` (listed) or `NotPrincipal` (excluded).
    pub polarity: Polarity,
    /// The entries, ORed.
    pub entries: Vec<Spanned<PrincipalEntry>>,
}

/// One principal, normalized.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PrincipalEntry {
    /// `"*"` or `{"AWS": "*"}`.
    Anyone,
    /// A whole account: `{"AWS": "111122223333"}` or `arn:…:iam::111122223333:root`.
    Account(String),
    /// One IAM principal by ARN (user, role, session, federated user) or unique ID.
    Aws(String),
    /// `{"Service": "ec2.amazonaws.com"}`.
    Service(String),
    /// `{"Federated": …}`.
    Federated(String),
    /// `{"CanonicalUser": …}`.
    CanonicalUser(String),
}

const KEYS: &[&str] = &["AWS", "Service", "Federated", "CanonicalUser"];

/// Reads `Principal`/`NotPrincipal`; `Some(None)` when the statement rightly has neither.
pub(crate) fn read(
    members: &[(&'static str, &Member)],
    statement: &Node,
    reader: &mut Reader<'_, '_>,
) -> Option<Option<PrincipalElement>> {
    let kind = reader.settings.kind;
    if !kind.names_principals() {
        let (code, holder) = match kind {
            PolicyKind::Scp => (
                lint::SCP_SYNTAX_ERROR_PRINCIPAL,
                "a service control policy cannot have `{}`: it applies to every principal of the accounts it is attached to",
            ),
            PolicyKind::Boundary => (
                lint::UNSUPPORTED_PRINCIPAL,
                "a permissions boundary cannot have `{}`: it applies to the identity it is set for",
            ),
            PolicyKind::Session => (
                lint::UNSUPPORTED_PRINCIPAL,
                "a session policy cannot have `{}`: it applies to the session it is passed to",
            ),
            _ => (
                lint::UNSUPPORTED_PRINCIPAL,
                "an identity policy cannot have `{}`: it applies to the identity it is attached to",
            ),
        };
        for (name, member) in members {
            let message = holder.replace("{}", name);
            let diagnostic = Diagnostic::new(code, member.key_loc, message);
            reader.report(if kind == PolicyKind::Scp {
                diagnostic.with_help(
                    "remove it; SCPs narrow principals with conditions such as `aws:PrincipalArn`",
                )
            } else {
                diagnostic.with_help("remove it, or check the document as a resource-based policy")
            });
        }
        return members.is_empty().then_some(None);
    }
    match members {
        [] => {
            reader.report(
                    Diagnostic::new(
                        lint::MISSING_PRINCIPAL,
                        statement.loc,
                        "a statement of a resource-based policy needs `Principal` or `NotPrincipal`",
                    )
                    .with_help("add `\"Principal\": {\"AWS\": \"arn:aws:iam::111122223333:root\"}` naming who gets access"),
                );
            None
        }
        [(name, member)] if *name == "NotPrincipal" && kind == PolicyKind::Trust => {
            reader.report(
                Diagnostic::new(
                    lint::NOT_PRINCIPAL_IN_TRUST_POLICY,
                    member.key_loc,
                    "a role trust policy cannot have `NotPrincipal`",
                )
                .with_help("name who may assume the role in `Principal`"),
            );
            None
        }
        [(name, member)] => element(name, member, statement, reader).map(Some),
        [(_, first), (_, second), ..] => {
            let (first, second) = if first.key_loc < second.key_loc {
                (first, second)
            } else {
                (second, first)
            };
            reader.report(
                Diagnostic::new(
                    lint::UNSUPPORTED_ELEMENT_COMBINATION,
                    second.key_loc,
                    "a statement cannot have both `Principal` and `NotPrincipal`",
                )
                .with_related(first.key_loc, "the other one is here")
                .with_help("keep one of them"),
            );
            None
        }
    }
}

fn element(
    name: &str,
    member: &Member,
    statement: &Node,
    reader: &mut Reader<'_, '_>,
) -> Option<PrincipalElement> {
    let polarity = if name == "NotPrincipal" {
        Polarity::Excluded
    } else {
        Polarity::Listed
    };
    if polarity == Polarity::Excluded && effect_is_allow(statement) {
        reader.report(
            Diagnostic::new(
                lint::ALLOW_WITH_NOT_PRINCIPAL,
                member.key_loc,
                "`Allow` with `NotPrincipal` grants access to everyone not listed, anonymous callers included",
            )
            .with_help("list the principals to allow in `Principal` instead"),
        );
    }
    let node = &member.value;
    let errors_before = reader.hard_errors();
    let mut entries = Vec::new();
    match &node.value {
        Value::String(s) if s == "*" => entries.push(Spanned {
            value: PrincipalEntry::Anyone,
            loc: node.loc,
        }),
        Value::String(s) => {
            let error = Diagnostic::new(
                lint::INVALID_PRINCIPAL_FORMAT,
                node.loc,
                format!("`{name}` must be `\"*\"` or an object such as `{{\"AWS\": …}}`, found the string `{}`", shorten(s)),
            );
            let kind = if s.ends_with(".amazonaws.com") {
                "Service"
            } else {
                "AWS"
            };
            reader.report(error.with_help(format!(
                "write `\"{name}\": {{\"{kind}\": \"{}\"}}`",
                shorten(s)
            )));
        }
        Value::Object(kinds) if kinds.is_empty() => reader.report(
            Diagnostic::new(
                lint::EMPTY_OBJECT_PRINCIPAL,
                node.loc,
                format!("`{name}` is an empty object: the statement can never apply"),
            )
            .with_help("name principals with `AWS`, `Service`, `Federated` or `CanonicalUser`"),
        ),
        Value::Object(kinds) => {
            for (index, kind) in kinds.iter().enumerate() {
                if let Some(first) = kinds[..index].iter().find(|k| k.key == kind.key) {
                    reader.report(
                        Diagnostic::new(
                            lint::DUPLICATE_KEY,
                            kind.key_loc,
                            format!("duplicate principal type `{}`", shorten(&kind.key)),
                        )
                        .with_related(first.key_loc, "first defined here")
                        .with_help("merge the principals into one array"),
                    );
                    continue;
                }
                let Some(known) = KEYS.iter().copied().find(|k| *k == kind.key) else {
                    let error = Diagnostic::new(
                        lint::INVALID_PRINCIPAL_KEY,
                        kind.key_loc,
                        format!("unknown principal type `{}`", shorten(&kind.key)),
                    );
                    reader.report(match crate::suggest::closest(&kind.key, KEYS.iter().copied()) {
                        Some(fix) => error.with_fix(kind.key_loc, fix),
                        None => error.with_help("principal types are `AWS`, `Service`, `Federated` and `CanonicalUser`"),
                    });
                    continue;
                };
                let Some(items) =
                    reader.string_list(&kind.value, known, lint::EMPTY_ARRAY_PRINCIPAL)
                else {
                    continue;
                };
                for item in items {
                    if let Some(entry) = entry(known, &item, reader) {
                        entries.push(Spanned {
                            value: entry,
                            loc: item.loc,
                        });
                    }
                }
            }
        }
        _ => {
            reader.mismatch::<()>(node, name, "`\"*\"` or an object");
        }
    }
    let errors_after = reader.hard_errors();
    // No entries (`{}`, `{"AWS": []}`) is kept: `Principal` then matches no one, as in IAM.
    (errors_after == errors_before).then_some(PrincipalElement { polarity, entries })
}

fn effect_is_allow(statement: &Node) -> bool {
    let Value::Object(members) = &statement.value else {
        return false;
    };
    members
        .iter()
        .any(|m| m.key == "Effect" && m.value.value == Value::String("Allow".into()))
}

/// Checks one principal of type `kind`.
fn entry(
    kind: &str,
    item: &Spanned<String>,
    reader: &mut Reader<'_, '_>,
) -> Option<PrincipalEntry> {
    let text = item.value.as_str();
    let loc = item.loc;
    let shown = shorten(text);
    if crate::has_placeholder(text, reader.settings.placeholders) {
        // Known at deployment only: accepted as a principal of its type.
        return Some(match kind {
            "Service" => PrincipalEntry::Service(text.to_string()),
            "Federated" => PrincipalEntry::Federated(text.to_string()),
            "CanonicalUser" => PrincipalEntry::CanonicalUser(text.to_string()),
            _ => PrincipalEntry::Aws(text.to_string()),
        });
    }
    if text.contains("${") {
        reader.report(
            Diagnostic::new(
                lint::VARIABLE_UNSUPPORTED_IN_ELEMENT,
                loc,
                format!("the principal `{shown}` has a policy variable; `Principal` takes none"),
            )
            .with_help("match the caller with a condition on `aws:PrincipalArn` instead"),
        );
        return None;
    }
    if kind == "AWS" && text == "*" {
        return Some(PrincipalEntry::Anyone);
    }
    if text.contains(['*', '?']) {
        reader.report(
            Diagnostic::new(
                lint::UNSUPPORTED_WILDCARD_IN_PRINCIPAL,
                loc,
                if text == "*" {
                    format!(
                        "`{kind}` takes no wildcard: everyone is `\"*\"` or `{{\"AWS\": \"*\"}}`"
                    )
                } else {
                    format!("the principal `{shown}` has a wildcard: only `\"*\"` alone is allowed")
                },
            )
            .with_help(
                "use `\"Principal\": \"*\"` with an `ArnLike` condition on `aws:PrincipalArn`",
            ),
        );
        return None;
    }
    let invalid = |reader: &mut Reader<'_, '_>, why: String| {
        reader.report(Diagnostic::new(lint::INVALID_PRINCIPAL_FORMAT, loc, why));
        None
    };
    match kind {
        "AWS" => aws(text, loc, reader),
        "Service" => {
            let host = text
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-');
            if !host || !text.contains('.') {
                let error = Diagnostic::new(
                    lint::INVALID_SERVICE_PRINCIPAL_FORMAT,
                    loc,
                    format!(
                        "`{shown}` is not a service principal: they look like `ec2.amazonaws.com`"
                    ),
                );
                // A bare service name means the service's principal (`lambda`).
                reader.report(if host && !text.is_empty() {
                    error.with_fix(loc, format!("{}.amazonaws.com", text.to_ascii_lowercase()))
                } else {
                    error
                });
                return None;
            }
            if text.bytes().any(|b| b.is_ascii_uppercase()) {
                reader.report(
                    Diagnostic::new(
                        lint::INVALID_SERVICE_PRINCIPAL_FORMAT,
                        loc,
                        format!("the service principal `{shown}` must be lowercase"),
                    )
                    .with_fix(loc, text.to_ascii_lowercase()),
                );
                return None;
            }
            Some(PrincipalEntry::Service(text.to_string()))
        }
        "Federated" => {
            let provider_arn = crate::grammar::arn::split(text).is_some_and(
                |[arn, _, service, region, account, resource]| {
                    arn == "arn"
                        && service == "iam"
                        && region.is_empty()
                        && is_account(account)
                        && (resource
                            .strip_prefix("saml-provider/")
                            .is_some_and(|n| !n.is_empty())
                            || resource
                                .strip_prefix("oidc-provider/")
                                .is_some_and(|n| !n.is_empty()))
                },
            );
            let host = !text.starts_with("arn:")
                && text.contains('.')
                && text
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-');
            if provider_arn || host {
                Some(PrincipalEntry::Federated(text.to_string()))
            } else {
                invalid(reader, format!("`{shown}` is not a federation provider: write a host such as `accounts.google.com` or an ARN `arn:aws:iam::ACCOUNT:saml-provider/NAME` / `oidc-provider/HOST`"))
            }
        }
        _ => {
            if text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit()) {
                Some(PrincipalEntry::CanonicalUser(text.to_string()))
            } else {
                invalid(
                    reader,
                    format!(
                        "`{shown}` is not a canonical user ID: it must be 64 hexadecimal digits"
                    ),
                )
            }
        }
    }
}

fn is_account(text: &str) -> bool {
    text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit())
}

/// An `AWS` principal: an account, an IAM user or role, a session, or a unique ID.
fn aws(text: &str, loc: Loc, reader: &mut Reader<'_, '_>) -> Option<PrincipalEntry> {
    let shown = shorten(text);
    if is_account(text) {
        return Some(PrincipalEntry::Account(text.to_string()));
    }
    for (prefix, code, what) in [
        ("AIDA", lint::INVALID_USER_REFERENCE, "user"),
        ("AROA", lint::INVALID_ROLE_REFERENCE, "role"),
    ] {
        if text.starts_with(prefix)
            && text.len() >= 16
            && text.bytes().all(|b| b.is_ascii_alphanumeric())
        {
            reader.report(
                Diagnostic::new(
                    code,
                    loc,
                    format!("`{shown}` is the unique ID of an IAM {what}: IAM shows it when the {what} was deleted"),
                )
                .with_help(format!("name the {what} by its ARN, `arn:aws:iam::ACCOUNT:{what}/NAME`")),
            );
            return Some(PrincipalEntry::Aws(text.to_string()));
        }
    }
    let invalid = |reader: &mut Reader<'_, '_>, why: String| {
        reader.report(Diagnostic::new(lint::INVALID_PRINCIPAL_FORMAT, loc, why));
        None
    };
    let Some([arn, partition, service, region, account, resource]) =
        crate::grammar::arn::split(text)
    else {
        let digits: String = text.chars().filter(char::is_ascii_digit).collect();
        let error = Diagnostic::new(
            lint::INVALID_PRINCIPAL_FORMAT,
            loc,
            format!("`{shown}` is not an AWS principal: write a 12-digit account ID or the ARN of a user, role or session"),
        );
        reader.report(
            if digits.len() == 12
                && text
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '-' || c == ' ')
            {
                error.with_fix(loc, digits)
            } else {
                error
            },
        );
        return None;
    };
    // CloudFront's origin access identities are named by a principal of their own shape
    // (Amazon S3 and CloudFront documentation): `…:iam::cloudfront:user/CloudFront Origin
    // Access Identity ID`.
    if arn == "arn"
        && service == "iam"
        && region.is_empty()
        && account == "cloudfront"
        && resource
            .strip_prefix(CLOUDFRONT_OAI)
            .is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric()))
    {
        return Some(PrincipalEntry::Aws(text.to_string()));
    }
    if arn == "arn" && !partition.is_empty() && region.is_empty() && !is_account(account) {
        return invalid(
            reader,
            format!(
                "the account `{}` of the principal `{shown}` is not an account ID: it must be 12 digits",
                shorten(account)
            ),
        );
    }
    if arn != "arn" || partition.is_empty() || !region.is_empty() {
        return invalid(reader, format!("`{shown}` is not a principal ARN: they look like `arn:aws:iam::111122223333:role/NAME`"));
    }
    let named = |prefix: &str| resource.strip_prefix(prefix).is_some_and(|n| !n.is_empty());
    match service {
        "iam" if resource == "root" => Some(PrincipalEntry::Account(account.to_string())),
        "iam" if named("user/") || named("role/") => Some(PrincipalEntry::Aws(text.to_string())),
        "iam" if named("group/") => invalid(reader, format!("`{shown}` is a group: groups cannot be principals")),
        "sts" if resource
            .strip_prefix("assumed-role/")
            .and_then(|rest| rest.split_once('/'))
            .is_some_and(|(role, session)| !role.is_empty() && !session.is_empty())
            || named("federated-user/") =>
        {
            Some(PrincipalEntry::Aws(text.to_string()))
        }
        "iam" if named("saml-provider/") || named("oidc-provider/") => invalid(
            reader,
            format!("`{shown}` is an identity provider: name it under `Federated`, not `AWS`"),
        ),
        _ => invalid(reader, format!("`{shown}` is not a principal ARN: name the account root, a user, a role, an assumed-role session or a federated user")),
    }
}

/// The resource part of a CloudFront origin access identity's principal ARN, before its ID.
const CLOUDFRONT_OAI: &str = "user/CloudFront Origin Access Identity ";
