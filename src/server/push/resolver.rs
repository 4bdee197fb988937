//! Push endpoints reached at public addresses only (#15): an endpoint's host
//! is the browser's text, and a name that passed the subscription check may
//! resolve (or be re-pointed later) into the server's own network. Every
//! push is sent through this resolver, which drops private, loopback and
//! link-local addresses (unless `PUSH_ALLOW_HTTP=1`, for a local mock).

use std::net::SocketAddr;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};

use super::subscriptions::is_public;

/// A resolver that answers only with public addresses.
pub struct PublicOnly {
    pub allow_private: bool,
}

impl Resolve for PublicOnly {
    fn resolve(&self, name: Name) -> Resolving {
        let allow_private = self.allow_private;
        Box::pin(async move {
            let host = name.as_str().to_string();
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let usable: Vec<SocketAddr> = found.into_iter().filter(|address| allow_private || is_public(address.ip())).collect();
            if usable.is_empty() {
                return Err(format!("push endpoint {host} resolves to no public address").into());
            }
            Ok(Box::new(usable.into_iter()) as Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_name_for_the_servers_own_network_is_refused() {
        let name = || "localhost".parse::<Name>().unwrap();
        assert!(PublicOnly { allow_private: false }.resolve(name()).await.is_err(), "localhost is loopback");
        let mut allowed = PublicOnly { allow_private: true }.resolve(name()).await.unwrap();
        assert!(allowed.any(|address| address.ip().is_loopback()), "a local mock push service may be used in tests");
    }
}
