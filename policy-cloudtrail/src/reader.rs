//! Reading CloudTrail as it is delivered, one record at a time.
//!
//! A source is a file (gzip or plain), a folder of them (walked in name order), or `-`
//! (standard input). Each file holds one of:
//!
//! - a CloudTrail log file: `{"Records": [RECORD, …]}` (what a trail delivers to S3);
//! - the output of `aws cloudtrail lookup-events`: `{"Events": [{"CloudTrailEvent": "RECORD"}, …]}`;
//! - a CloudTrail Lake result (`aws cloudtrail get-query-results`):
//!   `{"QueryResultRows": [[{"COLUMN": VALUE}, …], …]}`, each row read as a record whose fields
//!   are the selected columns (a column whose value is a string of JSON, such as a selected
//!   `userIdentity`, is read as that JSON);
//! - JSON lines (or any sequence of JSON objects): one record each.
//!
//! Only one record is held at a time, so memory does not grow with the number of records. A
//! record that is not valid is reported with its file and number and the rest is still read;
//! text that is not JSON at all stops its file (the scanner cannot find the next record).

use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use flate2::bufread::MultiGzDecoder;
use serde_json::Value;

use crate::quick::Quick;
use crate::record::Record;
use crate::scan::{ScanError, Scanner, Window};

/// Where a record comes from: its file and its number in that file (from 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place<'f> {
    pub file: &'f str,
    pub record: usize,
}

impl fmt::Display for Place<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: record {}", self.file, self.record)
    }
}

/// A record or a file that could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadError {
    pub file: String,
    /// The record's number in its file; `None` for the file itself.
    pub record: Option<usize>,
    pub message: String,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.record {
            Some(record) => write!(f, "{}: record {record}: {}", self.file, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for ReadError {}

/// What a read went through.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReadStats {
    pub files: usize,
    pub records: usize,
    pub errors: usize,
}

/// One item of a read: a record with its place, or an error.
pub type Item<'f, 'r> = Result<(Place<'f>, Record<'r>), ReadError>;

/// The files a folder walk reads: CloudTrail's `.json.gz`, and `.json`, `.jsonl`, `.ndjson`,
/// `.gz`.
pub fn is_log_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    !name.starts_with('.')
        && [".json", ".json.gz", ".jsonl", ".ndjson", ".gz"]
            .iter()
            .any(|ext| name.ends_with(ext))
}

/// The files of `paths`: files as given, folders walked in name order (log files only).
pub fn files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, ReadError> {
    let mut found = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk(path, &mut found)?;
        } else {
            found.push(path.clone());
        }
    }
    Ok(found)
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>) -> Result<(), ReadError> {
    let entries = std::fs::read_dir(dir).map_err(|e| ReadError {
        file: dir.display().to_string(),
        record: None,
        message: format!("cannot read the folder: {e}"),
    })?;
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            walk(&path, found)?;
        } else if is_log_file(&path) {
            found.push(path);
        }
    }
    Ok(())
}

/// Reads every record of `paths` (files, folders, `-`), in order, calling `visit` for each
/// record and each error.
///
/// ```no_run
/// let mut actions = 0;
/// let stats = iam_policy_cloudtrail::read_paths(&["logs/".into()], &mut |item| {
///     match item {
///         Ok((_place, record)) => actions += usize::from(record.event_name.is_some()),
///         Err(error) => eprintln!("{error}"),
///     }
/// });
/// println!("{} records in {} files", stats.records, stats.files);
/// ```
pub fn read_paths(paths: &[PathBuf], visit: &mut dyn FnMut(Item<'_, '_>)) -> ReadStats {
    let mut stats = ReadStats::default();
    let files = match files(paths) {
        Ok(files) => files,
        Err(error) => {
            stats.errors += 1;
            visit(Err(error));
            return stats;
        }
    };
    for path in files {
        let name = path.display().to_string();
        let result = if path == Path::new("-") {
            read_stream(&name, io::stdin().lock(), visit)
        } else {
            match File::open(&path) {
                Ok(file) => read_stream(&name, file, visit),
                Err(e) => {
                    stats.errors += 1;
                    visit(Err(ReadError {
                        file: name,
                        record: None,
                        message: format!("cannot open: {e}"),
                    }));
                    continue;
                }
            }
        };
        stats.files += 1;
        stats.records += result.records;
        stats.errors += result.errors;
    }
    stats
}

/// Reads the records of one stream (gzip or plain), named `file` in places and errors.
pub fn read_stream(file: &str, input: impl Read, visit: &mut dyn FnMut(Item<'_, '_>)) -> ReadStats {
    let mut input = BufReader::with_capacity(1 << 16, input);
    let gzip = match input.fill_buf() {
        Ok(start) => start.starts_with(&[0x1f, 0x8b]),
        Err(e) => {
            visit(Err(ReadError {
                file: file.to_string(),
                record: None,
                message: format!("cannot read: {e}"),
            }));
            return ReadStats {
                files: 1,
                records: 0,
                errors: 1,
            };
        }
    };
    let mut file_reader = FileReader {
        file,
        visit,
        stats: ReadStats {
            files: 1,
            ..ReadStats::default()
        },
        number: 0,
        buffer: Vec::new(),
    };
    let result = if gzip {
        file_reader.read(Scanner::new(Window::new(MultiGzDecoder::new(input))))
    } else {
        file_reader.read(Scanner::new(Window::new(input)))
    };
    if let Err(error) = result {
        let record = (file_reader.number > 0).then_some(file_reader.number);
        file_reader.error(record, error.to_string());
    }
    file_reader.stats
}

/// The state of one file's read.
struct FileReader<'f, 'v> {
    file: &'f str,
    visit: &'v mut dyn FnMut(Item<'_, '_>),
    stats: ReadStats,
    /// The number of the last record taken.
    number: usize,
    buffer: Vec<u8>,
}

/// The text of a window checked as UTF-8 at first (then sixteen times as much, as needed).
const FIRST_CHECK: usize = 4 << 10;

/// What the elements of a records' array are.
#[derive(Clone, Copy)]
enum Shape {
    LogFile,
    LookupEvents,
    LakeRows,
}

impl FileReader<'_, '_> {
    fn error(&mut self, record: Option<usize>, message: String) {
        self.stats.errors += 1;
        (self.visit)(Err(ReadError {
            file: self.file.to_string(),
            record,
            message,
        }));
    }

    fn read<R: Read>(&mut self, mut scanner: Scanner<Window<R>>) -> Result<(), ScanError> {
        loop {
            match scanner.peek()? {
                None => return Ok(()),
                Some(b'{') => self.object(&mut scanner)?,
                Some(b'[') => self.array(&mut scanner, Shape::LogFile)?,
                Some(other) => {
                    return Err(ScanError::Syntax(format!(
                        "not CloudTrail JSON: `{}` where a record or a `Records` object belongs",
                        char::from(other).escape_default()
                    )))
                }
            }
        }
    }

    /// A top-level object: a wrapper whose records' array is streamed (`Records`, `Events`,
    /// `QueryResultRows`), or else a record of JSON lines, rebuilt from its members.
    fn object<R: Read>(&mut self, scanner: &mut Scanner<Window<R>>) -> Result<(), ScanError> {
        scanner.expect(b'{', "`{`")?;
        let mut text = vec![b'{'];
        let mut key = Vec::new();
        let mut value = Vec::new();
        let mut wrapper = false;
        let mut too_long = false;
        if scanner.peek()? != Some(b'}') {
            loop {
                scanner.value(&mut key)?;
                scanner.expect(b':', "`:`")?;
                let shape = match key.as_slice() {
                    b"\"Records\"" => Some(Shape::LogFile),
                    b"\"Events\"" => Some(Shape::LookupEvents),
                    b"\"QueryResultRows\"" => Some(Shape::LakeRows),
                    _ => None,
                };
                match shape {
                    Some(shape) if scanner.peek()? == Some(b'[') => {
                        wrapper = true;
                        self.array(scanner, shape)?;
                    }
                    _ => {
                        match scanner.value(&mut value) {
                            Ok(()) => {}
                            Err(ScanError::TooLong) => too_long = true,
                            Err(other) => return Err(other),
                        }
                        if !wrapper && !too_long {
                            if text.len() > 1 {
                                text.push(b',');
                            }
                            text.extend_from_slice(&key);
                            text.push(b':');
                            text.extend_from_slice(&value);
                            too_long = text.len() > crate::scan::MAX_VALUE_BYTES;
                        }
                    }
                }
                if !scanner.separator(b'}')? {
                    break;
                }
            }
        } else {
            scanner.separator(b'}')?;
        }
        if !wrapper {
            self.number += 1;
            if too_long {
                self.error(Some(self.number), ScanError::TooLong.to_string());
            } else {
                text.push(b'}');
                self.emit(&text, Shape::LogFile);
            }
        }
        Ok(())
    }

    /// Reads the records of a JSON array.
    fn array<R: Read>(
        &mut self,
        scanner: &mut Scanner<Window<R>>,
        shape: Shape,
    ) -> Result<(), ScanError> {
        scanner.expect(b'[', "`[`")?;
        if scanner.peek()? == Some(b']') {
            return scanner.separator(b']').map(|_| ());
        }
        loop {
            // Valid records are parsed where they lie; the scanner cuts out the others.
            if matches!(shape, Shape::LogFile) && self.parse_in_place(scanner)? {
                if !scanner.separator(b']')? {
                    return Ok(());
                }
                continue;
            }
            let mut buffer = std::mem::take(&mut self.buffer);
            let taken = scanner.value(&mut buffer);
            self.number += 1;
            match taken {
                Ok(()) => self.emit(&buffer, shape),
                Err(ScanError::TooLong) => {
                    self.error(Some(self.number), ScanError::TooLong.to_string())
                }
                Err(other) => return Err(other),
            }
            self.buffer = buffer;
            if !scanner.separator(b']')? {
                return Ok(());
            }
        }
    }

    /// Parses the next records where they lie in the window, without cutting them out first;
    /// false when the next is not a valid record (the caller then cuts it out and reports it).
    fn parse_in_place<R: Read>(
        &mut self,
        scanner: &mut Scanner<Window<R>>,
    ) -> Result<bool, ScanError> {
        let window = scanner.input_mut();
        loop {
            let held = window.held();
            let fits = held.len() <= crate::scan::MAX_VALUE_BYTES;
            // The window's text is checked as UTF-8 once for all the records it holds, a part
            // at first (growing while records fill it), so that a record left to serde does
            // not cost a check of the whole window.
            let mut checked = held.len().min(FIRST_CHECK);
            let (mut text, mut cut) = crate::quick::valid_prefix(&held[..checked]);
            let mut used = 0;
            let mut stop = Quick::Other;
            while let Some(start) = crate::quick::next_record(text, used) {
                match crate::quick::parse(&text[start..]) {
                    Quick::Record(record, length) => {
                        self.take(record);
                        used = start + length;
                    }
                    Quick::Incomplete if !cut && checked < held.len() => {
                        checked = held.len().min(checked * 16);
                        (text, cut) = crate::quick::valid_prefix(&held[..checked]);
                    }
                    other => {
                        stop = other;
                        break;
                    }
                }
            }
            if used > 0 {
                // The caller reads the separator after the last record taken.
                window.consume(used);
                window.shrink();
                return Ok(true);
            }
            // Otherwise serde decides, and names what is wrong.
            let incomplete = matches!(stop, Quick::Incomplete) && !cut;
            if !(incomplete && fits && window.fill_more()?) {
                break;
            }
        }
        loop {
            let held = window.held();
            let mut stream = serde_json::Deserializer::from_slice(held).into_iter::<Record<'_>>();
            match stream.next() {
                Some(Ok(record)) => {
                    let used = stream.byte_offset();
                    self.take(record);
                    window.consume(used);
                    window.shrink();
                    return Ok(true);
                }
                Some(Err(error)) if error.is_eof() => {
                    if held.len() > crate::scan::MAX_VALUE_BYTES || !window.fill_more()? {
                        return Ok(false);
                    }
                }
                _ => return Ok(false),
            }
        }
    }

    /// Hands the next record to the visitor.
    fn take(&mut self, record: Record<'_>) {
        self.number += 1;
        self.stats.records += 1;
        let place = Place {
            file: self.file,
            record: self.number,
        };
        (self.visit)(Ok((place, record)));
    }

    /// Parses one element and hands it to the visitor.
    fn emit(&mut self, text: &[u8], shape: Shape) {
        let owned;
        let text = match shape {
            Shape::LogFile => text,
            Shape::LookupEvents => match lookup_event(text) {
                Ok(record) => {
                    owned = record;
                    owned.as_bytes()
                }
                Err(message) => return self.error(Some(self.number), message),
            },
            Shape::LakeRows => match lake_row(text) {
                Ok(record) => {
                    owned = record;
                    owned.as_bytes()
                }
                Err(message) => return self.error(Some(self.number), message),
            },
        };
        match Record::parse_bytes(text) {
            Ok(record) => {
                self.stats.records += 1;
                let place = Place {
                    file: self.file,
                    record: self.number,
                };
                (self.visit)(Ok((place, record)));
            }
            Err(e) => self.error(Some(self.number), format!("not a CloudTrail record: {e}")),
        }
    }
}

/// `{"CloudTrailEvent": "RECORD", …}` of `lookup-events`: the record's text.
fn lookup_event(text: &[u8]) -> Result<String, String> {
    #[derive(serde::Deserialize)]
    struct Event {
        #[serde(rename = "CloudTrailEvent")]
        event: Option<String>,
    }
    let event: Event = serde_json::from_slice(text).map_err(|e| format!("not an event: {e}"))?;
    event
        .event
        .ok_or_else(|| "an event without `CloudTrailEvent`".to_string())
}

/// A row of a Lake result, `[{"COLUMN": VALUE}, …]`, as one record object.
fn lake_row(text: &[u8]) -> Result<String, String> {
    let cells: Vec<serde_json::Map<String, Value>> =
        serde_json::from_slice(text).map_err(|e| format!("not a CloudTrail Lake row: {e}"))?;
    let mut record = serde_json::Map::new();
    for cell in cells {
        for (column, value) in cell {
            let value = match value {
                Value::String(text) if text.starts_with(['{', '[']) => {
                    serde_json::from_str(&text).unwrap_or(Value::String(text))
                }
                other => other,
            };
            record.insert(column, value);
        }
    }
    Ok(Value::Object(record).to_string())
}
