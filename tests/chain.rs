//! The whole decision (`Chain`) on the examples of AWS's policy evaluation pages: same account,
//! cross account, permissions boundaries, service control policies, resource control
//! policies, session policies, VPC endpoint policies, and the `NotPrincipal` rule of
//! boundaries. Every chain is a `static` of `policy!` tables.

use iam_policy::{
    policy, resource_policy, Chain, ChainDecision, Context, ContextValue, Decision, Layer,
    LayerStatus, Policy, PolicySet, Principal, PrincipalKind, Request,
};

const CARLOS: &str = "arn:aws:iam::123456789012:user/carlossalazar";

// "Policy evaluation for requests within a single account": Carlos's identity policy and the
// bucket policy of his bucket.
// The page's list statement names `arn:aws:s3:::*` for account-wide actions, as printed.
static CARLOS_IDENTITY: Policy = policy!(#[allow(RESOURCE_MISMATCH)] {
    "Version": "2012-10-17",
    "Statement": [
        { "Sid": "AllowS3ListRead", "Effect": "Allow",
          "Action": ["s3:GetBucketLocation", "s3:GetAccountPublicAccessBlock",
                     "s3:ListAccessPoints", "s3:ListAllMyBuckets"],
          "Resource": "arn:aws:s3:::*" },
        { "Sid": "AllowS3Self", "Effect": "Allow", "Action": "s3:*",
          "Resource": ["arn:aws:s3:::amzn-s3-demo-bucket-carlossalazar/*",
                       "arn:aws:s3:::amzn-s3-demo-bucket-carlossalazar"] },
        { "Sid": "DenyS3Logs", "Effect": "Deny", "Action": "s3:*", "Resource": "arn:aws:s3:::*log*" }
    ]
});
static CARLOS_BUCKET: Policy = resource_policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Sid": "OnlyCarlos", "Effect": "Allow",
        "Principal": { "AWS": "arn:aws:iam::123456789012:user/carlossalazar" },
        "Action": "s3:*",
        "Resource": ["arn:aws:s3:::amzn-s3-demo-bucket-carlossalazar/*",
                     "arn:aws:s3:::amzn-s3-demo-bucket-carlossalazar"] }]
});
static CARLOS_SET: PolicySet = PolicySet::new(&[&CARLOS_IDENTITY]);
static NO_IDENTITY: PolicySet = PolicySet::new(&[]);
static CARLOS_CHAIN: Chain = Chain::new(CARLOS_SET)
    .with_resource_policy(&CARLOS_BUCKET)
    .with_resource_account("123456789012");
/// The same bucket policy, for a Carlos without any identity policy.
static BUCKET_ONLY: Chain = Chain::new(NO_IDENTITY)
    .with_resource_policy(&CARLOS_BUCKET)
    .with_resource_account("123456789012");

fn by(principal: &'static str, action: &'static str, resource: &'static str) -> Request<'static> {
    Request::new(action, resource).with_principal(Principal::Aws(principal))
}

fn sid(decision: ChainDecision<'_>) -> Option<&str> {
    decision.statement().and_then(|s| s.sid())
}

#[test]
fn same_account_one_allow_suffices_and_any_deny_wins() {
    let logs = "arn:aws:s3:::amzn-s3-demo-bucket-carlossalazar-logs/file.txt";
    let own = "arn:aws:s3:::amzn-s3-demo-bucket-carlossalazar/file.txt";
    let denied = CARLOS_CHAIN.evaluate(&by(CARLOS, "s3:PutObject", logs));
    assert_eq!(denied.kind(), "ExplicitDeny");
    assert_eq!(denied.layer(), Layer::Identity);
    assert_eq!(sid(denied), Some("DenyS3Logs"));

    let allowed = CARLOS_CHAIN.evaluate(&by(CARLOS, "s3:PutObject", own));
    assert!(allowed.is_allowed());
    // Without identity policies the bucket policy alone allows him: one allow suffices.
    let by_bucket = BUCKET_ONLY.evaluate(&by(CARLOS, "s3:PutObject", own));
    assert_eq!(by_bucket.layer(), Layer::Resource);
    assert_eq!(sid(by_bucket), Some("OnlyCarlos"));
    assert_eq!(
        by_bucket.to_string(),
        "Allow by statement `OnlyCarlos` of policy #0 in the resource-based policy"
    );
    // Another user of the account: the bucket policy does not name him, no identity policy.
    let other = BUCKET_ONLY.evaluate(&by(
        "arn:aws:iam::123456789012:user/mateo",
        "s3:GetObject",
        own,
    ));
    assert_eq!(
        other,
        ChainDecision::ImplicitDeny {
            layer: Layer::Identity
        }
    );
}

// "Cross-account policy evaluation logic": a role of account 111111111111 reads a bucket of
// account 222222222222.
static READER_IDENTITY: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Sid": "ReadShared", "Effect": "Allow", "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::shared-bucket/*" }]
});
static SHARED_BUCKET: Policy = resource_policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Sid": "TrustAccountA", "Effect": "Allow",
        "Principal": { "AWS": "111111111111" },
        "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::shared-bucket/*" }]
});
static READER_SET: PolicySet = PolicySet::new(&[&READER_IDENTITY]);
static CROSS: Chain = Chain::new(READER_SET)
    .with_resource_policy(&SHARED_BUCKET)
    .with_resource_account("222222222222");
static CROSS_NO_BUCKET_POLICY: Chain = Chain::new(READER_SET).with_resource_account("222222222222");
const READER: &str = "arn:aws:sts::111111111111:assumed-role/Reader/session";

#[test]
fn cross_account_needs_both_the_identity_and_the_resource_policy() {
    let object = "arn:aws:s3:::shared-bucket/report.csv";
    let read = CROSS.evaluate(&by(READER, "s3:GetObject", object));
    assert_eq!(read.layer(), Layer::Resource);
    assert!(read.is_allowed());
    // The bucket trusts account A for PutObject, but the role's policies do not allow it.
    let write = CROSS.evaluate(&by(READER, "s3:PutObject", object));
    assert_eq!(
        write,
        ChainDecision::ImplicitDeny {
            layer: Layer::Identity
        }
    );
    // Without a bucket policy the identity policy alone does not reach another account.
    let alone = CROSS_NO_BUCKET_POLICY.evaluate(&by(READER, "s3:GetObject", object));
    assert_eq!(
        alone,
        ChainDecision::ImplicitDeny {
            layer: Layer::Resource
        }
    );
    // In the bucket's own account the same role reads with its identity policy alone.
    let same = by(
        "arn:aws:sts::222222222222:assumed-role/Reader/s",
        "s3:GetObject",
        object,
    );
    assert!(CROSS_NO_BUCKET_POLICY.evaluate(&same).is_allowed());
}

// "Permissions boundaries for IAM entities": the boundary allows S3, CloudWatch and EC2; the
// identity policy allows creating users; the user cannot create users.
static SHIRLEY_BOUNDARY: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow",
        "Action": ["s3:*", "cloudwatch:*", "ec2:*"], "Resource": "*" }]
});
static CREATE_USER: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow", "Action": "iam:CreateUser", "Resource": "*" }]
});
static CREATE_USER_SET: PolicySet = PolicySet::new(&[&CREATE_USER]);
static BOUNDED: Chain = Chain::new(CREATE_USER_SET).with_boundary(&SHIRLEY_BOUNDARY);
static UNBOUNDED: Chain = Chain::new(CREATE_USER_SET);
const SHIRLEY: &str = "arn:aws:iam::123456789012:user/ShirleyRodriguez";

#[test]
fn a_permissions_boundary_caps_what_identity_policies_allow() {
    let create = by(
        SHIRLEY,
        "iam:CreateUser",
        "arn:aws:iam::123456789012:user/new",
    );
    assert!(UNBOUNDED.evaluate(&create).is_allowed());
    let bounded = BOUNDED.evaluate(&create);
    assert_eq!(
        bounded,
        ChainDecision::ImplicitDeny {
            layer: Layer::Boundary
        }
    );
    assert_eq!(
        bounded.to_string(),
        "ImplicitDeny: nothing in the permissions boundary allows the request"
    );
    // The boundary allows S3, but nothing grants it.
    let list = by(SHIRLEY, "s3:ListAllMyBuckets", "*");
    assert_eq!(
        BOUNDED.evaluate(&list),
        ChainDecision::ImplicitDeny {
            layer: Layer::Identity
        }
    );
}

// A bucket policy naming the user itself is not limited by the boundary; one naming the
// account only delegates to the identity policies, which the boundary limits.
static NAMES_SHIRLEY: Policy = resource_policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Sid": "Shirley", "Effect": "Allow",
        "Principal": { "AWS": "arn:aws:iam::123456789012:user/ShirleyRodriguez" },
        "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:123456789012:queue" }]
});
static NAMES_ACCOUNT: Policy = resource_policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Sid": "Account", "Effect": "Allow", "Principal": { "AWS": "123456789012" },
        "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:123456789012:queue" }]
});
static SEND_ANY: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*" }]
});
static SEND_SET: PolicySet = PolicySet::new(&[&SEND_ANY]);
static BOUNDED_NAMED: Chain = Chain::new(CREATE_USER_SET)
    .with_boundary(&SHIRLEY_BOUNDARY)
    .with_resource_policy(&NAMES_SHIRLEY);
static BOUNDED_ACCOUNT: Chain = Chain::new(SEND_SET)
    .with_boundary(&SHIRLEY_BOUNDARY)
    .with_resource_policy(&NAMES_ACCOUNT);

#[test]
fn a_resource_policy_naming_the_user_is_not_limited_by_its_boundary() {
    let send = by(
        SHIRLEY,
        "sqs:SendMessage",
        "arn:aws:sqs:us-east-1:123456789012:queue",
    );
    let named = BOUNDED_NAMED.evaluate(&send);
    assert_eq!(named.layer(), Layer::Resource);
    assert_eq!(sid(named), Some("Shirley"));
    assert_eq!(
        BOUNDED_ACCOUNT.evaluate(&send),
        ChainDecision::ImplicitDeny {
            layer: Layer::Boundary
        }
    );
}

// Service control policies: FullAWSAccess at the root, a region guard on the OU, and an
// allow list on the account.
static FULL_AWS_ACCESS: Policy = policy!(#[allow(STAR_IN_ACTION_AND_RESOURCE)] {
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow", "Action": "*", "Resource": "*" }]
});
static DENY_REGIONS: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Sid": "DenyRegions", "Effect": "Deny", "NotAction": ["iam:*", "sts:*"],
        "Resource": "*",
        "Condition": { "StringNotEquals": { "aws:RequestedRegion": ["eu-central-1", "eu-west-1"] } } }]
});
static ALLOW_S3_EC2: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Sid": "OnlyS3Ec2", "Effect": "Allow", "Action": ["s3:*", "ec2:*"], "Resource": "*" }]
});
static ADMIN: Policy = policy!(#[allow(STAR_IN_ACTION_AND_RESOURCE)] {
    "Version": "2012-10-17",
    "Statement": [{ "Sid": "Admin", "Effect": "Allow", "Action": "*", "Resource": "*" }]
});
static ADMIN_SET: PolicySet = PolicySet::new(&[&ADMIN]);
static SCP_LEVELS: [PolicySet; 3] = [
    PolicySet::new(&[&FULL_AWS_ACCESS]),
    PolicySet::new(&[&DENY_REGIONS, &FULL_AWS_ACCESS]),
    PolicySet::new(&[&ALLOW_S3_EC2]),
];
static IN_ORG: Chain = Chain::new(ADMIN_SET).with_scps(&SCP_LEVELS);

fn in_region(
    action: &'static str,
    region: &'static str,
    kind: PrincipalKind,
) -> ChainDecision<'static> {
    let context: &'static [(&'static str, ContextValue<'static>)] = match region {
        "eu-west-1" => &[("aws:RequestedRegion", ContextValue::String("eu-west-1"))],
        _ => &[("aws:RequestedRegion", ContextValue::String("us-east-1"))],
    };
    let request =
        by("arn:aws:iam::123456789012:user/admin", action, "*").with_context(Context::new(context));
    IN_ORG.with_principal_kind(kind).evaluate(&request)
}

#[test]
fn every_scp_level_must_allow_and_a_deny_at_any_level_wins() {
    let user = PrincipalKind::User;
    assert!(in_region("s3:ListAllMyBuckets", "eu-west-1", user).is_allowed());
    let outside = in_region("s3:ListAllMyBuckets", "us-east-1", user);
    assert_eq!(outside.layer(), Layer::Scp { level: 2 });
    assert_eq!(sid(outside), Some("DenyRegions"));
    assert_eq!(
        outside.to_string(),
        "ExplicitDeny by statement `DenyRegions` of policy #0 in SCP level 2"
    );
    // The account level allows only S3 and EC2, whatever the admin's identity policy says.
    let dynamo = in_region("dynamodb:ListTables", "eu-west-1", user);
    assert_eq!(
        dynamo,
        ChainDecision::ImplicitDeny {
            layer: Layer::Scp { level: 3 }
        }
    );
    // The root user of a member account is restricted too.
    assert!(!in_region("dynamodb:ListTables", "eu-west-1", PrincipalKind::Root).is_allowed());
    // Service-linked roles are not restricted by SCPs.
    assert!(in_region(
        "dynamodb:ListTables",
        "us-east-1",
        PrincipalKind::ServiceLinkedRole
    )
    .is_allowed());
}

// Denies in several layers: the first layer in AWS's order reports its own.
static NO_DELETES: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Sid": "NoDeletes", "Effect": "Deny",
        "Action": ["s3:DeleteBucket", "dynamodb:DeleteTable"], "Resource": "*" }]
});
static BOUNDARY_NO_DELETES: Policy = policy!(#[allow(STAR_IN_ACTION_AND_RESOURCE)] {
    "Version": "2012-10-17",
    "Statement": [
        { "Effect": "Allow", "Action": "*", "Resource": "*" },
        { "Sid": "BoundaryNoDeletes", "Effect": "Deny", "Action": "s3:Delete*", "Resource": "*" }
    ]
});
static BUCKET_NO_DELETES: Policy = resource_policy!({
    "Version": "2012-10-17",
    "Statement": [
        { "Sid": "OwnAccount", "Effect": "Allow", "Principal": { "AWS": "123456789012" },
          "Action": "s3:*", "Resource": "arn:aws:s3:::reports/*" },
        { "Sid": "BucketNoDeletes", "Effect": "Deny", "Principal": "*",
          "Action": "s3:DeleteBucket", "Resource": "arn:aws:s3:::reports" }
    ]
});
static ADMIN_NO_DELETES: PolicySet = PolicySet::new(&[&ADMIN, &NO_DELETES]);
static DENIES_EVERYWHERE: Chain = Chain::new(ADMIN_NO_DELETES)
    .with_scps(&SCP_LEVELS)
    .with_boundary(&BOUNDARY_NO_DELETES);

#[test]
fn the_first_layer_that_denies_in_aws_order_is_reported() {
    let decide = |chain: &Chain<'_, '_>, action, resource, region| {
        let context: &'static [(&'static str, ContextValue<'static>)] = match region {
            "eu-west-1" => &[("aws:RequestedRegion", ContextValue::String("eu-west-1"))],
            _ => &[("aws:RequestedRegion", ContextValue::String("us-east-1"))],
        };
        let request = by("arn:aws:iam::123456789012:user/admin", action, resource)
            .with_context(Context::new(context));
        let decision = chain.evaluate(&request);
        (
            decision.kind(),
            decision.layer(),
            sid(decision).map(str::to_owned),
        )
    };
    let denied = |layer, sid: &str| ("ExplicitDeny", layer, Some(sid.to_owned()));
    let chain = &DENIES_EVERYWHERE;
    // SCP levels come before the identity policies, which come before the boundary.
    assert_eq!(
        decide(chain, "s3:DeleteBucket", "*", "us-east-1"),
        denied(Layer::Scp { level: 2 }, "DenyRegions")
    );
    assert_eq!(
        decide(chain, "s3:DeleteBucket", "*", "eu-west-1"),
        denied(Layer::Identity, "NoDeletes")
    );
    // An explicit deny beats an SCP level that allows nothing (the account allows no DynamoDB).
    assert_eq!(
        decide(chain, "dynamodb:DeleteTable", "*", "eu-west-1"),
        denied(Layer::Identity, "NoDeletes")
    );
    assert_eq!(
        decide(chain, "dynamodb:ListTables", "*", "eu-west-1"),
        ("ImplicitDeny", Layer::Scp { level: 3 }, None)
    );
    // The boundary's own deny, where nothing before it denies.
    assert_eq!(
        decide(chain, "s3:DeleteObject", "*", "eu-west-1"),
        denied(Layer::Boundary, "BoundaryNoDeletes")
    );
    // The resource-based policy comes before the identity policies; its grant to the account
    // delegates to them.
    let with_bucket = chain.with_resource_policy(&BUCKET_NO_DELETES);
    assert_eq!(
        decide(
            &with_bucket,
            "s3:DeleteBucket",
            "arn:aws:s3:::reports",
            "eu-west-1"
        ),
        denied(Layer::Resource, "BucketNoDeletes")
    );
    assert_eq!(
        decide(
            &with_bucket,
            "s3:GetObject",
            "arn:aws:s3:::reports/q1.csv",
            "eu-west-1"
        ),
        ("Allow", Layer::Identity, Some("Admin".to_owned()))
    );
}

// Resource control policies: RCPFullAWSAccess is on every level; an RCP can only deny.
static DENY_EXTERNAL: Policy = resource_policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Sid": "EnforceOrgIdentities", "Effect": "Deny", "Principal": "*",
        "Action": "s3:*", "Resource": "*",
        "Condition": { "StringNotEqualsIfExists": { "aws:PrincipalOrgID": "o-a1b2c3d4e5" },
                       "BoolIfExists": { "aws:PrincipalIsAWSService": "false" } } }]
});
static RCP_LEVELS: [PolicySet; 2] = [PolicySet::new(&[]), PolicySet::new(&[&DENY_EXTERNAL])];
static WITH_RCPS: Chain = Chain::new(READER_SET)
    .with_resource_policy(&SHARED_BUCKET)
    .with_resource_account("222222222222")
    .with_rcps(&RCP_LEVELS);

#[test]
fn rcps_deny_outside_callers_and_otherwise_allow_through_full_aws_access() {
    let object = "arn:aws:s3:::shared-bucket/report.csv";
    let inside = [("aws:PrincipalOrgID", ContextValue::String("o-a1b2c3d4e5"))];
    let outside = [("aws:PrincipalOrgID", ContextValue::String("o-f6g7h8i9j0"))];
    let request = |context| by(READER, "s3:GetObject", object).with_context(Context::new(context));
    assert!(WITH_RCPS.evaluate(&request(&inside)).is_allowed());
    let denied = WITH_RCPS.evaluate(&request(&outside));
    assert_eq!(denied.layer(), Layer::Rcp { level: 2 });
    assert_eq!(sid(denied), Some("EnforceOrgIdentities"));
    // The explanation shows RCPFullAWSAccess allowing at the root level.
    let inside_request = request(&inside);
    let root = WITH_RCPS.explain(&inside_request).next().unwrap();
    assert_eq!(root.layer(), Layer::Rcp { level: 1 });
    match root.status() {
        LayerStatus::Applies(Decision::Allow(statement)) => {
            assert_eq!(statement.policy_name(), Some("RCPFullAWSAccess"))
        }
        other => panic!("{other:?}"),
    }
}

// "Session policies": the role's policy allows the bucket; the session policy passed to
// AssumeRole allows only reading.
static ROLE_BUCKET_ACCESS: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
        "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*" }]
});
static SESSION_READ_ONLY: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }]
});
static ROLE_SET: PolicySet = PolicySet::new(&[&ROLE_BUCKET_ACCESS]);
static SESSION_SET: PolicySet = PolicySet::new(&[&SESSION_READ_ONLY]);
static NAMES_SESSION: Policy = resource_policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Sid": "ThisSession", "Effect": "Allow",
        "Principal": { "AWS": "arn:aws:sts::123456789012:assumed-role/Writer/build-42" },
        "Action": "s3:PutObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*" }]
});
static NAMES_ROLE: Policy = resource_policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Sid": "TheRole", "Effect": "Allow",
        "Principal": { "AWS": "arn:aws:iam::123456789012:role/Writer" },
        "Action": "s3:PutObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*" }]
});
static SESSION: Chain = Chain::new(ROLE_SET).with_session_policies(SESSION_SET);
static SESSION_NAMED: Chain = SESSION.with_resource_policy(&NAMES_SESSION);
static SESSION_ROLE_NAMED: Chain = SESSION.with_resource_policy(&NAMES_ROLE);
const SESSION_ARN: &str = "arn:aws:sts::123456789012:assumed-role/Writer/build-42";

#[test]
fn session_policies_bound_the_session_unless_a_resource_policy_names_it() {
    let object = "arn:aws:s3:::amzn-s3-demo-bucket/out.txt";
    assert!(SESSION
        .evaluate(&by(SESSION_ARN, "s3:GetObject", object))
        .is_allowed());
    let put = by(SESSION_ARN, "s3:PutObject", object);
    assert_eq!(
        SESSION.evaluate(&put),
        ChainDecision::ImplicitDeny {
            layer: Layer::Session
        }
    );
    // A bucket policy naming this session: its grant is added after the session policy.
    assert_eq!(sid(SESSION_NAMED.evaluate(&put)), Some("ThisSession"));
    // A bucket policy naming the role: the grant is bounded by the session policy.
    assert_eq!(
        SESSION_ROLE_NAMED.evaluate(&put),
        ChainDecision::ImplicitDeny {
            layer: Layer::Session
        }
    );
}

// "NotPrincipal": a Deny with NotPrincipal applies to every IAM principal with a permissions
// boundary, whatever NotPrincipal lists.
static DENY_ALL_BUT_WRITER: Policy = resource_policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Sid": "DenyOthers", "Effect": "Deny",
        "NotPrincipal": { "AWS": ["arn:aws:sts::123456789012:assumed-role/Writer/build-42",
                                  "arn:aws:iam::123456789012:role/Writer"] },
        "Action": "s3:*", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*" }]
});
static WRITER_UNBOUNDED: Chain = Chain::new(ROLE_SET).with_resource_policy(&DENY_ALL_BUT_WRITER);
static WRITER_BOUNDED: Chain = WRITER_UNBOUNDED.with_boundary(&SHIRLEY_BOUNDARY);

#[test]
fn not_principal_in_a_deny_denies_every_principal_with_a_boundary() {
    let put = by(
        SESSION_ARN,
        "s3:PutObject",
        "arn:aws:s3:::amzn-s3-demo-bucket/out.txt",
    );
    assert!(WRITER_UNBOUNDED.evaluate(&put).is_allowed());
    let bounded = WRITER_BOUNDED.evaluate(&put);
    assert_eq!(bounded.kind(), "ExplicitDeny");
    assert_eq!(bounded.layer(), Layer::Resource);
    assert_eq!(sid(bounded), Some("DenyOthers"));
    // A federated-user session carries the boundary of the IAM user that made it.
    let federated = by(
        "arn:aws:sts::123456789012:federated-user/build",
        "s3:PutObject",
        "arn:aws:s3:::amzn-s3-demo-bucket/out.txt",
    );
    assert_eq!(WRITER_BOUNDED.evaluate(&federated).kind(), "ExplicitDeny");
}

// A KMS key policy and a role trust policy must allow even in the same account.
static KMS_USER: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow", "Action": ["kms:Decrypt", "sts:AssumeRole"], "Resource": "*" }]
});
static KMS_SET: PolicySet = PolicySet::new(&[&KMS_USER]);
static KEY_POLICY_ACCOUNT: Policy = resource_policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Sid": "EnableIamPolicies", "Effect": "Allow",
        "Principal": { "AWS": "arn:aws:iam::123456789012:root" }, "Action": "kms:*", "Resource": "*" }]
});
static NO_KEY_POLICY: Chain = Chain::new(KMS_SET);
static KEY_DELEGATES: Chain = Chain::new(KMS_SET).with_resource_policy(&KEY_POLICY_ACCOUNT);

#[test]
fn key_and_trust_policies_must_allow_even_in_the_same_account() {
    let key = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    let decrypt = by(SHIRLEY, "kms:Decrypt", key);
    assert_eq!(
        NO_KEY_POLICY.evaluate(&decrypt),
        ChainDecision::ImplicitDeny {
            layer: Layer::Resource
        }
    );
    // The key policy enables IAM policies: the identity policy then decides.
    assert_eq!(KEY_DELEGATES.evaluate(&decrypt).layer(), Layer::Identity);
    let assume = by(
        SHIRLEY,
        "sts:AssumeRole",
        "arn:aws:iam::123456789012:role/Admin",
    );
    assert_eq!(
        NO_KEY_POLICY.evaluate(&assume),
        ChainDecision::ImplicitDeny {
            layer: Layer::Resource
        }
    );
    // An S3 object of the same account needs no resource policy.
    assert!(Chain::new(ADMIN_SET)
        .evaluate(&by(SHIRLEY, "s3:GetObject", "arn:aws:s3:::bucket/key"))
        .is_allowed());
}

// VPC endpoint policies gate the requests made through the endpoint.
static ENDPOINT_ONLY_BUCKET: Policy = resource_policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Sid": "OnlyOurBucket", "Effect": "Allow", "Principal": "*",
        "Action": "s3:*", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*" }]
});
static THROUGH_ENDPOINT: Chain = Chain::new(ADMIN_SET).with_endpoint_policy(&ENDPOINT_ONLY_BUCKET);

#[test]
fn an_endpoint_policy_must_allow_requests_through_the_endpoint() {
    let ours = by(
        SHIRLEY,
        "s3:GetObject",
        "arn:aws:s3:::amzn-s3-demo-bucket/a",
    );
    let theirs = by(SHIRLEY, "s3:GetObject", "arn:aws:s3:::elsewhere/a");
    assert!(THROUGH_ENDPOINT.evaluate(&ours).is_allowed());
    assert_eq!(
        THROUGH_ENDPOINT.evaluate(&theirs),
        ChainDecision::ImplicitDeny {
            layer: Layer::Endpoint
        }
    );
}

// Services and anonymous callers are decided by the resource policy; the root user by its
// own account.
#[test]
fn services_anonymous_callers_and_the_root_user() {
    let object = "arn:aws:s3:::amzn-s3-demo-bucket/a";
    let public = Chain::new(NO_IDENTITY).with_resource_policy(&ENDPOINT_ONLY_BUCKET);
    let anonymous = Request::new("s3:GetObject", object).with_principal(Principal::Anonymous);
    assert!(public.evaluate(&anonymous).is_allowed());
    let service = Request::new("s3:GetObject", object)
        .with_principal(Principal::Service("cloudtrail.amazonaws.com"));
    assert!(public.evaluate(&service).is_allowed());
    assert_eq!(
        Chain::new(ADMIN_SET).evaluate(&service),
        ChainDecision::ImplicitDeny {
            layer: Layer::Resource
        }
    );
    let root = by("arn:aws:iam::123456789012:root", "s3:GetObject", object);
    assert_eq!(
        Chain::new(NO_IDENTITY).evaluate(&root),
        ChainDecision::Allow {
            layer: Layer::Root,
            statement: None
        }
    );
}

#[test]
fn the_explanation_lists_every_layer_in_decision_order() {
    let request = by(
        READER,
        "s3:GetObject",
        "arn:aws:s3:::shared-bucket/report.csv",
    );
    let chain = WITH_RCPS
        .with_scps(&SCP_LEVELS)
        .with_boundary(&SHIRLEY_BOUNDARY);
    let layers: Vec<Layer> = chain
        .explain(&request)
        .map(|report| report.layer())
        .collect();
    assert_eq!(
        layers,
        [
            Layer::Rcp { level: 1 },
            Layer::Rcp { level: 2 },
            Layer::Scp { level: 1 },
            Layer::Scp { level: 2 },
            Layer::Scp { level: 3 },
            Layer::Resource,
            Layer::Identity,
            Layer::Boundary,
        ]
    );
}

#[test]
fn an_empty_chain_decides_as_its_identity_set() {
    for action in ["s3:GetObject", "s3:PutObject", "iam:CreateUser"] {
        let request = Request::new(action, "arn:aws:s3:::amzn-s3-demo-bucket/a");
        let set = ROLE_SET.evaluate(&request);
        let chain = Chain::new(ROLE_SET).evaluate(&request);
        assert_eq!(set.is_allowed(), chain.is_allowed(), "{action}");
        assert_eq!(set.statement(), chain.statement(), "{action}");
    }
}

#[test]
fn rcp_full_aws_access_is_the_document_aws_publishes() {
    use iam_policy::{LoadedPolicy, Options, PolicyKind, RCP_FULL_AWS_ACCESS};
    let document = r#"{"Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]}"#;
    let options = Options::default().with_kind(PolicyKind::Resource);
    let loaded = LoadedPolicy::from_json_with(document, &options).unwrap_or_else(|e| panic!("{e}"));
    let loaded = loaded.as_policy();
    let ours = RCP_FULL_AWS_ACCESS;
    assert_eq!(ours.name(), Some("RCPFullAWSAccess"));
    assert_eq!(loaded.tables().pool, ours.tables().pool);
    assert_eq!(loaded.tables().statements, ours.tables().statements);
    assert_eq!(loaded.tables().unindexed, ours.tables().unindexed);
    assert_eq!(loaded.tables().patterns, ours.tables().patterns);
    assert_eq!(loaded.tables().resources, ours.tables().resources);
    assert_eq!(loaded.tables().principals, ours.tables().principals);
    assert_eq!(loaded.tables().exact_names, ours.tables().exact_names);
    assert_eq!(loaded.tables().services, ours.tables().services);
    assert_eq!(loaded.tables().action_filter, ours.tables().action_filter);
    assert_eq!(loaded.tables().traits, ours.tables().traits);
}

#[test]
fn loaded_policies_fit_in_a_chain() {
    use iam_policy::LoadedPolicy;
    let boundary = LoadedPolicy::from_json(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let scp = LoadedPolicy::from_json(
        r#"{"Version":"2012-10-17","Statement":[{"Sid":"NoDelete","Effect":"Deny","Action":"s3:DeleteObject","Resource":"*"},
            {"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let boundary = boundary.as_policy();
    let scp = scp.as_policy();
    let scp_level = [&scp];
    let levels = [PolicySet::new(&scp_level)];
    let chain = Chain::new(ADMIN_SET)
        .with_boundary(&boundary)
        .with_scps(&levels);
    let object = "arn:aws:s3:::bucket/a";
    assert!(chain
        .evaluate(&by(SHIRLEY, "s3:GetObject", object))
        .is_allowed());
    let delete = chain.evaluate(&by(SHIRLEY, "s3:DeleteObject", object));
    assert_eq!(
        (delete.layer(), sid(delete)),
        (Layer::Scp { level: 1 }, Some("NoDelete"))
    );
    assert_eq!(
        chain.evaluate(&by(SHIRLEY, "ec2:RunInstances", "*")),
        ChainDecision::ImplicitDeny {
            layer: Layer::Boundary
        }
    );
}

// Condition keys filled from the request's description.
static DATA_PERIMETER: Policy = iam_policy::rcp!({
    "Version": "2012-10-17",
    "Statement": [
        { "Sid": "OrgIdentities", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*",
          "Condition": { "StringNotEqualsIfExists": { "aws:PrincipalOrgID": "o-a1b2c3d4e5" },
                         "Bool": { "aws:PrincipalIsAWSService": "false" } } },
        { "Sid": "ConfusedDeputy", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*",
          "Condition": { "StringNotEqualsIfExists": { "aws:SourceAccount": "222222222222" },
                         "Bool": { "aws:PrincipalIsAWSService": "true" } } }]
});
static PERIMETER_LEVELS: [PolicySet; 1] = [PolicySet::new(&[&DATA_PERIMETER])];
static OWN_ACCOUNT_ONLY: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Sid": "SameAccount", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
        "Condition": { "StringEquals": { "aws:ResourceAccount": "${aws:PrincipalAccount}" } } }]
});
static OWN_ACCOUNT_SET: PolicySet = PolicySet::new(&[&OWN_ACCOUNT_ONLY]);
static VIA_ENDPOINT: Policy = resource_policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Sid": "OnlyThroughEndpoint", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
        "Resource": "arn:aws:s3:::shared-bucket/*",
        "Condition": { "StringNotEquals": { "aws:SourceVpce": "vpce-1a2b3c4d" },
                       "BoolIfExists": { "aws:ViaAWSService": "false" } } }]
});

#[test]
fn organization_accounts_endpoints_and_services_fill_their_condition_keys() {
    let object = "arn:aws:s3:::shared-bucket/report.csv";
    let base = Chain::new(READER_SET)
        .with_resource_policy(&SHARED_BUCKET)
        .with_resource_account("222222222222")
        .with_rcps(&PERIMETER_LEVELS);
    let read = by(READER, "s3:GetObject", object);
    // Outside any organization: the RCP denies the caller.
    assert_eq!(sid(base.evaluate(&read)), Some("OrgIdentities"));
    let in_org = base.with_principal_org_path("o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/");
    assert!(in_org.evaluate(&read).is_allowed());
    // A service without `aws:SourceAccount` is stopped by the confused-deputy statement.
    let service = Request::new("s3:GetObject", object)
        .with_principal(Principal::Service("cloudtrail.amazonaws.com"));
    assert_eq!(sid(in_org.evaluate(&service)), Some("ConfusedDeputy"));

    // `aws:ResourceAccount` against `${aws:PrincipalAccount}`.
    let own = Chain::new(OWN_ACCOUNT_SET).with_resource_account("111111111111");
    assert!(own.evaluate(&read).is_allowed());
    let foreign = own
        .with_resource_account("222222222222")
        .with_resource_policy(&SHARED_BUCKET);
    assert_eq!(
        foreign.evaluate(&read),
        ChainDecision::ImplicitDeny {
            layer: Layer::Identity
        }
    );

    // `aws:SourceVpce` from the endpoint; `aws:ViaAWSService` from the calling services.
    let guarded = Chain::new(READER_SET)
        .with_resource_policy(&VIA_ENDPOINT)
        .with_resource_account("111111111111");
    assert_eq!(sid(guarded.evaluate(&read)), Some("OnlyThroughEndpoint"));
    assert!(guarded
        .with_source_vpce("vpce-1a2b3c4d")
        .evaluate(&read)
        .is_allowed());
    static ATHENA: [&str; 1] = ["athena.amazonaws.com"];
    assert!(guarded
        .with_called_via(&ATHENA)
        .evaluate(&read)
        .is_allowed());
    // A value given in the context wins over the derived one.
    let context = [("aws:SourceVpce", ContextValue::String("vpce-1a2b3c4d"))];
    let through = read.with_context(Context::new(&context));
    assert!(guarded
        .with_source_vpce("vpce-other")
        .evaluate(&through)
        .is_allowed());
}

/// The README's example of a whole decision, as written there.
mod readme {
    use iam_policy::{
        policy, resource_policy, scp, Chain, ChainDecision, Context, ContextValue, Layer, Policy,
        PolicySet, Principal, Request,
    };

    static ADMIN: Policy = policy!(#[allow(STAR_IN_ACTION_AND_RESOURCE)] {
        "Version": "2012-10-17",
        "Statement": [{ "Sid": "Admin", "Effect": "Allow", "Action": "*", "Resource": "*" }]
    });
    static BOUNDARY: Policy = policy!({
        "Version": "2012-10-17",
        "Statement": [{ "Effect": "Allow", "Action": ["s3:*", "ec2:*"], "Resource": "*" }]
    });
    static FULL_AWS_ACCESS: Policy = scp!(#[allow(STAR_IN_ACTION_AND_RESOURCE)] {
        "Version": "2012-10-17",
        "Statement": [{ "Effect": "Allow", "Action": "*", "Resource": "*" }]
    });
    static DENY_REGIONS: Policy = scp!({
        "Version": "2012-10-17",
        "Statement": [{ "Sid": "DenyRegions", "Effect": "Deny", "NotAction": ["iam:*", "sts:*"],
            "Resource": "*",
            "Condition": { "StringNotEquals": { "aws:RequestedRegion": ["eu-west-1"] } } }]
    });
    static BUCKET: Policy = resource_policy!({
        "Version": "2012-10-17",
        "Statement": [{ "Sid": "TrustAccountA", "Effect": "Allow", "Principal": { "AWS": "111111111111" },
            "Action": "s3:GetObject", "Resource": "arn:aws:s3:::shared-bucket/*" }]
    });

    static IDENTITY: PolicySet = PolicySet::new(&[&ADMIN]);
    /// One set per organization level, the root first.
    static SCPS: [PolicySet; 2] = [
        PolicySet::new(&[&FULL_AWS_ACCESS]),
        PolicySet::new(&[&FULL_AWS_ACCESS, &DENY_REGIONS]),
    ];
    static PATH: Chain = Chain::new(IDENTITY)
        .with_boundary(&BOUNDARY)
        .with_scps(&SCPS)
        .with_resource_policy(&BUCKET)
        .with_resource_account("222222222222"); // S3 ARNs carry no account

    #[test]
    fn the_readme_example_decides_as_it_says() {
        let region = [("aws:RequestedRegion", ContextValue::String("us-east-1"))];
        let read = Request::new("s3:GetObject", "arn:aws:s3:::shared-bucket/report.csv")
            .with_principal(Principal::Aws(
                "arn:aws:sts::111111111111:assumed-role/Reader/s",
            ))
            .with_context(Context::new(&region));
        let decision = PATH.evaluate(&read);
        assert_eq!(decision.layer(), Layer::Scp { level: 2 });
        assert_eq!(
            decision.statement().and_then(|s| s.sid()),
            Some("DenyRegions")
        );
        // ExplicitDeny by statement `DenyRegions` of policy #1 in SCP level 2
        println!("{decision}");

        let create = Request::new("iam:CreateUser", "*")
            .with_principal(Principal::Aws("arn:aws:iam::111111111111:user/alice"));
        // In alice's own account: the boundary allows no IAM action.
        let own = PATH.with_resource_account("111111111111");
        assert_eq!(
            own.evaluate(&create),
            ChainDecision::ImplicitDeny {
                layer: Layer::Boundary
            }
        );

        assert_eq!(
            decision.to_string(),
            "ExplicitDeny by statement `DenyRegions` of policy #1 in SCP level 2"
        );
    }
}

/// The policy with the same tables and no traits: every statement looked at, no shortcut.
fn without_traits(policy: &Policy<'static>) -> &'static Policy<'static> {
    use iam_policy::__private::core::tables::{PolicyTables, Traits};
    let tables = PolicyTables {
        traits: Traits::NONE,
        ..policy.tables()
    };
    Box::leak(Box::new(Policy::from_tables(tables)))
}

/// The layers of a chain: identity policies, boundary, SCP levels, RCP levels, resource
/// policy, endpoint policy.
type Layers = (
    &'static [&'static Policy<'static>],
    Option<&'static Policy<'static>>,
    &'static [&'static [&'static Policy<'static>]],
    &'static [&'static [&'static Policy<'static>]],
    Option<&'static Policy<'static>>,
    Option<&'static Policy<'static>>,
);

/// The chain of `layers`, from the policies as given or from their copies without traits.
fn chain_of(layers: &Layers, plain: bool) -> Chain<'static, 'static> {
    let map = |policy: &'static Policy<'static>| match plain {
        true => without_traits(policy),
        false => policy,
    };
    let set = |policies: &[&'static Policy<'static>]| {
        let policies: Vec<&'static Policy<'static>> = policies.iter().map(|p| map(p)).collect();
        PolicySet::new(Box::leak(policies.into_boxed_slice()))
    };
    let levels =
        |levels: &[&[&'static Policy<'static>]]| -> &'static [PolicySet<'static, 'static>] {
            let levels: Vec<PolicySet<'static, 'static>> = levels.iter().map(|l| set(l)).collect();
            Box::leak(levels.into_boxed_slice())
        };
    let (identity, boundary, scps, rcps, resource, endpoint) = *layers;
    let mut chain = Chain::new(set(identity))
        .with_scps(levels(scps))
        .with_rcps(levels(rcps));
    if let Some(boundary) = boundary {
        chain = chain.with_boundary(map(boundary));
    }
    if let Some(resource) = resource {
        chain = chain.with_resource_policy(map(resource));
    }
    if let Some(endpoint) = endpoint {
        chain = chain.with_endpoint_policy(map(endpoint));
    }
    chain
}

/// Allows of whole services, a service named by two statements.
static QUEUES_THEN_BUCKETS: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [
        { "Sid": "Queues", "Effect": "Allow", "Action": "sqs:*", "Resource": "*" },
        { "Sid": "BucketsAndQueues", "Effect": "Allow", "Action": ["s3:*", "SQS:*"], "Resource": "*" }
    ]
});

/// Chains of every layer, for the test below.
static CHAIN_LAYERS: &[Layers] = &[
    (
        &[&QUEUES_THEN_BUCKETS, &ALLOW_S3_EC2],
        Some(&QUEUES_THEN_BUCKETS),
        &[&[&QUEUES_THEN_BUCKETS]],
        &[],
        None,
        None,
    ),
    (&[&CARLOS_IDENTITY], None, &[], &[], None, None),
    (
        &[&ADMIN],
        None,
        &[
            &[&FULL_AWS_ACCESS],
            &[&FULL_AWS_ACCESS, &DENY_REGIONS],
            &[&ALLOW_S3_EC2],
        ],
        &[],
        None,
        None,
    ),
    (
        &[&ADMIN],
        None,
        &[&[&DENY_REGIONS, &FULL_AWS_ACCESS], &[]],
        &[],
        None,
        None,
    ),
    (
        &[&ROLE_BUCKET_ACCESS],
        Some(&SHIRLEY_BOUNDARY),
        &[],
        &[],
        Some(&DENY_ALL_BUT_WRITER),
        None,
    ),
    (
        &[&CARLOS_IDENTITY, &ADMIN],
        Some(&ALLOW_S3_EC2),
        &[&[&FULL_AWS_ACCESS]],
        &[&[&DENY_EXTERNAL]],
        Some(&CARLOS_BUCKET),
        None,
    ),
    (
        &[&SEND_ANY],
        Some(&FULL_AWS_ACCESS),
        &[&[&ALLOW_S3_EC2, &FULL_AWS_ACCESS]],
        &[],
        Some(&NAMES_ACCOUNT),
        Some(&ENDPOINT_ONLY_BUCKET),
    ),
    (
        &[&KMS_USER],
        None,
        &[],
        &[],
        Some(&KEY_POLICY_ACCOUNT),
        None,
    ),
];

#[test]
fn the_shortcuts_of_policy_traits_change_no_decision() {
    let actions = [
        "s3:GetObject",
        "s3:PutObject",
        "ec2:RunInstances",
        "iam:CreateUser",
        "sqs:SendMessage",
        "kms:Decrypt",
    ];
    let resources = [
        "arn:aws:s3:::amzn-s3-demo-bucket/file.txt",
        "arn:aws:s3:::amzn-s3-demo-bucket-carlossalazar/file.txt",
        "arn:aws:kms:us-east-1:123456789012:key/1234abcd",
        "*",
    ];
    let principals = [
        Some(Principal::Aws(CARLOS)),
        Some(Principal::Aws(SHIRLEY)),
        Some(Principal::Aws(SESSION_ARN)),
        Some(Principal::Aws(READER)),
        Some(Principal::Service("sqs.amazonaws.com")),
        None,
    ];
    const IN_EU: &[(&str, ContextValue<'static>)] =
        &[("aws:RequestedRegion", ContextValue::String("eu-west-1"))];
    const IN_US: &[(&str, ContextValue<'static>)] =
        &[("aws:RequestedRegion", ContextValue::String("us-east-1"))];
    let mut decided = 0;
    for layers in CHAIN_LAYERS {
        let (ours, plain) = (chain_of(layers, false), chain_of(layers, true));
        for action in actions {
            for resource in resources {
                for principal in principals {
                    for context in [&[][..], IN_EU, IN_US] {
                        let mut request =
                            Request::new(action, resource).with_context(Context::new(context));
                        if let Some(principal) = principal {
                            request = request.with_principal(principal);
                        }
                        let expected = plain.evaluate(&request);
                        assert_eq!(ours.evaluate(&request), expected, "{request:?}");
                        decided += usize::from(expected.kind() != "ImplicitDeny");
                    }
                }
            }
        }
    }
    assert!(
        decided > 100,
        "{decided} requests allowed or explicitly denied"
    );
}

#[test]
fn lowering_finds_the_traits_the_chain_takes_shortcuts_on() {
    use iam_policy::__private::core::tables::Traits;
    use iam_policy::LoadedPolicy;
    let traits = |policy: &Policy<'_>| policy.tables().traits;
    // `FullAWSAccess` allows everything; so does the same document loaded at run time.
    assert!(traits(&FULL_AWS_ACCESS).has(Traits::ALLOWS_EVERYTHING | Traits::NO_DENY));
    let loaded = LoadedPolicy::from_json(
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(traits(&loaded.as_policy()), traits(&FULL_AWS_ACCESS));
    // A `Deny` with a condition: no claim about denies or the context.
    assert!(!traits(&DENY_REGIONS).has(Traits::NO_DENY));
    assert!(!traits(&DENY_REGIONS).has(Traits::NO_CONTEXT));
    assert!(!traits(&DENY_REGIONS).has(Traits::ALLOWS_EVERYTHING));
    // A `Deny` with `NotPrincipal`.
    assert!(!traits(&DENY_ALL_BUT_WRITER).has(Traits::NO_NOT_PRINCIPAL_DENY));
    assert!(traits(&CARLOS_BUCKET).has(Traits::NO_NOT_PRINCIPAL_DENY | Traits::NO_DENY));
    // Allows of whole services: decided by the service's first statement.
    assert!(traits(&ALLOW_S3_EC2).has(Traits::NO_DENY | Traits::NO_CONTEXT));
    assert!(traits(&ALLOW_S3_EC2).has(Traits::SERVICE_WIDE_ALLOWS));
    assert!(!traits(&ALLOW_S3_EC2).has(Traits::ALLOWS_EVERYTHING));
    // Exact actions, a resource, a `Deny`: none of those claims.
    for policy in [&CARLOS_IDENTITY, &CARLOS_BUCKET, &DENY_REGIONS, &KMS_USER] {
        assert!(!traits(policy).has(Traits::SERVICE_WIDE_ALLOWS));
        assert!(!traits(policy).has(Traits::ALLOWS_EVERYTHING));
    }
}
