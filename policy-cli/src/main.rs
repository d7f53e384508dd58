//! `policy`: check AWS IAM JSON policy files and evaluate requests against them, with the
//! checker and the evaluator of the `policy` crate.
//!
//! ```text
//! policy check policies/*.json
//! policy eval --policy deny.json --policy allow.json --action cloudtrail:StopLogging --resource '*'
//! ```
//!
//! Exit status: 0 no error, 1 errors in a policy (or a bad request line), 2 usage or I/O
//! problems.

mod args;
mod chain;
mod eval;
mod position;
mod report;
mod requests;
mod source;
mod values;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use annotate_snippets::Renderer;
use policy_check::Diagnostic;

use crate::args::{Check, Color, Command, Format};
use crate::report::FileReport;
use crate::source::{Problem, Source};

/// How a run ended, worst last: the exit status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    /// No error: 0.
    Clean,
    /// Errors in a policy or a request: 1.
    Errors,
    /// Usage or I/O problems: 2.
    Usage,
}

/// Where reports go, and how they look.
pub struct Output {
    renderer: Renderer,
    /// `check` writes findings to standard output (they are its result); `eval` to standard
    /// error (its result is the decision).
    findings_to_stdout: bool,
}

impl Output {
    fn new(color: Color, findings_to_stdout: bool) -> Self {
        let terminal = if findings_to_stdout {
            std::io::stdout().is_terminal()
        } else {
            std::io::stderr().is_terminal()
        };
        let styled = match color {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => terminal && std::env::var_os("NO_COLOR").is_none(),
        };
        Output {
            renderer: if styled {
                Renderer::styled()
            } else {
                Renderer::plain()
            },
            findings_to_stdout,
        }
    }

    /// Writes the findings of one file, rustc-style.
    pub fn findings(&mut self, source: &Source, diagnostics: Vec<Diagnostic>) {
        let report = FileReport {
            source,
            diagnostics,
        };
        let text = report::human(&report, &self.renderer);
        if self.findings_to_stdout {
            self.stdout(&text);
        } else {
            let _ = std::io::stderr().lock().write_all(text.as_bytes());
        }
    }

    /// Writes a usage or I/O problem to standard error.
    pub fn problem(&mut self, message: &str) {
        let _ = writeln!(std::io::stderr().lock(), "error: {message}");
    }

    /// Writes a result to standard output.
    pub fn stdout(&mut self, text: &str) {
        let _ = std::io::stdout().lock().write_all(text.as_bytes());
    }
}

fn main() -> ExitCode {
    let command = match args::parse(std::env::args_os().skip(1)) {
        Ok(command) => command,
        Err(message) => {
            eprintln!("error: {message}\n\nRun `policy --help` for usage.");
            return ExitCode::from(2);
        }
    };
    let outcome = match command {
        Command::Help => {
            print!("{}", args::USAGE);
            Outcome::Clean
        }
        Command::Version => {
            println!("policy {}", env!("CARGO_PKG_VERSION"));
            Outcome::Clean
        }
        Command::Check(check_args) => check(&check_args),
        Command::Eval(eval_args) => {
            let mut out = Output::new(eval_args.color, false);
            eval::run(&eval_args, &mut out)
        }
    };
    ExitCode::from(outcome as u8)
}

/// Runs `policy check`.
fn check(check: &Check) -> Outcome {
    let mut out = Output::new(check.color, true);
    let mut outcome = Outcome::Clean;
    let mut checked: Vec<(Source, Vec<Diagnostic>)> = Vec::new();
    for path in &check.files {
        let (source, diagnostics) = match source::read(path, &check.options.limits) {
            Ok(source) => {
                let mut diagnostics =
                    policy_check::check_text(&source.text, &check.options).diagnostics;
                diagnostics.iter_mut().for_each(report::name_flags);
                (source, diagnostics)
            }
            Err(Problem::Finding(source, diagnostic)) => (source, vec![diagnostic]),
            Err(Problem::Io(message)) => {
                out.problem(&message);
                outcome = outcome.max(Outcome::Usage);
                continue;
            }
        };
        if diagnostics.iter().any(Diagnostic::is_error) {
            outcome = outcome.max(Outcome::Errors);
        }
        match check.format {
            // Human and JSON Lines output stream, file by file.
            Format::Human => out.findings(&source, diagnostics.clone()),
            Format::Json => out.stdout(&report::json_lines(&FileReport {
                source: &source,
                diagnostics: diagnostics.clone(),
            })),
            Format::Sarif => {}
        }
        checked.push((source, diagnostics));
    }
    let reports: Vec<FileReport<'_>> = checked
        .iter()
        .map(|(source, diagnostics)| FileReport {
            source,
            diagnostics: diagnostics.clone(),
        })
        .collect();
    match check.format {
        Format::Human if !reports.is_empty() => {
            out.stdout(&format!("{}\n", report::summary(&reports)))
        }
        Format::Human => {}
        Format::Json => {}
        Format::Sarif => out.stdout(&report::sarif(&reports)),
    }
    outcome
}
