//! Visibility changes from the matrix. Two ways to send them:
//! - the per-affiliate PATCH touches only the offers it names (one request per affiliate and
//!   target);
//! - the per-offer PUT replaces the offer's whole visibility: everyone it omits returns to the
//!   default, and it cannot express `rejected`. It is only used for an offer when the PUT computed
//!   from the state the plan is based on leaves every other affiliate exactly as it is, and only
//!   when it saves requests.
//!
//! Before apply, every touched offer is fetched again and the apply stops if what the plan relies
//! on changed (the whole offer for a PUT, the edited cells for a PATCH).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use everflow::{AffiliateVisibilityPatch, Client, OfferVisibility, SetType, Visibility, VisibilityUpdate};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::error::{CoreError, CoreResult};
use crate::plan::kind::{WentOut, WriteKind};
use crate::plan::model::{
    now, plural, ApplyReport, BatchStatus, Drift, Mismatch, Plan, PlanKind, PlanRow, PlanSummary, Planned, Verification,
};
use crate::plan::request::{Call, Request};
use crate::visibility_matrix::{
    cell, explicit_map, satisfies, Cell, CellChange, CellEdit, MatrixOffer, VisibilityMatrix,
};

/// Visibility cells changed from the matrix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VisibilityChange {
    pub strategy: VisibilityStrategy,
    /// The requests, in order.
    pub calls: Vec<VisibilityCall>,
    /// The cells as changed.
    pub edits: Vec<CellEdit>,
    /// Each touched offer's visibility as the plan is based on it.
    pub baseline: Vec<OfferVisibility>,
    /// The touched offers, with their defaults.
    pub offers: Vec<MatrixOffer>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VisibilityStrategy {
    /// Every change as per-affiliate PATCH requests.
    PerAffiliate,
    /// Every touched offer as one full PUT.
    PerOffer,
    /// Some offers by PUT, the rest by PATCH.
    Mixed,
}

/// One request of a visibility plan.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum VisibilityCall {
    /// PUT the offer's whole visibility; `changed` are the edited affiliates it carries out.
    ReplaceOffer { offer_id: i64, offer_name: String, update: VisibilityUpdate, changed: Vec<i64> },
    /// PATCH one affiliate on these offers.
    PatchAffiliate { affiliate_id: i64, affiliate_name: String, patch: AffiliateVisibilityPatch },
}

/// The offers a plan touches, with what decides their defaults.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TouchedOffer {
    pub offer: MatrixOffer,
    /// Sent as one PUT.
    pub replaced: bool,
}

/// The warning every visibility preview carries.
pub const NOTIFY_WARNING: &str =
    "Everflow may notify affiliates of these changes (email or in-app), as when they are made in Everflow itself.";

pub fn cell_words(cell: Cell) -> String {
    let state = match cell.visibility {
        Visibility::Visible => "Visible",
        Visibility::Hidden => "Hidden",
        Visibility::Rejected => "Rejected",
    };
    if cell.explicit {
        state.into()
    } else {
        format!("{state} (offer default)")
    }
}

fn target_words(target: &SetType) -> &'static str {
    if *target == SetType::Visible {
        "Visible"
    } else {
        "Hidden"
    }
}

fn state_name(visibility: Visibility) -> &'static str {
    match visibility {
        Visibility::Visible => "visible",
        Visibility::Hidden => "hidden",
        Visibility::Rejected => "rejected",
    }
}

/// The PUT that carries out `changes` on one offer, if one exists that leaves every other
/// affiliate's explicit setting as it is. Edited cells whose target is the offer's default may be
/// left to the default instead of set explicitly.
pub fn safe_replacement(
    offer: &MatrixOffer,
    baseline: &OfferVisibility,
    changes: &[&CellChange],
) -> Option<VisibilityUpdate> {
    let edited: BTreeSet<i64> = changes.iter().map(|c| c.affiliate_id).collect();
    let mut kept_types = BTreeSet::new();
    let mut kept = Vec::new();
    for (affiliate, visibility) in explicit_map(baseline) {
        if !edited.contains(&affiliate) {
            if visibility == Visibility::Rejected {
                return None; // a PUT cannot keep it
            }
            kept_types.insert(state_name(visibility));
            kept.push((affiliate, visibility));
        }
    }
    if kept_types.len() > 1 {
        return None;
    }
    let default_target = if offer.default == Visibility::Visible { SetType::Visible } else { SetType::Hidden };
    let non_default: BTreeSet<&str> = changes
        .iter()
        .filter(|c| c.target != default_target)
        .map(|c| if c.target == SetType::Visible { "visible" } else { "hidden" })
        .collect();
    let set = match (kept_types.iter().next().copied(), non_default.iter().next().copied()) {
        (Some(kept), _) if non_default.iter().any(|t| *t != kept) => return None,
        (Some(kept), _) => kept,
        (None, Some(target)) if non_default.len() == 1 => target,
        (None, Some(_)) => return None,
        (None, None) => "visible", // everyone back to the default
    };
    let set_type = if set == "visible" { SetType::Visible } else { SetType::Hidden };
    let mut ids: Vec<i64> = kept.iter().map(|(id, _)| *id).collect();
    ids.extend(changes.iter().filter(|c| c.target == set_type && c.target != default_target).map(|c| c.affiliate_id));
    ids.sort_unstable();
    ids.dedup();
    Some(VisibilityUpdate { network_affiliate_ids: ids, set_type })
}

/// The requests: PATCH per affiliate and target, except offers where one safe PUT saves more than
/// one request (a tie stays PATCH: it touches only what it names).
pub fn choose_calls(
    offers: &[MatrixOffer],
    baseline: &[OfferVisibility],
    changes: &[CellChange],
    names: &HashMap<i64, String>,
) -> (VisibilityStrategy, Vec<VisibilityCall>) {
    let mut by_offer: BTreeMap<i64, Vec<&CellChange>> = BTreeMap::new();
    for change in changes {
        by_offer.entry(change.offer_id).or_default().push(change);
    }
    // Which offers each PATCH request (affiliate, target) would carry.
    let key = |c: &CellChange| (c.affiliate_id, c.target == SetType::Visible);
    let mut patch_offers: BTreeMap<(i64, bool), BTreeSet<i64>> = BTreeMap::new();
    for change in changes {
        patch_offers.entry(key(change)).or_default().insert(change.offer_id);
    }
    let mut replacements: BTreeMap<i64, VisibilityUpdate> = BTreeMap::new();
    let mut candidates: Vec<(i64, VisibilityUpdate)> = by_offer
        .iter()
        .filter_map(|(offer_id, cells)| {
            let index = offers.iter().position(|o| o.id == *offer_id)?;
            let base = baseline.iter().find(|v| v.network_offer_id == *offer_id)?;
            safe_replacement(&offers[index], base, cells).map(|update| (*offer_id, update))
        })
        .collect();
    candidates.sort_by_key(|(offer_id, _)| std::cmp::Reverse(by_offer[offer_id].len()));
    for (offer_id, update) in candidates {
        // Requests this offer alone keeps alive: PATCHes that carry no other offer.
        let saved =
            by_offer[&offer_id].iter().filter(|c| patch_offers.get(&key(c)).is_some_and(|set| set.len() == 1)).count();
        if saved > 1 {
            for change in &by_offer[&offer_id] {
                if let Some(set) = patch_offers.get_mut(&key(change)) {
                    set.remove(&offer_id);
                }
            }
            replacements.insert(offer_id, update);
        }
    }
    let mut calls = Vec::new();
    for (offer_id, update) in &replacements {
        let offer_name = offers.iter().find(|o| o.id == *offer_id).map(|o| o.name.clone()).unwrap_or_default();
        let changed = by_offer[offer_id].iter().map(|c| c.affiliate_id).collect();
        calls.push(VisibilityCall::ReplaceOffer { offer_id: *offer_id, offer_name, update: update.clone(), changed });
    }
    for ((affiliate_id, visible), offer_ids) in patch_offers {
        if offer_ids.is_empty() {
            continue;
        }
        calls.push(VisibilityCall::PatchAffiliate {
            affiliate_id,
            affiliate_name: names.get(&affiliate_id).cloned().unwrap_or_else(|| format!("Affiliate {affiliate_id}")),
            patch: AffiliateVisibilityPatch {
                network_offer_ids: offer_ids.into_iter().collect(),
                visibility_type: if visible { SetType::Visible } else { SetType::Hidden },
            },
        });
    }
    let strategy = match (replacements.len(), calls.len() - replacements.len()) {
        (0, _) => VisibilityStrategy::PerAffiliate,
        (_, 0) => VisibilityStrategy::PerOffer,
        _ => VisibilityStrategy::Mixed,
    };
    (strategy, calls)
}

/// The plan for the pending edits of a loaded matrix. No request: the matrix is the baseline and
/// the apply checks it is still current.
pub fn plan_from_matrix(matrix: &VisibilityMatrix, edits: &[CellEdit]) -> CoreResult<Planned<VisibilityChange>> {
    let changes = matrix.diff(edits);
    if changes.is_empty() {
        return Err(CoreError::NotFound {
            message: "No cell differs from Everflow: there is nothing to apply.".into(),
        });
    }
    let names: HashMap<i64, String> = matrix.affiliates.iter().map(|a| (a.id, a.name.clone())).collect();
    Ok(build_plan(&matrix.offers, &matrix.visibility, &changes, &names, None))
}

/// The plan for cell edits on any offers, against Everflow now (the raw visibility operations plan
/// through this: only the named cells change; nobody else is reset).
pub async fn plan_edits(client: &Client, edits: &[CellEdit]) -> CoreResult<Planned<VisibilityChange>> {
    let touched: BTreeSet<i64> = edits.iter().map(|e| e.offer_id).collect();
    let rows = client.offers_table_all(&everflow::OffersTableRequest::default(), everflow::MAX_PAGE_SIZE, None).await?;
    let offers: Vec<MatrixOffer> =
        rows.iter().filter(|row| touched.contains(&row.network_offer_id)).map(MatrixOffer::from_row).collect();
    if let Some(missing) = touched.iter().find(|id| !offers.iter().any(|o| o.id == **id)) {
        return Err(CoreError::NotFound { message: format!("Offer {missing} is not on this network.") });
    }
    let ids: Vec<i64> = offers.iter().map(|o| o.id).collect();
    let visibility = client.offers_visibility(&ids, None).await?;
    let matrix =
        VisibilityMatrix { matrix_id: String::new(), loaded_at: now(), affiliates: Vec::new(), offers, visibility };
    plan_from_matrix(&matrix, edits)
}

/// The plan for `changes` against `baseline` (pure: tests and undo call it).
pub fn build_plan(
    offers: &[MatrixOffer],
    baseline: &[OfferVisibility],
    changes: &[CellChange],
    names: &HashMap<i64, String>,
    undo_of: Option<(String, String)>,
) -> Planned<VisibilityChange> {
    let touched: BTreeSet<i64> = changes.iter().map(|c| c.offer_id).collect();
    let touched_offers: Vec<&MatrixOffer> = offers.iter().filter(|o| touched.contains(&o.id)).collect();
    let touched_baseline: Vec<OfferVisibility> =
        baseline.iter().filter(|v| touched.contains(&v.network_offer_id)).cloned().collect();
    let touched_owned: Vec<MatrixOffer> = touched_offers.iter().map(|o| (*o).clone()).collect();
    let (strategy, calls) = choose_calls(&touched_owned, &touched_baseline, changes, names);
    let replaced: BTreeSet<i64> = calls
        .iter()
        .filter_map(|c| match c {
            VisibilityCall::ReplaceOffer { offer_id, .. } => Some(*offer_id),
            _ => None,
        })
        .collect();
    let name_of = |id: i64| names.get(&id).cloned().unwrap_or_else(|| format!("Affiliate {id}"));
    let mut rows = Vec::new();
    let mut summaries = Vec::new();
    for offer in &touched_offers {
        let mut gains = Vec::new();
        let mut losses = Vec::new();
        for change in changes.iter().filter(|c| c.offer_id == offer.id) {
            let before = change.before;
            let after = if change.target == SetType::Visible { "visible" } else { "hidden" };
            let mut row = PlanRow::new(
                change.affiliate_id,
                name_of(change.affiliate_id),
                "visibility",
                "Visibility",
                json!(state_name(before.visibility)),
                json!(after),
            );
            row.group_id = Some(offer.id);
            row.group_name = Some(offer.name.clone());
            row.before_text = Some(cell_words(before));
            row.after_text = Some(target_words(&change.target).into());
            if change.target == SetType::Visible {
                gains.push(name_of(change.affiliate_id));
            } else {
                losses.push(name_of(change.affiliate_id));
            }
            rows.push(row);
        }
        let how = if replaced.contains(&offer.id) { "one full replacement" } else { "per-affiliate changes" };
        let mut lines = Vec::new();
        if !gains.is_empty() {
            lines.push(format!("Gains access ({}): {}", gains.len(), gains.join(", ")));
        }
        if !losses.is_empty() {
            lines.push(format!("Loses access ({}): {}", losses.len(), losses.join(", ")));
        }
        summaries.push(PlanSummary {
            title: format!("{} ({}, sent as {how})", offer.name, offer.visibility_type.replace('_', " ")),
            lines,
        });
    }
    let description = match &undo_of {
        Some((_, undone)) => format!("Undo \"{undone}\" on {}", PlanKind::Visibility.count(changes.len())),
        None => {
            let gains = changes.iter().filter(|c| c.target == SetType::Visible).count();
            let losses = changes.len() - gains;
            format!(
                "Visibility on {}: {} gain access, {} lose it",
                plural(touched.len(), "offer", "offers"),
                gains,
                losses
            )
        }
    };
    let edits: Vec<CellEdit> = changes
        .iter()
        .map(|c| CellEdit { offer_id: c.offer_id, affiliate_id: c.affiliate_id, target: c.target.clone() })
        .collect();
    let requests = calls.len();
    let action = VisibilityChange { strategy, calls, edits, baseline: touched_baseline, offers: touched_owned };
    let mut plan = Plan::new(PlanKind::Visibility, description, Vec::new());
    plan.rows = rows;
    plan.summaries = summaries;
    plan.notices = vec![NOTIFY_WARNING.into(), strategy_words(strategy, requests, replaced.len())];
    plan.undo_of = undo_of.map(|(id, _)| id);
    Planned::finished(plan, action)
}

fn strategy_words(strategy: VisibilityStrategy, requests: usize, replaced: usize) -> String {
    let total = plural(requests, "request", "requests");
    match strategy {
        VisibilityStrategy::PerAffiliate => format!(
            "Sent as {total}, one per affiliate and visibility: each names only the offers it changes, so nothing else moves."
        ),
        VisibilityStrategy::PerOffer => format!(
            "Sent as {total}, one full replacement per offer, computed from each offer's current visibility so no other affiliate changes (fewer requests than per-affiliate changes)."
        ),
        VisibilityStrategy::Mixed => format!(
            "Sent as {total}: {} as full replacements computed from their current visibility (no other affiliate changes), the rest per affiliate.",
            plural(replaced, "offer", "offers")
        ),
    }
}

/// The requests of a plan.
fn requests(calls: &[VisibilityCall]) -> Vec<Call> {
    calls
        .iter()
        .map(|call| match call {
            VisibilityCall::ReplaceOffer { offer_id, offer_name, update, changed } => Call {
                label: format!("{offer_name}: full visibility"),
                record_ids: changed.clone(),
                request: Request::OfferVisibility { offer_id: *offer_id, update: update.clone() },
            },
            VisibilityCall::PatchAffiliate { affiliate_id, affiliate_name, patch } => Call {
                label: format!(
                    "{affiliate_name}: {} on {}",
                    target_words(&patch.visibility_type).to_lowercase(),
                    plural(patch.network_offer_ids.len(), "offer", "offers")
                ),
                record_ids: vec![*affiliate_id],
                request: Request::AffiliateVisibility { affiliate_id: *affiliate_id, patch: patch.clone() },
            },
        })
        .collect()
}

/// An offer's explicit settings by affiliate.
type ExplicitSettings = HashMap<i64, Visibility>;

/// Each touched offer with its explicit settings in the plan's baseline and in `fresh`.
fn before_and_now<'a>(
    parts: &'a VisibilityChange,
    fresh: &[OfferVisibility],
) -> Vec<(&'a MatrixOffer, ExplicitSettings, ExplicitSettings)> {
    parts
        .offers
        .iter()
        .filter_map(|offer| {
            let base = parts.baseline.iter().find(|v| v.network_offer_id == offer.id)?;
            let now = fresh.iter().find(|v| v.network_offer_id == offer.id)?;
            Some((offer, explicit_map(base), explicit_map(now)))
        })
        .collect()
}

/// Cells that changed between the plan's baseline and `fresh`: every affiliate of an offer sent
/// by PUT, the edited cells of the others.
pub fn drift_between(parts: &VisibilityChange, plan: &Plan, fresh: &[OfferVisibility]) -> Vec<Drift> {
    let names: HashMap<i64, &str> = plan.rows.iter().map(|r| (r.record_id, r.name.as_str())).collect();
    let mut drift = Vec::new();
    for (offer, base_map, now_map) in before_and_now(parts, fresh) {
        let replaced = parts
            .calls
            .iter()
            .any(|c| matches!(c, VisibilityCall::ReplaceOffer { offer_id, .. } if *offer_id == offer.id));
        let affiliates: BTreeSet<i64> = if replaced {
            base_map.keys().chain(now_map.keys()).copied().collect()
        } else {
            parts.edits.iter().filter(|e| e.offer_id == offer.id).map(|e| e.affiliate_id).collect()
        };
        for affiliate in affiliates {
            let (was, is) = (cell(&base_map, offer.default, affiliate), cell(&now_map, offer.default, affiliate));
            if was != is {
                drift.push(Drift {
                    record_id: affiliate,
                    name: names
                        .get(&affiliate)
                        .map(|n| n.to_string())
                        .unwrap_or_else(|| format!("Affiliate {affiliate}")),
                    group_id: Some(offer.id),
                    group_name: Some(offer.name.clone()),
                    field_label: "Visibility".into(),
                    previewed: cell_words(was),
                    now: cell_words(is),
                });
            }
        }
    }
    drift
}

async fn fetch(client: &Client, parts: &VisibilityChange) -> CoreResult<Vec<OfferVisibility>> {
    let ids: Vec<i64> = parts.offers.iter().map(|o| o.id).collect();
    Ok(client.offers_visibility(&ids, None).await?)
}

/// The cells a set of sent requests carried out.
fn cells_of_calls(parts: &VisibilityChange, sent: &BTreeSet<u32>) -> BTreeSet<(i64, i64)> {
    let mut cells = BTreeSet::new();
    for (index, call) in parts.calls.iter().enumerate() {
        if !sent.contains(&(index as u32)) {
            continue;
        }
        match call {
            VisibilityCall::ReplaceOffer { offer_id, changed, .. } => {
                cells.extend(changed.iter().map(|a| (*offer_id, *a)));
            }
            VisibilityCall::PatchAffiliate { affiliate_id, patch, .. } => {
                cells.extend(patch.network_offer_ids.iter().map(|o| (*o, *affiliate_id)));
            }
        }
    }
    cells
}

/// Compares `fresh` with the plan: each cell of a sent request shows its target, and every other
/// affiliate with an explicit setting on a touched offer keeps it.
pub fn check_applied(
    parts: &VisibilityChange,
    plan: &Plan,
    sent: &BTreeSet<u32>,
    fresh: &[OfferVisibility],
) -> Vec<Mismatch> {
    let applied = cells_of_calls(parts, sent);
    let names: HashMap<i64, &str> = plan.rows.iter().map(|r| (r.record_id, r.name.as_str())).collect();
    let name = |id: i64| names.get(&id).map(|n| n.to_string()).unwrap_or_else(|| format!("Affiliate {id}"));
    let mut mismatches = Vec::new();
    for (offer, base_map, now_map) in before_and_now(parts, fresh) {
        let edited: BTreeMap<i64, &SetType> =
            parts.edits.iter().filter(|e| e.offer_id == offer.id).map(|e| (e.affiliate_id, &e.target)).collect();
        let everyone: BTreeSet<i64> = base_map.keys().chain(now_map.keys()).chain(edited.keys()).copied().collect();
        for affiliate in everyone {
            let now_cell = cell(&now_map, offer.default, affiliate);
            let expected = match edited.get(&affiliate) {
                Some(target) if applied.contains(&(offer.id, affiliate)) => {
                    if satisfies(now_cell, target) {
                        continue;
                    }
                    json!(if **target == SetType::Visible { "visible" } else { "hidden" })
                }
                _ => {
                    let was = cell(&base_map, offer.default, affiliate);
                    if was == now_cell {
                        continue;
                    }
                    json!(cell_words(was))
                }
            };
            mismatches.push(Mismatch {
                record_id: affiliate,
                name: name(affiliate),
                group_id: Some(offer.id),
                field_type: "visibility".into(),
                expected,
                actual: json!(cell_words(now_cell)),
            });
        }
    }
    mismatches
}

impl WriteKind for VisibilityChange {
    type Undo = VisibilityChange;

    fn calls(&self, _plan: &Plan) -> Vec<Call> {
        requests(&self.calls)
    }

    /// Fetches every touched offer again: see [`drift_between`].
    async fn drift(&self, client: &Client, plan: &Plan) -> CoreResult<Vec<Drift>> {
        let fresh = fetch(client, self).await?;
        Ok(drift_between(self, plan, &fresh))
    }

    /// The edited cells of the affiliates in `rest`, planned against the offers' visibility now.
    async fn plan_rest(&self, client: &Client, _plan: &Plan, rest: &BTreeSet<i64>) -> CoreResult<Planned<Self>> {
        let edits: Vec<CellEdit> = self.edits.iter().filter(|e| rest.contains(&e.affiliate_id)).cloned().collect();
        plan_edits(client, &edits).await
    }

    /// Fetches the touched offers after apply and checks them (see [`check_applied`]).
    async fn verify(&self, client: &Client, plan: &Plan, report: &ApplyReport) -> Verification {
        let sent: BTreeSet<u32> = report
            .batches
            .iter()
            .filter(|b| matches!(b.status, BatchStatus::Sent | BatchStatus::Unknown))
            .map(|b| b.index)
            .collect();
        let mut verification =
            Verification { checked: cells_of_calls(self, &sent).len() as u32, ..Verification::default() };
        match fetch(client, self).await {
            Ok(fresh) => verification.mismatches = check_applied(self, plan, &sent, &fresh),
            Err(error) => verification.error = Some(format!("The result could not be checked: {error}")),
        }
        verification
    }

    /// The reverse of the sent requests: each of their cells back to what it showed before, planned
    /// against the offers' current visibility. A rejected cell comes back as hidden (the API cannot
    /// set rejected; both keep the offer from the affiliate).
    async fn plan_undo(&self, client: &Client, plan: &Plan, went_out: &WentOut) -> CoreResult<Planned<Self>> {
        let parts = self;
        let cells = cells_of_calls(parts, &went_out.batches);
        let fresh = fetch(client, parts).await?;
        let matrix = VisibilityMatrix {
            matrix_id: String::new(),
            loaded_at: now(),
            affiliates: Vec::new(),
            offers: parts.offers.to_vec(),
            visibility: fresh,
        };
        let reverse: Vec<CellEdit> = plan
            .rows
            .iter()
            .filter_map(|row| {
                let offer_id = row.group_id?;
                if !cells.contains(&(offer_id, row.record_id)) {
                    return None;
                }
                let target = if row.before == json!("visible") { SetType::Visible } else { SetType::Hidden };
                Some(CellEdit { offer_id, affiliate_id: row.record_id, target })
            })
            .collect();
        let changes = matrix.diff(&reverse);
        if changes.is_empty() {
            return Err(CoreError::NotFound {
                message: "Every cell of this change already shows its value from before: there is nothing to undo."
                    .into(),
            });
        }
        let names: HashMap<i64, String> = plan.rows.iter().map(|r| (r.record_id, r.name.clone())).collect();
        let mut undo = build_plan(
            &matrix.offers,
            &matrix.visibility,
            &changes,
            &names,
            Some((plan.plan_id.clone(), plan.description.clone())),
        );
        if plan.rows.iter().any(|r| r.before == json!("rejected")) {
            undo.plan.notices.push("Affiliates that were rejected come back as hidden: Everflow's API cannot set rejected, and both keep the offer from them.".into());
        }
        Ok(undo)
    }
}
