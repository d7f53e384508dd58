//! The syntax layer: JSON text or tokens read into a tree that keeps every value's location,
//! within the checker's limits.

pub(crate) mod characters;
pub mod json;
pub mod lexer;
pub(crate) mod limits;
pub(crate) mod position;
