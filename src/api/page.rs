//! `GET /contacts`: the search filter and one page of results.

use crate::contact::Contact;
use serde_json::Value;

/// Query parameters of `GET /contacts`; `None` leaves a parameter out.
#[derive(Default, Clone, Debug, PartialEq, Eq)]
pub struct ListFilter {
    /// Exact match.
    pub email: Option<String>,
    /// Exact match, E.164.
    pub phone_number: Option<String>,
    /// 1-based; the API defaults to 1.
    pub page: Option<u32>,
    /// 1..=100; the API defaults to 25.
    pub per_page: Option<u32>,
}

impl ListFilter {
    /// The query pairs in a stable order.
    pub fn query_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if let Some(email) = &self.email {
            pairs.push(("email", email.clone()));
        }
        if let Some(phone) = &self.phone_number {
            pairs.push(("phone_number", phone.clone()));
        }
        if let Some(page) = self.page {
            pairs.push(("page", page.to_string()));
        }
        if let Some(per_page) = self.per_page {
            pairs.push(("per_page", per_page.to_string()));
        }
        pairs
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct ContactPage {
    pub contacts: Vec<Contact>,
    pub pagination: Pagination,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pagination {
    pub page: u32,
    pub per_page: u32,
    pub total_count: u64,
    pub total_pages: u32,
}

impl Pagination {
    /// Reads the response's `pagination` object. A missing or unreadable
    /// value falls back to what the request and the page itself imply, so a
    /// server that leaves pagination out still yields its contacts.
    pub fn from_value(value: Option<&Value>, filter: &ListFilter, count: usize) -> Pagination {
        let number = |key: &str| value.and_then(|v| v.get(key)).and_then(Value::as_u64);
        let small = |key: &str| number(key).and_then(|n| u32::try_from(n).ok());
        let count = u64::try_from(count).unwrap_or(u64::MAX);
        let page = small("page").or(filter.page).unwrap_or(1);
        let per_page = small("per_page")
            .or(filter.per_page)
            .unwrap_or_else(|| u32::try_from(count).unwrap_or(u32::MAX));
        let total_count = number("total_count").unwrap_or(count);
        Pagination {
            page,
            per_page,
            total_count,
            total_pages: small("total_pages").unwrap_or(page),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn query_pairs_leave_out_unset_parameters() {
        let filter = ListFilter {
            email: Some("a+b@example.com".into()),
            per_page: Some(5),
            ..ListFilter::default()
        };
        assert_eq!(
            filter.query_pairs(),
            vec![
                ("email", "a+b@example.com".to_string()),
                ("per_page", "5".to_string())
            ]
        );
        assert!(ListFilter::default().query_pairs().is_empty());
    }

    #[test]
    fn pagination_read_or_inferred() {
        let sent = json!({"page":2,"per_page":10,"total_count":31,"total_pages":4});
        assert_eq!(
            Pagination::from_value(Some(&sent), &ListFilter::default(), 10),
            Pagination {
                page: 2,
                per_page: 10,
                total_count: 31,
                total_pages: 4
            }
        );
        let filter = ListFilter {
            page: Some(3),
            ..ListFilter::default()
        };
        assert_eq!(
            Pagination::from_value(Some(&json!({"page":"x"})), &filter, 7),
            Pagination {
                page: 3,
                per_page: 7,
                total_count: 7,
                total_pages: 3
            }
        );
    }
}
