//! ICE over TCP (RFC 6544) on the app's own HTTP port (#19), for browsers
//! whose network blocks UDP: the listener hands a connection whose first
//! bytes are a framed STUN binding request here instead of to HTTP. Every
//! packet on it is framed by a two-byte length (RFC 4571); the media server
//! gets them as if they came over UDP, and sends back through the
//! connection's writer.

use std::net::SocketAddr;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::mpsc;

use super::{Command, Sfu};

/// Packets queued toward one TCP connection before new ones are dropped
/// (media is late anyway by then).
const QUEUE: usize = 512;
/// How many first bytes tell an ICE-TCP connection from HTTP.
pub const HEAD: usize = 10;

/// Whether a connection's first bytes are a framed STUN binding request:
/// a length, the binding request type 0x0001, and the magic cookie.
/// HTTP starts with a method's letters, TLS with 0x16.
pub fn is_ice_tcp(head: &[u8]) -> bool {
    head.len() >= HEAD && head[2..4] == [0x00, 0x01] && head[6..10] == [0x21, 0x12, 0xa4, 0x42]
}

/// Whether these first bytes (fewer than [`HEAD`]) could still start an
/// ICE-TCP connection: more must be read to tell.
pub fn may_be_ice_tcp(head: &[u8]) -> bool {
    let expected: [Option<u8>; HEAD] = [None, None, Some(0x00), Some(0x01), None, None, Some(0x21), Some(0x12), Some(0xa4), Some(0x42)];
    head.iter().zip(expected).all(|(byte, want)| want.is_none_or(|w| w == *byte))
}

/// Serves one ICE-TCP connection until it closes.
pub async fn serve(sfu: Sfu, stream: TcpStream, peer: SocketAddr) {
    let _ = stream.set_nodelay(true);
    let (mut read, mut write) = stream.into_split();
    let (tx, mut rx) = mpsc::channel::<Vec<u8>>(QUEUE);
    sfu.send(Command::TcpOpen { peer, tx });
    let writer = tokio::spawn(async move {
        while let Some(packet) = rx.recv().await {
            let Ok(len) = u16::try_from(packet.len()) else { continue };
            let mut framed = Vec::with_capacity(packet.len() + 2);
            framed.extend_from_slice(&len.to_be_bytes());
            framed.extend_from_slice(&packet);
            if write.write_all(&framed).await.is_err() {
                return;
            }
        }
    });
    let mut buf = vec![0u8; u16::MAX as usize];
    loop {
        let mut len = [0u8; 2];
        if read.read_exact(&mut len).await.is_err() {
            break;
        }
        let n = u16::from_be_bytes(len) as usize;
        if read.read_exact(&mut buf[..n]).await.is_err() {
            break;
        }
        sfu.send(Command::TcpPacket { peer, data: buf[..n].to_vec() });
    }
    sfu.send(Command::TcpClosed { peer });
    writer.abort();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_stun_from_http_and_tls() {
        let stun = [0x00, 0x64, 0x00, 0x01, 0x00, 0x50, 0x21, 0x12, 0xa4, 0x42, 0x01];
        assert!(is_ice_tcp(&stun));
        assert!(may_be_ice_tcp(&stun[..4]));
        assert!(!is_ice_tcp(b"GET / HTTP/1.1\r\n"));
        assert!(!may_be_ice_tcp(b"GET"));
        assert!(!may_be_ice_tcp(&[0x16, 0x03, 0x01]));
        assert!(!is_ice_tcp(&stun[..9]));
    }
}
