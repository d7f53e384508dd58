//! The grammar layer: the JSON tree read into a typed [`document::Document`], reporting every
//! structural mistake. It looks nothing up in the service catalog.

pub(crate) mod action;
pub(crate) mod arn;
pub mod condition;
pub mod control;
pub mod document;
pub(crate) mod names;
pub mod operator;
pub mod principal;
pub(crate) mod read;
pub(crate) mod reader;
pub mod template;
pub mod values;
