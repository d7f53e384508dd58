//! The evaluator tables.
//!
//! A [`Policy`] is a handful of slices of small, lifetime-free records plus one string pool.
//! `policy!` emits them as `static` data; the run-time loader keeps them in `Vec`s and lends
//! them out as the same [`Policy`] view, so both run through one evaluator.
//!
//! Every field is public only so that generated code can build the tables; the records are
//! produced by the checker's lowering (`iam-policy-check`) and are not meant to be written by hand.
//! Out-of-range references never panic: they read as empty.

/// A string in the policy's pool: `pool[start..start + len]`.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Str {
    pub start: u32,
    pub len: u32,
}

/// A run of records in one of the policy's tables: `table[start..start + len]`.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Run {
    pub start: u32,
    pub len: u32,
}

impl Run {
    /// The empty run.
    pub const EMPTY: Run = Run { start: 0, len: 0 };
}

/// The language version of a policy document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Version {
    /// `"2012-10-17"`: the current language, with policy variables.
    V2012_10_17,
    /// `"2008-10-17"` (or no `Version`): policy variables are literal text.
    V2008_10_17,
}

/// Whether a statement allows or denies what it matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Effect {
    /// `"Effect": "Allow"`.
    Allow,
    /// `"Effect": "Deny"`.
    Deny,
}

/// Whether a list of patterns names what a statement covers (`Action`, `Resource`,
/// `Principal`) or what it excludes (`NotAction`, `NotResource`, `NotPrincipal`).
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Polarity {
    /// `Action`, `Resource`, `Principal`: some pattern must match.
    Listed,
    /// `NotAction`, `NotResource`, `NotPrincipal`: no pattern may match.
    Excluded,
}

/// One statement of a policy.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Statement {
    pub sid: Option<Str>,
    pub effect: Effect,
    /// `Action` or `NotAction`; the run indexes [`PolicyTables::patterns`] and holds the full
    /// lowercased `prefix:name` patterns.
    pub action_polarity: Polarity,
    pub actions: Run,
    /// `Resource` or `NotResource`; `None` when the statement has neither (role trust
    /// policies), which matches every resource. The run indexes [`PolicyTables::resources`].
    pub resource_polarity: Option<Polarity>,
    pub resources: Run,
    /// `Principal` or `NotPrincipal` (resource-based policies); `None` in identity policies.
    /// The run indexes [`PolicyTables::principals`].
    pub principal_polarity: Option<Polarity>,
    pub principals: Run,
    /// Indexes [`PolicyTables::conditions`]; all of them must hold.
    pub conditions: Run,
    /// What is left to check once an action matched, when it is simpler than the above.
    pub shortcut: Shortcut,
}

/// A statement's resource, principal and condition, reduced by lowering to a check that
/// needs no walk over its tables. Statements with a principal have none.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shortcut {
    /// The resource, principal and conditions are checked as written.
    None,
    /// Every request for an action the statement covers matches: its `Resource` holds `*`,
    /// or it has none.
    AnyRequest,
    /// Its `Resource` is one ARN without wildcard or variable, which the requested resource
    /// must equal byte for byte.
    OneResource(Str),
    /// Every request for an action the statement covers matches its resource (`*`, or no
    /// `Resource`) and it has no principal: only its conditions are left to check.
    Conditions,
}

/// The statements with a wildcard action name for one service prefix (`cloudtrail:Get*`).
///
/// A statement whose names for a service are all exact (`cloudtrail:StopLogging`) is found
/// through [`PolicyTables::exact_names`] instead, by the whole requested action.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Service {
    /// The lowercased service prefix (`cloudtrail`).
    pub prefix: Str,
    /// [`name_hash`](crate::tables::name_hash) of the prefix.
    pub hash: u32,
    /// Indexes [`PolicyTables::service_statements`]: the statements with a wildcard name for this
    /// service, in statement order, each with all its name patterns for the service.
    pub statements: Run,
}

/// An exact action (`prefix:name`) and a statement that lists it.
///
/// The entries are sorted by hash, then by lowercased action, then by statement, so the
/// statements of one action are a run in statement order. All entries of one action share one
/// text: the action as the policy first writes it (compared without case).
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExactName {
    pub name: Str,
    /// [`name_hash`](crate::tables::name_hash) of the action.
    pub hash: u32,
    pub statement: u32,
    /// How many entries from this one on (itself included) list the same action.
    pub same_action: u32,
}

/// A statement as seen from one service: the name patterns it has for that service.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ServiceStatement {
    pub statement: u32,
    /// Indexes [`PolicyTables::patterns`]: lowercased action-name patterns, prefix stripped.
    pub names: Run,
}

/// How a pattern is matched, chosen once at lowering time.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PatternKind {
    /// `*`: matches everything.
    Any,
    /// No wildcard: the text must be equal.
    Exact,
    /// `text*`: the text must start with `text`.
    Prefix,
    /// `*text`: the text must end with `text`.
    Suffix,
    /// Anything else (several wildcards, `?`, policy variables): the pieces are matched.
    Glob,
}

/// A wildcard pattern. `text` is used by the simple kinds, `pieces` by [`PatternKind::Glob`].
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pattern {
    pub kind: PatternKind,
    pub text: Str,
    /// Indexes [`PolicyTables::pieces`].
    pub pieces: Run,
}

/// One piece of a glob pattern.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Piece {
    /// Text that must appear as is.
    Literal(Str),
    /// `*`: any run of characters, possibly empty.
    AnyRun,
    /// `?`: exactly one character.
    AnyChar,
    /// `${key}` or `${key, 'default'}`: the request's value of a single-valued context key,
    /// matched as literal text. The key is lowercased.
    Variable { key: Str, default: Option<Str> },
}

/// A resource pattern: `*`, a whole ARN without wildcards, an ARN pattern whose fields up to
/// the resource part are literal, or an ARN pattern split into its fields.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResourcePattern {
    /// `*`: every resource, ARN or not.
    Any,
    /// An ARN without wildcards or variables in any field: the resource must be this text,
    /// byte for byte (what matching each exact field in turn amounts to).
    Exact(Str),
    /// An ARN pattern whose partition, service, region and account hold no wildcard: the
    /// resource must start with the head, `arn:PARTITION:SERVICE:REGION:ACCOUNT:` (byte for
    /// byte, which is matching each of those fields exactly, since none holds a colon), and
    /// the rest, its resource part, match the pattern.
    LiteralHead(Str, Pattern),
    /// `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`: partition, service, region, account and
    /// resource patterns, globbed field by field (`*` never crosses a colon in the first four;
    /// the resource part is one field).
    Arn([Pattern; 5]),
}

/// One entry of a `Principal` or `NotPrincipal` element.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PrincipalPattern {
    /// `"*"` or `{"AWS": "*"}`: everyone, anonymous callers included.
    Anyone,
    /// `{"AWS": "111122223333"}` or `arn:…:iam::111122223333:root`: any principal of the account.
    Account(Str),
    /// `{"AWS": "<arn>"}`: one IAM principal, by exact ARN.
    Aws(Str),
    /// `{"Service": "ec2.amazonaws.com"}`.
    Service(Str),
    /// `{"Federated": "accounts.google.com"}` or a provider ARN.
    Federated(Str),
    /// `{"CanonicalUser": "<64 hex digits>"}`.
    CanonicalUser(Str),
}

/// A condition operator's base, without qualifier or `IfExists`.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operator {
    StringEquals,
    StringNotEquals,
    StringEqualsIgnoreCase,
    StringNotEqualsIgnoreCase,
    StringLike,
    StringNotLike,
    NumericEquals,
    NumericNotEquals,
    NumericLessThan,
    NumericLessThanEquals,
    NumericGreaterThan,
    NumericGreaterThanEquals,
    DateEquals,
    DateNotEquals,
    DateLessThan,
    DateLessThanEquals,
    DateGreaterThan,
    DateGreaterThanEquals,
    Bool,
    BinaryEquals,
    IpAddress,
    NotIpAddress,
    ArnEquals,
    ArnLike,
    ArnNotEquals,
    ArnNotLike,
    Null,
}

/// A set qualifier in front of a condition operator.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Qualifier {
    /// No qualifier.
    Single,
    /// `ForAnyValue:`.
    ForAnyValue,
    /// `ForAllValues:`.
    ForAllValues,
}

/// One `operator: { key: values }` entry of a `Condition` block.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Condition {
    pub operator: Operator,
    pub qualifier: Qualifier,
    pub if_exists: bool,
    /// The lowercased condition key (the evaluator folds only the request's key names to
    /// compare them with it).
    pub key: Str,
    /// Indexes [`PolicyTables::values`]; ORed (NORed for negated operators).
    pub values: Run,
}

/// A condition value, parsed at lowering time.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ConditionValue {
    /// String and ARN operators: the value as a pattern, as the policy writes it (wildcards
    /// only for `Like` operators; the `IgnoreCase` operators fold both sides when they
    /// compare). Policy variables are glob pieces.
    Text(Pattern),
    /// An ARN pattern for the `Arn` operators.
    Arn(ResourcePattern),
    /// Numeric operators.
    Number(f64),
    /// Date operators: seconds since the Unix epoch, UTC.
    Date(i64),
    /// `Bool` and `Null`.
    Bool(bool),
    /// `BinaryEquals`: the decoded bytes, kept in the pool.
    Binary(Str),
    /// `IpAddress`/`NotIpAddress`: a network; IPv4 addresses are kept as IPv4-mapped IPv6.
    Ip { network: u128, prefix: u8, v4: bool },
}

/// What a policy's statements say as a whole, found once when the policy is lowered
/// ([`Traits::of`]): facts the evaluator takes shortcuts on. Each bit is a claim;
/// [`Traits::NONE`] claims nothing, so tables written without them still decide right (every
/// statement is looked at).
#[doc(hidden)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Traits(pub u32);

impl Traits {
    /// No claim.
    pub const NONE: Traits = Traits(0);
    /// No statement denies.
    pub const NO_DENY: u32 = 1;
    /// The first statement allows every request (`"Action": "*"`, every resource, no
    /// principal, no condition) and no statement denies: the policy allows whatever is asked,
    /// by statement 0 (`FullAWSAccess`).
    pub const ALLOWS_EVERYTHING: u32 = 1 << 1;
    /// No statement reads the request's context: no condition, no policy variable.
    pub const NO_CONTEXT: u32 = 1 << 2;
    /// No `Deny` statement has `NotPrincipal`.
    pub const NO_NOT_PRINCIPAL_DENY: u32 = 1 << 3;
    /// Every statement allows every resource without principal or condition, for whole
    /// services (`"Action": ["cloudtrail:*", "s3:*"]`), and none denies: a request is allowed
    /// by the first statement naming its service, or by none.
    pub const SERVICE_WIDE_ALLOWS: u32 = 1 << 4;
    /// Every `Allow` statement names whole accounts in its `Principal` (`"111122223333"`,
    /// `arn:aws:iam::111122223333:root`) and nothing else: in a resource-based policy such a
    /// grant only delegates to the account's identity policies.
    pub const ACCOUNT_GRANTS_ONLY: u32 = 1 << 5;

    /// Whether the traits make the claim `bit`.
    #[inline(always)]
    pub const fn has(self, bit: u32) -> bool {
        self.0 & bit == bit
    }

    /// The traits of a policy's tables (their own `traits` field aside), as lowering builds
    /// them.
    ///
    /// ```
    /// use iam_policy_core::tables::{PolicyTables, Traits};
    /// let traits = Traits::of(&iam_policy_core::Policy::EMPTY.tables());
    /// assert!(traits.has(Traits::NO_DENY | Traits::NO_CONTEXT));
    /// assert!(!traits.has(Traits::ALLOWS_EVERYTHING));
    /// ```
    pub const fn of(tables: &PolicyTables<'_>) -> Traits {
        let PolicyTables {
            statements,
            patterns,
            pieces,
            service_statements,
            exact_names,
            unindexed,
            principals,
            ..
        } = *tables;
        let mut deny = false;
        let mut account_grants_only = true;
        let mut not_principal_deny = false;
        let mut context = false;
        // Every statement allows every resource unconditionally, for whole services.
        let mut service_wide = exact_names.is_empty() && unindexed.is_empty();
        let mut at = 0;
        while at < statements.len() {
            let statement = &statements[at];
            if matches!(statement.effect, Effect::Deny) {
                deny = true;
                if matches!(statement.principal_polarity, Some(Polarity::Excluded)) {
                    not_principal_deny = true;
                }
            }
            if matches!(statement.effect, Effect::Allow) && !grants_accounts(statement, principals)
            {
                account_grants_only = false;
            }
            if statement.conditions.len != 0 {
                context = true;
            }
            if !unconditional_allow(statement) {
                service_wide = false;
            }
            at += 1;
        }
        let mut at = 0;
        while at < pieces.len() {
            if matches!(pieces[at], Piece::Variable { .. }) {
                context = true;
            }
            at += 1;
        }
        let mut at = 0;
        while at < service_statements.len() {
            if !holds_any(service_statements[at].names, patterns) {
                service_wide = false;
            }
            at += 1;
        }
        let mut bits = 0;
        if !deny {
            bits |= Traits::NO_DENY;
            if !statements.is_empty()
                && unconditional_allow(&statements[0])
                && holds_any(statements[0].actions, patterns)
            {
                bits |= Traits::ALLOWS_EVERYTHING;
            }
            if service_wide && !service_statements.is_empty() {
                bits |= Traits::SERVICE_WIDE_ALLOWS;
            }
        }
        if !context {
            bits |= Traits::NO_CONTEXT;
        }
        if !not_principal_deny {
            bits |= Traits::NO_NOT_PRINCIPAL_DENY;
        }
        if account_grants_only {
            bits |= Traits::ACCOUNT_GRANTS_ONLY;
        }
        Traits(bits)
    }
}

/// Whether `statement` has a `Principal` of whole accounts only.
const fn grants_accounts(statement: &Statement, principals: &[PrincipalPattern]) -> bool {
    if !matches!(statement.principal_polarity, Some(Polarity::Listed)) {
        return false;
    }
    let (start, len) = (
        statement.principals.start as usize,
        statement.principals.len as usize,
    );
    if len == 0 || start.saturating_add(len) > principals.len() {
        return false;
    }
    let mut at = start;
    while at < start + len {
        if !matches!(principals[at], PrincipalPattern::Account(_)) {
            return false;
        }
        at += 1;
    }
    true
}

/// Whether `statement` is an `Allow` of every resource, without principal or condition, for
/// the actions it lists.
const fn unconditional_allow(statement: &Statement) -> bool {
    matches!(statement.effect, Effect::Allow)
        && matches!(statement.action_polarity, Polarity::Listed)
        && matches!(statement.shortcut, Shortcut::AnyRequest)
        && statement.principal_polarity.is_none()
        && statement.conditions.len == 0
}

/// Whether the patterns of `run` include `*`.
const fn holds_any(run: Run, patterns: &[Pattern]) -> bool {
    let (start, len) = (run.start as usize, run.len as usize);
    let mut at = start;
    while at < start.saturating_add(len) && at < patterns.len() {
        if matches!(patterns[at].kind, PatternKind::Any) {
            return true;
        }
        at += 1;
    }
    false
}

/// The records of a policy as generated code and the loader build them: every field of
/// [`Policy`], public so that a `static` can be written as one literal. Turned into a
/// [`Policy`] by [`Policy::from_tables`]. Not a stable API.
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
pub struct PolicyTables<'a> {
    pub name: Option<&'a str>,
    pub version: Version,
    pub pool: &'a str,
    pub statements: &'a [Statement],
    /// Sorted by hash, then by lowercased prefix.
    pub services: &'a [Service],
    pub service_statements: &'a [ServiceStatement],
    /// The statements whose names for a service are all exact, one entry per action and
    /// statement.
    pub exact_names: &'a [ExactName],
    /// A one-word filter of [`PolicyTables::exact_names`]: bit [`filter_bit`] of each entry's hash
    /// is set. A request whose bit is clear lists none of them.
    pub action_filter: u64,
    /// Statements that any action may match (`NotAction`, `*`, wildcards in the prefix).
    pub unindexed: &'a [u32],
    pub patterns: &'a [Pattern],
    pub pieces: &'a [Piece],
    pub resources: &'a [ResourcePattern],
    pub principals: &'a [PrincipalPattern],
    pub conditions: &'a [Condition],
    pub values: &'a [ConditionValue],
    /// What the statements say as a whole ([`Traits::of`], found by lowering).
    pub traits: Traits,
}

/// A compiled policy: the tables the evaluator reads.
///
/// Build one with `policy!` or `include_policy!` (const tables), or load one at run time with
/// `LoadedPolicy::from_json` and borrow it with `LoadedPolicy::as_policy`.
#[derive(Clone, Copy, Debug)]
pub struct Policy<'a> {
    pub(crate) name: Option<&'a str>,
    pub(crate) version: Version,
    pub(crate) pool: &'a str,
    pub(crate) statements: &'a [Statement],
    /// Sorted by hash, then by lowercased prefix.
    pub(crate) services: &'a [Service],
    pub(crate) service_statements: &'a [ServiceStatement],
    /// The statements whose names for a service are all exact, one entry per action and
    /// statement.
    pub(crate) exact_names: &'a [ExactName],
    /// A one-word filter of [`PolicyTables::exact_names`]: bit [`filter_bit`] of each entry's hash
    /// is set. A request whose bit is clear lists none of them.
    pub(crate) action_filter: u64,
    /// Statements that any action may match (`NotAction`, `*`, wildcards in the prefix).
    pub(crate) unindexed: &'a [u32],
    pub(crate) patterns: &'a [Pattern],
    pub(crate) pieces: &'a [Piece],
    pub(crate) resources: &'a [ResourcePattern],
    pub(crate) principals: &'a [PrincipalPattern],
    pub(crate) conditions: &'a [Condition],
    pub(crate) values: &'a [ConditionValue],
    /// What the statements say as a whole: the evaluator's shortcuts.
    pub(crate) traits: Traits,
}

impl<'a> Policy<'a> {
    /// A policy without statements: it denies everything (implicitly).
    ///
    /// ```
    /// use iam_policy_core::{Policy, Request};
    /// assert!(!Policy::EMPTY.evaluate(&Request::new("s3:GetObject", "*")).is_allowed());
    /// ```
    pub const EMPTY: Policy<'static> = Policy {
        name: None,
        version: Version::V2012_10_17,
        pool: "",
        statements: &[],
        services: &[],
        service_statements: &[],
        exact_names: &[],
        action_filter: 0,
        unindexed: &[],
        patterns: &[],
        pieces: &[],
        resources: &[],
        principals: &[],
        conditions: &[],
        values: &[],
        traits: Traits(Traits::NO_DENY | Traits::NO_CONTEXT | Traits::NO_NOT_PRINCIPAL_DENY),
    };

    /// The policy of `tables`, as `policy!` and the loader build it. Not a stable API: the
    /// records are produced by the checker's lowering and are not meant to be written by hand.
    #[doc(hidden)]
    #[inline]
    pub const fn from_tables(tables: PolicyTables<'a>) -> Self {
        let PolicyTables {
            name,
            version,
            pool,
            statements,
            services,
            service_statements,
            exact_names,
            action_filter,
            unindexed,
            patterns,
            pieces,
            resources,
            principals,
            conditions,
            values,
            traits,
        } = tables;
        Policy {
            name,
            version,
            pool,
            statements,
            services,
            service_statements,
            exact_names,
            action_filter,
            unindexed,
            patterns,
            pieces,
            resources,
            principals,
            conditions,
            values,
            traits,
        }
    }

    /// The records of the policy (the inverse of [`Policy::from_tables`]). Not a stable API.
    #[doc(hidden)]
    pub const fn tables(&self) -> PolicyTables<'a> {
        let Policy {
            name,
            version,
            pool,
            statements,
            services,
            service_statements,
            exact_names,
            action_filter,
            unindexed,
            patterns,
            pieces,
            resources,
            principals,
            conditions,
            values,
            traits,
        } = *self;
        PolicyTables {
            name,
            version,
            pool,
            statements,
            services,
            service_statements,
            exact_names,
            action_filter,
            unindexed,
            patterns,
            pieces,
            resources,
            principals,
            conditions,
            values,
            traits,
        }
    }

    /// Names the policy; the name appears in decisions and in [`AccessDenied`](crate::AccessDenied)
    /// messages.
    ///
    /// ```
    /// use iam_policy_core::Policy;
    /// static P: Policy = Policy::EMPTY.with_name("DenyAll");
    /// assert_eq!(P.name(), Some("DenyAll"));
    /// ```
    pub const fn with_name(mut self, name: &'a str) -> Self {
        self.name = Some(name);
        self
    }

    /// The name given with [`Policy::with_name`].
    pub const fn name(&self) -> Option<&'a str> {
        self.name
    }

    /// The document's language version.
    pub const fn version(&self) -> Version {
        self.version
    }

    /// How many statements the policy has.
    pub const fn statement_count(&self) -> usize {
        self.statements.len()
    }

    /// The `Sid` of statement `index`, if it has one.
    pub fn sid(&self, index: usize) -> Option<&'a str> {
        let sid = self.statements.get(index)?.sid?;
        Some(self.str(sid))
    }

    /// The bytes of a pool string (no UTF-8 boundary checks: the evaluator compares bytes).
    #[inline]
    pub(crate) fn bytes(&self, s: Str) -> &'a [u8] {
        let start = s.start as usize;
        self.pool
            .as_bytes()
            .get(start..start.saturating_add(s.len as usize))
            .unwrap_or(&[])
    }

    pub(crate) fn str(&self, s: Str) -> &'a str {
        let start = s.start as usize;
        self.pool
            .get(start..start.saturating_add(s.len as usize))
            .unwrap_or("")
    }
}

/// The bit of [`PolicyTables::action_filter`] that an action of hash `hash` sets.
///
/// ```
/// use iam_policy_core::tables::{filter_bit, name_hash};
/// assert_eq!(filter_bit(name_hash(b"s3:GetObject")).count_ones(), 1);
/// ```
#[inline]
pub const fn filter_bit(hash: u32) -> u64 {
    1 << (hash % 64)
}

/// Reads `run` out of `table`; an out-of-range run reads as empty.
#[inline]
pub(crate) fn slice<T>(table: &[T], run: Run) -> &[T] {
    let start = run.start as usize;
    table
        .get(start..start.saturating_add(run.len as usize))
        .unwrap_or(&[])
}

/// Short constructors for generated code: `policy!` writes each record as one call with its
/// numbers (`exact(0, 11)`) rather than as a struct literal with full paths, which keeps the
/// expansion, and the compiler's work on it, small. Brought into scope with one `use … ::*`.
#[doc(hidden)]
pub mod compact {
    pub use super::{
        Condition, ConditionValue, Effect, ExactName, Operator, Pattern, PatternKind, Piece,
        Polarity, Policy, PolicyTables, PrincipalPattern, Qualifier, ResourcePattern, Run, Service,
        ServiceStatement, Shortcut, Statement, Str, Traits, Version,
    };

    /// A pool string.
    pub const fn s(start: u32, len: u32) -> Str {
        Str { start, len }
    }

    /// A run of records.
    pub const fn r(start: u32, len: u32) -> Run {
        Run { start, len }
    }

    const fn simple(kind: PatternKind, start: u32, len: u32) -> Pattern {
        Pattern {
            kind,
            text: Str { start, len },
            pieces: Run::EMPTY,
        }
    }

    /// A [`PatternKind::Any`] pattern (its text is kept as lowered).
    pub const fn any(start: u32, len: u32) -> Pattern {
        simple(PatternKind::Any, start, len)
    }

    /// A [`PatternKind::Exact`] pattern.
    pub const fn exact(start: u32, len: u32) -> Pattern {
        simple(PatternKind::Exact, start, len)
    }

    /// A [`PatternKind::Prefix`] pattern.
    pub const fn prefix(start: u32, len: u32) -> Pattern {
        simple(PatternKind::Prefix, start, len)
    }

    /// A [`PatternKind::Suffix`] pattern.
    pub const fn suffix(start: u32, len: u32) -> Pattern {
        simple(PatternKind::Suffix, start, len)
    }

    /// A [`PatternKind::Glob`] pattern over `pieces[start..start + len]`.
    pub const fn glob(start: u32, len: u32) -> Pattern {
        Pattern {
            kind: PatternKind::Glob,
            text: Str { start: 0, len: 0 },
            pieces: Run { start, len },
        }
    }

    /// [`Piece::Literal`].
    pub const fn lit(start: u32, len: u32) -> Piece {
        Piece::Literal(Str { start, len })
    }

    /// [`Piece::AnyRun`].
    pub const STAR: Piece = Piece::AnyRun;

    /// [`Piece::AnyChar`].
    pub const ONE: Piece = Piece::AnyChar;

    /// [`Piece::Variable`] without a default.
    pub const fn var(start: u32, len: u32) -> Piece {
        Piece::Variable {
            key: Str { start, len },
            default: None,
        }
    }

    /// [`Piece::Variable`] with a default.
    pub const fn var_or(key: Str, default: Str) -> Piece {
        Piece::Variable {
            key,
            default: Some(default),
        }
    }

    /// [`ResourcePattern::Any`].
    pub const ANY_RESOURCE: ResourcePattern = ResourcePattern::Any;

    /// [`ResourcePattern::Exact`].
    pub const fn arn_exact(start: u32, len: u32) -> ResourcePattern {
        ResourcePattern::Exact(Str { start, len })
    }

    /// [`ResourcePattern::LiteralHead`]: the head's pool string and the resource part's pattern.
    pub const fn arn_head(start: u32, len: u32, resource: Pattern) -> ResourcePattern {
        ResourcePattern::LiteralHead(Str { start, len }, resource)
    }

    /// [`ResourcePattern::Arn`].
    pub const fn arn(fields: [Pattern; 5]) -> ResourcePattern {
        ResourcePattern::Arn(fields)
    }

    /// A [`Service`]: prefix, its hash, wildcard statements.
    pub const fn service(prefix: Str, hash: u32, statements: Run) -> Service {
        Service {
            prefix,
            hash,
            statements,
        }
    }

    /// A [`ServiceStatement`].
    pub const fn entry(statement: u32, start: u32, len: u32) -> ServiceStatement {
        ServiceStatement {
            statement,
            names: Run { start, len },
        }
    }

    /// An [`ExactName`]: the action, its hash, the statement, the entries left for the action.
    pub const fn name(start: u32, len: u32, hash: u32, statement: u32, same: u32) -> ExactName {
        ExactName {
            name: Str { start, len },
            hash,
            statement,
            same_action: same,
        }
    }

    /// Bits of [`statement`]'s flags.
    pub mod flags {
        /// The statement has a `Sid`.
        pub const SID: u32 = 1;
        /// `"Effect": "Deny"`.
        pub const DENY: u32 = 1 << 1;
        /// `NotAction`.
        pub const NOT_ACTION: u32 = 1 << 2;
        /// `Resource` (with [`NOT_RESOURCE`], `NotResource`); neither: no resource element.
        pub const RESOURCE: u32 = 1 << 3;
        /// `NotResource`, with [`RESOURCE`].
        pub const NOT_RESOURCE: u32 = 1 << 4;
        /// `Principal` (with [`NOT_PRINCIPAL`], `NotPrincipal`); neither: no principal element.
        pub const PRINCIPAL: u32 = 1 << 5;
        /// `NotPrincipal`, with [`PRINCIPAL`].
        pub const NOT_PRINCIPAL: u32 = 1 << 6;
        /// [`Shortcut::AnyRequest`](super::Shortcut::AnyRequest).
        pub const ANY_REQUEST: u32 = 1 << 7;
        /// [`Shortcut::OneResource`](super::Shortcut::OneResource), the ARN given after the
        /// runs.
        pub const ONE_RESOURCE: u32 = 1 << 8;
        /// [`Shortcut::Conditions`](super::Shortcut::Conditions).
        pub const CONDITIONS: u32 = 1 << 9;
    }

    const fn has(bits: u32, bit: u32) -> bool {
        bits & bit != 0
    }

    const fn polarity(present: bool, excluded: bool) -> Option<Polarity> {
        match (present, excluded) {
            (false, _) => None,
            (true, false) => Some(Polarity::Listed),
            (true, true) => Some(Polarity::Excluded),
        }
    }

    /// A [`Statement`] from `[flags, sid, sid length, then start and length of the actions,
    /// resources, principals and conditions runs, and of the shortcut's ARN]`; `flags`
    /// combines the bits of [`flags`].
    pub const fn statement(n: [u32; 13]) -> Statement {
        let [bits, sid_start, sid_len, actions_start, actions_len, resources_start, resources_len, principals_start, principals_len, conditions_start, conditions_len, arn_start, arn_len] =
            n;
        Statement {
            sid: if has(bits, flags::SID) {
                Some(Str {
                    start: sid_start,
                    len: sid_len,
                })
            } else {
                None
            },
            effect: if has(bits, flags::DENY) {
                Effect::Deny
            } else {
                Effect::Allow
            },
            action_polarity: if has(bits, flags::NOT_ACTION) {
                Polarity::Excluded
            } else {
                Polarity::Listed
            },
            actions: Run {
                start: actions_start,
                len: actions_len,
            },
            resource_polarity: polarity(has(bits, flags::RESOURCE), has(bits, flags::NOT_RESOURCE)),
            resources: Run {
                start: resources_start,
                len: resources_len,
            },
            principal_polarity: polarity(
                has(bits, flags::PRINCIPAL),
                has(bits, flags::NOT_PRINCIPAL),
            ),
            principals: Run {
                start: principals_start,
                len: principals_len,
            },
            conditions: Run {
                start: conditions_start,
                len: conditions_len,
            },
            shortcut: if has(bits, flags::ANY_REQUEST) {
                Shortcut::AnyRequest
            } else if has(bits, flags::ONE_RESOURCE) {
                Shortcut::OneResource(Str {
                    start: arn_start,
                    len: arn_len,
                })
            } else if has(bits, flags::CONDITIONS) {
                Shortcut::Conditions
            } else {
                Shortcut::None
            },
        }
    }
}
