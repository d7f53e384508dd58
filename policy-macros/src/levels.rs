//! Level attributes before a policy document: `#[allow(…)]`, `#[warn(…)]` and `#[deny(…)]`,
//! each naming finding codes or groups, as Rust's own lint attributes do.
//!
//! ```text
//! static DEPLOYER: Policy = policy!(#[allow(PASS_ROLE_WITH_STAR_IN_RESOURCE)] { … });
//! static STRICT: Policy = policy!(#[deny(security)] #[warn(INVALID_ACTION)] { … });
//! ```
//!
//! They apply after the crate-wide table of `Cargo.toml`, so they win over it. Hard errors
//! cannot be set; an unknown name, or an `allow` of a code that silences nothing, is a warning.

use iam_policy_check::levels::{LevelError, LintLevels, Selector};
use iam_policy_check::lint::{self, Level};
use iam_policy_check::{Checked, Diagnostic};
use proc_macro2::{Delimiter, Span, TokenStream, TokenTree};

use crate::expand::{error_at, warning};

const USAGE: &str = "expected `#[allow(…)]`, `#[warn(…)]` or `#[deny(…)]` before the policy, naming finding codes such as `PASS_ROLE_WITH_STAR_IN_RESOURCE` or groups such as `security`";

/// One name of a level attribute, as written.
#[derive(Clone, Debug)]
pub struct LevelSetting {
    /// The code or group.
    pub name: String,
    /// Where it is written.
    pub span: Span,
    /// The attribute's level.
    pub level: Level,
}

/// The level settings with their spans, and the tokens after the attributes.
pub fn parse(trees: &[TokenTree]) -> Result<(Vec<LevelSetting>, &[TokenTree]), TokenStream> {
    let mut settings = Vec::new();
    let mut rest = trees;
    while let [TokenTree::Punct(hash), next, tail @ ..] = rest {
        if hash.as_char() != '#' {
            break;
        }
        let TokenTree::Group(attribute) = next else {
            return Err(error_at(hash.span(), USAGE));
        };
        if attribute.delimiter() != Delimiter::Bracket {
            return Err(error_at(attribute.span(), USAGE));
        }
        let mut inner: Vec<TokenTree> = attribute.stream().into_iter().collect();
        // A `meta` fragment passed on by `macro_rules!` arrives in an invisible group.
        if let [TokenTree::Group(group)] = inner.as_slice() {
            if group.delimiter() == Delimiter::None {
                inner = group.stream().into_iter().collect();
            }
        }
        let (level, names) = match inner.as_slice() {
            [TokenTree::Ident(name), TokenTree::Group(list)]
                if list.delimiter() == Delimiter::Parenthesis =>
            {
                match Level::from_name(&name.to_string()) {
                    Some(level) if level != Level::Suggest => (level, list.stream()),
                    _ => return Err(error_at(name.span(), USAGE)),
                }
            }
            [first, ..] => return Err(error_at(first.span(), USAGE)),
            [] => return Err(error_at(attribute.span(), USAGE)),
        };
        let mut expect_name = true;
        for tree in names {
            match tree {
                TokenTree::Ident(name) if expect_name => {
                    settings.push(LevelSetting {
                        name: name.to_string(),
                        span: name.span(),
                        level,
                    });
                    expect_name = false;
                }
                TokenTree::Punct(comma) if !expect_name && comma.as_char() == ',' => {
                    expect_name = true;
                }
                other => {
                    return Err(error_at(
                        other.span(),
                        "expected a finding code such as `PASS_ROLE_WITH_STAR_IN_RESOURCE` or a group such as `security`",
                    ))
                }
            }
        }
        rest = tail;
    }
    Ok((settings, rest))
}

/// Adds `settings` to `levels` in order; a warning for each name that cannot be set.
pub fn apply(settings: &[LevelSetting], levels: &mut LintLevels) -> TokenStream {
    let mut out = TokenStream::new();
    for setting in settings {
        if let Err(problem) = levels.set(&setting.name, setting.level) {
            out.extend(warning(setting.span, &level_problem(&problem)));
        }
    }
    out
}

/// The message of a level that could not be set, with its code and help.
fn level_problem(problem: &LevelError) -> String {
    let mut message = format!("{problem} [{}]", problem.code());
    if let Some(help) = problem.help() {
        message.push_str("\nhelp: ");
        message.push_str(&help);
    }
    message
}

/// A warning for each code an `allow` names that matched no finding of `checked`.
pub fn unused(settings: &[LevelSetting], checked: &Checked) -> TokenStream {
    let mut out = TokenStream::new();
    for setting in settings.iter().filter(|s| s.level == Level::Allow) {
        let Ok(Selector::Code(code)) = Selector::parse(&setting.name) else {
            continue;
        };
        if code.lint().default == lint::DefaultLevel::Hard
            || checked.allowed.iter().any(|d| d.code == code)
        {
            continue;
        }
        let shown = checked
            .diagnostics
            .iter()
            .chain(&checked.allowed)
            .filter(|d| !d.is_hard())
            .map(|d: &Diagnostic| d.code.as_str());
        let help = match iam_policy_check::suggest::closest(code.as_str(), shown) {
            Some(fix) => format!("did you mean `{fix}`?"),
            None => "remove it".to_string(),
        };
        out.extend(warning(
            setting.span,
            &format!(
                "`{code}` silences no finding of this policy [{}]\nhelp: {help}",
                lint::UNUSED_ALLOW
            ),
        ));
    }
    out
}
