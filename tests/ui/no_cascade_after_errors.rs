//! A broken policy still expands to a `Policy` (an empty one): the user sees the policy's
//! error and nothing else, even where the value is used as a constant, in a set and at run time.
use iam_policy::{policy, Policy, PolicySet, Request};

static BROKEN: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Alow", "Action": "s3:GetObject", "Resource": "*" }]
});
static SET: PolicySet = PolicySet::new(&[&BROKEN]);
const NAMED: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "bucket" }]
})
.with_name("Named");

fn main() {
    let request = Request::new("s3:GetObject", "*");
    assert!(!BROKEN.evaluate(&request).is_allowed());
    assert!(SET.authorize(&request).is_err());
    assert_eq!(NAMED.name(), Some("Named"));
}
