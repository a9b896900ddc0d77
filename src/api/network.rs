//! Describing transport failures (nothing came back) for a person: which
//! host, and what went wrong in plain words.

use super::error::ApiError;
use std::error::Error as StdError;
use std::io;
use std::time::Duration;

/// Limits in force for the request, to say which one ran out.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub connect: Duration,
    pub total: Duration,
}

/// An [`ApiError`] for a request that got no usable response from `host`.
pub fn transport_error(err: &reqwest::Error, host: &str, limits: Limits) -> ApiError {
    if err.is_timeout() || io_kind(err) == Some(io::ErrorKind::TimedOut) {
        let connecting = err.is_connect();
        return ApiError::Timeout {
            host: host.to_string(),
            limit: if connecting {
                limits.connect
            } else {
                limits.total
            },
            connecting,
        };
    }
    ApiError::Network {
        host: host.to_string(),
        cause: cause(err),
    }
}

/// The first `io::Error` in the chain, which names the OS-level reason.
fn io_kind(err: &(dyn StdError + 'static)) -> Option<io::ErrorKind> {
    chain(err).find_map(|e| e.downcast_ref::<io::Error>().map(io::Error::kind))
}

fn chain<'a>(
    err: &'a (dyn StdError + 'static),
) -> impl Iterator<Item = &'a (dyn StdError + 'static)> {
    std::iter::successors(Some(err), |e: &&'a (dyn StdError + 'static)| (*e).source())
}

/// Short words for common OS errors; otherwise the innermost message (DNS
/// and TLS failures explain themselves there), cleaned and bounded.
fn cause(err: &reqwest::Error) -> String {
    let known = match io_kind(err) {
        Some(io::ErrorKind::ConnectionRefused) => Some("connection refused"),
        Some(io::ErrorKind::ConnectionReset) => Some("the connection was reset"),
        Some(io::ErrorKind::ConnectionAborted) => Some("the connection was aborted"),
        Some(io::ErrorKind::UnexpectedEof) => Some("the connection closed mid-response"),
        Some(io::ErrorKind::HostUnreachable) => Some("host unreachable"),
        Some(io::ErrorKind::NetworkUnreachable) => Some("network unreachable"),
        _ => None,
    };
    if let Some(known) = known {
        return known.to_string();
    }
    let innermost = chain(err).last().map(ToString::to_string);
    match innermost {
        Some(message) if !message.trim().is_empty() => crate::safe_text::excerpt(&message, 160),
        _ => "the request failed".to_string(),
    }
}
