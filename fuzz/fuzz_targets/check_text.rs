//! The text front-end of the checker on arbitrary bytes: it must return findings, never panic
//! or hang, and every location it reports must lie inside the text on character boundaries.

#![no_main]

use libfuzzer_sys::fuzz_target;
use iam_policy_check::{check_text, LoadedPolicy, Loc, Options};
use iam_policy_core::Request;

fn in_text(text: &str, loc: Loc) {
    let (start, end) = (loc.start as usize, loc.end as usize);
    assert!(
        start <= end && end <= text.len(),
        "{loc:?} outside {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "{loc:?} inside a character"
    );
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let checked = check_text(&text, &Options::default());
    for d in &checked.diagnostics {
        in_text(&text, d.loc);
        if let Some(fix) = &d.fix {
            in_text(&text, fix.loc);
        }
        for (loc, _) in &d.related {
            in_text(&text, *loc);
        }
    }
    assert_eq!(checked.tables.is_some(), !checked.has_errors());
    match LoadedPolicy::from_json(&text) {
        Ok(policy) => {
            assert!(
                checked.tables.is_some(),
                "loaded a document the checker rejects"
            );
            for (action, resource) in [
                ("s3:GetObject", "*"),
                ("iam:PassRole", "arn:aws:iam::111122223333:role/x"),
            ] {
                let decision = policy.evaluate(&Request::new(action, resource));
                assert_eq!(decision, policy.evaluate(&Request::new(action, resource)));
            }
        }
        Err(errors) => {
            assert!(
                checked.tables.is_none(),
                "the loader refused a clean document"
            );
            assert!(errors.errors().next().is_some(), "a refusal names an error");
            let _ = errors.to_string();
        }
    }
});
