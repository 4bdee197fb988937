//! Entry point: the browser hydrates the app; the server opens the database and serves.

fn main() {
    // The website widget's own build (`--features widget-client`, #18).
    #[cfg(all(not(feature = "server"), feature = "widget-client"))]
    dioxus::launch(chats::app::WidgetRoot);
    #[cfg(all(not(feature = "server"), not(feature = "widget-client")))]
    dioxus::launch(chats::app::App);

    #[cfg(feature = "server")]
    {
        // Under `dx serve`: Dioxus's own loop, for hot-patching. It does not
        // pass the peer address on, so per-address sign-in limits rest on
        // the per-account ones there.
        if dioxus::cli_config::is_cli_enabled() {
            dioxus::serve(|| async move {
                let state = chats::server::startup::shared_state().await?;
                Ok(chats::http::router(state))
            });
        }
        serve_with_peer_addresses();
    }
}

/// A built server (tests, release): axum with each connection's address.
#[cfg(feature = "server")]
fn serve_with_peer_addresses() {
    use dioxus::server::axum;
    // Before any thread: reading the widget build's page sets an environment variable.
    chats::http::load_widget_pages();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("tokio starts");
    runtime.block_on(async {
        dioxus::logger::initialize_default();
        let state = chats::server::startup::shared_state().await.expect("the database opens");
        let router = chats::http::router(state.clone());
        let address = dioxus::cli_config::fullstack_address_or_localhost();
        let listener = tokio::net::TcpListener::bind(address).await.unwrap_or_else(|e| panic!("cannot listen on {address}: {e}"));
        // ICE over TCP shares the port (#19): see `port_sharing`.
        let listener = port_sharing::Shared::new(listener, state.calls.sfu().cloned());
        // SIGTERM: drain (see server::cluster::drain), then let the requests
        // in flight finish, for at most GRACE.
        let stopping = async move {
            use chats::server::cluster::drain;
            drain::stop_requested().await;
            tokio::spawn(async {
                tokio::time::sleep(drain::GRACE).await;
                tracing::warn!("requests still in flight after {} s; stopping anyway", drain::GRACE.as_secs());
                std::process::exit(0);
            });
            drain::drain(&state).await;
        };
        axum::serve(listener, port_sharing::with_peer_addresses(router).into_make_service_with_connect_info::<port_sharing::PeerAddr>())
            .with_graceful_shutdown(stopping)
            .await
            .expect("the server runs");
        tracing::info!("stopped");
    });
}

/// The HTTP port, shared with the media server's ICE over TCP (#19): each
/// accepted connection is looked at first; one that starts with a framed
/// STUN request goes to the media server, the rest to HTTP. Each is looked
/// at in its own task, so a silent client holds up nobody.
#[cfg(feature = "server")]
mod port_sharing {
    use std::net::SocketAddr;
    use std::time::Duration;

    use chats::server::meetings::sfu::{tcp, Sfu};
    use dioxus::server::axum;
    use tokio::net::{TcpListener, TcpStream};
    use tokio::sync::mpsc;

    /// How long a connection may take to send its first bytes before it is
    /// taken for HTTP (which then waits for it as usual).
    const LOOK: Duration = Duration::from_secs(10);

    pub struct Shared {
        http: mpsc::Receiver<(TcpStream, SocketAddr)>,
        local: SocketAddr,
    }

    impl Shared {
        pub fn new(listener: TcpListener, sfu: Option<Sfu>) -> Shared {
            let local = listener.local_addr().expect("a bound listener has an address");
            let (tx, http) = mpsc::channel(1024);
            tokio::spawn(async move {
                loop {
                    let (stream, peer) = match listener.accept().await {
                        Ok(accepted) => accepted,
                        Err(e) => {
                            // Out of file descriptors and the like: wait, as axum does.
                            tracing::warn!("accept: {e}");
                            tokio::time::sleep(Duration::from_millis(50)).await;
                            continue;
                        }
                    };
                    let (tx, sfu) = (tx.clone(), sfu.clone());
                    tokio::spawn(async move {
                        match sfu {
                            Some(sfu) if is_ice_tcp(&stream).await => tcp::serve(sfu, stream, peer).await,
                            _ => {
                                let _ = tx.send((stream, peer)).await;
                            }
                        }
                    });
                }
            });
            Shared { http, local }
        }
    }

    /// Peeks at the first bytes until they tell.
    async fn is_ice_tcp(stream: &TcpStream) -> bool {
        let mut head = [0u8; tcp::HEAD];
        let looked = tokio::time::timeout(LOOK, async {
            loop {
                let n = stream.peek(&mut head).await.unwrap_or(0);
                if n == 0 || !tcp::may_be_ice_tcp(&head[..n]) {
                    return false;
                }
                if n >= tcp::HEAD {
                    return tcp::is_ice_tcp(&head);
                }
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        });
        looked.await.unwrap_or(false)
    }

    impl axum::serve::Listener for Shared {
        type Io = TcpStream;
        type Addr = SocketAddr;

        async fn accept(&mut self) -> (TcpStream, SocketAddr) {
            match self.http.recv().await {
                Some(accepted) => accepted,
                // The accepting task never ends while the listener lives.
                None => std::future::pending().await,
            }
        }

        fn local_addr(&self) -> std::io::Result<SocketAddr> {
            Ok(self.local)
        }
    }

    /// A connection's address, as the shared listener accepted it.
    #[derive(Clone, Copy, Debug)]
    pub struct PeerAddr(pub SocketAddr);

    impl axum::extract::connect_info::Connected<axum::serve::IncomingStream<'_, Shared>> for PeerAddr {
        fn connect_info(stream: axum::serve::IncomingStream<'_, Shared>) -> Self {
            PeerAddr(*stream.remote_addr())
        }
    }

    /// The rest of the app reads `ConnectInfo<SocketAddr>`, as with a plain listener.
    pub fn with_peer_addresses(router: axum::Router) -> axum::Router {
        router.layer(axum::middleware::map_request(|mut request: axum::extract::Request| async move {
            if let Some(axum::extract::ConnectInfo(PeerAddr(addr))) = request.extensions().get::<axum::extract::ConnectInfo<PeerAddr>>().copied() {
                request.extensions_mut().insert(axum::extract::ConnectInfo(addr));
            }
            request
        }))
    }
}
