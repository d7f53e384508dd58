//! The application's own services: `policy-catalog.json` next to the crate's `Cargo.toml`,
//! read once per compilation (and again only when it changes) and tracked so that editing it
//! rebuilds the crate.

use std::path::{Path, PathBuf};
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
    let Some(path) = catalog_path() else {
        return (options, TokenStream::new());
    };
    let track = track(&path);
    match load(&path) {
        Ok(catalog) => {
            options.catalog = Some(catalog);
            (options, track)
        }
        Err(message) => {
            let mut out = track;
            out.extend(error_at(Span::call_site(), &message));
            (options, out)
        }
    }
}

/// Expands `$crate` (the facade's path) to an expression of type `Options`: an identity
/// policy's options with the crate's `policy-catalog.json`, checked now, embedded in the
/// program and read once at run time.
pub fn embed(krate: TokenStream) -> TokenStream {
    let Some(path) = catalog_path() else {
        let error = error_at(
            Span::call_site(),
            &format!(
                "`app_options!()` found no `{FILE}` next to the crate's `Cargo.toml`: \
                 it declares the application's own services"
            ),
        );
        return quote!({ #error #krate::Options::default() });
    };
    let track = track(&path);
    match load(&path) {
        Ok(_) => {
            let shown = path.to_string_lossy().into_owned();
            quote!({
                #track
                static CATALOG: #krate::__private::EmbeddedCatalog =
                    #krate::__private::EmbeddedCatalog::new(::core::include_str!(#shown));
                CATALOG.options()
            })
        }
        Err(message) => {
            let error = error_at(Span::call_site(), &message);
            quote!({ #track #error #krate::Options::default() })
        }
    }
}

/// The catalog file of the crate being built, if it exists.
fn catalog_path() -> Option<PathBuf> {
    let dir = std::env::var_os("CARGO_MANIFEST_DIR")?;
    let path = PathBuf::from(dir).join(FILE);
    path.exists().then_some(path)
}

/// Tokens that make the crate rebuild when the file at `path` changes.
fn track(path: &Path) -> TokenStream {
    let shown = path.to_string_lossy().into_owned();
    quote!(
        const _: &[u8] = ::core::include_bytes!(#shown);
    )
}

/// The catalog at `path`, read once per compilation (and again only when it changes), or why
/// it cannot be read.
fn load(path: &Path) -> Result<CustomCatalog, String> {
    let shown = path.to_string_lossy().into_owned();
    let metadata = std::fs::metadata(path).map_err(|e| format!("cannot read `{shown}`: {e}"))?;
    let modified = metadata.modified().ok();
    let len = metadata.len();
    let mut cache = CACHE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let fresh = |c: &Cached| c.path == path && c.modified == modified && c.len == len;
    if let Some(cached) = cache.iter().find(|c| fresh(c)) {
        return cached.catalog.clone();
    }
    let catalog = match std::fs::read_to_string(path) {
        Ok(text) => Catalog::from_json(&text)
            .map(CustomCatalog::new)
            .map_err(|e| format!("{FILE}:{e}")),
        Err(e) => Err(format!("cannot read `{shown}`: {e}")),
    };
    cache.retain(|c| c.path != path);
    cache.push(Cached {
        path: path.to_path_buf(),
        modified,
        len,
        catalog: catalog.clone(),
    });
    catalog
}
