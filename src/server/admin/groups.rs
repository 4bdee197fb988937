//! Employee groups (S6): the rooms, topics and named rights each grants.
//! Administrators only; every change reaches open workspaces at once.

use surrealdb::types::{RecordId, SurrealValue};
use serde_json::json;

use crate::server::admin::audit;
use crate::server::clock::new_key;
use crate::server::store::db::{count, rows};
use crate::server::error::{ServiceError, ServiceResult};
use crate::server::live::refresh_rights;
use crate::server::store::records::{key, keys, record};
use crate::server::rights::{administer, Actor};
use crate::server::state::AppState;
use crate::model::directory::check_entry_name;
use crate::model::problem::{Problem, Thing};
use crate::model::settings::{is_right, AuditAction, Group};

#[derive(SurrealValue)]
struct GroupRow {
    id: RecordId,
    name: String,
    rights: Vec<String>,
    rooms: Vec<RecordId>,
    topics: Vec<RecordId>,
}

pub async fn groups(state: &AppState, actor: &Actor) -> ServiceResult<Vec<Group>> {
    administer(actor)?;
    let mut response = state.db.query("SELECT id, name, rights, rooms, topics FROM staff_group ORDER BY name").await?;
    Ok(rows::<GroupRow>(&mut response, 0)?
        .into_iter()
        .map(|g| Group {
            id: key(&g.id),
            name: g.name,
            rights: g.rights,
            rooms: keys(&g.rooms),
            topics: keys(&g.topics),
        })
        .collect())
}

async fn group(state: &AppState, actor: &Actor, key: &str) -> ServiceResult<Group> {
    groups(state, actor).await?.into_iter().find(|g| g.id == key).ok_or(ServiceError::not_found(Thing::Group))
}

/// A group name: checked, and unique among the other groups.
async fn unique_name(state: &AppState, actor: &Actor, name: &str, except: Option<&str>) -> ServiceResult<String> {
    let name = check_entry_name(name)?;
    let taken = groups(state, actor).await?.iter().any(|g| Some(g.id.as_str()) != except && g.name.to_lowercase() == name.to_lowercase());
    if taken {
        return Err(Problem::DuplicateName { thing: Thing::Group }.into());
    }
    Ok(name)
}

/// A new, empty group (no rooms, no topics, no rights).
pub async fn create_group(state: &AppState, actor: &Actor, name: &str) -> ServiceResult<Group> {
    let name = unique_name(state, actor, name, None).await?;
    let key = new_key();
    state
        .db
        .query("CREATE $group SET name = $name, rights = [], rooms = [], topics = []")
        .bind(("group", record("staff_group", &key)?))
        .bind(("name", name.clone()))
        .await?
        .check()?;
    let created = Group { id: key, name, rights: Vec::new(), rooms: Vec::new(), topics: Vec::new() };
    audit::write(state, actor, AuditAction::GroupCreated, &created.id, None, Some(json!(created))).await?;
    Ok(created)
}

pub async fn rename_group(state: &AppState, actor: &Actor, key: &str, name: &str) -> ServiceResult<()> {
    let old = group(state, actor, key).await?;
    let name = unique_name(state, actor, name, Some(key)).await?;
    state.db.query("UPDATE $group SET name = $name").bind(("group", record("staff_group", key)?)).bind(("name", name.clone())).await?.check()?;
    audit::write(state, actor, AuditAction::GroupRenamed, key, Some(json!(old.name)), Some(json!(name))).await
}

/// Deletes an empty group. A group with members is refused: taking rights
/// away from people should be a visible step, not a side effect.
pub async fn delete_group(state: &AppState, actor: &Actor, key: &str) -> ServiceResult<()> {
    let old = group(state, actor, key).await?;
    let id = record("staff_group", key)?;
    let mut response = state.db.query("SELECT VALUE name FROM employee WHERE groups CONTAINS $group ORDER BY name").bind(("group", id.clone())).await?;
    let members: Vec<String> = rows(&mut response, 0)?;
    if !members.is_empty() {
        return Err(Problem::GroupHasMembers { members }.into());
    }
    state.db.query("DELETE $group").bind(("group", id)).await?.check()?;
    audit::write(state, actor, AuditAction::GroupDeleted, key, Some(json!(old)), None).await
}

/// What a group grants access to: rooms or topics.
#[derive(Clone, Copy)]
pub enum Grant {
    Rooms,
    Topics,
}

/// Replaces the rooms or topics a group grants; unknown ones are refused,
/// not dropped.
pub async fn set_grants(state: &AppState, actor: &Actor, key: &str, grant: Grant, keys: &[String]) -> ServiceResult<()> {
    let old = group(state, actor, key).await?;
    let (table, thing, check, update, action) = match grant {
        Grant::Rooms => ("room", Thing::Room, "SELECT VALUE id FROM room WHERE id IN $ids", "UPDATE $group SET rooms = $ids", AuditAction::GroupRooms),
        Grant::Topics => ("topic", Thing::Topic, "SELECT VALUE id FROM topic WHERE id IN $ids", "UPDATE $group SET topics = $ids", AuditAction::GroupTopics),
    };
    let mut keys = keys.to_vec();
    keys.sort();
    keys.dedup();
    let ids = keys.iter().map(|k| record(table, k)).collect::<ServiceResult<Vec<_>>>()?;
    let mut response = state.db.query(check).bind(("ids", ids.clone())).await?;
    if count(&mut response, 0)? != ids.len() {
        return Err(ServiceError::not_found(thing));
    }
    state.db.query(update).bind(("group", record("staff_group", key)?)).bind(("ids", ids)).await?.check()?;
    let before = match grant {
        Grant::Rooms => old.rooms,
        Grant::Topics => old.topics,
    };
    audit::write(state, actor, action, key, Some(json!(before)), Some(json!(keys))).await?;
    refresh_rights(state).await;
    Ok(())
}

/// Sets the named rights a group grants; at least one enabled administrator
/// must remain afterwards.
pub async fn set_group_rights(state: &AppState, actor: &Actor, key: &str, rights: &[String]) -> ServiceResult<()> {
    administer(actor)?;
    if let Some(unknown) = rights.iter().find(|r| !is_right(r)) {
        return Err(Problem::UnknownRight { right: unknown.clone() }.into());
    }
    let all = groups(state, actor).await?;
    let Some(old) = all.iter().find(|g| g.id == key) else {
        return Err(ServiceError::not_found(Thing::Group));
    };
    let admin_groups: Vec<String> = all
        .iter()
        .filter(|g| if g.id == key { rights.iter().any(|r| r == "admin") } else { g.rights.iter().any(|r| r == "admin") })
        .map(|g| g.id.clone())
        .collect();
    if !crate::server::people::staff::any_enabled_member(state, &admin_groups).await? {
        return Err(Problem::LastAdmin.into());
    }
    state
        .db
        .query("UPDATE $group SET rights = $rights")
        .bind(("group", record("staff_group", key)?))
        .bind(("rights", rights.to_vec()))
        .await?
        .check()?;
    audit::write(state, actor, AuditAction::GroupRights, key, Some(json!(old.rights)), Some(json!(rights))).await?;
    refresh_rights(state).await;
    Ok(())
}

