//! Checks against the service catalog: actions, resource types, condition keys, and the
//! security findings of IAM Access Analyzer that depend on what an action is.
//!
//! The application's own catalog ([`crate::Options::catalog`]) is consulted before AWS's: a
//! service it declares is AWS's service of that prefix extended (see
//! [`crate::catalog::custom`]), or the application's own.

use crate::lint;
use iam_policy_core::tables::Polarity;
use iam_policy_core::Effect;

use crate::catalog::overlap::{arn_service_is, fits, pattern_syms, PatternSyms};
use crate::catalog::{
    wildcard_matches, ActionInfo, ApiOperation, Catalog, ResourceType, Retirement, Service,
};
use crate::checks::keys::key_fits_operator;
use crate::checks::{at_from, Checker};
use crate::diagnostic::{Diagnostic, Loc, Severity};
use crate::grammar::document::{Document, Patterns, Spanned, Statement};
use crate::grammar::names::Vocabulary;
use crate::grammar::operator::OperatorName;
use crate::grammar::template;
use crate::suggest::{guess, Guess};
use crate::syntax::json::{shorten, Short};
use crate::Options;

/// AWS's catalog and the application's, searched in that order of precedence: application first.
#[derive(Clone, Copy)]
pub(crate) struct Catalogs<'c> {
    custom: Option<&'c Catalog>,
    aws: &'static Catalog,
}

impl<'c> Catalogs<'c> {
    pub(crate) fn of(options: &'c Options) -> Self {
        Catalogs {
            custom: options.catalog.as_ref().map(|c| c.catalog()),
            aws: Catalog::get(),
        }
    }

    fn service(&self, prefix: &str) -> Option<&'c Service> {
        self.custom
            .and_then(|c| c.service(prefix))
            .or_else(|| self.aws.service(prefix))
    }

    fn prefixes(&self) -> impl Iterator<Item = &'c str> + 'c {
        let custom = self.custom.into_iter().flat_map(Catalog::service_prefixes);
        custom.chain(self.aws.service_prefixes())
    }

    fn resource_types_for_arn_service(
        &self,
        service: &'c str,
    ) -> impl Iterator<Item = (&'c Service, &'c ResourceType)> + 'c {
        let custom = self
            .custom
            .into_iter()
            .flat_map(move |c| c.resource_types_for_arn_service(service));
        // A service the application extends holds AWS's types already.
        let extended = self.custom;
        let aws = self
            .aws
            .resource_types_for_arn_service(service)
            .filter(move |(s, _)| extended.is_none_or(|c| c.service(s.prefix()).is_none()));
        custom.chain(aws)
    }

    /// Catalog actions that the pattern `prefix:name` matches (none when the service is unknown).
    fn expand(&self, pattern: &str) -> Vec<(&'c Service, &'c ActionInfo)> {
        if pattern == "*" {
            return Vec::new();
        }
        let Some((prefix, name)) = pattern.split_once(':') else {
            return Vec::new();
        };
        let Some(service) = self.service(prefix) else {
            return Vec::new();
        };
        if !has_wildcard(name) {
            return service
                .action(name)
                .map(|a| (service, a))
                .into_iter()
                .collect();
        }
        service
            .actions_matching(name)
            .map(|a| (service, a))
            .collect()
    }
}

fn has_wildcard(text: &str) -> bool {
    template::has_wildcard(text)
}

/// Checks a well-formed `prefix:name` action against the catalogs, reports what is wrong
/// (an unknown prefix or name included), and returns whether the action is usable.
pub(crate) fn action<'o>(text: &str, loc: Loc, checker: &mut Checker<'o>) {
    let (prefix, name) = text.split_once(':').unwrap_or((text, ""));
    let catalogs = Catalogs::of(checker.options);
    let Some(service) = catalogs.service(prefix) else {
        let text = format!("{prefix}:{name}");
        if let Some(retirement) = catalogs.aws.retired_service(prefix) {
            checker.report(retired_service(prefix, &text, retirement, loc));
            return;
        }
        checker.report(unknown_prefix(&catalogs, prefix, name, loc));
        return;
    };
    if !has_wildcard(name) {
        if let Some(info) = service.action(name) {
            // The statement checks ask for it again (`resource_mismatch`).
            checker.actions.push((loc, (service, info)));
            return;
        }
    }
    if let Some(finding) = action_in(service, &catalogs, prefix, name, loc) {
        checker.report(finding);
    }
}

/// The error of an action whose service prefix no catalog knows (AWS's, its retired names, the
/// application's), with the closest prefix of either catalog as its fix.
fn unknown_prefix(catalogs: &Catalogs<'_>, prefix: &str, name: &str, loc: Loc) -> Diagnostic {
    let message = format!(
        "unknown service prefix `{}` in `{}`",
        shorten(prefix),
        shorten(&format!("{prefix}:{name}"))
    );
    // A near miss of a known prefix is a typo (`cloudtrial`): the action never matches. A
    // prefix farther from every known one may be a service newer than the catalog, or one AWS
    // retired before its oldest release: a warning.
    match guess(prefix, catalogs.prefixes()) {
        Some(Guess {
            name: fix,
            is_typo: true,
        }) => Diagnostic::new(lint::INVALID_SERVICE_IN_ACTION, loc, message)
            .with_note(newer_names_note())
            .with_fix(loc, format!("{fix}:{name}"))
            .with_help(format!("did you mean `{fix}`?")),
        Some(far) => Diagnostic::new(lint::UNKNOWN_SERVICE_IN_ACTION, loc, message)
            .with_note(newer_names_note())
            .with_help(format!("did you mean `{}`?", far.name)),
        None => {
            let help = if catalogs.custom.is_some() {
                format!(
                    "neither AWS nor the application's catalog has a service with the prefix `{}`",
                    shorten(prefix)
                )
            } else {
                format!("no AWS service has the prefix `{}`", shorten(prefix))
            };
            Diagnostic::new(lint::UNKNOWN_SERVICE_IN_ACTION, loc, message)
                .with_note(newer_names_note())
                .with_help(help)
        }
    }
}

/// The note of every unknown-name finding: which release of AWS's catalog is built in, and how
/// to declare a name newer than it.
pub(crate) fn newer_names_note() -> String {
    let info = Catalog::get().info();
    format!(
        "the built-in AWS catalog is {} {} ({}); declare a newer name in `policy-catalog.json` (CLI: `--catalog FILE`)",
        info.source, info.version, info.date
    )
}

/// The finding of a service condition key no catalog knows. A near miss of a key of its service
/// (`s3:prefx`), or of a known service prefix (`s33:prefix`), is a typo: the key is never in
/// the request context, so a `Deny` never applies. A key close to none may be newer than the
/// catalog: a warning.
fn unknown_service_key(catalogs: &Catalogs<'_>, prefix: &str, name: &str, loc: Loc) -> Diagnostic {
    let message = format!("unknown condition key `{}`", shorten(name));
    let service = catalogs.service(prefix);
    let candidates: Vec<&str> = service
        .into_iter()
        .flat_map(Service::condition_keys)
        .map(|k| k.name())
        .filter(|k| !k.contains("${"))
        .collect();
    let near_prefix = service
        .is_none()
        .then(|| guess(prefix, catalogs.prefixes()))
        .flatten()
        .filter(|g| g.is_typo);
    let finding = match (guess(name, candidates), near_prefix) {
        (
            Some(Guess {
                name: fix,
                is_typo: true,
            }),
            _,
        ) => Diagnostic::new(lint::INVALID_SERVICE_CONDITION_KEY, loc, message).with_fix(loc, fix),
        (_, Some(near)) => Diagnostic::new(lint::INVALID_SERVICE_CONDITION_KEY, loc, message)
            .with_help(format!("did you mean the service prefix `{}`?", near.name)),
        (Some(far), None) => Diagnostic::new(lint::UNKNOWN_SERVICE_CONDITION_KEY, loc, message)
            .with_help(format!("did you mean `{}`?", far.name)),
        (None, None) if service.is_none() => {
            Diagnostic::new(lint::UNKNOWN_SERVICE_CONDITION_KEY, loc, message)
                .with_help(format!("no service has the prefix `{}`", shorten(prefix)))
        }
        (None, None) => Diagnostic::new(lint::UNKNOWN_SERVICE_CONDITION_KEY, loc, message)
            .with_help(format!(
                "the service `{}` has no such key, nor one close to it",
                shorten(prefix)
            )),
    };
    finding.with_note(newer_names_note())
}

/// The help of a retired name: the evidence, and what to do.
fn retired_help(retirement: Retirement<'_>) -> String {
    format!("{retirement}; remove it unless you keep such a policy as is")
}

fn retired_service(prefix: &str, text: &str, retirement: Retirement<'_>, loc: Loc) -> Diagnostic {
    Diagnostic::new(
        lint::RETIRED_SERVICE,
        loc,
        format!(
            "`{}` names the retired service `{prefix}`: it grants nothing today",
            shorten(text)
        ),
    )
    .with_help(retired_help(retirement))
}

/// The finding for an action of a known service, if there is one.
fn action_in(
    service: &Service,
    catalogs: &Catalogs<'_>,
    prefix: &str,
    name: &str,
    loc: Loc,
) -> Option<Diagnostic> {
    let found = if has_wildcard(name) {
        service.has_action_matching(name)
    } else {
        service.action(name).is_some()
    };
    if found {
        return None;
    }
    let text = format!("{prefix}:{name}");
    if let Some(retirement) = catalogs.aws.retired_action(&text) {
        return Some(
            Diagnostic::new(
                lint::RETIRED_ACTION,
                loc,
                format!(
                    "`{}` is a retired action: it grants nothing today",
                    shorten(&text)
                ),
            )
            .with_help(retired_help(retirement)),
        );
    }
    if let Some(operation) = (!has_wildcard(name))
        .then(|| service.api_operation(name))
        .flatten()
    {
        return Some(api_operation_as_action(prefix, &text, operation, loc));
    }
    let origin = catalog_origin(service, catalogs);
    if has_wildcard(name) {
        return Some(
            Diagnostic::new(
                lint::INVALID_ACTION,
                loc,
                format!(
                    "`{}` matches no action of `{}`",
                    shorten(&text),
                    service.prefix()
                ),
            )
            .with_help(format!(
                "the pattern grants nothing: no action of {origin} fits it"
            ))
            .with_note(newer_names_note()),
        );
    }
    let message = format!(
        "unknown action `{}` of the service `{}`",
        shorten(name),
        service.prefix()
    );
    // A near miss of a known action is a typo: it never matches. A name farther from every
    // known one may be an action newer than the catalog: a warning.
    Some(
        match guess(name, service.actions().map(ActionInfo::name)) {
            Some(Guess {
                name: fix,
                is_typo: true,
            }) => Diagnostic::new(lint::INVALID_ACTION, loc, message)
                .with_fix(loc, format!("{prefix}:{fix}")),
            Some(far) => Diagnostic::new(lint::UNKNOWN_ACTION, loc, message).with_help(format!(
                "{origin} has no such action; did you mean `{prefix}:{}`?",
                far.name
            )),
            None => Diagnostic::new(lint::UNKNOWN_ACTION, loc, message)
                .with_help(format!("{origin} has no such action, nor one close to it")),
        }
        .with_note(newer_names_note()),
    )
}

/// An API operation's name written as an action: the fix is the one action its documentation
/// names, else the help lists them.
fn api_operation_as_action(
    prefix: &str,
    text: &str,
    operation: &ApiOperation,
    loc: Loc,
) -> Diagnostic {
    let finding = Diagnostic::new(
        lint::API_OPERATION_AS_ACTION,
        loc,
        format!(
            "`{}` is an API operation, not an action: it matches nothing",
            shorten(text)
        ),
    );
    let actions: Vec<_> = operation.actions().collect();
    match actions.as_slice() {
        [action] => finding.with_fix(loc, format!("{prefix}:{action}")),
        [] => finding.with_help(format!(
            "the Service Authorization Reference lists the actions `{}` needs",
            operation.name()
        )),
        several => finding.with_help(format!(
            "the operation's documentation names the actions {}",
            several
                .iter()
                .map(|a| format!("`{prefix}:{a}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

fn catalog_origin(service: &Service, catalogs: &Catalogs<'_>) -> String {
    match catalogs.aws.service(service.prefix()) {
        Some(aws) if std::ptr::eq(aws, service) => "the AWS catalog".to_string(),
        Some(_) => "the AWS catalog with the application's additions".to_string(),
        None => "the application's catalog".to_string(),
    }
}

/// The catalogs answer the grammar's questions about names.
impl Vocabulary for Catalogs<'_> {
    fn service_of_action(&self, name: &str) -> Option<&str> {
        self.aws.service_of_action(name)
    }

    fn is_global_key(&self, key: &str) -> bool {
        self.aws.global_key(key).is_some()
    }

    /// Whether `partition` is the application's own partition of ARNs of `service`: some
    /// resource type of its catalog writes that partition in its ARN template.
    fn is_own_partition(&self, partition: &str, service: &str) -> bool {
        self.custom.is_some_and(|custom| {
            custom
                .resource_types_for_arn_service(service)
                .any(|(_, r)| r.arn().split(':').nth(1) == Some(partition))
        })
    }
}

/// Checks that a resource ARN (without errors in its fields) fits a resource type of its
/// service. A placeholder may be any text: the catalog sees it as `*`.
pub(crate) fn resource(text: &str, loc: Loc, checker: &mut Checker<'_>) {
    if crate::has_placeholder(text, checker.options.placeholders) {
        let pattern = text.replace(crate::PLACEHOLDER, "*");
        return resource_pattern(&pattern, loc, checker);
    }
    resource_pattern(text, loc, checker);
}

fn resource_pattern(text: &str, loc: Loc, checker: &mut Checker<'_>) {
    let Some(fields) = crate::grammar::arn::split(text) else {
        return;
    };
    let [_, _, service, _, _, rest] = fields;
    if has_wildcard(service) || service.is_empty() {
        return;
    }
    let catalogs = Catalogs::of(checker.options);
    // Sized for the usual count (a service's types and those of any service), so it does
    // not grow.
    let mut candidates = Vec::with_capacity(16);
    candidates.extend(catalogs.resource_types_for_arn_service(service));
    let of_service = |r: &ResourceType| arn_service_is(r, service);
    if !candidates.iter().any(|(_, r)| of_service(r)) {
        if catalogs.aws.is_retired_service(service) || catalogs.service(service).is_some() {
            return;
        }
        let known: Vec<&str> = catalogs
            .custom
            .into_iter()
            .flat_map(Catalog::arn_services)
            .chain(catalogs.aws.arn_services())
            .filter(|s| *s != "*")
            .collect();
        let message = format!(
            "no service of the catalog has ARNs with the service `{}`: `{}` names nothing it knows",
            shorten(service),
            shorten(text)
        );
        // A near miss of a known service is a typo: the ARN names nothing. A service farther
        // from every known one may be newer than the catalog: a warning.
        checker.report(
            match guess(service, known.iter().copied()) {
                Some(Guess {
                    name: fix,
                    is_typo: true,
                }) => Diagnostic::new(lint::INVALID_SERVICE, loc, message)
                    .with_help(format!("did you mean `{fix}`?")),
                Some(far) => Diagnostic::new(lint::UNKNOWN_ARN_SERVICE, loc, message)
                    .with_help(format!("did you mean `{}`?", far.name)),
                None => Diagnostic::new(lint::UNKNOWN_ARN_SERVICE, loc, message)
                    .with_help("declare the application's own services in `policy-catalog.json`"),
            }
            .with_note(newer_names_note()),
        );
        return;
    }
    // An empty resource part has its own finding (`EMPTY_ARN_RESOURCE`).
    if rest.is_empty() {
        return;
    }
    let syms = pattern_syms(rest);
    let mut fits_some = false;
    // Types of every service (`${Service}` in their template) say nothing of the fields.
    let own: Vec<&ResourceType> = candidates
        .iter()
        .filter(|(_, r)| fits(service, &syms, r))
        .inspect(|_| fits_some = true)
        .map(|(_, r)| *r)
        .filter(|r| arn_service_is(r, service))
        .collect();
    if fits_some {
        checker.own_fits.push((loc, !own.is_empty()));
        if !own.is_empty() {
            fields_of_types(text, fields, &own, loc, checker);
        }
        return;
    }
    checker.own_fits.push((loc, false));
    let exact: Vec<_> = candidates.iter().filter(|(_, r)| of_service(r)).collect();
    let head = type_token(rest);
    // Types of the AWS catalog and of the application's may share a template: each once.
    let mut templates: Vec<&str> = Vec::new();
    for tail in exact
        .iter()
        .filter_map(|(_, r)| r.arn().splitn(6, ':').nth(5))
    {
        if !templates.contains(&tail) {
            templates.push(tail);
        }
    }
    let heads: Vec<&str> = templates
        .iter()
        .map(|tail| type_token(tail))
        .filter(|head| !head.contains("${") && !head.is_empty())
        .collect();
    let shown = Short(text);
    // The resource type is known, with the wrong separator after it (`function/NAME` for
    // Lambda's `function:NAME`): it names nothing, and the fix is plain.
    let head_end = rest.len() - rest.trim_start_matches('/').len() + head.len();
    if let Some(written) = rest[head_end..]
        .chars()
        .next()
        .filter(|c| matches!(c, '/' | ':'))
    {
        let swapped = if written == '/' { ':' } else { '/' };
        let fixed_rest = format!("{}{swapped}{}", &rest[..head_end], &rest[head_end + 1..]);
        let fixed_syms = pattern_syms(&fixed_rest);
        let same_type = |r: &ResourceType| {
            r.arn()
                .splitn(6, ':')
                .nth(5)
                .is_some_and(|tail| type_token(tail) == head)
        };
        if candidates
            .iter()
            .any(|(_, r)| same_type(r) && fits(service, &fixed_syms, r))
        {
            let at = text.len() - rest.len();
            checker.report(
                Diagnostic::new(
                    lint::INVALID_ARN_RESOURCE,
                    loc,
                    format!("the ARN `{shown}` fits no resource type of the service `{service}`: `{head}` is followed by `{swapped}` in its ARNs"),
                )
                .with_fix(loc, format!("{}{fixed_rest}", &text[..at])),
            );
            return;
        }
    }
    // The resource type is known, but not written in its ARN format (`stack/NAME` without the
    // stack's ID): it names no resource of that type.
    if let Some(tail) = templates.iter().find(|tail| type_token(tail) == head) {
        checker.report(
            Diagnostic::new(
                lint::ARN_RESOURCE_FORMAT,
                loc,
                format!("the ARN `{shown}` does not have the format of its resource type, `{tail}`: it matches no such resource"),
            )
            .with_help("complete the missing parts, or end the ARN with `*`"),
        );
        return;
    }
    // A near miss of a known resource type is a typo: the ARN names nothing.
    if let Some(Guess {
        name: fix,
        is_typo: true,
    }) = guess(head, heads.iter().copied())
    {
        let at = text.len() - rest.len() + (head.as_ptr() as usize - rest.as_ptr() as usize);
        let fixed = format!("{}{}{}", &text[..at], fix, &text[at + head.len()..]);
        checker.report(
            Diagnostic::new(
                lint::INVALID_ARN_RESOURCE,
                loc,
                format!("the ARN `{shown}` fits no resource type of the service `{service}`"),
            )
            .with_fix(loc, fixed)
            .with_note(newer_names_note()),
        );
        return;
    }
    let mut types: Vec<String> = templates.iter().take(6).map(|t| format!("`{t}`")).collect();
    if templates.len() > 6 {
        types.push("…".to_string());
    }
    checker.report(
        Diagnostic::new(
            lint::UNKNOWN_ARN_RESOURCE_TYPE,
            loc,
            format!("the ARN `{shown}` fits no resource type of the service `{service}`"),
        )
        .with_help(format!(
            "its resource types have the ARNs {}",
            types.join(", ")
        ))
        .with_note(newer_names_note()),
    );
}

/// A region or account written where none of the resource types the ARN fits has one (a region
/// in an S3 bucket ARN, an account in an S3 ARN, a region in an IAM ARN), or a region missing
/// where every one of them has it: the ARN names no resource. (An account may be missing:
/// resources AWS owns, such as its SSM documents, have ARNs without one.)
fn fields_of_types(
    text: &str,
    [arn, partition, service, region, account, rest]: [&str; 6],
    fitting: &[&ResourceType],
    loc: Loc,
    checker: &mut Checker<'_>,
) {
    // Whether the region (3) and the account (4) fields of the types' templates are empty in
    // every one of them, and whether they are written in every one.
    let (mut empty_everywhere, mut required_everywhere) = ([true; 5], [true; 5]);
    for template in fitting.iter().filter_map(|r| r.arn_template()) {
        for (index, field) in [(3, template.region), (4, template.account)] {
            empty_everywhere[index] &= field.is_empty();
            required_everywhere[index] &= !field.is_empty();
        }
    }
    let shown = Short(text);
    for (index, value, name, (extra, missing)) in [
        (
            3,
            region,
            "region",
            (lint::ARN_REGION_NOT_ALLOWED, Some(lint::MISSING_ARN_REGION)),
        ),
        (4, account, "account", (lint::ARN_ACCOUNT_NOT_ALLOWED, None)),
    ] {
        let (empty_everywhere, required_everywhere) =
            (empty_everywhere[index], required_everywhere[index]);
        if !value.is_empty() && value != "*" && empty_everywhere {
            let fixed = match index {
                3 => format!("{arn}:{partition}:{service}::{account}:{rest}"),
                _ => format!("{arn}:{partition}:{service}:{region}::{rest}"),
            };
            checker.report(
                Diagnostic::new(
                    extra,
                    loc,
                    format!("the ARN `{shown}` has the {name} `{}`, but the `{service}` resources it can name have no {name} in their ARNs", shorten(value)),
                )
                .with_fix(loc, fixed),
            );
        } else if let Some(missing) =
            missing.filter(|_| value.is_empty() && required_everywhere && !has_wildcard(rest))
        {
            checker.report(
                Diagnostic::new(
                    missing,
                    loc,
                    format!("the ARN `{shown}` has no {name}, but the `{service}` resources it can name have one in their ARNs"),
                )
                .with_help(format!("write the {name}, or `*` for any")),
            );
        }
    }
}

/// The resource-type word that starts a resource part: `trail` of `trail/Default`,
/// `log-group` of `log-group:NAME`, `restapis` of the path `/restapis/ID`.
fn type_token(rest: &str) -> &str {
    let path = rest.strip_prefix('/').unwrap_or(rest);
    path.split(['/', ':']).next().unwrap_or(path)
}

/// The statement-level findings of a whole document.
pub(crate) fn document(document: &Document, checker: &mut Checker<'_>) {
    let catalogs = Catalogs::of(checker.options);
    let mut found = Found::default();
    for statement in &document.statements {
        if statement.effect == Effect::Allow {
            security(statement, checker);
        }
        resource_mismatch(statement, &catalogs, &mut found, checker);
    }
}

/// How a statement reaches one action: not at all, through a wildcard or `NotAction`, or by
/// its name.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Reach {
    None,
    Named(Loc),
    Wildcard(Loc),
    NotAction(Loc),
}

fn reach(action: &Patterns, target: &str, statement_loc: Loc) -> Reach {
    let hit = action
        .items
        .iter()
        .find(|item| wildcard_matches(&item.value, target));
    match (action.polarity, hit) {
        (Polarity::Listed, Some(item)) if has_wildcard(&item.value) => Reach::Wildcard(item.loc),
        (Polarity::Listed, Some(item)) => Reach::Named(item.loc),
        (Polarity::Listed, None) => Reach::None,
        (Polarity::Excluded, Some(_)) => Reach::None,
        (Polarity::Excluded, None) => {
            Reach::NotAction(action.items.first().map_or(statement_loc, |i| i.loc))
        }
    }
}

/// `Resource: "*"` (its location), `NotResource` (its location), or neither.
enum Scope {
    Star(Loc),
    NotResource(Loc),
    Scoped,
}

fn scope(statement: &Statement) -> Scope {
    match &statement.resource {
        Some(r) if r.polarity == Polarity::Excluded => {
            Scope::NotResource(r.items.first().map_or(statement.loc, |i| i.loc))
        }
        Some(r) => match r.items.iter().find(|i| i.value == "*") {
            Some(star) => Scope::Star(star.loc),
            None => Scope::Scoped,
        },
        None => Scope::Scoped,
    }
}

/// The codes of one sensitive action reached too broadly, one for each way of reaching it.
struct BroadCodes {
    star_in_resource: lint::Code,
    star_in_action_and_resource: lint::Code,
    not_resource: lint::Code,
    star_in_action_and_not_resource: lint::Code,
    not_action_and_not_resource: lint::Code,
    star_in_resource_and_not_action: lint::Code,
}

/// IAM Access Analyzer's findings for `iam:PassRole` and `iam:CreateServiceLinkedRole` reached
/// too broadly, and the project's for grants of everything.
fn security(statement: &Statement, checker: &mut Checker<'_>) {
    let scope = scope(statement);
    let all_actions = statement.action.polarity == Polarity::Listed
        && statement.action.items.iter().any(|i| i.value == "*");
    // Each action with the condition key that names what it may reach: a statement that sets
    // the key is scoped (Access Analyzer's remedy for these findings).
    for (action, scoping_key, codes, what, help) in [
        (
            "iam:PassRole",
            "iam:PassedToService",
            BroadCodes {
                star_in_resource: lint::PASS_ROLE_WITH_STAR_IN_RESOURCE,
                star_in_action_and_resource: lint::PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE,
                not_resource: lint::PASS_ROLE_WITH_NOT_RESOURCE,
                star_in_action_and_not_resource:
                    lint::PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE,
                not_action_and_not_resource: lint::PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE,
                star_in_resource_and_not_action:
                    lint::PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION,
            },
            "lets the holder pass any role to a service",
            "name the roles in `Resource` and add the condition key `iam:PassedToService`",
        ),
        (
            "iam:CreateServiceLinkedRole",
            "iam:AWSServiceName",
            BroadCodes {
                star_in_resource: lint::CREATE_SLR_WITH_STAR_IN_RESOURCE,
                star_in_action_and_resource: lint::CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE,
                not_resource: lint::CREATE_SLR_WITH_NOT_RESOURCE,
                star_in_action_and_not_resource:
                    lint::CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE,
                not_action_and_not_resource: lint::CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE,
                star_in_resource_and_not_action:
                    lint::CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION,
            },
            "lets the holder create the service-linked role of any service",
            "name the roles in `Resource` or add the condition key `iam:AWSServiceName`",
        ),
    ] {
        let scoped_by_key = statement
            .condition
            .iter()
            .any(|block| block.key.value.eq_ignore_ascii_case(scoping_key));
        if scoped_by_key {
            continue;
        }
        let reached = reach(&statement.action, action, statement.loc);
        let (code, loc) = match (reached, &scope) {
            (Reach::None, _) | (_, Scope::Scoped) => continue,
            // Reported once, as full access, below.
            (_, Scope::Star(_)) if all_actions => continue,
            (Reach::Named(_), Scope::Star(loc)) => (codes.star_in_resource, *loc),
            (Reach::Wildcard(_), Scope::Star(loc)) => (codes.star_in_action_and_resource, *loc),
            (Reach::Named(_), Scope::NotResource(loc)) => (codes.not_resource, *loc),
            (Reach::Wildcard(_), Scope::NotResource(loc)) => {
                (codes.star_in_action_and_not_resource, *loc)
            }
            (Reach::NotAction(_), Scope::NotResource(loc)) => {
                (codes.not_action_and_not_resource, *loc)
            }
            (Reach::NotAction(_), Scope::Star(loc)) => {
                (codes.star_in_resource_and_not_action, *loc)
            }
        };
        checker.report(
            Diagnostic::new(
                code,
                loc,
                format!("this statement allows `{action}` on every resource: it {what}"),
            )
            .with_help(help),
        );
    }
    match (&scope, all_actions) {
        (Scope::Star(loc), true) => checker.report(
            Diagnostic::new(
                lint::STAR_IN_ACTION_AND_RESOURCE,
                *loc,
                "this statement allows every action on every resource: full administrator access",
            )
            .with_help("list the actions and resources the holder needs"),
        ),
        _ if statement.action.polarity == Polarity::Excluded => checker.report(
            Diagnostic::new(
                lint::ALLOW_WITH_NOT_ACTION,
                statement.action.items.first().map_or(statement.loc, |i| i.loc),
                "`Allow` with `NotAction` allows every other action on the statement's resources, in every service they belong to, including actions AWS adds later",
            )
            .with_help("list the allowed actions in `Action`, or use `Deny` with `NotAction`"),
        ),
        (Scope::NotResource(loc), _) => checker.report(
            Diagnostic::new(
                lint::ALLOW_WITH_NOT_RESOURCE,
                *loc,
                "`Allow` with `NotResource` allows the actions on every other resource, in every service",
            )
            .with_help("list the allowed resources in `Resource`"),
        ),
        _ => {}
    }
}

/// How far the statement checks, in document order, have read what the name checks found
/// ([`Checker::actions`], [`Checker::own_fits`]).
#[derive(Default)]
struct Found {
    actions: usize,
    own_fits: usize,
}

/// Actions of a statement that cannot apply to any of its resources (a warning).
fn resource_mismatch(
    statement: &Statement,
    catalogs: &Catalogs<'_>,
    found: &mut Found,
    checker: &mut Checker<'_>,
) {
    let Some(resources) = &statement.resource else {
        return;
    };
    if resources.polarity == Polarity::Excluded
        || statement.action.polarity == Polarity::Excluded
        || resources.items.iter().any(|r| {
            r.value == "*" || crate::has_placeholder(&r.value, checker.options.placeholders)
        })
    {
        return;
    }
    // ARNs that fit no resource type have their own finding (`INVALID_ARN_RESOURCE`).
    // The resource check fitted most of them already.
    let mut arns: Vec<(&str, PatternSyms)> = Vec::new();
    for r in &resources.items {
        // A final `*` that spans the remaining fields (`arn:aws:cloudfront:*`) may name any
        // resource of its service.
        let Some([_, _, service, _, _, rest]) = crate::grammar::arn::split(&r.value) else {
            return;
        };
        let own_fit = at_from(&checker.own_fits, &mut found.own_fits, r.loc);
        if own_fit == Some(false) {
            continue;
        }
        let syms = pattern_syms(rest);
        let fitting = own_fit == Some(true)
            || catalogs
                .resource_types_for_arn_service(service)
                .any(|(_, r)| arn_service_is(r, service) && fits(service, &syms, r));
        if fitting {
            arns.push((service, syms));
        }
    }
    if arns.is_empty() {
        return;
    }
    let mut mismatched = Vec::new();
    for item in &statement.action.items {
        // The action check looked up most names already.
        let (named, expanded);
        let actions = match at_from(&checker.actions, &mut found.actions, item.loc) {
            Some(one) => {
                named = [one];
                &named[..]
            }
            None => {
                expanded = catalogs.expand(&item.value);
                &expanded[..]
            }
        };
        if actions.is_empty() {
            continue;
        }
        let applies = actions.iter().any(|(service, action)| {
            service.resource_types_of(action).any(|r| {
                arns.iter()
                    .any(|(arn_service, syms)| fits(arn_service, syms, r))
            })
        });
        if !applies {
            mismatched.push((item, actions.to_vec()));
        }
    }
    // One finding per statement, at its first such action, naming all of them.
    let Some((first_item, first_actions)) = mismatched.first() else {
        return;
    };
    let help = match (mismatched.len(), first_actions.as_slice()) {
        (1, [(service, action)]) => {
            let types: Vec<String> = service
                .resource_types_of(action)
                .map(|r| format!("`{}`", r.arn()))
                .collect();
            if types.is_empty() {
                format!(
                    "`{}:{}` supports only `\"Resource\": \"*\"`",
                    service.prefix(),
                    action.name()
                )
            } else {
                format!("it applies to {}", types.join(", "))
            }
        }
        _ => "move the actions to a statement with the resources they apply to".to_string(),
    };
    let names: Vec<String> = mismatched
        .iter()
        .map(|(item, _)| format!("`{}`", shorten(&item.value)))
        .collect();
    let mut finding = Diagnostic::new(
        lint::RESOURCE_MISMATCH,
        first_item.loc,
        format!(
            "{} cannot apply to any resource of this statement",
            names.join(", ")
        ),
    )
    .with_help(help);
    for (item, _) in &mismatched[1..] {
        finding = finding.with_related(item.loc, "this action too");
    }
    checker.report(finding);
}

/// Checks a service condition key (not `aws:`) under `operator` against the catalogs: an
/// unknown key is an error (`INVALID_SERVICE_CONDITION_KEY`, with a fix when one is close), a
/// retired one a warning; the operator's fit is [`key_fits_operator`]'s to judge. Returns
/// whether the key is usable.
pub(crate) fn condition_key(
    operator: &Spanned<OperatorName>,
    name: &str,
    loc: Loc,
    checker: &mut Checker<'_>,
) {
    let catalogs = Catalogs::of(checker.options);
    let prefix = name.split_once(':').map_or(name, |(p, _)| p);
    let found = catalogs
        .service(prefix)
        .and_then(|s| s.key(name))
        .or_else(|| {
            catalogs
                .custom
                .into_iter()
                .chain([catalogs.aws])
                .flat_map(Catalog::services)
                .flat_map(Service::condition_keys)
                .find(|k| k.matches(name))
        });
    let Some(found) = found else {
        let retirement = catalogs.aws.retired_key(name);
        if let Some(retirement) = retirement.or_else(|| catalogs.aws.retired_service(prefix)) {
            crate::checks::keys::retired_key(name, loc, retirement, checker);
            return;
        }
        checker.report(unknown_service_key(&catalogs, prefix, name, loc));
        return;
    };
    key_fits_operator(operator, name, found, checker);
}

/// A guard call's action, checked by [`request_action`].
#[derive(Clone, Debug)]
pub struct RequestAction {
    /// The action in the catalog's case, or as written when no catalog knows it.
    pub name: String,
    /// The finding about a name no catalog knows, nor one close to it (a warning at the level
    /// the options give it); `None` when the catalog knows the action or the levels allow it.
    pub warning: Option<Diagnostic>,
}

/// Checks the action of a guard call (`action!`): `prefix:Name`, no wildcard, known to the
/// catalogs. Returns the action in the catalog's case; a name close to no known one is kept as
/// written, with its warning; a near miss of a known name, or a warning the options' levels
/// deny, is the error.
///
/// ```
/// use iam_policy_check::{service_checks::request_action, Options};
/// let options = Options::default();
/// assert_eq!(request_action("CloudTrail:stoplogging", &options).unwrap().name, "cloudtrail:StopLogging");
/// let error = request_action("cloudtrail:StopLoging", &options).unwrap_err();
/// assert_eq!(error.fix.unwrap().replacement, "cloudtrail:StopLogging");
/// let newer = request_action("cloudtrail:ReplayTheFuture", &options).unwrap();
/// assert_eq!(newer.name, "cloudtrail:ReplayTheFuture");
/// assert_eq!(newer.warning.unwrap().code, "UNKNOWN_ACTION");
/// ```
pub fn request_action(text: &str, options: &Options) -> Result<RequestAction, Diagnostic> {
    let loc = Loc::new(0, text.len() as u32);
    let format = |message: String| Err(Diagnostic::new(lint::INVALID_ACTION_FORMAT, loc, message));
    let Some((prefix, name)) = text.split_once(':') else {
        return format(format!(
            "the action `{}` has no service prefix: write it as `service:Name`",
            shorten(text)
        ));
    };
    if has_wildcard(text) {
        return format(format!(
            "`{}` has a wildcard: a request names one action",
            shorten(text)
        ));
    }
    let valid =
        |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if !valid(prefix) || !valid(name) {
        return format(format!(
            "the action `{}` must be `service:Name`, of letters, digits and `-`",
            shorten(text)
        ));
    }
    let catalogs = Catalogs::of(options);
    let finding = match catalogs.service(prefix) {
        None => unknown_prefix(&catalogs, prefix, name, loc),
        Some(service) => match service.action(name) {
            Some(action) => {
                return Ok(RequestAction {
                    name: format!("{}:{}", service.prefix(), action.name()),
                    warning: None,
                })
            }
            None => action_in(service, &catalogs, prefix, name, loc).unwrap_or_else(|| {
                Diagnostic::new(
                    lint::INVALID_ACTION,
                    loc,
                    format!("unknown action `{}`", shorten(text)),
                )
            }),
        },
    };
    let (mut shown, _allowed) = options.levels.apply(vec![finding]);
    match shown.pop() {
        Some(error) if error.severity == Severity::Error => Err(error),
        warning => Ok(RequestAction {
            name: text.to_string(),
            warning,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{check_text, Options};

    fn codes(statement: &str) -> Vec<(&'static str, Option<String>)> {
        let text = format!(r#"{{"Version": "2012-10-17", "Statement": [{statement}]}}"#);
        check_text(&text, &Options::default())
            .diagnostics
            .iter()
            .map(|d| {
                (
                    d.code.as_str(),
                    d.fix.as_ref().map(|f| f.replacement.clone()),
                )
            })
            .collect()
    }

    #[test]
    fn unknown_actions_suggest_the_closest() {
        assert_eq!(
            codes(r#"{"Effect": "Allow", "Action": "cloudtrail:StopLoging", "Resource": "*"}"#),
            [("INVALID_ACTION", Some("cloudtrail:StopLogging".into()))]
        );
        assert_eq!(
            codes(r#"{"Effect": "Allow", "Action": "s3:GetObjects", "Resource": "*"}"#),
            [("INVALID_ACTION", Some("s3:GetObject".into()))]
        );
        assert_eq!(
            codes(r#"{"Effect": "Allow", "Action": "cloudtrail:*Loging", "Resource": "*"}"#),
            [("INVALID_ACTION", None)]
        );
        assert!(codes(r#"{"Effect": "Allow", "Action": ["cloudtrail:*Logging", "S3:getobject"], "Resource": "*"}"#).is_empty());
    }

    #[test]
    fn api_operations_as_actions_name_the_action_meant() {
        // One documented action: the fix.
        assert_eq!(
            codes(
                r#"{"Effect": "Allow", "Action": ["s3:ListObjectsV2", "s3:listbuckets"], "Resource": "*"}"#
            ),
            [
                ("API_OPERATION_AS_ACTION", Some("s3:ListBucket".into())),
                (
                    "API_OPERATION_AS_ACTION",
                    Some("s3:ListAllMyBuckets".into())
                )
            ]
        );
        // Several, or none: a help, no fix.
        let several = check_text(
            r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": ["s3:HeadObject", "s3:ListObjects"], "Resource": "*"}}"#,
            &Options::default(),
        );
        let helps: Vec<_> = several
            .diagnostics
            .iter()
            .map(|d| {
                (
                    d.code.as_str(),
                    d.fix.is_none(),
                    d.help.clone().unwrap_or_default(),
                )
            })
            .collect();
        assert_eq!(helps.len(), 2, "{helps:?}");
        assert!(helps
            .iter()
            .all(|(code, no_fix, _)| *code == "API_OPERATION_AS_ACTION" && *no_fix));
        assert!(
            helps[0].2.contains("`s3:GetObject`, `s3:ListBucket`"),
            "{helps:?}"
        );
        assert!(
            helps[1].2.contains("lists the actions `ListObjects` needs"),
            "{helps:?}"
        );
        // An action of that name is not an operation; a wildcard is never one.
        assert!(codes(r#"{"Effect": "Allow", "Action": ["s3:ListBucket", "s3:ListObjects*"], "Resource": "*"}"#)
            .iter()
            .all(|(code, _)| *code != "API_OPERATION_AS_ACTION"));
    }

    #[test]
    fn retired_names_warn() {
        assert_eq!(
            codes(
                r#"{"Effect": "Allow", "Action": ["deepracer:Get*", "sqs:SendMessageBatch"], "Resource": "*"}"#
            ),
            [("RETIRED_SERVICE", None), ("RETIRED_ACTION", None)]
        );
        assert_eq!(
            codes(r#"{"Effect": "Allow", "Action": "zocalp:Get*", "Resource": "*"}"#)[0].0,
            "UNKNOWN_SERVICE_IN_ACTION"
        );
    }

    #[test]
    fn retired_by_the_catalogs_history() {
        // Listed by earlier releases of AWS's catalog, gone from the current one.
        let text = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:SendMessageBatch", "Resource": "*"}]}"#;
        let checked = check_text(text, &Options::default());
        let [finding] = checked.diagnostics.as_slice() else {
            panic!("{:?}", checked.diagnostics);
        };
        assert_eq!(finding.code, "RETIRED_ACTION");
        assert_eq!(finding.severity, crate::Severity::Warning);
        let help = finding.help.as_deref().unwrap();
        assert!(help.starts_with("AWS's catalog listed it up to "), "{help}");
        // Never listed, and close to no current action: unknown (perhaps newer than the
        // catalog), with the built-in catalog's release and how to declare a newer name.
        let text = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:SendMessageBunch", "Resource": "*"}]}"#;
        let checked = check_text(text, &Options::default());
        assert_eq!(checked.diagnostics[0].code, "UNKNOWN_ACTION");
        assert_eq!(checked.diagnostics[0].severity, crate::Severity::Warning);
        let note = checked.diagnostics[0].note.as_deref().unwrap();
        let info = Catalog::get().info();
        assert!(
            note.contains(info.version) && note.contains(info.date),
            "{note}"
        );
        assert!(note.contains("policy-catalog.json"), "{note}");
    }

    #[test]
    fn the_application_extends_an_aws_service() {
        let catalog = crate::catalog::Catalog::from_json(
            r#"{"services": [{"prefix": "s3",
                "actions": [{"name": "ExampleNewAction", "resource_types": ["object", "vault"], "condition_keys": ["s3:ExampleKey", "s3:prefix"]}],
                "resource_types": [{"name": "vault", "arn": "arn:${Partition}:s3:${Region}:${Account}:vault/${VaultName}"}],
                "condition_keys": [{"name": "s3:ExampleKey", "type": "String"}]}]}"#,
        )
        .unwrap();
        let options = Options {
            catalog: Some(crate::catalog::CustomCatalog::new(catalog)),
            ..Options::default()
        };
        let check = |statement: &str, options: &Options| {
            let text = format!(r#"{{"Version": "2012-10-17", "Statement": [{statement}]}}"#);
            check_text(&text, options)
                .diagnostics
                .iter()
                .map(|d| d.code)
                .collect::<Vec<_>>()
        };
        // AWS's names stay known beside the additions.
        let statement = r#"{"Effect": "Allow", "Action": ["s3:GetObject", "s3:ExampleNewAction", "s3:Get*"],
            "Resource": ["arn:aws:s3:::b/*", "arn:aws:s3:us-east-1:111122223333:vault/v"],
            "Condition": {"StringEquals": {"s3:ExampleKey": "x", "s3:prefix": "home/"}}}"#;
        assert_eq!(check(statement, &options), Vec::<&str>::new());
        // Without the file, the additions are unknown (close to no AWS name: warnings), and the
        // ARN can only name a bucket or an object, whose ARNs have neither region nor account.
        assert_eq!(
            check(statement, &Options::default()),
            [
                "UNKNOWN_ACTION",
                "ARN_REGION_NOT_ALLOWED",
                "ARN_ACCOUNT_NOT_ALLOWED",
                "UNKNOWN_SERVICE_CONDITION_KEY"
            ]
        );
        let custom = options.catalog.as_ref().unwrap().catalog();
        let types: Vec<_> = custom
            .resource_types_matching_arn("arn:aws:s3:us-east-1:111122223333:vault/v")
            .iter()
            .map(|m| m.resource_type.name())
            .collect();
        assert!(
            types.contains(&"vault") && types.contains(&"bucket"),
            "{types:?}"
        );
        assert_eq!(
            check(
                r#"{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}"#,
                &options
            ),
            ["INVALID_ACTION"]
        );
    }

    #[test]
    fn resource_types() {
        assert_eq!(
            codes(
                r#"{"Effect": "Deny", "Action": "cloudtrail:StopLogging", "Resource": "arn:aws:cloudtrail:us-east-1:111122223333:trial/Default"}"#
            ),
            [(
                "INVALID_ARN_RESOURCE",
                Some("arn:aws:cloudtrail:us-east-1:111122223333:trail/Default".into())
            )]
        );
        assert!(codes(r#"{"Effect": "Deny", "Action": "cloudtrail:StopLogging", "Resource": "arn:aws:cloudtrail:*:*:trail/*"}"#).is_empty());
        assert!(codes(r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/${aws:username}/*"}"#).is_empty());
        assert_eq!(
            codes(
                r#"{"Effect": "Allow", "Action": "cloudtrail:LookupEvents", "Resource": "arn:aws:cloudtrail:us-east-1:111122223333:trail/Default"}"#
            ),
            [("RESOURCE_MISMATCH", None)]
        );
        // A final `*` spanning the remaining fields names any CloudFront resource, whatever
        // else the statement lists (IAM User Guide, "NotAction" examples).
        assert!(codes(r#"{"Effect": "Allow", "Action": "cloudfront:*", "Resource": ["arn:aws:cloudfront:*", "arn:aws:s3:::examplebucket"]}"#).is_empty());
        // An ARN service close to no known one may be newer than the catalog; a near miss is
        // a typo.
        assert_eq!(
            codes(
                r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:myapp:::x"}"#
            )[0]
            .0,
            "UNKNOWN_ARN_SERVICE"
        );
        assert_eq!(
            codes(
                r#"{"Effect": "Allow", "Action": "cloudtrail:GetTrail", "Resource": "arn:aws:cloudtrial:us-east-1:111122223333:trail/Default"}"#
            )[0]
            .0,
            "INVALID_SERVICE"
        );
    }

    #[test]
    fn security_findings() {
        let of = |statement: &str| {
            codes(statement)
                .into_iter()
                .map(|c| c.0)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            of(r#"{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}"#),
            ["PASS_ROLE_WITH_STAR_IN_RESOURCE"]
        );
        assert_eq!(
            of(r#"{"Effect": "Allow", "Action": "iam:*", "Resource": "*"}"#),
            [
                "PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE",
                "CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE"
            ]
        );
        assert_eq!(
            of(r#"{"Effect": "Allow", "NotAction": "s3:*", "Resource": "*"}"#),
            [
                "ALLOW_WITH_NOT_ACTION",
                "PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION",
                "CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION"
            ]
        );
        assert_eq!(
            of(r#"{"Effect": "Allow", "Action": "*", "Resource": "*"}"#),
            ["STAR_IN_ACTION_AND_RESOURCE"]
        );
        assert!(of(r#"{"Effect": "Deny", "Action": "*", "Resource": "*"}"#).is_empty());
        assert!(of(r#"{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/app"}"#).is_empty());
    }

    #[test]
    fn application_services() {
        let catalog = crate::catalog::Catalog::from_json(
            r#"{"services": [{"prefix": "myapp",
                "actions": [{"name": "DeleteInvoice", "resource_types": ["invoice"], "condition_keys": ["myapp:InvoiceStatus"]},
                            {"name": "ListInvoices", "access_level": "List"}],
                "resource_types": [{"name": "invoice", "arn": "arn:myapp:invoices::${Account}:invoice/${InvoiceId}"}],
                "condition_keys": [{"name": "myapp:InvoiceStatus", "type": "String"}]}]}"#,
        )
        .unwrap();
        let options = Options {
            catalog: Some(crate::catalog::CustomCatalog::new(catalog)),
            ..Options::default()
        };
        let check = |statement: &str| {
            let text = format!(r#"{{"Version": "2012-10-17", "Statement": [{statement}]}}"#);
            check_text(&text, &options)
                .diagnostics
                .iter()
                .map(|d| {
                    (
                        d.code.as_str(),
                        d.fix.as_ref().map(|f| f.replacement.clone()),
                    )
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(
            check(
                r#"{"Effect": "Allow", "Action": ["myapp:DeleteInvoice", "s3:GetObject"], "Resource": ["arn:myapp:invoices::123456789012:invoice/42", "arn:aws:s3:::b/*"],
                "Condition": {"StringEquals": {"myapp:InvoiceStatus": "draft"}}}"#
            ),
            []
        );
        assert_eq!(
            check(r#"{"Effect": "Allow", "Action": "myapp:DeleteInvoce", "Resource": "*"}"#),
            [("INVALID_ACTION", Some("myapp:DeleteInvoice".into()))]
        );
        assert_eq!(
            check(
                r#"{"Effect": "Allow", "Action": "myapp:DeleteInvoice", "Resource": "arn:myapp:invoices::123456789012:invoise/42"}"#
            ),
            [(
                "INVALID_ARN_RESOURCE",
                Some("arn:myapp:invoices::123456789012:invoice/42".into())
            )]
        );
        // The custom partition belongs to the application's services only.
        assert_eq!(
            check(
                r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:myapp:s3:::b/k"}"#
            )[0]
            .0,
            "INVALID_PARTITION"
        );
        assert_eq!(
            request_action("myapp:listinvoices", &options).unwrap().name,
            "myapp:ListInvoices"
        );
        // A misspelt prefix gets the same error from a policy and from a guard's action, with
        // the application's prefix as the fix.
        assert_eq!(
            check(r#"{"Effect": "Allow", "Action": "myap:ListInvoices", "Resource": "*"}"#),
            [(
                "INVALID_SERVICE_IN_ACTION",
                Some("myapp:ListInvoices".into())
            )]
        );
        let error = request_action("myap:ListInvoices", &options).unwrap_err();
        assert_eq!(error.code.as_str(), "INVALID_SERVICE_IN_ACTION");
        assert_eq!(error.help.as_deref(), Some("did you mean `myapp`?"));
        assert_eq!(
            request_action("zzzzzz:ListInvoices", &options)
                .unwrap()
                .warning
                .unwrap()
                .help
                .as_deref(),
            Some(
                "neither AWS nor the application's catalog has a service with the prefix `zzzzzz`"
            )
        );
        // Without the application's catalog, its actions are unknown.
        assert_eq!(
            codes(r#"{"Effect": "Allow", "Action": "myapp:DeleteInvoice", "Resource": "*"}"#)[0].0,
            "UNKNOWN_SERVICE_IN_ACTION"
        );
    }

    #[test]
    fn request_actions() {
        let options = Options::default();
        assert_eq!(
            request_action("s3:getobject", &options).unwrap().name,
            "s3:GetObject"
        );
        // A name close to no known one may be newer than the catalog: kept as written, with
        // its warning; the levels can make it an error.
        let newer = request_action("s3:GetObjectFromTheFuture", &options).unwrap();
        assert_eq!(newer.name, "s3:GetObjectFromTheFuture");
        assert_eq!(newer.warning.unwrap().code, "UNKNOWN_ACTION");
        let mut strict = Options::default();
        strict
            .levels
            .set("UNKNOWN_ACTION", crate::lint::Level::Deny)
            .unwrap();
        assert_eq!(
            request_action("s3:GetObjectFromTheFuture", &strict)
                .unwrap_err()
                .code,
            "UNKNOWN_ACTION"
        );
        assert_eq!(
            request_action("s3:Get*", &options).unwrap_err().code,
            "INVALID_ACTION_FORMAT"
        );
        assert_eq!(
            request_action("cloudtrial:StopLogging", &options)
                .unwrap_err()
                .code,
            "INVALID_SERVICE_IN_ACTION"
        );
    }
}
