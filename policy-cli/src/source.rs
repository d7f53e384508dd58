//! Reading policy files: standard input for `-`, size limits before reading, UTF-8.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use iam_policy_check::lint;
use iam_policy_check::{Diagnostic, Limits, Loc};

/// A file's name as shown in reports, and its text.
#[derive(Debug)]
pub struct Source {
    /// The path as given, or `<stdin>`.
    pub name: String,
    /// The text (for a file that is not a document, what there is to show).
    pub text: String,
}

/// Why a file gives no document to check.
#[derive(Debug)]
pub enum Problem {
    /// It cannot be read (missing, a directory, no permission): a usage or I/O problem.
    Io(String),
    /// It was read but is not a document the checker can take (too large, not UTF-8): an
    /// error finding about the file.
    Finding(Source, Diagnostic),
}

/// The name reports use for standard input.
pub const STDIN_NAME: &str = "<stdin>";

/// The name reports use for `path`.
pub fn display_name(path: &Path) -> String {
    if path == Path::new("-") {
        STDIN_NAME.to_string()
    } else {
        path.display().to_string()
    }
}

/// Reads a policy file (`-`: standard input), never more than the document limit plus one byte.
pub fn read(path: &Path, limits: &Limits) -> Result<Source, Problem> {
    let name = display_name(path);
    let bytes = if path == Path::new("-") {
        read_limited(io::stdin().lock(), limits.max_document_bytes, None)
    } else {
        let file = open(path, &name)?;
        let size = file.metadata().ok().map(|m| m.len());
        read_limited(file, limits.max_document_bytes, size)
    };
    let (bytes, size) = bytes.map_err(|e| Problem::Io(format!("cannot read `{name}`: {e}")))?;
    if bytes.len() > limits.max_document_bytes {
        let size = match size {
            Some(size) => format!("{size} bytes"),
            None => "more bytes".to_string(),
        };
        let diagnostic = Diagnostic::new(
            lint::LIMIT_EXCEEDED,
            Loc::new(0, 0),
            format!(
                "the document is {size}, more than the limit of {} bytes",
                limits.max_document_bytes
            ),
        )
        .with_help("raise `--max-document-bytes` if this is intended");
        let text = first_line(&bytes);
        return Err(Problem::Finding(Source { name, text }, diagnostic));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Source { name, text }),
        Err(error) => {
            let at = error.utf8_error().valid_up_to();
            let bytes = error.into_bytes();
            let bad = bytes.get(at).copied().unwrap_or(0);
            let text = String::from_utf8_lossy(&bytes).into_owned();
            // The lossy text has U+FFFD where the bad byte was: point there.
            let valid = String::from_utf8_lossy(&bytes[..at]).len() as u32;
            let diagnostic = Diagnostic::new(
                lint::JSON_SYNTAX_ERROR,
                Loc::new(valid, valid + '\u{fffd}'.len_utf8() as u32),
                format!("the file is not UTF-8 text: byte 0x{bad:02X} at offset {at}"),
            )
            .with_help("save the policy as UTF-8");
            Err(Problem::Finding(Source { name, text }, diagnostic))
        }
    }
}

fn open(path: &Path, name: &str) -> Result<File, Problem> {
    let metadata = std::fs::metadata(path).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => Problem::Io(format!("`{name}`: no such file")),
        _ => Problem::Io(format!("cannot read `{name}`: {e}")),
    })?;
    if metadata.is_dir() {
        return Err(Problem::Io(format!(
            "`{name}` is a directory, not a policy file"
        )));
    }
    File::open(path).map_err(|e| Problem::Io(format!("cannot open `{name}`: {e}")))
}

/// Reads at most `limit + 1` bytes; returns them and the full size when it is known.
fn read_limited(
    reader: impl Read,
    limit: usize,
    size: Option<u64>,
) -> io::Result<(Vec<u8>, Option<u64>)> {
    let mut bytes = Vec::new();
    let cap = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    reader.take(cap).read_to_end(&mut bytes)?;
    Ok((bytes, size))
}

/// The first line of a file too large to check, for the report (at most 200 bytes).
fn first_line(bytes: &[u8]) -> String {
    let end = bytes
        .iter()
        .take(200)
        .position(|b| *b == b'\n')
        .unwrap_or(bytes.len().min(200));
    String::from_utf8_lossy(&bytes[..end]).into_owned()
}
