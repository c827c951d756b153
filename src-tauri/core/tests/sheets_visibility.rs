//! The visibility sheet against the simulator, and History as CSV.

mod common;

use eflow_core::jobs::CancellationToken;
use eflow_core::plan::history::HistoryScope;
use eflow_core::plan::{undo, ApplyStatus, Plan, RowStatus};
use eflow_core::sheets::grid::{Grid, SheetFormat};
use eflow_core::sheets::{self, visibility};
use eflow_core::visibility_matrix::{self, MatrixRequest, VisibilityMatrix};
use everflow::*;
use everflow_sim::RunningSim;

async fn matrix(client: &Client) -> VisibilityMatrix {
    visibility_matrix::load_matrix(client, &MatrixRequest::default(), &CancellationToken::new(), &|_| {}).await.unwrap()
}

fn exported(matrix: &VisibilityMatrix, format: SheetFormat) -> Vec<u8> {
    visibility::sheet(matrix, None, None, "Demo network", 1_700_000_000).to_bytes(format).unwrap()
}

fn column_of(grid: &Grid, offer: i64) -> usize {
    grid.cells[1].iter().position(|h| h.ends_with(&format!("(#{offer})"))).unwrap()
}

fn row_of(grid: &Grid, affiliate: i64) -> usize {
    grid.cells.iter().position(|row| row.first() == Some(&affiliate.to_string())).unwrap()
}

fn set(grid: &mut Grid, affiliate: i64, offer: i64, text: &str) {
    let (r, c) = (row_of(grid, affiliate), column_of(grid, offer));
    grid.cells[r][c] = text.into();
}

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

fn sim_visibility(sim: &RunningSim, offer: i64, affiliate: i64) -> Visibility {
    sim.with_state(|net| net.offers[&offer].visibility_of(affiliate))
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unedited_matrix_sheet_plans_nothing() {
    let sim = common::demo().await;
    let client = sim.test_client();
    let matrix = matrix(&client).await;
    for format in [SheetFormat::Xlsx, SheetFormat::Csv] {
        let bytes = exported(&matrix, format);
        let grid = Grid::read(&bytes).unwrap();
        assert_eq!(grid.cells.len() - 2, matrix.affiliates.len());
        assert_eq!(grid.cells[1].len() - 2, matrix.offers.len());
        assert!(grid.cells.iter().flatten().any(|c| c == "Rejected"), "cells are words");
        let plan = visibility::import(&client, &bytes, "matrix").await.unwrap();
        assert_eq!(problems(&plan), Vec::<String>::new(), "{format:?}");
        assert!(plan.rows.is_empty(), "{format:?}: {:?}", plan.rows);
        assert_eq!(plan.batches, 0);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn edited_cells_plan_apply_and_undo_and_history_lists_them() {
    let sim = common::demo().await;
    let client = sim.test_client();
    let matrix = matrix(&client).await;
    let mut grid = Grid::read(&exported(&matrix, SheetFormat::Xlsx)).unwrap();
    // Offer 2: affiliate 15 is hidden, affiliate 3 has the default; offer 5: 6 is visible.
    let before = (sim_visibility(&sim, 2, 15), sim_visibility(&sim, 2, 3), sim_visibility(&sim, 5, 6));
    set(&mut grid, 15, 2, "Visible");
    set(&mut grid, 3, 2, if before.1 == Visibility::Visible { "Hidden" } else { "Visible" });
    set(&mut grid, 6, 5, "hidden");
    let planned = visibility::import(&client, &csv(&grid), "matrix.csv").await.unwrap();
    assert_eq!(problems(&planned), Vec::<String>::new());
    let cells: Vec<(Option<i64>, i64)> =
        planned.rows.iter().filter(|r| r.status == RowStatus::Ok).map(|r| (r.group_id, r.record_id)).collect();
    assert_eq!(cells.len(), 3, "exactly the edited cells: {cells:?}");
    for cell in [(Some(2), 15), (Some(2), 3), (Some(5), 6)] {
        assert!(cells.contains(&cell), "{cells:?}");
    }
    assert!(!planned.summaries.is_empty(), "who gains and who loses access");
    assert!(planned.can_apply, "{:?}", planned.blocked_reason);

    let journal = common::journal();
    let report = common::apply(&client, &planned, &journal).await.unwrap();
    assert_eq!(report.status, ApplyStatus::Applied, "{report:?}");
    assert_eq!(sim_visibility(&sim, 2, 15), Visibility::Visible);
    assert_eq!(sim_visibility(&sim, 5, 6), Visibility::Hidden);

    let history =
        sheets::history::csv(&journal.read().unwrap(), Some(&common::test_account(&client)), HistoryScope::OpenAccount)
            .unwrap();
    let text = String::from_utf8(history).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].contains("When,Account,Change,Record ID,Record,Offer,Field,Before,After,Outcome"), "{text}");
    assert_eq!(lines.len(), 4, "one line per changed cell: {text}");
    assert!(lines.iter().skip(1).all(|l| l.ends_with("Applied")), "{text}");

    let item = &common::history_of(&client, &journal)[0];
    let undo_plan = undo::plan_undo(&client, &journal, &common::test_account(&client), &item.plan_id).await.unwrap();
    let undone = eflow_core::plan::executor::apply(
        &client,
        &undo_plan,
        eflow_core::plan::ApplyContext { journal: &journal, account: &common::test_account(&client) },
        &CancellationToken::new(),
        &common::nothing,
    )
    .await
    .unwrap();
    assert_eq!(undone.status, ApplyStatus::Applied);
    assert_eq!((sim_visibility(&sim, 2, 15), sim_visibility(&sim, 2, 3), sim_visibility(&sim, 5, 6)), before);
}

#[tokio::test(flavor = "multi_thread")]
async fn each_unreadable_matrix_cell_names_its_row_and_column() {
    let sim = common::demo().await;
    let client = sim.test_client();
    let matrix = matrix(&client).await;
    let grid = Grid::read(&exported(&matrix, SheetFormat::Xlsx)).unwrap();
    let mut edited = grid.clone();
    set(&mut edited, 1, 2, "Visable");
    set(&mut edited, 3, 9, "Rejected");
    set(&mut edited, 1, 4, "default");
    let extra = row_of(&edited, 5);
    edited.cells[extra][0] = "999999".into();
    edited.cells[1].push("Comments".into());
    edited.cells[2].push("ask first".into());
    let found = problems(&visibility::import(&client, &csv(&edited), "m.csv").await.unwrap());
    let at = |affiliate: i64, offer: i64| {
        format!("Row {}, column {}", row_of(&grid, affiliate) + 1, sheets::grid::column_letter(column_of(&grid, offer)))
    };
    assert!(found.iter().any(|p| p.starts_with(&at(1, 2)) && p.contains("\"Visable\"")), "{found:?}");
    assert!(found.iter().any(|p| p.starts_with(&at(3, 9)) && p.contains("rejected")), "{found:?}");
    assert!(found.iter().any(|p| p.starts_with(&at(1, 4)) && p.contains("offer default")), "{found:?}");
    assert!(
        found.iter().any(|p| p.starts_with(&format!("Row {}, column A (ID)", extra + 1)) && p.contains("999999")),
        "{found:?}"
    );
    assert!(
        found.iter().any(|p| p.starts_with("Row 2, column") && p.contains("(Comments)") && p.contains("added")),
        "{found:?}"
    );

    let mut no_id = grid.clone();
    for row in no_id.cells.iter_mut().skip(1) {
        row.remove(0);
    }
    let deleted = problems(&visibility::import(&client, &csv(&no_id), "m.csv").await.unwrap());
    assert!(deleted.iter().any(|p| p.starts_with("Row 2, column A") && p.contains("\"ID\"")), "{deleted:?}");

    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (r, row) in grid.cells.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, text).unwrap();
        }
    }
    let (r, c) = (row_of(&grid, 2) as u32, column_of(&grid, 2) as u16);
    sheet.write_formula(r, c, "=\"Vis\"&\"ible\"").unwrap();
    sheet.merge_range(r + 1, c, r + 1, c + 1, "Visible", &rust_xlsxwriter::Format::new()).unwrap();
    let found = problems(&visibility::import(&client, &workbook.save_to_buffer().unwrap(), "m.xlsx").await.unwrap());
    assert!(found.iter().any(|p| p.starts_with(&at(2, 2)) && p.contains("formula")), "{found:?}");
    assert!(
        found.iter().any(|p| p.starts_with(&format!("Row {}, column", r + 2)) && p.contains("merged")),
        "{found:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_offer_changed_on_everflow_since_the_export_is_flagged() {
    let sim = common::demo().await;
    let client = sim.test_client();
    let matrix = matrix(&client).await;
    let mut grid = Grid::read(&exported(&matrix, SheetFormat::Xlsx)).unwrap();
    set(&mut grid, 15, 2, "Visible");
    set(&mut grid, 6, 5, "Hidden");
    // Someone hides affiliate 20 on offer 2 on Everflow after the export.
    sim.with_state(|net| net.offers.get_mut(&2).unwrap().explicit.insert(20, Visibility::Hidden));
    let plan = visibility::import(&client, &csv(&grid), "m.csv").await.unwrap();
    let flagged: Vec<(Option<i64>, i64)> =
        plan.rows.iter().filter(|r| r.warning.is_some()).map(|r| (r.group_id, r.record_id)).collect();
    assert!(flagged.contains(&(Some(2), 15)), "{:?}", plan.rows);
    assert!(!flagged.iter().any(|(offer, _)| *offer == Some(5)), "offer 5 did not change: {flagged:?}");
    assert!(plan.notices.iter().any(|n| n.contains("changed on Everflow since the sheet was exported")));
}
