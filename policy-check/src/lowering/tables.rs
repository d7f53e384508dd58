//! Owned evaluator tables: what lowering builds, what the loader keeps and the macro emits.

use iam_policy_core::tables::{
    Condition, ConditionValue, ExactName, Pattern, Piece, PrincipalPattern, ResourcePattern,
    Service, ServiceStatement, Statement, Traits,
};
use iam_policy_core::Version;

/// The tables of one policy, owned. [`Tables::as_policy`] lends them to the evaluator;
/// [`Tables::to_rust`] writes them as a constant expression for `policy!`.
#[derive(Clone, Debug, PartialEq)]
#[allow(missing_docs)]
pub struct Tables {
    pub version: Version,
    pub pool: String,
    pub statements: Vec<Statement>,
    pub services: Vec<Service>,
    pub service_statements: Vec<ServiceStatement>,
    pub exact_names: Vec<ExactName>,
    pub action_filter: u64,
    pub unindexed: Vec<u32>,
    pub patterns: Vec<Pattern>,
    pub pieces: Vec<Piece>,
    pub resources: Vec<ResourcePattern>,
    pub principals: Vec<PrincipalPattern>,
    pub conditions: Vec<Condition>,
    pub values: Vec<ConditionValue>,
    /// What the statements say as a whole ([`Traits::of`]), found once lowering is done.
    pub traits: Traits,
}

impl Tables {
    /// Empty tables of the given version.
    pub fn new(version: Version) -> Self {
        Tables {
            version,
            pool: String::new(),
            statements: Vec::new(),
            services: Vec::new(),
            service_statements: Vec::new(),
            exact_names: Vec::new(),
            action_filter: 0,
            unindexed: Vec::new(),
            patterns: Vec::new(),
            pieces: Vec::new(),
            resources: Vec::new(),
            principals: Vec::new(),
            conditions: Vec::new(),
            values: Vec::new(),
            traits: Traits::NONE,
        }
    }
}
