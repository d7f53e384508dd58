//! The least-privilege identity policy of what calls did successfully.
//!
//! One statement per service and set of resources: the actions of a service requested on the
//! same resources share a statement (`Sid` `Cloudtrail1`, …), in name order; the actions that
//! take no resource share one statement on `"*"` whose `Sid` says so
//! (`CloudtrailActionsWithoutResourceTypes`). The output is the same for the same calls, in any
//! order. Characters IAM refuses in a policy (outside tab, line breaks and U+0020 to U+00FF)
//! are written `?`, which matches one character, and `${` is written `${$}{`, so that no text
//! of a resource reads as a policy variable.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use crate::call::{Call, Recorded};

/// Collects the actions and resources of successful calls.
#[derive(Clone, Debug, Default)]
pub struct Generator {
    /// Action → resources (empty: takes no resource).
    actions: BTreeMap<String, BTreeSet<String>>,
    calls: usize,
}

impl Generator {
    pub fn new() -> Self {
        Generator::default()
    }

    /// Adds a call, when it succeeded (denied and failed calls grant nothing).
    pub fn add(&mut self, call: &Call<'_>) {
        if call.recorded != Recorded::Allowed {
            return;
        }
        self.calls += 1;
        for action in &call.actions {
            // Looked up without allocating: a long log repeats its actions and resources.
            if !self.actions.contains_key(&*action.action) {
                self.actions
                    .insert(action.action.to_string(), BTreeSet::new());
            }
            let Some(resources) = self.actions.get_mut(&*action.action) else {
                continue;
            };
            if !action.takes_no_resource {
                for resource in &action.resources {
                    let text = policy_text(resource);
                    if !resources.contains(&*text) {
                        resources.insert(text.into_owned());
                    }
                }
            }
        }
    }

    /// The calls added.
    pub fn calls(&self) -> usize {
        self.calls
    }

    /// Whether no call was added.
    pub fn is_empty(&self) -> bool {
        self.actions.is_empty()
    }

    /// The statements: `(Sid, actions, resources)`, `resources` empty for `"*"`.
    fn statements(&self) -> Vec<(String, Vec<&str>, Vec<&str>)> {
        let mut by_service: BTreeMap<&str, Vec<(&str, &BTreeSet<String>)>> = BTreeMap::new();
        for (action, resources) in &self.actions {
            let service = action.split_once(':').map_or(action.as_str(), |(s, _)| s);
            by_service
                .entry(service)
                .or_default()
                .push((action, resources));
        }
        let mut statements = Vec::new();
        for (service, actions) in by_service {
            let name = sid_word(service);
            let star: Vec<&str> = actions
                .iter()
                .filter(|(_, r)| r.is_empty())
                .map(|(a, _)| *a)
                .collect();
            if !star.is_empty() {
                statements.push((
                    format!("{name}ActionsWithoutResourceTypes"),
                    star,
                    Vec::new(),
                ));
            }
            let mut groups: BTreeMap<&BTreeSet<String>, Vec<&str>> = BTreeMap::new();
            for (action, resources) in actions.iter().filter(|(_, r)| !r.is_empty()) {
                groups.entry(resources).or_default().push(action);
            }
            for (number, (resources, actions)) in groups.into_iter().enumerate() {
                statements.push((
                    format!("{name}{}", number + 1),
                    actions,
                    resources.iter().map(String::as_str).collect(),
                ));
            }
        }
        statements
    }

    /// The policy as IAM JSON.
    ///
    /// ```
    /// use iam_policy_cloudtrail::{Generator, Mapper, Record};
    /// let record = Record::parse(r#"{"eventSource": "cloudtrail.amazonaws.com",
    ///     "eventName": "DescribeTrails", "awsRegion": "us-east-1"}"#).unwrap();
    /// let mut generator = Generator::new();
    /// generator.add(&Mapper::new().map(&record).unwrap());
    /// assert!(generator.to_json().contains(r#""Sid": "CloudtrailActionsWithoutResourceTypes""#));
    /// ```
    pub fn to_json(&self) -> String {
        let quote = |s: &str| serde_json::to_string(s).unwrap_or_default();
        let list = |items: &[&str], indent: &str| -> String {
            if items.len() == 1 {
                return quote(items[0]);
            }
            let inner: Vec<String> = items
                .iter()
                .map(|i| format!("{indent}  {}", quote(i)))
                .collect();
            format!("[\n{}\n{indent}]", inner.join(",\n"))
        };
        let mut out = String::from("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [");
        let statements = self.statements();
        for (i, (sid, actions, resources)) in statements.iter().enumerate() {
            let resource = if resources.is_empty() {
                quote("*")
            } else {
                list(resources, "      ")
            };
            let _ = write!(
                out,
                "{}\n    {{\n      \"Sid\": {},\n      \"Effect\": \"Allow\",\n      \"Action\": {},\n      \"Resource\": {}\n    }}",
                if i == 0 { "" } else { "," },
                quote(sid),
                list(actions, "      "),
                resource
            );
        }
        out.push_str(if statements.is_empty() {
            "]\n}\n"
        } else {
            "\n  ]\n}\n"
        });
        out
    }

    /// The policy as a `policy!` literal to paste into Rust code.
    pub fn to_rust(&self, name: &str) -> String {
        let json = self.to_json();
        let body = json.trim_end();
        format!("static {name}: iam_policy::Policy = iam_policy::policy!({body});\n")
    }
}

/// A `Sid` word of a service prefix: `cloudtrail` → `Cloudtrail`, `resource-explorer-2` →
/// `ResourceExplorer2`.
fn sid_word(service: &str) -> String {
    service
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// A resource as policy text: characters IAM refuses become `?`, `${` becomes `${$}{`.
fn policy_text(resource: &str) -> Cow<'_, str> {
    let refused = |c: char| !matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{ff}');
    if !resource.contains(refused) && !resource.contains("${") {
        return Cow::Borrowed(resource);
    }
    let kept: String = resource
        .chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' | '\u{20}'..='\u{ff}' => c,
            _ => '?',
        })
        .collect();
    Cow::Owned(kept.replace("${", "${$}{"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sid_words_are_alphanumeric() {
        assert_eq!(sid_word("resource-explorer-2"), "ResourceExplorer2");
        assert_eq!(sid_word("s3"), "S3");
    }

    #[test]
    fn resources_never_read_as_variables_or_refused_characters() {
        assert_eq!(policy_text("arn:aws:s3:::b/${x}"), "arn:aws:s3:::b/${$}{x}");
        assert_eq!(policy_text("arn:aws:s3:::b/\u{2019}"), "arn:aws:s3:::b/?");
    }
}
