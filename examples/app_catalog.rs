//! The application's own services: `policy-catalog.json` (next to `Cargo.toml`) declares the
//! `myapp` service, its actions, its resource type with a custom partition, and a condition
//! key. `policy!` and `action!` check against it as against AWS's catalog, and editing the file
//! rebuilds the crate. The file also extends AWS's `s3` with an action newer than the built-in
//! catalog: `s3:GetObject` and the rest of AWS's `s3` stay known.
//!
//! `cargo run --example app_catalog`

use iam_policy::{action, policy, Action, Context, ContextValue, Policy, Request};

const DELETE_INVOICE: Action<'static> = action!("myapp:DeleteInvoice");
const GET_INVOICE: Action<'static> = action!("myapp:GetInvoice");

static ACCOUNTANTS: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [
        { "Sid": "ReadInvoices", "Effect": "Allow", "Action": ["myapp:GetInvoice", "myapp:ListInvoices"],
          "Resource": ["arn:myapp:invoices::123456789012:invoice/*", "*"] },
        { "Sid": "DeleteDrafts", "Effect": "Allow", "Action": "myapp:DeleteInvoice",
          "Resource": "arn:myapp:invoices::123456789012:invoice/*",
          "Condition": { "StringEquals": { "myapp:InvoiceStatus": "draft" } } }
    ]
});

static READ_OBJECTS: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow", "Action": ["s3:GetObject", "s3:ExampleNewerAction"],
        "Resource": "arn:aws:s3:::reports/*" }]
});

fn main() {
    let report = "arn:aws:s3:::reports/q3.pdf";
    let newer = action!("s3:ExampleNewerAction");
    assert!(READ_OBJECTS
        .evaluate(&Request::new(newer, report))
        .is_allowed());
    assert!(READ_OBJECTS
        .evaluate(&Request::new("s3:GetObject", report))
        .is_allowed());

    let invoice = "arn:myapp:invoices::123456789012:invoice/42";
    let draft = [("myapp:InvoiceStatus", ContextValue::String("draft"))];
    let sent = [("myapp:InvoiceStatus", ContextValue::String("sent"))];
    let read = ACCOUNTANTS.evaluate(&Request::new(GET_INVOICE, invoice));
    let delete_draft = ACCOUNTANTS
        .evaluate(&Request::new(DELETE_INVOICE, invoice).with_context(Context::new(&draft)));
    let delete_sent = ACCOUNTANTS
        .evaluate(&Request::new(DELETE_INVOICE, invoice).with_context(Context::new(&sent)));
    println!("GetInvoice: {read:?}\nDeleteInvoice (draft): {delete_draft:?}\nDeleteInvoice (sent): {delete_sent:?}");
    assert!(read.is_allowed() && delete_draft.is_allowed() && !delete_sent.is_allowed());
}
