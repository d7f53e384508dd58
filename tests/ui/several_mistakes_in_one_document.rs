use iam_policy::{policy, Policy};

static P: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [{
        "Effect": "allow",
        "Action": ["cloudtrial:StopLogging", "cloudtrail:StartLogging"],
        "Ressource": "arn:aws:cloudtrail:us-east-1:1234:trail/Default"
    }]
});

fn main() {
    let _ = &P;
}
