//! Custom fields (C1, S5): name, type, and whether users or clients have them.

use surrealdb::types::{RecordId, SurrealValue};
use serde_json::json;

use super::{place, Placement, audited, in_use, unique_name, uses};
use crate::model::directory::{check_custom_field, CustomField, FieldKind, FieldOwner};
use crate::model::problem::{Problem, Thing};
use crate::model::settings::AuditAction;
use crate::server::admin::audit;
use crate::server::store::db::rows;
use crate::server::error::{ServiceError, ServiceResult};
use crate::server::store::records::{key, record};
use crate::server::rights::{administer, Actor};
use crate::server::state::AppState;

/// A custom field row; `value` is set where a query picks one owner's value.
#[derive(SurrealValue)]
pub(crate) struct FieldRow {
    pub id: RecordId,
    pub name: String,
    pub kind: String,
    #[surreal(default)]
    pub choices: Vec<String>,
    #[surreal(default)]
    pub owner: String,
    #[surreal(default)]
    pub position: i64,
    #[surreal(default)]
    pub value: Option<String>,
    #[surreal(default)]
    pub on_panel: Option<bool>,
}

pub async fn list(state: &AppState, actor: &Actor) -> ServiceResult<Vec<CustomField>> {
    administer(actor)?;
    let mut response = state.db.query("SELECT id, name, kind, choices, owner, position, on_panel FROM custom_field ORDER BY position, name").await?;
    Ok(rows::<FieldRow>(&mut response, 0)?
        .into_iter()
        .filter_map(|r| {
            Some(CustomField {
                id: key(&r.id),
                name: r.name,
                kind: FieldKind::parse(&r.kind)?,
                choices: r.choices,
                owner: FieldOwner::parse(&r.owner)?,
                position: r.position,
                on_panel: r.on_panel.unwrap_or(true),
            })
        })
        .collect())
}

async fn values_of(state: &AppState, key: &str) -> ServiceResult<usize> {
    uses(state, "SELECT VALUE count() FROM field_value WHERE field = $entry GROUP ALL", record("custom_field", key)?).await
}

/// Creates (empty id) or updates a field. Its type and owner change only
/// while no values are stored: old values would not fit the new type.
pub async fn save(state: &AppState, actor: &Actor, field: CustomField) -> ServiceResult<CustomField> {
    let all = list(state, actor).await?;
    check_custom_field(&field)?;
    let same_owner = all.iter().filter(|f| f.owner == field.owner);
    let name = unique_name(same_owner.map(|f| (f.id.as_str(), f.name.as_str())), &field.name, &field.id, Thing::Field)?;
    let Placement { old, key, position } = place(&all, &field.id, |f| (f.id.as_str(), f.position), Thing::Field)?;
    if let Some(old) = &old {
        if (old.kind != field.kind || old.owner != field.owner) && values_of(state, &old.id).await? > 0 {
            return Err(Problem::FieldKindFixed.into());
        }
    }
    let choices: Vec<String> = match field.kind {
        FieldKind::Choice => field.choices.iter().map(|c| c.trim().to_string()).filter(|c| !c.is_empty()).collect(),
        _ => Vec::new(),
    };
    state
        .db
        .query("UPSERT $field SET name = $name, kind = $kind, choices = $choices, owner = $owner, position = $position, on_panel = $on_panel")
        .bind(("field", record("custom_field", &key)?))
        .bind(("name", name.clone()))
        .bind(("kind", field.kind.as_str()))
        .bind(("choices", choices.clone()))
        .bind(("owner", field.owner.as_str()))
        .bind(("position", position))
        .bind(("on_panel", field.on_panel))
        .await?
        .check()?;
    let saved = CustomField { id: key, name, choices, position, ..field };
    audited(state, actor, &saved.id.clone(), (AuditAction::FieldCreated, AuditAction::FieldChanged), old, saved).await
}

/// Deletes a field that holds no values; one in use is refused.
pub async fn delete(state: &AppState, actor: &Actor, key: &str) -> ServiceResult<()> {
    let all = list(state, actor).await?;
    let old = all.iter().find(|f| f.id == key).cloned().ok_or(ServiceError::not_found(Thing::Field))?;
    let used = values_of(state, key).await?;
    if used > 0 {
        return Err(in_use(Thing::Field, used));
    }
    state.db.query("DELETE $field").bind(("field", record("custom_field", key)?)).await?.check()?;
    audit::write(state, actor, AuditAction::FieldDeleted, key, Some(json!(old)), None).await
}
