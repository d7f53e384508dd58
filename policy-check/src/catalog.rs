//! The service catalog: what AWS services, actions and resource types exist.

use std::sync::OnceLock;

/// The AWS service catalog, generated from public data and loaded once per process.
#[derive(Debug)]
pub struct Catalog {
    prefixes: Vec<&'static str>,
}

static SERVICES: &str = include_str!("../data/services.txt");

impl Catalog {
    /// The catalog of AWS services, loaded on first use.
    pub fn get() -> &'static Catalog {
        static CATALOG: OnceLock<Catalog> = OnceLock::new();
        CATALOG.get_or_init(|| Catalog {
            prefixes: SERVICES.lines().filter(|l| !l.is_empty()).collect(),
        })
    }

    /// Whether `prefix` names a service (case-insensitive).
    pub fn has_service(&self, prefix: &str) -> bool {
        let lower = prefix.to_ascii_lowercase();
        self.prefixes.binary_search(&lower.as_str()).is_ok()
    }

    /// Every service prefix, sorted.
    pub fn service_prefixes(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.prefixes.iter().copied()
    }

    /// The prefix of the one service that has an action named `name`, if exactly one has.
    pub fn service_of_action(&self, _name: &str) -> Option<&'static str> {
        None
    }
}
