//! The whole public CloudTrail set of `../shared/cloudtrail` (2,900 records), when it is there:
//! every record read, each mapped or reported with its reason. Skipped elsewhere.

use std::collections::BTreeMap;
use std::path::PathBuf;

use iam_policy_cloudtrail::{read_paths, Mapper};

#[test]
fn the_shared_set_reads_whole_and_maps_or_says_why() {
    let set = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/cloudtrail/invictus-aws-dataset");
    if !set.is_dir() {
        eprintln!("skipped: {} is absent", set.display());
        return;
    }
    let mut mapper = Mapper::new();
    let (mut mapped, mut errors) = (0, Vec::new());
    let mut unmapped: BTreeMap<String, usize> = BTreeMap::new();
    let stats = read_paths(&[set], &mut |item| match item {
        Ok((_, record)) => match mapper.map(&record) {
            Ok(call) => {
                assert!(!call.actions.is_empty());
                mapped += 1;
            }
            Err(reason) => *unmapped.entry(reason.to_string()).or_default() += 1,
        },
        Err(error) => errors.push(error.to_string()),
    });
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!((stats.files, stats.records), (55, 2900));
    let not_mapped: usize = unmapped.values().sum();
    eprintln!("{mapped} mapped, {not_mapped} not:");
    for (reason, count) in &unmapped {
        eprintln!("{count:>5}  {reason}");
    }
    assert_eq!(mapped + not_mapped, 2900);
    // Console sign-ins are authorized by no IAM action: reported, not guessed.
    assert!(unmapped.contains_key("no known action for the operation `signin:ConsoleLogin`"));
    assert!(mapped >= 2300, "{mapped} mapped");
}
