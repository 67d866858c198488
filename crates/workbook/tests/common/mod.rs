//! Shared by the workbook tests: a workspace holding connections with every kind of
//! secret, options with mappings and test cases, a schedule; the Contact describe.
#![allow(dead_code)]

use serde_json::{json, Value};
use synccentral_engine::Describe;
use synccentral_store::{KeySource, MasterKey, Workspace};

/// Every secret the workspace below holds (also the refresh token stored after import and
/// a credential put in a header).
pub const SECRETS: &[&str] = &[
    "sf-Client-Secret-91x",
    "p@ss w/rd+Secret#7",
    "sfSecurityTok3n",
    "finance-Bearer-4kq",
    "crm-Api-Key/9=zz",
    "web-Client-Secret-55",
    "rt-Refresh-Token-0042",
    "hdr-Secret-In-Header-8",
];

/// The configuration document.
pub fn doc() -> Value {
    json!({
      "format": "sync-central/1",
      "connections": [
        {"name": "org", "type": "salesforce", "loginUrl": "https://login.salesforce.com",
         "auth": {"flow": "password", "clientId": "3MVG9-client", "clientSecret": SECRETS[0],
                  "username": "sync@example.com", "password": SECRETS[1], "securityToken": SECRETS[2]}},
        {"name": "finance", "type": "http", "baseUrl": "https://api.example.com",
         "auth": {"type": "bearer", "token": SECRETS[3]},
         "headers": {"X-Api-Key": SECRETS[7]}},
        {"name": "crm", "type": "http", "baseUrl": "https://crm.example.com",
         "auth": {"type": "apiKey", "in": "header", "name": "X-Key", "value": SECRETS[4]}},
        {"name": "web-org", "type": "salesforce", "loginUrl": "https://login.salesforce.com",
         "auth": {"flow": "web", "clientId": "3MVG9-web", "clientSecret": SECRETS[5]}}
      ],
      "remoteSites": ["https://api.example.com", "https://crm.example.com", "https://login.salesforce.com"],
      "options": [
        {"name": "contacts", "direction": "import", "active": true, "order": 1,
         "description": "CRM people into Contacts",
         "source": {"connection": "crm", "path": "/v1/people", "recordsPath": "$.people"},
         "target": {"connection": "web-org", "object": "Contact", "operation": "upsert",
                    "externalId": "Email"},
         "mapping": {"fields": [
            {"source": "last", "target": "LastName", "transforms": [{"modify": "title"}, {"truncate": 80}]},
            {"source": "first", "target": "FirstName"},
            {"source": "mail", "target": "Email"},
            {"value": "Web", "target": "LeadSource"},
            {"source": "born", "target": "Birthdate", "transforms": [{"convert": {"to": "date", "format": "%d/%m/%Y"}}]}
          ],
          "tests": [
            {"name": "title-cases", "input": {"last": "o'neil", "first": "Jane", "mail": "jane.doe@acme-corp.com", "born": "01/02/1990", "id": "003Dn00000AbCdEfGH"},
             "expect": {"LastName": "O'neil", "Email": "jane.doe@acme-corp.com"}}
          ]}},
        {"name": "invoices", "direction": "import", "active": true, "order": 2,
         "source": {"connection": "finance", "path": "/v1/invoices", "recordsPath": "$.invoices",
                    "params": {"updated_since": "{{since}}"}},
         "target": {"connection": "org", "object": "Invoice__c", "operation": "upsert",
                    "externalId": "invoice_id__c"},
         "mapping": {"fields": [{"source": "id", "target": "invoice_id__c"},
                                {"source": "total", "target": "Amount__c", "transforms": [{"convert": "number"}]}]}},
        {"name": "accounts-out", "direction": "export", "active": false, "order": 3,
         "source": {"connection": "org", "object": "Account"},
         "target": {"connection": "finance", "method": "POST", "path": "/v1/customers"},
         "mapping": {"fields": [{"source": "Name", "target": "customer_name"}]}}
      ],
      "schedules": [{"name": "nightly", "cron": "0 2 * * *", "timezone": "Europe/Paris", "options": ["invoices"]}]
    })
}

/// A workspace in a temporary folder (fixed key) holding [`doc`] and a refresh token.
pub fn workspace() -> (tempfile::TempDir, Workspace) {
    let (dir, ws) = empty_workspace();
    ws.import_config(&doc()).unwrap();
    ws.set_secret("web-org", "/auth/refreshToken", SECRETS[6])
        .unwrap();
    (dir, ws)
}

/// An empty workspace in a temporary folder (fixed key).
pub fn empty_workspace() -> (tempfile::TempDir, Workspace) {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::open_with(
        dir.path().join("ws.db"),
        KeySource::Key(MasterKey::from_bytes([7; 32])),
    )
    .unwrap();
    (dir, ws)
}

/// The Contact describe of fixtures/samples.
pub fn contact_describe() -> Describe {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/samples/describe/Contact.json"
    );
    Describe::from_json_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Every entry of a zip file (an xlsx), by name.
pub fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut out = Vec::new();
            std::io::Read::read_to_end(&mut f, &mut out).unwrap();
            (f.name().unwrap().to_string(), out)
        })
        .collect()
}
