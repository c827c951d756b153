//! The visibility matrix: affiliates × offers, each cell the affiliate's effective visibility on
//! the offer (explicit when Everflow lists it, else the offer type's default). Held compactly: per
//! offer the explicit lists Everflow returns, so 10,000 × 500 costs what the explicit entries
//! cost, not 5 million cells. The UI draws cells from the same lists.

use std::collections::HashMap;
use std::hash::BuildHasher;

use rustc_hash::{FxHashMap, FxHashSet};

use everflow::{
    AffiliatesTableRequest, Client, OfferRow, OfferVisibility, OfferVisibilityType, OffersTableRequest, SetType,
    Visibility,
};
use serde::{Deserialize, Serialize};
use tokio_util::sync::CancellationToken;

use crate::error::{CoreError, CoreResult};

/// One cell's wanted visibility.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CellEdit {
    pub offer_id: i64,
    pub affiliate_id: i64,
    pub target: everflow::SetType,
}

/// What to load: affiliates by the affiliate table's filters (or exactly these ids, handed over
/// from a selection), offers by name, status and visibility type.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MatrixRequest {
    pub affiliates: AffiliatesTableRequest,
    /// When set, only these affiliates (of those matching `affiliates`).
    pub affiliate_ids: Option<Vec<i64>>,
    pub offers: OffersTableRequest,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MatrixAffiliate {
    pub id: i64,
    pub name: String,
    /// "active", "inactive", …
    pub status: String,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MatrixOffer {
    pub id: i64,
    pub name: String,
    /// "public", "require_approval", "private".
    pub visibility_type: String,
    /// What an affiliate with nothing explicit has.
    pub default: Visibility,
}

impl MatrixOffer {
    pub fn from_row(row: &OfferRow) -> MatrixOffer {
        let kind = row.visibility.clone().unwrap_or(OfferVisibilityType::Private);
        MatrixOffer {
            id: row.network_offer_id,
            name: row.name.clone(),
            visibility_type: kind.to_string(),
            default: kind.default_visibility(),
        }
    }
}

/// A loaded matrix. `visibility[i]` belongs to `offers[i]`.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VisibilityMatrix {
    pub matrix_id: String,
    /// Unix seconds.
    pub loaded_at: i64,
    pub affiliates: Vec<MatrixAffiliate>,
    pub offers: Vec<MatrixOffer>,
    pub visibility: Vec<OfferVisibility>,
}

/// What a cell holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell {
    pub visibility: Visibility,
    pub explicit: bool,
}

/// A cell whose target differs from what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellChange {
    pub offer_id: i64,
    pub affiliate_id: i64,
    pub before: Cell,
    pub target: SetType,
}

/// A loading step, for the progress bar.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MatrixProgress {
    /// "affiliates", "offers" or "visibility".
    pub step: String,
    pub done: u64,
    pub total: u64,
}

/// The explicit state of one offer, by affiliate.
pub fn explicit_map(visibility: &OfferVisibility) -> HashMap<i64, Visibility> {
    explicit_map_with(visibility)
}

fn explicit_map_with<S: BuildHasher + Default>(visibility: &OfferVisibility) -> HashMap<i64, Visibility, S> {
    let mut map = HashMap::with_hasher(S::default());
    for id in &visibility.network_affiliate_rejected_ids {
        map.insert(*id, Visibility::Rejected);
    }
    for id in &visibility.network_affiliate_hidden_ids {
        map.insert(*id, Visibility::Hidden);
    }
    for id in &visibility.network_affiliate_visible_ids {
        map.insert(*id, Visibility::Visible);
    }
    map
}

/// The cell of an affiliate on an offer, given the offer's explicit map.
pub fn cell<S: BuildHasher>(explicit: &HashMap<i64, Visibility, S>, default: Visibility, affiliate_id: i64) -> Cell {
    match explicit.get(&affiliate_id) {
        Some(visibility) => Cell { visibility: *visibility, explicit: true },
        None => Cell { visibility: default, explicit: false },
    }
}

/// Whether a cell already shows the target (hidden and rejected both count as hidden: neither
/// can see the offer, and the API cannot set rejected).
pub fn satisfies(cell: Cell, target: &SetType) -> bool {
    match target {
        SetType::Visible => cell.visibility == Visibility::Visible,
        _ => cell.visibility != Visibility::Visible,
    }
}

impl VisibilityMatrix {
    /// The pending diff: the edits whose target differs from the cell, in edit order (the last
    /// edit of a cell wins). Edits of offers not in the matrix are dropped.
    pub fn diff(&self, edits: &[CellEdit]) -> Vec<CellChange> {
        // Ids are the app's own keys, not chosen by an attacker: a fast hash that does not resist
        // flooding is fine here.
        let offers: FxHashMap<i64, usize> = self.offers.iter().enumerate().map(|(i, o)| (o.id, i)).collect();
        let rows: FxHashMap<i64, usize> = self.affiliates.iter().enumerate().map(|(i, a)| (a.id, i)).collect();
        // Each offer's explicit map, built the first time one of its cells is edited.
        let mut maps: Vec<Option<FxHashMap<i64, Visibility>>> = vec![None; self.offers.len()];
        // Walk from the last edit back, so the first time a cell is seen is its last edit. Cells
        // seen are a bit per affiliate row of each edited offer: at a million edits a set of
        // pairs was most of the time.
        let mut seen = SeenCells::new(self.offers.len(), self.affiliates.len());
        let mut changes = Vec::new();
        for edit in edits.iter().rev() {
            let Some(&index) = offers.get(&edit.offer_id) else { continue };
            if !seen.first_time(index, rows.get(&edit.affiliate_id).copied(), edit.affiliate_id) {
                continue;
            }
            let map = maps[index].get_or_insert_with(|| explicit_map_with(&self.visibility[index]));
            let before = cell(map, self.offers[index].default, edit.affiliate_id);
            if !satisfies(before, &edit.target) {
                changes.push(CellChange {
                    offer_id: edit.offer_id,
                    affiliate_id: edit.affiliate_id,
                    before,
                    target: edit.target.clone(),
                });
            }
        }
        changes.reverse();
        changes
    }

    /// Replaces offers' visibility with fresh copies (after an apply).
    pub fn refresh(&mut self, fresh: Vec<OfferVisibility>) {
        for visibility in fresh {
            if let Some(index) = self.offers.iter().position(|o| o.id == visibility.network_offer_id) {
                self.visibility[index] = visibility;
            }
        }
    }
}

/// Loads affiliates, offers and every offer's visibility (bounded concurrency inside the rate
/// limit), reporting each step. Stopping drops the requests in flight (they only read).
/// Which cells a diff has met: a bit per row of each offer, and a set for affiliates that are
/// not rows of the matrix.
struct SeenCells {
    rows: usize,
    bits: Vec<Option<Vec<u64>>>,
    others: FxHashSet<(usize, i64)>,
}

impl SeenCells {
    fn new(offers: usize, rows: usize) -> Self {
        SeenCells { rows, bits: vec![None; offers], others: FxHashSet::default() }
    }

    /// Whether the cell of `offer` (an index) and the affiliate (its row, if it is one) is met
    /// for the first time.
    fn first_time(&mut self, offer: usize, row: Option<usize>, affiliate_id: i64) -> bool {
        let Some(row) = row else { return self.others.insert((offer, affiliate_id)) };
        let bits = self.bits[offer].get_or_insert_with(|| vec![0; self.rows.div_ceil(64)]);
        let (word, bit) = (row / 64, 1u64 << (row % 64));
        let first = bits[word] & bit == 0;
        bits[word] |= bit;
        first
    }
}

pub async fn load_matrix(
    client: &Client,
    request: &MatrixRequest,
    cancel: &CancellationToken,
    progress: &(dyn Fn(MatrixProgress) + Send + Sync),
) -> CoreResult<VisibilityMatrix> {
    let step = |name: &'static str| {
        move |p: everflow::Progress| progress(MatrixProgress { step: name.into(), done: p.done, total: p.total })
    };
    let load = async {
        let on_affiliates = step("affiliates");
        let rows = client
            .affiliates_table_all(&request.affiliates, everflow::MAX_PAGE_SIZE, &[], Some(&on_affiliates))
            .await
            .map_err(CoreError::reading(everflow::Area::Affiliates))?;
        let mut affiliates: Vec<MatrixAffiliate> = rows
            .iter()
            .map(|row| MatrixAffiliate {
                id: row.network_affiliate_id,
                name: row.name.clone(),
                status: row.account_status.as_ref().map(ToString::to_string).unwrap_or_default(),
            })
            .collect();
        if let Some(ids) = &request.affiliate_ids {
            let wanted: std::collections::HashSet<i64> = ids.iter().copied().collect();
            affiliates.retain(|a| wanted.contains(&a.id));
        }
        let on_offers = step("offers");
        let offer_rows = client
            .offers_table_all(&request.offers, everflow::MAX_PAGE_SIZE, Some(&on_offers))
            .await
            .map_err(CoreError::reading(everflow::Area::Offers))?;
        let offers: Vec<MatrixOffer> = offer_rows.iter().map(MatrixOffer::from_row).collect();
        let ids: Vec<i64> = offers.iter().map(|o| o.id).collect();
        let on_visibility = step("visibility");
        let visibility = client
            .offers_visibility(&ids, Some(&on_visibility))
            .await
            .map_err(CoreError::reading(everflow::Area::Visibility))?;
        Ok::<_, CoreError>(VisibilityMatrix {
            matrix_id: uuid::Uuid::new_v4().to_string(),
            loaded_at: crate::plan::model::now(),
            affiliates,
            offers,
            visibility,
        })
    };
    tokio::select! {
        biased;
        () = cancel.cancelled() => Err(CoreError::Cancelled { message: crate::loading::LOAD_CANCELLED.into() }),
        matrix = load => matrix,
    }
}
