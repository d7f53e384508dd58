//! The wildcard matcher, through a loaded policy, against a reference built on `regex`:
//! resource patterns (case-sensitive, `*` crosses `/` and `:` in the resource part) and
//! action names (ASCII case-insensitive).

#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use iam_policy_check::LoadedPolicy;
use iam_policy_core::Request;

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    pattern: &'a str,
    text: &'a str,
    action: bool,
}

/// `*` = any run, `?` = one character, everything else literal; case-sensitive.
fn reference(pattern: &str, text: &str) -> bool {
    let mut regex = String::from("(?s)^");
    for c in pattern.chars() {
        match c {
            '*' => regex.push_str(".*"),
            '?' => regex.push('.'),
            c => regex.push_str(&regex::escape(c.encode_utf8(&mut [0; 4]))),
        }
    }
    regex.push('$');
    regex::RegexBuilder::new(&regex)
        .size_limit(1 << 26)
        .build()
        .expect("the reference compiles")
        .is_match(text)
}

fn json_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fuzz_target!(|input: Input<'_>| {
    if input.pattern.len() > 4096 || input.text.len() > 1 << 16 {
        return;
    }
    let (action, resource, request_action, request_resource);
    if input.action {
        action = json_string(&format!("s3:{}", input.pattern));
        resource = json_string("*");
        request_action = format!("s3:{}", input.text);
        request_resource = "*".to_string();
    } else {
        action = json_string("s3:GetObject");
        resource = json_string(&format!("arn:aws:s3:::{}", input.pattern));
        request_action = "s3:GetObject".to_string();
        request_resource = format!("arn:aws:s3:::{}", input.text);
    }
    let text = format!(
        r#"{{"Version": "2008-10-17", "Statement": {{"Effect": "Allow", "Action": {action}, "Resource": {resource}}}}}"#
    );
    let Ok(policy) = LoadedPolicy::from_json(&text) else {
        return;
    };
    let allowed = policy
        .evaluate(&Request::new(request_action.as_str(), &request_resource))
        .is_allowed();
    let expected = if input.action {
        reference(
            &input.pattern.to_ascii_lowercase(),
            &input.text.to_ascii_lowercase(),
        )
    } else {
        reference(input.pattern, input.text)
    };
    assert_eq!(
        allowed, expected,
        "pattern {:?} text {:?} action {}",
        input.pattern, input.text, input.action
    );
});
