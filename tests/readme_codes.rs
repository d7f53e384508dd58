//! The README's table of finding codes is the registry (`iam_policy::lint::ALL`), rendered: a code
//! added, removed or re-levelled without the README fails here. `UPDATE_README=1 cargo test
//! --test readme_codes` rewrites the table.

use iam_policy::lint;

const BEGIN: &str =
    "<!-- codes:begin (generated from iam_policy::lint by tests/readme_codes.rs) -->\n";
const END: &str = "<!-- codes:end -->\n";

fn table() -> String {
    let mut out = String::from("| Code | Level | Group | Meaning |\n|---|---|---|---|\n");
    for code in lint::ALL {
        let lint = code.lint();
        let level = lint.default.name();
        out.push_str(&format!(
            "| `{}` | {level} | {} | {} |\n",
            lint.code,
            lint.group,
            lint.summary.replace('|', "\\|")
        ));
    }
    out
}

#[test]
fn readme_table_is_the_registry() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    let readme = std::fs::read_to_string(path).unwrap();
    let start = readme
        .find(BEGIN)
        .expect("README has the codes:begin marker")
        + BEGIN.len();
    let end = readme[start..]
        .find(END)
        .expect("README has the codes:end marker")
        + start;
    let expected = table();
    if readme[start..end] != expected {
        if std::env::var_os("UPDATE_README").is_some() {
            let updated = format!("{}{expected}{}", &readme[..start], &readme[end..]);
            std::fs::write(path, updated).unwrap();
            return;
        }
        panic!("README's table of codes differs from the registry; run `UPDATE_README=1 cargo test --test readme_codes`\nexpected:\n{expected}");
    }
}

#[test]
fn every_code_is_unique_and_has_a_reference() {
    let mut seen = std::collections::BTreeSet::new();
    for code in lint::ALL {
        assert!(seen.insert(code.as_str()), "{code} is declared twice");
        assert!(!code.lint().reference.is_empty(), "{code} has no reference");
        assert!(lint::lookup(code.as_str()) == Some(*code));
    }
}
