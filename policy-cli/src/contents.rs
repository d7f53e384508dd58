//! What a file holds: a policy document, the policies of a CloudFormation template or a
//! Terraform plan, or no policy at all.

use iam_policy_check::json::{Node, Token, TokenKind};
use iam_policy_check::{Diagnostic, Limits, Loc, PolicyKind};

use crate::unit::Unit;
use crate::{cloudformation, terraform, yaml};

/// What a file holds.
#[derive(Debug)]
pub enum Contents {
    /// The file is one policy document (its tokens, when they were read).
    Policy(Option<Vec<Token>>),
    /// Policies inside a template or plan, and findings about the file itself.
    Units {
        /// `CloudFormation template` or `Terraform plan`.
        what: &'static str,
        units: Vec<Unit>,
        findings: Vec<Diagnostic>,
    },
    /// No policy: why, for the note.
    Nothing(String),
}

/// A file is a policy when its top object has `Statement` (in any case, to catch
/// `statement`) or `Version` as written, or a slip of `Statement` (`Statment`), and none of a
/// template's or a plan's keys.
fn looks_like_policy(keys: &[&str]) -> bool {
    let policy_key = |key: &str| {
        key.eq_ignore_ascii_case("Statement")
            || key == "Version"
            || iam_policy_check::suggest::guess(key, ["Statement"])
                .is_some_and(|guess| guess.is_typo)
    };
    keys.iter().any(|k| policy_key(k))
        && !keys.iter().any(|k| {
            matches!(
                *k,
                "Resources" | "AWSTemplateFormatVersion" | "terraform_version"
            )
        })
}

/// The kind of a policy file checked without `--kind`: resource-based when a statement names a
/// `Principal` or `NotPrincipal` (an identity-based policy cannot), a role's trust policy when it
/// also grants only `sts:` actions and names no resource; identity-based otherwise.
pub fn infer_kind(tokens: &[Token]) -> PolicyKind {
    let (mut principal, mut resource, mut actions, mut only_sts) = (false, false, 0, true);
    for (at, pair) in tokens.windows(2).enumerate() {
        let (TokenKind::String(key), TokenKind::Colon) = (&pair[0].kind, &pair[1].kind) else {
            continue;
        };
        match key.as_str() {
            "Principal" | "NotPrincipal" => principal = true,
            "Resource" | "NotResource" => resource = true,
            "Action" | "NotAction" => {
                for name in action_names(&tokens[at + 2..]) {
                    actions += 1;
                    only_sts &= name
                        .get(..4)
                        .is_some_and(|p| p.eq_ignore_ascii_case("sts:"));
                }
            }
            _ => {}
        }
    }
    match (principal, resource) {
        (false, _) => PolicyKind::Identity,
        (true, false) if actions > 0 && only_sts => PolicyKind::Trust,
        (true, _) => PolicyKind::Resource,
    }
}

/// The strings of an `Action` value: one string, or the strings of an array.
fn action_names(value: &[Token]) -> impl Iterator<Item = &str> {
    let items = match value.first().map(|t| &t.kind) {
        Some(TokenKind::OpenBracket) => &value[1..],
        _ => value.get(..1).unwrap_or_default(),
    };
    items
        .iter()
        .map_while(|t| match &t.kind {
            TokenKind::String(name) => Some(Some(name.as_str())),
            TokenKind::Comma => Some(None),
            _ => None,
        })
        .flatten()
}

/// The keys of the top object, from the tokens (no tree is built for a plain policy).
fn top_keys(tokens: &[Token]) -> Vec<&str> {
    let mut keys = Vec::new();
    let mut depth = 0usize;
    for pair in tokens.windows(2) {
        match &pair[0].kind {
            TokenKind::OpenBrace | TokenKind::OpenBracket => depth += 1,
            TokenKind::CloseBrace | TokenKind::CloseBracket => depth = depth.saturating_sub(1),
            TokenKind::String(key) if depth == 1 && pair[1].kind == TokenKind::Colon => {
                keys.push(key.as_str())
            }
            _ => {}
        }
    }
    keys
}

/// Classifies `text`. A file that is JSON (or YAML) but neither a policy, nor a template, nor a
/// plan holds no policy; a file named on the command line that cannot be read as JSON is
/// checked as a policy, so its syntax error is reported.
pub fn classify(name: &str, text: &str, named: bool, limits: &Limits) -> Contents {
    let container = Limits {
        max_tokens: limits.max_document_bytes.max(limits.max_tokens),
        max_depth: limits.max_depth.max(64),
        ..limits.clone()
    };
    let yaml_name = [".yaml", ".yml"].iter().any(|e| name.ends_with(e));
    let json_text = text.trim_start().starts_with(['{', '[']);
    // A template may be JSON or YAML; standard input is YAML when it is a YAML template.
    let yaml = yaml_name
        || (!json_text && name.ends_with(".template"))
        || (!json_text && name == crate::source::STDIN_NAME && yaml_template(text, &container));
    if yaml {
        return yaml_file(text, named, &container);
    }
    let tokens = match iam_policy_check::lexer::tokenize(text, &container) {
        Ok(tokens) => tokens,
        // The checker reports the syntax error of what may be a policy.
        Err(_) if named || text.contains("\"Statement\"") => return Contents::Policy(None),
        Err(error) => return Contents::Nothing(format!("not JSON: {}", error.message)),
    };
    let starts_object = tokens.first().map(|t| &t.kind) == Some(&TokenKind::OpenBrace);
    if starts_object && looks_like_policy(&top_keys(&tokens)) {
        return Contents::Policy(Some(tokens));
    }
    let end = Loc::new(text.len() as u32, text.len() as u32);
    let root = match iam_policy_check::json::parse(&tokens, end, &container) {
        Ok(root) => root,
        Err(_) if named || text.contains("\"Statement\"") => return Contents::Policy(Some(tokens)),
        Err(error) => return Contents::Nothing(format!("not JSON: {}", error.message)),
    };
    if cloudformation::is_template(&root) {
        return Contents::Units {
            what: "CloudFormation template",
            units: cloudformation::policies(&root),
            findings: Vec::new(),
        };
    }
    if terraform::is_plan(&root) {
        let (units, findings) = terraform::policies(text, &root, limits);
        return Contents::Units {
            what: "Terraform plan",
            units,
            findings,
        };
    }
    if terraform::is_configuration(name, &root) {
        let (units, findings) = terraform::configuration_policies(text, &root, limits);
        return Contents::Units {
            what: "Terraform configuration",
            units,
            findings,
        };
    }
    Contents::Nothing("holds no policy, CloudFormation template or Terraform plan".into())
}

/// Whether YAML text is a CloudFormation template.
fn yaml_template(text: &str, limits: &Limits) -> bool {
    yaml::parse(text, limits.max_depth).is_ok_and(|root| cloudformation::is_template(&root))
}

fn yaml_file(text: &str, named: bool, limits: &Limits) -> Contents {
    let root: Node = match yaml::parse(text, limits.max_depth) {
        Ok(root) => root,
        Err((message, at)) if named => {
            let at = at as u32;
            return Contents::Units {
                what: "YAML file",
                units: Vec::new(),
                findings: vec![Diagnostic::new(
                    iam_policy_check::lint::JSON_SYNTAX_ERROR,
                    Loc::new(at, at),
                    format!("the file is not YAML: {message}"),
                )],
            };
        }
        Err((message, _)) => return Contents::Nothing(format!("not YAML: {message}")),
    };
    if cloudformation::is_template(&root) {
        Contents::Units {
            what: "CloudFormation template",
            units: cloudformation::policies(&root),
            findings: Vec::new(),
        }
    } else {
        Contents::Nothing("not a CloudFormation template".into())
    }
}
