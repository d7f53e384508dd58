//! The application's own services: `policy-catalog.json` next to the crate's `Cargo.toml`,
//! read once per compilation (and again only when it changes) and tracked so that editing it
//! rebuilds the crate.

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::SystemTime;

use policy_check::catalog::{Catalog, CustomCatalog};
use policy_check::{Options, PolicyKind};
use proc_macro2::{Span, TokenStream};
use quote::quote;

use crate::expand::error_at;

/// The file name, in the directory of the crate's `Cargo.toml`.
pub const FILE: &str = "policy-catalog.json";

struct Cached {
    path: PathBuf,
    modified: Option<SystemTime>,
    len: u64,
    catalog: Result<CustomCatalog, String>,
}

static CACHE: Mutex<Vec<Cached>> = Mutex::new(Vec::new());

/// The options of a check in this crate, and the tokens that track the catalog file (or report
/// why it cannot be read).
pub fn options(kind: PolicyKind) -> (Options, TokenStream) {
    let mut options = Options::default().with_kind(kind);
    let Some(dir) = std::env::var_os("CARGO_MANIFEST_DIR") else {
        return (options, TokenStream::new());
    };
    let path = PathBuf::from(dir).join(FILE);
    let Ok(metadata) = std::fs::metadata(&path) else {
        return (options, TokenStream::new());
    };
    let shown = path.to_string_lossy().into_owned();
    let track = quote!(
        const _: &[u8] = ::core::include_bytes!(#shown);
    );
    let modified = metadata.modified().ok();
    let len = metadata.len();
    let mut cache = CACHE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let fresh = |c: &Cached| c.path == path && c.modified == modified && c.len == len;
    let index = match cache.iter().position(fresh) {
        Some(index) => index,
        None => {
            let catalog = match std::fs::read_to_string(&path) {
                Ok(text) => Catalog::from_json(&text)
                    .map(CustomCatalog::new)
                    .map_err(|e| format!("{FILE}:{e}")),
                Err(e) => Err(format!("cannot read `{shown}`: {e}")),
            };
            cache.retain(|c| c.path != path);
            cache.push(Cached {
                path: path.clone(),
                modified,
                len,
                catalog,
            });
            cache.len() - 1
        }
    };
    match &cache[index].catalog {
        Ok(catalog) => {
            options.catalog = Some(catalog.clone());
            (options, track)
        }
        Err(message) => {
            let mut out = track;
            out.extend(error_at(Span::call_site(), message));
            (options, out)
        }
    }
}
