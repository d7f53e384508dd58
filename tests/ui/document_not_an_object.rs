use iam_policy::{policy, Policy};

static P: Policy = policy!(["s3:GetObject"]);

fn main() {
    let _ = &P;
}
