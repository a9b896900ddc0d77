//! The API's base URL: which ones are safe to send a token to, and how
//! request URLs are built from it.

use super::error::ApiError;
use reqwest::Url;
use std::net::{Ipv4Addr, Ipv6Addr};

/// A checked base URL, without a trailing slash, query or fragment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BaseUrl {
    text: String,
    host: String,
    /// `http://`, which [`BaseUrl::parse`] allows only on loopback.
    plain_http: bool,
}

impl BaseUrl {
    /// Accepts `https://` anywhere and `http://` only on loopback, where the
    /// token never leaves the machine.
    pub fn parse(input: &str) -> Result<BaseUrl, ApiError> {
        let input = input.trim();
        let url = Url::parse(input).map_err(|e| {
            let shown = crate::safe_text::excerpt(input, 100);
            ApiError::config(match e {
                // idna runs without Unicode tables (see Cargo.toml), so every
                // non-ASCII host name lands here.
                url::ParseError::IdnaError => format!(
                    "The base URL \"{shown}\" has a host name privy-edit can't read: \
                     write it in its ASCII form (xn--…), as DNS has it"
                ),
                _ => format!(
                    "The base URL \"{shown}\" is not a valid URL ({e}); expected something like https://api.privy.com/v1"
                ),
            })
        })?;
        // Shown in errors from here on, so it must never carry credentials.
        if !url.username().is_empty() || url.password().is_some() {
            return Err(ApiError::config(
                "The base URL must not contain a user name or password; the token comes from PRIVY_API_TOKEN or --token-file",
            ));
        }
        let shown = crate::safe_text::excerpt(url.as_str(), 100);
        let host = match url.host_str() {
            Some(host) if !host.is_empty() => host,
            _ => {
                return Err(ApiError::config(format!(
                    "The base URL {shown} has no host name"
                )));
            }
        };
        match url.scheme() {
            "https" => {}
            "http" if is_loopback(host) => {}
            "http" => {
                return Err(ApiError::config(format!(
                    "Refusing the base URL {shown}: plain http:// would send the API token unencrypted. \
                     Use https:// (http:// is allowed only for localhost, 127.0.0.0/8 and ::1)"
                )));
            }
            other => {
                return Err(ApiError::config(format!(
                    "Unsupported scheme \"{other}\" in the base URL {shown}; use https://"
                )));
            }
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(ApiError::config(format!(
                "The base URL {shown} must not have a query (?) or fragment (#)"
            )));
        }
        let host = match url.port() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_string(),
        };
        Ok(BaseUrl {
            text: url.as_str().trim_end_matches('/').to_string(),
            host,
            plain_http: url.scheme() == "http",
        })
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// `host[:port]`, for messages.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// Whether requests travel unencrypted (only ever to loopback), so
    /// they must not go through a proxy, which would see the token.
    pub fn is_plain_http(&self) -> bool {
        self.plain_http
    }

    /// `{base}/contacts`
    pub fn contacts(&self) -> Result<Url, ApiError> {
        self.join("/contacts")
    }

    /// `{base}/contacts/{id}` with the id as one percent-encoded segment.
    pub fn contact(&self, id: &str) -> Result<Url, ApiError> {
        check_contact_id(id)?;
        self.join(&format!("/contacts/{}", encode_segment(id)))
    }

    /// The contact's URL as text, even for an id [`BaseUrl::contact`] refuses.
    pub fn contact_text(&self, id: &str) -> String {
        format!("{}/contacts/{}", self.text, encode_segment(id))
    }

    fn join(&self, path: &str) -> Result<Url, ApiError> {
        Url::parse(&format!("{}{path}", self.text))
            .map_err(|e| ApiError::config(format!("Could not build a request URL: {e}")))
    }
}

/// `host` as the URL parser normalised it: IPv6 in brackets, IPv4 dotted.
fn is_loopback(host: &str) -> bool {
    if let Some(v6) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        return v6.parse::<Ipv6Addr>().is_ok_and(|ip| ip.is_loopback());
    }
    host.parse::<Ipv4Addr>().map_or_else(
        |_| host.eq_ignore_ascii_case("localhost"),
        |ip| ip.is_loopback(),
    )
}

/// Ids that would not name a contact once in a URL: empty would list all
/// contacts, and `.`/`..` are removed by URL normalisation even when encoded.
fn check_contact_id(id: &str) -> Result<(), ApiError> {
    let reason = match id {
        "" => "it is empty",
        "." | ".." => "\".\" and \"..\" cannot be sent as an id",
        _ => return Ok(()),
    };
    Err(ApiError::InvalidContactId {
        reason: reason.to_string(),
    })
}

/// Percent-encodes everything but RFC 3986 unreserved characters, so `/`,
/// `?`, `#`, `%` and `\` in an id cannot change the route.
pub fn encode_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ErrorKind;

    fn refused(input: &str) -> String {
        let err = BaseUrl::parse(input).expect_err(input);
        assert_eq!(err.kind(), ErrorKind::Config, "{input}");
        err.to_string()
    }

    #[test]
    fn normalises_trailing_slashes() {
        for input in [
            "https://api.privy.com/v1",
            "https://api.privy.com/v1/",
            " https://API.privy.com/v1// ",
        ] {
            let base = BaseUrl::parse(input).expect(input);
            assert_eq!(base.as_str(), "https://api.privy.com/v1", "{input}");
            assert_eq!(base.host(), "api.privy.com");
        }
        let root = BaseUrl::parse("https://example.test:8443/").expect("root base");
        assert_eq!(root.as_str(), "https://example.test:8443");
        assert_eq!(root.host(), "example.test:8443");
    }

    #[test]
    fn plain_http_only_on_loopback() {
        for ok in [
            "http://127.0.0.1:8080/v1",
            "http://127.9.9.9/v1",
            "http://localhost:1/v1",
            "http://[::1]:9/v1",
        ] {
            assert!(BaseUrl::parse(ok).is_ok_and(|b| b.is_plain_http()), "{ok}");
        }
        let https = BaseUrl::parse("https://127.0.0.1/v1").expect("https");
        assert!(!https.is_plain_http());
        let message = refused("http://api.privy.com/v1");
        assert!(message.contains("unencrypted"), "{message}");
        assert!(refused("http://10.0.0.1/v1").contains("https://"));
        assert!(refused("http://localhost.evil.test/v1").contains("unencrypted"));
    }

    #[test]
    fn other_shapes_are_refused_with_a_reason() {
        assert!(refused("ftp://api.privy.com/v1").contains("Unsupported scheme"));
        assert!(refused("api.privy.com/v1").contains("not a valid URL"));
        assert!(refused("https://api.privy.com/v1?x=1").contains("query"));
        let with_secret = refused("https://me:hunter2@api.privy.com/v1");
        assert!(!with_secret.contains("hunter2"), "{with_secret}");
    }

    #[test]
    fn host_names_are_taken_in_their_ascii_form() {
        let message = refused("https://bücher.example/v1");
        assert!(message.contains("bücher.example"), "{message}");
        assert!(message.contains("ASCII form (xn--"), "{message}");
        let ascii = BaseUrl::parse("https://xn--bcher-kva.example/v1").expect("punycode");
        assert_eq!(ascii.host(), "xn--bcher-kva.example");
    }

    #[test]
    fn ids_stay_one_segment() {
        let base = BaseUrl::parse("https://api.privy.com/v1/").expect("base");
        let url = base.contact("a/b?c=d#e %\\f").expect("id accepted");
        assert_eq!(
            url.as_str(),
            "https://api.privy.com/v1/contacts/a%2Fb%3Fc%3Dd%23e%20%25%5Cf"
        );
        assert_eq!(url.path_segments().map(|s| s.count()), Some(3));
        assert_eq!(
            base.contact("cus_a1b2c3d4e5f6g7h8")
                .expect("plain id")
                .as_str(),
            "https://api.privy.com/v1/contacts/cus_a1b2c3d4e5f6g7h8"
        );
        assert_eq!(encode_segment("é"), "%C3%A9");
    }

    #[test]
    fn ids_that_would_change_the_route_are_refused() {
        let base = BaseUrl::parse("https://api.privy.com/v1").expect("base");
        for id in ["", ".", ".."] {
            let err = base.contact(id).expect_err(id);
            assert_eq!(err.kind(), ErrorKind::InvalidInput);
        }
        assert!(base.contact("..a").is_ok());
    }
}
