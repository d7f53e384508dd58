#![deny(deprecated)]
use iam_policy::{policy, Policy};

// `UNKNOWN_SERVICE_CONDITION_KEY`: a warning (denied here): a key of a known service that is
// close to none of its keys may be newer than the catalog. A near miss (`s3:prefx`) is
// `INVALID_SERVICE_CONDITION_KEY`, an error.
static P: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow", "Action": "lakeformation:GetDataAccess", "Resource": "*",
        "Condition": { "StringEquals": { "lakeformation:GlueARN": "arn:aws:glue:us-east-1:111122223333:table/db/t" } } }]
});

fn main() {
    let _ = &P;
}
