//! The command line: what to do, parsed with `lexopt`.

use std::ffi::OsString;
use std::path::PathBuf;

use iam_policy_check::levels::LintLevels;
use iam_policy_check::lint::Level;
use iam_policy_check::{Options, PolicyKind};
use lexopt::prelude::*;
use lexopt::Arg;

use crate::config::Config;

/// The usage text of `policy --help`.
pub const USAGE: &str = "\
policy: check AWS IAM JSON policies and evaluate requests against them

Usage:
  policy check [OPTIONS] PATH...
  policy eval [OPTIONS] --policy FILE... --action ACTION --resource RESOURCE
              [--principal PRINCIPAL] [--context KEY=VALUE]... [--explain]
  policy eval [OPTIONS] --policy FILE... --requests FILE.jsonl [--explain]
  policy explain CODE|GROUP|--list
  policy analyze CHECK ...    exact access analysis (`policy analyze --help`)
  policy replay [OPTIONS] --cloudtrail PATH... --policy FILE... [LAYERS]
  policy generate [OPTIONS] --cloudtrail PATH... [--principal ARN] [--format json|rust]

check: reports every finding of each PATH: a file, a folder (walked for .json, .yaml, .yml,
  .template and .tf.json files, skipping what .gitignore and .policyignore exclude), a quoted
  glob, or `-` (standard input). A file is a policy, a CloudFormation template, a Terraform
  plan or configuration in JSON; other files are skipped with a note.
  --format human|json|sarif|github
                              human (default): rustc-style; json: one object a line;
                              sarif: SARIF 2.1.0; github: GitHub Actions annotations
  --fail-on error|security|warning
                              which findings make the exit status 1 (default: error)
  -q, --quiet                 no notes about skipped files, no summary
  --fix                       apply the machine-applicable fixes to policy files in place (as
                              `cargo clippy --fix`); a fix that overlaps another is not applied
  --color auto|always|never   colors in human output (auto: only on a terminal)

eval: decides a request against the policies, as IAM does for one identity.
  --policy FILE               a policy document (repeat for each policy of the identity)
  --action ACTION             `service:Name`
  --resource RESOURCE         an ARN, or `*`
  --principal PRINCIPAL       an ARN, `AWS:…`, `Service:…`, `Federated:…`, `CanonicalUser:…` or `anonymous`
  --context KEY=VALUE         a condition key (repeat a key for several values); each operator
                              reads VALUE as what it compares (a number, a date, an address…)
  --requests FILE.jsonl       one request a line ({\"action\", \"resource\", \"principal\"?, \"context\"?});
                              prints one decision a line (`-` reads standard input)
  --explain                   show every statement of every policy and why it applies or not
  --format human|json         json: one object a decision (policy, statement, Sid, explanation)

eval LAYERS: every policy on the request's path, decided in AWS's order (explicit deny anywhere,
RCPs, SCPs, endpoint, resource-based policy, identity policies, boundary, session policies);
with a layer, the first line names the deciding layer and `--requests` lines may carry
\"resource_account\" (`--format` and `--exit-code` apply to identity policies alone).
  --boundary FILE             the principal's permissions boundary
  --session-policy FILE       a session policy (repeat: together they bound the session)
  --scp FILE[,FILE…]          the SCPs of one organization level (repeat per level, root first)
  --rcp FILE[,FILE…]          the RCPs of one level (repeat per level, root first), added to
                              RCPFullAWSAccess, which AWS attaches to every level
  --resource-policy-file FILE the resource-based policy (bucket, key, trust policy…)
  --endpoint-policy FILE      the policy of the VPC endpoint the request goes through
  --principal-kind KIND       user, role-session, federated, service-linked-role, service, root
                              or anonymous, when the principal's ARN does not say it
  --resource-account ID       the resource's account (S3 ARNs carry none)
  --exit-code                 exit 3 when a request is implicitly denied, 4 when explicitly denied

replay: decides each call CloudTrail recorded against the policies (and the LAYERS of eval) and
compares with what happened: `would-break` (it succeeded, it would now be denied),
`would-allow` (it was denied, it would now be allowed), `unchanged`; then a summary per action
and the records that name no request (counted by reason, never guessed). Exit 1 when a call
would break.
  --cloudtrail PATH...        CloudTrail log files (`.json.gz` or plain), folders of them, JSON
                              lines, `lookup-events` output or Lake results; `-` reads standard input
  --policy FILE...            the identity policies
  --format human|json         json: one object a record (eventID, action, resource, recorded,
                              decision, change)

generate: the least-privilege identity policy for the calls that succeeded: actions grouped by
service, the resources the records name (`*` only for actions that take none, said in the
statement's Sid), checked by the checker; exit 1 when it has a finding.
  --cloudtrail PATH...        as for replay
  --principal ARN             only this principal's calls (a role's ARN: its sessions')
  --format json|rust          json (default): the policy; rust: a `policy!` literal

explain: prints a finding code's entry (level, group, source), a group's codes, or every code.

Common options:
  -A, -W, -D NAME             allow, warn about or deny a finding code or group (`security`,
  (--allow, --warn, --deny)     `quota`…); a later setting wins, and flags win over policy.toml;
                                `-D warnings` makes every warning fail the run
  --config FILE               read FILE instead of the nearest policy.toml (from the current
                              folder upward: fail-on, catalog, ignore, [lints]); --no-config
                              reads none
  --kind identity|resource|trust|scp|rcp|boundary|session
                              the kind of the policies: identity, resource-based (with
                              `Principal`), a role's trust policy, a service or resource
                              control policy, a permissions boundary or a session policy;
                              without it `check` reads the kind from each file: resource-based
                              with `Principal` (trust when it grants only `sts:` actions on no
                              `Resource`), identity otherwise
  --resource-policy           the same as `--kind resource`
  --trust-policy              the same as `--kind trust`
  --catalog FILE              the application's own services (the format of `policy-catalog.json`),
                              checked besides AWS's
  --max-document-bytes N      hard limits, errors when exceeded (defaults: 10485760 bytes,
  --max-depth N                 depth 32, 1048576 bytes a string, 100000 values an array or
  --max-string-bytes N          object, 2000000 JSON tokens, 100000 statements)
  --max-values N
  --max-tokens N
  --max-statements N
  -h, --help                  this text
  -V, --version               the version

Exit status: 0 no failing finding; 1 failing findings (errors, or as --fail-on says) or a bad
request line; 2 usage or I/O problems; with eval --exit-code, 3 implicit and 4 explicit deny.
";

/// How findings are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// rustc-style, with the source line and a caret.
    Human,
    /// One JSON object a finding, one a line.
    Json,
    /// One SARIF 2.1.0 log.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
}

/// Which findings make `policy check` exit 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailOn {
    /// Errors (the default).
    Error,
    /// Errors and security warnings.
    Security,
    /// Errors and every warning.
    Warning,
}

impl FailOn {
    fn parse(text: &str) -> Result<FailOn, String> {
        match text {
            "error" => Ok(FailOn::Error),
            "security" => Ok(FailOn::Security),
            "warning" => Ok(FailOn::Warning),
            other => Err(format!(
                "invalid value `{other}` for `fail-on`: expected error, security or warning"
            )),
        }
    }
}

/// Whether human output is colored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Color {
    /// When standard output is a terminal.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// `policy check`.
#[derive(Debug)]
pub struct Check {
    pub files: Vec<PathBuf>,
    pub format: Format,
    pub color: Color,
    pub options: Options,
    /// No notes about skipped files, no summary.
    pub quiet: bool,
    /// Apply the machine-applicable fixes to policy files in place.
    pub fix: bool,
    pub fail_on: FailOn,
    /// Globs of files that folder walks skip (`policy.toml`).
    pub ignore: Vec<String>,
    /// Levels for some files (`[[overrides]]` of `policy.toml`).
    pub overrides: Vec<crate::config::Override>,
    /// The levels of the flags, which win over the overrides too.
    pub flag_levels: LintLevels,
    /// No `--kind`: each policy file's kind is read from the file (`contents::infer_kind`).
    pub infer_kind: bool,
}

/// The request of `policy eval` given by flags.
#[derive(Debug, Default)]
pub struct Single {
    pub action: String,
    pub resource: String,
    pub principal: Option<String>,
    pub context: Vec<(String, String)>,
}

/// How `policy eval` writes its decisions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EvalFormat {
    /// The decision (a word a line for `--requests`), the explanation as text.
    Human,
    /// One JSON object a decision.
    Json,
}

/// Where `policy eval` gets its requests.
#[derive(Debug)]
pub enum Requests {
    /// One request, from flags.
    Single(Single),
    /// A JSON Lines file of requests.
    Batch(PathBuf),
}

/// `policy eval`.
#[derive(Debug)]
pub struct Eval {
    pub policies: Vec<PathBuf>,
    /// The layers beside the identity policies (boundary, SCPs, resource policy, …).
    pub layers: Box<crate::chain::Layers>,
    pub requests: Requests,
    pub format: EvalFormat,
    /// Every statement and why it applies or not, for each request.
    pub explain: bool,
    /// The exit status tells the decision (`--exit-code`).
    pub exit_code: bool,
    pub color: Color,
    pub options: Options,
}

/// What the command line asks for.
#[derive(Debug)]
pub enum Command {
    Check(Check),
    Eval(Eval),
    Explain(crate::explain::Explain),
    Analyze(crate::analyze::Analyze),
    Replay(crate::cloudtrail::Replay),
    Generate(crate::cloudtrail::Generate),
    Help,
    Version,
}

/// Parses the arguments after the program name.
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Command, String> {
    let mut parser = lexopt::Parser::from_args(args);
    let subcommand =
        match parser.next().map_err(|e| e.to_string())? {
            Some(Long("help") | Short('h')) => return Ok(Command::Help),
            Some(Long("version") | Short('V')) => return Ok(Command::Version),
            Some(Value(word)) => word.into_string().unwrap_or_default(),
            Some(other) => return Err(other.unexpected().to_string()),
            None => return Err(
                "missing command: `check`, `eval`, `explain`, `analyze`, `replay` or `generate`"
                    .into(),
            ),
        };
    match subcommand.as_str() {
        "check" => check(&mut parser).map_err(|e| e.to_string()),
        "eval" => eval(&mut parser).map_err(|e| e.to_string()),
        "explain" => explain(&mut parser).map_err(|e| e.to_string()),
        "analyze" => crate::analyze::parse(&mut parser)
            .map(Command::Analyze)
            .map_err(|e| e.to_string()),
        "replay" => replay(&mut parser).map_err(|e| e.to_string()),
        "generate" => generate(&mut parser).map_err(|e| e.to_string()),
        other => Err(format!(
            "unknown command `{other}`: expected `check`, `eval`, `explain`, `analyze`, `replay` or `generate`"
        )),
    }
}

/// An argument, owned (lexopt's borrows the parser).
enum Opt {
    Short(char),
    Long(String),
    Value(OsString),
}

impl From<Arg<'_>> for Opt {
    fn from(arg: Arg<'_>) -> Opt {
        match arg {
            Short(c) => Opt::Short(c),
            Long(flag) => Opt::Long(flag.to_string()),
            Value(value) => Opt::Value(value),
        }
    }
}

/// What both commands read: checker options, colors, lint levels and the configuration file.
struct Shared {
    options: Options,
    color: Color,
    /// `-A`/`-W`/`-D` in order; they win over `policy.toml`.
    levels: LintLevels,
    /// `-D warnings`: every warning fails the run.
    deny_warnings: bool,
    config_file: Option<PathBuf>,
    no_config: bool,
    /// `--kind`, `--resource-policy` or `--trust-policy` was given.
    kind_given: bool,
}

impl Shared {
    fn new() -> Self {
        Shared {
            options: Options::default(),
            color: Color::Auto,
            levels: LintLevels::default(),
            deny_warnings: false,
            config_file: None,
            no_config: false,
            kind_given: false,
        }
    }

    /// Reads `arg` if it is shared; returns whether it was.
    fn read(&mut self, arg: &Opt, parser: &mut lexopt::Parser) -> Result<bool, lexopt::Error> {
        let level = match arg {
            Opt::Short('A') => Some(Level::Allow),
            Opt::Short('W') => Some(Level::Warn),
            Opt::Short('D') => Some(Level::Deny),
            Opt::Long(flag) => match flag.as_str() {
                "allow" => Some(Level::Allow),
                "warn" => Some(Level::Warn),
                "deny" => Some(Level::Deny),
                _ => None,
            },
            _ => None,
        };
        if let Some(level) = level {
            let name = parser.value()?.string()?;
            if name == "warnings" && level == Level::Deny {
                self.deny_warnings = true;
                return Ok(true);
            }
            if let Err(error) = self.levels.set(&name, level) {
                let mut message =
                    format!("`-{} {name}`: {error}", &level.name()[..1].to_uppercase());
                if let Some(help) = error.help() {
                    message.push_str("\nhelp: ");
                    message.push_str(&help);
                }
                return Err(message.into());
            }
            return Ok(true);
        }
        let Opt::Long(flag) = arg else {
            return Ok(false);
        };
        let options = &mut self.options;
        match flag.as_str() {
            "resource-policy" => {
                options.kind = PolicyKind::Resource;
                self.kind_given = true;
            }
            "trust-policy" => {
                options.kind = PolicyKind::Trust;
                self.kind_given = true;
            }
            "kind" => {
                let name = parser.value()?.string()?;
                options.kind = PolicyKind::parse(&name).ok_or_else(|| {
                    format!("invalid value `{name}` for `--kind`: expected identity, resource, trust, scp, rcp, boundary or session")
                })?;
                self.kind_given = true;
            }
            "max-document-bytes" => options.limits.max_document_bytes = number(parser)?,
            "max-depth" => options.limits.max_depth = number(parser)?,
            "max-string-bytes" => options.limits.max_string_bytes = number(parser)?,
            "max-values" => options.limits.max_values = number(parser)?,
            "max-tokens" => options.limits.max_tokens = number(parser)?,
            "max-statements" => options.limits.max_statements = number(parser)?,
            "catalog" => options.catalog = Some(catalog(parser)?),
            "config" => self.config_file = Some(PathBuf::from(parser.value()?)),
            "no-config" => self.no_config = true,
            "color" => {
                self.color = match parser.value()?.string()?.as_str() {
                    "auto" => Color::Auto,
                    "always" => Color::Always,
                    "never" => Color::Never,
                    other => {
                        return Err(format!(
                            "invalid value `{other}` for `--color`: expected auto, always or never"
                        )
                        .into())
                    }
                }
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// Applies the configuration file under the flags: its catalog unless `--catalog`, its
    /// lint levels before `-A`/`-W`/`-D`. Returns the file's settings.
    fn configure(&mut self) -> Result<Config, String> {
        let config = configuration(self.config_file.take(), self.no_config)?.unwrap_or_default();
        if self.options.catalog.is_none() {
            if let Some(path) = &config.catalog {
                self.options.catalog = Some(load_catalog(path)?);
            }
        }
        self.options.levels = config.levels.clone();
        self.options.levels.extend(&self.levels);
        Ok(config)
    }
}

/// `--catalog FILE`: the application's own services, as in `policy-catalog.json`.
fn catalog(
    parser: &mut lexopt::Parser,
) -> Result<iam_policy_check::catalog::CustomCatalog, lexopt::Error> {
    let path = PathBuf::from(parser.value()?);
    Ok(load_catalog(&path)?)
}

/// Reads a catalog file (`--catalog`, `catalog` of `policy.toml`).
fn load_catalog(
    path: &std::path::Path,
) -> Result<iam_policy_check::catalog::CustomCatalog, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    let catalog = iam_policy_check::catalog::Catalog::from_json(&text)
        .map_err(|e| format!("{}:{e}", path.display()))?;
    Ok(iam_policy_check::catalog::CustomCatalog::new(catalog))
}

/// The configuration file: `--config FILE`, else the nearest `policy.toml` from the current
/// folder upward, unless `--no-config`.
fn configuration(explicit: Option<PathBuf>, disabled: bool) -> Result<Option<Config>, String> {
    match (explicit, disabled) {
        (Some(path), _) => crate::config::read(&path).map(Some),
        (None, true) => Ok(None),
        (None, false) => {
            let here = std::env::current_dir().map_err(|e| format!("no current folder: {e}"))?;
            crate::config::find(&here)
        }
    }
}

/// The next long flag of a command that takes no positional argument, once the shared options
/// (and the layer flags, where the command has them) have taken theirs; `-h` reads as `help`.
/// `None` after the last argument.
fn next_flag(
    parser: &mut lexopt::Parser,
    shared: &mut Shared,
    mut layers: Option<&mut crate::chain::Layers>,
) -> Result<Option<String>, lexopt::Error> {
    while let Some(arg) = parser.next()? {
        let arg = Opt::from(arg);
        if shared.read(&arg, parser)? {
            continue;
        }
        if let (Opt::Long(flag), Some(layers)) = (&arg, layers.as_deref_mut()) {
            if layers.flag(flag, parser)? {
                continue;
            }
        }
        return match arg {
            Opt::Short('h') => Ok(Some("help".to_string())),
            Opt::Long(flag) => Ok(Some(flag)),
            Opt::Short(c) => Err(format!("invalid option `-{c}`").into()),
            Opt::Value(value) => {
                Err(format!("unexpected argument {:?}", value.to_string_lossy()).into())
            }
        };
    }
    Ok(None)
}

fn unknown(flag: &str) -> lexopt::Error {
    format!("invalid option `--{flag}`").into()
}

fn number(parser: &mut lexopt::Parser) -> Result<usize, lexopt::Error> {
    let value = parser.value()?;
    value.parse::<usize>()
}

fn check(parser: &mut lexopt::Parser) -> Result<Command, lexopt::Error> {
    let mut files = Vec::new();
    let mut format = Format::Human;
    let mut shared = Shared::new();
    let mut quiet = false;
    let mut fix = false;
    let mut fail_on = None;
    while let Some(arg) = parser.next()? {
        let arg = Opt::from(arg);
        if shared.read(&arg, parser)? {
            continue;
        }
        let flag = match arg {
            Opt::Value(file) => {
                files.push(PathBuf::from(file));
                continue;
            }
            Opt::Short('h') => return Ok(Command::Help),
            Opt::Short('q') => {
                quiet = true;
                continue;
            }
            Opt::Long(flag) => flag,
            Opt::Short(c) => return Err(format!("invalid option `-{c}`").into()),
        };
        match flag.as_str() {
            "help" => return Ok(Command::Help),
            "format" => {
                format = match parser.value()?.string()?.as_str() {
                    "human" => Format::Human,
                    "json" => Format::Json,
                    "sarif" => Format::Sarif,
                    "github" => Format::Github,
                    other => {
                        return Err(format!(
                    "invalid value `{other}` for `--format`: expected human, json, sarif or github"
                )
                        .into())
                    }
                }
            }
            "quiet" => quiet = true,
            "fix" => fix = true,
            "fail-on" => fail_on = Some(FailOn::parse(&parser.value()?.string()?)?),
            _ => return Err(unknown(&flag)),
        }
    }
    if files.is_empty() {
        return Err(
            "`policy check` needs at least one FILE, folder or glob (`-` reads standard input)"
                .into(),
        );
    }
    let config = shared.configure()?;
    let fail_on = match (fail_on, &config.fail_on) {
        (Some(fail_on), _) => fail_on,
        _ if shared.deny_warnings => FailOn::Warning,
        (None, Some(text)) => {
            FailOn::parse(text).map_err(|e| format!("{}: {e}", config.path.display()))?
        }
        (None, None) => FailOn::Error,
    };
    Ok(Command::Check(Check {
        files,
        format,
        color: shared.color,
        options: shared.options,
        quiet,
        fix,
        fail_on,
        ignore: config.ignore,
        overrides: config.file_levels,
        flag_levels: shared.levels,
        infer_kind: !shared.kind_given,
    }))
}

fn eval(parser: &mut lexopt::Parser) -> Result<Command, lexopt::Error> {
    let mut policies = Vec::new();
    let mut single = Single::default();
    let mut action = None;
    let mut resource = None;
    let mut requests = None;
    let mut format = EvalFormat::Human;
    let mut explain = false;
    let mut exit_code = false;
    let mut shared = Shared::new();
    let mut layers = Box::<crate::chain::Layers>::default();
    while let Some(flag) = next_flag(parser, &mut shared, Some(&mut layers))? {
        match flag.as_str() {
            "help" => return Ok(Command::Help),
            "policy" => policies.push(PathBuf::from(parser.value()?)),
            "action" => action = Some(parser.value()?.string()?),
            "resource" => resource = Some(parser.value()?.string()?),
            "principal" => single.principal = Some(parser.value()?.string()?),
            "context" => {
                let pair = parser.value()?.string()?;
                let Some((key, value)) = pair.split_once('=') else {
                    return Err(format!("`--context {pair}`: expected KEY=VALUE").into());
                };
                single.context.push((key.to_string(), value.to_string()));
            }
            "explain" => explain = true,
            "exit-code" => exit_code = true,
            "format" => {
                format = match parser.value()?.string()?.as_str() {
                    "human" => EvalFormat::Human,
                    "json" => EvalFormat::Json,
                    other => {
                        return Err(format!(
                            "invalid value `{other}` for `--format`: expected human or json"
                        )
                        .into())
                    }
                }
            }
            "requests" => requests = Some(PathBuf::from(parser.value()?)),
            _ => return Err(unknown(&flag)),
        }
    }
    if policies.is_empty() {
        return Err("`policy eval` needs at least one `--policy FILE`".into());
    }
    let requests = match (requests, action, resource) {
        (Some(file), None, None) if single.principal.is_none() && single.context.is_empty() => {
            Requests::Batch(file)
        }
        (Some(_), _, _) => {
            return Err(
                "`--requests` reads every request from its file: drop `--action`, `--resource`, `--principal` and `--context`"
                    .into(),
            )
        }
        (None, Some(action), Some(resource)) => {
            single.action = action;
            single.resource = resource;
            Requests::Single(single)
        }
        (None, None, _) => return Err("`policy eval` needs `--action` (or `--requests`)".into()),
        (None, _, None) => return Err("`policy eval` needs `--resource` (or `--requests`)".into()),
    };
    shared.configure()?;
    Ok(Command::Eval(Eval {
        policies,
        layers,
        requests,
        format,
        explain,
        exit_code,
        color: shared.color,
        options: shared.options,
    }))
}

/// The values of a flag that takes several (`--cloudtrail A B`), at least one.
fn paths(parser: &mut lexopt::Parser, flag: &str) -> Result<Vec<PathBuf>, lexopt::Error> {
    let found: Vec<PathBuf> = parser.values()?.map(PathBuf::from).collect();
    if found.is_empty() {
        return Err(format!("`--{flag}` needs a value").into());
    }
    Ok(found)
}

/// `--format` of replay and generate, among `allowed`.
fn cloudtrail_format(
    parser: &mut lexopt::Parser,
    allowed: &[&str],
) -> Result<crate::cloudtrail::Format, lexopt::Error> {
    use crate::cloudtrail::Format;
    let name = parser.value()?.string()?;
    let format = match name.as_str() {
        "human" => Format::Human,
        "json" => Format::Json,
        "rust" => Format::Rust,
        _ => Format::Human,
    };
    if !allowed.contains(&name.as_str()) {
        return Err(format!(
            "invalid value `{name}` for `--format`: expected {}",
            allowed.join(" or ")
        )
        .into());
    }
    Ok(format)
}

fn replay(parser: &mut lexopt::Parser) -> Result<Command, lexopt::Error> {
    let mut cloudtrail = Vec::new();
    let mut policies = Vec::new();
    let mut format = crate::cloudtrail::Format::Human;
    let mut shared = Shared::new();
    let mut layers = Box::<crate::chain::Layers>::default();
    while let Some(flag) = next_flag(parser, &mut shared, Some(&mut layers))? {
        match flag.as_str() {
            "help" => return Ok(Command::Help),
            "cloudtrail" => cloudtrail.extend(paths(parser, &flag)?),
            "policy" => policies.extend(paths(parser, &flag)?),
            "format" => format = cloudtrail_format(parser, &["human", "json"])?,
            _ => return Err(unknown(&flag)),
        }
    }
    if cloudtrail.is_empty() {
        return Err("`policy replay` needs `--cloudtrail PATH`".into());
    }
    if policies.is_empty() {
        return Err("`policy replay` needs at least one `--policy FILE`".into());
    }
    shared.configure()?;
    Ok(Command::Replay(crate::cloudtrail::Replay {
        cloudtrail,
        policies,
        layers,
        format,
        options: shared.options,
    }))
}

fn generate(parser: &mut lexopt::Parser) -> Result<Command, lexopt::Error> {
    let mut cloudtrail = Vec::new();
    let mut principal = None;
    let mut format = crate::cloudtrail::Format::Json;
    let mut shared = Shared::new();
    while let Some(flag) = next_flag(parser, &mut shared, None)? {
        match flag.as_str() {
            "help" => return Ok(Command::Help),
            "cloudtrail" => cloudtrail.extend(paths(parser, &flag)?),
            "principal" => principal = Some(parser.value()?.string()?),
            "format" => format = cloudtrail_format(parser, &["json", "rust"])?,
            _ => return Err(unknown(&flag)),
        }
    }
    if cloudtrail.is_empty() {
        return Err("`policy generate` needs `--cloudtrail PATH`".into());
    }
    shared.configure()?;
    Ok(Command::Generate(crate::cloudtrail::Generate {
        cloudtrail,
        principal,
        format,
        options: shared.options,
    }))
}

/// `policy explain CODE|GROUP` or `policy explain --list`.
fn explain(parser: &mut lexopt::Parser) -> Result<Command, lexopt::Error> {
    let mut request = None;
    while let Some(arg) = parser.next()? {
        request = Some(match arg {
            Short('h') | Long("help") => return Ok(Command::Help),
            Long("list") => crate::explain::Explain::List,
            Value(name) if request.is_none() => crate::explain::Explain::Name(name.string()?),
            other => return Err(other.unexpected()),
        });
    }
    request
        .map(Command::Explain)
        .ok_or_else(|| "`policy explain` needs a CODE, a group or `--list`".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> Vec<OsString> {
        line.split_whitespace().map(OsString::from).collect()
    }

    #[test]
    fn check_reads_files_format_and_limits() {
        let Ok(Command::Check(check)) = parse(args(
            "check a.json - --format sarif --max-depth 8 --resource-policy --color never",
        )) else {
            panic!("not a check command");
        };
        assert_eq!(check.files, [PathBuf::from("a.json"), PathBuf::from("-")]);
        assert_eq!(check.format, Format::Sarif);
        assert_eq!(check.color, Color::Never);
        assert_eq!(check.options.limits.max_depth, 8);
        assert_eq!(check.options.kind, PolicyKind::Resource);
    }

    #[test]
    fn eval_reads_a_single_request() {
        let Ok(Command::Eval(eval)) = parse(args(
            "eval --policy p.json --policy q.json --action s3:GetObject --resource * --context aws:username=alice --explain",
        )) else {
            panic!("not an eval command");
        };
        assert_eq!(eval.policies.len(), 2);
        let Requests::Single(single) = &eval.requests else {
            panic!("not a single request");
        };
        assert_eq!(single.action, "s3:GetObject");
        assert_eq!(single.context, [("aws:username".into(), "alice".into())]);
        assert!(eval.explain);
    }

    #[test]
    fn usage_mistakes_are_errors() {
        for line in [
            "",
            "frobnicate",
            "check",
            "check --format xml a.json",
            "check --max-depth many a.json",
            "eval --action s3:GetObject --resource *",
            "eval --policy p.json --resource *",
            "eval --policy p.json --action a:b --resource * --context novalue",
            "eval --policy p.json --requests r.jsonl --action a:b",
            "replay --policy p.json",
            "replay --cloudtrail logs",
            "replay --cloudtrail logs --policy p.json --format rust",
            "generate --principal arn:aws:iam::111122223333:user/a",
            "generate --cloudtrail logs --format human",
        ] {
            assert!(parse(args(line)).is_err(), "`{line}` parsed");
        }
    }
}
