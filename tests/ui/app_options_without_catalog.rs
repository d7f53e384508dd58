// `app_options!()` embeds the crate's `policy-catalog.json`; a crate without one is told so.
fn main() {
    let options: iam_policy::Options = iam_policy::app_options!();
    let _ = options;
}
