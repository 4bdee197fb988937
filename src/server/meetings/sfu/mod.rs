//! The calls' media server (#19): a selective forwarding unit built on
//! str0m. Every browser in a call keeps one WebRTC connection to it,
//! publishes its own tracks once and receives everybody else's, forwarded
//! here without decoding. One tokio task owns the UDP socket and every
//! connection (`node`); the rest of the server talks to it through [`Sfu`],
//! whose calls never wait. What the browser is told (answers, the server's
//! own offers, who speaks, refusals) goes to the peer's signalling mailbox.

mod layers;
mod node;
mod peer;
mod speaker;
pub mod tcp;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use tokio::sync::mpsc;

use crate::model::meeting::SignalOut;

/// The media server's network settings, from the environment:
/// - `MEDIA_UDP_PORTS`: the UDP port, or a range `40000-40099` of which the
///   first free port is taken (several nodes on one machine take one each);
///   unset, the system picks a free port (fine on loopback, not behind a
///   firewall); `off`: media only over TCP (a network that blocks UDP
///   altogether: browsers then waste no time trying it);
/// - `MEDIA_PUBLIC_IP`: the address browsers reach it at (a server behind
///   NAT, or in a container); unset, the address of the default route;
/// - `MEDIA_TCP_PORT`: the TCP port browsers reach the app's HTTP port at,
///   for ICE over TCP when UDP is blocked (`off`: none); unset, the port the
///   app listens on (`PORT`).
#[derive(Clone, Debug)]
pub struct SfuConfig {
    pub ports: (u16, u16),
    /// False: UDP is not offered to browsers (`MEDIA_UDP_PORTS=off`).
    pub udp: bool,
    pub public_ip: Option<IpAddr>,
    /// Where ICE over TCP is advertised, if anywhere: an address (None:
    /// `public_ip`) and a port.
    pub tcp: Option<(Option<IpAddr>, u16)>,
}

impl SfuConfig {
    pub fn from_env() -> anyhow::Result<SfuConfig> {
        let udp = std::env::var("MEDIA_UDP_PORTS").map_or(true, |v| v.trim() != "off");
        let ports = match std::env::var("MEDIA_UDP_PORTS") {
            Ok(value) if value.trim() == "off" => (0, 0),
            Ok(value) if !value.trim().is_empty() => parse_ports(&value).ok_or_else(|| anyhow::anyhow!("MEDIA_UDP_PORTS: expected a port or a range like 40000-40099, got {value:?}"))?,
            _ => (0, 0),
        };
        let public_ip = match std::env::var("MEDIA_PUBLIC_IP") {
            Ok(value) if !value.trim().is_empty() => Some(value.trim().parse().map_err(|_| anyhow::anyhow!("MEDIA_PUBLIC_IP: not an IP address: {value:?}"))?),
            _ => None,
        };
        let tcp = match std::env::var("MEDIA_TCP_PORT") {
            Ok(value) if value.trim() == "off" => None,
            Ok(value) if !value.trim().is_empty() => Some((None, value.trim().parse().map_err(|_| anyhow::anyhow!("MEDIA_TCP_PORT: not a port: {value:?}"))?)),
            // The app's own address: its listening IP unless that is every interface.
            _ => {
                let listening = dioxus::cli_config::fullstack_address_or_localhost();
                Some(((!listening.ip().is_unspecified()).then_some(listening.ip()), listening.port()))
            }
        };
        Ok(SfuConfig { ports, udp, public_ip, tcp })
    }
}

fn parse_ports(value: &str) -> Option<(u16, u16)> {
    let value = value.trim();
    let (first, last) = value.split_once('-').unwrap_or((value, value));
    let (first, last) = (first.trim().parse().ok()?, last.trim().parse().ok()?);
    (first <= last).then_some((first, last))
}

/// The address browsers are told to send media to, when none is configured:
/// the local end of the default route (no packet is sent), else loopback.
fn default_ip() -> IpAddr {
    let probe = std::net::UdpSocket::bind("0.0.0.0:0").and_then(|s| s.connect("192.0.2.1:9").and_then(|_| s.local_addr()));
    match probe {
        Ok(addr) if !addr.ip().is_unspecified() => addr.ip(),
        _ => IpAddr::V4(Ipv4Addr::LOCALHOST),
    }
}

/// What the rest of the server asks of the media server.
pub(crate) enum Command {
    /// A browser's offer: a new connection, or a renegotiation of its own.
    Offer { chat: String, peer: String, publishes: bool, sdp: String, mailbox: mpsc::Sender<SignalOut> },
    /// The browser's answer to the server's last offer.
    Answer { chat: String, peer: String, sdp: String },
    /// The peer left the call: its connection closes, its tracks stop.
    Leave { chat: String, peer: String },
    /// The peer may now publish, or no longer (a webinar's raised hand).
    Publishes { chat: String, peer: String, publishes: bool },
    /// The peer shares its screen (in place of its camera), or no longer.
    Screen { chat: String, peer: String, on: bool },
    /// How wide the peer's browser shows the others' videos, in device pixels.
    TileWidth { chat: String, peer: String, px: u32 },
    /// Figures for the load benchmark.
    Stats { reply: tokio::sync::oneshot::Sender<SfuStats> },
    /// An ICE-TCP connection opened (`tcp`): packets to `peer` go to `tx`.
    TcpOpen { peer: SocketAddr, tx: mpsc::Sender<Vec<u8>> },
    TcpPacket { peer: SocketAddr, data: Vec<u8> },
    TcpClosed { peer: SocketAddr },
}

/// What the media server carries now.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct SfuStats {
    pub connections: usize,
    pub connected: usize,
    pub tracks_in: usize,
    pub tracks_out: usize,
    /// Media bytes forwarded since the start.
    pub bytes_out: u64,
}

/// A handle on the running media server; cheap to clone, never blocks.
#[derive(Clone, Debug)]
pub struct Sfu {
    commands: mpsc::UnboundedSender<Command>,
    /// Where browsers send media.
    pub addr: SocketAddr,
}

impl Sfu {
    /// Binds the UDP socket and starts the media server's task.
    pub async fn start(config: SfuConfig) -> anyhow::Result<Sfu> {
        let (first, last) = config.ports;
        let mut bound = None;
        let mut error = None;
        for port in first..=last {
            match tokio::net::UdpSocket::bind(SocketAddr::new(IpAddr::V4(Ipv4Addr::UNSPECIFIED), port)).await {
                Ok(socket) => {
                    bound = Some(socket);
                    break;
                }
                Err(e) => error = Some(e),
            }
        }
        let socket = bound.ok_or_else(|| anyhow::anyhow!("media server: no free UDP port in {first}-{last}: {error:?}"))?;
        let port = socket.local_addr()?.port();
        let ip = config.public_ip.unwrap_or_else(default_ip);
        let addr = SocketAddr::new(ip, port);
        let tcp = config.tcp.map(|(tcp_ip, port)| SocketAddr::new(tcp_ip.unwrap_or(ip), port));
        let (commands, rx) = mpsc::unbounded_channel();
        tokio::spawn(node::run(socket, config.udp.then_some(addr), tcp, rx));
        tracing::info!("media server on UDP {addr}{}", tcp.map(|t| format!(", ICE-TCP on {t}")).unwrap_or_default());
        Ok(Sfu { commands, addr })
    }

    pub(crate) fn send(&self, command: Command) {
        let _ = self.commands.send(command);
    }

    pub fn offer(&self, chat: &str, peer: &str, publishes: bool, sdp: String, mailbox: mpsc::Sender<SignalOut>) {
        self.send(Command::Offer { chat: chat.into(), peer: peer.into(), publishes, sdp, mailbox });
    }

    pub fn answer(&self, chat: &str, peer: &str, sdp: String) {
        self.send(Command::Answer { chat: chat.into(), peer: peer.into(), sdp });
    }

    pub fn leave(&self, chat: &str, peer: &str) {
        self.send(Command::Leave { chat: chat.into(), peer: peer.into() });
    }

    pub fn publishes(&self, chat: &str, peer: &str, publishes: bool) {
        self.send(Command::Publishes { chat: chat.into(), peer: peer.into(), publishes });
    }

    pub fn screen(&self, chat: &str, peer: &str, on: bool) {
        self.send(Command::Screen { chat: chat.into(), peer: peer.into(), on });
    }

    pub fn tile_width(&self, chat: &str, peer: &str, px: u32) {
        self.send(Command::TileWidth { chat: chat.into(), peer: peer.into(), px });
    }

    pub async fn stats(&self) -> SfuStats {
        let (reply, rx) = tokio::sync::oneshot::channel();
        self.send(Command::Stats { reply });
        rx.await.unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn ports() {
        assert_eq!(super::parse_ports("40000"), Some((40000, 40000)));
        assert_eq!(super::parse_ports("40000-40099"), Some((40000, 40099)));
        assert_eq!(super::parse_ports("9-1"), None);
        assert_eq!(super::parse_ports("x"), None);
    }
}
