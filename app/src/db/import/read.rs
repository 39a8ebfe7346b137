//! Reading an imported file into rows (server side): Excel `.xlsx` through `calamine`, cell by
//! cell; text
//! through `encoding_rs` in whatever encoding people's programs wrote (UTF-8 with or without a
//! byte-order mark, UTF-16 from Excel's "Unicode text", or the legacy encoding of a market:
//! Windows-1258 Vietnamese, TIS-620 Thai, GB18030 Chinese, Windows-1256 Persian, detected by
//! `chardetng` when not chosen), separated by commas, semicolons or tabs (sniffed when not
//! chosen), with quoted fields over several lines, through the `csv` crate.

use encoding_rs::Encoding;

/// How a file is to be read; `None`: found out from the file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Choice {
    /// An encoding's label (`windows-1258`, `gb18030`…).
    pub encoding: Option<String>,
    pub delimiter: Option<u8>,
}

/// A file as read: how, and its rows (each with the line of the file it starts on).
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The encoding it was read in (`xlsx` for a workbook).
    pub encoding: &'static str,
    pub delimiter: Option<u8>,
    pub rows: Vec<(u64, Vec<String>)>,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ReadError {
    #[error("this is not an encoding we know: {0}")]
    UnknownEncoding(String),
    #[error("the workbook cannot be read: {0}")]
    Workbook(String),
    #[error("the file cannot be read as a table: {0}")]
    Table(String),
    #[error("the file is empty")]
    Empty,
}

/// A row: the line of the file it starts on, and its cells.
pub type Row = (u64, Vec<String>);

/// A file opened to be read row by row: only the row being read is made into cells, so
/// reading a file of any length takes the memory of one row (beside the file itself, and its
/// text when it had to be decoded from another encoding).
pub struct Sheet<'f> {
    /// The encoding it is read in (`xlsx` for a workbook).
    pub encoding: &'static str,
    pub delimiter: Option<u8>,
    source: Source<'f>,
}

enum Source<'f> {
    Text(std::borrow::Cow<'f, str>),
    /// A workbook (a zip) and the name of its first sheet, read cell by cell as its rows are
    /// asked for (`book_rows`).
    Book(std::sync::Arc<[u8]>, String),
}

/// Opens `bytes` to be read as a table.
pub fn open<'f>(bytes: &'f [u8], choice: &Choice) -> Result<Sheet<'f>, ReadError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ReadError::Empty);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Ok(Sheet {
            encoding: "xlsx",
            delimiter: None,
            source: Source::Book(std::sync::Arc::from(bytes), first_sheet(bytes)?),
        });
    }
    let (text, encoding) = decode(bytes, choice.encoding.as_deref())?;
    let delimiter = choice.delimiter.unwrap_or_else(|| sniff_delimiter(&text));
    Ok(Sheet {
        encoding: encoding.name(),
        delimiter: Some(delimiter),
        source: Source::Text(text),
    })
}

/// Reads `bytes` as a table, every row at once (for small files and tests; an import reads
/// its file with `open` and `Sheet::rows`).
pub fn read(bytes: &[u8], choice: &Choice) -> Result<Table, ReadError> {
    let sheet = open(bytes, choice)?;
    let rows = sheet.rows().collect::<Result<Vec<_>, _>>()?;
    if rows.is_empty() {
        return Err(ReadError::Empty);
    }
    Ok(Table {
        encoding: sheet.encoding,
        delimiter: sheet.delimiter,
        rows,
    })
}

impl Sheet<'_> {
    /// The rows that have a cell filled, in the file's order, the header row first.
    pub fn rows(&self) -> Box<dyn Iterator<Item = Result<Row, ReadError>> + Send + '_> {
        match &self.source {
            Source::Text(text) => Box::new(TextRows {
                reader: csv::ReaderBuilder::new()
                    .has_headers(false)
                    .flexible(true)
                    .delimiter(self.delimiter.unwrap_or(b','))
                    .from_reader(text.as_bytes()),
                text: text.as_bytes(),
                line: 1,
                counted: 0,
                record: csv::StringRecord::new(),
                failed: false,
            }),
            Source::Book(bytes, sheet) => Box::new(book_rows(bytes.clone(), sheet.clone())),
        }
    }

    /// The first row's cells (the headers, when the file has them).
    pub fn first(&self) -> Result<Vec<String>, ReadError> {
        match self.rows().next() {
            Some(row) => Ok(row?.1),
            None => Err(ReadError::Empty),
        }
    }
}

/// The rows of a text table, read one at a time.
struct TextRows<'t> {
    reader: csv::Reader<&'t [u8]>,
    text: &'t [u8],
    /// The line the last row read starts on, and the byte offset it was counted to.
    line: u64,
    counted: usize,
    record: csv::StringRecord,
    failed: bool,
}

impl Iterator for TextRows<'_> {
    type Item = Result<Row, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.failed {
            match self.reader.read_record(&mut self.record) {
                Ok(false) => return None,
                Ok(true) => {
                    // The line it starts on, counted from its byte offset (a quoted field may
                    // span lines, so rows and lines differ). (csv's position of a record may
                    // point at the line break before it.)
                    let text = self.text;
                    let mut at = self.record.position().map_or(0, |p| p.byte() as usize);
                    while matches!(text.get(at), Some(b'\r' | b'\n')) {
                        at += 1;
                    }
                    let at = at.min(text.len());
                    self.line += text[self.counted.min(at)..at]
                        .iter()
                        .filter(|b| **b == b'\n')
                        .count() as u64;
                    self.counted = at;
                    let cells: Vec<String> = self.record.iter().map(clean).collect();
                    if cells.iter().any(|c| !c.is_empty()) {
                        return Some(Ok((self.line, cells)));
                    }
                }
                Err(e) => {
                    self.failed = true;
                    return Some(Err(ReadError::Table(e.to_string())));
                }
            }
        }
        None
    }
}

/// A cell as kept: trimmed, and composed (NFC). Windows-1258 writes Vietnamese tones as
/// separate marks and macOS writes decomposed text: "Nguyễn" must be one spelling.
fn clean(cell: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    cell.trim().nfc().collect()
}

/// The text of `bytes` and its encoding: a byte-order mark says it; else the chosen one; else
/// UTF-8 when it is valid UTF-8; else what `chardetng` finds most likely.
fn decode<'b>(
    bytes: &'b [u8],
    chosen: Option<&str>,
) -> Result<(std::borrow::Cow<'b, str>, &'static Encoding), ReadError> {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
        return Ok((text, encoding));
    }
    let encoding = match chosen {
        Some(label) => Encoding::for_label(label.trim().as_bytes())
            .ok_or_else(|| ReadError::UnknownEncoding(label.into()))?,
        None if std::str::from_utf8(bytes).is_ok() => encoding_rs::UTF_8,
        None => {
            let mut detector = chardetng::EncodingDetector::new();
            detector.feed(bytes, true);
            detector.guess(None, true)
        }
    };
    // Valid UTF-8 is borrowed, not copied.
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    Ok((text, encoding))
}

/// The separator of a text table: of comma, semicolon and tab, the one that splits the first
/// lines into the same number of fields, more than one, most often (outside quotes).
fn sniff_delimiter(text: &str) -> u8 {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(20)
        .collect();
    let count = |line: &str, d: char| {
        let mut quoted = false;
        line.chars()
            .filter(|c| {
                if *c == '"' {
                    quoted = !quoted;
                }
                !quoted && *c == d
            })
            .count()
    };
    let mut best = (b',', 0usize);
    for d in [',', ';', '\t'] {
        let counts: Vec<usize> = lines.iter().map(|l| count(l, d)).collect();
        let first = counts.first().copied().unwrap_or(0);
        let steady = counts.iter().filter(|c| **c == first).count();
        if first > 0 && steady > best.1 {
            best = (d as u8, steady);
        }
    }
    best.0
}

/// The name of a workbook's first sheet.
fn first_sheet(bytes: &[u8]) -> Result<String, ReadError> {
    use calamine::{Reader, Xlsx};
    let book: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).map_err(workbook_error)?;
    book.sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| ReadError::Workbook("it has no sheet".into()))
}

fn workbook_error(e: calamine::XlsxError) -> ReadError {
    ReadError::Workbook(e.to_string())
}

/// How many rows of a workbook are read ahead of the one asked for.
const READ_AHEAD: usize = 256;

/// The rows of a workbook's sheet that have a cell filled, each with its row number, read from
/// its XML cell by cell (`calamine`'s cells reader) rather than into one range of every cell:
/// what a workbook of any length takes is its shared strings and `READ_AHEAD` rows. The
/// reading runs on a thread of its own, which owns the workbook its reader borrows, and stops
/// when the rows are no longer wanted. A column is counted from the sheet's first.
fn book_rows(
    bytes: std::sync::Arc<[u8]>,
    sheet: String,
) -> impl Iterator<Item = Result<Row, ReadError>> + Send {
    let (rows, taken) = std::sync::mpsc::sync_channel::<Result<Row, ReadError>>(READ_AHEAD);
    std::thread::spawn(move || {
        use calamine::{Data, Xlsx};
        let read = || -> Result<(), ReadError> {
            let mut book: Xlsx<_> =
                calamine::open_workbook_from_rs(std::io::Cursor::new(&bytes[..]))
                    .map_err(workbook_error)?;
            let mut cells = book
                .worksheet_cells_reader(&sheet)
                .map_err(workbook_error)?;
            let size = cells.dimensions();
            let first_column = size.start.1;
            // Every row as wide as the sheet says it is.
            let width = (size.end.1.saturating_sub(first_column) + 1) as usize;
            let mut row: Option<(u32, Vec<String>)> = None;
            // Sends a row that has a cell filled; false once nobody reads on.
            let send = |(number, mut cells): (u32, Vec<String>)| {
                if !cells.iter().any(|c| !c.is_empty()) {
                    return true;
                }
                if cells.len() < width {
                    cells.resize(width, String::new());
                }
                rows.send(Ok((u64::from(number) + 1, cells))).is_ok()
            };
            while let Some(cell) = cells.next_cell().map_err(workbook_error)? {
                let (number, column) = cell.get_position();
                if row.as_ref().is_some_and(|(n, _)| *n != number)
                    && let Some(done) = row.take()
                    && !send(done)
                {
                    return Ok(());
                }
                let (_, texts) = row.get_or_insert_with(|| (number, Vec::new()));
                let at = column.saturating_sub(first_column) as usize;
                if texts.len() <= at {
                    texts.resize(at + 1, String::new());
                }
                texts[at] = cell_text(&Data::from(cell.get_value().clone()));
            }
            if let Some(last) = row {
                send(last);
            }
            Ok(())
        };
        if let Err(e) = read() {
            let _ = rows.send(Err(e));
        }
    });
    taken.into_iter()
}

/// A workbook's cell as text: numbers plainly, dates as ISO days.
fn cell_text(cell: &calamine::Data) -> String {
    use calamine::Data;
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => clean(s),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => d
            .as_datetime()
            .map(|t| t.date().format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(_) => String::new(),
    }
}
