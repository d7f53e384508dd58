#![deny(deprecated)]
use iam_policy::{policy, Policy};

// Names AWS retired are a warning, not an error: a service and an action earlier releases of the
// catalog listed (`deepracer`, `sqs:SendMessageBatch`).
static P: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow",
        "Action": ["deepracer:List*", "sqs:SendMessageBatch"],
        "Resource": "*" }]
});

fn main() {
    let _ = &P;
}
