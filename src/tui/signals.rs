//! Polite kills (SIGTERM, SIGHUP, SIGINT, SIGQUIT) as a future the loop can race.

/// Resolves with the signal number when the process is asked to stop.
///
/// While `$EDITOR` has the terminal, the terminal is in cooked mode, so a
/// Ctrl-C or Ctrl-\ typed there reaches this process too; like git, the
/// editor's interrupts are left to the editor and ignored here.
#[cfg(unix)]
pub async fn termination() -> i32 {
    use tokio::signal::unix::{SignalKind, signal};
    let kinds = [
        (SignalKind::terminate(), 15),
        (SignalKind::hangup(), 1),
        (SignalKind::interrupt(), 2),
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
    loop {
        let waits = streams.iter_mut().map(|(stream, number)| {
            let number = *number;
            Box::pin(async move {
                stream.recv().await;
                number
            })
        });
        let number = futures_util::future::select_all(waits).await.0;
        if !(is_keyboard_interrupt(number) && crate::external_editor::is_running()) {
            return number;
        }
    }
}

/// SIGINT and SIGQUIT: the signals a terminal sends for Ctrl-C and Ctrl-\.
#[cfg(unix)]
fn is_keyboard_interrupt(number: i32) -> bool {
    matches!(number, 2 | 3)
}

#[cfg(not(unix))]
pub async fn termination() -> i32 {
    std::future::pending().await
}
