//! Reading an imported file into rows (server side): Excel `.xlsx` through `calamine`; text
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
    /// A workbook's first sheet (a zip: read whole by `calamine`).
    Book(calamine::Range<calamine::Data>),
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
            source: Source::Book(first_sheet(bytes)?),
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
            Source::Book(range) => {
                let start = range.start().map_or(0, |(row, _)| u64::from(row));
                Box::new(range.rows().enumerate().filter_map(move |(n, row)| {
                    let cells: Vec<String> = row.iter().map(cell_text).collect();
                    cells
                        .iter()
                        .any(|c| !c.is_empty())
                        .then(|| Ok((start + n as u64 + 1, cells)))
                }))
            }
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

/// The first sheet of a workbook.
fn first_sheet(bytes: &[u8]) -> Result<calamine::Range<calamine::Data>, ReadError> {
    use calamine::{Reader, Xlsx};
    let e = |e: calamine::XlsxError| ReadError::Workbook(e.to_string());
    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).map_err(e)?;
    let first = book
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| ReadError::Workbook("it has no sheet".into()))?;
    book.worksheet_range(&first).map_err(e)
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
