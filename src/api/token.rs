//! The API token, kept out of logs, error messages and `Debug` output.

use std::fmt;

/// A Privy API or OAuth token. Prints as `Token(redacted)`; the secret is
/// reachable only through [`Token::expose_secret`], so every place that
/// handles it is easy to find.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    /// Trims surrounding whitespace (token files usually end in a newline).
    /// `None` when nothing is left.
    pub fn new(secret: impl Into<String>) -> Option<Token> {
        let secret = secret.into();
        let trimmed = secret.trim();
        if trimmed.is_empty() {
            None
        } else {
            Some(Token(trimmed.to_string()))
        }
    }

    /// The secret itself, for the `Authorization` header and nothing else.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(redacted)")
    }
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(redacted)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_and_rejects_blank() {
        let token = Token::new("  privy_abc123\n").expect("non-blank token");
        assert_eq!(token.expose_secret(), "privy_abc123");
        assert!(Token::new("").is_none());
        assert!(Token::new(" \t\n").is_none());
    }

    #[test]
    fn never_prints_the_secret() {
        let token = Token::new("privy_supersecret").expect("non-blank token");
        for shown in [
            format!("{token:?}"),
            format!("{token}"),
            format!("{token:#?}"),
        ] {
            assert_eq!(shown, "Token(redacted)");
        }
    }
}
