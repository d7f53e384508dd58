//! The policy grammar: from a JSON tree to a typed [`Document`], reporting every structural
//! mistake (unknown or duplicate elements, wrong types, missing or conflicting elements).

use crate::diagnostic::Diagnostic;
use crate::grammar::action;
use crate::grammar::arn;
use crate::grammar::condition;
use crate::grammar::document::{Document, Patterns, Spanned, Statement, STATEMENT, TOP_LEVEL};
use crate::grammar::principal;
use crate::grammar::reader::Reader;
use crate::lint;
use crate::syntax::json::{shorten, Member, Node, Value};
use crate::PolicyKind;
use iam_policy_core::{Effect, Version};

fn find<'n>(members: &[(&'static str, &'n Member)], name: &str) -> Option<&'n Member> {
    members.iter().find(|(n, _)| *n == name).map(|(_, m)| *m)
}

/// Reads and checks a whole document.
pub(crate) fn read<'n>(root: &'n Node, reader: &mut Reader<'_, 'n>) -> Option<Document> {
    let Value::Object(members) = &root.value else {
        return reader.mismatch_of(root, "the policy document", "a JSON object");
    };
    let members = reader.members(members, TOP_LEVEL, "the policy document");
    let version = find(&members, "Version").and_then(|m| version(&m.value, reader));
    reader.version_written = find(&members, "Version").is_some();
    reader.version = version.as_ref().map_or(Version::V2008_10_17, |v| v.value);
    if let Some(id) = find(&members, "Id") {
        reader.string(&id.value, "Id");
        if reader.settings.kind.is_identity_grammar() {
            reader.report(Diagnostic::new(
                lint::ID_IN_IDENTITY_POLICY,
                id.key_loc,
                "`Id` has no meaning in an identity policy",
            ));
        }
    }
    if find(&members, "Version").is_none() {
        reader.report(
            Diagnostic::new(
                lint::MISSING_VERSION,
                root.loc,
                "the policy has no `Version`: it is read as `2008-10-17`, without policy variables",
            )
            .with_help("add `\"Version\": \"2012-10-17\"`"),
        );
    }
    let statements = match find(&members, "Statement") {
        None => {
            reader.report(Diagnostic::new(
                lint::MISSING_STATEMENT,
                root.loc,
                "the policy has no `Statement`",
            ));
            None
        }
        Some(member) => statements(&member.value, reader),
    };
    let statements = statements?;
    Some(Document {
        version,
        statements,
    })
}

fn version(node: &Node, reader: &mut Reader<'_, '_>) -> Option<Spanned<Version>> {
    let text = reader.string(node, "Version")?;
    let value = match text.value.as_str() {
        "2012-10-17" => Version::V2012_10_17,
        "2008-10-17" => Version::V2008_10_17,
        other => {
            reader.report(
                Diagnostic::new(
                    lint::INVALID_VERSION,
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

fn statements<'n>(node: &'n Node, reader: &mut Reader<'_, 'n>) -> Option<Vec<Statement>> {
    let items: Vec<&Node> = match &node.value {
        Value::Object(_) => vec![node],
        Value::Array(items) if items.is_empty() => {
            reader.report(Diagnostic::new(
                lint::MISSING_STATEMENT,
                node.loc,
                "`Statement` is an empty array",
            ));
            return None;
        }
        Value::Array(items) => items.iter().collect(),
        _ => {
            reader.report(
                Diagnostic::new(
                    lint::DATA_TYPE_MISMATCH,
                    node.loc,
                    format!(
                        "`Statement` must be an object or an array of objects, found {}",
                        node.value.type_name()
                    ),
                )
                .with_help(
                    "write `\"Statement\": [{ \"Effect\": …, \"Action\": …, \"Resource\": … }]`",
                ),
            );
            return None;
        }
    };
    let mut all_ok = true;
    let mut out = Vec::with_capacity(items.len());
    reader.sids.reserve(items.len());
    for item in items {
        match statement(item, reader) {
            Some(s) => out.push(s),
            None => all_ok = false,
        }
    }
    all_ok.then_some(out)
}

/// Reads one statement; `None` if it has errors (they are reported).
fn statement<'n>(node: &'n Node, reader: &mut Reader<'_, 'n>) -> Option<Statement> {
    let Value::Object(members) = &node.value else {
        return reader.mismatch_of(node, "each statement", "an object");
    };
    let errors_before = reader.hard_errors();
    let members = reader.members(members, STATEMENT, "a statement");
    let sid = find(&members, "Sid").and_then(|m| reader.string(&m.value, "Sid"));
    if let Some(sid) = &sid {
        sid_format(sid, reader);
        unique_sid(sid, reader);
    }
    let effect = match find(&members, "Effect") {
        Some(member) => effect(&member.value, reader),
        None => {
            reader.report(
                Diagnostic::new(
                    lint::MISSING_EFFECT,
                    node.loc,
                    "the statement has no `Effect`",
                )
                .with_help("add `\"Effect\": \"Allow\"` or `\"Effect\": \"Deny\"`"),
            );
            None
        }
    };
    let action = pair(
        &members,
        node,
        ["Action", "NotAction"],
        lint::MISSING_ACTION,
        reader,
        true,
    )
    .and_then(|(polarity, member)| {
        let items =
            reader.string_list(&member.value, member.key.as_str(), lint::EMPTY_ARRAY_ACTION)?;
        // Every entry is checked, so that all mistakes are reported, not just the first.
        let mut ok = true;
        for (item, text) in items.iter().zip(strings(&member.value)) {
            ok &= action::check(text, item.loc, reader);
        }
        ok.then_some(Patterns { polarity, items })
    });
    // Resource-based and trust policies may leave the resource implicit.
    let resource_required = !matches!(
        reader.settings.kind,
        PolicyKind::Resource | PolicyKind::Trust
    );
    if reader.settings.kind == PolicyKind::Trust {
        for (name, member) in members_of(&members, ["Resource", "NotResource"]) {
            reader.report(
                Diagnostic::new(
                    lint::RESOURCE_IN_TRUST_POLICY,
                    member.key_loc,
                    format!(
                        "a role trust policy cannot have `{name}`: the resource is the role itself"
                    ),
                )
                .with_help("remove it"),
            );
        }
    }
    let resource = pair(
        &members,
        node,
        ["Resource", "NotResource"],
        lint::MISSING_RESOURCE,
        reader,
        resource_required,
    )
    .and_then(|(polarity, member)| {
        let items = reader.string_list(
            &member.value,
            member.key.as_str(),
            lint::EMPTY_ARRAY_RESOURCE,
        )?;
        let mut ok = true;
        for (item, text) in items.iter().zip(strings(&member.value)) {
            ok &= arn::check_resource(text, item.loc, reader);
        }
        ok.then_some(Patterns { polarity, items })
    });
    let principal = principal::read(
        &members_of(&members, ["Principal", "NotPrincipal"]),
        node,
        reader,
    );
    let condition = match find(&members, "Condition") {
        Some(member) => condition::read(&member.value, reader),
        None => Some(Vec::new()),
    };
    let allow_at = find(&members, "Effect")
        .filter(|_| effect == Some(Effect::Allow))
        .map(|member| member.value.loc);
    crate::grammar::control::check_statement(&members, allow_at, action.as_ref(), reader);
    let errors_after = reader.hard_errors();
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

/// The strings of a string or an array of strings, borrowed from the tree.
fn strings(node: &Node) -> impl Iterator<Item = &str> {
    let items = match &node.value {
        Value::Array(items) => items.as_slice(),
        _ => std::slice::from_ref(node),
    };
    items.iter().filter_map(|item| match &item.value {
        Value::String(s) => Some(s.as_str()),
        _ => None,
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
    missing_code: lint::Code,
    reader: &mut Reader<'_, '_>,
    required: bool,
) -> Option<(iam_policy_core::tables::Polarity, &'n Member)> {
    use iam_policy_core::tables::Polarity;
    match (find(members, names[0]), find(members, names[1])) {
        (Some(listed), None) => Some((Polarity::Listed, listed)),
        (None, Some(excluded)) => Some((Polarity::Excluded, excluded)),
        (Some(listed), Some(excluded)) => {
            let (first, second) = if listed.key_loc < excluded.key_loc {
                (listed, excluded)
            } else {
                (excluded, listed)
            };
            reader.report(
                Diagnostic::new(
                    lint::UNSUPPORTED_ELEMENT_COMBINATION,
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
                reader.report(
                    Diagnostic::new(
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

fn effect(node: &Node, reader: &mut Reader<'_, '_>) -> Option<Effect> {
    let text = reader.string(node, "Effect")?;
    match text.value.as_str() {
        "Allow" => return Some(Effect::Allow),
        "Deny" => return Some(Effect::Deny),
        _ => {}
    }
    let lower = text.value.trim().to_ascii_lowercase();
    let fix = match lower.as_str() {
        "allow" | "permit" | "grant" | "allowed" => Some("Allow"),
        "deny" | "forbid" | "reject" | "block" | "denied" | "refuse" => Some("Deny"),
        // Two candidates only: a typo of up to two edits (`Dney`, `Alow`) is clear enough.
        _ => {
            let to = |word: &str| crate::suggest::distance(&lower, word, 2);
            match (to("allow"), to("deny")) {
                (a, d) if a <= 2 && a < d => Some("Allow"),
                (a, d) if d <= 2 && d < a => Some("Deny"),
                _ => None,
            }
        }
    };
    let error = Diagnostic::new(
        lint::INVALID_EFFECT,
        node.loc,
        format!(
            "`{}` is not a valid `Effect`: it must be exactly `Allow` or `Deny`",
            shorten(&text.value)
        ),
    );
    reader.report(match fix {
        Some(fix) => error.with_fix(node.loc, fix),
        None => error,
    });
    None
}

fn sid_format(sid: &Spanned<String>, reader: &mut Reader<'_, '_>) {
    if sid.value.is_empty() {
        reader.report(
            Diagnostic::new(lint::EMPTY_SID_VALUE, sid.loc, "the `Sid` is empty")
                .with_help("remove it or give the statement a name"),
        );
        return;
    }
    // IAM's own policies take alphanumeric Sids; other services' resource policies are more
    // lenient.
    if !reader.settings.kind.is_validated_by_iam() {
        return;
    }
    if let Some(bad) = sid.value.chars().find(|c| !c.is_ascii_alphanumeric()) {
        let cleaned = alphanumeric_sid(&sid.value);
        let error = Diagnostic::new(
            lint::UNSUPPORTED_SID,
            sid.loc,
            format!(
                "the `Sid` `{}` contains `{}`: IAM allows only ASCII letters and digits",
                shorten(&sid.value),
                bad.escape_debug()
            ),
        );
        reader.report(if cleaned.is_empty() {
            error
        } else {
            error.with_fix(sid.loc, cleaned)
        });
    }
}

/// A `Sid` IAM accepts, close to `sid`: the words between other characters, each capitalized
/// after the first (`Read-only access` → `ReadOnlyAccess`, `Stmt_1` → `Stmt1`).
fn alphanumeric_sid(sid: &str) -> String {
    let mut out = String::new();
    for (i, word) in sid
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .enumerate()
    {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(if i == 0 {
                first
            } else {
                first.to_ascii_uppercase()
            });
            out.extend(chars);
        }
    }
    out
}

/// Reports a `Sid` used before (empty ones excepted: they are reported as empty), in constant
/// time per statement.
fn unique_sid(sid: &Spanned<String>, reader: &mut Reader<'_, '_>) {
    if sid.value.is_empty() {
        return;
    }
    // IAM refuses a policy of its own with a Sid used twice; other services' resource policies
    // differ (S3 stores such bucket policies).
    let (code, help) = if reader.settings.kind.is_validated_by_iam() {
        (
            lint::UNIQUE_SIDS_REQUIRED,
            "IAM requires the statement IDs of a policy to be unique",
        )
    } else {
        (
            lint::UNIQUE_SIDS_RECOMMENDED,
            "give each statement its own ID: some services refuse duplicates, and explanations name statements by it",
        )
    };
    match reader.sids.get(sid.value.as_str()).copied() {
        Some(first) => reader.report(
            Diagnostic::new(
                code,
                sid.loc,
                format!("duplicate `Sid` `{}`", shorten(&sid.value)),
            )
            .with_related(first, "first used here")
            .with_help(help),
        ),
        None => {
            reader.sids.insert(sid.value.clone(), sid.loc);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{check_text, Diagnostic, LoadedPolicy, Options, Severity};

    /// The errors of `text`. Warnings are left out: other checks (the catalog, security
    /// warnings) add their own, and these tests are about the grammar.
    fn errors(text: &str) -> Vec<Diagnostic> {
        check_text(text, &Options::default())
            .diagnostics
            .into_iter()
            .filter(Diagnostic::is_error)
            .collect()
    }

    fn codes(text: &str) -> Vec<&'static str> {
        errors(text).into_iter().map(|d| d.code.as_str()).collect()
    }

    /// The error codes of a one-statement identity policy.
    fn statement_codes(statement: &str) -> Vec<&'static str> {
        codes(&format!(
            r#"{{"Version": "2012-10-17", "Statement": [{{{statement}}}]}}"#
        ))
    }

    /// Whether `text` has no error but a finding `code` of `severity`.
    fn only_notes(text: &str, code: &str, severity: Severity) -> bool {
        let checked = check_text(text, &Options::default());
        !checked.has_errors()
            && checked.tables.is_some()
            && checked
                .diagnostics
                .iter()
                .any(|d| d.code == code && d.severity == severity)
    }

    const NONE: [&str; 0] = [];

    #[test]
    fn a_clean_statement_has_no_errors() {
        assert_eq!(
            statement_codes(r#""Effect": "Allow", "Action": "s3:GetObject", "Resource": "*""#),
            NONE
        );
    }

    #[test]
    fn unknown_elements_suggest_the_known_one() {
        let found = errors(
            r#"{"Version": "2012-10-17", "statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Ressource": "*"}]}"#,
        );
        let found: Vec<_> = found
            .iter()
            .map(|d| {
                (
                    d.code.as_str(),
                    d.fix.as_ref().map(|f| f.replacement.as_str()),
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                ("INVALID_POLICY_ELEMENT", Some("Statement")),
                ("INVALID_POLICY_ELEMENT", Some("Resource")),
            ]
        );
    }

    #[test]
    fn a_misspelt_element_is_read_as_the_element_it_means() {
        // No MISSING_RESOURCE on top of the typo.
        assert_eq!(
            statement_codes(r#""Effect": "Allow", "Action": "s3:GetObject", "Resources": "*""#),
            ["INVALID_POLICY_ELEMENT"]
        );
    }

    #[test]
    fn wrong_json_types() {
        assert_eq!(
            statement_codes(
                r#""Sid": 1, "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*""#
            ),
            ["DATA_TYPE_MISMATCH"]
        );
        assert_eq!(
            statement_codes(r#""Effect": "Allow", "Action": {"s3": "GetObject"}, "Resource": "*""#),
            ["DATA_TYPE_MISMATCH"]
        );
        assert_eq!(
            codes(r#"{"Version": "2012-10-17", "Statement": "Allow"}"#),
            ["DATA_TYPE_MISMATCH"]
        );
        assert_eq!(codes(r#"["Allow"]"#), ["DATA_TYPE_MISMATCH"]);
    }

    #[test]
    fn type_messages_read_as_sentences() {
        let messages =
            |text: &str| -> Vec<String> { errors(text).into_iter().map(|d| d.message).collect() };
        assert_eq!(
            messages(r#"["Allow"]"#),
            ["the policy document must be a JSON object, found an array"]
        );
        assert_eq!(
            messages(r#"{"Version": "2012-10-17", "Statement": ["Allow"]}"#),
            ["each statement must be an object, found a string"]
        );
        assert_eq!(
            messages(
                r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": [["s3:GetObject"]], "Resource": "*"}}"#
            ),
            ["each entry of `Action` must be a string, found an array"]
        );
    }

    #[test]
    fn duplicate_keys_point_at_the_second_and_name_the_first() {
        let text = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Effect": "Deny", "Action": "s3:GetObject", "Resource": "*"}}"#;
        let found = errors(text);
        let [duplicate] = found.as_slice() else {
            panic!("{found:?}");
        };
        assert_eq!(duplicate.code.as_str(), "DUPLICATE_KEY");
        let second = text.rfind("\"Effect\"").unwrap() as u32;
        let first = text.find("\"Effect\"").unwrap() as u32;
        assert_eq!(duplicate.loc.start, second);
        assert_eq!(duplicate.related[0].0.start, first);
    }

    #[test]
    fn version_values() {
        let with_version = |version: &str| {
            codes(&format!(
                r#"{{"Version": {version}, "Statement": {{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}}}"#
            ))
        };
        assert_eq!(with_version(r#""2012-10-17""#), NONE);
        assert_eq!(with_version(r#""2008-10-17""#), NONE);
        assert_eq!(with_version(r#""2012-10-18""#), ["INVALID_VERSION"]);
        assert_eq!(with_version("2012"), ["DATA_TYPE_MISMATCH"]);
    }

    #[test]
    fn missing_version_is_only_a_warning() {
        assert!(only_notes(
            r#"{"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}"#,
            "MISSING_VERSION",
            Severity::Warning
        ));
    }

    #[test]
    fn effect_values_with_fixes() {
        for (effect, fix) in [
            ("allow", Some("Allow")),
            ("ALLOW", Some("Allow")),
            ("Permit", Some("Allow")),
            ("deny", Some("Deny")),
            ("Dney", Some("Deny")),
            ("Maybe", None),
        ] {
            let found = errors(&format!(
                r#"{{"Version": "2012-10-17", "Statement": {{"Effect": "{effect}", "Action": "s3:GetObject", "Resource": "*"}}}}"#
            ));
            assert_eq!(found.len(), 1, "{effect}");
            assert_eq!(found[0].code, "INVALID_EFFECT");
            let replacement = found[0].fix.as_ref().map(|f| f.replacement.as_str());
            assert_eq!(replacement, fix, "{effect}");
        }
        assert_eq!(
            statement_codes(r#""Action": "s3:GetObject", "Resource": "*""#),
            ["MISSING_EFFECT"]
        );
    }

    #[test]
    fn element_pairs() {
        assert_eq!(
            statement_codes(
                r#""Effect": "Allow", "Action": "s3:GetObject", "NotAction": "s3:PutObject", "Resource": "*""#
            ),
            ["UNSUPPORTED_ELEMENT_COMBINATION"]
        );
        assert_eq!(
            statement_codes(r#""Effect": "Allow", "Resource": "*""#),
            ["MISSING_ACTION"]
        );
        assert_eq!(
            statement_codes(
                r#""Effect": "Deny", "Action": "s3:*", "Resource": "*", "NotResource": "arn:aws:s3:::b/*""#
            ),
            ["UNSUPPORTED_ELEMENT_COMBINATION"]
        );
        assert_eq!(
            statement_codes(r#""Effect": "Allow", "Action": "s3:GetObject""#),
            ["MISSING_RESOURCE"]
        );
        assert_eq!(
            statement_codes(
                r#""Effect": "Deny", "NotAction": "iam:*", "NotResource": "arn:aws:s3:::b""#
            ),
            NONE
        );
    }

    #[test]
    fn empty_arrays() {
        assert_eq!(
            statement_codes(r#""Effect": "Allow", "Action": [], "Resource": "*""#),
            ["EMPTY_ARRAY_ACTION"]
        );
        assert_eq!(
            statement_codes(r#""Effect": "Allow", "Action": "s3:GetObject", "Resource": []"#),
            ["EMPTY_ARRAY_RESOURCE"]
        );
        assert_eq!(
            codes(r#"{"Version": "2012-10-17", "Statement": []}"#),
            ["MISSING_STATEMENT"]
        );
        assert_eq!(codes(r#"{"Version": "2012-10-17"}"#), ["MISSING_STATEMENT"]);
    }

    #[test]
    fn sids() {
        let found = errors(
            r#"{"Version": "2012-10-17", "Statement": {"Sid": "read-only access", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}"#,
        );
        assert_eq!(found[0].code, "UNSUPPORTED_SID");
        assert_eq!(found[0].fix.as_ref().unwrap().replacement, "readOnlyAccess");
        assert_eq!(super::alphanumeric_sid("Stmt_1"), "Stmt1");
        assert_eq!(
            super::alphanumeric_sid("Allow reading logs"),
            "AllowReadingLogs"
        );
        assert_eq!(super::alphanumeric_sid("--"), "");
        let duplicate = codes(
            r#"{"Version": "2012-10-17", "Statement": [
                {"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
                {"Sid": "Read", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}]}"#,
        );
        assert_eq!(duplicate, ["UNIQUE_SIDS_REQUIRED"]);
        assert!(only_notes(
            r#"{"Version": "2012-10-17", "Statement": {"Sid": "", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}"#,
            "EMPTY_SID_VALUE",
            Severity::Suggestion
        ));
    }

    #[test]
    fn duplicate_sids_among_many_statements_point_at_their_first_use() {
        // 3,000 statements: `S7` written three times, `S1000` twice, the empty `Sid` three
        // times (each an `EMPTY_SID_VALUE`, never a duplicate).
        let sid = |i: usize| match i {
            1500 | 2999 => "S7".to_string(),
            2500 => "S1000".to_string(),
            i if i % 1000 == 1 => String::new(),
            i => format!("S{i}"),
        };
        let statements: Vec<String> = (0..3000)
            .map(|i| {
                format!(
                    r#"{{"Sid": "{}", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}"#,
                    sid(i)
                )
            })
            .collect();
        let text = format!(
            r#"{{"Version": "2012-10-17", "Statement": [{}]}}"#,
            statements.join(",\n")
        );
        let at = |i: usize| {
            let needle = format!(r#""{}""#, sid(i));
            let before: usize = statements[..i].iter().map(|s| s.len() + 2).sum();
            let start = text.find('[').unwrap() + 1 + before + statements[i].find(&needle).unwrap();
            start as u32
        };
        let duplicates: Vec<(u32, u32)> = errors(&text)
            .iter()
            .map(|d| {
                assert_eq!(d.code, "UNIQUE_SIDS_REQUIRED");
                (d.loc.start, d.related[0].0.start)
            })
            .collect();
        assert_eq!(
            duplicates,
            [(at(1500), at(7)), (at(2500), at(1000)), (at(2999), at(7))]
        );
        let empty = check_text(&text, &Options::default())
            .diagnostics
            .iter()
            .filter(|d| d.code == "EMPTY_SID_VALUE")
            .count();
        assert_eq!(empty, 3);
    }

    #[test]
    fn principal_in_an_identity_policy() {
        assert_eq!(
            statement_codes(
                r#""Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*""#
            ),
            ["UNSUPPORTED_PRINCIPAL"]
        );
    }

    #[test]
    fn characters_outside_latin_1() {
        let found = errors(
            "{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::b/john\u{2019}s\"}}",
        );
        let [finding] = found.as_slice() else {
            panic!("{found:?}");
        };
        assert_eq!(finding.code.as_str(), "INVALID_CHARACTER");
        assert_eq!(
            finding.help.as_deref(),
            Some("write `'` instead of `\u{2019}`")
        );
        // Latin-1 letters are fine.
        assert_eq!(
            statement_codes(
                r#""Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/café""#
            ),
            NONE
        );
    }

    #[test]
    fn every_mistake_of_a_document_is_reported_in_order() {
        let text = r#"{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "allow",
    "Action": ["cloudtrial:StopLogging", "s3::GetObject"],
    "Ressource": "arn:aws:cloudtrail:us-east:1234:trail/Default"
  }]
}"#;
        assert_eq!(
            codes(text),
            [
                "INVALID_EFFECT",
                "INVALID_SERVICE_IN_ACTION",
                "INVALID_ACTION_FORMAT",
                "INVALID_POLICY_ELEMENT",
                "INVALID_ARN_REGION",
                "INVALID_ARN_ACCOUNT",
            ]
        );
    }

    #[test]
    fn loaded_policy_diagnostics_have_lines_and_columns() {
        let text = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": {\n    \"Effect\": \"allow\",\n    \"Action\": \"cloudtrial:StopLogging\",\n    \"Resource\": \"*\"\n  }\n}";
        let errors = LoadedPolicy::from_json(text).unwrap_err();
        let found: Vec<_> = errors
            .iter()
            .filter(|(_, d)| d.is_error())
            .map(|(at, d)| (at.line, at.column, d.code.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (4, 15, "INVALID_EFFECT"),
                (5, 15, "INVALID_SERVICE_IN_ACTION"),
            ]
        );
        let shown = errors.to_string();
        assert!(
            shown.starts_with("4:15: error: `allow` is not a valid `Effect`"),
            "{shown}"
        );
    }
}
