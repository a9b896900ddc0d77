//! `GET /contacts`: query parsing, filtering and pagination.

use super::errors::{ApiError, FieldProblem};
use serde_json::{Value, json};

const FILTERS: [&str; 4] = ["email", "phone_number", "email_consent", "sms_consent"];
const MAX_PER_PAGE: u64 = 100;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListQuery {
    pub page: u64,
    pub per_page: u64,
    /// Exact-match filters: (field, wanted value).
    pub filters: Vec<(&'static str, String)>,
}

/// Reads the query pairs; unknown parameters are ignored and a repeated one
/// takes its last value.
pub fn parse_query(pairs: &[(String, String)]) -> Result<ListQuery, ApiError> {
    let last = |name: &str| {
        pairs
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let mut problems = Vec::new();
    let page = bounded(last("page"), 1, 1, u64::MAX).unwrap_or_else(|| {
        problems.push(FieldProblem::new(
            "page",
            "must be a whole number of at least 1",
        ));
        1
    });
    let per_page = bounded(last("per_page"), 25, 1, MAX_PER_PAGE).unwrap_or_else(|| {
        problems.push(FieldProblem::new(
            "per_page",
            format!("must be a whole number from 1 to {MAX_PER_PAGE}"),
        ));
        1
    });
    if !problems.is_empty() {
        return Err(ApiError::validation(problems));
    }
    let filters = FILTERS
        .into_iter()
        .filter_map(|name| last(name).map(|v| (name, v.to_string())))
        .collect();
    Ok(ListQuery {
        page,
        per_page,
        filters,
    })
}

/// `default` when absent; `None` when not a number within `min..=max`.
fn bounded(raw: Option<&str>, default: u64, min: u64, max: u64) -> Option<u64> {
    match raw {
        None => Some(default),
        Some(text) => text.parse::<u64>().ok().filter(|n| (min..=max).contains(n)),
    }
}

/// The response body for one page of the matching contacts.
pub fn list_page(contacts: &[Value], query: &ListQuery) -> Value {
    let matching: Vec<&Value> = contacts
        .iter()
        .filter(|c| {
            query
                .filters
                .iter()
                .all(|(field, wanted)| c.get(*field).and_then(Value::as_str) == Some(wanted))
        })
        .collect();
    let total = matching.len() as u64;
    let skip = (query.page - 1).saturating_mul(query.per_page);
    let data: Vec<&Value> = matching
        .into_iter()
        .skip(usize::try_from(skip).unwrap_or(usize::MAX))
        .take(usize::try_from(query.per_page).unwrap_or(usize::MAX))
        .collect();
    json!({
        "data": data,
        "pagination": {
            "page": query.page,
            "per_page": query.per_page,
            "total_count": total,
            "total_pages": total.div_ceil(query.per_page),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn defaults_and_last_value_wins() {
        let q = parse_query(&pairs(&[("page", "9"), ("page", "2"), ("email", "a@b.co")])).unwrap();
        assert_eq!(
            q,
            ListQuery {
                page: 2,
                per_page: 25,
                filters: vec![("email", "a@b.co".to_string())]
            }
        );
    }

    #[test]
    fn bad_bounds_name_each_parameter() {
        for (items, expected) in [
            (vec![("page", "0")], vec!["page"]),
            (vec![("page", "-1")], vec!["page"]),
            (vec![("page", "1.5")], vec!["page"]),
            (vec![("per_page", "0")], vec!["per_page"]),
            (vec![("per_page", "101")], vec!["per_page"]),
            (vec![("per_page", "")], vec!["per_page"]),
            (
                vec![("page", "x"), ("per_page", "x")],
                vec!["page", "per_page"],
            ),
        ] {
            let err = parse_query(&pairs(&items)).unwrap_err();
            let fields: Vec<&str> = err.details.iter().map(|d| d.field.as_str()).collect();
            assert_eq!(fields, expected, "{items:?}");
        }
        assert_eq!(
            parse_query(&pairs(&[("per_page", "100")]))
                .unwrap()
                .per_page,
            100
        );
    }

    #[test]
    fn pages_and_filters() {
        let contacts: Vec<Value> = (0..5)
            .map(|i| json!({"id": format!("c{i}"), "sms_consent": if i % 2 == 0 {"subscribed"} else {"pending"}}))
            .collect();
        let ids = |body: &Value| -> Vec<String> {
            body["data"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["id"].as_str().unwrap().to_string())
                .collect()
        };
        let q = |page, per_page, filters| ListQuery {
            page,
            per_page,
            filters,
        };
        let body = list_page(&contacts, &q(2, 2, vec![]));
        assert_eq!(ids(&body), ["c2", "c3"]);
        assert_eq!(
            body["pagination"],
            json!({"page":2,"per_page":2,"total_count":5,"total_pages":3})
        );
        let body = list_page(&contacts, &q(u64::MAX, 100, vec![]));
        assert!(ids(&body).is_empty());
        let body = list_page(
            &contacts,
            &q(1, 25, vec![("sms_consent", "subscribed".into())]),
        );
        assert_eq!(ids(&body), ["c0", "c2", "c4"]);
        assert_eq!(body["pagination"]["total_pages"], 1);
    }
}
