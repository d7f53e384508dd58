//! `RCPFullAWSAccess`: the resource control policy AWS attaches to every level of an
//! organization, which cannot be detached.

use crate::table::{Effect, Pattern, PatternKind, Polarity, Policy, PrincipalPattern};
use crate::table::{ResourcePattern, Run, Shortcut, Statement, Str};

/// `RCPFullAWSAccess` as AWS publishes it:
///
/// ```json
/// {"Version": "2012-10-17",
///  "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]}
/// ```
///
/// Every level of a [`Chain`](crate::Chain)'s resource control policies holds it besides the
/// policies given, so a level allows every request none of its policies denies. These are the
/// tables the checker's lowering builds for that document (a test of `iam-policy-check` keeps
/// them equal).
pub static RCP_FULL_AWS_ACCESS: Policy<'static> = Policy {
    statements: &[Statement {
        sid: None,
        effect: Effect::Allow,
        action_polarity: Polarity::Listed,
        actions: Run { start: 0, len: 1 },
        resource_polarity: Some(Polarity::Listed),
        resources: Run { start: 0, len: 1 },
        principal_polarity: Some(Polarity::Listed),
        principals: Run { start: 0, len: 1 },
        conditions: Run::EMPTY,
        shortcut: Shortcut::None,
    }],
    unindexed: &[0],
    patterns: &[Pattern {
        kind: PatternKind::Any,
        text: Str { start: 0, len: 0 },
        pieces: Run::EMPTY,
    }],
    resources: &[ResourcePattern::Any],
    principals: &[PrincipalPattern::Anyone],
    ..Policy::EMPTY
}
.with_name("RCPFullAWSAccess");
