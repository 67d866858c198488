//! Polymorphic lookups (`What`, `Who`, `Owner` when `referenceTo` names several objects).
//! Salesforce resolves fields through them against the `Name` object, whatever the referenced
//! record is: `Id`, `Name`, `Type` (the referenced record's object), and the person fields a
//! user, contact or lead may hold. A field the referenced record's object lacks reads null.

use std::sync::OnceLock;

use serde_json::{json, Value};
use synccentral_engine::describe::{Describe, FieldDescribe};

/// The field that answers the referenced record's object name.
pub(crate) const TYPE_FIELD: &str = "Type";

/// Whether a lookup may reference several objects.
pub(crate) fn is_polymorphic(lookup: &FieldDescribe) -> bool {
    lookup.reference_to.len() > 1
}

/// The `Name` object's fields, as Salesforce's object reference lists them.
pub(crate) fn name_describe() -> &'static Describe {
    static NAME: OnceLock<Describe> = OnceLock::new();
    NAME.get_or_init(|| {
        let field = |name: &str, label: &str, t: &str| -> Value {
            json!({"name": name, "label": label, "type": t, "nillable": true,
                   "createable": false, "updateable": false})
        };
        let fields = vec![
            field("Id", "Record ID", "id"),
            field("Alias", "Alias", "string"),
            field("Email", "Email", "email"),
            field("FirstName", "First Name", "string"),
            field("IsActive", "Active", "boolean"),
            field("LastName", "Last Name", "string"),
            field("LastReferencedDate", "Last Referenced Date", "datetime"),
            field("LastViewedDate", "Last Viewed Date", "datetime"),
            field("MiddleName", "Middle Name", "string"),
            field("Name", "Name", "string"),
            field("Phone", "Phone", "phone"),
            field("ProfileId", "Profile ID", "reference"),
            field("RecordTypeId", "Record Type ID", "reference"),
            field("Suffix", "Suffix", "string"),
            field("Title", "Title", "string"),
            field(TYPE_FIELD, "Object Type", "picklist"),
            field("UserRoleId", "Role ID", "reference"),
            field("Username", "Username", "string"),
        ];
        Describe::from_value(&json!({"name": "Name", "label": "Name", "fields": fields}))
            .expect("the Name describe is well-formed")
    })
}
