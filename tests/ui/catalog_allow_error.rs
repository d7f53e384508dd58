use policy::{policy, Policy};

// Errors cannot be silenced; a malformed opt-in is an error too.
static P: Policy = policy!(#[allow(INVALID_ACTION)] {
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Deny", "Action": "s3:GetObjects", "Resource": "*" }]
});
static Q: Policy = policy!(#[allow("PASS_ROLE_WITH_STAR_IN_RESOURCE")] {
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow", "Action": "iam:PassRole", "Resource": "*" }]
});

fn main() {
    let _ = (&P, &Q);
}
