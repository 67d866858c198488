//! Two sandboxes are two orgs: each data directory draws its own org ID and ID stem when it is
//! made, so org-to-org syncs can run a source and a target sandbox side by side without their
//! IDs colliding; a restart keeps the org.

mod common;

use common::{start, start_in};
use reqwest::StatusCode;
use serde_json::{json, Value};
use synccentral_engine::sfcheck::is_valid_id;

/// What an org says it is: (userinfo's organization_id, user_id, the Organization record's
/// Id, the admin User's Id by username).
async fn identity(org: &common::Org) -> (String, String, String, String) {
    let info: Value = org
        .http
        .get(format!("{}/services/oauth2/userinfo", org.base))
        .bearer_auth(&org.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let q = |soql: &str| {
        let soql = soql.to_string();
        async move {
            let a = org.get(&format!("/query?q={}", urlencode(&soql))).await;
            assert_eq!(a.status, StatusCode::OK, "{}", a.body);
            a.body["records"][0]["Id"].as_str().unwrap().to_string()
        }
    };
    (
        info["organization_id"].as_str().unwrap().to_string(),
        info["user_id"].as_str().unwrap().to_string(),
        q("SELECT Id FROM Organization").await,
        q("SELECT Id FROM User WHERE Username = 'admin@sandbox.local'").await,
    )
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn two_sandboxes_are_two_orgs_with_their_own_ids() {
    let (a, b) = (start().await, start().await);
    let (org_a, user_a, record_a, admin_a) = identity(&a).await;
    let (org_b, user_b, _, _) = identity(&b).await;
    assert_ne!(org_a, org_b, "two data directories, two orgs");
    assert_ne!(user_a, user_b);
    // Everything an org says about itself agrees.
    assert_eq!(org_a, a.sandbox.org_id());
    assert_eq!(record_a, org_a, "the Organization record");
    assert_eq!(user_a, a.sandbox.admin_user_id());
    assert_eq!(admin_a, user_a, "the admin User record");
    assert!(org_a.starts_with("00D") && is_valid_id(&org_a), "{org_a}");
    assert!(
        user_a.starts_with("005") && is_valid_id(&user_a),
        "{user_a}"
    );
    assert!(
        a.token.starts_with(&format!("{}!", &org_a[..15])),
        "access tokens start with the org's 15-character ID: {}",
        a.token
    );
    let identity_url: Value = a
        .http
        .get(format!("{}/services/oauth2/userinfo", a.base))
        .bearer_auth(&a.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        identity_url["sub"],
        format!("{}/id/{org_a}/{user_a}", a.base)
    );

    // Records made the same way in each org get different IDs.
    let body = json!({"Name": "Acme"});
    let (acc_a, acc_b) = (
        a.create("Account", body.clone()).await,
        b.create("Account", body).await,
    );
    assert_ne!(acc_a, acc_b);
    for id in [&acc_a, &acc_b] {
        assert!(
            id.starts_with("001") && id.len() == 18 && is_valid_id(id),
            "{id}"
        );
    }
    // An org does not know the other's records.
    assert_eq!(
        a.get(&format!("/sobjects/Account/{acc_b}")).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_restart_keeps_the_org() {
    let org = start().await;
    let (org_id, user_id) = (
        org.sandbox.org_id().to_string(),
        org.sandbox.admin_user_id().to_string(),
    );
    let first = org.create("Account", json!({"Name": "One"})).await;
    let common::Org { sandbox, dir, .. } = org;
    sandbox.stop().await;
    let again = start_in(dir, |_| {}).await;
    assert_eq!(again.sandbox.org_id(), org_id);
    assert_eq!(again.sandbox.admin_user_id(), user_id);
    assert_eq!(identity(&again).await.0, org_id);
    let second = again.create("Account", json!({"Name": "Two"})).await;
    assert_ne!(first, second);
    assert_eq!(&first[..8], &second[..8], "the same org's stem");
    assert_eq!(
        again.get(&format!("/sobjects/Account/{first}")).await.body["Name"],
        "One"
    );
}
