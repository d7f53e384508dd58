//! From `eventSource` and `eventName` to the IAM actions AWS authorized for the call.
//!
//! In order, for a record of service host `HOST.amazonaws.com` and operation `NAME`:
//!
//! 1. The service prefix: [`SOURCE_PREFIXES`] for the hosts whose prefix differs from the host's
//!    first label (`monitoring` is `cloudwatch`), else the host's first label when the catalog
//!    has that service.
//! 2. The action of the same name, when the catalog has it (`cloudtrail:StopLogging`).
//!    CloudTrail writes some operations with their API version (`ListFunctions20150331`,
//!    `GetFunction20150331v2`): the name without that suffix is tried too.
//! 3. The actions the catalog's API operation data names for `NAME` (from AWS's service
//!    models: `ListObjectsV2` needs `s3:ListBucket`).
//! 4. [`OPERATION_ACTIONS`], a table of operations whose actions AWS documents elsewhere
//!    (the S3 API reference's "Permissions" of each operation, for instance).
//!
//! Anything else is unmapped and reported, never guessed.

use iam_policy_check::catalog::{Catalog, Service};

/// Service hosts whose IAM prefix is not the host's first label.
pub const SOURCE_PREFIXES: &[(&str, &str)] = &[
    ("monitoring.amazonaws.com", "cloudwatch"),
    ("email.amazonaws.com", "ses"),
    ("tagging.amazonaws.com", "tag"),
    ("streams.dynamodb.amazonaws.com", "dynamodb"),
    ("servicecatalog-appregistry.amazonaws.com", "servicecatalog"),
    ("api.ecr.amazonaws.com", "ecr"),
    ("ecr-public.amazonaws.com", "ecr-public"),
    ("elasticmapreduce.amazonaws.com", "elasticmapreduce"),
    ("runtime.sagemaker.amazonaws.com", "sagemaker"),
    ("data.iot.amazonaws.com", "iot"),
];

/// Operations whose actions differ from their names and that the catalog's operation data
/// does not cover: `(service prefix, operation, actions)`. Each entry is the permission AWS's
/// API reference gives for the operation.
pub const OPERATION_ACTIONS: &[(&str, &str, &[&str])] = &[
    // Amazon S3 API reference, "Permissions" of each operation.
    ("s3", "ListBuckets", &["ListAllMyBuckets"]),
    ("s3", "ListObjects", &["ListBucket"]),
    ("s3", "ListObjectVersions", &["ListBucketVersions"]),
    ("s3", "HeadBucket", &["ListBucket"]),
    ("s3", "HeadObject", &["GetObject"]),
    ("s3", "DeleteObjects", &["DeleteObject"]),
    ("s3", "CreateMultipartUpload", &["PutObject"]),
    ("s3", "UploadPart", &["PutObject"]),
    ("s3", "CompleteMultipartUpload", &["PutObject"]),
    (
        "s3",
        "GetBucketReplication",
        &["GetReplicationConfiguration"],
    ),
    (
        "s3",
        "PutBucketReplication",
        &["PutReplicationConfiguration"],
    ),
    (
        "s3",
        "DeleteBucketReplication",
        &["PutReplicationConfiguration"],
    ),
    ("s3", "GetBucketEncryption", &["GetEncryptionConfiguration"]),
    ("s3", "PutBucketEncryption", &["PutEncryptionConfiguration"]),
    (
        "s3",
        "DeleteBucketEncryption",
        &["PutEncryptionConfiguration"],
    ),
    ("s3", "GetBucketLifecycle", &["GetLifecycleConfiguration"]),
    (
        "s3",
        "GetBucketLifecycleConfiguration",
        &["GetLifecycleConfiguration"],
    ),
    ("s3", "PutBucketLifecycle", &["PutLifecycleConfiguration"]),
    (
        "s3",
        "PutBucketLifecycleConfiguration",
        &["PutLifecycleConfiguration"],
    ),
    (
        "s3",
        "DeleteBucketLifecycle",
        &["PutLifecycleConfiguration"],
    ),
    ("s3", "DeleteBucketCors", &["PutBucketCORS"]),
    (
        "s3",
        "DeleteBucketPublicAccessBlock",
        &["PutBucketPublicAccessBlock"],
    ),
    ("s3", "DeleteBucketTagging", &["PutBucketTagging"]),
    (
        "s3",
        "GetBucketNotificationConfiguration",
        &["GetBucketNotification"],
    ),
    (
        "s3",
        "PutBucketNotificationConfiguration",
        &["PutBucketNotification"],
    ),
    (
        "s3",
        "GetObjectLockConfiguration",
        &["GetBucketObjectLockConfiguration"],
    ),
    (
        "s3",
        "PutObjectLockConfiguration",
        &["PutBucketObjectLockConfiguration"],
    ),
    (
        "s3",
        "GetBucketAccelerateConfiguration",
        &["GetAccelerateConfiguration"],
    ),
    (
        "s3",
        "PutBucketAccelerateConfiguration",
        &["PutAccelerateConfiguration"],
    ),
    (
        "s3",
        "GetBucketAnalyticsConfiguration",
        &["GetAnalyticsConfiguration"],
    ),
    (
        "s3",
        "GetBucketMetricsConfiguration",
        &["GetMetricsConfiguration"],
    ),
    (
        "s3",
        "GetBucketInventoryConfiguration",
        &["GetInventoryConfiguration"],
    ),
    (
        "s3",
        "GetBucketIntelligentTieringConfiguration",
        &["GetIntelligentTieringConfiguration"],
    ),
    (
        "s3",
        "DeleteBucketOwnershipControls",
        &["PutBucketOwnershipControls"],
    ),
];

/// Why a record names no action.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NoAction {
    /// No `eventSource` or `eventName`.
    Incomplete,
    /// A service host no catalog service answers to.
    UnknownService(String),
    /// An operation of a known service that names no action.
    UnknownOperation(String),
}

impl std::fmt::Display for NoAction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NoAction::Incomplete => f.write_str("no eventSource or eventName"),
            NoAction::UnknownService(host) => write!(f, "no IAM service for `{host}`"),
            NoAction::UnknownOperation(operation) => {
                write!(f, "no known action for the operation `{operation}`")
            }
        }
    }
}

/// The IAM service prefix of a record's `eventSource`.
///
/// ```
/// use iam_policy_check::catalog::Catalog;
/// use iam_policy_cloudtrail::operations::service_of;
/// let catalog = Catalog::get();
/// assert_eq!(service_of(catalog, "cloudtrail.amazonaws.com").map(|s| s.prefix()), Some("cloudtrail"));
/// assert_eq!(service_of(catalog, "monitoring.amazonaws.com").map(|s| s.prefix()), Some("cloudwatch"));
/// assert!(service_of(catalog, "nothing.amazonaws.com").is_none());
/// ```
pub fn service_of<'c>(catalog: &'c Catalog, event_source: &str) -> Option<&'c Service> {
    if let Some((_, prefix)) = SOURCE_PREFIXES
        .iter()
        .find(|(host, _)| *host == event_source)
    {
        return catalog.service(prefix);
    }
    let host = event_source.strip_suffix(".amazonaws.com")?;
    catalog.service(host)
}

/// The actions (`prefix:Name`) AWS authorized a call of `event_name` to `event_source` with.
///
/// ```
/// use iam_policy_check::catalog::Catalog;
/// use iam_policy_cloudtrail::operations::actions_of;
/// let catalog = Catalog::get();
/// assert_eq!(actions_of(catalog, "cloudtrail.amazonaws.com", "StopLogging").unwrap(), ["cloudtrail:StopLogging"]);
/// assert_eq!(actions_of(catalog, "s3.amazonaws.com", "ListObjects").unwrap(), ["s3:ListBucket"]);
/// assert_eq!(actions_of(catalog, "lambda.amazonaws.com", "GetFunction20150331v2").unwrap(), ["lambda:GetFunction"]);
/// ```
pub fn actions_of(
    catalog: &Catalog,
    event_source: &str,
    event_name: &str,
) -> Result<Vec<String>, NoAction> {
    if event_source.is_empty() || event_name.is_empty() {
        return Err(NoAction::Incomplete);
    }
    let service = service_of(catalog, event_source)
        .ok_or_else(|| NoAction::UnknownService(event_source.to_string()))?;
    let prefix = service.prefix();
    let named = |names: &mut dyn Iterator<Item = &str>| -> Vec<String> {
        names.map(|name| format!("{prefix}:{name}")).collect()
    };
    for name in [event_name, without_api_version(event_name)] {
        if let Some(action) = service.action(name) {
            return Ok(vec![format!("{prefix}:{}", action.name())]);
        }
    }
    if let Some((_, _, actions)) = OPERATION_ACTIONS
        .iter()
        .find(|(p, operation, _)| *p == prefix && *operation == event_name)
    {
        let known: Vec<&str> = actions
            .iter()
            .filter_map(|a| service.action(a).map(|a| a.name()))
            .collect();
        if known.len() == actions.len() {
            return Ok(named(&mut known.into_iter()));
        }
    }
    if let Some(operation) = service.api_operation(event_name) {
        let actions = named(&mut operation.actions());
        if actions.is_empty() {
            return Err(NoAction::UnknownOperation(format!("{prefix}:{event_name}")));
        }
        return Ok(actions);
    }
    Err(NoAction::UnknownOperation(format!("{prefix}:{event_name}")))
}

/// `ListFunctions20150331` → `ListFunctions`, `GetFunction20150331v2` → `GetFunction`: the
/// API version CloudTrail appends to some services' operations (Lambda, CloudFront).
fn without_api_version(name: &str) -> &str {
    let bytes = name.as_bytes();
    let mut end = bytes.len();
    // An optional `v` and digits after the date.
    let digits = bytes
        .iter()
        .rev()
        .take_while(|b| b.is_ascii_digit())
        .count();
    if digits < bytes.len() && bytes[bytes.len() - digits - 1] == b'v' && digits > 0 {
        end -= digits + 1;
    }
    let date = bytes[..end]
        .iter()
        .rev()
        .take_while(|b| b.is_ascii_digit())
        .count();
    if date == 8 && end > 8 {
        &name[..end - 8]
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_entry_names_catalog_actions_and_no_action_of_its_own_name() {
        let catalog = Catalog::get();
        for (prefix, operation, actions) in OPERATION_ACTIONS {
            let service = catalog.service(prefix).expect(prefix);
            assert!(
                service.action(operation).is_none(),
                "{prefix}:{operation} is an action: the table must not override it"
            );
            for action in *actions {
                assert!(service.action(action).is_some(), "{prefix}:{action}");
            }
        }
        for (host, prefix) in SOURCE_PREFIXES {
            assert!(catalog.has_service(prefix), "{host} → {prefix}");
        }
    }

    #[test]
    fn mapped_operations() {
        let catalog = Catalog::get();
        let map = |source, name| actions_of(catalog, source, name);
        assert_eq!(
            map("s3.amazonaws.com", "PutBucketReplication").unwrap(),
            ["s3:PutReplicationConfiguration"]
        );
        assert_eq!(
            map("s3.amazonaws.com", "ListObjectsV2").unwrap(),
            ["s3:ListBucket"]
        );
        assert_eq!(
            map("monitoring.amazonaws.com", "DescribeAlarms").unwrap(),
            ["cloudwatch:DescribeAlarms"]
        );
        assert_eq!(
            map("lambda.amazonaws.com", "ListFunctions20150331").unwrap(),
            ["lambda:ListFunctions"]
        );
        assert_eq!(
            map("signin.amazonaws.com", "ConsoleLogin"),
            Err(NoAction::UnknownOperation("signin:ConsoleLogin".into()))
        );
        assert_eq!(
            map("nothing.amazonaws.com", "Get"),
            Err(NoAction::UnknownService("nothing.amazonaws.com".into()))
        );
        assert_eq!(map("", "Get"), Err(NoAction::Incomplete));
    }

    #[test]
    fn api_versions_are_cut_only_when_they_are_dates() {
        assert_eq!(
            without_api_version("ListFunctions20150331"),
            "ListFunctions"
        );
        assert_eq!(without_api_version("GetFunction20150331v2"), "GetFunction");
        assert_eq!(without_api_version("ListObjectsV2"), "ListObjectsV2");
        assert_eq!(without_api_version("Get2"), "Get2");
        assert_eq!(without_api_version("20150331"), "20150331");
    }
}
