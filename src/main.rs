//! Entry point: the browser hydrates the app; the server opens the database and serves.

fn main() {
    #[cfg(not(feature = "server"))]
    dioxus::launch(chats::app::App);

    #[cfg(feature = "server")]
    dioxus::serve(|| async move {
        let state = chats::server::startup::shared_state().await?;
        Ok(chats::server::startup::router(state))
    });
}
