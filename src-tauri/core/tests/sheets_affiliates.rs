//! The affiliates sheet against the simulator: exported, edited, imported back as a bulk edit.

mod common;

use eflow_core::jobs::CancellationToken;
use eflow_core::plan::{ApplyStatus, Plan, RowStatus};
use eflow_core::sheets::affiliates;
use eflow_core::sheets::grid::{Grid, SheetFormat};
use everflow::*;
use everflow_sim::RunningSim;

async fn export(client: &Client, format: SheetFormat) -> Vec<u8> {
    let request = AffiliatesTableRequest::default();
    affiliates::export(client, &request, format, "Demo network", &CancellationToken::new(), &common::nothing)
        .await
        .unwrap()
}

/// The grid of an exported file, to edit as a person would.
async fn exported_grid(client: &Client) -> Grid {
    Grid::read(&export(client, SheetFormat::Xlsx).await).unwrap()
}

fn column(grid: &Grid, heading: &str) -> usize {
    grid.cells[1].iter().position(|h| h == heading).unwrap_or_else(|| panic!("no column {heading}"))
}

fn row_of(grid: &Grid, id: i64) -> usize {
    grid.cells.iter().position(|row| row.first().map(String::as_str) == Some(&id.to_string())).unwrap()
}

fn set(grid: &mut Grid, id: i64, heading: &str, value: &str) {
    let (r, c) = (row_of(grid, id), column(grid, heading));
    grid.cells[r][c] = value.to_owned();
}

/// The grid saved as an XLSX file, with formulas and merged ranges where asked.
fn xlsx(grid: &Grid, formulas: &[(u32, u16, &str)], merges: &[(u32, u16, u32, u16)]) -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (r, row) in grid.cells.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            match text.parse::<f64>() {
                Ok(number) => sheet.write_number(r as u32, c as u16, number).unwrap(),
                Err(_) => sheet.write_string(r as u32, c as u16, text).unwrap(),
            };
        }
    }
    for (r, c, formula) in formulas {
        sheet.write_formula(*r, *c, *formula).unwrap();
    }
    for (top, left, bottom, right) in merges {
        sheet.merge_range(*top, *left, *bottom, *right, "merged", &rust_xlsxwriter::Format::new()).unwrap();
    }
    workbook.save_to_buffer().unwrap()
}

/// The grid saved as CSV, as a spreadsheet program writes it.
fn csv(grid: &Grid) -> Vec<u8> {
    let mut writer = ::csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
    for row in &grid.cells {
        writer.write_record(row).unwrap();
    }
    writer.into_inner().unwrap()
}

fn problems(plan: &Plan) -> Vec<String> {
    plan.sheet_problems.iter().map(|p| p.describe()).collect()
}

/// The (affiliate, field) pairs the plan changes.
fn changed_cells(plan: &Plan) -> Vec<(i64, String)> {
    plan.rows.iter().filter(|r| r.status == RowStatus::Ok).map(|r| (r.record_id, r.field_type.clone())).collect()
}

fn sim_frequency(sim: &RunningSim, id: i64) -> Option<BillingFrequency> {
    sim.with_state(|net| net.affiliates[&id].billing.billing_frequency.clone())
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unedited_sheet_plans_nothing_in_xlsx_and_csv() {
    let sim = common::demo().await;
    let client = sim.test_client();
    for format in [SheetFormat::Xlsx, SheetFormat::Csv] {
        let bytes = export(&client, format).await;
        let grid = Grid::read(&bytes).unwrap();
        let count = sim.with_state(|net| net.affiliates.len());
        assert_eq!(grid.cells.len() - 2, count, "every affiliate is a row");
        assert!(grid.cells[2..].iter().any(|row| row.contains(&"Active".to_owned())), "statuses are words");
        let plan = affiliates::import(&client, &bytes, "affiliates").await.unwrap();
        assert_eq!(problems(&plan), Vec::<String>::new(), "{format:?}");
        assert!(plan.rows.is_empty(), "{format:?}: {:?}", plan.rows);
        assert_eq!(plan.batches, 0);
        assert!(!plan.can_apply);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn edited_cells_become_one_patch_per_field_and_value_and_apply() {
    let sim = common::demo().await;
    let client = sim.test_client();
    // Two affiliates billed other than weekly, and a third.
    let mut ids: Vec<i64> = common::active_ids(&sim, 20)
        .into_iter()
        .filter(|id| sim_frequency(&sim, *id) != Some(BillingFrequency::Weekly))
        .take(2)
        .collect();
    ids.push(common::active_ids(&sim, 20).into_iter().find(|id| !ids.contains(id)).unwrap());
    let mut grid = exported_grid(&client).await;
    for id in &ids[..2] {
        set(&mut grid, *id, "Billing frequency", "Weekly");
        set(&mut grid, *id, "Billing schedule", "Tuesday");
    }
    set(&mut grid, ids[2], "Account status", "inactive");
    let planned = affiliates::import(&client, &csv(&grid), "affiliates.csv").await.unwrap();
    assert_eq!(problems(&planned), Vec::<String>::new());
    assert!(planned.can_apply, "{:?}", planned.blocked_reason);
    assert_eq!(planned.action.groups.len(), 2, "one group per field and new value: {:?}", planned.action.groups);
    let changed = changed_cells(&planned);
    for id in &ids[..2] {
        assert!(changed.contains(&(*id, "billing_billing_frequency".into())), "{changed:?}");
        assert!(changed.contains(&(*id, "billing_weekly".into())), "{changed:?}");
    }
    assert!(changed.contains(&(ids[2], "account_status".into())));
    assert!(changed.iter().all(|(id, _)| ids.contains(id)), "only the edited rows change: {changed:?}");
    assert!(planned.rows.iter().all(|r| r.warning.is_none()));

    let journal = common::journal();
    let report = common::apply(&client, &planned, &journal).await.unwrap();
    assert_eq!(report.status, ApplyStatus::Applied, "{report:?}");
    assert!(report.verification.mismatches.is_empty(), "{:?}", report.verification);
    for id in &ids[..2] {
        assert_eq!(sim_frequency(&sim, *id), Some(BillingFrequency::Weekly));
    }
    assert_eq!(sim.with_state(|net| net.affiliates[&ids[2]].account_status.clone()), AccountStatus::Inactive);

    // The same sheet again: Everflow now has its values, so nothing is left to change.
    let again = affiliates::import(&client, &csv(&grid), "affiliates.csv").await.unwrap();
    assert!(again.rows.iter().all(|r| r.status != RowStatus::Ok), "{:?}", again.rows);
}

#[tokio::test(flavor = "multi_thread")]
async fn each_unreadable_cell_names_its_row_and_column() {
    let sim = common::demo().await;
    let client = sim.test_client();
    let ids = common::active_ids(&sim, 4);
    let grid = exported_grid(&client).await;

    let mut words = grid.clone();
    set(&mut words, ids[0], "Account status", "Actve");
    set(&mut words, ids[1], "Account manager", "Nobody Here");
    set(&mut words, ids[2], "Billing frequency", "Monthly");
    set(&mut words, ids[2], "Billing schedule", "Day 40");
    let unknown_row = row_of(&words, ids[3]);
    words.cells[unknown_row][0] = "999999".into();
    let plan = affiliates::import(&client, &csv(&words), "affiliates.csv").await.unwrap();
    let found = problems(&plan);
    let at =
        |id: i64, letter: &str, heading: &str| format!("Row {}, column {letter} ({heading}): ", row_of(&grid, id) + 1);
    assert!(
        found.iter().any(|p| p.starts_with(&at(ids[0], "C", "Account status")) && p.contains("\"Actve\"")),
        "{found:?}"
    );
    assert!(
        found.iter().any(|p| p.starts_with(&at(ids[1], "D", "Account manager")) && p.contains("Nobody Here")),
        "{found:?}"
    );
    assert!(found.iter().any(|p| p.starts_with(&at(ids[2], "I", "Billing schedule"))), "{found:?}");
    assert!(
        found
            .iter()
            .any(|p| p.starts_with(&format!("Row {}, column A (ID): ", unknown_row + 1)) && p.contains("999999")),
        "{found:?}"
    );
    assert!(!plan.can_apply);
    assert!(plan.blocked_reason.as_deref().unwrap_or("").contains("4 cells"), "{:?}", plan.blocked_reason);

    let mut added = grid.clone();
    added.cells[1].push("Notes".into());
    added.cells[2].push("call back".into());
    let mut deleted = grid.clone();
    for row in deleted.cells.iter_mut().skip(1) {
        row.remove(2);
    }
    let added_problems = problems(&affiliates::import(&client, &csv(&added), "a.csv").await.unwrap());
    assert!(
        added_problems.iter().any(|p| p.starts_with("Row 2, column L (Notes): ") && p.contains("added")),
        "{added_problems:?}"
    );
    let deleted_problems = problems(&affiliates::import(&client, &csv(&deleted), "a.csv").await.unwrap());
    assert!(
        deleted_problems.iter().any(|p| p.contains("Account status") && p.contains("deleted")),
        "{deleted_problems:?}"
    );

    let status_row = row_of(&grid, ids[0]) as u32;
    let with_formula = xlsx(&grid, &[(status_row, 2, "=\"Inac\"&\"tive\"")], &[]);
    let formula_problems = problems(&affiliates::import(&client, &with_formula, "a.xlsx").await.unwrap());
    assert!(
        formula_problems
            .iter()
            .any(|p| p.starts_with(&format!("Row {}, column C (Account status): ", status_row + 1))
                && p.contains("formula")),
        "{formula_problems:?}"
    );
    let merged = xlsx(&grid, &[], &[(status_row, 7, status_row + 1, 7)]);
    let merged_problems = problems(&affiliates::import(&client, &merged, "a.xlsx").await.unwrap());
    assert!(
        merged_problems
            .iter()
            .any(|p| p.starts_with(&format!("Row {}, column H (Billing frequency): ", status_row + 1))
                && p.contains("merged")),
        "{merged_problems:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_affiliate_saved_on_everflow_since_the_export_is_flagged() {
    let sim = common::demo().await;
    let client = sim.test_client();
    let ids = common::active_ids(&sim, 2);
    let mut grid = exported_grid(&client).await;
    set(&mut grid, ids[0], "Account status", "Suspended");
    set(&mut grid, ids[1], "Account status", "Suspended");
    // Someone changes the first affiliate on Everflow after the export.
    sim.with_state(|net| {
        let a = net.affiliates.get_mut(&ids[0]).unwrap();
        a.labels.push("vip".into());
        a.time_saved += 60;
    });
    let plan = affiliates::import(&client, &csv(&grid), "affiliates.csv").await.unwrap();
    let warned: std::collections::BTreeSet<i64> =
        plan.rows.iter().filter(|r| r.warning.is_some()).map(|r| r.record_id).collect();
    assert_eq!(warned.into_iter().collect::<Vec<_>>(), vec![ids[0]], "{:?}", plan.rows);
    assert!(plan.notices.iter().any(|n| n.contains("1 affiliate changed on Everflow")), "{:?}", plan.notices);
    // Everflow's new label is not part of the sheet's edit: the labels cell still has the old
    // ones, so the import would remove it, and that row is flagged too.
    assert!(plan.rows.iter().filter(|r| r.record_id == ids[0]).all(|r| r.warning.is_some()));
}

#[tokio::test(flavor = "multi_thread")]
async fn account_executive_and_traffic_source_are_read_by_name_and_apply() {
    let sim = common::demo().await;
    let client = sim.test_client();
    let ids = common::active_ids(&sim, 30);
    let executive_of = |id: i64| sim.with_state(|net| net.affiliates[&id].account_executive_id);
    let source_of = |id: i64| sim.with_state(|net| net.affiliates[&id].network_traffic_source_id);
    let with_executive = *ids.iter().find(|id| executive_of(**id) != 0).expect("an affiliate with an executive");
    let without: Vec<i64> = ids.iter().copied().filter(|id| executive_of(*id) == 0).take(3).collect();
    let employees = client.employees().await.unwrap();
    let (newcomer, other_source) = (without[0], without[1]);
    let executive = employees.iter().find(|e| e.network_employee_id != 0).unwrap();
    let grid = exported_grid(&client).await;
    // Exported in words: the executive's name, the source's name, empty for none.
    let source_cell = &grid.cells[row_of(&grid, other_source)][column(&grid, "Traffic source")];
    let names = ["", "Email", "Social", "Search", "Native"];
    assert_eq!(source_cell, names[source_of(other_source) as usize]);
    assert_eq!(grid.cells[row_of(&grid, newcomer)][column(&grid, "Account executive")], "");
    assert_ne!(grid.cells[row_of(&grid, with_executive)][column(&grid, "Account executive")], "");

    let mut edited = grid.clone();
    set(&mut edited, newcomer, "Account executive", &executive.full_name().to_uppercase());
    set(&mut edited, with_executive, "Account executive", "");
    let new_source = if source_of(other_source) == 4 { "Email" } else { "Native" };
    set(&mut edited, other_source, "Traffic source", new_source);
    let planned = affiliates::import(&client, &csv(&edited), "affiliates.csv").await.unwrap();
    assert_eq!(problems(&planned), Vec::<String>::new());
    let changed = changed_cells(&planned);
    assert_eq!(changed.len(), 3, "exactly the three edited cells: {changed:?}");
    assert!(changed.contains(&(newcomer, "account_executive_id".into())), "{changed:?}");
    assert!(changed.contains(&(with_executive, "account_executive_id".into())), "{changed:?}");
    assert!(changed.contains(&(other_source, "network_traffic_source_id".into())), "{changed:?}");

    let report = common::apply(&client, &planned, &common::journal()).await.unwrap();
    assert_eq!(report.status, ApplyStatus::Applied, "{report:?}");
    assert_eq!(executive_of(newcomer), executive.network_employee_id);
    assert_eq!(executive_of(with_executive), 0);
    assert_eq!(names[source_of(other_source) as usize], new_source);

    // A source or executive the network does not have is named at its cell.
    let mut wrong = grid.clone();
    set(&mut wrong, without[2], "Traffic source", "Billboards");
    set(&mut wrong, without[2], "Account executive", "Nobody Here");
    let found = problems(&affiliates::import(&client, &csv(&wrong), "affiliates.csv").await.unwrap());
    let row = row_of(&grid, without[2]) + 1;
    assert!(
        found.iter().any(|p| p.starts_with(&format!("Row {row}, column G (Traffic source): "))
            && p.contains("\"Billboards\"")
            && p.contains("Email, Social, Search, Native")),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|p| p.starts_with(&format!("Row {row}, column E (Account executive): ")) && p.contains("Nobody Here")),
        "{found:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn without_the_traffic_source_list_sources_are_written_and_read_as_ids() {
    let sim = common::demo().await;
    let client = sim.test_client();
    sim.deny_areas([Area::TrafficSources]);
    let source_of = |id: i64| sim.with_state(|net| net.affiliates[&id].network_traffic_source_id);
    let ids = common::active_ids(&sim, 20);
    let with_source = *ids.iter().find(|id| source_of(**id) != 0).expect("an affiliate with a traffic source");
    let grid = exported_grid(&client).await;
    let cell = &grid.cells[row_of(&grid, with_source)][column(&grid, "Traffic source")];
    assert_eq!(cell, &format!("#{}", source_of(with_source)));
    let untouched = affiliates::import(&client, &csv(&grid), "affiliates.csv").await.unwrap();
    assert_eq!(problems(&untouched), Vec::<String>::new());
    assert!(changed_cells(&untouched).is_empty(), "{:?}", changed_cells(&untouched));

    let new_source = if source_of(with_source) == 1 { 2 } else { 1 };
    let mut edited = grid.clone();
    set(&mut edited, with_source, "Traffic source", &format!("#{new_source}"));
    set(&mut edited, ids.iter().copied().find(|id| *id != with_source).unwrap(), "Traffic source", "Email");
    let planned = affiliates::import(&client, &csv(&edited), "affiliates.csv").await.unwrap();
    let found = problems(&planned);
    assert!(
        found.len() == 1 && found[0].contains("\"Email\"") && found[0].contains("could not be read"),
        "a name cannot be looked up without the list: {found:?}"
    );
    assert_eq!(changed_cells(&planned), vec![(with_source, "network_traffic_source_id".to_owned())]);
}
