//! Hard limits that protect the process from hostile documents.

/// Hard limits on what the checker reads. Exceeding one is an error (`LIMIT_EXCEEDED`).
///
/// They protect the process, not IAM's quotas (those are warnings). The defaults are far above
/// any real policy: a 10,000-statement policy of 1.5 MB loads with them.
///
/// ```
/// let limits = policy_check::Limits { max_document_bytes: 50 << 20, ..Default::default() };
/// assert_eq!(limits.max_depth, 32);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Size of JSON text, in bytes (10 MiB: IAM accepts 131,072 characters).
    pub max_document_bytes: usize,
    /// Nesting of arrays and objects (32: a policy with conditions nests 6 deep).
    pub max_depth: usize,
    /// Length of one string, in bytes (1 MiB).
    pub max_string_bytes: usize,
    /// Entries of one array or object, statements included (100,000).
    pub max_values: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_document_bytes: 10 << 20,
            max_depth: 32,
            max_string_bytes: 1 << 20,
            max_values: 100_000,
        }
    }
}
