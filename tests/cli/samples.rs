//! `synccentral preview` and `mapping suggest` read CSV and XLSX samples as the app does
//! (through the service layer's `sample_file`), in the encoding `--encoding` names; a text
//! that is not UTF-8 is refused, naming the file and the way to name its encoding.

use super::{fixture, json, sc, stderr};

const MAPPING: &str = r#"{"object": "Contact", "fields": [
    {"source": "id", "target": "Contact_Id__c"},
    {"source": "name", "target": "LastName"}
]}"#;

fn files() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let mapping = dir.path().join("m.json");
    std::fs::write(&mapping, MAPPING).unwrap();
    let mapping = mapping.display().to_string();
    (dir, mapping)
}

fn last_names(out: &std::process::Output) -> Vec<String> {
    json(out)["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["fields"]["LastName"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn preview_reads_a_csv_sample_s_rows_as_records() {
    let (dir, mapping) = files();
    let csv = dir.path().join("contacts.csv");
    std::fs::write(&csv, "id,name\nc-1,Zoë\nc-2,\"de la Cruz, Ana\"\n").unwrap();
    let out = sc(&[
        "preview",
        "--mapping",
        &mapping,
        "--sample",
        csv.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(last_names(&out), ["Zoë", "de la Cruz, Ana"]);
}

#[test]
fn preview_reads_an_xlsx_sample_s_first_sheet() {
    let (_dir, mapping) = files();
    let xlsx = fixture("samples/files/contacts.xlsx");
    let out = sc(&["preview", "--mapping", &mapping, "--sample", &xlsx]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(last_names(&out), ["Café Müller", "Zoë"]);
}

#[test]
fn a_windows_1252_csv_previews_with_encoding_and_is_refused_without() {
    let (dir, mapping) = files();
    let csv = dir.path().join("latin.csv");
    std::fs::write(&csv, b"id,name\nc-1,caf\xe9\n").unwrap();
    let csv = csv.display().to_string();
    let refused = sc(&["preview", "--mapping", &mapping, "--sample", &csv]);
    assert_eq!(refused.status.code(), Some(2));
    let err = stderr(&refused);
    assert!(
        err.contains("ENCODING")
            && err.contains("latin.csv")
            && err.contains("not UTF-8")
            && err.contains("--encoding"),
        "{err}"
    );
    let args = ["preview", "--mapping", &mapping, "--sample", &csv];
    let out = sc(&[&args[..], &["--encoding", "windows-1252"]].concat());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(last_names(&out), ["café"]);
    assert!(
        stderr(&out).contains("read as windows-1252"),
        "{}",
        stderr(&out)
    );
    let unknown = sc(&[&args[..], &["--encoding", "latin-9000"]].concat());
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        stderr(&unknown).contains("unknown encoding \"latin-9000\""),
        "{}",
        stderr(&unknown)
    );
}

#[test]
fn mapping_suggest_reads_a_shift_jis_csv_sample_with_encoding() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("contacts.csv");
    // "LastName,Email\n東京,a@example.com\n" in Shift_JIS.
    let mut bytes = b"LastName,Email\n".to_vec();
    bytes.extend(b"\x93\x8c\x8b\x9e,a@example.com\n");
    std::fs::write(&csv, bytes).unwrap();
    let out = sc(&[
        "mapping",
        "suggest",
        "--sample",
        csv.to_str().unwrap(),
        "--encoding",
        "shift_jis",
        "--describe",
        &fixture("samples/describe/Contact.json"),
        "--format",
        "mapping",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mapping = json(&out);
    let sources: Vec<&str> = mapping["fields"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["source"].as_str())
        .collect();
    assert!(
        sources.contains(&"LastName") && sources.contains(&"Email"),
        "{mapping:#}"
    );
}
