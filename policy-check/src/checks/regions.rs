//! The region of an ARN against the regions of its partition (`data/regions.txt`).

use crate::catalog::regions;
use crate::checks::Checker;
use crate::diagnostic::{Diagnostic, Loc};
use crate::lint;
use crate::syntax::json::shorten;

/// Checks a well-formed region of an ARN of a known partition: one that lacks the partition's
/// shape (`fits` false) or is not among its regions is `UNKNOWN_ARN_REGION`.
pub(crate) fn check(
    arn: &str,
    partition: &str,
    region: &str,
    fits: bool,
    loc: Loc,
    checker: &mut Checker<'_>,
) {
    if !fits || regions::is_region_of(partition, region) == Some(false) {
        checker.report(unknown_region(region, partition, &shorten(arn), loc));
    }
}

/// A well-formed region that the partition lacks (regions: `data/regions.txt`).
fn unknown_region(region: &str, partition: &str, shown: &str, loc: Loc) -> Diagnostic {
    let warning = Diagnostic::new(
        lint::UNKNOWN_ARN_REGION,
        loc,
        format!("the region `{region}` of the ARN `{shown}` is not a region of the partition `{partition}`"),
    );
    match regions::partition_of(region) {
        Some(other) => {
            warning.with_help(format!("`{region}` is a region of the partition `{other}`"))
        }
        None => match nearest_region(region, regions::regions_of(partition).unwrap_or_default()) {
            Some(near) => warning.with_help(format!("did you mean `{near}`?")),
            None => warning,
        }
        .with_note(format!("the regions are those of {}", regions::source())),
    }
}

/// The one region nearest to `region` (one edit), if exactly one is: `eu-east-1` is two edits
/// from several regions and gets no guess.
fn nearest_region(region: &str, regions: &[&'static str]) -> Option<&'static str> {
    let mut near = regions
        .iter()
        .filter(|r| crate::suggest::distance(region, r, 1) == 1);
    let first = near.next()?;
    near.next().is_none().then_some(*first)
}
