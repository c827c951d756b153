//! The HTTP client: one typed method per Everflow operation, on top of one request pipeline that
//! throttles, retries what is safe to retry, and maps every failure to [`Error`].

use std::future::Future;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use futures::{StreamExt, TryStreamExt};
use rand::Rng;
use reqwest::header::{HeaderValue, CONTENT_TYPE};
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use url::Url;

use crate::error::{shorten, Error, Result};
use crate::key::ApiKey;
use crate::paging::{append_filters, append_paging, append_relationships, PageRequest, Paging, QueryFilter};
use crate::ratelimit::{RateBudgets, RateLimiter};
use crate::*;

/// Everflow's API host for accounts hosted in the US.
pub const US_BASE_URL: &str = "https://api.eflow.team/v1";
/// Everflow's API host for accounts hosted in the EU.
pub const EU_BASE_URL: &str = "https://api-eu.eflow.team/v1";
/// The header that carries the key.
pub const API_KEY_HEADER: &str = "X-Eflow-API-Key";

/// Where an account's API lives.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "url", rename_all = "snake_case")]
pub enum Region {
    Us,
    Eu,
    /// Any base URL ending in the API version, e.g. a local simulator `http://127.0.0.1:4000/v1`.
    Custom(String),
}

impl Region {
    pub fn base_url(&self) -> Result<Url> {
        let raw = match self {
            Region::Us => US_BASE_URL,
            Region::Eu => EU_BASE_URL,
            Region::Custom(url) => url.trim(),
        };
        let url = Url::parse(raw).map_err(|err| Error::InvalidConfig {
            message: format!("The server address \"{raw}\" is not a valid URL ({err})."),
        })?;
        let allowed = match url.scheme() {
            "https" => true,
            // Plain http only reaches this computer (the simulator): nothing crosses a network.
            "http" => is_loopback_host(&url),
            _ => false,
        };
        if !allowed || url.cannot_be_a_base() {
            return Err(Error::InvalidConfig { message: format!("The server address \"{raw}\" {HTTPS_RULE}") });
        }
        Ok(url)
    }
}

/// The rule for custom addresses, as the form states it.
pub const HTTPS_RULE: &str =
    "must start with https:// (plain http:// is accepted only for this computer: localhost, 127.x.x.x or [::1]).";

/// Whether the URL's host is this computer: `localhost`, 127.0.0.0/8 or `::1`.
pub fn is_loopback_host(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// Which kind of key a profile holds: network keys call `/networks/*`, partner keys `/partners/*`.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyKind {
    Network,
    Partner,
}

impl KeyKind {
    /// The default rate: 20 requests/s for network keys, 5 for others. Everflow's current text
    /// allows a network 30/s (burst 50), older text 20/s; the lower one fits both, and Settings
    /// can raise it ("Requests per second").
    pub fn default_requests_per_second(self) -> NonZeroU32 {
        match self {
            KeyKind::Network => NonZeroU32::new(20).unwrap_or(NonZeroU32::MIN),
            KeyKind::Partner => NonZeroU32::new(5).unwrap_or(NonZeroU32::MIN),
        }
    }
}

/// How the client talks to Everflow.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    pub region: Region,
    pub key: ApiKey,
    pub kind: KeyKind,
    /// Requests per second; `None` uses the key kind's default.
    pub requests_per_second: Option<NonZeroU32>,
    /// Per-request timeout.
    pub timeout: Duration,
    /// How many times a failed request is retried when retrying is safe.
    pub max_retries: u32,
    /// First backoff delay; doubles on each retry, with jitter, up to `max_backoff`.
    pub initial_backoff: Duration,
    pub max_backoff: Duration,
    /// Requests in flight at once when loading many pages or offers.
    pub concurrency: usize,
    /// How long Everflow may keep refusing once the network's budget is spent (its rate-limit
    /// window, 30 s): after a `429` or `X-RateLimit-Remaining: 0` every request waits this long.
    pub rate_window: Duration,
    /// The network's shared limiter (see [`RateBudgets`]); `None` gives this client its own.
    pub budget: Option<Arc<RateLimiter>>,
}

impl ClientConfig {
    pub fn new(region: Region, key: ApiKey, kind: KeyKind) -> Self {
        ClientConfig {
            region,
            key,
            kind,
            requests_per_second: None,
            timeout: Duration::from_secs(30),
            max_retries: 5,
            initial_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(30),
            concurrency: 8,
            rate_window: Duration::from_secs(30),
            budget: None,
        }
    }

    /// Shares the limiter of this config's network from `budgets` (at the config's rate).
    pub fn sharing(mut self, budgets: &RateBudgets) -> Self {
        let per_second = self.requests_per_second.unwrap_or(self.kind.default_requests_per_second());
        let base = self.region.base_url().map(|url| url.to_string()).unwrap_or_default();
        self.budget = Some(budgets.limiter(&base, self.kind == KeyKind::Partner, per_second));
        self
    }
}

/// Whether a request may be sent again after a failure whose effect is unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Replay {
    /// Reads, PUTs and other requests whose repetition changes nothing.
    Safe,
    /// Creates and bulk applies: only retried when Everflow certainly did not process them
    /// (a `429`, or a connection that was never made).
    OnlyIfNotProcessed,
}

/// Progress of a multi-request load: `done` of `total` units (pages or offers).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub done: u64,
    pub total: u64,
}

/// A callback told about progress; it must be cheap.
pub type ProgressFn<'a> = &'a (dyn Fn(Progress) + Send + Sync);

/// A page of records with the paging the server answered.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub paging: Option<Paging>,
}

/// Counters of what went over the wire, for benchmarks and the fault suite.
#[derive(Debug, Default)]
pub struct Stats {
    pub requests: std::sync::atomic::AtomicU64,
    pub retries: std::sync::atomic::AtomicU64,
    pub rate_limited: std::sync::atomic::AtomicU64,
}

/// A cheap-to-clone Everflow client.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base: Url,
    key: HeaderValue,
    kind: KeyKind,
    limiter: Arc<RateLimiter>,
    config: ClientConfig,
    stats: Stats,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client").field("base", &self.inner.base.as_str()).field("kind", &self.inner.kind).finish()
    }
}

impl Client {
    /// The per-request timeout this client uses.
    pub fn timeout(&self) -> Duration {
        self.inner.config.timeout
    }

    /// How many requests this client keeps in flight at once when it may.
    pub fn concurrency(&self) -> usize {
        self.inner.config.concurrency.max(1)
    }

    pub fn new(config: ClientConfig) -> Result<Self> {
        let base = config.region.base_url()?;
        let mut key = HeaderValue::from_str(config.key.expose_secret()).map_err(|_| Error::InvalidConfig {
            message: "The API key contains characters that cannot be sent.".into(),
        })?;
        key.set_sensitive(true);
        // Proxies come from HTTPS_PROXY / NO_PROXY and the system settings (reqwest's defaults).
        let mut builder = reqwest::Client::builder()
            .timeout(config.timeout)
            .connect_timeout(config.timeout.min(Duration::from_secs(10)))
            .user_agent(concat!("EflowDesk/", env!("CARGO_PKG_VERSION")))
            // The key header would follow a redirect to any host: a redirect is reported instead.
            .redirect(reqwest::redirect::Policy::none());
        if is_loopback_host(&base) {
            // This computer (the demo, a simulator) is never behind a proxy, and a proxy would be
            // handed the key over plain http.
            builder = builder.no_proxy();
        }
        if base.scheme() == "http" {
            // No TLS to check (only this computer may be reached over http): reading the system's
            // certificates took a noticeable part of opening the demo at start-up.
            builder = builder.tls_built_in_root_certs(false);
        }
        let http =
            builder.build().map_err(|err| Error::InvalidConfig { message: format!("Could not set up HTTP: {err}") })?;
        let per_second = config.requests_per_second.unwrap_or(config.kind.default_requests_per_second());
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base,
                key,
                kind: config.kind,
                limiter: config.budget.clone().unwrap_or_else(|| Arc::new(RateLimiter::new(per_second))),
                config,
                stats: Stats::default(),
            }),
        })
    }

    pub fn kind(&self) -> KeyKind {
        self.inner.kind
    }

    pub fn base_url(&self) -> &Url {
        &self.inner.base
    }

    pub fn requests_per_second(&self) -> u32 {
        self.inner.limiter.per_second()
    }

    pub fn stats(&self) -> &Stats {
        &self.inner.stats
    }

    /// How long this network's requests are held back because Everflow is throttling it.
    pub fn throttled_for(&self) -> Option<Duration> {
        self.inner.limiter.paused_for()
    }

    /// "Everflow is throttling this network; continuing in N s", while a pause of more than a
    /// moment holds requests back (for long work to show).
    pub fn throttle_notice(&self) -> Option<String> {
        let left = self.throttled_for().filter(|left| *left >= Duration::from_secs(1))?;
        Some(format!("Everflow is throttling this network; continuing in {} s", left.as_secs_f64().ceil() as u64))
    }

    // -----------------------------------------------------------------------------------------
    // Request pipeline
    // -----------------------------------------------------------------------------------------

    /// The URL of `path` (segments joined with `/`) under the base URL.
    fn url(&self, segments: &[&str]) -> Url {
        let mut url = self.inner.base.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty().extend(segments);
        }
        url
    }

    async fn send<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        method: Method,
        url: Url,
        body: Option<&B>,
        replay: Replay,
    ) -> Result<T> {
        use std::sync::atomic::Ordering::Relaxed;
        let body = match body {
            Some(body) => Some(
                serde_json::to_vec(body)
                    .map_err(|err| Error::InvalidConfig { message: format!("Could not prepare the request: {err}") })?,
            ),
            None => None,
        };
        let config = &self.inner.config;
        let mut attempt = 0u32;
        loop {
            self.inner.limiter.acquire().await;
            self.inner.stats.requests.fetch_add(1, Relaxed);
            let mut request =
                self.inner.http.request(method.clone(), url.clone()).header(API_KEY_HEADER, self.inner.key.clone());
            if let Some(body) = &body {
                request = request.header(CONTENT_TYPE, "application/json").body(body.clone());
            }
            let outcome = self.exchange(request).await;
            let error = match outcome {
                Ok((status, body)) => return decode(status, &body),
                Err(failure) => failure,
            };
            let retry = match &error {
                Failure::RateLimited(_) => true,
                Failure::NotSent(_) => true,
                Failure::Server(_) | Failure::Lost(_) => replay == Replay::Safe,
                Failure::Final(_) => false,
            };
            if let Failure::RateLimited(_) = &error {
                self.inner.stats.rate_limited.fetch_add(1, Relaxed);
            }
            if !retry || attempt >= config.max_retries {
                return Err(error.into_error());
            }
            let delay = if let Failure::RateLimited(_) = &error {
                // Everyone waits, not only this request: the budget is the network's. Everflow may
                // keep refusing until its window resets, so wait until it can have reset.
                self.inner.limiter.pause_for(config.rate_window);
                Duration::ZERO
            } else {
                backoff(config.initial_backoff, config.max_backoff, attempt)
            };
            tracing::debug!(url = %url.path(), attempt, ?delay, "retrying Everflow request");
            self.inner.stats.retries.fetch_add(1, Relaxed);
            attempt += 1;
            tokio::time::sleep(delay).await;
        }
    }

    /// Sends one request and reads the whole answer: `(status, body)` on success.
    async fn exchange(&self, request: reqwest::RequestBuilder) -> std::result::Result<(u16, Vec<u8>), Failure> {
        let response = request.send().await.map_err(Failure::from_transport)?;
        let status = response.status().as_u16();
        let remaining = response
            .headers()
            .get("x-ratelimit-remaining")
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.trim().parse::<u64>().ok());
        self.inner.limiter.observe_remaining(remaining, self.inner.config.rate_window);
        if response.status().is_redirection() {
            let location = redirect_target(response.url(), response.headers());
            return Err(Failure::Final(Error::Redirected { status, location }));
        }
        let body = response.bytes().await.map_err(Failure::from_body)?;
        if (200..300).contains(&status) {
            return Ok((status, body.to_vec()));
        }
        let error = Error::from_response(status, &String::from_utf8_lossy(&body));
        Err(match status {
            429 => Failure::RateLimited(error),
            500..=599 => Failure::Server(error),
            _ => Failure::Final(error),
        })
    }

    async fn get<T: DeserializeOwned>(&self, url: Url) -> Result<T> {
        self.send::<(), T>(Method::GET, url, None, Replay::Safe).await
    }

    /// Runs `fetch` over every page: page 1 first to learn the total, then the rest with bounded
    /// concurrency, in order. Stops by the documented rule (`page * page_size >= total_count`), or,
    /// when the server sends no paging, at the first page shorter than asked.
    pub async fn collect_pages<T, F, Fut>(
        &self,
        page_size: u32,
        progress: Option<ProgressFn<'_>>,
        fetch: F,
    ) -> Result<Vec<T>>
    where
        F: Fn(PageRequest) -> Fut,
        Fut: Future<Output = Result<Page<T>>>,
    {
        let first = PageRequest::first(page_size);
        let page = fetch(first).await?;
        let mut items = page.items;
        let report = |done: u64, total: u64| {
            if let Some(progress) = progress {
                progress(Progress { done, total });
            }
        };
        match page.paging {
            Some(paging) => {
                let size = if paging.page_size > 0 { paging.page_size } else { first.page_size };
                let paging = Paging { page: 1, page_size: size, total_count: paging.total_count };
                let pages = paging.page_count();
                report(1, u64::from(pages));
                if paging.is_last_page() {
                    return Ok(items);
                }
                // The server's count sizes nothing: a wrong one must not exhaust memory. An empty
                // page before the announced end means the records ran out (or the count was wrong).
                let mut done = 1u64;
                let mut rest = futures::stream::iter(2..=pages)
                    .map(|number| fetch(PageRequest::new(number, size)))
                    .buffered(self.inner.config.concurrency.max(1));
                while let Some(page) = rest.try_next().await? {
                    done += 1;
                    if page.items.is_empty() {
                        report(done, done);
                        break;
                    }
                    items.extend(page.items);
                    report(done, u64::from(pages));
                }
                Ok(items)
            }
            None => {
                let mut number = 1;
                let mut last_len = items.len();
                while last_len >= first.page_size as usize {
                    number += 1;
                    report(u64::from(number - 1), 0);
                    let page = fetch(PageRequest::new(number, first.page_size)).await?;
                    last_len = page.items.len();
                    items.extend(page.items);
                }
                Ok(items)
            }
        }
    }

    // -----------------------------------------------------------------------------------------
    // Affiliates
    // -----------------------------------------------------------------------------------------

    /// `POST /networks/affiliatestable`: one page of affiliates matching search terms and filters.
    pub async fn affiliates_table(
        &self,
        request: &AffiliatesTableRequest,
        page: PageRequest,
        relationships: &[AffiliateTableRelationship],
    ) -> Result<AffiliatesTable> {
        let mut url = self.url(&["networks", "affiliatestable"]);
        append_paging(&mut url, page);
        append_relationships(&mut url, relationships);
        self.send(Method::POST, url, Some(request), Replay::Safe).await
    }

    /// Every affiliate matching the request, all pages.
    pub async fn affiliates_table_all(
        &self,
        request: &AffiliatesTableRequest,
        page_size: u32,
        relationships: &[AffiliateTableRelationship],
        progress: Option<ProgressFn<'_>>,
    ) -> Result<Vec<AffiliateRow>> {
        self.collect_pages(page_size, progress, |page| async move {
            let table = self.affiliates_table(request, page, relationships).await?;
            Ok(Page { items: table.affiliates, paging: table.paging })
        })
        .await
    }

    /// `GET /networks/affiliates/:id` with the given relationships.
    pub async fn affiliate(&self, affiliate_id: i64, relationships: &[AffiliateRelationshipKind]) -> Result<Affiliate> {
        let mut url = self.url(&["networks", "affiliates", &affiliate_id.to_string()]);
        append_relationships(&mut url, relationships);
        self.get(url).await
    }

    /// `POST /networks/affiliates`. `notification` decides the welcome email (Everflow's default: sent).
    pub async fn create_affiliate(&self, affiliate: &AffiliateInput, notification: Option<bool>) -> Result<Affiliate> {
        let mut url = self.url(&["networks", "affiliates"]);
        if let Some(notification) = notification {
            url.query_pairs_mut().append_pair("notification", if notification { "true" } else { "false" });
        }
        self.send(Method::POST, url, Some(affiliate), Replay::OnlyIfNotProcessed).await
    }

    /// `PUT /networks/affiliates/:id`: replaces the whole record (see [`Affiliate::to_update`]).
    pub async fn update_affiliate(&self, affiliate_id: i64, affiliate: &AffiliateInput) -> Result<Affiliate> {
        let url = self.url(&["networks", "affiliates", &affiliate_id.to_string()]);
        self.send(Method::PUT, url, Some(affiliate), Replay::Safe).await
    }

    /// `PATCH /networks/patch/affiliates/apply`: applies a bulk edit for good.
    pub async fn apply_affiliate_patch(&self, patch: &AffiliatePatch) -> Result<PatchResult> {
        let url = self.url(&["networks", "patch", "affiliates", "apply"]);
        self.send(Method::PATCH, url, Some(patch), Replay::OnlyIfNotProcessed).await
    }

    /// `POST /networks/patch/affiliates/submit`: what a bulk edit would do, changing nothing.
    pub async fn preview_affiliate_patch(&self, patch: &AffiliatePatch) -> Result<PatchPreview> {
        let url = self.url(&["networks", "patch", "affiliates", "submit"]);
        self.send(Method::POST, url, Some(patch), Replay::Safe).await
    }

    // -----------------------------------------------------------------------------------------
    // Offer URLs
    // -----------------------------------------------------------------------------------------

    /// `GET /networks/offerurls` with `filter=` parameters (e.g. `network_offer_id=6`), one page.
    pub async fn offer_urls(&self, filters: &[QueryFilter], page: PageRequest) -> Result<OfferUrlList> {
        let mut url = self.url(&["networks", "offerurls"]);
        append_filters(&mut url, filters);
        append_paging(&mut url, page);
        self.get(url).await
    }

    /// Every offer URL matching the filters, all pages.
    pub async fn offer_urls_all(
        &self,
        filters: &[QueryFilter],
        progress: Option<ProgressFn<'_>>,
    ) -> Result<Vec<OfferUrl>> {
        self.collect_pages(crate::paging::MAX_PAGE_SIZE, progress, |page| async move {
            let list = self.offer_urls(filters, page).await?;
            Ok(Page { items: list.urls, paging: list.paging })
        })
        .await
    }

    /// `GET /networks/offerurls/:id`.
    pub async fn offer_url(&self, offer_url_id: i64) -> Result<OfferUrl> {
        self.get(self.url(&["networks", "offerurls", &offer_url_id.to_string()])).await
    }

    /// `POST /networks/offerurls`.
    pub async fn create_offer_url(&self, offer_url: &OfferUrlInput) -> Result<OfferUrl> {
        let url = self.url(&["networks", "offerurls"]);
        self.send(Method::POST, url, Some(offer_url), Replay::OnlyIfNotProcessed).await
    }

    /// `POST /networks/offerurls/bulk`: creates all in one request.
    pub async fn create_offer_urls(&self, offer_urls: &[OfferUrlInput]) -> Result<Vec<OfferUrl>> {
        let url = self.url(&["networks", "offerurls", "bulk"]);
        let list: OfferUrlList = self.send(Method::POST, url, Some(offer_urls), Replay::OnlyIfNotProcessed).await?;
        Ok(list.urls)
    }

    /// `PUT /networks/offerurls/:id`: replaces the whole record (see [`OfferUrl::to_update`]).
    pub async fn update_offer_url(&self, offer_url_id: i64, offer_url: &OfferUrlInput) -> Result<OfferUrl> {
        let url = self.url(&["networks", "offerurls", &offer_url_id.to_string()]);
        self.send(Method::PUT, url, Some(offer_url), Replay::Safe).await
    }

    /// `PATCH /networks/patch/offerurls/apply`: bulk update of one offer's URLs.
    pub async fn apply_offer_url_patch(&self, patch: &OfferUrlPatch) -> Result<PatchResult> {
        let url = self.url(&["networks", "patch", "offerurls", "apply"]);
        self.send(Method::PATCH, url, Some(patch), Replay::OnlyIfNotProcessed).await
    }

    // -----------------------------------------------------------------------------------------
    // Visibility
    // -----------------------------------------------------------------------------------------

    /// `GET /networks/offers/:offerId/visibility`.
    pub async fn offer_visibility(&self, offer_id: i64) -> Result<OfferVisibility> {
        self.get(self.url(&["networks", "offers", &offer_id.to_string(), "visibility"])).await
    }

    /// The visibility of many offers, with bounded concurrency inside the rate limit, in input order.
    pub async fn offers_visibility(
        &self,
        offer_ids: &[i64],
        progress: Option<ProgressFn<'_>>,
    ) -> Result<Vec<OfferVisibility>> {
        let total = offer_ids.len() as u64;
        let mut done = 0u64;
        let mut results = Vec::with_capacity(offer_ids.len());
        let mut stream = futures::stream::iter(offer_ids.iter().copied())
            .map(|offer_id| self.offer_visibility(offer_id))
            .buffered(self.inner.config.concurrency.max(1));
        while let Some(visibility) = stream.try_next().await? {
            results.push(visibility);
            done += 1;
            if let Some(progress) = progress {
                progress(Progress { done, total });
            }
        }
        Ok(results)
    }

    /// `PUT /networks/offers/:offerId/visibility`: overwrites the offer's whole visibility; every
    /// affiliate not named returns to the offer's default.
    pub async fn update_offer_visibility(&self, offer_id: i64, update: &VisibilityUpdate) -> Result<serde_json::Value> {
        let url = self.url(&["networks", "offers", &offer_id.to_string(), "visibility"]);
        self.send(Method::PUT, url, Some(update), Replay::Safe).await
    }

    /// `PATCH /networks/affiliates/:affiliateId/offers/visibility`: sets one affiliate's visibility on
    /// the named offers only. Setting a visibility twice is harmless, so it is retried like a PUT.
    pub async fn patch_affiliate_visibility(
        &self,
        affiliate_id: i64,
        patch: &AffiliateVisibilityPatch,
    ) -> Result<serde_json::Value> {
        let url = self.url(&["networks", "affiliates", &affiliate_id.to_string(), "offers", "visibility"]);
        self.send(Method::PATCH, url, Some(patch), Replay::Safe).await
    }

    // -----------------------------------------------------------------------------------------
    // Partner connections
    // -----------------------------------------------------------------------------------------

    /// `POST /partners/connections/table` (partner keys).
    pub async fn connections(&self, request: &ConnectionsTableRequest, page: PageRequest) -> Result<ConnectionsTable> {
        let mut url = self.url(&["partners", "connections", "table"]);
        append_paging(&mut url, page);
        self.send(Method::POST, url, Some(request), Replay::Safe).await
    }

    // -----------------------------------------------------------------------------------------
    // Look-ups
    // -----------------------------------------------------------------------------------------

    pub async fn currencies(&self) -> Result<Vec<Currency>> {
        Ok(self.get::<Currencies>(self.url(&["meta", "currencies"])).await?.currencies)
    }

    pub async fn countries(&self) -> Result<Vec<Country>> {
        Ok(self.get::<Countries>(self.url(&["meta", "countries"])).await?.countries)
    }

    pub async fn regions(&self) -> Result<Vec<GeoRegion>> {
        Ok(self.get::<GeoRegions>(self.url(&["meta", "regions"])).await?.regions)
    }

    pub async fn timezones(&self) -> Result<Vec<Timezone>> {
        Ok(self.get::<Timezones>(self.url(&["meta", "timezones"])).await?.timezones)
    }

    pub async fn employees(&self) -> Result<Vec<Employee>> {
        Ok(self.get::<Employees>(self.url(&["networks", "employees"])).await?.employees)
    }

    pub async fn affiliate_tiers(&self) -> Result<Vec<AffiliateTier>> {
        Ok(self.get::<AffiliateTiers>(self.url(&["networks", "affiliatetiers"])).await?.tiers)
    }

    pub async fn traffic_sources(&self) -> Result<Vec<TrafficSource>> {
        Ok(self.get::<TrafficSources>(self.url(&["networks", "trafficsource"])).await?.traffic_sources)
    }

    /// `POST /networks/offerstable`: one page of offers with their visibility type.
    pub async fn offers_table(&self, request: &OffersTableRequest, page: PageRequest) -> Result<OffersTable> {
        let mut url = self.url(&["networks", "offerstable"]);
        append_paging(&mut url, page);
        self.send(Method::POST, url, Some(request), Replay::Safe).await
    }

    /// Every offer matching the request, all pages.
    pub async fn offers_table_all(
        &self,
        request: &OffersTableRequest,
        page_size: u32,
        progress: Option<ProgressFn<'_>>,
    ) -> Result<Vec<OfferRow>> {
        self.collect_pages(page_size, progress, |page| async move {
            let table = self.offers_table(request, page).await?;
            Ok(Page { items: table.offers, paging: table.paging })
        })
        .await
    }
}

/// Reads a successful answer's body as `T`, as every call does: anything that does not fit is
/// [`Error::Decode`] with serde's message and the start of the body. Public for the robustness tests.
#[doc(hidden)]
pub fn decode<T: DeserializeOwned>(status: u16, body: &[u8]) -> Result<T> {
    serde_json::from_slice::<T>(body).map_err(|err| Error::Decode {
        status,
        message: err.to_string(),
        body: shorten(&String::from_utf8_lossy(body), 300),
    })
}

/// Where a redirect points, as an absolute address without its query (for the error message).
fn redirect_target(request_url: &Url, headers: &reqwest::header::HeaderMap) -> String {
    let Some(location) = headers.get(reqwest::header::LOCATION) else {
        return "an address it did not give".to_owned();
    };
    let text = String::from_utf8_lossy(location.as_bytes());
    match request_url.join(text.trim()) {
        Ok(mut target) => {
            target.set_query(None);
            target.set_fragment(None);
            shorten(target.as_str(), 300)
        }
        Err(_) => shorten(text.trim(), 300),
    }
}

/// Why one attempt failed, and so whether it may be retried.
enum Failure {
    /// `429`: refused before being processed.
    RateLimited(Error),
    /// The connection was never made: nothing reached Everflow.
    NotSent(Error),
    /// `5xx`: Everflow may or may not have processed the request.
    Server(Error),
    /// Timeout or broken connection after sending: the outcome is unknown.
    Lost(Error),
    /// Any other answer: retrying would get the same.
    Final(Error),
}

impl Failure {
    fn from_transport(err: reqwest::Error) -> Failure {
        if err.is_connect() {
            Failure::NotSent(Error::Network { message: describe_transport(&err) })
        } else if err.is_timeout() {
            Failure::Lost(Error::Timeout { message: describe_transport(&err) })
        } else {
            Failure::Lost(Error::Network { message: describe_transport(&err) })
        }
    }

    fn from_body(err: reqwest::Error) -> Failure {
        if err.is_timeout() {
            Failure::Lost(Error::Timeout { message: describe_transport(&err) })
        } else {
            Failure::Lost(Error::Network { message: describe_transport(&err) })
        }
    }

    fn into_error(self) -> Error {
        match self {
            Failure::RateLimited(error)
            | Failure::NotSent(error)
            | Failure::Server(error)
            | Failure::Lost(error)
            | Failure::Final(error) => error,
        }
    }
}

/// A transport error with its causes, without the URL's query (which may hold search terms).
fn describe_transport(err: &reqwest::Error) -> String {
    let mut text = err.to_string();
    if let Some(url) = err.url() {
        text = text.replace(url.as_str(), url.path());
    }
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// Exponential backoff with jitter: `initial * 2^attempt`, capped, then a random 50-100% of it.
fn backoff(initial: Duration, max: Duration, attempt: u32) -> Duration {
    let exponential = initial.saturating_mul(2u32.saturating_pow(attempt.min(16))).min(max);
    let factor = rand::rng().random_range(0.5..=1.0);
    exponential.mul_f64(factor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        let initial = Duration::from_millis(100);
        let max = Duration::from_secs(1);
        for attempt in 0..10 {
            let delay = backoff(initial, max, attempt);
            let ceiling = initial.saturating_mul(2u32.pow(attempt)).min(max);
            assert!(delay <= ceiling && delay >= ceiling / 2, "attempt {attempt}: {delay:?}");
        }
    }

    #[test]
    fn urls_join_under_the_base() {
        let key = ApiKey::new("k").unwrap();
        let client =
            Client::new(ClientConfig::new(Region::Custom("http://127.0.0.1:9/v1/".into()), key, KeyKind::Network))
                .unwrap();
        assert_eq!(
            client.url(&["networks", "affiliates", "7"]).as_str(),
            "http://127.0.0.1:9/v1/networks/affiliates/7"
        );
        assert_eq!(Region::Eu.base_url().unwrap().as_str(), EU_BASE_URL);
        assert!(Region::Custom("ftp://x".into()).base_url().is_err());
        // Plain http only to this computer.
        for refused in ["http://example.com/v1", "http://10.0.0.1/v1", "http://127.0.0.1.example.com/v1"] {
            let error = Region::Custom(refused.into()).base_url().unwrap_err();
            assert!(error.to_string().contains("must start with https://"), "{refused}: {error}");
        }
        for accepted in
            ["http://127.0.0.1:4000/v1", "http://127.1.2.3/v1", "http://localhost:8080/v1", "http://[::1]:4000/v1"]
        {
            assert!(Region::Custom(accepted.into()).base_url().is_ok(), "{accepted}");
        }
        assert!(Region::Custom("https://api.example.com/v1".into()).base_url().is_ok());
        assert!(Region::Custom("not a url".into()).base_url().is_err());
    }
}
