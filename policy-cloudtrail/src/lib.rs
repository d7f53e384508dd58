//! CloudTrail for `policy`: read CloudTrail logs as they are delivered, turn each recorded call
//! into the IAM requests AWS decided, replay them against policies, and generate the
//! least-privilege policy of what a principal did.
//!
//! ```
//! use iam_policy_cloudtrail::{read_stream, Mapper, Recorded};
//!
//! let log = br#"{"Records": [{
//!     "eventID": "1", "eventSource": "cloudtrail.amazonaws.com", "eventName": "GetTrailStatus",
//!     "awsRegion": "us-east-1", "recipientAccountId": "111122223333",
//!     "requestParameters": {"name": "Default"},
//!     "userIdentity": {"type": "IAMUser", "arn": "arn:aws:iam::111122223333:user/dev"}
//! }]}"#;
//! let mut mapper = Mapper::new();
//! let mut actions = Vec::new();
//! read_stream("log.json", &log[..], &mut |item| {
//!     let (_place, record) = item.unwrap();
//!     let call = mapper.map(&record).unwrap();
//!     assert_eq!(call.recorded, Recorded::Allowed);
//!     actions.push(call.actions[0].action.to_string());
//! });
//! assert_eq!(actions, ["cloudtrail:GetTrailStatus"]);
//! ```

pub mod call;
pub mod generate;
pub mod operations;
mod parameters;
mod quick;
mod reader;
pub mod record;
pub mod replay;
mod resources;
mod scan;

pub use call::{ActionCall, Call, Mapper, Recorded, Unmapped};
pub use generate::Generator;
pub use reader::{files, is_log_file, read_paths, read_stream, Item, Place, ReadError, ReadStats};
pub use record::Record;
pub use replay::{Change, Replay, Verdict};
pub use scan::MAX_VALUE_BYTES;
