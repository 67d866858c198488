//! A sample of another org's records, for an import that reads a Salesforce org: the first
//! records of `SELECT Id, SystemModstamp, <fields> FROM object [WHERE …] LIMIT n`, with
//! Salesforce's `attributes` removed, as the guided flow's mapping step and the mapping
//! editor read them. The fields are the ones asked for (an option's mapped source fields)
//! and up to [`SAMPLE_FIELDS`] more of the object's, so unmapped ones can be dragged too.
//! Each writable lookup also brings a field naming its parent (`Account.Name`,
//! `Owner.Username`, `RecordType.DeveloperName`, at most [`PARENT_FIELDS`]): that org's Ids
//! mean nothing in the target, so auto-map sets lookups by these.

use super::describe::with_org;
use crate::editor::{outline, SourceField};
use crate::options::export_workspace::{without_attributes, SAMPLE_FIELDS};
use crate::{codes, ApiError};
use serde::Serialize;
use serde_json::Value;
use synccentral_engine::describe::{FieldDescribe, FieldType};
use synccentral_model as cfg;
use ts_rs::TS;

/// The most records a sample of an org reads.
pub const MAX_ORG_SAMPLE: u32 = 50;

/// The most parents' fields (`Account.Name`) a sample of an org selects.
pub const PARENT_FIELDS: usize = 20;

/// Standard objects whose records are named by another field than `Name`.
const NAME_FIELDS: &[(&str, &str)] = &[
    ("Case", "CaseNumber"),
    ("Contract", "ContractNumber"),
    ("Order", "OrderNumber"),
    ("Solution", "SolutionName"),
    ("Task", "Subject"),
    ("Event", "Subject"),
    ("Idea", "Title"),
    ("RecordType", "DeveloperName"),
    ("User", "Username"),
];

/// The first records of an object of an org, as an import from that org reads them.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OrgSample {
    /// The query read.
    pub soql: String,
    /// The records' fields with their types and a sample value (`Account.Name` for a
    /// parent's).
    pub fields: Vec<SourceField>,
    /// The records as the org sent them, without `attributes`.
    #[ts(type = "Array<unknown>")]
    pub records: Vec<Value>,
}

/// Reads the first `limit` (1–50) records of `object` on the Salesforce connection
/// `connection`, with `condition` (SOQL, without `WHERE`) when one is given.
pub fn org_sample(
    app: &crate::workspace::AppWorkspace,
    connection: &str,
    object: &str,
    condition: Option<&str>,
    limit: u32,
) -> Result<OrgSample, ApiError> {
    read_org_sample(app, connection, object, &[], condition, limit)
}

/// [`org_sample`] with `mapped` fields (relationship paths allowed) selected first.
pub(crate) fn read_org_sample(
    app: &crate::workspace::AppWorkspace,
    connection: &str,
    object: &str,
    mapped: &[String],
    condition: Option<&str>,
    limit: u32,
) -> Result<OrgSample, ApiError> {
    if limit == 0 || limit > MAX_ORG_SAMPLE {
        return Err(ApiError::new(
            codes::INVALID_REQUEST,
            format!("records: between 1 and {MAX_ORG_SAMPLE}, not {limit}"),
        ));
    }
    if !is_name(object) {
        return Err(ApiError::new(
            codes::INVALID_REQUEST,
            format!("'{object}' is not an object API name"),
        ));
    }
    let condition = condition.map(str::trim).filter(|c| !c.is_empty());
    with_org(app, connection, async |client| {
        let sf = |e: synccentral_salesforce::SalesforceError| {
            ApiError::new(e.code(), format!("{connection}: {e}"))
        };
        let describe = client.describe(object).await.map_err(sf)?;
        let mut fields: Vec<String> = vec!["Id".into(), "SystemModstamp".into()];
        fn add(fields: &mut Vec<String>, name: &str) {
            if !fields.iter().any(|f| f.eq_ignore_ascii_case(name)) {
                fields.push(name.to_string());
            }
        }
        mapped
            .iter()
            .filter(|f| is_path(f))
            .for_each(|f| add(&mut fields, f));
        describe
            .fields
            .iter()
            .filter(|f| {
                !matches!(
                    f.field_type,
                    FieldType::Address | FieldType::Location | FieldType::Base64
                )
            })
            .take(SAMPLE_FIELDS)
            .for_each(|f| add(&mut fields, &f.name));
        let plain = fields.len();
        parent_fields(&describe.fields)
            .iter()
            .take(PARENT_FIELDS)
            .for_each(|f| add(&mut fields, f));
        let soql_of = |fields: &[String]| {
            let mut soql = format!("SELECT {} FROM {}", fields.join(", "), describe.name);
            if let Some(c) = condition {
                soql.push_str(&format!(" WHERE ({c})"));
            }
            soql.push_str(&format!(" LIMIT {limit}"));
            soql
        };
        let mut soql = soql_of(&fields);
        let mut read = client.query_all_records(&soql).await;
        // A parent named by a field the guess got wrong: the sample without parents' fields.
        if matches!(&read, Err(e) if e.code() == "INVALID_FIELD") && fields.len() > plain {
            soql = soql_of(&fields[..plain]);
            read = client.query_all_records(&soql).await;
        }
        let mut records = read.map_err(sf)?;
        records.truncate(limit as usize);
        records.iter_mut().for_each(without_attributes);
        Ok(OrgSample {
            fields: outline(records.iter()),
            records,
            soql,
        })
    })
}

/// For each writable lookup with a relationship name, the parent's field that names it:
/// `RecordType.DeveloperName`, `Owner.Username` (a user's, also through a polymorphic owner:
/// Salesforce reads it through the `Name` object, null for a queue), `Rel.Name` through
/// other polymorphic lookups (`What.Name`), else the parent's name field (`Account.Name`,
/// `Case.CaseNumber`). Audit lookups (`CreatedById`) are not writable, so are left out.
pub(crate) fn parent_fields(fields: &[FieldDescribe]) -> Vec<String> {
    fields
        .iter()
        .filter(|f| f.field_type == FieldType::Reference && (f.createable || f.updateable))
        .filter_map(|f| {
            let relationship = f.relationship_name.as_deref().filter(|r| is_name(r))?;
            let key = match &f.reference_to[..] {
                [] => return None,
                [one] => NAME_FIELDS
                    .iter()
                    .find(|(o, _)| o == one)
                    .map_or("Name", |(_, k)| k),
                many if many.iter().any(|o| o == "User") => "Username",
                _ => "Name",
            };
            Some(format!("{relationship}.{key}"))
        })
        .collect()
}

/// The source fields an org-sourced option's mapping reads (`Email`, `Account.Name`): each
/// `fields[].source` that is a field path; anything else (JSONPath, calculations) is left
/// to the run's own checks.
pub(crate) fn mapped_fields(option: &cfg::ImportOption) -> Vec<String> {
    option.mapping["fields"]
        .as_array()
        .map(|fields| {
            fields
                .iter()
                .filter_map(|f| f["source"].as_str())
                .filter(|s| is_path(s))
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// An API name: a letter, then letters, digits and `_`.
fn is_name(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A field path: API names joined by dots.
fn is_path(s: &str) -> bool {
    s.split('.').all(is_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_field_paths_are_selected() {
        assert!(is_path("Email") && is_path("Account.Owner.Name"));
        assert!(!is_path("$.email") && !is_path("lines[0].sku") && !is_path(""));
        assert!(!is_name("Contact; DELETE") && !is_name("1Bad"));
    }

    #[test]
    fn each_writable_lookup_brings_the_field_naming_its_parent() {
        let lookup = |name: &str, to: &[&str], rel: &str, writable: bool| {
            serde_json::json!({"name": name, "label": name, "type": "reference",
                "referenceTo": to, "relationshipName": rel,
                "createable": writable, "updateable": writable})
        };
        let d = synccentral_engine::Describe::from_value(&serde_json::json!({
        "name": "Task", "label": "Task", "fields": [
            {"name": "Subject", "label": "Subject", "type": "string", "createable": true},
            lookup("AccountId", &["Account"], "Account", true),
            lookup("OwnerId", &["Group", "User"], "Owner", true),
            lookup("WhatId", &["Account", "Opportunity"], "What", true),
            lookup("RecordTypeId", &["RecordType"], "RecordType", true),
            lookup("Case__c", &["Case"], "Case__r", true),
            lookup("CreatedById", &["User"], "CreatedBy", false),
        ]}))
        .unwrap();
        assert_eq!(
            parent_fields(&d.fields),
            [
                "Account.Name",
                "Owner.Username",
                "What.Name",
                "RecordType.DeveloperName",
                "Case__r.CaseNumber"
            ]
        );
    }
}
