//! Lowering: a checked [`Document`] to the evaluator's [`Tables`], doing every bit of work
//! that does not depend on the request once (lowercasing, splitting, classifying, indexing).

use crate::lint;
use std::collections::{BTreeMap, HashMap};

use iam_policy_core::tables::{
    filter_bit, name_hash, ExactName, Pattern, PatternKind, Piece, Polarity, PolicyTables,
    ResourcePattern, Run, Service, ServiceStatement, Shortcut, Statement, Str, Traits,
};
use iam_policy_core::{Policy, Version};

use crate::diagnostic::{Diagnostic, Loc};
use crate::grammar::document::{self, Document};
use crate::grammar::template::{self, Part, Syntax};
use crate::syntax::json::shorten;

pub use crate::lowering::tables::Tables;

/// Builds the tables of a checked document.
///
/// Fails closed: anything the tables cannot represent exactly (text the checker should have
/// refused, a pool beyond 4 GiB) is an `UNSUPPORTED_BY_EVALUATOR` error at its statement,
/// never a statement that silently matches more or less than it says.
pub fn lower(document: &Document) -> Result<Tables, Diagnostic> {
    lower_with(document, true)
}

/// [`lower`]; without `shortcuts`, every ARN is matched field by field and every indexed
/// statement has its name patterns tried (the reference the shortcuts are tested against).
fn lower_with(document: &Document, shortcuts: bool) -> Result<Tables, Diagnostic> {
    // The tables that take an entry per statement, action or resource are sized once.
    let statements = &document.statements;
    let actions: usize = statements.iter().map(|s| s.action.items.len()).sum();
    let resources: usize = statements
        .iter()
        .filter_map(|s| s.resource.as_ref())
        .map(|r| r.items.len())
        .sum();
    let mut tables = Tables::new(document.effective_version());
    tables.statements.reserve(statements.len());
    tables.patterns.reserve(actions);
    tables.resources.reserve(resources);
    let mut builder = Builder {
        tables,
        // About a `Sid`, two actions and an ARN per statement: sized once, never rehashed.
        interned: Interned::with_capacity(document.statements.len().saturating_mul(4)),
        statement_loc: Loc::new(0, 0),
        unsupported: None,
        shortcuts,
        lowercase: String::new(),
    };
    // Statements with a wildcard name for a service, by service; exact actions with the
    // statements that list them.
    let mut services: BTreeMap<String, Vec<ServiceStatement>> = BTreeMap::new();
    // Exact actions: hash, statement, the action as written, and the order they were found
    // in. Case is ignored where they are compared, so no lowercase copy is made.
    let mut exact: Vec<(u32, u32, &str, u32)> = Vec::with_capacity(actions);
    // The names of each statement's `Action` in turn, in one buffer.
    let mut by_service: Vec<ActionName<'_>> = Vec::new();
    for (index, statement) in document.statements.iter().enumerate() {
        builder.statement_loc = statement.loc;
        let lowered = builder.statement(statement);
        let index = index as u32;
        if service_index(&statement.action, &mut by_service) {
            for names in by_service.chunk_by(|a, b| a.prefix().eq_ignore_ascii_case(b.prefix())) {
                if shortcuts && names.iter().all(|n| !template::has_wildcard(n.name())) {
                    for name in names {
                        let found = exact.len() as u32;
                        // The hash ignores case: it is the hash of the lowercased text.
                        exact.push((
                            name_hash(name.written.as_bytes()),
                            index,
                            name.written,
                            found,
                        ));
                    }
                } else {
                    let prefix = names[0].prefix().to_ascii_lowercase();
                    let names = builder.patterns(names.iter().map(ActionName::name));
                    services.entry(prefix).or_default().push(ServiceStatement {
                        statement: index,
                        names,
                    });
                }
            }
        } else {
            builder.tables.unindexed.push(index);
        }
        builder.tables.statements.push(lowered);
    }
    // The evaluator searches both tables by hash; ties (two texts of one hash) are ordered by
    // text, and the statements of one action by statement.
    let mut services: Vec<(u32, String, Vec<ServiceStatement>)> = services
        .into_iter()
        .map(|(prefix, statements)| (name_hash(prefix.as_bytes()), prefix, statements))
        .collect();
    services.sort_unstable_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    for (hash, prefix, wildcard) in services {
        let prefix = builder.intern(&prefix);
        let statements = run(builder.tables.service_statements.len(), wildcard.len());
        builder.tables.service_statements.extend(wildcard);
        builder.tables.services.push(Service {
            prefix,
            hash,
            statements,
        });
    }
    // The entries of one action stay in document order (the order found breaks ties), so the
    // first of them holds its first spelling. Each action is stored as first written (a request
    // usually spells it the same way, which the evaluator compares first); all its entries
    // share it. The sort is by integers (the order found is unique, so the order is total);
    // only a run of one hash whose texts differ (a rare collision) is ordered by text too.
    exact.sort_unstable_by_key(|&(hash, statement, _, found)| (hash, statement, found));
    for run in exact.chunk_by_mut(|a, b| a.0 == b.0) {
        if run.iter().any(|e| compare_lowercase(e.2, run[0].2).is_ne()) {
            run.sort_by(|a, b| compare_lowercase(a.2, b.2).then((a.1, a.3).cmp(&(b.1, b.3))));
        }
    }
    exact.dedup_by(|later, kept| {
        (later.0, later.1) == (kept.0, kept.1) && compare_lowercase(later.2, kept.2).is_eq()
    });
    let mut previous: Option<(u32, &str, Str)> = None;
    builder.tables.exact_names.reserve(exact.len());
    for &(hash, statement, written, _) in &exact {
        let name = match previous {
            Some((h, a, name)) if h == hash && compare_lowercase(a, written).is_eq() => name,
            _ => builder.intern(written),
        };
        previous = Some((hash, written, name));
        builder.tables.exact_names.push(ExactName {
            name,
            hash,
            statement,
            same_action: 1,
        });
        builder.tables.action_filter |= filter_bit(hash);
    }
    // Entries of one action share their text: each counts those after it, back to front.
    let names = &mut builder.tables.exact_names;
    for at in (1..names.len()).rev() {
        if names[at - 1].name == names[at].name {
            names[at - 1].same_action = names[at].same_action + 1;
        }
    }
    builder.tables.traits = Traits::of(&builder.tables.as_policy().tables());
    match builder.unsupported {
        Some(error) => Err(error),
        None => Ok(builder.tables),
    }
}

/// The names of an `Action` list grouped by service prefix, case ignored (in the order of the
/// lowercased prefixes, each group in list order), into `names`; `false` when a statement must
/// be tried for every action (`NotAction`, `*`, a wildcard in a prefix).
fn service_index<'d>(action: &'d document::Patterns, names: &mut Vec<ActionName<'d>>) -> bool {
    names.clear();
    if action.polarity == Polarity::Excluded {
        return false;
    }
    for item in &action.items {
        let Some(colon) = item.value.find(':') else {
            return false;
        };
        if template::has_wildcard(&item.value[..colon]) {
            return false;
        }
        names.push(ActionName {
            colon,
            written: &item.value,
        });
    }
    // Stable: the names of one service keep their order.
    names.sort_by(|a, b| compare_lowercase(a.prefix(), b.prefix()));
    true
}

/// `a.to_ascii_lowercase().cmp(&b.to_ascii_lowercase())` without the copies.
fn compare_lowercase(a: &str, b: &str) -> std::cmp::Ordering {
    // The same spelling, the usual tie: one comparison of the bytes.
    if a == b {
        return std::cmp::Ordering::Equal;
    }
    a.bytes()
        .map(|b| b.to_ascii_lowercase())
        .cmp(b.bytes().map(|b| b.to_ascii_lowercase()))
}

/// One name of an `Action` list, for the service index.
struct ActionName<'d> {
    /// Where its first colon is.
    colon: usize,
    /// The action as the policy writes it (`cloudtrail:StopLogging`).
    written: &'d str,
}

impl ActionName<'_> {
    /// The service prefix as written (`cloudtrail`).
    fn prefix(&self) -> &str {
        &self.written[..self.colon]
    }

    /// The name as written, prefix stripped (`StopLogging`).
    fn name(&self) -> &str {
        &self.written[self.colon + 1..]
    }
}

fn run(start: usize, len: usize) -> Run {
    Run {
        start: start as u32,
        len: len as u32,
    }
}

/// The pool's strings by their text, without a copy of the text: by a hash of it, and (for
/// the rare text whose hash an earlier one has) by the text itself.
struct Interned {
    by_hash: HashMap<u64, Str>,
    collided: HashMap<String, Str>,
}

impl Interned {
    fn with_capacity(capacity: usize) -> Self {
        Interned {
            by_hash: HashMap::with_capacity(capacity),
            collided: HashMap::new(),
        }
    }

    /// The interned `text` of hash `hash` (`pool`: the tables' pool), or, when it is new, the
    /// one `add` gives, stored: the map of hashes is searched once.
    fn find_or_add(
        &mut self,
        hash: u64,
        text: &str,
        pool: &mut String,
        add: impl FnOnce(&mut String) -> Option<Str>,
    ) -> Option<Str> {
        use std::collections::hash_map::Entry;
        match self.by_hash.entry(hash) {
            Entry::Occupied(first) => {
                let first = *first.get();
                if pool_text(pool, first) == text {
                    return Some(first);
                }
                if let Some(s) = self.collided.get(text) {
                    return Some(*s);
                }
                let s = add(pool)?;
                self.collided.insert(text.to_string(), s);
                Some(s)
            }
            Entry::Vacant(entry) => Some(*entry.insert(add(pool)?)),
        }
    }
}

fn pool_text(pool: &str, s: Str) -> &str {
    &pool[s.start as usize..(s.start + s.len) as usize]
}

/// A fast unkeyed hash of `text`, eight bytes at a time. Texts of equal hash are told apart by
/// [`Interned`], and the map of hashes is keyed, so chosen texts cannot flood it.
fn text_hash(text: &str) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut hash = text.len() as u64;
    let mut chunks = text.as_bytes().chunks_exact(8);
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        hash = (hash.rotate_left(5) ^ word).wrapping_mul(K);
    }
    let mut last = [0u8; 8];
    last[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    (hash.rotate_left(5) ^ u64::from_le_bytes(last)).wrapping_mul(K)
}

struct Builder {
    tables: Tables,
    interned: Interned,
    /// The statement being lowered, for errors.
    statement_loc: Loc,
    /// The first thing the tables cannot represent; lowering fails with it.
    unsupported: Option<Diagnostic>,
    /// Whether all-exact ARNs become one string and exact action names are indexed.
    shortcuts: bool,
    /// A buffer for lowercasing action names.
    lowercase: String,
}

impl Builder {
    /// Records that `what` cannot be represented; the whole lowering then fails.
    fn reject(&mut self, what: String) {
        if self.unsupported.is_none() {
            self.unsupported = Some(
                Diagnostic::new(
                    lint::UNSUPPORTED_BY_EVALUATOR,
                    self.statement_loc,
                    format!("the evaluator cannot represent {what}: the policy is refused rather than applied in part"),
                )
                .with_help("this is a defect of the checker; please report it with the policy"),
            );
        }
    }

    fn intern(&mut self, text: &str) -> Str {
        let hash = text_hash(text);
        let added = self
            .interned
            .find_or_add(hash, text, &mut self.tables.pool, |pool| {
                if pool.len().saturating_add(text.len()) > u32::MAX as usize {
                    return None;
                }
                let s = Str {
                    start: pool.len() as u32,
                    len: text.len() as u32,
                };
                pool.push_str(text);
                Some(s)
            });
        added.unwrap_or_else(|| {
            self.reject("a policy of more than 4 GiB of text".to_string());
            Str { start: 0, len: 0 }
        })
    }

    fn statement(&mut self, statement: &document::Statement) -> Statement {
        let sid = statement.sid.as_ref().map(|sid| self.intern(&sid.value));
        let actions = self.patterns(statement.action.items.iter().map(|i| i.value.as_str()));
        let (resource_polarity, resources) = match &statement.resource {
            Some(resource) => {
                let start = self.tables.resources.len();
                for item in &resource.items {
                    let pattern = self.resource(&item.value);
                    self.tables.resources.push(pattern);
                }
                (Some(resource.polarity), run(start, resource.items.len()))
            }
            None => (None, Run::EMPTY),
        };
        let (principal_polarity, principals) =
            crate::lowering::principals::lower(statement.principal.as_ref(), self);
        let conditions = crate::lowering::conditions::lower(&statement.condition, self);
        let shortcut = if self.shortcuts && principal_polarity.is_none() {
            match self.resource_shortcut(resource_polarity, resources) {
                shortcut if conditions.len == 0 => shortcut,
                // Every resource matches: the conditions are all that is left.
                Shortcut::AnyRequest => Shortcut::Conditions,
                _ => Shortcut::None,
            }
        } else {
            Shortcut::None
        };
        Statement {
            sid,
            effect: statement.effect,
            action_polarity: statement.action.polarity,
            actions,
            resource_polarity,
            resources,
            principal_polarity,
            principals,
            conditions,
            shortcut,
        }
    }

    /// The [`Shortcut`] of a statement's lowered resource element, for a statement without a
    /// principal (or a condition: [`Shortcut::AnyRequest`] becomes [`Shortcut::Conditions`]
    /// beside one).
    fn resource_shortcut(&self, polarity: Option<Polarity>, resources: Run) -> Shortcut {
        let (start, len) = (resources.start as usize, resources.len as usize);
        let patterns = self.tables.resources.get(start..start + len).unwrap_or(&[]);
        match (polarity, patterns) {
            (None, _) => Shortcut::AnyRequest,
            (Some(Polarity::Listed), [ResourcePattern::Exact(arn)]) => Shortcut::OneResource(*arn),
            (Some(Polarity::Listed), _) if patterns.contains(&ResourcePattern::Any) => {
                Shortcut::AnyRequest
            }
            _ => Shortcut::None,
        }
    }

    /// Action patterns, lowercased (`*`/`?` wildcards, no variables), as one run.
    fn patterns<'t>(&mut self, items: impl Iterator<Item = &'t str>) -> Run {
        // Only this pushes patterns: the run is what the loop pushes. One buffer holds each
        // lowercased name in turn.
        let start = self.tables.patterns.len();
        let mut lower = std::mem::take(&mut self.lowercase);
        for item in items {
            lower.clear();
            lower.push_str(item);
            lower.make_ascii_lowercase();
            let pattern = self.pattern(
                &lower,
                Syntax {
                    wildcards: true,
                    variables: false,
                },
            );
            self.tables.patterns.push(pattern);
        }
        self.lowercase = lower;
        run(start, self.tables.patterns.len() - start)
    }

    fn resource(&mut self, text: &str) -> ResourcePattern {
        if text == "*" {
            return ResourcePattern::Any;
        }
        let expanded;
        let text = match text.strip_prefix(crate::grammar::arn::EXECUTE_API_SHORTHAND) {
            Some(path) => {
                expanded = crate::grammar::arn::execute_api_pattern(path);
                expanded.as_str()
            }
            None => text,
        };
        let spanned = crate::grammar::arn::spanning_wildcard(text);
        let text = spanned.as_ref();
        let Some(["arn", partition, service, region, account, rest]) =
            crate::grammar::arn::split(text)
        else {
            self.reject(format!(
                "the resource `{}`, which is not an ARN",
                shorten(text)
            ));
            return ResourcePattern::Any;
        };
        let field = Syntax {
            wildcards: true,
            variables: false,
        };
        let resource = Syntax {
            wildcards: true,
            variables: self.tables.version == Version::V2012_10_17,
        };
        let fields = [partition, service, region, account, rest];
        if self.shortcuts {
            // The usual ARN, literal throughout: it is its own exact text.
            if is_literal(text, field) && is_literal(rest, resource) {
                return ResourcePattern::Exact(self.intern(text));
            }
            if let Some(whole) = exact_arn(fields, [field, field, field, field, resource]) {
                return ResourcePattern::Exact(self.intern(&whole));
            }
            // Literal up to the resource part: one comparison of the head, then the rest.
            let head = [partition, service, region, account];
            if head.iter().all(|text| is_literal(text, field)) {
                let head = format!("arn:{}:", head.join(":"));
                return ResourcePattern::LiteralHead(
                    self.intern(&head),
                    self.pattern(rest, resource),
                );
            }
        }
        ResourcePattern::Arn([
            self.pattern(partition, field),
            self.pattern(service, field),
            self.pattern(region, field),
            self.pattern(account, field),
            self.pattern(rest, resource),
        ])
    }
}

/// Whether `text` holds nothing that `syntax` reads as a wildcard or a variable, so that
/// [`template::parse`] reads it as one literal part (none when empty).
fn is_literal(text: &str, syntax: Syntax) -> bool {
    !(syntax.wildcards && template::has_wildcard(text)
        || syntax.variables && template::has_variable(text))
}

/// The ARN an ARN pattern names when no field has a wildcard or a variable: `arn:` and the
/// fields' literal text joined by colons. Matching it byte for byte is matching each field
/// exactly in turn, since the first four fields hold no colon.
fn exact_arn(fields: [&str; 5], syntaxes: [Syntax; 5]) -> Option<String> {
    let mut whole = String::from("arn");
    for (field, syntax) in fields.into_iter().zip(syntaxes) {
        whole.push(':');
        for part in template::parse(field, syntax).ok()? {
            match part {
                Part::Literal(text) => whole.push_str(&text),
                Part::AnyRun | Part::AnyChar | Part::Variable { .. } => return None,
            }
        }
    }
    Some(whole)
}

/// What condition and principal lowering needs from the builder.
pub(crate) trait Lowering {
    /// Stores `text` in the pool.
    fn intern(&mut self, text: &str) -> Str;
    /// Compiles a pattern.
    fn pattern(&mut self, text: &str, syntax: Syntax) -> Pattern;
    /// The tables being built.
    fn tables(&mut self) -> &mut Tables;
}

impl Lowering for Builder {
    fn intern(&mut self, text: &str) -> Str {
        Builder::intern(self, text)
    }

    fn pattern(&mut self, text: &str, syntax: Syntax) -> Pattern {
        if is_literal(text, syntax) {
            // What `template::parse` reads as one literal (or nothing), without reading it.
            return Pattern {
                kind: PatternKind::Exact,
                text: self.intern(text),
                pieces: Run::EMPTY,
            };
        }
        self.parsed_pattern(text, syntax)
    }

    fn tables(&mut self) -> &mut Tables {
        &mut self.tables
    }
}

impl Builder {
    /// [`Lowering::pattern`] through [`template::parse`], for any text.
    fn parsed_pattern(&mut self, text: &str, syntax: Syntax) -> Pattern {
        // The checker refuses malformed variables; one that got here is not read as literal
        // text (which would make a `Deny` miss what it names) but fails the lowering.
        let mut parts = match template::parse(text, syntax) {
            Ok(parts) => parts,
            Err(error) => {
                self.reject(format!(
                    "the pattern `{}` ({})",
                    shorten(text),
                    error.message
                ));
                Vec::new()
            }
        };
        parts.dedup_by(|a, b| *a == Part::AnyRun && *b == Part::AnyRun);
        let literal = |builder: &mut Self, kind, text: &str| Pattern {
            kind,
            text: builder.intern(text),
            pieces: Run::EMPTY,
        };
        match parts.as_slice() {
            [] => literal(self, PatternKind::Exact, ""),
            [Part::AnyRun] => literal(self, PatternKind::Any, ""),
            [Part::Literal(text)] => literal(self, PatternKind::Exact, text),
            [Part::Literal(text), Part::AnyRun] => literal(self, PatternKind::Prefix, text),
            [Part::AnyRun, Part::Literal(text)] => literal(self, PatternKind::Suffix, text),
            _ => {
                let pieces: Vec<Piece> = parts
                    .iter()
                    .map(|part| match part {
                        Part::Literal(text) => Piece::Literal(self.intern(text)),
                        Part::AnyRun => Piece::AnyRun,
                        Part::AnyChar => Piece::AnyChar,
                        Part::Variable { key, default } => Piece::Variable {
                            key: self.intern(&key.to_ascii_lowercase()),
                            default: default.as_deref().map(|d| self.intern(d)),
                        },
                    })
                    .collect();
                let start = self.tables.pieces.len();
                let len = pieces.len();
                self.tables.pieces.extend(pieces);
                Pattern {
                    kind: PatternKind::Glob,
                    text: Str { start: 0, len: 0 },
                    pieces: run(start, len),
                }
            }
        }
    }
}

impl Tables {
    /// Borrows the tables as a [`Policy`] for the evaluator.
    #[inline]
    pub fn as_policy(&self) -> Policy<'_> {
        Policy::from_tables(PolicyTables {
            name: None,
            version: self.version,
            pool: &self.pool,
            statements: &self.statements,
            services: &self.services,
            service_statements: &self.service_statements,
            exact_names: &self.exact_names,
            action_filter: self.action_filter,
            unindexed: &self.unindexed,
            patterns: &self.patterns,
            pieces: &self.pieces,
            resources: &self.resources,
            principals: &self.principals,
            conditions: &self.conditions,
            values: &self.values,
            traits: self.traits,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use iam_policy_core::{Context, ContextValue, Decision, Request};
    use proptest::prelude::*;
    use proptest::sample::select;

    /// Action patterns: exact names (in several cases, repeated), wildcards, other services.
    const ACTIONS: &[&str] = &[
        "cloudtrail:StopLogging",
        "cloudtrail:stoplogging",
        "CloudTrail:StartLogging",
        "cloudtrail:DescribeTrails",
        "cloudtrail:GetTrailStatus",
        "cloudtrail:*Logging",
        "cloudtrail:Describe*",
        "cloudtrail:*",
        "s3:GetObject",
        "s3:PutObject",
        "s3:Get*",
        "s3:G?tObject",
        "kms:ListAliases",
        "*",
    ];

    /// Resource patterns: exact ARNs (some differing only in case or in a field), ARNs with
    /// wildcards, variables, escapes and colons in the resource part, and `*`.
    const RESOURCES: &[&str] = &[
        "*",
        "arn:aws:cloudtrail:us-east-1:111122223333:trail/Default",
        "arn:aws:cloudtrail:us-east-1:111122223333:trail/default",
        "arn:aws:cloudtrail:us-east-2:111122223333:trail/Default",
        "arn:aws:cloudtrail:us-east-1:111122223333:trail/*",
        "arn:aws:cloudtrail:*:111122223333:trail/Default",
        "arn:aws:s3:::bucket/key",
        "arn:aws:s3:::bucket/key:with:colons",
        "arn:aws:s3:::bucket/home/${aws:username}",
        "arn:aws:s3:::bucket/${*}star",
        "arn:aws:s3:::bucket/${aws:username, 'nobody'}",
        "arn:aws:s3:::bucket/?ey",
        "arn:aws:s3:::bucket/*:with:*",
        "arn:aws:cloudtrail:us-east-1:111122223333:*",
        "arn:aws:s3:::b\u{fc}cket/*",
    ];

    /// Requested resources: every pattern's own text, near misses and non-ARNs.
    const REQUESTED: &[&str] = &[
        "*",
        "arn:aws:cloudtrail:us-east-1:111122223333:trail/Default",
        "arn:aws:cloudtrail:us-east-1:111122223333:trail/default",
        "arn:aws:cloudtrail:us-east-1:111122223333:trail/Default2",
        "arn:aws:cloudtrail:us-east-1:111122223333:trail/Defaul",
        "arn:aws:cloudtrail:us-east-2:111122223333:trail/Default",
        "arn:aws:cloudtrail:us-east-1:111122223333:trail:Default",
        "arn:aws:cloudtrail:us-east-1::111122223333:trail/Default",
        "ARN:aws:cloudtrail:us-east-1:111122223333:trail/Default",
        "arn:aws:s3:::bucket/key",
        "arn:aws:s3:::bucket/key:with:colons",
        "arn:aws:s3:::bucket/home/alice",
        "arn:aws:s3:::bucket/home/${aws:username}",
        "arn:aws:s3:::bucket/*star",
        "arn:aws:s3:::bucket/${*}star",
        "arn:aws:s3:::bucket/nobody",
        "arn:aws:s3:::bucket/key/",
        "arn:aws:s3:::bucket",
        "arn:aws:s3:",
        "arn:aws:s3:::",
        "arn:aws:s3:::bucket/key:with:colons:",
        "arn:aws:s3:::b\u{fc}cket/key",
        "arn:aws:cloudtrail:us-east-1:111122223333:",
        "arn:aws:cloudtrail:us-east-1:111122223333",
        "arn:aws:cloudtrail:us-east-1:111122223333:trail/Default/and/a/long/tail/past/the/pool",
        "not an arn",
        "",
    ];

    const REQUESTED_ACTIONS: &[&str] = &[
        "cloudtrail:StopLogging",
        "CLOUDTRAIL:STOPLOGGING",
        "cloudtrail:StartLogging",
        "cloudtrail:DescribeTrails",
        "cloudtrail:GetTrailStatus",
        "cloudtrail:DeleteTrail",
        "cloudtrail:",
        "s3:GetObject",
        "s3:getobject",
        "s3:PutObject",
        "s3:GotObject",
        "kms:ListAliases",
        "iam:GetUser",
        "StopLogging",
    ];

    #[derive(Clone, Debug)]
    struct Stmt {
        deny: bool,
        not_action: bool,
        actions: Vec<&'static str>,
        not_resource: bool,
        resources: Vec<&'static str>,
    }

    fn stmt() -> impl Strategy<Value = Stmt> {
        (
            any::<bool>(),
            prop::bool::weighted(0.1),
            prop::collection::vec(select(ACTIONS), 1..4),
            prop::bool::weighted(0.1),
            prop::collection::vec(select(RESOURCES), 1..3),
        )
            .prop_map(
                |(deny, not_action, actions, not_resource, resources)| Stmt {
                    deny,
                    not_action,
                    actions,
                    not_resource,
                    resources,
                },
            )
    }

    fn json(version: &str, statements: &[Stmt]) -> String {
        let list = |items: &[&str]| {
            let quoted: Vec<String> = items.iter().map(|i| format!("{i:?}")).collect();
            format!("[{}]", quoted.join(", "))
        };
        let statements: Vec<String> = statements
            .iter()
            .map(|s| {
                format!(
                    r#"{{"Effect": "{}", "{}": {}, "{}": {}}}"#,
                    if s.deny { "Deny" } else { "Allow" },
                    if s.not_action { "NotAction" } else { "Action" },
                    list(&s.actions),
                    if s.not_resource {
                        "NotResource"
                    } else {
                        "Resource"
                    },
                    list(&s.resources),
                )
            })
            .collect();
        format!(
            r#"{{"Version": "{version}", "Statement": [{}]}}"#,
            statements.join(", ")
        )
    }

    /// The tables with and without the shortcuts, for a policy the checker accepts.
    fn both(text: &str) -> Option<(Tables, Tables)> {
        let checked = crate::check_text(text, &crate::Options::default());
        let document = checked.document.as_ref()?;
        let fast = lower_with(document, true).ok()?;
        let plain = lower_with(document, false).ok()?;
        Some((fast, plain))
    }

    fn same_decisions(fast: &Tables, plain: &Tables) -> Result<(), TestCaseError> {
        let contexts = [
            Context::EMPTY,
            Context::new(&[("aws:username", ContextValue::String("alice"))]),
        ];
        for action in REQUESTED_ACTIONS {
            for resource in REQUESTED {
                for context in contexts {
                    let request = Request::new(*action, resource).with_context(context);
                    let expected: Decision<'_> = plain.as_policy().evaluate(&request);
                    prop_assert_eq!(
                        fast.as_policy().evaluate(&request),
                        expected,
                        "{} on {}",
                        action,
                        resource
                    );
                }
            }
        }
        Ok(())
    }

    #[test]
    fn a_statement_with_conditions_on_any_resource_checks_its_conditions_alone() {
        let text = r#"{"Version": "2012-10-17", "Statement": [
            {"Sid": "DenyRegions", "Effect": "Deny", "NotAction": ["iam:*", "sts:*"],
             "Resource": "*",
             "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["us-east-1", "eu-west-1"]}}},
            {"Effect": "Allow", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::secret/*",
             "Condition": {"StringEqualsIgnoreCase": {"aws:username": "ALICE"}}},
            {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::bucket/*",
             "Condition": {"StringLike": {"aws:username": "a*"}}},
            {"Effect": "Allow", "Action": "cloudtrail:*", "Resource": ["*", "arn:aws:s3:::b"],
             "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}
        ]}"#;
        let (fast, plain) = both(text).expect("the policy checks");
        let shortcuts: Vec<Shortcut> = fast.statements.iter().map(|s| s.shortcut).collect();
        assert_eq!(
            shortcuts,
            [
                Shortcut::Conditions,
                Shortcut::None,
                Shortcut::None,
                Shortcut::Conditions
            ]
        );
        assert!(plain
            .statements
            .iter()
            .all(|s| s.shortcut == Shortcut::None));
        let contexts: [&[(&str, ContextValue<'_>)]; 5] = [
            &[],
            &[("aws:RequestedRegion", ContextValue::String("us-east-1"))],
            &[
                ("AWS:RequestedRegion", ContextValue::String("ap-south-1")),
                ("aws:username", ContextValue::String("alice")),
            ],
            &[
                ("aws:username", ContextValue::String("Alice")),
                ("aws:MultiFactorAuthPresent", ContextValue::Bool(true)),
                ("aws:requestedregion", ContextValue::String("eu-west-1")),
            ],
            &[("aws:MultiFactorAuthPresent", ContextValue::String("true"))],
        ];
        let actions = [
            "s3:GetObject",
            "s3:PutObject",
            "iam:GetUser",
            "STS:AssumeRole",
            "cloudtrail:StopLogging",
        ];
        let resources = ["*", "arn:aws:s3:::secret/x", "arn:aws:s3:::bucket/k"];
        for entries in contexts {
            for action in actions {
                for resource in resources {
                    let request =
                        Request::new(action, resource).with_context(Context::new(entries));
                    assert_eq!(
                        fast.as_policy().evaluate(&request),
                        plain.as_policy().evaluate(&request),
                        "{action} on {resource} with {entries:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_shortcuts_are_taken() {
        let (fast, plain) = both(&json(
            "2012-10-17",
            &[Stmt {
                deny: true,
                not_action: false,
                actions: vec!["cloudtrail:StopLogging", "cloudtrail:StartLogging"],
                not_resource: false,
                resources: vec![
                    "arn:aws:cloudtrail:us-east-1:111122223333:trail/Default",
                    "arn:aws:s3:::bucket/${*}star",
                    "arn:aws:s3:::bucket/home/${aws:username}",
                ],
            }],
        ))
        .expect("the policy checks");
        let whole = |t: &Tables, i: usize| match t.resources[i] {
            ResourcePattern::Exact(s) => {
                Some(t.pool[s.start as usize..][..s.len as usize].to_string())
            }
            _ => None,
        };
        assert_eq!(
            whole(&fast, 0).as_deref(),
            Some("arn:aws:cloudtrail:us-east-1:111122223333:trail/Default")
        );
        assert_eq!(
            whole(&fast, 1).as_deref(),
            Some("arn:aws:s3:::bucket/*star")
        );
        assert_eq!(whole(&fast, 2), None);
        assert_eq!(whole(&plain, 0), None);
        assert_eq!(fast.exact_names.len(), 2);
        assert!(fast.service_statements.is_empty());
        assert!(plain.exact_names.is_empty());
        assert_eq!(plain.service_statements.len(), 1);
    }

    #[test]
    fn texts_of_one_hash_are_told_apart() {
        let mut pool = String::new();
        let add = |text: &'static str| {
            move |pool: &mut String| {
                let s = Str {
                    start: pool.len() as u32,
                    len: text.len() as u32,
                };
                pool.push_str(text);
                Some(s)
            }
        };
        let mut interned = Interned::with_capacity(1);
        // Two texts of one hash: both are stored.
        let a = interned.find_or_add(7, "a", &mut pool, add("a"));
        let b = interned.find_or_add(7, "b", &mut pool, add("b"));
        assert_eq!(pool, "ab");
        assert_eq!(a, Some(Str { start: 0, len: 1 }));
        assert_eq!(b, Some(Str { start: 1, len: 1 }));
        // Found again without adding; a text not stored is not found.
        assert_eq!(interned.find_or_add(7, "a", &mut pool, |_| None), a);
        assert_eq!(interned.find_or_add(7, "b", &mut pool, |_| None), b);
        assert_eq!(interned.find_or_add(7, "c", &mut pool, |_| None), None);
        assert_eq!(interned.find_or_add(8, "a", &mut pool, |_| None), None);
        assert_eq!(pool, "ab");
        assert_ne!(text_hash("abcdefgh1"), text_hash("abcdefgh2"));
        assert_ne!(text_hash("a"), text_hash("a\0"));
    }

    #[test]
    fn literal_text_lowers_as_its_parsed_form() {
        let mut builder = Builder {
            tables: Tables::new(Version::V2012_10_17),
            interned: Interned::with_capacity(0),
            statement_loc: Loc::new(0, 0),
            unsupported: None,
            shortcuts: true,
            lowercase: String::new(),
        };
        let syntaxes = [(false, false), (true, false), (false, true), (true, true)].map(
            |(wildcards, variables)| Syntax {
                wildcards,
                variables,
            },
        );
        let texts = [
            "",
            "s3:getobject",
            "s3:get*",
            "a?b",
            "home/${aws:username}",
            "a$b{c}",
            "${*}",
        ];
        let mut literal = 0;
        for text in texts.into_iter().chain(RESOURCES.iter().copied()) {
            for syntax in syntaxes {
                if !is_literal(text, syntax) {
                    continue;
                }
                literal += 1;
                let fast = builder.pattern(text, syntax);
                assert_eq!(
                    fast,
                    builder.parsed_pattern(text, syntax),
                    "{text} {syntax:?}"
                );
            }
            // A whole ARN taken as its own text is the ARN `exact_arn` builds.
            if let Some(["arn", partition, service, region, account, rest]) =
                crate::grammar::arn::split(text)
            {
                let (field, resource) = (syntaxes[1], syntaxes[3]);
                if is_literal(text, field) && is_literal(rest, resource) {
                    let fields = [partition, service, region, account, rest];
                    let syntaxes = [field, field, field, field, resource];
                    assert_eq!(exact_arn(fields, syntaxes).as_deref(), Some(text));
                }
            }
        }
        assert!(literal >= 20, "{literal}");
        assert!(builder.unsupported.is_none());
    }

    #[test]
    fn statements_get_the_shortcut_their_resources_allow() {
        let stmt = |not_resource, resources: &[&'static str]| Stmt {
            deny: false,
            not_action: false,
            actions: vec!["s3:GetObject", "cloudtrail:StopLogging"],
            not_resource,
            resources: resources.to_vec(),
        };
        let trail = "arn:aws:cloudtrail:us-east-1:111122223333:trail/Default";
        let (fast, plain) = both(&json(
            "2012-10-17",
            &[
                stmt(false, &["*"]),
                stmt(false, &[trail, "*"]),
                stmt(false, &[trail]),
                stmt(false, &[trail, "arn:aws:s3:::bucket/key"]),
                stmt(false, &["arn:aws:s3:::bucket/*star"]),
                stmt(true, &[trail]),
                stmt(true, &["*"]),
            ],
        ))
        .expect("the policy checks");
        let shortcuts: Vec<Shortcut> = fast.statements.iter().map(|s| s.shortcut).collect();
        let first_resource = |t: &Tables, statement: usize| match t.resources
            [t.statements[statement].resources.start as usize]
        {
            ResourcePattern::Exact(s) => s,
            other => panic!("not an exact ARN: {other:?}"),
        };
        assert_eq!(
            shortcuts,
            [
                Shortcut::AnyRequest,
                Shortcut::AnyRequest,
                Shortcut::OneResource(first_resource(&fast, 2)),
                Shortcut::None,
                Shortcut::None,
                Shortcut::None,
                Shortcut::None,
            ]
        );
        assert!(plain
            .statements
            .iter()
            .all(|s| s.shortcut == Shortcut::None));
        // Each entry counts the entries of its action from it on: seven statements each.
        for action in [b"s3:GetObject".as_slice(), b"cloudtrail:StopLogging"] {
            let counts: Vec<u32> = fast
                .exact_names
                .iter()
                .filter(|e| e.hash == name_hash(action))
                .map(|e| e.same_action)
                .collect();
            assert_eq!(counts, [7, 6, 5, 4, 3, 2, 1]);
        }
    }

    /// ARN patterns' fields up to the resource part: literal ones, and ones with wildcards.
    const HEAD_FIELDS: [&[&str]; 4] = [
        &["aws", "aws-cn", "*", "a?s"],
        &["s3", "cloudtrail", "*"],
        &["", "us-east-1", "us-*"],
        &["", "111122223333", "1111*"],
    ];

    /// Resource parts of ARN patterns: wildcards, variables, colons, non-ASCII.
    const RESOURCE_PARTS: &[&str] = &[
        "*",
        "trail/*",
        "trail/Default",
        "bucket/${aws:username}/*",
        "key:with:*",
        "b\u{fc}cket/?",
        "?*x",
    ];

    /// Requested resources for [`RESOURCE_PARTS`]: each field's values and near misses, then
    /// texts that are no ARN or are cut short.
    fn requested_resources() -> Vec<String> {
        let mut out = Vec::new();
        for partition in ["aws", "aws-cn", ""] {
            for service in ["s3", "cloudtrail"] {
                for region in ["", "us-east-1"] {
                    for account in ["111122223333", "", "11112222333"] {
                        for rest in [
                            "trail/Default",
                            "bucket/alice/x",
                            "key:with:colons",
                            "b\u{fc}cket/\u{e9}",
                            "",
                        ] {
                            out.push(format!(
                                "arn:{partition}:{service}:{region}:{account}:{rest}"
                            ));
                        }
                    }
                }
            }
        }
        for text in [
            "",
            "*",
            "arn:",
            "arn:aws",
            "arn:aws:s3::",
            "ARN:aws:s3:::x",
            "arn:aws:s3:::",
        ] {
            out.push(text.to_string());
        }
        out.push(format!("arn:aws:s3:::{}", "x".repeat(300)));
        out
    }

    /// An ARN pattern whose fields up to the resource part are literal is matched by its head
    /// compared whole and the rest globbed (`ResourcePattern::LiteralHead`): every resource
    /// matches it exactly when it matches the pattern field by field. Every pattern of the
    /// fields above, against every requested resource.
    #[test]
    fn literal_heads_match_as_the_fields() {
        let context = Context::new(&[("aws:username", ContextValue::String("alice"))]);
        let requested = requested_resources();
        let (mut lowered, mut heads) = (0, 0);
        for partition in HEAD_FIELDS[0] {
            for service in HEAD_FIELDS[1] {
                for region in HEAD_FIELDS[2] {
                    for account in HEAD_FIELDS[3] {
                        for rest in RESOURCE_PARTS {
                            let pattern =
                                format!("arn:{partition}:{service}:{region}:{account}:{rest}");
                            let text = format!(
                                r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow",
                                    "Action": "s3:GetObject", "Resource": {pattern:?}}}]}}"#
                            );
                            // Patterns the checker refuses (a wildcard service) are no tables.
                            let Some((fast, plain)) = both(&text) else {
                                continue;
                            };
                            lowered += 1;
                            let head_literal = [partition, service, region, account]
                                .iter()
                                .all(|field| !field.contains(['*', '?']));
                            let rest_literal = !rest.contains(['*', '?', '$']);
                            let is_head =
                                matches!(fast.resources[0], ResourcePattern::LiteralHead(..));
                            assert_eq!(is_head, head_literal && !rest_literal, "{pattern}");
                            heads += usize::from(is_head);
                            for resource in &requested {
                                let request =
                                    Request::new("s3:GetObject", resource).with_context(context);
                                assert_eq!(
                                    fast.as_policy().evaluate(&request),
                                    plain.as_policy().evaluate(&request),
                                    "{pattern} on {resource}"
                                );
                            }
                        }
                    }
                }
            }
        }
        assert!(
            lowered > 300 && heads > 50,
            "{lowered} lowered, {heads} literal heads"
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Exact ARNs compared whole and exact action names looked up in the index decide
        /// every request as matching field by field and trying every name pattern does,
        /// down to the statement reported.
        #[test]
        fn shortcuts_decide_as_the_plain_tables(
            version in select(&["2012-10-17", "2008-10-17"][..]),
            mut statements in prop::collection::vec(stmt(), 1..7),
        ) {
            if version == "2008-10-17" {
                // Variables are an error in the old language: keep them out.
                for statement in &mut statements {
                    for resource in &mut statement.resources {
                        if resource.contains("${") {
                            *resource = "*";
                        }
                    }
                }
            }
            let text = json(version, &statements);
            let Some((fast, plain)) = both(&text) else {
                return Err(TestCaseError::fail(format!("does not lower: {text}")));
            };
            same_decisions(&fast, &plain)?;
        }
    }
}
