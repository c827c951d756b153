//! Bad-input property tests of the CSV importer: any bytes (read as the app reads them, lossily as
//! UTF-8) and any CSV-ish text built from the template's real columns (random case and spacing,
//! unknown and repeated columns, BOM, `,` `;` or tab, CRLF or CR, quotes, embedded line breaks,
//! ragged rows, odd values) give a preview, never a panic, in which every problem is either a
//! row's error naming a known column (or `line`) with a message, or a non-empty file-level message.

use eflow_core::csv_import::{self, CsvPreview, CsvRowResult, CsvRowStatus, ExistingAffiliates, COLUMNS};
use everflow::validate::{validate_affiliate, AffiliateMode};
use proptest::prelude::*;
use proptest::test_runner::Config;

/// Cases per property (`PROPTEST_CASES=5000` for a deeper search); the suite stays within
/// seconds in a debug build.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|cases| cases.parse().ok()).unwrap_or(256)
}

/// What every preview must satisfy, whatever the input.
fn check_preview(text: &str, preview: &CsvPreview) -> Result<(), TestCaseError> {
    let known = |field: &str| field == "line" || COLUMNS.iter().any(|(column, _)| *column == field);
    for message in &preview.file_errors {
        prop_assert!(!message.trim().is_empty(), "an empty file-level message");
    }
    if preview.rows.is_empty() {
        prop_assert!(!preview.file_errors.is_empty(), "no rows and nothing said about it: {:?}", preview);
    }
    // A row is at most one per line after the header (quoted line breaks make fewer).
    let lines = text.split(['\n', '\r']).count();
    prop_assert!(preview.rows.len() <= lines, "{} rows from {} lines", preview.rows.len(), lines);
    let mut previous = 1u32;
    for row in &preview.rows {
        prop_assert!(row.line >= 2, "row line {} (the header is line 1): {:?}", row.line, row);
        prop_assert!(row.line >= previous, "row lines go back: {} after {}", row.line, previous);
        previous = row.line;
        for error in &row.errors {
            prop_assert!(
                known(&error.field),
                "line {}: error on unknown field {:?}: {}",
                row.line,
                error.field,
                error.message
            );
            prop_assert!(!error.message.trim().is_empty(), "line {}: empty message for {}", row.line, error.field);
        }
        match &row.input {
            Some(input) => {
                prop_assert!(row.errors.is_empty(), "line {}: a body despite errors {:?}", row.line, row.errors);
                let rules = validate_affiliate(input, AffiliateMode::Create);
                prop_assert!(rules.is_empty(), "line {}: a body the form rules refuse: {:?}", row.line, rules);
                prop_assert_eq!(&row.name, &input.name);
            }
            None => prop_assert!(!row.errors.is_empty(), "line {}: no body and no error", row.line),
        }
    }
    for column in &preview.missing_required_columns {
        prop_assert!(csv_import::REQUIRED_COLUMNS.contains(&column.as_str()));
    }
    // What the app does next with a preview must not panic either.
    let mut marked = preview.clone();
    let existing = ExistingAffiliates {
        names: preview.rows.iter().take(1).map(|row| (row.name.to_lowercase(), 1)).collect(),
        emails: Default::default(),
    };
    csv_import::mark_duplicates(&mut marked, &existing);
    for row in &marked.rows {
        if let Some(duplicate) = &row.duplicate {
            prop_assert!(!duplicate.message.trim().is_empty());
        }
    }
    let results: Vec<CsvRowResult> = preview
        .rows
        .iter()
        .map(|row| CsvRowResult {
            line: row.line,
            name: row.name.clone(),
            status: CsvRowStatus::Failed,
            affiliate_id: None,
            message: row.errors.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join(" "),
        })
        .collect();
    let exported = csv_import::export_results(&results);
    let mut reader = csv::Reader::from_reader(exported.as_bytes());
    prop_assert_eq!(reader.records().count(), results.len(), "the results export reads back row for row");
    Ok(())
}

fn column_names() -> Vec<&'static str> {
    COLUMNS.iter().map(|(column, _)| *column).collect()
}

/// A header cell: a real column as a person might type it, or something else.
fn arb_header_cell() -> impl Strategy<Value = String> {
    let real = (prop::sample::select(column_names()), 0..4u8, any::<bool>()).prop_map(|(column, style, padded)| {
        let styled = match style {
            0 => column.to_owned(),
            1 => column.to_uppercase(),
            2 => column.replace('_', " "),
            _ => column.replace('_', "-"),
        };
        if padded {
            format!(" {styled}\t")
        } else {
            styled
        }
    });
    prop_oneof![
        8 => real,
        1 => prop::sample::select(vec!["user_password", "password", "", "id", "\u{feff}name", "name\"", "\"name\""])
            .prop_map(String::from),
        1 => any::<String>(),
    ]
}

/// A cell value: plausible ones for the columns, edge cases, or anything.
fn arb_cell() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => prop::sample::select(vec![
            "", " ", "Acme", "active", "inactive", "ACTIVE", "1", "2", "0", "-1", "15.0", "1e400", "NaN", "inf",
            "9223372036854775808", "-9223372036854775809", "1e15", "USD", "eur", "weekly", "bimonthly", "monthly",
            "two_months", "quarterly", "manual", "other", "none", "paypal", "wire", "direct_deposit", "tipalti",
            "paxum", "veem", "payoneer", "check", "email", "phone", "paypal_account", "yes", "no", "maybe",
            "a|b||c", "|", "2026-01-01", "2026-02-30", "US", "CA", "x@example.com", "not an email", "100.50",
            "=1+1", "\"", "\"\"", "a,b", "a;b", "a\tb", "line\nbreak", "cr\rbreak", "ünïcödé", "名前", "\u{0}",
            "\u{feff}", "🙂",
        ])
        .prop_map(String::from),
        1 => any::<String>(),
        1 => "[ -~]{0,40}",
        1 => "[0-9]{1,25}",
    ]
}

/// How a cell is written: as is, quoted (with quotes doubled) or quoted badly.
fn write_cell(value: &str, style: u8) -> String {
    match style % 4 {
        0 | 1 => value.to_owned(),
        2 => format!("\"{}\"", value.replace('"', "\"\"")),
        _ => format!("\"{value}"),
    }
}

#[derive(Debug, Clone)]
struct CsvIsh {
    bom: bool,
    delimiter: char,
    newline: &'static str,
    header: Vec<String>,
    rows: Vec<Vec<(String, u8)>>,
    trailing_newline: bool,
}

fn arb_csvish() -> impl Strategy<Value = CsvIsh> {
    (
        any::<bool>(),
        prop::sample::select(vec![',', ';', '\t']),
        prop::sample::select(vec!["\n", "\r\n", "\r"]),
        prop::collection::vec(arb_header_cell(), 0..14),
        prop::collection::vec(prop::collection::vec((arb_cell(), any::<u8>()), 0..16), 0..6),
        any::<bool>(),
    )
        .prop_map(|(bom, delimiter, newline, header, rows, trailing_newline)| CsvIsh {
            bom,
            delimiter,
            newline,
            header,
            rows,
            trailing_newline,
        })
}

impl CsvIsh {
    fn text(&self) -> String {
        let delimiter = self.delimiter.to_string();
        let mut lines = vec![self.header.iter().map(|cell| write_cell(cell, 0)).collect::<Vec<_>>().join(&delimiter)];
        for row in &self.rows {
            lines.push(row.iter().map(|(value, style)| write_cell(value, *style)).collect::<Vec<_>>().join(&delimiter));
        }
        let mut text = lines.join(self.newline);
        if self.trailing_newline {
            text.push_str(self.newline);
        }
        if self.bom {
            text.insert(0, '\u{feff}');
        }
        text
    }
}

/// A well-formed file (proper quoting by the csv writer) with the required columns and rows of
/// plausible values: one preview row per non-blank record, on the record's own line.
fn arb_well_formed() -> impl Strategy<Value = (u8, Vec<&'static str>, Vec<Vec<String>>)> {
    let optional: Vec<&'static str> =
        column_names().into_iter().filter(|column| !csv_import::REQUIRED_COLUMNS.contains(column)).collect();
    (any::<u8>(), prop::sample::subsequence(optional, 0..10)).prop_flat_map(|(delimiter, extra)| {
        let mut columns: Vec<&'static str> = csv_import::REQUIRED_COLUMNS.to_vec();
        columns.extend(extra);
        let width = columns.len();
        (
            Just(delimiter),
            Just(columns).prop_shuffle(),
            prop::collection::vec(prop::collection::vec(arb_cell(), width..=width), 1..6),
        )
    })
}

#[test]
fn the_template_parses_into_valid_rows() {
    let template = csv_import::template();
    let preview = csv_import::parse(&template);
    assert!(preview.file_errors.is_empty(), "{:?}", preview.file_errors);
    assert_eq!(preview.rows.len(), 2);
    assert!(preview.rows.iter().all(|row| row.errors.is_empty() && row.input.is_some()), "{:?}", preview.rows);
    check_preview(&template, &preview).unwrap();
}

#[test]
fn the_invariants_catch_a_bad_row() {
    // The property's checks are real: a row with an unreadable number fails them if its error
    // were missing, and is reported on its column.
    let text = "name,account_status,account_manager_id,currency,billing_frequency,payment_type\n\
                Acme,active,one,USD,manual,none\n";
    let preview = csv_import::parse(text);
    check_preview(text, &preview).unwrap();
    assert_eq!(preview.rows[0].errors[0].field, "account_manager_id");
    let mut broken = preview.clone();
    broken.rows[0].errors.clear();
    assert!(check_preview(text, &broken).is_err());
    let mut broken = preview;
    broken.rows[0].errors[0].field = "network_employee_id".into();
    assert!(check_preview(text, &broken).is_err());
}

proptest! {
    #![proptest_config(Config { cases: cases(), failure_persistence: None, ..Config::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let text = String::from_utf8_lossy(&bytes);
        let preview = csv_import::parse(&text);
        check_preview(&text, &preview)?;
    }

    #[test]
    fn arbitrary_bytes_under_a_real_header_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let header = column_names().join(",");
        let text = format!("{header}\n{}", String::from_utf8_lossy(&bytes));
        let preview = csv_import::parse(&text);
        check_preview(&text, &preview)?;
    }

    #[test]
    fn csv_ish_text_never_panics(file in arb_csvish()) {
        let text = file.text();
        let preview = csv_import::parse(&text);
        check_preview(&text, &preview)?;
    }

    #[test]
    fn damaged_template_never_panics(
        cut in any::<prop::sample::Index>(),
        inserts in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..6),
    ) {
        let mut bytes = csv_import::template().into_bytes();
        bytes.truncate(cut.index(bytes.len() + 1));
        for (at, byte) in inserts {
            bytes.insert(at.index(bytes.len() + 1), byte);
        }
        let text = String::from_utf8_lossy(&bytes);
        let preview = csv_import::parse(&text);
        check_preview(&text, &preview)?;
    }

    #[test]
    fn well_formed_files_give_one_row_per_record((delimiter, columns, rows) in arb_well_formed(), crlf in any::<bool>()) {
        let delimiter = [b',', b';', b'\t'][usize::from(delimiter % 3)];
        let terminator = if crlf { csv::Terminator::CRLF } else { csv::Terminator::Any(b'\n') };
        let mut writer = csv::WriterBuilder::new().delimiter(delimiter).terminator(terminator).from_writer(Vec::new());
        writer.write_record(&columns).unwrap();
        for row in &rows {
            writer.write_record(row).unwrap();
        }
        let text = String::from_utf8(writer.into_inner().unwrap()).unwrap();
        let preview = csv_import::parse(&text);
        check_preview(&text, &preview)?;
        prop_assert!(preview.missing_required_columns.is_empty());
        prop_assert!(preview.unknown_columns.is_empty(), "{:?}", preview.unknown_columns);
        let records: Vec<&Vec<String>> = rows.iter().filter(|row| !row.iter().all(|cell| cell.trim().is_empty())).collect();
        prop_assert_eq!(preview.rows.len(), records.len(), "one preview row per non-blank record:\n{}", text);
        let name_at = columns.iter().position(|column| *column == "name").unwrap();
        for (row, record) in preview.rows.iter().zip(records) {
            if row.input.is_some() {
                prop_assert_eq!(&row.name, record[name_at].trim());
            }
        }
    }
}
