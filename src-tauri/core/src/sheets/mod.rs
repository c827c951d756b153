//! Spreadsheet round trips: the affiliates table, the visibility matrix and History exported as
//! XLSX or CSV, and the first two imported back, after editing in Excel, LibreOffice or Google
//! Sheets, as a plan previewed in the one preview dialog (never applied straight from a file).
//!
//! Every exported sheet has the same frame, chosen because it survives a round trip through a
//! spreadsheet program as XLSX and as CSV (a hidden sheet or a cell note would be lost in CSV):
//! - row 1, cell A1: the stamp, saying which sheet it is, the account and when it was exported
//!   (Unix seconds in brackets, so no program turns it into a date of its own format);
//! - row 2: the headings (read-only columns say so); rows 1–2 and the key column are frozen;
//! - row 3 on: one record per row.
//!
//! What was on Everflow at export time travels in the sheet: the affiliates sheet has each
//! affiliate's "Saved on Everflow" time, the visibility sheet a fingerprint of each offer's
//! visibility, so an import can flag records that changed on Everflow since.

pub mod affiliates;
pub mod grid;
pub mod history;
pub mod visibility;

use crate::plan::model::SheetProblem;
use grid::{column_letter, Grid};

/// Which sheet a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetKind {
    Affiliates,
    Visibility,
}

impl SheetKind {
    fn words(self) -> &'static str {
        match self {
            SheetKind::Affiliates => "affiliates",
            SheetKind::Visibility => "visibility",
        }
    }

    /// Where such a sheet is imported.
    fn screen(self) -> &'static str {
        match self {
            SheetKind::Affiliates => "the Affiliates screen",
            SheetKind::Visibility => "the Visibility screen",
        }
    }
}

/// The text of cell A1.
pub fn stamp(kind: SheetKind, account_name: &str, exported_at: i64) -> String {
    format!(
        "Eflow Desk {} sheet from {account_name}, exported {} [{exported_at}]. Edit the columns not marked \
         read only; keep this row, the headings and the ID column.",
        kind.words(),
        time_words(exported_at)
    )
}

/// "2026-12-06 11:40 UTC".
pub fn time_words(unix: i64) -> String {
    chrono::DateTime::from_timestamp(unix, 0)
        .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_else(|| unix.to_string())
}

/// When the sheet was exported, read from its stamp, or the problem with row 1.
pub fn read_stamp(grid: &Grid, kind: SheetKind) -> Result<i64, SheetProblem> {
    let text = grid.text(0, 0);
    let problem = |message: String| SheetProblem { row: Some(1), column: Some("A".into()), message };
    for other in [SheetKind::Affiliates, SheetKind::Visibility] {
        if other != kind && text.starts_with(&format!("Eflow Desk {} sheet", other.words())) {
            return Err(problem(format!("This is a {} sheet; import it on {}.", other.words(), other.screen())));
        }
    }
    let exported_at = text
        .starts_with(&format!("Eflow Desk {} sheet", kind.words()))
        .then(|| text.rsplit_once('[').and_then(|(_, rest)| rest.split_once(']')).map(|(n, _)| n.trim().parse::<i64>()))
        .flatten()
        .and_then(Result::ok);
    exported_at.ok_or_else(|| {
        problem(format!(
            "The first row of a sheet exported from Eflow Desk says what it is and when it was exported; \
             it is missing or changed. Export the {} again, or put the first row back.",
            kind.words()
        ))
    })
}

/// A column's name as the spreadsheet program shows it with its heading: "D (Billing frequency)".
pub fn column_name(index: usize, heading: &str) -> String {
    if heading.trim().is_empty() {
        column_letter(index)
    } else {
        format!("{} ({})", column_letter(index), heading.trim())
    }
}

/// The formulas and merged cells of a grid, as problems at their cells: a value computed by the
/// spreadsheet or spread over several cells is not one the app can take as typed.
pub fn layout_problems(grid: &Grid, headings: &[String]) -> Vec<SheetProblem> {
    let heading = |col: usize| headings.get(col).map(String::as_str).unwrap_or("");
    let mut problems = Vec::new();
    for ((row, col), formula) in &grid.formulas {
        problems.push(SheetProblem {
            row: Some(*row as u32 + 1),
            column: Some(column_name(*col, heading(*col))),
            message: format!(
                "This cell holds a formula ({}); type the value itself instead.",
                formula.strip_prefix('=').map(|f| format!("={f}")).unwrap_or_else(|| format!("={formula}"))
            ),
        });
    }
    for (top, left, bottom, right) in &grid.merged {
        let rows =
            if top == bottom { format!("row {}", top + 1) } else { format!("rows {}–{}", top + 1, bottom + 1) };
        let columns = if left == right {
            column_letter(*left)
        } else {
            format!("{}–{}", column_letter(*left), column_letter(*right))
        };
        problems.push(SheetProblem {
            row: Some(*top as u32 + 1),
            column: Some(column_name(*left, heading(*left))),
            message: format!(
                "Cells are merged ({rows}, columns {columns}); unmerge them so each cell has its own value."
            ),
        });
    }
    problems
}

/// Whether a row holds nothing (a spreadsheet program may keep empty rows at the end).
pub fn is_blank(row: &[String]) -> bool {
    row.iter().all(|cell| cell.trim().is_empty())
}
