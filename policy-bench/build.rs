//! Generates the large benchmark policies, three ways from one description:
//!
//! - IAM JSON text (the loaded-from-JSON benches read it at run time),
//! - const tables: the JSON checked and lowered by `iam-policy-check` exactly as `policy!` does,
//!   written with `Tables::to_rust` into `$OUT_DIR/generated.rs`,
//! - the equivalent Cedar policies (the peer benches).
//!
//! A generated policy has `total` statements spread over the services of the checker's
//! catalog (real actions, each on an ARN built from its resource type's template); `same_service` of them are `cloudtrail` statements, interleaved with the
//! rest so that the last one is the policy's last statement. Every `cloudtrail` statement lists
//! `cloudtrail:StopLogging` on its own trail, so a `StopLogging` request on the last trail
//! passes the action test of all of them and matches only the last one.

use std::fmt::Write as _;
use std::path::Path;

/// `(total statements, statements of the request's service)`.
const SCALES: &[(usize, usize)] = &[
    (10, 10),
    (1_000, 10),
    (10_000, 10),
    (10_000, 100),
    (10_000, 1_000),
];

const ACCOUNT: &str = "111122223333";

struct Stmt {
    sid: String,
    deny: bool,
    actions: [String; 2],
    resource: String,
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let services = services();
    let cloudtrail: Vec<&str> = services
        .iter()
        .find(|s| s.prefix == "cloudtrail")
        .map(|s| s.actions.iter().map(|(name, _)| *name).collect())
        .unwrap_or_else(|| panic!("the catalog has no cloudtrail actions"));
    let others: Vec<&CatalogService> = services
        .iter()
        .filter(|s| s.prefix != "cloudtrail")
        .collect();

    let out_dir = std::env::var("OUT_DIR").unwrap_or_else(|_| panic!("OUT_DIR is not set"));
    // `to_rust` writes each policy as a block that imports the short record constructors
    // once, exactly what `policy!` expands to.
    let mut module = String::from(
        "/// The generated scale policies (see `build.rs`).\n\
         pub static SCALES: &[Scale] = &[\n",
    );
    for &(total, same_service) in SCALES {
        let statements = generate(total, same_service, &cloudtrail, &others);
        let name = format!("scale_{total}_{same_service}");
        let json = to_json(&statements);
        let cedar = to_cedar(&statements);
        let checked = iam_policy_check::check_text(&json, &iam_policy_check::Options::default());
        let Some(tables) = checked.tables else {
            let codes: Vec<String> = checked
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .take(5)
                .map(|d| format!("[{}] {}", d.code, d.message))
                .collect();
            panic!("generated policy {name} does not check: {codes:?}");
        };
        let json_path = Path::new(&out_dir).join(format!("{name}.json"));
        let cedar_path = Path::new(&out_dir).join(format!("{name}.cedar"));
        write(&json_path, &json);
        write(&cedar_path, &cedar);
        let _ = writeln!(
            module,
            "    Scale {{ total: {total}, same_service: {same_service}, \
             json: include_str!({json_path:?}), cedar: include_str!({cedar_path:?}), \
             tables: {} }},",
            tables.to_rust("::iam_policy::__private::core")
        );
    }
    module.push_str("];\n");
    write(&Path::new(&out_dir).join("generated.rs"), &module);
}

/// Up to this many actions of each service are used.
const ACTIONS_PER_SERVICE: usize = 8;

/// A service of the catalog with some of its actions, each with an ARN template of a
/// resource type it applies to.
struct CatalogService {
    prefix: &'static str,
    actions: Vec<(&'static str, &'static str)>,
}

/// The catalog's services that have actions on resources (not only on `*`).
fn services() -> Vec<CatalogService> {
    iam_policy_check::catalog::Catalog::get()
        .services()
        .filter_map(|service| {
            let actions: Vec<(&str, &str)> = service
                .actions()
                .filter_map(|action| {
                    // A template with a literal service field and no wildcard.
                    let resource = service.resource_types_of(action).find(|r| {
                        let arn = r.arn();
                        !arn.contains('*')
                            && arn.split(':').nth(2).is_some_and(|s| !s.contains("${"))
                    })?;
                    Some((action.name(), resource.arn()))
                })
                .take(ACTIONS_PER_SERVICE)
                .collect();
            (!actions.is_empty()).then_some(CatalogService {
                prefix: service.prefix(),
                actions,
            })
        })
        .collect()
}

/// Fills an ARN template: `aws`, `us-east-1` and the account in the partition, region and
/// account fields, `name` for every variable of the resource part.
fn arn(template: &str, name: &str) -> String {
    let fields: Vec<&str> = template.splitn(6, ':').collect();
    let filled: Vec<String> = fields
        .iter()
        .enumerate()
        .map(|(i, field)| match (i, field.contains("${")) {
            (1, true) => "aws".to_string(),
            (3, true) => "us-east-1".to_string(),
            (4, true) => ACCOUNT.to_string(),
            (_, true) => fill_variables(field, name),
            (_, false) => field.to_string(),
        })
        .collect();
    filled.join(":")
}

fn fill_variables(text: &str, name: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find('}') else {
            break;
        };
        out.push_str(name);
        rest = &rest[start + end + 1..];
    }
    out.push_str(rest);
    out
}

fn generate(
    total: usize,
    same_service: usize,
    cloudtrail: &[&str],
    others: &[&CatalogService],
) -> Vec<Stmt> {
    let other_count = total - same_service;
    let mut statements = Vec::with_capacity(total);
    let mut next_other = 0;
    for trail in 0..same_service {
        // Interleave: the trail-th cloudtrail statement comes after its share of the others.
        let others_before = other_count * (trail + 1) / same_service;
        while next_other < others_before {
            statements.push(other(next_other, others));
            next_other += 1;
        }
        let second = cloudtrail[trail % cloudtrail.len()];
        statements.push(Stmt {
            sid: format!("Trail{trail}"),
            deny: false,
            actions: [
                "cloudtrail:StopLogging".to_string(),
                format!("cloudtrail:{second}"),
            ],
            resource: format!("arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/t{trail}"),
        });
    }
    statements
}

/// The `index`-th statement of another service: round robin over the services, two of the
/// service's actions on a resource of the first one's type; every seventh one denies.
fn other(index: usize, others: &[&CatalogService]) -> Stmt {
    let service = others[index % others.len()];
    let round = index / others.len();
    let (first, template) = service.actions[round % service.actions.len()];
    let (second, _) = service.actions[(round + 1) % service.actions.len()];
    let resource = arn(template, &format!("r{index}"));
    // The second action must apply to the same resource type; fall back to the first.
    let second = if service
        .actions
        .iter()
        .any(|&(n, t)| n == second && t == template)
    {
        second
    } else {
        first
    };
    Stmt {
        sid: format!("Other{index}"),
        deny: index % 7 == 6,
        actions: [
            format!("{}:{first}", service.prefix),
            format!("{}:{second}", service.prefix),
        ],
        resource,
    }
}

fn to_json(statements: &[Stmt]) -> String {
    let mut out = String::from("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n");
    for (i, s) in statements.iter().enumerate() {
        let effect = if s.deny { "Deny" } else { "Allow" };
        let _ = write!(
            out,
            "    {{\"Sid\": \"{}\", \"Effect\": \"{effect}\", \"Action\": [\"{}\", \"{}\"], \"Resource\": \"{}\"}}",
            s.sid, s.actions[0], s.actions[1], s.resource
        );
        out.push_str(if i + 1 < statements.len() {
            ",\n"
        } else {
            "\n"
        });
    }
    out.push_str("  ]\n}\n");
    out
}

fn to_cedar(statements: &[Stmt]) -> String {
    let mut out = String::new();
    for s in statements {
        let effect = if s.deny { "forbid" } else { "permit" };
        let _ = writeln!(
            out,
            "@id(\"{}\")\n{effect}(principal, action in [Action::\"{}\", Action::\"{}\"], resource == Resource::\"{}\");",
            s.sid, s.actions[0], s.actions[1], s.resource
        );
    }
    out
}

fn write(path: &Path, text: &str) {
    // Only rewrite on change, so that the bench binary is not rebuilt needlessly.
    if std::fs::read_to_string(path).is_ok_and(|old| old == text) {
        return;
    }
    std::fs::write(path, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}
