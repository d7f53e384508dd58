//! The lowering layer: a clean [`crate::document::Document`] lowered to the evaluator's tables,
//! and the tables written as Rust code for `policy!`.

pub(crate) mod codegen;
mod conditions;
pub mod lower;
mod principals;
pub(crate) mod tables;
