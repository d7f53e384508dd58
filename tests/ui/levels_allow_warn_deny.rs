#![deny(deprecated)]
use iam_policy::{policy, Policy};

// Levels on one policy, as Rust's lint attributes: `allow` silences, `warn` lowers a
// deny-by-default finding to a warning (denied here by `#![deny(deprecated)]`), `deny` raises
// a warning to an error. Later settings win.
static P: Policy = policy!(
    #[allow(MISSING_VERSION)]
    #[warn(INVALID_ACTION)]
    #[deny(PASS_ROLE_WITH_STAR_IN_RESOURCE)]
    {
        "Statement": [
            { "Effect": "Deny", "Action": "s3:GetObjects", "Resource": "*" },
            { "Effect": "Allow", "Action": "iam:PassRole", "Resource": "*" }
        ]
    }
);

fn main() {
    let _ = &P;
}
