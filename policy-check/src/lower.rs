//! Lowering: a checked [`Document`] to the evaluator's [`Tables`], doing every bit of work
//! that does not depend on the request once (lowercasing, splitting, classifying, indexing).

use std::collections::{BTreeMap, HashMap};

use policy_core::tables::{
    Pattern, PatternKind, Piece, Polarity, ResourcePattern, Run, Service, ServiceStatement,
    Statement, Str,
};
use policy_core::{Policy, Version};

use crate::diagnostic::{Diagnostic, Loc};
use crate::document::{self, Document};
use crate::json::shorten;
use crate::template::{self, Part, Syntax};

pub use crate::tables::Tables;

/// Builds the tables of a checked document.
///
/// Fails closed: anything the tables cannot represent exactly (text the checker should have
/// refused, a pool beyond 4 GiB) is an `UNSUPPORTED_BY_EVALUATOR` error at its statement,
/// never a statement that silently matches more or less than it says.
pub fn lower(document: &Document) -> Result<Tables, Diagnostic> {
    let mut builder = Builder {
        tables: Tables::new(document.effective_version()),
        interned: HashMap::new(),
        statement_loc: Loc::new(0, 0),
        unsupported: None,
    };
    let mut services: BTreeMap<String, Vec<ServiceStatement>> = BTreeMap::new();
    for (index, statement) in document.statements.iter().enumerate() {
        builder.statement_loc = statement.loc;
        let lowered = builder.statement(statement);
        let index = index as u32;
        match service_index(&statement.action) {
            Some(by_service) => {
                for (prefix, names) in by_service {
                    let names = builder.patterns(names.iter().map(String::as_str), false);
                    services.entry(prefix).or_default().push(ServiceStatement {
                        statement: index,
                        names,
                    });
                }
            }
            None => builder.tables.unindexed.push(index),
        }
        builder.tables.statements.push(lowered);
    }
    for (prefix, entries) in services {
        let prefix = builder.intern(&prefix);
        let statements = run(builder.tables.service_statements.len(), entries.len());
        builder.tables.service_statements.extend(entries);
        builder.tables.services.push(Service { prefix, statements });
    }
    match builder.unsupported {
        Some(error) => Err(error),
        None => Ok(builder.tables),
    }
}

/// The lowercased name patterns of an `Action` list by service prefix, or `None` when a
/// statement must be tried for every action (`NotAction`, `*`, a wildcard in a prefix).
fn service_index(action: &document::Patterns) -> Option<BTreeMap<String, Vec<String>>> {
    if action.polarity == Polarity::Excluded {
        return None;
    }
    let mut by_service: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for item in &action.items {
        let lower = item.value.to_ascii_lowercase();
        let (prefix, name) = lower.split_once(':')?;
        if prefix.contains(['*', '?']) {
            return None;
        }
        by_service
            .entry(prefix.to_string())
            .or_default()
            .push(name.to_string());
    }
    Some(by_service)
}

fn run(start: usize, len: usize) -> Run {
    Run {
        start: start as u32,
        len: len as u32,
    }
}

struct Builder {
    tables: Tables,
    interned: HashMap<String, Str>,
    /// The statement being lowered, for errors.
    statement_loc: Loc,
    /// The first thing the tables cannot represent; lowering fails with it.
    unsupported: Option<Diagnostic>,
}

impl Builder {
    /// Records that `what` cannot be represented; the whole lowering then fails.
    fn reject(&mut self, what: String) {
        if self.unsupported.is_none() {
            self.unsupported = Some(
                Diagnostic::error(
                    "UNSUPPORTED_BY_EVALUATOR",
                    self.statement_loc,
                    format!("the evaluator cannot represent {what}: the policy is refused rather than applied in part"),
                )
                .with_help("this is a defect of the checker; please report it with the policy"),
            );
        }
    }

    fn intern(&mut self, text: &str) -> Str {
        if let Some(s) = self.interned.get(text) {
            return *s;
        }
        if self.tables.pool.len().saturating_add(text.len()) > u32::MAX as usize {
            self.reject("a policy of more than 4 GiB of text".to_string());
            return Str { start: 0, len: 0 };
        }
        let s = Str {
            start: self.tables.pool.len() as u32,
            len: text.len() as u32,
        };
        self.tables.pool.push_str(text);
        self.interned.insert(text.to_string(), s);
        s
    }

    fn statement(&mut self, statement: &document::Statement) -> Statement {
        let sid = statement.sid.as_ref().map(|sid| self.intern(&sid.value));
        let actions = self.patterns(
            statement.action.items.iter().map(|i| i.value.as_str()),
            true,
        );
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
            crate::principal::lower(statement.principal.as_ref(), self);
        let conditions = crate::condition::lower(&statement.condition, self);
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
        }
    }

    /// Action patterns, lowercased (`*`/`?` wildcards, no variables), as one run.
    fn patterns<'t>(&mut self, items: impl Iterator<Item = &'t str>, _full: bool) -> Run {
        let compiled: Vec<Pattern> = items
            .map(|item| {
                let lower = item.to_ascii_lowercase();
                self.pattern(
                    &lower,
                    Syntax {
                        wildcards: true,
                        variables: false,
                    },
                )
            })
            .collect();
        let start = self.tables.patterns.len();
        let len = compiled.len();
        self.tables.patterns.extend(compiled);
        run(start, len)
    }

    fn resource(&mut self, text: &str) -> ResourcePattern {
        if text == "*" {
            return ResourcePattern::Any;
        }
        let Some(["arn", partition, service, region, account, rest]) = crate::arn::split(text)
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
        ResourcePattern::Arn([
            self.pattern(partition, field),
            self.pattern(service, field),
            self.pattern(region, field),
            self.pattern(account, field),
            self.pattern(rest, resource),
        ])
    }
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

    fn tables(&mut self) -> &mut Tables {
        &mut self.tables
    }
}

impl Tables {
    /// Borrows the tables as a [`Policy`] for the evaluator.
    pub fn as_policy(&self) -> Policy<'_> {
        Policy {
            name: None,
            version: self.version,
            pool: &self.pool,
            statements: &self.statements,
            services: &self.services,
            service_statements: &self.service_statements,
            unindexed: &self.unindexed,
            patterns: &self.patterns,
            pieces: &self.pieces,
            resources: &self.resources,
            principals: &self.principals,
            conditions: &self.conditions,
            values: &self.values,
        }
    }
}
