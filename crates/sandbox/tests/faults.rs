//! Fault injection: armed through `/__sandbox/faults` or `Config::faults`, the next N
//! matching API calls fail as asked (500, 503, `UNABLE_TO_LOCK_ROW`, an expired session, a
//! delay, a dropped connection), then the org answers normally again.

mod common;

use common::Org;
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::time::{Duration, Instant};
use synccentral_sandbox::{Fault, FaultKind};

async fn arm(org: &Org, body: Value) -> Value {
    let r = org
        .http
        .post(format!("{}/__sandbox/faults", org.base))
        .bearer_auth(&org.token)
        .json(&body)
        .send()
        .await
        .expect("arm");
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.expect("armed list")
}

#[tokio::test]
async fn the_next_calls_fail_with_500_then_the_org_answers_again() {
    let org = common::start().await;
    let armed = arm(&org, json!({"kind": "500", "next": 2})).await;
    assert_eq!(armed["armed"][0]["kind"], "500");
    for _ in 0..2 {
        let a = org.get("/limits").await;
        assert_eq!(a.status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(a.error_code(), "UNKNOWN_EXCEPTION");
        assert!(a.body[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("An unexpected error occurred. Please include this ErrorId"));
    }
    assert_eq!(org.get("/limits").await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_503_fault_answers_service_unavailable() {
    let org = common::start().await;
    arm(&org, json!({"kind": "503"})).await;
    let a = org.get("/sobjects").await;
    assert_eq!(a.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(a.error_code(), "SERVER_UNAVAILABLE");
    assert_eq!(org.get("/sobjects").await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_lock_fault_refuses_the_write_with_unable_to_lock_row() {
    let org = common::start().await;
    let id = org.create("Account", json!({"Name": "Locked"})).await;
    arm(&org, json!({"kind": "UNABLE_TO_LOCK_ROW"})).await;
    let a = org
        .patch(
            &format!("/sobjects/Account/{id}"),
            json!({"Name": "Changed"}),
        )
        .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert_eq!(a.error_code(), "UNABLE_TO_LOCK_ROW");
    assert_eq!(
        a.body[0]["message"],
        format!("unable to obtain exclusive access to this record or 1 records: {id}")
    );
    let record = org.get(&format!("/sobjects/Account/{id}")).await.body;
    assert_eq!(record["Name"], "Locked", "the refused write did not happen");
}

#[tokio::test]
async fn an_expired_session_stays_expired_until_the_client_logs_in_again() {
    let org = common::start().await;
    arm(&org, json!({"kind": "session_expired"})).await;
    let a = org.get("/limits").await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    assert_eq!(a.error_code(), "INVALID_SESSION_ID");
    assert_eq!(a.headers["www-authenticate"], "Token");
    let again = org.get("/limits").await;
    assert_eq!(
        again.status,
        StatusCode::UNAUTHORIZED,
        "the token really ended, not just one answer"
    );
    let fresh = common::password_login(&org.http, &org.base).await;
    let r = org
        .http
        .get(format!("{}/services/data/v59.0/limits", org.base))
        .bearer_auth(&fresh)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_delay_slows_the_answer_down_without_changing_it() {
    let org = common::start().await;
    arm(&org, json!({"kind": "delay", "delayMs": 400})).await;
    let started = Instant::now();
    let a = org.get("/limits").await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(started.elapsed() >= Duration::from_millis(400));
    let started = Instant::now();
    org.get("/limits").await;
    assert!(
        started.elapsed() < Duration::from_millis(400),
        "only the next call"
    );
}

#[tokio::test]
async fn a_dropped_connection_gets_no_answer_at_all() {
    let org = common::start().await;
    arm(&org, json!({"kind": "drop"})).await;
    let r = org
        .http
        .get(format!("{}/services/data/v59.0/limits", org.base))
        .bearer_auth(&org.token)
        .send()
        .await;
    let err = r.expect_err("no response");
    assert!(!err.is_status() && !err.is_timeout(), "{err}");
    assert_eq!(org.get("/limits").await.status, StatusCode::OK);
}

#[tokio::test]
async fn faults_hit_only_calls_under_their_path() {
    let org = common::start().await;
    arm(
        &org,
        json!({"kind": "503", "next": 1, "path": "/services/data/v59.0/jobs"}),
    )
    .await;
    assert_eq!(org.get("/limits").await.status, StatusCode::OK);
    assert_eq!(
        org.get("/jobs/ingest").await.status,
        StatusCode::SERVICE_UNAVAILABLE
    );
    assert_eq!(org.get("/jobs/ingest").await.status, StatusCode::OK);
}

#[tokio::test]
async fn the_control_endpoint_needs_the_admins_token_and_clears_everything() {
    let org = common::start().await;
    let url = format!("{}/__sandbox/faults", org.base);
    let anonymous = org
        .http
        .post(&url)
        .json(&json!({"kind": "500"}))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    let bad = org
        .http
        .post(&url)
        .bearer_auth(&org.token)
        .json(&json!({"kind": "teapot"}))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    arm(&org, json!({"kind": "500", "next": 5})).await;
    let listed: Value = org
        .http
        .get(&url)
        .bearer_auth(&org.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed["armed"][0]["next"], 5);
    let cleared = org
        .http
        .delete(&url)
        .bearer_auth(&org.token)
        .send()
        .await
        .unwrap();
    assert_eq!(cleared.status(), StatusCode::NO_CONTENT);
    assert_eq!(org.get("/limits").await.status, StatusCode::OK);
}

#[tokio::test]
async fn faults_in_the_config_are_armed_from_the_start_and_spare_logins() {
    let org = common::start_with(|c| {
        c.faults = vec![Fault {
            kind: FaultKind::ServerError,
            count: 1,
            path: None,
        }];
    })
    .await;
    // The login in `start_with` went through; the first API call fails.
    assert_eq!(
        org.get("/limits").await.status,
        StatusCode::INTERNAL_SERVER_ERROR
    );
    assert_eq!(org.get("/limits").await.status, StatusCode::OK);
    let spec: Fault = "UNABLE_TO_LOCK_ROW:2@/services/data/v59.0/sobjects"
        .parse()
        .unwrap();
    assert_eq!(spec.kind, FaultKind::LockRow);
    assert_eq!(spec.count, 2);
}
