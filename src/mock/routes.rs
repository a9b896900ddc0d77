//! The HTTP layer: a gate every request passes (recording, holds, latency,
//! faults, rate limits, auth) in front of the three contact routes.

use super::errors::ApiError;
use super::list::{list_page, parse_query};
use super::state::{RecordedRequest, Shared};
use super::timestamp::unix_now;
use super::update::{apply_patch, welcome_sms_to};
use axum::body::{Body, Bytes};
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, Uri, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Json, Router};
use serde_json::{Value, json};
use std::sync::Arc;

/// The same as axum's default body limit, so the handler never sees a
/// body the gate could not record.
const BODY_LIMIT: usize = 2 * 1024 * 1024;

/// A token that may read but not write, for testing 403 handling.
pub const READ_ONLY_TOKEN: &str = "read-only";

/// What the caller's token may do; the gate hands it to the handlers.
#[derive(Clone, Copy, Debug)]
struct Access {
    can_write: bool,
}

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/v1/contacts", get(list_contacts))
        .route("/v1/contacts/{id}", get(show_contact).patch(update_contact))
        .method_not_allowed_fallback(wrong_method)
        .fallback(no_route)
        .layer(middleware::from_fn_with_state(shared.clone(), gate))
        .with_state(shared)
}

async fn gate(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, BODY_LIMIT).await;
    let method = parts.method.as_str().to_string();
    let path = parts.uri.path().to_string();
    let query = parts.uri.query().map(str::to_string);
    let target = match &query {
        Some(q) => format!("{path}?{q}"),
        None => path.clone(),
    };
    let recorded = RecordedRequest {
        method: method.clone(),
        path,
        query,
        authorization: parts
            .headers
            .get(header::AUTHORIZATION)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned()),
        body: body
            .as_ref()
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .unwrap_or_default(),
    };
    // Recorded on arrival, so a test can see a request a hold or the
    // latency still keeps waiting.
    let (verdict, fault) = {
        let mut state = shared.lock();
        state.requests.push(recorded);
        let verdict = state.limiter.check(unix_now());
        (verdict, state.faults.take(&method, &target))
    };
    shared.wait_while_held().await;
    if !shared.latency.is_zero() {
        tokio::time::sleep(shared.latency).await;
    }

    let drop_after = fault.as_ref().is_some_and(|f| f.drop_after_applying);
    let mut response = if let Some(fault) = fault.filter(|f| !f.drop_after_applying) {
        tokio::time::sleep(fault.delay).await;
        fault.to_response()
    } else if !verdict.allowed {
        let mut refused = ApiError::rate_limited().into_response();
        let seconds = verdict.retry_after.unwrap_or(1);
        refused
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        refused
    } else {
        match (body, bearer_token(&parts.headers)) {
            (Err(_), _) => ApiError::payload_too_large(BODY_LIMIT).into_response(),
            (Ok(_), None) => ApiError::unauthorized().into_response(),
            (Ok(_), Some(token)) if !is_allowed(&shared, &token) => {
                ApiError::unauthorized().into_response()
            }
            (Ok(bytes), Some(token)) => {
                let mut request = Request::from_parts(parts, Body::from(bytes));
                request.extensions_mut().insert(Access {
                    can_write: token != READ_ONLY_TOKEN,
                });
                let answer = next.run(request).await;
                if drop_after {
                    return super::faults::broken_answer();
                }
                answer
            }
        }
    };
    let headers = response.headers_mut();
    for (name, value) in verdict.headers {
        // A fault's own headers win: it may be imitating a different server.
        if !headers.contains_key(name)
            && let Ok(value) = HeaderValue::from_str(&value)
        {
            headers.insert(HeaderName::from_static(name), value);
        }
    }
    response
}

/// Whether the mock was told to accept this token (by default any is).
fn is_allowed(shared: &Shared, token: &str) -> bool {
    shared
        .allowed_tokens
        .as_ref()
        .is_none_or(|allowed| allowed.iter().any(|t| t == token))
}

/// The token of an `Authorization: Bearer <token>` header, if non-empty.
fn bearer_token(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then(|| token.to_string())
}

async fn list_contacts(
    State(shared): State<Arc<Shared>>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let Query(pairs) =
        query.map_err(|e| ApiError::bad_request(format!("Malformed query string: {e}")))?;
    let query = parse_query(&pairs)?;
    let state = shared.lock();
    Ok(Json(list_page(&state.contacts, &query)))
}

async fn show_contact(
    State(shared): State<Arc<Shared>>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<Value>, ApiError> {
    let Path(id) = id.map_err(|_| ApiError::contact_not_found())?;
    let state = shared.lock();
    let contact = state.find(&id).ok_or_else(ApiError::contact_not_found)?;
    Ok(Json(json!({ "data": contact })))
}

async fn update_contact(
    State(shared): State<Arc<Shared>>,
    Extension(access): Extension<Access>,
    id: Result<Path<String>, PathRejection>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    if !access.can_write {
        return Err(ApiError::insufficient_scope());
    }
    let Path(id) = id.map_err(|_| ApiError::contact_not_found())?;
    let body: Value = serde_json::from_slice(&body)
        .map_err(|e| ApiError::bad_request(format!("Request body is not valid JSON: {e}")))?;
    let mut state = shared.lock();
    let index = state
        .position(&id)
        .ok_or_else(ApiError::contact_not_found)?;
    let Some(Value::Object(stored)) = state.contacts.get(index) else {
        return Err(ApiError::contact_not_found());
    };
    let updated = Value::Object(apply_patch(stored, &body, &state.contacts, unix_now())?);
    let welcome = welcome_sms_to(stored, &body);
    if let Some(slot) = state.contacts.get_mut(index) {
        *slot = updated.clone();
    }
    if let Some(phone) = welcome {
        state.welcome_texts.push((id, phone));
    }
    Ok(Json(json!({ "data": updated })))
}

async fn no_route(method: Method, uri: Uri) -> ApiError {
    ApiError::route_not_found(method.as_str(), uri.path())
}

async fn wrong_method(method: Method, uri: Uri) -> ApiError {
    ApiError::method_not_allowed(method.as_str(), uri.path())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn auth(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::AUTHORIZATION, HeaderValue::from_str(value).unwrap());
        headers
    }

    #[test]
    fn bearer_tokens() {
        assert_eq!(bearer_token(&auth("Bearer abc")).as_deref(), Some("abc"));
        assert_eq!(bearer_token(&auth("bearer abc")).as_deref(), Some("abc"));
        assert_eq!(bearer_token(&auth("Bearer ")), None);
        assert_eq!(bearer_token(&auth("Bearer")), None);
        assert_eq!(bearer_token(&auth("Basic abc")), None);
        assert_eq!(bearer_token(&HeaderMap::new()), None);
    }
}
