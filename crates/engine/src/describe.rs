//! The target object's shape: Salesforce's own describe JSON (`GET /sobjects/X/describe`),
//! read into the few properties the engine checks against. Unknown keys are ignored so any
//! API version's describe reads; a document that is not a describe is refused with a reason.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Salesforce field types (`type` in a field describe).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldType {
    Id,
    Reference,
    String,
    Textarea,
    Picklist,
    Multipicklist,
    Combobox,
    Email,
    Phone,
    Url,
    Encryptedstring,
    Boolean,
    Int,
    Long,
    Double,
    Currency,
    Percent,
    Date,
    Datetime,
    Time,
    Base64,
    Address,
    Location,
    #[serde(rename = "anyType")]
    AnyType,
    /// A type this build does not know; values pass unchecked.
    #[serde(untagged)]
    Other(String),
}

impl FieldType {
    pub fn parse(name: &str) -> FieldType {
        match name {
            "id" => FieldType::Id,
            "reference" => FieldType::Reference,
            "string" => FieldType::String,
            "textarea" => FieldType::Textarea,
            "picklist" => FieldType::Picklist,
            "multipicklist" => FieldType::Multipicklist,
            "combobox" => FieldType::Combobox,
            "email" => FieldType::Email,
            "phone" => FieldType::Phone,
            "url" => FieldType::Url,
            "encryptedstring" => FieldType::Encryptedstring,
            "boolean" => FieldType::Boolean,
            "int" => FieldType::Int,
            "long" => FieldType::Long,
            "double" => FieldType::Double,
            "currency" => FieldType::Currency,
            "percent" => FieldType::Percent,
            "date" => FieldType::Date,
            "datetime" => FieldType::Datetime,
            "time" => FieldType::Time,
            "base64" => FieldType::Base64,
            "address" => FieldType::Address,
            "location" => FieldType::Location,
            "anyType" => FieldType::AnyType,
            other => FieldType::Other(other.to_string()),
        }
    }

    /// Text-like types: a JSON string, limited by `length`.
    pub fn is_text(&self) -> bool {
        matches!(
            self,
            FieldType::String
                | FieldType::Textarea
                | FieldType::Picklist
                | FieldType::Multipicklist
                | FieldType::Combobox
                | FieldType::Email
                | FieldType::Phone
                | FieldType::Url
                | FieldType::Encryptedstring
        )
    }

    /// Numeric types: a JSON number.
    pub fn is_number(&self) -> bool {
        matches!(
            self,
            FieldType::Int
                | FieldType::Long
                | FieldType::Double
                | FieldType::Currency
                | FieldType::Percent
        )
    }
}

/// One picklist entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PicklistValue {
    pub value: String,
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default = "yes")]
    pub active: bool,
    #[serde(default, rename = "defaultValue")]
    pub default_value: bool,
}

fn yes() -> bool {
    true
}

/// One field of a describe, with the properties the engine uses.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldDescribe {
    pub name: String,
    pub label: String,
    #[serde(rename = "type")]
    pub field_type: FieldType,
    pub length: u32,
    pub precision: u32,
    pub scale: u32,
    pub digits: u32,
    pub nillable: bool,
    pub createable: bool,
    pub updateable: bool,
    pub defaulted_on_create: bool,
    pub external_id: bool,
    pub id_lookup: bool,
    pub unique: bool,
    pub calculated: bool,
    pub auto_number: bool,
    pub restricted_picklist: bool,
    pub picklist_values: Vec<PicklistValue>,
    pub reference_to: Vec<String>,
    pub relationship_name: Option<String>,
}

impl FieldDescribe {
    /// Active picklist values, in describe order.
    pub fn active_values(&self) -> impl Iterator<Item = &str> {
        self.picklist_values
            .iter()
            .filter(|p| p.active)
            .map(|p| p.value.as_str())
    }

    /// Required on create: not nillable, createable, and not defaulted by the server.
    pub fn required_on_create(&self) -> bool {
        !self.nillable && self.createable && !self.defaulted_on_create
    }
}

/// An object describe: its name, label, key prefix and fields.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Describe {
    pub name: String,
    pub label: String,
    pub key_prefix: Option<String>,
    pub fields: Vec<FieldDescribe>,
}

/// Why a document is not a usable describe.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DescribeError {
    #[error("not a Salesforce describe: {0}")]
    NotADescribe(String),
    #[error("describe field {index} ({name}): {reason}")]
    BadField {
        index: usize,
        name: String,
        reason: String,
    },
}

impl Describe {
    /// Reads a describe from JSON text.
    pub fn from_json_str(text: &str) -> Result<Describe, DescribeError> {
        let value: Value = serde_json::from_str(text)
            .map_err(|e| DescribeError::NotADescribe(format!("invalid JSON: {e}")))?;
        Describe::from_value(&value)
    }

    /// Reads a describe from a parsed JSON document.
    pub fn from_value(value: &Value) -> Result<Describe, DescribeError> {
        let obj = value.as_object().ok_or_else(|| {
            DescribeError::NotADescribe(
                "expected a JSON object with \"name\" and \"fields\"".into(),
            )
        })?;
        let name = obj
            .get("name")
            .and_then(Value::as_str)
            .ok_or_else(|| DescribeError::NotADescribe("missing the object's \"name\"".into()))?
            .to_string();
        let fields = obj.get("fields").and_then(Value::as_array).ok_or_else(|| {
            DescribeError::NotADescribe(format!("object {name} has no \"fields\" array"))
        })?;
        let label = obj
            .get("label")
            .and_then(Value::as_str)
            .unwrap_or(&name)
            .to_string();
        let key_prefix = obj
            .get("keyPrefix")
            .and_then(Value::as_str)
            .map(str::to_string);
        let fields = fields
            .iter()
            .enumerate()
            .map(|(index, f)| read_field(index, f))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Describe {
            name,
            label,
            key_prefix,
            fields,
        })
    }

    /// The field with this API name, case-insensitively (Salesforce names are).
    pub fn field(&self, name: &str) -> Option<&FieldDescribe> {
        self.fields
            .iter()
            .find(|f| f.name.eq_ignore_ascii_case(name))
    }

    /// The lookup field whose relationship name is `rel` (`Account` → `AccountId`,
    /// `Account__r` → `Account__c`), case-insensitively.
    pub fn field_by_relationship(&self, rel: &str) -> Option<&FieldDescribe> {
        self.fields.iter().find(|f| {
            f.relationship_name
                .as_deref()
                .is_some_and(|r| r.eq_ignore_ascii_case(rel))
        })
    }

    /// The field a misspelt name most likely meant: the same name or label once case,
    /// punctuation and `__c` are ignored (`contact_id` → `Contact_Id__c`, `last name` →
    /// `LastName`), else the closest spelling (`LastNme` → `LastName`).
    pub fn similar_field(&self, name: &str) -> Option<&FieldDescribe> {
        fn loose(s: &str) -> String {
            let s = s.strip_suffix("__c").unwrap_or(s);
            s.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect()
        }
        let wanted = loose(name);
        if wanted.is_empty() {
            return None;
        }
        if let Some(f) = self
            .fields
            .iter()
            .find(|f| loose(&f.name) == wanted || loose(&f.label) == wanted)
        {
            return Some(f);
        }
        let limit = if wanted.chars().count() > 5 { 2 } else { 1 };
        self.fields
            .iter()
            .map(|f| (crate::suggest::distance(&wanted, &loose(&f.name)), f))
            .filter(|(d, _)| *d <= limit)
            .min_by_key(|(d, _)| *d)
            .map(|(_, f)| f)
    }

    /// External ID fields, in describe order.
    pub fn external_ids(&self) -> impl Iterator<Item = &FieldDescribe> {
        self.fields.iter().filter(|f| f.external_id)
    }
}

fn read_field(index: usize, f: &Value) -> Result<FieldDescribe, DescribeError> {
    let bad = |name: &str, reason: &str| DescribeError::BadField {
        index,
        name: name.to_string(),
        reason: reason.to_string(),
    };
    let obj = f.as_object().ok_or_else(|| bad("?", "not an object"))?;
    let name = obj
        .get("name")
        .and_then(Value::as_str)
        .ok_or_else(|| bad("?", "missing \"name\""))?;
    let type_name = obj
        .get("type")
        .and_then(Value::as_str)
        .ok_or_else(|| bad(name, "missing \"type\""))?;
    let num = |key: &str| obj.get(key).and_then(Value::as_u64).unwrap_or(0) as u32;
    let flag = |key: &str, default: bool| obj.get(key).and_then(Value::as_bool).unwrap_or(default);
    let picklist_values = match obj.get("picklistValues") {
        None | Some(Value::Null) => Vec::new(),
        Some(v) => serde_json::from_value::<Vec<PicklistValue>>(v.clone())
            .map_err(|e| bad(name, &format!("picklistValues: {e}")))?,
    };
    let reference_to = match obj.get("referenceTo") {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    };
    Ok(FieldDescribe {
        name: name.to_string(),
        label: obj
            .get("label")
            .and_then(Value::as_str)
            .unwrap_or(name)
            .to_string(),
        field_type: FieldType::parse(type_name),
        length: num("length"),
        precision: num("precision"),
        scale: num("scale"),
        digits: num("digits"),
        nillable: flag("nillable", true),
        createable: flag("createable", true),
        updateable: flag("updateable", true),
        defaulted_on_create: flag("defaultedOnCreate", false),
        external_id: flag("externalId", false),
        id_lookup: flag("idLookup", false),
        unique: flag("unique", false),
        calculated: flag("calculated", false),
        auto_number: flag("autoNumber", false),
        restricted_picklist: flag("restrictedPicklist", false),
        picklist_values,
        reference_to,
        relationship_name: obj
            .get("relationshipName")
            .and_then(Value::as_str)
            .map(str::to_string),
    })
}

/// Key prefixes (the first 3 characters of a record ID) of standard objects; they are the
/// same in every org. Custom objects' prefixes differ between orgs: read them from the
/// describe's `keyPrefix`.
pub const STANDARD_KEY_PREFIXES: &[(&str, &str)] = &[
    ("Account", "001"),
    ("Contact", "003"),
    ("User", "005"),
    ("Opportunity", "006"),
    ("Organization", "00D"),
    ("UserRole", "00E"),
    ("Group", "00G"),
    ("Attachment", "00P"),
    ("Lead", "00Q"),
    ("Task", "00T"),
    ("Event", "00U"),
    ("Profile", "00e"),
    ("OpportunityLineItem", "00k"),
    ("CampaignMember", "00v"),
    ("RecordType", "012"),
    ("Document", "015"),
    ("AssignmentRule", "01Q"),
    ("Pricebook2", "01s"),
    ("Product2", "01t"),
    ("PricebookEntry", "01u"),
    ("Asset", "02i"),
    ("ContentVersion", "068"),
    ("ContentDocument", "069"),
    ("Case", "500"),
    ("Campaign", "701"),
    ("Contract", "800"),
    ("Order", "801"),
];

/// The key prefix of a standard object (`Account` → `001`), case-insensitively by name.
pub fn standard_key_prefix(object: &str) -> Option<&'static str> {
    STANDARD_KEY_PREFIXES
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(object))
        .map(|&(_, prefix)| prefix)
}

/// The standard object whose records' IDs start with `prefix` (`003` → `Contact`); prefixes
/// are case-sensitive (`00e` Profile, `00E` UserRole).
pub fn standard_object_for_key_prefix(prefix: &str) -> Option<&'static str> {
    STANDARD_KEY_PREFIXES
        .iter()
        .find(|&&(_, p)| p == prefix)
        .map(|&(name, _)| name)
}
