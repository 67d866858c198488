//! `synccentral describe --connection ORG [--object NAME] [--json]`: the org's objects (its
//! global describe), or one object's fields with their types, lengths, external IDs,
//! picklist values and lookups. The app's object and field pickers call the same service
//! functions (`setup::list_objects`, `setup::describe_object`).

use crate::Failure;
use clap::Args as ClapArgs;
use std::path::Path;
use synccentral_api::setup;

#[derive(ClapArgs)]
pub struct Args {
    /// The Salesforce connection.
    #[arg(long)]
    connection: String,
    /// One object's fields instead of the list of objects.
    #[arg(long)]
    object: Option<String>,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args, workspace: Option<&Path>) -> Result<(), Failure> {
    let app = crate::workspace::app(workspace)?;
    match &args.object {
        None => {
            let objects = setup::list_objects(&app, &args.connection)?;
            if args.json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&objects).unwrap_or_default()
                );
            } else {
                for o in &objects {
                    let can: Vec<&str> = [
                        (o.queryable, "query"),
                        (o.createable, "create"),
                        (o.updateable, "update"),
                    ]
                    .iter()
                    .filter(|(yes, _)| *yes)
                    .map(|(_, what)| *what)
                    .collect();
                    println!("{}\t{}\t{}", o.name, o.label, can.join(","));
                }
            }
        }
        Some(object) => {
            let d = setup::describe_object(&app, &args.connection, object)?;
            if args.json {
                println!("{}", serde_json::to_string_pretty(&d).unwrap_or_default());
            } else {
                println!("{} ({})", d.name, d.label);
                for f in &d.fields {
                    let mut notes = Vec::new();
                    if let Some(n) = f.length {
                        notes.push(format!("length {n}"));
                    }
                    if f.external_id {
                        notes.push("external ID".into());
                    }
                    if f.required {
                        notes.push("required".into());
                    }
                    if !f.reference_to.is_empty() {
                        notes.push(format!("to {}", f.reference_to.join("/")));
                    }
                    if !f.picklist_values.is_empty() {
                        notes.push(format!("values {}", f.picklist_values.join("|")));
                    }
                    println!(
                        "  {}\t{}\t{}\t{}",
                        f.name,
                        f.field_type,
                        f.label,
                        notes.join("; ")
                    );
                }
            }
        }
    }
    Ok(())
}
