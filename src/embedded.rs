//! The application's catalog embedded at compile time by [`app_options!`](crate::app_options).

use std::sync::OnceLock;

use iam_policy_check::catalog::{Catalog, CustomCatalog};
use iam_policy_check::Options;

/// The text of a crate's `policy-catalog.json`, read on first use. Built by `app_options!`,
/// which has already checked the text at compile time with the same reader.
#[doc(hidden)]
pub struct EmbeddedCatalog {
    text: &'static str,
    catalog: OnceLock<Option<CustomCatalog>>,
}

impl EmbeddedCatalog {
    /// The catalog of `text`, not read yet.
    pub const fn new(text: &'static str) -> Self {
        EmbeddedCatalog {
            text,
            catalog: OnceLock::new(),
        }
    }

    /// The options of an identity policy checked against the embedded catalog besides AWS's.
    /// The text was read without error when the crate was built; were it to fail now, the
    /// options would know AWS's services only, so that the application's actions are refused
    /// (fail closed) rather than accepted unchecked.
    pub fn options(&self) -> Options {
        let catalog = self
            .catalog
            .get_or_init(|| Catalog::from_json(self.text).ok().map(CustomCatalog::new));
        match catalog {
            Some(catalog) => Options::default().with_catalog(catalog.clone()),
            None => Options::default(),
        }
    }
}
