use iam_policy::{policy, Policy};

// Hard errors cannot be silenced; a malformed level attribute is an error too.
static P: Policy = policy!(#[allow(INVALID_EFFECT)] {
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "allow", "Action": "s3:GetObject", "Resource": "*" }]
});
static Q: Policy = policy!(#[allow("PASS_ROLE_WITH_STAR_IN_RESOURCE")] {
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow", "Action": "iam:PassRole", "Resource": "*" }]
});

fn main() {
    let _ = (&P, &Q);
}
