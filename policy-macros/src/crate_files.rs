//! Files of the crate being compiled that shape every check: `policy-catalog.json` (the
//! application's own services) and the lint table of `Cargo.toml`
//! (`[package.metadata.policy.lints]`). Each is read once per compilation, again only when it
//! changes, and tracked so that editing it rebuilds the crate.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

use iam_policy_check::catalog::{Catalog, CustomCatalog};
use iam_policy_check::levels::LintLevels;
use iam_policy_check::{Options, PolicyKind};
use proc_macro2::{Span, TokenStream};
use quote::quote;

use crate::expand::error_at;

/// The application's catalog, in the directory of the crate's `Cargo.toml`.
pub const CATALOG_FILE: &str = "policy-catalog.json";

/// The table of `Cargo.toml` that sets the crate's lint levels.
pub const LINTS_TABLE: &str = "package.metadata.policy.lints";

/// One file as read, with what identifies its version on disk.
struct Cached<T> {
    path: PathBuf,
    modified: Option<SystemTime>,
    len: u64,
    value: Result<T, String>,
}

static CATALOGS: Mutex<Vec<Cached<CustomCatalog>>> = Mutex::new(Vec::new());
static LINTS: Mutex<Vec<Cached<LintLevels>>> = Mutex::new(Vec::new());

/// The options of a check in this crate, and the tokens that track its files (or report why
/// one cannot be read).
pub fn options(kind: PolicyKind) -> (Options, TokenStream) {
    let mut options = Options::default().with_kind(kind);
    let mut out = TokenStream::new();
    let Some(dir) = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from) else {
        return (options, out);
    };
    options.catalog = read(&CATALOGS, &dir.join(CATALOG_FILE), &mut out, read_catalog);
    let levels = read(&LINTS, &dir.join("Cargo.toml"), &mut out, |text| {
        LintLevels::from_toml(text, LINTS_TABLE)
            .map_err(|e| format!("Cargo.toml, `[{LINTS_TABLE}]`, {e}"))
    });
    options.levels = levels.unwrap_or_default();
    (options, out)
}

/// Expands `$crate` (the facade's path) to an expression of type `Options`: an identity
/// policy's options with the crate's `policy-catalog.json`, checked now, embedded in the
/// program and read once at run time (`app_options!`).
pub fn embed_catalog(krate: TokenStream) -> TokenStream {
    let mut out = TokenStream::new();
    let path = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(|dir| PathBuf::from(dir).join(CATALOG_FILE))
        .filter(|path| path.exists());
    let Some(path) = path else {
        let error = error_at(
            Span::call_site(),
            &format!(
                "`app_options!()` found no `{CATALOG_FILE}` next to the crate's `Cargo.toml`: \
                 it declares the application's own services"
            ),
        );
        return quote!({ #error #krate::Options::default() });
    };
    match read(&CATALOGS, &path, &mut out, read_catalog) {
        Some(_) => {
            let shown = path.to_string_lossy().into_owned();
            quote!({
                #out
                static CATALOG: #krate::__private::EmbeddedCatalog =
                    #krate::__private::EmbeddedCatalog::new(::core::include_str!(#shown));
                CATALOG.options()
            })
        }
        // `out` holds the error.
        None => quote!({ #out #krate::Options::default() }),
    }
}

fn read_catalog(text: &str) -> Result<CustomCatalog, String> {
    Catalog::from_json(text)
        .map(CustomCatalog::new)
        .map_err(|e| format!("{CATALOG_FILE}:{e}"))
}

/// The value of the file at `path` when it exists, from the cache while the file is unchanged.
/// Adds to `out` the tokens that track the file, and an error at the call site when it does
/// not read.
fn read<T: Clone>(
    cache: &Mutex<Vec<Cached<T>>>,
    path: &Path,
    out: &mut TokenStream,
    parse: impl FnOnce(&str) -> Result<T, String>,
) -> Option<T> {
    let metadata = std::fs::metadata(path).ok()?;
    let shown = path.to_string_lossy().into_owned();
    out.extend(quote!(
        const _: &[u8] = ::core::include_bytes!(#shown);
    ));
    let modified = metadata.modified().ok();
    let len = metadata.len();
    let mut cache = cache
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let fresh = |c: &Cached<T>| c.path == path && c.modified == modified && c.len == len;
    let index = match cache.iter().position(fresh) {
        Some(index) => index,
        None => {
            let value = match std::fs::read_to_string(path) {
                Ok(text) => parse(&text),
                Err(e) => Err(format!("cannot read `{shown}`: {e}")),
            };
            cache.retain(|c| c.path != path);
            cache.push(Cached {
                path: path.to_path_buf(),
                modified,
                len,
                value,
            });
            cache.len() - 1
        }
    };
    match &cache[index].value {
        Ok(value) => Some(value.clone()),
        Err(message) => {
            out.extend(error_at(Span::call_site(), message));
            None
        }
    }
}
