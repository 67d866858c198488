//! `reference`: links a record to its parent by the parent's external ID, in Salesforce's
//! relationship form `{"attributes": {"type": "Account"}, "External_Id__c": "A-100"}`; or,
//! with `matchOn`, by any field of the parent (`Name`, a user's `Username`, a record type's
//! `DeveloperName`), in the same form, which the import resolves to the parent's Id before
//! writing (Salesforce only resolves external ID fields itself).

use super::args::{check_keys, child, is_api_name, kind};
use crate::MappingIssue;
use serde_json::{Map, Value};

/// A compiled `reference`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    object: String,
    /// A polymorphic lookup's objects (`["Account", "Opportunity"]` for `WhatId`): the value
    /// is then `[object, key]`. Empty for one object.
    objects: Vec<String>,
    external_id: String,
    looked_up: bool,
}

impl Reference {
    pub(crate) fn compile(
        arg: &Value,
        pointer: &str,
        issues: &mut Vec<MappingIssue>,
    ) -> Option<Reference> {
        let at = child(pointer, "reference");
        let Some(obj) = arg.as_object() else {
            issues.push(MappingIssue::new(
                at,
                format!(
                    "reference takes {{\"object\": \"Account\", \"externalId\": \"External_Id__c\"}}; got {}",
                    kind(arg)
                ),
            ));
            return None;
        };
        let keys_ok = check_keys(
            obj,
            &["object", "externalId", "matchOn"],
            "reference",
            &at,
            issues,
        );
        let looked_up = obj.contains_key("matchOn");
        if looked_up && obj.contains_key("externalId") {
            issues.push(MappingIssue::new(
                at.as_str(),
                "reference takes either \"externalId\" (an external ID of the parent) or \"matchOn\" (any field of it), not both",
            ));
            return None;
        }
        // A polymorphic lookup names its objects in a list; each record then says which.
        let mut objects: Vec<String> = Vec::new();
        let mut list = obj.clone();
        if let Some(Value::Array(names)) = obj.get("object") {
            for (i, n) in names.iter().enumerate() {
                match n.as_str().filter(|s| is_api_name(s)) {
                    Some(s) => objects.push(s.to_string()),
                    None => issues.push(MappingIssue::new(
                        child(&child(&at, "object"), &i.to_string()),
                        format!("{} is not an object API name", kind(n)),
                    )),
                }
            }
            if objects.len() < 2 {
                issues.push(MappingIssue::new(
                    child(&at, "object"),
                    "a list of objects is for a polymorphic lookup: name two or more (\"Account\", \"Opportunity\")",
                ));
                return None;
            }
            list.insert("object".into(), Value::String(objects[0].clone()));
        }
        let obj = &list;
        let mut name = |key: &str, meaning: &str, example: &str| -> Option<String> {
            let problem = match obj.get(key) {
                None => {
                    issues.push(MappingIssue::new(
                        at.as_str(),
                        format!("reference needs \"{key}\", {meaning}, e.g. \"{example}\""),
                    ));
                    return None;
                }
                Some(Value::String(s)) if s.is_empty() => format!("\"{key}\" is empty"),
                Some(Value::String(s)) if !is_api_name(s) => format!(
                    "\"{key}\" {s:?} is not an API name (letters, digits and underscores, starting with a letter), e.g. \"{example}\""
                ),
                Some(Value::String(s)) => return Some(s.clone()),
                Some(other) => format!("\"{key}\" is {meaning} in text; got {}", kind(other)),
            };
            issues.push(MappingIssue::new(child(&at, key), problem));
            None
        };
        let object = name("object", "the parent object's API name", "Account");
        let external_id = if looked_up {
            name(
                "matchOn",
                "the API name of the parent's field to find it by",
                "Name",
            )
        } else {
            name(
                "externalId",
                "the API name of the parent's external ID field",
                "External_Id__c",
            )
        };
        match (object, external_id) {
            (Some(object), Some(external_id)) if keys_ok => Some(Reference {
                object,
                objects,
                external_id,
                looked_up,
            }),
            _ => None,
        }
    }

    /// The parent object's API name (`Account`).
    pub fn object(&self) -> &str {
        &self.object
    }

    /// Every object the lookup may point to: the one, or a polymorphic lookup's list.
    pub fn objects(&self) -> Vec<&str> {
        if self.objects.is_empty() {
            vec![self.object.as_str()]
        } else {
            self.objects.iter().map(String::as_str).collect()
        }
    }

    /// The parent's field it is found by: its external ID (`External_Id__c`), or with
    /// `matchOn` any field (`Name`).
    pub fn external_id(&self) -> &str {
        &self.external_id
    }

    /// `matchOn`: the parent's Id is looked up by the field before the write.
    pub fn looked_up(&self) -> bool {
        self.looked_up
    }

    pub(crate) fn describe(&self) -> String {
        format!("link to {} by {}", self.object, self.external_id)
    }

    /// An external ID value → the relationship object. Null and empty text mean "no parent"
    /// and give null; numbers and booleans are kept as they are; arrays and objects fail.
    pub(crate) fn apply(&self, value: Value) -> Result<Value, String> {
        if !self.objects.is_empty() {
            return self.apply_polymorphic(value);
        }
        self.relationship(&self.object, value)
    }

    /// `[object, key]` → the relationship to that object (one of the lookup's).
    fn apply_polymorphic(&self, value: Value) -> Result<Value, String> {
        let names = self.objects.join(", ");
        let Value::Array(pair) = value else {
            return if value.is_null() {
                Ok(Value::Null)
            } else {
                Err(format!(
                    "a reference to one of {names} needs [object, {}]: map two sources, the parent's object and its {} (e.g. [\"What.Type\", \"What.{}\"])",
                    self.external_id, self.external_id, self.external_id
                ))
            };
        };
        let mut pair = pair.into_iter();
        let (object, key) = (
            pair.next().unwrap_or(Value::Null),
            pair.next().unwrap_or(Value::Null),
        );
        if matches!(&key, Value::Null) || key.as_str() == Some("") {
            return Ok(Value::Null);
        }
        let named = object.as_str().unwrap_or_default().trim();
        let Some(object) = self.objects.iter().find(|o| o.eq_ignore_ascii_case(named)) else {
            return Err(format!(
                "the parent's object {} is not one this lookup takes ({names})",
                if named.is_empty() {
                    "is missing".to_string()
                } else {
                    format!("'{named}'")
                }
            ));
        };
        self.relationship(object, key)
    }

    fn relationship(&self, object: &str, value: Value) -> Result<Value, String> {
        match value {
            Value::Null => Ok(Value::Null),
            Value::String(s) if s.is_empty() => Ok(Value::Null),
            Value::Array(_) | Value::Object(_) => Err(format!(
                "reference to {} needs an external ID value, got {}",
                object,
                kind(&value)
            )),
            id => {
                let mut attributes = Map::with_capacity(1);
                attributes.insert("type".to_string(), Value::String(object.to_string()));
                let mut out = Map::with_capacity(2);
                out.insert("attributes".to_string(), Value::Object(attributes));
                out.insert(self.external_id.clone(), id);
                Ok(Value::Object(out))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{compiled, run, spec_issues};
    use crate::ErrorCode;
    use serde_json::json;

    #[test]
    fn an_external_id_becomes_the_relationship_form() {
        let spec = json!({"reference": {"object": "Account", "externalId": "External_Id__c"}});
        let out = run(&spec, json!("A-100")).unwrap();
        assert_eq!(
            out,
            json!({"attributes": {"type": "Account"}, "External_Id__c": "A-100"})
        );
        assert_eq!(
            serde_json::to_string(&out).unwrap(),
            r#"{"attributes":{"type":"Account"},"External_Id__c":"A-100"}"#,
            "attributes come first, as Salesforce writes them"
        );
        assert_eq!(
            run(&spec, json!(42)).unwrap(),
            json!({"attributes": {"type": "Account"}, "External_Id__c": 42})
        );
    }

    #[test]
    fn no_external_id_means_no_parent() {
        let spec = json!({"reference": {"object": "Account", "externalId": "Ext__c"}});
        assert_eq!(run(&spec, json!(null)).unwrap(), json!(null));
        assert_eq!(run(&spec, json!("")).unwrap(), json!(null));
    }

    #[test]
    fn a_structure_is_not_an_external_id() {
        let spec = json!({"reference": {"object": "Account", "externalId": "Ext__c"}});
        let err = run(&spec, json!(["A-1"])).unwrap_err();
        assert_eq!(err.code, ErrorCode::TransformFailed);
        assert_eq!(
            err.message,
            "reference to Account needs an external ID value, got an array"
        );
    }

    #[test]
    fn a_polymorphic_reference_takes_the_object_from_the_record() {
        let spec = json!({"reference": {"object": ["Account", "Opportunity"], "externalId": "External_Id__c"}});
        assert_eq!(
            run(&spec, json!(["opportunity", "O-1"])).unwrap(),
            json!({"attributes": {"type": "Opportunity"}, "External_Id__c": "O-1"})
        );
        assert_eq!(run(&spec, json!(["Account", null])).unwrap(), json!(null));
        let err = run(&spec, json!(["Lead", "L-1"])).unwrap_err();
        assert!(
            err.message.contains("'Lead' is not one this lookup takes"),
            "{}",
            err.message
        );
        let err = run(&spec, json!("O-1")).unwrap_err();
        assert!(
            err.message.contains("needs [object, External_Id__c]"),
            "{}",
            err.message
        );
        assert!(!spec_issues(
            &json!({"reference": {"object": ["Account"], "externalId": "X"}}),
            "/t"
        )
        .is_empty());
    }

    #[test]
    fn the_parent_link_is_visible_to_the_mapping() {
        let t =
            compiled(&json!({"reference": {"object": "Account", "externalId": "External_Id__c"}}));
        assert_eq!(t.reference_target(), Some(("Account", "External_Id__c")));
        assert_eq!(t.describe(), "link to Account by External_Id__c");
        assert_eq!(
            compiled(&json!({"modify": "trim"})).reference_target(),
            None
        );
    }

    #[test]
    fn both_names_are_required_api_names() {
        let at = |spec: serde_json::Value| -> Vec<(String, String)> {
            spec_issues(&spec, "/t")
                .into_iter()
                .map(|i| (i.pointer, i.message))
                .collect()
        };
        assert_eq!(
            at(json!({"reference": {"object": "Account"}})),
            [(
                "/t/reference".to_string(),
                "reference needs \"externalId\", the API name of the parent's external ID field, e.g. \"External_Id__c\"".to_string()
            )]
        );
        let issues =
            at(json!({"reference": {"object": "", "externalId": "External Id", "type": "x"}}));
        let pointers: Vec<&str> = issues.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "/t/reference/type",
                "/t/reference/object",
                "/t/reference/externalId"
            ]
        );
        assert_eq!(issues[1].1, "\"object\" is empty");
        assert!(issues[2]
            .1
            .starts_with("\"externalId\" \"External Id\" is not an API name"));
        assert_eq!(at(json!({"reference": "Account"}))[0].0, "/t/reference");
        assert_eq!(
            at(json!({"reference": {"object": 1, "externalId": "X__c"}}))[0].0,
            "/t/reference/object"
        );
        assert!(
            at(json!({"reference": {"object": "ns__Thing__c", "externalId": "Ext_Id__c"}}))
                .is_empty()
        );
    }
}
