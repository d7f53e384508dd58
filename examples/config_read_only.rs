//! The CloudTrail guide's AWS Config read-only policy, pasted into `policy!` as written: it
//! lets CloudTrail console users open the AWS Config timeline of a resource without being
//! able to change AWS Config settings.
//!
//! Run with `cargo run --example config_read_only`.

use iam_policy::{policy, Policy, Request};

/// Read-only access to AWS Config.
static CONFIG_READ_ONLY: Policy = policy!({ "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": [ "config:Get*", "config:Describe*", "config:List*" ], "Resource": "*" }] })
.with_name("ConfigReadOnly");

fn main() {
    let requests = [
        "config:GetResourceConfigHistory",
        "config:DescribeConfigurationRecorders",
        "config:ListDiscoveredResources",
        "config:PutConfigRule",
        "config:DeleteConfigRule",
        "config:StopConfigurationRecorder",
    ];
    for action in requests {
        println!(
            "{action:40} {}",
            CONFIG_READ_ONLY.evaluate(&Request::new(action, "*"))
        );
    }
}
