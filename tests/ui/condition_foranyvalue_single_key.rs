use iam_policy::{policy, Policy};

// A suggestion raised to an error for one policy with `#[deny(…)]`.
static P: Policy = policy!(#[deny(FORANYVALUE_WITH_SINGLE_VALUED_KEY)] {
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": { "ForAnyValue:StringEquals": { "aws:username": "alice" } } }]
});

fn main() {
    let _ = &P;
}
