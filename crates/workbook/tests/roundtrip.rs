//! Round trips over generated configurations: JSON through a workspace (export, import into
//! another workspace, export again) and Excel (workbook out, read back) lose nothing they
//! carry.

mod common;

use common::*;
use proptest::prelude::*;
use serde_json::{json, Map, Value};
use synccentral_store::{Config, Scope, SyncOption};
use synccentral_workbook::{read_workbook, write_workbook};

fn path() -> impl Strategy<Value = Value> {
    prop_oneof![
        prop::sample::select(vec![
            "id",
            "name-last",
            "123",
            "true",
            " padded",
            "=SUM(A1)",
            "@x",
            "a.b",
            "$.lines[0].sku",
            "-1",
            "null",
            "\"q\""
        ])
        .prop_map(|p| json!(p)),
        Just(json!(["first", "last"])),
    ]
}

fn transform() -> impl Strategy<Value = Value> {
    prop::sample::select(vec![
        json!({"modify": "title"}),
        json!({"convert": "number"}),
        json!({"convert": {"to": "date", "format": "%d/%m/%Y"}}),
        json!({"replace": {"a": "b", "=x": "+y", "1": "true"}}),
        json!({"truncate": 80}),
        json!({"default": "n/a"}),
        json!({"default": ""}),
        json!({"join": " "}),
    ])
}

fn constant() -> impl Strategy<Value = Value> {
    prop_oneof![
        "[a-zA-Z0-9 =+@-]{0,12}".prop_map(Value::String),
        any::<i32>().prop_map(|n| json!(n)),
        any::<bool>().prop_map(|b| json!(b)),
        Just(Value::Null),
        Just(json!("12.50")),
    ]
}

fn field(i: usize) -> impl Strategy<Value = Value> {
    (
        prop_oneof![
            path().prop_map(|p| ("source", p)),
            constant().prop_map(|c| ("value", c))
        ],
        prop::collection::vec(transform(), 0..3),
        prop::option::of(any::<bool>()),
        prop::option::of("[a-z =+-]{1,10}"),
    )
        .prop_map(move |((key, v), transforms, skip, description)| {
            let mut f = Map::new();
            let is_array = v.is_array();
            f.insert(key.to_string(), v);
            f.insert("target".to_string(), json!(format!("F{i}__c")));
            let mut t = transforms;
            if is_array {
                t.insert(0, json!({"join": " "}));
            }
            if !t.is_empty() {
                f.insert("transforms".to_string(), Value::Array(t));
            }
            if let Some(s) = skip {
                f.insert("skipNull".to_string(), json!(s));
            }
            if let Some(d) = description {
                f.insert("description".to_string(), json!(d));
            }
            Value::Object(f)
        })
}

fn option(n: usize) -> impl Strategy<Value = Value> {
    (
        (1..6usize).prop_flat_map(|k| (0..k).map(field).collect::<Vec<_>>()),
        any::<bool>(),
        -5i64..100,
        prop::sample::select(vec!["insert", "update", "upsert"]),
        prop::option::of("[A-Za-z =@+-]{1,16}"),
        prop::sample::select(vec!["Contact", "Invoice__c", "Thing__c"]),
    )
        .prop_map(move |(fields, active, order, operation, description, object)| {
            let mut o = json!({
                "name": format!("option {n} =x"), "direction": "import", "active": active, "order": order,
                "source": {"connection": "finance", "path": "/v1/things"},
                "target": {"connection": "org", "object": object, "operation": operation, "externalId": "Ext__c"},
                "mapping": {"fields": fields}
            });
            if let Some(d) = description {
                o["description"] = json!(d);
            }
            o
        })
}

fn configuration() -> impl Strategy<Value = Value> {
    (1..4usize)
        .prop_flat_map(|k| (0..k).map(option).collect::<Vec<_>>())
        .prop_map(|options| {
            let mut d = doc();
            let mut all = d["options"].as_array().unwrap().clone();
            all.extend(options);
            d["options"] = Value::Array(all);
            d
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn json_export_and_import_into_another_workspace_loses_nothing(doc in configuration()) {
        let (_a, source) = empty_workspace();
        source.apply_import(&doc, &Scope::All).unwrap();
        let exported = serde_json::to_value(source.export_config(true).unwrap()).unwrap();
        let expected = synccentral_store::validate::validate(&doc).unwrap();
        prop_assert_eq!(&serde_json::from_value::<Config>(exported.clone()).unwrap(), &expected);

        let (_b, other) = empty_workspace();
        let preview = other.apply_import(&exported, &Scope::All).unwrap();
        prop_assert_eq!(preview.count(synccentral_store::ChangeKind::Created), preview.items.len());
        prop_assert_eq!(other.config().unwrap(), expected);
        prop_assert!(other.apply_import(&exported, &Scope::All).unwrap().is_noop());
    }

    #[test]
    fn excel_export_and_read_back_loses_nothing(doc in configuration()) {
        let config = synccentral_store::validate::validate(&doc).unwrap().scrubbed();
        // What the workbook must bring back: start from other values everywhere it carries
        // (a mapping's test cases are not in the workbook: they stay as they are).
        let mut base = config.clone();
        for o in &mut base.options {
            match o {
                SyncOption::Import(x) => {
                    x.active = !x.active;
                    x.order += 1;
                    x.description = None;
                    x.target.object = "Other__c".to_string();
                    x.target.external_id = None;
                    x.mapping["fields"] = json!([]);
                }
                SyncOption::Export(x) => {
                    x.active = !x.active;
                    x.order -= 1;
                    x.source.object = "Other".to_string();
                    x.mapping["fields"] = json!([]);
                }
            }
        }
        let bytes = write_workbook(&config, &[contact_describe()]).unwrap();
        let back = read_workbook(&bytes, &base).unwrap();
        prop_assert_eq!(back, config);
    }
}
