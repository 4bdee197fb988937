//! A real NATS server on loopback for the bus between app nodes (#17):
//! Debian's nats-server on a free port, stopped when dropped.

#![allow(dead_code)]

pub struct NatsServer {
    child: std::process::Child,
    pub url: String,
    dir: std::path::PathBuf,
}

impl NatsServer {
    /// nats-server with JetStream, answering.
    pub fn start() -> NatsServer {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let dir = std::env::temp_dir().join(format!("chats-nats-{}-{port}", std::process::id()));
        let program = if std::path::Path::new("/usr/sbin/nats-server").exists() { "/usr/sbin/nats-server" } else { "nats-server" };
        let child = std::process::Command::new(program)
            .args(["-a", "127.0.0.1", "-p", &port.to_string(), "-js", "-sd", dir.to_str().unwrap()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("nats-server runs (make test installs it: .ci/tools.sh nats)");
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return NatsServer { child, url: format!("nats://127.0.0.1:{port}"), dir };
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        panic!("nats-server did not answer on port {port}");
    }
}

impl Drop for NatsServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
