//! `policy`: check AWS IAM JSON policy files and evaluate requests against them, with the
//! checker and the evaluator of the `iam-policy` crate.
//!
//! ```text
//! policy check policies/*.json
//! policy eval --policy deny.json --policy allow.json --action cloudtrail:StopLogging --resource '*'
//! policy replay --cloudtrail logs/ --policy deny.json allow.json
//! policy generate --cloudtrail logs/ --principal arn:aws:iam::111122223333:user/dev
//! ```
//!
//! Exit status: 0 no failing finding, 1 failing findings (or a bad request line), 2 usage or
//! I/O problems; `policy eval --exit-code`: 3 implicit deny, 4 explicit deny.

mod analyze;
mod args;
mod chain;
mod check;
mod cloudformation;
mod cloudtrail;
mod config;
mod contents;
mod embedded;
mod eval;
mod explain;
mod fix;
mod inputs;
mod parallel;
mod position;
mod report;
mod requests;
mod source;
mod terraform;
mod unit;
mod values;
mod yaml;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use annotate_snippets::Renderer;

use crate::args::{Color, Command};
use crate::report::FileReport;

/// How a run ended: the exit status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// No error (and, with `policy eval --exit-code`, every request allowed): 0.
    Clean = 0,
    /// Errors in a policy or a request, or findings at or above `--fail-on`: 1.
    Errors = 1,
    /// Usage or I/O problems: 2.
    Usage = 2,
    /// `policy eval --exit-code`: a request implicitly denied: 3.
    ImplicitDeny = 3,
    /// `policy eval --exit-code`: a request explicitly denied: 4.
    ExplicitDeny = 4,
}

impl Outcome {
    /// The worse of two outcomes: usage problems, then errors, then denials.
    pub fn max(self, other: Outcome) -> Outcome {
        let rank = |o: Outcome| match o {
            Outcome::Clean => 0,
            Outcome::ImplicitDeny => 1,
            Outcome::ExplicitDeny => 2,
            Outcome::Errors => 3,
            Outcome::Usage => 4,
        };
        if rank(other) > rank(self) {
            other
        } else {
            self
        }
    }
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
    pub fn findings(&mut self, report: &FileReport) {
        let text = report::human(report, &self.renderer);
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

    /// Writes a note (a file skipped) to standard error.
    pub fn note(&mut self, message: &str) {
        let _ = writeln!(std::io::stderr().lock(), "note: {message}");
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
            let catalog = iam_policy_check::catalog::Catalog::get().info();
            println!("AWS service catalog: {catalog}");
            Outcome::Clean
        }
        Command::Check(check_args) => {
            let mut out = Output::new(check_args.color, true);
            check::run(&check_args, &mut out)
        }
        Command::Explain(request) => match explain::run(&request) {
            Ok(text) => {
                print!("{text}");
                Outcome::Clean
            }
            Err(message) => {
                eprintln!("error: {message}");
                Outcome::Usage
            }
        },
        Command::Eval(eval_args) => {
            let mut out = Output::new(eval_args.color, false);
            eval::run(&eval_args, &mut out)
        }
        Command::Analyze(analyze_args) => {
            analyze::run(&analyze_args, &mut Output::new(Color::Auto, false))
        }
        Command::Replay(replay_args) => {
            cloudtrail::replay(&replay_args, &mut Output::new(Color::Auto, false))
        }
        Command::Generate(generate_args) => {
            cloudtrail::generate(&generate_args, &mut Output::new(Color::Auto, false))
        }
    };
    ExitCode::from(outcome as u8)
}
