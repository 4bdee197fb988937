//! What every request handler shares: the database and the live hub.

use std::sync::Arc;

use surrealdb::engine::any::Any;
use surrealdb::Surreal;

use super::live::Hub;

pub type Db = Surreal<Any>;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub hub: Arc<Hub>,
}
