use iam_policy::{resource_policy, Policy, Principal, Request};

static P: Policy = resource_policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow",
        "Principal": { "AWS": ["arn:aws:iam::111122223333:role/Reader", "444455556666"], "Service": "ec2.amazonaws.com" },
        "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/*" }]
});

fn main() {
    let get = Request::new("s3:GetObject", "arn:aws:s3:::bucket/a.txt");
    let session = Principal::Aws("arn:aws:sts::111122223333:assumed-role/Reader/s1");
    assert!(P.evaluate(&get.with_principal(session)).is_allowed());
    assert!(P
        .evaluate(&get.with_principal(Principal::Service("ec2.amazonaws.com")))
        .is_allowed());
    assert!(!P
        .evaluate(&get.with_principal(Principal::Anonymous))
        .is_allowed());
}
