//! The listener loop: one HTTP/1.1 connection per task, each with a
//! deadline for the next request's headers, and a graceful shutdown that
//! lets requests in flight finish.
//!
//! axum's own `serve` gives hyper no timer, and without one hyper applies
//! no header timeout: an idle keep-alive connection (or one that sends its
//! headers a byte a minute) was kept forever, each holding a socket and a
//! task. Here hyper's header read timeout ([`Config::idle_timeout`]) runs
//! from the moment a connection waits for a request, so it bounds both the
//! idle time between requests and the time to send one request's headers.
//!
//! [`Config::idle_timeout`]: crate::Config::idle_timeout

use crate::routes::router;
use crate::state::AppState;
use axum::body::Body;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::future::Future;
use std::pin::pin;
use std::time::Duration;
use tokio::sync::watch;
use tower::ServiceExt;

/// Serves the app on `listener` until `shutdown` resolves, then waits for
/// the connections' requests in flight.
///
/// # Errors
/// None today: a failed accept (too many open files, a reset before
/// accept) is logged and retried, as a server must.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let idle = state.config.idle_timeout;
    let app = router(state);
    // `stop` tells connections to finish; `done` is held by each of them,
    // so its sender sees every receiver dropped once all have ended.
    let (stop_tx, stop_rx) = watch::channel(());
    let (done_tx, done_rx) = watch::channel(());
    let mut shutdown = pin!(shutdown);
    loop {
        let (stream, addr) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(c) => c,
                Err(e) => {
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let app = app.clone();
        let mut stop = stop_rx.clone();
        let done = done_rx.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
                req.extensions_mut().insert(ConnectInfo(addr));
                app.clone().oneshot(req.map(Body::new))
            });
            let conn = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(idle)
                .keep_alive(true)
                .serve_connection(TokioIo::new(stream), service);
            let mut conn = pin!(conn);
            tokio::select! {
                r = conn.as_mut() => {
                    if let Err(e) = r {
                        tracing::debug!(error = %e, "connection ended");
                    }
                }
                _ = stop.changed() => {
                    conn.as_mut().graceful_shutdown();
                    let _ = conn.await;
                }
            }
            drop(done);
        });
    }
    drop(done_rx);
    drop(listener);
    let _ = stop_tx.send(());
    done_tx.closed().await;
    Ok(())
}
