//! Whether a policy's ARN pattern and a catalog's ARN template can name the same resource.

use crate::catalog::ResourceType;
use crate::grammar::template::{self, Part, Syntax};

fn has_wildcard(text: &str) -> bool {
    template::has_wildcard(text)
}

/// Whether some resource fits both the resource part of a policy's ARN (after the fifth `:`,
/// with `*`, `?` and policy variables) and the resource part of a catalog ARN template (where
/// each `${…}` stands for any text). The generator of `data/retired.txt` asks the same question.
///
/// ```
/// use iam_policy_check::catalog::resource_parts_overlap;
/// assert!(resource_parts_overlap("trail/*", "trail/${TrailName}"));
/// assert!(resource_parts_overlap("${aws:username}/x", "trail/${TrailName}"));
/// assert!(!resource_parts_overlap("bucket/*", "trail/${TrailName}"));
/// ```
pub fn resource_parts_overlap(policy: &str, template: &str) -> bool {
    if is_literal(policy) {
        return literal_fits_template(policy, template);
    }
    overlaps(&sym_list(policy), &template_syms(template))
}

/// Whether a policy's resource part has no wildcard and no policy variable: it is its text.
fn is_literal(policy: &str) -> bool {
    !has_wildcard(policy) && !template::has_variable(policy)
}

/// [`resource_parts_overlap`] for a literal policy part, in place and in linear time.
fn literal_fits_template(policy: &str, template: &str) -> bool {
    text_fits(&Literal(policy.as_bytes()), &Template(template.as_bytes()))
}

/// What a pattern is made of, for overlap tests: a byte, any one byte, or any run.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sym {
    Byte(u8),
    One,
    Run,
}

/// A policy's resource part read for fitting to many templates: its text when it is literal
/// (the usual ARN, matched in place), else its symbols, and what every fit asks of them,
/// worked out once.
pub(crate) struct PatternSyms<'t> {
    /// The text, when it has no wildcard and no variable.
    text: Option<&'t [u8]>,
    /// The symbols of any other text (none for `text`).
    syms: Vec<Sym>,
    /// Only bytes: no wildcard, no variable.
    literal: bool,
    /// Holds a `/`.
    slash: bool,
}

/// A policy's resource part: wildcards and variables become [`Sym::One`]/[`Sym::Run`].
pub(crate) fn pattern_syms(text: &str) -> PatternSyms<'_> {
    // Text without wildcards and variables (the usual ARN) parses as one literal part.
    if is_literal(text) {
        return PatternSyms {
            text: Some(text.as_bytes()),
            syms: Vec::new(),
            literal: true,
            slash: text.contains('/'),
        };
    }
    let syms = sym_list(text);
    PatternSyms {
        text: None,
        literal: syms.iter().all(|s| matches!(s, Sym::Byte(_))),
        slash: syms.contains(&Sym::Byte(b'/')),
        syms,
    }
}

/// A policy's resource part: wildcards and variables become [`Sym::One`]/[`Sym::Run`].
fn sym_list(text: &str) -> Vec<Sym> {
    // Text without wildcards and variables (the usual ARN) parses as one literal part.
    if is_literal(text) {
        return text.bytes().map(Sym::Byte).collect();
    }
    let parts = template::parse(
        text,
        Syntax {
            wildcards: true,
            variables: true,
        },
    )
    .unwrap_or_else(|_| vec![Part::AnyRun]);
    let mut syms = Vec::with_capacity(text.len());
    for part in parts {
        match part {
            Part::Literal(s) => syms.extend(s.bytes().map(Sym::Byte)),
            Part::AnyChar => syms.push(Sym::One),
            Part::AnyRun | Part::Variable { .. } => syms.push(Sym::Run),
        }
    }
    syms
}

/// A catalog ARN template's resource part: each `${…}` becomes [`Sym::Run`].
fn template_syms(text: &str) -> Vec<Sym> {
    let mut syms = Vec::with_capacity(text.len());
    push_template_syms(text, &mut syms);
    syms
}

/// [`template_syms`], appended to `syms`.
fn push_template_syms(text: &str, syms: &mut Vec<Sym>) {
    let template = Template(text.as_bytes());
    let mut at = 0;
    while at < text.len() {
        let (sym, next) = template.at(at);
        syms.push(sym);
        at = next;
    }
}

/// A pattern read in place, symbol by symbol.
trait Symbols {
    /// Its length in units.
    fn units(&self) -> usize;
    /// The symbol that starts at unit `at` (below [`Symbols::units`]) and the unit after it.
    fn at(&self, at: usize) -> (Sym, usize);
}

impl Symbols for [Sym] {
    fn units(&self) -> usize {
        self.len()
    }

    fn at(&self, at: usize) -> (Sym, usize) {
        (self[at], at + 1)
    }
}

/// Text without wildcards: every byte is itself.
struct Literal<'t>(&'t [u8]);

impl Symbols for Literal<'_> {
    fn units(&self) -> usize {
        self.0.len()
    }

    fn at(&self, at: usize) -> (Sym, usize) {
        (Sym::Byte(self.0[at]), at + 1)
    }
}

/// A catalog ARN template's resource part: each `${…}` is a run.
struct Template<'t>(&'t [u8]);

impl Symbols for Template<'_> {
    fn units(&self) -> usize {
        self.0.len()
    }

    fn at(&self, at: usize) -> (Sym, usize) {
        if self.0[at..].starts_with(b"${") {
            if let Some(close) = self.0[at + 2..].iter().position(|&b| b == b'}') {
                return (Sym::Run, at + 2 + close + 1);
            }
        }
        (Sym::Byte(self.0[at]), at + 1)
    }
}

/// Whether some text fits both patterns.
///
/// Where neither pattern has a run, each position takes exactly one byte from both, so the
/// common beginning and end are compared in linear time; what remains between runs, if
/// anything, is searched by a product of the two automata, in `O(a·b)`.
fn overlaps(a: &[Sym], b: &[Sym]) -> bool {
    fn one_byte_each(x: Sym, y: Sym) -> Option<bool> {
        match (x, y) {
            (Sym::Run, _) | (_, Sym::Run) => None,
            (Sym::Byte(p), Sym::Byte(q)) => Some(p == q),
            _ => Some(true),
        }
    }
    let (mut a, mut b) = (a, b);
    while let ([x, a_rest @ ..], [y, b_rest @ ..]) = (a, b) {
        match one_byte_each(*x, *y) {
            Some(true) => (a, b) = (a_rest, b_rest),
            Some(false) => return false,
            None => break,
        }
    }
    while let ([a_rest @ .., x], [b_rest @ .., y]) = (a, b) {
        match one_byte_each(*x, *y) {
            Some(true) => (a, b) = (a_rest, b_rest),
            Some(false) => return false,
            None => break,
        }
    }
    // A lone run fits every text, and every pattern fits some text.
    if a == [Sym::Run] || b == [Sym::Run] {
        return true;
    }
    let literal = |syms: &[Sym]| syms.iter().all(|s| matches!(s, Sym::Byte(_)));
    if literal(a) {
        return text_fits(a, b);
    }
    if literal(b) {
        return text_fits(b, a);
    }
    product_overlaps(a, b)
}

/// Whether the text `text` (bytes only) fits `pattern`: a glob match that backtracks to the
/// last run only, without allocating.
fn text_fits(text: &(impl Symbols + ?Sized), pattern: &(impl Symbols + ?Sized)) -> bool {
    let (mut t, mut p) = (0, 0);
    // Where matching resumes if the text so far does not fit: after the last run, and the
    // text that run takes so far.
    let mut resume: Option<(usize, usize)> = None;
    while t < text.units() {
        let byte = text.at(t).0;
        if p < pattern.units() {
            match pattern.at(p) {
                (Sym::Run, next) => {
                    p = next;
                    resume = Some((p, t));
                    continue;
                }
                (symbol, next) if symbol == Sym::One || symbol == byte => {
                    p = next;
                    t += 1;
                    continue;
                }
                _ => {}
            }
        }
        let Some((after_run, taken)) = resume else {
            return false;
        };
        (p, t) = (after_run, taken + 1);
        resume = Some((after_run, taken + 1));
    }
    while p < pattern.units() {
        match pattern.at(p) {
            (Sym::Run, next) => p = next,
            _ => return false,
        }
    }
    true
}

/// [`overlaps`] by a search of the product of the two automata, in `O(a·b)`.
fn product_overlaps(a: &[Sym], b: &[Sym]) -> bool {
    let width = b.len() + 1;
    let mut seen = vec![false; (a.len() + 1) * width];
    let mut stack = vec![(0usize, 0usize)];
    while let Some((i, j)) = stack.pop() {
        if std::mem::replace(&mut seen[i * width + j], true) {
            continue;
        }
        if i == a.len() && j == b.len() {
            return true;
        }
        let (x, y) = (a.get(i).copied(), b.get(j).copied());
        let mut push = |i: usize, j: usize| {
            if !seen[i * width + j] {
                stack.push((i, j));
            }
        };
        if x == Some(Sym::Run) {
            push(i + 1, j);
        }
        if y == Some(Sym::Run) {
            push(i, j + 1);
        }
        // Both consume one byte.
        match (x, y) {
            (Some(Sym::Byte(p)), Some(Sym::Byte(q))) if p == q => push(i + 1, j + 1),
            (Some(Sym::Byte(_) | Sym::One), Some(Sym::Byte(_) | Sym::One))
                if x == Some(Sym::One) || y == Some(Sym::One) =>
            {
                push(i + 1, j + 1)
            }
            (Some(Sym::Run), Some(Sym::Byte(_) | Sym::One)) => push(i, j + 1),
            (Some(Sym::Byte(_) | Sym::One), Some(Sym::Run)) => push(i + 1, j),
            _ => {}
        }
    }
    false
}

/// The service field and the resource part of an ARN.
#[cfg(test)]
fn service_and_resource(arn: &str) -> Option<(&str, &str)> {
    crate::grammar::arn::split(arn).map(|[_, _, service, _, _, resource]| (service, resource))
}

/// Whether the ARN template of `resource` has exactly `service` in its service field.
pub(crate) fn arn_service_is(resource: &ResourceType, service: &str) -> bool {
    resource
        .service_and_resource()
        .is_some_and(|(field, _)| field == service)
}

/// What fitting a policy's ARN asks of a catalog ARN template, worked out once per template.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct TemplateShape {
    /// The service field holds a `${…}`: it fits every service.
    any_service: bool,
    /// The resource part is only the resource's name (`${BucketName}`).
    bare_name: bool,
    /// How many bytes the resource part starts with before its first `${…}` (all of them
    /// when it has none): literal text must start with them.
    head: u32,
    /// The first byte of literal text after the head, if any (the `:` of
    /// `${ResourceType}:${RecoveryPointId}`): literal text must hold it after the head.
    after_head: Option<u8>,
}

impl TemplateShape {
    /// The shape of the template whose service field is `service` and resource part `rest`.
    pub(crate) fn of(service: &str, rest: &str) -> Self {
        let template = Template(rest.as_bytes());
        let mut head = 0;
        while head < rest.len() {
            match template.at(head) {
                (Sym::Run, _) => break,
                (_, next) => head = next,
            }
        }
        let mut after_head = None;
        let mut at = head;
        while at < rest.len() {
            match template.at(at) {
                (Sym::Byte(byte), _) => {
                    after_head = Some(byte);
                    break;
                }
                (_, next) => at = next,
            }
        }
        TemplateShape {
            after_head,
            any_service: template::has_variable(service),
            // A resource part that is only the resource's name (`${BucketName}`,
            // `${QueueName}`) holds no `/`: `bucket/*` names objects, not buckets.
            bare_name: rest.starts_with("${") && rest.find('}') == Some(rest.len() - 1),
            head: head as u32,
        }
    }
}

/// Whether the policy ARN (fields already split) may name a resource of the type.
pub(crate) fn fits(
    arn_service: &str,
    resource_part: &PatternSyms,
    resource: &ResourceType,
) -> bool {
    resource
        .fitting_fields()
        .is_some_and(|(service, rest, shape)| {
            fits_fields(arn_service, resource_part, service, rest, shape)
        })
}

/// [`fits`] for the ARN template `template`.
#[cfg(test)]
fn fits_template(arn_service: &str, policy: &PatternSyms, template: &str) -> bool {
    service_and_resource(template).is_some_and(|(service, rest)| {
        fits_fields(
            arn_service,
            policy,
            service,
            rest,
            TemplateShape::of(service, rest),
        )
    })
}

/// Whether the policy ARN may name a resource of a template's `service` field and resource
/// part `rest` (of the shape `shape`): a literal resource part (the usual ARN) is matched
/// against the template in place, without allocating, after the template's literal head.
fn fits_fields(
    arn_service: &str,
    policy: &PatternSyms,
    service: &str,
    rest: &str,
    shape: TemplateShape,
) -> bool {
    if !shape.any_service && service != arn_service {
        return false;
    }
    if shape.bare_name && policy.slash {
        return false;
    }
    let head = shape.head as usize;
    let (template_head, template_rest) = rest.as_bytes().split_at(head.min(rest.len()));
    if let Some(text) = policy.text {
        // The template's literal head first: most types are refused on it.
        return match text.split_at_checked(head) {
            // A byte of the template's literal text is matched by that byte only.
            Some((text_head, text_rest))
                if text_head == template_head
                    && shape
                        .after_head
                        .is_none_or(|byte| text_rest.contains(&byte)) =>
            {
                text_fits(&Literal(text_rest), &Template(template_rest))
            }
            _ => false,
        };
    }
    if policy.literal {
        let Some((text_head, text_rest)) = policy.syms.split_at_checked(head) else {
            return false;
        };
        if !text_head
            .iter()
            .zip(template_head)
            .all(|(sym, byte)| *sym == Sym::Byte(*byte))
        {
            return false;
        }
        return text_fits(text_rest, &Template(template_rest));
    }
    overlaps(&policy.syms, &template_syms(rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlap_of_patterns() {
        let o = |a: &str, b: &str| overlaps(&sym_list(a), &template_syms(b));
        assert!(o("trail/Default", "trail/${TrailName}"));
        assert!(!o("trial/Default", "trail/${TrailName}"));
        assert!(o("*", "trail/${TrailName}"));
        assert!(o("tr?il/*", "trail/${TrailName}"));
        assert!(o("bucket/*", "${BucketName}/${ObjectName}"));
        assert!(!o("user/x", "role/${RoleNameWithPath}"));
        assert!(!o("trail/x", "trail/"));
        assert!(o("a*b", "a${X}${Y}b"));
        assert!(!o("a?", "a"));
    }

    proptest::proptest! {
        /// Comparing the common beginning and end first decides as the product search alone.
        #[test]
        fn overlap_with_shortcuts_is_the_product_search(
            policy in "[ab/*?]{0,8}|[ab/]{0,8}\\$\\{aws:x\\}[ab*]{0,3}",
            template in "([ab/]|\\$\\{X\\}){0,8}",
        ) {
            let (a, b) = (sym_list(&policy), template_syms(&template));
            proptest::prop_assert_eq!(overlaps(&a, &b), product_overlaps(&a, &b));
            // Literal policy parts take their own path.
            proptest::prop_assert_eq!(resource_parts_overlap(&policy, &template), product_overlaps(&a, &b));
        }

        /// Fitting a template (a literal part matched in place) is testing its service field
        /// and the overlap of the resource parts (policy parts without `/`, which a bare-name
        /// template refuses on its own).
        #[test]
        fn fitting_a_template_is_the_overlap_of_the_resource_parts(
            policy in "[ab*?]{0,6}|[ab]{0,6}\\$\\{aws:x\\}[ab*]{0,3}",
            template in "([ab/]|\\$\\{X\\}){0,6}",
            service in "s3|\\$\\{Service\\}|ec2",
        ) {
            let template = format!("arn:${{Partition}}:{service}:${{Region}}:${{Account}}:{template}");
            let syms = sym_list(&policy);
            let expected = (service == "s3" || service.contains("${"))
                && overlaps(&syms, &template_syms(&template[template.rfind(':').unwrap() + 1..]));
            // Literal text is matched in place; as symbols, it takes the general path.
            proptest::prop_assert_eq!(fits_template("s3", &pattern_syms(&policy), &template), expected);
            let as_symbols = PatternSyms {
                text: None,
                literal: syms.iter().all(|s| matches!(s, Sym::Byte(_))),
                slash: syms.contains(&Sym::Byte(b'/')),
                syms,
            };
            proptest::prop_assert_eq!(fits_template("s3", &as_symbols, &template), expected);
        }
    }
}
