//! The command line: what to do, parsed with `lexopt`.

use std::ffi::OsString;
use std::path::PathBuf;

use lexopt::prelude::*;
use policy_check::{Options, PolicyKind};

/// The usage text of `policy --help`.
pub const USAGE: &str = "\
policy: check AWS IAM JSON policies and evaluate requests against them

Usage:
  policy check [OPTIONS] FILE...
  policy eval [OPTIONS] --policy FILE... --action ACTION --resource RESOURCE
              [--principal PRINCIPAL] [--context KEY=VALUE]... [--explain]
  policy eval [OPTIONS] --policy FILE... --requests FILE.jsonl
  policy eval [OPTIONS] --policy FILE... [LAYERS] (--action … --resource … | --requests …)

check: reports every finding of each FILE (`-` reads standard input).
  --format human|json|sarif   human (default): rustc-style; json: one object a line; sarif: SARIF 2.1.0
  --color auto|always|never   colors in human output (auto: only on a terminal)

eval: decides a request against the policies, as IAM does for one identity.
  --policy FILE               a policy document (repeat for each policy of the identity)
  --action ACTION             `service:Name`
  --resource RESOURCE         an ARN, or `*`
  --principal PRINCIPAL       an ARN, `AWS:…`, `Service:…`, `Federated:…`, `CanonicalUser:…` or `anonymous`
  --context KEY=VALUE         a condition key (repeat a key for several values); VALUE reads as
                              true/false, a number, an IP address, else a string
  --explain                   show every statement of every policy and why it applies or not
  --requests FILE.jsonl       one request a line ({\"action\", \"resource\", \"principal\"?,
                              \"resource_account\"?, \"context\"?}); prints one decision a line
                              (`-` reads standard input)

eval LAYERS: every policy on the request's path, decided in AWS's order (explicit deny anywhere,
RCPs, SCPs, endpoint, resource-based policy, identity policies, boundary, session policies).
  --boundary FILE             the principal's permissions boundary
  --session-policy FILE       a session policy (repeat: together they bound the session)
  --scp FILE[,FILE…]          the SCPs of one organization level (repeat per level, root first;
                              a level allows what one of its policies allows)
  --rcp FILE[,FILE…]          the RCPs of one level (repeat per level, root first), added to
                              RCPFullAWSAccess, which AWS attaches to every level
  --resource-policy-file FILE the resource-based policy (bucket, key, trust policy…)
  --endpoint-policy FILE      the policy of the VPC endpoint the request goes through
  --principal-kind KIND       user, role-session, federated, service-linked-role, service, root or
                              anonymous, when the principal's ARN does not say it
  --resource-account ID       the resource's account (S3 ARNs carry none)

Common options:
  --resource-policy           check and evaluate as resource-based policies (with `Principal`)
  --kind KIND                 check as: identity, resource, scp, rcp, boundary or session
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

Exit status: 0 no error, 1 errors in a policy (or a bad request line), 2 usage or I/O problems.
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
}

/// The request of `policy eval` given by flags.
#[derive(Debug, Default)]
pub struct Single {
    pub action: String,
    pub resource: String,
    pub principal: Option<String>,
    pub context: Vec<(String, String)>,
    pub explain: bool,
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
    pub color: Color,
    pub options: Options,
}

/// What the command line asks for.
#[derive(Debug)]
pub enum Command {
    Check(Check),
    Eval(Eval),
    Help,
    Version,
}

/// Parses the arguments after the program name.
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Command, String> {
    let mut parser = lexopt::Parser::from_args(args);
    let subcommand = match parser.next().map_err(|e| e.to_string())? {
        Some(Long("help") | Short('h')) => return Ok(Command::Help),
        Some(Long("version") | Short('V')) => return Ok(Command::Version),
        Some(Value(word)) => word.into_string().unwrap_or_default(),
        Some(other) => return Err(other.unexpected().to_string()),
        None => return Err("missing command: `check` or `eval`".into()),
    };
    match subcommand.as_str() {
        "check" => check(&mut parser).map_err(|e| e.to_string()),
        "eval" => eval(&mut parser).map_err(|e| e.to_string()),
        other => Err(format!(
            "unknown command `{other}`: expected `check` or `eval`"
        )),
    }
}

/// A flag shared by both commands; returns whether `arg` was one.
fn common(
    flag: &str,
    parser: &mut lexopt::Parser,
    options: &mut Options,
    color: &mut Color,
) -> Result<bool, lexopt::Error> {
    match flag {
        "resource-policy" => options.kind = PolicyKind::Resource,
        "kind" => {
            let name = parser.value()?.string()?;
            options.kind = PolicyKind::parse(&name).ok_or_else(|| {
                format!("invalid value `{name}` for `--kind`: expected identity, resource, scp, rcp, boundary or session")
            })?;
        }
        "max-document-bytes" => options.limits.max_document_bytes = number(parser)?,
        "max-depth" => options.limits.max_depth = number(parser)?,
        "max-string-bytes" => options.limits.max_string_bytes = number(parser)?,
        "max-values" => options.limits.max_values = number(parser)?,
        "max-tokens" => options.limits.max_tokens = number(parser)?,
        "max-statements" => options.limits.max_statements = number(parser)?,
        "catalog" => options.catalog = Some(catalog(parser)?),
        "color" => {
            *color = match parser.value()?.string()?.as_str() {
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

/// `--catalog FILE`: the application's own services, as in `policy-catalog.json`.
fn catalog(
    parser: &mut lexopt::Parser,
) -> Result<policy_check::catalog::CustomCatalog, lexopt::Error> {
    let path = PathBuf::from(parser.value()?);
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    let catalog = policy_check::catalog::Catalog::from_json(&text)
        .map_err(|e| format!("{}:{e}", path.display()))?;
    Ok(policy_check::catalog::CustomCatalog::new(catalog))
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
    let mut color = Color::Auto;
    let mut options = Options::default();
    while let Some(arg) = parser.next()? {
        let flag = match arg {
            Value(file) => {
                files.push(PathBuf::from(file));
                continue;
            }
            Short('h') => return Ok(Command::Help),
            Long(flag) => flag.to_string(),
            other => return Err(other.unexpected()),
        };
        if common(&flag, parser, &mut options, &mut color)? {
            continue;
        }
        match flag.as_str() {
            "help" => return Ok(Command::Help),
            "format" => {
                format = match parser.value()?.string()?.as_str() {
                    "human" => Format::Human,
                    "json" => Format::Json,
                    "sarif" => Format::Sarif,
                    other => {
                        return Err(format!(
                            "invalid value `{other}` for `--format`: expected human, json or sarif"
                        )
                        .into())
                    }
                }
            }
            _ => return Err(unknown(&flag)),
        }
    }
    if files.is_empty() {
        return Err("`policy check` needs at least one FILE (`-` reads standard input)".into());
    }
    Ok(Command::Check(Check {
        files,
        format,
        color,
        options,
    }))
}

fn eval(parser: &mut lexopt::Parser) -> Result<Command, lexopt::Error> {
    let mut policies = Vec::new();
    let mut single = Single::default();
    let mut action = None;
    let mut resource = None;
    let mut requests = None;
    let mut color = Color::Auto;
    let mut options = Options::default();
    let mut layers = Box::<crate::chain::Layers>::default();
    while let Some(arg) = parser.next()? {
        let flag = match arg {
            Short('h') => return Ok(Command::Help),
            Long(flag) => flag.to_string(),
            other => return Err(other.unexpected()),
        };
        if common(&flag, parser, &mut options, &mut color)? || layers.flag(&flag, parser)? {
            continue;
        }
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
            "explain" => single.explain = true,
            "requests" => requests = Some(PathBuf::from(parser.value()?)),
            _ => return Err(unknown(&flag)),
        }
    }
    if policies.is_empty() {
        return Err("`policy eval` needs at least one `--policy FILE`".into());
    }
    let requests = match (requests, action, resource) {
        (Some(file), None, None)
            if single.principal.is_none() && single.context.is_empty() && !single.explain =>
        {
            Requests::Batch(file)
        }
        (Some(_), _, _) => {
            return Err(
                "`--requests` reads every request from its file: drop `--action`, `--resource`, `--principal`, `--context` and `--explain`"
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
    Ok(Command::Eval(Eval {
        policies,
        layers,
        requests,
        color,
        options,
    }))
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
        let Requests::Single(single) = eval.requests else {
            panic!("not a single request");
        };
        assert_eq!(single.action, "s3:GetObject");
        assert_eq!(single.context, [("aws:username".into(), "alice".into())]);
        assert!(single.explain);
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
        ] {
            assert!(parse(args(line)).is_err(), "`{line}` parsed");
        }
    }
}
