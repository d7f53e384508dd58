//! The tables as Rust source: a constant expression of type `Policy<'static>`.
//!
//! Every record is one call of a short `const fn` of `iam_policy_core::tables::compact`
//! (`exact(0, 11)`, `statement([…])`), brought into scope once by a `use` at the top of the
//! block, rather than a struct literal with full paths: a policy's expansion is a few tokens
//! per record, which is what the compiler spends its time on.

use std::fmt::{self, Write};

use iam_policy_core::tables::compact::flags;
use iam_policy_core::tables::{
    Condition, ConditionValue, ExactName, Pattern, PatternKind, Piece, Polarity, PrincipalPattern,
    ResourcePattern, Run, Service, ServiceStatement, Shortcut, Statement, Str,
};
use iam_policy_core::{Effect, Version};

use crate::lowering::tables::Tables;

impl Tables {
    /// Writes the tables as a constant expression (a block). `runtime` is the path under which
    /// generated code reaches `iam-policy-core` (`::iam_policy::__private::core` for users of the
    /// facade).
    ///
    /// ```
    /// let checked = iam_policy_check::check_text(
    ///     r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}"#,
    ///     &Default::default(),
    /// );
    /// let source = checked.tables.unwrap().to_rust("::iam_policy_core");
    /// assert!(source.starts_with("{ use ::iam_policy_core::tables::compact::*; Policy::from_tables(PolicyTables {"));
    /// ```
    pub fn to_rust(&self, runtime: &str) -> String {
        let mut out = String::new();
        let mut w = Writer { out: &mut out };
        // Writing to a String cannot fail.
        let _ = w.policy(self, runtime);
        out
    }
}

struct Writer<'o> {
    out: &'o mut String,
}

impl Writer<'_> {
    fn policy(&mut self, t: &Tables, runtime: &str) -> fmt::Result {
        let version = match t.version {
            Version::V2012_10_17 => "V2012_10_17",
            Version::V2008_10_17 => "V2008_10_17",
        };
        write!(
            self.out,
            "{{ use {runtime}::tables::compact::*; Policy::from_tables(PolicyTables {{ name: ::core::option::Option::None, \
             version: Version::{version}, pool: {:?}, ",
            t.pool
        )?;
        self.list("statements", &t.statements, Self::statement)?;
        self.list("services", &t.services, Self::service)?;
        self.list(
            "service_statements",
            &t.service_statements,
            Self::service_statement,
        )?;
        self.list("exact_names", &t.exact_names, Self::exact_name)?;
        write!(self.out, "action_filter: {}, ", t.action_filter)?;
        self.list("unindexed", &t.unindexed, |w, i| write!(w.out, "{i}"))?;
        self.list("patterns", &t.patterns, Self::pattern)?;
        self.list("pieces", &t.pieces, Self::piece)?;
        self.list("resources", &t.resources, Self::resource)?;
        self.list("principals", &t.principals, Self::principal)?;
        self.list("conditions", &t.conditions, Self::condition)?;
        self.list("values", &t.values, Self::value)?;
        write!(self.out, "traits: Traits({}), ", t.traits.0)?;
        self.out.push_str("}) }");
        Ok(())
    }

    fn list<T>(
        &mut self,
        field: &str,
        items: &[T],
        mut item: impl FnMut(&mut Self, &T) -> fmt::Result,
    ) -> fmt::Result {
        write!(self.out, "{field}: &[")?;
        for i in items {
            item(self, i)?;
            self.out.push(',');
        }
        self.out.push_str("], ");
        Ok(())
    }

    fn str(&mut self, s: Str) -> fmt::Result {
        write!(self.out, "s({}, {})", s.start, s.len)
    }

    fn run(&mut self, r: Run) -> fmt::Result {
        write!(self.out, "r({}, {})", r.start, r.len)
    }

    fn statement(&mut self, s: &Statement) -> fmt::Result {
        let Statement {
            sid,
            effect,
            action_polarity,
            actions,
            resource_polarity,
            resources,
            principal_polarity,
            principals,
            conditions,
            shortcut,
        } = *s;
        let polarity = |p: Option<Polarity>, present: u32, excluded: u32| match p {
            None => 0,
            Some(Polarity::Listed) => present,
            Some(Polarity::Excluded) => present | excluded,
        };
        let bits = sid.map_or(0, |_| flags::SID)
            | if effect == Effect::Deny {
                flags::DENY
            } else {
                0
            }
            | if action_polarity == Polarity::Excluded {
                flags::NOT_ACTION
            } else {
                0
            }
            | polarity(resource_polarity, flags::RESOURCE, flags::NOT_RESOURCE)
            | polarity(principal_polarity, flags::PRINCIPAL, flags::NOT_PRINCIPAL)
            | match shortcut {
                Shortcut::None => 0,
                Shortcut::AnyRequest => flags::ANY_REQUEST,
                Shortcut::OneResource(_) => flags::ONE_RESOURCE,
                Shortcut::Conditions => flags::CONDITIONS,
            };
        let sid = sid.unwrap_or(Str { start: 0, len: 0 });
        let arn = match shortcut {
            Shortcut::OneResource(arn) => arn,
            Shortcut::None | Shortcut::AnyRequest | Shortcut::Conditions => {
                Str { start: 0, len: 0 }
            }
        };
        write!(
            self.out,
            "statement([{bits}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}])",
            sid.start,
            sid.len,
            actions.start,
            actions.len,
            resources.start,
            resources.len,
            principals.start,
            principals.len,
            conditions.start,
            conditions.len,
            arn.start,
            arn.len
        )
    }

    fn service(&mut self, s: &Service) -> fmt::Result {
        let Service {
            prefix,
            hash,
            statements,
        } = *s;
        self.out.push_str("service(");
        self.str(prefix)?;
        write!(self.out, ", {hash}, ")?;
        self.run(statements)?;
        self.out.push(')');
        Ok(())
    }

    fn service_statement(&mut self, s: &ServiceStatement) -> fmt::Result {
        let ServiceStatement { statement, names } = *s;
        write!(
            self.out,
            "entry({statement}, {}, {})",
            names.start, names.len
        )
    }

    fn exact_name(&mut self, e: &ExactName) -> fmt::Result {
        let ExactName {
            name,
            hash,
            statement,
            same_action,
        } = *e;
        write!(
            self.out,
            "name({}, {}, {hash}, {statement}, {same_action})",
            name.start, name.len
        )
    }

    fn pattern(&mut self, p: &Pattern) -> fmt::Result {
        let Pattern { kind, text, pieces } = *p;
        let (constructor, at) = match kind {
            PatternKind::Any => ("any", text),
            PatternKind::Exact => ("exact", text),
            PatternKind::Prefix => ("prefix", text),
            PatternKind::Suffix => ("suffix", text),
            PatternKind::Glob if text == (Str { start: 0, len: 0 }) => {
                let Run { start, len } = pieces;
                ("glob", Str { start, len })
            }
            // Not what lowering builds; written in full so that nothing is lost.
            PatternKind::Glob => {
                write!(self.out, "Pattern {{ kind: PatternKind::Glob, text: ")?;
                self.str(text)?;
                self.out.push_str(", pieces: ");
                self.run(pieces)?;
                self.out.push('}');
                return Ok(());
            }
        };
        write!(self.out, "{constructor}({}, {})", at.start, at.len)
    }

    fn piece(&mut self, p: &Piece) -> fmt::Result {
        match *p {
            Piece::Literal(s) => write!(self.out, "lit({}, {})", s.start, s.len),
            Piece::AnyRun => write!(self.out, "STAR"),
            Piece::AnyChar => write!(self.out, "ONE"),
            Piece::Variable { key, default: None } => {
                write!(self.out, "var({}, {})", key.start, key.len)
            }
            Piece::Variable {
                key,
                default: Some(default),
            } => {
                self.out.push_str("var_or(");
                self.str(key)?;
                self.out.push_str(", ");
                self.str(default)?;
                self.out.push(')');
                Ok(())
            }
        }
    }

    fn resource(&mut self, r: &ResourcePattern) -> fmt::Result {
        match r {
            ResourcePattern::Any => write!(self.out, "ANY_RESOURCE"),
            ResourcePattern::Exact(s) => write!(self.out, "arn_exact({}, {})", s.start, s.len),
            ResourcePattern::LiteralHead(head, rest) => {
                write!(self.out, "arn_head({}, {}, ", head.start, head.len)?;
                self.pattern(rest)?;
                self.out.push(')');
                Ok(())
            }
            ResourcePattern::Arn(fields) => {
                self.out.push_str("arn([");
                for field in fields {
                    self.pattern(field)?;
                    self.out.push(',');
                }
                self.out.push_str("])");
                Ok(())
            }
        }
    }

    fn principal(&mut self, p: &PrincipalPattern) -> fmt::Result {
        let (variant, s) = match *p {
            PrincipalPattern::Anyone => return write!(self.out, "PrincipalPattern::Anyone"),
            PrincipalPattern::Account(s) => ("Account", s),
            PrincipalPattern::Aws(s) => ("Aws", s),
            PrincipalPattern::Service(s) => ("Service", s),
            PrincipalPattern::Federated(s) => ("Federated", s),
            PrincipalPattern::CanonicalUser(s) => ("CanonicalUser", s),
        };
        write!(self.out, "PrincipalPattern::{variant}(")?;
        self.str(s)?;
        self.out.push(')');
        Ok(())
    }

    fn condition(&mut self, c: &Condition) -> fmt::Result {
        let Condition {
            operator,
            qualifier,
            if_exists,
            key,
            values,
        } = *c;
        write!(self.out, "Condition {{ operator: Operator::{operator:?}, qualifier: Qualifier::{qualifier:?}, if_exists: {if_exists}, key: ")?;
        self.str(key)?;
        self.out.push_str(", values: ");
        self.run(values)?;
        self.out.push('}');
        Ok(())
    }

    fn value(&mut self, v: &ConditionValue) -> fmt::Result {
        match *v {
            ConditionValue::Text(p) => {
                write!(self.out, "ConditionValue::Text(")?;
                self.pattern(&p)?;
                self.out.push(')');
            }
            ConditionValue::Arn(r) => {
                write!(self.out, "ConditionValue::Arn(")?;
                self.resource(&r)?;
                self.out.push(')');
            }
            ConditionValue::Number(n) => write!(self.out, "ConditionValue::Number({n:?})")?,
            ConditionValue::Date(d) => write!(self.out, "ConditionValue::Date({d})")?,
            ConditionValue::Bool(b) => write!(self.out, "ConditionValue::Bool({b})")?,
            ConditionValue::Binary(s) => {
                write!(self.out, "ConditionValue::Binary(")?;
                self.str(s)?;
                self.out.push(')');
            }
            ConditionValue::Ip {
                network,
                prefix,
                v4,
            } => write!(
                self.out,
                "ConditionValue::Ip {{ network: {network}, prefix: {prefix}, v4: {v4} }}"
            )?,
        }
        Ok(())
    }
}
