//! The visibility sheet: affiliates down, offers across, each cell in words (Visible, Hidden,
//! Rejected, "Visible (offer default)"), and its import as a visibility plan against Everflow
//! now, with the gains/losses preview. Above each offer's column, row 1 keeps a fingerprint of
//! that offer's visibility at export, so an import flags offers changed on Everflow since.

use std::collections::{BTreeSet, HashMap};

use everflow::{AffiliatesTableRequest, Client, OfferVisibility, OffersTableRequest, SetType, Visibility};

use super::grid::{Grid, OutCell, OutSheet, ROWS_ABOVE_DATA};
use super::{column_name, is_blank, layout_problems, read_stamp, stamp, SheetKind};
use crate::error::CoreResult;
use crate::plan::kinds::visibility::{build_plan, cell_words, VisibilityChange};
use crate::plan::model::{plural, Planned, SheetProblem};
use crate::visibility_matrix::{cell, explicit_map, CellEdit, MatrixOffer, VisibilityMatrix};

const ID: &str = "ID";
const AFFILIATE: &str = "Affiliate (read only)";
/// Before each offer's fingerprint in row 1.
const AT_EXPORT: &str = "State at export: ";

/// An offer's heading: its name and id, the id read back on import.
fn offer_heading(offer: &MatrixOffer) -> String {
    format!("{} (#{})", offer.name, offer.id)
}

/// The offer id at the end of a heading ("Summer promo (#12)" → 12).
fn offer_id_of(heading: &str) -> Option<i64> {
    let (_, rest) = heading.trim().rsplit_once("(#")?;
    rest.strip_suffix(')')?.trim().parse().ok()
}

/// A short fingerprint of an offer's explicit visibility: equal exactly when the lists are.
pub fn fingerprint(visibility: &OfferVisibility) -> String {
    let sorted = |ids: &[i64]| {
        let mut ids = ids.to_vec();
        ids.sort_unstable();
        ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
    };
    let text = format!(
        "v{}h{}r{}",
        sorted(&visibility.network_affiliate_visible_ids),
        sorted(&visibility.network_affiliate_hidden_ids),
        sorted(&visibility.network_affiliate_rejected_ids)
    );
    // FNV-1a: stable across runs and versions (std's hasher is not).
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
    format!("{:08x}", hash as u32)
}

/// The sheet of a loaded matrix, or of the chosen affiliates and offers of it.
pub fn sheet(
    matrix: &VisibilityMatrix,
    affiliate_ids: Option<&[i64]>,
    offer_ids: Option<&[i64]>,
    account_name: &str,
    exported_at: i64,
) -> OutSheet {
    let offers: Vec<usize> =
        (0..matrix.offers.len()).filter(|i| offer_ids.is_none_or(|ids| ids.contains(&matrix.offers[*i].id))).collect();
    let maps: Vec<HashMap<i64, Visibility>> = offers.iter().map(|i| explicit_map(&matrix.visibility[*i])).collect();
    let mut top_row = vec![stamp(SheetKind::Visibility, account_name, exported_at), String::new()];
    top_row.extend(offers.iter().map(|i| format!("{AT_EXPORT}{}", fingerprint(&matrix.visibility[*i]))));
    let mut headings = vec![ID.to_owned(), AFFILIATE.to_owned()];
    headings.extend(offers.iter().map(|i| offer_heading(&matrix.offers[*i])));
    let rows = matrix
        .affiliates
        .iter()
        .filter(|a| affiliate_ids.is_none_or(|ids| ids.contains(&a.id)))
        .map(|a| {
            let mut row = vec![OutCell::Number(a.id as f64), a.name.as_str().into()];
            for (k, i) in offers.iter().enumerate() {
                row.push(cell_words(cell(&maps[k], matrix.offers[*i].default, a.id)).into());
            }
            row
        })
        .collect();
    OutSheet { title: "Visibility".into(), top_row, headings, rows, frozen_columns: 2 }
}

/// What a cell asks for.
enum Wanted {
    Set(SetType),
    Rejected,
    Default,
}

fn read_cell(text: &str) -> Option<Wanted> {
    let lower = text.trim().to_lowercase();
    let state = lower.strip_suffix("(offer default)").map(str::trim).unwrap_or(&lower);
    Some(match state {
        "visible" => Wanted::Set(SetType::Visible),
        "hidden" => Wanted::Set(SetType::Hidden),
        "rejected" => Wanted::Rejected,
        "" | "default" | "offer default" => Wanted::Default,
        _ => return None,
    })
}

/// Plans the cells an edited visibility sheet changes, against Everflow now. Cells that cannot
/// be read are the plan's `sheet_problems`.
pub async fn import(client: &Client, bytes: &[u8], file_name: &str) -> CoreResult<Planned<VisibilityChange>> {
    let grid = Grid::read(bytes)?;
    let mut problems = Vec::new();
    if let Err(problem) = read_stamp(&grid, SheetKind::Visibility) {
        problems.push(problem);
    }
    let headings: Vec<String> = grid.cells.get(ROWS_ABOVE_DATA - 1).cloned().unwrap_or_default();
    problems.extend(layout_problems(&grid, &headings));
    let unreadable = grid.unreadable();
    let heading_problem = |col: usize, message: String| SheetProblem {
        row: Some(ROWS_ABOVE_DATA as u32),
        column: Some(column_name(col, headings.get(col).map(String::as_str).unwrap_or(""))),
        message,
    };
    for (col, expected) in [(0, ID), (1, AFFILIATE)] {
        if !headings.get(col).is_some_and(|h| h.trim().eq_ignore_ascii_case(expected)) {
            problems.push(heading_problem(
                col,
                format!("This column should be \"{expected}\": a column was added, deleted or renamed before it."),
            ));
        }
    }
    // Offer columns, by their id.
    let mut offer_columns: Vec<(usize, i64)> = Vec::new();
    for (col, heading) in headings.iter().enumerate().skip(2) {
        match offer_id_of(heading) {
            Some(id) if offer_columns.iter().any(|(_, seen)| *seen == id) => {
                problems.push(heading_problem(col, format!("Offer {id} has two columns; delete one.")))
            }
            Some(id) => offer_columns.push((col, id)),
            None if heading.trim().is_empty() && !column_used(&grid, col) => {}
            None => problems.push(heading_problem(
                col,
                "This column was added (or its heading renamed): an offer's heading ends with its ID, as in \
                 \"Summer promo (#12)\". Delete it or put the heading back."
                    .into(),
            )),
        }
    }

    let offer_rows = client.offers_table_all(&OffersTableRequest::default(), everflow::MAX_PAGE_SIZE, None).await?;
    let mut offers: Vec<MatrixOffer> = Vec::new();
    for (col, id) in &offer_columns {
        match offer_rows.iter().find(|o| o.network_offer_id == *id) {
            Some(row) => offers.push(MatrixOffer::from_row(row)),
            None => problems.push(heading_problem(*col, format!("Offer {id} is not on this network."))),
        }
    }
    let offer_ids: Vec<i64> = offers.iter().map(|o| o.id).collect();
    let visibility = client.offers_visibility(&offer_ids, None).await?;
    let affiliate_rows =
        client.affiliates_table_all(&AffiliatesTableRequest::default(), everflow::MAX_PAGE_SIZE, &[], None).await?;
    let names: HashMap<i64, String> =
        affiliate_rows.iter().map(|row| (row.network_affiliate_id, row.name.clone())).collect();
    let matrix = VisibilityMatrix {
        matrix_id: String::new(),
        loaded_at: crate::plan::model::now(),
        affiliates: Vec::new(),
        offers: offers.clone(),
        visibility: visibility.clone(),
    };

    let mut edits = Vec::new();
    let mut seen_affiliates = BTreeSet::new();
    for (r, row) in grid.cells.iter().enumerate().skip(ROWS_ABOVE_DATA) {
        if is_blank(row) {
            continue;
        }
        let at = |col: usize, message: String| SheetProblem {
            row: Some(r as u32 + 1),
            column: Some(column_name(col, headings.get(col).map(String::as_str).unwrap_or(""))),
            message,
        };
        let id_text = grid.text(r, 0).trim();
        let affiliate_id = match id_text.parse::<i64>() {
            Ok(id) if !names.contains_key(&id) => {
                problems.push(at(0, format!("Affiliate {id} is not on this network.")));
                continue;
            }
            Ok(id) if !seen_affiliates.insert(id) => {
                problems.push(at(0, format!("Affiliate {id} is listed twice; keep one row.")));
                continue;
            }
            Ok(id) => id,
            Err(_) => {
                if !unreadable.contains(&(r, 0)) {
                    problems.push(at(0, format!("\"{id_text}\" is not an affiliate ID (a whole number).")));
                }
                continue;
            }
        };
        for (col, offer_id) in &offer_columns {
            let Some(index) = offers.iter().position(|o| o.id == *offer_id) else { continue };
            if unreadable.contains(&(r, *col)) {
                continue;
            }
            let text = grid.text(r, *col);
            let now = cell(&explicit_map(&visibility[index]), offers[index].default, affiliate_id);
            match read_cell(text) {
                Some(Wanted::Set(target)) => edits.push(CellEdit { offer_id: *offer_id, affiliate_id, target }),
                Some(Wanted::Rejected) if now.visibility == Visibility::Rejected => {}
                Some(Wanted::Rejected) => problems.push(at(
                    *col,
                    "Only the affiliate can be rejected on Everflow; a change can set Visible or Hidden.".into(),
                )),
                Some(Wanted::Default) if !now.explicit => {}
                Some(Wanted::Default) => problems.push(at(
                    *col,
                    format!(
                        "The cell is {} on Everflow; a sheet cannot put it back to the offer default. Write \
                         Visible or Hidden.",
                        cell_words(now)
                    ),
                )),
                None => problems
                    .push(at(*col, format!("\"{}\" is not a visibility: write Visible or Hidden.", text.trim()))),
            }
        }
    }

    // Offers whose visibility changed on Everflow since the export.
    let stale: BTreeSet<i64> = offer_columns
        .iter()
        .filter_map(|(col, id)| {
            let exported = grid.text(0, *col).trim().strip_prefix(AT_EXPORT.trim_end())?.trim().to_owned();
            let now = visibility.iter().find(|v| v.network_offer_id == *id)?;
            (fingerprint(now) != exported).then_some(*id)
        })
        .collect();

    let changes = matrix.diff(&edits);
    let mut planned = build_plan(&offers, &visibility, &changes, &names, None);
    planned.plan.description =
        format!("Import {file_name}: {}", plural(changes.len(), "cell to change", "cells to change"));
    let mut flagged = BTreeSet::new();
    for row in planned.plan.rows.iter_mut() {
        if let Some(offer) = row.group_id.filter(|id| stale.contains(id)) {
            row.warning = Some(
                "This offer's visibility changed on Everflow since the sheet was exported. Applying writes the \
                 sheet's value over it."
                    .into(),
            );
            flagged.insert(offer);
        }
    }
    if !flagged.is_empty() {
        planned.plan.notices.push(format!(
            "{} changed on Everflow since the sheet was exported; their rows are marked.",
            plural(flagged.len(), "offer's visibility", "offers' visibility")
        ));
    }
    planned.plan.sheet_problems = problems;
    let batches = planned.plan.batches;
    planned.plan.finish(batches);
    Ok(planned)
}

fn column_used(grid: &Grid, col: usize) -> bool {
    grid.cells.iter().skip(ROWS_ABOVE_DATA).any(|row| row.get(col).is_some_and(|c| !c.trim().is_empty()))
}
