//! The affiliates sheet: one row per affiliate with its editable fields in words, and its import
//! as a bulk edit (the existing kind, one patch group per field and new value, previewed by
//! Everflow). Cells equal to Everflow's value are no-ops; an affiliate saved on Everflow after the
//! time the sheet carries is flagged on its rows.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use everflow::validate::{schedule_field_type, validate_affiliate_patch};
use everflow::{
    AccountStatus, AffiliateField, AffiliatePatch, AffiliateRow, AffiliatesTableRequest, BillingFrequency,
    BimonthlySchedule, Client, Employee, MonthCycleSchedule, MonthlySchedule, PatchField, PatchOperator, PaymentType,
    TrafficSource, Weekday,
};
use serde_json::json;

use super::grid::{Grid, OutCell, OutSheet, ROWS_ABOVE_DATA};
use super::{column_name, is_blank, layout_problems, read_stamp, stamp, time_words, SheetKind};
use crate::error::CoreResult;
use crate::fields::affiliate_label;
use crate::plan::kinds::affiliate_bulk_edit::{
    plan_groups, preview_chunked, probe_value, value_words, AffiliateBulkEdit, PatchGroup, DEFAULT_BATCH_SIZE,
};
use crate::plan::model::{plural, Planned, RowStatus, SheetProblem};

/// The columns, in the order they are written. Their headings come from the one table of field
/// words (`fields.rs`), read-only ones marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Column {
    Id,
    Name,
    Status,
    Manager,
    Executive,
    Labels,
    TrafficSource,
    Frequency,
    Schedule,
    PaymentType,
    Saved,
}

const COLUMNS: [Column; 11] = [
    Column::Id,
    Column::Name,
    Column::Status,
    Column::Manager,
    Column::Executive,
    Column::Labels,
    Column::TrafficSource,
    Column::Frequency,
    Column::Schedule,
    Column::PaymentType,
    Column::Saved,
];

/// Marks a heading whose column the import does not read back.
const READ_ONLY: &str = " (read only)";

impl Column {
    fn heading(self) -> String {
        match self {
            Column::Id => "ID".into(),
            Column::Name => format!("{}{READ_ONLY}", affiliate_label("name")),
            Column::Status => affiliate_label("account_status"),
            Column::Manager => affiliate_label("network_employee_id"),
            Column::Executive => affiliate_label("account_executive_id"),
            Column::Labels => affiliate_label("labels"),
            Column::TrafficSource => affiliate_label("network_traffic_source_id"),
            Column::Frequency => affiliate_label("billing_billing_frequency"),
            // One column for the schedule of whichever frequency the row has.
            Column::Schedule => "Billing schedule".into(),
            Column::PaymentType => format!("{}{READ_ONLY}", affiliate_label("billing.payment_type")),
            Column::Saved => format!("Saved on Everflow{READ_ONLY}"),
        }
    }
}

/// An affiliate's values as the sheet shows them, from the affiliates table and (billing and the
/// traffic source, which the table does not carry) Everflow's patch preview, which reports each
/// current value.
#[derive(Debug, Clone, PartialEq)]
pub struct AffiliateNow {
    pub id: i64,
    pub name: String,
    pub status: Option<AccountStatus>,
    pub manager_id: i64,
    pub manager_name: String,
    /// 0 when the affiliate has none.
    pub executive_id: i64,
    pub executive_name: String,
    pub labels: Vec<String>,
    /// 0 when the affiliate has none.
    pub traffic_source_id: i64,
    pub frequency: Option<BillingFrequency>,
    pub schedule: Option<AffiliateField>,
    pub payment_type: Option<PaymentType>,
    pub time_saved: i64,
}

/// The current values of these affiliates: the table rows, then the billing frequency and the
/// traffic source of all (one preview per 500) and the schedule of each frequency (one preview per
/// frequency and 500). The traffic source is asked with one of `traffic_sources` as the probe, a
/// value Everflow certainly accepts (0, "none", when the list is empty or could not be read).
pub async fn current(
    client: &Client,
    rows: &[AffiliateRow],
    traffic_sources: &[TrafficSource],
) -> CoreResult<Vec<AffiliateNow>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.network_affiliate_id).collect();
    let mut frequencies: HashMap<i64, BillingFrequency> = HashMap::new();
    let mut source_of: HashMap<i64, i64> = HashMap::new();
    if !ids.is_empty() {
        let probe = [
            PatchField::overwrite(AffiliateField::BillingFrequency(BillingFrequency::Manual)),
            PatchField::overwrite(AffiliateField::NetworkTrafficSourceId(
                traffic_sources.first().map_or(0, |t| t.network_traffic_source_id),
            )),
        ];
        for change in preview_chunked(client, &ids, &probe).await?.changes {
            let id = change.network_affiliate.network_affiliate_id;
            match change.current_field {
                Some(AffiliateField::BillingFrequency(frequency)) => {
                    frequencies.insert(id, frequency);
                }
                Some(AffiliateField::NetworkTrafficSourceId(source)) => {
                    source_of.insert(id, source);
                }
                _ => {}
            }
        }
    }
    let mut by_schedule: BTreeMap<&'static str, Vec<i64>> = BTreeMap::new();
    for (id, frequency) in &frequencies {
        if let Some(schedule) = schedule_field_type(frequency) {
            by_schedule.entry(schedule).or_default().push(*id);
        }
    }
    let mut schedules: HashMap<i64, AffiliateField> = HashMap::new();
    for (schedule, mut ids) in by_schedule {
        let Some(probe) = probe_value(schedule) else { continue };
        ids.sort_unstable();
        for change in preview_chunked(client, &ids, &[PatchField::overwrite(probe)]).await?.changes {
            if let Some(field) = change.current_field.filter(|f| !matches!(f, AffiliateField::Unparsed { .. })) {
                schedules.insert(change.network_affiliate.network_affiliate_id, field);
            }
        }
    }
    Ok(rows
        .iter()
        .map(|row| AffiliateNow {
            id: row.network_affiliate_id,
            name: row.name.clone(),
            status: row.account_status.clone(),
            manager_id: row.account_manager_id,
            manager_name: row.account_manager_name.clone(),
            executive_id: row.account_executive_id,
            executive_name: row.account_executive_name.clone(),
            labels: row.labels.clone(),
            traffic_source_id: source_of.get(&row.network_affiliate_id).copied().unwrap_or(0),
            frequency: frequencies.get(&row.network_affiliate_id).cloned(),
            schedule: schedules.get(&row.network_affiliate_id).cloned(),
            payment_type: row.payment_type.clone(),
            time_saved: row.time_saved,
        })
        .collect())
}

/// The sheet of these affiliates. Traffic sources are written by name (`#id` when `traffic_sources`
/// does not name one, e.g. when the key may not read the list).
pub fn sheet(
    affiliates: &[AffiliateNow],
    traffic_sources: &[TrafficSource],
    account_name: &str,
    exported_at: i64,
) -> OutSheet {
    let rows = affiliates
        .iter()
        .map(|a| {
            COLUMNS
                .iter()
                .map(|column| match column {
                    Column::Id => OutCell::Number(a.id as f64),
                    Column::Name => a.name.as_str().into(),
                    Column::Status => a.status.as_ref().map(|s| words(s.as_str())).unwrap_or_default().into(),
                    Column::Manager => a.manager_name.as_str().into(),
                    Column::Executive => {
                        if a.executive_id == 0 {
                            "".into()
                        } else {
                            a.executive_name.as_str().into()
                        }
                    }
                    Column::Labels => a.labels.join(", ").into(),
                    Column::TrafficSource => traffic_source_words(a.traffic_source_id, traffic_sources).into(),
                    Column::Frequency => a.frequency.as_ref().map(|f| words(f.as_str())).unwrap_or_default().into(),
                    Column::Schedule => a.schedule.as_ref().map(schedule_words).unwrap_or_default().into(),
                    Column::PaymentType => {
                        a.payment_type.as_ref().map(|p| words(p.as_str())).unwrap_or_default().into()
                    }
                    Column::Saved => OutCell::Number(a.time_saved as f64),
                })
                .collect()
        })
        .collect();
    OutSheet {
        title: "Affiliates".into(),
        top_row: vec![stamp(SheetKind::Affiliates, account_name, exported_at)],
        headings: COLUMNS.iter().map(|c| c.heading()).collect(),
        rows,
        frozen_columns: 2,
    }
}

/// A traffic source as the sheet writes it: its name, `#id` when the list does not name it, empty
/// for none.
fn traffic_source_words(id: i64, traffic_sources: &[TrafficSource]) -> String {
    match traffic_sources.iter().find(|t| t.network_traffic_source_id == id) {
        _ if id == 0 => String::new(),
        Some(source) => source.name.clone(),
        None => format!("#{id}"),
    }
}

/// An Everflow value in the words the sheet uses ("two_months" → "Two months").
fn words(value: &str) -> String {
    value_words(&json!(value))
}

/// A schedule in words: "Monday", "Days 1 and 15", "Day 5", "Day 5, starting in month 2".
fn schedule_words(field: &AffiliateField) -> String {
    match field {
        AffiliateField::BillingWeekly(day) => words(day.as_str()),
        AffiliateField::BillingBimonthly(days) => {
            format!("Days {} and {}", days.day_of_month_one, days.day_of_month_two)
        }
        AffiliateField::BillingMonthly(day) => format!("Day {}", day.day_of_month),
        AffiliateField::BillingTwoMonths(cycle) | AffiliateField::BillingQuarterly(cycle) => {
            format!("Day {}, starting in month {}", cycle.day_of_month, cycle.starting_month)
        }
        _ => String::new(),
    }
}

/// The schedule a frequency needs, read from its words (the numbers in order, or a weekday).
fn parse_schedule(frequency: &BillingFrequency, text: &str) -> Result<Option<AffiliateField>, String> {
    let Some(field_type) = schedule_field_type(frequency) else {
        return if text.trim().is_empty() {
            Ok(None)
        } else {
            Err(format!("{} billing has no schedule; leave this cell empty.", words(frequency.as_str())))
        };
    };
    let numbers: Vec<i64> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|part| !part.is_empty())
        .filter_map(|part| part.parse().ok())
        .collect();
    let field = match field_type {
        "billing_weekly" => Weekday::ALL
            .iter()
            .find(|day| day.as_str().eq_ignore_ascii_case(text.trim()))
            .map(|day| AffiliateField::BillingWeekly(day.clone())),
        "billing_bimonthly" => match numbers[..] {
            [one, two] => Some(AffiliateField::BillingBimonthly(BimonthlySchedule {
                day_of_month_one: one,
                day_of_month_two: two,
            })),
            _ => None,
        },
        "billing_monthly" => match numbers[..] {
            [day] => Some(AffiliateField::BillingMonthly(MonthlySchedule { day_of_month: day })),
            _ => None,
        },
        _ => match numbers[..] {
            [day, month] => {
                let cycle = MonthCycleSchedule { starting_month: month, day_of_month: day };
                Some(if field_type == "billing_quarterly" {
                    AffiliateField::BillingQuarterly(cycle)
                } else {
                    AffiliateField::BillingTwoMonths(cycle)
                })
            }
            _ => None,
        },
    };
    field.map(Some).ok_or_else(|| {
        let example = match field_type {
            "billing_weekly" => "a day of the week, e.g. Monday",
            "billing_bimonthly" => "two days of the month, e.g. Days 1 and 15",
            "billing_monthly" => "a day of the month, e.g. Day 5",
            _ => "a day and a starting month, e.g. Day 5, starting in month 2",
        };
        format!(
            "\"{}\" is not a schedule {} billing can have: write {example}.",
            text.trim(),
            words(frequency.as_str())
        )
    })
}

/// Reads an Everflow enum value back from its words or its own spelling, case ignored.
fn from_words<T: Clone>(text: &str, all: &[T], as_str: impl Fn(&T) -> &str) -> Option<T> {
    let wanted = text.trim().to_lowercase();
    all.iter().find(|v| words(as_str(v)).to_lowercase() == wanted || as_str(v) == wanted).cloned()
}

/// The values of `all` in words, for a message: "Active, Inactive or Suspended".
fn choices<T>(all: &[T], as_str: impl Fn(&T) -> &str) -> String {
    let names: Vec<String> = all.iter().map(|v| words(as_str(v))).collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => names.join(""),
    }
}

/// The account statuses a bulk edit can set.
const SETTABLE_STATUSES: [AccountStatus; 3] =
    [AccountStatus::Active, AccountStatus::Inactive, AccountStatus::Suspended];

/// One sheet row's changes, each a unit sent together (a frequency with its schedule).
struct RowChanges {
    id: i64,
    sheet_saved: Option<i64>,
    units: Vec<Vec<PatchField<AffiliateField>>>,
}

/// Where the headings put each column.
struct Layout {
    at: BTreeMap<Column, usize>,
    headings: Vec<String>,
}

fn read_layout(grid: &Grid, problems: &mut Vec<SheetProblem>) -> Layout {
    let headings: Vec<String> = grid.cells.get(ROWS_ABOVE_DATA - 1).cloned().unwrap_or_default();
    let mut at = BTreeMap::new();
    for (index, heading) in headings.iter().enumerate() {
        let text = heading.trim();
        if text.is_empty() {
            // An empty column added in the middle is harmless unless it holds something.
            let used =
                grid.cells.iter().skip(ROWS_ABOVE_DATA).any(|row| row.get(index).is_some_and(|c| !c.trim().is_empty()));
            if used {
                problems.push(SheetProblem {
                    row: Some(ROWS_ABOVE_DATA as u32),
                    column: Some(column_name(index, "")),
                    message: "This column was added and has no heading; delete it.".into(),
                });
            }
            continue;
        }
        match COLUMNS.iter().find(|c| c.heading().eq_ignore_ascii_case(text)) {
            Some(column) if at.contains_key(column) => problems.push(SheetProblem {
                row: Some(ROWS_ABOVE_DATA as u32),
                column: Some(column_name(index, text)),
                message: format!("The column \"{text}\" appears twice; delete one."),
            }),
            Some(column) => {
                at.insert(*column, index);
            }
            None => problems.push(SheetProblem {
                row: Some(ROWS_ABOVE_DATA as u32),
                column: Some(column_name(index, text)),
                message: format!(
                    "The column \"{text}\" was added (or a heading was renamed); the sheet's columns are {}. \
                     Delete it or put the heading back.",
                    COLUMNS.iter().map(|c| c.heading()).collect::<Vec<_>>().join(", ")
                ),
            }),
        }
    }
    for column in COLUMNS {
        if !at.contains_key(&column) {
            problems.push(SheetProblem {
                row: Some(ROWS_ABOVE_DATA as u32),
                column: Some(column.heading()),
                message: format!(
                    "The column \"{}\" was deleted (or its heading renamed); put it back.",
                    column.heading()
                ),
            });
        }
    }
    Layout { at, headings }
}

/// Plans the changes an edited affiliates sheet asks for: a bulk edit of the affiliates whose
/// cells differ from Everflow, one patch group per field and new value. Cells that cannot be read
/// are the plan's `sheet_problems` (it cannot be applied while there are any).
pub async fn import(client: &Client, bytes: &[u8], file_name: &str) -> CoreResult<Planned<AffiliateBulkEdit>> {
    let grid = Grid::read(bytes)?;
    let mut problems = Vec::new();
    if let Err(problem) = read_stamp(&grid, SheetKind::Affiliates) {
        problems.push(problem);
    }
    let layout = read_layout(&grid, &mut problems);
    problems.extend(layout_problems(&grid, &layout.headings));
    let unreadable = grid.unreadable();

    let rows =
        client.affiliates_table_all(&AffiliatesTableRequest::default(), everflow::MAX_PAGE_SIZE, &[], None).await?;
    let employees = client.employees().await?;
    let traffic_sources = client.traffic_sources().await.ok();
    let mut changes = Vec::new();
    if let Some(&id_col) = layout.at.get(&Column::Id) {
        let mut sheet_ids = Vec::new();
        for (r, row) in grid.cells.iter().enumerate().skip(ROWS_ABOVE_DATA) {
            if is_blank(row) {
                continue;
            }
            let cell = grid.text(r, id_col).trim();
            let problem = |message: String| SheetProblem {
                row: Some(r as u32 + 1),
                column: Some(column_name(id_col, "ID")),
                message,
            };
            match cell.parse::<i64>() {
                Ok(id) if sheet_ids.contains(&id) => {
                    problems.push(problem(format!("Affiliate {id} is listed twice; keep one row.")))
                }
                Ok(id) if !rows.iter().any(|row| row.network_affiliate_id == id) => {
                    problems.push(problem(format!("Affiliate {id} is not on this network.")))
                }
                Ok(id) => sheet_ids.push(id),
                Err(_) if unreadable.contains(&(r, id_col)) => {}
                Err(_) => problems.push(problem(format!("\"{cell}\" is not an affiliate ID (a whole number)."))),
            }
        }
        let listed: Vec<AffiliateRow> =
            rows.iter().filter(|row| sheet_ids.contains(&row.network_affiliate_id)).cloned().collect();
        let now: HashMap<i64, AffiliateNow> = current(client, &listed, traffic_sources.as_deref().unwrap_or(&[]))
            .await?
            .into_iter()
            .map(|a| (a.id, a))
            .collect();
        for (r, row) in grid.cells.iter().enumerate().skip(ROWS_ABOVE_DATA) {
            let Some(current) = grid.text(r, id_col).trim().parse::<i64>().ok().and_then(|id| now.get(&id)) else {
                continue;
            };
            if is_blank(row) {
                continue;
            }
            let reader = RowReader {
                grid: &grid,
                row: r,
                layout: &layout,
                unreadable: &unreadable,
                employees: &employees,
                traffic_sources: traffic_sources.as_deref(),
            };
            changes.push(reader.changes(current, &mut problems));
        }
        return plan(client, changes, &now, problems, file_name).await;
    }
    plan(client, changes, &HashMap::new(), problems, file_name).await
}

/// Reads one sheet row against the affiliate's current values.
struct RowReader<'a> {
    grid: &'a Grid,
    row: usize,
    layout: &'a Layout,
    unreadable: &'a BTreeSet<(usize, usize)>,
    employees: &'a [Employee],
    /// `None` when the key may not read the list.
    traffic_sources: Option<&'a [TrafficSource]>,
}

impl RowReader<'_> {
    /// The cell's text, or `None` when the column is missing or the cell already has a problem.
    fn cell(&self, column: Column) -> Option<&str> {
        let col = *self.layout.at.get(&column)?;
        if self.unreadable.contains(&(self.row, col)) {
            return None;
        }
        Some(self.grid.text(self.row, col).trim())
    }

    fn problem(&self, column: Column, message: String) -> SheetProblem {
        let col = self.layout.at.get(&column).copied().unwrap_or(0);
        SheetProblem { row: Some(self.row as u32 + 1), column: Some(column_name(col, &column.heading())), message }
    }

    /// The employee a cell names, or `None` when it is `current`; an error names what is wrong.
    fn employee(&self, text: &str, current: i64) -> Result<Option<i64>, String> {
        let found: Vec<&Employee> =
            self.employees.iter().filter(|e| e.full_name().eq_ignore_ascii_case(text)).collect();
        match found[..] {
            [employee] => Ok((employee.network_employee_id != current).then_some(employee.network_employee_id)),
            [] => Err(format!("\"{text}\" is not an employee on this network: write the name as Everflow shows it.")),
            _ => Err(format!("Several employees are called \"{text}\"; change it in the app instead.")),
        }
    }

    /// The traffic source a cell names: a name from the network's list, `#id` (as written when the
    /// list could not be read), or empty for none (0).
    fn traffic_source(&self, text: &str) -> Result<i64, String> {
        if text.is_empty() {
            return Ok(0);
        }
        let by_id = text.strip_prefix('#').unwrap_or(text).trim().parse::<i64>().ok();
        match (self.traffic_sources, by_id) {
            (Some(sources), _) => sources
                .iter()
                .find(|t| t.name.trim().eq_ignore_ascii_case(text) || Some(t.network_traffic_source_id) == by_id)
                .map(|t| t.network_traffic_source_id)
                .ok_or_else(|| {
                    let names: Vec<&str> = sources.iter().map(|t| t.name.as_str()).collect();
                    format!("\"{text}\" is not a traffic source on this network: write one of {}.", names.join(", "))
                }),
            (None, Some(id)) if id > 0 => Ok(id),
            (None, _) => Err(format!(
                "The network's traffic sources could not be read, so \"{text}\" cannot be looked up: \
                 write the source's ID as #ID, or leave the cell as exported."
            )),
        }
    }

    fn changes(&self, now: &AffiliateNow, problems: &mut Vec<SheetProblem>) -> RowChanges {
        let mut units: Vec<(Column, Vec<PatchField<AffiliateField>>)> = Vec::new();
        let mut fail = |column: Column, message: String| problems.push(self.problem(column, message));

        if let Some(text) = self.cell(Column::Status) {
            let current = now.status.as_ref().map(|s| words(s.as_str())).unwrap_or_default();
            if !text.eq_ignore_ascii_case(&current) {
                match from_words(text, &SETTABLE_STATUSES, |s| s.as_str()) {
                    Some(status) if Some(&status) != now.status.as_ref() => {
                        units.push((Column::Status, vec![PatchField::overwrite(AffiliateField::AccountStatus(status))]))
                    }
                    Some(_) => {}
                    None => fail(
                        Column::Status,
                        format!(
                            "\"{text}\" is not an account status a change can set: write {}.",
                            choices(&SETTABLE_STATUSES, |s| s.as_str())
                        ),
                    ),
                }
            }
        }
        if let Some(text) = self.cell(Column::Manager) {
            if !text.eq_ignore_ascii_case(now.manager_name.trim()) {
                match self.employee(text, now.manager_id) {
                    Ok(Some(id)) => units
                        .push((Column::Manager, vec![PatchField::overwrite(AffiliateField::NetworkEmployeeId(id))])),
                    Ok(None) => {}
                    Err(_) if text.is_empty() => {
                        fail(Column::Manager, "An affiliate needs an account manager; type one's name.".into())
                    }
                    Err(message) => fail(Column::Manager, message),
                }
            }
        }
        if let Some(text) = self.cell(Column::Executive) {
            let current = if now.executive_id == 0 { "" } else { now.executive_name.trim() };
            if !text.eq_ignore_ascii_case(current) {
                // An empty cell takes the executive away (Everflow's "none" is 0).
                let wanted = if text.is_empty() {
                    Ok((now.executive_id != 0).then_some(0))
                } else {
                    self.employee(text, now.executive_id)
                };
                match wanted {
                    Ok(Some(id)) => units
                        .push((Column::Executive, vec![PatchField::overwrite(AffiliateField::AccountExecutiveId(id))])),
                    Ok(None) => {}
                    Err(message) => fail(Column::Executive, message),
                }
            }
        }
        if let Some(text) = self.cell(Column::Labels) {
            let wanted: BTreeSet<String> =
                text.split(',').map(|l| l.trim().to_owned()).filter(|l| !l.is_empty()).collect();
            let current: BTreeSet<String> = now.labels.iter().map(|l| l.trim().to_owned()).collect();
            if wanted != current {
                units.push((
                    Column::Labels,
                    vec![if wanted.is_empty() {
                        PatchField::with(AffiliateField::Labels(Vec::new()), PatchOperator::Clear)
                    } else {
                        PatchField::overwrite(AffiliateField::Labels(wanted.into_iter().collect()))
                    }],
                ));
            }
        }
        if let Some(text) = self.cell(Column::TrafficSource) {
            if !text
                .eq_ignore_ascii_case(&traffic_source_words(now.traffic_source_id, self.traffic_sources.unwrap_or(&[])))
            {
                match self.traffic_source(text) {
                    Ok(id) if id != now.traffic_source_id => units.push((
                        Column::TrafficSource,
                        vec![PatchField::overwrite(AffiliateField::NetworkTrafficSourceId(id))],
                    )),
                    Ok(_) => {}
                    Err(message) => fail(Column::TrafficSource, message),
                }
            }
        }
        if let (Some(frequency_text), Some(schedule_text)) = (self.cell(Column::Frequency), self.cell(Column::Schedule))
        {
            let unchanged = now.frequency.is_none() && frequency_text.is_empty();
            if !unchanged {
                match from_words(frequency_text, BillingFrequency::ALL, |f| f.as_str()) {
                    None => fail(
                        Column::Frequency,
                        format!(
                            "\"{frequency_text}\" is not a billing frequency: write {}.",
                            choices(BillingFrequency::ALL, |f| f.as_str())
                        ),
                    ),
                    Some(frequency) => match parse_schedule(&frequency, schedule_text) {
                        Err(message) => fail(Column::Schedule, message),
                        Ok(schedule) => {
                            let mut unit = Vec::new();
                            if Some(&frequency) != now.frequency.as_ref() {
                                unit.push(PatchField::overwrite(AffiliateField::BillingFrequency(frequency)));
                                unit.extend(schedule.map(PatchField::overwrite));
                            } else if schedule.is_some() && schedule != now.schedule {
                                unit.extend(schedule.map(PatchField::overwrite));
                            }
                            if !unit.is_empty() {
                                units.push((Column::Frequency, unit));
                            }
                        }
                    },
                }
            }
        }
        // The shared rules (a schedule's days, ...) at the cell they concern.
        units.retain(|(column, unit)| {
            let check = AffiliatePatch { network_affiliate_ids: vec![now.id], fields: unit.clone() };
            let errors = validate_affiliate_patch(&check);
            let column = if *column == Column::Frequency && unit.len() == 1 && schedule_only(unit) {
                Column::Schedule
            } else {
                *column
            };
            for error in &errors {
                fail(column, error.message.clone());
            }
            errors.is_empty()
        });
        let sheet_saved = self.cell(Column::Saved).and_then(|t| t.parse::<f64>().ok()).map(|t| t as i64);
        RowChanges { id: now.id, sheet_saved, units: units.into_iter().map(|(_, unit)| unit).collect() }
    }
}

fn schedule_only(unit: &[PatchField<AffiliateField>]) -> bool {
    !unit.iter().any(|f| matches!(f.field, AffiliateField::BillingFrequency(_)))
}

/// One patch group per unit of changes (field and new value), previewed by Everflow; rows of
/// affiliates saved on Everflow since the export flagged.
async fn plan(
    client: &Client,
    changes: Vec<RowChanges>,
    now: &HashMap<i64, AffiliateNow>,
    problems: Vec<SheetProblem>,
    file_name: &str,
) -> CoreResult<Planned<AffiliateBulkEdit>> {
    let mut groups: BTreeMap<String, PatchGroup> = BTreeMap::new();
    let mut stale: HashMap<i64, String> = HashMap::new();
    for row in &changes {
        if row.units.is_empty() {
            continue;
        }
        if let (Some(sheet_saved), Some(current)) = (row.sheet_saved, now.get(&row.id)) {
            if current.time_saved != sheet_saved {
                stale.insert(
                    row.id,
                    format!(
                        "Changed on Everflow since the sheet was exported (saved {}; the sheet has it as of {}). \
                         Applying writes the sheet's value over that change.",
                        time_words(current.time_saved),
                        time_words(sheet_saved)
                    ),
                );
            }
        }
        for unit in &row.units {
            let key = serde_json::to_string(unit).unwrap_or_default();
            groups
                .entry(key)
                .or_insert_with(|| PatchGroup { affiliate_ids: Vec::new(), fields: unit.clone() })
                .affiliate_ids
                .push(row.id);
        }
    }
    let changed = changes.iter().filter(|c| !c.units.is_empty()).count();
    let description = format!("Import {file_name}: {}", plural(changed, "affiliate to change", "affiliates to change"));
    let mut planned =
        plan_groups(client, groups.into_values().collect(), description, None, DEFAULT_BATCH_SIZE).await?;
    for row in planned.plan.rows.iter_mut() {
        if row.status == RowStatus::Ok {
            row.warning = stale.get(&row.record_id).cloned();
        }
    }
    if !stale.is_empty() {
        planned.plan.notices.push(format!(
            "{} changed on Everflow since the sheet was exported; their rows are marked. Applying writes the \
             sheet's values over those changes.",
            plural(stale.len(), "affiliate", "affiliates")
        ));
    }
    planned.plan.sheet_problems = problems;
    let batches = planned.plan.batches;
    planned.plan.finish(batches);
    Ok(planned)
}

/// The sheet of every affiliate matching `request` (all pages, with progress), as file bytes.
pub async fn export(
    client: &Client,
    request: &AffiliatesTableRequest,
    format: super::grid::SheetFormat,
    account_name: &str,
    cancel: &tokio_util::sync::CancellationToken,
    progress: &(dyn Fn(everflow::Progress) + Send + Sync),
) -> CoreResult<Vec<u8>> {
    let rows = crate::loading::load_all_affiliates(client, request, &[], cancel, progress).await?;
    // Without the list (a key that may not read it) sources are written as #id, which import reads.
    let traffic_sources = client.traffic_sources().await.unwrap_or_default();
    let affiliates = current(client, &rows, &traffic_sources).await?;
    sheet(&affiliates, &traffic_sources, account_name, crate::plan::model::now()).to_bytes(format)
}
