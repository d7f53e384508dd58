//! The tables as Rust source: a constant expression of type `Policy<'static>`.

use std::fmt::{self, Write};

use policy_core::tables::{
    Condition, ConditionValue, Pattern, Piece, Polarity, PrincipalPattern, ResourcePattern, Run,
    Service, ServiceStatement, Statement, Str,
};
use policy_core::{Effect, Version};

use crate::tables::Tables;

impl Tables {
    /// Writes the tables as a constant expression. `runtime` is the path under which generated
    /// code reaches `policy-core` (`::policy::__private::core` for users of the facade).
    ///
    /// ```
    /// let checked = policy_check::check_text(
    ///     r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}"#,
    ///     &Default::default(),
    /// );
    /// let source = checked.tables.unwrap().to_rust("::policy_core");
    /// assert!(source.starts_with("::policy_core::Policy {"));
    /// ```
    pub fn to_rust(&self, runtime: &str) -> String {
        let mut out = String::new();
        let mut w = Writer {
            out: &mut out,
            rt: runtime,
        };
        // Writing to a String cannot fail.
        let _ = w.policy(self);
        out
    }
}

struct Writer<'o> {
    out: &'o mut String,
    rt: &'o str,
}

impl Writer<'_> {
    fn policy(&mut self, t: &Tables) -> fmt::Result {
        let rt = self.rt;
        let version = match t.version {
            Version::V2012_10_17 => "V2012_10_17",
            Version::V2008_10_17 => "V2008_10_17",
        };
        write!(self.out, "{rt}::Policy {{ name: ::core::option::Option::None, version: {rt}::Version::{version}, pool: {:?}, ", t.pool)?;
        self.list("statements", &t.statements, Self::statement)?;
        self.list("services", &t.services, Self::service)?;
        self.list(
            "service_statements",
            &t.service_statements,
            Self::service_statement,
        )?;
        self.list("unindexed", &t.unindexed, |w, i| write!(w.out, "{i}"))?;
        self.list("patterns", &t.patterns, Self::pattern)?;
        self.list("pieces", &t.pieces, Self::piece)?;
        self.list("resources", &t.resources, Self::resource)?;
        self.list("principals", &t.principals, Self::principal)?;
        self.list("conditions", &t.conditions, Self::condition)?;
        self.list("values", &t.values, Self::value)?;
        self.out.push('}');
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

    fn t(&self) -> String {
        format!("{}::tables", self.rt)
    }

    fn str(&mut self, s: Str) -> fmt::Result {
        write!(
            self.out,
            "{}::Str {{ start: {}, len: {} }}",
            self.t(),
            s.start,
            s.len
        )
    }

    fn opt_str(&mut self, s: Option<Str>) -> fmt::Result {
        match s {
            Some(s) => {
                self.out.push_str("::core::option::Option::Some(");
                self.str(s)?;
                self.out.push(')');
                Ok(())
            }
            None => write!(self.out, "::core::option::Option::None"),
        }
    }

    fn run(&mut self, r: Run) -> fmt::Result {
        write!(
            self.out,
            "{}::Run {{ start: {}, len: {} }}",
            self.t(),
            r.start,
            r.len
        )
    }

    fn polarity(&mut self, p: Polarity) -> fmt::Result {
        write!(self.out, "{}::Polarity::{p:?}", self.t())
    }

    fn opt_polarity(&mut self, p: Option<Polarity>) -> fmt::Result {
        match p {
            Some(p) => {
                self.out.push_str("::core::option::Option::Some(");
                self.polarity(p)?;
                self.out.push(')');
                Ok(())
            }
            None => write!(self.out, "::core::option::Option::None"),
        }
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
        } = *s;
        let effect = match effect {
            Effect::Allow => "Allow",
            Effect::Deny => "Deny",
        };
        write!(self.out, "{}::Statement {{ sid: ", self.t())?;
        self.opt_str(sid)?;
        write!(
            self.out,
            ", effect: {}::Effect::{effect}, action_polarity: ",
            self.rt
        )?;
        self.polarity(action_polarity)?;
        self.out.push_str(", actions: ");
        self.run(actions)?;
        self.out.push_str(", resource_polarity: ");
        self.opt_polarity(resource_polarity)?;
        self.out.push_str(", resources: ");
        self.run(resources)?;
        self.out.push_str(", principal_polarity: ");
        self.opt_polarity(principal_polarity)?;
        self.out.push_str(", principals: ");
        self.run(principals)?;
        self.out.push_str(", conditions: ");
        self.run(conditions)?;
        self.out.push('}');
        Ok(())
    }

    fn service(&mut self, s: &Service) -> fmt::Result {
        let Service { prefix, statements } = *s;
        write!(self.out, "{}::Service {{ prefix: ", self.t())?;
        self.str(prefix)?;
        self.out.push_str(", statements: ");
        self.run(statements)?;
        self.out.push('}');
        Ok(())
    }

    fn service_statement(&mut self, s: &ServiceStatement) -> fmt::Result {
        let ServiceStatement { statement, names } = *s;
        write!(
            self.out,
            "{}::ServiceStatement {{ statement: {statement}, names: ",
            self.t()
        )?;
        self.run(names)?;
        self.out.push('}');
        Ok(())
    }

    fn pattern(&mut self, p: &Pattern) -> fmt::Result {
        let Pattern { kind, text, pieces } = *p;
        write!(
            self.out,
            "{t}::Pattern {{ kind: {t}::PatternKind::{kind:?}, text: ",
            t = self.t()
        )?;
        self.str(text)?;
        self.out.push_str(", pieces: ");
        self.run(pieces)?;
        self.out.push('}');
        Ok(())
    }

    fn piece(&mut self, p: &Piece) -> fmt::Result {
        let t = self.t();
        match *p {
            Piece::Literal(s) => {
                write!(self.out, "{t}::Piece::Literal(")?;
                self.str(s)?;
                self.out.push(')');
            }
            Piece::AnyRun => write!(self.out, "{t}::Piece::AnyRun")?,
            Piece::AnyChar => write!(self.out, "{t}::Piece::AnyChar")?,
            Piece::Variable { key, default } => {
                write!(self.out, "{t}::Piece::Variable {{ key: ")?;
                self.str(key)?;
                self.out.push_str(", default: ");
                self.opt_str(default)?;
                self.out.push('}');
            }
        }
        Ok(())
    }

    fn resource(&mut self, r: &ResourcePattern) -> fmt::Result {
        let t = self.t();
        match r {
            ResourcePattern::Any => write!(self.out, "{t}::ResourcePattern::Any"),
            ResourcePattern::Arn(fields) => {
                write!(self.out, "{t}::ResourcePattern::Arn([")?;
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
        let t = self.t();
        let (variant, s) = match *p {
            PrincipalPattern::Anyone => return write!(self.out, "{t}::PrincipalPattern::Anyone"),
            PrincipalPattern::Account(s) => ("Account", s),
            PrincipalPattern::Aws(s) => ("Aws", s),
            PrincipalPattern::Service(s) => ("Service", s),
            PrincipalPattern::Federated(s) => ("Federated", s),
            PrincipalPattern::CanonicalUser(s) => ("CanonicalUser", s),
        };
        write!(self.out, "{t}::PrincipalPattern::{variant}(")?;
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
        let t = self.t();
        write!(self.out, "{t}::Condition {{ operator: {t}::Operator::{operator:?}, qualifier: {t}::Qualifier::{qualifier:?}, if_exists: {if_exists}, key: ")?;
        self.str(key)?;
        self.out.push_str(", values: ");
        self.run(values)?;
        self.out.push('}');
        Ok(())
    }

    fn value(&mut self, v: &ConditionValue) -> fmt::Result {
        let t = self.t();
        match *v {
            ConditionValue::Text(p) => {
                write!(self.out, "{t}::ConditionValue::Text(")?;
                self.pattern(&p)?;
                self.out.push(')');
            }
            ConditionValue::Arn(r) => {
                write!(self.out, "{t}::ConditionValue::Arn(")?;
                self.resource(&r)?;
                self.out.push(')');
            }
            ConditionValue::Number(n) => write!(self.out, "{t}::ConditionValue::Number({n:?})")?,
            ConditionValue::Date(d) => write!(self.out, "{t}::ConditionValue::Date({d})")?,
            ConditionValue::Bool(b) => write!(self.out, "{t}::ConditionValue::Bool({b})")?,
            ConditionValue::Binary(s) => {
                write!(self.out, "{t}::ConditionValue::Binary(")?;
                self.str(s)?;
                self.out.push(')');
            }
            ConditionValue::Ip {
                network,
                prefix,
                v4,
            } => write!(
                self.out,
                "{t}::ConditionValue::Ip {{ network: {network}, prefix: {prefix}, v4: {v4} }}"
            )?,
        }
        Ok(())
    }
}
