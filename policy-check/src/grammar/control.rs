//! The rules of AWS Organizations' control policies: service control policies (SCPs) and
//! resource control policies (RCPs), beside the grammar every policy shares.
//!
//! - SCP: the identity grammar, without `Principal` (refused by `principal::read`). Since
//!   September 2025 SCPs take the whole IAM language: conditions, resource ARNs and `NotAction`
//!   in `Allow` statements, `NotResource`, and wildcards anywhere in an action (`s3:*Object`)
//!   (AWS Organizations User Guide, "SCP syntax").
//! - RCP: `Deny` only ([`lint::RCP_SYNTAX_ERROR_ALLOW`]), but for the statement of
//!   `RCPFullAWSAccess` (`Allow` of `*` to `*` on `*`); no `NotAction`
//!   ([`lint::RCP_SYNTAX_ERROR_NOTACTION`]); `"Principal": "*"` only
//!   ([`lint::RCP_SYNTAX_ERROR_PRINCIPAL`]); `*` alone refused
//!   ([`lint::RCP_SYNTAX_ERROR_ACTION`]); every action of a service RCPs support (a service off
//!   the list this version knows is [`lint::RCP_UNSUPPORTED_SERVICE`], deny-by-default: AWS
//!   adds services to the list).
//!
//! ```
//! use iam_policy_check::{check_text, Options, PolicyKind};
//! let rcp = Options::default().with_kind(PolicyKind::Rcp);
//! let text = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*",
//!     "Action": "ec2:RunInstances", "Resource": "*"}]}"#;
//! let codes: Vec<_> = check_text(text, &rcp).diagnostics.iter().map(|d| d.code.as_str()).collect();
//! assert_eq!(codes, ["RCP_SYNTAX_ERROR_ALLOW", "RCP_UNSUPPORTED_SERVICE"]);
//! ```

use iam_policy_core::tables::Polarity;

use crate::diagnostic::{Diagnostic, Loc};
use crate::grammar::document::Patterns;
use crate::grammar::reader::Reader;
use crate::lint;
use crate::syntax::json::{Member, Node, Value};
use crate::PolicyKind;

/// The service prefixes whose actions resource control policies apply to (AWS Organizations
/// User Guide, "Resource control policies": "List of AWS services that support RCPs").
pub const RCP_SERVICES: [&str; 10] = [
    "s3",
    "sts",
    "sqs",
    "secretsmanager",
    "kms",
    "cognito-identity",
    "logs",
    "dynamodb",
    "ecr",
    "aoss",
];

/// Checks one statement of an RCP (nothing for other kinds: an SCP's only rule of its own, no
/// `Principal`, is the principal reader's). `effect_allow` is `Some(loc of Effect)` when the
/// statement allows.
pub(crate) fn check_statement(
    members: &[(&'static str, &Member)],
    effect_allow: Option<Loc>,
    action: Option<&Patterns>,
    reader: &mut Reader<'_, '_>,
) {
    if reader.settings.kind == PolicyKind::Rcp
        && !(effect_allow.is_some() && is_full_access(members))
    {
        rcp_statement(members, effect_allow, action, reader);
    }
}

/// Whether an allowing statement is that of `RCPFullAWSAccess`: every principal, every action,
/// every resource, nothing else. AWS attaches that policy to every level of an organization; it
/// is the one `Allow` an RCP may hold (AWS Organizations User Guide, "RCP syntax").
fn is_full_access(members: &[(&'static str, &Member)]) -> bool {
    let star = |node: &Node| match &node.value {
        Value::String(text) => text == "*",
        Value::Array(items) => {
            matches!(&items[..], [item] if matches!(&item.value, Value::String(text) if text == "*"))
        }
        _ => false,
    };
    let mut stars = 0;
    for (name, member) in members {
        match *name {
            "Sid" | "Effect" => {}
            "Principal" | "Action" | "Resource" if star(&member.value) => stars += 1,
            _ => return false,
        }
    }
    stars == 3
}

fn rcp_statement(
    members: &[(&'static str, &Member)],
    effect_allow: Option<Loc>,
    action: Option<&Patterns>,
    reader: &mut Reader<'_, '_>,
) {
    if let Some(loc) = effect_allow {
        reader.report(
            Diagnostic::new(
                lint::RCP_SYNTAX_ERROR_ALLOW,
                loc,
                "a resource control policy only denies: `RCPFullAWSAccess`, attached to every level, allows the rest",
            )
            .with_help("write `\"Effect\": \"Deny\"` with the condition under which access is refused"),
        );
    }
    if let Some(action) = action {
        if action.polarity == Polarity::Excluded {
            if let Some((_, member)) = members.iter().find(|(name, _)| *name == "NotAction") {
                reader.report(
                    Diagnostic::new(
                        lint::RCP_SYNTAX_ERROR_NOTACTION,
                        member.key_loc,
                        "a resource control policy cannot use `NotAction`",
                    )
                    .with_help("list the actions with `Action`"),
                );
            }
        } else {
            for item in &action.items {
                rcp_action(&item.value, item.loc, reader);
            }
        }
    }
    let principals = members
        .iter()
        .filter(|(name, _)| matches!(*name, "Principal" | "NotPrincipal"));
    for (name, member) in principals {
        let star = matches!(&member.value.value, Value::String(s) if s == "*");
        if *name == "NotPrincipal" || (*name == "Principal" && !star) {
            reader.report(
                Diagnostic::new(
                    lint::RCP_SYNTAX_ERROR_PRINCIPAL,
                    member.key_loc,
                    format!("a resource control policy takes only `\"Principal\": \"*\"`, not `{name}` naming principals"),
                )
                .with_help("write `\"Principal\": \"*\"` and narrow who is denied with conditions (`aws:PrincipalOrgID`, `aws:PrincipalIsAWSService`)"),
            );
        }
    }
}

fn rcp_action(text: &str, loc: Loc, reader: &mut Reader<'_, '_>) {
    let service = text.split_once(':').map(|(prefix, _)| prefix);
    let supported = service.is_some_and(|s| RCP_SERVICES.iter().any(|k| k.eq_ignore_ascii_case(s)));
    if supported {
        return;
    }
    let (code, message) = match service {
        None => (
            lint::RCP_SYNTAX_ERROR_ACTION,
            format!("`{text}`: a resource control policy must name the service of each action"),
        ),
        Some(service) => (
            lint::RCP_UNSUPPORTED_SERVICE,
            format!("`{text}`: resource control policies do not apply to `{service}`"),
        ),
    };
    reader.report(Diagnostic::new(code, loc, message).with_help(format!(
        "RCPs apply to the actions of {} (AWS adds services to this list: allow `RCP_UNSUPPORTED_SERVICE` for a newer one)",
        RCP_SERVICES.join(", ")
    )));
}
