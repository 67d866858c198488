//! Tests of auto-map for a sample read from another Salesforce org: lookups are set by their
//! parents' fields (`reference` with `matchOn` or `externalId`), never by the other org's Ids.

use super::*;

const CONTACT: &str = include_str!("../../../../fixtures/samples/describe/Contact.json");
const ACCOUNT: &str = include_str!("../../../../fixtures/samples/describe/Account.json");

/// The bundled Contact describe with an owner (a queue or a user) and a record type.
fn contact() -> Describe {
    let mut d: Value = serde_json::from_str(CONTACT).unwrap();
    let lookup = |name: &str, to: Value, rel: &str| {
        json!({"name": name, "label": name, "type": "reference", "referenceTo": to,
               "relationshipName": rel, "createable": true, "updateable": true,
               "nillable": true, "length": 18})
    };
    let fields = d["fields"].as_array_mut().unwrap();
    fields.push(lookup("OwnerId", json!(["Group", "User"]), "Owner"));
    fields.push(lookup("RecordTypeId", json!(["RecordType"]), "RecordType"));
    Describe::from_value(&d).unwrap()
}

/// Two SOQL records of Contact as another org sends them (no `attributes`).
fn org_records() -> Value {
    json!([
        {"Id": "0035g00000AbCdE", "SystemModstamp": "2024-05-01T10:00:00.000+0000",
         "FirstName": "Ada", "LastName": "Lovelace", "Email": "ada@example.com",
         "AccountId": "0015g00000AbCdE", "OwnerId": "0055g00000AbCdE",
         "RecordTypeId": "0125g00000AbCdE",
         "Account": {"Name": "Acme"}, "Owner": {"Username": "a@x.com"},
         "RecordType": {"DeveloperName": "Partner"}},
        {"Id": "0035g00000AbCdF", "SystemModstamp": "2024-05-01T10:00:00.000+0000",
         "FirstName": "Alan", "LastName": "Turing", "Email": null,
         "AccountId": null, "OwnerId": "0055g00000AbCdE", "RecordTypeId": null,
         "Account": null, "Owner": {"Username": "a@x.com"}, "RecordType": null}
    ])
}

fn from_org(records: &Value, d: &Describe, parents: &[Describe]) -> Suggestions {
    let refs: Vec<&Value> = records.as_array().unwrap().iter().collect();
    suggest(
        &refs,
        d,
        &SuggestOptions {
            parents,
            source_is_org: true,
            ..SuggestOptions::default()
        },
    )
}

fn by_source<'a>(s: &'a Suggestions, source: &str) -> &'a SuggestedField {
    s.fields
        .iter()
        .find(|f| f.source == source)
        .unwrap_or_else(|| panic!("no suggestion for {source}: {s:#?}"))
}

#[test]
fn lookups_from_another_org_are_set_by_the_parents_fields() {
    let s = from_org(&org_records(), &contact(), &[]);
    let account = by_source(&s, "Account.Name");
    assert_eq!(account.target, "AccountId");
    assert_eq!(account.matched_by, MatchKind::Relationship);
    assert_eq!(
        account.reason,
        "'Account.Name' names the Account that AccountId looks up: looked up by Name in the target org"
    );
    assert_eq!(
        account.transforms[0].transform,
        json!({"reference": {"object": "Account", "matchOn": "Name"}})
    );
    let owner = by_source(&s, "Owner.Username");
    assert_eq!(owner.target, "OwnerId");
    assert_eq!(
        owner.transforms[0].transform,
        json!({"reference": {"object": "User", "matchOn": "Username"}})
    );
    let record_type = by_source(&s, "RecordType.DeveloperName");
    assert_eq!(record_type.target, "RecordTypeId");
    assert_eq!(
        record_type.transforms[0].transform,
        json!({"reference": {"object": "RecordType", "matchOn": "DeveloperName"}})
    );
}

#[test]
fn the_other_orgs_ids_are_never_proposed() {
    let s = from_org(&org_records(), &contact(), &[]);
    for id in ["AccountId", "OwnerId", "RecordTypeId"] {
        assert!(
            s.fields.iter().all(|f| f.source != id),
            "{id} was proposed: {s:#?}"
        );
        assert!(s.unmatched_sources.iter().any(|u| u == id), "{s:#?}");
    }
    // The plain fields are matched as for any sample.
    assert_eq!(by_source(&s, "Email").target, "Email");
    assert_eq!(by_source(&s, "LastName").target, "LastName");
}

#[test]
fn an_api_sample_keeps_matching_ids_by_name() {
    let refs_owner = org_records();
    let refs: Vec<&Value> = refs_owner.as_array().unwrap().iter().collect();
    let s = suggest(&refs, &contact(), &SuggestOptions::default());
    assert_eq!(by_source(&s, "AccountId").target, "AccountId");
}

#[test]
fn a_parents_external_id_is_used_when_its_describe_says_so() {
    let records = json!([{"Id": "0035g00000AbCdE", "LastName": "Lovelace",
                          "AccountId": "0015g00000AbCdE",
                          "Account": {"External_Id__c": "A-100"}}]);
    let s = from_org(
        &records,
        &contact(),
        &[Describe::from_json_str(ACCOUNT).unwrap()],
    );
    let account = by_source(&s, "Account.External_Id__c");
    assert_eq!(
        account.transforms[0].transform,
        json!({"reference": {"object": "Account", "externalId": "External_Id__c"}})
    );
    assert!(account
        .reason
        .contains("External_Id__c is an external ID field of Account"));
}

#[test]
fn a_polymorphic_lookup_is_left_alone_unless_the_key_names_one_user() {
    let records = json!([{"LastName": "Lovelace", "Owner": {"Name": "Sales queue"},
                          "Account": {"Id": "0015g00000AbCdE"}}]);
    let s = from_org(&records, &contact(), &[]);
    assert!(s
        .fields
        .iter()
        .all(|f| f.target != "OwnerId" && f.target != "AccountId"));
    assert!(s.unmatched_sources.iter().any(|u| u == "Owner.Name"));
    assert!(s.unmatched_sources.iter().any(|u| u == "Account.Id"));
}

#[test]
fn the_org_suggestions_compile_and_map_the_sample() {
    let d = contact();
    let records = org_records();
    let s = from_org(&records, &d, &[]);
    let mapping = to_mapping(&s, "Contact");
    let compiled = mapping::compile(&mapping, Some(&d)).unwrap();
    let out = compiled.apply(&records[0], Some(&d));
    assert!(out.errors.is_empty(), "{out:?}");
    assert_eq!(out.fields["LastName"], "Lovelace");
}
