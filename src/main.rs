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
        axum::serve(listener, router.into_make_service_with_connect_info::<std::net::SocketAddr>())
            .with_graceful_shutdown(stopping)
            .await
            .expect("the server runs");
        tracing::info!("stopped");
    });
}
