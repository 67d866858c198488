//! The settings workbook: what a person sees in it, edits coming back after a preview,
//! every bad cell reported by sheet and cell, no formulas, and LibreOffice can print it.

mod common;

use calamine::{Data, Reader, Xlsx};
use common::*;
use serde_json::json;
use std::io::Cursor;
use synccentral_store::{ChangeKind, Scope};
use synccentral_workbook::{read_workbook, write_workbook, WorkbookError};

fn sheet(bytes: &[u8], name: &str) -> Vec<Vec<String>> {
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range(name).unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    Data::Float(f) => f.to_string(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

#[test]
fn the_workbook_shows_options_mappings_with_describe_labels_connections_schedules_and_sites() {
    let (_d, ws) = workspace();
    let bytes = write_workbook(&ws.config().unwrap(), &[contact_describe()]).unwrap();
    let book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(&bytes[..])).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            "Options",
            "contacts",
            "invoices",
            "accounts-out",
            "Connections",
            "Schedules",
            "Remote sites"
        ]
    );
    drop(book);

    let options = sheet(&bytes, "Options");
    assert_eq!(
        options[0][..9],
        [
            "Option",
            "Direction",
            "Object",
            "Source / target",
            "Operation",
            "External ID",
            "Schedule",
            "Active",
            "Order"
        ]
    );
    assert_eq!(
        options[1][..6],
        [
            "contacts",
            "import",
            "Contact",
            "crm GET /v1/people → web-org",
            "upsert",
            "Email"
        ]
    );
    assert_eq!(options[2][6], "0 2 * * * (Europe/Paris)");
    assert_eq!(options[3][..3], ["accounts-out", "export", "Account"]);
    assert_eq!(options[3][7], "no");

    let contacts = sheet(&bytes, "contacts");
    assert_eq!(
        contacts[1][..9],
        [
            "last",
            "",
            "modify",
            "title",
            "LastName",
            "Last Name",
            "string",
            "80",
            "yes"
        ]
    );
    assert_eq!(
        contacts[2][2..4],
        ["truncate", "80"],
        "the second transform on the row below"
    );
    assert_eq!(
        contacts[2][4], "",
        "a transform row has no target of its own"
    );
    assert_eq!(contacts[4][4..7], ["Email", "Email", "email"]);
    assert_eq!(contacts[5][1], "Web");
    assert_eq!(contacts[6][3], r#"{"to":"date","format":"%d/%m/%Y"}"#);

    let connections = sheet(&bytes, "Connections");
    assert_eq!(
        connections[1][..4],
        [
            "org",
            "salesforce",
            "https://login.salesforce.com",
            "password"
        ]
    );
    assert_eq!(
        connections[1][5],
        "clientSecret = ***\npassword = ***\nsecurityToken = ***"
    );
    assert_eq!(
        sheet(&bytes, "Schedules")[1][..4],
        ["nightly", "0 2 * * *", "Europe/Paris", "invoices"]
    );
    assert_eq!(sheet(&bytes, "Remote sites").len(), 4);
}

#[test]
fn the_sheets_are_laid_out_for_reading_and_printing() {
    let (_d, ws) = workspace();
    let bytes = write_workbook(&ws.config().unwrap(), &[]).unwrap();
    let files = unzip(&bytes);
    let xml = |name: &str| {
        String::from_utf8(files.iter().find(|(n, _)| n == name).unwrap().1.clone()).unwrap()
    };
    let options = xml("xl/worksheets/sheet1.xml");
    assert!(
        options.contains(r#"<pane ySplit="1" topLeftCell="A2""#),
        "frozen header"
    );
    assert!(options.contains("<autoFilter"), "filters");
    assert!(options.contains("<col "), "column widths");
    assert!(
        options.contains(r#"sqref="E2:E"#) && options.contains("insert,update,upsert,delete"),
        "operation list"
    );
    assert!(
        options.contains(r#"orientation="landscape""#) && options.contains("fitToHeight=\"0\"")
    );
    let contacts = xml("xl/worksheets/sheet2.xml");
    assert!(
        contacts.contains("convert,replace,modify"),
        "transform kinds list"
    );
    assert!(
        xml("xl/workbook.xml").contains("_xlnm.Print_Titles"),
        "header row on every page"
    );
}

/// What a person does in Excel, as the bytes Excel saves: the workbook of the edited
/// configuration, read back onto the workspace's configuration.
#[test]
fn edited_mappings_added_rows_and_toggled_options_come_back_after_a_preview() {
    let (_d, ws) = workspace();
    let before = ws.config_scrubbed().unwrap();
    let mut edited = serde_json::to_value(&before).unwrap();
    edited["options"][0]["mapping"]["fields"][1]["target"] = json!("Salutation");
    edited["options"][0]["mapping"]["fields"]
        .as_array_mut()
        .unwrap()
        .push(json!({"source": "phone", "target": "Phone", "transforms": [{"replace": {"pattern": "\\s+", "with": ""}}]}));
    edited["options"][2]["active"] = json!(true);
    edited["options"][1]["order"] = json!(9);
    let bytes = write_workbook(&serde_json::from_value(edited.clone()).unwrap(), &[]).unwrap();

    let back = read_workbook(&bytes, &before).unwrap();
    assert_eq!(serde_json::to_value(&back).unwrap(), edited);
    let doc = serde_json::to_value(&back).unwrap();
    let preview = ws.preview_import(&doc, &Scope::All).unwrap();
    let changed: Vec<(&str, &[String])> = preview
        .items
        .iter()
        .filter(|i| i.change == ChangeKind::Changed)
        .map(|i| (i.name.as_str(), &i.fields[..]))
        .collect();
    assert_eq!(
        changed,
        [
            (
                "contacts",
                &[
                    "/mapping/fields/1/target".to_string(),
                    "/mapping/fields/5".to_string()
                ][..]
            ),
            ("invoices", &["/order".to_string()][..]),
            ("accounts-out", &["/active".to_string()][..]),
        ]
    );
    assert_eq!(
        ws.config_scrubbed().unwrap(),
        before,
        "a preview changes nothing"
    );
    ws.apply_import(&doc, &Scope::All).unwrap();
    assert!(ws.config_scrubbed().unwrap().options[2].active());
    assert!(
        ws.apply_import(&doc, &Scope::All).unwrap().is_noop(),
        "the same workbook twice changes nothing"
    );
}

fn book_of(sheets: &[(&str, &[&[&str]])]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    for (name, rows) in sheets {
        let s = book.add_worksheet();
        s.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, text) in row.iter().enumerate() {
                if !text.is_empty() {
                    s.write_string(r as u32, c as u16, *text).unwrap();
                }
            }
        }
    }
    book.save_to_buffer().unwrap()
}

#[test]
fn unknown_values_are_reported_by_sheet_and_cell() {
    let (_d, ws) = workspace();
    let header: &[&str] = &[
        "Option",
        "Direction",
        "Object",
        "Source / target",
        "Operation",
        "External ID",
        "Schedule",
        "Active",
        "Order",
        "Description",
        "Mapping sheet",
    ];
    let bytes = book_of(&[
        (
            "Options",
            &[
                header,
                &[
                    "contacts", "import", "Contact", "", "upsert", "Email", "", "yes", "1", "",
                    "contacts",
                ],
                &[
                    "invoices",
                    "import",
                    "Invoice__c",
                    "",
                    "upsert",
                    "invoice_id__c",
                    "",
                    "maybe",
                    "2",
                    "",
                    "invoices",
                ],
                &[
                    "accounts-out",
                    "export",
                    "Account",
                    "",
                    "upsrt",
                    "",
                    "",
                    "no",
                    "x",
                    "",
                    "accounts-out",
                ],
                &[
                    "payments",
                    "import",
                    "Payment__c",
                    "",
                    "insert",
                    "",
                    "",
                    "yes",
                    "4",
                    "",
                    "payments",
                ],
            ],
        ),
        (
            "contacts",
            &[
                &["Source", "Value", "Transform", "Setting", "Target field"],
                &["last", "", "convrt", "date", "LastName"],
                &["first", "", "", "", ""],
            ],
        ),
        (
            "invoices",
            &[
                &["Source", "Value", "Transform", "Setting", "Target field"],
                &["id", "", "", "", "invoice_id__c"],
            ],
        ),
        (
            "accounts-out",
            &[
                &["Source", "Value", "Transform", "Setting", "Target field"],
                &["Name", "", "", "", "customer_name"],
            ],
        ),
    ]);
    let err = read_workbook(&bytes, &ws.config_scrubbed().unwrap()).unwrap_err();
    let WorkbookError::Cells(issues) = &err else {
        panic!("{err}")
    };
    let lines: Vec<String> = issues.iter().map(|i| i.to_string()).collect();
    assert_eq!(
        lines,
        [
            "contacts!C2: transform 'convrt' is not one of convert, replace, modify, split, join, calc, escape, encode, decode, reference, default, truncate, validate",
            "contacts!E3: the target field is empty",
            "Options!H3: active 'maybe' is not one of yes, no",
            "Options!I4: order 'x' is not a whole number",
            "Options!E4: operation 'upsrt': an export option has no Salesforce operation; leave it empty",
            "Options!A5: option 'payments' is not in the workspace: add options in the app or the JSON document, then edit them here",
        ]
    );

    let import_op = book_of(&[
        (
            "Options",
            &[
                header,
                &[
                    "contacts", "import", "Contact", "", "upsrt", "Email", "", "yes", "1", "",
                    "contacts",
                ],
            ],
        ),
        (
            "contacts",
            &[
                &["Source", "Value", "Transform", "Setting", "Target field"],
                &["last", "", "", "", "LastName"],
            ],
        ),
    ]);
    let err = read_workbook(&import_op, &ws.config_scrubbed().unwrap()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "1 problem in the workbook:\n  Options!E2: operation 'upsrt' is not one of insert, update, upsert, delete"
    );
}

#[test]
fn cells_starting_with_formula_characters_are_text_never_formulas() {
    let (_d, ws) = workspace();
    let mut doc = serde_json::to_value(ws.config_scrubbed().unwrap()).unwrap();
    let nasty = [
        "=HYPERLINK(\"http://127.0.0.1/x\",\"y\")",
        "+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(A1:A2)",
    ];
    doc["options"][0]["description"] = json!(nasty[0]);
    doc["options"][0]["mapping"]["fields"][0]["source"] = json!(nasty[1]);
    doc["options"][0]["mapping"]["fields"][1]["target"] = json!(nasty[2]);
    doc["options"][0]["mapping"]["fields"][3]["value"] = json!(nasty[3]);
    let config = serde_json::from_value(doc).unwrap();
    let bytes = write_workbook(&config, &[]).unwrap();

    let files = unzip(&bytes);
    let shared = String::from_utf8(
        files
            .iter()
            .find(|(n, _)| n == "xl/sharedStrings.xml")
            .unwrap()
            .1
            .clone(),
    )
    .unwrap();
    for (name, data) in &files {
        if name.starts_with("xl/worksheets/") {
            let xml = String::from_utf8_lossy(data);
            assert!(
                !xml.contains("<f>") && !xml.contains("<f "),
                "{name} holds a formula"
            );
        }
    }
    for text in nasty {
        let escaped = text
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;");
        assert!(
            shared.contains(&escaped) || shared.contains(text),
            "{text} is a shared string"
        );
    }
    assert_eq!(
        read_workbook(&bytes, &ws.config_scrubbed().unwrap()).unwrap(),
        config
    );
}

#[test]
fn libreoffice_converts_the_workbook_to_a_pdf_showing_every_options_target_fields() {
    let (dir, ws) = workspace();
    let bytes = write_workbook(&ws.config().unwrap(), &[contact_describe()]).unwrap();
    let xlsx = dir.path().join("settings.xlsx");
    std::fs::write(&xlsx, bytes).unwrap();
    let profile = dir.path().join("lo-profile");
    let out = std::process::Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&xlsx)
        .output()
        .expect("LibreOffice (soffice) is installed: scripts/test installs libreoffice-calc");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pdf = dir.path().join("settings.pdf");
    let text = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    let text = String::from_utf8_lossy(&text.stdout);
    for field in [
        "LastName",
        "FirstName",
        "Email",
        "LeadSource",
        "Birthdate",
        "invoice_id__c",
        "Amount__c",
        "customer_name",
    ] {
        assert!(
            text.contains(field),
            "{field} is missing from the PDF:\n{text}"
        );
    }
    for label in ["Last Name", "contacts", "accounts-out"] {
        assert!(text.contains(label), "{label} is missing from the PDF");
    }
}
