//! What a file holds: a policy document, the policies of a CloudFormation template or a
//! Terraform plan, or no policy at all.

use policy_check::json::{Node, Value};
use policy_check::{Diagnostic, Limits, Loc};

use crate::unit::Unit;
use crate::{cloudformation, terraform, yaml};

/// What a file holds.
#[derive(Debug)]
pub enum Contents {
    /// The file is one policy document.
    Policy,
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

/// A folder's file is a policy when its top object has `Statement` (in any case, to catch
/// `statement`) or `Version` as written.
fn looks_like_policy(root: &Node) -> bool {
    match &root.value {
        Value::Object(members) => members
            .iter()
            .any(|m| m.key.eq_ignore_ascii_case("Statement") || m.key == "Version"),
        _ => false,
    }
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
    if yaml_name || (name.ends_with(".template") && !json_text) {
        return yaml_file(text, named, &container);
    }
    let tree = policy_check::lexer::tokenize(text, &container).and_then(|tokens| {
        let end = Loc::new(text.len() as u32, text.len() as u32);
        policy_check::json::parse(&tokens, end, &container)
    });
    let root = match tree {
        Ok(root) => root,
        // The checker reports the syntax error of what may be a policy.
        Err(_) if named || text.contains("\"Statement\"") => return Contents::Policy,
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
    if looks_like_policy(&root) {
        Contents::Policy
    } else {
        Contents::Nothing("holds no policy, CloudFormation template or Terraform plan".into())
    }
}

fn yaml_file(text: &str, named: bool, limits: &Limits) -> Contents {
    let root: Node = match yaml::parse(text, limits.max_depth) {
        Ok(root) => root,
        Err((message, at)) if named => {
            let at = at as u32;
            return Contents::Units {
                what: "YAML file",
                units: Vec::new(),
                findings: vec![Diagnostic::error(
                    "JSON_SYNTAX_ERROR",
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
