//! Read-only look-ups for dropdowns and the matrix, and the documented values of every enum.

use everflow::*;
use serde::Serialize;
use tauri::State;

use crate::error::CommandError;
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn currencies(state: State<'_, AppState>) -> Result<Vec<Currency>, CommandError> {
    state.client().await?.currencies().await.map_err(|error| CommandError::reading(Area::Currencies, error))
}

#[tauri::command]
#[specta::specta]
pub async fn countries(state: State<'_, AppState>) -> Result<Vec<Country>, CommandError> {
    state.client().await?.countries().await.map_err(|error| CommandError::reading(Area::Countries, error))
}

#[tauri::command]
#[specta::specta]
pub async fn regions(state: State<'_, AppState>) -> Result<Vec<GeoRegion>, CommandError> {
    state.client().await?.regions().await.map_err(|error| CommandError::reading(Area::Regions, error))
}

#[tauri::command]
#[specta::specta]
pub async fn timezones(state: State<'_, AppState>) -> Result<Vec<Timezone>, CommandError> {
    state.client().await?.timezones().await.map_err(|error| CommandError::reading(Area::Timezones, error))
}

#[tauri::command]
#[specta::specta]
pub async fn employees(state: State<'_, AppState>) -> Result<Vec<Employee>, CommandError> {
    state.client().await?.employees().await.map_err(|error| CommandError::reading(Area::Employees, error))
}

#[tauri::command]
#[specta::specta]
pub async fn affiliate_tiers(state: State<'_, AppState>) -> Result<Vec<AffiliateTier>, CommandError> {
    state.client().await?.affiliate_tiers().await.map_err(|error| CommandError::reading(Area::Tiers, error))
}

#[tauri::command]
#[specta::specta]
pub async fn traffic_sources(state: State<'_, AppState>) -> Result<Vec<TrafficSource>, CommandError> {
    state.client().await?.traffic_sources().await.map_err(|error| CommandError::reading(Area::TrafficSources, error))
}

#[tauri::command]
#[specta::specta]
pub async fn offers_table(
    state: State<'_, AppState>,
    request: OffersTableRequest,
    page: PageRequest,
) -> Result<OffersTable, CommandError> {
    state.client().await?.offers_table(&request, page).await.map_err(|error| CommandError::reading(Area::Offers, error))
}

/// Every value the documentation lists for each enum, so dropdowns come from Rust, not copies.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct EnumOptions {
    pub account_status: Vec<String>,
    pub billing_frequency: Vec<String>,
    pub payment_type: Vec<String>,
    pub paypal_reception_method: Vec<String>,
    pub url_status: Vec<String>,
    pub set_type: Vec<String>,
    pub patch_operator: Vec<String>,
    pub change_status: Vec<String>,
    pub offer_visibility_type: Vec<String>,
    pub connection_status: Vec<String>,
    pub weekday: Vec<String>,
    pub referral_method: Vec<String>,
    pub referral_commission_basis: Vec<String>,
    pub offer_status: Vec<String>,
    pub affiliate_patch_fields: Vec<String>,
    pub offer_url_patch_fields: Vec<String>,
}

fn names<T: ToString>(values: &[T]) -> Vec<String> {
    values.iter().map(ToString::to_string).collect()
}

#[tauri::command]
#[specta::specta]
pub fn enum_options() -> EnumOptions {
    EnumOptions {
        account_status: names(AccountStatus::ALL),
        billing_frequency: names(BillingFrequency::ALL),
        payment_type: names(PaymentType::ALL),
        paypal_reception_method: names(PaypalReceptionMethod::ALL),
        url_status: names(UrlStatus::ALL),
        set_type: names(SetType::ALL),
        patch_operator: names(PatchOperator::ALL),
        change_status: names(ChangeStatus::ALL),
        offer_visibility_type: names(OfferVisibilityType::ALL),
        connection_status: names(ConnectionStatus::ALL),
        weekday: names(Weekday::ALL),
        referral_method: names(ReferralMethod::ALL),
        referral_commission_basis: names(ReferralCommissionBasis::ALL),
        offer_status: names(OfferStatus::ALL),
        affiliate_patch_fields: names(AffiliateField::FIELD_TYPES),
        offer_url_patch_fields: names(OfferUrlField::FIELD_TYPES),
    }
}
