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

/// Reads `bytes` as a table.
pub fn read(bytes: &[u8], choice: &Choice) -> Result<Table, ReadError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ReadError::Empty);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return read_workbook(bytes);
    }
    let (text, encoding) = decode(bytes, choice.encoding.as_deref())?;
    let delimiter = choice.delimiter.unwrap_or_else(|| sniff_delimiter(&text));
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    let bytes_text = text.as_bytes();
    let (mut line, mut counted) = (1u64, 0usize);
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                // The line it starts on, counted from its byte offset (a quoted field may span
                // lines, so rows and lines differ).
                // (csv's position of a record may point at the line break before it.)
                let mut at = record.position().map_or(0, |p| p.byte() as usize);
                while matches!(bytes_text.get(at), Some(b'\r' | b'\n')) {
                    at += 1;
                }
                line += bytes_text[counted..at.min(bytes_text.len())]
                    .iter()
                    .filter(|b| **b == b'\n')
                    .count() as u64;
                counted = at.min(bytes_text.len());
                let cells: Vec<String> = record.iter().map(clean).collect();
                if cells.iter().any(|c| !c.is_empty()) {
                    rows.push((line, cells));
                }
            }
            Err(e) => return Err(ReadError::Table(e.to_string())),
        }
    }
    if rows.is_empty() {
        return Err(ReadError::Empty);
    }
    Ok(Table {
        encoding: encoding.name(),
        delimiter: Some(delimiter),
        rows,
    })
}

/// A cell as kept: trimmed, and composed (NFC). Windows-1258 writes Vietnamese tones as
/// separate marks and macOS writes decomposed text: "Nguyễn" must be one spelling.
fn clean(cell: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    cell.trim().nfc().collect()
}

/// The text of `bytes` and its encoding: a byte-order mark says it; else the chosen one; else
/// UTF-8 when it is valid UTF-8; else what `chardetng` finds most likely.
fn decode(bytes: &[u8], chosen: Option<&str>) -> Result<(String, &'static Encoding), ReadError> {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
        return Ok((text.into_owned(), encoding));
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
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    Ok((text.into_owned(), encoding))
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

/// The first sheet of a workbook, each cell as text: numbers plainly, dates as ISO days.
fn read_workbook(bytes: &[u8]) -> Result<Table, ReadError> {
    use calamine::{Data, Reader, Xlsx};
    let e = |e: calamine::XlsxError| ReadError::Workbook(e.to_string());
    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).map_err(e)?;
    let first = book
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| ReadError::Workbook("it has no sheet".into()))?;
    let range = book.worksheet_range(&first).map_err(e)?;
    let start = range.start().map_or(0, |(row, _)| u64::from(row));
    let mut rows = Vec::new();
    for (n, row) in range.rows().enumerate() {
        let cells: Vec<String> = row
            .iter()
            .map(|cell| match cell {
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
            })
            .collect();
        if cells.iter().any(|c| !c.is_empty()) {
            rows.push((start + n as u64 + 1, cells));
        }
    }
    if rows.is_empty() {
        return Err(ReadError::Empty);
    }
    Ok(Table {
        encoding: "xlsx",
        delimiter: None,
        rows,
    })
}
