//! Keeping the token out of server text. A server (or a gateway in front of
//! it) that echoes the token back, in an error message say, gets it masked
//! before anything parses the response, so every consumer (the screen,
//! stderr, an excerpt cut in the middle of the token) sees only the mask.

use super::error::{ApiError, FieldDetail};
use super::token::Token;

/// At least this many characters of the token stay hidden; a token too
/// short for that is masked whole.
const MIN_HIDDEN: usize = 8;

/// Replaces the token with its mask in server text.
#[derive(Clone)]
pub struct Redactor {
    secret: String,
    mask: String,
}

impl Redactor {
    pub fn new(token: &Token) -> Redactor {
        let secret = token.expose_secret().to_string();
        let mask = mask(&secret);
        Redactor { secret, mask }
    }

    /// A response body with every occurrence of the token masked. The mask
    /// holds no JSON syntax, so a JSON body stays JSON.
    pub fn bytes(&self, body: Vec<u8>) -> Vec<u8> {
        let secret = self.secret.as_bytes();
        if secret.is_empty() || !body.windows(secret.len()).any(|w| w == secret) {
            return body;
        }
        let mut out = Vec::with_capacity(body.len());
        let mut rest = body.as_slice();
        while !rest.is_empty() {
            if rest.starts_with(secret) {
                out.extend_from_slice(self.mask.as_bytes());
                rest = &rest[secret.len()..];
            } else {
                out.push(rest[0]);
                rest = &rest[1..];
            }
        }
        out
    }

    /// `text` with every occurrence of the token masked.
    pub fn text(&self, text: String) -> String {
        if self.secret.is_empty() || !text.contains(&self.secret) {
            return text;
        }
        text.replace(&self.secret, &self.mask)
    }

    /// The error with the token masked in every text it carries; this
    /// catches a token the body spelt with JSON escapes.
    pub fn error(&self, err: ApiError) -> ApiError {
        let t = |text: String| self.text(text);
        match err {
            ApiError::Api {
                status,
                code,
                message,
                details,
                retry_after,
            } => ApiError::Api {
                status,
                code: t(code),
                message: t(message),
                details: details
                    .into_iter()
                    .map(|d| FieldDetail {
                        field: t(d.field),
                        message: t(d.message),
                    })
                    .collect(),
                retry_after,
            },
            ApiError::UnexpectedResponse {
                status,
                problem,
                retry_after,
            } => ApiError::UnexpectedResponse {
                status,
                problem: t(problem),
                retry_after,
            },
            ApiError::Network { host, cause } => ApiError::Network {
                host: t(host),
                cause: t(cause),
            },
            ApiError::Timeout {
                host,
                limit,
                connecting,
            } => ApiError::Timeout {
                host: t(host),
                limit,
                connecting,
            },
            ApiError::Config { message } => ApiError::Config {
                message: t(message),
            },
            ApiError::InvalidContactId { reason } => {
                ApiError::InvalidContactId { reason: t(reason) }
            }
        }
    }
}

/// A short prefix (up to and including the first `_`, at most 6
/// characters), an ellipsis and the last 4 characters: `privy_…4567`.
/// Just `…` when that would leave fewer than 8 characters hidden.
pub fn mask(secret: &str) -> String {
    let chars: Vec<char> = secret.chars().collect();
    let prefix_len = chars
        .iter()
        .take(6)
        .position(|&c| c == '_')
        .map_or(6, |underscore| underscore + 1);
    if chars.len() < prefix_len + 4 + MIN_HIDDEN {
        return "…".to_string();
    }
    let prefix: String = chars[..prefix_len].iter().collect();
    let suffix: String = chars[chars.len() - 4..].iter().collect();
    format!("{prefix}…{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn redactor(secret: &str) -> Redactor {
        Redactor::new(&Token::new(secret).expect("token"))
    }

    #[test]
    fn masks_keep_a_short_prefix_and_the_last_four() {
        assert_eq!(mask("privy_0123456789abcdef4567"), "privy_…4567");
        assert_eq!(mask("sk_live_0123456789abcdef"), "sk_…cdef");
        assert_eq!(mask("abcdefghijklmnopqrstuvwxyz"), "abcdef…wxyz");
        assert_eq!(mask("é_ñ0123456789ü"), "é_…789ü");
        // Too short to show anything and still hide enough.
        assert_eq!(mask("demo-token"), "…");
        assert_eq!(mask("privy_12345678901"), "…");
        assert_eq!(mask("privy_123456789012"), "privy_…9012");
    }

    #[test]
    fn bodies_and_texts_are_masked_everywhere() {
        let r = redactor("privy_0123456789abcdef4567");
        let body = br#"{"error":"privy_0123456789abcdef4567 and privy_0123456789abcdef4567!"}"#;
        let masked = r.bytes(body.to_vec());
        assert_eq!(
            String::from_utf8(masked).expect("UTF-8"),
            r#"{"error":"privy_…4567 and privy_…4567!"}"#
        );
        assert_eq!(r.bytes(b"plain".to_vec()), b"plain");
        assert_eq!(r.bytes(b"privy_0123".to_vec()), b"privy_0123");
        assert_eq!(
            r.text("Bearer privy_0123456789abcdef4567".into()),
            "Bearer privy_…4567"
        );
    }

    #[test]
    fn every_error_text_is_masked() {
        let secret = "privy_0123456789abcdef4567";
        let r = redactor(secret);
        let errors = [
            ApiError::Api {
                status: 401,
                code: secret.into(),
                message: format!("bad {secret}"),
                details: vec![FieldDetail {
                    field: secret.into(),
                    message: secret.into(),
                }],
                retry_after: None,
            },
            ApiError::UnexpectedResponse {
                status: 502,
                problem: secret.into(),
                retry_after: None,
            },
            ApiError::Network {
                host: secret.into(),
                cause: secret.into(),
            },
            ApiError::Timeout {
                host: secret.into(),
                limit: std::time::Duration::from_secs(1),
                connecting: true,
            },
            ApiError::Config {
                message: secret.into(),
            },
            ApiError::InvalidContactId {
                reason: secret.into(),
            },
        ];
        for err in errors {
            let masked = r.error(err);
            let shown = format!("{masked} {masked:?}");
            assert!(!shown.contains(secret), "{shown}");
            assert!(shown.contains("privy_…4567"), "{shown}");
        }
    }
}
