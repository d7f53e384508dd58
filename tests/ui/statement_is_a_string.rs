use iam_policy::{policy, Policy};

static P: Policy = policy!({ "Version": "2012-10-17", "Statement": "Allow s3:GetObject on *" });

fn main() {
    let _ = &P;
}
