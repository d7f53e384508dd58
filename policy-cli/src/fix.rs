//! `policy check --fix`: a policy file's machine-applicable fixes, applied in place, as
//! `cargo clippy --fix` does. A fix that overlaps another is ambiguous: neither is applied.

use iam_policy_check::Diagnostic;

use crate::position::{fix_range, range};

/// The text with the fixes applied, and how many were applied and left out.
pub struct Fixed {
    /// The new text.
    pub text: String,
    /// Fixes applied.
    pub applied: usize,
    /// Fixes left out because they overlap another.
    pub ambiguous: usize,
}

/// Applies the fixes of `diagnostics` to `text` (JSON): a replacement inside a string's quotes
/// is written with JSON's escapes.
pub fn apply(text: &str, diagnostics: &[Diagnostic]) -> Fixed {
    let mut edits: Vec<(usize, usize, String)> = diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .map(|fix| {
            let (start, end) = fix_range(text, fix);
            let inside_quotes = (start, end) != range(text, fix.loc);
            let replacement = if inside_quotes {
                let quoted = serde_json::to_string(&fix.replacement).unwrap_or_default();
                quoted[1..quoted.len().saturating_sub(1).max(1)].to_string()
            } else {
                fix.replacement.clone()
            };
            (start, end, replacement)
        })
        .collect();
    edits.sort_by_key(|&(start, end, _)| (start, end));
    edits.dedup();
    let overlaps = |i: usize| {
        let (start, end, _) = &edits[i];
        edits
            .iter()
            .enumerate()
            .any(|(j, (s, e, _))| j != i && s < end && start < e)
    };
    let keep: Vec<bool> = (0..edits.len()).map(|i| !overlaps(i)).collect();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let mut applied = 0;
    for ((start, end, replacement), keep) in edits.iter().zip(&keep) {
        if !keep {
            continue;
        }
        out.push_str(&text[at..*start]);
        out.push_str(replacement);
        at = *end;
        applied += 1;
    }
    out.push_str(&text[at..]);
    Fixed {
        text: out,
        applied,
        ambiguous: keep.iter().filter(|k| !**k).count(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use iam_policy_check::{check_text, Options};

    #[test]
    fn fixes_are_applied_with_json_escapes() {
        let text = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "allow", "Action": "cloudtrial:StopLogging", "Resource": "my-bucket"}]}"#;
        let checked = check_text(text, &Options::default());
        let fixed = apply(text, &checked.diagnostics);
        assert_eq!(fixed.applied, 3);
        assert_eq!(
            fixed.text,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "cloudtrail:StopLogging", "Resource": "arn:aws:s3:::my-bucket"}]}"#
        );
    }

    #[test]
    fn overlapping_fixes_are_left_out() {
        let text = r#"{"a": "xy"}"#;
        let at = |start, end, replacement: &str| {
            let mut d = Diagnostic::new(
                iam_policy_check::lint::INVALID_EFFECT,
                iam_policy_check::Loc::new(start, end),
                "",
            );
            d.fix = Some(iam_policy_check::Fix {
                loc: iam_policy_check::Loc::new(start, end),
                replacement: replacement.to_string(),
            });
            d
        };
        let fixed = apply(text, &[at(6, 10, "a\"b"), at(7, 9, "z")]);
        assert_eq!((fixed.applied, fixed.ambiguous), (0, 2));
        assert_eq!(fixed.text, text);
        let fixed = apply(text, &[at(6, 10, "a\"b")]);
        assert_eq!(fixed.text, r#"{"a": "a\"b"}"#);
    }
}
