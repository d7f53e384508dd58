use iam_policy::{action, Action};

const STOP: Action<'static> = action!("cloudtrail:StopLoging");
const ANY_GET: Action<'static> = action!("s3:Get*");
const UNKNOWN: Action<'static> = action!("cloudtrial:StopLogging");

fn main() {
    let _ = (STOP, ANY_GET, UNKNOWN);
}
