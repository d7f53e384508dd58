//! `policy check`: every policy of the files, folders and globs given. Files are checked on
//! every core; their reports are written in the order of the files.

use iam_policy_check::{Options, Severity};

use crate::args::{Check, FailOn, Format};
use crate::contents::{self, Contents};
use crate::inputs::{self, Input};
use crate::report::{self, FileReport};
use crate::source::{self, Problem};
use crate::{parallel, Outcome, Output};

/// What checking one file gave.
enum Checked {
    /// Its findings (none for a clean file), and what `--fix` changed in it.
    Findings(FileReport, Option<String>),
    /// It holds no policy: the note.
    Skipped(String),
    /// It could not be read.
    Problem(String),
}

/// Runs `policy check`.
pub fn run(check: &Check, out: &mut Output) -> Outcome {
    let inputs = match inputs::expand(&check.files, &check.ignore) {
        Ok((inputs, notes)) => {
            if !check.quiet {
                notes.iter().for_each(|note| out.note(note));
            }
            inputs
        }
        Err(message) => {
            out.problem(&message);
            return Outcome::Usage;
        }
    };
    let mut outcome = Outcome::Clean;
    let mut tally = report::Tally::default();
    // SARIF is one log for all files: its reports are kept until the end.
    let mut sarif = Vec::new();
    // Reports are written as they come, in the order of the files.
    let each = |input: &Input| check_input(input, check);
    parallel::for_each_ordered(&inputs, each, |result| match result {
        Checked::Findings(report, fixed) => {
            if let Some(note) = fixed.filter(|_| !check.quiet) {
                out.note(&note);
            }
            if report
                .diagnostics
                .iter()
                .any(|d| fails(d.severity, check.fail_on))
            {
                outcome = outcome.max(Outcome::Errors);
            }
            tally.add(&report);
            match check.format {
                Format::Human => out.findings(&report),
                Format::Json => out.stdout(&report::json_lines(&report)),
                Format::Github => out.stdout(&report::github(&report)),
                Format::Sarif => sarif.push(report),
            }
        }
        Checked::Skipped(note) => {
            if !check.quiet {
                out.note(&note);
            }
        }
        Checked::Problem(message) => {
            out.problem(&message);
            outcome = outcome.max(Outcome::Usage);
        }
    });
    match check.format {
        Format::Human if !check.quiet && tally.files > 0 => out.stdout(&format!("{tally}\n")),
        Format::Sarif => out.stdout(&report::sarif(&sarif)),
        _ => {}
    }
    outcome
}

/// Whether a finding of `severity` fails the run under `--fail-on`.
pub fn fails(severity: Severity, fail_on: FailOn) -> bool {
    match fail_on {
        FailOn::Error => severity == Severity::Error,
        FailOn::Security => matches!(severity, Severity::Error | Severity::SecurityWarning),
        FailOn::Warning => severity != Severity::Suggestion,
    }
}

/// Checks one input with the levels that apply to it.
fn check_input(input: &Input, check: &Check) -> Checked {
    let overrides: Vec<_> = check
        .overrides
        .iter()
        .filter(|o| o.matches(&input.path))
        .collect();
    if overrides.is_empty() {
        return check_file(input, &check.options, check.fix, check.infer_kind);
    }
    // `policy.toml`'s overrides for this file, then the flags again: they win.
    let mut options = check.options.clone();
    for o in overrides {
        options.levels.extend(&o.levels);
    }
    options.levels.extend(&check.flag_levels);
    check_file(input, &options, check.fix, check.infer_kind)
}

/// Reads and checks one file; a policy file's kind is read from the file when `infer_kind`.
fn check_file(input: &Input, options: &Options, fix: bool, infer_kind: bool) -> Checked {
    let mut source = match source::read(&input.path, &options.limits) {
        Ok(source) => source,
        Err(Problem::Finding(source, diagnostic)) => {
            return Checked::Findings(FileReport::new(source, vec![diagnostic]), None)
        }
        Err(Problem::Io(message)) => return Checked::Problem(message),
    };
    let mut policies = Vec::new();
    let mut fixed = None;
    let contents = contents::classify(&source.name, &source.text, input.named, &options.limits);
    let inferred;
    let options = match &contents {
        Contents::Policy(Some(tokens)) if infer_kind => {
            inferred = options.clone().with_kind(contents::infer_kind(tokens));
            &inferred
        }
        _ => options,
    };
    let mut diagnostics = match contents {
        Contents::Policy(_) if fix => match fix_in_place(input, &mut source, options) {
            Ok((diagnostics, note)) => {
                fixed = note;
                diagnostics
            }
            Err(message) => return Checked::Problem(message),
        },
        Contents::Policy(None) => {
            with_lints(iam_policy_check::check_text(&source.text, options), options)
        }
        Contents::Policy(Some(tokens)) => {
            let end = source.text.len() as u32;
            let end = iam_policy_check::Loc::new(end, end);
            with_lints(
                iam_policy_check::check_tokens(&tokens, end, options),
                options,
            )
        }
        Contents::Units {
            what,
            units,
            mut findings,
        } => {
            if units.is_empty() && findings.is_empty() && !input.named {
                return Checked::Skipped(format!(
                    "skipped `{}`: a {what} without policies",
                    source.name
                ));
            }
            // A large template holds thousands of policies: they are checked on every core.
            let checked = parallel::map(&units, |unit| {
                let unit_options = options
                    .clone()
                    .with_kind(unit.kind)
                    .with_quota(unit.quota)
                    .with_placeholders(true);
                iam_policy_check::check_tokens(&unit.tokens, unit.end, &unit_options).diagnostics
            });
            findings.extend(checked.into_iter().flatten());
            findings.sort_by_key(|d| d.loc.start);
            policies = units.into_iter().map(|u| (u.span(), u.name)).collect();
            findings
        }
        Contents::Nothing(why) => {
            return Checked::Skipped(format!("skipped `{}`: {why}", source.name))
        }
    };
    diagnostics.iter_mut().for_each(report::name_flags);
    Checked::Findings(
        FileReport {
            source,
            diagnostics,
            policies,
        },
        fixed,
    )
}

/// The findings of a checked policy with the analysis's redundancy findings added (when the
/// levels show any of them).
fn with_lints(
    mut checked: iam_policy_check::Checked,
    options: &Options,
) -> Vec<iam_policy_check::Diagnostic> {
    let codes =
        iam_policy_analyze::lints::wanted(&options.levels, iam_policy_check::lint::Level::Suggest);
    iam_policy_analyze::add_lints(&mut checked, options, &codes);
    checked.diagnostics
}

/// Applies the fixes of a policy file until none is left (a fix may reveal another, at most
/// a few rounds), writes the file when it changed, and returns the findings of the fixed text
/// with a note saying what was done.
fn fix_in_place(
    input: &Input,
    source: &mut source::Source,
    options: &Options,
) -> Result<(Vec<iam_policy_check::Diagnostic>, Option<String>), String> {
    let (mut applied, mut ambiguous) = (0, 0);
    let mut diagnostics = with_lints(iam_policy_check::check_text(&source.text, options), options);
    if input.path.as_os_str() == "-" {
        let note = "`--fix` writes files: standard input is checked, not fixed";
        return Ok((diagnostics, Some(note.to_string())));
    }
    for _ in 0..4 {
        let fixed = crate::fix::apply(&source.text, &diagnostics);
        ambiguous = fixed.ambiguous;
        if fixed.applied == 0 {
            break;
        }
        applied += fixed.applied;
        source.text = fixed.text;
        diagnostics = with_lints(iam_policy_check::check_text(&source.text, options), options);
    }
    if applied > 0 {
        std::fs::write(&input.path, &source.text)
            .map_err(|e| format!("cannot write `{}`: {e}", source.name))?;
    }
    let note = match (applied, ambiguous) {
        (0, 0) => None,
        (applied, 0) => Some(format!("fixed {applied} finding(s) in `{}`", source.name)),
        (applied, ambiguous) => Some(format!(
            "fixed {applied} finding(s) in `{}`; {ambiguous} fix(es) overlap another and were not applied",
            source.name
        )),
    };
    Ok((diagnostics, note))
}
