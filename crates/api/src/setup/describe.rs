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
pub(super) fn with_org<T>(
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
    describe_fields(&describe_object_json(app, connection, object)?)
}

/// One object's describe as the org sent it (JSON text): what auto-map and the preview read,
/// with every property (restricted picklists, precision and scale) that the target panel's
/// view leaves out.
pub fn describe_object_json(
    app: &AppWorkspace,
    connection: &str,
    object: &str,
) -> Result<String, ApiError> {
    with_org(app, connection, async |client| {
        let describe = client
            .describe_json(object)
            .await
            .map_err(|e| sf_error(connection, e))?;
        Ok(describe.to_string())
    })
}

/// An export's filter (a SOQL condition, without `WHERE`) checked against the org's
/// describes: the object's and those of every parent a path reaches (`Account.Owner.Name`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FilterCheck {
    /// The query the filter makes.
    pub soql: String,
    /// What Salesforce would answer to it (`INVALID_FIELD`, `MALFORMED_QUERY`, … with the
    /// caret under the column), or `None` when the query is good.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub problem: Option<ApiError>,
}

/// Checks `condition` as the `WHERE` of a query on `object`, with Salesforce's codes and
/// messages, fetching the describes it needs from the org.
pub fn check_filter(
    app: &AppWorkspace,
    connection: &str,
    object: &str,
    condition: &str,
) -> Result<FilterCheck, ApiError> {
    let soql = if condition.trim().is_empty() {
        format!("SELECT Id FROM {object}")
    } else {
        format!("SELECT Id FROM {object} WHERE {condition}")
    };
    let refused = |e: synccentral_soql::SoqlError| Some(ApiError::new(e.code.as_str(), e.message));
    let query = match synccentral_soql::parse(&soql) {
        Ok(q) => q,
        Err(e) => {
            return Ok(FilterCheck {
                problem: refused(e),
                soql,
            })
        }
    };
    let mut paths = Vec::new();
    if let Some(c) = &query.filter {
        field_paths(c, &mut paths);
    }
    let describes = with_org(app, connection, async |client| {
        let mut describes = vec![client
            .describe(object)
            .await
            .map_err(|e| sf_error(connection, e))?];
        // Each relationship a path walks, its parent's describe (fetched once).
        for path in &paths {
            let mut at = describes[0].name.clone();
            for relationship in &path[..path.len().saturating_sub(1)] {
                let parent = describes
                    .iter()
                    .find(|d| d.name.eq_ignore_ascii_case(&at))
                    .and_then(|d| {
                        d.fields.iter().find(|f| {
                            f.relationship_name
                                .as_deref()
                                .is_some_and(|r| r.eq_ignore_ascii_case(relationship))
                        })
                    })
                    .and_then(|f| f.reference_to.first().cloned());
                let Some(parent) = parent else { break };
                if !describes
                    .iter()
                    .any(|d| d.name.eq_ignore_ascii_case(&parent))
                {
                    describes.push(
                        client
                            .describe(&parent)
                            .await
                            .map_err(|e| sf_error(connection, e))?,
                    );
                }
                at = parent;
            }
        }
        Ok(describes)
    })?;
    let problem = synccentral_soql::check(&query, &describes)
        .err()
        .and_then(refused);
    Ok(FilterCheck { soql, problem })
}

/// The field paths (`["Account", "Name"]`) a condition names.
fn field_paths(c: &synccentral_soql::Condition, out: &mut Vec<Vec<String>>) {
    use synccentral_soql::Condition as C;
    match c {
        C::And(all) | C::Or(all) => all.iter().for_each(|c| field_paths(c, out)),
        C::Not(c) => field_paths(c, out),
        C::Compare { field, .. }
        | C::Like { field, .. }
        | C::In { field, .. }
        | C::Includes { field, .. } => out.push(field.parts.clone()),
    }
}
