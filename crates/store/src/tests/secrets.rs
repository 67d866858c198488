use super::{example, key, workspace};
use crate::config::{Connection, HttpAuth, SalesforceAuth};
use crate::secrets::{load_or_create_key_file, KeyError, MasterKey};
use crate::{KeySource, StoreError, Workspace};
use serde_json::json;

const SECRETS: &[&str] = &[
    "sf-client-secret-1",
    "sf-password-2",
    "sf-token-3",
    "finance-bearer-4",
];

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[test]
fn the_workspace_file_holds_no_secret_in_clear() {
    let (dir, ws) = workspace();
    ws.import_config(&example()).unwrap();
    drop(ws); // closes the last connection: the WAL is checkpointed into the file
    let mut bytes = std::fs::read(dir.path().join("ws.db")).unwrap();
    if let Ok(wal) = std::fs::read(dir.path().join("ws.db-wal")) {
        bytes.extend(wal);
    }
    assert!(
        contains(&bytes, "sync@example.com"),
        "the test reads the right file"
    );
    for s in SECRETS {
        assert!(!contains(&bytes, s), "{s} is in the file in clear");
    }
}

#[test]
fn secrets_round_trip_and_the_scrubbed_copy_hides_them() {
    let (_dir, ws) = workspace();
    let summary = ws.import_config(&example()).unwrap();
    assert_eq!(summary.secrets_set, 4);
    let clear = serde_json::to_string(&ws.config().unwrap()).unwrap();
    for s in SECRETS {
        assert!(clear.contains(s), "{s} missing from {clear}");
    }
    let scrubbed = serde_json::to_string(&ws.export_config(false).unwrap()).unwrap();
    for s in SECRETS {
        assert!(!scrubbed.contains(s));
    }
    assert!(scrubbed.contains("\"password\":\"***\""), "{scrubbed}");
}

#[test]
fn another_key_is_refused_with_a_clear_error() {
    let (dir, ws) = workspace();
    ws.import_config(&example()).unwrap();
    drop(ws);
    let other = Workspace::open_with(dir.path().join("ws.db"), KeySource::Key(key(2))).unwrap();
    let err = other.config().unwrap_err();
    assert!(
        matches!(err, StoreError::Key(KeyError::WrongKey { .. })),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .contains("does not open this workspace's secrets"),
        "{err}"
    );
    // The scrubbed configuration needs no key.
    assert_eq!(other.config_scrubbed().unwrap().connections.len(), 2);
    // Nor can it add secrets under another key.
    assert!(other.import_config(&example()).is_err());
}

#[test]
fn stars_keep_the_stored_secret_of_the_same_connection_and_field() {
    let (_dir, ws) = workspace();
    ws.import_config(&example()).unwrap();
    let mut edited = serde_json::to_value(ws.export_config(false).unwrap()).unwrap();
    edited["options"][0]["active"] = json!(false);
    // A changed secret next to kept ones.
    edited["connections"][1]["auth"]["token"] = json!("finance-bearer-5");
    let summary = ws.import_config(&edited).unwrap();
    assert_eq!((summary.secrets_kept, summary.secrets_set), (3, 1));
    let c = ws.config().unwrap();
    let Connection::Salesforce(org) = c.connection("org").unwrap() else {
        panic!()
    };
    let SalesforceAuth::Password(p) = &org.auth else {
        panic!()
    };
    assert_eq!(p.password.expose(), "sf-password-2");
    let Connection::Http(fin) = c.connection("finance").unwrap() else {
        panic!()
    };
    let HttpAuth::Bearer(b) = &fin.auth else {
        panic!()
    };
    assert_eq!(b.token.expose(), "finance-bearer-5");
    assert!(!c.options[0].active());
}

#[test]
fn stars_for_a_secret_never_stored_is_a_problem_and_nothing_changes() {
    let (_dir, ws) = workspace();
    ws.import_config(&example()).unwrap();
    let mut doc = serde_json::to_value(ws.export_config(false).unwrap()).unwrap();
    doc["connections"][0]["name"] = json!("org2");
    doc["options"][0]["target"]["connection"] = json!("org2");
    doc["options"][1]["source"]["connection"] = json!("org2");
    let StoreError::Invalid(issues) = ws.import_config(&doc).unwrap_err() else {
        panic!()
    };
    assert!(
        issues
            .iter()
            .any(|i| i.pointer == "/connections/0/auth/password"),
        "{issues:?}"
    );
    assert_eq!(ws.config().unwrap().connections[0].name(), "org");
}

#[test]
fn a_refresh_token_from_a_login_is_stored_as_a_secret() {
    let (_dir, ws) = workspace();
    let mut doc = example();
    doc["connections"][0]["auth"] = json!({"flow": "web", "clientId": "c"});
    ws.import_config(&doc).unwrap();
    ws.set_secret("org", "/auth/refreshToken", "rt-6").unwrap();
    let c = ws.config().unwrap();
    let Connection::Salesforce(org) = c.connection("org").unwrap() else {
        panic!()
    };
    let SalesforceAuth::Web(w) = &org.auth else {
        panic!()
    };
    assert_eq!(w.refresh_token.as_ref().unwrap().expose(), "rt-6");
    let exported = serde_json::to_value(ws.export_config(false).unwrap()).unwrap();
    assert_eq!(exported["connections"][0]["auth"]["refreshToken"], "***");
    assert!(ws.set_secret("org", "/auth/username", "x").is_err());
    assert!(ws.set_secret("nope", "/auth/refreshToken", "x").is_err());
}

#[test]
fn a_key_file_is_created_private_and_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("keys/master.key");
    let k = load_or_create_key_file(&path).unwrap();
    assert_eq!(load_or_create_key_file(&path).unwrap(), k);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    std::fs::write(dir.path().join("bad.key"), "not a key").unwrap();
    let err = load_or_create_key_file(&dir.path().join("bad.key")).unwrap_err();
    assert!(
        err.to_string()
            .contains("not a key written by Sync Central"),
        "{err}"
    );
}

#[test]
fn a_workspace_key_file_next_to_the_workspace_is_used() {
    let dir = tempfile::tempdir().unwrap();
    let key_path = dir.path().join("workspace.key");
    let k = load_or_create_key_file(&key_path).unwrap();
    let (found, origin) = crate::secrets::resolve(&dir.path().join("ws.db"), None).unwrap();
    assert_eq!(found, k);
    assert_eq!(origin, crate::KeyOrigin::File(key_path));
}

#[test]
fn sealing_binds_the_ciphertext_to_its_place() {
    let k = MasterKey::generate();
    let sealed = k.seal(b"hello", b"org\0/auth/password");
    assert_eq!(k.open(&sealed, b"org\0/auth/password").unwrap(), b"hello");
    assert!(k.open(&sealed, b"finance\0/auth/token").is_err());
    assert!(MasterKey::generate()
        .open(&sealed, b"org\0/auth/password")
        .is_err());
}

#[test]
fn a_copied_workspace_file_without_the_key_reveals_nothing() {
    let home = tempfile::tempdir().unwrap();
    let original = home.path().join("ws.db");
    let ws = Workspace::open_with(
        &original,
        KeySource::File(home.path().join(crate::secrets::KEY_FILE_NAME)),
    )
    .unwrap();
    ws.import_config(&example()).unwrap();
    drop(ws); // the WAL is checkpointed into the file on close

    // Someone copies the workspace file, and only it.
    let elsewhere = tempfile::tempdir().unwrap();
    let copy = elsewhere.path().join("ws.db");
    std::fs::copy(&original, &copy).unwrap();
    let bytes = std::fs::read(&copy).unwrap();
    assert!(
        contains(&bytes, "sync@example.com"),
        "the copy is the workspace"
    );
    for s in SECRETS {
        assert!(!contains(&bytes, s), "{s} can be read from the copy");
    }

    // Opened without the key: a clear error naming the missing key, not garbage.
    let opened = Workspace::open(&copy).unwrap();
    let err = opened.config().unwrap_err();
    assert!(
        matches!(err, StoreError::Key(KeyError::Unavailable { .. })),
        "{err:?}"
    );
    let message = err.to_string();
    assert!(
        message.contains("encrypted with a key file")
            && message.contains(&elsewhere.path().join("workspace.key").display().to_string())
            && message.contains(crate::secrets::KEY_FILE_ENV),
        "{message}"
    );
    assert!(opened.export_config(true).is_err(), "no secret comes out");
    // What is not secret still reads, with every secret as "***".
    let scrubbed = serde_json::to_string(&opened.export_config(false).unwrap()).unwrap();
    assert!(scrubbed.contains("\"password\":\"***\""), "{scrubbed}");
    for s in SECRETS {
        assert!(!scrubbed.contains(s));
    }
}

#[test]
fn workspaces_opened_at_once_on_a_new_key_file_all_get_the_one_key_it_holds() {
    for round in 0..20 {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("keys/workspace-{round}.key"));
        let barrier = std::sync::Arc::new(std::sync::Barrier::new(8));
        let keys: Vec<MasterKey> = (0..8)
            .map(|_| {
                let (path, barrier) = (path.clone(), barrier.clone());
                std::thread::spawn(move || {
                    barrier.wait();
                    load_or_create_key_file(&path).expect("every opener gets a key")
                })
            })
            .collect::<Vec<_>>()
            .into_iter()
            .map(|t| t.join().unwrap())
            .collect();
        let on_disk = load_or_create_key_file(&path).unwrap();
        assert!(keys.iter().all(|k| *k == on_disk), "round {round}");
        let left: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left.len(), 1, "no temporary file is left: {left:?}");
    }
}

#[test]
fn a_kept_secret_does_not_follow_its_connection_to_another_destination() {
    let (_dir, ws) = workspace();
    ws.import_config(&example()).unwrap();
    let scrubbed = serde_json::to_value(ws.export_config(false).unwrap()).unwrap();

    // Same origins, flows and auth types: "***" keeps every secret.
    let mut same = scrubbed.clone();
    same["connections"][0]["loginUrl"] = json!("https://login.salesforce.com/");
    assert_eq!(ws.import_config(&same).unwrap().secrets_kept, 4);

    // The org's login URL now points elsewhere: its three kept secrets are refused, named,
    // and nothing changes; the API's token (same base URL) would have been kept.
    let mut moved = scrubbed.clone();
    moved["connections"][0]["loginUrl"] = json!("https://collector.example.net");
    moved["remoteSites"]
        .as_array_mut()
        .unwrap()
        .push(json!("https://collector.example.net"));
    let Err(StoreError::Invalid(issues)) = ws.import_config(&moved) else {
        panic!("a secret followed its connection elsewhere")
    };
    let pointers: Vec<&str> = issues.iter().map(|i| i.pointer.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "/connections/0/auth/clientSecret",
            "/connections/0/auth/password",
            "/connections/0/auth/securityToken"
        ],
        "{issues:?}"
    );
    assert!(
        issues[0].message.contains(
            "loginUrl changed from https://login.salesforce.com to https://collector.example.net"
        ),
        "{}",
        issues[0].message
    );
    assert!(
        serde_json::to_string(&ws.config().unwrap())
            .unwrap()
            .contains("sf-password-2"),
        "nothing changed"
    );

    // An HTTP API's base URL moved: its bearer token must be given again.
    let mut api = scrubbed.clone();
    api["connections"][1]["baseUrl"] = json!("https://api.example.com.evil.test");
    api["remoteSites"]
        .as_array_mut()
        .unwrap()
        .push(json!("https://api.example.com.evil.test"));
    let Err(StoreError::Invalid(issues)) = ws.import_config(&api) else {
        panic!("the token followed the base URL")
    };
    assert_eq!(issues[0].pointer, "/connections/1/auth/token", "{issues:?}");
    // Given again, it is taken.
    api["connections"][1]["auth"]["token"] = json!("finance-bearer-5");
    ws.import_config(&api).unwrap();
}
