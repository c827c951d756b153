//! The list of commands the webview may call, and the TypeScript bindings generated from them
//! (`ui/src/bindings.ts`, committed; a test fails when it is stale).

use specta_typescript::{BigIntExportBehavior, Typescript};
use tauri_specta::{collect_commands, Builder};

use crate::commands::*;

pub fn builder() -> Builder<tauri::Wry> {
    Builder::<tauri::Wry>::new()
        .commands(collect_commands![
            session::session,
            session::open_profile,
            session::open_demo,
            session::close_session,
            session::watch_close_requests,
            session::close_when_safe,
            menu::watch_menu,
            session::throttle_notice,
            session::first_screen_shown,
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
            settings::dismiss_kept_aside,
            updates::set_release_feed,
            updates::check_for_update,
            updates::download_update,
            updates::install_update,
            updates::restart_app,
            diagnostics::copy_diagnostics,
            profiles::keys_without_profile,
            profiles::remove_key_without_profile,
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
            onboarding::csv_create_results,
            onboarding::export_csv_results,
            onboarding::save_text_file,
            edit::load_affiliate_for_edit,
            edit::plan_affiliate_edit,
            bulk_edit::plan_bulk_edit,
            bulk_edit::plan_bulk_edit_matching,
            plans::apply_plan,
            plans::plan_undo,
            plans::interrupted_changes,
            plans::settle_interrupted,
            plans::plan_rest,
            history::history,
            history::history_item,
            history::history_reveal,
            sheets::choose_sheet_save_path,
            sheets::choose_sheet_to_open,
            sheets::export_affiliates_sheet,
            sheets::export_visibility_sheet,
            sheets::export_history_csv,
            sheets::import_affiliates_sheet,
            sheets::import_visibility_sheet,
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
        // The affiliate fields' words, for the screens to show the same labels as every preview.
        .constant("AFFILIATE_FIELD_WORDS", eflow_core::fields::AFFILIATE_FIELDS.to_vec())
        // The UI refuses a larger CSV file before reading it (Rust refuses it too).
        .constant("CSV_MAX_BYTES", eflow_core::csv_encoding::CSV_MAX_BYTES as u32)
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
    sorted_constants(&text.replace("export type TAURI_CHANNEL<TSend> = null\n", ""))
}

/// tauri-specta writes the constants in a hash map's order, which changes from run to run: they are
/// put in name order so the committed file is stable.
fn sorted_constants(text: &str) -> String {
    let mut lines: Vec<&str> = text.lines().collect();
    let is_constant = |line: &str| line.starts_with("export const ");
    let section = lines.iter().position(|line| line.contains("user-defined constants")).unwrap_or(lines.len());
    if let Some(start) = lines.iter().skip(section).position(|line| is_constant(line)).map(|at| section + at) {
        let end = start + lines[start..].iter().take_while(|line| is_constant(line)).count();
        lines[start..end].sort_unstable();
    }
    let mut out = lines.join("\n");
    if text.ends_with('\n') {
        out.push('\n');
    }
    out
}

pub fn bindings_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/bindings.ts")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Commands that change only the app's own state (settings, profiles, the keyring, drafts, the
    /// open session, long jobs, files the user saves): none reaches Everflow.
    const LOCAL_STATE: &[&str] = &[
        "open_profile",
        "open_demo",
        "close_session",
        "create_profile",
        "update_profile",
        "delete_profile",
        "set_key",
        "clear_key",
        "update_preferences",
        "set_release_feed",
        "copy_diagnostics",
        "save_onboarding_draft",
        "discard_onboarding_draft",
        "cancel_job",
        "save_text_file",
        "open_in_browser",
        "choose_sheet_save_path",
        "choose_sheet_to_open",
        "export_affiliates_sheet",
        "export_visibility_sheet",
        "export_history_csv",
    ];

    /// What each command answers, from the generated bindings: `name -> answer type`.
    fn answers(text: &str) -> Vec<(String, String)> {
        text.lines()
            .filter_map(|line| {
                let line = line.trim();
                let rest = line.strip_prefix("async ")?;
                let (name, tail) = rest.split_once('(')?;
                let answer = tail.rsplit_once(") : Promise<")?.1;
                let answer = answer.strip_prefix("Result<").unwrap_or(answer);
                let answer = answer.split([',', '>']).next()?.trim();
                Some((name.to_owned(), answer.to_owned()))
            })
            .collect()
    }

    #[test]
    fn only_apply_plan_changes_everflow_and_every_write_operation_answers_a_plan() {
        let text = generate();
        let answers = answers(&text);
        assert!(answers.len() > 60, "every command is listed: {}", answers.len());
        let camel = |snake: &str| {
            let mut out = String::new();
            let mut upper = false;
            for c in snake.chars() {
                if c == '_' {
                    upper = true;
                } else if upper {
                    out.extend(c.to_uppercase());
                    upper = false;
                } else {
                    out.push(c);
                }
            }
            out
        };
        // Commands that change the app's own state exist and answer no plan report.
        for command in LOCAL_STATE {
            let answer = answers.iter().find(|(name, _)| *name == camel(command)).map(|(_, a)| a.clone());
            assert!(
                answer.is_some_and(|a| a != "ApplyReport"),
                "{command} is registered and sends nothing to Everflow"
            );
        }
        // The API's write operations: each has its command, and each answers a plan to preview.
        for write in [
            "create_affiliate",
            "update_affiliate",
            "apply_affiliate_patch",
            "create_offer_url",
            "create_offer_urls",
            "update_offer_url",
            "apply_offer_url_patch",
            "update_offer_visibility",
            "patch_affiliate_visibility",
            "create_affiliates_from_csv",
            "plan_affiliate_edit",
            "plan_bulk_edit",
            "plan_offer_url_update",
            "import_affiliates_sheet",
            "import_visibility_sheet",
        ] {
            let answer = answers.iter().find(|(name, _)| *name == camel(write)).map(|(_, a)| a.as_str());
            assert_eq!(answer, Some("Plan"), "{write} must answer a plan, not write");
        }
        // Only `apply_plan` sends a plan to Everflow; the check of an interrupted change answers a
        // report too, from reads only (`plan::settle`).
        let appliers: Vec<&str> =
            answers.iter().filter(|(_, a)| a == "ApplyReport").map(|(name, _)| name.as_str()).collect();
        assert_eq!(appliers, ["applyPlan", "settleInterrupted"]);
        // The former raw write paths are gone.
        for gone in ["applyAffiliateEdit", "createAffiliatesFromCsvJob"] {
            assert!(!answers.iter().any(|(n, _)| n == gone), "{gone} must not exist");
        }
    }

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
