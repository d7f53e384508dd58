// `app_options!()` embeds the crate's `policy-catalog.json`; a crate without one is told so.
fn main() {
    let options: policy::Options = policy::app_options!();
    let _ = options;
}
