//! Exports for support: no secret of the workspace anywhere in the bytes (also encoded), and
//! the test cases' sample values mocked with their shape kept, so the mapping still runs.

mod common;

use base64::Engine;
use common::*;
use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
use serde_json::Value;
use synccentral_workbook::{scrub, write_workbook, ScrubOptions};

/// Every form a secret could take in a file.
fn forms(secret: &str) -> Vec<String> {
    let b = secret.as_bytes();
    let engines = [
        base64::engine::general_purpose::STANDARD.encode(b),
        base64::engine::general_purpose::STANDARD_NO_PAD.encode(b),
        base64::engine::general_purpose::URL_SAFE.encode(b),
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b),
    ];
    let mut v = vec![
        secret.to_string(),
        utf8_percent_encode(secret, NON_ALPHANUMERIC).to_string(),
        secret.replace(' ', "+"),
        serde_json::to_string(secret)
            .unwrap()
            .trim_matches('"')
            .to_string(),
        secret
            .replace('&', "&amp;")
            .replace('"', "&quot;")
            .replace('<', "&lt;"),
    ];
    v.extend(engines);
    v
}

fn assert_no_secret(what: &str, bytes: &[u8]) {
    for secret in SECRETS {
        for form in forms(secret) {
            assert!(
                !bytes.windows(form.len()).any(|w| w == form.as_bytes()),
                "{what} holds {secret:?} as {form:?}"
            );
        }
    }
}

#[test]
fn no_secret_of_the_workspace_appears_in_a_scrubbed_json_or_excel_export() {
    let (_d, ws) = workspace();
    let clear = ws.config().unwrap();
    let clear_json = serde_json::to_vec(&clear).unwrap();
    for s in SECRETS {
        assert!(
            clear_json.windows(s.len()).any(|w| w == s.as_bytes()),
            "the workspace holds {s} (else this test proves nothing)"
        );
    }

    for mock_samples in [false, true] {
        let support = scrub(&clear, ScrubOptions { mock_samples }, &[contact_describe()]);
        assert_no_secret(
            "the JSON export",
            &serde_json::to_vec_pretty(&support).unwrap(),
        );
    }
    let xlsx = write_workbook(&clear, &[contact_describe()]).unwrap();
    assert_no_secret("the xlsx file", &xlsx);
    for (name, data) in unzip(&xlsx) {
        assert_no_secret(&name, &data);
    }
}

#[test]
fn a_support_export_keeps_placeholders_removes_tokens_and_hides_credential_headers() {
    let (_d, ws) = workspace();
    let support =
        serde_json::to_value(scrub(&ws.config().unwrap(), ScrubOptions::default(), &[])).unwrap();
    assert_eq!(support["connections"][0]["auth"]["password"], "***");
    assert_eq!(support["connections"][1]["headers"]["X-Api-Key"], "***");
    assert!(
        support["connections"][3]["auth"]
            .get("refreshToken")
            .is_none(),
        "tokens are removed"
    );
    assert_eq!(support["connections"][3]["auth"]["clientSecret"], "***");
    assert_eq!(
        support["options"][1]["source"]["params"]["updated_since"], "{{since}}",
        "templates are not credentials"
    );
    assert_eq!(
        support["options"][0]["mapping"]["tests"][0]["input"]["last"], "o'neil",
        "without --mock-samples the samples stay"
    );
}

#[test]
fn mocked_samples_keep_shape_and_type_and_the_preview_still_runs() {
    let (_d, ws) = workspace();
    let support = serde_json::to_value(scrub(
        &ws.config().unwrap(),
        ScrubOptions { mock_samples: true },
        &[contact_describe()],
    ))
    .unwrap();
    let mapping = &support["options"][0]["mapping"];
    let input = &mapping["tests"][0]["input"];
    let expect = &mapping["tests"][0]["expect"];
    let text = |v: &Value| v.as_str().unwrap().to_string();

    assert_ne!(text(&input["mail"]), "jane.doe@acme-corp.com");
    assert_eq!(text(&input["mail"]).len(), "jane.doe@acme-corp.com".len());
    assert!(text(&input["mail"]).ends_with(".com") && text(&input["mail"]).contains('@'));
    assert_eq!(
        input["mail"], expect["Email"],
        "the same value gives the same mock"
    );
    let id = text(&input["id"]);
    assert!(id.starts_with("003") && id.len() == 18 && id != "003Dn00000AbCdEfGH");
    let born = text(&input["born"]);
    assert_eq!(born.len(), 10);
    assert_ne!(born, "01/02/1990");
    assert_eq!(text(&input["last"]).len(), "o'neil".len());
    assert!(text(&input["last"]).contains('\''));

    // The mapping still compiles and maps the mocked record without errors.
    let describe = contact_describe();
    let compiled = synccentral_engine::mapping::compile(mapping, Some(&describe)).unwrap();
    let mapped = compiled.apply(input, Some(&describe));
    assert!(mapped.errors.is_empty(), "{:?}", mapped.errors);
    assert_eq!(mapped.fields["Email"], input["mail"]);
    assert!(mapped.fields["Birthdate"]
        .as_str()
        .unwrap()
        .parse::<jiff::civil::Date>()
        .is_ok());
}
