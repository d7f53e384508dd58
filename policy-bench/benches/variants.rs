//! The variants of a managed policy the access-analysis benchmark checks against it, shared by
//! `benches/analyze.rs` and `examples/analyze_one.rs`.

use serde_json::Value;

fn statements(document: &mut Value) -> &mut Vec<Value> {
    let statement = document.get_mut("Statement").expect("a Statement");
    if !statement.is_array() {
        *statement = Value::Array(vec![statement.take()]);
    }
    statement.as_array_mut().expect("an array")
}

/// The policy without its first statement (the first one kept when it is the only one).
pub fn minus_statement(text: &str) -> String {
    let mut document: Value = serde_json::from_str(text).expect("JSON");
    let list = statements(&mut document);
    if list.len() > 1 {
        list.remove(0);
    }
    document.to_string()
}

/// The policy with `iam:CreateAccessKey` added to its first Allow with an `Action`.
pub fn plus_action(text: &str) -> String {
    let mut document: Value = serde_json::from_str(text).expect("JSON");
    let list = statements(&mut document);
    let statement = list
        .iter_mut()
        .find(|s| s["Effect"] == "Allow" && s.get("Action").is_some())
        .expect("an Allow with Action");
    let action = statement.get_mut("Action").expect("Action");
    if !action.is_array() {
        *action = Value::Array(vec![action.take()]);
    }
    action
        .as_array_mut()
        .expect("an array")
        .push(Value::from("iam:CreateAccessKey"));
    document.to_string()
}
