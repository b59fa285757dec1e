//! A tokio runtime without the time driver (`enable_io()` only). A binary of its own, because it
//! installs a panic hook to see panics inside tasks the runtime spawned (which it would otherwise swallow).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use httpmock::MockServer;
use ory_hydra_v1_client::Client;

#[test]
fn calls_on_a_runtime_without_timers_work_and_nothing_panics() {
    let panics = Arc::new(AtomicUsize::new(0));
    let seen = panics.clone();
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        seen.fetch_add(1, Ordering::SeqCst);
        default_hook(info);
    }));

    let server = MockServer::start();
    let mock = server.mock(|when, then| {
        when.method("GET").path("/clients/c1");
        then.status(200).header("content-type", "application/json").body(r#"{"client_id":"c1"}"#);
    });
    // The default time limits need the time driver: a client for such a runtime turns them off.
    let hydra = Client::builder(server.base_url()).timeout(None).connect_timeout(None).build().unwrap();
    let rt = tokio::runtime::Builder::new_current_thread().enable_io().build().unwrap();
    rt.block_on(async {
        for _ in 0..3 {
            assert_eq!(hydra.get_o_auth2_client("c1").await.unwrap().client_id, "c1");
        }
        // Let whatever the pool spawned for its idle connections run.
        for _ in 0..100 {
            tokio::task::yield_now().await;
        }
    });
    mock.assert_calls(3);
    assert_eq!(panics.load(Ordering::SeqCst), 0, "a task panicked on the runtime without timers");
}
