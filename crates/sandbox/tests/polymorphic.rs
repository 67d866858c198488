//! Opportunity and Task, and their polymorphic lookups: a Task's `WhatId` takes an Id of any
//! object it references (another object's is refused as Salesforce refuses it), is set by a
//! parent's external ID through REST (`"What": {"attributes": {"type": …}, …}`) and Bulk
//! (`Opportunity:What.External_Id__c`), and SOQL's `What.Type` / `What.Name` answer each row's
//! own parent.

mod common;

use common::{query, start};
use reqwest::StatusCode;
use serde_json::{json, Value};

fn field<'a>(describe: &'a Value, name: &str) -> &'a Value {
    describe["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == name)
        .unwrap_or_else(|| panic!("no field {name}"))
}

#[tokio::test]
async fn opportunity_and_task_are_described_as_real_orgs_give_them() {
    let org = start().await;
    let opp = org.get("/sobjects/Opportunity/describe").await.body;
    assert_eq!(opp["keyPrefix"], "006");
    assert_eq!(field(&opp, "CloseDate")["type"], "date");
    assert_eq!(field(&opp, "CloseDate")["nillable"], false);
    assert_eq!(field(&opp, "StageName")["type"], "picklist");
    assert_eq!(field(&opp, "External_Id__c")["externalId"], true);
    assert_eq!(field(&opp, "AccountId")["relationshipName"], "Account");
    let task = org.get("/sobjects/Task/describe").await.body;
    assert_eq!(task["keyPrefix"], "00T");
    let what = field(&task, "WhatId");
    assert_eq!(what["relationshipName"], "What");
    assert_eq!(what["polymorphicForeignKey"], true);
    assert!(what["referenceTo"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t == "Opportunity"));
    assert_eq!(
        field(&task, "WhoId")["referenceTo"],
        json!(["Contact", "Lead"])
    );
    assert_eq!(
        field(&task, "OwnerId")["referenceTo"],
        json!(["Group", "User"])
    );

    let a = org
        .post(
            "/sobjects/Opportunity",
            json!({"Name": "No date", "StageName": "Prospecting"}),
        )
        .await;
    assert_eq!(a.error_code(), "REQUIRED_FIELD_MISSING", "{}", a.body);
    assert_eq!(a.body[0]["fields"], json!(["CloseDate"]));
}

#[tokio::test]
async fn a_task_links_to_an_account_or_an_opportunity_and_soql_reads_each() {
    let org = start().await;
    let acme = org
        .create("Account", json!({"Name": "Acme", "External_Id__c": "A-1"}))
        .await;
    let deal = org
        .create(
            "Opportunity",
            json!({"Name": "Big deal", "StageName": "Prospecting", "CloseDate": "2026-03-31",
                   "AccountId": acme, "Amount": 1200, "External_Id__c": "O-1"}),
        )
        .await;
    assert!(deal.starts_with("006"), "{deal}");
    let ada = org
        .create(
            "Contact",
            json!({"LastName": "Lovelace", "FirstName": "Ada"}),
        )
        .await;

    let call = org
        .create(
            "Task",
            json!({"Subject": "Call", "WhatId": acme, "WhoId": ada}),
        )
        .await;
    let quote = org
        .create(
            "Task",
            json!({"Subject": "Send Quote", "WhatId": &deal[..15]}),
        )
        .await;
    assert!(call.starts_with("00T"), "{call}");

    let q = query(
        &org,
        "SELECT Subject, WhatId, What.Type, What.Name, Who.Name, Owner.Type, Status, Priority FROM Task ORDER BY Subject",
    )
    .await;
    let rows = q["records"].as_array().unwrap();
    assert_eq!(rows.len(), 2, "{q}");
    assert_eq!(rows[0]["Subject"], "Call");
    assert_eq!(rows[0]["WhatId"], acme.as_str());
    assert_eq!(rows[0]["What"]["Type"], "Account");
    assert_eq!(rows[0]["What"]["Name"], "Acme");
    assert_eq!(rows[0]["What"]["attributes"]["type"], "Account");
    assert_eq!(rows[0]["Who"]["Name"], "Ada Lovelace");
    assert_eq!(rows[0]["Owner"]["Type"], "User");
    assert_eq!(rows[0]["Status"], "Not Started");
    assert_eq!(rows[0]["Priority"], "Normal");
    assert_eq!(rows[1]["Subject"], "Send Quote");
    assert_eq!(rows[1]["WhatId"], deal.as_str());
    assert_eq!(rows[1]["What"]["Type"], "Opportunity");
    assert_eq!(rows[1]["What"]["Name"], "Big deal");
    assert_eq!(rows[1]["Who"], Value::Null);

    let q = query(
        &org,
        "SELECT Subject FROM Task WHERE What.Type = 'Opportunity'",
    )
    .await;
    assert_eq!(q["totalSize"], 1, "{q}");
    assert_eq!(q["records"][0]["Subject"], "Send Quote");
    let _ = quote;

    // An Id of an object WhatId does not reference.
    let a = org
        .post("/sobjects/Task", json!({"Subject": "Wrong", "WhatId": ada}))
        .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert_eq!(a.error_code(), "FIELD_INTEGRITY_EXCEPTION", "{}", a.body);
    assert_eq!(
        a.body[0]["message"],
        format!("Related To ID: id value of incorrect type: {ada}")
    );
    assert_eq!(a.body[0]["fields"], json!(["WhatId"]));
    // A field outside the Name object, through a polymorphic relationship.
    let a = org.get("/query?q=SELECT+What.Amount+FROM+Task").await;
    assert_eq!(a.error_code(), "INVALID_FIELD", "{}", a.body);
}

#[tokio::test]
async fn a_polymorphic_lookup_is_set_by_the_parents_external_id_in_rest_and_bulk() {
    let org = start().await;
    let acme = org
        .create("Account", json!({"Name": "Acme", "External_Id__c": "A-1"}))
        .await;
    let deal = org
        .create(
            "Opportunity",
            json!({"Name": "Big deal", "StageName": "Prospecting", "CloseDate": "2026-03-31",
                   "External_Id__c": "O-1"}),
        )
        .await;
    let t = org
        .create(
            "Task",
            json!({"Subject": "REST", "What": {"attributes": {"type": "Opportunity"}, "External_Id__c": "O-1"}}),
        )
        .await;
    let got = org.get(&format!("/sobjects/Task/{t}")).await.body;
    assert_eq!(got["WhatId"], deal.as_str());
    let a = org
        .post(
            "/sobjects/Task",
            json!({"Subject": "Missing", "What": {"attributes": {"type": "Opportunity"}, "External_Id__c": "O-9"}}),
        )
        .await;
    assert_eq!(a.error_code(), "INVALID_FIELD", "{}", a.body);
    assert_eq!(
        a.body[0]["message"],
        "Foreign key external ID: O-9 not found for field External_Id__c in entity Opportunity"
    );
    let a = org
        .post(
            "/sobjects/Task",
            json!({"Subject": "Not a What", "What": {"attributes": {"type": "Contact"}, "Email": "x@example.com"}}),
        )
        .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.body);

    let info = org
        .ingest(
            json!({"object": "Task", "operation": "upsert", "externalIdFieldName": "External_Id__c"}),
            "External_Id__c,Subject,Opportunity:What.External_Id__c,Account:What.External_Id__c\n\
             T-1,Bulk deal,O-1,\n\
             T-2,Bulk account,,A-1\n",
        )
        .await;
    assert_eq!(info["state"], "JobComplete", "{info}");
    assert_eq!(info["numberRecordsFailed"], 0, "{info}");
    let q = query(
        &org,
        "SELECT External_Id__c, WhatId, What.Type, What.Name FROM Task WHERE External_Id__c IN ('T-1', 'T-2') ORDER BY External_Id__c",
    )
    .await;
    let rows = q["records"].as_array().unwrap();
    assert_eq!(rows[0]["WhatId"], deal.as_str(), "{q}");
    assert_eq!(rows[0]["What"]["Type"], "Opportunity");
    assert_eq!(rows[1]["WhatId"], acme.as_str(), "{q}");
    assert_eq!(rows[1]["What"]["Type"], "Account");
    assert_eq!(rows[1]["What"]["Name"], "Acme");
}
