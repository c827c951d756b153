//! CSV onboarding: a template, a preview of a file (every row checked with the same rules as the
//! form, plus duplicates in the file and on Everflow), creating the valid rows one at a time with
//! progress and cancel, and the per-row results as CSV.
//!
//! # Columns
//! The first line names the columns (any order, any case, spaces or underscores; `,` `;` or tab
//! between values; quotes around values that contain them). Empty cells are "not set".
//!
//! | column | meaning |
//! | --- | --- |
//! | `name` * | the affiliate's name |
//! | `account_status` * | `active` or `inactive` |
//! | `account_manager_id` * | employee ID of the account manager |
//! | `currency` * | default currency, e.g. `USD` |
//! | `tier_id`, `traffic_source_id`, `referrer_id`, `account_executive_id` | IDs (optional) |
//! | `media_cost_tracking_links` | `yes` / `no` |
//! | `labels` | labels separated by `\|`, e.g. `media_buyer\|email` |
//! | `internal_notes` | notes only the network sees |
//! | `address_1`, `address_2`, `city`, `region_code`, `country_code`, `zip_postal_code` | contact address (turned on when any is filled) |
//! | `user_first_name`, `user_last_name`, `user_email`, `user_title`, `user_phone`, `user_timezone_id` | one user (created when any is filled; they get an email to set their password: passwords are never imported) |
//! | `billing_frequency` * | `weekly`, `bimonthly`, `monthly`, `two_months`, `quarterly`, `manual`, `other` |
//! | `day_of_week` (0 = Sunday .. 6), `day_of_month`, `day_of_month_one`, `day_of_month_two`, `starting_month` | the days the frequency needs |
//! | `payment_type` * | `none`, `paypal`, `wire`, `direct_deposit`, `tipalti`, `paxum`, `veem`, `payoneer`, `check`, ... |
//! | `paxum_id`, `paypal_reception_method` (`email` / `phone` / `paypal_account`), `reception_identifier`, `payment_email`, `is_existing_payee`, `idap`, `payee_first_name`, `payee_last_name`, `payee_phone`, `country_iso`, `bank_name`, `bank_address`, `account_name`, `account_number`, `routing_number`, `swift_code` | the payment details the type needs |
//! | `tax_id`, `is_invoice_creation_auto`, `auto_invoice_start_date` (YYYY-MM-DD), `invoice_amount_threshold`, `invoice_generation_days_delay`, `default_payment_terms`, `default_invoice_is_hidden` | invoice settings |
//!
//! `*` required.

use std::collections::HashMap;

use everflow::validate::{self, AffiliateMode, FieldError};
use everflow::{
    AccountStatus, AffiliateInput, AffiliateRow, AffiliateTableRelationship, AffiliateUserInput,
    AffiliatesTableRequest, Billing, BillingDetails, BillingFrequency, Client, ContactAddress, PaymentDetails,
    PaymentType, PaypalReceptionMethod,
};
use serde::{Deserialize, Serialize};

use crate::error::CoreResult;
use crate::plan::model::{ApplyReport, BatchStatus, Plan, RowStatus};

/// Every column the importer knows, with the body path it fills (for mapping errors back).
pub const COLUMNS: &[(&str, &str)] = &[
    ("name", "name"),
    ("account_status", "account_status"),
    ("account_manager_id", "network_employee_id"),
    ("currency", "default_currency_id"),
    ("tier_id", "network_affiliate_tier_id"),
    ("traffic_source_id", "network_traffic_source_id"),
    ("referrer_id", "referrer_id"),
    ("account_executive_id", "account_executive_id"),
    ("media_cost_tracking_links", "enable_media_cost_tracking_links"),
    ("labels", "labels"),
    ("internal_notes", "internal_notes"),
    ("address_1", "contact_address.address_1"),
    ("address_2", "contact_address.address_2"),
    ("city", "contact_address.city"),
    ("region_code", "contact_address.region_code"),
    ("country_code", "contact_address.country_code"),
    ("zip_postal_code", "contact_address.zip_postal_code"),
    ("user_first_name", "users[0].first_name"),
    ("user_last_name", "users[0].last_name"),
    ("user_email", "users[0].email"),
    ("user_title", "users[0].title"),
    ("user_phone", "users[0].work_phone"),
    ("user_timezone_id", "users[0].timezone_id"),
    ("billing_frequency", "billing.billing_frequency"),
    ("day_of_week", "billing.details.day_of_week"),
    ("day_of_month", "billing.details.day_of_month"),
    ("day_of_month_one", "billing.details.day_of_month_one"),
    ("day_of_month_two", "billing.details.day_of_month_two"),
    ("starting_month", "billing.details.starting_month"),
    ("payment_type", "billing.payment_type"),
    ("paxum_id", "billing.billing.paxum_id"),
    ("paypal_reception_method", "billing.billing.paypal_reception_method"),
    ("reception_identifier", "billing.billing.reception_identifier"),
    ("payment_email", "billing.billing.email"),
    ("is_existing_payee", "billing.billing.is_existing_payee"),
    ("idap", "billing.billing.idap"),
    ("payee_first_name", "billing.billing.first_name"),
    ("payee_last_name", "billing.billing.last_name"),
    ("payee_phone", "billing.billing.phone"),
    ("country_iso", "billing.billing.country_iso"),
    ("bank_name", "billing.billing.bank_name"),
    ("bank_address", "billing.billing.bank_address"),
    ("account_name", "billing.billing.account_name"),
    ("account_number", "billing.billing.account_number"),
    ("routing_number", "billing.billing.routing_number"),
    ("swift_code", "billing.billing.swift_code"),
    ("tax_id", "billing.tax_id"),
    ("is_invoice_creation_auto", "billing.is_invoice_creation_auto"),
    ("auto_invoice_start_date", "billing.auto_invoice_start_date"),
    ("invoice_amount_threshold", "billing.invoice_amount_threshold"),
    ("invoice_generation_days_delay", "billing.invoice_generation_days_delay"),
    ("default_payment_terms", "billing.default_payment_terms"),
    ("default_invoice_is_hidden", "billing.default_invoice_is_hidden"),
];

/// Columns a file must have.
pub const REQUIRED_COLUMNS: &[&str] =
    &["name", "account_status", "account_manager_id", "currency", "billing_frequency", "payment_type"];

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DuplicateReason {
    /// An affiliate with this name already exists on Everflow.
    ExistingName,
    /// A user with this email already exists on Everflow.
    ExistingEmail,
    /// An earlier line of the file has the same name or email.
    RepeatedInFile,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Duplicate {
    pub reason: DuplicateReason,
    pub existing_affiliate_id: Option<i64>,
    pub message: String,
}

/// One line of the file, checked.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CsvRowPreview {
    /// The line in the file (1 is the header).
    pub line: u32,
    pub name: String,
    /// The affiliate to create; set only when the row has no errors.
    pub input: Option<AffiliateInput>,
    /// Problems, each at the column it concerns (`field` is the column name).
    pub errors: Vec<FieldError>,
    /// Set when this row would create a duplicate; such rows should not be sent.
    pub duplicate: Option<Duplicate>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CsvPreview {
    /// How the file's bytes were read, e.g. "UTF-8" or "Windows-1252" (see [`crate::csv_encoding`]).
    pub encoding: String,
    /// The columns of the file, normalised (lower case, underscores), in file order.
    pub columns: Vec<String>,
    /// Columns the importer does not know (ignored).
    pub unknown_columns: Vec<String>,
    /// Required columns the file lacks.
    pub missing_required_columns: Vec<String>,
    /// Problems with the file as a whole.
    pub file_errors: Vec<String>,
    pub rows: Vec<CsvRowPreview>,
}

/// A row the user confirmed for creation.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CsvCreateRow {
    pub line: u32,
    pub input: AffiliateInput,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CsvRowStatus {
    Created,
    Failed,
    /// Not sent because the job was stopped first.
    NotSent,
}

impl CsvRowStatus {
    fn as_str(self) -> &'static str {
        match self {
            CsvRowStatus::Created => "created",
            CsvRowStatus::Failed => "failed",
            CsvRowStatus::NotSent => "not_sent",
        }
    }
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CsvRowResult {
    pub line: u32,
    pub name: String,
    pub status: CsvRowStatus,
    pub affiliate_id: Option<i64>,
    pub message: String,
}

// ---------------------------------------------------------------------------------------------
// Template
// ---------------------------------------------------------------------------------------------

/// The template: the header with every column (see the module docs) and two example rows, one
/// weekly / PayPal without address, one bimonthly / wire with a contact address and invoice settings.
pub fn template() -> String {
    let examples: [&[(&str, &str)]; 2] = [
        &[
            ("name", "Sunrise Media"),
            ("account_status", "active"),
            ("account_manager_id", "1"),
            ("currency", "USD"),
            ("tier_id", "1"),
            ("traffic_source_id", "1"),
            ("media_cost_tracking_links", "no"),
            ("labels", "media_buyer|email"),
            ("internal_notes", "Met at the spring summit"),
            ("user_first_name", "Ada"),
            ("user_last_name", "Lovelace"),
            ("user_email", "ada@sunrise-media.example"),
            ("user_title", "Partner manager"),
            ("user_phone", "+1 555 010 0100"),
            ("user_timezone_id", "90"),
            ("billing_frequency", "weekly"),
            ("day_of_week", "1"),
            ("payment_type", "paypal"),
            ("paypal_reception_method", "email"),
            ("reception_identifier", "payments@sunrise-media.example"),
            ("tax_id", "US-12-3456789"),
            ("is_invoice_creation_auto", "no"),
        ],
        &[
            ("name", "Northwind Traffic, LLC"),
            ("account_status", "inactive"),
            ("account_manager_id", "2"),
            ("currency", "EUR"),
            ("labels", "search"),
            ("internal_notes", "Pays by wire; invoices \"net 30\""),
            ("address_1", "105 Ocean Avenue"),
            ("address_2", "Suite 4"),
            ("city", "Los Angeles"),
            ("region_code", "CA"),
            ("country_code", "US"),
            ("zip_postal_code", "90001"),
            ("user_first_name", "Bob"),
            ("user_last_name", "Smith"),
            ("user_email", "bob@northwind.example"),
            ("billing_frequency", "bimonthly"),
            ("day_of_month_one", "1"),
            ("day_of_month_two", "15"),
            ("payment_type", "wire"),
            ("bank_name", "First Pacific Bank"),
            ("bank_address", "1 Market Street, San Francisco"),
            ("account_name", "Northwind Traffic LLC"),
            ("account_number", "000123456789"),
            ("routing_number", "121000358"),
            ("swift_code", "FPBKUS6S"),
            ("is_invoice_creation_auto", "yes"),
            ("auto_invoice_start_date", "2026-01-01"),
            ("invoice_amount_threshold", "100.50"),
            ("invoice_generation_days_delay", "2"),
            ("default_payment_terms", "30"),
            ("default_invoice_is_hidden", "no"),
        ],
    ];
    let mut writer = csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record(COLUMNS.iter().map(|(column, _)| *column));
    for example in examples {
        let cells = COLUMNS
            .iter()
            .map(|(column, _)| example.iter().find(|(name, _)| name == column).map(|(_, value)| *value).unwrap_or(""));
        let _ = writer.write_record(cells);
    }
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

fn normalize_column(header: &str) -> String {
    header
        .trim()
        .trim_matches('\u{feff}')
        .to_lowercase()
        .chars()
        .map(|c| if c.is_whitespace() || c == '-' { '_' } else { c })
        .collect()
}

/// `,`, `;` or tab: whichever appears most in the first line, outside quotes.
fn detect_delimiter(text: &str) -> u8 {
    let first = text.lines().find(|line| !line.trim().is_empty()).unwrap_or("");
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in first.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let delimiters = [b',', b';', b'\t'];
    let best = (0..3).max_by_key(|&i| (counts[i], usize::from(i == 0))).unwrap_or(0);
    delimiters[best]
}

/// The cells of one row by column, and the errors met while reading them.
struct Cells<'a> {
    values: HashMap<&'a str, String>,
    errors: Vec<FieldError>,
}

impl Cells<'_> {
    fn text(&self, column: &str) -> Option<String> {
        self.values.get(column).map(|v| v.trim()).filter(|v| !v.is_empty()).map(str::to_owned)
    }

    fn error(&mut self, column: &str, message: String) {
        self.errors.push(FieldError { field: column.to_owned(), message });
    }

    fn int(&mut self, column: &str) -> Option<i64> {
        let text = self.text(column)?;
        match text.parse::<i64>() {
            Ok(value) => Some(value),
            Err(_) => {
                // "15.0" from a spreadsheet is still fifteen.
                if let Ok(value) = text.parse::<f64>() {
                    if value.fract() == 0.0 && value.abs() < 1e15 {
                        return Some(value as i64);
                    }
                }
                self.error(column, format!("\"{text}\" in column {column} is not a whole number."));
                None
            }
        }
    }

    fn number(&mut self, column: &str) -> Option<f64> {
        let text = self.text(column)?;
        match text.parse::<f64>() {
            Ok(value) if value.is_finite() => Some(value),
            _ => {
                self.error(column, format!("\"{text}\" in column {column} is not a number."));
                None
            }
        }
    }

    fn flag(&mut self, column: &str) -> Option<bool> {
        let text = self.text(column)?;
        match text.to_lowercase().as_str() {
            "yes" | "y" | "true" | "1" => Some(true),
            "no" | "n" | "false" | "0" => Some(false),
            _ => {
                self.error(column, format!("\"{text}\" in column {column} must be yes or no."));
                None
            }
        }
    }

    fn any(&self, columns: &[&str]) -> bool {
        columns.iter().any(|column| self.text(column).is_some())
    }
}

/// The body a row describes. Errors met reading values are in `cells.errors`.
fn row_input(cells: &mut Cells<'_>) -> AffiliateInput {
    let mut input = AffiliateInput {
        name: cells.text("name").unwrap_or_default(),
        account_status: cells.text("account_status").map(|s| AccountStatus::from(s.to_lowercase().as_str())),
        network_employee_id: cells.int("account_manager_id").unwrap_or(0),
        default_currency_id: cells.text("currency").map(|c| c.to_uppercase()).unwrap_or_default(),
        network_affiliate_tier_id: cells.int("tier_id"),
        network_traffic_source_id: cells.int("traffic_source_id"),
        referrer_id: cells.int("referrer_id"),
        account_executive_id: cells.int("account_executive_id"),
        enable_media_cost_tracking_links: cells.flag("media_cost_tracking_links"),
        internal_notes: cells.text("internal_notes"),
        labels: cells.text("labels").map(|labels| {
            labels.split('|').map(|label| label.trim().to_owned()).filter(|label| !label.is_empty()).collect()
        }),
        ..Default::default()
    };

    let address_columns = ["address_1", "address_2", "city", "region_code", "country_code", "zip_postal_code"];
    if cells.any(&address_columns) {
        input.is_contact_address_enabled = Some(true);
        input.contact_address = Some(ContactAddress {
            address_1: cells.text("address_1").unwrap_or_default(),
            address_2: cells.text("address_2").unwrap_or_default(),
            city: cells.text("city").unwrap_or_default(),
            region_code: cells.text("region_code").map(|c| c.to_uppercase()).unwrap_or_default(),
            country_code: cells.text("country_code").map(|c| c.to_uppercase()).unwrap_or_default(),
            zip_postal_code: cells.text("zip_postal_code").unwrap_or_default(),
            extra: Default::default(),
        });
    }

    let user_columns =
        ["user_first_name", "user_last_name", "user_email", "user_title", "user_phone", "user_timezone_id"];
    if cells.any(&user_columns) {
        input.users = Some(vec![AffiliateUserInput {
            first_name: cells.text("user_first_name").unwrap_or_default(),
            last_name: cells.text("user_last_name").unwrap_or_default(),
            email: cells.text("user_email").unwrap_or_default(),
            account_status: Some(AccountStatus::Active),
            title: cells.text("user_title"),
            work_phone: cells.text("user_phone"),
            timezone_id: cells.int("user_timezone_id"),
            ..Default::default()
        }]);
    }

    let frequency = cells.text("billing_frequency").map(|f| BillingFrequency::from(f.to_lowercase().as_str()));
    let payment_type = cells.text("payment_type").map(|p| PaymentType::from(p.to_lowercase().as_str()));
    let day_columns = ["day_of_week", "day_of_month", "day_of_month_one", "day_of_month_two", "starting_month"];
    let details =
        (frequency.as_ref().is_some_and(BillingFrequency::needs_details) || cells.any(&day_columns)).then(|| {
            BillingDetails {
                day_of_week: cells.int("day_of_week"),
                day_of_month: cells.int("day_of_month"),
                day_of_month_one: cells.int("day_of_month_one"),
                day_of_month_two: cells.int("day_of_month_two"),
                starting_month: cells.int("starting_month"),
                extra: Default::default(),
            }
        });
    let payment_columns = [
        "paxum_id",
        "paypal_reception_method",
        "reception_identifier",
        "payment_email",
        "is_existing_payee",
        "idap",
        "payee_first_name",
        "payee_last_name",
        "payee_phone",
        "country_iso",
        "bank_name",
        "bank_address",
        "account_name",
        "account_number",
        "routing_number",
        "swift_code",
    ];
    let needs_payment = payment_type.as_ref().is_some_and(|p| *p != PaymentType::None);
    let payment = (needs_payment || cells.any(&payment_columns)).then(|| PaymentDetails {
        paxum_id: cells.text("paxum_id"),
        paypal_reception_method: cells
            .text("paypal_reception_method")
            .map(|m| PaypalReceptionMethod::from(m.to_lowercase().as_str())),
        reception_identifier: cells.text("reception_identifier"),
        email: cells.text("payment_email"),
        is_existing_payee: cells.flag("is_existing_payee"),
        idap: cells.text("idap"),
        first_name: cells.text("payee_first_name"),
        last_name: cells.text("payee_last_name"),
        phone: cells.text("payee_phone"),
        country_iso: cells.text("country_iso").map(|c| c.to_uppercase()),
        bank_name: cells.text("bank_name"),
        bank_address: cells.text("bank_address"),
        account_name: cells.text("account_name"),
        account_number: cells.text("account_number"),
        routing_number: cells.text("routing_number"),
        swift_code: cells.text("swift_code"),
        extra: Default::default(),
    });
    input.billing = Some(Billing {
        billing_frequency: frequency,
        payment_type,
        tax_id: cells.text("tax_id"),
        is_invoice_creation_auto: cells.flag("is_invoice_creation_auto"),
        auto_invoice_start_date: cells.text("auto_invoice_start_date"),
        default_invoice_is_hidden: cells.flag("default_invoice_is_hidden"),
        invoice_generation_days_delay: cells.int("invoice_generation_days_delay"),
        invoice_amount_threshold: cells.number("invoice_amount_threshold"),
        default_payment_terms: cells.int("default_payment_terms"),
        details,
        billing: payment,
        extra: Default::default(),
    });
    input
}

/// The column a validation error's field path belongs to.
fn column_of(path: &str) -> String {
    let normalized = match path.split_once("].") {
        Some((head, rest)) if head.starts_with("users[") => format!("users[0].{rest}"),
        _ => path.to_owned(),
    };
    if let Some((column, _)) = COLUMNS.iter().find(|(_, p)| *p == normalized) {
        return (*column).to_owned();
    }
    match path {
        "billing" | "billing.details" => "billing_frequency".into(),
        "billing.billing" => "payment_type".into(),
        "contact_address" => "address_1".into(),
        p if p.starts_with("labels") => "labels".into(),
        p => p.to_owned(),
    }
}

/// The line (from 1) each record starts on. The csv crate's own line count only sees `\n`, so a
/// CRLF file (as spreadsheets on Windows write) would number every row one line too early, and a CR
/// file would put every row on line 1: lines are counted here from the records' byte offsets, with
/// `\r\n`, `\n` and `\r` each ending a line, after skipping the blank lines the reader skipped.
/// Records come in order, so the count goes on from the previous one (linear in the file).
struct LineCounter<'a> {
    bytes: &'a [u8],
    /// Bytes before `counted` hold `breaks` line breaks.
    counted: usize,
    breaks: u64,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        LineCounter { bytes: text.as_bytes(), counted: 0, breaks: 0 }
    }

    fn line_at(&mut self, position: Option<&csv::Position>) -> u64 {
        let Some(position) = position else { return 0 };
        let bytes = self.bytes;
        let mut start = usize::try_from(position.byte()).unwrap_or(usize::MAX).min(bytes.len());
        // The offset may sit on the `\n` of a CRLF, or before blank lines the reader skipped.
        while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        if start < self.counted {
            // Not expected (records come in order): count from the start again.
            self.counted = 0;
            self.breaks = 0;
        }
        for index in self.counted..start {
            let byte = bytes[index];
            // A CR followed by LF is one break, counted at the LF (`start` never splits a CRLF).
            if byte == b'\n' || (byte == b'\r' && bytes.get(index + 1) != Some(&b'\n')) {
                self.breaks += 1;
            }
        }
        self.counted = start;
        self.breaks + 1
    }
}

/// Reads a file and checks every row (no duplicates check against Everflow: see [`preview`]).
pub fn parse(text: &str) -> CsvPreview {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut preview = CsvPreview::default();
    if text.trim().is_empty() {
        preview.file_errors.push("The file is empty.".into());
        return preview;
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(detect_delimiter(text))
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(header)) => header,
        Some(Err(error)) => {
            preview.file_errors.push(format!("The first line cannot be read as column names ({error})."));
            return preview;
        }
        None => {
            preview.file_errors.push("The file is empty.".into());
            return preview;
        }
    };
    // Position of each known column (first one wins).
    let mut positions: Vec<(usize, &'static str)> = Vec::new();
    for (index, raw) in header.iter().enumerate() {
        let column = normalize_column(raw);
        preview.columns.push(column.clone());
        match COLUMNS.iter().find(|(name, _)| *name == column) {
            Some((name, _)) if positions.iter().any(|(_, seen)| seen == name) => {
                preview.file_errors.push(format!("The column {name} appears twice; only the first one is used."))
            }
            Some((name, _)) => positions.push((index, name)),
            None if column.is_empty() => {}
            None => {
                if column.contains("password") {
                    preview.file_errors.push(format!(
                        "The column {column} is ignored: passwords are never imported. Each user gets an email \
                         to set their own."
                    ));
                }
                preview.unknown_columns.push(column);
            }
        }
    }
    preview.missing_required_columns = REQUIRED_COLUMNS
        .iter()
        .filter(|required| !positions.iter().any(|(_, name)| name == *required))
        .map(|name| (*name).to_owned())
        .collect();
    if positions.is_empty() {
        preview.file_errors.push(
            "None of the first line's names is a column Eflow Desk knows. Is this a CSV file? Start from the \
             template: its first line names the columns."
                .into(),
        );
        return preview;
    }
    let width = header.len();
    let mut lines = LineCounter::new(text);
    for record in records {
        let (line, record) = match record {
            Ok(record) => (lines.line_at(record.position()), record),
            Err(error) => {
                let line = lines.line_at(error.position());
                preview.rows.push(CsvRowPreview {
                    line: line as u32,
                    name: String::new(),
                    input: None,
                    errors: vec![FieldError {
                        field: "line".into(),
                        message: format!("This line cannot be read ({error})."),
                    }],
                    duplicate: None,
                });
                continue;
            }
        };
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let values =
            positions.iter().map(|(index, name)| (*name, record.get(*index).unwrap_or("").to_owned())).collect();
        let mut cells = Cells { values, errors: Vec::new() };
        if record.len() > width {
            cells.error(
                "line",
                format!("This line has {} values but the first line names {width} columns.", record.len()),
            );
        }
        let input = row_input(&mut cells);
        let mut errors = cells.errors;
        for error in validate::validate_affiliate(&input, AffiliateMode::Create) {
            let column = column_of(&error.field);
            // A value that could not be read already has its error; "required" would repeat it.
            if !errors.iter().any(|e| e.field == column) {
                errors.push(FieldError { field: column, message: error.message });
            }
        }
        preview.rows.push(CsvRowPreview {
            line: line as u32,
            name: input.name.clone(),
            input: errors.is_empty().then_some(input),
            errors,
            duplicate: None,
        });
    }
    if preview.rows.is_empty() && preview.file_errors.is_empty() {
        preview.file_errors.push("The file has column names but no rows.".into());
    }
    preview
}

/// Names and user emails already on Everflow (lower case), with the affiliate that has them.
#[derive(Debug, Clone, Default)]
pub struct ExistingAffiliates {
    pub names: HashMap<String, i64>,
    pub emails: HashMap<String, i64>,
}

fn key(text: &str) -> String {
    text.trim().to_lowercase()
}

impl ExistingAffiliates {
    pub fn from_rows(rows: &[AffiliateRow]) -> Self {
        let mut existing = ExistingAffiliates::default();
        for row in rows {
            existing.names.entry(key(&row.name)).or_insert(row.network_affiliate_id);
            let users = row.relationship.as_ref().and_then(|r| r.users.as_ref());
            for user in users.map(|u| u.entries.as_slice()).unwrap_or_default() {
                existing.emails.entry(key(&user.email)).or_insert(row.network_affiliate_id);
            }
        }
        existing
    }

    /// Every affiliate with its users, through the client.
    pub async fn load(client: &Client) -> CoreResult<Self> {
        let rows = client
            .affiliates_table_all(
                &AffiliatesTableRequest::default(),
                everflow::MAX_PAGE_SIZE,
                &[AffiliateTableRelationship::Users],
                None,
            )
            .await?;
        Ok(ExistingAffiliates::from_rows(&rows))
    }

    /// Whether creating `input` would duplicate an existing affiliate.
    pub fn duplicate_of(&self, input: &AffiliateInput) -> Option<Duplicate> {
        if let Some(id) = self.names.get(&key(&input.name)).filter(|_| !input.name.trim().is_empty()) {
            return Some(Duplicate {
                reason: DuplicateReason::ExistingName,
                existing_affiliate_id: Some(*id),
                message: format!("An affiliate named \"{}\" already exists (ID {id}).", input.name.trim()),
            });
        }
        for user in input.users.iter().flatten() {
            if let Some(id) = self.emails.get(&key(&user.email)).filter(|_| !user.email.trim().is_empty()) {
                return Some(Duplicate {
                    reason: DuplicateReason::ExistingEmail,
                    existing_affiliate_id: Some(*id),
                    message: format!("A user with the email {} already exists (affiliate ID {id}).", user.email.trim()),
                });
            }
        }
        None
    }
}

/// Marks rows that repeat an earlier row of the file, or an affiliate already on Everflow.
pub fn mark_duplicates(preview: &mut CsvPreview, existing: &ExistingAffiliates) {
    let mut names: HashMap<String, u32> = HashMap::new();
    let mut emails: HashMap<String, u32> = HashMap::new();
    for row in &mut preview.rows {
        let email = row
            .input
            .as_ref()
            .and_then(|input| input.users.as_ref())
            .and_then(|users| users.first())
            .map(|user| key(&user.email))
            .filter(|email| !email.is_empty());
        let name = key(&row.name);
        if let Some(input) = &row.input {
            row.duplicate = existing.duplicate_of(input);
        }
        if row.duplicate.is_none() {
            let earlier_name = names.get(&name).filter(|_| !name.is_empty());
            let earlier_email = email.as_ref().and_then(|email| emails.get(email));
            if let Some(line) = earlier_name {
                row.duplicate = Some(Duplicate {
                    reason: DuplicateReason::RepeatedInFile,
                    existing_affiliate_id: None,
                    message: format!("Line {line} has the same name."),
                });
            } else if let Some(line) = earlier_email {
                row.duplicate = Some(Duplicate {
                    reason: DuplicateReason::RepeatedInFile,
                    existing_affiliate_id: None,
                    message: format!("Line {line} has the same user email."),
                });
            }
        }
        if !name.is_empty() {
            names.entry(name).or_insert(row.line);
        }
        if let Some(email) = email {
            emails.entry(email).or_insert(row.line);
        }
    }
}

/// Reads a file's bytes (in whatever encoding it was saved, up to the size limit), checks every
/// row, and marks duplicates against the file itself and Everflow.
pub async fn preview(client: &Client, bytes: &[u8]) -> CoreResult<CsvPreview> {
    let decoded = crate::csv_encoding::decode_csv(bytes)?;
    let mut preview = parse(&decoded.text);
    preview.encoding = decoded.encoding;
    if decoded.had_errors {
        preview.file_errors.push(format!(
            "Some characters are not valid {} and show as \u{FFFD}. Check the names, or save the file again as \
             CSV UTF-8 and choose it again.",
            preview.encoding
        ));
    }
    if !preview.rows.is_empty() {
        let existing = ExistingAffiliates::load(client).await?;
        mark_duplicates(&mut preview, &existing);
    }
    Ok(preview)
}

// ---------------------------------------------------------------------------------------------
// Results
// ---------------------------------------------------------------------------------------------

/// Per line of the file, what applying a create plan did (the plan's record ids are the lines).
pub fn results_of(plan: &Plan, report: &ApplyReport) -> Vec<CsvRowResult> {
    plan.rows
        .iter()
        .map(|row| {
            let batch = report.batches.iter().find(|b| b.record_ids.contains(&row.record_id));
            let (status, affiliate_id, message) = match batch {
                Some(b) if b.status == BatchStatus::Sent => (
                    CsvRowStatus::Created,
                    b.created_id,
                    b.created_id.map(|id| format!("Created with ID {id}.")).unwrap_or_else(|| "Created.".into()),
                ),
                Some(b) if b.status == BatchStatus::NotSent => {
                    (CsvRowStatus::NotSent, None, b.message.clone().unwrap_or_else(|| "Not sent.".into()))
                }
                Some(b) if b.status == BatchStatus::Unknown => (
                    CsvRowStatus::Failed,
                    None,
                    format!(
                        "{} It may or may not have been created: search for it before importing it again.",
                        b.message.clone().unwrap_or_default()
                    ),
                ),
                Some(b) => (CsvRowStatus::Failed, None, b.message.clone().unwrap_or_else(|| "Not created.".into())),
                None if row.status == RowStatus::Error => {
                    (CsvRowStatus::NotSent, None, format!("Not sent: {}", row.error_message))
                }
                None => (CsvRowStatus::NotSent, None, "Not sent.".into()),
            };
            CsvRowResult { line: row.record_id as u32, name: row.name.clone(), status, affiliate_id, message }
        })
        .collect()
}

/// Per-row results as CSV (`line,name,status,affiliate_id,message`). Text cells that a spreadsheet
/// would run as a formula are prefixed with `'`.
pub fn export_results(results: &[CsvRowResult]) -> String {
    fn cell(text: &str) -> String {
        if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            format!("'{text}")
        } else {
            text.to_owned()
        }
    }
    let mut writer = csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record(["line", "name", "status", "affiliate_id", "message"]);
    for result in results {
        let _ = writer.write_record([
            result.line.to_string(),
            cell(&result.name),
            result.status.as_str().to_owned(),
            result.affiliate_id.map(|id| id.to_string()).unwrap_or_default(),
            cell(&result.message),
        ]);
    }
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors_of(row: &CsvRowPreview) -> Vec<(&str, &str)> {
        row.errors.iter().map(|e| (e.field.as_str(), e.message.as_str())).collect()
    }

    const HEADER: &str = "name,account_status,account_manager_id,currency,billing_frequency,day_of_month,payment_type";

    #[test]
    fn the_template_parses_back_into_valid_rows_covering_every_column() {
        let template = template();
        let preview = parse(&template);
        assert_eq!(preview.file_errors, Vec::<String>::new());
        assert_eq!(preview.unknown_columns, Vec::<String>::new());
        assert_eq!(preview.missing_required_columns, Vec::<String>::new());
        assert_eq!(preview.columns.len(), COLUMNS.len());
        assert_eq!(preview.rows.len(), 2);
        for row in &preview.rows {
            assert_eq!(row.errors, vec![], "line {}", row.line);
            assert!(row.input.is_some());
        }
        assert_eq!(preview.rows[0].line, 2);
        let second = preview.rows[1].input.as_ref().unwrap();
        assert_eq!(second.name, "Northwind Traffic, LLC", "quoted comma kept");
        assert_eq!(second.internal_notes.as_deref(), Some("Pays by wire; invoices \"net 30\""));
        assert_eq!(second.contact_address.as_ref().unwrap().city, "Los Angeles");
        let billing = second.billing.as_ref().unwrap();
        assert_eq!(billing.billing_frequency, Some(BillingFrequency::Bimonthly));
        assert_eq!(billing.billing.as_ref().unwrap().swift_code.as_deref(), Some("FPBKUS6S"));
        assert_eq!(billing.invoice_amount_threshold, Some(100.5));
        let first = preview.rows[0].input.as_ref().unwrap();
        assert_eq!(first.labels, Some(vec!["media_buyer".to_owned(), "email".to_owned()]));
        assert_eq!(first.users.as_ref().unwrap()[0].timezone_id, Some(90));
        assert_eq!(first.users.as_ref().unwrap()[0].initial_password, None);
    }

    #[test]
    fn every_column_is_in_the_template_header() {
        let template = template();
        let header = template.lines().next().unwrap();
        for (column, _) in COLUMNS {
            assert!(header.split(',').any(|c| c == *column), "{column}");
        }
    }

    #[test]
    fn bom_semicolons_and_quotes() {
        let text = "\u{feff}Name;Account Status;account_manager_id;currency;billing_frequency;day_of_month;payment_type;labels\n\
                    \"Semi; Colon Media\";active;1;usd;monthly;5;none;\"a|b\"\n";
        let preview = parse(text);
        assert_eq!(preview.missing_required_columns, Vec::<String>::new());
        assert_eq!(preview.rows.len(), 1);
        let row = &preview.rows[0];
        assert_eq!(row.errors, vec![]);
        let input = row.input.as_ref().unwrap();
        assert_eq!(input.name, "Semi; Colon Media");
        assert_eq!(input.default_currency_id, "USD");
        assert_eq!(input.labels, Some(vec!["a".to_owned(), "b".to_owned()]));
        assert_eq!(input.billing.as_ref().unwrap().details.as_ref().unwrap().day_of_month, Some(5));
    }

    #[test]
    fn bad_numbers_and_wrong_enums_name_their_column() {
        let text = format!(
            "{HEADER}\n\
             Good,active,1,USD,monthly,1,none\n\
             Bad Number,active,one,USD,monthly,1st,none\n\
             Bad Enum,enabled,1,USD,fortnightly,,bank_transfer\n\
             Missing Days,active,1,USD,monthly,,none\n"
        );
        let preview = parse(&text);
        assert_eq!(preview.rows.len(), 4);
        assert_eq!(preview.rows[0].errors, vec![]);
        let bad = errors_of(&preview.rows[1]);
        assert_eq!(bad.iter().map(|e| e.0).collect::<Vec<_>>(), ["account_manager_id", "day_of_month"], "{bad:?}");
        assert!(bad[0].1.contains("\"one\"") && bad[0].1.contains("account_manager_id"), "{bad:?}");
        assert!(preview.rows[1].input.is_none());
        let fields: Vec<_> = errors_of(&preview.rows[2]).into_iter().map(|e| e.0).collect();
        assert_eq!(fields, ["account_status", "billing_frequency", "payment_type"]);
        assert_eq!(errors_of(&preview.rows[3]), [("day_of_month", "Day of the month is required.")]);
        assert_eq!(preview.rows[3].line, 5);
    }

    #[test]
    fn missing_columns_and_garbage_give_clear_messages() {
        let preview = parse("name,currency\nAcme,USD\n");
        assert_eq!(
            preview.missing_required_columns,
            ["account_status", "account_manager_id", "billing_frequency", "payment_type"]
        );
        let fields: Vec<_> = errors_of(&preview.rows[0]).into_iter().map(|e| e.0).collect();
        assert!(fields.contains(&"account_manager_id") && fields.contains(&"payment_type"), "{fields:?}");

        let garbage: Vec<u8> = (0..2048u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
        let preview = parse(&String::from_utf8_lossy(&garbage));
        assert!(!preview.file_errors.is_empty(), "{preview:?}");
        assert!(preview.rows.is_empty());

        assert_eq!(parse("").file_errors, ["The file is empty."]);
        assert_eq!(parse(&format!("{HEADER}\n")).file_errors, ["The file has column names but no rows."]);

        let preview = parse(&format!("{HEADER},user_password\nA,active,1,USD,manual,,none,Secret1!\n"));
        assert_eq!(preview.unknown_columns, ["user_password"]);
        assert!(preview.file_errors[0].contains("passwords are never imported"));
        assert_eq!(preview.rows[0].input.as_ref().unwrap().users, None);

        let preview = parse(&format!("{HEADER}\n\"Unclosed,active,1,USD,manual,,none\nNext,active\n"));
        assert!(!preview.rows.is_empty(), "an unclosed quote is reported, not a panic");
        let preview = parse(&format!("{HEADER}\nToo,active,1,USD,manual,,none,extra\n"));
        assert_eq!(errors_of(&preview.rows[0])[0].0, "line");
    }

    #[test]
    fn rows_are_numbered_by_their_line_whatever_the_line_endings() {
        for newline in ["\n", "\r\n", "\r"] {
            let text = [HEADER, "A,active,1,USD,manual,,none", "", "\"B\nC\",active,1,USD,manual,,none", "D,active"]
                .join(newline);
            let lines: Vec<u32> = parse(&text).rows.iter().map(|row| row.line).collect();
            assert_eq!(lines, [2, 4, 6], "{newline:?}");
        }
    }

    #[test]
    fn duplicates_in_the_file_and_on_everflow() {
        let text = format!(
            "{HEADER},user_first_name,user_last_name,user_email\n\
             Alpha,active,1,USD,monthly,1,none,A,A,a@example.com\n\
             alpha ,active,1,USD,monthly,1,none,B,B,b@example.com\n\
             Beta,active,1,USD,monthly,1,none,C,C,A@example.com\n\
             Gamma,active,1,USD,monthly,1,none,D,D,taken@example.com\n\
             Existing Co,active,1,USD,monthly,1,none,E,E,e@example.com\n"
        );
        let mut preview = parse(&text);
        let existing = ExistingAffiliates {
            names: [("existing co".to_owned(), 7)].into(),
            emails: [("taken@example.com".to_owned(), 9)].into(),
        };
        mark_duplicates(&mut preview, &existing);
        let reasons: Vec<_> = preview.rows.iter().map(|r| r.duplicate.as_ref().map(|d| d.reason)).collect();
        assert_eq!(
            reasons,
            [
                None,
                Some(DuplicateReason::RepeatedInFile),
                Some(DuplicateReason::RepeatedInFile),
                Some(DuplicateReason::ExistingEmail),
                Some(DuplicateReason::ExistingName),
            ]
        );
        assert_eq!(preview.rows[1].duplicate.as_ref().unwrap().message, "Line 2 has the same name.");
        assert_eq!(preview.rows[3].duplicate.as_ref().unwrap().existing_affiliate_id, Some(9));
        assert_eq!(preview.rows[4].duplicate.as_ref().unwrap().existing_affiliate_id, Some(7));
    }

    #[test]
    fn results_export_as_csv_without_formulas() {
        let results = vec![
            CsvRowResult {
                line: 2,
                name: "Acme, Inc".into(),
                status: CsvRowStatus::Created,
                affiliate_id: Some(41),
                message: "Created with ID 41.".into(),
            },
            CsvRowResult {
                line: 3,
                name: "=HYPERLINK(\"x\")".into(),
                status: CsvRowStatus::NotSent,
                affiliate_id: None,
                message: "Not sent".into(),
            },
        ];
        let text = export_results(&results);
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(&rows[0][1], "Acme, Inc");
        assert_eq!(&rows[0][3], "41");
        assert_eq!(&rows[1][1], "'=HYPERLINK(\"x\")");
        assert_eq!(&rows[1][2], "not_sent");
    }
}
