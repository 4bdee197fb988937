//! Running on more than one node (#17, first slice): this node's identity,
//! leases that let one node run a singleton job (a mailbox's reader, a bot's
//! poller) while others stand by, and the health probes a load balancer asks.

pub mod health;
pub mod lease;
