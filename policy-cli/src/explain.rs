//! `policy explain CODE`: a finding's registry entry, as `rustc --explain` prints an error's;
//! `policy explain GROUP` the codes of a group; `policy explain --list` every code.

use std::fmt::Write as _;

use iam_policy_check::levels::Selector;
use iam_policy_check::lint::{self, Code, DefaultLevel, Group};

/// What `policy explain` was asked.
#[derive(Debug, PartialEq, Eq)]
pub enum Explain {
    /// One code or group, by name.
    Name(String),
    /// Every code, by group.
    List,
}

/// The text for `request`, or the usage problem.
pub fn run(request: &Explain) -> Result<String, String> {
    match request {
        Explain::List => Ok(list()),
        Explain::Name(name) => match Selector::parse(name) {
            Ok(Selector::Code(code)) => Ok(entry(code)),
            Ok(Selector::Group(group)) => Ok(group_text(group)),
            Err(error) => {
                let mut message = error.to_string();
                if let Some(help) = error.help() {
                    let _ = write!(message, "\nhelp: {help}");
                }
                Err(message)
            }
        },
    }
}

/// How a default level reads in the entry.
fn default_text(default: DefaultLevel) -> &'static str {
    match default {
        DefaultLevel::Hard => "hard error: the policy is not one IAM would store, or the evaluator cannot represent it; no level changes it",
        DefaultLevel::Deny => "deny by default: an error unless allowed (IAM stores the policy, but it cannot do what it says)",
        DefaultLevel::Warn => "warn by default: a warning",
        DefaultLevel::Suggest => "suggest by default: a suggestion (access is unchanged)",
        DefaultLevel::Allow => "allow by default: reported once a level is set (the access analysis it needs costs more than the other checks)",
    }
}

/// The entry of one code.
fn entry(code: Code) -> String {
    let lint = code.lint();
    let mut text = format!(
        "{code}: {}

",
        lint.summary
    );
    let _ = writeln!(text, "  level:     {}", default_text(lint.default));
    let _ = writeln!(text, "  group:     {}", lint.group);
    let _ = writeln!(text, "  reference: {}", lint.reference);
    if lint.default != DefaultLevel::Hard {
        let group = lint.group;
        let _ = write!(
            text,
            "\nIts level (allow, suggest, warn or deny) can be set; an attribute wins over the \
             crate's table, a flag over policy.toml:\n\
             \x20 for a crate:      [package.metadata.policy.lints] in Cargo.toml: {code} = \"allow\"\n\
             \x20 for one policy:   policy!(#[allow({code})] {{ … }})\n\
             \x20 for a repository: [lints] in policy.toml: {code} = \"deny\"\n\
             \x20 for one run:      policy check -A {code} (or -W, -D)\n\
             and for its whole group with the name `{group}` instead of the code.\n"
        );
    }
    text
}

/// The codes of one group.
fn group_text(group: Group) -> String {
    let mut text =
        format!("{group}: a group of findings; its level sets each code's but a hard error's\n\n");
    codes(group, &mut text);
    text
}

fn codes(group: Group, text: &mut String) {
    for code in lint::ALL.iter().filter(|c| c.lint().group == group) {
        let lint = code.lint();
        let _ = writeln!(
            text,
            "  {:<46} {:<10} {}",
            code.as_str(),
            lint.default.name(),
            lint.summary
        );
    }
}

/// Every code, by group.
fn list() -> String {
    let mut text = String::new();
    for group in Group::ALL {
        let _ = writeln!(text, "{group}");
        codes(group, &mut text);
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_groups_and_unknown_names() {
        let effect = run(&Explain::Name("INVALID_EFFECT".into())).unwrap();
        assert!(effect.starts_with("INVALID_EFFECT: "), "{effect}");
        assert!(effect.contains("hard error"), "{effect}");
        assert!(!effect.contains("policy check -A"), "{effect}");
        let pass_role = run(&Explain::Name("PASS_ROLE_WITH_STAR_IN_RESOURCE".into())).unwrap();
        assert!(pass_role.contains("group:     security"), "{pass_role}");
        assert!(
            pass_role.contains("-A PASS_ROLE_WITH_STAR_IN_RESOURCE"),
            "{pass_role}"
        );
        let security = run(&Explain::Name("security".into())).unwrap();
        assert!(
            security.contains("PASS_ROLE_WITH_STAR_IN_RESOURCE"),
            "{security}"
        );
        let typo = run(&Explain::Name("INVALID_EFECT".into())).unwrap_err();
        assert!(typo.contains("did you mean `INVALID_EFFECT`?"), "{typo}");
        let all = run(&Explain::List).unwrap();
        assert!(lint::ALL.iter().all(|c| all.contains(c.as_str())));
    }
}
