//! Matching records as Salesforce does for an org-to-org sync: the idLookup fields real orgs
//! describe (Contact.Email, Account.Name, User.Username and User.Email) can match upserts and
//! are indexed; SOQL `=` and `IN` on them ignore letter case, through the key index exactly as
//! without it; and text is stored trimmed (blank text is null), so a value written with stray
//! spaces is found by its trimmed form.

mod common;

use common::{start, start_in};
use reqwest::StatusCode;
use serde_json::{json, Value};

fn id_lookup(describe: &Value, field: &str) -> Value {
    describe["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == field)
        .map(|f| f["idLookup"].clone())
        .unwrap_or(Value::Null)
}

#[tokio::test]
async fn describes_mark_the_fields_real_orgs_match_on() {
    let org = start().await;
    for (object, field) in [
        ("Contact", "Email"),
        ("Account", "Name"),
        ("User", "Username"),
        ("User", "Email"),
    ] {
        let d = org.get(&format!("/sobjects/{object}/describe")).await;
        assert_eq!(id_lookup(&d.body, field), true, "{object}.{field}");
    }
}

#[tokio::test]
async fn text_is_stored_trimmed_and_blank_text_is_null() {
    let org = start().await;
    let id = org
        .create(
            "Contact",
            json!({"LastName": "  Lovelace\t", "FirstName": "   ", "Email": " Ada@Example.com  ",
                   "Title": "\u{a0}Countess\u{a0}"}),
        )
        .await;
    let c = org.get(&format!("/sobjects/Contact/{id}")).await.body;
    assert_eq!(c["LastName"], "Lovelace");
    assert_eq!(c["FirstName"], Value::Null, "blank text is null");
    assert_eq!(c["Email"], "Ada@Example.com");
    assert_eq!(c["Name"], "Lovelace");
    assert_eq!(
        c["Title"], "\u{a0}Countess\u{a0}",
        "a no-break space is not trimmed"
    );
    // A required text field that is blank once trimmed is missing.
    let a = org
        .post("/sobjects/Contact", json!({"LastName": "  "}))
        .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert_eq!(a.error_code(), "REQUIRED_FIELD_MISSING", "{}", a.body);
    // Updates are trimmed too; text areas keep their text as sent.
    let acc = org
        .create(
            "Account",
            json!({"Name": " Acme ", "Description": "  indented\n"}),
        )
        .await;
    let a = org
        .patch(
            &format!("/sobjects/Account/{acc}"),
            json!({"BillingCity": " Paris "}),
        )
        .await;
    assert_eq!(a.status, StatusCode::NO_CONTENT, "{}", a.body);
    let r = org.get(&format!("/sobjects/Account/{acc}")).await.body;
    assert_eq!(
        (&r["Name"], &r["BillingCity"], &r["Description"]),
        (&json!("Acme"), &json!("Paris"), &json!("  indented\n"))
    );
}

#[tokio::test]
async fn email_and_name_match_ignoring_case_with_and_without_the_indexes() {
    let org = start().await;
    let ada = org
        .create(
            "Contact",
            json!({"LastName": "Lovelace", "Email": " Ada@Example.com "}),
        )
        .await;
    let grace = org
        .create(
            "Contact",
            json!({"LastName": "Hopper", "Email": "grace@example.com"}),
        )
        .await;
    org.create("Contact", json!({"LastName": "NoMail"})).await;
    let acme = org.create("Account", json!({"Name": "Acme Corp"})).await;
    // Upsert by an idLookup field: Email matches Ada's record whatever its case.
    let a = org
        .patch(
            "/sobjects/Contact/Email/ADA@example.COM",
            json!({"Title": "Countess"}),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(a.body["id"], ada.as_str());

    let queries = [
        "SELECT Id FROM Contact WHERE Email = 'ada@example.com'",
        "SELECT Id FROM Contact WHERE Email IN ('ADA@EXAMPLE.COM', 'Grace@Example.Com', 'nobody@x.org')",
        "SELECT Id FROM Contact WHERE Email = ' ada@example.com'",
        "SELECT Id FROM Contact WHERE Email = null",
        "SELECT Id FROM Account WHERE Name = 'ACME CORP'",
        "SELECT Id FROM Account WHERE Name IN ('acme corp', 'Initech')",
        "SELECT Id FROM User WHERE Username = 'ADMIN@SANDBOX.LOCAL'",
        "SELECT Id FROM User WHERE Email IN ('Admin@Sandbox.Local')",
    ];
    let mut indexed = Vec::new();
    for q in queries {
        indexed.push(org.query_pages(q, false).await);
    }
    let ids = |pages: &[Value]| -> Vec<String> {
        pages[0]["page"]["records"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["Id"].as_str().unwrap().to_string())
            .collect()
    };
    let admin = org.sandbox.admin_user_id().to_string();
    assert_eq!(ids(&indexed[0]), vec![ada.clone()]);
    assert_eq!(ids(&indexed[1]), vec![ada.clone(), grace]);
    assert!(
        ids(&indexed[2]).is_empty(),
        "stored trimmed, matched as given"
    );
    assert_eq!(ids(&indexed[3]).len(), 1);
    assert_eq!(ids(&indexed[4]), vec![acme.clone()]);
    assert_eq!(ids(&indexed[5]), vec![acme]);
    assert_eq!(ids(&indexed[6]), vec![admin.clone()]);
    assert_eq!(ids(&indexed[7]), vec![admin]);

    let common::Org { sandbox, dir, .. } = org;
    sandbox.stop().await;
    let reference = start_in(dir, |c| c.use_indexes = false).await;
    for (q, want) in queries.iter().zip(&indexed) {
        assert_eq!(&reference.query_pages(q, false).await, want, "{q}");
    }
}
