//! The org's objects: describe JSON documents (built-in `User`, `Group`, `QueueSobject`,
//! `RecordType`, `Organization`, `Opportunity`, `Task`, `Account`, `Contact`, plus one file per object from the schema directory), served as they are and
//! read into [`Describe`]s and write [`Checker`]s. Names are matched case-insensitively.

use crate::error::StartError;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::path::Path;
use synccentral_engine::sfcheck::Checker;
use synccentral_engine::{Describe, FieldDescribe};

const BUILT_IN: [(&str, &str); 9] = [
    ("User", include_str!("../../../fixtures/sandbox/User.json")),
    (
        "RecordType",
        include_str!("../../../fixtures/sandbox/RecordType.json"),
    ),
    (
        "Group",
        include_str!("../../../fixtures/sandbox/Group.json"),
    ),
    (
        "QueueSobject",
        include_str!("../../../fixtures/sandbox/QueueSobject.json"),
    ),
    (
        "Opportunity",
        include_str!("../../../fixtures/sandbox/Opportunity.json"),
    ),
    ("Task", include_str!("../../../fixtures/sandbox/Task.json")),
    (
        "Organization",
        include_str!("../../../fixtures/sandbox/Organization.json"),
    ),
    (
        "Account",
        include_str!("../../../fixtures/samples/describe/Account.json"),
    ),
    (
        "Contact",
        include_str!("../../../fixtures/samples/describe/Contact.json"),
    ),
];

/// One object: its describe as served, as read, and its write checker.
pub struct SObject {
    pub raw: Value,
    pub describe: Describe,
    pub checker: Checker,
}

impl SObject {
    pub fn name(&self) -> &str {
        &self.describe.name
    }

    pub fn key_prefix(&self) -> &str {
        self.describe.key_prefix.as_deref().unwrap_or("a00")
    }

    /// A field by name, case-insensitively.
    pub fn field(&self, name: &str) -> Option<&FieldDescribe> {
        self.describe
            .fields
            .iter()
            .find(|f| f.name.eq_ignore_ascii_case(name))
    }

    pub fn has_field(&self, name: &str) -> bool {
        self.field(name).is_some()
    }

    /// Whether uniqueness of a text field ignores letter case (describe `caseSensitive`).
    pub fn case_sensitive(&self, field: &str) -> bool {
        self.raw["fields"]
            .as_array()
            .and_then(|fs| {
                fs.iter()
                    .find(|f| f["name"].as_str() == Some(field))
                    .and_then(|f| f["caseSensitive"].as_bool())
            })
            .unwrap_or(false)
    }

    /// The describe with its URLs on `version`.
    pub fn describe_json(&self, version: &str) -> Value {
        let mut v = self.raw.clone();
        retarget_urls(&mut v, version);
        v
    }

    /// The global-describe entry of this object.
    pub fn global_entry(&self, version: &str) -> Value {
        let r = &self.raw;
        let flag = |k: &str, default: bool| r[k].as_bool().unwrap_or(default);
        let name = self.name();
        json!({
            "activateable": flag("activateable", false),
            "createable": flag("createable", true),
            "custom": flag("custom", name.ends_with("__c")),
            "customSetting": flag("customSetting", false),
            "deepCloneable": false,
            "deletable": flag("deletable", true),
            "deprecatedAndHidden": false,
            "feedEnabled": flag("feedEnabled", false),
            "hasSubtypes": false,
            "idEnabled": true,
            "isInterface": false,
            "isSubtype": false,
            "keyPrefix": self.key_prefix(),
            "label": self.describe.label,
            "labelPlural": r["labelPlural"].as_str().unwrap_or(&self.describe.label),
            "layoutable": flag("layoutable", true),
            "mergeable": flag("mergeable", false),
            "mruEnabled": flag("mruEnabled", false),
            "name": name,
            "queryable": flag("queryable", true),
            "replicateable": flag("replicateable", true),
            "retrieveable": flag("retrieveable", true),
            "searchable": flag("searchable", true),
            "triggerable": flag("triggerable", true),
            "undeletable": flag("undeletable", true),
            "updateable": flag("updateable", true),
            "urls": {
                "rowTemplate": format!("/services/data/v{version}/sobjects/{name}/{{ID}}"),
                "describe": format!("/services/data/v{version}/sobjects/{name}/describe"),
                "sobject": format!("/services/data/v{version}/sobjects/{name}"),
            },
        })
    }
}

/// Rewrites `/services/data/vNN.N/` in every string of a describe to the request's version.
fn retarget_urls(v: &mut Value, version: &str) {
    match v {
        Value::String(s) => {
            if let Some(start) = s.find("/services/data/v") {
                let rest = &s[start + 16..];
                if let Some(end) = rest.find('/') {
                    *s = format!("{}/services/data/v{version}{}", &s[..start], &rest[end..]);
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| retarget_urls(x, version)),
        Value::Object(m) => m.values_mut().for_each(|x| retarget_urls(x, version)),
        _ => {}
    }
}

/// Every object of the org.
pub struct Schema {
    objects: Vec<SObject>,
    by_name: HashMap<String, usize>,
}

impl Schema {
    /// The built-in objects, then every `*.json` of `dir` (a file names an object already
    /// known replaces it).
    pub fn load(dir: Option<&Path>) -> Result<Schema, StartError> {
        let mut docs: Vec<(String, String)> = BUILT_IN
            .iter()
            .map(|(n, t)| (format!("built-in {n}"), t.to_string()))
            .collect();
        if let Some(dir) = dir {
            let read_err = |source| StartError::SchemaDir {
                path: dir.display().to_string(),
                source,
            };
            let mut paths: Vec<_> = std::fs::read_dir(dir)
                .map_err(read_err)?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "json"))
                .collect();
            paths.sort();
            for p in paths {
                let text = std::fs::read_to_string(&p).map_err(read_err)?;
                docs.push((p.display().to_string(), text));
            }
        }
        let mut schema = Schema {
            objects: Vec::new(),
            by_name: HashMap::new(),
        };
        for (path, text) in docs {
            let bad = |reason: String| StartError::BadDescribe {
                path: path.clone(),
                reason,
            };
            let mut raw: Value = serde_json::from_str(&text).map_err(|e| bad(e.to_string()))?;
            if path.starts_with("built-in ") {
                crate::recordtypes::complete_builtin(&mut raw);
                crate::owners::complete_builtin(&mut raw);
            }
            let describe = Describe::from_value(&raw).map_err(|e| bad(e.to_string()))?;
            let object = SObject {
                checker: Checker::new(&describe),
                describe,
                raw,
            };
            let key = object.name().to_ascii_lowercase();
            match schema.by_name.get(&key) {
                Some(&i) => schema.objects[i] = object,
                None => {
                    schema.by_name.insert(key, schema.objects.len());
                    schema.objects.push(object);
                }
            }
        }
        Ok(schema)
    }

    /// An object by name, case-insensitively.
    pub fn get(&self, name: &str) -> Option<&SObject> {
        self.by_name
            .get(&name.to_ascii_lowercase())
            .map(|&i| &self.objects[i])
    }

    /// The object whose records' IDs start with `prefix`.
    pub fn by_prefix(&self, prefix: &str) -> Option<&SObject> {
        self.objects.iter().find(|o| o.key_prefix() == prefix)
    }

    pub fn objects(&self) -> impl Iterator<Item = &SObject> {
        self.objects.iter()
    }
}

/// Adds a lookup field (`set`: its `name` first, then what differs from `CreatedById`, whose
/// shape it takes) to a built-in Account or Contact describe that lacks it, after the field
/// named `after`.
pub(crate) fn add_builtin_lookup(raw: &mut Value, set: &[(&str, Value)], after: &str) {
    let name = raw["name"].as_str().unwrap_or_default();
    if !matches!(name, "Account" | "Contact") {
        return;
    }
    let Some(fields) = raw["fields"].as_array_mut() else {
        return;
    };
    let Some((_, field_name)) = set.first() else {
        return;
    };
    if fields.iter().any(|f| &f["name"] == field_name) {
        return;
    }
    let Some(mut field) = fields.iter().find(|f| f["name"] == "CreatedById").cloned() else {
        return;
    };
    for (k, v) in set {
        field[*k] = v.clone();
    }
    let at = fields
        .iter()
        .position(|f| f["name"] == after)
        .map_or(fields.len(), |i| i + 1);
    fields.insert(at, field);
}
