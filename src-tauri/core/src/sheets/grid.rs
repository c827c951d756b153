//! A sheet as rows of cells, written to and read from XLSX (rust_xlsxwriter, calamine) and CSV
//! (the csv crate, any encoding `csv_encoding` reads). What a spreadsheet program may add that
//! the app cannot take as a value (a formula, a merged cell) is kept beside the text, so the
//! import can name it.

use calamine::{Data, Reader, Xlsx};
use everflow::validate::FieldError;
use rust_xlsxwriter::{Format, Workbook};

use crate::csv_encoding;
use crate::error::{CoreError, CoreResult};

/// A file kind the sheets are written in and read from.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SheetFormat {
    Xlsx,
    Csv,
}

impl SheetFormat {
    /// The format a file name asks for: `.csv` is CSV, anything else XLSX.
    pub fn of_path(path: &str) -> SheetFormat {
        if path.to_lowercase().ends_with(".csv") {
            SheetFormat::Csv
        } else {
            SheetFormat::Xlsx
        }
    }
}

/// A cell as written.
#[derive(Debug, Clone, PartialEq)]
pub enum OutCell {
    Text(String),
    Number(f64),
}

impl From<String> for OutCell {
    fn from(text: String) -> Self {
        OutCell::Text(text)
    }
}

impl From<&str> for OutCell {
    fn from(text: &str) -> Self {
        OutCell::Text(text.to_owned())
    }
}

/// A sheet to write: a first line saying what it is, a heading row, then the rows. The first two
/// rows (and `frozen_columns` columns) stay in view while scrolling.
#[derive(Debug, Clone, PartialEq)]
pub struct OutSheet {
    pub title: String,
    /// Row 1: the stamp in A1, then anything the sheet keeps above its columns.
    pub top_row: Vec<String>,
    pub headings: Vec<String>,
    pub rows: Vec<Vec<OutCell>>,
    pub frozen_columns: u16,
}

/// The rows above the data: the stamp, then the headings.
pub const ROWS_ABOVE_DATA: usize = 2;

impl OutSheet {
    pub fn to_bytes(&self, format: SheetFormat) -> CoreResult<Vec<u8>> {
        match format {
            SheetFormat::Xlsx => self.to_xlsx(),
            SheetFormat::Csv => self.to_csv(),
        }
    }

    fn to_xlsx(&self) -> CoreResult<Vec<u8>> {
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet();
        let failed = |error: rust_xlsxwriter::XlsxError| not_written(error);
        sheet.set_name(&self.title).map_err(failed)?;
        let bold = Format::new().set_bold();
        for (col, text) in self.top_row.iter().enumerate() {
            sheet.write_string(0, col as u16, text).map_err(failed)?;
        }
        for (col, heading) in self.headings.iter().enumerate() {
            sheet.write_string_with_format(1, col as u16, heading, &bold).map_err(failed)?;
            sheet
                .set_column_width(col as u16, (heading.chars().count() as f64 + 4.0).clamp(10.0, 40.0))
                .map_err(failed)?;
        }
        for (r, row) in self.rows.iter().enumerate() {
            let at = (r + ROWS_ABOVE_DATA) as u32;
            for (col, cell) in row.iter().enumerate() {
                match cell {
                    // Always as text: a value that looks like a formula stays a value.
                    OutCell::Text(text) => sheet.write_string(at, col as u16, text).map_err(failed)?,
                    OutCell::Number(number) => sheet.write_number(at, col as u16, *number).map_err(failed)?,
                };
            }
        }
        sheet.set_freeze_panes(ROWS_ABOVE_DATA as u32, self.frozen_columns).map_err(failed)?;
        workbook.save_to_buffer().map_err(failed)
    }

    /// UTF-8 with a byte order mark, so Excel does not read it in the machine's code page.
    fn to_csv(&self) -> CoreResult<Vec<u8>> {
        let mut writer = csv::WriterBuilder::new().flexible(true).from_writer(b"\xEF\xBB\xBF".to_vec());
        let failed = |error: csv::Error| not_written(error);
        writer.write_record(&self.top_row).map_err(failed)?;
        writer.write_record(&self.headings).map_err(failed)?;
        for row in &self.rows {
            let texts: Vec<String> = row
                .iter()
                .map(|cell| match cell {
                    OutCell::Text(text) => text.clone(),
                    OutCell::Number(number) => number_text(*number),
                })
                .collect();
            writer.write_record(&texts).map_err(failed)?;
        }
        writer.into_inner().map_err(not_written)
    }
}

/// A whole number without ".0".
fn number_text(number: f64) -> String {
    if number.fract() == 0.0 && number.abs() < 1e15 {
        format!("{}", number as i64)
    } else {
        number.to_string()
    }
}

/// A sheet as read: the text of every cell (row by row, from A1), the cells holding a formula
/// and the merged ranges, each at (row, column) counted from 0.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Grid {
    pub cells: Vec<Vec<String>>,
    pub formulas: Vec<((usize, usize), String)>,
    /// (first row, first column, last row, last column).
    pub merged: Vec<(usize, usize, usize, usize)>,
    /// The encoding a CSV file was read in.
    pub encoding: Option<String>,
}

impl Grid {
    /// The text at (row, column), `""` past the end.
    pub fn text(&self, row: usize, col: usize) -> &str {
        self.cells.get(row).and_then(|r| r.get(col)).map(|s| s.as_str()).unwrap_or("")
    }

    /// The cells that hold a formula or are part of a merged range: no value is read from them.
    pub fn unreadable(&self) -> std::collections::BTreeSet<(usize, usize)> {
        let mut cells: std::collections::BTreeSet<(usize, usize)> = self.formulas.iter().map(|(at, _)| *at).collect();
        for (top, left, bottom, right) in &self.merged {
            for r in *top..=*bottom {
                cells.extend((*left..=*right).map(|c| (r, c)));
            }
        }
        cells
    }

    /// The first sheet of an XLSX file or a CSV file, told apart by their first bytes (an XLSX
    /// file is a zip archive), whatever the file is called.
    pub fn read(bytes: &[u8]) -> CoreResult<Grid> {
        if bytes.starts_with(b"PK\x03\x04") {
            Grid::read_xlsx(bytes)
        } else {
            Grid::read_csv(bytes)
        }
    }

    fn read_xlsx(bytes: &[u8]) -> CoreResult<Grid> {
        let unreadable =
            |error: calamine::XlsxError| invalid(format!("The file is not a sheet the app can read ({error})."));
        let mut workbook: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).map_err(unreadable)?;
        let Some(name) = workbook.sheet_names().first().cloned() else {
            return Err(invalid("The file has no sheet.".into()));
        };
        let values = workbook.worksheet_range(&name).map_err(unreadable)?;
        let formulas = workbook.worksheet_formula(&name).map_err(unreadable)?;
        let merged = workbook.merge_cells_by_sheet_name(&name).map_err(unreadable)?;
        // Ranges start at their first used cell; the grid starts at A1.
        let (top, left) = values.start().unwrap_or((0, 0));
        let (top, left) = (top as usize, left as usize);
        let mut cells: Vec<Vec<String>> = vec![Vec::new(); top];
        for row in values.rows() {
            let mut texts = vec![String::new(); left];
            texts.extend(row.iter().map(data_text));
            cells.push(texts);
        }
        let mut grid = Grid { cells, ..Grid::default() };
        if let Some((f_top, f_left)) = formulas.start() {
            for (r, row) in formulas.rows().enumerate() {
                for (c, formula) in row.iter().enumerate() {
                    if !formula.is_empty() {
                        grid.formulas.push(((f_top as usize + r, f_left as usize + c), formula.clone()));
                    }
                }
            }
        }
        grid.merged = merged
            .iter()
            .map(|d| (d.start.0 as usize, d.start.1 as usize, d.end.0 as usize, d.end.1 as usize))
            .collect();
        Ok(grid)
    }

    fn read_csv(bytes: &[u8]) -> CoreResult<Grid> {
        let decoded = csv_encoding::decode_csv(bytes)?;
        let delimiter = guess_delimiter(&decoded.text);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(decoded.text.as_bytes());
        let mut cells = Vec::new();
        for (index, record) in reader.records().enumerate() {
            let record =
                record.map_err(|error| invalid(format!("Line {} of the file cannot be read: {error}", index + 1)))?;
            cells.push(record.iter().map(str::to_owned).collect());
        }
        // A CSV cell has no formula of its own: text starting with "=" is one a program would
        // compute on opening, not a value.
        let formulas = cells
            .iter()
            .enumerate()
            .flat_map(|(r, row): (usize, &Vec<String>)| {
                row.iter()
                    .enumerate()
                    .filter(|(_, text)| text.starts_with('='))
                    .map(move |(c, text)| ((r, c), text.clone()))
                    .collect::<Vec<_>>()
            })
            .collect();
        Ok(Grid { cells, formulas, merged: Vec::new(), encoding: Some(decoded.encoding) })
    }
}

/// Spreadsheets in some countries save CSV with ";" (the comma is their decimal mark): the one
/// of "," ";" and tab found most in the first line is taken.
fn guess_delimiter(text: &str) -> u8 {
    let first = text.lines().nth(1).or_else(|| text.lines().next()).unwrap_or("");
    [b',', b';', b'\t'].into_iter().max_by_key(|d| first.bytes().filter(|b| b == d).count()).unwrap_or(b',')
}

fn data_text(data: &Data) -> String {
    match data {
        Data::Empty => String::new(),
        Data::String(text) => text.clone(),
        Data::Int(number) => number.to_string(),
        Data::Float(number) => number_text(*number),
        Data::Bool(true) => "TRUE".into(),
        Data::Bool(false) => "FALSE".into(),
        Data::DateTime(date) => date.to_string(),
        Data::DateTimeIso(text) | Data::DurationIso(text) => text.clone(),
        Data::Error(error) => format!("#{error:?}"),
    }
}

fn not_written(error: impl std::fmt::Display) -> CoreError {
    CoreError::Storage { message: "The sheet could not be written.".into(), detail: error.to_string() }
}

fn invalid(message: String) -> CoreError {
    CoreError::Invalid(vec![FieldError { field: "file".into(), message }])
}

/// A column as a spreadsheet program names it: 0 = "A", 26 = "AA".
pub fn column_letter(mut index: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> OutSheet {
        OutSheet {
            title: "Affiliates".into(),
            top_row: vec!["stamp".into()],
            headings: vec!["ID".into(), "Name".into()],
            rows: vec![vec![OutCell::Number(7.0), "Café, Zürich".into()], vec![OutCell::Number(8.0), "=1+1".into()]],
            frozen_columns: 1,
        }
    }

    #[test]
    fn a_sheet_reads_back_the_same_from_xlsx_and_csv() {
        for format in [SheetFormat::Xlsx, SheetFormat::Csv] {
            let grid = Grid::read(&sample().to_bytes(format).unwrap()).unwrap();
            assert_eq!(grid.text(0, 0), "stamp");
            assert_eq!(grid.text(2, 0), "7");
            assert_eq!(grid.text(2, 1), "Café, Zürich");
            if format == SheetFormat::Xlsx {
                assert!(grid.formulas.is_empty(), "a value that looks like a formula is written as text");
            }
        }
    }

    #[test]
    fn columns_are_named_as_spreadsheets_name_them() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
    }
}
