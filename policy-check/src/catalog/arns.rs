//! ARN templates of resource types, field by field, and the lookup of the resource types a
//! policy's ARN may name (with what each requires of the region and account fields).

use super::{Catalog, ResourceType, Service};

/// The fields of a catalog ARN template (`arn:${Partition}:s3:::${BucketName}`), exactly as
/// AWS documents them: an empty field means the ARN of that type has nothing there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ArnTemplate<'t> {
    /// `${Partition}`, or a fixed partition (an application's own).
    pub partition: &'t str,
    /// The service field (`s3`); a few templates hold a placeholder here.
    pub service: &'t str,
    /// `${Region}`, empty, or fixed text.
    pub region: &'t str,
    /// `${Account}`, empty, or fixed text (`aws` for AWS-owned resources).
    pub account: &'t str,
    /// Everything after the fifth `:`.
    pub resource: &'t str,
}

impl<'t> ArnTemplate<'t> {
    /// The fields of `template`; `None` when it has fewer than six.
    ///
    /// ```
    /// use iam_policy_check::catalog::ArnTemplate;
    /// let t = ArnTemplate::parse("arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}").unwrap();
    /// assert!(t.region_is_empty() && !t.account_is_empty());
    /// assert_eq!(t.resource, "role/${RoleNameWithPath}");
    /// ```
    pub fn parse(template: &'t str) -> Option<Self> {
        crate::grammar::arn::split(template).map(Self::from_fields)
    }

    /// The template of an ARN's six fields (`arn` first, then partition, service, region,
    /// account and resource), as [`split`](crate::grammar::arn::split) gives them.
    pub(crate) fn from_fields(fields: [&'t str; 6]) -> Self {
        let [_, partition, service, region, account, resource] = fields;
        ArnTemplate {
            partition,
            service,
            region,
            account,
            resource,
        }
    }

    /// Whether ARNs of this type have an empty region field (S3 buckets, IAM roles).
    pub fn region_is_empty(&self) -> bool {
        self.region.is_empty()
    }

    /// Whether ARNs of this type have an empty account field (S3 buckets).
    pub fn account_is_empty(&self) -> bool {
        self.account.is_empty()
    }
}

/// A resource type that a policy's ARN may name: the service, the type, its template's fields.
#[derive(Clone, Copy, Debug)]
pub struct ArnMatch<'c> {
    /// The service the type belongs to.
    pub service: &'c Service,
    /// The type.
    pub resource_type: &'c ResourceType,
    /// The type's ARN template, field by field.
    pub template: ArnTemplate<'c>,
}

impl ArnMatch<'_> {
    /// Whether the type's ARNs have an empty region field.
    pub fn region_must_be_empty(&self) -> bool {
        self.template.region_is_empty()
    }

    /// Whether the type's ARNs have an empty account field.
    pub fn account_must_be_empty(&self) -> bool {
        self.template.account_is_empty()
    }
}

impl Catalog {
    /// The resource types whose ARNs the policy ARN `arn` may name: same service field, and a
    /// resource part some resource fits both ways (`*`, `?` and policy variables in `arn`,
    /// placeholders in the templates). Region and account are not compared: each match says
    /// whether its type leaves them empty, for checks that report a field where none belongs.
    ///
    /// ```
    /// let catalog = iam_policy_check::catalog::Catalog::get();
    /// let matches = catalog.resource_types_matching_arn("arn:aws:s3:us-east-1:111122223333:bucket/*");
    /// let object = matches.iter().find(|m| m.resource_type.name() == "object").unwrap();
    /// assert!(object.region_must_be_empty() && object.account_must_be_empty());
    /// let role = catalog.resource_types_matching_arn("arn:aws:iam::111122223333:role/admin");
    /// assert_eq!(role[0].resource_type.name(), "role");
    /// assert!(role[0].region_must_be_empty() && !role[0].account_must_be_empty());
    /// ```
    pub fn resource_types_matching_arn(&self, arn: &str) -> Vec<ArnMatch<'_>> {
        let Some([_, _, service, _, _, rest]) = crate::grammar::arn::split(arn) else {
            return Vec::new();
        };
        self.resource_types_for_arn_service(service)
            .filter_map(|(service, resource_type)| {
                let template = resource_type.arn_template()?;
                super::overlap::resource_parts_overlap(rest, template.resource).then_some(
                    ArnMatch {
                        service,
                        resource_type,
                        template,
                    },
                )
            })
            .collect()
    }
}
