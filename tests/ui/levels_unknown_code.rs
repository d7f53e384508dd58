#![deny(deprecated)]
use iam_policy::{policy, Policy};

// An unknown code or group, and a level for a hard error, are warnings with a fix.
static P: Policy = policy!(#[allow(MISING_VERSION, secuirty)] #[warn(INVALID_EFFECT)] {
    "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }]
});

fn main() {
    let _ = &P;
}
