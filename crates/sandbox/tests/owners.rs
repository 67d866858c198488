//! Users, queues and owners: `User` records created through REST and Collections (Username
//! unique across the org as `DUPLICATE_USERNAME`, found by Username and Email), `Group` queues
//! with `QueueSobject`, and `OwnerId` on Account and Contact: the admin by default, an active
//! user or a queue taking the object, set by Username through the `Owner` relationship in REST
//! and Bulk, and read through `Owner.Username` / `Owner.Name` / `Owner.Type` in SOQL.

mod common;

use common::{query, start, Org};
use reqwest::StatusCode;
use serde_json::{json, Value};

#[tokio::test]
async fn users_are_created_leniently_found_by_username_and_email_and_unique() {
    let org = start().await;
    let ann = org
        .create(
            "User",
            json!({"Username": "ann@target.example", "Email": "ann@example.com", "FirstName": "Ann"}),
        )
        .await;
    assert!(ann.starts_with("005"), "{ann}");
    let got = org.get(&format!("/sobjects/User/{ann}")).await.body;
    assert_eq!(got["IsActive"], true);
    assert_eq!(got["LastName"], "ann");
    assert_eq!(got["Alias"], "ann");

    let a = org
        .post(
            "/composite/sobjects",
            json!({"allOrNone": false, "records": [
                {"attributes": {"type": "User"}, "Username": "bob@target.example", "Email": "bob@example.com",
                 "LastName": "Builder", "FirstName": "Bob", "Alias": "bob", "IsActive": false},
                {"attributes": {"type": "User"}, "Username": "ANN@target.example", "Email": "x@example.com"},
            ]}),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(a.body[0]["success"], true, "{}", a.body);
    assert_eq!(a.body[1]["success"], false);
    assert_eq!(a.body[1]["errors"][0]["statusCode"], "DUPLICATE_USERNAME");
    assert_eq!(a.body[1]["errors"][0]["fields"], json!(["Username"]));

    let q = query(
        &org,
        "SELECT Id, Name FROM User WHERE Username = 'bob@target.example'",
    )
    .await;
    assert_eq!(q["records"][0]["Name"], "Bob Builder", "{q}");
    let q = query(
        &org,
        "SELECT Username FROM User WHERE Email = 'ANN@example.com'",
    )
    .await;
    assert_eq!(q["records"][0]["Username"], "ann@target.example", "{q}");
    let by_username = org.get("/sobjects/User/Username/ann@target.example").await;
    assert_eq!(by_username.body["Id"], ann.as_str(), "{}", by_username.body);
}

#[tokio::test]
async fn owners_default_to_the_admin_and_must_be_active_users_or_queues() {
    let org = start().await;
    let admin = org.sandbox.admin_user_id().to_string();
    let d = org.get("/sobjects/Account/describe").await.body;
    let owner = d["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "OwnerId")
        .cloned()
        .expect("Account has OwnerId");
    assert_eq!(owner["referenceTo"], json!(["Group", "User"]));
    assert_eq!(owner["relationshipName"], "Owner");

    let acme = org.create("Account", json!({"Name": "Acme"})).await;
    let got = org.get(&format!("/sobjects/Account/{acme}")).await.body;
    assert_eq!(got["OwnerId"], admin.as_str());

    let ann = org
        .create(
            "User",
            json!({"Username": "ann@target.example", "Email": "ann@example.com", "LastName": "Smith", "FirstName": "Ann"}),
        )
        .await;
    let gone = org
        .create(
            "User",
            json!({"Username": "gone@target.example", "Email": "gone@example.com", "IsActive": false}),
        )
        .await;
    let a = org
        .patch(
            &format!("/sobjects/Account/{acme}"),
            json!({"OwnerId": gone}),
        )
        .await;
    assert_eq!(a.error_code(), "INACTIVE_OWNER_OR_USER", "{}", a.body);
    assert_eq!(a.body[0]["fields"], json!(["OwnerId"]));
    let a = org
        .patch(
            &format!("/sobjects/Account/{acme}"),
            json!({"OwnerId": acme}),
        )
        .await;
    assert_eq!(a.error_code(), "FIELD_INTEGRITY_EXCEPTION", "{}", a.body);

    // Queues: Group records of type Queue, taking an object through QueueSobject.
    let queue = org
        .create("Group", json!({"Name": "Support Queue", "Type": "Queue"}))
        .await;
    assert!(queue.starts_with("00G"), "{queue}");
    let regular = org
        .create("Group", json!({"Name": "Everyone", "Type": "Regular"}))
        .await;
    let a = org
        .post(
            "/sobjects/Contact",
            json!({"LastName": "Q", "OwnerId": queue}),
        )
        .await;
    assert_eq!(a.error_code(), "INVALID_CROSS_REFERENCE_KEY", "{}", a.body);
    org.create(
        "QueueSobject",
        json!({"QueueId": queue, "SobjectType": "Contact"}),
    )
    .await;
    let queued = org
        .create("Contact", json!({"LastName": "Q", "OwnerId": queue}))
        .await;
    let a = org
        .post(
            "/sobjects/Contact",
            json!({"LastName": "R", "OwnerId": regular}),
        )
        .await;
    assert_eq!(a.error_code(), "INVALID_CROSS_REFERENCE_KEY", "{}", a.body);
    let q = query(&org, "SELECT DeveloperName FROM Group WHERE Type = 'Queue'").await;
    assert_eq!(q["records"][0]["DeveloperName"], "Support_Queue", "{q}");

    // By Username, through the Owner relationship.
    let a = org
        .patch(
            &format!("/sobjects/Account/{acme}"),
            json!({"Owner": {"Username": "ann@target.example"}}),
        )
        .await;
    assert_eq!(a.status, StatusCode::NO_CONTENT, "{}", a.body);
    let info = org
        .ingest(
            json!({"object": "Contact", "operation": "insert"}),
            "LastName,Owner.Username\nBulk,ann@target.example\nNobody,nobody@target.example\n",
        )
        .await;
    assert_eq!(info["numberRecordsProcessed"], 2, "{info}");
    assert_eq!(info["numberRecordsFailed"], 1, "{info}");

    let q = query(
        &org,
        "SELECT Name, Owner.Username, Owner.Name, Owner.Type FROM Account",
    )
    .await;
    assert_eq!(
        q["records"][0]["Owner"]["Username"], "ann@target.example",
        "{q}"
    );
    assert_eq!(q["records"][0]["Owner"]["Name"], "Ann Smith");
    assert_eq!(q["records"][0]["Owner"]["Type"], "User");
    let q = query(
        &org,
        "SELECT LastName, OwnerId, Owner.Name, Owner.Type FROM Contact ORDER BY LastName",
    )
    .await;
    let rows = q["records"].as_array().unwrap();
    assert_eq!(rows.len(), 2, "{q}");
    assert_eq!(rows[0]["LastName"], "Bulk");
    assert_eq!(rows[0]["OwnerId"], ann.as_str());
    assert_eq!(rows[1]["OwnerId"], queued_owner(&org, &queued).await);
    assert_eq!(rows[1]["Owner"]["Type"], "Group");
    assert_eq!(rows[1]["Owner"]["Name"], "Support Queue");
}

async fn queued_owner(org: &Org, id: &str) -> Value {
    org.get(&format!("/sobjects/Contact/{id}")).await.body["OwnerId"].clone()
}
