//! Reading the files people import (#14): the fixtures in `tests/fixtures/import/` are the same
//! people's contacts as their programs write them, in every encoding and separator of our
//! markets; each reads back to the same cells.

use app::db::import::{Choice, ReadError, read};

fn fixture(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The cells of every row, without the lines.
fn cells(name: &str, choice: &Choice) -> (String, Option<u8>, Vec<Vec<String>>) {
    let table = read(&fixture(name), choice).unwrap_or_else(|e| panic!("{name}: {e}"));
    let rows = table.rows.into_iter().map(|(_, cells)| cells).collect();
    (table.encoding.to_string(), table.delimiter, rows)
}

const VIETNAMESE: [[&str; 4]; 4] = [
    ["Họ và tên", "Công ty", "Email", "Số điện thoại"],
    [
        "Nguyễn Văn An",
        "Công ty TNHH Minh Phát",
        "an.nguyen@minhphat.vn",
        "0901234567",
    ],
    [
        "Trần Thị Bích",
        "Cty CP Hòa Bình",
        "bich@hoabinh.vn",
        "+84 90 123 4568",
    ],
    [
        "Phạm Quốc Việt",
        "Công ty TNHH Minh Phát",
        "viet.pham@minhphat.vn",
        "(090) 123-4569",
    ],
];

#[test]
fn vietnamese_contacts_read_the_same_from_utf8_utf16_and_windows_1258() {
    let expected: Vec<Vec<String>> = VIETNAMESE
        .iter()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    for (file, encoding, delimiter) in [
        ("contacts-utf8-bom.csv", "UTF-8", b','),
        ("contacts-utf16-tab.txt", "UTF-16LE", b'\t'),
        ("contacts-windows-1258.csv", "windows-1258", b';'),
    ] {
        let (read_as, separator, rows) = cells(file, &Choice::default());
        assert_eq!(read_as, encoding, "{file}");
        assert_eq!(separator, Some(delimiter), "{file}");
        assert_eq!(rows, expected, "{file}");
    }
}

#[test]
fn thai_chinese_and_persian_legacy_encodings_are_found_or_chosen() {
    let (encoding, _, rows) = cells("contacts-tis-620.csv", &Choice::default());
    assert_eq!(encoding, "windows-874");
    assert_eq!(rows[1][..2], ["สมชาย ใจดี", "บริษัท สยามเทรดดิ้ง จำกัด"]);
    let (encoding, _, rows) = cells("contacts-gb18030.csv", &Choice::default());
    assert!(encoding == "GBK" || encoding == "gb18030", "{encoding}");
    assert_eq!(rows[1][..2], ["王小明", "深圳华南贸易有限公司"]);
    // Windows-1256 has only the Arabic forms of yeh and kaf: the reader gives the text as the
    // file holds it (matching duplicates folds the two forms together).
    let (encoding, separator, rows) = cells("contacts-windows-1256.csv", &Choice::default());
    assert_eq!((encoding.as_str(), separator), ("windows-1256", Some(b';')));
    let persian = |s: &str| {
        s.replace('\u{064A}', "\u{06CC}")
            .replace('\u{0643}', "\u{06A9}")
    };
    assert_eq!(persian(&rows[1][0]), "علی رضایی");
    assert_eq!(persian(&rows[1][1]), "شرکت بازرگانی پارس");
    // Its headers, written with the Arabic yeh, still name the fields.
    use app::domain::kind::Kind;
    let fields: Vec<_> = rows[0]
        .iter()
        .map(|h| app::domain::reading::field_of_header(app::domain::Contact::FIELDS, h))
        .collect();
    assert_eq!(
        fields,
        [
            Some("name"),
            Some("company_id"),
            Some("email"),
            Some("phone")
        ]
    );
    // Chosen by the person: read as they say, even where a guess would differ.
    let chosen = Choice {
        encoding: Some("windows-1258".into()),
        delimiter: Some(b';'),
    };
    let (encoding, _, _) = cells("contacts-windows-1258.csv", &chosen);
    assert_eq!(encoding, "windows-1258");
    assert!(matches!(
        read(
            b"a,b\n",
            &Choice {
                encoding: Some("klingon".into()),
                delimiter: None
            }
        ),
        Err(ReadError::UnknownEncoding(_))
    ));
}

#[test]
fn a_quoted_field_over_two_lines_is_one_cell_and_rows_keep_their_lines() {
    let table = read(&fixture("contacts-multiline.csv"), &Choice::default()).unwrap();
    assert_eq!(table.rows.len(), 3);
    assert_eq!(table.rows[1].0, 2, "the row starts on line 2");
    assert_eq!(
        table.rows[2].0, 4,
        "after a cell of two lines, the next row is on line 4"
    );
    assert_eq!(
        table.rows[2].1,
        ["Võ Minh Tuấn", "Pho 24", "tuan@pho24.vn", ""]
    );
    assert_eq!(
        table.rows[1].1[3],
        "Gặp ở hội chợ,\nhẹn gọi lại \"thứ Hai\""
    );
    assert!(matches!(
        read(b"  \n\n", &Choice::default()),
        Err(ReadError::Empty)
    ));
}

#[test]
fn an_excel_workbook_reads_its_first_sheet_with_numbers_and_days_as_text() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, title) in ["Họ và tên", "Doanh thu", "Ngày"].iter().enumerate() {
        sheet.write_string(0, c as u16, *title).unwrap();
    }
    sheet.write_string(1, 0, "Nguyễn Văn An").unwrap();
    sheet.write_number(1, 1, 150_000_000.0).unwrap();
    let day = ExcelDateTime::parse_from_str("2026-12-04").unwrap();
    sheet
        .write_datetime_with_format(1, 2, &day, &Format::new().set_num_format("dd/mm/yyyy"))
        .unwrap();
    sheet.write_number(3, 1, 12.5).unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let table = read(&bytes, &Choice::default()).unwrap();
    assert_eq!(table.encoding, "xlsx");
    assert_eq!(
        table.rows,
        vec![
            (
                1,
                vec!["Họ và tên".to_string(), "Doanh thu".into(), "Ngày".into()]
            ),
            (
                2,
                vec![
                    "Nguyễn Văn An".to_string(),
                    "150000000".into(),
                    "2026-12-04".into()
                ]
            ),
            (4, vec![String::new(), "12.5".into(), String::new()]),
        ]
    );
}

/// A workbook is read cell by cell (`read::book_rows`), not into one range of every cell: its
/// rows are the very rows calamine's whole-sheet range gives, gaps and all, and a reader that
/// stops early (the mapping's first rows) leaves nothing running.
#[test]
fn a_long_workbook_is_read_row_by_row_as_its_whole_range_reads() {
    use calamine::{Reader, Xlsx};
    use rust_xlsxwriter::Workbook;
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, title) in ["Họ và tên", "Email", "Điện thoại", "Ghi chú"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *title).unwrap();
    }
    for r in 1..3_000u32 {
        // Every seventh row empty, every fifth without an email, a number now and then.
        if r % 7 == 0 {
            continue;
        }
        sheet
            .write_string(r, 0, format!("Khách hàng số {r}"))
            .unwrap();
        if r % 5 != 0 {
            sheet
                .write_string(r, 1, format!("khach{r}@example.vn"))
                .unwrap();
        }
        sheet
            .write_number(r, 2, 901_000_000.0 + f64::from(r))
            .unwrap();
        if r % 11 == 0 {
            sheet.write_string(r, 3, "gọi lại\nsau Tết").unwrap();
        }
    }
    let bytes = book.save_to_buffer().unwrap();
    let table = read(&bytes, &Choice::default()).unwrap();
    // The reference: the whole sheet as one range.
    let mut whole: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(&bytes)).unwrap();
    let range = whole.worksheet_range("Sheet1").unwrap();
    let expected: Vec<(u64, Vec<String>)> = range
        .rows()
        .enumerate()
        .filter(|(_, row)| row.iter().any(|c| !c.to_string().is_empty()))
        .map(|(n, row)| {
            let cells = row
                .iter()
                .map(|c| match c {
                    calamine::Data::Float(f) => format!("{f:.0}"),
                    other => other.to_string(),
                })
                .collect();
            (n as u64 + 1, cells)
        })
        .collect();
    assert_eq!(table.rows.len(), 3_000 - 3_000 / 7);
    assert_eq!(table.rows, expected);
    // The mapping reads the first rows only.
    let sheet = app::db::import::open(&bytes, &Choice::default()).unwrap();
    assert_eq!(sheet.first().unwrap()[0], "Họ và tên");
    let first_ten: Vec<_> = sheet.rows().take(10).collect();
    assert_eq!(first_ten.len(), 10);
}
