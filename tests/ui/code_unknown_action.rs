#![deny(deprecated)]
use iam_policy::{action, policy, Policy};

// `UNKNOWN_ACTION`: a warning (denied here). `RemoveTagsToResource` is three edits from `ssm`'s
// `RemoveTagsFromResource`: too far to be taken for a typo, so it may be an action newer than
// the catalog; the help names the closest action. A guard call's `action!` gets the same
// warning and keeps the name as written.
static P: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow", "Action": "ssm:RemoveTagsToResource", "Resource": "*" }]
});

fn main() {
    let _ = &P;
    let _ = action!("ssm:RemoveTagsToResource");
}
