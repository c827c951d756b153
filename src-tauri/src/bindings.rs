//! The list of commands the webview may call, and the TypeScript bindings generated from them
//! (`ui/src/bindings.ts`, committed; a test fails when it is stale).

use specta_typescript::{BigIntExportBehavior, Typescript};
use tauri_specta::{collect_commands, Builder};

use crate::commands::*;

pub fn builder() -> Builder<tauri::Wry> {
    Builder::<tauri::Wry>::new().commands(collect_commands![
        session::session,
        session::open_profile,
        session::open_demo,
        session::close_session,
        session::throttle_notice,
        profiles::list_profiles,
        profiles::create_profile,
        profiles::update_profile,
        profiles::delete_profile,
        profiles::key_status,
        profiles::set_key,
        profiles::clear_key,
        profiles::test_key,
        key_check::key_check,
        key_check::run_key_check,
        settings::get_settings,
        settings::update_preferences,
        affiliates::affiliates_table,
        affiliates::affiliates_load_all,
        jobs::cancel_job,
        affiliates::affiliate,
        affiliates::validate_affiliate,
        affiliates::create_affiliate,
        affiliates::update_affiliate,
        affiliates::preview_affiliate_patch,
        affiliates::apply_affiliate_patch,
        onboarding::list_onboarding_drafts,
        onboarding::load_onboarding_draft,
        onboarding::save_onboarding_draft,
        onboarding::discard_onboarding_draft,
        onboarding::billing_rules,
        onboarding::affiliate_csv_template,
        onboarding::preview_affiliate_csv,
        onboarding::create_affiliates_from_csv,
        onboarding::export_csv_results,
        onboarding::save_text_file,
        edit::load_affiliate_for_edit,
        edit::plan_affiliate_edit,
        edit::apply_affiliate_edit,
        bulk_edit::plan_bulk_edit,
        bulk_edit::plan_bulk_edit_matching,
        plans::apply_plan,
        plans::plan_undo,
        history::history,
        history::history_item,
        offer_urls::offer_urls,
        offer_urls::offer_url,
        offer_urls::validate_offer_url,
        offer_urls::create_offer_url,
        offer_urls::create_offer_urls,
        offer_urls::update_offer_url,
        offer_urls::plan_offer_url_update,
        offer_urls::plan_offer_url_create,
        offer_urls::plan_offer_url_edit,
        offer_urls::apply_offer_url_patch,
        visibility::load_visibility_matrix,
        visibility::plan_visibility,
        visibility::refresh_visibility_matrix,
        visibility::offer_visibility,
        visibility::update_offer_visibility,
        visibility::patch_affiliate_visibility,
        connections::connections,
        connections::connection_logo,
        connections::open_in_browser,
        lookups::currencies,
        lookups::countries,
        lookups::regions,
        lookups::timezones,
        lookups::employees,
        lookups::affiliate_tiers,
        lookups::traffic_sources,
        lookups::offers_table,
        lookups::enum_options,
    ])
}

/// Everflow ids fit in a JavaScript number, so 64-bit integers are exported as `number`.
pub fn typescript() -> Typescript {
    Typescript::default()
        .bigint(BigIntExportBehavior::Number)
        .header("// Generated from the Rust commands by `UPDATE_BINDINGS=1 cargo test -p eflow-desk bindings`. Do not edit.\n/* eslint-disable */")
}

/// Where the committed bindings live.
/// The bindings' text. tauri-specta 2.0.0-rc.21 declares `TAURI_CHANNEL` twice when a command
/// takes a `Channel` (a `null` type alias besides the import of `Channel as TAURI_CHANNEL`), which
/// TypeScript rejects; the alias is dropped so the import stands.
pub fn generate() -> String {
    let text = builder().export_str(typescript()).expect("bindings export");
    text.replace("export type TAURI_CHANNEL<TSend> = null\n", "")
}

pub fn bindings_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/bindings.ts")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bindings_are_fresh() {
        let generated = generate();
        let path = bindings_path();
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(&path, &generated).expect("write bindings");
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == generated,
            "ui/src/bindings.ts is stale: run `UPDATE_BINDINGS=1 cargo test -p eflow-desk bindings` and commit it"
        );
    }
}
