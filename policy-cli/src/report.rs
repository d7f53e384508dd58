//! Findings as text: rustc-style (annotate-snippets), JSON Lines, SARIF 2.1.0.

use annotate_snippets::{normalize_untrusted_str, AnnotationKind, Level, Patch, Renderer, Snippet};
use policy_check::{Diagnostic, Loc, Severity};
use serde_json::{json, Value};

use crate::position::{fix_range, range, LineIndex};
use crate::source::Source;

/// How much of a long line is shown on each side of a finding.
const CONTEXT_BYTES: usize = 160;
/// How much of a long span is shown.
const MAX_SPAN_BYTES: usize = 4_000;

/// The findings of one file, located.
pub struct FileReport<'s> {
    pub source: &'s Source,
    pub diagnostics: Vec<Diagnostic>,
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
    let from = floor(text, line_start.max(start.saturating_sub(CONTEXT_BYTES)));
    let to = floor(text, line_end.min(end + CONTEXT_BYTES)).max(end);
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

/// Renders the findings of one file rustc-style.
pub fn human(report: &FileReport<'_>, renderer: &Renderer) -> String {
    let text = report.source.text.as_str();
    let index = LineIndex::new(text);
    let path = report.source.name.as_str();
    let mut out = String::new();
    for diagnostic in &report.diagnostics {
        let (window, line, span) = excerpt(text, &index, diagnostic.loc);
        let mut group = level(diagnostic.severity)
            .primary_title(normalize_untrusted_str(&diagnostic.message))
            .id(diagnostic.code)
            .element(
                Snippet::source(window)
                    .line_start(line)
                    .path(path)
                    .annotation(AnnotationKind::Primary.span(span)),
            );
        for (loc, label) in &diagnostic.related {
            let (window, line, span) = excerpt(text, &index, *loc);
            group = group.element(
                Snippet::source(window)
                    .line_start(line)
                    .path(path)
                    .annotation(AnnotationKind::Context.span(span).label(label.as_str())),
            );
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
        out.push_str(&renderer.render(&groups));
        out.push_str("\n\n");
    }
    out
}

/// The one-line summary after the findings: `2 errors, 1 warning in 3 files`.
pub fn summary(reports: &[FileReport<'_>]) -> String {
    let count = |wanted: fn(Severity) -> bool| {
        reports
            .iter()
            .flat_map(|r| &r.diagnostics)
            .filter(|d| wanted(d.severity))
            .count()
    };
    let errors = count(|s| s == Severity::Error);
    let warnings = count(|s| s != Severity::Error);
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    format!(
        "{}, {} in {}",
        plural(errors, "error"),
        plural(warnings, "other finding"),
        plural(reports.len(), "file")
    )
}

/// A range as 1-based start and end lines and columns (end exclusive).
fn region(index: &LineIndex<'_>, start: usize, end: usize) -> [usize; 4] {
    let from = index.at(start);
    let to = index.at(end);
    [from.line, from.column, to.line, to.column]
}

/// One JSON object a finding (JSON Lines).
pub fn json_lines(report: &FileReport<'_>) -> String {
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
            "line": line,
            "column": column,
            "end_line": end_line,
            "end_column": end_column,
            "severity": severity_word(d.severity),
            "code": d.code,
            "message": d.message,
            "help": d.help,
            "fix": fix,
        });
        out.push_str(&object.to_string());
        out.push('\n');
    }
    out
}

/// One SARIF 2.1.0 log for all files; rule ids are the finding codes.
pub fn sarif(reports: &[FileReport<'_>]) -> String {
    let mut rules: Vec<&'static str> = Vec::new();
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
            let mut result = json!({
                "ruleId": d.code,
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
    let rules: Vec<Value> = rules
        .iter()
        .map(|code| {
            json!({
                "id": code,
                "name": rule_name(code),
                "shortDescription": {"text": format!("IAM policy check {code}")},
                "helpUri": "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html",
            })
        })
        .collect();
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
        let mut d = Diagnostic::error("LIMIT_EXCEEDED", Loc::new(0, 0), "too deep")
            .with_help("raise `Limits::max_depth` if this is intended");
        name_flags(&mut d);
        assert_eq!(
            d.help.as_deref(),
            Some("raise `--max-depth` if this is intended")
        );
    }

    #[test]
    fn rule_names_are_pascal_case() {
        assert_eq!(rule_name("INVALID_EFFECT"), "InvalidEffect");
        assert_eq!(uri("dir/a b.json"), "dir/a%20b.json");
        assert_eq!(uri("/tmp/p.json"), "file:///tmp/p.json");
    }
}
