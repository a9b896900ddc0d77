//! Polite kills (SIGTERM, SIGHUP, SIGQUIT) as a future the loop can race.

/// Resolves with the signal number when the process is asked to stop.
#[cfg(unix)]
pub async fn termination() -> i32 {
    use tokio::signal::unix::{SignalKind, signal};
    let kinds = [
        (SignalKind::terminate(), 15),
        (SignalKind::hangup(), 1),
        (SignalKind::quit(), 3),
    ];
    let mut streams = Vec::new();
    for (kind, number) in kinds {
        if let Ok(stream) = signal(kind) {
            streams.push((stream, number));
        }
    }
    if streams.is_empty() {
        return std::future::pending().await;
    }
    let waits = streams.iter_mut().map(|(stream, number)| {
        let number = *number;
        Box::pin(async move {
            stream.recv().await;
            number
        })
    });
    futures_util::future::select_all(waits).await.0
}

#[cfg(not(unix))]
pub async fn termination() -> i32 {
    std::future::pending().await
}
