//! Running on more than one node (#17): this node's identity, the bus that
//! carries in-memory events to the other nodes, leases that let one node run
//! a singleton job (a mailbox's reader, a bot's poller) while others stand
//! by, calls run by one node and joined from any, the key-value buckets the
//! nodes share, and the health probes a load balancer asks.

pub mod bus;
pub mod calls;
pub mod drain;
pub mod health;
pub mod lease;
pub mod presence;
pub mod shared;
pub mod subjects;
