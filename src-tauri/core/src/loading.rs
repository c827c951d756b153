//! Loading every page of a table as a job the user can stop.

use everflow::{AffiliateRow, AffiliateTableRelationship, AffiliatesTableRequest, Client, Progress};
use tokio_util::sync::CancellationToken;

use crate::error::{CoreError, CoreResult};

/// What a stopped load says.
pub const LOAD_CANCELLED: &str = "Stopped. Nothing was changed.";

/// Every affiliate matching the request (pages of 2000, the most Everflow allows, so the fewest
/// requests), reporting progress per page. Stopping drops the requests in flight (they only read).
pub async fn load_all_affiliates(
    client: &Client,
    request: &AffiliatesTableRequest,
    relationships: &[AffiliateTableRelationship],
    cancel: &CancellationToken,
    progress: &(dyn Fn(Progress) + Send + Sync),
) -> CoreResult<Vec<AffiliateRow>> {
    let load = client.affiliates_table_all(request, everflow::MAX_PAGE_SIZE, relationships, Some(progress));
    tokio::select! {
        biased;
        () = cancel.cancelled() => Err(CoreError::Cancelled { message: LOAD_CANCELLED.into() }),
        rows = load => rows.map_err(CoreError::reading(everflow::Area::Affiliates)),
    }
}
