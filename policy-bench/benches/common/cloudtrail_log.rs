//! The CloudTrail log of the `cloudtrail` bench and of the `cloudtrail_one` example: the
//! repository's sample records (`policy-cloudtrail/tests/fixtures`: 77 of the Invictus set and
//! the seed's 4), repeated into one gzip log file.

use std::io::{Read, Write};
use std::path::Path;

/// The records of the fixtures, each as its JSON text.
pub fn fixture_records() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../policy-cloudtrail/tests/fixtures");
    let mut texts = Vec::new();
    for file in iam_policy_cloudtrail::files(&[root.join("invictus"), root.join("seed")])
        .unwrap_or_else(|e| panic!("{e}"))
    {
        let bytes = std::fs::read(&file).expect("a readable fixture");
        let mut text = Vec::new();
        if bytes.starts_with(&[0x1f, 0x8b]) {
            flate2::read::MultiGzDecoder::new(&bytes[..])
                .read_to_end(&mut text)
                .expect("a gzip fixture");
        } else {
            text = bytes;
        }
        let log: serde_json::Value = serde_json::from_slice(&text).expect("a JSON fixture");
        for record in log["Records"].as_array().expect("a log file") {
            texts.push(record.to_string());
        }
    }
    assert_eq!(texts.len(), 81, "the fixtures' records");
    texts
}

/// Writes one gzip log file of `count` records, the fixtures' repeated, into `out`.
pub fn write_gzip_log<W: Write>(out: W, count: usize) -> W {
    let records = fixture_records();
    let mut encoder = flate2::write::GzEncoder::new(out, flate2::Compression::default());
    encoder.write_all(b"{\"Records\":[").unwrap();
    for (i, record) in records.iter().cycle().take(count).enumerate() {
        if i > 0 {
            encoder.write_all(b",").unwrap();
        }
        encoder.write_all(record.as_bytes()).unwrap();
    }
    encoder.write_all(b"]}").unwrap();
    encoder.finish().unwrap()
}
