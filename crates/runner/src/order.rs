//! The order "run all" takes: parents load before children. A child option's `reference`
//! transforms name the objects it links to (a Contact's `AccountId` by `External_Id__c`
//! needs Account's option to run first); the explicit `order` decides among options free
//! to run. A cycle is an error naming the options in it.

use crate::options::{ExportPlan, ImportPlan};
use synccentral_engine::mapping::CompiledMapping;

/// One option as ordering sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderItem {
    /// The option's name.
    pub name: String,
    /// The object it writes (imports) or reads (exports).
    pub object: String,
    /// Objects its records link to (from its mapping's `reference` transforms).
    pub references: Vec<String>,
    /// Explicit order: lower first; options without one come after those with one.
    pub order: Option<i32>,
}

impl From<&ImportPlan> for OrderItem {
    /// An import: its object, the parents its mapping references, its explicit order.
    fn from(plan: &ImportPlan) -> OrderItem {
        OrderItem {
            name: plan.name.clone(),
            object: plan.object.clone(),
            references: references_of(&plan.mapping),
            order: plan.order,
        }
    }
}

impl From<&ExportPlan> for OrderItem {
    /// An export: ordered only by its explicit order (it writes no Salesforce object).
    fn from(plan: &ExportPlan) -> OrderItem {
        OrderItem {
            name: plan.name.clone(),
            object: plan.object.clone(),
            references: Vec::new(),
            order: plan.order,
        }
    }
}

/// Ordering failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OrderError {
    /// The options link to each other's objects in a circle (`cycle` in dependency order,
    /// the first repeated at the end).
    #[error("options {} reference each other in a cycle, so none can load its parents first: {} (each needs the next one's object loaded first); remove a reference or split an option", list(.cycle), .cycle.join(" → "))]
    Cycle {
        /// The options of the cycle, each needing the next one's object first.
        cycle: Vec<String>,
    },
    /// Two options share a name.
    #[error("two options are named '{0}'; names must be unique")]
    DuplicateName(String),
}

fn list(cycle: &[String]) -> String {
    let mut names: Vec<&str> = cycle.iter().map(String::as_str).collect();
    names.pop();
    names
        .iter()
        .map(|n| format!("'{n}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The objects a mapping's `reference` transforms link to, each once, in mapping order.
pub fn references_of(mapping: &CompiledMapping) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for f in &mapping.fields {
        for t in &f.transforms {
            if let Some((object, _)) = t.reference_target() {
                if !out.iter().any(|o| o.eq_ignore_ascii_case(object)) {
                    out.push(object.to_string());
                }
            }
        }
    }
    out
}

/// The options' names in the order to run them: every option after the options writing
/// the objects it references (references to its own object are left out: a record's link
/// to a record of the same object cannot be ordered by option), then by explicit order,
/// then as listed.
pub fn run_order(items: &[OrderItem]) -> Result<Vec<String>, OrderError> {
    for (i, a) in items.iter().enumerate() {
        if items[..i].iter().any(|b| b.name == a.name) {
            return Err(OrderError::DuplicateName(a.name.clone()));
        }
    }
    // parents[c]: the options c must run after.
    let parents: Vec<Vec<usize>> = items
        .iter()
        .map(|child| {
            (0..items.len())
                .filter(|&p| {
                    let parent = &items[p];
                    !parent.object.eq_ignore_ascii_case(&child.object)
                        && child
                            .references
                            .iter()
                            .any(|r| r.eq_ignore_ascii_case(&parent.object))
                })
                .collect()
        })
        .collect();
    let mut done = vec![false; items.len()];
    let mut out = Vec::with_capacity(items.len());
    while out.len() < items.len() {
        let next = (0..items.len())
            .filter(|&i| !done[i] && parents[i].iter().all(|&p| done[p]))
            .min_by_key(|&i| (items[i].order.is_none(), items[i].order, i));
        match next {
            Some(i) => {
                done[i] = true;
                out.push(items[i].name.clone());
            }
            None => {
                return Err(OrderError::Cycle {
                    cycle: find_cycle(items, &parents, &done),
                })
            }
        }
    }
    Ok(out)
}

/// A cycle among the options not yet done (each has a parent not done), parents first.
fn find_cycle(items: &[OrderItem], parents: &[Vec<usize>], done: &[bool]) -> Vec<String> {
    let start = (0..items.len()).find(|&i| !done[i]).unwrap_or(0);
    let mut path = vec![start];
    loop {
        let here = *path.last().unwrap_or(&start);
        let Some(&p) = parents[here].iter().find(|&&p| !done[p]) else {
            break;
        };
        if let Some(at) = path.iter().position(|&x| x == p) {
            let mut cycle: Vec<String> = path[at..]
                .iter()
                .rev()
                .map(|&i| items[i].name.clone())
                .collect();
            cycle.push(cycle[0].clone());
            return cycle;
        }
        path.push(p);
    }
    path.iter().map(|&i| items[i].name.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn item(name: &str, object: &str, refs: &[&str], order: Option<i32>) -> OrderItem {
        OrderItem {
            name: name.into(),
            object: object.into(),
            references: refs.iter().map(|s| s.to_string()).collect(),
            order,
        }
    }

    #[test]
    fn parents_run_before_children_whatever_the_listing() {
        let items = [
            item("payments", "Payment__c", &["Invoice__c"], None),
            item("contacts", "Contact", &["Account"], None),
            item("invoices", "Invoice__c", &["Account"], None),
            item("accounts", "Account", &["Account"], None),
        ];
        assert_eq!(
            run_order(&items).unwrap(),
            ["accounts", "contacts", "invoices", "payments"]
        );
    }

    #[test]
    fn explicit_order_decides_among_options_free_to_run_but_never_breaks_a_reference() {
        let items = [
            item("contacts", "Contact", &["Account"], Some(1)),
            item("accounts", "Account", &[], Some(5)),
            item("leads", "Lead", &[], Some(2)),
            item("notes", "Note__c", &[], None),
        ];
        assert_eq!(
            run_order(&items).unwrap(),
            ["leads", "accounts", "contacts", "notes"]
        );
    }

    #[test]
    fn a_cycle_is_an_error_naming_its_options() {
        let items = [
            item("accounts", "Account", &["Contact"], None),
            item("contacts", "Contact", &["Account"], None),
            item("leads", "Lead", &[], None),
        ];
        let e = run_order(&items).unwrap_err();
        assert_eq!(
            e,
            OrderError::Cycle {
                cycle: vec!["contacts".into(), "accounts".into(), "contacts".into()]
            }
        );
        assert_eq!(
            e.to_string(),
            "options 'contacts', 'accounts' reference each other in a cycle, so none can load its parents first: contacts → accounts → contacts (each needs the next one's object loaded first); remove a reference or split an option"
        );
    }

    #[test]
    fn references_come_from_the_mappings_reference_transforms() {
        let m = synccentral_engine::mapping::compile(
            &json!({"fields": [
                {"source": "acct", "target": "AccountId", "transforms": [{"reference": {"object": "Account", "externalId": "External_Id__c"}}]},
                {"source": "name", "target": "LastName"}
            ]}),
            None,
        )
        .unwrap();
        assert_eq!(references_of(&m), ["Account"]);
    }

    #[test]
    fn import_plans_order_by_their_mappings() {
        let describe = |name: &str| {
            let text = match name {
                "Invoice__c" => include_str!("../../../fixtures/samples/describe/Invoice__c.json"),
                _ => include_str!("../../../fixtures/samples/describe/Payment__c.json"),
            };
            synccentral_engine::Describe::from_json_str(text).unwrap()
        };
        let import = |name: &str, object: &str, mapping: &str| {
            let m: serde_json::Value = serde_json::from_str(mapping).unwrap();
            let o: synccentral_model::ImportOption = serde_json::from_value(json!({
                "name": name,
                "source": {"connection": "api", "path": "/"},
                "target": {"connection": "org", "object": object, "operation": "upsert",
                           "externalId": if object == "Invoice__c" { "invoice_id__c" } else { "payment_id__c" }},
                "mapping": m
            }))
            .unwrap();
            OrderItem::from(&crate::options::validate_import(&o, &describe(object)).unwrap())
        };
        let items = [
            import(
                "payments",
                "Payment__c",
                include_str!("../../../fixtures/mappings/payments.mapping.json"),
            ),
            import(
                "invoices",
                "Invoice__c",
                include_str!("../../../fixtures/mappings/invoices.mapping.json"),
            ),
        ];
        assert_eq!(run_order(&items).unwrap(), ["invoices", "payments"]);
    }

    #[test]
    fn duplicate_names_are_refused() {
        let items = [
            item("a", "Account", &[], None),
            item("a", "Contact", &[], None),
        ];
        assert_eq!(
            run_order(&items),
            Err(OrderError::DuplicateName("a".into()))
        );
    }
}
