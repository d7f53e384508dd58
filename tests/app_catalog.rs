//! A policy loaded at run time knows the catalog the crate was built with: the `myapp:`
//! service of this crate's `policy-catalog.json` loads through the facade alone, as `policy!`
//! and `action!` accept it.

use iam_policy::{action, app_options, policy, Action, LoadedPolicy, Policy, PolicySet, Request};

const GET_INVOICE: Action<'static> = action!("myapp:GetInvoice");

static LIST_INVOICES: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow", "Action": "myapp:ListInvoices", "Resource": "*" }]
});

const READ_PAID: &str = r#"{
    "Version": "2012-10-17",
    "Statement": [{ "Sid": "ReadPaid", "Effect": "Allow", "Action": "myapp:GetInvoice",
        "Resource": "arn:myapp:invoices::111122223333:invoice/*",
        "Condition": { "StringEquals": { "myapp:InvoiceStatus": "paid" } } }]
}"#;

const INVOICE: &str = "arn:myapp:invoices::111122223333:invoice/42";

#[test]
fn a_loaded_policy_knows_the_crates_own_services() {
    let loaded =
        LoadedPolicy::from_json_with(READ_PAID, &app_options!()).unwrap_or_else(|e| panic!("{e}"));
    let view = loaded.as_policy();
    let set = PolicySet::owning([&LIST_INVOICES, &view]);
    let paid = [(
        "myapp:InvoiceStatus",
        iam_policy::ContextValue::String("paid"),
    )];
    let request = Request::new(GET_INVOICE, INVOICE).with_context(iam_policy::Context::new(&paid));
    assert_eq!(
        set.authorize(&request).map(|s| s.sid()),
        Ok(Some("ReadPaid"))
    );
    assert!(set
        .evaluate(&Request::new("myapp:ListInvoices", "*"))
        .is_allowed());
}

#[test]
fn the_embedded_catalog_still_rejects_what_it_does_not_declare() {
    let typo = READ_PAID.replace("myapp:GetInvoice", "myapp:GetInvoices");
    let error = LoadedPolicy::from_json_with(&typo, &app_options!()).unwrap_err();
    let codes: Vec<_> = error.errors().map(|d| d.code).collect();
    assert_eq!(codes, ["INVALID_ACTION"], "{error}");
    assert!(error.to_string().contains("GetInvoice"), "{error}");

    // Without the crate's catalog, the service is unknown (a warning: no known prefix is
    // close), and its partition and condition key are errors.
    let error = LoadedPolicy::from_json(READ_PAID).unwrap_err();
    assert!(
        error
            .iter()
            .any(|(_, d)| d.code == "UNKNOWN_SERVICE_IN_ACTION"),
        "{error}"
    );
    assert!(
        error.errors().any(|d| d.code == "INVALID_PARTITION"),
        "{error}"
    );
}

#[test]
fn the_options_are_built_once_and_combine() {
    let options = app_options!().with_kind(iam_policy::PolicyKind::Resource);
    assert_eq!(options.kind, iam_policy::PolicyKind::Resource);
    let catalog = options.catalog.expect("the crate's catalog");
    assert!(catalog.catalog().service("myapp").is_some());
    // Each use of the macro reads the file once: later calls share that catalog.
    let options = || app_options!();
    assert_eq!(options().catalog, options().catalog);
}

#[cfg(feature = "serde")]
#[test]
fn the_serde_path_takes_the_options_too() {
    let value: serde_json::Value = serde_json::from_str(READ_PAID).unwrap();
    assert!(serde_json::from_value::<LoadedPolicy>(value.clone()).is_err());
    let loaded = LoadedPolicy::deserialize_with(value, &app_options!()).unwrap();
    assert_eq!(loaded.as_policy().sid(0), Some("ReadPaid"));
}
