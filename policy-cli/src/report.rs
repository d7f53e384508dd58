//! Findings as text: rustc-style (annotate-snippets), JSON Lines, SARIF 2.1.0.

use annotate_snippets::{
    normalize_untrusted_str, AnnotationKind, Group, Level, Origin, Patch, Renderer, Snippet,
};
use iam_policy_check::lint::{self, Code, DefaultLevel};
use iam_policy_check::{Diagnostic, Loc, Severity};
use serde_json::{json, Value};

use crate::position::{fix_range, range, LineIndex};
use crate::source::Source;

/// Lines up to this length are given whole to the renderer, which cuts them to the terminal
/// itself and counts columns from the line's start.
const WHOLE_LINE_BYTES: usize = 1 << 16;
/// How much of a longer line is passed on each side of a finding.
const CONTEXT_BYTES: usize = 160;
/// How much of a long span is shown.
const MAX_SPAN_BYTES: usize = 4_000;

/// The findings of one file, located.
pub struct FileReport {
    pub source: Source,
    pub diagnostics: Vec<Diagnostic>,
    /// The policies inside a template or plan: where each is and its name there (none for a
    /// policy file).
    pub policies: Vec<(Loc, String)>,
}

impl FileReport {
    /// A report of a file that is one policy (or no document at all).
    pub fn new(source: Source, diagnostics: Vec<Diagnostic>) -> Self {
        FileReport {
            source,
            diagnostics,
            policies: Vec::new(),
        }
    }

    /// The name of the policy of a template or plan that holds `loc`.
    pub fn policy_at(&self, loc: Loc) -> Option<&str> {
        self.policies
            .iter()
            .rev()
            .find(|(span, _)| span.start <= loc.start && loc.start <= span.end)
            .map(|(_, name)| name.as_str())
    }
}

/// Advice to raise a limit names the command's flag (`--max-depth`) rather than the library's
/// field (`Limits::max_depth`).
pub fn name_flags(diagnostic: &mut Diagnostic) {
    let Some(help) = &diagnostic.help else {
        return;
    };
    if diagnostic.code != "LIMIT_EXCEEDED" {
        return;
    }
    let mut out = String::new();
    let mut rest = help.replace("`Limits::", "`");
    while let Some(start) = rest.find("`max_") {
        out.push_str(&rest[..start]);
        let field = &rest[start + 1..];
        let end = field.find('`').unwrap_or(field.len());
        out.push_str("`--");
        out.push_str(&field[..end].replace('_', "-"));
        rest = field[end..].to_string();
    }
    out.push_str(&rest);
    diagnostic.help = Some(out);
}

/// `error`, `security_warning`, `warning` or `suggestion`.
pub fn severity_word(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::SecurityWarning => "security_warning",
        Severity::Warning => "warning",
        Severity::Suggestion => "suggestion",
    }
}

fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        Severity::SecurityWarning => Level::WARNING.with_name("security warning"),
        Severity::Warning => Level::WARNING,
        Severity::Suggestion => Level::NOTE.with_name("suggestion"),
    }
}

/// A window of the source around `loc`: whole lines, cut around long spans and long lines.
/// Returns the window's text, its first line number, and `loc` inside it.
fn excerpt<'t>(
    text: &'t str,
    index: &LineIndex<'_>,
    loc: Loc,
) -> (&'t str, usize, std::ops::Range<usize>) {
    let (start, end) = range(text, loc);
    let end = floor(text, end.min(start + MAX_SPAN_BYTES));
    let (line_start, _) = index.line_range(start);
    let (_, line_end) = index.line_range(end);
    let (from, to) = if line_end - line_start <= WHOLE_LINE_BYTES {
        (line_start, line_end.max(end))
    } else {
        let from = floor(text, line_start.max(start.saturating_sub(CONTEXT_BYTES)));
        (
            from,
            floor(text, line_end.min(end + CONTEXT_BYTES)).max(end),
        )
    };
    let line = index.at(from).line;
    (&text[from..to], line, start - from..end - from)
}

fn floor(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The first element of a finding: its snippet, under the file's path with the line and column
/// of the finding in the whole file. The renderer counts columns from the start of the snippet,
/// which is not the start of the line when a long line was cut: then the origin is given
/// explicitly.
fn located<'a>(
    title: annotate_snippets::Title<'a>,
    snippet: Snippet<'a, annotate_snippets::Annotation<'a>>,
    path: &'a str,
    text: &str,
    index: &LineIndex<'_>,
    window: &str,
    span_start: usize,
) -> Group<'a> {
    let window_start = window.as_ptr() as usize - text.as_ptr() as usize;
    if index.line_range(window_start).0 == window_start {
        return title.element(snippet.path(path));
    }
    let at = index.at(window_start + span_start);
    title
        .element(Origin::path(path).line(at.line).char_column(at.column))
        .element(snippet)
}

/// Renders the findings of one file rustc-style.
pub fn human(report: &FileReport, renderer: &Renderer) -> String {
    let text = report.source.text.as_str();
    let index = LineIndex::new(text);
    let path = report.source.name.as_str();
    let mut out = String::new();
    for diagnostic in &report.diagnostics {
        let (window, line, span) = excerpt(text, &index, diagnostic.loc);
        let title = level(diagnostic.severity)
            .primary_title(normalize_untrusted_str(&diagnostic.message))
            .id(diagnostic.code.as_str());
        let snippet = Snippet::source(window)
            .line_start(line)
            .annotation(AnnotationKind::Primary.span(span.clone()));
        let mut group = located(title, snippet, path, text, &index, window, span.start);
        for (loc, label) in &diagnostic.related {
            let (window, line, span) = excerpt(text, &index, *loc);
            group = group.element(
                Snippet::source(window)
                    .line_start(line)
                    .path(path)
                    .annotation(AnnotationKind::Context.span(span).label(label.as_str())),
            );
        }
        if let Some(policy) = report.policy_at(diagnostic.loc) {
            group = group.element(Level::NOTE.message(format!("in the policy `{policy}`")));
        }
        let mut groups = vec![group];
        match (&diagnostic.fix, &diagnostic.help) {
            (Some(fix), help) => {
                let (start, end) = fix_range(text, fix);
                let (window, line, _) = excerpt(text, &index, fix.loc);
                let base = window.as_ptr() as usize - text.as_ptr() as usize;
                let title = help
                    .as_deref()
                    .map_or_else(|| "apply this fix".to_string(), normalize_untrusted_str);
                groups.push(
                    Level::HELP.secondary_title(title).element(
                        Snippet::source(window)
                            .line_start(line)
                            .path(path)
                            .patch(Patch::new(
                                start - base..end - base,
                                normalize_untrusted_str(&fix.replacement),
                            )),
                    ),
                );
            }
            (None, Some(help)) => {
                let last = groups
                    .pop()
                    .map(|g| g.element(Level::HELP.message(normalize_untrusted_str(help))));
                groups.extend(last);
            }
            (None, None) => {}
        }
        if let Some(note) = &diagnostic.note {
            let last = groups
                .pop()
                .map(|g| g.element(Level::NOTE.message(normalize_untrusted_str(note))));
            groups.extend(last);
        }
        out.push_str(&renderer.render(&groups));
        out.push_str("\n\n");
    }
    out
}

/// The counts of the summary line after the findings: `2 errors, 1 other finding in 3 files`.
#[derive(Debug, Default)]
pub struct Tally {
    errors: usize,
    others: usize,
    /// Files with policies.
    pub files: usize,
}

impl Tally {
    /// Counts the findings of one file.
    pub fn add(&mut self, report: &FileReport) {
        let errors = report.diagnostics.iter().filter(|d| d.is_error()).count();
        self.errors += errors;
        self.others += report.diagnostics.len() - errors;
        self.files += 1;
    }
}

impl std::fmt::Display for Tally {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let plural = |n: usize, word: &str| {
            if n == 1 {
                format!("{n} {word}")
            } else {
                format!("{n} {word}s")
            }
        };
        write!(
            f,
            "{}, {} in {}",
            plural(self.errors, "error"),
            plural(self.others, "other finding"),
            plural(self.files, "file")
        )
    }
}

/// GitHub Actions workflow commands, one a finding: annotations on the pull request's files.
pub fn github(report: &FileReport) -> String {
    let text = report.source.text.as_str();
    let index = LineIndex::new(text);
    let file = property(&report.source.name);
    let mut out = String::new();
    for d in &report.diagnostics {
        let (start, end) = range(text, d.loc);
        let [line, column, end_line, end_column] = region(&index, start, end);
        let command = match d.severity {
            Severity::Error => "error",
            Severity::SecurityWarning | Severity::Warning => "warning",
            Severity::Suggestion => "notice",
        };
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        // GitHub takes a column range on one line only.
        let columns = if end_line == line {
            format!(",col={column},endColumn={end_column}")
        } else {
            format!(",col={column}")
        };
        out.push_str(&format!(
            "::{command} file={file},line={line},endLine={end_line}{columns},title={}::{}\n",
            property(d.code.as_str()),
            data(&message)
        ));
    }
    out
}

/// A workflow command's message, escaped.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value, escaped.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

/// A range as 1-based start and end lines and columns (end exclusive).
fn region(index: &LineIndex<'_>, start: usize, end: usize) -> [usize; 4] {
    let from = index.at(start);
    let to = index.at(end);
    [from.line, from.column, to.line, to.column]
}

/// One JSON object a finding (JSON Lines).
pub fn json_lines(report: &FileReport) -> String {
    let text = report.source.text.as_str();
    let index = LineIndex::new(text);
    let mut out = String::new();
    for d in &report.diagnostics {
        let (start, end) = range(text, d.loc);
        let [line, column, end_line, end_column] = region(&index, start, end);
        let fix = d.fix.as_ref().map(|fix| {
            let (start, end) = fix_range(text, fix);
            let [line, column, end_line, end_column] = region(&index, start, end);
            json!({
                "line": line, "column": column, "end_line": end_line, "end_column": end_column,
                "replacement": fix.replacement,
            })
        });
        let object = json!({
            "file": report.source.name,
            "policy": report.policy_at(d.loc),
            "line": line,
            "column": column,
            "end_line": end_line,
            "end_column": end_column,
            "severity": severity_word(d.severity),
            "code": d.code.as_str(),
            "message": d.message,
            "help": d.help,
            "note": d.note,
            "fix": fix,
        });
        out.push_str(&object.to_string());
        out.push('\n');
    }
    out
}

/// One SARIF 2.1.0 log for all files; rule ids are the finding codes.
pub fn sarif(reports: &[FileReport]) -> String {
    let mut rules: Vec<Code> = Vec::new();
    let mut results = Vec::new();
    for report in reports {
        let text = report.source.text.as_str();
        let index = LineIndex::new(text);
        let uri = uri(&report.source.name);
        for d in &report.diagnostics {
            let rule_index = match rules.iter().position(|r| *r == d.code) {
                Some(i) => i,
                None => {
                    rules.push(d.code);
                    rules.len() - 1
                }
            };
            let (start, end) = range(text, d.loc);
            let mut message = d.message.clone();
            if let Some(help) = &d.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            if let Some(note) = &d.note {
                message.push_str("\nnote: ");
                message.push_str(note);
            }
            let mut result = json!({
                "ruleId": d.code.as_str(),
                "ruleIndex": rule_index,
                "level": match d.severity {
                    Severity::Error => "error",
                    Severity::SecurityWarning | Severity::Warning => "warning",
                    Severity::Suggestion => "note",
                },
                "message": {"text": message},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": uri},
                    "region": sarif_region(&index, start, end),
                }}],
            });
            if let Some(policy) = report.policy_at(d.loc) {
                result["locations"][0]["logicalLocations"] =
                    json!([{"fullyQualifiedName": policy, "kind": "object"}]);
            }
            if let Some(fix) = &d.fix {
                let (start, end) = fix_range(text, fix);
                result["fixes"] = json!([{
                    "description": {"text": d.help.clone().unwrap_or_else(|| format!("replace with `{}`", fix.replacement))},
                    "artifactChanges": [{
                        "artifactLocation": {"uri": uri},
                        "replacements": [{
                            "deletedRegion": sarif_region(&index, start, end),
                            "insertedContent": {"text": fix.replacement},
                        }],
                    }],
                }]);
            }
            results.push(result);
        }
    }
    let rules: Vec<Value> = rules.iter().map(|code| sarif_rule(*code)).collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "policy",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut out = serde_json::to_string_pretty(&log).unwrap_or_default();
    out.push('\n');
    out
}

/// GitHub's `security-severity` of the security group's findings (7.0 to 8.9 reads "high"):
/// each grants more than a policy should (any role passed, every action, all but some).
const SECURITY_SEVERITY: &str = "7.5";

/// A SARIF rule from the registry: its summary, group, default level and source.
fn sarif_rule(code: Code) -> Value {
    let lint = code.lint();
    let level = match lint.default {
        DefaultLevel::Hard | DefaultLevel::Deny => "error",
        DefaultLevel::Warn => "warning",
        DefaultLevel::Suggest => "note",
        DefaultLevel::Allow => "none",
    };
    let full = format!(
        "{}. Group: {}; default level: {}; source: {}.",
        lint.summary,
        lint.group,
        lint.default.name(),
        lint.reference
    );
    let help = if lint.default == DefaultLevel::Hard {
        format!("{full} A hard error: fix the policy. `policy explain {code}` tells more.")
    } else {
        format!(
            "{full} Set its level with `-A`/`-W`/`-D {code}` or `[lints]` in policy.toml; `policy explain {code}` tells more."
        )
    };
    // The group is the tag; the security group's tag is `security`, as code scanning expects.
    let mut properties = json!({"tags": [lint.group.name()]});
    if lint.group == lint::Group::Security {
        properties["security-severity"] = json!(SECURITY_SEVERITY);
    }
    json!({
        "id": code.as_str(),
        "name": rule_name(code.as_str()),
        "shortDescription": {"text": lint.summary},
        "fullDescription": {"text": full},
        "help": {"text": help},
        "helpUri": "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html",
        "defaultConfiguration": {"level": level},
        "properties": properties,
    })
}

fn sarif_region(index: &LineIndex<'_>, start: usize, end: usize) -> Value {
    let [line, column, end_line, end_column] = region(index, start, end);
    json!({"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column})
}

/// `INVALID_EFFECT` as `InvalidEffect` (SARIF rule names are PascalCase by convention).
fn rule_name(code: &str) -> String {
    code.split('_')
        .map(|word| {
            let mut chars = word.chars();
            match chars.next() {
                Some(first) => first
                    .to_uppercase()
                    .chain(chars.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        })
        .collect()
}

/// A file name as a URI (SARIF `artifactLocation.uri`): a relative reference, or a `file://`
/// URI for an absolute path.
fn uri(name: &str) -> String {
    let mut out = String::new();
    if name.starts_with('/') {
        out.push_str("file://");
    }
    for byte in name.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limit_advice_names_the_flags() {
        let mut d = Diagnostic::new(
            iam_policy_check::lint::LIMIT_EXCEEDED,
            Loc::new(0, 0),
            "too deep",
        )
        .with_help("raise `Limits::max_depth` if this is intended");
        name_flags(&mut d);
        assert_eq!(
            d.help.as_deref(),
            Some("raise `--max-depth` if this is intended")
        );
    }

    #[test]
    fn github_commands_escape_their_text() {
        assert_eq!(data("50%\nnext"), "50%25%0Anext");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
    }

    #[test]
    fn rule_names_are_pascal_case() {
        assert_eq!(rule_name("INVALID_EFFECT"), "InvalidEffect");
        assert_eq!(uri("dir/a b.json"), "dir/a%20b.json");
        assert_eq!(uri("/tmp/p.json"), "file:///tmp/p.json");
    }
}
