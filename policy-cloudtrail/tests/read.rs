//! Reading CloudTrail as delivered: log files plain and gzipped, folders, JSON lines,
//! `lookup-events` output, Lake results; broken records reported with their place.

use std::io::Write;
use std::path::PathBuf;

use flate2::write::GzEncoder;
use iam_policy_cloudtrail::{read_paths, read_stream, Generator, Mapper, ReadError, Recorded};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The event names read from `text`, and the errors.
fn read_text(text: &[u8]) -> (Vec<String>, Vec<ReadError>) {
    let (mut names, mut errors) = (Vec::new(), Vec::new());
    read_stream("input", text, &mut |item| match item {
        Ok((place, record)) => names.push(format!(
            "{}#{}",
            record.event_name.as_deref().unwrap_or("-"),
            place.record
        )),
        Err(error) => errors.push(error),
    });
    (names, errors)
}

fn gzip(text: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(text).unwrap();
    encoder.finish().unwrap()
}

const LOG: &str = r#"{"Records": [
    {"eventName": "DescribeTrails", "eventSource": "cloudtrail.amazonaws.com"},
    {"eventName": "GetTrailStatus", "eventSource": "cloudtrail.amazonaws.com"}
]}"#;

#[test]
fn log_files_plain_or_gzipped_read_the_same() {
    let expected = vec![
        "DescribeTrails#1".to_string(),
        "GetTrailStatus#2".to_string(),
    ];
    assert_eq!(read_text(LOG.as_bytes()), (expected.clone(), vec![]));
    assert_eq!(read_text(&gzip(LOG.as_bytes())), (expected, vec![]));
}

#[test]
fn json_lines_lookup_events_and_lake_rows() {
    let lines = "{\"eventName\": \"A\"}\n{\"eventName\": \"B\", \"x\": {\"Records\": 1}}\n\n";
    assert_eq!(read_text(lines.as_bytes()).0, ["A#1", "B#2"]);
    let lookup = r#"{"Events": [{"EventId": "1", "CloudTrailEvent": "{\"eventName\": \"StopLogging\"}"}], "NextToken": "x"}"#;
    assert_eq!(read_text(lookup.as_bytes()).0, ["StopLogging#1"]);
    let lake = r#"{"QueryStatus": "FINISHED", "QueryResultRows": [
        [{"eventName": "StartLogging"}, {"userIdentity": "{\"type\": \"Root\"}"}],
        [{"eventName": "StopLogging"}]
    ]}"#;
    assert_eq!(
        read_text(lake.as_bytes()).0,
        ["StartLogging#1", "StopLogging#2"]
    );
}

#[test]
fn a_broken_record_is_reported_with_its_place_and_the_rest_is_read() {
    let text = r#"{"Records": [
        {"eventName": "A"},
        {"eventName": 12},
        {"eventName": "C", "userIdentity": "not an object"},
        {"eventName": "D"}
    ]}"#;
    let (names, errors) = read_text(text.as_bytes());
    assert_eq!(names, ["A#1", "D#4"]);
    let places: Vec<_> = errors.iter().map(|e| (e.file.as_str(), e.record)).collect();
    assert_eq!(places, [("input", Some(2)), ("input", Some(3))]);
    assert!(errors[0]
        .to_string()
        .starts_with("input: record 2: not a CloudTrail record"));
}

#[test]
fn a_truncated_file_keeps_the_records_before_the_break() {
    let text = r#"{"Records": [{"eventName": "A"}, {"eventName": "B", "#;
    let (names, errors) = read_text(text.as_bytes());
    assert_eq!(names, ["A#1"]);
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].message.contains("ends inside a value"),
        "{}",
        errors[0]
    );
    let (names, errors) = read_text(b"<html>");
    assert!(names.is_empty());
    assert!(errors[0].message.contains("not CloudTrail JSON"));
}

#[test]
fn folders_are_walked_in_name_order_with_gzip_and_plain_files() {
    let mut seen = Vec::new();
    let stats = read_paths(&[fixtures().join("invictus")], &mut |item| {
        let (place, record) = item.unwrap();
        if place.record == 1 {
            seen.push(
                PathBuf::from(place.file)
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
            );
        }
        assert!(record.event_source.is_some());
    });
    assert_eq!((stats.files, stats.records, stats.errors), (2, 77, 0));
    assert_eq!(
        seen,
        [
            "218007301253_CloudTrail_us-east-1_20230710T1205Z_UljXNp9xLp8nsAGc.json",
            "218007301253_CloudTrail_us-east-1_20230710T1230Z_9JM8uKEITHqwJKXr.json.gz"
        ]
    );
}

#[test]
fn a_missing_path_is_an_error_naming_it() {
    let mut errors = Vec::new();
    let stats = read_paths(&[fixtures().join("absent.json")], &mut |item| {
        errors.push(item.unwrap_err())
    });
    assert_eq!(stats.errors, 1);
    assert!(errors[0].to_string().contains("absent.json: cannot open"));
}

#[test]
fn the_seed_session_maps_to_the_guide_s_requests_and_context() {
    let mut mapper = Mapper::new();
    let mut calls = Vec::new();
    read_paths(&[fixtures().join("seed")], &mut |item| {
        let (_, record) = item.unwrap();
        let call = mapper.map(&record).unwrap();
        let context: Vec<String> = call
            .context_entries()
            .iter()
            .map(|(key, value)| format!("{key}={value:?}"))
            .collect();
        calls.push((
            call.actions[0].action.to_string(),
            call.actions[0].resources.clone(),
            call.recorded,
            context,
        ));
    });
    let trail = vec!["arn:aws:cloudtrail:us-east-1:111122223333:trail/Default".to_string()];
    let summary: Vec<_> = calls
        .iter()
        .map(|(a, r, o, _)| (a.as_str(), r, *o))
        .collect();
    assert_eq!(
        summary,
        [
            (
                "cloudtrail:DescribeTrails",
                &vec!["*".to_string()],
                Recorded::Allowed
            ),
            ("cloudtrail:GetTrailStatus", &trail, Recorded::Allowed),
            ("cloudtrail:StopLogging", &trail, Recorded::Denied),
            ("cloudtrail:StartLogging", &trail, Recorded::Denied),
        ]
    );
    let context = &calls[1].3;
    for expected in [
        r#"aws:SourceIp=String("198.51.100.23")"#,
        r#"aws:CurrentTime=String("2015-12-07T19:45:56Z")"#,
        r#"aws:EpochTime=String("1449517556")"#,
        r#"aws:RequestedRegion=String("us-east-1")"#,
        r#"aws:PrincipalAccount=String("111122223333")"#,
        r#"aws:username=String("devuser")"#,
        "aws:ViaAWSService=Bool(false)",
    ] {
        assert!(
            context.contains(&expected.to_string()),
            "{expected} in {context:?}"
        );
    }
    // Long-term keys: no MFA key, as in AWS.
    assert!(!context
        .iter()
        .any(|c| c.starts_with("aws:MultiFactorAuthPresent")));
}

#[test]
fn an_assumed_role_session_calls_with_its_role_mfa_and_called_via() {
    let record = iam_policy_cloudtrail::Record::parse(
        r#"{"eventSource": "s3.amazonaws.com", "eventName": "GetObject", "awsRegion": "eu-west-1",
            "requestParameters": {"bucketName": "reports", "key": "2024/q1.csv"},
            "tlsDetails": {"tlsVersion": "TLSv1.3"},
            "userIdentity": {"type": "AssumedRole", "accountId": "111122223333",
                "arn": "arn:aws:sts::111122223333:assumed-role/Reader/alice",
                "invokedBy": "athena.amazonaws.com",
                "sessionContext": {"attributes": {"mfaAuthenticated": "true"},
                    "sessionIssuer": {"type": "Role", "arn": "arn:aws:iam::111122223333:role/Reader"}}}}"#,
    )
    .unwrap();
    let call = Mapper::new().map(&record).unwrap();
    assert_eq!(
        call.actions[0].resources,
        ["arn:aws:s3:::reports/2024/q1.csv"]
    );
    assert!(call.is_by("arn:aws:iam::111122223333:role/Reader"));
    assert!(call.is_by("arn:aws:sts::111122223333:assumed-role/Reader/alice"));
    assert!(!call.is_by("arn:aws:iam::111122223333:role/Writer"));
    let context: Vec<String> = call
        .context_entries()
        .iter()
        .map(|(k, v)| format!("{k}={v:?}"))
        .collect();
    for expected in [
        r#"aws:MultiFactorAuthPresent=String("true")"#,
        r#"aws:PrincipalArn=String("arn:aws:iam::111122223333:role/Reader")"#,
        r#"aws:CalledVia=Strings(["athena.amazonaws.com"])"#,
        "aws:ViaAWSService=Bool(true)",
        "aws:SecureTransport=Bool(true)",
    ] {
        assert!(
            context.contains(&expected.to_string()),
            "{expected} in {context:?}"
        );
    }
}

#[test]
fn unmapped_records_say_why() {
    let mut mapper = Mapper::new();
    let reason = |text: &str| {
        let record = iam_policy_cloudtrail::Record::parse(text).unwrap();
        Mapper::new().map(&record).unwrap_err().to_string()
    };
    assert_eq!(
        reason(r#"{"eventSource": "signin.amazonaws.com", "eventName": "ConsoleLogin"}"#),
        "no known action for the operation `signin:ConsoleLogin`"
    );
    assert_eq!(
        reason(r#"{"eventSource": "cloudtrail.amazonaws.com", "eventName": "StopLogging"}"#),
        "the record names no resource of `cloudtrail:StopLogging` (trail)"
    );
    let record = iam_policy_cloudtrail::Record::parse("{}").unwrap();
    assert!(mapper.map(&record).is_err());
}

#[test]
fn generated_policies_pass_the_checker_with_no_finding() {
    let mut mapper = Mapper::new();
    let mut generator = Generator::new();
    read_paths(
        &[fixtures().join("invictus"), fixtures().join("seed")],
        &mut |item| {
            let (_, record) = item.unwrap();
            if let Ok(call) = mapper.map(&record) {
                generator.add(&call);
            }
        },
    );
    let json = generator.to_json();
    let checked = iam_policy_check::check_text(&json, &iam_policy_check::Options::default());
    assert!(
        checked.diagnostics.is_empty(),
        "{:?}\n{json}",
        checked.diagnostics
    );
    assert!(json.contains("\"cloudtrail:DescribeTrails\""), "{json}");
    assert!(
        !json.contains("cloudtrail:StopLogging"),
        "denied calls grant nothing: {json}"
    );
}

/// A long log whose records are read in windows: each record read is the one serde reads from
/// its own text, whatever the window cuts (multi-byte characters, escapes, invalid bytes).
#[test]
fn records_read_in_windows_are_those_serde_reads_one_by_one() {
    let kinds: [&[u8]; 5] = [
        r#"{"eventName": "GetObject", "userAgent": "café ☕", "x": {"y": ["é", 1.5e3, null]}}"#.as_bytes(),
        r#"{"eventName": "Stop\u004cogging", "requestParameters": {"name": "a\"b"}}"#.as_bytes(),
        b"{\"eventName\": \"A\", \"skipped\": \"\xff\xfe\"}",
        r#"{"eventName": 12}"#.as_bytes(),
        r#"{"eventName": "B", "tlsDetails": {"tlsVersion": "TLSv1.3"}, "resources": [{"ARN": "arn:aws:s3:::b"}]}"#.as_bytes(),
    ];
    let mut text = b"{\"Records\": [".to_vec();
    let mut expected = Vec::new();
    for i in 0..6000 {
        let kind = kinds[i % kinds.len()];
        if i > 0 {
            text.extend_from_slice(b",\n  ");
        }
        text.extend_from_slice(kind);
        // Records of different lengths, so that windows end anywhere in them.
        text.extend_from_slice(&b"   "[..i % 4]);
        expected.push(
            serde_json::from_slice::<iam_policy_cloudtrail::Record<'_>>(kind)
                .map(|record| format!("{record:?}"))
                .map_err(|_| i + 1),
        );
    }
    text.extend_from_slice(b"]}");
    for input in [text.clone(), gzip(&text)] {
        let mut read = Vec::new();
        read_stream("input", &input[..], &mut |item| match item {
            Ok((place, record)) => read.push((place.record, Ok(format!("{record:?}")))),
            Err(error) => read.push((error.record.unwrap_or(0), Err(error.record.unwrap_or(0)))),
        });
        let numbered: Vec<_> = expected
            .iter()
            .cloned()
            .enumerate()
            .map(|(i, e)| (i + 1, e))
            .collect();
        assert_eq!(read, numbered);
    }
}
