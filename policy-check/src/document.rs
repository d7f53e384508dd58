//! The policy grammar: from a JSON tree to a typed [`Document`], reporting every structural
//! mistake (unknown or duplicate elements, wrong types, missing or conflicting elements).

use crate::action;
use crate::arn;
use crate::condition::{self, ConditionBlock};
use crate::diagnostic::{Diagnostic, Loc, Severity};
use crate::json::{shorten, Member, Node, Value};
use crate::principal::{self, PrincipalElement};
use crate::suggest::closest;
use crate::{Options, PolicyKind};
use policy_core::{Effect, Version};

/// A value and where it was written.
#[derive(Clone, Debug, PartialEq)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub loc: Loc,
}

/// A checked policy document.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// `Version`, if written.
    pub version: Option<Spanned<Version>>,
    /// The statements, in order.
    pub statements: Vec<Statement>,
}

impl Document {
    /// The language version in force: an absent `Version` means `2008-10-17`.
    pub fn effective_version(&self) -> Version {
        self.version
            .as_ref()
            .map_or(Version::V2008_10_17, |v| v.value)
    }
}

/// A list of patterns: `Action`/`NotAction`, `Resource`/`NotResource`.
#[derive(Clone, Debug, PartialEq)]
pub struct Patterns {
    /// `Action` (listed) or `NotAction` (excluded).
    pub polarity: policy_core::tables::Polarity,
    /// The patterns as written.
    pub items: Vec<Spanned<String>>,
}

/// A checked statement.
#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    /// The statement object.
    pub loc: Loc,
    /// `Sid`.
    pub sid: Option<Spanned<String>>,
    /// `Effect`.
    pub effect: Effect,
    /// `Action` or `NotAction`.
    pub action: Patterns,
    /// `Resource` or `NotResource` (absent only in role trust policies).
    pub resource: Option<Patterns>,
    /// `Principal` or `NotPrincipal` (resource-based policies).
    pub principal: Option<PrincipalElement>,
    /// `Condition`.
    pub condition: Vec<ConditionBlock>,
}

const TOP_LEVEL: &[&str] = &["Version", "Id", "Statement"];
const STATEMENT: &[&str] = &[
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
];

/// Shared state of one check: the options and the findings so far.
pub(crate) struct Checker<'o> {
    pub options: &'o Options,
    pub diagnostics: Vec<Diagnostic>,
    /// The version in force, once known.
    pub version: Version,
    /// Whether `Version` was written.
    pub version_written: bool,
    /// The `Sid`s seen so far, to report duplicates.
    pub sids: Vec<Spanned<String>>,
}

impl Checker<'_> {
    pub fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// Reports a wrong JSON type and returns `None`.
    pub fn mismatch<T>(&mut self, node: &Node, element: &str, expected: &str) -> Option<T> {
        self.report(Diagnostic::error(
            "DATA_TYPE_MISMATCH",
            node.loc,
            format!(
                "`{element}` must be {expected}, found {}",
                node.value.type_name()
            ),
        ));
        None
    }

    /// A string value, or a `DATA_TYPE_MISMATCH`.
    pub fn string(&mut self, node: &Node, element: &str) -> Option<Spanned<String>> {
        match &node.value {
            Value::String(s) => Some(Spanned {
                value: s.clone(),
                loc: node.loc,
            }),
            _ => self.mismatch(node, element, "a string"),
        }
    }

    /// A string or a non-empty array of strings.
    pub fn string_list(
        &mut self,
        node: &Node,
        element: &str,
        empty_code: &'static str,
    ) -> Option<Vec<Spanned<String>>> {
        match &node.value {
            Value::String(s) => Some(vec![Spanned {
                value: s.clone(),
                loc: node.loc,
            }]),
            Value::Array(items) if items.is_empty() => {
                self.report(Diagnostic::error(
                    empty_code,
                    node.loc,
                    format!("`{element}` is an empty array: the statement can never apply"),
                ));
                None
            }
            Value::Array(items) => {
                let strings: Vec<_> = items
                    .iter()
                    .filter_map(|item| self.string(item, element))
                    .collect();
                (strings.len() == items.len()).then_some(strings)
            }
            _ => self.mismatch(node, element, "a string or an array of strings"),
        }
    }

    /// The members of an object under their canonical names: unknown names are reported (with
    /// a fix when one is close) and, when a fix exists, read as the element they were meant to
    /// be, so a typo does not also cause a "missing element" error. Duplicates are reported and
    /// only the first is kept.
    fn members<'n>(
        &mut self,
        members: &'n [Member],
        known: &[&'static str],
        place: &str,
    ) -> Vec<(&'static str, &'n Member)> {
        let mut seen: Vec<(&'static str, &'n Member)> = Vec::new();
        for member in members {
            let name = match known.iter().find(|k| **k == member.key) {
                Some(name) => *name,
                None => {
                    let mut error = Diagnostic::error(
                        "INVALID_POLICY_ELEMENT",
                        member.key_loc,
                        format!("unknown element `{}` in {place}", shorten(&member.key)),
                    );
                    let guess = closest(&member.key, known.iter().copied());
                    error = match guess {
                        Some(guess) => error.with_fix(member.key_loc, guess),
                        None => {
                            error.with_help(format!("the elements of {place} are {}", list(known)))
                        }
                    };
                    self.report(error);
                    match guess.and_then(|g| known.iter().copied().find(|k| *k == g)) {
                        Some(name) => name,
                        None => continue,
                    }
                }
            };
            if let Some((_, first)) = seen.iter().find(|(n, _)| *n == name) {
                self.report(
                    Diagnostic::error(
                        "DUPLICATE_KEY",
                        member.key_loc,
                        format!("duplicate element `{name}` in {place}"),
                    )
                    .with_related(first.key_loc, "first defined here")
                    .with_help("IAM rejects a document with duplicate keys; keep one"),
                );
                continue;
            }
            seen.push((name, member));
        }
        seen
    }
}

fn list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn find<'n>(members: &[(&'static str, &'n Member)], name: &str) -> Option<&'n Member> {
    members.iter().find(|(n, _)| *n == name).map(|(_, m)| *m)
}

/// Reads and checks a whole document.
pub(crate) fn read(root: &Node, checker: &mut Checker<'_>) -> Option<Document> {
    let Value::Object(members) = &root.value else {
        return checker.mismatch(root, "the policy document", "an object");
    };
    let members = checker.members(members, TOP_LEVEL, "the policy document");
    let version = find(&members, "Version").and_then(|m| version(&m.value, checker));
    checker.version_written = find(&members, "Version").is_some();
    checker.version = version.as_ref().map_or(Version::V2008_10_17, |v| v.value);
    if let Some(id) = find(&members, "Id") {
        checker.string(&id.value, "Id");
        if checker.options.kind == PolicyKind::Identity {
            checker.report(Diagnostic::new(
                Severity::Warning,
                "ID_IN_IDENTITY_POLICY",
                id.key_loc,
                "`Id` has no meaning in an identity policy",
            ));
        }
    }
    if find(&members, "Version").is_none() {
        checker.report(
            Diagnostic::new(
                Severity::Warning,
                "MISSING_VERSION",
                root.loc,
                "the policy has no `Version`: it is read as `2008-10-17`, without policy variables",
            )
            .with_help("add `\"Version\": \"2012-10-17\"`"),
        );
    }
    let statements = match find(&members, "Statement") {
        None => {
            checker.report(Diagnostic::error(
                "MISSING_STATEMENT",
                root.loc,
                "the policy has no `Statement`",
            ));
            None
        }
        Some(member) => statements(&member.value, checker),
    };
    let statements = statements?;
    Some(Document {
        version,
        statements,
    })
}

fn version(node: &Node, checker: &mut Checker<'_>) -> Option<Spanned<Version>> {
    let text = checker.string(node, "Version")?;
    let value = match text.value.as_str() {
        "2012-10-17" => Version::V2012_10_17,
        "2008-10-17" => Version::V2008_10_17,
        other => {
            checker.report(
                Diagnostic::error(
                    "INVALID_VERSION",
                    node.loc,
                    format!("`{}` is not a policy language version", shorten(other)),
                )
                .with_fix(node.loc, "2012-10-17"),
            );
            return None;
        }
    };
    Some(Spanned {
        value,
        loc: node.loc,
    })
}

fn statements(node: &Node, checker: &mut Checker<'_>) -> Option<Vec<Statement>> {
    let items: Vec<&Node> = match &node.value {
        Value::Object(_) => vec![node],
        Value::Array(items) if items.is_empty() => {
            checker.report(Diagnostic::error(
                "MISSING_STATEMENT",
                node.loc,
                "`Statement` is an empty array",
            ));
            return None;
        }
        Value::Array(items) => items.iter().collect(),
        _ => return checker.mismatch(node, "Statement", "an object or an array of objects"),
    };
    let mut all_ok = true;
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        match statement(item, checker) {
            Some(s) => out.push(s),
            None => all_ok = false,
        }
    }
    all_ok.then_some(out)
}

/// Reads one statement; `None` if it has errors (they are reported).
fn statement(node: &Node, checker: &mut Checker<'_>) -> Option<Statement> {
    let Value::Object(members) = &node.value else {
        return checker.mismatch(node, "a statement", "an object");
    };
    let errors_before = checker.diagnostics.iter().filter(|d| d.is_error()).count();
    let members = checker.members(members, STATEMENT, "a statement");
    let sid = find(&members, "Sid").and_then(|m| checker.string(&m.value, "Sid"));
    if let Some(sid) = &sid {
        sid_format(sid, checker);
        unique_sid(sid, checker);
    }
    let effect = match find(&members, "Effect") {
        Some(member) => effect(&member.value, checker),
        None => {
            checker.report(
                Diagnostic::error("MISSING_EFFECT", node.loc, "the statement has no `Effect`")
                    .with_help("add `\"Effect\": \"Allow\"` or `\"Effect\": \"Deny\"`"),
            );
            None
        }
    };
    let action = pair(
        &members,
        node,
        ["Action", "NotAction"],
        "MISSING_ACTION",
        checker,
        true,
    )
    .and_then(|(polarity, member)| {
        let items =
            checker.string_list(&member.value, member.key.as_str(), "EMPTY_ARRAY_ACTION")?;
        let ok = items
            .iter()
            .fold(true, |ok, item| action::check(item, checker) && ok);
        ok.then_some(Patterns { polarity, items })
    });
    let resource_required = checker.options.kind == PolicyKind::Identity;
    let resource = pair(
        &members,
        node,
        ["Resource", "NotResource"],
        "MISSING_RESOURCE",
        checker,
        resource_required,
    )
    .and_then(|(polarity, member)| {
        let items =
            checker.string_list(&member.value, member.key.as_str(), "EMPTY_ARRAY_RESOURCE")?;
        let ok = items
            .iter()
            .fold(true, |ok, item| arn::check_resource(item, checker) && ok);
        ok.then_some(Patterns { polarity, items })
    });
    let principal = principal::read(
        &members_of(&members, ["Principal", "NotPrincipal"]),
        node,
        checker,
    );
    let condition = match find(&members, "Condition") {
        Some(member) => condition::read(&member.value, checker),
        None => Some(Vec::new()),
    };
    let errors_after = checker.diagnostics.iter().filter(|d| d.is_error()).count();
    if errors_after > errors_before {
        return None;
    }
    Some(Statement {
        loc: node.loc,
        sid,
        effect: effect?,
        action: action?,
        resource,
        principal: principal?,
        condition: condition?,
    })
}

fn members_of<'n>(
    members: &[(&'static str, &'n Member)],
    names: [&str; 2],
) -> Vec<(&'static str, &'n Member)> {
    members
        .iter()
        .filter(|(n, _)| names.contains(n))
        .copied()
        .collect()
}

/// The one member of a pair such as `Action`/`NotAction`; reports both or (if `required`)
/// neither.
fn pair<'n>(
    members: &[(&'static str, &'n Member)],
    statement: &Node,
    names: [&'static str; 2],
    missing_code: &'static str,
    checker: &mut Checker<'_>,
    required: bool,
) -> Option<(policy_core::tables::Polarity, &'n Member)> {
    use policy_core::tables::Polarity;
    match (find(members, names[0]), find(members, names[1])) {
        (Some(listed), None) => Some((Polarity::Listed, listed)),
        (None, Some(excluded)) => Some((Polarity::Excluded, excluded)),
        (Some(listed), Some(excluded)) => {
            let (first, second) = if listed.key_loc < excluded.key_loc {
                (listed, excluded)
            } else {
                (excluded, listed)
            };
            checker.report(
                Diagnostic::error(
                    "UNSUPPORTED_ELEMENT_COMBINATION",
                    second.key_loc,
                    format!(
                        "a statement cannot have both `{}` and `{}`",
                        names[0], names[1]
                    ),
                )
                .with_related(first.key_loc, "the other one is here")
                .with_help("keep one of them"),
            );
            None
        }
        (None, None) => {
            if required {
                checker.report(
                    Diagnostic::error(
                        missing_code,
                        statement.loc,
                        format!(
                            "the statement has neither `{}` nor `{}`",
                            names[0], names[1]
                        ),
                    )
                    .with_help(format!("add `{}`", names[0])),
                );
            }
            None
        }
    }
}

fn effect(node: &Node, checker: &mut Checker<'_>) -> Option<Effect> {
    let text = checker.string(node, "Effect")?;
    match text.value.as_str() {
        "Allow" => return Some(Effect::Allow),
        "Deny" => return Some(Effect::Deny),
        _ => {}
    }
    let lower = text.value.trim().to_ascii_lowercase();
    let fix = match lower.as_str() {
        "allow" | "permit" | "grant" | "allowed" => Some("Allow"),
        "deny" | "forbid" | "reject" | "block" | "denied" | "refuse" => Some("Deny"),
        _ => closest(&text.value, ["Allow", "Deny"]),
    };
    let error = Diagnostic::error(
        "INVALID_EFFECT",
        node.loc,
        format!(
            "`{}` is not a valid `Effect`: it must be exactly `Allow` or `Deny`",
            shorten(&text.value)
        ),
    );
    checker.report(match fix {
        Some(fix) => error.with_fix(node.loc, fix),
        None => error,
    });
    None
}

fn sid_format(sid: &Spanned<String>, checker: &mut Checker<'_>) {
    if sid.value.is_empty() {
        checker.report(
            Diagnostic::new(
                Severity::Suggestion,
                "EMPTY_SID_VALUE",
                sid.loc,
                "the `Sid` is empty",
            )
            .with_help("remove it or give the statement a name"),
        );
        return;
    }
    if checker.options.kind != PolicyKind::Identity {
        return;
    }
    if let Some(bad) = sid.value.chars().find(|c| !c.is_ascii_alphanumeric()) {
        let cleaned: String = sid
            .value
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        let error = Diagnostic::error(
            "UNSUPPORTED_SID",
            sid.loc,
            format!(
                "the `Sid` `{}` contains `{}`: IAM allows only ASCII letters and digits",
                shorten(&sid.value),
                bad.escape_debug()
            ),
        );
        checker.report(if cleaned.is_empty() {
            error
        } else {
            error.with_fix(sid.loc, cleaned)
        });
    }
}

fn unique_sid(sid: &Spanned<String>, checker: &mut Checker<'_>) {
    let first = checker
        .sids
        .iter()
        .find(|s| s.value == sid.value && !s.value.is_empty())
        .map(|s| s.loc);
    match first {
        Some(first) => checker.report(
            Diagnostic::error(
                "UNIQUE_SIDS_REQUIRED",
                sid.loc,
                format!("duplicate `Sid` `{}`", shorten(&sid.value)),
            )
            .with_related(first, "first used here")
            .with_help("statement IDs must be unique within a policy"),
        ),
        None => checker.sids.push(sid.clone()),
    }
}
