//! Paging and the query-string parts shared by list endpoints: `page`, `page_size`, repeated
//! `filter=` and `relationship=` parameters.

use serde::{Deserialize, Serialize};

/// The largest page size Everflow accepts on list endpoints.
pub const MAX_PAGE_SIZE: u32 = 2000;
/// Everflow's documented default page size (always sent explicitly, since docs disagree).
pub const DEFAULT_PAGE_SIZE: u32 = 50;

/// Which page to ask for. Pages start at 1.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageRequest {
    pub page: u32,
    pub page_size: u32,
}

impl PageRequest {
    /// A page request with the page clamped to at least 1 and the size to 1..=2000.
    pub fn new(page: u32, page_size: u32) -> Self {
        PageRequest { page: page.max(1), page_size: page_size.clamp(1, MAX_PAGE_SIZE) }
    }

    pub fn first(page_size: u32) -> Self {
        PageRequest::new(1, page_size)
    }
}

impl Default for PageRequest {
    fn default() -> Self {
        PageRequest::new(1, DEFAULT_PAGE_SIZE)
    }
}

/// The `paging` object list responses carry.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Paging {
    #[serde(default)]
    pub page: u32,
    #[serde(default)]
    pub page_size: u32,
    #[serde(default)]
    pub total_count: u64,
}

impl Paging {
    /// The documented stopping rule: the last page is reached when `page * page_size >= total_count`.
    pub fn is_last_page(&self) -> bool {
        self.page_size == 0 || u64::from(self.page) * u64::from(self.page_size) >= self.total_count
    }

    /// How many pages hold `total_count` records at this page size.
    pub fn page_count(&self) -> u32 {
        if self.page_size == 0 {
            return 1;
        }
        let pages = self.total_count.div_ceil(u64::from(self.page_size));
        u32::try_from(pages.max(1)).unwrap_or(u32::MAX)
    }
}

/// Comparison used by a GET list filter (`filter=<field><op><value>`).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FilterOp {
    #[serde(rename = "=")]
    Eq,
    #[serde(rename = ">")]
    Gt,
    #[serde(rename = "<")]
    Lt,
}

impl FilterOp {
    pub fn symbol(self) -> char {
        match self {
            FilterOp::Eq => '=',
            FilterOp::Gt => '>',
            FilterOp::Lt => '<',
        }
    }
}

/// One `filter=` query parameter of a GET list endpoint, e.g. `network_offer_id=6`.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueryFilter {
    pub field: String,
    pub op: FilterOp,
    pub value: String,
}

impl QueryFilter {
    pub fn eq(field: impl Into<String>, value: impl ToString) -> Self {
        QueryFilter { field: field.into(), op: FilterOp::Eq, value: value.to_string() }
    }
    pub fn gt(field: impl Into<String>, value: impl ToString) -> Self {
        QueryFilter { field: field.into(), op: FilterOp::Gt, value: value.to_string() }
    }
    pub fn lt(field: impl Into<String>, value: impl ToString) -> Self {
        QueryFilter { field: field.into(), op: FilterOp::Lt, value: value.to_string() }
    }

    /// The parameter's value before URL encoding, e.g. `network_offer_id=6`.
    pub fn to_param(&self) -> String {
        format!("{}{}{}", self.field, self.op.symbol(), self.value)
    }

    /// Parses `field<op>value`, splitting at the first operator character.
    pub fn parse(param: &str) -> Option<Self> {
        let at = param.find(['=', '>', '<'])?;
        let op = match param.as_bytes()[at] {
            b'=' => FilterOp::Eq,
            b'>' => FilterOp::Gt,
            _ => FilterOp::Lt,
        };
        let field = param[..at].trim();
        if field.is_empty() {
            return None;
        }
        Some(QueryFilter { field: field.to_owned(), op, value: param[at + 1..].to_owned() })
    }
}

/// Appends `page` and `page_size` to a URL's query.
/// Appends `page` and `page_size`, clamped as [`PageRequest::new`] does (a request typed in the UI
/// may ask for more than the 2000 Everflow accepts).
pub(crate) fn append_paging(url: &mut url::Url, page: PageRequest) {
    let page = PageRequest::new(page.page, page.page_size);
    url.query_pairs_mut()
        .append_pair("page", &page.page.to_string())
        .append_pair("page_size", &page.page_size.to_string());
}

/// Appends one `relationship=` parameter per relationship, in order.
pub(crate) fn append_relationships<R: AsRef<str>>(url: &mut url::Url, relationships: &[R]) {
    if relationships.is_empty() {
        return;
    }
    let mut pairs = url.query_pairs_mut();
    for relationship in relationships {
        pairs.append_pair("relationship", relationship.as_ref());
    }
}

/// Appends one `filter=` parameter per filter; `=`, `>` and `<` are percent-encoded.
pub(crate) fn append_filters(url: &mut url::Url, filters: &[QueryFilter]) {
    if filters.is_empty() {
        return;
    }
    let mut pairs = url.query_pairs_mut();
    for filter in filters {
        pairs.append_pair("filter", &filter.to_param());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stopping_rule() {
        let paging = Paging { page: 2, page_size: 50, total_count: 100 };
        assert!(paging.is_last_page());
        let paging = Paging { page: 2, page_size: 50, total_count: 101 };
        assert!(!paging.is_last_page());
        assert_eq!(paging.page_count(), 3);
        assert_eq!(Paging { page: 1, page_size: 50, total_count: 0 }.page_count(), 1);
    }

    #[test]
    fn filters_and_relationships_repeat_and_encode() {
        let mut url = url::Url::parse("https://api.eflow.team/v1/networks/offerurls").unwrap();
        append_filters(&mut url, &[QueryFilter::eq("network_offer_id", 6), QueryFilter::gt("time_saved", 1614284258)]);
        append_relationships(&mut url, &["users", "signup"]);
        append_paging(&mut url, PageRequest::new(2, 5000));
        assert_eq!(
            url.query(),
            Some(
                "filter=network_offer_id%3D6&filter=time_saved%3E1614284258\
                 &relationship=users&relationship=signup&page=2&page_size=2000"
            )
        );
    }

    #[test]
    fn filter_parse_round_trips() {
        let filter = QueryFilter::parse("url_status=paused").unwrap();
        assert_eq!(filter, QueryFilter::eq("url_status", "paused"));
        assert_eq!(QueryFilter::parse("time_created<5").unwrap().op, FilterOp::Lt);
        assert!(QueryFilter::parse("=5").is_none());
        assert!(QueryFilter::parse("nofilter").is_none());
    }
}
