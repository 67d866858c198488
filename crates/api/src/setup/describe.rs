//! The org's objects (the global describe, for picking a target or an export's source) and
//! one object's fields (its describe, for the mapping editor and the external ID pick).

use crate::connections::{connect_org, egress_for, no_connection};
use crate::editor::{describe_fields, TargetObject};
use crate::workspace::{runtime, store_error, AppWorkspace};
use crate::{codes, ApiError};
use serde::Serialize;
use serde_json::Value;
use synccentral_model as cfg;
use ts_rs::TS;

/// One object of the org, as a picker lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ObjectSummary {
    /// The API name (`Invoice__c`).
    pub name: String,
    pub label: String,
    pub custom: bool,
    /// Records can be created / updated / queried.
    pub createable: bool,
    pub updateable: bool,
    pub queryable: bool,
}

/// Logs in to the Salesforce connection `name` and hands the client to `then`.
fn with_org<T>(
    app: &AppWorkspace,
    name: &str,
    then: impl AsyncFnOnce(synccentral_salesforce::Client) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    crate::users::require_user(app)?;
    let ws = app.open()?;
    let config = ws.config().map_err(store_error)?;
    let sf = match config.connection(name) {
        Some(cfg::Connection::Salesforce(sf)) => sf.clone(),
        Some(cfg::Connection::Http(_)) => {
            return Err(ApiError::new(
                codes::INVALID_REQUEST,
                format!("{name} is an HTTP API: describe reads a Salesforce org (fetch a sample from an API)"),
            ))
        }
        None => return Err(no_connection(&config, name)),
    };
    let egress = egress_for(&config)?;
    runtime().block_on(async move {
        let client = connect_org(name, &sf, egress).await?;
        then(client).await
    })
}

fn sf_error(name: &str, e: synccentral_salesforce::SalesforceError) -> ApiError {
    ApiError::new(e.code(), format!("{name}: {e}"))
}

/// The org's objects (its global describe), by API name.
pub fn list_objects(app: &AppWorkspace, connection: &str) -> Result<Vec<ObjectSummary>, ApiError> {
    with_org(app, connection, async |client| {
        let global = client
            .describe_global()
            .await
            .map_err(|e| sf_error(connection, e))?;
        let flag = |o: &Value, k: &str| o[k].as_bool().unwrap_or(false);
        let mut objects: Vec<ObjectSummary> = global["sobjects"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .filter_map(|o| {
                Some(ObjectSummary {
                    name: o["name"].as_str()?.to_string(),
                    label: o["label"].as_str().unwrap_or_default().to_string(),
                    custom: flag(o, "custom"),
                    createable: flag(o, "createable"),
                    updateable: flag(o, "updateable"),
                    queryable: flag(o, "queryable"),
                })
            })
            .collect();
        objects.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(objects)
    })
}

/// One object's fields (its describe), as the mapping editor's target panel shows them.
pub fn describe_object(
    app: &AppWorkspace,
    connection: &str,
    object: &str,
) -> Result<TargetObject, ApiError> {
    with_org(app, connection, async |client| {
        let describe = client
            .describe_json(object)
            .await
            .map_err(|e| sf_error(connection, e))?;
        describe_fields(&describe.to_string())
    })
}
