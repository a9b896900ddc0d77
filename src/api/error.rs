//! Everything that can go wrong talking to the API, as one typed error whose
//! `Display` is written for the person reading it (a support agent).

use super::text;
use reqwest::StatusCode;
use std::fmt;
use std::time::Duration;

/// One entry of a validation error's `details`; field `base` means the whole record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldDetail {
    pub field: String,
    pub message: String,
}

/// The broad class of an [`ApiError`], for deciding what to show or retry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// 401: token missing, expired, revoked or invalid.
    Unauthorized,
    /// 403: the token lacks a scope (e.g. `contacts_write`).
    Forbidden,
    /// 404 with the API's envelope.
    NotFound,
    /// 409: another contact already has this email or phone.
    Conflict,
    /// 422: field errors in `details`.
    Validation,
    /// 429: see [`ApiError::retry_after`].
    RateLimited,
    /// 400 with the API's envelope.
    BadRequest,
    /// Any 5xx.
    Server,
    /// Another status that carried the API's envelope.
    OtherStatus,
    /// The server could not be reached, or the connection broke.
    Network,
    Timeout,
    /// A body privy-edit cannot read: not JSON, cut off, wrong shape, redirect.
    InvalidResponse,
    /// A bad base URL, token or client setting.
    Config,
    /// A request privy-edit refuses to send (e.g. an empty contact id).
    InvalidInput,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    /// The server answered with the documented error envelope.
    Api {
        status: u16,
        code: String,
        message: String,
        details: Vec<FieldDetail>,
        retry_after: Option<Duration>,
    },
    /// The server answered, but not in a form privy-edit can read.
    /// `problem` already holds a cleaned excerpt of the body.
    UnexpectedResponse {
        status: u16,
        problem: String,
        retry_after: Option<Duration>,
    },
    /// No answer: refused, unresolvable, reset, TLS failure.
    Network {
        host: String,
        cause: String,
    },
    Timeout {
        host: String,
        limit: Duration,
        connecting: bool,
    },
    Config {
        message: String,
    },
    InvalidContactId {
        reason: String,
    },
}

impl ApiError {
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Api { status, .. } | ApiError::UnexpectedResponse { status, .. } => {
                Some(*status)
            }
            _ => None,
        }
    }

    /// The envelope's `code` (e.g. `not_found`), when the server sent one.
    pub fn code(&self) -> Option<&str> {
        match self {
            ApiError::Api { code, .. } if !code.is_empty() => Some(code),
            _ => None,
        }
    }

    /// The envelope's `message`, when the server sent one.
    pub fn message(&self) -> Option<&str> {
        match self {
            ApiError::Api { message, .. } if !message.is_empty() => Some(message),
            _ => None,
        }
    }

    /// Field problems of a validation error; empty for every other error.
    pub fn details(&self) -> &[FieldDetail] {
        match self {
            ApiError::Api { details, .. } => details,
            _ => &[],
        }
    }

    /// How long the server asked us to wait (a 429's `Retry-After`).
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            ApiError::Api { retry_after, .. }
            | ApiError::UnexpectedResponse { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    pub fn kind(&self) -> ErrorKind {
        match self {
            ApiError::Api { status, .. } => match status {
                400 => ErrorKind::BadRequest,
                401 => ErrorKind::Unauthorized,
                403 => ErrorKind::Forbidden,
                404 => ErrorKind::NotFound,
                409 => ErrorKind::Conflict,
                422 => ErrorKind::Validation,
                429 => ErrorKind::RateLimited,
                500..=599 => ErrorKind::Server,
                _ => ErrorKind::OtherStatus,
            },
            // Without the envelope a 404 or 401 most likely comes from a
            // proxy or a wrong base URL, not from the API's verdict on the
            // contact, so only the statuses that mean "try later" keep their class.
            ApiError::UnexpectedResponse { status, .. } => match status {
                429 => ErrorKind::RateLimited,
                500..=599 => ErrorKind::Server,
                _ => ErrorKind::InvalidResponse,
            },
            ApiError::Network { .. } => ErrorKind::Network,
            ApiError::Timeout { .. } => ErrorKind::Timeout,
            ApiError::Config { .. } => ErrorKind::Config,
            ApiError::InvalidContactId { .. } => ErrorKind::InvalidInput,
        }
    }

    /// The error with `note` added to the text it shows (the server's
    /// message, or what was wrong with its answer).
    pub(crate) fn with_note(mut self, note: &str) -> ApiError {
        match &mut self {
            ApiError::Api { message, .. } => message.push_str(note),
            ApiError::UnexpectedResponse { problem, .. } => problem.push_str(note),
            _ => {}
        }
        self
    }

    pub(crate) fn config(message: impl Into<String>) -> ApiError {
        ApiError::Config {
            message: message.into(),
        }
    }
}

/// `404 Not Found`, or just `404` for a status without a standard name.
fn status_line(status: u16) -> String {
    match StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
    {
        Some(reason) => format!("{status} {reason}"),
        None => status.to_string(),
    }
}

fn write_seconds(f: &mut fmt::Formatter<'_>, duration: Duration) -> fmt::Result {
    let secs = duration.as_secs_f64();
    if secs.fract() == 0.0 {
        write!(f, "{secs:.0} s")
    } else {
        write!(f, "{secs:.1} s")
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiError::Api {
                status,
                code,
                message,
                details,
                retry_after,
            } => {
                // Server text is cleaned where it is shown, so the stored
                // values stay exactly what the server sent.
                let code = crate::safe_text::excerpt(code, 60);
                let message = crate::safe_text::excerpt(message, text::SNIPPET_CHARS);
                match (code.is_empty(), message.is_empty()) {
                    (false, false) => write!(f, "{status} {code}: {message}")?,
                    (false, true) => write!(f, "{status} {code}")?,
                    (true, false) => write!(f, "{}: {message}", status_line(*status))?,
                    (true, true) => write!(f, "{}", status_line(*status))?,
                }
                if !details.is_empty() {
                    let listed: Vec<String> = details
                        .iter()
                        .map(|d| {
                            format!(
                                "{}: {}",
                                crate::safe_text::excerpt(&d.field, 60),
                                crate::safe_text::excerpt(&d.message, text::SNIPPET_CHARS)
                            )
                        })
                        .collect();
                    write!(f, " ({})", listed.join("; "))?;
                }
                if let Some(wait) = retry_after {
                    f.write_str(" (retry in ")?;
                    write_seconds(f, *wait)?;
                    f.write_str(")")?;
                }
                Ok(())
            }
            ApiError::UnexpectedResponse {
                status, problem, ..
            } => write!(f, "{}: {problem}", status_line(*status)),
            ApiError::Network { host, cause } => write!(f, "Could not reach {host}: {cause}"),
            ApiError::Timeout {
                host,
                limit,
                connecting,
            } => {
                if *connecting {
                    write!(f, "Timed out connecting to {host} (no answer within ")?;
                } else {
                    write!(
                        f,
                        "Timed out waiting for {host} (no complete answer within "
                    )?;
                }
                write_seconds(f, *limit)?;
                f.write_str(")")
            }
            ApiError::Config { message } => f.write_str(message),
            ApiError::InvalidContactId { reason } => write!(f, "Invalid contact id: {reason}"),
        }
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(status: u16, code: &str, message: &str) -> ApiError {
        ApiError::Api {
            status,
            code: code.into(),
            message: message.into(),
            details: Vec::new(),
            retry_after: None,
        }
    }

    #[test]
    fn envelope_errors_read_naturally() {
        assert_eq!(
            api(404, "not_found", "Contact not found").to_string(),
            "404 not_found: Contact not found"
        );
        assert_eq!(api(418, "", "").to_string(), "418 I'm a teapot");
        assert_eq!(api(599, "", "odd").to_string(), "599: odd");
    }

    #[test]
    fn details_and_retry_after_are_listed() {
        let err = ApiError::Api {
            status: 422,
            code: "validation_failed".into(),
            message: "One or more fields are invalid".into(),
            details: vec![
                FieldDetail {
                    field: "email".into(),
                    message: "is invalid".into(),
                },
                FieldDetail {
                    field: "base".into(),
                    message: "is locked".into(),
                },
            ],
            retry_after: Some(Duration::from_secs(30)),
        };
        assert_eq!(
            err.to_string(),
            "422 validation_failed: One or more fields are invalid \
             (email: is invalid; base: is locked) (retry in 30 s)"
        );
    }

    #[test]
    fn server_text_is_cleaned_when_shown() {
        let err = api(400, "bad\x1b[2J", "line1\nline2");
        assert_eq!(err.to_string(), "400 bad␛[2J: line1 line2");
    }

    #[test]
    fn kinds_follow_status_and_envelope() {
        assert_eq!(api(401, "unauthorized", "").kind(), ErrorKind::Unauthorized);
        assert_eq!(api(409, "conflict", "").kind(), ErrorKind::Conflict);
        assert_eq!(api(503, "down", "").kind(), ErrorKind::Server);
        assert_eq!(api(418, "", "").kind(), ErrorKind::OtherStatus);
        let unexpected = |status| ApiError::UnexpectedResponse {
            status,
            problem: "x".into(),
            retry_after: None,
        };
        assert_eq!(unexpected(502).kind(), ErrorKind::Server);
        assert_eq!(unexpected(429).kind(), ErrorKind::RateLimited);
        assert_eq!(unexpected(404).kind(), ErrorKind::InvalidResponse);
        assert_eq!(unexpected(200).kind(), ErrorKind::InvalidResponse);
    }

    #[test]
    fn network_and_timeout_messages_name_the_host() {
        let refused = ApiError::Network {
            host: "api.privy.com".into(),
            cause: "connection refused".into(),
        };
        assert_eq!(
            refused.to_string(),
            "Could not reach api.privy.com: connection refused"
        );
        let slow = ApiError::Timeout {
            host: "api.privy.com".into(),
            limit: Duration::from_millis(1500),
            connecting: false,
        };
        assert_eq!(
            slow.to_string(),
            "Timed out waiting for api.privy.com (no complete answer within 1.5 s)"
        );
        assert_eq!(slow.status(), None);
        assert_eq!(slow.kind(), ErrorKind::Timeout);
    }
}
