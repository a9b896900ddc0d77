//! The Privy contacts client: builds requests, sends them, retries GETs.

use super::base_url::BaseUrl;
use super::error::{ApiError, ErrorKind};
use super::network::{Limits, transport_error};
use super::options::ClientOptions;
use super::page::{ContactPage, ListFilter};
use super::rate_limit::RateLimit;
use super::redact::Redactor;
use super::response::{self, Received};
use super::retry::with_retries;
use super::token::Token;
use crate::contact::{Contact, Patch};
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderValue, LOCATION};
use reqwest::{Method, Url};
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

/// The largest response body read; a contact is a few kilobytes, so more
/// means something other than the API is answering.
const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

/// `privy-edit/<version>`, so Privy can tell this tool's traffic apart.
pub const USER_AGENT: &str = concat!("privy-edit/", env!("CARGO_PKG_VERSION"));

/// A client for one base URL and token. Cheap to clone; clones share the
/// connection pool and the last rate-limit reading.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    on_wait: Option<WaitObserver>,
}

/// Told before a GET waits to try again: how long, and why (a 429, a 5xx, a
/// network failure), so a screen or stderr can say so instead of looking hung.
pub type WaitObserver = Arc<dyn Fn(Duration, ErrorKind) + Send + Sync>;

struct Inner {
    http: reqwest::Client,
    base: BaseUrl,
    /// The prepared `Authorization` value, marked sensitive.
    authorization: HeaderValue,
    /// Masks the token wherever a server echoes it.
    redactor: Redactor,
    options: ClientOptions,
    last_rate_limit: Mutex<Option<RateLimit>>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base.as_str())
            .field("token", &"Token(redacted)")
            .field("options", &self.inner.options)
            .finish()
    }
}

impl Client {
    pub fn new(base_url: &str, token: Token) -> Result<Client, ApiError> {
        Client::with_options(base_url, token, ClientOptions::default())
    }

    pub fn with_options(
        base_url: &str,
        token: Token,
        options: ClientOptions,
    ) -> Result<Client, ApiError> {
        let base = BaseUrl::parse(base_url)?;
        let mut authorization = HeaderValue::from_str(&format!("Bearer {}", token.expose_secret()))
            .map_err(|_| {
                ApiError::config(
                    "The API token contains characters that cannot be sent in an HTTP header \
                     (check the token file for stray text)",
                )
            })?;
        authorization.set_sensitive(true);
        install_crypto_provider();
        let redactor = Redactor::new(&token);
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        let mut builder = reqwest::Client::builder();
        if base.is_plain_http() {
            // A proxy from HTTP_PROXY or ALL_PROXY would receive the token in
            // clear text; plain http:// is loopback only, which needs no proxy.
            // HTTPS may still go through one: it only sees a tunnel.
            // Nor does it need the system's certificates: reading and
            // parsing them was most of the demo's start-up (17M instructions).
            builder = builder
                .no_proxy()
                .tls_certs_only(Vec::<reqwest::Certificate>::new());
        }
        let http = builder
            .user_agent(USER_AGENT)
            .default_headers(headers)
            .connect_timeout(options.connect_timeout)
            .timeout(options.timeout)
            // The API never redirects; following one could carry the token
            // somewhere unexpected, so a redirect is reported instead.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| ApiError::config(format!("Could not set up the HTTP client: {e}")))?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base,
                authorization,
                redactor,
                options,
                last_rate_limit: Mutex::new(None),
            }),
            on_wait: None,
        })
    }

    /// The same base URL and options with another token (a token file
    /// read again); waits are still reported where they were.
    pub fn with_token(&self, token: Token) -> Result<Client, ApiError> {
        let fresh = Client::with_options(self.base_url(), token, self.inner.options.clone())?;
        Ok(Client {
            on_wait: self.on_wait.clone(),
            ..fresh
        })
    }

    /// This client (sharing connections), telling `observer` about each
    /// wait before a GET is tried again.
    pub fn reporting_waits(&self, observer: WaitObserver) -> Client {
        Client {
            inner: Arc::clone(&self.inner),
            on_wait: Some(observer),
        }
    }

    /// Normalised, without a trailing slash.
    pub fn base_url(&self) -> &str {
        self.inner.base.as_str()
    }

    /// `host[:port]`, for messages.
    pub fn host(&self) -> String {
        self.inner.base.host().to_string()
    }

    /// The full URL of `GET /contacts/{id}`, for the loading screen.
    pub fn contact_url(&self, id: &str) -> String {
        self.inner.base.contact_text(id)
    }

    /// `GET /contacts/{id}`, retried on transient failures.
    pub async fn get_contact(&self, id: &str) -> Result<Contact, ApiError> {
        let url = self.inner.base.contact(id)?;
        let received = self.get_with_retries(url).await.map_err(|e| self.mask(e))?;
        response::contact(&received)
            .and_then(|contact| response::the_contact_asked_for(contact, id, &received))
            .map_err(|e| self.mask(e))
    }

    /// `PATCH /contacts/{id}` with exactly `patch` as the body. Sent once:
    /// with no idempotency key, only the person at the keyboard may resend.
    pub async fn update_contact(&self, id: &str, patch: &Patch) -> Result<Contact, ApiError> {
        let url = self.inner.base.contact(id)?;
        let body = serde_json::to_vec(patch)
            .map_err(|e| ApiError::config(format!("Could not encode the changes: {e}")))?;
        let received = self
            .send(Method::PATCH, url, Some(body))
            .await
            .map_err(|e| self.mask(e))?;
        match response::error_for(&received) {
            Some(err) => Err(self.mask(err)),
            None => response::contact(&received)
                .and_then(|contact| response::the_contact_asked_for(contact, id, &received))
                .map_err(|e| self.mask(e)),
        }
    }

    /// `GET /contacts` with the filter's query parameters.
    pub async fn list_contacts(&self, filter: &ListFilter) -> Result<ContactPage, ApiError> {
        let mut url = self.inner.base.contacts()?;
        let pairs = filter.query_pairs();
        if !pairs.is_empty() {
            url.query_pairs_mut().extend_pairs(pairs);
        }
        let received = self.get_with_retries(url).await.map_err(|e| self.mask(e))?;
        response::contact_page(&received, filter).map_err(|e| self.mask(e))
    }

    /// The error with any echo of the token masked (the body was masked
    /// already; this catches a token spelt with JSON escapes).
    fn mask(&self, err: ApiError) -> ApiError {
        self.hint_missing_version(self.inner.redactor.error(err))
    }

    /// A 404 from a base URL without `/v1` most likely means the version
    /// was left out: every path answers 404 there.
    fn hint_missing_version(&self, err: ApiError) -> ApiError {
        let base = self.inner.base.as_str();
        if err.status() != Some(404) || base.ends_with("/v1") {
            return err;
        }
        err.with_note(&format!(
            " (the base URL {base} doesn't end in /v1; Privy's API is at {})",
            super::DEFAULT_BASE_URL
        ))
    }

    /// The rate-limit headers of the most recent response; `None` before
    /// the first response or when it carried none.
    pub fn last_rate_limit(&self) -> Option<RateLimit> {
        self.rate_limit_slot().clone()
    }

    fn rate_limit_slot(&self) -> MutexGuard<'_, Option<RateLimit>> {
        // The slot holds plain data, so a poisoned lock is still usable.
        self.inner
            .last_rate_limit
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// A successful GET response, after waiting out 429s and retrying 5xx
    /// and network failures as the options allow, all within the deadline.
    async fn get_with_retries(&self, url: Url) -> Result<Received, ApiError> {
        let options = &self.inner.options;
        let attempts = with_retries(
            options,
            || self.get_once(url.clone()),
            |wait, why| {
                if let Some(observer) = &self.on_wait {
                    observer(wait, why);
                }
                tokio::time::sleep(wait)
            },
        );
        match tokio::time::timeout(options.get_deadline, attempts).await {
            Ok(result) => result,
            Err(_) => Err(ApiError::Timeout {
                host: self.inner.base.host().to_string(),
                limit: options.get_deadline,
                connecting: false,
            }),
        }
    }

    /// One GET; a non-2xx status is an error.
    async fn get_once(&self, url: Url) -> Result<Received, ApiError> {
        let received = self.send(Method::GET, url, None).await?;
        match response::error_for(&received) {
            None => Ok(received),
            Some(err) => Err(err),
        }
    }

    /// One request; any status counts as received.
    async fn send(
        &self,
        method: Method,
        url: Url,
        body: Option<Vec<u8>>,
    ) -> Result<Received, ApiError> {
        // The log gets the path only: queries hold emails and phones.
        let (request_method, request_path) = (method.to_string(), url.path().to_string());
        let mut request = self
            .inner
            .http
            .request(method, url)
            .header(AUTHORIZATION, self.inner.authorization.clone());
        if let Some(body) = body {
            request = request
                .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
                .body(body);
        }
        let started = std::time::Instant::now();
        let (method_name, path) = (request_method.clone(), request_path.clone());
        let mut response = request.send().await.map_err(|e| {
            let err = self.transport(&e);
            // The kind only: a transport error's text can carry the query.
            tracing::warn!(method = %method_name, path = %path, kind = ?err.kind(), "request failed");
            err
        })?;
        let status = response.status().as_u16();
        let mut headers = response.headers().clone();
        self.mask_location(&mut headers);
        let limit = RateLimit::from_headers(&headers);
        let remaining = limit
            .as_ref()
            .and_then(|l| l.minute.as_ref())
            .and_then(|w| w.remaining);
        tracing::info!(
            method = %method_name,
            path = %path,
            status,
            ms = started.elapsed().as_millis() as u64,
            remaining_minute = ?remaining,
            "request"
        );
        *self.rate_limit_slot() = limit;
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| self.transport(&e))? {
            if body.len() + chunk.len() > MAX_BODY_BYTES {
                return Err(ApiError::UnexpectedResponse {
                    status,
                    problem: format!(
                        "the response is larger than {} MiB, far more than any contact",
                        MAX_BODY_BYTES / (1024 * 1024)
                    ),
                    retry_after: None,
                });
            }
            body.extend_from_slice(&chunk);
        }
        // Masked before anything reads it, so even an excerpt that cuts
        // the token in half shows none of it.
        let body = self.inner.redactor.bytes(body);
        Ok(Received {
            status,
            headers,
            body,
        })
    }

    /// A redirect's target is shown in its error; it must not carry the token.
    fn mask_location(&self, headers: &mut HeaderMap) {
        let Some(location) = headers.get(LOCATION) else {
            return;
        };
        let shown = String::from_utf8_lossy(location.as_bytes()).into_owned();
        let masked = self.inner.redactor.text(shown.clone());
        if masked != shown {
            // Bytes, not str: the mask's ellipsis is not ASCII.
            match HeaderValue::from_bytes(masked.as_bytes()) {
                Ok(value) => headers.insert(LOCATION, value),
                Err(_) => headers.remove(LOCATION),
            };
        }
    }

    fn transport(&self, err: &reqwest::Error) -> ApiError {
        let limits = Limits {
            connect: self.inner.options.connect_timeout,
            total: self.inner.options.timeout,
        };
        transport_error(err, self.inner.base.host(), limits)
    }
}

/// TLS uses ring; rustls needs it named once per process before the first
/// client is built (a second install is refused harmlessly).
pub fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn client_is_shareable_and_hides_the_token() {
        assert_send_sync::<Client>();
        let token = Token::new("privy_0123456789abcdef").expect("token");
        let client = Client::new("https://api.privy.com/v1/", token).expect("client");
        assert_eq!(client.base_url(), "https://api.privy.com/v1");
        assert_eq!(client.host(), "api.privy.com");
        assert_eq!(
            client.contact_url("cus_1/2"),
            "https://api.privy.com/v1/contacts/cus_1%2F2"
        );
        let shown = format!("{client:?} {client:#?}");
        assert!(!shown.contains("0123456789abcdef"), "{shown}");
        assert!(shown.contains("Token(redacted)"), "{shown}");
        assert_eq!(client.last_rate_limit(), None);
    }

    #[test]
    fn a_token_that_cannot_be_a_header_is_a_config_error() {
        let token = Token::new("privy_abc\ndef").expect("token");
        let err = Client::new("https://api.privy.com/v1", token).expect_err("newline");
        assert_eq!(err.kind(), crate::api::ErrorKind::Config);
        assert!(!err.to_string().contains("privy_abc"), "{err}");
    }
}
