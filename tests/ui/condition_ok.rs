use iam_policy::{policy, Context, ContextValue, Policy, Request};

static P: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::bucket/home/${aws:username}/*",
        "Condition": {
            "ForAllValues:StringEquals": { "aws:TagKeys": ["env", "team"] },
            "NumericLessThanIfExists": { "aws:MultiFactorAuthAge": 3600 },
            "DateLessThan": { "aws:CurrentTime": "2100-01-01T00:00:00Z" },
            "IpAddress": { "aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32"] },
            "Null": { "aws:TokenIssueTime": "false" }
        } }]
});

fn main() {
    let context = [
        ("aws:username", ContextValue::String("alice")),
        ("aws:SourceIp", ContextValue::String("203.0.113.5")),
        ("aws:CurrentTime", ContextValue::Date(1_700_000_000)),
        ("aws:TokenIssueTime", ContextValue::Date(1_699_999_000)),
    ];
    let request = Request::new("s3:GetObject", "arn:aws:s3:::bucket/home/alice/a.txt")
        .with_context(Context::new(&context));
    assert!(P.evaluate(&request).is_allowed());
    let elsewhere = Request::new("s3:GetObject", "arn:aws:s3:::bucket/home/bob/a.txt")
        .with_context(Context::new(&context));
    assert!(!P.evaluate(&elsewhere).is_allowed());
}
