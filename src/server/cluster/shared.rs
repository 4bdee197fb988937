//! State the nodes share (#17), in NATS JetStream key-value buckets whose
//! entries lapse on their own: which node runs each call (kept alive by its
//! owner while the call runs), the guest passes to meetings, and which node
//! holds whose workspace tabs.

use std::time::Duration;

use async_nats::jetstream::{self, kv};

/// How long a call's owner entry lasts without renewal: the owner renews it
/// every third of this, so a node that died is known gone after this long.
pub const CALL_OWNER_TTL: Duration = Duration::from_secs(15);
/// How long an employee's presence entry lasts without renewal.
pub const PRESENCE_TTL: Duration = Duration::from_secs(30);
/// A guest pass lasts as long as the server keeps it in memory.
pub const GUEST_PASS_TTL: Duration = Duration::from_secs(12 * 3600);

pub struct Shared {
    /// Chat id → [`crate::server::cluster::calls::Owner`] as JSON.
    pub calls: kv::Store,
    /// A guest pass's token hash → the pass as JSON.
    pub guests: kv::Store,
    /// `<employee>.<node>` for each node holding a tab of the employee.
    pub presence: kv::Store,
}

impl Shared {
    /// Opens the buckets, creating them on the first node to start.
    pub async fn open(client: &async_nats::Client) -> anyhow::Result<Self> {
        let js = jetstream::new(client.clone());
        Ok(Shared {
            calls: bucket(&js, "chats_calls", CALL_OWNER_TTL).await?,
            guests: bucket(&js, "chats_guests", GUEST_PASS_TTL).await?,
            presence: bucket(&js, "chats_presence", PRESENCE_TTL).await?,
        })
    }
}

async fn bucket(js: &jetstream::Context, name: &str, max_age: Duration) -> anyhow::Result<kv::Store> {
    if let Ok(store) = js.get_key_value(name).await {
        return Ok(store);
    }
    // The bucket's stream, as `create_key_value` would make it. That call
    // first reads the account's details, whose shape from Debian's
    // nats-server 2.9 async-nats 0.51 does not parse; the stream itself is
    // the same on every server version.
    let config = jetstream::stream::Config {
        name: ["KV_", name].concat(),
        subjects: vec![["$KV.", name, ".>"].concat()],
        max_messages_per_subject: 1,
        max_age,
        storage: jetstream::stream::StorageType::File,
        allow_rollup: true,
        deny_delete: true,
        allow_direct: true,
        discard: jetstream::stream::DiscardPolicy::New,
        num_replicas: 1,
        ..Default::default()
    };
    if let Err(error) = js.get_or_create_stream(config).await {
        tracing::warn!("NATS: making the key-value bucket {name}: {error}");
    }
    js.get_key_value(name).await.map_err(|error| anyhow::anyhow!("NATS key-value bucket {name}: {error}"))
}
